//! Spreadsheets in and out: people, organisations and ports as CSV.
//!
//! Export writes UTF-8 with a byte-order mark and `,` or `;` between fields,
//! which Excel and LibreOffice both open as UTF-8. Import takes what a
//! secretariat sends: the separator and a BOM are detected, columns are
//! mapped by their header (the app lets the delegate change the mapping),
//! rows are matched to what the project has by id, then by UN/LOCODE
//! (ports), e-mail (people) or name (organisations), and every row left out
//! is reported with its line.

use std::collections::{HashMap, HashSet};

use crate::edit::Edit;
use crate::model::entity::AnyEntity;
use crate::model::{
    MissionRole, Organisation, OrganisationKind, Person, Port, Project, check_locode,
    looks_like_email,
};

/// The largest spreadsheet read.
pub const MAX_CSV_BYTES: u64 = 32 * 1024 * 1024;
/// The most rows read from one file.
pub const MAX_ROWS: usize = 250_000;
/// The most columns a row may have.
pub const MAX_COLUMNS: usize = 256;

/// Which list a spreadsheet holds.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, serde::Serialize, serde::Deserialize)]
pub enum Sheet {
    People,
    Organisations,
    Ports,
}

impl std::str::FromStr for Sheet {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text.to_ascii_lowercase().as_str() {
            "people" => Ok(Self::People),
            "organisations" | "organizations" => Ok(Self::Organisations),
            "ports" => Ok(Self::Ports),
            other => Err(format!(
                "unknown list \"{other}\" (people, organisations or ports)"
            )),
        }
    }
}

/// A column of a sheet: its header as exported, and other headers that
/// mean the same in files made elsewhere (compared without case, spaces,
/// hyphens or underscores).
pub struct Column {
    pub header: &'static str,
    pub aliases: &'static [&'static str],
}

const fn column(header: &'static str, aliases: &'static [&'static str]) -> Column {
    Column { header, aliases }
}

const PEOPLE: &[Column] = &[
    column("Id", &[]),
    column("Name", &["full name", "fn", "contact"]),
    column("Local name", &["name in local script", "native name"]),
    column("Title", &["job title", "position"]),
    column(
        "Organisation",
        &["organization", "company", "org", "employer"],
    ),
    column("Role", &["mission role"]),
    column("E-mail", &["email address", "mail", "e-mail address"]),
    column("Phone", &["telephone", "tel", "mobile", "phone number"]),
    column("Notes", &["note", "comments"]),
];

const ORGANISATIONS: &[Column] = &[
    column("Id", &[]),
    column("Name", &["organisation", "organization"]),
    column("Kind", &["type"]),
    column("Country", &["country code"]),
    column("Website", &["web", "url", "web site"]),
    column("Notes", &["note", "comments"]),
];

const PORTS: &[Column] = &[
    column("Id", &[]),
    column("Name", &["port", "port name"]),
    column("Local name", &["name in local script", "native name"]),
    column("UN/LOCODE", &["locode", "unlocode", "code"]),
    column("Country", &["country code"]),
    column("City", &["town"]),
    column("Latitude", &["lat"]),
    column("Longitude", &["lon", "lng", "long"]),
    column("Time zone", &["zone", "timezone", "tz"]),
    column("Authority", &["port authority"]),
    column("Facts", &["fact"]),
    column("Notes", &["note", "comments"]),
];

impl Sheet {
    pub const ALL: [Self; 3] = [Self::People, Self::Organisations, Self::Ports];

    pub fn columns(self) -> &'static [Column] {
        match self {
            Self::People => PEOPLE,
            Self::Organisations => ORGANISATIONS,
            Self::Ports => PORTS,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::People => "People",
            Self::Organisations => "Organisations",
            Self::Ports => "Ports",
        }
    }
}

fn organisation_names(project: &Project) -> HashMap<crate::model::OrganisationId, &str> {
    project
        .organisations
        .iter()
        .map(|o| (o.id, o.name.as_str()))
        .collect()
}

/// The sheet as CSV: a byte-order mark, the header row, a row an entity.
pub fn export_csv(project: &Project, sheet: Sheet, separator: u8) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(separator)
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let orgs = organisation_names(project);
        let org = |id: Option<crate::model::OrganisationId>| {
            id.and_then(|id| orgs.get(&id))
                .map_or("", |n| *n)
                .to_owned()
        };
        let rows: Vec<Vec<String>> = match sheet {
            Sheet::People => project
                .people
                .iter()
                .map(|p| {
                    vec![
                        p.id.0.to_string(),
                        p.name.clone(),
                        p.local_name.clone(),
                        p.title.clone(),
                        org(p.organisation),
                        p.role.label().to_owned(),
                        p.email.clone(),
                        p.phone.clone(),
                        p.notes.clone(),
                    ]
                })
                .collect(),
            Sheet::Organisations => project
                .organisations
                .iter()
                .map(|o| {
                    vec![
                        o.id.0.to_string(),
                        o.name.clone(),
                        o.kind.label().to_owned(),
                        o.country.clone(),
                        o.website.clone(),
                        o.notes.clone(),
                    ]
                })
                .collect(),
            Sheet::Ports => project
                .ports
                .iter()
                .map(|p| {
                    vec![
                        p.id.0.to_string(),
                        p.name.clone(),
                        p.local_name.clone(),
                        p.locode.clone(),
                        p.country.clone(),
                        p.city.clone(),
                        p.latitude.to_string(),
                        p.longitude.to_string(),
                        p.time_zone.clone(),
                        org(p.authority),
                        p.facts.join("\n"),
                        p.notes.clone(),
                    ]
                })
                .collect(),
        };
        let _ = writer.write_record(sheet.columns().iter().map(|c| c.header));
        for row in rows {
            let _ = writer.write_record(row.iter().map(|cell| defuse(cell)));
        }
        let _ = writer.flush();
    }
    out
}

/// Whether a spreadsheet could take the cell for a formula: its first
/// character other than white space is `=`, `+`, `-` or `@` (or their
/// full-width forms), or it starts with a tab or a carriage return; plain
/// numbers ("-33.9") excepted.
fn looks_like_formula(cell: &str) -> bool {
    let first = cell.chars().find(|c| !c.is_whitespace());
    let risky = cell.starts_with(['\t', '\r'])
        || first.is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠'));
    risky && cell.trim().parse::<f64>().is_err()
}

/// A cell that could run as a formula gets a leading apostrophe, which
/// spreadsheets show as text (so does a cell that starts with one, so that
/// import gives back exactly what was written); import takes it off again.
fn defuse(cell: &str) -> String {
    if looks_like_formula(cell) || cell.starts_with('\'') {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn undefuse(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

/// A spreadsheet as read: its header row and the rows after it, each with
/// the line of the file it starts on.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvTable {
    pub separator: u8,
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CsvError {
    #[error("line {line}: the file is not UTF-8 text (save it as \"CSV UTF-8\")")]
    NotUtf8 { line: usize },
    #[error("line {line}: {message}")]
    Malformed { line: usize, message: String },
    #[error("the file has no header row")]
    Empty,
    #[error("more than {MAX_ROWS} rows")]
    TooManyRows,
    #[error("line {line}: more than {MAX_COLUMNS} columns")]
    TooManyColumns { line: usize },
}

/// The separator of the header line: the most frequent of `,` `;` and tab
/// outside quotes (`,` when none is there).
fn detect_separator(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for c in text.trim_start_matches(['\r', '\n']).chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' if !in_quotes => break,
            ',' if !in_quotes => counts[0] += 1,
            ';' if !in_quotes => counts[1] += 1,
            '\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|i| (counts[*i], usize::MAX - i))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t'][best]
    }
}

/// Reads a spreadsheet: BOM and separator detected, every row kept with its line.
pub fn read_csv(bytes: &[u8]) -> Result<CsvTable, CsvError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| CsvError::NotUtf8 {
        line: bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1,
    })?;
    let separator = detect_separator(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut headers = None;
    let mut rows = Vec::new();
    // Lines counted here from each record's byte offset (the reader's own
    // count is off after CRLF and quoted line breaks); a record's offset may
    // be the line break before it.
    let mut counted = (0usize, 1usize);
    let mut last_start = 0;
    let mut line_at = |byte: usize| {
        let (from, line) = counted;
        let mut byte = byte.min(text.len()).max(from);
        while matches!(text.as_bytes().get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        let bytes = &text.as_bytes()[from..byte];
        // A line ends with \n, or with a \r alone (old Mac files).
        let breaks = bytes
            .iter()
            .enumerate()
            .filter(|(i, b)| **b == b'\n' || **b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
            .count();
        let line = line + breaks;
        counted = (byte, line);
        line
    };
    for record in reader.records() {
        // The text is UTF-8 already and rows may differ in length, so the
        // reader has no error left to give; one is still reported, not lost.
        let record = record.map_err(|e| CsvError::Malformed {
            line: e.position().map_or(0, |p| line_at(p.byte() as usize)),
            message: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| line_at(p.byte() as usize));
        last_start = record.position().map_or(0, |p| p.byte() as usize);
        if record.len() > MAX_COLUMNS {
            return Err(CsvError::TooManyColumns { line });
        }
        let cells: Vec<String> = record.iter().map(|c| undefuse(c).to_owned()).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if headers.is_none() {
            headers = Some(cells.iter().map(|c| c.trim().to_owned()).collect());
            continue;
        }
        if rows.len() >= MAX_ROWS {
            return Err(CsvError::TooManyRows);
        }
        rows.push((line, cells));
    }
    // A quote that never closes makes the rest of the file one cell, which
    // the reader accepts; a person would lose every row after it unseen.
    let last = text.get(last_start..).unwrap_or("");
    if let Some((line, _)) = rows.last()
        && last.bytes().filter(|b| *b == b'"').count() % 2 == 1
    {
        return Err(CsvError::Malformed {
            line: *line,
            message: "a quoted cell opens on this line and never closes: the rest of the file \
                      would be one cell"
                .to_owned(),
        });
    }
    Ok(CsvTable {
        separator,
        headers: headers.ok_or(CsvError::Empty)?,
        rows,
    })
}

fn normalised(header: &str) -> String {
    header
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.' | '/'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// For each column of the file, the sheet column its header names, if any
/// (each sheet column taken once, by its first header).
pub fn default_mapping(sheet: Sheet, headers: &[String]) -> Vec<Option<usize>> {
    let mut taken = HashSet::new();
    headers
        .iter()
        .map(|header| {
            let wanted = normalised(header);
            let found = sheet.columns().iter().position(|c| {
                normalised(c.header) == wanted || c.aliases.iter().any(|a| normalised(a) == wanted)
            })?;
            taken.insert(found).then_some(found)
        })
        .collect()
}

/// What an import adds, updates and leaves out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CsvReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows left out, and notes on rows taken, with their line (at most
    /// [`MAX_NOTES`]).
    pub notes: Vec<(usize, String)>,
    /// Notes past [`MAX_NOTES`], counted.
    pub more_notes: usize,
}

/// Notes kept by line; past this many only a count (a file of junk rows
/// must not make a report of millions of lines).
pub const MAX_NOTES: usize = 1_000;

impl CsvReport {
    fn note(&mut self, line: usize, note: String) {
        if self.notes.len() < MAX_NOTES {
            self.notes.push((line, note));
        } else {
            self.more_notes += 1;
        }
    }

    fn note_all(&mut self, line: usize, notes: Vec<String>) {
        for note in notes {
            self.note(line, note);
        }
    }
}

/// One entity of any sheet, being filled from a row.
enum Row {
    Person(Person),
    Organisation(Organisation),
    Port(Port),
}

/// The edits (apply them as one step) that bring `table`'s rows into the
/// project, with the columns mapped as `mapping` says (see [`default_mapping`]).
pub fn import_csv(
    project: &Project,
    sheet: Sheet,
    table: &CsvTable,
    mapping: &[Option<usize>],
) -> (Vec<Edit>, CsvReport) {
    let mut report = CsvReport::default();
    let mut edits = Vec::new();
    let orgs_by_name = OrganisationNames::of(project);
    let index = Index::of(project, sheet);
    let mut seen: HashSet<u64> = HashSet::new();
    let mut taken_ids: HashSet<u64> = match sheet {
        Sheet::People => project.people.iter().map(|p| p.id.0).collect(),
        Sheet::Organisations => project.organisations.iter().map(|o| o.id.0).collect(),
        Sheet::Ports => project.ports.iter().map(|p| p.id.0).collect(),
    };
    let mut new_keys: HashSet<String> = HashSet::new();
    for (line, cells) in &table.rows {
        let line = *line;
        let value = |column: usize| -> Option<&str> {
            mapping
                .iter()
                .position(|m| *m == Some(column))
                .and_then(|i| cells.get(i))
                .map(String::as_str)
                // An empty cell leaves the field as it is: a partial list
                // from the secretariat does not wipe what the project knows.
                .filter(|c| !c.trim().is_empty())
        };
        let id: Option<u64> = value(0).and_then(|v| v.trim().parse().ok());
        // The key a row is matched by when it has no known id.
        let key = match sheet {
            Sheet::People => value(6).map(|v| v.trim().to_lowercase()),
            Sheet::Organisations => value(1).map(|v| v.trim().to_lowercase()),
            Sheet::Ports => value(3).map(|c| c.replace(' ', "").to_uppercase()),
        }
        .filter(|k| !k.is_empty());
        let found = id
            .and_then(|id| index.by_id.get(&id))
            .or_else(|| index.by_key.get(key.as_deref()?))
            .copied();
        let existing: Option<Row> = found.map(|at| match sheet {
            Sheet::People => Row::Person(project.people[at].clone()),
            Sheet::Organisations => Row::Organisation(project.organisations[at].clone()),
            Sheet::Ports => Row::Port(project.ports[at].clone()),
        });
        let is_new = existing.is_none();
        let name = value(1).unwrap_or("").trim();
        if is_new && name.is_empty() {
            report.note(line, "no name; row left out".to_owned());
            continue;
        }
        // A new row keeps the id it was exported with (a list moved between
        // projects comes back whole); ids already taken get fresh ones.
        let free_id = id.filter(|id| !taken_ids.contains(id));
        let mut row = existing.unwrap_or_else(|| match sheet {
            // Role Other until the list says: a secretariat's list is not
            // the delegation (the calendar import does the same).
            Sheet::People => Row::Person(Person {
                id: free_id.map_or(Person::new("").id, crate::model::PersonId),
                role: MissionRole::Other,
                ..Person::new(name)
            }),
            Sheet::Organisations => Row::Organisation(Organisation {
                id: free_id.map_or(Organisation::new("").id, crate::model::OrganisationId),
                ..Organisation::new(name)
            }),
            Sheet::Ports => Row::Port(Port {
                id: free_id.map_or(Port::new("").id, crate::model::PortId),
                ..Port::new(name)
            }),
        });
        let raw_id = match &row {
            Row::Person(p) => p.id.0,
            Row::Organisation(o) => o.id.0,
            Row::Port(p) => p.id.0,
        };
        if !is_new && !seen.insert(raw_id) {
            report.note(line, format!("\"{name}\" again; row left out"));
            continue;
        }
        if is_new
            && let Some(key) = &key
            && !new_keys.insert(key.clone())
        {
            report.note(line, format!("\"{key}\" again; row left out"));
            continue;
        }
        let mut notes = Vec::new();
        let filled = fill(&mut row, &value, &orgs_by_name, &mut notes);
        if let Err(why) = filled {
            report.note(line, format!("{why}; row left out"));
            continue;
        }
        let extra = cells.len().saturating_sub(table.headers.len());
        if extra > 0
            && cells[table.headers.len()..]
                .iter()
                .any(|c| !c.trim().is_empty())
        {
            notes.push(format!(
                "{extra} cells beyond the last column's header were not imported"
            ));
        }
        report.note_all(line, notes);
        let entity = match row {
            Row::Person(p) => AnyEntity::Person(p),
            Row::Organisation(o) => AnyEntity::Organisation(o),
            Row::Port(p) => AnyEntity::Port(p),
        };
        if is_new {
            taken_ids.insert(raw_id);
            report.added += 1;
            edits.push(Edit::Add {
                entity,
                index: None,
            });
        } else if found.is_some_and(|at| unchanged(project, at, &entity)) {
            report.unchanged += 1;
        } else {
            report.updated += 1;
            edits.push(Edit::Update(entity));
        }
    }
    (edits, report)
}

/// Organisations by name: the exact name first, then the first whose name
/// differs only in case (two organisations named alike keep their people).
pub struct OrganisationNames {
    exact: HashMap<String, crate::model::OrganisationId>,
    folded: HashMap<String, crate::model::OrganisationId>,
}

impl OrganisationNames {
    pub fn of(project: &Project) -> Self {
        let mut exact = HashMap::new();
        let mut folded = HashMap::new();
        for org in &project.organisations {
            exact.entry(org.name.trim().to_owned()).or_insert(org.id);
            folded
                .entry(org.name.trim().to_lowercase())
                .or_insert(org.id);
        }
        Self { exact, folded }
    }

    pub fn find(&self, name: &str) -> Option<crate::model::OrganisationId> {
        let name = name.trim();
        self.exact
            .get(name)
            .or_else(|| self.folded.get(&name.to_lowercase()))
            .copied()
    }
}

/// Whether `entity` is what the list has at `at`.
fn unchanged(project: &Project, at: usize, entity: &AnyEntity) -> bool {
    match entity {
        AnyEntity::Person(p) => project.people.get(at) == Some(p),
        AnyEntity::Organisation(o) => project.organisations.get(at) == Some(o),
        AnyEntity::Port(p) => project.ports.get(at) == Some(p),
        _ => false,
    }
}

/// Where each entity of a sheet's list is, by id and by the key rows
/// without a known id are matched by (e-mail, name, UN/LOCODE), so that a
/// 10,000-row file is matched in one pass.
struct Index {
    by_id: HashMap<u64, usize>,
    by_key: HashMap<String, usize>,
}

impl Index {
    fn of(project: &Project, sheet: Sheet) -> Self {
        let (ids, keys): (Vec<u64>, Vec<String>) = match sheet {
            Sheet::People => project
                .people
                .iter()
                .map(|p| (p.id.0, p.email.trim().to_lowercase()))
                .unzip(),
            Sheet::Organisations => project
                .organisations
                .iter()
                .map(|o| (o.id.0, o.name.trim().to_lowercase()))
                .unzip(),
            Sheet::Ports => project
                .ports
                .iter()
                .map(|p| (p.id.0, p.locode.clone()))
                .unzip(),
        };
        let mut by_key = HashMap::new();
        for (at, key) in keys.into_iter().enumerate() {
            // The first entity with a key is the one a row matches.
            if !key.is_empty() {
                by_key.entry(key).or_insert(at);
            }
        }
        Self {
            by_id: ids
                .into_iter()
                .enumerate()
                .map(|(at, id)| (id, at))
                .collect(),
            by_key,
        }
    }
}

/// Sets the mapped cells of a row on its entity. An `Err` leaves the row out.
fn fill<'a>(
    row: &mut Row,
    value: &dyn Fn(usize) -> Option<&'a str>,
    orgs: &OrganisationNames,
    notes: &mut Vec<String>,
) -> Result<(), String> {
    // Names are trimmed; longer texts (notes) are kept as written.
    let set = |target: &mut String, column: usize| {
        if let Some(v) = value(column) {
            let v = if column == 1 { v.trim() } else { v };
            v.clone_into(target);
        }
    };
    let organisation = |column: usize, notes: &mut Vec<String>| {
        let wanted = value(column)?.trim();
        let found = orgs.find(wanted);
        if found.is_none() {
            notes.push(format!(
                "organisation \"{wanted}\" is not in the project (add it under Organisations \
                 to link it); the rest of the row is imported"
            ));
        }
        found
    };
    match row {
        Row::Person(p) => {
            set(&mut p.name, 1);
            set(&mut p.local_name, 2);
            set(&mut p.title, 3);
            if let Some(org) = organisation(4, notes) {
                p.organisation = Some(org);
            }
            if let Some(role) = value(5).map(str::trim) {
                p.role = MissionRole::ALL
                    .into_iter()
                    .find(|r| r.label().eq_ignore_ascii_case(role))
                    .ok_or_else(|| format!("unknown role \"{role}\""))?;
            }
            if let Some(email) = value(6).map(str::trim) {
                if !looks_like_email(email) {
                    return Err(format!("\"{email}\" does not look like an e-mail address"));
                }
                email.clone_into(&mut p.email);
            }
            set(&mut p.phone, 7);
            set(&mut p.notes, 8);
        }
        Row::Organisation(o) => {
            set(&mut o.name, 1);
            if let Some(kind) = value(2).map(str::trim) {
                o.kind = OrganisationKind::ALL
                    .into_iter()
                    .find(|k| k.label().eq_ignore_ascii_case(kind))
                    .ok_or_else(|| format!("unknown kind \"{kind}\""))?;
            }
            set(&mut o.country, 3);
            set(&mut o.website, 4);
            set(&mut o.notes, 5);
        }
        Row::Port(p) => {
            set(&mut p.name, 1);
            set(&mut p.local_name, 2);
            if let Some(code) = value(3) {
                let code = code.replace(' ', "").to_uppercase();
                check_locode(&code).map_err(|e| format!("UN/LOCODE \"{code}\": {e}"))?;
                p.locode = code;
            }
            set(&mut p.country, 4);
            set(&mut p.city, 5);
            for (column, target, limit) in
                [(6, &mut p.latitude, 90.0), (7, &mut p.longitude, 180.0)]
            {
                if let Some(v) = value(column).map(str::trim) {
                    // A `;` file from a European spreadsheet writes 35,6.
                    let parsed: f64 = v
                        .replace(',', ".")
                        .parse()
                        .map_err(|_| format!("\"{v}\" is not a number of degrees"))?;
                    if !(-limit..=limit).contains(&parsed) {
                        return Err(format!("{v} is beyond ±{limit} degrees"));
                    }
                    *target = parsed;
                }
            }
            if let Some(zone) = value(8).map(str::trim) {
                // A zone jiff knows stays as written ("Japan"); a Windows
                // or vendor name becomes its IANA zone.
                if jiff::tz::TimeZone::get(zone).is_ok() {
                    zone.clone_into(&mut p.time_zone);
                } else {
                    let (found, _) = crate::zones::iana_zone_named(zone)
                        .ok_or_else(|| format!("unknown time zone \"{zone}\""))?;
                    p.time_zone = found.iana_name().unwrap_or(zone).to_owned();
                }
            }
            if let Some(org) = organisation(9, notes) {
                p.authority = Some(org);
            }
            if let Some(facts) = value(10) {
                // One fact a line, as exported (a fact with a line break
                // of its own comes back as two).
                p.facts = facts
                    .split('\n')
                    .map(|f| f.strip_suffix('\r').unwrap_or(f).to_owned())
                    .collect();
            }
            set(&mut p.notes, 11);
        }
    }
    Ok(())
}
