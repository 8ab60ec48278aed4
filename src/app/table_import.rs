//! Contacts (.vcf) and spreadsheets (.csv) in, the way every import goes:
//! read and computed off the UI thread, previewed with what it adds and
//! updates and every row left out by line, a spreadsheet's columns mapped
//! by the delegate (remembered for files with the same headers), then
//! applied as one undo step.

use std::path::Path;
use std::sync::Arc;

use egui::RichText;

use super::PlannerApp;
use super::files::Job;
use super::modals::{Answer, Modal};
use crate::commands::Command;
use crate::edit::Edit;
use crate::io::progress::Watch;
use crate::io::spreadsheet::{CsvTable, Sheet, default_mapping, import_csv, read_csv};
use crate::model::Project;

/// What is being imported.
#[derive(Clone, PartialEq, Debug)]
pub enum TableInput {
    /// A vCard file, as read.
    Contacts(Arc<[u8]>),
    /// A spreadsheet, as read, with the list its rows go to and which list
    /// column each of its columns fills.
    Spreadsheet {
        table: Arc<CsvTable>,
        sheet: Sheet,
        mapping: Vec<Option<usize>>,
    },
}

/// An import computed against the project, not yet applied.
#[derive(Clone, PartialEq, Debug)]
pub struct PreparedTableImport {
    pub input: TableInput,
    pub source: String,
    pub edits: Vec<Edit>,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows or cards left out, and notes, by line of the file.
    pub notes: Vec<(usize, String)>,
    /// Notes past the report's limit, counted.
    pub more_notes: usize,
    pub generation: u64,
}

/// An import's stages for its bar: reading the file, working out what it
/// adds and changes, checking the project can still be saved with it.
const IMPORT_STAGES: usize = 3;

/// Reports `done` stages and says whether the import should stop.
fn import_stage(progress: &impl Watch, done: usize) -> Result<(), String> {
    progress.set(done, IMPORT_STAGES);
    if progress.is_cancelled() {
        return Err("the import was cancelled; nothing was imported".to_owned());
    }
    Ok(())
}

/// Computes the import of `input` into `project` (run off the UI thread),
/// the file already read; reports its stages to `progress` and stops
/// between them when cancelled.
pub fn prepare_table_import(
    project: &Project,
    generation: u64,
    input: TableInput,
    source: String,
    progress: &impl Watch,
) -> Result<PreparedTableImport, String> {
    import_stage(progress, 1)?;
    let (edits, added, updated, unchanged, notes, more_notes) = match &input {
        TableInput::Contacts(bytes) => {
            let (edits, report) =
                crate::io::vcard::import_vcards(project, bytes).map_err(|e| e.to_string())?;
            (
                edits,
                report.added,
                report.updated,
                report.unchanged,
                report.skipped,
                report.more_skipped,
            )
        }
        TableInput::Spreadsheet {
            table,
            sheet,
            mapping,
        } => {
            let (edits, report) = import_csv(project, *sheet, table, mapping);
            (
                edits,
                report.added,
                report.updated,
                report.unchanged,
                report.notes,
                report.more_notes,
            )
        }
    };
    import_stage(progress, 2)?;
    super::session::Session::check_import(project, "Import", &edits)?;
    progress.set(IMPORT_STAGES, IMPORT_STAGES);
    Ok(PreparedTableImport {
        input,
        source,
        edits,
        added,
        updated,
        unchanged,
        notes,
        more_notes,
        generation,
    })
}

/// The list a spreadsheet most likely holds: the one its headers name most
/// columns of (people first on a tie).
pub fn likely_sheet(headers: &[String]) -> Sheet {
    Sheet::ALL
        .into_iter()
        .rev()
        .max_by_key(|sheet| default_mapping(*sheet, headers).iter().flatten().count())
        .unwrap_or(Sheet::People)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

impl PlannerApp {
    pub(super) fn import_contacts(&mut self, path: &Path) {
        let (project, generation) = self.session.import_inputs();
        let owned = path.to_path_buf();
        let source = file_name(path);
        let name = source.clone();
        let receiver = self.watched_in_background(move |progress| {
            import_stage(progress, 0)?;
            let bytes = crate::io::read_regular_file(&owned, crate::io::vcard::MAX_VCF_BYTES)
                .map_err(|err| format!("could not read the contacts: {err}"))?;
            prepare_table_import(
                &project,
                generation,
                TableInput::Contacts(Arc::from(bytes)),
                name,
                progress,
            )
        });
        self.job = Some(Job::ImportTable { receiver, source });
    }

    pub(super) fn import_spreadsheet(&mut self, path: &Path) {
        let (project, generation) = self.session.import_inputs();
        let owned = path.to_path_buf();
        let source = file_name(path);
        let name = source.clone();
        let remembered = self.settings.spreadsheet_mappings.clone();
        let receiver = self.watched_in_background(move |progress| {
            import_stage(progress, 0)?;
            let bytes = crate::io::read_regular_file(&owned, crate::io::spreadsheet::MAX_CSV_BYTES)
                .map_err(|err| format!("could not read the spreadsheet: {err}"))?;
            let table = read_csv(&bytes).map_err(|e| e.to_string())?;
            let (sheet, mapping) = remembered
                .iter()
                .find(|m| m.headers == table.headers)
                .map(|m| (m.sheet, m.mapping.clone()))
                .unwrap_or_else(|| {
                    let sheet = likely_sheet(&table.headers);
                    (sheet, default_mapping(sheet, &table.headers))
                });
            let input = TableInput::Spreadsheet {
                table: Arc::new(table),
                sheet,
                mapping,
            };
            prepare_table_import(&project, generation, input, name, progress)
        });
        self.job = Some(Job::ImportTable { receiver, source });
    }

    /// The preview asked again with another list or mapping.
    pub(super) fn preview_table_again(&mut self, input: TableInput, source: String) {
        let (project, generation) = self.session.import_inputs();
        let name = source.clone();
        let receiver = self.watched_in_background(move |progress| {
            prepare_table_import(&project, generation, input, name, progress)
        });
        self.job = Some(Job::ImportTable { receiver, source });
    }

    pub(super) fn apply_table_import(&mut self, prepared: PreparedTableImport) {
        let label = match &prepared.input {
            TableInput::Contacts(_) => "Import contacts".to_owned(),
            TableInput::Spreadsheet { sheet, .. } => {
                format!("Import {}", sheet.label().to_lowercase())
            }
        };
        if let TableInput::Spreadsheet {
            table,
            sheet,
            mapping,
        } = &prepared.input
        {
            self.settings
                .remember_mapping(&table.headers, *sheet, mapping.clone());
        }
        let PreparedTableImport {
            source,
            edits,
            added,
            updated,
            unchanged,
            notes,
            generation,
            ..
        } = prepared;
        match self.session.apply_import(&label, edits, generation) {
            Ok(()) => self.notices.info(format!(
                "Imported {source}: {added} added, {updated} updated, {unchanged} unchanged{} \
                 (Undo takes it back)",
                match notes.len() {
                    0 => String::new(),
                    1 => "; 1 note".to_owned(),
                    n => format!("; {n} notes"),
                }
            )),
            Err(err) => self
                .notices
                .error(format!("Nothing was imported: {err}: {source}")),
        }
    }

    pub(super) fn table_import_ready(&mut self, prepared: PreparedTableImport) {
        self.modals
            .push(Modal::TableImport(TableImportPreview::new(prepared)));
    }
}

/// The preview of a contacts or spreadsheet import.
pub(super) struct TableImportPreview {
    prepared: Box<PreparedTableImport>,
    /// The list and mapping as being edited (applied with "Preview again").
    sheet: Sheet,
    mapping: Vec<Option<usize>>,
    focused: bool,
}

impl TableImportPreview {
    fn new(prepared: PreparedTableImport) -> Self {
        let (sheet, mapping) = match &prepared.input {
            TableInput::Spreadsheet { sheet, mapping, .. } => (*sheet, mapping.clone()),
            TableInput::Contacts(_) => (Sheet::People, Vec::new()),
        };
        Self {
            prepared: Box::new(prepared),
            sheet,
            mapping,
            focused: false,
        }
    }

    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let mut answer = Answer::Open;
        let Self {
            prepared,
            sheet,
            mapping,
            focused,
        } = self;
        let title = match prepared.input {
            TableInput::Contacts(_) => "Import contacts",
            TableInput::Spreadsheet { .. } => "Import spreadsheet",
        };
        let list_was_open = egui::Popup::is_any_open(ctx);
        let response = egui::Modal::new(egui::Id::unique("import table")).show(ctx, |ui| {
            ui.set_width(720.0);
            crate::ui::accessibility::dialog_heading(ui, title);
            ui.label(RichText::new(&prepared.source).strong());
            let mut changed = false;
            if let TableInput::Spreadsheet {
                table,
                sheet: computed_sheet,
                mapping: computed_mapping,
            } = &prepared.input
            {
                ui.horizontal(|ui| {
                    let label = ui.label("Rows are");
                    let before = *sheet;
                    egui::ComboBox::from_id_salt("import sheet")
                        .selected_text(sheet.label())
                        .show_ui(ui, |ui| {
                            for choice in Sheet::ALL {
                                ui.selectable_value(sheet, choice, choice.label());
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    if *sheet != before {
                        *mapping = default_mapping(*sheet, &table.headers);
                    }
                    ui.weak(format!(
                        "{} rows; each column of the file goes to the field chosen below",
                        table.rows.len()
                    ));
                });
                mapping_grid(ui, table, *sheet, mapping);
                changed = *sheet != *computed_sheet || mapping != computed_mapping;
            }
            ui.add_space(4.0);
            if changed {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "The counts and notes below are for the mapping before your changes: \
                     Preview again (Enter).",
                );
            }
            ui.label(format!(
                "{} to add, {} to update, {} already as they are",
                prepared.added, prepared.updated, prepared.unchanged
            ));
            if !prepared.notes.is_empty() {
                ui.label(RichText::new("What the import says, by line of the file").strong());
                let mut lines: Vec<String> = prepared
                    .notes
                    .iter()
                    .map(|(line, note)| format!("line {line}: {note}"))
                    .collect();
                if prepared.more_notes > 0 {
                    lines.push(format!("… and {} more", prepared.more_notes));
                }
                let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
                egui::ScrollArea::both()
                    .id_salt("import table notes")
                    .max_height(160.0)
                    .show_rows(ui, row_height, lines.len(), |ui, rows| {
                        for line in &lines[rows] {
                            ui.add(egui::Label::new(line.as_str()).extend());
                        }
                    });
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let enter = super::modals::enter_for_default(ctx, list_was_open);
                if changed {
                    if (ui.button("Preview again").clicked() || enter)
                        && let TableInput::Spreadsheet { table, .. } = &prepared.input
                    {
                        answer = Answer::Run(Command::PreviewTableAgain {
                            input: TableInput::Spreadsheet {
                                table: table.clone(),
                                sheet: *sheet,
                                mapping: mapping.clone(),
                            },
                            source: prepared.source.clone(),
                        });
                    }
                } else {
                    let import = ui
                        .add_enabled(!prepared.edits.is_empty(), egui::Button::new("Import"))
                        .on_disabled_hover_text("Nothing in the file changes the project");
                    if !*focused {
                        import.request_focus();
                        *focused = true;
                    }
                    if import.clicked() || enter && !prepared.edits.is_empty() {
                        answer = Answer::Run(Command::ApplyTableImport(prepared.clone()));
                    }
                }
                if ui.button("Cancel").clicked() {
                    answer = Answer::Closed;
                }
            });
        });
        if super::modals::dismissed(ctx, &response, list_was_open) && matches!(answer, Answer::Open)
        {
            answer = Answer::Closed;
        }
        answer
    }
}

impl PlannerApp {
    pub(super) fn export_contacts(&mut self, path: &Path, of: Option<crate::model::EntityRef>) {
        let path = with_default_extension(path, "vcf");
        let project = self.session.project();
        let people = crate::io::vcard::contacts_of(project, of);
        let count = people.len();
        if count == 0 {
            self.notices
                .error("No one to export: nothing was written".to_owned());
            return;
        }
        let text = crate::io::vcard::export_vcards(project, people);
        match crate::io::write_atomic(&path, text.as_bytes()) {
            Ok(()) => self.exported(format!("Exported {count} contacts to {}", path.display())),
            Err(err) => self
                .notices
                .error(format!("Could not export: {err}: {}", path.display())),
        }
    }

    pub(super) fn export_spreadsheet(&mut self, sheet: Sheet, separator: u8, path: &Path) {
        let path = with_default_extension(path, "csv");
        let bytes = crate::io::spreadsheet::export_csv(self.session.project(), sheet, separator);
        match crate::io::write_atomic(&path, &bytes) {
            Ok(()) => self.exported(format!(
                "Exported {} to {}",
                sheet.label().to_lowercase(),
                path.display()
            )),
            Err(err) => self
                .notices
                .error(format!("Could not export: {err}: {}", path.display())),
        }
    }
}

fn with_default_extension(path: &Path, extension: &str) -> std::path::PathBuf {
    if path.extension().is_none() {
        path.with_extension(extension)
    } else {
        path.to_path_buf()
    }
}

/// File → Export spreadsheet: which list, which separator, then where.
pub(super) struct SpreadsheetExport {
    sheet: Sheet,
    semicolon: bool,
    focused: bool,
}

impl SpreadsheetExport {
    pub(super) fn new() -> Self {
        Self {
            sheet: Sheet::People,
            semicolon: false,
            focused: false,
        }
    }

    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let mut answer = Answer::Open;
        let list_was_open = egui::Popup::is_any_open(ctx);
        let response = egui::Modal::new(egui::Id::unique("export spreadsheet")).show(ctx, |ui| {
            ui.set_width(440.0);
            crate::ui::accessibility::dialog_heading(ui, "Export spreadsheet");
            ui.horizontal(|ui| {
                let label = ui.label("List");
                egui::ComboBox::from_id_salt("export sheet")
                    .selected_text(self.sheet.label())
                    .show_ui(ui, |ui| {
                        for sheet in Sheet::ALL {
                            ui.selectable_value(&mut self.sheet, sheet, sheet.label());
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            ui.radio_value(&mut self.semicolon, false, "Separated by commas (,)");
            ui.radio_value(
                &mut self.semicolon,
                true,
                "Separated by semicolons (;), as Excel expects where the decimal mark is a comma",
            );
            ui.weak("UTF-8 with a byte-order mark: Excel and LibreOffice open names such as 東京港 as written.");
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let export = ui.button("Export…");
                if !self.focused {
                    export.request_focus();
                    self.focused = true;
                }
                if export.clicked() || super::modals::enter_for_default(ctx, list_was_open) {
                    answer = Answer::Run(Command::ExportSpreadsheetAs {
                        sheet: self.sheet,
                        separator: if self.semicolon { b';' } else { b',' },
                    });
                }
                if ui.button("Cancel").clicked() {
                    answer = Answer::Closed;
                }
            });
        });
        if super::modals::dismissed(ctx, &response, list_was_open) && matches!(answer, Answer::Open)
        {
            answer = Answer::Closed;
        }
        answer
    }
}

/// Rows shown under each column's header to recognise it.
const SAMPLE_ROWS: usize = 3;

/// A row a column of the file: its header, the field it fills, its first values.
fn mapping_grid(ui: &mut egui::Ui, table: &CsvTable, sheet: Sheet, mapping: &mut [Option<usize>]) {
    let columns = sheet.columns();
    egui::ScrollArea::vertical()
        .id_salt("import mapping")
        .max_height(220.0)
        .show(ui, |ui| {
            egui::Grid::new("import mapping grid")
                .striped(true)
                .num_columns(3)
                .show(ui, |ui| {
                    ui.strong("Column of the file");
                    ui.strong("Goes to");
                    ui.strong("First rows");
                    ui.end_row();
                    for (index, header) in table.headers.iter().enumerate() {
                        let label = ui.label(header);
                        let Some(target) = mapping.get_mut(index) else {
                            continue;
                        };
                        egui::ComboBox::from_id_salt(("map column", index))
                            .selected_text(target.map_or("Not imported", |c| columns[c].header))
                            .width(160.0)
                            .show_ui(ui, |ui| {
                                ui.selectable_value(target, None, "Not imported");
                                for (c, column) in columns.iter().enumerate() {
                                    ui.selectable_value(target, Some(c), column.header);
                                }
                            })
                            .response
                            .labelled_by(label.id);
                        let samples: Vec<&str> = table
                            .rows
                            .iter()
                            .take(SAMPLE_ROWS)
                            .filter_map(|(_, cells)| cells.get(index).map(String::as_str))
                            .map(|c| match c.lines().next().map(str::trim) {
                                None | Some("") => "(empty)",
                                Some(first) => first,
                            })
                            .collect();
                        ui.weak(samples.join(" · "));
                        ui.end_row();
                    }
                });
        });
    // A field is filled from one column: when two name it, the rightmost
    // keeps it and the other shows "Not imported".
    let mut seen = std::collections::HashSet::new();
    for target in mapping.iter_mut().rev() {
        if let Some(c) = target
            && !seen.insert(*c)
        {
            *target = None;
        }
    }
}
