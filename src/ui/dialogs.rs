//! Native file dialogs, behind a trait so tests can answer them.
//!
//! Dialogs run on a worker thread and answer through a channel, so the window
//! keeps painting while the dialog is open.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::io::project_file::FILE_EXTENSION;

/// Which dialog to show.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DialogKind {
    Open,
    Save,
    /// Pick an iCalendar file to import.
    ImportCalendar,
    /// Name the iCalendar file to export to.
    ExportCalendar,
    /// Name the PDF file to save the briefing book to.
    ExportBriefing,
    /// Name the PNG file to export the map to.
    ExportMap,
    ImportContacts,
    ExportContacts,
    ImportSpreadsheet,
    ExportSpreadsheet,
    /// Name the Word or Markdown file to export a draft to.
    ExportDraft,
    /// Pick a Word file to read a draft back from.
    ImportDraft,
    /// Pick another copy of a project, to merge or compare.
    OtherProject,
}

impl DialogKind {
    /// Whether the dialog names a new file (rather than picking one).
    pub fn is_save(self) -> bool {
        matches!(
            self,
            Self::Save
                | Self::ExportCalendar
                | Self::ExportBriefing
                | Self::ExportMap
                | Self::ExportDraft
                | Self::ExportContacts
                | Self::ExportSpreadsheet
        )
    }

    /// Whether the dialog names a file that takes the project's content out
    /// of it (everything saved but the project itself).
    pub fn is_export(self) -> bool {
        self.is_save() && self != Self::Save
    }

    /// The file name ending the dialog lists.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Open | Self::Save | Self::OtherProject => FILE_EXTENSION,
            Self::ImportCalendar | Self::ExportCalendar => "ics",
            Self::ExportBriefing => "pdf",
            Self::ExportMap => "png",
            Self::ImportContacts | Self::ExportContacts => "vcf",
            Self::ImportSpreadsheet | Self::ExportSpreadsheet => "csv",
            Self::ExportDraft | Self::ImportDraft => "docx",
        }
    }
}

/// What a dialog answered.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum DialogOutcome {
    Picked(PathBuf),
    Cancelled,
    /// The dialog came back empty faster than a person can cancel: there is no
    /// native dialog on this system (no XDG desktop portal, no zenity).
    Unavailable,
}

/// A dialog that is open; poll it each frame.
pub struct PendingDialog {
    pub kind: DialogKind,
    receiver: Receiver<DialogOutcome>,
}

impl PendingDialog {
    /// A dialog whose answer is already known (for test doubles).
    pub fn answered(kind: DialogKind, outcome: DialogOutcome) -> Self {
        let (sender, receiver) = channel();
        let _ = sender.send(outcome);
        Self { kind, receiver }
    }

    /// The answer, once the user has given it.
    pub fn poll(&self) -> Option<DialogOutcome> {
        match self.receiver.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(std::sync::mpsc::TryRecvError::Empty) => None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Some(DialogOutcome::Unavailable),
        }
    }
}

/// Shows file dialogs. `wake` is called when the answer is ready (the app
/// uses it to request a repaint).
pub trait FileDialogs {
    fn show(
        &mut self,
        kind: DialogKind,
        start_dir: Option<PathBuf>,
        file_name: Option<String>,
        wake: Box<dyn Fn() + Send>,
    ) -> PendingDialog;
}

/// No person answers a dialog this fast; an empty answer sooner means the
/// platform had no dialog to show.
const FASTEST_HUMAN_CANCEL: Duration = Duration::from_millis(250);

/// The operating system's dialogs, through `rfd`.
#[derive(Default)]
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn show(
        &mut self,
        kind: DialogKind,
        start_dir: Option<PathBuf>,
        file_name: Option<String>,
        wake: Box<dyn Fn() + Send>,
    ) -> PendingDialog {
        let (sender, receiver) = channel();
        std::thread::spawn(move || {
            let mut dialog = match kind {
                DialogKind::Open | DialogKind::Save | DialogKind::OtherProject => {
                    rfd::FileDialog::new().add_filter("Mission project", &[FILE_EXTENSION, "ron"])
                }
                DialogKind::ImportCalendar | DialogKind::ExportCalendar => {
                    rfd::FileDialog::new().add_filter("iCalendar", &["ics"])
                }
                DialogKind::ExportBriefing => rfd::FileDialog::new().add_filter("PDF", &["pdf"]),
                DialogKind::ExportMap => rfd::FileDialog::new().add_filter("PNG picture", &["png"]),
                DialogKind::ImportContacts | DialogKind::ExportContacts => {
                    rfd::FileDialog::new().add_filter("Contacts (vCard)", &["vcf", "vcard"])
                }
                DialogKind::ImportSpreadsheet | DialogKind::ExportSpreadsheet => {
                    rfd::FileDialog::new().add_filter("Spreadsheet (CSV)", &["csv", "txt"])
                }
                DialogKind::ExportDraft => rfd::FileDialog::new()
                    .add_filter("Word document", &["docx"])
                    .add_filter("Markdown", &["md"]),
                DialogKind::ImportDraft => {
                    rfd::FileDialog::new().add_filter("Word document", &["docx"])
                }
            }
            .add_filter("All files", &["*"]);
            if let Some(dir) = start_dir {
                dialog = dialog.set_directory(dir);
            }
            if let Some(name) = file_name {
                dialog = dialog.set_file_name(name);
            }
            let started = Instant::now();
            let picked = match kind {
                DialogKind::Open => dialog.set_title("Open mission").pick_file(),
                DialogKind::Save => dialog.set_title("Save mission as").save_file(),
                DialogKind::ImportCalendar => dialog.set_title("Import calendar").pick_file(),
                DialogKind::ExportCalendar => dialog.set_title("Export calendar").save_file(),
                DialogKind::ExportBriefing => dialog.set_title("Save briefing book").save_file(),
                DialogKind::ExportMap => dialog.set_title("Export map").save_file(),
                DialogKind::ImportContacts => dialog.set_title("Import contacts").pick_file(),
                DialogKind::ExportContacts => dialog.set_title("Export contacts").save_file(),
                DialogKind::ImportSpreadsheet => dialog.set_title("Import spreadsheet").pick_file(),
                DialogKind::ExportSpreadsheet => dialog.set_title("Export spreadsheet").save_file(),
                DialogKind::ExportDraft => dialog.set_title("Export draft").save_file(),
                DialogKind::ImportDraft => {
                    dialog.set_title("Import revision from Word").pick_file()
                }
                DialogKind::OtherProject => dialog.set_title("Choose the other copy").pick_file(),
            };
            let outcome = match picked {
                Some(path) => DialogOutcome::Picked(path),
                None if started.elapsed() < FASTEST_HUMAN_CANCEL => DialogOutcome::Unavailable,
                None => DialogOutcome::Cancelled,
            };
            let _ = sender.send(outcome);
            wake();
        });
        PendingDialog { kind, receiver }
    }
}
