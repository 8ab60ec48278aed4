//! iCalendar import: events into edits, and a report by line of what could
//! not be kept.

use std::collections::{BTreeMap, HashMap};

use jiff::SignedDuration;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use super::reader::{Component, ContentLine, Property, read_components};
use super::{GENERATED_MARKER, event_uid, parse_fixed_zone_name};
use crate::edit::Edit;
use crate::model::entity::find;
use crate::model::{AnyEntity, EventId, EventKind, MissionEvent, Port, Project, ZonedTime};

/// Why a calendar file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum IcsError {
    #[error("the file has no VCALENDAR")]
    NoCalendar,
    #[error("line {line}: components are nested more than {MAX_ICS_DEPTH} deep")]
    TooDeep { line: usize },
    #[error("the file is UTF-16; calendars are read as UTF-8 (save it as UTF-8)")]
    Utf16,
    #[error(
        "line {line}: with this event the project would have more than {} events; nothing was \
         imported",
        crate::model::limits::MAX_ENTITIES_PER_KIND
    )]
    TooManyEvents { line: usize },
}

/// One remark of an import: what was not imported, or imported with a change.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ImportNote {
    /// The line of the file it concerns (where the event begins); 0 for the
    /// file as a whole.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ImportNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => f.write_str(&self.message),
            line => write!(f, "line {line}: {}", self.message),
        }
    }
}

/// What an import did and what it could not keep.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    /// Events the file has exactly as the project already has them.
    pub unchanged: usize,
    /// What was not imported, or imported with a change, by line. At most
    /// [`MAX_NOTES`] are kept; `more_notes` counts the rest.
    pub notes: Vec<ImportNote>,
    pub more_notes: usize,
}

impl ImportReport {
    pub(super) fn note(&mut self, line: usize, message: String) {
        if self.notes.len() < MAX_NOTES {
            self.notes.push(ImportNote { line, message });
        } else {
            self.more_notes += 1;
        }
    }

    /// The notes as lines for a person, with the count of those left out.
    pub fn note_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.notes.iter().map(ToString::to_string).collect();
        if self.more_notes > 0 {
            lines.push(format!("… and {} more like these", self.more_notes));
        }
        lines
    }
}

/// Properties the import maps, or safely leaves out (bookkeeping only).
const MAPPED: &[&str] = &[
    "UID",
    "SUMMARY",
    "LOCATION",
    "DESCRIPTION",
    "CATEGORIES",
    "DTSTART",
    "DTEND",
    "DURATION",
];

const BOOKKEEPING: &[&str] = &[
    "DTSTAMP",
    "SEQUENCE",
    "CREATED",
    "LAST-MODIFIED",
    "STATUS",
    "TRANSP",
    "CLASS",
    "PRIORITY",
];

/// Largest calendar file read.
pub const MAX_ICS_BYTES: u64 = crate::model::limits::MAX_FILE_SIZE;

/// Deepest nesting of components read (a VCALENDAR holds VEVENTs, which
/// hold VALARMs: 3 is real; the parser recurses, so thousands would overflow
/// the stack).
pub const MAX_ICS_DEPTH: usize = 8;

/// Most notes a report keeps: a calendar of 100,000 floating times needs one
/// example, not 100,000 lines.
pub const MAX_NOTES: usize = 500;

/// Most content lines one event may have (real ones have tens; a hundred
/// attendees is a big meeting): beyond, it is left out rather than held in
/// memory property by property.
pub const MAX_COMPONENT_LINES: usize = 10_000;

/// Time zones by TZID, looked up once per import.
#[derive(Default)]
struct Zones(HashMap<String, Option<TimeZone>>);

impl Zones {
    /// The zone a TZID names: a fixed offset as export writes it, or an
    /// IANA name.
    fn get(&mut self, tzid: &str) -> Option<TimeZone> {
        if let Some(zone) = self.0.get(tzid) {
            return zone.clone();
        }
        let zone = match parse_fixed_zone_name(tzid) {
            Some(offset) => Some(TimeZone::fixed(offset)),
            None => TimeZone::get(tzid).ok(),
        };
        self.0.insert(tzid.to_owned(), zone.clone());
        zone
    }
}

/// The edits that bring the calendar's events into `project` (one per event
/// added or changed) and a report, by line, of what could not be kept.
/// Linear in the file: events are matched to the project by a UID index.
pub fn import_ics(
    project: &Project,
    input: impl AsRef<[u8]>,
) -> Result<(Vec<Edit>, ImportReport), IcsError> {
    let mut report = ImportReport::default();
    let mut importer = Importer::new(project);
    read_components(input.as_ref(), &mut report, |lines, report| {
        importer.component(lines, report);
    })?;
    if let Some(line) = importer.too_many {
        return Err(IcsError::TooManyEvents { line });
    }
    for (kind, (count, first_line)) in importer.skipped_kinds {
        report.note(
            first_line,
            format!("{count} {kind} component(s) not imported (only events are)"),
        );
    }
    Ok((importer.edits, report))
}

/// What an import knows while it reads the file's components.
struct Importer<'p> {
    project: &'p Project,
    host: TimeZone,
    zones: Zones,
    /// The project's events by UID.
    known: HashMap<String, &'p MissionEvent>,
    /// UIDs read so far, with the line of their event.
    seen_uids: HashMap<String, usize>,
    edits: Vec<Edit>,
    /// Components that are not events: how many, and the first one's line.
    skipped_kinds: BTreeMap<String, (usize, usize)>,
    /// Where the events went past the project's limit: the import stops
    /// collecting there, so memory stays bounded.
    too_many: Option<usize>,
}

impl<'p> Importer<'p> {
    fn new(project: &'p Project) -> Self {
        let mut zones = Zones::default();
        let host = zones
            .get(&project.mission.host_zone)
            .unwrap_or(TimeZone::UTC);
        let known = project
            .events
            .iter()
            .rev() // the first of two events with one UID wins, as before
            .map(|e| (event_uid(e), e))
            .collect();
        Self {
            project,
            host,
            zones,
            known,
            seen_uids: HashMap::new(),
            edits: Vec::new(),
            skipped_kinds: BTreeMap::new(),
            too_many: None,
        }
    }

    fn component(&mut self, lines: &[ContentLine], report: &mut ImportReport) {
        let Some(first) = lines.first() else {
            return;
        };
        if self.too_many.is_some() {
            return;
        }
        let first_line = first.number;
        match first.marker("BEGIN:").unwrap_or_default().as_str() {
            "VEVENT" => {}
            "VTIMEZONE" => return,
            other => {
                let entry = self
                    .skipped_kinds
                    .entry(other.to_owned())
                    .or_insert((0, first_line));
                entry.0 += 1;
                return;
            }
        }
        let component = match Component::read(lines) {
            Ok(component) => component,
            Err((line, why)) => {
                report.note(
                    line,
                    format!(
                        "the event that begins at line {first_line} cannot be read here \
                         ({why}); not imported"
                    ),
                );
                return;
            }
        };
        let mut event = EventInFile {
            component: &component,
            line: first_line,
            title: component
                .text_of("SUMMARY")
                .unwrap_or_else(|| "(untitled)".to_owned()),
            report,
        };
        if component.property("RECURRENCE-ID").is_some() {
            event.note("changes one occurrence of a repeating event; not imported");
            return;
        }
        let uid = component.text_of("UID");
        if let Some(uid) = &uid {
            if let Some(first) = self.seen_uids.get(uid) {
                event.note(&format!(
                    "has the same UID as the event at line {first}; only that one was imported"
                ));
                return;
            }
            self.seen_uids.insert(uid.clone(), first_line);
        }
        let existing = uid.as_deref().and_then(|uid| self.known.get(uid).copied());
        let edit = event.into_edit(self.project, &self.host, &mut self.zones, uid, existing);
        self.edits.extend(edit);
        if self.project.events.len() + report.added > crate::model::limits::MAX_ENTITIES_PER_KIND {
            self.too_many = Some(first_line);
            self.edits = Vec::new();
        }
    }
}

/// A VEVENT being turned into an edit, with where its notes go.
struct EventInFile<'a, 'c> {
    component: &'a Component<'c>,
    line: usize,
    title: String,
    report: &'a mut ImportReport,
}

impl EventInFile<'_, '_> {
    fn note(&mut self, what: &str) {
        let message = format!("“{}”: {what}", self.title);
        self.report.note(self.line, message);
    }

    fn times(&mut self, host: &TimeZone, zones: &mut Zones) -> Option<(ZonedTime, ZonedTime)> {
        let component = self.component;
        let Some(start_property) = component.property("DTSTART") else {
            self.note("has no start time; not imported");
            return None;
        };
        let start = match parse_time(start_property, host, zones) {
            Ok((time, remark)) => {
                if let Some(remark) = remark {
                    self.note(&remark);
                }
                time
            }
            Err(why) => {
                self.note(&format!("{why}; not imported"));
                return None;
            }
        };
        let end = if let Some(end) = component.property("DTEND") {
            match parse_time(end, host, zones) {
                Ok((time, _)) => time,
                Err(why) => {
                    self.note(&format!("{why}; not imported"));
                    return None;
                }
            }
        } else if let Some(duration) = component.text_of("DURATION") {
            let end = parse_duration(&duration).and_then(|d| start.zoned().checked_add(d).ok());
            match end {
                Some(end) => ZonedTime(end),
                None => {
                    self.note(&format!(
                        "DURATION {duration} is not understood or out of range; not imported"
                    ));
                    return None;
                }
            }
        } else {
            start.clone()
        };
        if end.zoned().timestamp() < start.zoned().timestamp() {
            self.note("ends before it starts; imported with its end at its start");
            let end = start
                .zoned()
                .with_time_zone(end.zoned().time_zone().clone());
            return Some((start, ZonedTime(end)));
        }
        Some((start, end))
    }

    /// A property that should be there once, found more than once; and an
    /// end given both ways.
    fn note_repeated_properties(&mut self) {
        let component = self.component;
        for name in [
            "UID",
            "SUMMARY",
            "DTSTART",
            "DTEND",
            "DURATION",
            "DESCRIPTION",
            "LOCATION",
        ] {
            let count = component
                .properties
                .iter()
                .filter(|p| p.name.eq_ignore_ascii_case(name))
                .count();
            if count > 1 {
                self.note(&format!(
                    "has {count} {name} properties; the first was used"
                ));
            }
        }
        if component.property("DTEND").is_some() && component.property("DURATION").is_some() {
            self.note("has both DTEND and DURATION; DTEND was used");
        }
    }

    fn note_what_is_left_out(&mut self) {
        let component = self.component;
        for property in &component.properties {
            let name = property.name.to_ascii_uppercase();
            if !MAPPED.contains(&name.as_str())
                && !BOOKKEEPING.contains(&name.as_str())
                && !name.starts_with("X-")
            {
                let why = match name.as_str() {
                    "RRULE" | "RDATE" => {
                        "repeats; only the first occurrence was imported".to_owned()
                    }
                    "EXDATE" => {
                        "has exceptions to a repeat rule, which were not imported".to_owned()
                    }
                    "ATTENDEE" | "ORGANIZER" => format!(
                        "{name} {} not imported (add participants in the app)",
                        property.value
                    ),
                    _ => format!("{name} not imported"),
                };
                self.note(&why);
            }
        }
        for child in &component.children {
            self.note(&format!("{child} inside the event not imported"));
        }
    }

    fn into_edit(
        mut self,
        project: &Project,
        host: &TimeZone,
        zones: &mut Zones,
        uid: Option<String>,
        existing: Option<&MissionEvent>,
    ) -> Option<Edit> {
        if self
            .component
            .text_of("STATUS")
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("CANCELLED"))
        {
            self.note("is cancelled (STATUS:CANCELLED); not imported");
            return None;
        }
        let (start, end) = self.times(host, zones)?;
        self.note_what_is_left_out();
        self.note_repeated_properties();
        let component = self.component;
        let location = component.text_of("LOCATION").unwrap_or_default();
        let notes = component
            .text_of("DESCRIPTION")
            .map(|d| {
                d.split(GENERATED_MARKER)
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .unwrap_or_default();
        if notes.len() > crate::model::limits::MAX_TEXT_BYTES {
            self.note(&format!(
                "its description is {} bytes, more than a project holds (8 MiB); not imported",
                notes.len()
            ));
            return None;
        }
        let kind = component
            .text_of("CATEGORIES")
            .and_then(|c| {
                EventKind::ALL.into_iter().find(|k| {
                    c.split(',')
                        .any(|part| part.trim().eq_ignore_ascii_case(k.label()))
                })
            })
            .unwrap_or(EventKind::Meeting);
        let title = std::mem::take(&mut self.title);
        let report = self.report;
        match existing {
            Some(event) => {
                let mut updated = event.clone();
                updated.title = title;
                updated.kind = kind;
                updated.start = start;
                updated.end = end;
                // A port shown in LOCATION as "place (Port name)" stays a reference.
                updated.location = strip_port_suffix(project, event, &location);
                updated.notes = notes;
                // Re-importing what did not change is no update (and no edit).
                if updated == *event {
                    report.unchanged += 1;
                    return None;
                }
                report.updated += 1;
                Some(Edit::Update(AnyEntity::Event(updated)))
            }
            None => {
                report.added += 1;
                let mut event = MissionEvent::new(title, start, end);
                event.id = EventId::fresh();
                event.kind = kind;
                event.location = location;
                event.notes = notes;
                event.uid = uid;
                Some(Edit::Add {
                    entity: AnyEntity::Event(event),
                    index: None,
                })
            }
        }
    }
}

fn strip_port_suffix(project: &Project, event: &MissionEvent, location: &str) -> String {
    let Some(port) = event.port.and_then(|id| find::<Port>(project, id)) else {
        return location.to_owned();
    };
    if location == port.name {
        return String::new();
    }
    location
        .strip_suffix(&format!(" ({})", port.name))
        .unwrap_or(location)
        .to_owned()
}

/// A DTSTART/DTEND value: with an IANA TZID (or a fixed offset as export
/// writes it), in UTC, floating (read in the host zone) or a whole day.
/// Returns the time and a remark for the report.
fn parse_time(
    property: &Property<'_>,
    host: &TimeZone,
    zones: &mut Zones,
) -> Result<(ZonedTime, Option<String>), String> {
    let value = property.value.trim();
    let param = |key: &str| property.param(key);
    // RFC 5545's shapes only (YYYYMMDD, YYYYMMDDTHHMMSS, with Z for UTC):
    // jiff would also read a signed year, which export could not write back.
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let shaped = match value.len() {
        8 => digits(value),
        15 | 16 => {
            digits(&value[..8])
                && value.as_bytes()[8] == b'T'
                && digits(&value[9..15])
                && (value.len() == 15 || value.ends_with('Z'))
        }
        _ => false,
    };
    if !value.is_ascii() || !shaped {
        return Err(format!("time {value} is not understood"));
    }
    let is_date =
        param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || value.len() == 8;
    if is_date {
        let date = Date::strptime("%Y%m%d", value)
            .map_err(|_| format!("date {value} is not understood"))?;
        let time = date.to_zoned(host.clone()).map_err(|e| e.to_string())?;
        return Ok((
            ZonedTime(time),
            Some("an all-day entry, imported as starting at midnight in the host zone".to_owned()),
        ));
    }
    if let Some(utc) = value.strip_suffix('Z') {
        let at = DateTime::strptime("%Y%m%dT%H%M%S", utc)
            .map_err(|_| format!("time {value} is not understood"))?
            .to_zoned(TimeZone::UTC)
            .map_err(|e| e.to_string())?;
        return Ok((ZonedTime(at), None));
    }
    let local = DateTime::strptime("%Y%m%dT%H%M%S", value)
        .map_err(|_| format!("time {value} is not understood"))?;
    match param("TZID") {
        Some(tzid) => {
            let zone = zones.get(tzid).ok_or_else(|| {
                format!("time zone {tzid} is not an IANA zone name this app knows")
            })?;
            let at = local.to_zoned(zone).map_err(|e| e.to_string())?;
            Ok((ZonedTime(at), None))
        }
        None => {
            let at = local.to_zoned(host.clone()).map_err(|e| e.to_string())?;
            Ok((
                ZonedTime(at),
                Some("had a floating time, read in the host zone".to_owned()),
            ))
        }
    }
}

/// `PT1H30M`, `P1D`, `-PT15M`, `P1W`; `None` when malformed or too large to
/// add to a time (checked arithmetic: a huge count must not wrap around).
fn parse_duration(text: &str) -> Option<SignedDuration> {
    let (negative, rest) = match text.trim().strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.trim().strip_prefix('+').unwrap_or(text.trim())),
    };
    let rest = rest.strip_prefix('P')?;
    let mut seconds: i64 = 0;
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            'T' => {}
            '0'..='9' => number.push(c),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let unit_seconds = match unit {
                    'W' => 7 * 86_400,
                    'D' => 86_400,
                    'H' => 3_600,
                    'M' => 60,
                    'S' => 1,
                    _ => return None,
                };
                seconds = seconds.checked_add(n.checked_mul(unit_seconds)?)?;
            }
        }
    }
    if !number.is_empty() {
        return None;
    }
    Some(SignedDuration::from_secs(if negative {
        -seconds
    } else {
        seconds
    }))
}
