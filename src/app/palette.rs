//! Ctrl+K, find anything: type any word of a port, organisation, person,
//! agreement, corridor, event, clause or command, pick with ↓/↑ and Enter
//! (or a click), and the app goes there. Keyboard only; Esc closes.

use egui::{Key, RichText};

use super::PlannerApp;
use super::modals::{Answer, Modal};
use crate::commands::Command;
use crate::finder::{CommandName, Entry, Found, Target};
use crate::ui::View;

/// The index, shared with the app's cache while the project is unchanged.
pub(super) type SharedIndex = std::rc::Rc<std::cell::RefCell<crate::finder::FinderIndex>>;

/// Names and commands listed at most.
const SHOWN: usize = 40;

pub(super) struct Palette {
    query: String,
    /// The query `found` is for.
    searched: Option<String>,
    index: SharedIndex,
    /// What `Target::Command(i)` runs.
    offered: Vec<Command>,
    found: Found,
    /// The chosen row: names and commands first, then lines.
    chosen: usize,
    follow_chosen: bool,
    focused: bool,
    /// Where the keyboard was when the palette was asked for (else when it
    /// first drew): Esc gives the focus back there.
    came_from: Option<Option<egui::Id>>,
}

impl PlannerApp {
    pub(super) fn open_palette(&mut self) {
        let protected = self.session.is_protected();
        let offered = palette_commands(protected);
        // Built once per version of the project (0.1 s for 10,000 events):
        // Ctrl+K again on an unchanged project opens at once.
        let document = self.session.document();
        let key = (document.serial(), document.generation(), protected);
        let index = match &self.finder_cache {
            Some((cached, index)) if *cached == key => std::rc::Rc::clone(index),
            _ => {
                let names: Vec<CommandName> = offered.iter().map(command_name).collect();
                let index = crate::finder::FinderIndex::build(self.session.project(), &names);
                std::rc::Rc::new(std::cell::RefCell::new(index))
            }
        };
        self.finder_cache = Some((key, std::rc::Rc::clone(&index)));
        self.modals.push(Modal::Palette(Palette {
            query: String::new(),
            searched: None,
            index,
            offered,
            found: Found::default(),
            chosen: 0,
            follow_chosen: false,
            focused: false,
            came_from: self
                .files
                .repaint_handle()
                .map(|ctx| ctx.memory(|m| m.focused())),
        }));
    }
}

/// The commands the palette offers: the menus' commands and each view
/// (Remove protection only for a protected project, as in the File menu).
fn palette_commands(protected: bool) -> Vec<Command> {
    let mut commands = Command::PALETTE.to_vec();
    commands.retain(|command| protected || *command != Command::RemoveProtection);
    commands.extend(View::ALL.map(Command::Navigate));
    commands
}

fn command_name(command: &Command) -> CommandName {
    let (label, detail) = match command {
        Command::Navigate(view) => (format!("Go to {}", view.label()), "View".to_owned()),
        _ => {
            let detail = match command.shortcut_text() {
                Some(keys) => format!("Command · {keys}"),
                None => "Command".to_owned(),
            };
            (command.label().trim_end_matches('…').to_owned(), detail)
        }
    };
    CommandName { label, detail }
}

impl Palette {
    fn rows(&self) -> usize {
        self.found.hits.len() + self.found.lines.len() + self.found.loose.len()
    }

    /// The entry shown in `row`: close hits, then lines, then loose hits.
    fn entry_of(&self, row: usize) -> Option<Entry> {
        let found = &self.found;
        if let Some(hit) = found.hits.get(row) {
            return Some(self.index.borrow().entries()[hit.entry].clone());
        }
        let row = row - found.hits.len();
        if let Some(hit) = found.lines.get(row) {
            return Some(self.index.borrow().line(hit));
        }
        let hit = found.loose.get(row - found.lines.len())?;
        Some(self.index.borrow().entries()[hit.entry].clone())
    }

    /// What the chosen row opens.
    fn command_for(&self, row: usize) -> Option<Command> {
        let entry = self.entry_of(row)?;
        Some(match &entry.target {
            Target::Entity(target) => Command::Reveal(*target),
            Target::Command(index) => self.offered.get(*index)?.clone(),
            Target::DraftLine {
                agreement,
                char_offset,
                ..
            } => Command::RevealInDraft {
                agreement: *agreement,
                needle: longest_word(&self.query).to_owned(),
                from: *char_offset,
            },
            Target::Clause(index) => Command::ShowClause(*index),
        })
    }

    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let mut answer = Answer::Open;
        let came_from = *self
            .came_from
            .get_or_insert_with(|| ctx.memory(|m| m.focused()));
        if self.searched.as_deref() != Some(self.query.as_str()) {
            self.found = self.index.borrow_mut().search(&self.query, SHOWN);
            self.searched = Some(self.query.clone());
            // The question over the window keeps last frame's size: laid out
            // again at once, it takes the height of the new rows (it had kept
            // the three rows of the first results).
            ctx.request_discard("Ctrl+K's results changed");
            self.chosen = 0;
            self.follow_chosen = true;
        }
        let id = egui::Id::unique("find anything");
        // Hung from a fixed top, not centred: centred, the box jumped up
        // and down as the number of results changed while typing.
        let top = (ctx.content_rect().height() * 0.12).max(24.0);
        let area =
            egui::Modal::default_area(id).anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, top));
        let response = egui::Modal::new(id).area(area).show(ctx, |ui| {
            ui.set_width(640.0_f32.min(ctx.content_rect().width() - 40.0));
            let label = ui.label(RichText::new("Find anything").strong());
            crate::ui::accessibility::name_dialog(ui, "Find anything (Ctrl+K)");
            let search = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .id_salt("find anything")
                    // What the search reads; more only slowed every frame.
                    .char_limit(crate::finder::MAX_QUERY)
                    .hint_text(
                        "A port, person, agreement, event, clause, a draft's words or a command",
                    )
                    .desired_width(f32::INFINITY),
            );
            search.clone().labelled_by(label.id);
            if !self.focused {
                search.request_focus();
                self.focused = true;
            }
            let rows = self.rows();
            if search.has_focus() && rows > 0 {
                // Every press counts: quick presses within one frame were
                // one step.
                let (down, up) =
                    ui.input(|i| (i.num_presses(Key::ArrowDown), i.num_presses(Key::ArrowUp)));
                if down + up > 0 {
                    self.chosen = (self.chosen + down).saturating_sub(up).min(rows - 1);
                    self.follow_chosen = true;
                }
            }
            ui.add_space(4.0);
            if self.query.trim().is_empty() {
                ui.weak(
                    "Type any word of a name or title; letters may be left out (\"yok mtg\"). \
                     ↓/↑ choose, Enter goes there, Esc closes.",
                );
            } else if rows == 0 {
                ui.label(format!("Nothing matches “{}”.", self.query.trim()));
            }
            let mut clicked = None;
            let list_height = 360.0_f32
                .min(ctx.content_rect().height() - 160.0 - top)
                .max(120.0);
            egui::ScrollArea::vertical()
                .id_salt("find anything results")
                .max_height(list_height)
                // Once the rows need a scroll bar, the list takes its whole height.
                .min_scrolled_height(list_height)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    let rows: Vec<Entry> =
                        (0..self.rows()).filter_map(|r| self.entry_of(r)).collect();
                    let (close, lines) = (self.found.hits.len(), self.found.lines.len());
                    for (row, entry) in rows.iter().enumerate() {
                        if row == close && lines > 0 {
                            section_ui(ui, "In drafts and clauses");
                        }
                        if row == close + lines && row > 0 {
                            section_ui(ui, "Close in spelling");
                        }
                        let response = row_ui(ui, row == self.chosen, entry);
                        if row == self.chosen && std::mem::take(&mut self.follow_chosen) {
                            response.scroll_to_me(None);
                        }
                        if response.clicked() {
                            clicked = Some(row);
                        }
                    }
                });
            let listed = self.found.hits.len() + self.found.loose.len();
            if self.found.total > listed && listed > 0 {
                ui.weak(format!(
                    "The best {listed} of {} are listed; type more to narrow.",
                    self.found.total
                ));
            }
            let enter = search.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if enter && rows == 0 {
                // Nothing to go to: the cursor stays for the next letters.
                search.request_focus();
            }
            let go = if enter { Some(self.chosen) } else { clicked };
            if let Some(command) = go.and_then(|row| self.command_for(row)) {
                answer = Answer::Run(command);
            }
        });
        if super::modals::dismissed(ctx, &response, false) && matches!(answer, Answer::Open) {
            answer = Answer::Closed;
            // Esc changes nothing, the place of the keyboard included.
            if let Some(id) = came_from {
                crate::ui::focus::focus_after_question(ctx, id);
            }
        }
        answer
    }
}

/// One result: its name (wrapped, never cut), and below it, smaller, what
/// it is and where.
fn row_ui(ui: &mut egui::Ui, selected: bool, entry: &Entry) -> egui::Response {
    let style = ui.style();
    // The colours a selected button's own text would have: grey on the
    // selection's blue was hard to read.
    let (title_color, detail_color) = if selected {
        let on_selection = style.visuals.selection.stroke.color;
        (on_selection, on_selection.gamma_multiply(0.85))
    } else {
        (style.visuals.text_color(), style.visuals.weak_text_color())
    };
    let mut job = egui::text::LayoutJob::default();
    job.append(
        &entry.title,
        0.0,
        egui::TextFormat::simple(egui::TextStyle::Body.resolve(style), title_color),
    );
    job.append(
        &format!("\n{}", entry.detail),
        0.0,
        egui::TextFormat::simple(egui::TextStyle::Small.resolve(style), detail_color),
    );
    job.wrap.max_width = ui.available_width() - 12.0;
    let button = egui::Button::selectable(selected, job)
        .wrap()
        .min_size(egui::vec2(ui.available_width(), 0.0));
    let response = ui.add(button);
    // The name and the detail, read as one by a screen reader.
    let label = format!("{}, {}", entry.title, entry.detail);
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label));
    response
}

fn section_ui(ui: &mut egui::Ui, title: &str) {
    ui.add_space(4.0);
    ui.label(RichText::new(title).small().weak());
}

/// The word of the query to look for in the draft (the longest is the
/// rarest, most likely).
fn longest_word(query: &str) -> &str {
    query
        .split_whitespace()
        .max_by_key(|w| w.chars().count())
        .unwrap_or("")
}

impl PlannerApp {
    /// Help → Open the data folder, in the system's file manager.
    pub(super) fn open_data_folder(&mut self) {
        let Some(folder) = crate::io::data_folder() else {
            self.notices
                .error("This system has no data folder for the app.".to_owned());
            return;
        };
        if let Err(err) = std::fs::create_dir_all(&folder) {
            self.notices.error(format!(
                "Could not create the data folder {}: {err}",
                folder.display()
            ));
            return;
        }
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else if cfg!(windows) {
            "explorer"
        } else {
            "xdg-open"
        };
        // The opener's answer (xdg-open fails after starting when no file
        // manager is set) is waited for off the UI thread.
        self.folder_opener = Some(self.in_background(move || {
            let status = std::process::Command::new(opener)
                .arg(&folder)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status();
            match status {
                Ok(status) if status.success() => Ok(folder),
                Ok(status) => Err(format!(
                    "No file manager opened it ({opener}: {status}); the data folder is {}",
                    folder.display()
                )),
                Err(err) => Err(format!(
                    "No file manager opened it ({opener}: {err}); the data folder is {}",
                    folder.display()
                )),
            }
        }));
    }

    /// Says whether the data folder opened, once the opener has answered.
    pub(super) fn poll_folder_opener(&mut self) {
        let Some(receiver) = &self.folder_opener else {
            return;
        };
        match receiver.try_recv() {
            Ok(Ok(folder)) => self
                .notices
                .info(format!("Opened the data folder: {}", folder.display())),
            Ok(Err(message)) => self.notices.error(message),
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {}
        }
        self.folder_opener = None;
    }
}
