//! One VEVENT read into what the project can hold, with the remarks the
//! report needs.

use jiff::civil::{Date, DateTime};
use jiff::{SignedDuration, Span};

use super::GENERATED_MARKER;
use super::import::ImportReport;
use super::placement::{TimeRef, Zones};
use super::reader::{Component, Property};
use crate::model::{EventKind, ZonedTime};

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
    "RRULE",
    "RDATE",
    "EXDATE",
    "RECURRENCE-ID",
    "ORGANIZER",
    "ATTENDEE",
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

/// Someone an invitation names (ORGANIZER or ATTENDEE).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Attendee {
    pub name: String,
    /// Lower case, without `mailto:`.
    pub email: String,
}

impl std::fmt::Display for Attendee {
    /// `Name <e-mail>`, or the address alone.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.name.is_empty() {
            f.write_str(&self.email)
        } else {
            write!(f, "{} <{}>", self.name, self.email)
        }
    }
}

/// An event as the file gives it, before it meets the project.
#[derive(Clone)]
pub(super) struct Incoming {
    pub(super) line: usize,
    pub(super) title: String,
    pub(super) kind: EventKind,
    pub(super) start: ZonedTime,
    pub(super) end: ZonedTime,
    pub(super) location: String,
    pub(super) notes: String,
    pub(super) uid: Option<String>,
    pub(super) recurrence_id: Option<ZonedTime>,
    /// With the line that names each.
    pub(super) attendees: Vec<(Attendee, usize)>,
    pub(super) cancelled: bool,
    /// A change to one occurrence that applies to all later ones too
    /// (`RECURRENCE-ID;RANGE=THISANDFUTURE`).
    pub(super) this_and_future: bool,
}

impl Incoming {
    /// What it holds as text, which each occurrence copies.
    pub(super) fn text_bytes(&self) -> usize {
        self.title.len()
            + self.notes.len()
            + self.location.len()
            + self.uid.as_ref().map_or(0, String::len)
            + self
                .attendees
                .iter()
                .map(|(a, _)| a.name.len() + a.email.len() + 16)
                .sum::<usize>()
    }
}

/// How the start was written: what repeats of it are placed with.
pub(super) struct Timing {
    pub(super) local: DateTime,
    pub(super) reference: TimeRef,
    pub(super) length: Length,
}

/// How long each occurrence lasts: exactly as long as the first (an end
/// given as DTEND, RFC 5545 §3.8.5.3), or a nominal span (a DURATION in
/// days, or whole dates: a day is a day across a clock change).
#[derive(Clone, Copy, Debug)]
pub(super) enum Length {
    Exact(SignedDuration),
    Nominal(Span),
}

impl Length {
    /// The end of an occurrence starting at `start`, shown in `zone`.
    pub(super) fn end_of(self, start: &ZonedTime, zone: &jiff::tz::TimeZone) -> Option<ZonedTime> {
        let end = match self {
            Self::Exact(duration) => start.zoned().timestamp().checked_add(duration).ok()?,
            Self::Nominal(span) => start.zoned().checked_add(span).ok()?.timestamp(),
        };
        Some(ZonedTime(end.to_zoned(zone.clone())))
    }
}

/// A VEVENT being read, with where its notes go.
pub(super) struct EventInFile<'a, 'c> {
    pub(super) component: &'a Component<'c>,
    pub(super) line: usize,
    pub(super) title: String,
    pub(super) report: &'a mut ImportReport,
}

impl<'a, 'c> EventInFile<'a, 'c> {
    pub(super) fn new(
        component: &'a Component<'c>,
        line: usize,
        report: &'a mut ImportReport,
    ) -> Self {
        let title = component
            .text_of("SUMMARY")
            .unwrap_or_else(|| "(untitled)".to_owned());
        Self {
            component,
            line,
            title,
            report,
        }
    }

    pub(super) fn note(&mut self, what: &str) {
        self.note_at(self.line, what);
    }

    /// A note on the line it concerns (a property's), else the event's.
    pub(super) fn note_at(&mut self, line: usize, what: &str) {
        let line = if line == 0 { self.line } else { line };
        let message = format!("“{}”: {what}", self.title);
        self.report.note(line, message);
    }

    /// The event as the project could hold it; `None` (with a note) when it
    /// cannot be.
    pub(super) fn read(mut self, zones: &mut Zones) -> Option<(Incoming, Timing)> {
        let component = self.component;
        let (start, end, timing) = self.times(zones)?;
        let recurrence_id = match component.property("RECURRENCE-ID") {
            Some(property) => match read_time(property, zones, self.line) {
                // Shown in the start's zone when given in UTC (see `times`).
                Ok((time, TimeRef::Utc, _)) => Some(ZonedTime(
                    time.zoned()
                        .with_time_zone(start.zoned().time_zone().clone()),
                )),
                Ok((time, _, _)) => Some(time),
                Err(why) => {
                    self.note_at(
                        property.line,
                        &format!("RECURRENCE-ID: {why}; not imported"),
                    );
                    return None;
                }
            },
            None => None,
        };
        self.note_what_is_left_out();
        self.note_repeated_properties();
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
        let attendees = component
            .properties
            .iter()
            .filter(|p| {
                p.name.eq_ignore_ascii_case("ORGANIZER") || p.name.eq_ignore_ascii_case("ATTENDEE")
            })
            .filter_map(|p| Some((attendee(p)?, p.line)))
            .collect();
        let cancelled = component
            .text_of("STATUS")
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("CANCELLED"));
        Some((
            Incoming {
                line: self.line,
                title: std::mem::take(&mut self.title),
                kind,
                start,
                end,
                location: component.text_of("LOCATION").unwrap_or_default(),
                notes,
                uid: component.text_of("UID"),
                recurrence_id,
                attendees,
                cancelled,
                this_and_future: component.property("RECURRENCE-ID").is_some_and(|p| {
                    p.param("RANGE")
                        .is_some_and(|r| r.trim().eq_ignore_ascii_case("THISANDFUTURE"))
                }),
            },
            timing,
        ))
    }

    fn times(&mut self, zones: &mut Zones) -> Option<(ZonedTime, ZonedTime, Timing)> {
        let component = self.component;
        let Some(start_property) = component.property("DTSTART") else {
            self.note("has no start time; not imported");
            return None;
        };
        let (start, reference, local) = match read_time(start_property, zones, self.line) {
            Ok((time, reference, local)) => {
                let at = start_property.line;
                match reference {
                    TimeRef::Floating if is_date(start_property) => self.note_at(
                        at,
                        "an all-day entry, imported as starting at midnight in the host zone",
                    ),
                    TimeRef::Floating => {
                        self.note_at(at, "had a floating time, read in the host zone");
                    }
                    _ => {}
                }
                (time, reference, local)
            }
            Err(why) => {
                self.note_at(start_property.line, &format!("{why}; not imported"));
                return None;
            }
        };
        let mut length = None;
        // A time given in UTC (as export writes the second of two equal
        // local times) is shown in the start's zone.
        let in_start_zone = |time: ZonedTime, reference: TimeRef| match reference {
            TimeRef::Utc => ZonedTime(
                time.zoned()
                    .with_time_zone(start.zoned().time_zone().clone()),
            ),
            _ => time,
        };
        let end = if let Some(end) = component.property("DTEND") {
            match read_time(end, zones, self.line) {
                Ok((time, end_reference, _)) => in_start_zone(time, end_reference),
                Err(why) => {
                    self.note_at(end.line, &format!("{why}; not imported"));
                    return None;
                }
            }
        } else if let Some(property) = component.property("DURATION") {
            let duration = property.text();
            let span = parse_duration(&duration);
            length = span.map(Length::Nominal);
            match span.and_then(|d| start.zoned().checked_add(d).ok()) {
                Some(end) => ZonedTime(end),
                None => {
                    let why = format!(
                        "DURATION {duration} is not understood or out of range; not imported"
                    );
                    self.note_at(property.line, &why);
                    return None;
                }
            }
        } else if is_date(start_property) {
            // A day, when nothing says how long (RFC 5545 §3.6.1).
            length = Some(Length::Nominal(Span::new().days(1)));
            match start.zoned().checked_add(Span::new().days(1)) {
                Ok(end) => ZonedTime(end),
                Err(_) => start.clone(),
            }
        } else {
            start.clone()
        };
        let length = length.unwrap_or_else(|| {
            let whole_days =
                is_date(start_property) && component.property("DTEND").is_some_and(is_date);
            match start.zoned().date().until(end.zoned().date()) {
                Ok(days) if whole_days => {
                    Length::Nominal(Span::new().days(i64::from(days.get_days())))
                }
                _ => Length::Exact(
                    end.zoned()
                        .timestamp()
                        .duration_since(start.zoned().timestamp()),
                ),
            }
        });
        let timing = Timing {
            local,
            reference,
            length,
        };
        if end.zoned().timestamp() < start.zoned().timestamp() {
            self.note("ends before it starts; imported with its end at its start");
            let end = start
                .zoned()
                .with_time_zone(end.zoned().time_zone().clone());
            return Some((start, ZonedTime(end), timing));
        }
        Some((start, end, timing))
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
            "RRULE",
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
                self.note_at(property.line, &format!("{name} not imported"));
            }
        }
        for line in &component.skipped_lines {
            self.note_at(*line, "this line is not NAME:value; it was skipped");
        }
        for child in &component.children {
            self.note(&format!("{child} inside the event not imported"));
        }
    }
}

fn is_date(property: &Property<'_>) -> bool {
    property
        .param("VALUE")
        .is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
        || property.value.trim().len() == 8
}

/// `mailto:someone@example.org` with its `CN`; `None` when it names no
/// e-mail address.
fn attendee(property: &Property<'_>) -> Option<Attendee> {
    let value = property.value.trim();
    let email = value
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
        .map(|_| value[7..].trim().to_lowercase())?;
    if email.is_empty() || !email.contains('@') {
        return None;
    }
    let name = property.param("CN").map(unescape_param).unwrap_or_default();
    Some(Attendee { name, email })
}

/// A parameter value as clients write it: `Doe\, John` (not RFC 5545, but
/// common) and `^'` `^n` `^^` (RFC 6868).
fn unescape_param(value: &str) -> String {
    let mut text = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some(next @ (',' | ';' | ':' | '\\' | '"'))) => {
                text.push(next);
                chars.next();
            }
            ('^', Some('\'')) => {
                text.push('"');
                chars.next();
            }
            ('^', Some('n')) => {
                text.push(' ');
                chars.next();
            }
            ('^', Some('^')) => {
                text.push('^');
                chars.next();
            }
            (c, _) => text.push(c),
        }
    }
    text.trim().to_owned()
}

/// A time value's shape: RFC 5545's only (YYYYMMDD, YYYYMMDDTHHMMSS, with Z
/// for UTC); jiff would also read a signed year, which export could not
/// write back. Returns the local time and what it is local to.
pub(super) fn read_local(
    value: &str,
    property: &Property<'_>,
) -> Result<(DateTime, TimeRef), String> {
    let value = value.trim();
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
    if value.len() == 8 {
        let date = Date::strptime("%Y%m%d", value)
            .map_err(|_| format!("date {value} is not understood"))?;
        return Ok((
            date.to_datetime(jiff::civil::Time::midnight()),
            TimeRef::Floating,
        ));
    }
    let (local, utc) = match value.strip_suffix('Z') {
        Some(local) => (local, true),
        None => (value, false),
    };
    let local = DateTime::strptime("%Y%m%dT%H%M%S", local)
        .map_err(|_| format!("time {value} is not understood"))?;
    let reference = match (utc, property.param("TZID")) {
        (true, _) => TimeRef::Utc,
        (false, Some(tzid)) => TimeRef::Zone(tzid.trim().to_owned()),
        (false, None) => TimeRef::Floating,
    };
    Ok((local, reference))
}

/// A DTSTART, DTEND or RECURRENCE-ID: the time, what it is local to, and
/// the local time as written.
pub(super) fn read_time(
    property: &Property<'_>,
    zones: &mut Zones,
    line: usize,
) -> Result<(ZonedTime, TimeRef, DateTime), String> {
    let (local, reference) = read_local(property.value, property)?;
    let line = if property.line == 0 {
        line
    } else {
        property.line
    };
    let time = zones.place(&reference, local, line)?;
    Ok((time, reference, local))
}

/// `PT1H30M`, `P1D`, `-PT15M`, `P1W` as a span: weeks and days are
/// nominal (a day across a clock change is still a day, RFC 5545 §3.3.6),
/// hours and less exact. `None` when malformed or out of range.
pub(super) fn parse_duration(text: &str) -> Option<Span> {
    let (negative, rest) = match text.trim().strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.trim().strip_prefix('+').unwrap_or(text.trim())),
    };
    let rest = rest.strip_prefix('P')?;
    let (mut days, mut seconds): (i64, i64) = (0, 0);
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            'T' => {}
            '0'..='9' => number.push(c),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                match unit {
                    'W' => days = days.checked_add(n.checked_mul(7)?)?,
                    'D' => days = days.checked_add(n)?,
                    'H' => seconds = seconds.checked_add(n.checked_mul(3_600)?)?,
                    'M' => seconds = seconds.checked_add(n.checked_mul(60)?)?,
                    'S' => seconds = seconds.checked_add(n)?,
                    _ => return None,
                }
            }
        }
    }
    if !number.is_empty() {
        return None;
    }
    let sign = if negative { -1 } else { 1 };
    Span::new()
        .try_days(sign * days)
        .ok()?
        .try_seconds(sign * seconds)
        .ok()
}
