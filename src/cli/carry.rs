//! The commands that carry the project out and bring lists in: the
//! briefing book, contacts (vCard) and spreadsheets (CSV).

use std::io::Write;
use std::path::Path;

use super::{
    EXIT_FILE_ERROR, EXIT_OK, find_by_id_or_name, find_person, load_for_command, terminal_safe,
};

pub(super) fn export_csv_command(
    sheet: crate::io::spreadsheet::Sheet,
    file: &Path,
    output: &Path,
    separator: u8,
    err: &mut dyn Write,
) -> u8 {
    let Some(project) = load_for_command(file, err) else {
        return EXIT_FILE_ERROR;
    };
    let bytes = crate::io::spreadsheet::export_csv(&project, sheet, separator);
    match crate::io::write_atomic(output, &bytes) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(
                err,
                "error: cannot write the spreadsheet: {e}: {}",
                output.display()
            );
            EXIT_FILE_ERROR
        }
    }
}

pub(super) fn import_csv_command(
    sheet: crate::io::spreadsheet::Sheet,
    file: &Path,
    from: &Path,
    output: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    use crate::io::spreadsheet::{MAX_CSV_BYTES, default_mapping, import_csv, read_csv};
    let Some(mut project) = load_for_command(file, err) else {
        return EXIT_FILE_ERROR;
    };
    let fail = |err: &mut dyn Write, message: String| {
        let _ = writeln!(err, "{}", terminal_safe(&message));
        EXIT_FILE_ERROR
    };
    let table = match crate::io::read_regular_file(from, MAX_CSV_BYTES)
        .map_err(|e| format!("cannot read the spreadsheet: {e}"))
        .and_then(|bytes| read_csv(&bytes).map_err(|e| e.to_string()))
    {
        Ok(table) => table,
        Err(e) => return fail(err, format!("{}: error: {e}", from.display())),
    };
    let mapping = default_mapping(sheet, &table.headers);
    for (header, mapped) in table.headers.iter().zip(&mapping) {
        if mapped.is_none() {
            let _ = writeln!(
                out,
                "{}",
                terminal_safe(&format!(
                    "{}: column \"{header}\" not imported",
                    from.display()
                ))
            );
        }
    }
    let (edits, report) = import_csv(&project, sheet, &table, &mapping);
    let outcome = ImportOutcome {
        counts: (report.added, report.updated, report.unchanged),
        notes: &report.notes,
        more_notes: report.more_notes,
    };
    let label = format!("Import {}", sheet.label().to_lowercase());
    apply_import_and_save(
        &mut project,
        &label,
        edits,
        &outcome,
        from,
        output,
        out,
        err,
    )
}

pub(super) fn export_contacts_command(
    file: &Path,
    output: &Path,
    organisation: Option<&str>,
    event: Option<&str>,
    err: &mut dyn Write,
) -> u8 {
    let Some(project) = load_for_command(file, err) else {
        return EXIT_FILE_ERROR;
    };
    let fail = |err: &mut dyn Write, message: String| {
        let _ = writeln!(err, "error: {}", terminal_safe(&message));
        EXIT_FILE_ERROR
    };
    use crate::model::EntityRef;
    let of = if let Some(wanted) = organisation {
        match find_by_id_or_name(&project.organisations, wanted, "organisation", |o| o.id.0) {
            Ok(found) => Some(EntityRef::Organisation(found.id)),
            Err(many) => {
                return fail(
                    err,
                    format!("{} organisations match \"{wanted}\"", many.len()),
                );
            }
        }
    } else if let Some(wanted) = event {
        match find_by_id_or_name(&project.events, wanted, "event", |e| e.id.0) {
            Ok(found) => Some(EntityRef::Event(found.id)),
            Err(many) => return fail(err, format!("{} events match \"{wanted}\"", many.len())),
        }
    } else {
        None
    };
    let people = crate::io::vcard::contacts_of(&project, of);
    let text = crate::io::vcard::export_vcards(&project, people);
    match crate::io::write_atomic(output, text.as_bytes()) {
        Ok(()) => EXIT_OK,
        Err(e) => fail(
            err,
            format!("cannot write the contacts: {e}: {}", output.display()),
        ),
    }
}

pub(super) fn import_contacts_command(
    file: &Path,
    from: &Path,
    output: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    use crate::io::vcard::{MAX_VCF_BYTES, import_vcards};
    let Some(mut project) = load_for_command(file, err) else {
        return EXIT_FILE_ERROR;
    };
    let fail = |err: &mut dyn Write, message: String| {
        let _ = writeln!(err, "{}", terminal_safe(&message));
        EXIT_FILE_ERROR
    };
    let read = crate::io::read_regular_file(from, MAX_VCF_BYTES)
        .map_err(|e| format!("cannot read the contacts: {e}"))
        .and_then(|bytes| import_vcards(&project, &bytes).map_err(|e| e.to_string()));
    let (edits, report) = match read {
        Ok(done) => done,
        Err(e) => return fail(err, format!("{}: error: {e}", from.display())),
    };
    let outcome = ImportOutcome {
        counts: (report.added, report.updated, report.unchanged),
        notes: &report.skipped,
        more_notes: report.more_skipped,
    };
    apply_import_and_save(
        &mut project,
        "Import contacts",
        edits,
        &outcome,
        from,
        output,
        out,
        err,
    )
}

/// What a table import did, for [`apply_import_and_save`].
struct ImportOutcome<'a> {
    /// Added, updated, unchanged.
    counts: (usize, usize, usize),
    notes: &'a [(usize, String)],
    more_notes: usize,
}

/// Applies an import's edits as one step, writes the project to OUTPUT,
/// and prints the counts and every note by line of the file read.
#[allow(clippy::too_many_arguments)] // the command's own arguments, passed on
fn apply_import_and_save(
    project: &mut crate::model::Project,
    label: &str,
    edits: Vec<crate::edit::Edit>,
    outcome: &ImportOutcome,
    from: &Path,
    output: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let batch = crate::edit::Edit::Batch {
        label: label.to_owned(),
        edits,
    };
    if let Err(e) = crate::edit::apply(project, batch) {
        let _ = writeln!(
            err,
            "{}",
            terminal_safe(&format!("{}: error: {e}", from.display()))
        );
        return EXIT_FILE_ERROR;
    }
    if let Err(e) = super::keys::save(project, output) {
        let _ = writeln!(
            err,
            "{}",
            terminal_safe(&format!(
                "error: cannot write the project: {e}: {}",
                output.display()
            ))
        );
        return EXIT_FILE_ERROR;
    }
    let (added, updated, unchanged) = outcome.counts;
    let _ = writeln!(
        out,
        "{added} added, {updated} updated, {unchanged} unchanged"
    );
    for (line, note) in outcome.notes {
        let _ = writeln!(
            out,
            "{}",
            terminal_safe(&format!("{}:{line}: {note}", from.display()))
        );
    }
    if outcome.more_notes > 0 {
        let _ = writeln!(
            out,
            "{}: and {} more notes",
            from.display(),
            outcome.more_notes
        );
    }
    EXIT_OK
}

pub(super) fn export_briefing_command(
    file: &Path,
    output: &Path,
    person: Option<&str>,
    paper: crate::io::briefing::Paper,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    use crate::io::briefing::{BriefingOptions, to_pdf, typeset};
    let Some(project) = load_for_command(file, err) else {
        return EXIT_FILE_ERROR;
    };
    let person = match person.map(|p| find_person(&project, p)).transpose() {
        Ok(person) => person,
        Err(message) => {
            let _ = writeln!(err, "error: {}", terminal_safe(&message));
            return EXIT_FILE_ERROR;
        }
    };
    let options = BriefingOptions { person, paper };
    let pdf = typeset(&project, &options, jiff::Timestamp::now())
        .and_then(|document| Ok((document.pages().len(), to_pdf(&document)?)));
    let (pages, pdf) = match pdf {
        Ok(done) => done,
        Err(e) => {
            let _ = writeln!(err, "error: {}", terminal_safe(&e.to_string()));
            return EXIT_FILE_ERROR;
        }
    };
    match crate::io::write_atomic(output, &pdf) {
        Ok(()) => {
            let _ = writeln!(out, "{pages} pages written to {}", output.display());
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(
                err,
                "error: cannot write the briefing book: {e}: {}",
                output.display()
            );
            EXIT_FILE_ERROR
        }
    }
}
