//! iCalendar export: each time in its IANA zone, with a VTIMEZONE per zone.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp};

use super::{GENERATED_MARKER, event_uid, fixed_zone_name, offset_text};
use crate::model::entity::find;
use crate::model::{Agreement, MissionEvent, Person, PersonId, Port, Project, ZonedTime};

/// Events of `project` (all, or those `person` takes part in) as an iCalendar
/// file. `now` is the DTSTAMP (passed in so output is reproducible).
pub fn export_ics(project: &Project, person: Option<PersonId>, now: Timestamp) -> String {
    export_ics_with(project, person, None, now)
}

/// [`export_ics`], with a reminder (`VALARM`) `remind_minutes` before each
/// event when asked.
pub fn export_ics_with(
    project: &Project,
    person: Option<PersonId>,
    remind_minutes: Option<u32>,
    now: Timestamp,
) -> String {
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
        for time in [&event.start, &event.end]
            .into_iter()
            .chain(event.recurrence_id.as_ref())
        {
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
        vevent(&mut out, project, event, remind_minutes, now);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn vevent(
    out: &mut String,
    project: &Project,
    event: &MissionEvent,
    remind_minutes: Option<u32>,
    now: Timestamp,
) {
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", escape(&event_uid(event))));
    line(out, &format!("DTSTAMP:{}", utc_stamp(now)));
    line(out, &format!("DTSTART{}", ics_time(&event.start)));
    line(out, &format!("DTEND{}", ics_time(&event.end)));
    // An occurrence of a repeating event keeps its series' UID.
    if let Some(original) = &event.recurrence_id {
        line(out, &format!("RECURRENCE-ID{}", ics_time(original)));
    }
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
    // Participants with an address, so calendar programs show who comes
    // (and an import matches them to people again); the rest are named in
    // the description.
    for participant in &event.participants {
        if let Some(person) = find::<Person>(project, participant.person)
            && !person.email.trim().is_empty()
        {
            line(
                out,
                &format!(
                    "ATTENDEE;CN=\"{}\";CUTYPE=INDIVIDUAL;ROLE={}:mailto:{}",
                    param_text(&person.name),
                    if participant.remote {
                        "OPT-PARTICIPANT"
                    } else {
                        "REQ-PARTICIPANT"
                    },
                    person.email.trim()
                ),
            );
        }
    }
    if let Some(minutes) = remind_minutes {
        line(out, "BEGIN:VALARM");
        line(out, "ACTION:DISPLAY");
        line(out, &format!("DESCRIPTION:{}", escape(&event.title)));
        line(out, &format!("TRIGGER:-PT{minutes}M"));
        line(out, "END:VALARM");
    }
    line(out, "END:VEVENT");
}

/// A quoted parameter value: it cannot hold a double quote or a control
/// character (RFC 5545 §3.2), so those are replaced.
fn param_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '"' {
                '\''
            } else if c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The TZID a time is written with: its IANA name, or for a fixed offset a
/// name such as `UTC+0900` that import reads back as that offset.
fn zone_id(time: &ZonedTime) -> String {
    time.zone_name()
        .map_or_else(|| fixed_zone_name(time.zoned().offset()), str::to_owned)
}

/// `;TZID=Asia/Tokyo:20230313T140000`, in the zone's own local time; the
/// second of two equal local times (the hour the clocks go back) in UTC,
/// as a TZID'd local time names the first.
fn ics_time(time: &ZonedTime) -> String {
    let zoned = time.zoned();
    let second_of_a_fold = matches!(
        zoned.time_zone().to_ambiguous_zoned(zoned.datetime()).offset(),
        AmbiguousOffset::Fold { after, .. } if after == zoned.offset()
    );
    if second_of_a_fold {
        return format!(":{}", utc_stamp(zoned.timestamp()));
    }
    format!(
        ";TZID={}:{}",
        zone_id(time),
        zoned.datetime().strftime("%Y%m%dT%H%M%S")
    )
}

fn utc_stamp(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
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

/// Appends a content line, folded at 75 octets (never inside a character),
/// as iCalendar and vCard both fold.
pub(crate) fn line(out: &mut String, content: &str) {
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
