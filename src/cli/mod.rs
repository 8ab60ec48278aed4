//! The command line: `trade-mission-planner [FILE]` opens the app; subcommands
//! work headless, for scripts and CI.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::io::project_file::save_file;
use crate::model::{Severity, validate};
use crate::sample::sample_project;

mod carry;
mod keys;
mod map;
mod protect;
use carry::{
    export_briefing_command, export_contacts_command, export_csv_command, import_contacts_command,
    import_csv_command,
};

/// Exit status: the file is fine (warnings allowed).
pub const EXIT_OK: u8 = 0;
/// Exit status: validation found errors.
pub const EXIT_INVALID: u8 = 1;
/// Exit status: a file could not be read, parsed or written.
pub const EXIT_FILE_ERROR: u8 = 2;

/// Plan a trade mission and the agreements it carries, offline.
#[derive(Parser, Debug)]
#[command(name = "trade-mission-planner", version, about)]
pub struct Cli {
    /// Project file (*.mission.ron) to open in the app; without one the app
    /// reopens the last project, or the sample mission on first start.
    pub file: Option<PathBuf>,

    /// A file whose first line is the passphrase of protected projects:
    /// every command that reads one opens it with this, and what it writes
    /// from one is protected too.
    #[arg(
        long,
        global = true,
        env = "TRADE_MISSION_PASSPHRASE_FILE",
        value_name = "FILE"
    )]
    pub passphrase_file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load and validate project files; print one line per problem.
    ///
    /// Exit status 0: no errors (warnings allowed); 1: validation errors;
    /// 2: a file cannot be read or parsed, or is of an unsupported version.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write the embedded sample mission (2023 California–Japan) as a project file.
    Sample {
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Export events to another format.
    Export {
        #[command(subcommand)]
        format: ExportCommand,
    },
    /// List entities of a project, one a line.
    List {
        #[command(subcommand)]
        what: ListCommand,
    },
    /// Import events from another format.
    Import {
        #[command(subcommand)]
        format: ImportCommand,
    },
    /// Merge two copies of a project that descend from BASE (works as a git
    /// merge driver: `trade-mission-planner merge %O %A %B -o %A`).
    ///
    /// Exit status 0: merged cleanly; 1: merged with conflicts, which OUTPUT
    /// records (it loads; `check` lists them); 2: an input cannot be read or
    /// OUTPUT cannot be written.
    Merge {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// The bundled port catalogue (UN/LOCODE sea ports and the World Port Index).
    Ports {
        #[command(subcommand)]
        what: PortsCommand,
    },
    /// What differs from OLD to NEW, entity by entity and field by field.
    ///
    /// Exit status 0: the same project; 1: they differ; 2: a file cannot be read.
    Diff { old: PathBuf, new: PathBuf },
    /// Print a project as normalised text (for git: `diff.mission.textconv`).
    Show { file: PathBuf },
    /// Encrypt a project with a passphrase, in the standard age format (the
    /// `age` tool opens it: `age -d -o plain.mission.ron FILE`).
    ///
    /// The passphrase is the first line of --passphrase-file FILE.
    Protect {
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Decrypt a protected project (or one the `age` tool encrypted with a
    /// passphrase).
    Unprotect {
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Saves numbered versions of the sample to OUTPUT in a loop, through the
    /// normal save path; the durability test kills it at random moments.
    #[command(hide = true)]
    SaveLoop {
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long, default_value_t = 1000)]
        rounds: u32,
    },
}

impl ExportCommand {
    /// The project read and the file written.
    pub fn paths(&self) -> (&Path, &Path) {
        match self {
            Self::Ics { file, output, .. }
            | Self::Briefing { file, output, .. }
            | Self::Csv { file, output, .. }
            | Self::Contacts { file, output, .. }
            | Self::Map { file, output, .. }
            | Self::Draft { file, output, .. } => (file, output),
        }
    }
}

/// Whether two paths name one file (the same path, or links to one file).
fn same_file(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[derive(Subcommand, Debug)]
pub enum PortsCommand {
    /// Find ports by name, code, city or country (misspellings too); print
    /// code, name, country, latitude, longitude and zone, tab-separated,
    /// best match first.
    ///
    /// Exit status 0: found some; 1: found none.
    Search {
        query: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// Export all events, or one person's agenda, as an iCalendar (.ics) file.
    Ics {
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// A person's id, or a case-insensitive part of their name that
        /// matches exactly one person.
        #[arg(long)]
        person: Option<String>,
        /// Add a reminder this many minutes before each event.
        #[arg(long, value_parser = clap::value_parser!(u32).range(0..=40_320))]
        remind: Option<u32>,
    },
    /// Typeset the briefing book as PDF: cover with the zones, the week day by
    /// day (or one person's itinerary), agreements, corridors, ports, contacts.
    Briefing {
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Only this person's itinerary, one day a page: their id, or a
        /// case-insensitive part of their name that matches exactly one person.
        #[arg(long)]
        person: Option<String>,
        /// a4 or letter.
        #[arg(long, default_value = "a4")]
        paper: crate::io::briefing::Paper,
    },
    /// Export people, organisations or ports as a spreadsheet (.csv, UTF-8
    /// with a byte-order mark, as Excel and LibreOffice open it).
    Csv {
        /// people, organisations or ports.
        sheet: crate::io::spreadsheet::Sheet,
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// The separator: "," (default) or ";" (what Excel expects where the
        /// decimal mark is a comma).
        #[arg(long, default_value = ",", value_parser = ["," , ";"])]
        sep: String,
    },
    /// Export people as vCard 4.0 contacts (.vcf) for a phone or mail program:
    /// everyone, or those of one organisation or one event.
    Contacts {
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Only this organisation's people (id, or a unique part of its name).
        #[arg(long, conflicts_with = "event")]
        organisation: Option<String>,
        /// Only this event's participants (id, or a unique part of its title).
        #[arg(long)]
        event: Option<String>,
    },
    /// Draw the mission's ports, corridors and agreements on a world map,
    /// as a PNG (no window or GPU needed).
    Map {
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Width in pixels.
        #[arg(long, default_value = "1600", value_parser = map::side)]
        width: u32,
        /// Height in pixels.
        #[arg(long, default_value = "1000", value_parser = map::side)]
        height: u32,
    },
    /// Export an agreement's draft, or one of its revisions, as Markdown (.md)
    /// or Word (.docx); the format follows OUTPUT's extension.
    Draft {
        file: PathBuf,
        /// The agreement's id, or a case-insensitive part of its title that
        /// matches exactly one agreement.
        #[arg(long)]
        agreement: String,
        /// A recorded revision's number instead of the current draft.
        #[arg(long)]
        revision: Option<u32>,
        #[arg(short, long)]
        output: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ListCommand {
    /// One line per agreement: id, kind, status, title, separated by tabs.
    Agreements { file: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Add or update people, organisations or ports from a spreadsheet
    /// (.csv): columns by header, the separator and a byte-order mark
    /// detected, rows matched by id, then UN/LOCODE, e-mail or name; write
    /// the result to OUTPUT. Prints each row left out with its line.
    Csv {
        /// people, organisations or ports.
        sheet: crate::io::spreadsheet::Sheet,
        file: PathBuf,
        #[arg(long)]
        from: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Add or update people from a vCard (.vcf) file (matched by the card's
    /// UID from an export, else by e-mail); write the result to OUTPUT.
    Contacts {
        file: PathBuf,
        #[arg(long)]
        from: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Add or update events from an iCalendar (.ics) file; write the result to OUTPUT.
    /// Repeating events are imported as their occurrences within the mission's days.
    Ics {
        file: PathBuf,
        #[arg(long)]
        from: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Also import occurrences of repeating events this many days before and after
        /// the mission.
        #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u16).range(0..=i64::from(crate::io::ics::MAX_MARGIN_DAYS)))]
        margin_days: u16,
        /// Add the organisers and attendees the project does not know (by e-mail) as
        /// people, and as participants of their events.
        #[arg(long)]
        add_people: bool,
    },
    /// Read an agreement's draft back from a Word (.docx) file, as edited by
    /// the counterpart (tracked changes taken as accepted), and record it as
    /// the agreement's next revision; write the result to OUTPUT.
    Draft {
        file: PathBuf,
        /// The agreement's id, or a case-insensitive part of its title that
        /// matches exactly one agreement.
        #[arg(long)]
        agreement: String,
        /// The Word file.
        #[arg(long)]
        from: PathBuf,
        /// Whom the revision is attributed to.
        #[arg(long)]
        author: String,
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// Runs a headless subcommand, writing to `out` (results) and `err`
/// (failures); protected projects open with the passphrase in
/// `passphrase_file`.
pub fn run_command(
    command: &Command,
    passphrase_file: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    keys::with_passphrase_file(passphrase_file, || run_one(command, out, err))
}

fn run_one(command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    if let Command::Export { format } = command {
        let (file, output) = format.paths();
        if same_file(file, output) {
            let _ = writeln!(
                err,
                "error: refusing to write the export over the project it is made from: {}",
                output.display()
            );
            return ExitCode::from(EXIT_FILE_ERROR);
        }
    }
    let status = match command {
        Command::Check { files } => check(files, out, err),
        Command::Sample { output } => write_sample(output, err),
        Command::SaveLoop { output, rounds } => save_loop(output, *rounds, err),
        Command::Merge {
            base,
            ours,
            theirs,
            output,
        } => merge_command([base, ours, theirs], output, err),
        Command::Diff { old, new } => diff_command(old, new, out, err),
        Command::Show { file } => show_command(file, out, err),
        Command::Protect { file, output } => protect::protect_command(file, output, err),
        Command::Unprotect { file, output } => protect::unprotect_command(file, output, err),
        Command::Export {
            format:
                ExportCommand::Ics {
                    file,
                    output,
                    person,
                    remind,
                },
        } => export_ics_command(file, output, person.as_deref(), *remind, err),
        Command::Export {
            format:
                ExportCommand::Briefing {
                    file,
                    output,
                    person,
                    paper,
                },
        } => export_briefing_command(file, output, person.as_deref(), *paper, out, err),
        Command::Export {
            format:
                ExportCommand::Map {
                    file,
                    output,
                    width,
                    height,
                },
        } => map::export_map_command(file, output, *width, *height, out, err),
        Command::Ports {
            what: PortsCommand::Search { query, limit },
        } => map::ports_search_command(query, *limit, out),
        Command::Import {
            format:
                ImportCommand::Ics {
                    file,
                    from,
                    output,
                    margin_days,
                    add_people,
                },
        } => {
            let options = crate::io::ics::ImportOptions {
                margin_days: *margin_days,
                add_unknown_people: *add_people,
            };
            import_ics_command(file, from, output, &options, out, err)
        }
        Command::Export {
            format:
                ExportCommand::Contacts {
                    file,
                    output,
                    organisation,
                    event,
                },
        } => export_contacts_command(file, output, organisation.as_deref(), event.as_deref(), err),
        Command::Import {
            format: ImportCommand::Contacts { file, from, output },
        } => import_contacts_command(file, from, output, out, err),
        Command::Export {
            format:
                ExportCommand::Csv {
                    sheet,
                    file,
                    output,
                    sep,
                },
        } => export_csv_command(*sheet, file, output, sep.as_bytes()[0], err),
        Command::Import {
            format:
                ImportCommand::Csv {
                    sheet,
                    file,
                    from,
                    output,
                },
        } => import_csv_command(*sheet, file, from, output, out, err),
        Command::Import {
            format:
                ImportCommand::Draft {
                    file,
                    agreement,
                    from,
                    author,
                    output,
                },
        } => import_draft_command(file, agreement, from, author, output, out, err),
        Command::List {
            what: ListCommand::Agreements { file },
        } => list_agreements(file, out, err),
        Command::Export {
            format:
                ExportCommand::Draft {
                    file,
                    agreement,
                    revision,
                    output,
                },
        } => export_draft(file, agreement, *revision, output, err),
    };
    ExitCode::from(status)
}

/// `check FILE...`: the worst status over all files.
pub fn check(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut status = EXIT_OK;
    for file in files {
        status = status.max(check_one(file, out, err));
    }
    status
}

fn check_one(path: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let shown = path.display();
    let project = match keys::load(path) {
        Ok(project) => project,
        Err(load_error) => {
            let line = match load_error.position() {
                Some(at) => format!("{shown}:{at}: error: {load_error}"),
                None => format!("{shown}: error: {load_error}"),
            };
            let _ = writeln!(err, "{}", terminal_safe(&line));
            return EXIT_FILE_ERROR;
        }
    };
    let problems = validate(&project);
    let mut status = EXIT_OK;
    for problem in &problems {
        let _ = writeln!(out, "{}", terminal_safe(&format!("{shown}: {problem}")));
        if problem.severity == Severity::Error {
            status = EXIT_INVALID;
        }
    }
    status
}

fn write_sample(output: &Path, err: &mut dyn Write) -> u8 {
    let result = sample_project()
        .map_err(|e| e.with_position())
        .and_then(|project| save_file(&project, output).map_err(|e| e.to_string()));
    match result {
        Ok(()) => EXIT_OK,
        Err(message) => {
            let _ = writeln!(
                err,
                "cannot write the sample: {message}: {}",
                output.display()
            );
            EXIT_FILE_ERROR
        }
    }
}

fn save_loop(output: &Path, rounds: u32, err: &mut dyn Write) -> u8 {
    let Ok(mut project) = sample_project() else {
        return EXIT_FILE_ERROR;
    };
    // Vary the size too, so that a torn write could not pass for a whole file.
    let padding = "clean energy ".repeat(2_000);
    for round in 0..rounds {
        project.mission.title = format!("round {round}");
        project.mission.description = padding[..(round as usize * 997) % padding.len()].to_owned();
        if let Err(e) = save_file(&project, output) {
            let _ = writeln!(err, "cannot save: {e}: {}", output.display());
            return EXIT_FILE_ERROR;
        }
    }
    EXIT_OK
}

/// Loads a project for a subcommand, printing `FILE:LINE:COL: error: …` on failure.
fn load_for_command(path: &Path, err: &mut dyn Write) -> Option<crate::model::Project> {
    match keys::load(path) {
        Ok(project) => Some(project),
        Err(load_error) => {
            let shown = path.display();
            let _ = match load_error.position() {
                Some(at) => writeln!(
                    err,
                    "{}",
                    terminal_safe(&format!("{shown}:{at}: error: {load_error}"))
                ),
                None => writeln!(
                    err,
                    "{}",
                    terminal_safe(&format!("{shown}: error: {load_error}"))
                ),
            };
            None
        }
    }
}

/// An entity by id (`42` or `prefix#42`) or by a unique, case-insensitive
/// part of its name; several matches are all returned.
fn find_by_id_or_name<'p, T: crate::model::Entity>(
    list: &'p [T],
    wanted: &str,
    prefix: &str,
    raw_id: impl Fn(&T) -> u64,
) -> Result<&'p T, Vec<&'p T>> {
    let trimmed = wanted.trim();
    let number = trimmed
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('#'))
        .unwrap_or(trimmed);
    if let Ok(raw) = number.parse::<u64>()
        && let Some(found) = list.iter().find(|e| raw_id(e) == raw)
    {
        return Ok(found);
    }
    let needle = trimmed.to_lowercase();
    let matches: Vec<&T> = list
        .iter()
        .filter(|e| e.display_name().to_lowercase().contains(&needle))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        _ => Err(matches),
    }
}

/// A person by id or by a unique, case-insensitive part of the name.
pub fn find_person(
    project: &crate::model::Project,
    wanted: &str,
) -> Result<crate::model::PersonId, String> {
    match find_by_id_or_name(&project.people, wanted, "person", |p| p.id.0) {
        Ok(person) => Ok(person.id),
        Err(many) if many.is_empty() => Err(format!("no person matches \"{wanted}\"")),
        Err(many) => Err(format!(
            "\"{wanted}\" matches several people: {}",
            many.iter()
                .map(|p| format!("{} ({})", terminal_safe(&p.name), p.id.0))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn export_ics_command(
    file: &Path,
    output: &Path,
    person: Option<&str>,
    remind: Option<u32>,
    err: &mut dyn Write,
) -> u8 {
    let Some(project) = load_for_command(file, err) else {
        return EXIT_FILE_ERROR;
    };
    let person = match person.map(|p| find_person(&project, p)).transpose() {
        Ok(person) => person,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return EXIT_FILE_ERROR;
        }
    };
    let text = crate::io::ics::export_ics_with(&project, person, remind, jiff::Timestamp::now());
    match crate::io::write_atomic(output, text.as_bytes()) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(
                err,
                "error: cannot write the calendar: {e}: {}",
                output.display()
            );
            EXIT_FILE_ERROR
        }
    }
}

/// `import draft FILE --agreement A --from IN.docx --author NAME -o OUT`.
fn import_draft_command(
    file: &Path,
    wanted: &str,
    from: &Path,
    author: &str,
    output: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    use crate::io::docx_import::{MAX_DOCX_BYTES, docx_to_markdown, revision_edit};
    let Some(mut project) = load_for_command(file, err) else {
        return EXIT_FILE_ERROR;
    };
    let fail = |err: &mut dyn Write, message: String| {
        let _ = writeln!(err, "{}", terminal_safe(&message));
        EXIT_FILE_ERROR
    };
    if author.trim().is_empty() {
        return fail(
            err,
            "error: --author must name the revision's author".to_owned(),
        );
    }
    let id = match find_agreement(&project, wanted) {
        Ok(id) => id,
        Err(e) => return fail(err, format!("{}: error: {e}", file.display())),
    };
    let draft = match crate::io::read_regular_file(from, MAX_DOCX_BYTES)
        .map_err(|e| format!("cannot read the Word file: {e}"))
        .and_then(|bytes| docx_to_markdown(&bytes).map_err(|e| e.to_string()))
    {
        Ok(draft) => draft,
        Err(e) => return fail(err, format!("{}: error: {e}", from.display())),
    };
    let Some(agreement) = project.agreements.iter().find(|a| a.id == id) else {
        return EXIT_FILE_ERROR;
    };
    let source = from.file_name().map_or_else(
        || from.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let edit = revision_edit(agreement, &draft, author, &source, jiff::Timestamp::now());
    let number = agreement.next_revision_number();
    let title = agreement.title.clone();
    if let Err(e) = crate::edit::apply(&mut project, edit) {
        return fail(err, format!("{}: error: {e}", from.display()));
    }
    if let Err(e) = keys::save(&project, output) {
        return fail(
            err,
            format!("error: cannot write the project: {e}: {}", output.display()),
        );
    }
    let _ = writeln!(
        out,
        "{}",
        terminal_safe(&format!(
            "recorded revision {number} of \"{title}\" by {}",
            author.trim()
        ))
    );
    for note in &draft.notes {
        let _ = writeln!(
            out,
            "{}",
            terminal_safe(&format!("{}: {note}", from.display()))
        );
    }
    EXIT_OK
}

fn import_ics_command(
    file: &Path,
    from: &Path,
    output: &Path,
    options: &crate::io::ics::ImportOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Some(project) = load_for_command(file, err) else {
        return EXIT_FILE_ERROR;
    };
    let bytes = match crate::io::read_regular_file(from, crate::io::ics::MAX_ICS_BYTES) {
        Ok(bytes) => bytes,
        Err(e) => {
            let _ = writeln!(
                err,
                "{}: error: cannot read the calendar: {e}",
                from.display()
            );
            return EXIT_FILE_ERROR;
        }
    };
    let (edits, report) = match crate::io::ics::import_ics_with(&project, &bytes, options) {
        Ok(result) => result,
        Err(e) => {
            let _ = writeln!(err, "{}: error: {e}", from.display());
            return EXIT_FILE_ERROR;
        }
    };
    let mut project = project;
    // One batch: all events or none, and the limits are checked once.
    let batch = crate::edit::Edit::Batch {
        label: "Import calendar".to_owned(),
        edits,
    };
    if let Err(e) = crate::edit::apply(&mut project, batch) {
        let _ = writeln!(err, "{}: error: {e}", from.display());
        return EXIT_FILE_ERROR;
    }
    if let Err(e) = keys::save(&project, output) {
        let _ = writeln!(
            err,
            "error: cannot write the project: {e}: {}",
            output.display()
        );
        return EXIT_FILE_ERROR;
    }
    let _ = writeln!(
        out,
        "{} events added, {} updated, {} unchanged",
        report.added, report.updated, report.unchanged
    );
    if report.removed > 0 {
        let _ = writeln!(
            out,
            "{} events removed (cancelled since imported)",
            report.removed
        );
    }
    if report.people_added > 0 {
        let _ = writeln!(out, "{} people added", report.people_added);
    }
    // Like a compiler's messages: FILE:LINE: what, so editors can jump there.
    for unknown in &report.unknown_people {
        let what = if report.people_added > 0 {
            "added as a person"
        } else {
            "is not among the project's people (--add-people adds them)"
        };
        let _ = writeln!(
            out,
            "{}:{}: {} {what}",
            from.display(),
            unknown.line,
            terminal_safe(&unknown.attendee.to_string()),
        );
    }
    for note in report.zones.iter().chain(&report.notes) {
        let _ = writeln!(
            out,
            "{}:{}: {}",
            from.display(),
            note.line,
            terminal_safe(&note.message)
        );
    }
    if report.more_notes > 0 {
        let _ = writeln!(out, "… and {} more like these", report.more_notes);
    }
    EXIT_OK
}

/// `merge BASE OURS THEIRS -o OUTPUT`. The output is written without a
/// backup beside it (in a git work tree it would be an untracked file).
fn merge_command(inputs: [&PathBuf; 3], output: &Path, err: &mut dyn Write) -> u8 {
    let mut loaded = Vec::with_capacity(3);
    let mut two_way = false;
    for (i, path) in inputs.into_iter().enumerate() {
        // git gives an empty ancestor when both branches added the file:
        // then every difference is a conflict of a two-way merge.
        let empty = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0);
        if i == 0 && empty {
            two_way = true;
            loaded.push(crate::model::Project::default());
            continue;
        }
        match load_for_command(path, err) {
            Some(project) => loaded.push(project),
            None => return EXIT_FILE_ERROR,
        }
    }
    // The merge descends from both inputs themselves, not only from theirs.
    for side in &mut loaded[1..] {
        crate::io::lineage::name_itself(side);
    }
    let before = loaded[1].conflicts.len().max(loaded[2].conflicts.len());
    let merged = if two_way {
        crate::merge::merge_two_way(&loaded[1], &loaded[2])
    } else {
        crate::merge::merge(&loaded[0], &loaded[1], &loaded[2])
    };
    let written = crate::io::project_file::encode_for_saving(&merged)
        .and_then(|text| keys::seal(&text))
        .map_err(|e| e.to_string())
        .and_then(|bytes| crate::io::write_atomic(output, &bytes).map_err(|e| e.to_string()));
    if let Err(e) = written {
        let _ = writeln!(
            err,
            "{}",
            terminal_safe(&format!(
                "error: cannot write the merged project: {e}: {}",
                output.display()
            ))
        );
        return EXIT_FILE_ERROR;
    }
    if merged.conflicts.is_empty() {
        return EXIT_OK;
    }
    let new = merged.conflicts.len().saturating_sub(before);
    let _ = writeln!(
        err,
        "{}: {} conflict(s) to decide ({new} from this merge); the file keeps our side of each:",
        terminal_safe(&output.display().to_string()),
        merged.conflicts.len()
    );
    for conflict in &merged.conflicts {
        let subject = conflict
            .subject
            .map_or_else(|| "mission".to_owned(), |s| s.to_string());
        let _ = writeln!(
            err,
            "  {}",
            terminal_safe(&format!("{subject}: {}", conflict.field))
        );
    }
    EXIT_INVALID
}

/// `diff OLD NEW`: exit 0 equal, 1 different, 2 unreadable.
fn diff_command(old: &Path, new: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (Some(before), Some(after)) = (load_for_command(old, err), load_for_command(new, err))
    else {
        return EXIT_FILE_ERROR;
    };
    let differences = crate::merge::compare::compare(&before, &after);
    if differences.is_empty() {
        return EXIT_OK;
    }
    let _ = write!(out, "{}", terminal_safe_lines(&differences));
    EXIT_INVALID
}

/// `show FILE`: the project as the app writes it (normalised).
fn show_command(file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Some(project) = load_for_command(file, err) else {
        return EXIT_FILE_ERROR;
    };
    match crate::io::to_ron_string(&project) {
        Ok(text) => {
            let _ = write!(out, "{}", terminal_safe_lines(&text));
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "{}: error: {e}", file.display());
            EXIT_FILE_ERROR
        }
    }
}

/// [`terminal_safe`] line by line, keeping the line breaks.
fn terminal_safe_lines(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| match line.strip_suffix('\n') {
            Some(line) => format!("{}\n", terminal_safe(line)),
            None => terminal_safe(line).into_owned(),
        })
        .collect()
}

/// An agreement by id or by a unique, case-insensitive part of the title.
pub fn find_agreement(
    project: &crate::model::Project,
    wanted: &str,
) -> Result<crate::model::AgreementId, String> {
    match find_by_id_or_name(&project.agreements, wanted, "agreement", |a| a.id.0) {
        Ok(agreement) => Ok(agreement.id),
        Err(many) if many.is_empty() => Err(format!(
            "no agreement matches \"{}\"",
            terminal_safe(wanted)
        )),
        Err(many) => Err(format!(
            "\"{wanted}\" matches several agreements:\n{}",
            many.iter()
                .map(|a| format!("  {}\t{}", a.id.0, terminal_safe(&a.title)))
                .collect::<Vec<_>>()
                .join("\n")
        )),
    }
}

fn list_agreements(file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Some(project) = load_for_command(file, err) else {
        return EXIT_FILE_ERROR;
    };
    for agreement in &project.agreements {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}",
            agreement.id.0,
            agreement.kind.short(),
            agreement.status.label(),
            terminal_safe(&agreement.title)
        );
    }
    EXIT_OK
}

fn export_draft(
    file: &Path,
    wanted: &str,
    revision: Option<u32>,
    output: &Path,
    err: &mut dyn Write,
) -> u8 {
    let Some(project) = load_for_command(file, err) else {
        return EXIT_FILE_ERROR;
    };
    let id = match find_agreement(&project, wanted) {
        Ok(id) => id,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return EXIT_FILE_ERROR;
        }
    };
    let Some(agreement) = project.agreements.iter().find(|a| a.id == id) else {
        return EXIT_FILE_ERROR;
    };
    // A revision is its author's; the current draft is the last author's.
    let last_author = agreement.revisions.last().map(|r| r.author.clone());
    let (text, author) = match revision {
        None => (agreement.draft.as_str(), last_author.unwrap_or_default()),
        Some(number) => match agreement.revisions.iter().find(|r| r.number == number) {
            Some(found) => (&*found.text, found.author.clone()),
            None => {
                let _ = writeln!(
                    err,
                    "error: \"{}\" has no revision {number} (it has {})",
                    terminal_safe(&agreement.title),
                    agreement.revisions.len()
                );
                return EXIT_FILE_ERROR;
            }
        },
    };
    let info = crate::io::docx::DocumentInfo {
        author,
        written_at: jiff::Timestamp::now(),
    };
    match crate::io::docx::export_draft(text, output, &info) {
        Ok(_) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "error: {e}: {}", output.display());
            EXIT_FILE_ERROR
        }
    }
}

/// `text` with every control character written out (`\u{1b}`), so that a
/// file's contents cannot drive the terminal (escape sequences) or break
/// the tab-separated columns (a tab in a title).
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            safe.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            safe.push(c);
        }
    }
    std::borrow::Cow::Owned(safe)
}
