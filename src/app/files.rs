//! File dialogs (native, or the built-in chooser where there is none),
//! saving, and the calendar and draft imports and exports.

use std::path::Path;

use super::PlannerApp;
use super::modals::Modal;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::session::{
    DiskCheck, MergeBase, Merged, OpenFailure, PreparedMerge, SaveTarget,
    prepare_disk_merge_watched, prepare_file_merge_watched,
};
use crate::commands::{Command, DialogPurpose, Replace};
use crate::io::file_stem;
use crate::io::progress::Progress;
use crate::io::project_file::with_project_extension;
use crate::model::{Agreement, AgreementId, Person, PersonId};
use crate::ui::View;
use crate::ui::dialogs::{DialogKind, DialogOutcome, FileDialogs, PendingDialog};
use crate::ui::file_chooser::FileChooser;

/// Work running off the UI thread (one at a time), and what its result is for.
pub(super) enum Job {
    Merge {
        receiver: Receiver<Result<PreparedMerge, String>>,
        from: String,
        /// Set for the file's own changes on disk: what to do after saving.
        disk_then: Option<Option<Replace>>,
    },
    ReadWord {
        receiver: Receiver<Result<crate::io::docx_import::DocxDraft, String>>,
        agreement: AgreementId,
        source: String,
    },
    ImportCalendar {
        receiver: Receiver<Result<super::calendar_import::PreparedImport, String>>,
        source: String,
    },
    Briefing {
        receiver: Receiver<Result<super::briefing_export::TypesetBook, String>>,
    },
    ImportTable {
        receiver: Receiver<Result<super::table_import::PreparedTableImport, String>>,
        source: String,
    },
    /// A large project being read to open.
    Open {
        receiver: super::opening::Reading,
        path: std::path::PathBuf,
    },
    /// Protected recovered work being decrypted.
    Restore {
        receiver: Receiver<Result<crate::model::Project, super::session::OpenFailure>>,
        work: crate::io::recovery::RecoveredWork,
        passphrase: crate::io::protect::Passphrase,
    },
    /// A protected copy being decrypted to compare with.
    Compare {
        receiver: Receiver<Result<Compared, OpenFailure>>,
        path: std::path::PathBuf,
    },
    /// A protected project being encrypted and saved.
    Save {
        receiver: Receiver<Result<super::session::WrittenSave, String>>,
        path: std::path::PathBuf,
        then: Option<Replace>,
    },
}

impl Job {
    /// Whether Cancel is safe: the job only reads and computes, and nothing
    /// changes until its result is taken. A save being written, and the
    /// opening, restoring and typesetting that have their own window, are not.
    pub(super) fn cancellable(&self) -> bool {
        matches!(
            self,
            Self::Merge { .. }
                | Self::ReadWord { .. }
                | Self::ImportCalendar { .. }
                | Self::ImportTable { .. }
                | Self::Compare { .. }
        )
    }

    /// What the status bar says while it runs.
    pub(super) fn label(&self) -> &'static str {
        match self {
            Self::Merge { .. } => "Merging…",
            Self::ReadWord { .. } => "Reading the Word file…",
            Self::ImportCalendar { .. } => "Reading the calendar…",
            Self::Briefing { .. } => "Typesetting the briefing book…",
            Self::ImportTable { .. } => "Reading the file…",
            Self::Open { .. } | Self::Restore { .. } => "Opening the project…",
            Self::Save { .. } => "Saving…",
            Self::Compare { .. } => "Reading the other copy…",
        }
    }
}

/// What differs between the open project and another copy, worked out off
/// the UI thread.
pub(super) struct Compared {
    text: String,
    drafts: Vec<(String, String, String)>,
}

/// The file dialogs and the one that is open, if any.
pub(super) struct Files {
    dialogs: Box<dyn FileDialogs>,
    pending: Option<(PendingDialog, DialogPurpose)>,
    /// A native dialog came back at once: use the built-in chooser from now on.
    native_unavailable: bool,
    /// Lets a dialog's worker thread wake the UI when it has an answer.
    pub(super) repaint: Option<egui::Context>,
}

impl Files {
    pub(super) fn new(dialogs: Box<dyn FileDialogs>) -> Self {
        Self {
            dialogs,
            pending: None,
            native_unavailable: false,
            repaint: None,
        }
    }

    /// The window's context, once it has drawn (for the clipboard).
    pub(super) fn repaint_handle(&self) -> Option<&egui::Context> {
        self.repaint.as_ref()
    }

    pub(super) fn set_repaint_handle(&mut self, ctx: &egui::Context) {
        if self.repaint.is_none() {
            self.repaint = Some(ctx.clone());
        }
    }

    /// Whether a native dialog is open.
    pub(super) fn is_waiting(&self) -> bool {
        self.pending.is_some()
    }
}

impl PlannerApp {
    /// Asks for a file with a native dialog, or the built-in chooser.
    pub(super) fn show_dialog(&mut self, kind: DialogKind, purpose: DialogPurpose) {
        if let Some(note) = self.export_note(kind) {
            self.notices.info(note);
        }
        let start = self.session.start_dir();
        let name = self.suggested_file_name(kind, &purpose);
        if self.files.native_unavailable {
            let chooser =
                FileChooser::new(kind, &start, name.as_deref()).with_note(self.export_note(kind));
            self.modals.push(Modal::chooser(chooser, purpose));
            return;
        }
        let repaint = self.files.repaint.clone();
        let pending = self.files.dialogs.show(
            kind,
            Some(start),
            name,
            Box::new(move || {
                if let Some(ctx) = &repaint {
                    ctx.request_repaint();
                }
            }),
        );
        self.files.pending = Some((pending, purpose));
    }

    /// The file name a dialog proposes: the mission's title for the project
    /// and its calendar (with the person's name for one person's agenda), the
    /// agreement's title for its draft.
    fn suggested_file_name(&self, kind: DialogKind, purpose: &DialogPurpose) -> Option<String> {
        let project = self.session.project();
        let stem = self.session.suggested_name().replace(".mission.ron", "");
        match (kind, purpose) {
            (DialogKind::Save, _) => Some(self.session.suggested_name()),
            (DialogKind::ExportCalendar, DialogPurpose::ExportCalendar { person, .. }) => {
                let person = person.and_then(|p| crate::model::entity::find::<Person>(project, p));
                Some(match person {
                    Some(person) => format!("{stem}-{}.ics", file_stem(&person.name, "person")),
                    None => format!("{stem}.ics"),
                })
            }
            (DialogKind::ExportMap, _) => Some(format!("{stem}-map.png")),
            (DialogKind::ExportBriefing, DialogPurpose::ExportBriefing { person, .. }) => Some(
                match person.and_then(|p| crate::model::entity::find::<Person>(project, p)) {
                    Some(person) => {
                        format!("{stem}-{}-itinerary.pdf", file_stem(&person.name, "person"))
                    }
                    None => format!("{stem}-briefing.pdf"),
                },
            ),
            (DialogKind::ExportContacts, DialogPurpose::ExportContacts { of }) => Some(
                match of.and_then(|of| crate::model::entity::name_of(project, of)) {
                    Some(name) => format!("{stem}-{}-contacts.vcf", file_stem(name, "contacts")),
                    None => format!("{stem}-contacts.vcf"),
                },
            ),
            (DialogKind::ExportSpreadsheet, DialogPurpose::ExportSpreadsheet { sheet, .. }) => {
                Some(format!("{stem}-{}.csv", sheet.label().to_lowercase()))
            }
            (DialogKind::ExportDraft, DialogPurpose::ExportDraft(id)) => {
                crate::model::entity::find::<Agreement>(project, *id)
                    .map(|a| format!("{}.docx", file_stem(&a.title, "draft")))
            }
            _ => None,
        }
    }

    /// Takes a native dialog's answer once it has one.
    pub(super) fn poll_dialog(&mut self) {
        let Some((pending, _)) = &self.files.pending else {
            return;
        };
        let Some(outcome) = pending.poll() else {
            return;
        };
        let Some((pending, purpose)) = self.files.pending.take() else {
            return;
        };
        match outcome {
            DialogOutcome::Picked(path) => {
                self.outbox.command(Command::DialogAnswered(purpose, path));
            }
            DialogOutcome::Cancelled => {}
            DialogOutcome::Unavailable => {
                self.files.native_unavailable = true;
                self.notices.info(
                    "No system file dialog is available (no XDG desktop portal or zenity); \
                     using the built-in chooser"
                        .to_owned(),
                );
                let name = self.suggested_file_name(pending.kind, &purpose);
                let chooser =
                    FileChooser::new(pending.kind, &self.session.start_dir(), name.as_deref())
                        .with_note(self.export_note(pending.kind));
                self.modals.push(Modal::chooser(chooser, purpose));
            }
        }
    }

    pub(super) fn dialog_answered(&mut self, purpose: DialogPurpose, path: std::path::PathBuf) {
        match purpose {
            // Asks first if there is unsaved work.
            DialogPurpose::Open => self.replace_document(Replace::Open(path)),
            DialogPurpose::ImportCalendar => self.import_calendar(&path),
            DialogPurpose::ExportCalendar { person, remind } => {
                self.export_calendar(&path, person, remind)
            }
            DialogPurpose::ExportBriefing { pdf, .. } => self.write_briefing(&pdf, &path),
            DialogPurpose::ExportMap { view, filters } => self.export_map(&view, &filters, &path),
            DialogPurpose::ImportContacts => self.import_contacts(&path),
            DialogPurpose::ExportContacts { of } => self.export_contacts(&path, of),
            DialogPurpose::ImportSpreadsheet => self.import_spreadsheet(&path),
            DialogPurpose::ExportSpreadsheet { sheet, separator } => {
                self.export_spreadsheet(sheet, separator, &path)
            }
            DialogPurpose::ExportDraft(id) => self.export_draft(id, &path),
            DialogPurpose::MergeCopy => self.merge_copy(&path, None),
            DialogPurpose::CompareWith => self.compare_with(&path, None),
            DialogPurpose::ImportDraft(id) => self.read_draft_from_word(id, &path),
            DialogPurpose::SaveAs { then } => self.save_as_to(&with_project_extension(path), then),
        }
    }

    /// Save, then carry on with `then` if it worked.
    pub(super) fn save(&mut self, then: Option<Replace>) {
        match self.session.save_target() {
            SaveTarget::File(path) => self.save_to_then(&path, then),
            SaveTarget::ChangedOnDisk(path) => {
                self.modals.push(Modal::changed_on_disk(path, then));
            }
            SaveTarget::NeedsName => self.save_as(then),
        }
    }

    pub(super) fn save_as(&mut self, then: Option<Replace>) {
        self.show_dialog(DialogKind::Save, DialogPurpose::SaveAs { then });
    }

    /// Save As chose `path`. The open file itself is not a way around the
    /// questions Save asks: a newer app's file is never overwritten, and one
    /// another program changed asks first.
    fn save_as_to(&mut self, path: &Path, then: Option<Replace>) {
        let same_file = self.session.path() == Some(path);
        if same_file && self.session.read_only().is_some() {
            self.notices.error(format!(
                "A newer version of Trade Mission Planner wrote this file, so it is not \
                 overwritten; choose another name: {}",
                path.display()
            ));
        } else if same_file && self.session.changed_on_disk() {
            self.modals
                .push(Modal::changed_on_disk(path.to_path_buf(), then));
        } else {
            self.save_to_then(path, then);
        }
    }

    /// Saves to `path`, then goes on with `then`; on failure the document
    /// stays unsaved, the user is told why, and `then` is dropped.
    pub(super) fn save_to_then(&mut self, path: &Path, then: Option<Replace>) {
        let prepared = match self.session.prepare_save(path) {
            Ok(prepared) => prepared,
            Err(err) => return self.saved(path, Err(err), then),
        };
        // Encrypting takes a moment (scrypt): on another thread, with the
        // window saying so; one job at a time, so otherwise here.
        if prepared.is_protected() && self.job.is_none() {
            let receiver = self.in_background(move || prepared.write());
            self.show_saving(path);
            self.job = Some(Job::Save {
                receiver,
                path: path.to_path_buf(),
                then,
            });
            return;
        }
        let written = prepared.write();
        self.saved(path, written, then);
    }

    /// A save written (or not): recorded and said, then `then`.
    pub(super) fn saved(
        &mut self,
        path: &Path,
        written: Result<super::session::WrittenSave, String>,
        then: Option<Replace>,
    ) {
        self.modals.retain(|m| !matches!(m, Modal::Saving(_)));
        // What was asked while the save was written (Quit, the window's
        // close button) goes on now, asking again if the save failed.
        if let Some(replace) = self.after_save.take() {
            self.outbox.command(Command::Replace(replace));
        }
        match written.map(|written| self.session.finish_save(written)) {
            Ok(()) => {
                self.settings.remember_file(path);
                self.notices.succeeded("save");
                self.notices.info(format!("Saved {}", path.display()));
                // Half-typed values are not in the project: say which.
                if !self.unsaved_texts.is_empty() {
                    self.notices.error(format!(
                        "Saved, but not what these fields show, which is not a value yet: {}",
                        self.unsaved_texts.join("; ")
                    ));
                }
                if let Some(replace) = then {
                    self.run_command(Command::ReplaceDiscarding(replace));
                }
            }
            Err(err) => {
                log::warn!("save failed");
                self.notices
                    .error(format!("Could not save: {err}: {}", path.display()));
            }
        }
    }

    /// Merges a colleague's copy into the open project: prepared off the UI
    /// thread, then previewed.
    /// A protected copy opens with `passphrase`, else with the project's
    /// own; without either, it is asked for.
    pub(super) fn merge_copy(
        &mut self,
        path: &Path,
        passphrase: Option<crate::io::protect::Passphrase>,
    ) {
        if self.session.path() == Some(path) && !self.session.changed_on_disk() {
            self.notices.info(format!(
                "That is this project's own file, unchanged: nothing to merge: {}",
                path.display()
            ));
            return;
        }
        let Some(key) = self.key_for_other_copy(path, passphrase, |path| {
            super::protection::Unlock::MergeCopy(path)
        }) else {
            return;
        };
        let inputs = self.session.merge_inputs().with_key(key);
        let owned = path.to_path_buf();
        let receiver = self.watched_in_background(move |progress| {
            prepare_file_merge_watched(inputs, &owned, progress)
        });
        self.job = Some(Job::Merge {
            receiver,
            from: path.display().to_string(),
            disk_then: None,
        });
    }

    /// The changed-on-disk question's Merge: the file's changes join ours
    /// (previewed first), then the save (or replacement) that asked goes on.
    pub(super) fn merge_disk_then(&mut self, then: Option<Replace>) {
        let inputs = self.session.merge_inputs();
        let receiver = self
            .watched_in_background(move |progress| prepare_disk_merge_watched(inputs, progress));
        let from = self
            .session
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        self.job = Some(Job::Merge {
            receiver,
            from,
            disk_then: Some(then),
        });
    }

    /// Runs `work` on another thread; the window repaints when it is done.
    pub(super) fn in_background<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Receiver<T> {
        let (sender, receiver) = channel();
        let repaint = self.files.repaint.clone();
        std::thread::spawn(move || {
            let _ = sender.send(work());
            if let Some(ctx) = repaint {
                ctx.request_repaint();
            }
        });
        receiver
    }

    /// [`Self::in_background`] for a job the person may cancel: `work` is
    /// given the job's progress to report to and to check for Cancel.
    pub(super) fn watched_in_background<T: Send + 'static>(
        &mut self,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> Receiver<T> {
        // The window repaints while a job runs (see `poll_job`): the bar moves.
        let progress = Progress::new();
        self.job_progress = Some(progress.clone());
        self.job_document = Some(self.session.document().serial());
        self.in_background(move || work(&progress))
    }

    /// Cancel beside a job's progress: what it computed is dropped unseen
    /// (nothing changes until a result is taken), and the work is asked to
    /// stop early.
    pub(super) fn cancel_job(&mut self) {
        if !self.job.as_ref().is_some_and(Job::cancellable) {
            return;
        }
        if let Some(progress) = self.job_progress.take() {
            progress.cancel();
        }
        if let Some(job) = self.job.take() {
            let what = job.label().trim_end_matches('…');
            self.notices
                .info(format!("Cancelled ({what}); nothing changed"));
        }
    }

    /// How far the running job has got, if it says, and whether it may be
    /// cancelled: for the status bar.
    pub(super) fn job_progress(&self) -> (Option<f32>, bool) {
        let fraction = self.job_progress.as_ref().and_then(Progress::fraction);
        let cancellable = self.job.as_ref().is_some_and(Job::cancellable);
        (fraction, cancellable)
    }

    /// Takes the background job's result once it has one.
    pub(super) fn poll_job(&mut self, ctx: &egui::Context) {
        let Some(job) = self.job.take() else {
            return;
        };
        // Given back to a job still running; a job its result starts has its own.
        let waiting = self.job_progress.take();
        // Another project was opened (or New, or a restore) while it ran:
        // what it worked out was for the one that went (a merge applied
        // over the new one replaced its content).
        if job.cancellable()
            && self
                .job_document
                .is_some_and(|serial| serial != self.session.document().serial())
        {
            if let Some(progress) = waiting {
                progress.cancel();
            }
            let what = job.label().trim_end_matches('…').to_owned();
            self.notices.info(format!(
                "Cancelled ({what}): it was for the project that was closed"
            ));
            self.job_document = None;
            return;
        }
        match job {
            Job::Open { receiver, path } => match receiver.try_recv() {
                Ok(read) => self.adopt_read(&path, read),
                Err(TryRecvError::Empty) => {
                    self.keep_waiting(Job::Open { receiver, path }, waiting)
                }
                Err(TryRecvError::Disconnected) => {
                    self.adopt_read(
                        &path,
                        Err(OpenFailure::Other("the reading stopped".to_owned())),
                    );
                }
            },
            Job::Restore {
                receiver,
                work,
                passphrase,
            } => match receiver.try_recv() {
                Ok(read) => self.restore_read(work, &passphrase, read),
                Err(TryRecvError::Empty) => {
                    self.keep_waiting(
                        Job::Restore {
                            receiver,
                            work,
                            passphrase,
                        },
                        waiting,
                    );
                }
                Err(TryRecvError::Disconnected) => self
                    .notices
                    .error("Reading the recovered work stopped unexpectedly".to_owned()),
            },
            Job::Compare { receiver, path } => match receiver.try_recv() {
                Ok(read) => self.compared(&path, read),
                Err(TryRecvError::Empty) => {
                    self.keep_waiting(Job::Compare { receiver, path }, waiting)
                }
                Err(TryRecvError::Disconnected) => self.compared(
                    &path,
                    Err(OpenFailure::Other(
                        "reading stopped unexpectedly".to_owned(),
                    )),
                ),
            },
            Job::Save {
                receiver,
                path,
                then,
            } => match receiver.try_recv() {
                Ok(written) => self.saved(&path, written, then),
                Err(TryRecvError::Empty) => self.keep_waiting(
                    Job::Save {
                        receiver,
                        path,
                        then,
                    },
                    waiting,
                ),
                Err(TryRecvError::Disconnected) => {
                    self.saved(&path, Err("saving stopped unexpectedly".to_owned()), then);
                }
            },
            Job::Merge {
                receiver,
                from,
                disk_then,
            } => match receiver.try_recv() {
                Ok(Ok(prepared)) => {
                    self.notices.succeeded("merge");
                    self.modals
                        .push(Modal::merge_preview(prepared, from, disk_then));
                }
                // A colleague's copy under another passphrase: ask for it.
                Ok(Err(err))
                    if disk_then.is_none()
                        && err == crate::io::protect::ProtectError::WrongPassphrase.to_string() =>
                {
                    self.ask_passphrase(
                        super::protection::Unlock::MergeCopy(std::path::PathBuf::from(&from)),
                        Some("That passphrase does not open this copy".to_owned()),
                    );
                }
                Ok(Err(err)) => self
                    .notices
                    .error(format!("Could not merge: {err}: {from}")),
                Err(TryRecvError::Empty) => {
                    self.keep_waiting(
                        Job::Merge {
                            receiver,
                            from,
                            disk_then,
                        },
                        waiting,
                    );
                }
                Err(TryRecvError::Disconnected) => {
                    self.notices
                        .error(format!("The merge stopped unexpectedly: {from}"));
                }
            },
            Job::ReadWord {
                receiver,
                agreement,
                source,
            } => match receiver.try_recv() {
                Ok(Ok(draft)) => {
                    match crate::model::entity::find::<Agreement>(self.session.project(), agreement)
                    {
                        Some(found) => {
                            let modal = Modal::import_draft(found, draft, source);
                            self.modals.push(modal);
                        }
                        None => self.notices.error(
                            "The agreement was deleted while its Word file was read".to_owned(),
                        ),
                    }
                }
                Ok(Err(err)) => self
                    .notices
                    .error(format!("Could not read the Word file: {err}: {source}")),
                Err(TryRecvError::Empty) => {
                    self.keep_waiting(
                        Job::ReadWord {
                            receiver,
                            agreement,
                            source,
                        },
                        waiting,
                    );
                }
                Err(TryRecvError::Disconnected) => self.notices.error(format!(
                    "Reading the Word file stopped unexpectedly: {source}"
                )),
            },
            Job::ImportCalendar { receiver, source } => match receiver.try_recv() {
                Ok(Ok(prepared)) => self.modals.push(Modal::import_calendar(prepared)),
                Ok(Err(err)) => self
                    .notices
                    .error(format!("Could not import the calendar: {err}: {source}")),
                Err(TryRecvError::Empty) => {
                    self.keep_waiting(Job::ImportCalendar { receiver, source }, waiting);
                }
                Err(TryRecvError::Disconnected) => self.notices.error(format!(
                    "Reading the calendar stopped unexpectedly: {source}"
                )),
            },
            Job::ImportTable { receiver, source } => match receiver.try_recv() {
                Ok(Ok(prepared)) => self.table_import_ready(prepared),
                Ok(Err(err)) => self
                    .notices
                    .error(format!("Could not import: {err}: {source}")),
                Err(TryRecvError::Empty) => {
                    self.keep_waiting(Job::ImportTable { receiver, source }, waiting)
                }
                Err(TryRecvError::Disconnected) => self
                    .notices
                    .error(format!("Reading stopped unexpectedly: {source}")),
            },
            Job::Briefing { receiver } => match receiver.try_recv() {
                Ok(book) => self.briefing_typeset(book),
                Err(TryRecvError::Empty) => self.keep_waiting(Job::Briefing { receiver }, waiting),
                Err(TryRecvError::Disconnected) => {
                    self.briefing_typeset(Err("typesetting stopped unexpectedly".to_owned()))
                }
            },
        }
        if self.job.is_some() {
            // The worker wakes the window too; this covers a missed wake.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// The job polled is still running: it keeps its progress.
    fn keep_waiting(&mut self, job: Job, progress: Option<Progress>) {
        self.job = Some(job);
        self.job_progress = progress;
    }

    /// Applies a previewed merge; for the file's own changes on disk, saves
    /// then (unless there are conflicts to decide first).
    pub(super) fn apply_merge(
        &mut self,
        prepared: crate::app::session::PreparedMerge,
        from: &str,
        disk_then: Option<Option<Replace>>,
    ) {
        let merged = match self.session.apply_merge(prepared) {
            Ok(merged) => merged,
            Err(err) => {
                self.notices.error(format!("Could not merge: {err}"));
                return;
            }
        };
        self.report_merge(&merged, from);
        let Some(then) = disk_then else {
            return;
        };
        // With conflicts to decide, saving waits for the delegate.
        if merged.new_conflicts == 0 {
            self.save(then);
            if !self.session.is_dirty() {
                self.notices.info(format!(
                    "The other program's changes are merged into yours, and saved: {from}"
                ));
            }
        } else {
            self.notices.info(format!(
                "Not saved yet: decide the conflicts in Merge review, then save: {from}"
            ));
        }
    }

    fn report_merge(&mut self, merged: &Merged, from: &str) {
        let how = match merged.base {
            MergeBase::Common => "",
            MergeBase::TwoWay => " (two-way: no common version known here)",
        };
        let what = match (merged.changed, merged.new_conflicts) {
            (false, _) => "nothing to add: this project already has all of it".to_owned(),
            (true, 0) => "merged cleanly (Undo takes it back)".to_owned(),
            (true, 1) => "merged with 1 conflict to decide".to_owned(),
            (true, n) => format!("merged with {n} conflicts to decide"),
        };
        self.notices.info(format!("{from}: {what}{how}."));
        if merged.new_conflicts > 0 {
            self.settings.view = View::MergeReview;
        }
    }

    /// Reads a Word file back and asks whose revision it is, with a preview
    /// against the current draft and what was normalised.
    fn read_draft_from_word(&mut self, id: AgreementId, path: &Path) {
        use crate::io::docx_import::{MAX_DOCX_BYTES, docx_to_markdown};
        let owned = path.to_path_buf();
        let receiver = self.watched_in_background(move |progress| {
            // Two stages for the bar: reading the file, then its text.
            progress.set(0, 2);
            let bytes =
                crate::io::read_regular_file(&owned, MAX_DOCX_BYTES).map_err(|e| e.to_string())?;
            progress.set(1, 2);
            if progress.is_cancelled() {
                return Err("cancelled".to_owned());
            }
            let draft = docx_to_markdown(&bytes).map_err(|e| e.to_string());
            progress.set(2, 2);
            draft
        });
        let source = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.job = Some(Job::ReadWord {
            receiver,
            agreement: id,
            source,
        });
    }

    /// Records a previewed Word draft as the agreement's next revision (one
    /// undo step) and shows its redline against the current draft.
    pub(super) fn record_imported_draft(
        &mut self,
        id: AgreementId,
        draft: &crate::io::docx_import::DocxDraft,
        author: &str,
        source: &str,
    ) {
        let Some(agreement) = crate::model::entity::find::<Agreement>(self.session.project(), id)
        else {
            return;
        };
        let number = agreement.next_revision_number();
        let edit =
            crate::io::docx_import::revision_edit(agreement, draft, author, source, (self.clock)());
        if let Err(err) = self.session.apply(edit, None) {
            self.notices
                .error(format!("The revision was not recorded: {err}"));
            return;
        }
        self.notices.info(format!(
            "Recorded revision {number} by {} from {source}; its redline against the current \
             draft is below the draft",
            author.trim()
        ));
        self.run_command(Command::Select(crate::model::EntityRef::Agreement(id)));
        self.settings.agreement_page = crate::ui::AgreementPage::Draft;
        self.focus.reveal_revision = Some((id, number));
    }

    /// Shows what differs between the open project and another file.
    pub(super) fn compare_with(
        &mut self,
        path: &Path,
        passphrase: Option<crate::io::protect::Passphrase>,
    ) {
        let Some(key) = self.key_for_other_copy(path, passphrase, |path| {
            super::protection::Unlock::CompareWith(path)
        }) else {
            return;
        };
        // Reading a large copy (or decrypting one) and describing every
        // difference take seconds: on another thread, with the bar.
        let owned = path.to_path_buf();
        let (ours, _) = self.session.import_inputs();
        let receiver = self.watched_in_background(move |progress| {
            progress.set(0, 2);
            let other = crate::io::project_file::load_file_with(&owned, key.as_ref())
                .map_err(super::session::OpenFailure::from)?;
            progress.set(1, 2);
            if progress.is_cancelled() {
                return Err(super::session::OpenFailure::Other("cancelled".to_owned()));
            }
            let compared = Compared {
                text: crate::merge::compare::compare(&ours, &other),
                drafts: crate::merge::compare::changed_drafts(&ours, &other),
            };
            progress.set(2, 2);
            Ok(compared)
        });
        self.job = Some(Job::Compare {
            receiver,
            path: path.to_path_buf(),
        });
    }

    /// Shows how the open project differs from the other copy read.
    pub(super) fn compared(
        &mut self,
        path: &Path,
        read: Result<Compared, super::session::OpenFailure>,
    ) {
        use super::protection::Unlock;
        use super::session::OpenFailure;
        match read {
            Ok(Compared { text, drafts }) => {
                self.notices.succeeded("compare");
                self.modals.push(Modal::compare(path, text, drafts));
            }
            Err(OpenFailure::NeedsPassphrase | OpenFailure::WrongPassphrase) => self
                .ask_passphrase(
                    Unlock::CompareWith(path.to_path_buf()),
                    Some("That passphrase does not open this file".to_owned()),
                ),
            Err(err) => self
                .notices
                .error(format!("Could not compare: {err}: {}", path.display())),
        }
    }

    /// On regaining focus: has the file changed under us?
    pub(super) fn check_disk(&mut self) {
        match self.session.check_disk() {
            DiskCheck::Unchanged => {}
            DiskCheck::ChangedWhileEditing(path) => self.notices.info(format!(
                "Another program changed the file; Save will ask before overwriting it: {}",
                path.display()
            )),
            DiskCheck::ChangedOffersReload(path) => self.modals.push(Modal::reload_offer(path)),
        }
    }

    fn export_draft(&mut self, id: AgreementId, path: &Path) {
        let Some(agreement) = crate::model::entity::find::<Agreement>(self.session.project(), id)
        else {
            return;
        };
        let info = crate::io::docx::DocumentInfo {
            author: self.settings.delegate_name.clone(),
            written_at: (self.clock)(),
        };
        match crate::io::docx::export_draft(&agreement.draft, path, &info) {
            Ok(written) => self.exported(format!("Exported the draft to {}", written.display())),
            Err(err) => self.notices.error(format!(
                "Could not export the draft: {err}: {}",
                crate::io::docx::draft_export_path(path).display()
            )),
        }
    }

    fn export_calendar(&mut self, path: &Path, person: Option<PersonId>, remind: Option<u32>) {
        let path = if path.extension().is_none() {
            path.with_extension("ics")
        } else {
            path.to_path_buf()
        };
        let project = self.session.project();
        let text = crate::io::ics::export_ics_with(project, person, remind, (self.clock)());
        match crate::io::write_atomic(&path, text.as_bytes()) {
            Ok(()) => {
                let whose = person
                    .and_then(|p| crate::model::entity::find::<Person>(project, p))
                    .map_or_else(
                        || "all events".to_owned(),
                        |p| format!("{}'s agenda", p.name),
                    );
                self.exported(format!("Exported {whose} to {}", path.display()));
            }
            Err(err) => self
                .notices
                .error(format!("Could not export: {err}: {}", path.display())),
        }
    }
}
