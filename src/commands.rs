//! Application commands: everything the app is asked to do besides editing
//! the project. Menus, shortcuts, views and the answers to questions all push
//! a [`Command`] into one queue, which the app drains once at the end of the
//! frame. The user-facing ones have one definition of label, shortcut and
//! tooltip shared by the menu and the keyboard.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::io::recovery::RecoveredWork;
use crate::model::{AgreementId, EntityRef};
use crate::ui::{AgreementPage, View};

/// Something that replaces the open document, and so would drop unsaved
/// work: it goes through the app's one gate, which asks first.
#[derive(Clone, PartialEq, Debug)]
pub enum Replace {
    /// A new, empty project for this mission.
    New(Box<crate::model::MissionInfo>),
    NewFromSample,
    Open(PathBuf),
    /// The same file again, after another program changed it.
    Reload(PathBuf),
    /// Work a crashed instance left behind.
    Restore(RecoveredWork),
    Close,
    Quit,
}

/// Why a file dialog is open: what its answer is for.
#[derive(Clone, PartialEq, Debug)]
pub enum DialogPurpose {
    Open,
    /// Save here, then go on with the replacement, if any.
    SaveAs {
        then: Option<Replace>,
    },
    ImportCalendar,
    /// Where to export this person's agenda (or all events), with a reminder
    /// this many minutes before each event.
    ExportCalendar {
        person: Option<crate::model::PersonId>,
        remind: Option<u32>,
    },
    /// Where to save a briefing book already typeset (and whose it is, for
    /// the suggested name).
    ExportBriefing {
        pdf: crate::app::briefing_export::PdfBytes,
        person: Option<crate::model::PersonId>,
    },
    ExportDraft(AgreementId),
    /// Where to save the map as a picture: this part of the world, as filtered.
    ExportMap {
        view: crate::io::map_image::MapView,
        filters: crate::map::scene::MapFilters,
    },
    ImportContacts,
    /// Everyone's cards, or those of an organisation's people or an event's
    /// participants.
    ExportContacts {
        of: Option<EntityRef>,
    },
    ImportSpreadsheet,
    ExportSpreadsheet {
        sheet: crate::io::spreadsheet::Sheet,
        separator: u8,
    },
    /// A colleague's copy to merge into the open project.
    MergeCopy,
    /// Another project file to compare the open one with.
    CompareWith,
    /// A Word file to read back as a revision of this agreement.
    ImportDraft(AgreementId),
}

/// Something the user, a view or a question's answer asks the app to do.
#[derive(Clone, PartialEq, Debug)]
pub enum Command {
    New,
    NewFromSample,
    Open,
    Save,
    SaveAs,
    Close,
    Quit,
    Undo,
    Redo,
    /// Ctrl+Y, the other redo shortcut delegates coming from Windows expect.
    RedoAlt,
    Find,
    DeleteSelected,
    ImportCalendar,
    ExportCalendar,
    /// File → Export briefing book…: the preview, then Save PDF….
    ExportBriefing,
    ImportContacts,
    ExportContacts,
    ImportSpreadsheet,
    /// File → Export spreadsheet…: which list and separator first.
    ExportSpreadsheet,
    /// File → Export map as PNG…: the Map view as it is shown.
    ExportMap,
    /// Ports → From catalogue…: search the bundled port catalogue.
    AddPortFromCatalogue,
    /// Add this port, picked in the catalogue, and show it.
    AddCataloguePort(Box<crate::model::Port>),
    /// Ask where to export the calendar, as chosen.
    ExportCalendarAs {
        person: Option<crate::model::PersonId>,
        remind: Option<u32>,
    },
    /// Ask where to export the cards of this organisation's people or this
    /// event's participants (from their forms).
    ExportContactsOf(EntityRef),
    /// Ask where to export this list with this separator.
    ExportSpreadsheetAs {
        sheet: crate::io::spreadsheet::Sheet,
        separator: u8,
    },
    /// Compute a contacts or spreadsheet import's preview again (another
    /// list or mapping).
    PreviewTableAgain {
        input: crate::app::table_import::TableInput,
        source: String,
    },
    /// Apply a contacts or spreadsheet import as previewed (one undo step).
    ApplyTableImport(Box<crate::app::table_import::PreparedTableImport>),
    /// File → Merge a colleague's copy…
    MergeCopy,
    /// File → Compare with…
    CompareWith,
    /// Ctrl+H: find and replace in the selected agreement's draft.
    FindInDraft,
    /// The mission's title, dates and zones.
    MissionSettings,
    /// Help → Keyboard shortcuts.
    KeyboardShortcuts,
    /// Help → About: the version and the bundled data's sources and licences.
    About,
    /// Ctrl+K: find any entity, clause, line of a draft or command.
    FindAnything,
    /// Help → Getting started: what a mission, agreement, corridor and event
    /// are, where files go, recovery.
    GettingStarted,
    /// Help → Open the data folder (recovery copies, snapshots).
    OpenDataFolder,
    /// Help → Copy diagnostics: version, platform, renderer, the log's end.
    CopyDiagnostics,
    /// Edit → This is me…: which person of the project the delegate is.
    ThisIsMe,
    /// The delegate is this person (by name), or nobody in particular.
    SetMe(Option<String>),
    /// Stop waiting for a large file being read to open.
    CancelOpening,
    /// Stop the import, merge or reading running in the background.
    CancelJob,
    /// File → Protect with a passphrase… (or Change the passphrase…).
    ProtectWithPassphrase,
    /// File → Remove protection… (asks for the passphrase first).
    RemoveProtection,
    /// Protect the project with this passphrase, as confirmed, and save.
    Protect(crate::io::protect::Passphrase),
    /// The passphrase question for this was cancelled.
    UnlockCancelled(crate::app::protection::Unlock),
    /// A passphrase given for this: open a protected file, restore protected
    /// work, or remove the protection.
    Unlock {
        purpose: crate::app::protection::Unlock,
        passphrase: crate::io::protect::Passphrase,
    },
    /// View → Zoom in (Ctrl+=; Ctrl++ as well).
    ZoomIn,
    ZoomInAlt,
    ZoomOut,
    ZoomReset,

    // From the views.
    /// Show this entity in its view, selected.
    Select(EntityRef),
    /// Go to this entity to work on it: selected, its details (an
    /// agreement's, not its draft) shown, the cursor in the form's first
    /// field, so that Tab goes on through the form (Ctrl+K, Problems).
    Reveal(EntityRef),
    Navigate(View),
    /// Ask before deleting (and say what refers to it).
    ConfirmDelete(EntityRef),
    /// Remember the delegate's name (for revisions) in the UI settings.
    RememberDelegateName(String),
    /// Ask where to export this agreement's current draft (.docx or .md).
    ExportDraft(AgreementId),
    /// Ask for the counterpart's Word file to read back as a revision.
    ImportDraft(AgreementId),
    /// Record a draft read from Word as the agreement's next revision, as
    /// previewed and confirmed.
    RecordImportedDraft {
        agreement: AgreementId,
        draft: crate::io::docx_import::DocxDraft,
        author: String,
        source: String,
    },
    /// Show this page of the agreement form (remembered on this computer).
    ShowAgreementPage(AgreementPage),
    /// Open this agreement's draft at the first `needle` from character `from`
    /// (a line found with Ctrl+K).
    RevealInDraft {
        agreement: AgreementId,
        needle: String,
        from: usize,
    },
    /// Show the project's clause at this index (found with Ctrl+K).
    ShowClause(usize),

    // Answers to questions and dialogs; each carries what it was asked for.
    /// Replace the document, asking first if there is unsaved work.
    Replace(Replace),
    /// Replace the document: the user chose not to save.
    ReplaceDiscarding(Replace),
    /// Save (asking for a name if needed), then go on with the replacement.
    SaveThen(Option<Replace>),
    /// Ask for a new name, save there, then go on.
    SaveAsThen(Option<Replace>),
    /// Save over a file another program changed, then go on.
    OverwriteThen(Option<Replace>),
    /// Delete, as confirmed.
    Delete(EntityRef),
    /// Forget recovered work for good.
    DiscardRecovered(RecoveredWork),
    /// Keep this version although the file changed on disk.
    KeepOwnVersion,
    /// Merge the file's changes on disk into this version, then go on (the
    /// changed-on-disk question's Merge).
    MergeDiskThen(Option<Replace>),
    /// Apply a merge as previewed; for the file's own changes on disk,
    /// `disk_then` is what to do after saving.
    ApplyMerge {
        prepared: Box<crate::app::session::PreparedMerge>,
        from: String,
        disk_then: Option<Option<Replace>>,
    },
    /// Compute a calendar import's preview again, with other options.
    PreviewCalendarAgain {
        previous: Box<crate::app::calendar_import::PreparedImport>,
        options: crate::io::ics::ImportOptions,
    },
    /// Apply a calendar import as previewed (one undo step).
    ApplyCalendarImport(Box<crate::app::calendar_import::PreparedImport>),
    /// Typeset the briefing book (again) for the preview.
    TypesetBriefing(crate::io::briefing::BriefingOptions),
    /// Ask where to save the typeset briefing book.
    SaveBriefing {
        pdf: crate::app::briefing_export::PdfBytes,
        person: Option<crate::model::PersonId>,
    },
    /// A file dialog (native or built-in) answered with a path.
    DialogAnswered(DialogPurpose, PathBuf),
}

impl Command {
    /// Commands in the order their shortcuts are checked: egui lets Ctrl+Shift+S
    /// match a Ctrl+S pattern, so the Shift variants come first.
    pub const ALL: [Self; 19] = [
        Self::SaveAs,
        Self::Redo,
        Self::New,
        Self::NewFromSample,
        Self::Open,
        Self::Save,
        Self::Close,
        Self::Quit,
        Self::Undo,
        Self::RedoAlt,
        Self::Find,
        Self::FindInDraft,
        Self::DeleteSelected,
        Self::KeyboardShortcuts,
        Self::FindAnything,
        Self::ZoomIn,
        Self::ZoomInAlt,
        Self::ZoomOut,
        Self::ZoomReset,
    ];

    /// What Ctrl+K offers besides the views: every menu command.
    pub const PALETTE: [Self; 34] = [
        Self::New,
        Self::NewFromSample,
        Self::Open,
        Self::Save,
        Self::SaveAs,
        Self::Close,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::Find,
        Self::FindInDraft,
        Self::DeleteSelected,
        Self::MissionSettings,
        Self::ThisIsMe,
        Self::MergeCopy,
        Self::CompareWith,
        Self::ProtectWithPassphrase,
        Self::RemoveProtection,
        Self::ImportCalendar,
        Self::ExportCalendar,
        Self::ExportBriefing,
        Self::ExportMap,
        Self::ImportContacts,
        Self::ExportContacts,
        Self::ImportSpreadsheet,
        Self::ExportSpreadsheet,
        Self::AddPortFromCatalogue,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ZoomReset,
        Self::KeyboardShortcuts,
        Self::GettingStarted,
        Self::OpenDataFolder,
        Self::CopyDiagnostics,
    ];

    pub fn label(&self) -> &'static str {
        match self {
            Self::New => "New",
            Self::NewFromSample => "New from sample",
            Self::Open => "Open…",
            Self::Save => "Save",
            Self::SaveAs => "Save As…",
            Self::Close => "Close",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo | Self::RedoAlt => "Redo",
            Self::Find => "Find",
            Self::DeleteSelected => "Delete",
            Self::ImportCalendar => "Import calendar (.ics)…",
            Self::ExportCalendar => "Export calendar (.ics)…",
            Self::ExportBriefing => "Export briefing book (.pdf)…",
            Self::ExportMap => "Export map (.png)…",
            Self::AddPortFromCatalogue => "Add port from catalogue…",
            Self::ImportContacts => "Import contacts (.vcf)…",
            Self::ExportContacts => "Export contacts (.vcf)…",
            Self::ImportSpreadsheet => "Import spreadsheet (.csv)…",
            Self::ExportSpreadsheet => "Export spreadsheet (.csv)…",
            Self::MergeCopy => "Merge a colleague's copy…",
            Self::CompareWith => "Compare with…",
            Self::FindInDraft => "Find and replace in draft",
            Self::MissionSettings => "Mission settings…",
            Self::KeyboardShortcuts => "Keyboard shortcuts",
            Self::About => "About Trade Mission Planner",
            Self::FindAnything => "Find anything…",
            Self::GettingStarted => "Getting started",
            Self::OpenDataFolder => "Open the data folder",
            Self::CopyDiagnostics => "Copy diagnostics",
            Self::ThisIsMe => "This is me…",
            Self::ProtectWithPassphrase => "Protect with a passphrase…",
            Self::RemoveProtection => "Remove protection…",
            Self::ZoomIn | Self::ZoomInAlt => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::ZoomReset => "Reset zoom",
            _ => "",
        }
    }

    pub fn tooltip(&self) -> &'static str {
        match self {
            Self::New => "Start an empty mission",
            Self::NewFromSample => "Start from the 2023 California–Japan sample mission",
            Self::Open => "Open a mission file (*.mission.ron)",
            Self::Save => "Save the mission to its file",
            Self::SaveAs => "Save the mission to a new file",
            Self::Close => "Close this mission (an empty one takes its place)",
            Self::Quit => "Quit Trade Mission Planner",
            Self::Undo => "Undo the last change",
            Self::Redo | Self::RedoAlt => "Redo the last undone change",
            Self::Find => {
                "Search the current view (on an agreement's Draft page: find in the draft)"
            }
            Self::DeleteSelected => "Delete the selected row (asks first)",
            Self::ImportCalendar => "Add or update events from an iCalendar file",
            Self::ImportContacts => {
                "Add or update people from a phone's or mail program's contacts (vCard)"
            }
            Self::ExportContacts => "Every person as a contact card (vCard 4.0) for a phone",
            Self::ImportSpreadsheet => {
                "Add or update people, organisations or ports from a CSV file (columns mapped \
                 and previewed first)"
            }
            Self::ExportSpreadsheet => "People, organisations or ports as a CSV file",
            Self::ExportBriefing => {
                "A printable PDF: the week or one delegate's itinerary, agreements, ports, \
                 contacts (previewed first)"
            }
            Self::ExportCalendar => {
                "Everyone's events or one person's agenda (the schedule's person to begin \
                 with), with reminders if you like"
            }
            Self::FindInDraft => "Find and replace in the selected agreement's draft",
            Self::ExportMap => {
                "The Map view as it is shown, as a PNG picture for a briefing or slides"
            }
            Self::AddPortFromCatalogue => {
                "Search 17,500 sea ports (UN/LOCODE and the World Port Index) by name, code or \
                 country, and add one with its coordinates and time zone"
            }
            Self::MergeCopy => {
                "Merge another delegate's copy of this project into it (one undoable step; \
                 what both changed differently goes to Merge review)"
            }
            Self::CompareWith => {
                "Show what differs between this project and another file, changing nothing"
            }
            Self::MissionSettings => "The mission's title, dates, time zones and travel time",
            Self::KeyboardShortcuts => "Every shortcut, and how to use the app without a mouse",
            Self::About => {
                "The version, and where the bundled maps, ports, zones and fonts come from"
            }
            Self::FindAnything => {
                "Find a port, person, organisation, agreement, corridor, event, clause, a \
                 draft's words or a command, and go there"
            }
            Self::GettingStarted => {
                "What missions, agreements, corridors and events are; where files are kept"
            }
            Self::OpenDataFolder => {
                "The folder of recovery copies and merge snapshots, in the file manager"
            }
            Self::CancelJob => {
                "Stop reading the calendar, contacts, spreadsheet, Word file or copy being \
                 read or merged; nothing changes"
            }
            Self::CopyDiagnostics => {
                "The version, system, renderer and the last warnings, for a bug report \
                 (nothing of the project)"
            }
            Self::ThisIsMe => {
                "Which person of the project you are: your agenda first, your zone on the \
                 second ruler, revisions in your name"
            }
            Self::ProtectWithPassphrase => {
                "Encrypt the project file (standard age format) and every copy this app keeps \
                 of it; the passphrase is asked when it opens (here: change it)"
            }
            Self::RemoveProtection => {
                "Save the project as plain text again (asks for its passphrase first)"
            }
            Self::ZoomIn | Self::ZoomInAlt => "Larger text and controls (remembered)",
            Self::ZoomOut => "Smaller text and controls (remembered)",
            Self::ZoomReset => "Text and controls at their normal size",
            _ => "",
        }
    }

    /// The shortcut; `COMMAND` is Ctrl, or Cmd on macOS.
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        let shortcut = match self {
            Self::New => KeyboardShortcut::new(cmd, Key::N),
            Self::Open => KeyboardShortcut::new(cmd, Key::O),
            Self::Save => KeyboardShortcut::new(cmd, Key::S),
            Self::SaveAs => KeyboardShortcut::new(cmd_shift, Key::S),
            Self::Close => KeyboardShortcut::new(cmd, Key::W),
            Self::Quit => KeyboardShortcut::new(cmd, Key::Q),
            Self::Undo => KeyboardShortcut::new(cmd, Key::Z),
            Self::Redo => KeyboardShortcut::new(cmd_shift, Key::Z),
            Self::RedoAlt => KeyboardShortcut::new(cmd, Key::Y),
            Self::Find => KeyboardShortcut::new(cmd, Key::F),
            Self::FindInDraft => KeyboardShortcut::new(cmd, Key::H),
            Self::DeleteSelected => KeyboardShortcut::new(Modifiers::NONE, Key::Delete),
            Self::KeyboardShortcuts => KeyboardShortcut::new(Modifiers::NONE, Key::F1),
            Self::FindAnything => KeyboardShortcut::new(cmd, Key::K),
            Self::ZoomIn => KeyboardShortcut::new(cmd, Key::Equals),
            Self::ZoomInAlt => KeyboardShortcut::new(cmd, Key::Plus),
            Self::ZoomOut => KeyboardShortcut::new(cmd, Key::Minus),
            Self::ZoomReset => KeyboardShortcut::new(cmd, Key::Num0),
            // Menu-only commands, and those that carry data.
            _ => return None,
        };
        Some(shortcut)
    }

    /// The shortcut as menus and lists show it: "Ctrl+=" and "Ctrl+−" rather
    /// than egui's key names "Equals" and "Minus".
    pub fn shortcut_text(&self) -> Option<String> {
        let shortcut = self.shortcut()?;
        let mac = cfg!(target_os = "macos");
        let names = egui::ModifierNames::NAMES;
        let key = match shortcut.logical_key {
            Key::Equals => "=",
            Key::Minus => "−",
            Key::Plus => "+",
            key => key.name(),
        };
        let modifiers = names.format(&shortcut.modifiers, mac);
        Some(if modifiers.is_empty() {
            key.to_owned()
        } else {
            format!("{modifiers}{}{key}", names.concat)
        })
    }

    /// Whether the shortcut must give way to a focused text field (Delete
    /// deletes characters there; Ctrl+Z is the field's own undo while typing
    /// is handled through the project's history anyway).
    pub fn yields_to_text_fields(&self) -> bool {
        matches!(self, Self::DeleteSelected)
    }
}
