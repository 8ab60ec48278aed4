//! The built-in file chooser, for systems without a native file dialog (no
//! XDG desktop portal and no zenity): a path field with Tab completion and a
//! list of the folder's sub-folders and mission files.

use std::path::{Path, PathBuf};

use egui::{Key, RichText, TextEdit, Ui};

use crate::ui::dialogs::DialogKind;

/// What the chooser answered.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ChooserOutcome {
    Picked(PathBuf),
    Cancelled,
}

struct Entry {
    name: String,
    is_dir: bool,
}

/// State of an open chooser.
pub struct FileChooser {
    pub kind: DialogKind,
    /// The full path as typed.
    pub path_text: String,
    listed: Option<PathBuf>,
    entries: Vec<Entry>,
    list_error: Option<String>,
    message: Option<String>,
    /// A file that exists and was chosen once: choosing it again replaces it.
    confirmed_overwrite: Option<PathBuf>,
    /// The path field has had the focus once.
    focused: bool,
    /// Said above the path (what the chosen file will be, e.g. not encrypted).
    note: Option<String>,
}

impl FileChooser {
    pub fn new(kind: DialogKind, start_dir: &Path, file_name: Option<&str>) -> Self {
        let mut path_text = start_dir.display().to_string();
        if !path_text.ends_with(std::path::MAIN_SEPARATOR) {
            path_text.push(std::path::MAIN_SEPARATOR);
        }
        if let Some(name) = file_name {
            path_text.push_str(name);
        }
        Self {
            kind,
            path_text,
            listed: None,
            entries: Vec::new(),
            list_error: None,
            message: None,
            confirmed_overwrite: None,
            focused: false,
            note: None,
        }
    }

    /// The chooser with `note` said above its path.
    pub fn with_note(mut self, note: Option<String>) -> Self {
        self.note = note;
        self
    }

    /// The folder part of the typed path, and the partial name after it.
    fn split(&self) -> (PathBuf, String) {
        let text = &self.path_text;
        match text.rfind(std::path::MAIN_SEPARATOR) {
            Some(i) => (
                PathBuf::from(if i == 0 { "/" } else { &text[..i] }),
                text[i + 1..].to_owned(),
            ),
            None => (PathBuf::from("."), text.clone()),
        }
    }

    fn refresh_listing(&mut self) {
        let (dir, _) = self.split();
        if self.listed.as_ref() == Some(&dir) {
            return;
        }
        self.entries.clear();
        self.list_error = None;
        match std::fs::read_dir(&dir) {
            Ok(read) => {
                for entry in read.flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                    let wanted = is_dir || name.ends_with(&format!(".{}", self.kind.extension()));
                    if wanted && !name.starts_with('.') {
                        self.entries.push(Entry { name, is_dir });
                    }
                }
                self.entries
                    .sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then(a.name.cmp(&b.name)));
            }
            Err(err) => self.list_error = Some(format!("Cannot list {}: {err}", dir.display())),
        }
        self.listed = Some(dir);
    }

    fn set_path(&mut self, dir: &Path, name: &str) {
        let mut text = dir.join(name).display().to_string();
        if dir.join(name).is_dir() && !text.ends_with(std::path::MAIN_SEPARATOR) {
            text.push(std::path::MAIN_SEPARATOR);
        }
        self.path_text = text;
    }

    /// Completes the partial name to the longest prefix all matches share.
    fn complete(&mut self) {
        let (dir, partial) = self.split();
        let matches: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.name.starts_with(&partial))
            .collect();
        let Some(first) = matches.first() else {
            return;
        };
        let mut prefix = first.name.clone();
        for entry in &matches[1..] {
            while !entry.name.starts_with(&prefix) {
                prefix.pop();
            }
        }
        if matches.len() == 1 {
            let name = first.name.clone();
            self.set_path(&dir, &name);
        } else if prefix.len() > partial.len() {
            self.set_path(&dir, &prefix);
        }
    }

    fn accept(&mut self) -> Option<ChooserOutcome> {
        let path = PathBuf::from(self.path_text.trim());
        if path.is_dir() {
            self.message = Some("That is a folder; choose or type a file name".to_owned());
            return None;
        }
        match self.kind {
            DialogKind::Open
            | DialogKind::ImportCalendar
            | DialogKind::ImportDraft
            | DialogKind::ImportContacts
            | DialogKind::ImportSpreadsheet
            | DialogKind::OtherProject
                if !path.is_file() =>
            {
                self.message = Some(if path.exists() {
                    // /dev/zero, a pipe, a socket: there, but not a file.
                    format!(
                        "{} is not a file that can be read (a device, pipe or socket)",
                        path.display()
                    )
                } else {
                    format!("There is no file {}", path.display())
                });
                None
            }
            // Any save or export: writing into a folder that is not there
            // failed after the chooser closed, naming a temporary file.
            kind if kind.is_save()
                && !path
                    .parent()
                    .is_some_and(|p| p.as_os_str().is_empty() || p.is_dir()) =>
            {
                self.message = Some("That folder does not exist".to_owned());
                None
            }
            kind if kind.is_save() => {
                // As system dialogs do: an existing file is replaced only
                // when asked twice.
                let target = match kind {
                    DialogKind::Save => {
                        crate::io::project_file::with_project_extension(path.clone())
                    }
                    _ => path.clone(),
                };
                if target.exists() && self.confirmed_overwrite.as_ref() != Some(&target) {
                    self.message = Some(format!(
                        "{} already exists. Choose it again to replace it.",
                        target.display()
                    ));
                    self.confirmed_overwrite = Some(target);
                    return None;
                }
                Some(ChooserOutcome::Picked(path))
            }
            _ => Some(ChooserOutcome::Picked(path)),
        }
    }

    /// Draws the chooser in a modal window; returns the answer when given.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<ChooserOutcome> {
        self.refresh_listing();
        let mut outcome = None;
        let title = match self.kind {
            DialogKind::Open => "Open mission",
            DialogKind::Save => "Save mission as",
            DialogKind::ImportCalendar => "Import calendar",
            DialogKind::ExportCalendar => "Export calendar",
            DialogKind::ExportDraft => "Export draft",
            DialogKind::ExportBriefing => "Save briefing book",
            DialogKind::ExportMap => "Export map",
            DialogKind::ImportContacts => "Import contacts",
            DialogKind::ExportContacts => "Export contacts",
            DialogKind::ImportSpreadsheet => "Import spreadsheet",
            DialogKind::ExportSpreadsheet => "Export spreadsheet",
            DialogKind::ImportDraft => "Import revision from Word",
            DialogKind::OtherProject => "Choose the other copy of the project",
        };
        let modal = egui::Modal::new(egui::Id::unique("file chooser")).show(ctx, |ui| {
            ui.set_width(560.0);
            crate::ui::accessibility::dialog_heading(ui, title);
            if let Some(note) = &self.note {
                ui.colored_label(ui.visuals().warn_fg_color, note);
            }
            ui.weak("No system file dialog is available here; this is the built-in one.");
            let label = ui.label("Path");
            let output = TextEdit::singleline(&mut self.path_text)
                .desired_width(f32::INFINITY)
                .lock_focus(true)
                .show(ui);
            let field = output.response.response.clone().labelled_by(label.id);
            // Typing goes to the path at once, after the proposed name (the
            // field's cursor would otherwise be where the last chooser left it).
            if !self.focused {
                field.request_focus();
                let mut state = output.state;
                let end = egui::text::CCursor::new(self.path_text.chars().count());
                state
                    .cursor
                    .set_char_range(Some(egui::text::CCursorRange::one(end)));
                state.store(ui.ctx(), field.id);
                self.focused = true;
            }
            if field.has_focus() && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Tab))
            {
                self.complete();
            }
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            self.listing_ui(ui);
            // Always a line, so the dialog keeps its size (and its buttons
            // their place) when a message comes or goes.
            let message = self.message.as_deref().unwrap_or(" ");
            let said = ui.colored_label(ui.visuals().error_fg_color, message);
            super::accessibility::announce(&said, true);
            ui.horizontal(|ui| {
                let action = match self.kind {
                    DialogKind::Open => "Open",
                    DialogKind::Save => "Save",
                    DialogKind::ImportCalendar
                    | DialogKind::ImportDraft
                    | DialogKind::ImportContacts
                    | DialogKind::ImportSpreadsheet => "Import",
                    DialogKind::OtherProject => "Choose",
                    DialogKind::ExportCalendar
                    | DialogKind::ExportDraft
                    | DialogKind::ExportContacts
                    | DialogKind::ExportSpreadsheet
                    | DialogKind::ExportMap => "Export",
                    DialogKind::ExportBriefing => "Save",
                };
                if ui.button(action).clicked() || enter {
                    outcome = self.accept();
                    // Refused (no such file…): the path stays in hand to
                    // be corrected, as Enter had taken the focus from it.
                    if outcome.is_none() {
                        field.request_focus();
                    }
                }
                if ui.button("Cancel").clicked() {
                    outcome = Some(ChooserOutcome::Cancelled);
                }
            });
        });
        if modal.should_close() && outcome.is_none() {
            outcome = Some(ChooserOutcome::Cancelled);
        }
        outcome
    }

    fn listing_ui(&mut self, ui: &mut Ui) {
        let (dir, partial) = self.split();
        let mut go_to = None;
        egui::ScrollArea::vertical()
            .max_height(280.0)
            .min_scrolled_height(280.0)
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if let Some(error) = &self.list_error {
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
                if dir.parent().is_some()
                    && ui.selectable_label(false, ".. (up one folder)").clicked()
                {
                    go_to = dir.parent().map(|p| (p.to_path_buf(), String::new()));
                }
                // The name typed (or proposed for a save) narrows the list,
                // unless nothing starts with it: then the whole folder shows.
                let narrows = self.entries.iter().any(|e| e.name.starts_with(&partial));
                let shown = self
                    .entries
                    .iter()
                    .filter(|e| !narrows || e.name.starts_with(&partial));
                for entry in shown {
                    let text = if entry.is_dir {
                        RichText::new(format!("{}/", entry.name)).strong()
                    } else {
                        RichText::new(&entry.name)
                    };
                    if ui.selectable_label(false, text).clicked() {
                        go_to = Some((dir.clone(), entry.name.clone()));
                    }
                }
            });
        if let Some((dir, name)) = go_to {
            self.set_path(&dir, &name);
            self.message = None;
        }
    }
}
