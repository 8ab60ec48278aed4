//! iCalendar (RFC 5545) export and import of mission events.
//!
//! Export writes each time with its IANA zone (`DTSTART;TZID=Asia/Tokyo:…`)
//! and a `VTIMEZONE` for every zone used, built from the bundled time-zone
//! database's transitions around the events, so any calendar program gets the
//! right instants. UIDs come from event ids, so importing an export again
//! updates events instead of duplicating them.
//!
//! Import reads the content lines itself (the grammar is three rules, and
//! doing it here keeps it linear, bounded in depth and exact about line
//! numbers) and turns `VEVENT`s into edits:
//! an event whose UID is known is updated, others are added. Whatever the file
//! holds that the app cannot keep (recurrence rules, attendees, alarms, to-dos,
//! zones that are not IANA names) is listed in the report, never dropped
//! silently.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};

use crate::edit::Edit;
use crate::model::entity::find;
use crate::model::{
    Agreement, AnyEntity, EventId, EventKind, MissionEvent, Person, PersonId, Port, Project,
    ZonedTime,
};

/// Separates an event's own notes from what export adds to DESCRIPTION.
const GENERATED_MARKER: &str = "\n\n— Trade Mission Planner —\n";
const UID_SUFFIX: &str = "@trade-mission-planner";

/// The UID an event is exported with.
pub fn event_uid(event: &MissionEvent) -> String {
    event
        .uid
        .clone()
        .unwrap_or_else(|| format!("event-{}{UID_SUFFIX}", event.id.0))
}

/// Events of `project` (all, or those `person` takes part in) as an iCalendar
/// file. `now` is the DTSTAMP (passed in so output is reproducible).
pub fn export_ics(project: &Project, person: Option<PersonId>, now: Timestamp) -> String {
    let events: Vec<&MissionEvent> = project
        .events
        .iter()
        .filter(|e| person.is_none_or(|p| e.has_participant(p)))
        .collect();
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Trade Mission Planner//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", escape(&project.mission.title)),
    );
    // Each zone's transitions over the span of the events, plus a year either side.
    let mut zones: BTreeMap<String, (TimeZone, Timestamp, Timestamp)> = BTreeMap::new();
    for event in &events {
        for time in [&event.start, &event.end] {
            let at = time.zoned().timestamp();
            let span = zones
                .entry(zone_id(time))
                .or_insert_with(|| (time.zoned().time_zone().clone(), at, at));
            span.1 = span.1.min(at);
            span.2 = span.2.max(at);
        }
    }
    for (name, (zone, first, last)) in &zones {
        vtimezone(&mut out, name, zone, *first, *last);
    }
    for event in events {
        vevent(&mut out, project, event, now);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn vevent(out: &mut String, project: &Project, event: &MissionEvent, now: Timestamp) {
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", escape(&event_uid(event))));
    line(out, &format!("DTSTAMP:{}", utc_stamp(now)));
    line(out, &format!("DTSTART{}", ics_time(&event.start)));
    line(out, &format!("DTEND{}", ics_time(&event.end)));
    line(out, &format!("SUMMARY:{}", escape(&event.title)));
    let port = event.port.and_then(|id| find::<Port>(project, id));
    let location = match (event.location.trim(), port) {
        ("", Some(port)) => port.name.clone(),
        (location, Some(port)) => format!("{location} ({})", port.name),
        (location, None) => location.to_owned(),
    };
    if !location.is_empty() {
        line(out, &format!("LOCATION:{}", escape(&location)));
    }
    let mut description = event.notes.clone();
    let mut generated = String::new();
    if !event.participants.is_empty() {
        let names: Vec<String> = event
            .participants
            .iter()
            .map(|p| {
                let name = find::<Person>(project, p.person).map_or("?", |p| p.name.as_str());
                if p.remote {
                    format!("{name} (remote)")
                } else {
                    name.to_owned()
                }
            })
            .collect();
        let _ = writeln!(generated, "Participants: {}", names.join(", "));
    }
    if !event.agreements.is_empty() {
        let titles: Vec<&str> = event
            .agreements
            .iter()
            .filter_map(|id| find::<Agreement>(project, *id).map(|a| a.title.as_str()))
            .collect();
        let _ = writeln!(generated, "Agreements: {}", titles.join("; "));
    }
    if !generated.is_empty() {
        description.push_str(GENERATED_MARKER);
        description.push_str(generated.trim_end());
    }
    if !description.is_empty() {
        line(out, &format!("DESCRIPTION:{}", escape(&description)));
    }
    line(out, &format!("CATEGORIES:{}", escape(event.kind.label())));
    line(out, "END:VEVENT");
}

/// The TZID a time is written with: its IANA name, or for a fixed offset a
/// name such as `UTC+0900` that import reads back as that offset.
fn zone_id(time: &ZonedTime) -> String {
    time.zone_name()
        .map_or_else(|| fixed_zone_name(time.zoned().offset()), str::to_owned)
}

/// `;TZID=Asia/Tokyo:20230313T140000`, in the zone's own local time.
fn ics_time(time: &ZonedTime) -> String {
    format!(
        ";TZID={}:{}",
        zone_id(time),
        time.zoned().datetime().strftime("%Y%m%dT%H%M%S")
    )
}

fn utc_stamp(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// `+0900`, or `+091859` when the offset has seconds (RFC 5545 §3.3.14).
fn offset_text(offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    let (hours, minutes, rest) = (abs / 3600, abs / 60 % 60, abs % 60);
    if rest == 0 {
        format!("{sign}{hours:02}{minutes:02}")
    } else {
        format!("{sign}{hours:02}{minutes:02}{rest:02}")
    }
}

/// A VTIMEZONE with one STANDARD/DAYLIGHT component per transition in range.
fn vtimezone(out: &mut String, name: &str, tz: &TimeZone, first: Timestamp, last: Timestamp) {
    let year = SignedDuration::from_hours(24 * 366);
    let from = first.checked_sub(year).unwrap_or(first);
    let to = last.checked_add(year).unwrap_or(last);
    line(out, "BEGIN:VTIMEZONE");
    line(out, &format!("TZID:{name}"));
    let initial = tz.to_offset_info(from);
    let mut previous = initial.offset();
    let mut wrote = false;
    for transition in tz.following(from).take_while(|t| t.timestamp() <= to) {
        let kind = if transition.dst().is_dst() {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        // DTSTART is the local time just before the change, in the old offset.
        let local = transition
            .timestamp()
            .to_zoned(TimeZone::fixed(previous))
            .datetime();
        line(out, &format!("BEGIN:{kind}"));
        line(out, &format!("DTSTART:{}", local.strftime("%Y%m%dT%H%M%S")));
        line(out, &format!("TZOFFSETFROM:{}", offset_text(previous)));
        line(
            out,
            &format!("TZOFFSETTO:{}", offset_text(transition.offset())),
        );
        line(
            out,
            &format!("TZNAME:{}", escape(transition.abbreviation())),
        );
        line(out, &format!("END:{kind}"));
        previous = transition.offset();
        wrote = true;
    }
    if !wrote {
        let kind = if initial.dst().is_dst() {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        line(out, &format!("BEGIN:{kind}"));
        line(out, "DTSTART:19700101T000000");
        line(out, &format!("TZOFFSETFROM:{}", offset_text(previous)));
        line(out, &format!("TZOFFSETTO:{}", offset_text(previous)));
        line(out, &format!("TZNAME:{}", escape(initial.abbreviation())));
        line(out, &format!("END:{kind}"));
    }
    line(out, "END:VTIMEZONE");
}

/// Text value escaping (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// Appends a content line, folded at 75 octets (never inside a character).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

// ------------------------------------------------------------------ import

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
    fn note(&mut self, line: usize, message: String) {
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

/// One content line after unfolding (RFC 5545 §3.1), with the line of the
/// file it starts on.
struct ContentLine {
    number: usize,
    text: String,
}

impl ContentLine {
    /// The component name if this line is `BEGIN:name` (or `END:name`).
    fn marker(&self, word: &str) -> Option<String> {
        let text = self.text.trim();
        let head = text.get(..word.len())?;
        head.eq_ignore_ascii_case(word)
            .then(|| text[word.len()..].trim().to_ascii_uppercase())
    }
}

/// Reads the file in one pass and hands `component` the lines of each
/// component directly inside a VCALENDAR (an event, a zone, a to-do) as soon
/// as it ends, so memory holds one component at a time, never the file's
/// lines. Unfolds on the bytes, then decodes each line as UTF-8 (a fold may
/// split a character); bytes that are not UTF-8 become U+FFFD, noted with
/// their lines. Several VCALENDARs in one file are all read.
fn read_components(
    bytes: &[u8],
    report: &mut ImportReport,
    mut component: impl FnMut(&[ContentLine], &mut ImportReport),
) -> Result<(), IcsError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(IcsError::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut splitter = Splitter::default();
    let mut not_utf8: (usize, Option<usize>) = (0, None);
    let mut decode = |number: usize, raw: Vec<u8>| {
        let text = String::from_utf8(raw).unwrap_or_else(|err| {
            not_utf8.0 += 1;
            not_utf8.1.get_or_insert(number);
            String::from_utf8_lossy(err.as_bytes()).into_owned()
        });
        ContentLine { number, text }
    };
    let mut current: Option<(usize, Vec<u8>)> = None;
    for (index, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if let (Some((_, folded)), Some(rest)) = (
            current.as_mut(),
            raw.strip_prefix(b" ").or_else(|| raw.strip_prefix(b"\t")),
        ) {
            folded.extend_from_slice(rest);
            continue;
        }
        if let Some((number, line)) = current.take() {
            splitter.feed(decode(number, line), report, &mut component)?;
        }
        if !raw.iter().all(u8::is_ascii_whitespace) {
            current = Some((index + 1, raw.to_vec()));
        }
    }
    if let Some((number, line)) = current.take() {
        splitter.feed(decode(number, line), report, &mut component)?;
    }
    if let (count, Some(first)) = not_utf8 {
        report.note(
            first,
            format!("{count} line(s) have bytes that are not UTF-8; they were replaced by �"),
        );
    }
    splitter.finish(report)
}

/// Follows BEGIN and END through the file and collects the lines of the
/// component being read.
#[derive(Default)]
struct Splitter {
    calendars: usize,
    stack: Vec<String>,
    /// Whether a component directly inside a VCALENDAR is being collected.
    open: bool,
    lines: Vec<ContentLine>,
    stray: Option<usize>,
    /// A line inside a VCALENDAR, outside its components, that is not a
    /// property.
    junk: Option<usize>,
}

impl Splitter {
    fn feed(
        &mut self,
        line: ContentLine,
        report: &mut ImportReport,
        component: &mut impl FnMut(&[ContentLine], &mut ImportReport),
    ) -> Result<(), IcsError> {
        if let Some(name) = line.marker("BEGIN:") {
            match self.stack.len() {
                0 if name == "VCALENDAR" => self.calendars += 1,
                0 => {
                    self.stray.get_or_insert(line.number);
                }
                1 if self.stack[0] == "VCALENDAR" => {
                    self.open = true;
                    self.lines.clear();
                }
                _ => {}
            }
            self.stack.push(name);
            if self.stack.len() > MAX_ICS_DEPTH {
                return Err(IcsError::TooDeep { line: line.number });
            }
            self.keep(line);
        } else if line.marker("END:").is_some() {
            self.stack.pop();
            self.keep(line);
            if self.open && self.stack.len() <= 1 {
                self.open = false;
                component(&self.lines, report);
                self.lines.clear();
            }
        } else if self.open {
            self.keep(line);
        } else if self.stack.is_empty() {
            self.stray.get_or_insert(line.number);
        } else if Property::parse(&line.text).is_none() {
            self.junk.get_or_insert(line.number);
        }
        Ok(())
    }

    /// Keeps a line of the open component; past the most a component may
    /// have, only one more (the reader then refuses the component).
    fn keep(&mut self, line: ContentLine) {
        if self.open && self.lines.len() <= MAX_COMPONENT_LINES {
            self.lines.push(line);
        }
    }

    fn finish(self, report: &mut ImportReport) -> Result<(), IcsError> {
        if self.calendars == 0 {
            return Err(IcsError::NoCalendar);
        }
        if self.open
            && let Some(first) = self.lines.first()
        {
            let name = first.marker("BEGIN:").unwrap_or_default();
            report.note(
                first.number,
                format!(
                    "the {name} that begins here has no END:{name} (is the file cut short?); \
                     not imported"
                ),
            );
        }
        if let Some(line) = self.stray {
            report.note(line, "text outside any VCALENDAR was ignored".to_owned());
        }
        if let Some(line) = self.junk {
            report.note(
                line,
                "a line that is not NAME:value, between events, was ignored".to_owned(),
            );
        }
        Ok(())
    }
}
/// One property: `NAME;PARAM=value;…:value` (RFC 5545 §3.1), borrowed from
/// the unfolded text.
struct Property<'a> {
    name: &'a str,
    params: Vec<(&'a str, &'a str)>,
    value: &'a str,
}

impl<'a> Property<'a> {
    /// Reads a content line; `None` when it is not one.
    fn parse(line: &'a str) -> Option<Self> {
        let name_end = line.find([';', ':'])?;
        let name = line[..name_end].trim();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return None;
        }
        let mut rest = &line[name_end..];
        let mut params = Vec::new();
        while let Some(after) = rest.strip_prefix(';') {
            let key_end = after.find(['=', ':', ';'])?;
            if after.as_bytes()[key_end] != b'=' {
                return None;
            }
            let key = after[..key_end].trim();
            let values = &after[key_end + 1..];
            let end = param_value_end(values)?;
            params.push((key, values[..end].trim()));
            rest = &values[end..];
        }
        Some(Self {
            name,
            params,
            value: rest.strip_prefix(':')?,
        })
    }

    /// A parameter's value, without its quotes.
    fn param(&self, key: &str) -> Option<&'a str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.trim_matches('"'))
    }

    /// The value as text, unescaped (RFC 5545 §3.3.11).
    fn text(&self) -> String {
        if !self.value.contains('\\') {
            return self.value.to_owned();
        }
        let mut text = String::with_capacity(self.value.len());
        let mut chars = self.value.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                text.push(c);
                continue;
            }
            match chars.next() {
                Some('n' | 'N') => text.push('\n'),
                Some(c @ ('\\' | ';' | ',' | ':' | '"')) => text.push(c),
                // Not an escape RFC 5545 knows: keep it as written.
                Some(other) => {
                    text.push('\\');
                    text.push(other);
                }
                None => text.push('\\'),
            }
        }
        text
    }
}

/// Where a parameter's values (`a,"b;c",d`) end: at the `;` or `:` after
/// them. `None` when a quote is not closed.
fn param_value_end(values: &str) -> Option<usize> {
    let bytes = values.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => at += 1 + values[at + 1..].find('"')? + 1,
            b';' | b':' => return Some(at),
            _ => at += 1,
        }
    }
    None
}

/// A VEVENT's own properties, and the names of the components inside it.
struct Component<'a> {
    properties: Vec<Property<'a>>,
    children: Vec<String>,
}

impl<'a> Component<'a> {
    /// Reads the lines of `block`; on a line that is not a property, or an
    /// END that closes the wrong component, the line and why.
    fn read(lines: &'a [ContentLine]) -> Result<Self, (usize, String)> {
        if lines.len() > MAX_COMPONENT_LINES {
            return Err((
                lines.first().map_or(0, |l| l.number),
                format!("it has more than {MAX_COMPONENT_LINES} lines"),
            ));
        }
        let mut component = Self {
            properties: Vec::new(),
            children: Vec::new(),
        };
        let mut stack: Vec<String> = Vec::new();
        for line in lines {
            let number = line.number;
            if let Some(name) = line.marker("BEGIN:") {
                if stack.len() == 1 {
                    component.children.push(name.clone());
                }
                stack.push(name);
            } else if let Some(name) = line.marker("END:") {
                let open = stack.pop().unwrap_or_default();
                if name != open {
                    return Err((number, format!("END:{name} does not close BEGIN:{open}")));
                }
            } else if stack.len() == 1 {
                let property = Property::parse(&line.text)
                    .ok_or_else(|| (number, "this line is not NAME:value".to_owned()))?;
                component.properties.push(property);
            }
        }
        Ok(component)
    }

    fn property(&self, name: &str) -> Option<&Property<'a>> {
        self.properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    fn text_of(&self, name: &str) -> Option<String> {
        self.property(name).map(Property::text)
    }
}

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

/// The TZID export writes for a time with a fixed offset only, e.g.
/// `UTC+0900` (with its own VTIMEZONE; no colon, which a parameter may
/// not hold unquoted), so it comes back as that offset
/// rather than as UTC.
fn fixed_zone_name(offset: Offset) -> String {
    format!("UTC{}", offset_text(offset))
}

/// The offset of a [`fixed_zone_name`].
fn parse_fixed_zone_name(name: &str) -> Option<Offset> {
    let rest = name.strip_prefix("UTC")?;
    let (sign, rest) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    if !matches!(rest.len(), 4 | 6) || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let part = |at: usize| rest.get(at..at + 2).and_then(|p| p.parse::<i32>().ok());
    let (hours, minutes, seconds) = (part(0)?, part(2)?, part(4).unwrap_or(0));
    if hours > 25 || minutes > 59 || seconds > 59 {
        return None;
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60 + seconds)).ok()
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
