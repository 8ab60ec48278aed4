//! Application commands: one definition of label, shortcut and tooltip shared
//! by the menu, the keyboard and anything else that triggers them.

use egui::{Key, KeyboardShortcut, Modifiers};

/// Something the user can ask the app to do, from a menu or a shortcut.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
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
    /// Ctrl+H: find and replace in the selected agreement's draft.
    FindInDraft,
}

impl Command {
    /// Commands in the order their shortcuts are checked: egui lets Ctrl+Shift+S
    /// match a Ctrl+S pattern, so the Shift variants come first.
    pub const ALL: [Self; 13] = [
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
    ];

    pub fn label(self) -> &'static str {
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
            Self::FindInDraft => "Find and replace in draft",
        }
    }

    pub fn tooltip(self) -> &'static str {
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
            Self::ExportCalendar => {
                "Export the events (the schedule's person filter, if set, picks one agenda)"
            }
            Self::FindInDraft => "Find and replace in the selected agreement's draft",
        }
    }

    /// The shortcut; `COMMAND` is Ctrl, or Cmd on macOS.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let cmd_shift = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        let shortcut = match self {
            Self::New => KeyboardShortcut::new(cmd, Key::N),
            Self::NewFromSample | Self::ImportCalendar | Self::ExportCalendar => return None,
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
        };
        Some(shortcut)
    }

    /// Whether the shortcut must give way to a focused text field (Delete
    /// deletes characters there; Ctrl+Z is the field's own undo while typing
    /// is handled through the project's history anyway).
    pub fn yields_to_text_fields(self) -> bool {
        matches!(self, Self::DeleteSelected)
    }
}
