//! iCalendar (RFC 5545) export and import of mission events.
//!
//! Export writes each time with its IANA zone (`DTSTART;TZID=Asia/Tokyo:…`)
//! and a `VTIMEZONE` for every zone used, built from the bundled time-zone
//! database's transitions around the events, so any calendar program gets the
//! right instants. UIDs come from event ids, so importing an export again
//! updates events instead of duplicating them.
//!
//! Import parses with the `icalendar` crate and turns `VEVENT`s into edits:
//! an event whose UID is known is updated, others are added. Whatever the file
//! holds that the app cannot keep (recurrence rules, attendees, alarms, to-dos,
//! zones that are not IANA names) is listed in the report, never dropped
//! silently.

use std::collections::BTreeMap;
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
    let mut zones: BTreeMap<String, (Timestamp, Timestamp)> = BTreeMap::new();
    for event in &events {
        for time in [&event.start, &event.end] {
            if let Some(name) = time.zone_name() {
                let at = time.zoned().timestamp();
                let span = zones.entry(name.to_owned()).or_insert((at, at));
                span.0 = span.0.min(at);
                span.1 = span.1.max(at);
            }
        }
    }
    for (name, (first, last)) in &zones {
        vtimezone(&mut out, name, *first, *last);
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

/// `;TZID=Asia/Tokyo:20230313T140000`, or `:20230313T050000Z` for a time
/// with a fixed offset only.
fn ics_time(time: &ZonedTime) -> String {
    match time.zone_name() {
        Some(name) => format!(
            ";TZID={name}:{}",
            time.zoned().datetime().strftime("%Y%m%dT%H%M%S")
        ),
        None => format!(":{}", utc_stamp(time.zoned().timestamp())),
    }
}

fn utc_stamp(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn offset_text(offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

/// A VTIMEZONE with one STANDARD/DAYLIGHT component per transition in range.
fn vtimezone(out: &mut String, name: &str, first: Timestamp, last: Timestamp) {
    let Ok(tz) = TimeZone::get(name) else {
        return;
    };
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
    #[error("the calendar cannot be parsed: {0}")]
    Parse(String),
    #[error("the file has no VCALENDAR")]
    NoCalendar,
    #[error("line {line}: components are nested more than {MAX_ICS_DEPTH} deep")]
    TooDeep { line: usize },
}

/// What an import did and what it could not keep.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    /// Events the file has exactly as the project already has them.
    pub unchanged: usize,
    /// One line per thing not imported, or imported with a change.
    pub notes: Vec<String>,
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

/// Refuses components nested deeper than [`MAX_ICS_DEPTH`], with the line.
fn check_depth(text: &str) -> Result<(), IcsError> {
    let mut depth = 0usize;
    for (number, line) in text.lines().enumerate() {
        let line = line.trim_start();
        let starts = |word: &str| {
            line.get(..word.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(word))
        };
        if starts("BEGIN:") {
            depth += 1;
            if depth > MAX_ICS_DEPTH {
                return Err(IcsError::TooDeep { line: number + 1 });
            }
        } else if starts("END:") {
            depth = depth.saturating_sub(1);
        }
    }
    Ok(())
}

/// The edits that bring `text`'s events into `project`, one per event, and a
/// report of what could not be kept.
pub fn import_ics(project: &Project, text: &str) -> Result<(Vec<Edit>, ImportReport), IcsError> {
    check_depth(text)?;
    let unfolded = icalendar::parser::unfold(text);
    let calendar = icalendar::parser::read_calendar(&unfolded).map_err(IcsError::Parse)?;
    if calendar.components.is_empty() {
        return Err(IcsError::NoCalendar);
    }
    let host = TimeZone::get(&project.mission.host_zone).unwrap_or(TimeZone::UTC);
    let mut report = ImportReport::default();
    let mut edits = Vec::new();
    let mut skipped_kinds: BTreeMap<String, usize> = BTreeMap::new();
    for component in &calendar.components {
        let kind = component.name.as_str().to_ascii_uppercase();
        match kind.as_str() {
            "VEVENT" => edits.extend(import_event(project, component, &host, &mut report)),
            "VTIMEZONE" => {}
            other => *skipped_kinds.entry(other.to_owned()).or_default() += 1,
        }
    }
    for (kind, count) in skipped_kinds {
        report.notes.push(format!(
            "{count} {kind} component(s) not imported (only events are)"
        ));
    }
    Ok((edits, report))
}

fn property<'c>(
    component: &'c icalendar::parser::Component<'c>,
    name: &str,
) -> Option<&'c icalendar::parser::Property<'c>> {
    component
        .properties
        .iter()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(name))
}

fn text_of(component: &icalendar::parser::Component<'_>, name: &str) -> Option<String> {
    property(component, name).map(|p| p.val.clone().unescape_text().as_str().to_owned())
}

fn import_event(
    project: &Project,
    component: &icalendar::parser::Component<'_>,
    host: &TimeZone,
    report: &mut ImportReport,
) -> Option<Edit> {
    let title = text_of(component, "SUMMARY").unwrap_or_else(|| "(untitled)".to_owned());
    let mut note = |what: String| report.notes.push(format!("“{title}”: {what}"));
    let Some(start_property) = property(component, "DTSTART") else {
        note("has no start time; not imported".to_owned());
        return None;
    };
    let start = match parse_time(start_property, host) {
        Ok((time, remark)) => {
            if let Some(remark) = remark {
                note(remark);
            }
            time
        }
        Err(why) => {
            note(format!("{why}; not imported"));
            return None;
        }
    };
    let end = if let Some(end) = property(component, "DTEND") {
        match parse_time(end, host) {
            Ok((time, _)) => time,
            Err(why) => {
                note(format!("{why}; not imported"));
                return None;
            }
        }
    } else if let Some(duration) = text_of(component, "DURATION") {
        match parse_duration(&duration).and_then(|d| start.zoned().checked_add(d).ok()) {
            Some(end) => ZonedTime(end),
            None => {
                note(format!(
                    "DURATION {duration} is not understood; not imported"
                ));
                return None;
            }
        }
    } else {
        start.clone()
    };
    for property in &component.properties {
        let name = property.name.as_str().to_ascii_uppercase();
        if !MAPPED.contains(&name.as_str())
            && !BOOKKEEPING.contains(&name.as_str())
            && !name.starts_with("X-")
        {
            let why = match name.as_str() {
                "RRULE" | "RDATE" => "repeats; only the first occurrence was imported".to_owned(),
                "EXDATE" => "has exceptions to a repeat rule, which were not imported".to_owned(),
                "ATTENDEE" | "ORGANIZER" => {
                    format!(
                        "{name} {} not imported (add participants in the app)",
                        property.val.as_str()
                    )
                }
                _ => format!("{name} not imported"),
            };
            note(why);
        }
    }
    for child in &component.components {
        note(format!(
            "{} inside the event not imported",
            child.name.as_str()
        ));
    }
    let uid = text_of(component, "UID");
    let location = text_of(component, "LOCATION").unwrap_or_default();
    let notes = text_of(component, "DESCRIPTION")
        .map(|d| {
            d.split(GENERATED_MARKER)
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .unwrap_or_default();
    let kind = text_of(component, "CATEGORIES")
        .and_then(|c| {
            EventKind::ALL.into_iter().find(|k| {
                c.split(',')
                    .any(|part| part.trim().eq_ignore_ascii_case(k.label()))
            })
        })
        .unwrap_or(EventKind::Meeting);
    let existing = uid
        .as_deref()
        .and_then(|uid| project.events.iter().find(|e| event_uid(e) == uid));
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

/// A DTSTART/DTEND value: with an IANA TZID, in UTC, floating (read in the
/// host zone) or a whole day. Returns the time and a remark for the report.
fn parse_time(
    property: &icalendar::parser::Property<'_>,
    host: &TimeZone,
) -> Result<(ZonedTime, Option<String>), String> {
    let value = property.val.as_str().trim();
    let param = |key: &str| {
        property
            .params
            .iter()
            .find(|p| p.key.as_str().eq_ignore_ascii_case(key))
            .and_then(|p| {
                p.val
                    .as_ref()
                    .map(|v| v.as_str().trim_matches('"').to_owned())
            })
    };
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
            let zone = TimeZone::get(&tzid)
                .map_err(|_| format!("time zone {tzid} is not an IANA zone name this app knows"))?;
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

/// `PT1H30M`, `P1D`, `-PT15M`, `P1W`.
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
                seconds += n * match unit {
                    'W' => 7 * 86_400,
                    'D' => 86_400,
                    'H' => 3_600,
                    'M' => 60,
                    'S' => 1,
                    _ => return None,
                };
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
