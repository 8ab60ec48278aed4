//! Three-way merge of projects, of drafts, and the `merge` command as git's
//! merge driver.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use proptest::prelude::*;
use trade_mission_planner::merge::merge;
use trade_mission_planner::merge::text::{self, Merged};
use trade_mission_planner::model::{
    Agreement, AgreementId, EntityRef, EventId, MissionEvent, Participant, Person, Port, PortId,
    Project, has_errors, validate,
};

fn port_mut(project: &mut Project, id: PortId) -> &mut Port {
    project.ports.iter_mut().find(|p| p.id == id).unwrap()
}

fn agreement_mut(project: &mut Project, id: AgreementId) -> &mut Agreement {
    project.agreements.iter_mut().find(|a| a.id == id).unwrap()
}

#[test]
fn changes_to_different_fields_are_all_kept_and_the_same_change_once() {
    let base = sample();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    port_mut(&mut ours, TOKYO).city = "Koto".into();
    port_mut(&mut theirs, TOKYO).notes = "Berths 1–4 have shore power.".into();
    port_mut(&mut ours, YOKOHAMA).local_name = "横浜港".into();
    port_mut(&mut theirs, YOKOHAMA).local_name = "横浜港".into();
    event_mut(&mut theirs, 501).location = "Ship Hall".into();
    let merged = merge(&base, &ours, &theirs);
    let tokyo = merged.ports.iter().find(|p| p.id == TOKYO).unwrap();
    assert_eq!(
        (tokyo.city.as_str(), tokyo.notes.as_str()),
        ("Koto", "Berths 1–4 have shore power.")
    );
    let mut expected = ours.clone();
    port_mut(&mut expected, TOKYO).notes = "Berths 1–4 have shore power.".into();
    event_mut(&mut expected, 501).location = "Ship Hall".into();
    assert_eq!(merged, expected);
    assert!(merged.conflicts.is_empty());
    // Merging the other way round gives the same project.
    assert_eq!(merge(&base, &theirs, &ours), expected);
}

#[test]
fn two_different_changes_to_a_field_are_a_recorded_conflict_that_keeps_ours() {
    let base = sample();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    port_mut(&mut ours, TOKYO).city = "Koto".into();
    port_mut(&mut theirs, TOKYO).city = "Minato".into();
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(port_mut(&mut merged.clone(), TOKYO).city, "Koto");
    assert_eq!(merged.conflicts.len(), 1);
    let conflict = &merged.conflicts[0];
    assert_eq!(conflict.subject, Some(EntityRef::Port(TOKYO)));
    assert_eq!(conflict.field, "city");
    assert_eq!(conflict.base.as_deref(), Some("\"Tokyo\""));
    assert_eq!(conflict.ours.as_deref(), Some("\"Koto\""));
    assert_eq!(conflict.theirs.as_deref(), Some("\"Minato\""));
    // The merged project saves and loads, and `check` reports the conflict.
    let text = trade_mission_planner::io::to_ron_string(&merged).unwrap();
    assert_eq!(trade_mission_planner::io::load_str(&text).unwrap(), merged);
    assert!(has_errors(&validate(&merged)));
}

#[test]
fn a_delete_against_a_change_is_a_conflict_and_the_entity_stays() {
    let base = sample();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.events.retain(|e| e.id != EventId(501));
    event_mut(&mut theirs, 501).title = "Moved to the afternoon".into();
    // A delete against no change is just a delete.
    theirs.events.retain(|e| e.id != EventId(502));
    let merged = merge(&base, &ours, &theirs);
    let kept = merged.events.iter().find(|e| e.id == EventId(501)).unwrap();
    assert_eq!(kept.title, "Moved to the afternoon");
    assert!(merged.events.iter().all(|e| e.id != EventId(502)));
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    assert_eq!(merged.conflicts[0].field, "exists");
    assert_eq!(merged.conflicts[0].ours, None, "ours deleted it");
}

/// Theirs deleted Singapore (which stripped it from the agreement and the
/// corridor that named it), ours edited it: keeping it keeps what referred
/// to it, and deciding for theirs deletes it as theirs did.
#[test]
fn keeping_an_entity_the_other_side_deleted_keeps_what_referred_to_it() {
    use trade_mission_planner::edit::{Edit, apply};
    use trade_mission_planner::merge::resolve::{Choice, resolve};
    use trade_mission_planner::model::entity::referrers;
    let singapore = EntityRef::Port(PortId(5));
    let base = sample();
    let referring = referrers(&base, singapore);
    assert!(
        referring.len() >= 2,
        "the sample refers to Singapore: {referring:?}"
    );
    let mut theirs = base.clone();
    apply(&mut theirs, Edit::Delete(singapore)).unwrap();
    // Theirs also changed one of the referrers otherwise: that stays.
    let agreement = referring.iter().find_map(|r| match r {
        EntityRef::Agreement(id) => Some(*id),
        _ => None,
    });
    if let Some(id) = agreement {
        agreement_mut(&mut theirs, id).notes = "Renewed in 2025.".into();
    }
    let mut ours = base.clone();
    port_mut(&mut ours, PortId(5)).city = "Singapore (Pasir Panjang)".into();
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    assert_eq!(referrers(&merged, singapore), referring, "references kept");
    if let Some(id) = agreement {
        let kept = merged.agreements.iter().find(|a| a.id == id).unwrap();
        assert_eq!(kept.notes, "Renewed in 2025.");
    }
    let mut decided = merged.clone();
    apply(&mut decided, resolve(&merged, 0, Choice::Theirs).unwrap()).unwrap();
    assert_eq!(decided, {
        let mut expected = theirs.clone();
        expected.ancestors.clear();
        expected
    });
}

#[test]
fn a_person_deleted_on_one_side_and_newly_invited_on_the_other_is_kept() {
    let base = sample();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    // Ours removes Daniel (and, as the app does, his place in events).
    ours.people.retain(|p| p.id != DANIEL);
    for event in &mut ours.events {
        event.participants.retain(|p| p.person != DANIEL);
    }
    // Theirs invites him to the signing.
    let signing = theirs
        .events
        .iter_mut()
        .find(|e| !e.has_participant(DANIEL))
        .unwrap();
    let signing_id = signing.id;
    signing.participants.push(Participant {
        person: DANIEL,
        remote: false,
    });
    let merged = merge(&base, &ours, &theirs);
    assert!(
        merged.people.iter().any(|p| p.id == DANIEL),
        "no dangling reference: the person is kept"
    );
    let event = merged.events.iter().find(|e| e.id == signing_id).unwrap();
    assert!(event.has_participant(DANIEL));
    assert!(
        merged
            .conflicts
            .iter()
            .any(|c| c.subject == Some(EntityRef::Person(DANIEL)) && c.field == "exists"),
        "{:?}",
        merged.conflicts
    );
    let errors: Vec<String> = validate(&merged)
        .iter()
        .filter(|p| p.message.contains("not in the project"))
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn lists_merge_as_sets_and_revisions_as_a_union() {
    let base = sample();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    port_mut(&mut ours, TOKYO)
        .facts
        .push("Ours: a new fact".into());
    port_mut(&mut theirs, TOKYO)
        .facts
        .push("Theirs: another".into());
    let first_fact = base.ports.iter().find(|p| p.id == TOKYO).unwrap().facts[0].clone();
    port_mut(&mut theirs, TOKYO)
        .facts
        .retain(|f| *f != first_fact);
    let mou = agreement_mut(&mut ours, MOU_TOKYO);
    let mut revision = mou.revisions.last().unwrap().clone();
    revision.number += 1;
    revision.message = "Ours".into();
    revision.recorded_at += jiff::SignedDuration::from_hours(1);
    mou.revisions.push(revision.clone());
    let mut other = revision.clone();
    other.message = "Theirs".into();
    other.recorded_at += jiff::SignedDuration::from_hours(1);
    agreement_mut(&mut theirs, MOU_TOKYO)
        .revisions
        .push(other.clone());
    let merged = merge(&base, &ours, &theirs);
    let facts = &merged.ports.iter().find(|p| p.id == TOKYO).unwrap().facts;
    assert!(!facts.contains(&first_fact), "theirs removed it");
    assert!(facts.contains(&"Ours: a new fact".to_owned()));
    assert!(facts.contains(&"Theirs: another".to_owned()));
    let revisions = &merged
        .agreements
        .iter()
        .find(|a| a.id == MOU_TOKYO)
        .unwrap()
        .revisions;
    let base_count = base
        .agreements
        .iter()
        .find(|a| a.id == MOU_TOKYO)
        .unwrap()
        .revisions
        .len();
    assert_eq!(revisions.len(), base_count + 2);
    assert_eq!(revisions[base_count..], [revision, other]);
}

#[test]
fn drafts_merge_by_line_then_by_word() {
    let base = "# MOU\n\nThe ports will share best practice.\n\nSigned in Tokyo.\n";
    // Different paragraphs: a clean line merge.
    let ours = "# MOU\n\nThe ports will share environmental best practice.\n\nSigned in Tokyo.\n";
    let theirs = "# MOU\n\nThe ports will share best practice.\n\nSigned in Tokyo, March 2023.\n";
    assert_eq!(
        text::merge(base, ours, theirs),
        Merged::Clean(
            "# MOU\n\nThe ports will share environmental best practice.\n\nSigned in Tokyo, March 2023.\n"
                .into()
        )
    );
    // Different words of one line: clean after the word merge.
    let ours = "# MOU\n\nThe two ports will share best practice.\n\nSigned in Tokyo.\n";
    let theirs = "# MOU\n\nThe ports will share best practice yearly.\n\nSigned in Tokyo.\n";
    assert_eq!(
        text::merge(base, ours, theirs),
        Merged::Clean(
            "# MOU\n\nThe two ports will share best practice yearly.\n\nSigned in Tokyo.\n".into()
        )
    );
    // The same word changed two ways: a conflict, with everything else merged
    // on both sides.
    let ours = "# MOU (draft)\n\nThe ports will exchange best practice.\n\nSigned in Tokyo.\n";
    let theirs = "# MOU\n\nThe ports will publish best practice.\n\nSigned in Tokyo.\n";
    assert_eq!(
        text::merge(base, ours, theirs),
        Merged::Conflict {
            ours: "# MOU (draft)\n\nThe ports will exchange best practice.\n\nSigned in Tokyo.\n"
                .into(),
            theirs: "# MOU (draft)\n\nThe ports will publish best practice.\n\nSigned in Tokyo.\n"
                .into(),
        }
    );
    // No newline at the end, and Japanese text.
    assert_eq!(
        text::merge("東京港と横浜港", "東京港と横浜港の協力", "東京港と横浜港"),
        Merged::Clean("東京港と横浜港の協力".into())
    );
}

#[test]
fn a_draft_conflict_is_recorded_and_the_merge_keeps_the_clean_parts() {
    let base = sample();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    let draft = agreement_mut(&mut ours, MOU_TOKYO).draft.clone();
    let first_line = draft.lines().next().unwrap().to_owned();
    agreement_mut(&mut ours, MOU_TOKYO).draft = draft.replacen(&first_line, "# Ours", 1);
    agreement_mut(&mut theirs, MOU_TOKYO).draft = draft.replacen(&first_line, "# Theirs", 1);
    agreement_mut(&mut theirs, MOU_TOKYO).notes = "Theirs noted this.".into();
    let merged = merge(&base, &ours, &theirs);
    let mou = merged
        .agreements
        .iter()
        .find(|a| a.id == MOU_TOKYO)
        .unwrap();
    assert!(mou.draft.starts_with("# Ours"));
    assert_eq!(mou.notes, "Theirs noted this.");
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(merged.conflicts[0].field, "draft");
    let theirs_side: String =
        ron::from_str(merged.conflicts[0].theirs.as_deref().unwrap()).unwrap();
    assert!(theirs_side.starts_with("# Theirs"));
}

// ------------------------------------------------------------ properties

/// An edit a delegate may make to one field of the sample.
#[derive(Clone, Debug)]
enum FieldEdit {
    PortCity(usize, String),
    PortNotes(usize, String),
    PersonEmail(usize, String),
    EventTitle(usize, String),
    EventLocation(usize, String),
    AgreementNotes(usize, String),
}

impl FieldEdit {
    /// Which field it touches.
    fn field(&self, project: &Project) -> (EntityRef, &'static str) {
        let port = |i: &usize| EntityRef::Port(project.ports[i % project.ports.len()].id);
        let event = |i: &usize| EntityRef::Event(project.events[i % project.events.len()].id);
        match self {
            Self::PortCity(i, _) => (port(i), "city"),
            Self::PortNotes(i, _) => (port(i), "notes"),
            Self::PersonEmail(i, _) => (
                EntityRef::Person(project.people[i % project.people.len()].id),
                "email",
            ),
            Self::EventTitle(i, _) => (event(i), "title"),
            Self::EventLocation(i, _) => (event(i), "location"),
            Self::AgreementNotes(i, _) => (
                EntityRef::Agreement(project.agreements[i % project.agreements.len()].id),
                "notes",
            ),
        }
    }

    fn apply(&self, project: &mut Project) {
        fn nth<T>(list: &mut [T], i: usize) -> &mut T {
            let len = list.len();
            &mut list[i % len]
        }
        match self {
            Self::PortCity(i, v) => nth(&mut project.ports, *i).city = v.clone(),
            Self::PortNotes(i, v) => nth(&mut project.ports, *i).notes = v.clone(),
            Self::PersonEmail(i, v) => nth::<Person>(&mut project.people, *i).email = v.clone(),
            Self::EventTitle(i, v) => {
                nth::<MissionEvent>(&mut project.events, *i).title = v.clone()
            }
            Self::EventLocation(i, v) => nth(&mut project.events, *i).location = v.clone(),
            Self::AgreementNotes(i, v) => nth(&mut project.agreements, *i).notes = v.clone(),
        }
    }
}

fn field_edit() -> impl Strategy<Value = FieldEdit> {
    let value = "[a-z]{1,8}";
    prop_oneof![
        (any::<usize>(), value).prop_map(|(i, v)| FieldEdit::PortCity(i, v)),
        (any::<usize>(), value).prop_map(|(i, v)| FieldEdit::PortNotes(i, v)),
        (any::<usize>(), value).prop_map(|(i, v)| FieldEdit::PersonEmail(i, v)),
        (any::<usize>(), value).prop_map(|(i, v)| FieldEdit::EventTitle(i, v)),
        (any::<usize>(), value).prop_map(|(i, v)| FieldEdit::EventLocation(i, v)),
        (any::<usize>(), value).prop_map(|(i, v)| FieldEdit::AgreementNotes(i, v)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Edits on different fields: the merge applies both sets (no edit lost)
    /// and is the same either way round. Edits on the same field with
    /// different results: each is a recorded conflict, never silently one.
    #[test]
    fn no_edit_is_lost_and_every_collision_is_recorded(
        ours_edits in proptest::collection::vec(field_edit(), 0..8),
        theirs_edits in proptest::collection::vec(field_edit(), 0..8),
    ) {
        let base = sample();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        for edit in &ours_edits { edit.apply(&mut ours); }
        for edit in &theirs_edits { edit.apply(&mut theirs); }
        let merged = merge(&base, &ours, &theirs);
        let fields = |edits: &[FieldEdit]| -> std::collections::HashSet<_> {
            edits.iter().map(|e| e.field(&base)).collect()
        };
        let collide = !fields(&ours_edits).is_disjoint(&fields(&theirs_edits));
        if !collide {
            let mut both = ours.clone();
            for edit in &theirs_edits { edit.apply(&mut both); }
            prop_assert_eq!(&merged, &both);
            prop_assert_eq!(&merge(&base, &theirs, &ours), &both);
        }
        // Every field both sides set to different values is a conflict.
        let mut both_ways = ours.clone();
        for edit in &theirs_edits { edit.apply(&mut both_ways); }
        let mut theirs_then_ours = theirs.clone();
        for edit in &ours_edits { edit.apply(&mut theirs_then_ours); }
        if both_ways != theirs_then_ours {
            prop_assert!(!merged.conflicts.is_empty(), "a collision was settled silently");
        }
        for conflict in &merged.conflicts {
            prop_assert!(conflict.ours != conflict.theirs);
        }
        // Whatever the merge made saves and loads.
        let text = trade_mission_planner::io::to_ron_string(&merged).unwrap();
        prop_assert_eq!(trade_mission_planner::io::load_str(&text).unwrap(), merged);
    }

    /// Numbered lines, as clauses are (a run of identical lines, such as
    /// many blank lines in a row, can be aligned more than one way, and then
    /// the merge may report a conflict: never a silent wrong merge).
    #[test]
    fn text_merge_of_disjoint_line_edits_takes_both(
        words in proptest::collection::vec("[a-z ]{0,12}", 4..12),
        ours_at in any::<usize>(),
        theirs_at in any::<usize>(),
    ) {
        let lines: Vec<String> = words.iter().enumerate().map(|(i, w)| format!("{i}. {w}")).collect();
        let base = lines.join("\n");
        let (o, t) = (ours_at % lines.len(), theirs_at % lines.len());
        prop_assume!(o.abs_diff(t) > 1);
        let mut ours = lines.clone();
        ours[o] = format!("{} OURS", ours[o]);
        let mut theirs = lines.clone();
        theirs[t] = format!("THEIRS {}", theirs[t]);
        let mut both = lines.clone();
        both[o] = ours[o].clone();
        both[t] = theirs[t].clone();
        prop_assert_eq!(
            text::merge(&base, &ours.join("\n"), &theirs.join("\n")),
            Merged::Clean(both.join("\n"))
        );
    }
}

// ----------------------------------------------------------- with git

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Delegate")
        .env("GIT_AUTHOR_EMAIL", "delegate@example.org")
        .env("GIT_COMMITTER_NAME", "Delegate")
        .env("GIT_COMMITTER_EMAIL", "delegate@example.org")
        .output()
        .expect("git runs (.ci/run installs it)")
}

fn save(project: &Project, path: &Path) {
    trade_mission_planner::io::save_file(project, path).unwrap();
    // The app's .bak is not part of the history.
    let _ = std::fs::remove_file(trade_mission_planner::io::backup_path(path));
}

/// Two branches edit the project; `git merge` with the driver configured
/// merges them into a project that loads; when they collide, git reports
/// the conflict and the file still loads, with the conflict recorded.
#[test]
fn git_merges_projects_with_the_driver() {
    for colliding in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        let file = repo.join("mission.mission.ron");
        assert!(git(repo, &["init", "-q", "-b", "main"]).status.success());
        std::fs::write(repo.join(".gitattributes"), "*.mission.ron merge=mission\n").unwrap();
        let driver = format!(
            "{} merge %O %A %B -o %A",
            env!("CARGO_BIN_EXE_trade-mission-planner")
        );
        assert!(
            git(repo, &["config", "merge.mission.driver", &driver])
                .status
                .success()
        );
        let base = sample();
        save(&base, &file);
        git(repo, &["add", "."]);
        assert!(git(repo, &["commit", "-q", "-m", "base"]).status.success());
        git(repo, &["checkout", "-q", "-b", "theirs"]);
        let mut theirs = base.clone();
        port_mut(&mut theirs, TOKYO).city = "Minato".into();
        save(&theirs, &file);
        git(repo, &["commit", "-q", "-am", "theirs"]);
        git(repo, &["checkout", "-q", "main"]);
        let mut ours = base.clone();
        if colliding {
            port_mut(&mut ours, TOKYO).city = "Koto".into();
        } else {
            port_mut(&mut ours, YOKOHAMA).city = "Naka".into();
        }
        save(&ours, &file);
        git(repo, &["commit", "-q", "-am", "ours"]);
        let output = git(repo, &["merge", "-q", "--no-edit", "theirs"]);
        let merged = trade_mission_planner::io::load_file(&file).unwrap();
        let tokyo = merged.ports.iter().find(|p| p.id == TOKYO).unwrap();
        if colliding {
            assert!(!output.status.success(), "git reports the conflict");
            assert_eq!(tokyo.city, "Koto");
            assert_eq!(merged.conflicts.len(), 1);
        } else {
            assert!(output.status.success(), "{output:?}");
            assert_eq!(tokyo.city, "Minato");
            let yokohama = merged.ports.iter().find(|p| p.id == YOKOHAMA).unwrap();
            assert_eq!(yokohama.city, "Naka");
            assert!(merged.conflicts.is_empty());
        }
        // Nothing but the project is left in the work tree.
        let status = String::from_utf8(
            git(repo, &["status", "--porcelain", "--untracked-files=all"]).stdout,
        )
        .unwrap();
        assert!(
            status.lines().all(|l| l.ends_with("mission.mission.ron")),
            "{status}"
        );
    }
}

// ------------------------------------------------ what an attacker found

#[test]
fn lines_that_look_like_conflict_markers_stay_text() {
    let equals = "=".repeat(31);
    let base = "Heading\n=======\nbody\n";
    let ours = format!("Heading\n{equals}\nbody ours\n");
    let theirs = format!("Heading\n{equals}\nbody theirs\n");
    assert_eq!(
        text::merge(base, &ours, &theirs),
        Merged::Conflict {
            ours: ours.clone(),
            theirs: theirs.clone()
        }
    );
    let angles = "<".repeat(40);
    let base = format!("{angles}\none\ntwo\n");
    assert_eq!(
        text::merge(
            &base,
            &format!("{angles}\none\ntwo ours\n"),
            &format!("{angles}\nONE\ntwo\n")
        ),
        Merged::Clean(format!("{angles}\nONE\ntwo ours\n"))
    );
}

#[test]
fn a_draft_rewritten_on_both_sides_is_a_conflict_not_a_long_wait() {
    let base: String = (0..20_000)
        .map(|i| format!("Clause {i} reads so.\n"))
        .collect();
    let ours: String = (0..20_000)
        .map(|i| format!("Clause {i} now reads otherwise.\n"))
        .collect();
    let theirs = base.replacen("Clause 7 reads", "Clause 7 says", 1);
    assert_eq!(
        text::merge(&base, &ours, &theirs),
        Merged::Conflict {
            ours: ours.clone(),
            theirs: theirs.clone()
        }
    );
}

#[test]
fn keyed_lists_conflict_instead_of_keeping_two_versions_of_an_item() {
    let base = sample();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.schedule.travel_times[0].minutes = 40;
    theirs.schedule.travel_times[0].minutes = 55;
    let event = base
        .events
        .iter()
        .find(|e| !e.participants.is_empty())
        .unwrap();
    let id = event.id;
    let person = event.participants[0].person;
    let flip = |project: &mut Project, remote: bool| {
        let event = project.events.iter_mut().find(|e| e.id == id).unwrap();
        event.participants[0].remote = remote;
    };
    flip(&mut ours, true);
    flip(&mut theirs, true);
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.schedule.travel_times.len(), 1);
    assert_eq!(merged.schedule.travel_times[0].minutes, 40, "ours kept");
    assert!(merged.conflicts.iter().any(|c| c.field == "travel times"));
    let participants = &merged
        .events
        .iter()
        .find(|e| e.id == id)
        .unwrap()
        .participants;
    assert_eq!(
        participants.iter().filter(|p| p.person == person).count(),
        1,
        "one person once, however both sides changed it"
    );
    assert_eq!(
        merged.conflicts.len(),
        1,
        "the same change on both sides is no conflict"
    );
}

#[test]
fn a_nan_coordinate_is_not_a_conflict_with_itself() {
    let mut project = sample();
    project.ports[0].latitude = f64::NAN;
    let merged = merge(&project, &project, &project);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
}

/// git passes an empty ancestor when both branches added the file: the
/// merge is then two-way, every difference a conflict, nothing dropped.
#[test]
fn an_empty_ancestor_merges_two_way() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base");
    std::fs::write(&base, "").unwrap();
    let (ours_path, theirs_path) = (
        dir.path().join("ours.mission.ron"),
        dir.path().join("theirs.mission.ron"),
    );
    let ours = sample();
    let mut theirs = sample();
    port_mut(&mut theirs, TOKYO).city = "Minato".into();
    save(&ours, &ours_path);
    save(&theirs, &theirs_path);
    let output = Command::new(env!("CARGO_BIN_EXE_trade-mission-planner"))
        .args([
            "merge".as_ref(),
            base.as_os_str(),
            ours_path.as_os_str(),
            theirs_path.as_os_str(),
            "-o".as_ref(),
            ours_path.as_os_str(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let merged = trade_mission_planner::io::load_file(&ours_path).unwrap();
    assert!(merged.conflicts.iter().any(|c| c.field == "city"));
    assert_eq!(merged.events.len(), sample().events.len());
}

// ------------------------------------------------- diff and show for git

fn run_cli(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_trade-mission-planner"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn diff_lists_what_changed_entity_by_entity_and_show_prints_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (
        dir.path().join("a.mission.ron"),
        dir.path().join("b.mission.ron"),
    );
    let base = sample();
    let mut changed = base.clone();
    port_mut(&mut changed, TOKYO).city = "Koto".into();
    changed.events.retain(|e| e.id != EventId(501));
    agreement_mut(&mut changed, MOU_TOKYO)
        .draft
        .push_str("\nA new closing line.\n");
    save(&base, &a);
    save(&changed, &b);
    let same = run_cli(&["diff".as_ref(), a.as_os_str(), a.as_os_str()]);
    assert_eq!(same.status.code(), Some(0));
    assert!(same.stdout.is_empty());
    let output = run_cli(&["diff".as_ref(), a.as_os_str(), b.as_os_str()]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("~ port #2 \"Port of Tokyo\"\n"), "{text}");
    assert!(
        text.contains("  -     city: \"Tokyo\",\n  +     city: \"Koto\",\n"),
        "{text}"
    );
    assert!(text.contains("- event #501 "), "{text}");
    assert!(
        text.contains("  + A new closing line.\n"),
        "the draft's changed line alone: {text}"
    );
    let missing = run_cli(&[
        "diff".as_ref(),
        a.as_os_str(),
        dir.path().join("none").as_os_str(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    // show: the normalised file, which loads back as the project.
    let shown = run_cli(&["show".as_ref(), b.as_os_str()]);
    assert_eq!(shown.status.code(), Some(0));
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert_eq!(
        shown,
        trade_mission_planner::io::to_ron_string(&changed).unwrap()
    );
}

// ------------------------------------------------------ resolving conflicts

/// Two copies that changed the same things differently: every kind of field
/// a merge can record (mission, travel times, clauses, plain and text fields
/// of each entity kind, keyed list items, and a delete against a change).
fn colliding_copies() -> (Project, Project, Project) {
    use trade_mission_planner::model::{AgreementStatus, CorridorStage};
    let mut base = sample();
    // Nobody refers to this person, so deleting them changes nothing else.
    base.people.push(Person::new("Extra Delegate"));
    let mut ours = base.clone();
    let mut theirs = base.clone();
    for (copy, tag) in [(&mut ours, "ours"), (&mut theirs, "theirs")] {
        copy.mission.title = format!("Mission {tag}");
        let ours_side = tag == "ours";
        copy.mission.home_zone = if ours_side {
            "America/Denver"
        } else {
            "America/Chicago"
        }
        .into();
        copy.mission.description = format!("Description {tag}");
        copy.mission.first_day = jiff::civil::date(2023, 3, if ours_side { 9 } else { 10 });
        copy.mission.last_day = jiff::civil::date(2023, 3, if ours_side { 19 } else { 20 });
        copy.mission.host_zone = if tag == "ours" {
            "Asia/Seoul"
        } else {
            "Asia/Manila"
        }
        .into();
        copy.schedule.default_travel_minutes += if tag == "ours" { 5 } else { 10 };
        copy.schedule.travel_times[0].minutes += if tag == "ours" { 7 } else { 9 };
        copy.clauses[0].text = format!("Clause text {tag}");
        copy.ports[0].name = format!("Port {tag}");
        copy.ports[1].latitude += if tag == "ours" { 1.0 } else { 2.0 };
        copy.organisations[0].website = format!("https://{tag}.example");
        copy.agreements[0].status = if tag == "ours" {
            AgreementStatus::Withdrawn
        } else {
            AgreementStatus::Expired
        };
        let draft = copy.agreements[1].draft.replacen("the", tag, 1);
        copy.agreements[1].draft = draft;
        let milestone = &mut copy.agreements[0].milestones[0];
        if tag == "ours" {
            milestone.done = !milestone.done;
        } else {
            milestone.due = Some(jiff::civil::date(2024, 1, 3));
        }
        copy.corridors[0].stage = if tag == "ours" {
            CorridorStage::Operational
        } else {
            CorridorStage::Feasibility
        };
        let event = &mut copy.events[0];
        event.location = format!("Room {tag}");
        if tag == "ours" {
            event.participants[0].remote = !event.participants[0].remote;
        } else {
            event.participants.remove(0);
        }
    }
    // Ours edits a person theirs deleted.
    let person = base.people.last().unwrap().id;
    ours.people.last_mut().unwrap().phone = "+1 555 0100".into();
    trade_mission_planner::edit::apply(
        &mut theirs,
        trade_mission_planner::edit::Edit::Delete(EntityRef::Person(person)),
    )
    .unwrap();
    // The deletion also changed what referred to the person; ours keeps those.
    (base, ours, theirs)
}

#[test]
fn deciding_every_conflict_for_one_side_gives_that_side_and_undo_gives_the_merge_back() {
    use trade_mission_planner::document::Document;
    use trade_mission_planner::merge::resolve::{Choice, resolve};
    let (base, ours, theirs) = colliding_copies();
    let merged = merge(&base, &ours, &theirs);
    let fields: std::collections::BTreeSet<&str> =
        merged.conflicts.iter().map(|c| c.field.as_str()).collect();
    for expected in [
        "mission title",
        "mission description",
        "first day",
        "last day",
        "host zone",
        "home zone",
        "default travel minutes",
        "travel times",
        "clauses",
        "name",
        "latitude",
        "website",
        "status",
        "draft",
        "milestones",
        "stage",
        "location",
        "participants",
        "exists",
    ] {
        assert!(
            fields.contains(expected),
            "no conflict on {expected}: {fields:?}"
        );
    }
    for (choice, side) in [
        (Choice::Theirs, &theirs),
        (Choice::Ours, &ours),
        (Choice::Base, &base),
    ] {
        let mut doc = Document::new(merged.clone());
        while !doc.project().conflicts.is_empty() {
            let edit = resolve(doc.project(), 0, choice).unwrap();
            doc.apply(edit).unwrap();
        }
        let diff = trade_mission_planner::merge::compare::compare(side, doc.project());
        assert_eq!(diff, "", "{choice:?} left differences");
        while doc.project().conflicts.len() < merged.conflicts.len() {
            doc.undo().unwrap();
        }
        assert_eq!(
            doc.project(),
            &merged,
            "{choice:?}: undo did not restore the merge"
        );
    }
}

#[test]
fn a_nan_coordinate_is_no_difference_to_diff() {
    use trade_mission_planner::merge::compare::compare;
    let mut project = sample();
    port_mut(&mut project, TOKYO).latitude = f64::NAN;
    assert_eq!(compare(&project, &project.clone()), "");
}

/// Found by a delegate: Compare of two very different large copies read
/// differently from one run to the next (the line diff stopped at a 200 ms
/// deadline). Now it depends on the texts alone: lines found once in each
/// anchor the rest, a stretch with nothing to anchor on is one block
/// replaced, and a few changes far apart in a long text are those lines.
#[test]
fn a_comparison_of_long_texts_is_the_same_on_every_run() {
    use trade_mission_planner::merge::compare::compare;
    use trade_mission_planner::merge::line_diff::EXACT_LINES;
    let lines =
        |tag: &str, n: usize| -> String { (0..n).map(|i| format!("{tag} clause {i}\n")).collect() };
    let marked = |diff: &str| -> Vec<String> {
        diff.lines()
            .filter(|l| l.starts_with("  - ") || l.starts_with("  + "))
            .map(str::to_owned)
            .collect()
    };
    let with_draft = |draft: String| {
        let mut project = sample();
        agreement_mut(&mut project, MOU_TOKYO).draft = draft;
        project
    };
    // Changed everywhere, past what is diffed exactly: one block replaced.
    let half = EXACT_LINES / 2 + 1;
    let (ours, theirs) = (
        with_draft(lines("ours", half)),
        with_draft(lines("theirs", half)),
    );
    let first = compare(&ours, &theirs);
    assert_eq!(first, compare(&ours, &theirs));
    let block = marked(&first);
    assert_eq!(block.len(), 2 * half, "every line once");
    assert!(block[0].ends_with("draft: \"ours clause 0"), "{}", block[0]);
    assert_eq!(block[half - 1], format!("  - ours clause {}", half - 1));
    assert!(
        block[half].ends_with("draft: \"theirs clause 0"),
        "{}",
        block[half]
    );
    assert_eq!(
        block[2 * half - 1],
        format!("  + theirs clause {}", half - 1)
    );

    // A long text changed at its first and last lines and every 1,000th:
    // those lines (the block of everything between came back before).
    let long = lines("same", 3 * EXACT_LINES);
    let edited: String = long
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i % 1000 == 7 || i == 0 || i == 3 * EXACT_LINES - 1 {
                format!("changed {i}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    let diff = compare(&with_draft(long.clone()), &with_draft(edited));
    let changes = marked(&diff);
    assert_eq!(
        changes.len(),
        2 * (2 + 3 * EXACT_LINES / 1000),
        "{changes:?}"
    );
    assert!(changes.contains(&"  - same clause 7".to_owned()));
    assert!(changes.contains(&"  + changed 1007".to_owned()));
    assert!(changes.contains(&format!("  + changed {}", 3 * EXACT_LINES - 1)));

    // Two fields of one entity changed far apart: only their lines.
    let mut notes = with_draft(long.clone());
    agreement_mut(&mut notes, MOU_TOKYO).notes = long.clone();
    let mut both = notes.clone();
    let mou = agreement_mut(&mut both, MOU_TOKYO);
    mou.draft = mou.draft.replacen("same clause 5\n", "draft changed\n", 1);
    mou.notes = mou.notes.replace(
        &format!("same clause {}\n", 3 * EXACT_LINES - 5),
        "notes changed\n",
    );
    assert_eq!(marked(&compare(&notes, &both)).len(), 4);

    // The same lines in another order: matched by their order, not a block.
    let shuffled: String = {
        let mut all: Vec<&str> = long.split_inclusive('\n').collect();
        // A fixed shuffle: every 7th line to the end.
        let (moved, kept): (Vec<_>, Vec<_>) =
            all.drain(..).enumerate().partition(|(i, _)| i % 7 == 0);
        kept.into_iter()
            .chain(moved)
            .map(|(_, line)| line)
            .collect()
    };
    let diff = compare(&with_draft(long.clone()), &with_draft(shuffled.clone()));
    assert_eq!(diff, compare(&with_draft(long), &with_draft(shuffled)));
    let moved = marked(&diff);
    let (deleted, inserted) = (
        moved.iter().filter(|l| l.starts_with("  - ")).count(),
        moved.iter().filter(|l| l.starts_with("  + ")).count(),
    );
    assert_eq!(deleted, inserted);
    assert!(
        deleted < 3 * EXACT_LINES / 2,
        "{deleted} lines shown as moved"
    );

    // Past what is diffed exactly, a stretch with no line found once on
    // each side has nothing to anchor on: one block, not a diff that costs
    // the square of its length.
    let pairs = EXACT_LINES / 2 + 1;
    let (ab, ba) = ("a\nb\n".repeat(pairs), "b\na\n".repeat(pairs));
    let diff = compare(
        &with_draft(format!("x\n{ab}")),
        &with_draft(format!("y\n{ba}")),
    );
    assert_eq!(marked(&diff).len(), 2 * (2 * pairs + 1));
}

/// The command line's merge descends from both inputs, and when the
/// history is over the limit, ours' (the copy merging) is what stays.
#[test]
fn a_merged_file_names_both_inputs_and_keeps_our_history() {
    use trade_mission_planner::io::lineage::{MAX_ANCESTORS, version_hash, without_ancestors};
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name);
    let hashes = |tag: &str, n: usize| -> Vec<String> {
        (0..n).map(|i| version_hash(&format!("{tag}{i}"))).collect()
    };
    let base = sample();
    let mut ours = base.clone();
    ours.ancestors = hashes("ours", 20);
    port_mut(&mut ours, TOKYO).city = "Koto".into();
    let mut theirs = base.clone();
    theirs.ancestors = hashes("theirs", 30);
    save(&base, &path("base.mission.ron"));
    save(&ours, &path("ours.mission.ron"));
    save(&theirs, &path("theirs.mission.ron"));
    let own = |p: &std::path::Path| {
        version_hash(&without_ancestors(&std::fs::read_to_string(p).unwrap()))
    };
    let (ours_hash, theirs_hash) = (
        own(&path("ours.mission.ron")),
        own(&path("theirs.mission.ron")),
    );
    let output = run_cli(&[
        "merge".as_ref(),
        path("base.mission.ron").as_os_str(),
        path("ours.mission.ron").as_os_str(),
        path("theirs.mission.ron").as_os_str(),
        "-o".as_ref(),
        path("out.mission.ron").as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let merged = trade_mission_planner::io::load_file(&path("out.mission.ron")).unwrap();
    assert_eq!(merged.ancestors.len(), MAX_ANCESTORS);
    assert!(merged.ancestors.contains(&ours_hash));
    assert!(merged.ancestors.contains(&theirs_hash));
    for hash in &ours.ancestors {
        assert!(merged.ancestors.contains(hash), "ours' history kept");
    }
}

/// What the review shows as the value now, and as the conflict's name: the
/// merge keeps ours, so now is ours until a decision, and then that side.
#[test]
fn the_value_now_follows_the_merge_and_each_decision() {
    use trade_mission_planner::merge::resolve::{Choice, describe_conflict, resolve, value_now};
    let (base, ours, theirs) = colliding_copies();
    let merged = merge(&base, &ours, &theirs);
    let names: Vec<String> = merged
        .conflicts
        .iter()
        .map(|c| describe_conflict(&merged, c))
        .collect();
    assert!(names.contains(&"mission title".to_owned()), "{names:?}");
    assert!(
        names.contains(&format!("port \"{}\": name", "Port ours")),
        "{names:?}"
    );
    for (index, conflict) in merged.conflicts.iter().enumerate() {
        assert_eq!(
            value_now(&merged, conflict),
            conflict.ours,
            "{}",
            names[index]
        );
        let mut decided = merged.clone();
        trade_mission_planner::edit::apply(
            &mut decided,
            resolve(&merged, index, Choice::Theirs).unwrap(),
        )
        .unwrap();
        assert_eq!(
            value_now(&decided, conflict),
            conflict.theirs,
            "{} after deciding for theirs",
            names[index]
        );
    }
}

/// An entity a conflict is about may be deleted by hand before the
/// decision: deciding for the side that has it puts it back, for the side
/// that deleted it only drops the conflict.
#[test]
fn deciding_about_an_entity_deleted_since_the_merge() {
    use trade_mission_planner::edit::{Edit, apply};
    use trade_mission_planner::merge::resolve::{Choice, resolve};
    let (base, ours, theirs) = colliding_copies();
    let merged = merge(&base, &ours, &theirs);
    let index = merged
        .conflicts
        .iter()
        .position(|c| c.field == "exists")
        .unwrap();
    let subject = merged.conflicts[index].subject.unwrap();
    let mut deleted = merged.clone();
    apply(&mut deleted, Edit::Delete(subject)).unwrap();
    let mut back = deleted.clone();
    apply(&mut back, resolve(&deleted, index, Choice::Ours).unwrap()).unwrap();
    assert!(trade_mission_planner::model::entity::exists(&back, subject));
    let mut gone = deleted.clone();
    apply(&mut gone, resolve(&deleted, index, Choice::Theirs).unwrap()).unwrap();
    assert!(!trade_mission_planner::model::entity::exists(
        &gone, subject
    ));
    assert_eq!(gone.conflicts.len(), merged.conflicts.len() - 1);
}
