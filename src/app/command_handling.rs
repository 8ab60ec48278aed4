//! The one command path: menus, shortcuts, views and the answers to
//! questions all queue [`Command`]s, and [`PlannerApp::drain_outbox`] runs
//! them once, at the end of the frame, after the queued edits.
//!
//! Every path that replaces the open document (New, Open, Open Recent, a
//! dropped file, Restore, Reload, Close, Quit, the window's close button)
//! goes through [`PlannerApp::replace_document`], which asks before unsaved
//! work is dropped.

use super::modals::Modal;
use super::{Origin, PlannerApp};
use crate::commands::{Command, DialogPurpose, Replace};
use crate::edit::Edit;
use crate::model::entity::{describe, find, referrers};
use crate::model::{Agreement, EntityRef, MissionEvent, MissionInfo, Project};
use crate::sample::sample_project;
use crate::ui::dialogs::DialogKind;
use crate::ui::{AgreementPage, Outbox, View};

impl PlannerApp {
    /// Runs one command now (tests and the frame's queue come here).
    pub fn run_command(&mut self, command: Command) {
        match command {
            Command::New => {
                let mission = self.proposed_mission();
                self.modals.push(Modal::new_mission(mission));
            }
            Command::MissionSettings => self.settings.view = View::Mission,
            Command::KeyboardShortcuts => self.modals.push(Modal::report(
                "Keyboard shortcuts",
                super::chrome::shortcut_lines(),
            )),
            Command::About => self.modals.push(Modal::report(
                "About Trade Mission Planner",
                crate::map::about_lines(),
            )),
            Command::NewFromSample => self.replace_document(Replace::NewFromSample),
            Command::Open => self.show_dialog(DialogKind::Open, DialogPurpose::Open),
            Command::Save => self.save(None),
            Command::SaveAs => self.save_as(None),
            Command::Close => self.replace_document(Replace::Close),
            Command::Quit => self.replace_document(Replace::Quit),
            Command::Undo => match self.session.undo() {
                Ok(Some(label)) => self.notices.info(format!("Undid: {label}")),
                Ok(None) => {}
                Err(err) => self.notices.error(format!("Could not undo: {err}")),
            },
            Command::Redo | Command::RedoAlt => match self.session.redo() {
                Ok(Some(label)) => self.notices.info(format!("Redid: {label}")),
                Ok(None) => {}
                Err(err) => self.notices.error(format!("Could not redo: {err}")),
            },
            // On an agreement's Draft page, Find means find in the draft.
            Command::Find
                if self.settings.view == View::Agreements
                    && self.settings.agreement_page == AgreementPage::Draft
                    && self.selected_entity().is_some() =>
            {
                self.focus.find_in_draft = true;
            }
            Command::Find => self.focus.search = true,
            Command::FindInDraft => self.find_in_draft(),
            Command::ImportCalendar => {
                self.show_dialog(DialogKind::ImportCalendar, DialogPurpose::ImportCalendar)
            }
            Command::ExportCalendar => self.open_calendar_export(),
            Command::ExportCalendarAs { person, remind } => {
                self.settings.calendar_reminder_minutes = remind;
                self.show_dialog(
                    DialogKind::ExportCalendar,
                    DialogPurpose::ExportCalendar { person, remind },
                )
            }
            Command::ExportBriefing => self.open_briefing(),
            Command::ExportMap => {
                let (view, filters) = self.map_export_view();
                self.show_dialog(
                    DialogKind::ExportMap,
                    DialogPurpose::ExportMap { view, filters },
                )
            }
            Command::AddPortFromCatalogue => self.open_port_catalogue(),
            Command::AddCataloguePort(port) => self.add_port_from_catalogue(*port),
            Command::ImportContacts => {
                self.show_dialog(DialogKind::ImportContacts, DialogPurpose::ImportContacts)
            }
            Command::ExportContacts => self.show_dialog(
                DialogKind::ExportContacts,
                DialogPurpose::ExportContacts { of: None },
            ),
            Command::ExportContactsOf(of) => self.show_dialog(
                DialogKind::ExportContacts,
                DialogPurpose::ExportContacts { of: Some(of) },
            ),
            Command::ImportSpreadsheet => self.show_dialog(
                DialogKind::ImportSpreadsheet,
                DialogPurpose::ImportSpreadsheet,
            ),
            Command::ExportSpreadsheet => self.modals.push(Modal::SpreadsheetExport(
                super::table_import::SpreadsheetExport::new(),
            )),
            Command::ExportSpreadsheetAs { sheet, separator } => self.show_dialog(
                DialogKind::ExportSpreadsheet,
                DialogPurpose::ExportSpreadsheet { sheet, separator },
            ),
            Command::PreviewTableAgain { input, source } => self.preview_table_again(input, source),
            Command::ApplyTableImport(prepared) => self.apply_table_import(*prepared),
            Command::TypesetBriefing(options) => self.typeset_briefing(options),
            Command::SaveBriefing { pdf, person } => self.save_briefing(pdf, person),
            Command::MergeCopy => {
                self.show_dialog(DialogKind::OtherProject, DialogPurpose::MergeCopy)
            }
            Command::CompareWith => {
                self.show_dialog(DialogKind::OtherProject, DialogPurpose::CompareWith)
            }
            Command::ImportDraft(id) => {
                self.show_dialog(DialogKind::ImportDraft, DialogPurpose::ImportDraft(id))
            }
            Command::RecordImportedDraft {
                agreement,
                draft,
                author,
                source,
            } => self.record_imported_draft(agreement, &draft, &author, &source),
            Command::MergeDiskThen(then) => self.merge_disk_then(then),
            Command::ApplyMerge {
                prepared,
                from,
                disk_then,
            } => self.apply_merge(*prepared, &from, disk_then),
            Command::PreviewCalendarAgain { previous, options } => {
                self.preview_import_again(&previous, options);
            }
            Command::ApplyCalendarImport(prepared) => self.apply_calendar_import(*prepared),
            Command::DeleteSelected => {
                if let Some(target) = self.selected_entity() {
                    self.run_command(Command::ConfirmDelete(target));
                }
            }
            Command::Select(target) => {
                self.views.select(target);
                self.settings.view = View::for_kind(target.kind());
            }
            Command::Reveal(target) => {
                self.run_command(Command::Select(target));
                self.views.focus_form(target);
                if matches!(target, crate::model::EntityRef::Agreement(_)) {
                    self.settings.agreement_page = AgreementPage::Details;
                }
            }
            Command::Navigate(view) => self.settings.view = view,
            Command::ConfirmDelete(target) => {
                let project = self.session.project();
                let referrers = referrers(project, target)
                    .into_iter()
                    .map(|r| describe(project, r))
                    .collect();
                let label = describe(project, target);
                self.modals
                    .push(Modal::confirm_delete(target, label, referrers));
            }
            Command::RememberDelegateName(name) => self.settings.delegate_name = name,
            Command::ExportDraft(id) => {
                self.show_dialog(DialogKind::ExportDraft, DialogPurpose::ExportDraft(id))
            }
            Command::ShowAgreementPage(page) => self.settings.agreement_page = page,
            Command::FindAnything => self.open_palette(),
            Command::RevealInDraft {
                agreement,
                needle,
                from,
            } => {
                self.run_command(Command::Select(crate::model::EntityRef::Agreement(
                    agreement,
                )));
                self.settings.agreement_page = AgreementPage::Draft;
                self.focus.find_in_draft = true;
                self.focus.draft_needle = Some((needle, from));
            }
            Command::ShowClause(index) => {
                if let Some(clause) = self.session.project().clauses.get(index) {
                    let mut lines: Vec<String> = clause.text.lines().map(str::to_owned).collect();
                    if !clause.tags.is_empty() {
                        lines.push(format!("Topics: {}", clause.tags.join(", ")));
                    }
                    lines.push(
                        "Insert it from an agreement's Draft page, in its Clause library."
                            .to_owned(),
                    );
                    self.modals
                        .push(Modal::report(&format!("Clause: {}", clause.title), lines));
                }
            }
            Command::GettingStarted => self.modals.push(Modal::report(
                "Getting started",
                super::chrome::getting_started_lines(),
            )),
            Command::OpenDataFolder => self.open_data_folder(),
            Command::ThisIsMe => self.open_this_is_me(),
            Command::SetMe(name) => self.set_me(name),
            Command::CancelOpening => self.cancel_opening(),
            Command::CancelJob => self.cancel_job(),
            Command::ProtectWithPassphrase => self.ask_new_passphrase(),
            Command::RemoveProtection => self.ask_to_remove_protection(),
            Command::Protect(passphrase) => self.protect_with(&passphrase),
            Command::Unlock {
                purpose,
                passphrase,
            } => self.unlock(purpose, passphrase),
            Command::UnlockCancelled(purpose) => self.unlock_cancelled(purpose),
            Command::CopyDiagnostics => {
                let report = crate::io::diagnostics::report();
                if let Some(ctx) = self.files.repaint_handle() {
                    ctx.copy_text(report);
                    self.notices.info(
                        "Copied the diagnostics (version, system, renderer, last warnings) for \
                         a bug report"
                            .to_owned(),
                    );
                }
            }
            Command::ZoomIn | Command::ZoomInAlt => self.settings.zoom.step(1),
            Command::ZoomOut => self.settings.zoom.step(-1),
            Command::ZoomReset => self.settings.zoom = crate::settings::Zoom::default(),
            Command::Replace(replace) => self.replace_document(replace),
            Command::ReplaceDiscarding(replace) => self.perform_replace(replace),
            Command::SaveThen(then) => self.save(then),
            Command::SaveAsThen(then) => self.save_as(then),
            Command::OverwriteThen(then) => {
                if let Some(path) = self.session.path().map(std::path::Path::to_path_buf) {
                    self.save_to_then(&path, then);
                }
            }
            Command::Delete(target) => self.apply_edit(Edit::Delete(target), None),
            Command::DiscardRecovered(work) => work.discard(),
            Command::KeepOwnVersion => self.session.keep_over_disk(),
            Command::DialogAnswered(purpose, path) => self.dialog_answered(purpose, path),
        }
    }

    /// Whether a menu item can run now.
    /// Ctrl+H: the draft searched is the selected agreement's, else the
    /// first agreement of the selected event, else the one last selected
    /// on the Agreements page, else the first; a page with no draft to
    /// search says so instead of showing an empty one.
    fn find_in_draft(&mut self) {
        let selected = self.selected_entity();
        let project = self.session.document().project();
        let chosen = match selected {
            Some(EntityRef::Agreement(id)) => Some(id),
            Some(EntityRef::Event(id)) => find::<MissionEvent>(project, id)
                .and_then(|event| event.agreements.first().copied())
                .filter(|id| find::<Agreement>(project, *id).is_some()),
            _ => None,
        };
        let target = chosen
            .or(self.views.agreements.selected)
            .filter(|id| find::<Agreement>(project, *id).is_some())
            .or_else(|| project.agreements.first().map(|a| a.id));
        self.settings.view = View::Agreements;
        let Some(id) = target else {
            self.notices
                .error("There is no agreement whose draft to search: add one first".to_owned());
            return;
        };
        // From an event with no agreement: say whose draft this is.
        if chosen.is_none()
            && let Some(EntityRef::Event(event)) = selected
            && let Some(event) = find::<MissionEvent>(project, event)
            && let Some(agreement) = find::<Agreement>(project, id)
        {
            let text = format!(
                "\"{}\" carries no agreement: finding in the draft of \"{}\"",
                event.title, agreement.title
            );
            self.notices.info(text);
        }
        self.views.agreements.select(id);
        self.settings.agreement_page = AgreementPage::Draft;
        self.focus.find_in_draft = true;
    }

    pub(super) fn enabled(&self, command: &Command) -> bool {
        let history = self.session.document().history();
        match command {
            Command::Undo => history.can_undo(),
            Command::Redo | Command::RedoAlt => history.can_redo(),
            Command::DeleteSelected => self.selected_entity().is_some(),
            // One background job at a time: an import being read is not dropped.
            Command::ExportBriefing | Command::ImportContacts | Command::ImportSpreadsheet => {
                self.job.is_none()
            }
            _ => true,
        }
    }

    /// The one gate for replacing the open document: asks Save / Don't Save /
    /// Cancel when there is unsaved work, else replaces it at once.
    pub(super) fn replace_document(&mut self, replace: Replace) {
        // A save being written (a protected one, on another thread) is
        // finished first: asking about unsaved work now would be about the
        // save itself.
        if matches!(self.job, Some(super::files::Job::Save { .. })) {
            self.after_save = Some(replace);
            return;
        }
        if !self.session.is_dirty() {
            self.perform_replace(replace);
            return;
        }
        // One question at a time: a second request (the window's close
        // button while Close is asking) changes what the question is for.
        let asking = self.modals.iter_mut().find_map(Modal::as_unsaved_changes);
        match asking {
            Some(question) => question.then = replace,
            None => self.modals.push(Modal::unsaved_changes(replace)),
        }
    }

    /// Replaces the document; only the gate and its question's Don't Save
    /// come here. Questions about the old document go with it.
    fn perform_replace(&mut self, replace: Replace) {
        let restored = match &replace {
            Replace::Restore(work) => Some(work.id.clone()),
            _ => None,
        };
        self.replace_now(replace);
        self.modals.retain(Modal::outlives_its_document);
        // Restored (or found unreadable): the Recover question stops
        // offering it. Cancelled before this point, it is still offered.
        if let Some(id) = restored {
            for modal in &mut self.modals {
                modal.forget_recovered(&id);
            }
            self.modals.retain(|m| !m.is_empty_recover());
        }
    }

    fn replace_now(&mut self, replace: Replace) {
        match replace {
            Replace::New(mission) => {
                let project = Project {
                    mission: *mission,
                    ..Project::new()
                };
                self.session.replace(project, Origin::Untitled);
                // What the delegate just described is work to keep: Close
                // or Quit must ask before it goes.
                self.session.document_mut().mark_unsaved();
                self.fresh_views();
                self.settings.view = View::Overview;
            }
            Replace::Close => {
                let mut mission = self.proposed_mission();
                mission.title = "Untitled mission".to_owned();
                let project = Project {
                    mission,
                    ..Project::new()
                };
                self.session.replace(project, Origin::Untitled);
                self.fresh_views();
            }
            Replace::NewFromSample => match sample_project() {
                Ok(project) => {
                    self.session.replace(project, Origin::Sample);
                    self.fresh_views();
                }
                Err(err) => self.notices.error(format!(
                    "The sample could not be read: {}",
                    err.with_position()
                )),
            },
            Replace::Open(path) if self.open_elsewhere(&path) => {}
            ref protected if self.asks_passphrase_first(protected) => {}
            Replace::Open(path) | Replace::Reload(path) if self.opens_in_background(&path) => {
                self.open_in_background(path, None);
            }
            Replace::Open(path) | Replace::Reload(path) => match self.session.open(&path) {
                Ok(opened) => self.opened(&path, &opened),
                Err(err) => self.open_failed(&path, &err),
            },
            Replace::Restore(work) => match self.session.restore(&work, None) {
                Ok(()) => self.restored(&work),
                Err(err) => self
                    .notices
                    .error(format!("The recovered work could not be read: {err}")),
            },
            Replace::Quit => {
                // Quitting without saving discards the work deliberately.
                self.session.discard_recovery();
                self.quit_confirmed = true;
            }
        }
    }

    /// Recovered work is the open document now.
    pub(super) fn restored(&mut self, work: &crate::io::recovery::RecoveredWork) {
        self.fresh_views();
        let what = match (&work.title[..], &work.original) {
            ("", Some(path)) => path.display().to_string(),
            ("", None) => "a project never saved".to_owned(),
            (title, _) => title.to_owned(),
        };
        self.notices.info(format!("Restored unsaved work: {what}"));
        self.review_conflicts_if_any();
    }

    /// A project with merge conflicts opens on its Merge review.
    fn review_conflicts_if_any(&mut self) {
        let count = self.session.project().conflicts.len();
        if count > 0 {
            self.settings.view = View::MergeReview;
            self.notices.info(format!(
                "This project has {count} merge conflict(s) to decide: see Merge review"
            ));
        }
    }

    /// What File → New proposes: from today, in this computer's time zone.
    fn proposed_mission(&self) -> MissionInfo {
        let system = jiff::tz::TimeZone::system();
        let zone = system.iana_name().unwrap_or("UTC").to_owned();
        let today = (self.clock)().to_zoned(system).date();
        MissionInfo::starting_on(today, &zone)
    }

    /// Applies one edit to the document; a refusal becomes a notice.
    pub(super) fn apply_edit(&mut self, edit: Edit, coalesce: Option<String>) {
        if let Err(err) = self.session.apply(edit, coalesce) {
            self.notices
                .error(format!("That change was not made: {err}"));
        }
    }

    /// Applies what was queued this frame: the views' edits in order, then
    /// the commands. Returns whether there was anything.
    pub(super) fn drain_outbox(&mut self) -> bool {
        let Outbox { edits, commands } = std::mem::take(&mut self.outbox);
        let any = !edits.is_empty() || !commands.is_empty();
        if self.session.read_only().is_some() && !edits.is_empty() {
            // One message for the frame, not one per edit.
            self.apply_edit(edits[0].edit.clone(), None);
        } else {
            for pending in edits {
                self.apply_edit(pending.edit, pending.coalesce);
            }
        }
        for command in commands {
            self.run_command(command);
        }
        any
    }
}

impl PlannerApp {
    /// `path` is the open document now: the views start afresh and the
    /// status bar says so.
    pub(super) fn opened(&mut self, path: &std::path::Path, opened: &super::session::Opened) {
        self.fresh_views();
        self.settings.remember_file(path);
        self.notices.info(format!("Opened {}", path.display()));
        if let Some(note) = opened.migration_note() {
            self.notices.info(note);
        }
        self.review_conflicts_if_any();
    }

    pub(super) fn open_failed(&mut self, path: &std::path::Path, err: &str) {
        // The message quotes the file (its path, its text): only the kind.
        log::warn!("open failed");
        self.notices.error(format!(
            "Could not open the project: {err}: {}",
            path.display()
        ));
    }
}
