//! The desktop app, split by concern:
//! - this file: the app's state and the frame loop;
//! - [`session`]: the open document and its file (no egui);
//! - [`command_handling`]: the one queue of commands, drained at the end of
//!   the frame, and the one gate every document replacement goes through;
//! - [`files`]: file dialogs, saving, imports and exports;
//! - [`modals`]: one type per question shown over the window;
//! - [`chrome`]: menu bar, navigation, status bar, banners and notices;
//! - [`views`]: the state of each view and which one is drawn.

pub mod briefing_export;
mod calendar_export;
pub mod calendar_import;
mod chrome;
mod command_handling;
mod files;
pub mod instances;
mod map_export;
mod me;
mod modals;
pub mod opening;
mod palette;
mod port_catalogue;
pub mod protection;
pub mod session;
pub mod table_import;
mod views;

use std::path::PathBuf;

use egui::Ui;
use jiff::Timestamp;

pub use chrome::Notice;
use chrome::{MenuKeys, Notices};
use files::Files;
use modals::Modal;
pub use session::{Origin, RECOVERY_DELAY, Session};
use views::Views;

use crate::commands::{Command, Replace};
use crate::document::Document;
use crate::io::project_file::NewerFormat;
use crate::io::recovery::RecoveryStore;
use crate::model::{EntityRef, Project};
use crate::sample::sample_project;
use crate::settings::{Settings, ThemeChoice};
use crate::ui::dialogs::FileDialogs;
use crate::ui::{Outbox, View};

/// What the next frame's views should focus (Ctrl+F, Ctrl+H).
#[derive(Clone, Default)]
struct FocusRequests {
    search: bool,
    find_in_draft: bool,
    /// Show this revision's redline on its agreement's Draft page.
    reveal_revision: Option<(crate::model::AgreementId, u32)>,
    /// Find this in the selected draft, from this character (Ctrl+K found
    /// a line of it).
    draft_needle: Option<(String, usize)>,
}

/// The whole application state.
pub struct PlannerApp {
    session: Session,
    pub settings: Settings,
    views: Views,
    /// Edits and commands queued this frame, applied at its end.
    outbox: Outbox,
    notices: Notices,
    /// Questions over the window; the last one is shown.
    modals: Vec<Modal>,
    files: Files,
    clock: Box<dyn Fn() -> Timestamp>,
    focus: FocusRequests,
    /// Quit was confirmed: the window may close now.
    quit_confirmed: bool,
    /// Asked for while a protected save was being written: done after it.
    after_save: Option<Replace>,
    sent_title: String,
    applied_theme: Option<ThemeChoice>,
    applied_zoom: Option<crate::settings::Zoom>,
    /// The control that had the keyboard while no question was open, to
    /// give it back when one closes.
    focus_outside_questions: Option<egui::Id>,
    window_focused: bool,
    /// The widget that had the keyboard last frame: typing in a field is
    /// one undo step until the person leaves it.
    focused_widget: Option<egui::Id>,
    /// The window opened on a file still being read: until it is, nothing
    /// of the sample behind it shows (a delegate saw the wrong mission).
    reading_first_file: bool,
    menu_keys: MenuKeys,
    /// Fields that showed text which is not a value (as last drawn).
    unsaved_texts: Vec<String>,
    /// A merge or a Word file being read off the UI thread.
    job: Option<files::Job>,
    /// The job's progress and Cancel, for a job that may be cancelled.
    job_progress: Option<crate::io::progress::Progress>,
    /// The document (its serial) a cancellable job works for: its result
    /// is for that project only, never for one opened meanwhile.
    job_document: Option<u64>,
    /// Ctrl+K's index of the project version it was built for.
    finder_cache: Option<((u64, u64, bool), palette::SharedIndex)>,
    /// Help → Open the data folder, waiting for the file manager's answer.
    folder_opener: Option<std::sync::mpsc::Receiver<Result<PathBuf, String>>>,
    /// One editor per file on this computer (off in tests that do not ask).
    instances: Option<instances::Instances>,
}

impl PlannerApp {
    /// Starts on `file`, else on the last project, else on the sample.
    pub fn start(
        file: Option<PathBuf>,
        settings: Settings,
        dialogs: Box<dyn FileDialogs>,
        clock: Box<dyn Fn() -> Timestamp>,
    ) -> Self {
        let mut app = Self::with_sample(settings, dialogs, clock);
        // A relative path from the command line: its folder is where file
        // dialogs start, and Open Recent must find it from anywhere.
        let file = file.map(|f| std::path::absolute(&f).unwrap_or(f));
        let wanted = file.clone().or_else(|| app.settings.last_file.clone());
        if let Some(path) = wanted {
            if file.is_none() && !path.exists() {
                app.notices.info(format!(
                    "The last project was not found, so the sample mission is open: {}",
                    path.display()
                ));
            } else {
                // Nothing is unsaved yet, so this opens at once.
                app.replace_document(Replace::Open(path));
            }
        }
        app
    }

    /// The app on the sample mission, with no file.
    pub fn with_sample(
        settings: Settings,
        dialogs: Box<dyn FileDialogs>,
        clock: Box<dyn Fn() -> Timestamp>,
    ) -> Self {
        let mut notices = Notices::default();
        let project = sample_project().unwrap_or_else(|err| {
            notices.error(format!(
                "The sample mission could not be read: {}",
                err.with_position()
            ));
            Project::new()
        });
        let mut app = Self {
            session: Session::new(project, Origin::Sample),
            settings,
            views: Views::default(),
            outbox: Outbox::default(),
            notices,
            modals: Vec::new(),
            files: Files::new(dialogs),
            clock,
            focus: FocusRequests::default(),
            quit_confirmed: false,
            after_save: None,
            sent_title: String::new(),
            applied_theme: None,
            applied_zoom: None,
            focus_outside_questions: None,
            window_focused: false,
            focused_widget: None,
            reading_first_file: false,
            menu_keys: MenuKeys::default(),
            unsaved_texts: Vec::new(),
            job: None,
            job_progress: None,
            job_document: None,
            instances: None,
            folder_opener: None,
            finder_cache: None,
        };
        app.fresh_views();
        app
    }

    /// The app on `project` (e.g. a generated one, for benchmarks).
    pub fn with_project(
        project: Project,
        origin: Origin,
        settings: Settings,
        dialogs: Box<dyn FileDialogs>,
        clock: Box<dyn Fn() -> Timestamp>,
    ) -> Self {
        let mut app = Self::with_sample(settings, dialogs, clock);
        app.session = Session::new(project, origin);
        app.fresh_views();
        app
    }

    /// Writes unsaved work to `store` as the user edits, and offers any work
    /// that crashed instances left in it.
    pub fn with_recovery(mut self, store: RecoveryStore) -> Self {
        let orphans = self.session.attach_recovery(store);
        if !orphans.is_empty() {
            self.modals.push(Modal::recover(orphans));
        }
        self
    }

    /// Keeps snapshots of the versions opened and saved in `store`, so that
    /// merging a colleague's copy finds the version both came from.
    pub fn with_snapshots(mut self, store: crate::io::lineage::SnapshotStore) -> Self {
        self.session.attach_snapshots(store);
        self
    }

    /// Whether this instance has unsaved work in its recovery file.
    pub fn has_recovery_entry(&self) -> bool {
        self.session.has_recovery_entry()
    }

    /// Shows `target` selected in its view.
    pub fn show_entity(&mut self, target: EntityRef) {
        self.run_command(Command::Select(target));
    }

    pub fn set_view(&mut self, view: View) {
        self.settings.view = view;
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn document(&self) -> &Document {
        self.session.document()
    }

    pub fn origin(&self) -> &Origin {
        self.session.origin()
    }

    pub fn notices(&self) -> &[Notice] {
        self.notices.all()
    }

    pub fn view(&self) -> View {
        self.settings.view
    }

    /// The newer format of a file open read-only, if any.
    pub fn read_only(&self) -> Option<&NewerFormat> {
        self.session.read_only()
    }

    /// Whether Quit went through (the window should close).
    pub fn quit_confirmed(&self) -> bool {
        self.quit_confirmed
    }

    /// Whether the unsaved-changes question is showing.
    pub fn is_asking_to_save(&self) -> bool {
        self.modals.iter().any(Modal::is_unsaved_changes)
    }

    /// `name — Trade Mission Planner`, with `● ` in front while unsaved.
    pub fn window_title(&self) -> String {
        // The file named at start, while it is read: the sample behind the
        // question is not what the window is for (it said "Sample mission").
        if self.reading_first_file
            && let Some(files::Job::Open { path, .. }) = &self.job
        {
            let name = path.file_name().unwrap_or(path.as_os_str());
            return format!("{} — Trade Mission Planner", name.to_string_lossy());
        }
        self.session.window_title()
    }

    /// The selected row of the current view.
    pub fn selected_entity(&self) -> Option<EntityRef> {
        self.views.selected(self.settings.view)
    }

    /// Draws one frame into `ui` (the whole window). Tests call this directly.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.files.set_repaint_handle(&ctx);
        crate::ui::focus::apply_focus_after_question(&ctx);
        crate::ui::focus::apply_focus_given_back(&ctx);
        crate::ui::accessibility::install(&ctx);
        // The window's name for screen readers (AT-SPI does not read the X
        // title): "● mission.mission.ron — Trade Mission Planner".
        crate::ui::accessibility::name_window(&ctx, &self.window_title());
        if self.applied_theme != Some(self.settings.theme) {
            ctx.set_theme(self.settings.theme.preference());
            self.applied_theme = Some(self.settings.theme);
            // egui closes the window on Ctrl+Q by itself, even with a
            // question open; Quit is this app's own command (it asks first).
            ctx.options_mut(|o| o.quit_shortcuts.clear());
            // Zoom is this app's command too, so that it is remembered.
            ctx.options_mut(|o| o.zoom_with_keyboard = false);
        }
        if self.applied_zoom != Some(self.settings.zoom) {
            ctx.set_zoom_factor(self.settings.zoom.factor());
            self.applied_zoom = Some(self.settings.zoom);
        }
        let now = (self.clock)();
        let today = self.session.project().mission.today(now);
        self.session.document_mut().set_today(Some(today));
        self.poll_dialog();
        self.poll_job(&ctx);
        self.poll_folder_opener();
        let focused = ctx.input(|i| i.focused);
        if focused && !self.window_focused && self.modals.is_empty() {
            self.check_disk();
        }
        self.window_focused = focused;
        let focused_widget = ctx.memory(|m| m.focused());
        if focused_widget != self.focused_widget {
            // Typed "7pm", Enter, then "12am" in the same field: two steps.
            self.session.document_mut().break_coalescing();
            self.focused_widget = focused_widget;
        }
        // While a question is open, nothing else may start: no shortcuts, no
        // file dropped on the window.
        if self.modals.is_empty() {
            if let Some(path) =
                ctx.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_path_buf()))
            {
                self.outbox.command(Command::Replace(Replace::Open(path)));
            }
            self.menu_shortcuts(&ctx);
            self.shortcuts(&ctx);
        }
        self.reading_first_file &= self.is_opening();
        self.menu_bar_ui(ui);
        self.status_bar_ui(ui);
        if self.reading_first_file {
            egui::CentralPanel::default_margins().show(ui, |_| {});
        } else {
            self.navigation_ui(ui);
            self.read_only_banner_ui(ui);
            let focus = std::mem::take(&mut self.focus);
            crate::ui::widgets::take_unsaved_texts(&ctx);
            egui::CentralPanel::default_margins()
                .show(ui, |ui| self.view_ui(ui, now, today, focus));
            self.unsaved_texts = crate::ui::widgets::take_unsaved_texts(&ctx);
        }
        self.modal_ui(&ctx);
        if self.drain_outbox() {
            // What the commands changed shows on the next frame.
            ctx.request_repaint();
        }
        self.recovery_tick(&ctx);
        self.instances_tick(&ctx);
    }

    /// Queues the commands whose shortcuts were pressed this frame.
    fn shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.text_edit_focused();
        for command in Command::ALL {
            let Some(shortcut) = command.shortcut() else {
                continue;
            };
            if typing && command.yields_to_text_fields() {
                continue;
            }
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.outbox.command(command);
            }
        }
    }

    fn recovery_tick(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        match self.session.recovery_tick(now, (self.clock)()) {
            session::RecoveryTick::Idle | session::RecoveryTick::Written => {}
            session::RecoveryTick::WaitSeconds(wait) => {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
            }
            session::RecoveryTick::Failed(err) => {
                log::warn!("recovery copy failed");
                self.notices
                    .error(format!("Could not write the recovery file: {err}"));
            }
        }
    }
}

impl eframe::App for PlannerApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        // The window's close button goes through the same question as Quit.
        if ctx.input(|i| i.viewport().close_requested()) && !self.quit_confirmed {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.outbox.command(Command::Replace(Replace::Quit));
        }
        PlannerApp::ui(self, ui);
        if self.quit_confirmed {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        let title = self.window_title();
        if title != self.sent_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.sent_title = title;
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Settings::STORAGE_KEY, &self.settings);
    }
}

/// Loads the settings eframe stored last time.
pub fn load_settings(storage: Option<&dyn eframe::Storage>) -> Settings {
    storage
        .and_then(|s| eframe::get_value(s, Settings::STORAGE_KEY))
        .unwrap_or_default()
}

/// The window's icon (the dock, the task bar, Alt+Tab), from the PNG the
/// packages install too.
pub fn window_icon() -> Option<egui::IconData> {
    let png = include_bytes!("../../assets/icons/png/trade-mission-planner-256.png");
    let pixmap = tiny_skia::Pixmap::decode_png(png).ok()?;
    let rgba = pixmap
        .pixels()
        .iter()
        .flat_map(|pixel| {
            let straight = pixel.demultiply();
            [
                straight.red(),
                straight.green(),
                straight.blue(),
                straight.alpha(),
            ]
        })
        .collect();
    Some(egui::IconData {
        rgba,
        width: pixmap.width(),
        height: pixmap.height(),
    })
}
