//! Protected projects in the window: the passphrase asked when a protected
//! file opens or protected work is restored, File → Protect with a
//! passphrase… and Remove protection…, and the question shown while a
//! protected save encrypts (scrypt takes a moment; never on the UI thread).
//! What is encrypted, and how, is `io::protect`'s and the session's.

use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use egui::{Key, RichText};

use super::PlannerApp;
use super::files::Job;
use super::modals::{Answer, Modal};
use crate::commands::{Command, Replace};
use crate::io::protect::Passphrase;
use crate::io::recovery::RecoveredWork;

/// What a passphrase is asked for.
#[derive(Clone, PartialEq, Debug)]
pub enum Unlock {
    /// To open this protected file.
    Open(PathBuf),
    /// To restore this protected work a crashed instance left.
    Restore(RecoveredWork),
    /// To remove the open project's protection (the passphrase proves it is
    /// the delegate's to remove).
    RemoveProtection,
    /// To change the open project's passphrase (the same proof first).
    ChangePassphrase,
    /// To merge this protected copy into the open project.
    MergeCopy(PathBuf),
    /// To compare the open project with this protected copy.
    CompareWith(PathBuf),
}

/// The passphrase question.
pub(super) struct PassphrasePrompt {
    purpose: Unlock,
    entered: String,
    /// Why the last passphrase did not do.
    problem: Option<String>,
    focused: bool,
}

/// File → Protect with a passphrase…: the new passphrase, twice.
pub(super) struct NewPassphrase {
    first: String,
    second: String,
    /// Changing the passphrase of a project protected already.
    changing: bool,
    problem: Option<String>,
    focused: bool,
}

/// Shown while a protected save is encrypted and written: no edits meanwhile,
/// so the save is of what the delegate sees.
pub(super) struct Saving {
    name: String,
}

/// Passphrases shorter than this are refused: scrypt slows each guess, but
/// not enough for a short one.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// A labelled passphrase field (shown as dots) whose state stays in memory
/// only (see [`forget_on_disk`]).
fn passphrase_field(ui: &mut egui::Ui, label: &str, text: &mut String) -> egui::Response {
    let label = ui.label(label);
    let field = ui
        .add(
            egui::TextEdit::singleline(text)
                .password(true)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    forget_on_disk(ui.ctx(), field.id);
    field
}

/// Keeps a passphrase field's state (its cursor: the passphrase's length)
/// out of the settings file eframe writes: in memory only.
fn forget_on_disk(ctx: &egui::Context, field: egui::Id) {
    ctx.data_mut(|data| {
        if let Some(state) = data.get_persisted::<egui::text_edit::TextEditState>(field) {
            data.insert_temp(field, state);
        }
    });
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

impl PassphrasePrompt {
    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let mut answer = Answer::Open;
        let (heading, explanation, action) = match &self.purpose {
            Unlock::Open(path) => (
                "Protected project".to_owned(),
                format!(
                    "{} is protected with a passphrase. It is kept in memory while the app \
                     runs, never on disk.",
                    file_name(path)
                ),
                "Open",
            ),
            Unlock::Restore(work) => (
                "Protected unsaved work".to_owned(),
                match &work.original {
                    Some(path) => format!(
                        "The unsaved work on {} is encrypted with its passphrase.",
                        file_name(path)
                    ),
                    None => "This unsaved work is encrypted with its passphrase.".to_owned(),
                },
                "Restore",
            ),
            Unlock::RemoveProtection => (
                "Remove protection".to_owned(),
                "The project is saved at once as plain text, with its backup and the copies \
                 this app keeps of it: anyone with the disk can read them. Give the passphrase \
                 to remove its protection."
                    .to_owned(),
                "Remove protection",
            ),
            Unlock::ChangePassphrase => (
                "Change the passphrase".to_owned(),
                "Give the current passphrase first.".to_owned(),
                "Continue",
            ),
            Unlock::MergeCopy(path) | Unlock::CompareWith(path) => (
                "Protected copy".to_owned(),
                format!(
                    "{} is protected with a passphrase (not this project's).",
                    file_name(path)
                ),
                "Continue",
            ),
        };
        let response = egui::Modal::new(egui::Id::unique("passphrase prompt")).show(ctx, |ui| {
            ui.set_width(440.0);
            crate::ui::accessibility::dialog_heading(ui, heading);
            ui.label(explanation);
            ui.add_space(6.0);
            let field = passphrase_field(ui, "Passphrase", &mut self.entered);
            if !self.focused {
                field.request_focus();
                self.focused = true;
            }
            // The line is there, empty, before any problem: nothing moves.
            ui.colored_label(
                ui.visuals().error_fg_color,
                self.problem.as_deref().unwrap_or(" "),
            );
            let submitted = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            ui.horizontal(|ui| {
                let go = ui.add_enabled(!self.entered.is_empty(), egui::Button::new(action));
                if (go.clicked() || submitted) && !self.entered.is_empty() {
                    let secret = SecretString::from(std::mem::take(&mut self.entered));
                    answer = Answer::Run(Command::Unlock {
                        purpose: self.purpose.clone(),
                        passphrase: Passphrase::new(secret),
                    });
                }
                if ui.button("Cancel").clicked() {
                    answer = Answer::Run(Command::UnlockCancelled(self.purpose.clone()));
                }
            });
        });
        if super::modals::dismissed(ctx, &response, false) && matches!(answer, Answer::Open) {
            answer = Answer::Run(Command::UnlockCancelled(self.purpose.clone()));
        }
        answer
    }
}

impl NewPassphrase {
    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let mut answer = Answer::Open;
        let response = egui::Modal::new(egui::Id::unique("new passphrase")).show(ctx, |ui| {
            ui.set_width(480.0);
            crate::ui::accessibility::dialog_heading(
                ui,
                if self.changing {
                    "Change the passphrase"
                } else {
                    "Protect with a passphrase"
                },
            );
            ui.label(
                "The project file is encrypted in the standard age format, and so are its \
                 backup, its recovery copies and the snapshots kept for merging. Exports \
                 (briefing PDF, Word drafts, calendars, contacts, CSV, map pictures) are not.",
            );
            ui.label(
                RichText::new(
                    "Without the passphrase nobody can open the file, you included: keep it \
                     somewhere safe.",
                )
                .strong(),
            );
            ui.add_space(6.0);
            let first = passphrase_field(ui, "New passphrase", &mut self.first);
            if !self.focused {
                first.request_focus();
                self.focused = true;
            }
            let second = passphrase_field(ui, "The same passphrase again", &mut self.second);
            if first.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                second.request_focus();
            }
            let problem = self.problem.clone().or_else(|| self.not_yet());
            ui.weak(format!(
                "At least {MIN_PASSPHRASE_CHARS} characters; a few unrelated words are easy \
                 to type and hard to guess."
            ));
            // The line is there, empty, until the second passphrase is typed:
            // nothing moves when a problem shows.
            let shown = problem.as_deref().filter(|_| !self.second.is_empty());
            ui.colored_label(ui.visuals().error_fg_color, shown.unwrap_or(" "));
            let submitted = second.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            ui.horizontal(|ui| {
                let action = if self.changing {
                    "Change and save"
                } else {
                    "Protect and save"
                };
                let ready = self.not_yet().is_none();
                let go = ui.add_enabled(ready, egui::Button::new(action));
                if (go.clicked() || submitted) && ready {
                    let secret = SecretString::from(std::mem::take(&mut self.first));
                    self.second.clear();
                    answer = Answer::Run(Command::Protect(Passphrase::new(secret)));
                }
                if ui.button("Cancel").clicked() {
                    answer = Answer::Closed;
                }
            });
        });
        if super::modals::dismissed(ctx, &response, false) && matches!(answer, Answer::Open) {
            answer = Answer::Closed;
        }
        answer
    }

    /// Why the passphrases cannot be used yet, if they cannot.
    fn not_yet(&self) -> Option<String> {
        if self.first.chars().count() < MIN_PASSPHRASE_CHARS {
            Some(format!(
                "The passphrase is shorter than {MIN_PASSPHRASE_CHARS} characters"
            ))
        } else if self.first != self.second {
            Some("The two passphrases differ".to_owned())
        } else {
            None
        }
    }
}

impl Saving {
    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        egui::Modal::new(egui::Id::unique("saving protected")).show(ctx, |ui| {
            ui.set_width(380.0);
            crate::ui::accessibility::dialog_heading(ui, "Saving");
            ui.label(format!("Encrypting and saving {}…", self.name));
        });
        Answer::Open
    }
}

impl PlannerApp {
    /// Whether the open project is protected with a passphrase.
    pub fn is_protected(&self) -> bool {
        self.session.is_protected()
    }

    /// Whether work runs in the background (a save, an open, a merge…).
    pub fn is_working(&self) -> bool {
        self.job.is_some()
    }

    /// What an export dialog says for a protected project: the file it
    /// writes is not encrypted.
    pub(super) fn export_note(&self, kind: crate::ui::dialogs::DialogKind) -> Option<String> {
        (self.session.is_protected() && kind.is_export()).then(|| {
            "This project is protected, but what you export is not: the exported file is \
             plain text, for whoever you give it to"
                .to_owned()
        })
    }

    /// Says an export was written, and for a protected project that it is
    /// not encrypted.
    pub(super) fn exported(&mut self, message: String) {
        if self.session.is_protected() {
            self.notices
                .info(format!("{message} (not encrypted, unlike the project)"));
        } else {
            self.notices.info(message);
        }
    }

    /// Asks for the passphrase for `purpose`, saying why the last one did
    /// not do, if it did not.
    pub(super) fn ask_passphrase(&mut self, purpose: Unlock, problem: Option<String>) {
        self.modals.retain(|m| !matches!(m, Modal::Passphrase(_)));
        self.modals.push(Modal::Passphrase(PassphrasePrompt {
            purpose,
            entered: String::new(),
            problem,
            focused: false,
        }));
    }

    /// File → Protect with a passphrase…, or Change the passphrase… (which
    /// asks for the current one first).
    pub(super) fn ask_new_passphrase(&mut self) {
        if self.session.read_only().is_some() {
            self.notices.error(
                "A newer app's file is open read-only: save a copy with Save As first".to_owned(),
            );
            return;
        }
        if self.session.is_protected() {
            self.ask_passphrase(Unlock::ChangePassphrase, None);
        } else {
            self.show_new_passphrase();
        }
    }

    fn show_new_passphrase(&mut self) {
        self.modals.push(Modal::NewPassphrase(NewPassphrase {
            first: String::new(),
            second: String::new(),
            changing: self.session.is_protected(),
            problem: None,
            focused: false,
        }));
    }

    /// File → Remove protection…: the passphrase first.
    pub(super) fn ask_to_remove_protection(&mut self) {
        if self.session.is_protected() {
            self.ask_passphrase(Unlock::RemoveProtection, None);
        } else {
            self.notices
                .info("This project is not protected with a passphrase".to_owned());
        }
    }

    /// The project is protected with `passphrase` from now on: saved at
    /// once (Save As for a project without a file).
    pub(super) fn protect_with(&mut self, passphrase: &Passphrase) {
        let changing = self.session.is_protected();
        self.session
            .set_protection(Some(passphrase.secret().clone()));
        self.notices.info(if changing {
            "The passphrase is changed; saving…".to_owned()
        } else {
            "The project is protected: it is saved encrypted, with its backup, recovery copies \
             and snapshots"
                .to_owned()
        });
        self.save(None);
    }

    /// A passphrase was given for `purpose`.
    pub(super) fn unlock(&mut self, purpose: Unlock, passphrase: Passphrase) {
        match purpose {
            Unlock::Open(path) => self.open_in_background(path, Some(passphrase)),
            Unlock::Restore(work) => self.restore_in_background(work, passphrase),
            Unlock::MergeCopy(path) => self.merge_copy(&path, Some(passphrase)),
            Unlock::CompareWith(path) => self.compare_with(&path, Some(passphrase)),
            Unlock::ChangePassphrase => {
                if self.session.has_passphrase(passphrase.secret()) {
                    self.show_new_passphrase();
                } else {
                    self.ask_passphrase(
                        Unlock::ChangePassphrase,
                        Some("That is not this project's passphrase".to_owned()),
                    );
                }
            }
            Unlock::RemoveProtection => {
                if self.session.has_passphrase(passphrase.secret()) {
                    self.session.set_protection(None);
                    self.notices
                        .info("Protection removed: the project is saved as plain text".to_owned());
                    self.save(None);
                } else {
                    self.ask_passphrase(
                        Unlock::RemoveProtection,
                        Some("That is not this project's passphrase".to_owned()),
                    );
                }
            }
        }
    }

    /// The passphrase question was cancelled: for a file to open or work
    /// to restore, what became of it.
    pub(super) fn unlock_cancelled(&mut self, purpose: Unlock) {
        match purpose {
            Unlock::Open(path) => self.notices.info(format!(
                "Not opened: the file is protected and needs its passphrase (File → Open \
                 to try again): {}",
                path.display()
            )),
            Unlock::Restore(_) => self.notices.info(
                "The protected work is kept; it is offered again at the next start".to_owned(),
            ),
            Unlock::RemoveProtection
            | Unlock::ChangePassphrase
            | Unlock::MergeCopy(_)
            | Unlock::CompareWith(_) => {}
        }
    }

    /// Opens `path`, asking for its passphrase if it is protected (the open
    /// project's own file, read again, uses the passphrase it was opened
    /// with).
    pub(super) fn open_protected(&mut self, path: PathBuf) {
        let same_file = self.session.path() == Some(path.as_path());
        match self.session.passphrase().filter(|_| same_file) {
            Some(key) => self.open_in_background(path, Some(key)),
            None => self.ask_passphrase(Unlock::Open(path), None),
        }
    }

    /// Decrypts protected recovered work on another thread; it becomes the
    /// open document when it is read.
    fn restore_in_background(&mut self, work: RecoveredWork, passphrase: Passphrase) {
        let receiver = {
            let (work, key) = (work.clone(), passphrase.clone());
            self.in_background(move || {
                work.load(Some(key.secret()))
                    .map_err(super::session::OpenFailure::from)
            })
        };
        self.job = Some(Job::Restore {
            receiver,
            work,
            passphrase,
        });
    }

    /// Protected work read: restored, or the passphrase asked again.
    pub(super) fn restore_read(
        &mut self,
        work: RecoveredWork,
        passphrase: &Passphrase,
        read: Result<crate::model::Project, super::session::OpenFailure>,
    ) {
        use super::session::OpenFailure;
        match read {
            Ok(project) => {
                self.session
                    .restore_loaded(&work, project, Some(passphrase.secret()));
                self.restored(&work);
            }
            Err(OpenFailure::WrongPassphrase | OpenFailure::NeedsPassphrase) => self
                .ask_passphrase(
                    Unlock::Restore(work),
                    Some("That passphrase does not open this work".to_owned()),
                ),
            Err(err) => self
                .notices
                .error(format!("The recovered work could not be read: {err}")),
        }
    }

    /// The passphrase to read another copy of the project at `path` with:
    /// `Some(None)` for a plain one; the one given, else the open project's,
    /// for a protected one; `None` when it has been asked for (`unlock` is
    /// what it is asked for).
    pub(super) fn key_for_other_copy(
        &mut self,
        path: &Path,
        given: Option<Passphrase>,
        unlock: impl FnOnce(PathBuf) -> Unlock,
    ) -> Option<Option<SecretString>> {
        if !crate::io::project_file::is_protected_file(path) {
            return Some(None);
        }
        match given.or_else(|| self.session.passphrase()) {
            Some(key) => Some(Some(key.secret().clone())),
            None => {
                self.ask_passphrase(unlock(path.to_path_buf()), None);
                None
            }
        }
    }

    /// Shows that a protected save is under way.
    pub(super) fn show_saving(&mut self, path: &Path) {
        self.modals.push(Modal::Saving(Saving {
            name: file_name(path),
        }));
    }

    /// What Restore does with protected work: ask its passphrase.
    pub(super) fn restore_protected(&mut self, work: RecoveredWork) {
        self.ask_passphrase(Unlock::Restore(work), None);
    }

    /// Whether replacing the document with `replace` needs a passphrase
    /// first (and asks for it): a protected file to open, protected work to
    /// restore.
    pub(super) fn asks_passphrase_first(&mut self, replace: &Replace) -> bool {
        match replace {
            Replace::Open(path) | Replace::Reload(path)
                if crate::io::project_file::is_protected_file(path) =>
            {
                self.open_protected(path.clone());
                true
            }
            Replace::Restore(work) if work.protected => {
                self.restore_protected(work.clone());
                true
            }
            _ => false,
        }
    }
}
