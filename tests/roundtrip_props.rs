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
        (
            select(&MissionRole::ALL[..]),
            text(),
            text(),
            text(),
            text(),
        ),
    )
        .prop_map(
            |((id, name, title, organisation), (role, email, phone, notes, local_name))| Person {
                id: PersonId(id),
                name,
                local_name,
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
            proptest::option::of(zoned_time()),
        ),
    )
        .prop_map(
            |(
                (id, title, kind),
                (start, end, location, port),
                (participants, agreements, notes, uid, recurrence_id),
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
                    recurrence_id,
                }
            },
        )
}

fn conflict() -> impl Strategy<Value = MergeConflict> {
    (
        proptest::option::of(any::<u64>().prop_map(|id| EntityRef::Event(EventId(id)))),
        text(),
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(text()),
    )
        .prop_map(|(subject, field, base, ours, theirs)| MergeConflict {
            subject,
            field,
            base,
            ours,
            theirs,
        })
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
        vec(conflict(), 0..2),
        vec("[0-9a-f]{64}", 0..3),
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
                conflicts,
                ancestors,
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
                    conflicts,
                    ancestors,
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

    /// A version's hash is of its text without ancestors; putting them in
    /// and taking them out again is exact, and gives what writing the
    /// project with them gives.
    #[test]
    fn ancestors_go_in_and_out_of_the_text_exactly(project in project()) {
        use trade_mission_planner::io::lineage::{
            file_version_hash, version_hash, with_ancestors, without_ancestors,
        };
        let saved = to_ron_string(&project).unwrap();
        let bare = to_ron_string(&Project { ancestors: Vec::new(), ..project.clone() }).unwrap();
        prop_assert_eq!(without_ancestors(&saved), bare.as_str());
        prop_assert_eq!(file_version_hash(&saved), version_hash(&bare));
        prop_assert_eq!(without_ancestors(&bare), bare.as_str());
        prop_assert_eq!(with_ancestors(&bare, &project.ancestors), saved);
    }

    /// Random bytes fail at the first byte; a valid start followed by random
    /// RON-ish bytes reaches every part of the parser and the model.
    #[test]
    fn a_valid_start_with_any_tail_never_panics(
        cut in 0usize..30_000,
        tail in vec(
            prop_oneof![
                any::<u8>(),
                select(&b"()[]{},:\"' \n0123456789-.eE#rSomeNone_"[..]),
            ],
            0..512,
        ),
    ) {
        let sample = trade_mission_planner::sample::SAMPLE_RON.as_bytes();
        let mut bytes = sample[..cut % sample.len()].to_vec();
        bytes.extend(tail);
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

// ------------------------------------------- edits and imports, then save

/// One thing a delegate may do to a project.
#[derive(Clone, Debug)]
enum Op {
    Add(Box<AnyEntity>),
    /// Delete the entity at this position (modulo) of this kind.
    Delete(usize, usize),
    /// Rename the entity at this position of this kind.
    Rename(usize, usize, String),
    /// Make a person (by position) a participant of an event (by position).
    Join(usize, usize),
    SetDraft(usize, String),
    /// Import a calendar of these (title, start, minutes, uid) events.
    Import(Vec<(String, i64, i64, Option<String>)>),
}

/// `entity` without references to anything, so that adding it is accepted.
fn unlinked(entity: AnyEntity) -> AnyEntity {
    trade_mission_planner::with_any_entity!(entity, |e| {
        let mut e = e;
        let mut targets = Vec::new();
        e.for_each_reference(&mut |r| targets.push(r));
        for target in targets {
            e.remove_reference(target);
        }
        e.into_any()
    })
}

fn op() -> impl Strategy<Value = Op> {
    let entity = prop_oneof![
        port().prop_map(AnyEntity::Port),
        organisation().prop_map(AnyEntity::Organisation),
        person().prop_map(AnyEntity::Person),
        agreement().prop_map(AnyEntity::Agreement),
        corridor().prop_map(AnyEntity::Corridor),
        event().prop_map(AnyEntity::Event),
    ];
    let calendar_event = (
        text(),
        1_600_000_000i64..1_800_000_000,
        -120i64..600,
        proptest::option::of(select(
            &["a@x", "b@x", "event-501@trade-mission-planner"][..],
        )),
    )
        .prop_map(|(title, start, minutes, uid)| (title, start, minutes, uid.map(str::to_owned)));
    prop_oneof![
        3 => entity.prop_map(|e| Op::Add(Box::new(unlinked(e)))),
        2 => (0usize..6, any::<usize>()).prop_map(|(k, i)| Op::Delete(k, i)),
        2 => (0usize..6, any::<usize>(), text()).prop_map(|(k, i, t)| Op::Rename(k, i, t)),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(p, e)| Op::Join(p, e)),
        1 => (any::<usize>(), text()).prop_map(|(a, t)| Op::SetDraft(a, t)),
        1 => vec(calendar_event, 0..4).prop_map(Op::Import),
    ]
}

/// A calendar with these events, written by hand (titles raw, as a foreign
/// program might write them, control characters and all).
fn calendar_of(events: &[(String, i64, i64, Option<String>)]) -> String {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    for (title, start, minutes, uid) in events {
        let at = |seconds: i64| {
            Timestamp::from_second(seconds)
                .unwrap()
                .strftime("%Y%m%dT%H%M%SZ")
                .to_string()
        };
        text.push_str("BEGIN:VEVENT\r\n");
        if let Some(uid) = uid {
            text.push_str(&format!("UID:{uid}\r\n"));
        }
        text.push_str(&format!(
            "SUMMARY:{title}\r\nDTSTART:{}\r\nDTEND:{}\r\nEND:VEVENT\r\n",
            at(*start),
            at(start + minutes * 60)
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    text
}

fn kind_at(k: usize) -> EntityKind {
    EntityKind::ALL[k % EntityKind::ALL.len()]
}

/// The edit `op` stands for in `project`, if it names something there.
fn edit_for(project: &Project, op: &Op) -> Option<trade_mission_planner::edit::Edit> {
    use trade_mission_planner::edit::Edit;
    use trade_mission_planner::model::entity::Entity;
    fn nth<T: Entity>(project: &Project, i: usize) -> Option<&T> {
        let list = T::list(project);
        (!list.is_empty()).then(|| &list[i % list.len()])
    }
    Some(match op {
        Op::Add(entity) => Edit::Add {
            entity: (**entity).clone(),
            index: None,
        },
        Op::Delete(k, i) => trade_mission_planner::with_entity_kind!(kind_at(*k), |T| {
            Edit::Delete(nth::<T>(project, *i)?.entity_ref())
        }),
        Op::Rename(k, i, name) => {
            let target = trade_mission_planner::with_entity_kind!(kind_at(*k), |T| {
                nth::<T>(project, *i)?.clone().into_any()
            });
            let renamed = match target {
                AnyEntity::Port(mut p) => {
                    p.name = name.clone();
                    AnyEntity::Port(p)
                }
                AnyEntity::Event(mut e) => {
                    e.title = name.clone();
                    AnyEntity::Event(e)
                }
                AnyEntity::Agreement(mut a) => {
                    a.title = name.clone();
                    AnyEntity::Agreement(a)
                }
                AnyEntity::Person(mut p) => {
                    p.email = name.clone();
                    AnyEntity::Person(p)
                }
                other => other,
            };
            Edit::Update(renamed)
        }
        Op::Join(p, e) => {
            let person = nth::<Person>(project, *p)?.id;
            let mut event = nth::<MissionEvent>(project, *e)?.clone();
            event.participants.push(Participant {
                person,
                remote: false,
            });
            Edit::Update(AnyEntity::Event(event))
        }
        Op::SetDraft(a, text) => Edit::SetDraft {
            agreement: nth::<Agreement>(project, *a)?.id,
            text: text.clone(),
        },
        Op::Import(events) => {
            let (edits, _) =
                trade_mission_planner::io::ics::import_ics(project, calendar_of(events)).ok()?;
            Edit::Batch {
                label: "Import calendar".into(),
                edits,
            }
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Whatever sequence of edits and imports the app accepts, the project
    /// saves, and what is saved loads (`check` never says "cannot read")
    /// as the same project.
    #[test]
    fn after_any_accepted_edits_save_then_load_succeeds(ops in vec(op(), 1..24)) {
        use trade_mission_planner::io::project_file::encode_for_saving;
        let mut project = common::sample();
        for op in &ops {
            let Some(edit) = edit_for(&project, op) else { continue };
            if trade_mission_planner::edit::apply(&mut project, edit).is_err() {
                continue;
            }
            let saved = encode_for_saving(&project)
                .map_err(|e| TestCaseError::fail(format!("accepted but not saved: {e}")))?;
            let loaded = load_str(&saved)
                .map_err(|e| TestCaseError::fail(format!("saved but refused: {}", e.with_position())))?;
            prop_assert_eq!(&loaded, &project);
        }
    }

    /// A long batch (which indexes positions and referrers once) does what
    /// the same edits do one by one, and its undo restores the project.
    #[test]
    fn a_long_batch_equals_its_edits_one_by_one(ops in vec(op(), 40..90)) {
        use trade_mission_planner::edit::{Edit, apply};
        let original = common::sample();
        let mut one_by_one = original.clone();
        let mut accepted = Vec::new();
        for op in ops.iter().filter(|op| !matches!(op, Op::Import(_))) {
            let Some(edit) = edit_for(&one_by_one, op) else { continue };
            if apply(&mut one_by_one, edit.clone()).is_ok() {
                accepted.push(edit);
            }
        }
        let mut batched = original.clone();
        let applied = apply(&mut batched, Edit::Batch { label: "All".into(), edits: accepted })
            .map_err(|e| TestCaseError::fail(format!("the batch was refused: {e}")))?;
        prop_assert_eq!(&batched, &one_by_one);
        apply(&mut batched, applied.inverse).unwrap();
        prop_assert_eq!(&batched, &original);
    }
}
