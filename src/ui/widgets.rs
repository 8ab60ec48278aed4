//! Small form widgets shared by the views: labelled fields in a grid, with
//! inline messages for input that is not valid.

use egui::{Color32, ComboBox, Response, RichText, TextEdit, Ui};

use crate::zones::search::zone_search_text;
use jiff::civil::Date;

/// Width of single-line fields in forms.
pub const FIELD_WIDTH: f32 = 280.0;

/// Colour of inline error messages.
pub fn error_color(ui: &Ui) -> Color32 {
    ui.visuals().error_fg_color
}

/// Colour of inline warnings.
pub fn warning_color(ui: &Ui) -> Color32 {
    ui.visuals().warn_fg_color
}

/// A two-column grid for a form: labels left, fields right.
pub fn form_grid(ui: &mut Ui, id: &'static str, add: impl FnOnce(&mut Ui)) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([12.0, 6.0])
        .min_col_width(110.0)
        .show(ui, add);
}

/// An inline message under a field (second grid column).
pub fn inline_message(ui: &mut Ui, message: &str, color: Color32) {
    ui.label("");
    ui.label(RichText::new(message).color(color));
    ui.end_row();
}

/// The id salt of a form's field: its label. Forms run inside an id scope
/// of the entity they edit, so a field's id comes from the entity and the
/// field's name, never from its position: a message appearing above it does
/// not move the focus elsewhere.
pub fn field_salt(label: &str) -> (&'static str, &str) {
    ("field", label)
}

/// `Label: [text field]` row. Returns the field's response.
pub fn text_row(ui: &mut Ui, label: &str, value: &mut String) -> Response {
    text_row_width(ui, label, value, FIELD_WIDTH)
}

/// [`text_row`] with a field `width` points wide.
pub fn text_row_width(ui: &mut Ui, label: &str, value: &mut String, width: f32) -> Response {
    let label_response = ui.label(label);
    let response = ui
        .add(
            TextEdit::singleline(value)
                .id_salt(field_salt(label))
                .desired_width(width),
        )
        .labelled_by(label_response.id);
    take_focus_request(ui, &response, value);
    ui.end_row();
    response
}

/// `Label: [text field]` for a code written in capitals (country, UN/LOCODE):
/// what is typed in lower case is written in capitals.
pub fn code_row(ui: &mut Ui, label: &str, value: &mut String) -> Response {
    let response = text_row(ui, label, value);
    if response.changed() {
        *value = value.to_uppercase();
    }
    response
}

/// `Label: [multi-line text]` row.
pub fn multiline_row(ui: &mut Ui, label: &str, value: &mut String, rows: usize) -> Response {
    multiline_row_width(ui, label, value, rows, FIELD_WIDTH)
}

/// [`multiline_row`] with a field `width` points wide.
pub fn multiline_row_width(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    rows: usize,
    width: f32,
) -> Response {
    let label_response = ui.label(label);
    let response = ui
        .add(
            TextEdit::multiline(value)
                .id_salt(field_salt(label))
                .desired_width(width)
                .desired_rows(rows),
        )
        .labelled_by(label_response.id);
    ui.end_row();
    response
}

/// A number typed as text: keeps what the user typed (so "35." survives) and
/// says so inline when it is not a number or is out of `range`.
/// Returns true when `value` changed.
pub fn number_row(
    ui: &mut Ui,
    label: &str,
    value: &mut f64,
    buffer: &mut String,
    range: std::ops::RangeInclusive<f64>,
    unit: &str,
) -> bool {
    // Follow the model (undo, another view) unless the field says the same
    // number or is not a number yet (the user is typing; its message shows).
    if buffer.trim().parse::<f64>().is_ok_and(|n| n != *value) {
        *buffer = value.to_string();
    }
    let label_response = ui.label(label);
    let response = ui
        .add(
            TextEdit::singleline(buffer)
                .id_salt(field_salt(label))
                .desired_width(120.0),
        )
        .labelled_by(label_response.id);
    ui.end_row();
    let parsed = buffer.trim().parse::<f64>();
    let mut changed = false;
    match parsed {
        Ok(number) if number.is_finite() => {
            if response.changed() && number != *value {
                *value = number;
                changed = true;
            }
            if !range.contains(&number) {
                let message = format!(
                    "{label} must be between {} and {} {unit}",
                    range.start(),
                    range.end()
                );
                inline_message(ui, &message, error_color(ui));
            }
        }
        _ => {
            report_unsaved_text(ui, label, buffer.trim());
            let message = format!("\"{}\" is not a number", buffer.trim());
            inline_message(ui, &message, error_color(ui));
        }
    }
    changed
}

/// A combo box over a closed set of values.
pub fn enum_row<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) -> bool {
    let label_response = ui.label(label);
    let before = *value;
    let choices = all.iter().map(|&option| (option, name(option)));
    let selected = name(*value);
    choice_list(
        ui,
        ("enum", label),
        selected,
        FIELD_WIDTH - 8.0,
        value,
        choices,
    )
    .labelled_by(label_response.id);
    ui.end_row();
    *value != before
}

/// A combo box whose list works from the keyboard as a desktop's does: it
/// opens with the focus on the chosen entry (so ↓ goes to the next one),
/// and Enter or Space on an entry takes it, closes the list and gives the
/// focus back to the box, so that Tab goes on through the form. (egui
/// closes the list on a pointer click only: the list stayed open.)
pub fn choice_list<V: PartialEq, T: Into<egui::WidgetText>>(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt + Copy,
    selected_text: impl Into<egui::WidgetText>,
    width: f32,
    value: &mut V,
    choices: impl IntoIterator<Item = (V, T)>,
) -> Response {
    // The id egui gives the box's button (see ComboBox::show_ui).
    let button = ui.make_persistent_id(egui::IdSalt::new(id_salt));
    let opened_from_box = ui.memory(|m| m.has_focus(button));
    let was_open_id = button.with("was open");
    let was_open = ui
        .data(|d| d.get_temp::<bool>(was_open_id))
        .unwrap_or(false);
    let mut taken = false;
    let mut open = false;
    let combo = ComboBox::from_id_salt(id_salt)
        .selected_text(selected_text)
        .width(width)
        .show_ui(ui, |ui| {
            open = true;
            for (choice, text) in choices {
                let is_selected = *value == choice;
                let entry = ui.selectable_label(is_selected, text);
                if is_selected && opened_from_box {
                    entry.request_focus();
                }
                if entry.clicked() {
                    *value = choice;
                    taken = true;
                }
            }
            if taken {
                ui.close();
            }
        });
    // Closed with Esc too, the keyboard goes on from the box (the focus
    // was on an entry of the list, gone with it: Tab went to the File menu).
    let escaped = was_open && ui.input(|i| i.key_pressed(egui::Key::Escape));
    if taken || escaped {
        combo.response.request_focus();
    }
    ui.data_mut(|d| d.insert_temp(was_open_id, open));
    combo.response
}

/// Most matches a picker lists; typing narrows the list.
const PICKER_LIMIT: usize = 40;

/// A drop-down that searches `candidates` by name as the user types.
/// Returns the picked candidate.
/// `name` identifies the picker (and is its accessible name).
pub fn search_picker<T>(
    ui: &mut Ui,
    name: &str,
    button_text: &str,
    candidates: impl Iterator<Item = (T, String)>,
) -> Option<T> {
    search_picker_sized(ui, name, button_text, FIELD_WIDTH - 8.0, candidates)
}

/// [`search_picker`] with a given button width.
pub fn search_picker_sized<T>(
    ui: &mut Ui,
    name: &str,
    button_text: &str,
    width: f32,
    candidates: impl Iterator<Item = (T, String)>,
) -> Option<T> {
    let candidates = candidates.map(|(value, label)| {
        let haystack = label.to_lowercase();
        (value, label, haystack)
    });
    search_picker_with(ui, name, button_text, width, candidates)
}

/// Whether every word of `needle` (lower case) is in `haystack` (lower case).
fn matches_words(haystack: &str, needle: &str) -> bool {
    needle
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

/// Whether each word of `needle` begins a word of `label` (both lower case;
/// words split at anything not a letter or digit).
fn begins_words(label: &str, needle: &str) -> bool {
    needle.split_whitespace().all(|word| {
        label
            .split(|c: char| !c.is_alphanumeric())
            .any(|part| part.starts_with(word))
    })
}

/// What a picker remembers while it is open: the typed search and the
/// highlighted match (↓/↑ move it, Enter picks it).
#[derive(Clone, Default)]
struct PickerState {
    filter: String,
    highlight: usize,
    /// The frame the list opened in: the Enter that opened it is not a pick.
    opened_in: Option<u64>,
    /// The tallest the list has been since it opened: it keeps that height,
    /// as egui's pop-up does not grow again once shrunk (it kept the
    /// height of one match after the search was cleared).
    tallest: f32,
}

/// A searchable drop-down whose candidates carry their own search text
/// (`(value, label, lower-case words to match)`), e.g. a zone's city,
/// country and abbreviations. Keyboard: type to search, ↓/↑ to move, Enter
/// to pick, Esc to close.
pub fn search_picker_with<T>(
    ui: &mut Ui,
    name: &str,
    button_text: &str,
    width: f32,
    candidates: impl Iterator<Item = (T, String, String)>,
) -> Option<T> {
    let state_id = ui.scope_id().with(("picker state", name));
    let mut state: PickerState = ui.data(|d| d.get_temp(state_id)).unwrap_or_default();
    let mut picked = None;
    let frame = ui.ctx().cumulative_frame_nr();
    let mut open = false;
    let combo = ComboBox::from_id_salt(("picker", name))
        .selected_text(button_text)
        .width(width)
        .height(320.0)
        .show_ui(ui, |ui| {
            open = true;
            let opened_in = *state.opened_in.get_or_insert(frame);
            let search = ui.add(
                TextEdit::singleline(&mut state.filter)
                    .hint_text("Type to search…")
                    .desired_width(FIELD_WIDTH - 24.0),
            );
            set_accessible_name(&search, egui::Role::TextInput, &format!("Search {name}"));
            search.request_focus();
            if search.changed() {
                state.highlight = 0;
            }
            let (down, up, enter) = ui.input_mut(|i| {
                (
                    i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                    i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                    i.key_pressed(egui::Key::Enter) && frame > opened_in,
                )
            });
            let needle = state.filter.to_lowercase();
            let mut shown = Vec::new();
            let mut more = false;
            // Before anything is typed, the current choice comes first, so
            // that the list opens where the person is (not at the first of
            // 600 zones) and Enter keeps it.
            let mut current = None;
            // Typed words that begin a word of the name come first: "ame"
            // is America/… before Africa/Ndjamena.
            let mut later = Vec::new();
            for (value, label, haystack) in candidates {
                if needle.is_empty() && current.is_none() && label == button_text {
                    current = Some((value, label));
                    continue;
                }
                if !matches_words(&haystack, &needle) {
                    continue;
                }
                if shown.len() == PICKER_LIMIT {
                    more = true;
                    if needle.is_empty() && current.is_none() {
                        continue;
                    }
                    break;
                }
                if needle.is_empty() || begins_words(&label.to_lowercase(), &needle) {
                    shown.push((value, label));
                } else if later.len() < PICKER_LIMIT {
                    later.push((value, label));
                }
            }
            let room = PICKER_LIMIT - shown.len();
            more |= later.len() > room;
            shown.extend(later.into_iter().take(room));
            if let Some(current) = current {
                shown.insert(0, current);
                if shown.len() > PICKER_LIMIT {
                    shown.pop();
                    more = true;
                }
            }
            if down {
                state.highlight = (state.highlight + 1).min(shown.len().saturating_sub(1));
            }
            if up {
                state.highlight = state.highlight.saturating_sub(1);
            }
            state.highlight = state.highlight.min(shown.len().saturating_sub(1));
            let mut chosen = None;
            let rows_top = ui.cursor().top();
            for (i, (_, label)) in shown.iter().enumerate() {
                let row = ui.selectable_label(i == state.highlight, label);
                if i == state.highlight && (down || up) {
                    row.scroll_to_me(None);
                }
                if row.clicked() {
                    chosen = Some(i);
                }
            }
            if enter && !shown.is_empty() {
                chosen = Some(state.highlight);
            }
            if more {
                ui.weak("… type to narrow the list");
            }
            if shown.is_empty() {
                ui.weak("No match");
            }
            let used = ui.cursor().top() - rows_top;
            if used < state.tallest {
                ui.add_space(state.tallest - used);
            } else {
                state.tallest = used;
            }
            if let Some(i) = chosen {
                picked = shown.into_iter().nth(i).map(|(value, _)| value);
                ui.close();
            }
        });
    set_accessible_name(&combo.response, egui::Role::ComboBox, name);
    // Closed from the keyboard (a pick or Esc): the keyboard goes on from
    // the picker's button, so Tab leads to the next field, not the first.
    // (A click elsewhere keeps the focus it gave.)
    let was_open = state.opened_in.is_some();
    let escaped = !open && ui.input(|i| i.key_pressed(egui::Key::Escape));
    if was_open && (picked.is_some() || escaped) {
        combo.response.request_focus();
    }
    // Each time the list opens, its search starts empty.
    if picked.is_some() || !open {
        state = PickerState::default();
    }
    ui.data_mut(|d| d.insert_temp(state_id, state));
    picked
}

/// A date that can be typed (ISO `2023-03-13`, or day and month in either
/// order when only one reading is possible) or picked from a calendar. What
/// cannot be read is said beside the field, not below it, so nothing moves.
/// Returns true when `value` changed.
pub fn date_field(ui: &mut Ui, name: &str, value: &mut Date) -> bool {
    let field_name = format!("{name} (date)");
    let text_id = ui.make_persistent_id(("typed date", name));
    let mut text: String = ui
        .data(|d| d.get_temp(text_id))
        .unwrap_or_else(|| value.to_string());
    let mut changed = false;
    ui.horizontal(|ui| {
        let response = ui.add(
            TextEdit::singleline(&mut text)
                .id_salt(field_salt(&field_name))
                .desired_width(96.0),
        );
        set_accessible_name(&response, egui::Role::TextInput, &field_name);
        take_focus_request(ui, &response, &text);
        let parsed = crate::model::typed_date::parse_typed_date(&text);
        match &parsed {
            Ok(date) if response.changed() && date != value => {
                *value = *date;
                changed = true;
            }
            _ => {}
        }
        let (picker, picked) = super::calendar::button(ui, name, *value);
        if let super::calendar::Picked::Day(day) = picked
            && day != *value
        {
            *value = day;
            changed = true;
        }
        set_accessible_name(&picker, egui::Role::Button, &format!("{name} (calendar)"));
        // Follow the model (undo, the calendar, a date the form refused)
        // except while the user is typing here.
        if !response.has_focus() && parsed.as_ref().is_ok_and(|d| d != value) {
            text = value.to_string();
        }
        if let Err(message) = &parsed {
            report_unsaved_text(ui, name, text.trim());
            // Short beside the field, whole on hover and for a screen
            // reader: the whole sentence pushed an event's time field out of
            // the form at 1280×800.
            let shown = ui
                .colored_label(error_color(ui), "not a date")
                .on_hover_text(message.as_str());
            set_accessible_name(&shown, egui::Role::Label, message);
        }
    });
    ui.data_mut(|d| d.insert_temp(text_id, text));
    changed
}

/// `Label: [x] [date]`: an optional civil date with a date picker.
pub fn optional_date_row(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<Date>,
    default: Date,
) -> bool {
    let label_response = ui.label(label);
    let before = *value;
    ui.horizontal(|ui| {
        let mut set = value.is_some();
        if ui
            .checkbox(&mut set, "")
            .labelled_by(label_response.id)
            .on_hover_text(format!(
                "Whether the {} date is known",
                label.to_lowercase()
            ))
            .changed()
        {
            *value = set.then_some(value.unwrap_or(default));
        }
        if let Some(date) = value {
            date_field(ui, label, date);
        } else {
            ui.weak("not set");
        }
    });
    ui.end_row();
    *value != before
}

/// `Label: [date]`: a required civil date with a date picker.
pub fn date_row(ui: &mut Ui, label: &str, value: &mut Date) -> bool {
    ui.label(label);
    let before = *value;
    date_field(ui, label, value);
    ui.end_row();
    *value != before
}

/// A list of chips (`name ×`) for a reference list; returns the index removed.
pub fn chips(ui: &mut Ui, names: &[String]) -> Option<usize> {
    let mut removed = None;
    ui.horizontal_wrapped(|ui| {
        if names.is_empty() {
            ui.weak("none");
        }
        for (i, name) in names.iter().enumerate() {
            // A frame cannot move itself to the next line once it is drawn
            // too wide (it widened the form over the list), so a chip that
            // will not fit the rest of the line starts the next one.
            let text_width = ui.fonts_mut(|fonts| {
                fonts
                    .layout_no_wrap(
                        name.clone(),
                        egui::TextStyle::Body.resolve(ui.style()),
                        egui::Color32::WHITE,
                    )
                    .size()
                    .x
            });
            let chip_width = text_width + 40.0;
            let room = ui.available_size_before_wrap().x;
            if i > 0 && chip_width > room {
                ui.end_row();
            }
            ui.group(|ui| {
                ui.spacing_mut().item_spacing.x = 2.0;
                ui.add(egui::Label::new(name).truncate());
                if ui
                    .small_button("×")
                    .on_hover_text(format!("Remove {name}"))
                    .clicked()
                {
                    removed = Some(i);
                }
            });
        }
    });
    removed
}

/// All IANA zone names known to the bundled time-zone database, sorted.
pub fn zone_names() -> &'static [String] {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<String> = jiff::tz::db()
            .available()
            .map(|name| name.as_str().to_owned())
            .collect();
        names.sort();
        names
    })
}

/// `Label: [zone ▾] UTC+09:00`, with an inline error for an unknown zone.
pub fn zone_row(ui: &mut Ui, label: &str, value: &mut String, now: jiff::Timestamp) -> bool {
    let label_response = ui.label(label);
    let mut changed = false;
    ui.horizontal(|ui| {
        let candidates = zone_names()
            .iter()
            .map(|z| (z.as_str(), z.clone(), zone_search_text(z)));
        if let Some(zone) =
            search_picker_with(ui, label, value.as_str(), FIELD_WIDTH - 8.0, candidates)
        {
            *value = zone.to_owned();
            changed = true;
        }
        match jiff::tz::TimeZone::get(value) {
            Ok(zone) => {
                ui.weak(utc_offset_label(zone.to_offset(now)));
            }
            Err(_) => {
                ui.colored_label(error_color(ui), "not an IANA time zone")
                    .labelled_by(label_response.id);
            }
        }
    });
    ui.end_row();
    changed
}

/// `Label: [name ▾] [Clear]`: an optional reference to another entity.
pub fn optional_ref_row<T: crate::model::Entity>(
    ui: &mut Ui,
    label: &str,
    project: &crate::model::Project,
    value: &mut Option<T::Id>,
) -> bool {
    ui.label(label);
    let before = *value;
    let current = match *value {
        None => "(none)".to_owned(),
        Some(id) => crate::model::entity::find::<T>(project, id)
            .map_or_else(|| format!("missing {id}"), |e| e.display_name().to_owned()),
    };
    ui.horizontal(|ui| {
        let candidates = T::list(project)
            .iter()
            .map(|e| (e.id(), e.display_name().to_owned()));
        if let Some(id) = search_picker(ui, label, &current, candidates) {
            *value = Some(id);
        }
        if value.is_some() && ui.small_button("Clear").clicked() {
            *value = None;
        }
    });
    ui.end_row();
    *value != before
}

/// `Label: chips… [Add ▾]`: a list of references. Returns whether it changed.
pub fn ref_list_row<T: crate::model::Entity, R: PartialEq>(
    ui: &mut Ui,
    label: &str,
    project: &crate::model::Project,
    values: &mut Vec<R>,
    id_of: impl Fn(&R) -> T::Id,
    make: impl Fn(T::Id) -> R,
) -> bool {
    ui.label(label);
    let mut changed = false;
    ui.vertical(|ui| {
        let names: Vec<String> = values
            .iter()
            .map(|r| {
                let id = id_of(r);
                crate::model::entity::find::<T>(project, id)
                    .map_or_else(|| format!("missing {id}"), |e| e.display_name().to_owned())
            })
            .collect();
        if let Some(index) = chips(ui, &names) {
            values.remove(index);
            changed = true;
        }
        let candidates = T::list(project)
            .iter()
            .filter(|e| !values.iter().any(|r| id_of(r) == e.id()))
            .map(|e| (e.id(), e.display_name().to_owned()));
        if let Some(id) = search_picker(
            ui,
            label,
            &format!("Add to {}…", label.to_lowercase()),
            candidates,
        ) {
            values.push(make(id));
            changed = true;
        }
    });
    ui.end_row();
    changed
}

/// Lines of `buffer` as a list (blank lines dropped), keeping the buffer as typed.
pub fn lines_row(ui: &mut Ui, label: &str, values: &mut Vec<String>, buffer: &mut String) -> bool {
    let parse = |text: &str| -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    if parse(buffer) != *values {
        *buffer = values.join("\n");
    }
    let response = multiline_row(ui, label, buffer, 3);
    if response.changed() {
        let parsed = parse(buffer);
        if parsed != *values {
            *values = parsed;
            return true;
        }
    }
    false
}

/// A link that opens only on an explicit click, and only for http, https and
/// mailto addresses (project files come from people we may not know).
pub fn link_ui(ui: &mut Ui, address: &str) {
    let address = address.trim();
    if is_safe_link(address) {
        ui.hyperlink_to(format!("Open {address}"), address);
    } else {
        ui.weak("Links open only for http, https and mailto addresses");
    }
}

/// Whether a link may be opened: http, https and mailto addresses only
/// (not `file://`, `smb://` or anything else a stranger's file may hold).
pub fn is_safe_link(address: &str) -> bool {
    let address = address.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| address.starts_with(scheme) && address.len() > scheme.len())
}

/// Drops this frame's requests to open links that are not safe (see
/// [`is_safe_link`]), e.g. from a draft's rendered Markdown.
pub fn refuse_unsafe_links(ctx: &egui::Context) {
    ctx.output_mut(|o| {
        o.commands.retain(|command| match command {
            egui::OutputCommand::OpenUrl(open) => is_safe_link(&open.url),
            _ => true,
        });
    });
}

/// `UTC+09:00`, `UTC−07:00` (with a true minus sign), `UTC+05:30`.
pub fn utc_offset_label(offset: jiff::tz::Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '−' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Names a widget for screen readers (and for tests that find widgets by
/// label) when no visible label sits beside it.
pub fn set_accessible_name(response: &Response, kind: egui::Role, name: &str) {
    response.widget_info(|| egui::WidgetInfo::labeled(kind, response.enabled(), name));
}

/// A search box `width` wide: the hint shows what it searches, the
/// accessible name too.
pub fn search_box(
    ui: &mut Ui,
    query: &mut String,
    what: &str,
    focus: bool,
    width: f32,
) -> Response {
    let name = format!("Search {what}");
    let response = ui.add(
        TextEdit::singleline(query)
            .id(search_box_id(what))
            .hint_text(format!("{name}…"))
            .desired_width(width),
    );
    set_accessible_name(&response, egui::Role::TextInput, &name);
    if focus {
        response.request_focus();
    }
    // Esc in the search box clears it (and leaves it, as every field does).
    if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        query.clear();
    }
    response
}

fn unsaved_texts_id() -> egui::Id {
    egui::Id::unique("field texts that are not values")
}

/// Notes that the field `label` shows `text`, which is not a value and so
/// is not in the project (a half-typed number, date or time): Save says so.
pub fn report_unsaved_text(ui: &Ui, label: &str, text: &str) {
    let line = format!("{label}: \"{text}\"");
    ui.data_mut(|d| {
        d.get_temp_mut_or_default::<Vec<String>>(unsaved_texts_id())
            .push(line)
    });
}

/// What fields showed that is not in the project, as last drawn; the list
/// starts again with each frame.
pub fn take_unsaved_texts(ctx: &egui::Context) -> Vec<String> {
    ctx.data_mut(|d| d.remove_temp::<Vec<String>>(unsaved_texts_id()))
        .unwrap_or_default()
}

/// The id of the search box of the list of `what` ("ports"…).
pub fn search_box_id(what: &str) -> egui::Id {
    egui::Id::unique(("list search", what))
}

/// Asks the next form field drawn to take the keyboard focus (Enter on a
/// list row opens its form with the cursor in the first field).
pub fn focus_next_field(ui: &Ui) {
    ui.data_mut(|d| d.insert_temp(focus_request_id(), true));
}

/// Drops a focus request no field took.
pub fn forget_focus_request(ui: &Ui) {
    ui.data_mut(|d| d.remove_temp::<bool>(focus_request_id()));
}

fn focus_request_id() -> egui::Id {
    egui::Id::unique("focus the next form field")
}

/// Gives `response` the focus if a field was asked to take it, with all its
/// text selected, so that typing replaces a placeholder like "New person".
fn take_focus_request(ui: &Ui, response: &Response, text: &str) {
    if ui.data_mut(|d| d.remove_temp::<bool>(focus_request_id())) != Some(true) {
        return;
    }
    response.request_focus();
    let ctx = ui.ctx();
    let mut state = TextEdit::load_state(ctx, response.id).unwrap_or_default();
    let everything = egui::text::CCursorRange::two(
        egui::text::CCursor::new(0),
        egui::text::CCursor::new(text.chars().count()),
    );
    state.cursor.set_char_range(Some(everything));
    state.store(ctx, response.id);
}

/// Web and mail addresses in `text` that may be offered as links.
pub fn safe_links(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .map(|word| word.trim_end_matches(['.', ',', ';', ')', ']', '"', '\'']))
        .filter(|word| is_safe_link(word))
}

/// `Notes: [text]`, then the addresses in it as links that open only on a
/// click (and only http, https and mailto ones).
pub fn notes_row(ui: &mut Ui, label: &str, value: &mut String) -> Response {
    let response = multiline_row(ui, label, value, 3);
    let links: Vec<String> = safe_links(value).map(str::to_owned).collect();
    if !links.is_empty() {
        ui.label("");
        ui.horizontal_wrapped(|ui| {
            for link in &links {
                ui.hyperlink_to(link, link);
            }
        });
        ui.end_row();
    }
    response
}

#[cfg(test)]
mod tests {
    use super::safe_links;

    #[test]
    fn only_web_and_mail_links_are_offered() {
        let text = "See https://www.portoflosangeles.org. Mail mailto:a@b.org, not \
                    javascript:alert(1) or file:///etc/passwd or ftp://x or http:// alone";
        let links: Vec<_> = safe_links(text).collect();
        assert_eq!(
            links,
            ["https://www.portoflosangeles.org", "mailto:a@b.org"]
        );
    }
}
