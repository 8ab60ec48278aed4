//! The table-and-form view every entity kind shares: a search box, a sortable
//! table that lays out only the visible rows, and a form for the selected row.

use std::collections::HashMap;

use egui::{Align, Layout, RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use super::widgets::{error_color, warning_color};
use super::{Outbox, ViewCtx};
use crate::commands::Command;
use crate::edit::Edit;
use crate::model::entity::find;
use crate::model::{Entity, Project, Severity};

/// A column of an entity table.
pub struct ColumnSpec {
    pub title: &'static str,
    pub width: f32,
}

/// How a form reports a change to its working copy.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Change {
    /// Typing into the named field: bursts coalesce into one undo step.
    Typing(&'static str),
    /// A click, pick or toggle: one undo step each.
    Discrete,
}

/// What an entity kind supplies to be shown as a list with a form.
pub trait ListItem: Entity + PartialEq + 'static {
    /// What the form remembers besides the working copy (typed text of
    /// fields that are not text, the drafting desk…), while one entity is
    /// selected.
    type FormState: Default;
    const COLUMNS: &'static [ColumnSpec];
    /// Plural name for the search box and counts, e.g. "ports".
    const PLURAL: &'static str;

    /// Text of one cell.
    fn cell(&self, project: &Project, column: usize) -> String;

    /// Sort key of one cell; text by default.
    fn sort_key(&self, project: &Project, column: usize) -> SortKey {
        SortKey::Text(self.cell(project, column).to_lowercase())
    }

    /// A new, blank entity for the Add button.
    fn blank(project: &Project) -> Self;

    /// A copy with a new id, for the Duplicate button.
    fn duplicate(&self) -> Self;

    /// More ways to add, beside the Add button (right to left).
    fn add_more_ui(_ui: &mut Ui, _outbox: &mut Outbox) {}

    /// Draws the form for `working` (a copy of the selected entity) and says
    /// whether it changed it.
    fn form_ui(
        ui: &mut Ui,
        ctx: &ViewCtx,
        working: &mut Self,
        state: &mut Self::FormState,
        outbox: &mut Outbox,
    ) -> Option<Change>;
}

/// A sortable value.
#[derive(Clone, PartialEq, PartialOrd, Debug)]
pub enum SortKey {
    Text(String),
    Number(f64),
}

/// The working copy behind a form, refreshed only when the project or the
/// selection changes (not every frame).
pub struct Form<T: ListItem> {
    pub working: Option<T>,
    synced: Option<(u64, T::Id)>,
    pub state: T::FormState,
}

impl<T: ListItem> Default for Form<T> {
    fn default() -> Self {
        Self {
            working: None,
            synced: None,
            state: T::FormState::default(),
        }
    }
}

/// Text of fields whose model value is not text (numbers, times), by field.
pub type FieldBuffers = HashMap<&'static str, String>;

impl<T: ListItem> Form<T> {
    fn sync(&mut self, project: &Project, generation: u64, selected: Option<T::Id>) {
        let Some(id) = selected else {
            self.working = None;
            self.synced = None;
            return;
        };
        if self.synced == Some((generation, id)) {
            return;
        }
        if self.synced.is_none_or(|(_, old)| old != id) {
            self.state = T::FormState::default();
        }
        self.working = find::<T>(project, id).cloned();
        self.synced = Some((generation, id));
    }
}

/// Sort column and whether ascending.
type Sort = Option<(usize, bool)>;

/// Filtered and sorted row order, recomputed only when its inputs change.
#[derive(Default)]
struct RowCache {
    key: Option<(u64, String, Sort)>,
    rows: Vec<usize>,
}

/// Everything a list view remembers between frames.
pub struct ListState<T: ListItem> {
    pub selected: Option<T::Id>,
    pub query: String,
    /// Column and ascending?
    pub sort: Option<(usize, bool)>,
    pub form: Form<T>,
    rows: RowCache,
    scroll_to_selected: bool,
    /// Enter was pressed on the list: the form's first field takes the focus.
    focus_form: bool,
    /// The table is hidden and the form has the whole width.
    pub list_hidden: bool,
    elided: ElidedCells,
    /// Just added and not yet changed: its problems wait until it is.
    untouched: Option<T::Id>,
    /// The table width the column widths were fitted to.
    fitted_to: Option<f32>,
}

impl<T: ListItem> Default for ListState<T> {
    fn default() -> Self {
        Self {
            selected: None,
            query: String::new(),
            sort: None,
            form: Form::default(),
            rows: RowCache::default(),
            scroll_to_selected: false,
            focus_form: false,
            list_hidden: false,
            elided: ElidedCells::default(),
            untouched: None,
            fitted_to: None,
        }
    }
}

impl<T: ListItem> ListState<T> {
    /// Selects `id` and scrolls the table to it.
    pub fn select(&mut self, id: T::Id) {
        self.selected = Some(id);
        self.scroll_to_selected = true;
    }

    /// The cursor goes to the form's first field when it next shows.
    pub fn focus_form(&mut self) {
        self.focus_form = true;
    }

    /// Indices into the project's list, filtered by the query and sorted.
    fn rows(&mut self, project: &Project, generation: u64) -> &[usize] {
        let key = (generation, self.query.clone(), self.sort);
        if self.rows.key.as_ref() != Some(&key) {
            let items = T::list(project);
            let needle = self.query.trim().to_lowercase();
            let mut rows: Vec<usize> = (0..items.len())
                .filter(|&i| needle.is_empty() || matches(&items[i], project, &needle))
                .collect();
            if let Some((column, ascending)) = self.sort {
                let keys: HashMap<usize, SortKey> = rows
                    .iter()
                    .map(|&i| (i, items[i].sort_key(project, column)))
                    .collect();
                rows.sort_by(|a, b| {
                    let order = keys[a]
                        .partial_cmp(&keys[b])
                        .unwrap_or(std::cmp::Ordering::Equal);
                    if ascending { order } else { order.reverse() }
                });
            }
            self.rows = RowCache {
                key: Some(key),
                rows,
            };
        }
        &self.rows.rows
    }
}

fn matches<T: ListItem>(item: &T, project: &Project, needle: &str) -> bool {
    (0..T::COLUMNS.len()).any(|c| item.cell(project, c).to_lowercase().contains(needle))
}

/// Draws the whole view: toolbar, table, form.
pub fn list_ui<T: ListItem>(
    ui: &mut Ui,
    ctx: &ViewCtx,
    state: &mut ListState<T>,
    outbox: &mut Outbox,
) {
    let project = ctx.project;
    if state
        .selected
        .is_some_and(|id| find::<T>(project, id).is_none())
    {
        state.selected = None;
    }
    keyboard(ui, ctx, state);
    let query_before = state.query.clone();
    toolbar_ui(ui, ctx, state, outbox);
    if state.query != query_before {
        follow_the_search(ctx, state);
    }
    ui.separator();

    if state.list_hidden {
        // The form takes the whole width (e.g. a long draft beside its preview).
        egui::ScrollArea::vertical()
            .id_salt(("form scroll", T::PLURAL))
            .show(ui, |ui| entity_form_ui(ui, ctx, state, outbox));
        return;
    }
    // The divider moves over two thirds of the width (Hide list gives the
    // form all of it); egui keeps where it was left. The list always keeps
    // a readable third, also at a high zoom on a small screen.
    let max_width = (ui.available_width() * 0.65).max(280.0);
    egui::Panel::right(("form", T::PLURAL))
        .resizable(true)
        // Wide enough for a form's labels beside a whole field at 100 %.
        .default_size(470.0_f32.min(max_width))
        .min_size(280.0)
        .max_size(max_width)
        .show(ui, |ui| {
            // The panel keeps the width the divider gives it, whatever the
            // record: a form wider than that (a row of fields at a high zoom)
            // scrolls sideways from its labels. Grown to its content, the
            // panel jumped from record to record and squeezed the list.
            let width = ui.available_width();
            egui::ScrollArea::both()
                .auto_shrink([false, true])
                .id_salt(("form scroll", T::PLURAL))
                .show(ui, |ui| {
                    // What wraps still wraps to the panel; only what cannot
                    // is wider.
                    ui.set_max_width(width);
                    entity_form_ui(ui, ctx, state, outbox);
                });
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        // Columns the user widens scroll sideways instead of being cut off.
        egui::ScrollArea::horizontal()
            .id_salt(("table hscroll", T::PLURAL))
            .show(ui, |ui| table_ui(ui, ctx, state));
    });
}

/// The form never shows an entry the search hides: when the search leaves
/// out the selected row, the first row it shows is selected instead (none if
/// it shows none).
fn follow_the_search<T: ListItem>(ctx: &ViewCtx, state: &mut ListState<T>) {
    // Just added (Add clears the search): the new entry stays selected.
    if state.untouched.is_some() && state.untouched == state.selected {
        return;
    }
    let items = T::list(ctx.project);
    let selected = state.selected;
    let rows = state.rows(ctx.project, ctx.generation);
    let hidden = selected.is_none_or(|id| !rows.iter().any(|&i| items[i].id() == id));
    if hidden {
        let first = rows.first().map(|&i| items[i].id());
        state.selected = first;
        state.scroll_to_selected = true;
    }
}

/// The list without a mouse. From the search box (or with nothing
/// focused), ↑/↓ move the selection through the rows as shown and Enter
/// opens the selected row's form with the cursor in its first field; Esc in
/// the form goes back to the search box. Read before anything is drawn, so
/// the focus is the one the key was pressed in.
fn keyboard<T: ListItem>(ui: &mut Ui, ctx: &ViewCtx, state: &mut ListState<T>) {
    if !ctx.keys || egui::Popup::is_any_open(ui.ctx()) || super::calendar::is_open(ui.ctx()) {
        return;
    }
    let search = super::widgets::search_box_id(T::PLURAL);
    let focused = ui.ctx().memory(|m| m.focused());
    if focused.is_some() && focused != Some(search) {
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            ui.ctx().memory_mut(|m| m.request_focus(search));
        }
        return;
    }
    let (down, up, enter) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            i.key_pressed(egui::Key::Enter),
        )
    });
    if down || up {
        let rows = state.rows(ctx.project, ctx.generation).to_vec();
        let items = T::list(ctx.project);
        let at = state
            .selected
            .and_then(|id| rows.iter().position(|&i| items[i].id() == id));
        let next = match (at, down) {
            (None, true) => Some(0),
            (None, false) => rows.len().checked_sub(1),
            (Some(at), true) => Some((at + 1).min(rows.len().saturating_sub(1))),
            (Some(at), false) => Some(at.saturating_sub(1)),
        };
        if let Some(&index) = next.and_then(|n| rows.get(n)) {
            state.select(items[index].id());
        }
    }
    if enter && state.selected.is_some() {
        state.focus_form = true;
    }
}

fn toolbar_ui<T: ListItem>(
    ui: &mut Ui,
    ctx: &ViewCtx,
    state: &mut ListState<T>,
    outbox: &mut Outbox,
) {
    let project = ctx.project;
    // The buttons' width as last drawn: on a narrow window (or at a high
    // zoom) the search box gives up width so they do not cover the count.
    let buttons_id = egui::Id::unique(("toolbar buttons", T::PLURAL));
    let buttons = ui.data(|d| d.get_temp::<f32>(buttons_id)).unwrap_or(0.0);
    const COUNT_WIDTH: f32 = 110.0;
    ui.horizontal(|ui| {
        let search_width = (ui.available_width() - buttons - COUNT_WIDTH).clamp(120.0, 260.0);
        super::widgets::search_box(
            ui,
            &mut state.query,
            T::PLURAL,
            ctx.focus_search,
            search_width,
        );
        if !state.query.is_empty() && ui.button("Clear").clicked() {
            state.query.clear();
        }
        let shown = state.rows(project, ctx.generation).len();
        let total = T::list(project).len();
        let noun = |n: usize| if n == 1 { T::KIND.label() } else { T::PLURAL };
        let count_text = if shown == total {
            format!("{total} {}", noun(total))
        } else {
            format!("{shown} of {total} {}", noun(total))
        };
        let count = ui.weak(&count_text);
        // The rows are not focused (↓/↑ in the search box move the
        // selection): a screen reader hears the row selected from here.
        if let Some(item) = state.selected.and_then(|id| find::<T>(project, id)) {
            let said = format!("{count_text}; selected: {}", item.display_name());
            super::widgets::set_accessible_name(&count, egui::Role::Label, &said);
            super::accessibility::announce(&count, false);
        }
        // Laid out left to right, in the order they are seen, so that Tab
        // goes through them as a reader does (a right-to-left layout sent it
        // backwards); pushed right by their width as last measured.
        ui.add_space((ui.available_width() - buttons).max(0.0));
        let drawn = ui.horizontal(|ui| {
            T::add_more_ui(ui, outbox);
            if ui.button("Add").clicked() {
                let item = T::blank(project);
                state.select(item.id());
                state.untouched = Some(item.id());
                // Typing goes straight into the new entry's first field.
                state.focus_form = true;
                state.query.clear();
                outbox.edit(Edit::Add {
                    entity: item.into_any(),
                    index: None,
                });
            }
            let selected = state.selected.and_then(|id| find::<T>(project, id));
            if ui
                .add_enabled(selected.is_some(), egui::Button::new("Duplicate"))
                .clicked()
                && let Some(item) = selected
            {
                let copy = item.duplicate();
                state.select(copy.id());
                let index = crate::model::entity::position::<T>(project, item.id()).map(|i| i + 1);
                outbox.edit(Edit::Add {
                    entity: copy.into_any(),
                    index,
                });
            }
            if ui
                .add_enabled(selected.is_some(), egui::Button::new("Delete…"))
                .on_hover_text("Delete the selected row (Delete key); asks first")
                .clicked()
                && let Some(item) = selected
            {
                outbox.command(Command::ConfirmDelete(item.entity_ref()));
            }
            let (text, tip) = if state.list_hidden {
                ("Show list", "Show the table beside the form")
            } else {
                ("Hide list", "Give the form the whole width")
            };
            if ui.button(text).on_hover_text(tip).clicked() {
                state.list_hidden = !state.list_hidden;
            }
            ui.min_rect().width()
        });
        if (drawn.inner - buttons).abs() > 0.5 {
            ui.ctx()
                .request_discard("the toolbar's buttons were measured");
        }
        ui.data_mut(|d| d.insert_temp(buttons_id, drawn.inner));
    });
}

const ROW_HEIGHT: f32 = 22.0;

/// Narrowest a wide column is made to fit the panel: about a date and time
/// with its zone, or a short name.
const SHRINK_TO: f32 = 150.0;

/// Narrowest any column is made to fit the panel: a short header.
const NARROWEST: f32 = 60.0;

/// Starting widths for a table's columns (the last one takes what is left,
/// at least 80 px): when the panel cannot hold them all, the wide text
/// columns (titles, names, parties) give up width first, down to
/// [`SHRINK_TO`], then every column, down to [`NARROWEST`] (the Ports
/// table's time zones were cut to "Asia/T" beside the form), so that every
/// column is in view without a sideways scroll. They can still be dragged
/// wider.
pub fn fitted_widths(widths: &[f32], available: f32) -> Vec<f32> {
    const LAST_MIN: f32 = 80.0;
    const SPACING: f32 = 8.0;
    let Some((last, fixed)) = widths.split_last() else {
        return Vec::new();
    };
    let wanted: f32 = fixed.iter().sum::<f32>() + LAST_MIN + SPACING * widths.len() as f32;
    let mut fitted = fixed.to_vec();
    let mut excess = wanted - available;
    for floor in [SHRINK_TO, NARROWEST] {
        if excess <= 0.0 {
            break;
        }
        let before: f32 = fitted.iter().sum();
        shrink_towards(&mut fitted, floor, excess);
        excess -= before - fitted.iter().sum::<f32>();
    }
    fitted.push(*last);
    fitted
}

/// Takes `excess` from the columns wider than `floor`, from each in
/// proportion to what it has above it (all of it when there is not enough).
fn shrink_towards(widths: &mut [f32], floor: f32, excess: f32) {
    let slack: f32 = widths.iter().map(|w| (w - floor).max(0.0)).sum();
    if slack <= 0.0 {
        return;
    }
    let share = (excess / slack).min(1.0);
    for width in widths {
        *width -= (*width - floor).max(0.0) * share;
    }
}

fn table_ui<T: ListItem>(ui: &mut Ui, ctx: &ViewCtx, state: &mut ListState<T>) {
    let project = ctx.project;
    let items = T::list(project);
    // Rows are clicked as a whole; selectable text would swallow the click.
    ui.style_mut().interaction.selectable_labels = false;
    let rows = state.rows(project, ctx.generation).to_vec();
    let selected_row = state
        .selected
        .and_then(|id| rows.iter().position(|&i| items[i].id() == id));
    let available = ui.available_width();
    let widths: Vec<f32> = T::COLUMNS.iter().map(|c| c.width).collect();
    let widths = fitted_widths(&widths, available);
    // egui keeps column widths once set; fit them again when the table's
    // room changes (the form opens, the window or the form is resized).
    let refit = state
        .fitted_to
        .is_some_and(|fitted| (fitted - available).abs() > 1.0);
    state.fitted_to = Some(available);
    // The id egui_extras gives the table's state, and so its column edges.
    let table_id = ui.scope_id().with(egui::IdSalt::new(("table", T::PLURAL)));
    let mut builder = TableBuilder::new(ui)
        .id_salt(("table", T::PLURAL))
        .striped(true)
        .resizable(true)
        // Clicked, not focused: Tab went through every cell (thirty stops
        // for five ports, with no focus shown); ↓/↑ in the search box
        // select rows.
        .sense(Sense::CLICK)
        .cell_layout(Layout::left_to_right(Align::Center));
    for (i, width) in widths.iter().enumerate() {
        let spec = if i + 1 == widths.len() {
            Column::remainder().at_least(80.0)
        } else {
            Column::initial(*width).at_least(40.0).clip(true)
        };
        builder = builder.column(spec);
    }
    if refit {
        builder.reset();
    }
    if state.scroll_to_selected {
        if let Some(row) = selected_row {
            builder = builder.scroll_to_row(row, Some(Align::Center));
        }
        state.scroll_to_selected = false;
    }
    let mut clicked = None;
    let mut sort = state.sort;
    let elided = &mut state.elided;
    elided.keep_for(ctx.generation);
    builder
        .header(ROW_HEIGHT, |mut header| {
            for (i, column) in T::COLUMNS.iter().enumerate() {
                header.col(|ui| {
                    let ascending = match sort {
                        Some((c, ascending)) if c == i => Some(ascending),
                        _ => None,
                    };
                    let title = RichText::new(column.title).strong();
                    let response = ui
                        .add(egui::Button::new(title).frame(false))
                        .on_hover_text("Sort by this column");
                    if let Some(ascending) = ascending {
                        sort_arrow(ui, response.rect, ascending);
                    }
                    if response.clicked() {
                        sort = match sort {
                            Some((c, true)) if c == i => Some((i, false)),
                            Some((c, false)) if c == i => None,
                            _ => Some((i, true)),
                        };
                    }
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                let index = rows[row.index()];
                let item = &items[index];
                row.set_selected(Some(row.index()) == selected_row);
                for column in 0..T::COLUMNS.len() {
                    row.col(|ui| {
                        let text = item.cell(project, column);
                        let shown = elided.get(&(index, column), ui, &text);
                        cell_label(ui, shown, &text);
                    });
                }
                if row.response().clicked() {
                    clicked = Some(item.id());
                }
            });
        });
    state.sort = sort;
    if let Some(id) = clicked {
        state.selected = Some(id);
    }
    let titles: Vec<&str> = T::COLUMNS.iter().map(|c| c.title).collect();
    name_column_edges(ui.ctx(), table_id, &titles);
}

/// The edges between columns can be dragged (or double-clicked to fit):
/// egui_extras leaves them unnamed, which a screen reader reads as
/// "unknown". Each is named for the column it resizes.
pub(super) fn name_column_edges(ctx: &egui::Context, table_id: egui::Id, titles: &[&str]) {
    for (i, title) in titles.iter().enumerate() {
        let edge = table_id.with("resize_column").with(i);
        if ctx.has_accesskit_node(edge) {
            ctx.accesskit_node_builder(edge, |node| {
                node.set_role(egui::accesskit::Role::Splitter);
                node.set_label(format!("Width of the {title} column"));
            });
        }
    }
}

/// Cells' texts as shown, elided to their column's width: measured once per
/// change of the project or of the width, not every frame.
#[derive(Default)]
struct ElidedCells {
    generation: Option<u64>,
    /// (row's entity index, column) → (width, text shown; `None` if whole).
    cells: HashMap<(usize, usize), (f32, Option<String>)>,
}

impl ElidedCells {
    fn keep_for(&mut self, generation: u64) {
        if self.generation != Some(generation) {
            self.cells.clear();
            self.generation = Some(generation);
        }
    }

    /// The text to show for `text` in this cell's width.
    fn get(&mut self, key: &(usize, usize), ui: &Ui, text: &str) -> Option<String> {
        // Whole pixels: a column's width can wobble by a fraction a frame.
        let width = ui.available_width().floor();
        match self.cells.get(key) {
            Some((w, shown)) if *w == width => shown.clone(),
            _ => {
                let shown = elide_middle(ui, text, width);
                self.cells.insert(*key, (width, shown.clone()));
                shown
            }
        }
    }
}

/// A cell's label: the whole text, or its elided form with the whole text
/// on hover and as its accessible name.
pub(super) fn cell_label(ui: &mut Ui, shown: Option<String>, text: &str) {
    let Some(shown) = shown else {
        ui.label(text);
        return;
    };
    let response = ui.label(shown).on_hover_text(text);
    // A screen reader (and a test) reads the whole text.
    super::widgets::set_accessible_name(&response, egui::Role::Label, text);
}

/// `text` elided in the middle to fit `width` ("Green shipping corridor…Los
/// Angeles – Tokyo"): titles that start alike differ at their end. `None`
/// when it fits whole.
pub(super) fn elide_middle(ui: &Ui, text: &str, width: f32) -> Option<String> {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let measure = |s: &str| {
        ui.fonts_mut(|f| f.layout_no_wrap(s.to_owned(), font.clone(), egui::Color32::WHITE))
            .size()
            .x
    };
    if width <= 0.0 || measure(text) <= width {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let elide = |keep: usize| -> String {
        let head = keep.div_ceil(2).min(chars.len());
        let tail = (keep / 2).min(chars.len() - head);
        let start: String = chars[..head].iter().collect();
        let end: String = chars[chars.len() - tail..].iter().collect();
        format!("{}…{}", start.trim_end(), end.trim_start())
    };
    // The most characters that fit, by halving.
    let (mut low, mut high) = (0, chars.len());
    while low < high {
        let mid = (low + high).div_ceil(2);
        if measure(&elide(mid)) <= width {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    Some(elide(low))
}

/// A small triangle after a sorted column's title, pointing up when the
/// order is ascending. Painted, not a glyph: the bundled fonts have none.
fn sort_arrow(ui: &Ui, title: egui::Rect, ascending: bool) {
    let centre = egui::pos2(title.max.x + 7.0, title.center().y);
    let (w, h) = (4.0, 3.5);
    let (tip, base) = if ascending { (-h, h) } else { (h, -h) };
    let points = vec![
        egui::pos2(centre.x, centre.y + tip),
        egui::pos2(centre.x - w, centre.y + base),
        egui::pos2(centre.x + w, centre.y + base),
    ];
    let color = ui.visuals().strong_text_color();
    ui.painter().add(egui::Shape::convex_polygon(
        points,
        color,
        egui::Stroke::NONE,
    ));
}

/// The form of the selected entry (also shown beside the map).
pub fn entity_form_ui<T: ListItem>(
    ui: &mut Ui,
    ctx: &ViewCtx,
    state: &mut ListState<T>,
    outbox: &mut Outbox,
) {
    let form = &mut state.form;
    form.sync(ctx.project, ctx.generation, state.selected);
    let Some(working) = form.working.as_mut() else {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.weak("Select a row to see and edit it, or Add a new one.");
        });
        return;
    };
    let me = working.entity_ref();
    // The form's widgets take their ids from this entity and their field
    // names (see widgets::field_salt).
    if std::mem::take(&mut state.focus_form) {
        super::widgets::focus_next_field(ui);
    }
    let change = ui
        .push_id(me, |ui| {
            T::form_ui(ui, ctx, working, &mut form.state, outbox)
        })
        .inner;
    // Asked for, but this form had no field to take it: forget the request.
    super::widgets::forget_focus_request(ui);
    // Under the fields, so that a problem coming or going while the user
    // types never moves a field from under the pointer. A new entry is not
    // scolded before anything was typed into it.
    let untouched = state.untouched.is_some() && state.untouched == state.selected;
    let mut problems = ctx
        .problems
        .iter()
        .filter(|p| !untouched && p.subject == Some(me))
        .peekable();
    if problems.peek().is_some() {
        ui.separator();
        ui.label(RichText::new("Problems with this entry").strong());
    }
    for problem in problems {
        let color = match problem.severity {
            Severity::Error => error_color(ui),
            Severity::Warning => warning_color(ui),
        };
        ui.label(RichText::new(format!("! {}", problem.message)).color(color));
    }
    if change.is_some() {
        state.untouched = None;
    }
    if let Some(change) = change {
        let edit = Edit::Update(working.clone().into_any());
        match change {
            Change::Typing(field) => outbox.typing(edit, format!("{me}/{field}")),
            Change::Discrete => outbox.edit(edit),
        }
    }
}

/// Collects the change a form made, for [`ListItem::form_ui`] to return.
#[derive(Default)]
pub struct Changes(Option<Change>);

impl Changes {
    /// A text field's response: typing coalesces per `field`.
    pub fn typed(&mut self, response: egui::Response, field: &'static str) {
        self.typed_if(response.changed(), field);
    }
    pub fn typed_if(&mut self, changed: bool, field: &'static str) {
        if changed {
            self.0 = Some(Change::Typing(field));
        }
    }
    /// A pick, toggle or click.
    pub fn discrete(&mut self, changed: bool) {
        if changed {
            self.0 = Some(Change::Discrete);
        }
    }
    pub fn finish(self) -> Option<Change> {
        self.0
    }
}
