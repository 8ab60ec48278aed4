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
//! numbers) and turns `VEVENT`s into edits: an event whose UID (and, for an
//! occurrence of a repeating event, original start) is known is updated,
//! others are added. Zones are read as IANA names, vendor-prefixed or
//! Windows names, or from the file's own definitions (see `crate::zones`);
//! repeating events become their occurrences in the mission window;
//! organisers and attendees become participants by e-mail. Whatever the
//! file holds that the app cannot keep (alarms, to-dos, occurrences outside
//! the window) is listed in the report, never dropped silently.
//!
//! `export` writes; `reader` reads content lines and components (RFC 5545
//! §3.1, bounded in depth and memory); `vtimezone` reads zone definitions,
//! `placement` places local times with them, `recur` expands repeat rules,
//! `series` turns a repeating event into its occurrences,
//! `event` reads one VEVENT and `import` turns events into edits.

mod event;
pub(crate) mod export;
mod import;
mod placement;
mod reader;
mod recur;
mod series;
mod vtimezone;

pub use event::Attendee;
pub use export::{export_ics, export_ics_with};
pub use import::{
    IcsError, ImportNote, ImportOptions, ImportReport, MAX_COMPONENT_LINES, MAX_ICS_BYTES,
    MAX_ICS_DEPTH, MAX_IMPORTED_TEXT, MAX_MARGIN_DAYS, MAX_NOTES, UnknownPerson, import_ics,
    import_ics_watched, import_ics_with,
};

use jiff::tz::Offset;

use crate::model::MissionEvent;

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

/// The TZID export writes for a time with a fixed offset only, e.g.
/// `UTC+0900` (with its own VTIMEZONE; no colon, which a parameter may
/// not hold unquoted), so it comes back as that offset
/// rather than as UTC.
fn fixed_zone_name(offset: Offset) -> String {
    format!("UTC{}", offset_text(offset))
}

/// The offset of a [`fixed_zone_name`].
fn parse_fixed_zone_name(name: &str) -> Option<Offset> {
    parse_offset(name.strip_prefix("UTC")?)
}

/// `+0900`, `-0430`, `+053328` (RFC 5545 §3.3.14), within jiff's range.
fn parse_offset(text: &str) -> Option<Offset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
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
