//! The questions shown over the window, one type each. A modal's `ui` draws
//! it and returns what it asks the app to do as a [`Command`]; whatever was
//! waiting for the answer travels inside the modal and then the command.

use std::path::PathBuf;

use egui::{Key, RichText};

use super::PlannerApp;
use super::session::PreparedMerge;
use crate::commands::{Command, DialogPurpose, Replace};
use crate::io::recovery::RecoveredWork;
use crate::model::redline::Redline;
use crate::model::{EntityRef, MissionInfo};
use crate::ui::file_chooser::{ChooserOutcome, FileChooser};
use crate::ui::mission::{dates_problem, mission_fields_ui};

mod results;

pub(super) use results::{Compare, ImportDraft, MergePreview, Report};

/// A question over the window.
pub(super) enum Modal {
    NewMission(NewMission),
    UnsavedChanges(UnsavedChanges),
    ConfirmDelete(ConfirmDelete),
    Chooser(Chooser),
    Recover(Recover),
    ChangedOnDisk(ChangedOnDisk),
    ReloadOffer(ReloadOffer),
    Report(Report),
    Compare(Compare),
    ImportDraft(ImportDraft),
    MergePreview(MergePreview),
    ImportCalendar(super::calendar_import::ImportPreview),
    Briefing(super::briefing_export::BriefingPreview),
    TableImport(super::table_import::TableImportPreview),
    SpreadsheetExport(super::table_import::SpreadsheetExport),
    CalendarExport(super::calendar_export::CalendarExport),
    PortCatalogue(super::port_catalogue::PortCatalogue),
    Palette(super::palette::Palette),
    ThisIsMe(super::me::ThisIsMe),
    Opening(super::opening::Opening),
    Passphrase(super::protection::PassphrasePrompt),
    NewPassphrase(super::protection::NewPassphrase),
    Saving(super::protection::Saving),
}

/// Whether the delegate dismissed a modal this frame (Esc, or a click beside
/// it), unless that key or click was closing one of its drop-down lists:
/// `list_was_open` is read before the modal draws, since the list closes
/// while it does.
pub(super) fn dismissed<T>(
    ctx: &egui::Context,
    response: &egui::ModalResponse<T>,
    list_was_open: bool,
) -> bool {
    !list_was_open && (response.should_close() || ctx.input(|i| i.key_pressed(Key::Escape)))
}

/// Enter with no control focused (after a click on a picture or on empty
/// space) is the dialog's default button, as in desktop dialogs; with a
/// control focused, Enter is that control's.
pub(super) fn enter_for_default(ctx: &egui::Context, list_was_open: bool) -> bool {
    !list_was_open
        && ctx.input(|i| i.key_pressed(Key::Enter))
        && ctx.memory(|m| m.focused().is_none())
}

/// What a modal's frame came to.
pub(super) enum Answer {
    /// Still open.
    Open,
    /// Closed, with nothing to do.
    Closed,
    /// Closed; run this.
    Run(Command),
    /// Still open (it has more to ask); run this.
    RunAndStay(Command),
}

impl Modal {
    pub(super) fn new_mission(mission: MissionInfo) -> Self {
        Self::NewMission(NewMission {
            mission,
            focused: false,
        })
    }

    pub(super) fn unsaved_changes(then: Replace) -> Self {
        Self::UnsavedChanges(UnsavedChanges { then })
    }

    pub(super) fn confirm_delete(target: EntityRef, label: String, referrers: Vec<String>) -> Self {
        Self::ConfirmDelete(ConfirmDelete {
            target,
            label,
            referrers,
        })
    }

    pub(super) fn chooser(chooser: FileChooser, purpose: DialogPurpose) -> Self {
        Self::Chooser(Chooser { chooser, purpose })
    }

    pub(super) fn recover(work: Vec<RecoveredWork>) -> Self {
        Self::Recover(Recover { work })
    }

    pub(super) fn changed_on_disk(path: PathBuf, then: Option<Replace>) -> Self {
        Self::ChangedOnDisk(ChangedOnDisk { path, then })
    }

    pub(super) fn reload_offer(path: PathBuf) -> Self {
        Self::ReloadOffer(ReloadOffer { path })
    }

    pub(super) fn report(title: &str, lines: Vec<String>) -> Self {
        Self::Report(Report {
            title: title.to_owned(),
            lines,
            focused: false,
        })
    }

    /// What differs between the open project and `path`: the comparison's
    /// lines, and each changed draft as (title, ours, theirs).
    pub(super) fn compare(
        path: &std::path::Path,
        text: String,
        drafts: Vec<(String, String, String)>,
    ) -> Self {
        Self::Compare(Compare {
            title: format!("Compared with {}", path.display()),
            lines: text.lines().map(str::to_owned).collect(),
            drafts: drafts
                .into_iter()
                .map(|(title, old, new)| (title, Redline::between(&old, &new)))
                .collect(),
            focused: false,
            in_drafts: false,
        })
    }

    /// A draft read from Word, before it becomes a revision: whose it is,
    /// what changes against the current draft, what was normalised.
    pub(super) fn import_draft(
        agreement: &crate::model::Agreement,
        draft: crate::io::docx_import::DocxDraft,
        source: String,
    ) -> Self {
        Self::ImportDraft(ImportDraft {
            agreement: agreement.id,
            title: agreement.title.clone(),
            redline: Redline::between(&agreement.draft, &draft.text),
            draft,
            source,
            author: String::new(),
            focused: false,
        })
    }

    /// A merge computed and not yet applied; `disk_then` is set for the
    /// file's own changes on disk (what to do after saving).
    pub(super) fn merge_preview(
        prepared: PreparedMerge,
        from: String,
        disk_then: Option<Option<Replace>>,
    ) -> Self {
        let lines = prepared.changes.lines().map(str::to_owned).collect();
        Self::MergePreview(MergePreview {
            prepared: Box::new(prepared),
            from,
            disk_then,
            lines,
        })
    }

    /// A calendar import computed and not yet applied.
    pub(super) fn import_calendar(prepared: super::calendar_import::PreparedImport) -> Self {
        Self::ImportCalendar(super::calendar_import::ImportPreview::new(prepared))
    }

    pub(super) fn is_unsaved_changes(&self) -> bool {
        matches!(self, Self::UnsavedChanges(_))
    }

    pub(super) fn as_briefing(&mut self) -> Option<&mut super::briefing_export::BriefingPreview> {
        match self {
            Self::Briefing(preview) => Some(preview),
            _ => None,
        }
    }

    pub(super) fn as_unsaved_changes(&mut self) -> Option<&mut UnsavedChanges> {
        match self {
            Self::UnsavedChanges(question) => Some(question),
            _ => None,
        }
    }

    /// Whether the question still means something once the document it was
    /// asked about is replaced (crash recovery and reports do; a delete, a
    /// reload or a save question about the old document do not).
    pub(super) fn outlives_its_document(&self) -> bool {
        // Opening is about the document on its way in.
        matches!(
            self,
            Self::Recover(_)
                | Self::Report(_)
                | Self::Compare(_)
                | Self::Opening(_)
                | Self::Passphrase(_)
                | Self::Saving(_)
        )
    }

    /// Stops offering the recovered work `id`.
    pub(super) fn forget_recovered(&mut self, id: &str) {
        if let Self::Recover(recover) = self {
            recover.work.retain(|work| work.id != id);
        }
    }

    pub(super) fn is_empty_recover(&self) -> bool {
        matches!(self, Self::Recover(recover) if recover.work.is_empty())
    }

    fn ui(&mut self, ctx: &egui::Context, mission_title: &str, now: jiff::Timestamp) -> Answer {
        match self {
            Self::NewMission(m) => m.ui(ctx, now),
            Self::UnsavedChanges(m) => m.ui(ctx, mission_title),
            Self::ConfirmDelete(m) => m.ui(ctx),
            Self::Chooser(m) => m.ui(ctx),
            Self::Recover(m) => m.ui(ctx),
            Self::ChangedOnDisk(m) => m.ui(ctx),
            Self::ReloadOffer(m) => m.ui(ctx),
            Self::Report(m) => m.ui(ctx),
            Self::Compare(m) => m.ui(ctx),
            Self::ImportDraft(m) => m.ui(ctx),
            Self::MergePreview(m) => m.ui(ctx),
            Self::ImportCalendar(m) => m.ui(ctx),
            Self::Briefing(m) => m.ui(ctx),
            Self::TableImport(m) => m.ui(ctx),
            Self::SpreadsheetExport(m) => m.ui(ctx),
            Self::CalendarExport(m) => m.ui(ctx),
            Self::PortCatalogue(m) => m.ui(ctx),
            Self::Palette(m) => m.ui(ctx),
            Self::ThisIsMe(m) => m.ui(ctx),
            Self::Opening(m) => m.ui(ctx),
            Self::Passphrase(m) => m.ui(ctx),
            Self::NewPassphrase(m) => m.ui(ctx),
            Self::Saving(m) => m.ui(ctx),
        }
    }
}

impl PlannerApp {
    /// Draws the top question, if any, and queues what its answer asks for.
    pub(super) fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(mut modal) = self.modals.pop() else {
            // Where the keyboard is while no question is open: given back
            // when one closes.
            if let Some(focused) = ctx.memory(|m| m.focused()).filter(|id| {
                ctx.read_response(*id)
                    .is_some_and(|r| r.layer_id.order == egui::Order::Background)
            }) {
                self.focus_outside_questions = Some(focused);
            }
            return;
        };
        crate::ui::focus::keep_focus_for_later(ctx);
        let title = self.session.project().mission.title.clone();
        match modal.ui(ctx, &title, (self.clock)()) {
            Answer::Open => self.modals.push(modal),
            Answer::Closed => {}
            Answer::Run(command) => self.outbox.command(command),
            Answer::RunAndStay(command) => {
                self.modals.push(modal);
                self.outbox.command(command);
            }
        }
        if self.modals.is_empty()
            && let Some(focused) = self.focus_outside_questions
        {
            crate::ui::focus::give_focus_back(ctx, focused);
        }
    }
}

/// A question with a few answers; the first is the default (Enter), the
/// last is Cancel, which Esc or a click outside choose too. Returns the
/// index of the answer given.
pub(super) fn question_ui(
    ctx: &egui::Context,
    id: &str,
    width: f32,
    title: &str,
    body: impl FnOnce(&mut egui::Ui),
    answers: &[&str],
) -> Option<usize> {
    let cancel = answers.len().checked_sub(1);
    question_with_cancel_ui(ctx, id, width, title, body, answers, cancel)
}

/// [`question_ui`] where `cancel` says which answer Esc and a click outside
/// give (`None`: they do nothing; an answer must be clicked).
pub(super) fn question_with_cancel_ui(
    ctx: &egui::Context,
    id: &str,
    width: f32,
    title: &str,
    body: impl FnOnce(&mut egui::Ui),
    answers: &[&str],
    cancel: Option<usize>,
) -> Option<usize> {
    let mut answer = None;
    let modal_id = egui::Id::unique(("question", id));
    // The first answer is the default, as in a desktop dialog: it has the
    // focus when the question appears, so Enter gives it and Tab moves on.
    let shown_id = modal_id.with("last shown");
    let frame = ctx.cumulative_frame_nr();
    let appearing = ctx
        .data(|d| d.get_temp::<u64>(shown_id))
        .is_none_or(|last| last + 1 < frame);
    ctx.data_mut(|d| d.insert_temp(shown_id, frame));
    let response = egui::Modal::new(modal_id).show(ctx, |ui| {
        ui.set_width(width);
        crate::ui::accessibility::dialog_heading(ui, title);
        body(ui);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            for (i, text) in answers.iter().enumerate() {
                let button = ui.button(*text);
                if i == 0 && appearing {
                    button.request_focus();
                }
                if button.clicked() {
                    answer = Some(i);
                }
            }
        });
    });
    if answer.is_none() && (response.should_close() || ctx.input(|i| i.key_pressed(Key::Escape))) {
        answer = cancel;
    }
    answer
}

/// File → New: the new mission's title, dates and zones, asked first so a
/// new project is a real mission at once.
pub(super) struct NewMission {
    mission: MissionInfo,
    /// The title has had the focus once (the dialog opens typing into it).
    focused: bool,
}

impl NewMission {
    fn ui(&mut self, ctx: &egui::Context, now: jiff::Timestamp) -> Answer {
        let mut answer = None;
        let response = egui::Modal::new(egui::Id::unique("new mission")).show(ctx, |ui| {
            ui.set_width(560.0);
            crate::ui::accessibility::dialog_heading(ui, "New mission");
            ui.weak("You can change all of this later under Mission settings.");
            ui.add_space(6.0);
            let fields = mission_fields_ui(ui, &mut self.mission, now, !self.focused);
            self.focused = true;
            let problem = if self.mission.title.trim().is_empty() {
                Some("Give the mission a title".to_owned())
            } else {
                dates_problem(self.mission.first_day, self.mission.last_day)
            };
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let create = ui.add_enabled(problem.is_none(), egui::Button::new("Create"));
                if let Some(problem) = &problem {
                    ui.weak(problem);
                }
                // Enter in the title creates, as a dialog's default button.
                if create.clicked() || (fields.title_entered && problem.is_none()) {
                    answer = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(false);
                }
            });
        });
        // Esc or a click outside closes it only while nothing was typed: a
        // second Esc meant for a date picker must not throw the form away.
        if answer.is_none() && response.should_close() && self.mission.title.trim().is_empty() {
            answer = Some(false);
        }
        match answer {
            None => Answer::Open,
            Some(true) => Answer::Run(Command::Replace(Replace::New(Box::new(
                self.mission.clone(),
            )))),
            Some(false) => Answer::Closed,
        }
    }
}

/// Save / Don't Save / Cancel before the document is replaced.
pub(super) struct UnsavedChanges {
    /// What waits for the answer.
    pub(super) then: Replace,
}

impl UnsavedChanges {
    fn ui(&mut self, ctx: &egui::Context, mission_title: &str) -> Answer {
        let body = format!(
            "“{mission_title}” has changes that are not saved. They will be lost if you don't save them."
        );
        let answers = ["Save", "Don't Save", "Cancel"];
        match question_ui(
            ctx,
            "unsaved changes",
            420.0,
            "Save changes?",
            |ui| {
                ui.label(body);
            },
            &answers,
        ) {
            None => Answer::Open,
            Some(0) => Answer::Run(Command::SaveThen(Some(self.then.clone()))),
            Some(1) => Answer::Run(Command::ReplaceDiscarding(self.then.clone())),
            Some(_) => Answer::Closed,
        }
    }
}

/// Delete, after saying what refers to it.
pub(super) struct ConfirmDelete {
    target: EntityRef,
    label: String,
    referrers: Vec<String>,
}

impl ConfirmDelete {
    fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let referrers = &self.referrers;
        let body = |ui: &mut egui::Ui| {
            if referrers.is_empty() {
                ui.label("Nothing else refers to it. You can undo this.");
                return;
            }
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
        };
        let title = format!("Delete {}?", self.label);
        match question_ui(
            ctx,
            "confirm delete",
            460.0,
            &title,
            body,
            &["Delete", "Cancel"],
        ) {
            None => Answer::Open,
            Some(0) => Answer::Run(Command::Delete(self.target)),
            Some(_) => Answer::Closed,
        }
    }
}

/// The built-in file chooser, with what its answer is for.
pub(super) struct Chooser {
    chooser: FileChooser,
    purpose: DialogPurpose,
}

impl Chooser {
    fn ui(&mut self, ctx: &egui::Context) -> Answer {
        match self.chooser.ui(ctx) {
            None => Answer::Open,
            Some(ChooserOutcome::Cancelled) => Answer::Closed,
            Some(ChooserOutcome::Picked(path)) => {
                Answer::Run(Command::DialogAnswered(self.purpose.clone(), path))
            }
        }
    }
}

/// Work left by crashed or killed instances: Restore, Discard or Decide later.
pub(super) struct Recover {
    work: Vec<RecoveredWork>,
}

impl Recover {
    fn ui(&mut self, ctx: &egui::Context) -> Answer {
        enum Choice {
            Restore,
            Discard,
            Later,
        }
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("recover")).show(ctx, |ui| {
            ui.set_width(520.0);
            crate::ui::accessibility::dialog_heading(ui, "Recover unsaved work?");
            ui.label(
                "Trade Mission Planner did not close properly last time. This unsaved work was kept:",
            );
            for (i, work) in self.work.iter().enumerate() {
                ui.separator();
                let title = match &work.title[..] {
                    "" if work.protected => "Protected work (its passphrase opens it)",
                    title => title,
                };
                ui.label(RichText::new(title).strong());
                ui.label(match &work.original {
                    Some(path) => format!("Belongs to {}", path.display()),
                    None => "Belongs to a project that was never saved".to_owned(),
                });
                let zone = jiff::tz::TimeZone::system();
                ui.weak(format!(
                    "Written {}",
                    work.written_at
                        .to_zoned(zone)
                        .strftime("%a %d %b %Y %H:%M:%S %Z")
                ));
                ui.horizontal(|ui| {
                    if ui.button("Restore").clicked() {
                        choice = Some((i, Choice::Restore));
                    }
                    if ui.button("Discard").clicked() {
                        choice = Some((i, Choice::Discard));
                    }
                    if ui.button("Decide later").clicked() {
                        choice = Some((i, Choice::Later));
                    }
                });
            }
        });
        let Some((i, choice)) = choice else {
            return Answer::Open;
        };
        let command = match choice {
            // Offered until the restore happens (the question about unsaved
            // work may be cancelled); the app then forgets it.
            Choice::Restore => Some(Command::Replace(Replace::Restore(self.work[i].clone()))),
            Choice::Discard => Some(Command::DiscardRecovered(self.work.remove(i))),
            Choice::Later => {
                self.work.remove(i);
                None
            }
        };
        match (command, self.work.is_empty()) {
            (Some(command), true) => Answer::Run(command),
            (Some(command), false) => Answer::RunAndStay(command),
            (None, true) => Answer::Closed,
            (None, false) => Answer::Open,
        }
    }
}

/// Saving would overwrite changes another program made to the file.
pub(super) struct ChangedOnDisk {
    path: PathBuf,
    then: Option<Replace>,
}

impl ChangedOnDisk {
    fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let body = format!(
            "Another program changed or removed {} since you last opened or saved it. Saving now would replace \
             those changes with yours (the replaced version is kept as the .bak file).",
            self.path.display()
        );
        let answers = ["Merge", "Overwrite", "Save As…", "Cancel"];
        let title = "The file changed on disk";
        let body = |ui: &mut egui::Ui| {
            ui.label(body);
            ui.label(
                "Merge takes their changes into yours (what both changed differently goes to \
                 Merge review), then saves.",
            );
        };
        match question_ui(ctx, "changed on disk", 480.0, title, body, &answers) {
            None => Answer::Open,
            Some(0) => Answer::Run(Command::MergeDiskThen(self.then.clone())),
            Some(1) => Answer::Run(Command::OverwriteThen(self.then.clone())),
            Some(2) => Answer::Run(Command::SaveAsThen(self.then.clone())),
            Some(_) => Answer::Closed,
        }
    }
}

/// The file changed on disk while there were no unsaved edits here.
pub(super) struct ReloadOffer {
    path: PathBuf,
}

impl ReloadOffer {
    fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let body = format!(
            "Another program changed {}. You have no unsaved changes here.",
            self.path.display()
        );
        let answers = ["Reload", "Keep this version"];
        let title = "The file changed on disk";
        let body = |ui: &mut egui::Ui| {
            ui.label(body);
        };
        // Neither answer is a cancel: keeping this version marks it unsaved,
        // so a stray click or Esc must not choose it.
        let choice =
            question_with_cancel_ui(ctx, "reload offer", 460.0, title, body, &answers, None);
        match choice {
            None => Answer::Open,
            Some(0) => Answer::Run(Command::Replace(Replace::Reload(self.path.clone()))),
            // Keep showing ours; a later Save still asks before overwriting.
            Some(_) => Answer::Run(Command::KeepOwnVersion),
        }
    }
}
