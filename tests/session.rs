//! The open document and its file, without any UI: open, edit, save, a
//! change on disk, reload, read-only files and crash recovery.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::sample;
use trade_mission_planner::app::session::{DiskCheck, Origin, RecoveryTick, SaveTarget, Session};
use trade_mission_planner::edit::{Edit, EditError};
use trade_mission_planner::io::project_file::{load_file, save_file};
use trade_mission_planner::io::recovery::RecoveryStore;

fn wall() -> jiff::Timestamp {
    "2023-03-12T03:00:00Z".parse().unwrap()
}

fn retitle(session: &mut Session, title: &str) {
    let mut mission = session.project().mission.clone();
    mission.title = title.to_owned();
    session.apply(Edit::SetMission(mission), None).unwrap();
}

/// A session on the sample, saved to `dir/name` and opened from there.
fn opened(dir: &Path, name: &str) -> (Session, PathBuf) {
    let path = dir.join(name);
    save_file(&sample(), &path).unwrap();
    let mut session = Session::new(sample(), Origin::Sample);
    session.open(&path).unwrap();
    (session, path)
}

#[test]
fn open_edit_save_then_the_file_holds_the_edit_and_nothing_is_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let (mut session, path) = opened(dir.path(), "m.mission.ron");
    assert_eq!(session.origin(), &Origin::File(path.clone()));
    assert!(!session.is_dirty());
    assert_eq!(
        session.window_title(),
        "m.mission.ron — Trade Mission Planner"
    );

    retitle(&mut session, "Edited mission");
    assert!(session.is_dirty());
    assert!(session.window_title().starts_with("● "));
    assert_eq!(session.save_target(), SaveTarget::File(path.clone()));

    session.save_to(&path).unwrap();
    assert!(!session.is_dirty());
    assert_eq!(load_file(&path).unwrap().mission.title, "Edited mission");
    assert_eq!(session.check_disk(), DiskCheck::Unchanged);
}

#[test]
fn saving_never_changes_the_document_or_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let (mut session, path) = opened(dir.path(), "m.mission.ron");
    retitle(&mut session, "Edited mission");
    let before = session.project().clone();
    let generation = session.document().generation();
    let undo = session.document().history().undo_label().map(str::to_owned);
    session.save_to(&path).unwrap();
    assert_eq!(session.project(), &before);
    assert_eq!(session.document().generation(), generation);
    assert_eq!(
        session.document().history().undo_label().map(str::to_owned),
        undo
    );
}

#[test]
fn a_project_without_a_file_needs_a_name_and_a_failed_save_stays_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::new(sample(), Origin::Sample);
    assert_eq!(session.save_target(), SaveTarget::NeedsName);
    assert_eq!(
        session.suggested_name(),
        "2023-California-Japan-Clean-Energy-Trade-Mission.mission.ron"
    );
    retitle(&mut session, "Tokyo / Yokohama");
    assert_eq!(session.suggested_name(), "Tokyo-Yokohama.mission.ron");

    let missing = dir.path().join("no such folder").join("m.mission.ron");
    let err = session.save_to(&missing).unwrap_err();
    assert!(!err.is_empty());
    assert!(session.is_dirty(), "a failed save keeps the work unsaved");
    assert_eq!(session.origin(), &Origin::Sample);
}

#[test]
fn a_change_on_disk_is_noticed_and_asked_about_before_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let (mut session, path) = opened(dir.path(), "m.mission.ron");
    let mut theirs = sample();
    theirs.mission.title = "Changed by a colleague".to_owned();
    save_file(&theirs, &path).unwrap();

    // Nothing unsaved here: offer to reload, and reloading shows their version.
    assert_eq!(
        session.check_disk(),
        DiskCheck::ChangedOffersReload(path.clone())
    );
    session.open(&path).unwrap();
    assert_eq!(session.project().mission.title, "Changed by a colleague");
    assert_eq!(session.check_disk(), DiskCheck::Unchanged);

    // They change it again while we edit: Save must ask.
    theirs.mission.title = "Changed again".to_owned();
    save_file(&theirs, &path).unwrap();
    retitle(&mut session, "Ours");
    assert_eq!(
        session.check_disk(),
        DiskCheck::ChangedWhileEditing(path.clone())
    );
    assert_eq!(
        session.save_target(),
        SaveTarget::ChangedOnDisk(path.clone())
    );
}

#[test]
fn keeping_our_version_over_a_changed_file_makes_it_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let (mut session, path) = opened(dir.path(), "m.mission.ron");
    std::fs::remove_file(&path).unwrap();
    assert_eq!(
        session.check_disk(),
        DiskCheck::ChangedOffersReload(path.clone())
    );
    session.keep_over_disk();
    assert!(session.is_dirty());
    assert_eq!(session.save_target(), SaveTarget::ChangedOnDisk(path));
}

#[test]
fn a_file_that_cannot_be_opened_leaves_the_open_document_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (mut session, path) = opened(dir.path(), "m.mission.ron");
    retitle(&mut session, "Unsaved work");
    let broken = dir.path().join("broken.mission.ron");
    std::fs::write(&broken, "(format_version: 3, mission: (").unwrap();
    let err = session.open(&broken).unwrap_err();
    assert!(err.contains(':'), "the message has a position: {err}");
    assert_eq!(session.project().mission.title, "Unsaved work");
    assert!(session.is_dirty());
    assert_eq!(session.origin(), &Origin::File(path));
}

#[test]
fn a_newer_apps_file_is_read_only_and_save_asks_for_a_new_name() {
    let fixture =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/newer_version.mission.ron");
    let mut session = Session::new(sample(), Origin::Sample);
    session.open(&fixture).unwrap();
    assert!(session.read_only().is_some());
    let mut mission = session.project().mission.clone();
    mission.title = "Edited".to_owned();
    assert!(matches!(
        session.apply(Edit::SetMission(mission), None),
        Err(EditError::ReadOnly)
    ));
    assert_eq!(session.save_target(), SaveTarget::NeedsName);

    // A copy saved elsewhere is this version's, and editable.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.mission.ron");
    session.save_to(&copy).unwrap();
    assert!(session.read_only().is_none());
    retitle(&mut session, "Now editable");
}

#[test]
fn unsaved_work_goes_to_the_recovery_file_after_a_pause_and_comes_back_after_a_crash() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut session, path) = opened(dir.path(), "m.mission.ron");
    let orphans = session.attach_recovery(RecoveryStore::open(data.path()).unwrap());
    assert!(orphans.is_empty());

    assert!(matches!(
        session.recovery_tick(0.0, wall()),
        RecoveryTick::Idle
    ));
    retitle(&mut session, "Work a crash must not lose");
    assert!(matches!(
        session.recovery_tick(10.0, wall()),
        RecoveryTick::WaitSeconds(wait) if wait > 1.9
    ));
    assert!(!session.has_recovery_entry());
    assert!(matches!(
        session.recovery_tick(12.5, wall()),
        RecoveryTick::Written
    ));
    assert!(session.has_recovery_entry());
    assert!(matches!(
        session.recovery_tick(13.0, wall()),
        RecoveryTick::Idle
    ));
    let edited = session.project().clone();

    // The instance dies with its work unsaved; the next one finds it.
    drop(session);
    let mut next = Session::new(sample(), Origin::Sample);
    let orphans = next.attach_recovery(RecoveryStore::open(data.path()).unwrap());
    assert_eq!(orphans.len(), 1);
    assert_eq!(orphans[0].original.as_deref(), Some(path.as_path()));
    assert_eq!(orphans[0].written_at, wall());
    next.restore(&orphans[0]).unwrap();
    assert_eq!(next.project(), &edited);
    assert!(next.is_dirty(), "restored work is not saved yet");
    assert_eq!(next.origin(), &Origin::File(path.clone()));

    // Once it is saved, nothing is left to recover.
    next.save_to(&path).unwrap();
    let third = Session::new(sample(), Origin::Sample)
        .attach_recovery(RecoveryStore::open(data.path()).unwrap());
    assert!(third.is_empty());
}

#[test]
fn saving_deletes_this_instances_recovery_file() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut session, path) = opened(dir.path(), "m.mission.ron");
    session.attach_recovery(RecoveryStore::open(data.path()).unwrap());
    retitle(&mut session, "Edited");
    session.recovery_tick(0.0, wall());
    session.recovery_tick(5.0, wall());
    assert!(session.has_recovery_entry());
    session.save_to(&path).unwrap();
    assert!(!session.has_recovery_entry());
}

/// Work restored after a crash still knows what its file looked like: if
/// another program changed the file meanwhile, Save asks before overwriting.
#[test]
fn restored_work_asks_before_overwriting_a_file_changed_since() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut session, path) = opened(dir.path(), "m.mission.ron");
    session.attach_recovery(RecoveryStore::open(data.path()).unwrap());
    retitle(&mut session, "Ours, unsaved when we crashed");
    session.recovery_tick(0.0, wall());
    assert!(matches!(
        session.recovery_tick(5.0, wall()),
        RecoveryTick::Written
    ));
    drop(session);

    // A colleague saves a newer version before we start again.
    let mut theirs = sample();
    theirs.mission.title = "Theirs".into();
    save_file(&theirs, &path).unwrap();

    let mut next = Session::new(sample(), Origin::Sample);
    let orphans = next.attach_recovery(RecoveryStore::open(data.path()).unwrap());
    next.restore(&orphans[0]).unwrap();
    assert_eq!(next.save_target(), SaveTarget::ChangedOnDisk(path.clone()));
    assert_eq!(load_file(&path).unwrap().mission.title, "Theirs");
}

/// Lock files that killed instances left with nothing to offer go at the
/// next start; a running instance's lock stays.
#[test]
fn stale_recovery_locks_are_removed_and_live_ones_kept() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("12345-dead.lock"), "").unwrap();
    let running = RecoveryStore::open(data.path()).unwrap();
    let running_lock = data.path().join(format!("{}.lock", running.id()));
    let _next = RecoveryStore::open(data.path()).unwrap();
    assert!(!data.path().join("12345-dead.lock").exists());
    assert!(running_lock.exists());
}
