//! Edits, undo/redo and the unsaved-changes flag, without any UI.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use trade_mission_planner::document::Document;
use trade_mission_planner::edit::{Edit, EditError, apply};
use trade_mission_planner::model::{
    AnyEntity, EntityRef, EventId, OrganisationId, Party, Person, PersonId, Port, PortId, Revision,
};

fn rename_port(doc: &Document, index: usize, name: &str) -> Edit {
    let mut port = doc.project().ports[index].clone();
    port.name = name.to_owned();
    Edit::Update(AnyEntity::Port(port))
}

#[test]
fn update_then_undo_restores_exactly_and_clears_dirty() {
    let original = sample();
    let mut doc = Document::new(original.clone());
    assert!(!doc.is_dirty());
    doc.apply(rename_port(&doc, 1, "Tokyo Port")).unwrap();
    assert_eq!(doc.project().ports[1].name, "Tokyo Port");
    assert!(doc.is_dirty());
    assert_eq!(
        doc.history().undo_label(),
        Some("Edit port \"Tokyo Port\": name")
    );
    doc.undo().unwrap();
    assert_eq!(doc.project(), &original);
    assert!(!doc.is_dirty());
    doc.redo().unwrap();
    assert_eq!(doc.project().ports[1].name, "Tokyo Port");
    assert!(doc.is_dirty());
}

#[test]
fn every_kind_of_edit_undoes_exactly() {
    let original = sample();
    let mut doc = Document::new(original.clone());
    let mut mission = original.mission.clone();
    mission.title = "Changed".into();
    let revision = Revision {
        number: 3,
        text: "new text".into(),
        author: "Test".into(),
        recorded_at: "2023-03-12T00:00:00Z".parse().unwrap(),
        message: "test".into(),
    };
    let edits = vec![
        Edit::SetMission(mission),
        Edit::Add {
            entity: AnyEntity::Person(Person::new("New person")),
            index: None,
        },
        Edit::Add {
            entity: AnyEntity::Port(Port::new("First port")),
            index: Some(0),
        },
        rename_port(&doc, 2, "Yokohama"),
        Edit::Delete(EntityRef::Port(TOKYO)),
        Edit::Delete(EntityRef::Person(MARIA)),
        Edit::Delete(EntityRef::Organisation(OrganisationId(101))),
        Edit::SetDraft {
            agreement: MOU_TOKYO,
            text: "short".into(),
        },
        Edit::RecordRevision {
            agreement: MOU_TOKYO,
            revision,
        },
    ];
    let count = edits.len();
    let mut states = vec![doc.project().clone()];
    for edit in edits {
        doc.apply(edit).unwrap();
        states.push(doc.project().clone());
    }
    assert_eq!(doc.history().undo_len(), count);
    for expected in states.iter().rev().skip(1) {
        doc.undo().unwrap();
        assert_eq!(doc.project(), expected);
    }
    assert_eq!(doc.project(), &original);
    assert!(!doc.is_dirty());
    for expected in states.iter().skip(1) {
        doc.redo().unwrap();
        assert_eq!(doc.project(), expected);
    }
    assert!(doc.undo().unwrap().is_some());
}

#[test]
fn delete_removes_references_and_undo_puts_them_back() {
    let original = sample();
    let mut doc = Document::new(original.clone());
    doc.apply(Edit::Delete(EntityRef::Port(TOKYO))).unwrap();
    let project = doc.project();
    assert!(project.ports.iter().all(|p| p.id != TOKYO));
    assert!(
        project
            .agreements
            .iter()
            .all(|a| !a.parties.contains(&Party::Port(TOKYO)))
    );
    assert!(project.corridors.iter().all(|c| !c.ports.contains(&TOKYO)));
    assert!(project.events.iter().all(|e| e.port != Some(TOKYO)));
    doc.undo().unwrap();
    assert_eq!(doc.project(), &original);
}

#[test]
fn refused_edits_leave_the_project_unchanged() {
    let original = sample();
    let mut project = original.clone();
    let mut duplicate = Port::new("Duplicate");
    duplicate.id = TOKYO;
    let cases = vec![
        (
            Edit::Add {
                entity: AnyEntity::Port(duplicate),
                index: None,
            },
            EditError::DuplicateId(EntityRef::Port(TOKYO)),
        ),
        (
            Edit::Delete(EntityRef::Event(EventId(42))),
            EditError::NotFound(EntityRef::Event(EventId(42))),
        ),
        (
            {
                let mut person = original.people[0].clone();
                person.organisation = Some(OrganisationId(777));
                Edit::Update(AnyEntity::Person(person))
            },
            EditError::DanglingReference {
                from: "person \"Maria Alvarez\"".into(),
                target: EntityRef::Organisation(OrganisationId(777)),
            },
        ),
        (
            {
                let mut ghost = original.people[0].clone();
                ghost.id = PersonId(4242);
                Edit::Update(AnyEntity::Person(ghost))
            },
            EditError::NotFound(EntityRef::Person(PersonId(4242))),
        ),
        (
            // A batch whose second edit fails rolls back its first.
            Edit::Batch {
                label: "two".into(),
                edits: vec![
                    Edit::Delete(EntityRef::Port(LA)),
                    Edit::Delete(EntityRef::Port(PortId(999))),
                ],
            },
            EditError::NotFound(EntityRef::Port(PortId(999))),
        ),
    ];
    for (edit, expected) in cases {
        assert_eq!(apply(&mut project, edit), Err(expected));
        assert_eq!(project, original);
    }
}

#[test]
fn editing_an_entity_that_already_has_a_dangling_reference_is_allowed() {
    // Files can hold dangling references; they must stay editable (validation reports them).
    let mut project = sample();
    project.events[3].port = Some(PortId(999));
    let mut doc = Document::new(project);
    let mut event = doc.project().events[3].clone();
    event.title = "Renamed".into();
    doc.apply(Edit::Update(AnyEntity::Event(event))).unwrap();
    assert_eq!(doc.project().events[3].title, "Renamed");
}

#[test]
fn typing_coalesces_into_one_undo_step() {
    let original = sample();
    let mut doc = Document::new(original.clone());
    let key = Some("port#2/name".to_owned());
    for name in ["P", "Po", "Por", "Port"] {
        let edit = rename_port(&doc, 1, name);
        doc.apply_coalescing(edit, key.clone()).unwrap();
    }
    assert_eq!(doc.history().undo_len(), 1);
    // Named by what was typed, not by its first letter.
    assert_eq!(doc.history().undo_label(), Some("Edit port \"Port\": name"));
    // Another field starts a new step.
    let mut port = doc.project().ports[1].clone();
    port.city = "Minato".into();
    doc.apply_coalescing(
        Edit::Update(AnyEntity::Port(port)),
        Some("port#2/city".into()),
    )
    .unwrap();
    assert_eq!(doc.history().undo_len(), 2);
    // Each step says which field it changes.
    assert_eq!(doc.history().undo_label(), Some("Edit port \"Port\": city"));
    // An event moved: its start and end; more than three fields: the
    // entity alone.
    let mut event = doc.project().events[0].clone();
    let hour = jiff::SignedDuration::from_hours(1);
    event.start = event.start.0.checked_add(hour).unwrap().into();
    event.end = event.end.0.checked_add(hour).unwrap().into();
    let title = event.title.clone();
    doc.apply(Edit::Update(AnyEntity::Event(event.clone())))
        .unwrap();
    let label = doc.history().undo_label().unwrap().to_owned();
    assert!(
        label == format!("Edit event \"{title}\": start, end")
            || label == format!("Edit event \"{title}\": end, start"),
        "{label}"
    );
    event.title = "Moved".into();
    event.location = "Elsewhere".into();
    event.notes = "New notes".into();
    event.participants.clear();
    doc.apply(Edit::Update(AnyEntity::Event(event))).unwrap();
    assert_eq!(doc.history().undo_label(), Some("Edit event \"Moved\""));
    doc.undo().unwrap();
    doc.undo().unwrap();
    doc.undo().unwrap();
    doc.undo().unwrap();
    assert_eq!(doc.project(), &original);
    assert!(!doc.is_dirty());
}

#[test]
fn saving_breaks_a_typing_burst_and_tracks_dirty_through_undo() {
    let mut doc = Document::new(sample());
    let key = Some("k".to_owned());
    let edit = rename_port(&doc, 1, "A");
    doc.apply_coalescing(edit, key.clone()).unwrap();
    doc.mark_saved();
    assert!(!doc.is_dirty());
    let edit = rename_port(&doc, 1, "AB");
    doc.apply_coalescing(edit, key).unwrap();
    assert_eq!(
        doc.history().undo_len(),
        2,
        "typing after a save is a new step"
    );
    assert!(doc.is_dirty());
    doc.undo().unwrap();
    assert!(!doc.is_dirty(), "back at the saved state");
    assert_eq!(doc.project().ports[1].name, "A");
    doc.undo().unwrap();
    assert!(doc.is_dirty(), "before the saved state is also unsaved");
}

#[test]
fn a_new_edit_after_undo_clears_redo() {
    let mut doc = Document::new(sample());
    doc.apply(rename_port(&doc, 1, "A")).unwrap();
    doc.undo().unwrap();
    assert!(doc.history().can_redo());
    doc.apply(rename_port(&doc, 1, "B")).unwrap();
    assert!(!doc.history().can_redo());
    assert_eq!(doc.redo().unwrap(), None);
}

#[test]
fn at_least_a_hundred_undo_steps() {
    let original = sample();
    let mut doc = Document::new(original.clone());
    for i in 0..150 {
        doc.apply(rename_port(&doc, 0, &format!("Name {i}")))
            .unwrap();
    }
    for _ in 0..150 {
        assert!(doc.undo().unwrap().is_some());
    }
    assert_eq!(doc.project(), &original);
}

#[test]
fn generation_changes_only_with_changes() {
    let mut doc = Document::new(sample());
    let before = doc.generation();
    assert_eq!(doc.undo().unwrap(), None);
    assert_eq!(doc.generation(), before, "nothing to undo is no change");
    let _ = doc.apply(Edit::Delete(EntityRef::Port(PortId(999))));
    assert_eq!(doc.generation(), before, "a refused edit is no change");
    doc.apply(rename_port(&doc, 0, "x")).unwrap();
    assert_ne!(doc.generation(), before);
}

#[test]
fn problems_follow_edits() {
    let mut doc = Document::new(sample());
    let baseline = doc.problems().len();
    let mut port = doc.project().ports[0].clone();
    port.locode = "bad".into();
    doc.apply(Edit::Update(AnyEntity::Port(port))).unwrap();
    assert_eq!(doc.problems().len(), baseline + 1);
    doc.undo().unwrap();
    assert_eq!(doc.problems().len(), baseline);
}

/// A batch of 32 edits or more looks entities up through indexes it keeps
/// while the lists shift; whatever the order of adds, deletes from the
/// middle and updates, it must do exactly what the edits do one by one, and
/// undo exactly.
#[test]
fn a_long_batch_that_shifts_lists_finds_the_right_entities() {
    let original = sample();
    let renamed_event = |project: &trade_mission_planner::model::Project, id: u64, title: &str| {
        let mut event = project
            .events
            .iter()
            .find(|e| e.id == EventId(id))
            .unwrap()
            .clone();
        event.title = title.to_owned();
        Edit::Update(AnyEntity::Event(event))
    };
    let mut edits = Vec::new();
    for i in 0..34 {
        let mut event = tokyo_meeting(9_000 + i, "2023-03-15", "09:00", "10:00", &[]);
        event.title = format!("Added {i}");
        edits.push(Edit::Add {
            entity: AnyEntity::Event(event),
            index: None,
        });
    }
    // Delete from the middle of each list (events, then a port that events,
    // agreements and travel times refer to), then edit what shifted.
    let second_event = original.events[1].id;
    edits.push(Edit::Delete(EntityRef::Event(second_event)));
    edits.push(Edit::Delete(EntityRef::Port(TOKYO)));
    let mut sequential = original.clone();
    for edit in &edits {
        apply(&mut sequential, edit.clone()).unwrap();
    }
    for (id, title) in [
        (9_033, "Last added, renamed"),
        (original.events[2].id.0, "Third, renamed"),
    ] {
        let edit = renamed_event(&sequential, id, title);
        apply(&mut sequential, edit.clone()).unwrap();
        edits.push(edit);
    }
    let mut yokohama = sequential
        .ports
        .iter()
        .find(|p| p.id == YOKOHAMA)
        .unwrap()
        .clone();
    yokohama.city = "Yokohama (renamed)".into();
    let edit = Edit::Update(AnyEntity::Port(yokohama));
    apply(&mut sequential, edit.clone()).unwrap();
    edits.push(edit);
    // An entity added in the middle shifts the rest again.
    let mut inserted = tokyo_meeting(9_100, "2023-03-15", "11:00", "12:00", &[]);
    inserted.title = "Inserted third".into();
    let edit = Edit::Add {
        entity: AnyEntity::Event(inserted),
        index: Some(2),
    };
    apply(&mut sequential, edit.clone()).unwrap();
    edits.push(edit);
    let edit = renamed_event(&sequential, 9_000, "First added, renamed");
    apply(&mut sequential, edit.clone()).unwrap();
    edits.push(edit);
    // A reference made inside the batch, after its first delete, is stripped
    // by a later delete of what it refers to.
    let mut joined = sequential
        .events
        .iter()
        .find(|e| e.id == EventId(9_001))
        .unwrap()
        .clone();
    joined
        .participants
        .push(trade_mission_planner::model::Participant {
            person: DANIEL,
            remote: false,
        });
    for edit in [
        Edit::Update(AnyEntity::Event(joined)),
        Edit::Delete(EntityRef::Person(DANIEL)),
    ] {
        apply(&mut sequential, edit.clone()).unwrap();
        edits.push(edit);
    }
    assert!(sequential.events.iter().all(|e| !e.has_participant(DANIEL)));
    assert!(edits.len() >= 32, "long enough to be indexed");

    let mut batched = original.clone();
    let applied = apply(
        &mut batched,
        Edit::Batch {
            label: "All at once".into(),
            edits,
        },
    )
    .unwrap();
    assert_eq!(batched, sequential);
    assert_eq!(batched.events[2].title, "Inserted third");
    apply(&mut batched, applied.inverse).unwrap();
    assert_eq!(batched, original, "one undo restores everything");
}

#[test]
fn the_history_keeps_exactly_its_limit_and_says_what_it_can_do() {
    use trade_mission_planner::history::History;
    let mut project = sample();
    let mut history = History::new(5);
    assert!(!history.can_undo() && !history.can_redo());
    for i in 0..8 {
        let mut port = project.ports[0].clone();
        port.name = format!("Name {i}");
        history
            .apply(&mut project, Edit::Update(AnyEntity::Port(port)), None)
            .unwrap();
    }
    assert_eq!(
        history.undo_len(),
        5,
        "the oldest steps go, exactly five stay"
    );
    assert!(history.can_undo() && !history.can_redo());
    while history.undo(&mut project).unwrap().is_some() {}
    assert_eq!(
        project.ports[0].name, "Name 2",
        "back to before the fifth-last step"
    );
    assert!(!history.can_undo() && history.can_redo());
}

#[test]
fn typing_after_undo_and_redo_starts_a_new_step() {
    let mut doc = Document::new(sample());
    let key = Some("port#2/name".to_owned());
    for name in ["P", "Po"] {
        let edit = rename_port(&doc, 1, name);
        doc.apply_coalescing(edit, key.clone()).unwrap();
    }
    doc.undo().unwrap();
    doc.redo().unwrap();
    let edit = rename_port(&doc, 1, "Por");
    doc.apply_coalescing(edit, key.clone()).unwrap();
    assert_eq!(doc.history().undo_len(), 2, "the redone burst is closed");
    assert_eq!(doc.history().redo_label(), None);
    doc.undo().unwrap();
    assert_eq!(doc.project().ports[1].name, "Po");
    assert_eq!(doc.history().redo_label(), Some("Edit port \"Por\": name"));
    assert_eq!(doc.history().undo_label(), Some("Edit port \"Po\": name"));
}

/// The first entity of a list deleted and others added in its place inside
/// a long (indexed) batch: the batch matches one edit at a time, and one
/// undo gives the original back.
#[test]
fn a_long_batch_at_the_start_of_a_list_matches_one_edit_at_a_time() {
    let original = sample();
    let first = original.events[0].id;
    let mut edits = vec![Edit::Delete(EntityRef::Event(first))];
    for i in 0..32 {
        let mut event = tokyo_meeting(9_200 + i, "2023-03-15", "09:00", "10:00", &[]);
        event.title = format!("Put first {i}");
        edits.push(Edit::Add {
            entity: AnyEntity::Event(event),
            index: Some(0),
        });
    }
    // The first now, deleted; then an entity found by id after the shifts.
    edits.push(Edit::Delete(EntityRef::Event(EventId(9_231))));
    let second = original.events[1].id;
    let mut sequential = original.clone();
    for edit in &edits {
        apply(&mut sequential, edit.clone()).unwrap();
    }
    let mut renamed = sequential
        .events
        .iter()
        .find(|e| e.id == second)
        .unwrap()
        .clone();
    renamed.title = "Second, renamed".into();
    let edit = Edit::Update(AnyEntity::Event(renamed));
    apply(&mut sequential, edit.clone()).unwrap();
    edits.push(edit);
    assert_eq!(sequential.events[0].title, "Put first 30");

    let mut batched = original.clone();
    let applied = apply(
        &mut batched,
        Edit::Batch {
            label: "All at once".into(),
            edits,
        },
    )
    .unwrap();
    assert_eq!(batched, sequential);
    apply(&mut batched, applied.inverse).unwrap();
    assert_eq!(batched, original, "one undo restores everything");
}

/// Found by mutation testing: a draft or revision edit on an agreement
/// other than the first.
#[test]
fn draft_and_revision_edits_change_only_the_agreement_they_name() {
    let original = sample();
    assert!(original.agreements.len() >= 3);
    for target in original.agreements.iter().map(|a| a.id) {
        let mut project = original.clone();
        let next = original
            .agreements
            .iter()
            .find(|a| a.id == target)
            .unwrap()
            .revisions
            .last()
            .map_or(1, |r| r.number + 1);
        let mut undo = Vec::new();
        for edit in [
            Edit::SetDraft {
                agreement: target,
                text: "Only here".into(),
            },
            Edit::RecordRevision {
                agreement: target,
                revision: Revision {
                    number: next,
                    text: "Only here".into(),
                    author: "Test".into(),
                    recorded_at: "2023-03-12T00:00:00Z".parse().unwrap(),
                    message: "test".into(),
                },
            },
        ] {
            undo.push(apply(&mut project, edit).unwrap().inverse);
        }
        for (before, after) in original.agreements.iter().zip(&project.agreements) {
            if after.id == target {
                assert_eq!(after.draft, "Only here");
                assert_eq!(after.revisions.len(), before.revisions.len() + 1);
                assert_eq!(after.revisions.last().unwrap().number, next);
            } else {
                assert_eq!(after, before, "{:?} changed", after.id);
            }
        }
        for inverse in undo.into_iter().rev() {
            apply(&mut project, inverse).unwrap();
        }
        assert_eq!(project, original);
    }
}

/// Found by mutation testing: deleting a port removes exactly the travel
/// times to and from it, whichever end it is, and undo restores them.
#[test]
fn deleting_a_port_removes_its_travel_times_at_either_end_and_only_those() {
    use trade_mission_planner::model::TravelTime;
    let mut original = sample();
    original.schedule.travel_times = [(LA, TOKYO), (TOKYO, YOKOHAMA), (YOKOHAMA, LA)]
        .into_iter()
        .map(|(from, to)| TravelTime {
            from,
            to,
            minutes: 50,
        })
        .collect();
    let mut doc = Document::new(original.clone());
    doc.apply(Edit::Delete(EntityRef::Port(YOKOHAMA))).unwrap();
    let left: Vec<(PortId, PortId)> = doc
        .project()
        .schedule
        .travel_times
        .iter()
        .map(|t| (t.from, t.to))
        .collect();
    assert_eq!(left, [(LA, TOKYO)]);
    doc.undo().unwrap();
    assert_eq!(doc.project(), &original);
}

/// Found by mutation testing: ending a typing burst by hand (the UI does so
/// when the focus leaves a field) makes the next keystroke a new undo step.
#[test]
fn a_broken_typing_burst_starts_a_new_undo_step() {
    let mut doc = Document::new(sample());
    let key = Some("port#2/name".to_owned());
    doc.apply_coalescing(rename_port(&doc, 1, "P"), key.clone())
        .unwrap();
    doc.break_coalescing();
    doc.apply_coalescing(rename_port(&doc, 1, "Po"), key)
        .unwrap();
    assert_eq!(doc.history().undo_len(), 2);
    doc.undo().unwrap();
    assert_eq!(doc.project().ports[1].name, "P");
}

/// Found by mutation testing: the number a recorded revision gets follows
/// the last one, and starts at 1.
#[test]
fn the_next_revision_follows_the_last_and_the_first_is_one() {
    let mut project = sample();
    let with_revisions = project
        .agreements
        .iter()
        .find(|a| !a.revisions.is_empty())
        .unwrap()
        .clone();
    let last = with_revisions.revisions.last().unwrap().number;
    assert_eq!(with_revisions.next_revision_number(), last + 1);
    let mut fresh = with_revisions;
    fresh.revisions.clear();
    assert_eq!(fresh.next_revision_number(), 1);
    // And the number given is one the edit accepts.
    let id = fresh.id;
    apply(&mut project, Edit::Update(AnyEntity::Agreement(fresh))).unwrap();
    let revision = Revision {
        number: project
            .agreements
            .iter()
            .find(|a| a.id == id)
            .unwrap()
            .next_revision_number(),
        text: "first".into(),
        author: "Test".into(),
        recorded_at: "2023-03-12T00:00:00Z".parse().unwrap(),
        message: "test".into(),
    };
    apply(
        &mut project,
        Edit::RecordRevision {
            agreement: id,
            revision,
        },
    )
    .unwrap();
}

/// Found by mutation testing (entity.rs): deleting an organisation clears it
/// as a port's authority and as people's employer, and deleting an
/// agreement clears it from corridors and takes it out of events, leaving
/// their other agreements; nothing else changes, and undo puts it back.
#[test]
fn deleting_an_organisation_or_agreement_clears_every_reference_to_it_only() {
    let mut original = sample();
    let org = original
        .ports
        .iter()
        .find(|p| p.id == TOKYO)
        .and_then(|p| p.authority)
        .expect("Tokyo has an authority");
    original.people[0].organisation = Some(org);
    let mut doc = Document::new(original.clone());
    doc.apply(Edit::Delete(EntityRef::Organisation(org)))
        .unwrap();
    let project = doc.project();
    for (before, after) in original.ports.iter().zip(&project.ports) {
        let kept = before.authority.filter(|&o| o != org);
        assert_eq!(after.authority, kept, "{}", after.name);
    }
    for (before, after) in original.people.iter().zip(&project.people) {
        let kept = before.organisation.filter(|&o| o != org);
        assert_eq!(after.organisation, kept, "{}", after.name);
    }
    assert_eq!(
        project.organisations.len(),
        original.organisations.len() - 1
    );
    assert_eq!(project.agreements, original.agreements);
    doc.undo().unwrap();
    assert_eq!(doc.project(), &original);

    // An agreement a corridor names and an event lists beside others.
    let gone = original
        .corridors
        .iter()
        .find_map(|c| c.agreement)
        .expect("a corridor names an agreement");
    let other = original
        .agreements
        .iter()
        .map(|a| a.id)
        .find(|&a| a != gone)
        .unwrap();
    original.events[0].agreements = vec![other, gone];
    let mut doc = Document::new(original.clone());
    doc.apply(Edit::Delete(EntityRef::Agreement(gone))).unwrap();
    let project = doc.project();
    for (before, after) in original.corridors.iter().zip(&project.corridors) {
        assert_eq!(
            after.agreement,
            before.agreement.filter(|&a| a != gone),
            "{}",
            after.name
        );
    }
    for (before, after) in original.events.iter().zip(&project.events) {
        let kept: Vec<_> = before
            .agreements
            .iter()
            .copied()
            .filter(|&a| a != gone)
            .collect();
        assert_eq!(after.agreements, kept, "{}", after.title);
    }
    assert_eq!(project.events[0].agreements, [other]);
    doc.undo().unwrap();
    assert_eq!(doc.project(), &original);
}

/// Found by mutation testing (entity.rs, project.rs): the helpers messages
/// and checks are built from.
#[test]
fn names_counts_and_dangling_references_of_a_project() {
    use trade_mission_planner::model::EntityKind;
    use trade_mission_planner::model::entity::{describe, first_dangling_reference, party_names};
    let mut project = sample();
    assert_eq!(project.entity_count(), 5 + 6 + 6 + 6 + 4 + 14);
    let plurals: Vec<_> = EntityKind::ALL.iter().map(|k| k.plural()).collect();
    assert_eq!(
        plurals,
        [
            "ports",
            "organisations",
            "people",
            "agreements",
            "corridors",
            "events"
        ]
    );
    let org = &project.organisations[1];
    assert_eq!(
        describe(&project, EntityRef::Organisation(org.id)),
        format!("organisation \"{}\"", org.name)
    );
    let agreement = &project.agreements[0];
    assert_eq!(
        describe(&project, EntityRef::Agreement(agreement.id)),
        format!("agreement \"{}\"", agreement.title)
    );
    let corridor = &project.corridors[0];
    assert_eq!(
        describe(&project, EntityRef::Corridor(corridor.id)),
        format!("corridor \"{}\"", corridor.name)
    );
    assert_eq!(
        party_names(&project, &[Party::Port(LA), Party::Port(TOKYO)]),
        ["Port of Los Angeles", "Port of Tokyo"]
    );
    assert_eq!(first_dangling_reference(&project), None);
    project.events[0].port = Some(PortId(999));
    assert_eq!(
        first_dangling_reference(&project),
        Some(EntityRef::Port(PortId(999)))
    );
    assert_eq!(
        party_names(&project, &[Party::Port(PortId(999))]),
        ["missing port #999"]
    );
}

/// Found by mutation testing (project.rs): equal content ignores only the
/// ancestors; a change in any part of the project is a difference.
#[test]
fn same_content_sees_every_part_but_the_ancestors() {
    let original = sample();
    let mut with_ancestors = original.clone();
    with_ancestors.ancestors = vec!["a".repeat(64)];
    assert!(original.same_content(&with_ancestors));
    assert!(original.same_content(&original.clone()));
    let changes: [fn(&mut trade_mission_planner::model::Project); 10] = [
        |p| p.mission.title.push('!'),
        |p| p.schedule.default_travel_minutes += 1,
        |p| p.ports[0].name.push('!'),
        |p| p.organisations[0].name.push('!'),
        |p| p.people[0].name.push('!'),
        |p| p.agreements[0].title.push('!'),
        |p| p.corridors[0].name.push('!'),
        |p| p.events[0].title.push('!'),
        |p| {
            p.clauses.push(trade_mission_planner::model::Clause {
                title: "Term".into(),
                text: "Five years.".into(),
                tags: Vec::new(),
            })
        },
        |p| {
            p.conflicts
                .push(trade_mission_planner::model::MergeConflict {
                    subject: None,
                    field: "title".into(),
                    base: None,
                    ours: None,
                    theirs: None,
                })
        },
    ];
    for (i, change) in changes.iter().enumerate() {
        let mut changed = original.clone();
        change(&mut changed);
        assert!(!original.same_content(&changed), "change {i}");
    }
}

/// Found by mutation testing (project.rs): File → New proposes a five-day
/// mission in one zone, and "today" is the date in the home zone.
#[test]
fn a_new_mission_lasts_five_days_and_today_is_the_home_zones_date() {
    use trade_mission_planner::model::MissionInfo;
    let first: jiff::civil::Date = "2024-05-06".parse().unwrap();
    let mission = MissionInfo::starting_on(first, "Asia/Tokyo");
    assert_eq!(mission.first_day, first);
    assert_eq!(mission.last_day, "2024-05-10".parse().unwrap());
    assert_eq!(
        (mission.host_zone.as_str(), mission.home_zone.as_str()),
        ("Asia/Tokyo", "Asia/Tokyo")
    );
    // 07:30 UTC on 12 March is still the 11th in Los Angeles.
    let at: jiff::Timestamp = "2023-03-12T07:30:00Z".parse().unwrap();
    let sample = sample();
    assert_eq!(sample.mission.today(at), "2023-03-11".parse().unwrap());
}

/// Found by mutation testing (agreement.rs, event.rs): the names a delegate
/// reads for agreement kinds, statuses, cooperation areas and event kinds,
/// in lists, exports and the palette. Each is its own, and a custom area
/// reads as typed.
#[test]
fn every_kind_status_and_area_has_its_own_name() {
    use std::collections::HashSet;
    use trade_mission_planner::model::{
        AgreementKind, AgreementStatus, CooperationArea, EventKind,
    };
    let kind = AgreementKind::MemorandumOfUnderstanding;
    assert_eq!(
        (kind.label(), kind.short()),
        ("Memorandum of understanding", "MOU")
    );
    let kind = AgreementKind::GreenShippingCorridorPartnership;
    assert_eq!(
        (kind.label(), kind.short()),
        ("Green shipping corridor partnership", "GSC")
    );
    let labels: HashSet<_> = AgreementKind::ALL.iter().map(|k| k.label()).collect();
    let shorts: HashSet<_> = AgreementKind::ALL.iter().map(|k| k.short()).collect();
    assert_eq!((labels.len(), shorts.len()), (4, 4));
    assert!(labels.iter().chain(&shorts).all(|name| name.len() >= 3));
    let areas: HashSet<_> = CooperationArea::BUILT_IN
        .iter()
        .map(|a| a.label())
        .collect();
    assert_eq!(areas.len(), CooperationArea::BUILT_IN.len());
    assert!(areas.contains("Zero-emission vessels"));
    assert!(areas.iter().all(|name| name.len() > 12));
    let custom = CooperationArea::Other("Shore power".into());
    assert_eq!(custom.label(), "Shore power");
    assert_eq!(AgreementStatus::ReadyToSign.label(), "Ready to sign");
    let statuses: HashSet<_> = AgreementStatus::ALL.iter().map(|s| s.label()).collect();
    assert_eq!(statuses.len(), AgreementStatus::ALL.len());
    assert!(statuses.iter().all(|name| name.len() >= 4));
    use trade_mission_planner::model::{MissionRole, OrganisationKind};
    let organisations: HashSet<_> = OrganisationKind::ALL.iter().map(|k| k.label()).collect();
    assert_eq!(organisations.len(), OrganisationKind::ALL.len());
    assert!(organisations.iter().all(|name| name.len() >= 4));
    let roles: HashSet<_> = MissionRole::ALL.iter().map(|r| r.label()).collect();
    assert_eq!(roles.len(), MissionRole::ALL.len());
    assert!(roles.iter().all(|name| name.len() >= 4));
    assert_eq!(EventKind::SigningCeremony.label(), "Signing ceremony");
    let events: HashSet<_> = EventKind::ALL.iter().map(|k| k.label()).collect();
    assert_eq!(events.len(), EventKind::ALL.len());
    assert!(events.iter().all(|name| name.len() >= 5));
}

/// Found by mutation testing (clause.rs): the clause library's search finds
/// a clause by a word of its title or of a tag, in any case, never by its
/// text alone, and an empty search lists them all.
#[test]
fn a_clause_is_found_by_its_title_or_a_tag() {
    let project = sample();
    let found = |needle: &str| -> Vec<&str> {
        project
            .clauses
            .iter()
            .filter(|clause| clause.matches(needle))
            .map(|clause| clause.title.as_str())
            .collect()
    };
    assert_eq!(found("  TERM "), ["Term and termination"]);
    assert_eq!(found("Commitment"), ["Green shipping corridor commitment"]);
    assert_eq!(found("vessels"), ["Zero-emission equipment"]);
    assert_eq!(found("Data Sharing"), ["Sharing best practice"]);
    assert!(found("workshops").is_empty(), "a word of the text only");
    assert_eq!(found("").len(), project.clauses.len());
    assert_eq!(found(" ").len(), project.clauses.len());
}

/// Found by mutation testing (clause.rs): a clause goes into a draft at the
/// cursor's character (not byte) position, and the draft's words are cut
/// out by characters, in either order, clamped to the text.
#[test]
fn clauses_go_in_at_a_character_position_and_text_is_cut_by_characters() {
    use trade_mission_planner::model::clause::{char_slice, insert_at_char};
    let draft = "東京港 and Los Angeles";
    assert_eq!(
        insert_at_char(draft, 3, " (Tokyo)"),
        "東京港 (Tokyo) and Los Angeles"
    );
    assert_eq!(
        insert_at_char(draft, 0, "The "),
        "The 東京港 and Los Angeles"
    );
    assert_eq!(insert_at_char(draft, 99, "."), "東京港 and Los Angeles.");
    assert_eq!(char_slice(draft, 0, 3), "東京港");
    assert_eq!(char_slice(draft, 8, 4), "and ");
    assert_eq!(char_slice(draft, 8, 99), "Los Angeles");
}

/// Found by mutation testing (corridor.rs): each corridor stage has its own
/// name, as the corridor list and the map's legend show it.
#[test]
fn every_corridor_stage_has_its_own_name() {
    use std::collections::HashSet;
    use trade_mission_planner::model::CorridorStage;
    let names: HashSet<_> = CorridorStage::ALL.iter().map(|s| s.label()).collect();
    assert_eq!(names.len(), CorridorStage::ALL.len());
    assert!(names.contains("Announced") && names.contains("Implementation"));
}

/// Found by mutation testing (ids.rs): new entities get ids from 1 to
/// 2^53 − 1 (exact in any spreadsheet or JSON tool) that do not repeat.
/// (Two mutants of the last step, `+ 1` turned into `- 1` or `* 1`, are
/// left: they differ only when the hash is a multiple of the bound, one
/// time in 2^53, which no sample of ids can see.)
#[test]
fn fresh_ids_are_distinct_and_within_53_bits() {
    use std::collections::HashSet;
    use trade_mission_planner::model::{MAX_FRESH_ID, fresh_raw_id};
    // The largest id is exact as a spreadsheet's (or JSON's) number, and
    // the bound is the largest such: two more is not.
    assert_eq!(MAX_FRESH_ID as f64 as u64, MAX_FRESH_ID);
    assert_ne!((MAX_FRESH_ID + 2) as f64 as u64, MAX_FRESH_ID + 2);
    let ids: Vec<u64> = (0..10_000).map(|_| fresh_raw_id()).collect();
    assert!(ids.iter().all(|&id| (1..(1 << 53)).contains(&id)));
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
    // Spread over the range, not packed at its start.
    assert!(ids.iter().any(|&id| id > 1 << 50));
}

/// Found by mutation testing (event.rs, port.rs): who takes part in an
/// event, in the room or remotely; the form of UN/LOCODEs and country codes.
#[test]
fn participants_and_codes_are_read_as_written() {
    use trade_mission_planner::model::{LocodeError, check_locode, is_country_code};
    let project = sample();
    let debrief = project
        .events
        .iter()
        .find(|e| e.id == EventId(513))
        .unwrap();
    assert!(debrief.has_participant(PersonId(201)));
    assert!(debrief.has_participant(PersonId(205)), "remote");
    assert!(!debrief.has_participant(PersonId(203)));
    assert_eq!(check_locode("JPTYO"), Ok(()));
    assert_eq!(check_locode("JPYO"), Err(LocodeError::Length(4)));
    // Five characters, one not ASCII: refused where it is.
    assert_eq!(check_locode("JPTYÖ"), Err(LocodeError::Place));
    assert_eq!(check_locode("ÖPTYO"), Err(LocodeError::Country));
    assert!(is_country_code("JP"));
    assert!(!is_country_code("jp") && !is_country_code("JPN") && !is_country_code("J"));
}

/// Found by mutation testing (entity.rs): whether a reference still names an
/// entity of the project, as a merge asks before reviving a deleted one.
#[test]
fn a_reference_exists_only_while_its_entity_does() {
    use trade_mission_planner::model::entity::exists;
    let mut project = sample();
    assert!(exists(&project, EntityRef::Port(TOKYO)));
    assert!(exists(&project, EntityRef::Event(EventId(513))));
    assert!(!exists(&project, EntityRef::Port(PortId(999_999))));
    apply(&mut project, Edit::Delete(EntityRef::Event(EventId(513)))).unwrap();
    assert!(!exists(&project, EntityRef::Event(EventId(513))));
}

/// Problems found off the UI thread while a file was read stand for the
/// project as read, on the day they were judged; a change of either finds
/// them again.
#[test]
fn problems_found_while_reading_stand_until_the_project_or_the_day_changes() {
    let day = jiff::civil::date(2023, 3, 13);
    let mut untitled = sample();
    untitled.mission.title = String::new();
    let found_elsewhere = trade_mission_planner::model::validate_at(&untitled, Some(day));
    assert!(!found_elsewhere.is_empty());

    let mut doc = Document::new(sample());
    doc.seed_problems(day, found_elsewhere.clone());
    // The first frame sets the same day: nothing is found again.
    doc.set_today(Some(day));
    assert_eq!(doc.problems(), found_elsewhere.as_slice());
    // Another day is judged again.
    let next = day.tomorrow().unwrap();
    doc.set_today(Some(next));
    assert_eq!(
        doc.problems(),
        trade_mission_planner::model::validate_at(&sample(), Some(next))
    );
    // And so is an edit.
    doc.seed_problems(day, found_elsewhere.clone());
    doc.apply(rename_port(&doc, 1, "Tokyo Port")).unwrap();
    assert_ne!(doc.problems(), found_elsewhere.as_slice());
}
