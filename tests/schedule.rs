//! Time arithmetic across the 12 March 2023 daylight-saving change, and the
//! schedule's conflict rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Zoned};
use trade_mission_planner::document::Document;
use trade_mission_planner::edit::Edit;
use trade_mission_planner::model::{
    EntityRef, EventId, EventKind, Participant, PersonId, PortId, Project, Severity, TravelTime,
    validate,
};

fn in_zone(time: &str, zone: &str) -> Zoned {
    time.parse::<Zoned>()
        .unwrap()
        .with_time_zone(TimeZone::get(zone).unwrap())
}

#[test]
fn before_the_change_los_angeles_is_17_hours_behind_tokyo() {
    // 10:00 in Los Angeles on Saturday 11 March (PST, UTC−8) is 03:00 on Sunday in Tokyo.
    let tokyo = in_zone(
        "2023-03-11T10:00:00-08:00[America/Los_Angeles]",
        "Asia/Tokyo",
    );
    assert_eq!(tokyo.to_string(), "2023-03-12T03:00:00+09:00[Asia/Tokyo]");
}

#[test]
fn after_the_change_los_angeles_is_16_hours_behind_tokyo() {
    // 10:00 in Los Angeles on Monday 13 March (PDT, UTC−7) is 02:00 on Tuesday in Tokyo.
    let start: Zoned = "2023-03-13T10:00:00-07:00[America/Los_Angeles]"
        .parse()
        .unwrap();
    let tokyo = in_zone(
        "2023-03-13T10:00:00-07:00[America/Los_Angeles]",
        "Asia/Tokyo",
    );
    assert_eq!(tokyo.to_string(), "2023-03-14T02:00:00+09:00[Asia/Tokyo]");
    // And a wall-clock 10:00 entered for 13 March gets the new offset by itself.
    let entered = jiff::civil::date(2023, 3, 13)
        .at(10, 0, 0, 0)
        .to_zoned(TimeZone::get("America/Los_Angeles").unwrap())
        .unwrap();
    assert_eq!(entered, start);
}

#[test]
fn an_event_spanning_the_change_has_its_real_duration() {
    // Midnight to 06:00 on Sunday 12 March in Los Angeles: clocks jump 02:00 → 03:00.
    let zone = TimeZone::get("America/Los_Angeles").unwrap();
    let start = jiff::civil::date(2023, 3, 12)
        .at(0, 0, 0, 0)
        .to_zoned(zone.clone())
        .unwrap();
    let end = jiff::civil::date(2023, 3, 12)
        .at(6, 0, 0, 0)
        .to_zoned(zone)
        .unwrap();
    assert_eq!(
        end.timestamp().duration_since(start.timestamp()),
        SignedDuration::from_hours(5)
    );
    // The same six wall-clock hours in Tokyo are six real hours.
    let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
    let start = jiff::civil::date(2023, 3, 12)
        .at(0, 0, 0, 0)
        .to_zoned(tokyo.clone())
        .unwrap();
    let end = jiff::civil::date(2023, 3, 12)
        .at(6, 0, 0, 0)
        .to_zoned(tokyo)
        .unwrap();
    assert_eq!(
        end.timestamp().duration_since(start.timestamp()),
        SignedDuration::from_hours(6)
    );
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
    assert!(
        doc.apply(Edit::SetSchedule(schedule)).is_err(),
        "no travel time to a missing port"
    );
}
