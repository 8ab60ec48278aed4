//! The dialogs that show a result to read: a report, a comparison, a
//! Word draft's import, a merge's preview.

use super::Answer;
use crate::app::session::{MergeBase, PreparedMerge};
use crate::commands::{Command, Replace};
use crate::model::redline::Redline;
use egui::{Key, RichText};

/// A list of things to read (e.g. what an import could not keep).
pub(in crate::app) struct Report {
    pub(super) title: String,
    pub(super) lines: Vec<String>,
    pub(super) focused: bool,
}

impl Report {
    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let mut close = false;
        let response = egui::Modal::new(egui::Id::unique("report")).show(ctx, |ui| {
            ui.set_width(520.0);
            crate::ui::accessibility::dialog_heading(ui, &self.title);
            egui::ScrollArea::vertical()
                .max_height(
                    360.0_f32
                        .min(ctx.content_rect().height() - 140.0)
                        .max(120.0),
                )
                .show(ui, |ui| {
                    scroll_with_keys(ui);
                    for line in &self.lines {
                        ui.label(format!("• {line}"));
                    }
                });
            let ok = ui.button("OK");
            // The keyboard comes into the dialog as it opens (it stayed on
            // the window behind): arrows scroll, Enter or Esc closes.
            if !self.focused {
                ok.request_focus();
                self.focused = true;
            }
            close = ok.clicked();
        });
        // Nothing to decide here: Enter or Esc closes it, as the OK button does.
        close |= response.should_close()
            || ctx.input(|i| i.key_pressed(Key::Enter) || i.key_pressed(Key::Escape));
        if close { Answer::Closed } else { Answer::Open }
    }
}

/// What differs between the open project and another file: nothing here
/// changes either.
pub(in crate::app) struct Compare {
    pub(super) title: String,
    pub(super) lines: Vec<String>,
    pub(super) drafts: Vec<(String, Redline)>,
    pub(super) focused: bool,
    /// The keyboard was on a draft's heading last frame: the arrows and
    /// Page Up/Down scroll the drafts, not the lines above them.
    pub(super) in_drafts: bool,
}

impl Compare {
    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let mut close = false;
        let response = egui::Modal::new(egui::Id::unique("compare")).show(ctx, |ui| {
            ui.set_width(720.0);
            crate::ui::accessibility::dialog_heading(ui, &self.title);
            if self.lines.is_empty() {
                ui.label("No differences: the two projects hold the same.");
            } else {
                ui.label(format!(
                    "Read as: ~ changed, + only in the other file, - only in this project; \
                     {} line(s).",
                    self.lines.len()
                ));
            }
            diff_lines_ui(ui, &self.lines, "compare lines", !self.in_drafts);
            if !self.drafts.is_empty() {
                ui.separator();
                ui.label(RichText::new("Drafts (this project → the other file)").strong());
                egui::ScrollArea::vertical()
                    .id_salt("compare drafts")
                    .max_height(240.0)
                    .show(ui, |ui| {
                        if self.in_drafts {
                            scroll_with_keys(ui);
                        }
                        let mut in_drafts = false;
                        for (title, redline) in &self.drafts {
                            let header = egui::CollapsingHeader::new(title)
                                .default_open(self.drafts.len() == 1)
                                .show(ui, |ui| {
                                    crate::ui::drafting::inline_redline(
                                        ui,
                                        redline,
                                        &format!("Redline of {title}"),
                                    );
                                });
                            in_drafts |= header.header_response.has_focus();
                        }
                        self.in_drafts = in_drafts;
                    });
            }
            let button = ui.button("Close");
            // The keyboard comes into the dialog as it opens (it stayed on
            // the window behind, unseen): Enter closes, arrows scroll.
            if !self.focused {
                button.request_focus();
                self.focused = true;
            }
            close = button.clicked();
        });
        close |= response.should_close() || ctx.input(|i| i.key_pressed(Key::Escape));
        if close { Answer::Closed } else { Answer::Open }
    }
}

/// The preview of a draft read back from Word.
pub(in crate::app) struct ImportDraft {
    pub(super) agreement: crate::model::AgreementId,
    pub(super) title: String,
    pub(super) draft: crate::io::docx_import::DocxDraft,
    pub(super) redline: Redline,
    pub(super) source: String,
    pub(super) author: String,
    pub(super) focused: bool,
}

impl ImportDraft {
    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let mut answer = Answer::Open;
        let response = egui::Modal::new(egui::Id::unique("import draft")).show(ctx, |ui| {
            ui.set_width(640.0);
            crate::ui::accessibility::dialog_heading(ui, "Import revision from Word");
            ui.label(format!(
                "{} as the next revision of \"{}\". The current draft stays as it is; the \
                 redline then shows what the revision changes.",
                self.source, self.title
            ));
            ui.add_space(4.0);
            let label = ui.label("Whose revision is this? (e.g. Port of Tokyo, Kenji Sato)");
            let field = ui
                .add(egui::TextEdit::singleline(&mut self.author).desired_width(f32::INFINITY))
                .labelled_by(label.id);
            if !self.focused {
                field.request_focus();
                self.focused = true;
            }
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if !self.draft.notes.is_empty() {
                ui.add_space(4.0);
                ui.label(RichText::new("Changed on the way in").strong());
                for note in &self.draft.notes {
                    ui.label(format!("• {note}"));
                }
            }
            ui.add_space(4.0);
            let count = match self.redline.change_count() {
                0 => "No changes against the current draft".to_owned(),
                1 => "1 change against the current draft".to_owned(),
                n => format!("{n} changes against the current draft"),
            };
            ui.label(RichText::new(&count).strong());
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    crate::ui::drafting::inline_redline(
                        ui,
                        &self.redline,
                        "Redline against the current draft",
                    );
                });
            ui.add_space(6.0);
            let named = !self.author.trim().is_empty();
            ui.horizontal(|ui| {
                let import = ui
                    .add_enabled(named, egui::Button::new("Import"))
                    .on_disabled_hover_text("Say whose revision it is first");
                if import.clicked() || (enter && named) {
                    answer = Answer::Run(Command::RecordImportedDraft {
                        agreement: self.agreement,
                        draft: self.draft.clone(),
                        author: self.author.trim().to_owned(),
                        source: self.source.clone(),
                    });
                }
                if ui.button("Cancel").clicked() {
                    answer = Answer::Closed;
                }
            });
        });
        if response.should_close() && matches!(answer, Answer::Open) {
            answer = Answer::Closed;
        }
        answer
    }
}

/// `diff` lines, coloured: `-` red, `+` green, the entity lines strong;
/// virtualised, and scrolling sideways rather than cutting a line short.
/// The lines of a comparison; with `keys`, the arrows and Page Up/Down
/// scroll them.
fn diff_lines_ui(ui: &mut egui::Ui, lines: &[String], id: &str, keys: bool) {
    let deleted = egui::Color32::from_rgb(220, 80, 80);
    let inserted = if ui.visuals().dark_mode {
        egui::Color32::from_rgb(110, 200, 110)
    } else {
        egui::Color32::from_rgb(20, 130, 40)
    };
    let row_height = ui.text_style_height(&egui::TextStyle::Monospace) + 2.0;
    egui::ScrollArea::both()
        .id_salt(id)
        .max_height(380.0)
        .show_rows(ui, row_height, lines.len(), |ui, rows| {
            if keys {
                scroll_with_keys(ui);
            }
            for line in &lines[rows] {
                let text = RichText::new(line).monospace();
                let text = match line.trim_start().chars().next() {
                    Some('-') if line.starts_with("  ") => text.color(deleted),
                    Some('+') if line.starts_with("  ") => text.color(inserted),
                    Some('!') => text.color(ui.visuals().warn_fg_color),
                    _ => text.strong(),
                };
                ui.add(egui::Label::new(text).extend());
            }
        });
}

/// A merge computed off the UI thread, shown before it is applied.
pub(in crate::app) struct MergePreview {
    pub(super) prepared: Box<PreparedMerge>,
    pub(super) from: String,
    pub(super) disk_then: Option<Option<Replace>>,
    pub(super) lines: Vec<String>,
}

impl MergePreview {
    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let mut answer = Answer::Open;
        let outcome = self.prepared.outcome.clone();
        let response = egui::Modal::new(egui::Id::unique("merge preview")).show(ctx, |ui| {
            ui.set_width(720.0);
            crate::ui::accessibility::dialog_heading(ui, format!("Merge {}", self.from));
            match outcome.base {
                MergeBase::Common => {
                    ui.label(
                        "Merged with the version both copies came from (kept on this computer).",
                    );
                }
                MergeBase::TwoWay => {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "No version both copies came from is kept on this computer (this copy \
                         never passed through it), so nobody can tell which side changed what: \
                         every difference is a conflict to decide, an entity only one side has \
                         too.",
                    );
                }
            }
            if !outcome.changed {
                ui.label("Nothing to add: this project already has all of it.");
                if ui.button("OK").clicked() {
                    answer = self.apply();
                }
                return;
            }
            ui.label(match outcome.new_conflicts {
                0 => "No conflicts: everything merges cleanly. What changes in this project:"
                    .to_owned(),
                n => format!(
                    "{n} conflict(s) to decide in Merge review (our value stays until you \
                     choose). What changes in this project:"
                ),
            });
            diff_lines_ui(ui, &self.lines, "merge preview lines", true);
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui
                    .button("Merge")
                    .on_hover_text("One step: Undo takes the whole merge back")
                    .clicked()
                {
                    answer = self.apply();
                }
                if ui.button("Cancel").clicked() {
                    answer = Answer::Closed;
                }
            });
        });
        if response.should_close() && matches!(answer, Answer::Open) {
            answer = Answer::Closed;
        }
        answer
    }

    fn apply(&self) -> Answer {
        Answer::Run(Command::ApplyMerge {
            prepared: self.prepared.clone(),
            from: self.from.clone(),
            disk_then: self.disk_then.clone(),
        })
    }
}

/// ↑/↓ and Page Up/Down scroll a dialog's text, which has no control of its
/// own to take the focus (call inside its scroll area).
pub(in crate::app) fn scroll_with_keys(ui: &mut egui::Ui) {
    let page = ui.clip_rect().height() * 0.9;
    let delta = ui.input(|i| {
        let mut delta = 0.0;
        if i.key_pressed(Key::ArrowDown) {
            delta -= 40.0;
        }
        if i.key_pressed(Key::ArrowUp) {
            delta += 40.0;
        }
        if i.key_pressed(Key::PageDown) {
            delta -= page;
        }
        if i.key_pressed(Key::PageUp) {
            delta += page;
        }
        delta
    });
    if delta != 0.0 {
        ui.scroll_with_delta(egui::vec2(0.0, delta));
    }
}
