//! Importing a calendar the way every import goes: read and computed off the
//! UI thread, previewed with its report by line (zones read, invitees not
//! known, what was left out), the margin and the new people decided there,
//! then applied as one undo step.

use std::path::Path;
use std::sync::Arc;

use egui::{Key, RichText};

use super::PlannerApp;
use super::files::Job;
use super::modals::Answer;
use crate::commands::Command;
use crate::edit::Edit;
use crate::io::ics::{
    IcsError, ImportOptions, ImportReport, MAX_ICS_BYTES, MAX_MARGIN_DAYS, import_ics_watched,
};
use crate::io::progress::Progress;
use crate::model::Project;

/// A calendar read and turned into edits, not yet applied.
#[derive(Clone, Debug)]
pub struct PreparedImport {
    pub edits: Vec<Edit>,
    pub report: ImportReport,
    /// The file's name, for messages.
    pub source: String,
    /// The file as read, to compute the preview again with other options.
    pub bytes: Arc<[u8]>,
    pub options: ImportOptions,
    /// The project's generation it was computed from.
    pub generation: u64,
}

impl PartialEq for PreparedImport {
    fn eq(&self, other: &Self) -> bool {
        self.report == other.report
            && self.source == other.source
            && self.options == other.options
            && self.generation == other.generation
    }
}

/// Reads nothing: computes the import of `bytes` into `project`.
pub fn prepare_import(
    project: &Project,
    generation: u64,
    bytes: Arc<[u8]>,
    source: String,
    options: ImportOptions,
    progress: &Progress,
) -> Result<PreparedImport, String> {
    let (edits, report) = import_ics_watched(project, &bytes[..], &options, progress)
        .map_err(|err| err.to_string())?;
    if progress.is_cancelled() {
        return Err(IcsError::Cancelled.to_string());
    }
    super::session::Session::check_import(project, "Import calendar", &edits)?;
    Ok(PreparedImport {
        edits,
        report,
        source,
        bytes,
        options,
        generation,
    })
}

impl PlannerApp {
    /// Reads the calendar and computes its import in the background; the
    /// preview opens when it is done.
    pub(super) fn import_calendar(&mut self, path: &Path) {
        let (project, generation) = self.session.import_inputs();
        let owned = path.to_path_buf();
        let source = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let name = source.clone();
        let receiver = self.watched_in_background(move |progress| {
            let bytes = crate::io::read_regular_file(&owned, MAX_ICS_BYTES)
                .map_err(|err| format!("could not read the calendar: {err}"))?;
            prepare_import(
                &project,
                generation,
                Arc::from(bytes),
                name,
                ImportOptions::default(),
                progress,
            )
        });
        self.job = Some(Job::ImportCalendar { receiver, source });
    }

    /// Computes the preview again with other options (the same file).
    pub(super) fn preview_import_again(
        &mut self,
        previous: &PreparedImport,
        options: ImportOptions,
    ) {
        let (project, generation) = self.session.import_inputs();
        let bytes = previous.bytes.clone();
        let name = previous.source.clone();
        let receiver = self.watched_in_background(move |progress| {
            prepare_import(&project, generation, bytes, name, options, progress)
        });
        self.job = Some(Job::ImportCalendar {
            receiver,
            source: previous.source.clone(),
        });
    }

    /// Applies a previewed import as one undo step.
    pub(super) fn apply_calendar_import(&mut self, prepared: PreparedImport) {
        let PreparedImport {
            edits,
            report,
            source,
            ..
        } = prepared;
        match self
            .session
            .apply_import("Import calendar", edits, prepared.generation)
        {
            Ok(()) => self.notices.info(format!(
                "Imported {source}: {} added, {} updated, {} unchanged{}{} (Undo takes it back)",
                report.added,
                report.updated,
                report.unchanged,
                match report.removed {
                    0 => String::new(),
                    n => format!(", {n} removed"),
                },
                match report.people_added {
                    0 => String::new(),
                    n => format!("; {n} people added"),
                }
            )),
            Err(err) => self
                .notices
                .error(format!("The calendar was not imported: {err}: {source}")),
        }
    }
}

/// The preview of a calendar import.
pub(super) struct ImportPreview {
    pub(super) prepared: Box<PreparedImport>,
    /// The margin as being edited (applied with "Preview again").
    margin_days: u16,
    add_people: bool,
    /// Whether the default button has had the focus (given once, so that
    /// Enter imports and Tab goes on from there).
    focused: bool,
    /// Tells this preview's lists from the last one's (a new file's list
    /// starts scrolled to its beginning).
    serial: u64,
}

/// Lines of a report, virtualised, scrolling sideways; each whole on hover.
fn report_rows(ui: &mut egui::Ui, lines: &[String], id: (&str, u64), height: f32) {
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    egui::ScrollArea::both()
        .id_salt(id)
        .max_height(height)
        .show_rows(ui, row_height, lines.len(), |ui, rows| {
            for line in &lines[rows] {
                ui.add(egui::Label::new(line.as_str()).extend())
                    .on_hover_text(line.as_str());
            }
        });
}

impl ImportPreview {
    pub(super) fn new(prepared: PreparedImport) -> Self {
        Self {
            margin_days: prepared.options.margin_days,
            add_people: prepared.options.add_unknown_people,
            prepared: Box::new(prepared),
            focused: false,
            serial: {
                static PREVIEWS: std::sync::atomic::AtomicU64 =
                    std::sync::atomic::AtomicU64::new(0);
                PREVIEWS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        }
    }

    /// Everything the report says, one line each, with its line in the file.
    fn report_lines(&self) -> Vec<String> {
        let report = &self.prepared.report;
        let mut lines: Vec<String> = report.zones.iter().map(ToString::to_string).collect();
        lines.extend(report.note_lines());
        lines
    }

    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let mut answer = Answer::Open;
        let lines = self.report_lines();
        let Self {
            prepared,
            margin_days,
            add_people,
            focused,
            serial,
        } = self;
        let report = &prepared.report;
        let changes = prepared.edits.len();
        let response = egui::Modal::new(egui::Id::unique("import calendar")).show(ctx, |ui| {
            ui.set_width(680.0);
            crate::ui::accessibility::dialog_heading(ui, "Import calendar");
            ui.label(RichText::new(&prepared.source).strong());
            let mut summary = format!(
                "{} events to add, {} to update, {} already as they are",
                report.added, report.updated, report.unchanged
            );
            if report.removed > 0 {
                summary.push_str(&format!(
                    ", {} to remove (cancelled since they were imported)",
                    report.removed
                ));
            }
            if report.occurrences > 0 {
                summary.push_str(&format!(
                    " ({} of them occurrences of repeating events)",
                    report.occurrences
                ));
            }
            ui.label(summary);
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                let label = ui.label("Repeating events: import occurrences up to");
                ui.add(
                    egui::DragValue::new(margin_days)
                        .range(0..=MAX_MARGIN_DAYS)
                        .suffix(" days"),
                )
                .labelled_by(label.id);
                ui.label("before and after the mission");
            });
            if let Some((first, last)) = report.window {
                ui.label(
                    RichText::new(format!(
                        "Now from {first} to {last}. Events outside the mission's own days are \
                         listed in Problems."
                    ))
                    .small()
                    .weak(),
                );
            }
            if !report.unknown_people.is_empty() {
                ui.add_space(4.0);
                let count = match report.unknown_people.len() {
                    1 => "1 invitee".to_owned(),
                    n => format!("{n} invitees"),
                };
                if report.people_added > 0 {
                    ui.label(format!(
                        "{count} will be added as people (role Other; set it in People), and as \
                         participants of their events:"
                    ));
                } else {
                    ui.label(format!(
                        "{count} not among the project's people (matched by e-mail):"
                    ));
                }
                egui::ScrollArea::vertical()
                    .id_salt(("unknown people", *serial))
                    .max_height(90.0)
                    .show(ui, |ui| {
                        for unknown in &report.unknown_people {
                            ui.label(format!("• {} (line {})", unknown.attendee, unknown.line));
                        }
                    });
                ui.checkbox(
                    add_people,
                    "Add them as people, and as participants of their events",
                );
            }
            if !report.changes.is_empty() {
                ui.add_space(4.0);
                ui.label(
                    RichText::new(
                        "What changes in events the project has (the file's version replaces \
                         the project's, your edits to them too)",
                    )
                    .strong(),
                );
                let changes: Vec<String> = report.changes.iter().map(ToString::to_string).collect();
                report_rows(ui, &changes, ("import changes", *serial), 120.0);
            }
            if !lines.is_empty() {
                ui.add_space(4.0);
                ui.label(RichText::new("What the import says, by line of the file").strong());
                report_rows(ui, &lines, ("import report", *serial), 220.0);
            }
            ui.add_space(6.0);
            let options = ImportOptions {
                margin_days: *margin_days,
                add_unknown_people: *add_people,
            };
            let options_changed = options != prepared.options;
            ui.horizontal(|ui| {
                if options_changed {
                    if ui.button("Preview again").clicked() {
                        answer = Answer::Run(Command::PreviewCalendarAgain {
                            previous: prepared.clone(),
                            options: options.clone(),
                        });
                    }
                } else {
                    let import = ui
                        .add_enabled(changes > 0, egui::Button::new("Import"))
                        .on_disabled_hover_text("Nothing in the file changes the project");
                    if !*focused {
                        import.request_focus();
                        *focused = true;
                    }
                    if import.clicked() {
                        answer = Answer::Run(Command::ApplyCalendarImport(prepared.clone()));
                    }
                }
                if ui.button("Cancel").clicked() {
                    answer = Answer::Closed;
                }
            });
        });
        if (response.should_close() || ctx.input(|i| i.key_pressed(Key::Escape)))
            && matches!(answer, Answer::Open)
        {
            answer = Answer::Closed;
        }
        answer
    }
}
