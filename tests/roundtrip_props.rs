//! Property tests: save → load gives an equal project and a second save is
//! byte-identical; no input makes the loader panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use jiff::civil::{Date, date};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use trade_mission_planner::io::project_file::{load_bytes, load_str, to_ron_string};
use trade_mission_planner::model::*;

fn text() -> impl Strategy<Value = String> {
    // Any characters, control characters and quotes included.
    vec(any::<char>(), 0..24).prop_map(String::from_iter)
}

fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        -200.0..200.0f64,
        any::<f64>().prop_filter("finite", |f| f.is_finite())
    ]
}

fn civil_date() -> impl Strategy<Value = Date> {
    (1900i16..2100, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| date(y, m, d))
}

fn zoned_time() -> impl Strategy<Value = ZonedTime> {
    const ZONES: [&str; 6] = [
        "Asia/Tokyo",
        "America/Los_Angeles",
        "UTC",
        "Europe/London",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
    ];
    (0i64..2_500_000_000, select(&ZONES[..])).prop_map(|(seconds, zone)| {
        let tz = TimeZone::get(zone).unwrap();
        ZonedTime(Zoned::new(Timestamp::from_second(seconds).unwrap(), tz))
    })
}

fn port() -> impl Strategy<Value = Port> {
    (
        (any::<u64>(), text(), text(), text(), text(), text()),
        (
            finite(),
            finite(),
            text(),
            proptest::option::of(any::<u64>()),
        ),
        (vec(text(), 0..3), text()),
    )
        .prop_map(
            |(
                (id, name, local_name, locode, country, city),
                (latitude, longitude, time_zone, authority),
                (facts, notes),
            )| Port {
                id: PortId(id),
                name,
                local_name,
                locode,
                country,
                city,
                latitude,
                longitude,
                time_zone,
                authority: authority.map(OrganisationId),
                facts,
                notes,
            },
        )
}

fn organisation() -> impl Strategy<Value = Organisation> {
    (
        any::<u64>(),
        text(),
        select(&OrganisationKind::ALL[..]),
        text(),
        text(),
        text(),
    )
        .prop_map(|(id, name, kind, country, website, notes)| Organisation {
            id: OrganisationId(id),
            name,
            kind,
            country,
            website,
            notes,
        })
}

fn person() -> impl Strategy<Value = Person> {
    (
        (
            any::<u64>(),
            text(),
            text(),
            proptest::option::of(any::<u64>()),
        ),
        (select(&MissionRole::ALL[..]), text(), text(), text()),
    )
        .prop_map(
            |((id, name, title, organisation), (role, email, phone, notes))| Person {
                id: PersonId(id),
                name,
                title,
                organisation: organisation.map(OrganisationId),
                role,
                email,
                phone,
                notes,
            },
        )
}

fn party() -> impl Strategy<Value = Party> {
    prop_oneof![
        any::<u64>().prop_map(|id| Party::Port(PortId(id))),
        any::<u64>().prop_map(|id| Party::Organisation(OrganisationId(id))),
    ]
}

fn area() -> impl Strategy<Value = CooperationArea> {
    prop_oneof![
        select(&CooperationArea::BUILT_IN[..]),
        text().prop_map(CooperationArea::Other),
    ]
}

fn agreement() -> impl Strategy<Value = Agreement> {
    let dates = (
        proptest::option::of(civil_date()),
        proptest::option::of(civil_date()),
        proptest::option::of(civil_date()),
        proptest::option::of(civil_date()),
    )
        .prop_map(|(proposed, signed, effective, expires)| AgreementDates {
            proposed,
            signed,
            effective,
            expires,
        });
    let revision = (any::<u32>(), text(), text(), 0i64..2_000_000_000, text()).prop_map(
        |(number, text, author, seconds, message)| Revision {
            number,
            text: text.into(),
            author,
            recorded_at: Timestamp::from_second(seconds).unwrap(),
            message,
        },
    );
    let milestone = (text(), proptest::option::of(civil_date()), any::<bool>())
        .prop_map(|(title, due, done)| Milestone { title, due, done });
    (
        (
            any::<u64>(),
            text(),
            select(&AgreementKind::ALL[..]),
            vec(party(), 0..4),
        ),
        (
            select(&AgreementStatus::ALL[..]),
            dates,
            vec(area(), 0..4),
            text(),
        ),
        (vec(revision, 0..3), vec(milestone, 0..3), text()),
    )
        .prop_map(
            |(
                (id, title, kind, parties),
                (status, dates, areas, draft),
                (revisions, milestones, notes),
            )| Agreement {
                id: AgreementId(id),
                title,
                kind,
                parties,
                status,
                dates,
                areas,
                draft,
                revisions,
                milestones,
                notes,
            },
        )
}

fn corridor() -> impl Strategy<Value = Corridor> {
    (
        (any::<u64>(), text(), vec(any::<u64>(), 0..4)),
        (
            proptest::option::of(any::<u64>()),
            select(&CorridorStage::ALL[..]),
        ),
        (text(), text(), text()),
    )
        .prop_map(
            |((id, name, ports), (agreement, stage), (fuels, targets, notes))| Corridor {
                id: CorridorId(id),
                name,
                ports: ports.into_iter().map(PortId).collect(),
                agreement: agreement.map(AgreementId),
                stage,
                fuels,
                targets,
                notes,
            },
        )
}

fn event() -> impl Strategy<Value = MissionEvent> {
    let participant = (any::<u64>(), any::<bool>()).prop_map(|(p, remote)| Participant {
        person: PersonId(p),
        remote,
    });
    (
        (any::<u64>(), text(), select(&EventKind::ALL[..])),
        (
            zoned_time(),
            zoned_time(),
            text(),
            proptest::option::of(any::<u64>()),
        ),
        (
            vec(participant, 0..3),
            vec(any::<u64>(), 0..3),
            text(),
            proptest::option::of(text()),
        ),
    )
        .prop_map(
            |(
                (id, title, kind),
                (start, end, location, port),
                (participants, agreements, notes, uid),
            )| {
                MissionEvent {
                    id: EventId(id),
                    title,
                    kind,
                    start,
                    end,
                    location,
                    port: port.map(PortId),
                    participants,
                    agreements: agreements.into_iter().map(AgreementId).collect(),
                    notes,
                    uid,
                }
            },
        )
}

fn project() -> impl Strategy<Value = Project> {
    let mission = (text(), text(), civil_date(), civil_date(), text(), text()).prop_map(
        |(title, description, first_day, last_day, host_zone, home_zone)| MissionInfo {
            title,
            description,
            first_day,
            last_day,
            host_zone,
            home_zone,
        },
    );
    let schedule = (
        any::<u32>(),
        vec((any::<u64>(), any::<u64>(), any::<u32>()), 0..3),
    )
        .prop_map(|(default_travel_minutes, pairs)| ScheduleSettings {
            default_travel_minutes,
            travel_times: pairs
                .into_iter()
                .map(|(from, to, minutes)| TravelTime {
                    from: PortId(from),
                    to: PortId(to),
                    minutes,
                })
                .collect(),
        });
    let clauses = vec((text(), text(), vec(text(), 0..3)), 0..3).prop_map(|items| {
        items
            .into_iter()
            .map(|(title, text, tags)| Clause { title, text, tags })
            .collect::<Vec<_>>()
    });
    (
        (mission, schedule, clauses),
        vec(port(), 0..3),
        vec(organisation(), 0..3),
        vec(person(), 0..3),
        vec(agreement(), 0..3),
        vec(corridor(), 0..3),
        vec(event(), 0..4),
    )
        .prop_map(
            |(
                (mission, schedule, clauses),
                ports,
                organisations,
                people,
                agreements,
                corridors,
                events,
            )| {
                Project {
                    mission,
                    schedule,
                    clauses,
                    ports,
                    organisations,
                    people,
                    agreements,
                    corridors,
                    events,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn save_then_load_is_equal_and_resave_is_identical(project in project()) {
        let saved = to_ron_string(&project).unwrap();
        let loaded = load_str(&saved).map_err(|e| TestCaseError::fail(format!("{}\n{saved}", e.with_position())))?;
        prop_assert_eq!(&loaded, &project);
        prop_assert_eq!(to_ron_string(&loaded).unwrap(), saved);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in vec(any::<u8>(), 0..4096)) {
        let _ = load_bytes(&bytes);
    }

    #[test]
    fn mutated_sample_never_panics(
        cut in 0usize..30_000,
        flips in vec((0usize..30_000, any::<u8>()), 0..8),
        insert in vec(any::<u8>(), 0..16),
    ) {
        let mut bytes = trade_mission_planner::sample::SAMPLE_RON.as_bytes().to_vec();
        for (at, byte) in flips {
            let len = bytes.len();
            bytes[at % len] = byte;
        }
        let at = cut % bytes.len();
        bytes.splice(at..at, insert);
        let _ = load_bytes(&bytes);
        bytes.truncate(cut % bytes.len());
        let _ = load_bytes(&bytes);
    }
}
