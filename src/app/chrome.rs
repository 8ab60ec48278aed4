//! What frames the views: the menu bar, the navigation panel, the status bar
//! with its notices, and the read-only banner. Menu items queue commands like
//! everything else.

use egui::{Align, Layout, RichText, Ui};

use super::PlannerApp;
use super::modals::Modal;
use super::session::Origin;
use crate::commands::{Command, Replace};
use crate::io::project_file::FORMAT_VERSION;
use crate::settings::ThemeChoice;
use crate::ui::View;

/// The menus' access keys, with Alt: File, Edit, View, Help.
const MENU_KEYS: [egui::Key; 4] = [egui::Key::F, egui::Key::E, egui::Key::V, egui::Key::H];

/// The menu buttons' ids (from the last frame) and whether a menu was just
/// opened from the keyboard.
#[derive(Default)]
pub(super) struct MenuKeys {
    ids: [Option<egui::Id>; 4],
    focus_first: bool,
}

/// The keyboard shortcuts, for Help → Keyboard shortcuts.
pub(super) fn shortcut_lines() -> Vec<String> {
    let mut lines: Vec<String> = Command::ALL
        .iter()
        .filter_map(|command| Some(format!("{}: {}", command.shortcut_text()?, command.label())))
        .collect();
    lines.extend(
        [
            "F10, or Alt+F, Alt+E, Alt+V, Alt+H: open the File, Edit, View or Help menu; Tab or the arrow keys move in it, Enter chooses, Esc closes",
            "Tab, Shift+Tab: the next or previous control",
            "In a list (from its search box, Ctrl+F): ↓/↑ select the next or previous row, Enter opens its form, Esc in the form goes back to the list",
            "In a picker (Enter or a click opens it): type to search, ↓/↑ move, Enter picks, Esc closes",
            "In the schedule, with a block selected: ↑/↓ move it 5 minutes, Shift+↑/↓ change its end, ←/→ move it a day, Enter opens it, Delete deletes it",
            "In the draft's find box: Enter next match, Shift+Enter previous match",
            "On the map (pointer over it): drag or ←/→/↑/↓ pan, the wheel, a pinch or +/− zoom, F fits the ports; a click on a port or an arc opens its form",
            "In the port catalogue: type to search, ↓/↑ choose, Enter adds (or shows a port already in the project)",
        ]
        .map(str::to_owned),
    );
    lines
}

/// Help → Getting started.
pub(super) fn getting_started_lines() -> Vec<String> {
    [
        "A mission is one trip: its title, dates and two time zones, the host's (Tokyo) and \
         home (Los Angeles). Mission settings holds them; the Schedule shows both clocks.",
        "Ports, organisations and people are who takes part. A port's time zone places its \
         events; an organisation groups people; a person can be a delegate, host or staff.",
        "An agreement is an MOU, a Green Shipping Corridor partnership or another text between \
         parties. Its Draft page holds the text; Record revision keeps each version with its \
         author, and a redline shows what changed.",
        "A corridor is a shipping route between ports that agree to cut its emissions, with its \
         stage and fuels. The Map shows ports, corridors and the mission's route.",
        "An event is a meeting, visit, signing or travel on the schedule, at a port, with \
         participants and the agreements it concerns.",
        "Ctrl+K finds anything by a word of it, and any command by its name.",
        "Files: Save (Ctrl+S) writes a .mission.ron file where you choose; the previous \
         version is kept beside it as .bak. Nothing is sent anywhere.",
        "Recovery: unsaved work is copied to the data folder every few seconds; after a \
         crash, the next start offers it back. Help → Open the data folder shows it.",
        "Working together: each delegate edits a copy; File → Merge a colleague's copy \
         brings theirs in, and Merge review lists what both changed differently.",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// A message in the status bar. Errors stay until dismissed.
#[derive(Clone, Debug)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
    shown_at: Option<f64>,
}

/// How long an information notice stays.
const NOTICE_SECONDS: f64 = 6.0;

/// The status bar's messages, newest last.
#[derive(Default)]
pub(super) struct Notices(Vec<Notice>);

impl Notices {
    pub(super) fn info(&mut self, text: String) {
        self.push(text, false);
    }

    pub(super) fn error(&mut self, text: String) {
        self.push(text, true);
    }

    /// `action` ("compare", "save"…) worked this time: its earlier
    /// "Could not {action}: …" errors are out of date and go.
    pub(super) fn succeeded(&mut self, action: &str) {
        let stale = format!("Could not {action}: ");
        self.0
            .retain(|n| !(n.is_error && n.text.starts_with(&stale)));
    }

    fn push(&mut self, text: String, is_error: bool) {
        self.0.push(Notice {
            text,
            is_error,
            shown_at: None,
        });
    }

    pub(super) fn all(&self) -> &[Notice] {
        &self.0
    }

    /// Drops information notices shown for long enough; returns how long
    /// until the next one expires, so one repaint can be asked for then.
    fn expire(&mut self, now: f64) -> Option<f64> {
        for notice in &mut self.0 {
            notice.shown_at.get_or_insert(now);
        }
        self.0
            .retain(|n| n.is_error || n.shown_at.is_some_and(|t| now - t < NOTICE_SECONDS));
        let next = self
            .0
            .iter()
            .filter(|n| !n.is_error)
            .filter_map(|n| n.shown_at)
            .map(|t| NOTICE_SECONDS - (now - t))
            .fold(f64::INFINITY, f64::min);
        next.is_finite().then_some(next.max(0.0))
    }
}

impl PlannerApp {
    fn command_button(&mut self, ui: &mut Ui, command: Command) {
        let shortcut = command.shortcut_text();
        let history = self.session.document().history();
        let label = match command {
            Command::Undo => history
                .undo_label()
                .map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}")),
            Command::Redo => history
                .redo_label()
                .map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}")),
            Command::ProtectWithPassphrase if self.session.is_protected() => {
                "Change the passphrase…".to_owned()
            }
            _ => command.label().to_owned(),
        };
        let mut button = egui::Button::new(label);
        // No empty shortcut text: screen readers would read the label with a
        // trailing space.
        if let Some(shortcut) = shortcut {
            button = button.shortcut_text(shortcut);
        }
        let response = ui
            .add_enabled(self.enabled(&command), button)
            .on_hover_text(command.tooltip());
        self.take_menu_focus(&response);
        crate::ui::focus::ring_when_focused(ui, &response);
        if response.clicked() {
            ui.close();
            self.outbox.command(command);
        }
    }

    pub(super) fn menu_bar_ui(&mut self, ui: &mut Ui) {
        egui::Panel::top("menu bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                let file = ui.menu_button("File", |ui| self.file_menu_ui(ui));
                let edit = ui.menu_button("Edit", |ui| {
                    self.command_button(ui, Command::Undo);
                    self.command_button(ui, Command::Redo);
                    ui.separator();
                    self.command_button(ui, Command::Find);
                    self.command_button(ui, Command::FindInDraft);
                    self.command_button(ui, Command::DeleteSelected);
                    ui.separator();
                    self.command_button(ui, Command::MissionSettings);
                    self.command_button(ui, Command::ThisIsMe);
                });
                let view = ui.menu_button("View", |ui| self.view_menu_ui(ui));
                let help = ui.menu_button("Help", |ui| {
                    self.command_button(ui, Command::GettingStarted);
                    self.command_button(ui, Command::KeyboardShortcuts);
                    self.command_button(ui, Command::FindAnything);
                    ui.separator();
                    self.command_button(ui, Command::OpenDataFolder);
                    self.command_button(ui, Command::CopyDiagnostics);
                    ui.separator();
                    self.command_button(ui, Command::About);
                });
                self.menu_keys.ids = [file, edit, view, help].map(|m| Some(m.response.id));
            });
        });
    }

    /// F10 opens the File menu, Alt+F/E/V/H their menus, with the keyboard
    /// focus on the first item (Tab, ↑/↓ and Enter go on from there).
    pub(super) fn menu_shortcuts(&mut self, ctx: &egui::Context) {
        let mut open = None;
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F10)) {
            open = Some(0);
        }
        for (index, key) in MENU_KEYS.into_iter().enumerate() {
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::ALT, key)) {
                open = Some(index);
            }
        }
        if let Some(id) = open.and_then(|index| self.menu_keys.ids[index]) {
            // As egui::Popup::default_response_id does for the menu button.
            egui::Popup::open_id(ctx, id.with("popup"));
            self.menu_keys.focus_first = true;
        }
    }

    /// Gives the first item of a menu opened from the keyboard that can be
    /// used the focus (Undo greyed out would hold it where nothing shows).
    fn take_menu_focus(&mut self, response: &egui::Response) {
        if self.menu_keys.focus_first && response.enabled() {
            self.menu_keys.focus_first = false;
            response.request_focus();
        }
    }

    fn file_menu_ui(&mut self, ui: &mut Ui) {
        self.command_button(ui, Command::New);
        self.command_button(ui, Command::NewFromSample);
        self.command_button(ui, Command::Open);
        ui.menu_button("Open Recent", |ui| {
            if self.settings.recent.is_empty() {
                ui.weak("No recent files");
            }
            for path in &self.settings.recent {
                let button = egui::Button::new(path.display().to_string());
                if ui.add_enabled(path.exists(), button).clicked() {
                    ui.close();
                    self.outbox
                        .command(Command::Replace(Replace::Open(path.clone())));
                }
            }
        });
        ui.separator();
        self.command_button(ui, Command::Save);
        self.command_button(ui, Command::SaveAs);
        ui.separator();
        self.command_button(ui, Command::MergeCopy);
        self.command_button(ui, Command::CompareWith);
        ui.separator();
        self.command_button(ui, Command::ProtectWithPassphrase);
        if self.session.is_protected() {
            self.command_button(ui, Command::RemoveProtection);
        }
        ui.separator();
        self.command_button(ui, Command::ImportCalendar);
        self.command_button(ui, Command::ExportCalendar);
        self.command_button(ui, Command::ExportBriefing);
        self.command_button(ui, Command::ExportMap);
        ui.separator();
        self.command_button(ui, Command::ImportContacts);
        self.command_button(ui, Command::ExportContacts);
        self.command_button(ui, Command::ImportSpreadsheet);
        self.command_button(ui, Command::ExportSpreadsheet);
        ui.separator();
        self.command_button(ui, Command::Close);
        self.command_button(ui, Command::Quit);
    }

    fn view_menu_ui(&mut self, ui: &mut Ui) {
        for view in View::ALL {
            let response = ui.selectable_label(self.settings.view == view, view.label());
            self.take_menu_focus(&response);
            crate::ui::focus::ring_when_focused(ui, &response);
            if response.clicked() {
                self.outbox.command(Command::Navigate(view));
                ui.close();
            }
        }
        ui.separator();
        self.command_button(ui, Command::ZoomIn);
        self.command_button(ui, Command::ZoomOut);
        self.command_button(ui, Command::ZoomReset);
        ui.weak(format!("Zoom: {} %", self.settings.zoom.percent()));
        ui.separator();
        // A submenu: at 200 % zoom the View menu must still fit a laptop's screen.
        ui.menu_button("Theme", |ui| {
            for (choice, name) in [
                (ThemeChoice::System, "Follow the system"),
                (ThemeChoice::Light, "Light"),
                (ThemeChoice::Dark, "Dark"),
            ] {
                ui.radio_value(&mut self.settings.theme, choice, name);
            }
        });
    }

    pub(super) fn navigation_ui(&mut self, ui: &mut Ui) {
        let problem_count = self.session.document_mut().problems().len();
        let project = self.session.project();
        let current = self.settings.view;
        let mut clicked = None;
        egui::Panel::left("navigation")
            .resizable(false)
            .default_size(170.0)
            .show(ui, |ui| {
                ui.add_space(6.0);
                for view in View::ALL {
                    // Only a merged copy has conflicts to review.
                    if view == View::MergeReview && project.conflicts.is_empty() && current != view
                    {
                        continue;
                    }
                    let count = match view {
                        View::Overview | View::Mission | View::Schedule | View::Board => None,
                        View::Problems => Some(problem_count),
                        View::MergeReview => Some(project.conflicts.len()),
                        _ => view.kind().map(|kind| project.count_of(kind)),
                    };
                    let text = match count {
                        Some(n) => format!("{}  ({n})", view.label()),
                        None => view.label().to_owned(),
                    };
                    let button = egui::Button::selectable(current == view, text)
                        .min_size(egui::vec2(ui.available_width(), 26.0));
                    if ui.add(button).clicked() {
                        clicked = Some(view);
                    }
                }
            });
        if let Some(view) = clicked {
            self.outbox.command(Command::Navigate(view));
        }
    }

    pub(super) fn status_bar_ui(&mut self, ui: &mut Ui) {
        let now = ui.input(|i| i.time);
        if let Some(wait) = self.notices.expire(now) {
            // One repaint when the oldest information notice expires; none while idle.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(wait + 0.05));
        }
        let mut dismissed = None;
        let mut details = None;
        let mut cancel = false;
        egui::Panel::bottom("status bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                let reading = match &self.job {
                    Some(super::files::Job::Open { path, .. }) if self.reading_first_file => {
                        Some(path)
                    }
                    _ => None,
                };
                ui.weak(match (reading, self.session.origin()) {
                    // Not the sample the window holds while the file is read.
                    (Some(path), _) | (None, Origin::File(path)) => path.display().to_string(),
                    (None, Origin::Sample) => "Sample mission (not saved to a file yet)".to_owned(),
                    (None, Origin::Untitled) => "Untitled (not saved to a file yet)".to_owned(),
                });
                if self.session.is_protected() {
                    ui.label("• Protected")
                        .on_hover_text("Encrypted with its passphrase, with its backup and copies");
                }
                if self.session.is_dirty() {
                    ui.label(RichText::new("• Unsaved changes").color(ui.visuals().warn_fg_color));
                }
                if self.files.is_waiting() {
                    crate::ui::busy::spinner(ui);
                    ui.label("Waiting for the file dialog…");
                }
                if let Some(job) = &self.job {
                    let (fraction, cancellable) = self.job_progress();
                    ui.label(job.label());
                    match fraction {
                        Some(done) => {
                            // Its text is its name for a screen reader too.
                            let bar = egui::ProgressBar::new(done)
                                .desired_width(120.0)
                                .text(format!("{:.0} % done", done * 100.0));
                            ui.add(bar);
                        }
                        None => {
                            crate::ui::busy::spinner(ui);
                        }
                    }
                    if cancellable {
                        cancel = ui
                            .small_button("Cancel")
                            .on_hover_text(Command::CancelJob.tooltip())
                            .clicked();
                    }
                }
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    let Some((index, notice)) = self.notices.all().iter().enumerate().next_back()
                    else {
                        return;
                    };
                    let color = if notice.is_error {
                        ui.visuals().error_fg_color
                    } else {
                        ui.visuals().text_color()
                    };
                    if notice.is_error {
                        if ui.small_button("Dismiss").clicked() {
                            dismissed = Some(index);
                        }
                        if ui.small_button("Details").clicked() {
                            details = Some(notice.text.clone());
                        }
                    }
                    // Long messages (a parse error listing every allowed
                    // value) are cut to the space left; the whole text is
                    // on hover and under Details.
                    let message = ui
                        .add(egui::Label::new(RichText::new(&notice.text).color(color)).truncate())
                        .on_hover_text(&notice.text);
                    crate::ui::accessibility::announce(&message, notice.is_error);
                });
            });
        });
        if let Some(index) = dismissed {
            self.notices.0.remove(index);
        }
        if let Some(text) = details {
            self.modals.push(Modal::report("Message", vec![text]));
        }
        if cancel {
            self.outbox.command(Command::CancelJob);
        }
    }

    pub(super) fn read_only_banner_ui(&mut self, ui: &mut Ui) {
        let Some(newer) = self.session.read_only() else {
            return;
        };
        let left_out = if newer.skipped.is_empty() {
            "No fields were left out;".to_owned()
        } else {
            let first: Vec<_> = newer.skipped.iter().take(3).cloned().collect();
            format!(
                "{} fields it does not know were left out ({}),",
                newer.skipped.len(),
                first.join(", ")
            )
        };
        let text = format!(
            "Read-only: a newer version of Trade Mission Planner wrote this file (format {}; this \
             version knows up to {FORMAT_VERSION}). {left_out} you see what this version \
             understands. Save As makes an editable copy without them; the original file is \
             never overwritten.",
            newer.version
        );
        let mut save_as = false;
        egui::Panel::top("read-only banner").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(text).color(ui.visuals().warn_fg_color));
                save_as = ui.button("Save As…").clicked();
            });
        });
        if save_as {
            self.outbox.command(Command::SaveAs);
        }
    }
}
