//! The desktop app: lays out the panels, runs commands, shows dialogs and
//! notices, and applies the views' edits at the end of each frame.

use std::path::{Path, PathBuf};

use egui::{Align, Layout, RichText, Ui};
use jiff::Timestamp;

use crate::commands::Command;
use crate::document::Document;
use crate::edit::Edit;
use crate::io::dialogs::{
    DialogKind, DialogOutcome, FileDialogs, PendingDialog, with_project_extension,
};
use crate::io::project_file::{
    FORMAT_VERSION, FileStamp, NewerFormat, load_file_for_app, save_file_stamped,
};
use crate::io::recovery::{RecoveredWork, RecoveryStore};
use crate::model::entity::{describe, referrers};
use crate::model::{
    Agreement, Corridor, EntityRef, MissionEvent, Organisation, Person, Port, Project,
};
use crate::sample::sample_project;
use crate::settings::{Settings, ThemeChoice};
use crate::ui::board::{BoardState, board_ui};
use crate::ui::entity_list::{ListState, list_ui};
use crate::ui::file_chooser::{ChooserOutcome, FileChooser};
use crate::ui::overview::{OverviewState, overview_ui};
use crate::ui::problems::{ProblemsState, problems_ui};
use crate::ui::schedule::{ScheduleState, schedule_ui};
use crate::ui::{AgreementPage, Outbox, Request, View, ViewCtx};

/// Something that would drop the open document, so it asks first when there
/// are unsaved changes.
#[derive(Clone, PartialEq, Debug)]
pub enum PendingAction {
    New,
    NewFromSample,
    /// Open this file, or ask which with a dialog.
    Open(Option<PathBuf>),
    Close,
    Quit,
}

/// Why a file dialog is open.
#[derive(Clone, PartialEq, Debug)]
enum DialogPurpose {
    Open,
    SaveAs { then: Option<PendingAction> },
    ImportCalendar,
    ExportCalendar,
    ExportDraft(crate::model::AgreementId),
}

/// The modal shown over the window, if any.
enum Modal {
    UnsavedChanges {
        then: PendingAction,
    },
    ConfirmDelete {
        target: EntityRef,
        label: String,
        referrers: Vec<String>,
    },
    Chooser {
        chooser: FileChooser,
        purpose: DialogPurpose,
    },
    /// Work left by a crashed or killed instance.
    Recover,
    /// Saving would overwrite changes another program made to the file.
    ChangedOnDisk {
        then: Option<PendingAction>,
    },
    /// The file changed on disk while there were no unsaved edits here.
    ReloadOffer,
    /// A list of things to read (e.g. what an import could not keep).
    Report {
        title: String,
        lines: Vec<String>,
    },
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

/// Where the open document lives.
#[derive(Clone, PartialEq, Debug)]
pub enum Origin {
    File(PathBuf),
    Sample,
    Untitled,
}

/// Per-view state.
#[derive(Default)]
struct Views {
    overview: OverviewState,
    ports: ListState<Port>,
    organisations: ListState<Organisation>,
    people: ListState<Person>,
    agreements: ListState<Agreement>,
    corridors: ListState<Corridor>,
    events: ListState<MissionEvent>,
    schedule: ScheduleState,
    board: BoardState,
    problems: ProblemsState,
}

/// The whole application state.
pub struct PlannerApp {
    doc: Document,
    origin: Origin,
    pub settings: Settings,
    views: Views,
    outbox: Outbox,
    notices: Vec<Notice>,
    modal: Option<Modal>,
    dialogs: Box<dyn FileDialogs>,
    pending_dialog: Option<(PendingDialog, DialogPurpose)>,
    native_dialogs_unavailable: bool,
    clock: Box<dyn Fn() -> Timestamp>,
    focus_search: bool,
    focus_find_in_draft: bool,
    /// Quit was confirmed: the window may close now.
    quit_confirmed: bool,
    sent_title: String,
    applied_theme: Option<ThemeChoice>,
    /// Lets a dialog's worker thread wake the UI when it has an answer.
    repaint_handle: Option<egui::Context>,
    recovery: Option<RecoveryStore>,
    /// Orphaned work offered at start, until restored, discarded or put off.
    recovered: Vec<RecoveredWork>,
    recovery_seen_generation: u64,
    recovery_changed_at: f64,
    recovery_written_generation: Option<u64>,
    /// The open file as last loaded or saved, to notice other programs' changes.
    disk_stamp: Option<FileStamp>,
    window_focused: bool,
    /// Set while a file from a newer app is open: no edits, Save is Save As.
    read_only: Option<NewerFormat>,
    /// Revisions restored as drafts since the last save, recorded on save.
    restored: Vec<(crate::model::AgreementId, u32)>,
}

/// Seconds after the last edit before unsaved work goes to the recovery file.
pub const RECOVERY_DELAY: f64 = 2.0;

impl PlannerApp {
    /// Starts on `file`, else on the last project, else on the sample.
    pub fn start(
        file: Option<PathBuf>,
        settings: Settings,
        dialogs: Box<dyn FileDialogs>,
        clock: Box<dyn Fn() -> Timestamp>,
    ) -> Self {
        let mut app = Self::with_sample(settings, dialogs, clock);
        let wanted = file.clone().or_else(|| app.settings.last_file.clone());
        if let Some(path) = wanted {
            if file.is_none() && !path.exists() {
                app.notify_info(format!(
                    "The last project was not found, so the sample mission is open: {}",
                    path.display()
                ));
            } else {
                app.open_file(&path);
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
        let mut notices = Vec::new();
        let project = sample_project().unwrap_or_else(|err| {
            notices.push(Notice {
                text: format!(
                    "The sample mission could not be read: {}",
                    err.with_position()
                ),
                is_error: true,
                shown_at: None,
            });
            Project::new()
        });
        Self {
            doc: Document::new(project),
            origin: Origin::Sample,
            views: Views {
                ..Default::default()
            },
            settings,
            outbox: Outbox::default(),
            notices,
            modal: None,
            dialogs,
            pending_dialog: None,
            native_dialogs_unavailable: false,
            clock,
            focus_search: false,
            focus_find_in_draft: false,
            quit_confirmed: false,
            sent_title: String::new(),
            applied_theme: None,
            repaint_handle: None,
            recovery: None,
            recovered: Vec::new(),
            recovery_seen_generation: 0,
            recovery_changed_at: f64::NEG_INFINITY,
            recovery_written_generation: None,
            disk_stamp: None,
            window_focused: false,
            read_only: None,
            restored: Vec::new(),
        }
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
        app.replace_document(project, origin);
        app
    }

    /// Writes unsaved work to `store` as the user edits, and offers any work
    /// that crashed instances left in it.
    pub fn with_recovery(mut self, store: RecoveryStore) -> Self {
        self.recovered = store.orphans();
        if !self.recovered.is_empty() {
            self.modal = Some(Modal::Recover);
        }
        self.recovery = Some(store);
        self
    }

    /// Whether this instance has unsaved work in its recovery file.
    pub fn has_recovery_entry(&self) -> bool {
        self.recovery.as_ref().is_some_and(RecoveryStore::has_entry)
    }

    /// Shows `target` selected in its view.
    pub fn show_entity(&mut self, target: EntityRef) {
        self.handle_request(Request::Select(target));
    }

    pub fn set_view(&mut self, view: View) {
        self.settings.view = view;
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    pub fn view(&self) -> View {
        self.settings.view
    }

    /// Whether Quit went through (the window should close).
    pub fn quit_confirmed(&self) -> bool {
        self.quit_confirmed
    }

    /// Whether the unsaved-changes question is showing.
    pub fn is_asking_to_save(&self) -> bool {
        matches!(self.modal, Some(Modal::UnsavedChanges { .. }))
    }

    /// `name — Trade Mission Planner`, with `● ` in front while unsaved.
    pub fn window_title(&self) -> String {
        let name = match &self.origin {
            Origin::File(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            Origin::Sample => "Sample mission".to_owned(),
            Origin::Untitled => "Untitled mission".to_owned(),
        };
        let marker = if self.doc.is_dirty() { "● " } else { "" };
        format!("{marker}{name} — Trade Mission Planner")
    }

    fn notify_info(&mut self, text: String) {
        self.notices.push(Notice {
            text,
            is_error: false,
            shown_at: None,
        });
    }

    fn notify_error(&mut self, text: String) {
        self.notices.push(Notice {
            text,
            is_error: true,
            shown_at: None,
        });
    }

    // ---------------------------------------------------------------- files

    fn replace_document(&mut self, project: Project, origin: Origin) {
        self.doc = Document::new(project);
        self.origin = origin;
        self.views = Views::default();
        self.recovery_seen_generation = 0;
        self.recovery_changed_at = f64::NEG_INFINITY;
        self.recovery_written_generation = None;
        self.disk_stamp = None;
        self.read_only = None;
        self.restored.clear();
        // The old document's unsaved work was saved or discarded by the user.
        if let Some(store) = &mut self.recovery {
            store.clear();
        }
    }

    fn open_file(&mut self, path: &Path) -> bool {
        match load_file_for_app(path) {
            Ok((loaded, stamp)) => {
                self.replace_document(loaded.project, Origin::File(path.to_path_buf()));
                self.disk_stamp = Some(stamp);
                self.settings.remember_file(path);
                self.notify_info(format!("Opened {}", path.display()));
                if let Some(version) = loaded.migrated_from {
                    self.notify_info(format!(
                        "This file was in format version {version} and has been updated; saving \
                         writes version {FORMAT_VERSION} and keeps the old file as the .bak backup"
                    ));
                }
                self.read_only = loaded.newer;
                true
            }
            Err(err) => {
                self.notify_error(format!(
                    "Could not open the project: {}: {}",
                    err.with_position(),
                    path.display()
                ));
                false
            }
        }
    }

    /// The newer format of a file open read-only, if any.
    pub fn read_only(&self) -> Option<&NewerFormat> {
        self.read_only.as_ref()
    }

    /// Saves to `path`; on failure the document stays unsaved and the user is told why.
    /// Records "Restored revision N" for each restore still standing, so the
    /// history shows it; part of the save (one undo step before it).
    fn record_restores(&mut self) {
        let restored = std::mem::take(&mut self.restored);
        let author = if self.settings.delegate_name.trim().is_empty() {
            "unknown".to_owned()
        } else {
            self.settings.delegate_name.clone()
        };
        let now = (self.clock)();
        let mut edits = Vec::new();
        for (id, number) in restored {
            let Some(agreement) = crate::model::entity::find::<Agreement>(self.doc.project(), id)
            else {
                continue;
            };
            let restored_text = agreement.revisions.iter().find(|r| r.number == number);
            let last_text = agreement.revisions.last().map(|r| &*r.text);
            let still_restored = restored_text.is_some_and(|r| *r.text == *agreement.draft);
            let already_recorded = last_text == Some(agreement.draft.as_str());
            let pending = edits
                .iter()
                .any(|e| matches!(e, Edit::RecordRevision { agreement: a, .. } if *a == id));
            if still_restored && !already_recorded && !pending {
                edits.push(Edit::RecordRevision {
                    agreement: id,
                    revision: crate::model::Revision {
                        number: agreement.next_revision_number(),
                        text: agreement.draft.as_str().into(),
                        author: author.clone(),
                        recorded_at: now,
                        message: format!("Restored revision {number}"),
                    },
                });
            }
        }
        if !edits.is_empty() {
            let batch = Edit::Batch {
                label: "Record restored revisions".to_owned(),
                edits,
            };
            if let Err(err) = self.doc.apply(batch) {
                self.notify_error(format!("Could not record the restored revisions: {err}"));
            }
        }
    }

    fn save_to(&mut self, path: &Path) -> bool {
        self.record_restores();
        match save_file_stamped(self.doc.project(), path) {
            Ok(stamp) => {
                self.disk_stamp = Some(stamp);
                // A copy in this version's format is ours to edit.
                self.read_only = None;
                self.doc.mark_saved();
                self.origin = Origin::File(path.to_path_buf());
                self.settings.remember_file(path);
                self.notify_info(format!("Saved {}", path.display()));
                true
            }
            Err(err) => {
                self.notify_error(format!("Could not save: {err}: {}", path.display()));
                false
            }
        }
    }

    /// Save, then carry on with `then` if it worked.
    fn save(&mut self, then: Option<PendingAction>) {
        match self.origin.clone() {
            // Never overwrite a newer app's file with what this version understood of it.
            Origin::File(_) if self.read_only.is_some() => {
                self.show_dialog(DialogKind::Save, DialogPurpose::SaveAs { then });
            }
            Origin::File(path) if self.changed_on_disk(&path) => {
                self.modal = Some(Modal::ChangedOnDisk { then });
            }
            Origin::File(path) => {
                if self.save_to(&path)
                    && let Some(action) = then
                {
                    self.perform(action);
                }
            }
            Origin::Sample | Origin::Untitled => {
                self.show_dialog(DialogKind::Save, DialogPurpose::SaveAs { then })
            }
        }
    }

    /// Whether another program changed (or removed) the open file since we
    /// loaded or saved it.
    fn changed_on_disk(&self, path: &Path) -> bool {
        self.disk_stamp
            .as_ref()
            .is_some_and(|stamp| !stamp.matches_disk(path))
    }

    /// On regaining focus: has the file changed under us?
    fn check_disk(&mut self) {
        let Origin::File(path) = self.origin.clone() else {
            return;
        };
        if self.modal.is_some() || !self.changed_on_disk(&path) {
            return;
        }
        if self.doc.is_dirty() {
            self.notify_info(format!(
                "Another program changed the file; Save will ask before overwriting it: {}",
                path.display()
            ));
        } else {
            self.modal = Some(Modal::ReloadOffer);
        }
    }

    fn start_dir(&self) -> PathBuf {
        match &self.origin {
            Origin::File(path) => path.parent().map(Path::to_path_buf),
            _ => None,
        }
        .or_else(|| {
            directories::UserDirs::new().and_then(|d| d.document_dir().map(Path::to_path_buf))
        })
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
    }

    fn suggested_name(&self) -> String {
        let title: String = self
            .doc
            .project()
            .mission
            .title
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        let title = title.trim_matches('-');
        format!(
            "{}.mission.ron",
            if title.is_empty() { "mission" } else { title }
        )
    }

    fn show_dialog(&mut self, kind: DialogKind, purpose: DialogPurpose) {
        let start = self.start_dir();
        let name = match kind {
            DialogKind::Save => Some(self.suggested_name()),
            DialogKind::ExportCalendar => {
                Some(self.suggested_name().replace(".mission.ron", ".ics"))
            }
            _ => None,
        };
        if self.native_dialogs_unavailable {
            let chooser = FileChooser::new(kind, &start, name.as_deref());
            self.modal = Some(Modal::Chooser { chooser, purpose });
            return;
        }
        let repaint = self.repaint_handle.clone();
        let pending = self.dialogs.show(
            kind,
            Some(start),
            name,
            Box::new(move || {
                if let Some(ctx) = &repaint {
                    ctx.request_repaint();
                }
            }),
        );
        self.pending_dialog = Some((pending, purpose));
    }

    fn poll_dialog(&mut self) {
        let Some((pending, _)) = &self.pending_dialog else {
            return;
        };
        let Some(outcome) = pending.poll() else {
            return;
        };
        let Some((pending, purpose)) = self.pending_dialog.take() else {
            return;
        };
        match outcome {
            DialogOutcome::Picked(path) => self.dialog_answered(path, purpose),
            DialogOutcome::Cancelled => {}
            DialogOutcome::Unavailable => {
                self.native_dialogs_unavailable = true;
                self.notify_info(
                    "No system file dialog is available (no XDG desktop portal or zenity); \
                     using the built-in chooser"
                        .to_owned(),
                );
                let name = pending.kind.is_save().then(|| self.suggested_name());
                let chooser = FileChooser::new(pending.kind, &self.start_dir(), name.as_deref());
                self.modal = Some(Modal::Chooser { chooser, purpose });
            }
        }
    }

    fn dialog_answered(&mut self, path: PathBuf, purpose: DialogPurpose) {
        match purpose {
            DialogPurpose::Open => {
                self.open_file(&path);
            }
            DialogPurpose::ImportCalendar => self.import_calendar(&path),
            DialogPurpose::ExportCalendar => self.export_calendar(&path),
            DialogPurpose::ExportDraft(id) => self.export_draft(id, &path),
            DialogPurpose::SaveAs { then } => {
                let path = with_project_extension(path);
                if self.save_to(&path)
                    && let Some(action) = then
                {
                    self.perform(action);
                }
            }
        }
    }

    fn import_calendar(&mut self, path: &Path) {
        let text = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(err) => {
                self.notify_error(format!(
                    "Could not read the calendar: {err}: {}",
                    path.display()
                ));
                return;
            }
        };
        let (edits, report) = match crate::io::ics::import_ics(self.doc.project(), &text) {
            Ok(result) => result,
            Err(err) => {
                self.notify_error(format!("Could not import: {err}: {}", path.display()));
                return;
            }
        };
        if !edits.is_empty() {
            let batch = Edit::Batch {
                label: "Import calendar".to_owned(),
                edits,
            };
            if let Err(err) = self.doc.apply(batch) {
                self.notify_error(format!("The calendar was not imported: {err}"));
                return;
            }
        }
        self.notify_info(format!(
            "Imported {}: {} events added, {} updated",
            path.display(),
            report.added,
            report.updated
        ));
        if !report.notes.is_empty() {
            self.modal = Some(Modal::Report {
                title: "Not everything in the calendar could be imported".to_owned(),
                lines: report.notes,
            });
        }
    }

    /// Writes an agreement's current draft as Word (.docx, also when the name
    /// has no extension) or Markdown (.md).
    fn export_draft(&mut self, id: crate::model::AgreementId, path: &Path) {
        let Some(agreement) = crate::model::entity::find::<Agreement>(self.doc.project(), id)
        else {
            return;
        };
        let markdown = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        let path = if path.extension().is_none() {
            path.with_extension("docx")
        } else {
            path.to_path_buf()
        };
        let bytes = if markdown {
            Ok(agreement.draft.clone().into_bytes())
        } else {
            crate::io::docx::draft_to_docx(&agreement.draft)
        };
        let result = bytes
            .and_then(|bytes| crate::io::write_atomic(&path, &bytes).map_err(|e| e.to_string()));
        match result {
            Ok(()) => self.notify_info(format!("Exported the draft to {}", path.display())),
            Err(err) => self.notify_error(format!(
                "Could not export the draft: {err}: {}",
                path.display()
            )),
        }
    }

    fn export_calendar(&mut self, path: &Path) {
        let person = self.views.schedule.filters.person;
        let path = if path.extension().is_none() {
            path.with_extension("ics")
        } else {
            path.to_path_buf()
        };
        let text = crate::io::ics::export_ics(self.doc.project(), person, (self.clock)());
        match crate::io::write_atomic(&path, text.as_bytes()) {
            Ok(()) => {
                let whose = person
                    .and_then(|p| crate::model::entity::find::<Person>(self.doc.project(), p))
                    .map_or_else(
                        || "all events".to_owned(),
                        |p| format!("{}'s agenda", p.name),
                    );
                self.notify_info(format!("Exported {whose} to {}", path.display()));
            }
            Err(err) => self.notify_error(format!("Could not export: {err}: {}", path.display())),
        }
    }

    // ------------------------------------------------------------- commands

    /// Runs `action` now, or asks first when it would drop unsaved changes.
    pub fn request(&mut self, action: PendingAction) {
        let drops_document = !matches!(action, PendingAction::Open(None));
        if drops_document && self.doc.is_dirty() {
            self.modal = Some(Modal::UnsavedChanges { then: action });
        } else if matches!(action, PendingAction::Open(None)) {
            // Ask for the file first; the question comes when it is opened.
            self.show_dialog(DialogKind::Open, DialogPurpose::Open);
        } else {
            self.perform(action);
        }
    }

    fn perform(&mut self, action: PendingAction) {
        match action {
            PendingAction::New | PendingAction::Close => {
                self.replace_document(Project::new(), Origin::Untitled);
            }
            PendingAction::NewFromSample => match sample_project() {
                Ok(project) => self.replace_document(project, Origin::Sample),
                Err(err) => self.notify_error(format!(
                    "The sample could not be read: {}",
                    err.with_position()
                )),
            },
            PendingAction::Open(Some(path)) => {
                self.open_file(&path);
            }
            PendingAction::Open(None) => self.show_dialog(DialogKind::Open, DialogPurpose::Open),
            PendingAction::Quit => {
                // Quitting without saving discards the work deliberately.
                if let Some(store) = &mut self.recovery {
                    store.clear();
                }
                self.quit_confirmed = true;
            }
        }
    }

    /// Runs a menu or keyboard command.
    pub fn run_command(&mut self, command: Command) {
        match command {
            Command::New => self.request(PendingAction::New),
            Command::NewFromSample => self.request(PendingAction::NewFromSample),
            Command::Open => self.request(PendingAction::Open(None)),
            Command::Save => self.save(None),
            Command::SaveAs => {
                self.show_dialog(DialogKind::Save, DialogPurpose::SaveAs { then: None })
            }
            Command::Close => self.request(PendingAction::Close),
            Command::Quit => self.request(PendingAction::Quit),
            Command::Undo => match self.doc.undo() {
                Ok(Some(label)) => self.notify_info(format!("Undid: {label}")),
                Ok(None) => {}
                Err(err) => self.notify_error(format!("Could not undo: {err}")),
            },
            Command::Redo | Command::RedoAlt => match self.doc.redo() {
                Ok(Some(label)) => self.notify_info(format!("Redid: {label}")),
                Ok(None) => {}
                Err(err) => self.notify_error(format!("Could not redo: {err}")),
            },
            // On an agreement's Draft page, Find means find in the draft.
            Command::Find
                if self.settings.view == View::Agreements
                    && self.settings.agreement_page == AgreementPage::Draft
                    && self.selected_entity().is_some() =>
            {
                self.focus_find_in_draft = true
            }
            Command::Find => self.focus_search = true,
            Command::FindInDraft => {
                self.settings.view = View::Agreements;
                self.settings.agreement_page = AgreementPage::Draft;
                self.focus_find_in_draft = true;
            }
            Command::ImportCalendar => {
                self.show_dialog(DialogKind::ImportCalendar, DialogPurpose::ImportCalendar)
            }
            Command::ExportCalendar => {
                self.show_dialog(DialogKind::ExportCalendar, DialogPurpose::ExportCalendar)
            }
            Command::DeleteSelected => {
                if let Some(target) = self.selected_entity() {
                    self.handle_request(Request::ConfirmDelete(target));
                }
            }
        }
    }

    fn enabled(&self, command: Command) -> bool {
        match command {
            Command::Undo => self.doc.history().can_undo(),
            Command::Redo | Command::RedoAlt => self.doc.history().can_redo(),
            Command::DeleteSelected => self.selected_entity().is_some(),
            _ => true,
        }
    }

    /// The selected row of the current view.
    pub fn selected_entity(&self) -> Option<EntityRef> {
        let v = &self.views;
        match self.settings.view {
            View::Ports => v.ports.selected.map(EntityRef::Port),
            View::Organisations => v.organisations.selected.map(EntityRef::Organisation),
            View::People => v.people.selected.map(EntityRef::Person),
            View::Agreements => v.agreements.selected.map(EntityRef::Agreement),
            View::Corridors => v.corridors.selected.map(EntityRef::Corridor),
            View::Events => v.events.selected.map(EntityRef::Event),
            View::Schedule => v.schedule.selected.map(EntityRef::Event),
            View::Overview | View::Problems | View::Board => None,
        }
    }

    fn handle_request(&mut self, request: Request) {
        match request {
            Request::Navigate(view) => self.settings.view = view,
            Request::RememberDelegateName(name) => self.settings.delegate_name = name,
            Request::ShowAgreementPage(page) => self.settings.agreement_page = page,
            Request::RestoredRevision(id, number) => self.restored.push((id, number)),
            Request::ExportDraft(id) => {
                self.show_dialog(DialogKind::ExportDraft, DialogPurpose::ExportDraft(id))
            }
            Request::Select(target) => {
                let v = &mut self.views;
                match target {
                    EntityRef::Port(id) => v.ports.select(id),
                    EntityRef::Organisation(id) => v.organisations.select(id),
                    EntityRef::Person(id) => v.people.select(id),
                    EntityRef::Agreement(id) => v.agreements.select(id),
                    EntityRef::Corridor(id) => v.corridors.select(id),
                    EntityRef::Event(id) => v.events.select(id),
                }
                self.settings.view = View::for_kind(target.kind());
            }
            Request::ConfirmDelete(target) => {
                let project = self.doc.project();
                let referrers = referrers(project, target)
                    .into_iter()
                    .map(|r| describe(project, r))
                    .collect();
                self.modal = Some(Modal::ConfirmDelete {
                    target,
                    label: describe(project, target),
                    referrers,
                });
            }
        }
    }

    /// Applies what the views asked for this frame, in order.
    fn drain_outbox(&mut self) {
        let Outbox {
            mut edits,
            requests,
        } = std::mem::take(&mut self.outbox);
        if self.read_only.is_some() && !edits.is_empty() {
            edits.clear();
            self.notify_error(
                "This file is open read-only because a newer version wrote it; use Save As \
                 to make an editable copy"
                    .to_owned(),
            );
        }
        for pending in edits {
            if let Err(err) = self.doc.apply_coalescing(pending.edit, pending.coalesce) {
                self.notify_error(format!("That change was not made: {err}"));
            }
        }
        for request in requests {
            self.handle_request(request);
        }
    }

    // ------------------------------------------------------------------- UI

    /// Draws one frame into `ui` (the whole window). Tests call this directly.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.repaint_handle = Some(ctx.clone());
        if self.applied_theme != Some(self.settings.theme) {
            ctx.set_theme(self.settings.theme.preference());
            self.applied_theme = Some(self.settings.theme);
        }
        // Overdue milestones are judged by the viewer's calendar date.
        let today = (self.clock)().to_zoned(jiff::tz::TimeZone::system()).date();
        self.doc.set_today(Some(today));
        self.poll_dialog();
        let focused = ctx.input(|i| i.focused);
        if focused && !self.window_focused {
            self.check_disk();
        }
        self.window_focused = focused;
        self.handle_dropped_files(&ctx);
        if self.modal.is_none() {
            self.handle_shortcuts(&ctx);
        }
        self.menu_bar_ui(ui);
        self.status_bar_ui(ui);
        self.navigation_ui(ui);
        self.read_only_banner_ui(ui);
        egui::CentralPanel::default_margins().show(ui, |ui| self.view_ui(ui));
        self.modal_ui(&ctx);
        self.drain_outbox();
        self.recovery_tick(&ctx);
        self.focus_search = false;
        self.focus_find_in_draft = false;
    }

    /// Writes unsaved work to the recovery file once edits pause for
    /// [`RECOVERY_DELAY`] seconds; deletes it once the work is saved.
    fn recovery_tick(&mut self, ctx: &egui::Context) {
        let Some(store) = &mut self.recovery else {
            return;
        };
        let generation = self.doc.generation();
        if !self.doc.is_dirty() {
            if store.has_entry() {
                store.clear();
            }
            self.recovery_written_generation = None;
            return;
        }
        if self.recovery_written_generation == Some(generation) {
            return;
        }
        let now = ctx.input(|i| i.time);
        if self.recovery_seen_generation != generation {
            self.recovery_seen_generation = generation;
            self.recovery_changed_at = now;
        }
        let wait = self.recovery_changed_at + RECOVERY_DELAY - now;
        if wait > 0.0 {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
            return;
        }
        let original = match &self.origin {
            Origin::File(path) => Some(path.clone()),
            _ => None,
        };
        match store.write(self.doc.project(), original.as_deref(), (self.clock)()) {
            Ok(()) => self.recovery_written_generation = Some(generation),
            Err(err) => {
                self.recovery_written_generation = Some(generation);
                self.notify_error(format!("Could not write the recovery file: {err}"));
            }
        }
    }

    fn read_only_banner_ui(&mut self, ui: &mut Ui) {
        let Some(newer) = &self.read_only else {
            return;
        };
        let mut save_as = false;
        egui::Panel::top("read-only banner").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!(
                        "Read-only: a newer version of Trade Mission Planner wrote this file \
                         (format {}; this version knows up to {FORMAT_VERSION}). {} you see \
                         what this version understands. Save As makes an editable copy \
                         without them; the original file is never overwritten.",
                        newer.version,
                        if newer.skipped.is_empty() {
                            "No fields were left out;".to_owned()
                        } else {
                            format!(
                                "{} fields it does not know were left out ({}),",
                                newer.skipped.len(),
                                newer
                                    .skipped
                                    .iter()
                                    .take(3)
                                    .cloned()
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        }
                    ))
                    .color(ui.visuals().warn_fg_color),
                );
                save_as = ui.button("Save As…").clicked();
            });
        });
        if save_as {
            self.run_command(Command::SaveAs);
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_path_buf()));
        if let Some(path) = dropped {
            self.request(PendingAction::Open(Some(path)));
        }
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.text_edit_focused();
        for command in Command::ALL {
            let Some(shortcut) = command.shortcut() else {
                continue;
            };
            if typing && command.yields_to_text_fields() {
                continue;
            }
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.run_command(command);
            }
        }
    }

    fn command_button(&mut self, ui: &mut Ui, command: Command) {
        let shortcut = command
            .shortcut()
            .map(|s| ui.ctx().format_shortcut(&s))
            .unwrap_or_default();
        let label = match command {
            Command::Undo => self
                .doc
                .history()
                .undo_label()
                .map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}")),
            Command::Redo => self
                .doc
                .history()
                .redo_label()
                .map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}")),
            _ => command.label().to_owned(),
        };
        let button = egui::Button::new(label).shortcut_text(shortcut);
        if ui
            .add_enabled(self.enabled(command), button)
            .on_hover_text(command.tooltip())
            .clicked()
        {
            ui.close();
            self.run_command(command);
        }
    }

    fn menu_bar_ui(&mut self, ui: &mut Ui) {
        egui::Panel::top("menu bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    self.command_button(ui, Command::New);
                    self.command_button(ui, Command::NewFromSample);
                    self.command_button(ui, Command::Open);
                    ui.menu_button("Open Recent", |ui| {
                        if self.settings.recent.is_empty() {
                            ui.weak("No recent files");
                        }
                        for path in self.settings.recent.clone() {
                            let exists = path.exists();
                            if ui
                                .add_enabled(exists, egui::Button::new(path.display().to_string()))
                                .clicked()
                            {
                                ui.close();
                                self.request(PendingAction::Open(Some(path)));
                            }
                        }
                    });
                    ui.separator();
                    self.command_button(ui, Command::Save);
                    self.command_button(ui, Command::SaveAs);
                    ui.separator();
                    self.command_button(ui, Command::ImportCalendar);
                    self.command_button(ui, Command::ExportCalendar);
                    ui.separator();
                    self.command_button(ui, Command::Close);
                    self.command_button(ui, Command::Quit);
                });
                ui.menu_button("Edit", |ui| {
                    self.command_button(ui, Command::Undo);
                    self.command_button(ui, Command::Redo);
                    ui.separator();
                    self.command_button(ui, Command::Find);
                    self.command_button(ui, Command::FindInDraft);
                    self.command_button(ui, Command::DeleteSelected);
                });
                ui.menu_button("View", |ui| {
                    for view in View::ALL {
                        if ui
                            .selectable_label(self.settings.view == view, view.label())
                            .clicked()
                        {
                            self.settings.view = view;
                            ui.close();
                        }
                    }
                    ui.separator();
                    ui.label("Theme");
                    for (choice, name) in [
                        (ThemeChoice::System, "Follow the system"),
                        (ThemeChoice::Light, "Light"),
                        (ThemeChoice::Dark, "Dark"),
                    ] {
                        ui.radio_value(&mut self.settings.theme, choice, name);
                    }
                });
            });
        });
    }

    fn navigation_ui(&mut self, ui: &mut Ui) {
        let problem_count = self.doc.problems().len();
        let project = self.doc.project();
        egui::Panel::left("navigation")
            .resizable(false)
            .default_size(170.0)
            .show(ui, |ui| {
                ui.add_space(6.0);
                for view in View::ALL {
                    let count = match view {
                        View::Overview => None,
                        View::Ports => Some(project.ports.len()),
                        View::Organisations => Some(project.organisations.len()),
                        View::People => Some(project.people.len()),
                        View::Agreements => Some(project.agreements.len()),
                        View::Corridors => Some(project.corridors.len()),
                        View::Events => Some(project.events.len()),
                        View::Schedule | View::Board => None,
                        View::Problems => Some(problem_count),
                    };
                    let text = match count {
                        Some(n) => format!("{}  ({n})", view.label()),
                        None => view.label().to_owned(),
                    };
                    let button = egui::Button::selectable(self.settings.view == view, text)
                        .min_size(egui::vec2(ui.available_width(), 26.0));
                    if ui.add(button).clicked() {
                        self.settings.view = view;
                    }
                }
            });
    }

    fn status_bar_ui(&mut self, ui: &mut Ui) {
        let now = ui.input(|i| i.time);
        for notice in &mut self.notices {
            notice.shown_at.get_or_insert(now);
        }
        self.notices
            .retain(|n| n.is_error || n.shown_at.is_some_and(|t| now - t < NOTICE_SECONDS));
        // One repaint when the oldest information notice expires; none while idle.
        let next_expiry = self
            .notices
            .iter()
            .filter(|n| !n.is_error)
            .filter_map(|n| n.shown_at)
            .map(|t| NOTICE_SECONDS - (now - t))
            .fold(f64::INFINITY, f64::min);
        if next_expiry.is_finite() {
            let wait = std::time::Duration::from_secs_f64(next_expiry.max(0.0) + 0.05);
            ui.ctx().request_repaint_after(wait);
        }
        egui::Panel::bottom("status bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                let origin = match &self.origin {
                    Origin::File(path) => path.display().to_string(),
                    Origin::Sample => "Sample mission (not saved to a file yet)".to_owned(),
                    Origin::Untitled => "Untitled (not saved to a file yet)".to_owned(),
                };
                ui.weak(origin);
                if self.doc.is_dirty() {
                    ui.label(RichText::new("• Unsaved changes").color(ui.visuals().warn_fg_color));
                }
                if self.pending_dialog.is_some() {
                    ui.spinner();
                    ui.label("Waiting for the file dialog…");
                }
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    let mut dismissed = None;
                    let mut details = None;
                    if let Some((index, notice)) = self.notices.iter().enumerate().next_back() {
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
                        ui.add(
                            egui::Label::new(RichText::new(&notice.text).color(color)).truncate(),
                        )
                        .on_hover_text(&notice.text);
                    }
                    if let Some(index) = dismissed {
                        self.notices.remove(index);
                    }
                    if let Some(text) = details {
                        self.modal = Some(Modal::Report {
                            title: "Message".to_owned(),
                            lines: vec![text],
                        });
                    }
                });
            });
        });
    }

    fn view_ui(&mut self, ui: &mut Ui) {
        let now = (self.clock)();
        let Self {
            doc,
            views,
            outbox,
            settings,
            focus_search,
            focus_find_in_draft,
            ..
        } = self;
        let generation = doc.generation();
        doc.refresh_problems();
        let ctx = ViewCtx {
            project: doc.project(),
            problems: doc.cached_problems(),
            generation,
            now,
            focus_search: *focus_search,
            delegate_name: &settings.delegate_name,
            focus_find_in_draft: *focus_find_in_draft,
            agreement_page: settings.agreement_page,
        };
        match settings.view {
            View::Overview => overview_ui(ui, &ctx, &mut views.overview, outbox),
            View::Ports => list_ui(ui, &ctx, &mut views.ports, outbox),
            View::Organisations => list_ui(ui, &ctx, &mut views.organisations, outbox),
            View::People => list_ui(ui, &ctx, &mut views.people, outbox),
            View::Agreements => list_ui(ui, &ctx, &mut views.agreements, outbox),
            View::Corridors => list_ui(ui, &ctx, &mut views.corridors, outbox),
            View::Events => list_ui(ui, &ctx, &mut views.events, outbox),
            View::Schedule => schedule_ui(ui, &ctx, &mut views.schedule, outbox),
            View::Board => board_ui(ui, &ctx, &mut views.board, outbox),
            View::Problems => problems_ui(ui, &ctx, &mut views.problems, outbox),
        }
    }

    fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(modal) = self.modal.take() else {
            return;
        };
        let keep = match modal {
            Modal::UnsavedChanges { then } => self.unsaved_changes_ui(ctx, then),
            Modal::Recover => self.recover_ui(ctx),
            Modal::ChangedOnDisk { then } => self.changed_on_disk_ui(ctx, then),
            Modal::ReloadOffer => self.reload_offer_ui(ctx),
            Modal::Report { title, lines } => {
                let mut close = false;
                egui::Modal::new(egui::Id::unique("report")).show(ctx, |ui| {
                    ui.set_width(520.0);
                    ui.heading(&title);
                    egui::ScrollArea::vertical()
                        .max_height(360.0)
                        .show(ui, |ui| {
                            for line in &lines {
                                ui.label(format!("• {line}"));
                            }
                        });
                    close = ui.button("OK").clicked();
                });
                (!close).then_some(Modal::Report { title, lines })
            }
            Modal::ConfirmDelete {
                target,
                label,
                referrers,
            } => self.confirm_delete_ui(ctx, target, label, referrers),
            Modal::Chooser {
                mut chooser,
                purpose,
            } => match chooser.ui(ctx) {
                None => Some(Modal::Chooser { chooser, purpose }),
                Some(ChooserOutcome::Cancelled) => None,
                Some(ChooserOutcome::Picked(path)) => {
                    self.dialog_answered(path, purpose);
                    None
                }
            },
        };
        // A modal's button may have opened another modal (Save → file chooser).
        if self.modal.is_none() {
            self.modal = keep;
        }
    }

    fn changed_on_disk_ui(
        &mut self,
        ctx: &egui::Context,
        then: Option<PendingAction>,
    ) -> Option<Modal> {
        enum Answer {
            Overwrite,
            SaveAs,
            Cancel,
        }
        let Origin::File(path) = self.origin.clone() else {
            return None;
        };
        let mut answer = None;
        let response = egui::Modal::new(egui::Id::unique("changed on disk")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.heading("The file changed on disk");
            ui.label(format!(
                "Another program changed or removed {} since you opened it. Saving now \
                 would replace those changes with yours (the replaced version is kept as \
                 the .bak file).",
                path.display()
            ));
            ui.horizontal(|ui| {
                if ui.button("Overwrite").clicked() {
                    answer = Some(Answer::Overwrite);
                }
                if ui.button("Save As…").clicked() {
                    answer = Some(Answer::SaveAs);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(Answer::Cancel);
                }
            });
        });
        if response.should_close() && answer.is_none() {
            answer = Some(Answer::Cancel);
        }
        match answer {
            None => return Some(Modal::ChangedOnDisk { then }),
            Some(Answer::Overwrite) => {
                if self.save_to(&path)
                    && let Some(action) = then
                {
                    self.perform(action);
                }
            }
            Some(Answer::SaveAs) => {
                self.show_dialog(DialogKind::Save, DialogPurpose::SaveAs { then });
            }
            Some(Answer::Cancel) => {}
        }
        None
    }

    fn reload_offer_ui(&mut self, ctx: &egui::Context) -> Option<Modal> {
        let Origin::File(path) = self.origin.clone() else {
            return None;
        };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("reload offer")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.heading("The file changed on disk");
            ui.label(format!(
                "Another program changed {}. You have no unsaved changes here.",
                path.display()
            ));
            ui.horizontal(|ui| {
                if ui.button("Reload").clicked() {
                    answer = Some(true);
                }
                if ui.button("Keep this version").clicked() {
                    answer = Some(false);
                }
            });
        });
        match answer {
            None => Some(Modal::ReloadOffer),
            Some(true) => {
                self.open_file(&path);
                None
            }
            Some(false) => {
                // Keep showing ours; a later Save still asks before overwriting.
                self.doc.mark_unsaved();
                None
            }
        }
    }

    fn recover_ui(&mut self, ctx: &egui::Context) -> Option<Modal> {
        enum Answer {
            Restore(usize),
            Discard(usize),
            Later(usize),
        }
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("recover")).show(ctx, |ui| {
            ui.set_width(520.0);
            ui.heading("Recover unsaved work?");
            ui.label("Trade Mission Planner did not close properly last time. This unsaved work was kept:");
            for (i, work) in self.recovered.iter().enumerate() {
                ui.separator();
                ui.label(RichText::new(&work.title).strong());
                let belongs = match &work.original {
                    Some(path) => format!("Belongs to {}", path.display()),
                    None => "Belongs to a project that was never saved".to_owned(),
                };
                ui.label(belongs);
                let zone = jiff::tz::TimeZone::system();
                ui.weak(format!(
                    "Written {}",
                    work.written_at.to_zoned(zone).strftime("%a %d %b %Y %H:%M:%S %Z")
                ));
                ui.horizontal(|ui| {
                    if ui.button("Restore").clicked() {
                        answer = Some(Answer::Restore(i));
                    }
                    if ui.button("Discard").clicked() {
                        answer = Some(Answer::Discard(i));
                    }
                    if ui.button("Decide later").clicked() {
                        answer = Some(Answer::Later(i));
                    }
                });
            }
        });
        match answer {
            None => {}
            Some(Answer::Restore(i)) => {
                let work = self.recovered.remove(i);
                match work.load() {
                    Ok(project) => {
                        let origin = work.original.clone().map_or(Origin::Untitled, Origin::File);
                        self.replace_document(project, origin);
                        self.doc.mark_unsaved();
                        work.discard();
                        self.notify_info(format!("Restored unsaved work: {}", work.title));
                    }
                    Err(err) => self.notify_error(format!(
                        "The recovered work could not be read: {}",
                        err.with_position()
                    )),
                }
            }
            Some(Answer::Discard(i)) => self.recovered.remove(i).discard(),
            Some(Answer::Later(i)) => {
                self.recovered.remove(i);
            }
        }
        (!self.recovered.is_empty()).then_some(Modal::Recover)
    }

    fn unsaved_changes_ui(&mut self, ctx: &egui::Context, then: PendingAction) -> Option<Modal> {
        enum Answer {
            Save,
            DontSave,
            Cancel,
        }
        let mut answer = None;
        let response = egui::Modal::new(egui::Id::unique("unsaved changes")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.heading("Save changes?");
            ui.label(format!(
                "“{}” has changes that are not saved. They will be lost if you don't save them.",
                self.doc.project().mission.title
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    answer = Some(Answer::Save);
                }
                if ui.button("Don't Save").clicked() {
                    answer = Some(Answer::DontSave);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(Answer::Cancel);
                }
            });
        });
        if response.should_close() && answer.is_none() {
            answer = Some(Answer::Cancel);
        }
        match answer {
            None => Some(Modal::UnsavedChanges { then }),
            Some(Answer::Cancel) => None,
            Some(Answer::DontSave) => {
                self.perform(then);
                None
            }
            Some(Answer::Save) => {
                self.save(Some(then));
                None
            }
        }
    }

    fn confirm_delete_ui(
        &mut self,
        ctx: &egui::Context,
        target: EntityRef,
        label: String,
        referrers: Vec<String>,
    ) -> Option<Modal> {
        let mut answer = None;
        let response = egui::Modal::new(egui::Id::unique("confirm delete")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.heading(format!("Delete {label}?"));
            if referrers.is_empty() {
                ui.label("Nothing else refers to it. You can undo this.");
            } else {
                ui.label(format!(
                    "{} other entries refer to it and will lose the reference (you can undo this):",
                    referrers.len()
                ));
                for name in referrers.iter().take(12) {
                    ui.label(format!("• {name}"));
                }
                if referrers.len() > 12 {
                    ui.weak(format!("… and {} more", referrers.len() - 12));
                }
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Delete").clicked() {
                    answer = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(false);
                }
            });
        });
        if response.should_close() && answer.is_none() {
            answer = Some(false);
        }
        match answer {
            None => Some(Modal::ConfirmDelete {
                target,
                label,
                referrers,
            }),
            Some(true) => {
                self.outbox.edit(Edit::Delete(target));
                None
            }
            Some(false) => None,
        }
    }
}

impl eframe::App for PlannerApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        // The window's close button goes through the same question as Quit.
        if ctx.input(|i| i.viewport().close_requested()) && !self.quit_confirmed {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.request(PendingAction::Quit);
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
