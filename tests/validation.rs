//! Every validation rule: a case that triggers it and one that does not.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use jiff::civil::date;
use trade_mission_planner::model::{
    EntityRef, EventId, Party, PortId, Problem, Project, Severity, validate,
};

fn problems_matching(project: &Project, needle: &str) -> Vec<Problem> {
    validate(project)
        .into_iter()
        .filter(|p| p.message.contains(needle))
        .collect()
}

/// Asserts exactly one problem mentions `needle`, with this severity and subject.
fn assert_one(project: &Project, needle: &str, severity: Severity, subject: Option<EntityRef>) {
    let found = problems_matching(project, needle);
    assert_eq!(
        found.len(),
        1,
        "expected one problem with {needle:?}, got {found:#?}"
    );
    assert_eq!(found[0].severity, severity, "{found:#?}");
    assert_eq!(found[0].subject, subject, "{found:#?}");
}

fn assert_none(project: &Project, needle: &str) {
    let found = problems_matching(project, needle);
    assert!(
        found.is_empty(),
        "unexpected problem(s) with {needle:?}: {found:#?}"
    );
}

#[test]
fn sample_has_no_errors_and_only_the_documented_warning() {
    let problems = validate(&sample());
    assert!(
        problems.iter().all(|p| p.severity == Severity::Warning),
        "{problems:#?}"
    );
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].message.contains("no signing date"));
}

#[test]
fn duplicate_ids() {
    let mut project = sample();
    assert_none(&project, "used by more than one");
    let mut copy = project.ports[1].clone();
    copy.name = "Copy of Tokyo".into();
    project.ports.push(copy);
    assert_one(
        &project,
        "used by more than one port",
        Severity::Error,
        Some(EntityRef::Port(TOKYO)),
    );
    // The same number on entities of different kinds is not a duplicate.
    project.ports.pop();
    project.ports[0].id = PortId(201); // also a person's id
    for port_ref in project
        .agreements
        .iter_mut()
        .flat_map(|a| a.parties.iter_mut())
    {
        if *port_ref == Party::Port(LA) {
            *port_ref = Party::Port(PortId(201));
        }
    }
    for corridor in &mut project.corridors {
        for port in &mut corridor.ports {
            if *port == LA {
                *port = PortId(201);
            }
        }
    }
    assert_none(&project, "used by more than one");
    assert_none(&project, "not in the project");
}

#[test]
fn dangling_references() {
    let mut project = sample();
    assert_none(&project, "not in the project");
    event_mut(&mut project, 505).port = Some(PortId(999));
    assert_one(
        &project,
        "refers to port #999, which is not in the project",
        Severity::Error,
        Some(EntityRef::Event(EventId(505))),
    );
}

#[test]
fn event_ending_before_it_starts() {
    let mut project = sample();
    let event = event_mut(&mut project, 504);
    event.end = event.start.clone();
    assert_none(&project, "ends");
    let event = event_mut(&mut project, 504);
    event.end = zoned("2023-03-13T09:29:00+09:00[Asia/Tokyo]");
    assert_one(
        &project,
        "before it starts",
        Severity::Error,
        Some(EntityRef::Event(EventId(504))),
    );
}

#[test]
fn agreement_needs_two_distinct_parties() {
    let mut project = sample();
    assert_none(&project, "two or more parties");
    project.agreements[0].parties = vec![Party::Port(LA), Party::Port(LA)];
    assert_one(
        &project,
        "two or more parties; this one has 1",
        Severity::Error,
        Some(EntityRef::Agreement(MOU_TOKYO)),
    );
    assert_one(
        &project,
        "listed more than once",
        Severity::Warning,
        Some(EntityRef::Agreement(MOU_TOKYO)),
    );
}

#[test]
fn agreement_dates_out_of_order() {
    let mut project = sample();
    project.agreements[0].dates.expires = Some(date(2023, 3, 13)); // same day as signing: fine
    assert_none(&project, "before the");
    project.agreements[0].dates.expires = Some(date(2023, 3, 12));
    let found = problems_matching(&project, "the expires date (2023-03-12) is before the");
    assert_eq!(found.len(), 2, "{found:#?}"); // before signed and before effective
    assert!(found.iter().all(|p| p.severity == Severity::Error));
    project.agreements[0].dates.expires = None;
    project.agreements[0].dates.proposed = Some(date(2023, 3, 14));
    assert_one(
        &project,
        "the signed date (2023-03-13) is before the proposed date",
        Severity::Warning,
        Some(EntityRef::Agreement(MOU_TOKYO)),
    );
}

#[test]
fn signed_status_and_signing_date_agree() {
    let mut project = sample();
    project.agreements[0].dates.signed = None;
    project.agreements[0].dates.effective = None;
    let found = problems_matching(&project, "no signing date is set");
    assert_eq!(
        found.len(),
        2,
        "sample's Singapore plus this one: {found:#?}"
    );
    let mut project = sample();
    project.agreements[2].dates.signed = Some(date(2023, 3, 20)); // status Idea
    assert_one(
        &project,
        "the status is still \"Idea\"",
        Severity::Warning,
        Some(EntityRef::Agreement(project.agreements[2].id)),
    );
}

#[test]
fn invalid_locode_and_country() {
    let mut project = sample();
    project.ports[1].locode = "JP999".into(); // digits 2–9 are allowed
    assert_none(&project, "UN/LOCODE");
    for (bad, why) in [
        ("JPTY", "has 5 characters"),
        ("jptyo", "country code in capital letters"),
        ("JPTY0", "digits 2–9"),
        ("JPTY1", "digits 2–9"),
    ] {
        project.ports[1].locode = bad.into();
        assert_one(&project, why, Severity::Error, Some(EntityRef::Port(TOKYO)));
    }
    project.ports[1].locode = "USTYO".into();
    assert_one(
        &project,
        "does not begin with the port's country code JP",
        Severity::Warning,
        Some(EntityRef::Port(TOKYO)),
    );
    project.ports[1].locode = "JPTYO".into();
    project.ports[1].country = "Japan".into();
    assert_one(
        &project,
        "two-letter ISO 3166",
        Severity::Error,
        Some(EntityRef::Port(TOKYO)),
    );
}

#[test]
fn coordinates_out_of_range() {
    let mut project = sample();
    project.ports[0].latitude = 90.0;
    project.ports[0].longitude = -180.0;
    assert_none(&project, "degrees");
    project.ports[0].latitude = 90.5;
    assert_one(
        &project,
        "latitude 90.5",
        Severity::Error,
        Some(EntityRef::Port(LA)),
    );
    project.ports[0].latitude = 0.0;
    project.ports[0].longitude = 181.0;
    assert_one(
        &project,
        "longitude 181",
        Severity::Error,
        Some(EntityRef::Port(LA)),
    );
    project.ports[0].longitude = f64::NAN;
    assert_one(
        &project,
        "longitude NaN",
        Severity::Error,
        Some(EntityRef::Port(LA)),
    );
}

#[test]
fn unknown_time_zones() {
    let mut project = sample();
    project.ports[0].time_zone = "Mars/Olympus_Mons".into();
    assert_one(
        &project,
        "\"Mars/Olympus_Mons\" is not an IANA",
        Severity::Error,
        Some(EntityRef::Port(LA)),
    );
    project.mission.home_zone = "PST".into();
    assert_one(&project, "home time zone \"PST\"", Severity::Error, None);
}

#[test]
fn mission_window() {
    let mut project = sample();
    project.mission.last_day = project.mission.first_day;
    let outside = problems_matching(&project, "outside the mission window");
    assert_eq!(outside.len(), 12, "all but the two events of the first day");
    assert!(outside.iter().all(|p| p.severity == Severity::Warning));
    project.mission.last_day = date(2023, 3, 10);
    assert_one(
        &project,
        "ends (2023-03-10) before it begins",
        Severity::Error,
        None,
    );
}

#[test]
fn event_outside_mission_window_is_judged_in_the_host_zone() {
    let mut project = sample();
    // 08:00 on 17 March in Tokyo is still 16 March in Los Angeles: inside the window.
    project
        .events
        .push(tokyo_meeting(900, "2023-03-17", "08:00", "08:30", &[]));
    assert_none(&project, "outside the mission window");
    // 18 March in Tokyo is outside, although it is still 17 March in Los Angeles.
    project
        .events
        .push(tokyo_meeting(901, "2023-03-18", "08:00", "08:30", &[]));
    assert_one(
        &project,
        "outside the mission window",
        Severity::Warning,
        Some(EntityRef::Event(EventId(901))),
    );
}

#[test]
fn person_in_overlapping_events() {
    let mut project = sample();
    // Back to back is not a clash: the briefing ends at 11:30.
    project.events.push(tokyo_meeting(
        900,
        "2023-03-12",
        "11:30",
        "12:00",
        &[MARIA.0],
    ));
    assert_none(&project, "also booked");
    project.events.push(tokyo_meeting(
        901,
        "2023-03-12",
        "11:00",
        "11:45",
        &[MARIA.0],
    ));
    // 11:00–11:45 overlaps both the briefing (10:00–11:30) and event 900 (11:30–12:00).
    let found = problems_matching(&project, "\"Maria Alvarez\" is also booked");
    let subjects: Vec<_> = found.iter().map(|p| p.subject).collect();
    assert_eq!(
        subjects,
        [
            Some(EntityRef::Event(EventId(901))),
            Some(EntityRef::Event(EventId(900)))
        ],
        "{found:#?}"
    );
    assert!(found.iter().all(|p| p.severity == Severity::Warning));
    assert!(
        found[0].message.contains("\"Delegation briefing"),
        "{found:#?}"
    );
    // Somebody else in the same slot does not clash with Maria.
    let mut project = sample();
    project
        .events
        .push(tokyo_meeting(902, "2023-03-12", "10:30", "11:00", &[206]));
    assert_none(&project, "also booked");
}

#[test]
fn corridor_needs_two_ports() {
    let mut project = sample();
    assert_none(&project, "route between two or more ports");
    project.corridors[0].ports.truncate(1);
    assert_one(
        &project,
        "route between two or more ports; this one has 1",
        Severity::Error,
        Some(EntityRef::Corridor(project.corridors[0].id)),
    );
}

#[test]
fn email_addresses() {
    let mut project = sample();
    assert_none(&project, "e-mail");
    project.people[0].email = "maria at example".into();
    assert_one(
        &project,
        "does not look like an e-mail",
        Severity::Warning,
        Some(EntityRef::Person(MARIA)),
    );
}

#[test]
fn problems_display_as_check_prints_them() {
    let mut project = sample();
    project.ports[1].latitude = 100.0;
    let problem = problems_matching(&project, "latitude").remove(0);
    assert_eq!(
        problem.to_string(),
        "error: port \"Port of Tokyo\": latitude 100 is outside −90..90 degrees"
    );
}

#[test]
fn overdue_milestones_are_warnings_on_the_day_after_they_were_due() {
    use trade_mission_planner::model::validate_at;
    let project = sample();
    let overdue = |today| {
        validate_at(&project, Some(today))
            .into_iter()
            .filter(|p| p.message.contains("is not done"))
            .count()
    };
    assert_eq!(
        overdue(date(2023, 9, 30)),
        0,
        "due that day is not yet overdue"
    );
    assert_eq!(
        overdue(date(2023, 10, 1)),
        1,
        "the corridor scope milestone"
    );
    assert_eq!(overdue(date(2024, 3, 15)), 5);
    assert_eq!(validate(&project).len(), 1, "check ignores the date");
    let mut done = project.clone();
    for milestone in done
        .agreements
        .iter_mut()
        .flat_map(|a| a.milestones.iter_mut())
    {
        milestone.done = true;
    }
    assert!(
        validate_at(&done, Some(date(2030, 1, 1)))
            .iter()
            .all(|p| !p.message.contains("is not done"))
    );
}

/// Found by mutation testing: a mission of one day is no error.
#[test]
fn a_one_day_mission_is_not_reported() {
    let mut project = sample();
    project.mission.last_day = project.mission.first_day;
    assert_none(&project, "before it begins");
    project.mission.last_day = project.mission.first_day.yesterday().unwrap();
    assert_one(&project, "before it begins", Severity::Error, None);
}

/// Found by mutation testing: each part of an e-mail address is needed.
#[test]
fn an_email_address_needs_a_name_a_dotted_domain_and_no_spaces() {
    use trade_mission_planner::model::looks_like_email;
    assert!(looks_like_email("maria@port.example"));
    for not_one in [
        "@port.example",
        "maria@port",
        "maria @port.example",
        "maria",
    ] {
        assert!(!looks_like_email(not_one), "{not_one}");
    }
}

/// Found by mutation testing: only an error makes a project erroneous.
#[test]
fn only_an_error_counts_as_an_error() {
    use trade_mission_planner::model::has_errors;
    let warnings_only = validate(&sample());
    assert!(!warnings_only.is_empty());
    assert!(!has_errors(&warnings_only));
    assert!(!has_errors(&[]));
    let mut project = sample();
    project.mission.last_day = project.mission.first_day.yesterday().unwrap();
    assert!(has_errors(&validate(&project)));
}

/// Found by mutation testing: a clash names the overlapping event that
/// reaches furthest, the first of two that end together.
#[test]
fn a_clash_names_the_first_of_two_events_ending_together() {
    let mut project = sample();
    for (id, from, to) in [
        (900, "14:00", "16:00"),
        (901, "15:00", "16:00"),
        (902, "15:30", "17:00"),
    ] {
        project
            .events
            .push(tokyo_meeting(id, "2023-03-16", from, to, &[MARIA.0]));
    }
    let found = problems_matching(&project, "\"Maria Alvarez\" is also booked");
    let last = found
        .iter()
        .find(|p| p.subject == Some(EntityRef::Event(EventId(902))))
        .expect("902 clashes");
    assert!(last.message.contains("\"Meeting 900\""), "{last:#?}");
}

/// Found by mutation testing: a merge conflict's values are shown whole up to
/// 60 characters and cut with … beyond.
#[test]
fn a_merge_conflict_shows_long_values_cut() {
    use trade_mission_planner::model::MergeConflict;
    let mut project = sample();
    let long = "x".repeat(61);
    project.conflicts.push(MergeConflict {
        subject: None,
        field: "name".to_owned(),
        base: None,
        ours: Some("short".to_owned()),
        theirs: Some(long),
    });
    let found = problems_matching(&project, "unresolved merge conflict in name");
    assert_eq!(found.len(), 1, "{found:#?}");
    let expected = format!("ours short / theirs {}…", "x".repeat(60));
    assert!(found[0].message.ends_with(&expected), "{found:#?}");
    assert_eq!(found[0].severity, Severity::Error);
}
