//! Time arithmetic across the 12 March 2023 daylight-saving change, and the
//! schedule's conflict rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use trade_mission_planner::document::Document;
use trade_mission_planner::edit::Edit;
use trade_mission_planner::model::{
    EntityRef, EventId, EventKind, Participant, PersonId, PortId, Project, Severity, TravelTime,
    validate,
};

/// The sample plus a call of Maria's in Los Angeles (id 910) and a meeting
/// of hers in Tokyo (id 911), at these zoned times.
fn with_call_and_meeting(call: (&str, &str), meeting: (&str, &str)) -> Project {
    let mut project = sample();
    for (id, (start, end)) in [(910, call), (911, meeting)] {
        let mut event = tokyo_meeting(id, "2023-03-16", "09:00", "10:00", &[MARIA.0]);
        event.start = zoned(start);
        event.end = zoned(end);
        event.port = None;
        event.location = String::new();
        project.events.push(event);
    }
    project
}

/// The overlap warnings validation gives about the events 910 and 911.
fn overlaps_between_call_and_meeting(project: &Project) -> usize {
    validate(project)
        .iter()
        .filter(|p| {
            p.message.contains("also booked into the overlapping")
                && matches!(p.subject, Some(EntityRef::Event(EventId(910 | 911))))
        })
        .count()
}

#[test]
fn before_the_change_los_angeles_is_17_hours_behind_tokyo() {
    // 10:00 in Los Angeles on Saturday 11 March (PST, UTC−8) is 03:00 on
    // Sunday in Tokyo: a meeting at 02:00–03:00 Tokyo time does not clash…
    let project = with_call_and_meeting(
        (
            "2023-03-11T10:00:00-08:00[America/Los_Angeles]",
            "2023-03-11T11:00:00-08:00[America/Los_Angeles]",
        ),
        (
            "2023-03-12T02:00:00+09:00[Asia/Tokyo]",
            "2023-03-12T03:00:00+09:00[Asia/Tokyo]",
        ),
    );
    assert_eq!(overlaps_between_call_and_meeting(&project), 0);
    // …and one at 03:00–04:00 does.
    let project = with_call_and_meeting(
        (
            "2023-03-11T10:00:00-08:00[America/Los_Angeles]",
            "2023-03-11T11:00:00-08:00[America/Los_Angeles]",
        ),
        (
            "2023-03-12T03:00:00+09:00[Asia/Tokyo]",
            "2023-03-12T04:00:00+09:00[Asia/Tokyo]",
        ),
    );
    assert_eq!(overlaps_between_call_and_meeting(&project), 1);
}

#[test]
fn after_the_change_los_angeles_is_16_hours_behind_tokyo() {
    // 10:00 in Los Angeles on Monday 13 March (PDT, UTC−7) is 02:00 on
    // Tuesday in Tokyo: now the 02:00–03:00 meeting clashes.
    let project = with_call_and_meeting(
        (
            "2023-03-13T10:00:00-07:00[America/Los_Angeles]",
            "2023-03-13T11:00:00-07:00[America/Los_Angeles]",
        ),
        (
            "2023-03-14T02:00:00+09:00[Asia/Tokyo]",
            "2023-03-14T03:00:00+09:00[Asia/Tokyo]",
        ),
    );
    assert_eq!(overlaps_between_call_and_meeting(&project), 1);
    // And the project file keeps the new offset for a wall-clock 10:00 of 13 March.
    let text = trade_mission_planner::io::to_ron_string(&project).unwrap();
    assert!(text.contains("2023-03-13T10:00:00-07:00[America/Los_Angeles]"));
    let loaded = trade_mission_planner::io::load_str(&text).unwrap();
    assert_eq!(loaded, project);
}

#[test]
fn an_event_spanning_the_change_has_its_real_duration() {
    // Midnight to 06:00 on Sunday 12 March in Los Angeles is five real hours
    // (clocks jump 02:00 → 03:00): a Tokyo meeting starting five hours and a
    // minute after midnight does not clash, one starting at five hours does…
    let call = (
        "2023-03-12T00:00:00-08:00[America/Los_Angeles]",
        "2023-03-12T06:00:00-07:00[America/Los_Angeles]",
    );
    // 00:00 PST is 17:00 in Tokyo; five hours later is 22:00.
    let project = with_call_and_meeting(
        call,
        (
            "2023-03-12T22:00:00+09:00[Asia/Tokyo]",
            "2023-03-12T23:00:00+09:00[Asia/Tokyo]",
        ),
    );
    assert_eq!(overlaps_between_call_and_meeting(&project), 0);
    let project = with_call_and_meeting(
        call,
        (
            "2023-03-12T21:59:00+09:00[Asia/Tokyo]",
            "2023-03-12T23:00:00+09:00[Asia/Tokyo]",
        ),
    );
    assert_eq!(overlaps_between_call_and_meeting(&project), 1);
    // …and a calendar program reads the same five hours (DTEND in local time).
    let ics =
        trade_mission_planner::io::ics::export_ics(&project, None, jiff::Timestamp::UNIX_EPOCH);
    assert!(ics.contains("DTSTART;TZID=America/Los_Angeles:20230312T000000"));
    assert!(ics.contains("DTEND;TZID=America/Los_Angeles:20230312T060000"));
}

/// The sample with two extra events for Maria (person 201) on Thursday 16 March.
fn with_pair(
    first: (&str, &str, Option<u64>, &str),
    second: (&str, &str, Option<u64>, &str),
) -> Project {
    let mut project = sample();
    for (id, (from, to, port, location)) in [(900, first), (901, second)] {
        let mut event = tokyo_meeting(id, "2023-03-16", from, to, &[MARIA.0]);
        event.port = port.map(PortId);
        event.location = location.to_owned();
        project.events.push(event);
    }
    project
}

fn travel_warnings(project: &Project) -> Vec<String> {
    validate(project)
        .into_iter()
        .filter(|p| p.message.contains("to get here"))
        .map(|p| {
            assert_eq!(p.severity, Severity::Warning);
            p.message
        })
        .collect()
}

#[test]
fn back_to_back_at_the_same_place_is_not_a_conflict() {
    let project = with_pair(
        ("17:00", "18:00", Some(2), "Tokyo"),
        ("18:00", "19:00", Some(2), "Tokyo"),
    );
    assert!(travel_warnings(&project).is_empty());
    let project = with_pair(
        ("17:00", "18:00", None, "Conference centre, Tokyo"),
        ("18:00", "19:00", None, "conference centre, tokyo "),
    );
    assert!(
        travel_warnings(&project).is_empty(),
        "same place, written differently"
    );
}

#[test]
fn too_little_time_between_ports_uses_the_pair_figure() {
    // Tokyo → Yokohama is 50 minutes in the sample's travel times.
    let project = with_pair(
        ("17:00", "18:00", Some(2), ""),
        ("18:45", "19:30", Some(3), ""),
    );
    let warnings = travel_warnings(&project);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("has 45 min after event \"Meeting 900\""),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("takes 50 min"), "{warnings:?}");
    let enough = with_pair(
        ("17:00", "18:00", Some(2), ""),
        ("18:50", "19:30", Some(3), ""),
    );
    assert!(travel_warnings(&enough).is_empty());
}

#[test]
fn different_places_without_ports_use_the_default() {
    let project = with_pair(
        ("17:00", "18:00", None, "Hotel"),
        ("18:30", "19:00", None, "Embassy"),
    );
    let warnings = travel_warnings(&project);
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("takes 60 min"));
}

#[test]
fn remote_attendance_needs_no_travel() {
    let mut project = with_pair(
        ("17:00", "18:00", Some(2), ""),
        ("18:10", "19:00", Some(3), ""),
    );
    let last = project.events.len() - 1;
    project.events[last].participants = vec![Participant {
        person: PersonId(201),
        remote: true,
    }];
    assert!(travel_warnings(&project).is_empty());
}

#[test]
fn an_event_changing_zone_must_be_travel() {
    let mut project = sample();
    let event = event_mut(&mut project, 511);
    event.end = zoned("2023-03-15T17:30:00-07:00[America/Los_Angeles]");
    let found: Vec<_> = validate(&project)
        .into_iter()
        .filter(|p| p.message.contains("only travel changes zone"))
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].subject, Some(EntityRef::Event(EventId(511))));
    event_mut(&mut project, 511).kind = EventKind::Travel;
    assert!(
        !validate(&project)
            .iter()
            .any(|p| p.message.contains("only travel changes zone"))
    );
}

#[test]
fn travel_times_follow_port_deletion_and_undo() {
    let original = sample();
    let mut doc = Document::new(original.clone());
    assert_eq!(doc.project().schedule.travel_times.len(), 1);
    doc.apply(Edit::Delete(EntityRef::Port(PortId(3)))).unwrap();
    assert!(doc.project().schedule.travel_times.is_empty());
    doc.undo().unwrap();
    assert_eq!(doc.project(), &original);
    let mut schedule = original.schedule.clone();
    schedule.travel_times.push(TravelTime {
        from: PortId(2),
        to: PortId(999),
        minutes: 5,
    });
    let before = doc.project().clone();
    assert_eq!(
        doc.apply(Edit::SetSchedule(schedule)),
        Err(trade_mission_planner::edit::EditError::DanglingReference {
            from: "the travel times".to_owned(),
            target: EntityRef::Port(PortId(999)),
        }),
        "no travel time to a missing port"
    );
    assert_eq!(doc.project(), &before, "a refused edit changes nothing");
    assert_eq!(
        doc.redo().unwrap().as_deref(),
        Some("Delete port \"Port of Yokohama\""),
        "nor touches the history: the undone delete can still be redone"
    );
}

#[test]
fn the_travel_index_reads_pairs_either_way_round() {
    let mut schedule = sample().schedule;
    // A second figure for the same pair (the table allows it): the first counts.
    schedule.travel_times.push(TravelTime {
        from: YOKOHAMA,
        to: TOKYO,
        minutes: 999,
    });
    let index = schedule.travel_index();
    assert_eq!(index.minutes(TOKYO, YOKOHAMA), 50);
    assert_eq!(index.minutes(YOKOHAMA, TOKYO), 50);
    assert_eq!(index.minutes(TOKYO, TOKYO), 0, "no travel within one port");
    assert_eq!(index.minutes(LA, TOKYO), 60, "the default");
}

/// Found by mutation testing: events without a port or a location cannot be
/// judged for travel, whatever comes before or after them.
#[test]
fn an_event_with_no_place_needs_no_travel_either_side() {
    for (first, second) in [("", "Hotel"), ("Hotel", ""), ("  ", "Embassy")] {
        let project = with_pair(
            ("17:00", "18:00", None, first),
            ("18:05", "19:00", None, second),
        );
        assert!(
            travel_warnings(&project).is_empty(),
            "{first:?} then {second:?}: {:?}",
            travel_warnings(&project)
        );
    }
}

/// Found by mutation testing: back to back at two places leaves no time to
/// travel (0 min), while an overlap is reported as a clash, not as travel.
#[test]
fn back_to_back_at_two_places_has_no_time_and_an_overlap_is_no_trip() {
    let project = with_pair(
        ("17:00", "18:00", Some(2), ""),
        ("18:00", "19:00", Some(3), ""),
    );
    let warnings = travel_warnings(&project);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("has 0 min after") && warnings[0].contains("takes 50 min"),
        "{warnings:?}"
    );
    let overlapping = with_pair(
        ("17:00", "18:30", Some(2), ""),
        ("18:00", "19:00", Some(3), ""),
    );
    assert!(
        travel_warnings(&overlapping).is_empty(),
        "{:?}",
        travel_warnings(&overlapping)
    );
    assert!(
        validate(&overlapping)
            .iter()
            .any(|p| p.message.contains("is also booked")),
        "the overlap is reported as such"
    );
}

/// Found by mutation testing: a time is equal to another only at the same
/// instant, in the same zone, at the same offset; it prints as jiff writes it.
#[test]
fn zoned_times_are_equal_only_in_the_same_zone_and_print_with_it() {
    let tokyo = zoned("2023-03-13T10:00:00+09:00[Asia/Tokyo]");
    assert_eq!(tokyo, zoned("2023-03-13T10:00:00+09:00[Asia/Tokyo]"));
    assert_ne!(tokyo, zoned("2023-03-13T11:00:00+09:00[Asia/Tokyo]"));
    let same_instant_in_seoul = zoned("2023-03-13T10:00:00+09:00[Asia/Seoul]");
    assert_eq!(
        tokyo.zoned().timestamp(),
        same_instant_in_seoul.zoned().timestamp()
    );
    assert_ne!(tokyo, same_instant_in_seoul, "another zone");
    // Two fixed offsets have no zone name: only the offset tells them apart.
    let plus_nine = zoned("2023-03-13T10:00:00+09:00[+09:00]");
    let plus_eight = zoned("2023-03-13T09:00:00+08:00[+08:00]");
    assert_eq!(plus_nine.zone_name(), plus_eight.zone_name());
    assert_ne!(plus_nine, plus_eight, "another offset");
    assert_eq!(tokyo.to_string(), "2023-03-13T10:00:00+09:00[Asia/Tokyo]");
}
