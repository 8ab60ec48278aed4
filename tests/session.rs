//! The open document and its file, without any UI: open, edit, save, a
//! change on disk, reload, read-only files and crash recovery.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::sample;
use trade_mission_planner::app::session::{DiskCheck, Origin, RecoveryTick, SaveTarget, Session};
use trade_mission_planner::edit::{Edit, EditError};
use trade_mission_planner::io::lineage::SnapshotStore;
use trade_mission_planner::io::project_file::{load_file, save_file};
use trade_mission_planner::io::recovery::RecoveryStore;
use trade_mission_planner::merge::compare::compare;
use trade_mission_planner::model::entity::{Entity, find};
use trade_mission_planner::model::{Person, Port};

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
    // Only the lineage moves: the project now descends from the version
    // just saved, which the file names as its newest ancestor.
    let saved_text = std::fs::read_to_string(&path).unwrap();
    let own = trade_mission_planner::io::lineage::version_hash(
        &trade_mission_planner::io::lineage::without_ancestors(&saved_text),
    );
    let mut expected = before.clone();
    expected.ancestors.push(own);
    assert_eq!(session.project(), &expected);
    assert_eq!(&load_file(&path).unwrap(), session.project());
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
    next.restore(&orphans[0], None).unwrap();
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
    next.restore(&orphans[0], None).unwrap();
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

// ------------------------------------------------------------- two laptops

/// One delegate's laptop: a session with its own app data folder.
struct Laptop {
    session: Session,
    _data: tempfile::TempDir,
}

impl Laptop {
    fn new() -> Self {
        let data = tempfile::tempdir().unwrap();
        let mut session = Session::new(sample(), Origin::Sample);
        session.attach_snapshots(SnapshotStore::open(data.path()).unwrap());
        Self {
            session,
            _data: data,
        }
    }

    fn edit_port_city(&mut self, city: &str) {
        let mut port = find::<Port>(self.session.project(), common::TOKYO)
            .unwrap()
            .clone();
        port.city = city.to_owned();
        self.session
            .apply(Edit::Update(port.into_any()), None)
            .unwrap();
    }

    fn edit_email(&mut self, email: &str) {
        let mut person = find::<Person>(self.session.project(), common::MARIA)
            .unwrap()
            .clone();
        person.email = email.to_owned();
        self.session
            .apply(Edit::Update(person.into_any()), None)
            .unwrap();
    }
}

/// A saves the mission and hands the file to B; both edit (different
/// fields, and the mission title both ways); each merges the other's copy;
/// after deciding the one conflict the same way, both hold the same project.
#[test]
fn two_laptops_merge_each_others_copies_and_agree() {
    use trade_mission_planner::app::session::MergeBase;
    use trade_mission_planner::merge::resolve::{Choice, resolve};
    let files = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (Laptop::new(), Laptop::new());
    let handed = files.path().join("mission.mission.ron");
    a.session.save_to(&handed).unwrap();
    let b_file = files.path().join("b-copy.mission.ron");
    std::fs::copy(&handed, &b_file).unwrap();
    b.session.open(&b_file).unwrap();

    a.edit_port_city("Koto");
    retitle(&mut a.session, "Mission (A's title)");
    b.edit_email("maria@port.example");
    retitle(&mut b.session, "Mission (B's title)");
    let a_file = files.path().join("a-copy.mission.ron");
    a.session.save_to(&a_file).unwrap();
    b.session.save_to(&b_file).unwrap();

    // Each merges the other's copy: the handed-over version is the base,
    // found in each laptop's own snapshots.
    let on_a = a.session.merge_file(&b_file).unwrap();
    let on_b = b.session.merge_file(&a_file).unwrap();
    for (merged, laptop) in [(&on_a, &a), (&on_b, &b)] {
        assert_eq!(merged.base, MergeBase::Common);
        assert_eq!(merged.new_conflicts, 1);
        let project = laptop.session.project();
        assert_eq!(project.conflicts[0].field, "mission title");
        assert_eq!(find::<Port>(project, common::TOKYO).unwrap().city, "Koto");
        assert_eq!(
            find::<Person>(project, common::MARIA).unwrap().email,
            "maria@port.example"
        );
    }
    // Both decide for B's title: theirs on A, ours on B.
    let decide = |laptop: &mut Laptop, choice| {
        let edit = resolve(laptop.session.project(), 0, choice).unwrap();
        laptop.session.apply(edit, None).unwrap();
    };
    decide(&mut a, Choice::Theirs);
    decide(&mut b, Choice::Ours);
    let (pa, pb) = (a.session.project(), b.session.project());
    assert_eq!(pa.mission.title, "Mission (B's title)");
    assert_eq!(compare(pa, pb), "");
    let strip = |p: &trade_mission_planner::model::Project| {
        let mut p = p.clone();
        p.ancestors.sort();
        p
    };
    assert_eq!(strip(pa), strip(pb));
    // Merging again changes nothing: each already has all of the other's.
    a.session.save_to(&a_file).unwrap();
    let again = b.session.merge_file(&a_file).unwrap();
    assert!(!again.changed, "a second merge found something new");
}

#[test]
fn without_a_known_common_version_the_merge_is_two_way_and_says_so() {
    use trade_mission_planner::app::session::MergeBase;
    let files = tempfile::tempdir().unwrap();
    let mut a = Laptop::new();
    let mut stranger = sample();
    stranger.ports[1].city = "Minato".into();
    stranger
        .people
        .push(trade_mission_planner::model::Person::new("New Colleague"));
    let theirs = files.path().join("theirs.mission.ron");
    save_file(&stranger, &theirs).unwrap();
    let merged = a.session.merge_file(&theirs).unwrap();
    assert_eq!(merged.base, MergeBase::TwoWay);
    let fields: Vec<&str> = a
        .session
        .project()
        .conflicts
        .iter()
        .map(|c| c.field.as_str())
        .collect();
    assert_eq!(fields, ["city", "exists"], "every difference is a conflict");
    // One undo step takes the whole merge back.
    a.session.undo().unwrap();
    assert_eq!(a.session.project(), &sample());
}

#[test]
fn a_file_changed_on_disk_merges_with_the_version_read_as_base() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let (mut session, path) = opened(dir.path(), "m.mission.ron");
    session.attach_snapshots(SnapshotStore::open(data.path()).unwrap());
    retitle(&mut session, "Ours");
    // Another program (a colleague on a shared drive) changes a port.
    let mut theirs = load_file(&path).unwrap();
    theirs.ports[0].city = "Wilmington".into();
    save_file(&theirs, &path).unwrap();
    assert!(session.changed_on_disk());
    let merged = session.merge_disk().unwrap();
    assert_eq!(merged.new_conflicts, 0);
    assert_eq!(session.project().mission.title, "Ours");
    assert_eq!(session.project().ports[0].city, "Wilmington");
    // Their changes are in: saving overwrites without asking again.
    assert!(!session.changed_on_disk());
    assert_eq!(session.save_target(), SaveTarget::File(path.clone()));
}

#[test]
fn snapshots_are_kept_once_and_pruned_by_age_then_size() {
    let data = tempfile::tempdir().unwrap();
    let store = SnapshotStore::open(data.path()).unwrap();
    let first = store.keep("(one)\n").unwrap();
    #[cfg(unix)]
    let inode = |hash: &str| {
        use std::os::unix::fs::MetadataExt;
        let path = data.path().join(format!("{hash}.mission.ron"));
        std::fs::metadata(path).unwrap().ino()
    };
    #[cfg(unix)]
    let written = inode(&first);
    assert_eq!(store.keep("(one)\n").unwrap(), first);
    // Kept once: the second time only touches it (an atomic write would
    // make a new file).
    #[cfg(unix)]
    assert_eq!(inode(&first), written);
    let second = store.keep("(two, longer)\n").unwrap();
    let count = || std::fs::read_dir(data.path()).unwrap().count();
    assert_eq!(count(), 2);
    // Something else in the folder is never touched.
    std::fs::write(data.path().join("notes.txt"), "mine").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .append(true)
        .open(data.path().join(format!("{first}.mission.ron")))
        .unwrap()
        .set_modified(old)
        .unwrap();
    assert_eq!(
        store.prune(std::time::Duration::from_secs(7200), 1 << 20),
        0
    );
    // Over the size limit: the least recently used goes first.
    assert_eq!(store.prune(std::time::Duration::from_secs(7200), 16), 1);
    assert!(!data.path().join(format!("{first}.mission.ron")).exists());
    assert!(data.path().join(format!("{second}.mission.ron")).exists());
    assert_eq!(store.prune(std::time::Duration::ZERO, 1 << 20), 1);
    assert_eq!(count(), 1, "only notes.txt is left");
}

/// A merge prepared off the UI thread is not applied over edits made
/// meanwhile (they would be lost in the replaced project).
#[test]
fn a_merge_prepared_before_an_edit_is_refused_and_changes_nothing() {
    use trade_mission_planner::app::session::prepare_file_merge;
    let files = tempfile::tempdir().unwrap();
    let mut a = Laptop::new();
    let mut theirs = sample();
    theirs.ports[0].city = "Wilmington".into();
    let path = files.path().join("theirs.mission.ron");
    save_file(&theirs, &path).unwrap();
    let prepared = prepare_file_merge(a.session.merge_inputs(), &path).unwrap();
    assert!(prepared.outcome.changed);
    a.edit_email("typed.while@merging.example");
    let before = a.session.project().clone();
    let err = a.session.apply_merge(prepared).unwrap_err();
    assert!(
        err.contains("changed while the merge was being prepared"),
        "{err}"
    );
    assert_eq!(a.session.project(), &before);
}

/// A merge's bar moves by its stages (reading the other copy, finding the
/// common version, merging), and Cancel between two stops it there.
#[test]
fn a_merge_reports_its_stages_and_stops_between_them_when_cancelled() {
    use trade_mission_planner::app::session::{
        prepare_disk_merge_watched, prepare_file_merge_watched,
    };
    let files = tempfile::tempdir().unwrap();
    let a = Laptop::new();
    let mut theirs = sample();
    theirs.ports[0].city = "Wilmington".into();
    let path = files.path().join("theirs.mission.ron");
    save_file(&theirs, &path).unwrap();

    let watched = common::Recorder::default();
    let prepared = prepare_file_merge_watched(a.session.merge_inputs(), &path, &watched).unwrap();
    assert_eq!(watched.reports(), [(0, 3), (1, 3), (2, 3), (3, 3)]);
    assert_eq!(
        prepared,
        trade_mission_planner::app::session::prepare_file_merge(a.session.merge_inputs(), &path)
            .unwrap()
    );

    for stage in 1..=3 {
        let cancelled = common::Recorder::cancelling_after(stage);
        let err =
            prepare_file_merge_watched(a.session.merge_inputs(), &path, &cancelled).unwrap_err();
        assert_eq!(err, "the merge was cancelled; nothing changed");
        assert_eq!(cancelled.reports().len(), stage);
    }

    // The changes on disk merge the same way.
    let (b, disk) = opened(files.path(), "ours.mission.ron");
    save_file(&theirs, &disk).unwrap();
    let watched = common::Recorder::default();
    prepare_disk_merge_watched(b.merge_inputs(), &watched).unwrap();
    assert_eq!(watched.reports(), [(0, 3), (1, 3), (2, 3), (3, 3)]);
    let cancelled = common::Recorder::cancelling_after(2);
    assert!(prepare_disk_merge_watched(b.merge_inputs(), &cancelled).is_err());
    assert_eq!(cancelled.reports().len(), 2);
}

/// A contacts or spreadsheet import's bar moves by its stages (the file
/// read, what it changes worked out, the project checked), and Cancel
/// between two stops it with nothing imported.
#[test]
fn a_table_import_reports_its_stages_and_stops_between_them_when_cancelled() {
    use std::sync::Arc;
    use trade_mission_planner::app::table_import::{TableInput, prepare_table_import};
    let card =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Aiko Tanaka\r\nEMAIL:aiko@example.jp\r\nEND:VCARD\r\n";
    let input = TableInput::Contacts(Arc::from(card.as_bytes()));
    let project = sample();
    let watched = common::Recorder::default();
    let prepared =
        prepare_table_import(&project, 7, input.clone(), "a.vcf".into(), &watched).unwrap();
    assert_eq!(watched.reports(), [(1, 3), (2, 3), (3, 3)]);
    assert_eq!((prepared.added, prepared.generation), (1, 7));
    for stage in 1..=2 {
        let cancelled = common::Recorder::cancelling_after(stage);
        let err = prepare_table_import(&project, 7, input.clone(), "a.vcf".into(), &cancelled)
            .unwrap_err();
        assert_eq!(err, "the import was cancelled; nothing was imported");
        assert_eq!(cancelled.reports().len(), stage);
    }
}

/// The documented limits: a snapshot unused for 180 days goes, a younger
/// one stays, and a few megabytes are far below the size limit.
#[test]
fn default_pruning_goes_by_half_a_year_and_half_a_gigabyte() {
    use std::time::{Duration, SystemTime};
    let data = tempfile::tempdir().unwrap();
    let store = SnapshotStore::open(data.path()).unwrap();
    let day = Duration::from_secs(24 * 60 * 60);
    let aged = |text: &str, age: Duration| {
        let hash = store.keep(text).unwrap();
        let path = data.path().join(format!("{hash}.mission.ron"));
        std::fs::File::options()
            .append(true)
            .open(&path)
            .unwrap()
            .set_modified(SystemTime::now() - age)
            .unwrap();
        path
    };
    let big = "x".repeat(3 << 20);
    let young = aged(&big, day * 179);
    let old = aged("(old)", day * 181);
    assert_eq!(store.prune_default(), 1);
    assert!(young.exists() && !old.exists());
}

/// Opening a file the app wrote names its version from the file's own
/// text (no second encoding of a 28 MB project); the name is the one
/// encoding would give, and a hand-edited file is named by encoding.
#[test]
fn a_file_the_app_wrote_is_named_from_its_text_as_encoding_would_name_it() {
    use trade_mission_planner::io::lineage::{name_from_file, name_itself};
    use trade_mission_planner::io::project_file::load_str;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("named.mission.ron");
    let mut session = Session::new(common::sample(), Origin::Untitled);
    session.save_to(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut from_text = load_str(&text).unwrap();
    let mut encoded = from_text.clone();
    let by_text = name_from_file(&mut from_text, &text).unwrap();
    let by_encoding = name_itself(&mut encoded).unwrap();
    assert_eq!(by_text, by_encoding);
    assert_eq!(from_text, encoded);
    // Edited by hand since: its text no longer hashes to the name it carries.
    let edited_text = text.replace("Welcome dinner", "Welcome lunch");
    let mut edited = load_str(&edited_text).unwrap();
    let mut edited_encoded = edited.clone();
    let named = name_from_file(&mut edited, &edited_text).unwrap();
    assert_eq!(named, name_itself(&mut edited_encoded).unwrap());
    assert_ne!(named.0, by_text.0);
}

/// Protected projects (#19): the file, its backup, its recovery copies and
/// its snapshots are encrypted with the passphrase; nothing of the project
/// stays readable on disk.
mod protected {
    use super::*;
    use age::secrecy::SecretString;
    use trade_mission_planner::app::session::OpenFailure;

    fn key(text: &str) -> SecretString {
        SecretString::from(text.to_owned())
    }

    /// Strings of the sample that must never be on disk in the clear.
    const CLEAR: [&str; 4] = ["Port of Tokyo", "drayage", "Yokohama", "Green Shipping"];

    /// Every file under `dirs` that holds one of `words` (or of [`CLEAR`]).
    fn exposed(dirs: &[&Path], words: &[&str]) -> Vec<String> {
        let mut found = Vec::new();
        let mut stack: Vec<PathBuf> = dirs.iter().map(|d| d.to_path_buf()).collect();
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let bytes = std::fs::read(&path).unwrap();
                for word in CLEAR.iter().chain(words) {
                    if memchr::memmem::find(&bytes, word.as_bytes()).is_some() {
                        found.push(format!("{}: {word}", path.display()));
                    }
                }
            }
        }
        found
    }

    fn is_age(path: &Path) -> bool {
        std::fs::read(path)
            .unwrap()
            .starts_with(b"age-encryption.org/v1\n")
    }

    #[test]
    fn protecting_encrypts_the_file_its_backup_and_the_snapshots_of_its_versions() {
        let dir = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let (mut session, path) = opened(dir.path(), "m.mission.ron");
        session.attach_snapshots(SnapshotStore::open(data.path()).unwrap());
        // An earlier plain save, so there is a plain backup and snapshot.
        retitle(&mut session, "Before protection");
        session.save_to(&path).unwrap();
        assert!(!exposed(&[dir.path(), data.path()], &[]).is_empty());

        session.set_protection(Some(key("harbour lights at dawn")));
        assert!(session.is_dirty(), "the file is not protected until saved");
        assert!(session.window_title().contains("(protected)"));
        session.save_to(&path).unwrap();
        assert!(!session.is_dirty());
        assert!(is_age(&path));
        assert!(is_age(&trade_mission_planner::io::backup_path(&path)));
        assert_eq!(
            exposed(&[dir.path(), data.path()], &["Before protection"]),
            Vec::<String>::new()
        );

        // It opens with the passphrase only, as it was.
        let saved = session.project().clone();
        let mut other = Session::new(sample(), Origin::Sample);
        assert_eq!(
            other.open_with(&path, None).unwrap_err(),
            OpenFailure::NeedsPassphrase
        );
        assert_eq!(
            other
                .open_with(&path, Some(&key("harbour lights at dusk")))
                .unwrap_err(),
            OpenFailure::WrongPassphrase
        );
        assert_eq!(other.project(), &sample(), "a failed open changes nothing");
        other
            .open_with(&path, Some(&key("harbour lights at dawn")))
            .unwrap();
        assert_eq!(other.project(), &saved);
        assert!(other.is_protected() && !other.is_dirty());
        // The backup is the plain version before, encrypted.
        let backup = trade_mission_planner::io::project_file::load_file_with(
            &trade_mission_planner::io::backup_path(&path),
            Some(&key("harbour lights at dawn")),
        )
        .unwrap();
        assert_eq!(backup.mission.title, "Before protection");
    }

    #[test]
    fn a_protected_merge_reads_the_colleagues_protected_copy_and_its_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let store = SnapshotStore::open(data.path()).unwrap();
        let (mut ours, path) = opened(dir.path(), "ours.mission.ron");
        ours.attach_snapshots(store.clone());
        ours.set_protection(Some(key("harbour lights at dawn")));
        ours.save_to(&path).unwrap();
        // A colleague's copy of that version, with a port renamed.
        let theirs_path = dir.path().join("theirs.mission.ron");
        std::fs::copy(&path, &theirs_path).unwrap();
        let mut theirs = Session::new(sample(), Origin::Sample);
        theirs.attach_snapshots(store);
        theirs
            .open_with(&theirs_path, Some(&key("harbour lights at dawn")))
            .unwrap();
        retitle(&mut theirs, "Theirs");
        theirs.save_to(&theirs_path).unwrap();
        assert!(is_age(&theirs_path));

        let merged = ours.merge_file(&theirs_path).unwrap();
        assert_eq!(
            merged.base,
            trade_mission_planner::app::session::MergeBase::Common,
            "the common version's snapshot is read with the passphrase"
        );
        assert_eq!(ours.project().mission.title, "Theirs");
        assert_eq!(
            exposed(&[dir.path(), data.path()], &["Theirs"]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn protected_unsaved_work_is_recovered_encrypted_with_the_passphrase_only() {
        let dir = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let (mut session, path) = opened(dir.path(), "m.mission.ron");
        session.set_protection(Some(key("harbour lights at dawn")));
        session.save_to(&path).unwrap();
        session.attach_recovery(RecoveryStore::open(data.path()).unwrap());
        retitle(&mut session, "Unsaved negotiating position");
        session.recovery_tick(0.0, wall());
        assert!(matches!(
            session.recovery_tick(5.0, wall()),
            RecoveryTick::Written
        ));
        let edited = session.project().clone();
        // Dies with the work unsaved (the encryption finishes first).
        drop(session);
        assert_eq!(
            exposed(&[dir.path(), data.path()], &["Unsaved negotiating"]),
            Vec::<String>::new()
        );

        let mut next = Session::new(sample(), Origin::Sample);
        let orphans = next.attach_recovery(RecoveryStore::open(data.path()).unwrap());
        assert_eq!(orphans.len(), 1);
        assert!(orphans[0].protected);
        assert_eq!(orphans[0].title, "", "not even the title is in the clear");
        assert_eq!(
            next.restore(&orphans[0], None).unwrap_err(),
            OpenFailure::NeedsPassphrase
        );
        assert_eq!(
            next.restore(&orphans[0], Some(&key("wrong"))).unwrap_err(),
            OpenFailure::WrongPassphrase
        );
        next.restore(&orphans[0], Some(&key("harbour lights at dawn")))
            .unwrap();
        assert_eq!(next.project(), &edited);
        assert!(next.is_protected(), "restored work stays protected");
        next.save_to(&path).unwrap();
        assert!(is_age(&path));
        assert_eq!(
            exposed(&[dir.path(), data.path()], &["Unsaved negotiating"]),
            Vec::<String>::new()
        );
    }

    /// Every file under `dirs` that `key` decrypts.
    fn opened_by(dirs: &[&Path], key: &SecretString) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for dir in dirs {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let bytes = std::fs::read(entry.path()).unwrap();
                if trade_mission_planner::io::protect::is_protected(&bytes)
                    && trade_mission_planner::io::protect::decrypt(&bytes, key).is_ok()
                {
                    found.push(entry.path());
                }
            }
        }
        found
    }

    /// A changed passphrase: the old one opens nothing current (the file,
    /// its backup, the snapshots), and a merge still finds its base.
    #[test]
    fn a_changed_passphrase_turns_the_backup_and_snapshots_and_merging_still_finds_the_base() {
        let dir = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let (mut session, path) = opened(dir.path(), "m.mission.ron");
        session.attach_snapshots(SnapshotStore::open(data.path()).unwrap());
        session.set_protection(Some(key("harbour lights at dawn")));
        retitle(&mut session, "Under the first passphrase");
        session.save_to(&path).unwrap();
        retitle(&mut session, "Still under the first");
        session.save_to(&path).unwrap();
        assert!(!opened_by(&[dir.path(), data.path()], &key("harbour lights at dawn")).is_empty());

        session.set_protection(Some(key("lantern pier mango")));
        session.save_to(&path).unwrap();
        assert_eq!(
            opened_by(&[dir.path(), data.path()], &key("harbour lights at dawn")),
            Vec::<PathBuf>::new(),
            "the old passphrase opens nothing"
        );
        let new = opened_by(&[dir.path(), data.path()], &key("lantern pier mango"));
        assert!(new.contains(&path));
        assert!(new.contains(&trade_mission_planner::io::backup_path(&path)));
        assert!(
            new.len() >= 4,
            "the file, its backup and the snapshots: {new:?}"
        );

        // A colleague's copy of this version, changed: a three-way merge.
        let theirs_path = dir.path().join("theirs.mission.ron");
        std::fs::copy(&path, &theirs_path).unwrap();
        let mut theirs = Session::new(sample(), Origin::Sample);
        theirs
            .open_with(&theirs_path, Some(&key("lantern pier mango")))
            .unwrap();
        retitle(&mut theirs, "Theirs");
        theirs.save_to(&theirs_path).unwrap();
        let merged = session.merge_file(&theirs_path).unwrap();
        assert_eq!(
            merged.base,
            trade_mission_planner::app::session::MergeBase::Common
        );
    }

    /// Removed protection: everything it kept is plain again, so a merge
    /// finds its base without any passphrase.
    #[test]
    fn removed_protection_turns_the_backup_and_snapshots_plain() {
        let dir = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let (mut session, path) = opened(dir.path(), "m.mission.ron");
        session.attach_snapshots(SnapshotStore::open(data.path()).unwrap());
        session.set_protection(Some(key("harbour lights at dawn")));
        session.save_to(&path).unwrap();
        retitle(&mut session, "Protected for a while");
        session.save_to(&path).unwrap();
        session.set_protection(None);
        session.save_to(&path).unwrap();
        assert_eq!(
            opened_by(&[dir.path(), data.path()], &key("harbour lights at dawn")),
            Vec::<PathBuf>::new()
        );
        assert!(!is_age(&trade_mission_planner::io::backup_path(&path)));

        let theirs_path = dir.path().join("theirs.mission.ron");
        std::fs::copy(&path, &theirs_path).unwrap();
        let mut theirs = Session::new(sample(), Origin::Sample);
        theirs.open(&theirs_path).unwrap();
        retitle(&mut theirs, "Theirs");
        theirs.save_to(&theirs_path).unwrap();
        let merged = session.merge_file(&theirs_path).unwrap();
        assert_eq!(
            merged.base,
            trade_mission_planner::app::session::MergeBase::Common
        );
        assert_eq!(session.project().mission.title, "Theirs");
    }

    /// A file protected outside the app (the command line, the age tool)
    /// whose version this computer kept in the clear: opening it protected
    /// encrypts that snapshot.
    #[test]
    fn opening_a_file_protected_elsewhere_encrypts_its_plain_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let store = SnapshotStore::open(data.path()).unwrap();
        let mut session = Session::new(sample(), Origin::Sample);
        session.attach_snapshots(store.clone());
        let path = dir.path().join("m.mission.ron");
        save_file(&sample(), &path).unwrap();
        session.open(&path).unwrap();
        assert!(
            !exposed(&[data.path()], &[]).is_empty(),
            "kept in the clear"
        );

        let plain = std::fs::read(&path).unwrap();
        let sealed = trade_mission_planner::io::protect::encrypt(
            &plain,
            &key("harbour lights at dawn"),
            trade_mission_planner::io::protect::WORK_FACTOR,
        )
        .unwrap();
        std::fs::write(&path, sealed).unwrap();
        let mut next = Session::new(sample(), Origin::Sample);
        next.attach_snapshots(store);
        next.open_with(&path, Some(&key("harbour lights at dawn")))
            .unwrap();
        assert_eq!(exposed(&[data.path()], &[]), Vec::<String>::new());
    }

    /// A protected recovery copy is written on another thread; when that
    /// fails (here: its folder is gone) the next tick says so.
    #[test]
    fn a_failed_protected_recovery_write_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let recovery = data.path().join("recovery");
        let (mut session, path) = opened(dir.path(), "m.mission.ron");
        session.set_protection(Some(key("harbour lights at dawn")));
        session.save_to(&path).unwrap();
        session.attach_recovery(RecoveryStore::open(&recovery).unwrap());
        std::fs::remove_dir_all(&recovery).unwrap();
        retitle(&mut session, "Nowhere to keep this");
        session.recovery_tick(0.0, wall());
        assert!(matches!(
            session.recovery_tick(5.0, wall()),
            RecoveryTick::Written
        ));
        let mut said = None;
        for step in 0..500 {
            if let RecoveryTick::Failed(err) = session.recovery_tick(6.0 + f64::from(step), wall())
            {
                said = Some(err);
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(said.is_some(), "the failure is reported");
    }

    #[test]
    fn removing_the_protection_takes_the_passphrase_and_saves_plain() {
        let dir = tempfile::tempdir().unwrap();
        let (mut session, path) = opened(dir.path(), "m.mission.ron");
        session.set_protection(Some(key("harbour lights at dawn")));
        session.save_to(&path).unwrap();
        assert!(session.has_passphrase(&key("harbour lights at dawn")));
        assert!(!session.has_passphrase(&key("harbour lights at dawn ")));
        assert!(!session.has_passphrase(&key("")));
        session.set_protection(None);
        assert!(!session.has_passphrase(&key("harbour lights at dawn")));
        session.save_to(&path).unwrap();
        assert!(!is_age(&path));
        assert_eq!(load_file(&path).unwrap(), *session.project());
    }
}

/// An import the file limits refuse is refused before its preview, off the
/// UI thread (it was refused only after Import, once the window had frozen
/// applying it), and an import the limits allow passes.
#[test]
fn an_import_that_would_make_the_project_unsaveable_is_refused_before_it_is_applied() {
    use trade_mission_planner::model::AnyEntity;
    use trade_mission_planner::model::limits::MAX_TEXT_BYTES;
    let project = sample();
    let mut event = project.events[0].clone();
    event.notes = "minutes ".repeat(MAX_TEXT_BYTES / 8 + 1);
    let too_long = [Edit::Update(AnyEntity::Event(event.clone()))];
    let err = Session::check_import(&project, "Import calendar", &too_long).unwrap_err();
    assert!(
        err.starts_with("the project could not be saved with it, so nothing was imported ("),
        "{err}"
    );
    assert!(err.contains("(8 MiB)"), "{err}");
    event.notes = "minutes".into();
    let fine = [Edit::Update(AnyEntity::Event(event))];
    assert_eq!(
        Session::check_import(&project, "Import calendar", &fine),
        Ok(())
    );
    assert_eq!(
        Session::check_import(&project, "Import calendar", &[]),
        Ok(())
    );
    // An edit the project refuses is refused too.
    let mut stranger = project.events[0].clone();
    stranger.port = Some(trade_mission_planner::model::PortId(999_999));
    let dangling = [Edit::Update(AnyEntity::Event(stranger))];
    assert!(Session::check_import(&project, "Import calendar", &dangling).is_err());
}

/// Opening a file this app wrote keeps the file's own text, without its
/// ancestors and byte for byte, as the snapshot of the version it names
/// (hashed while it was parsed, never copied); a file changed by hand is
/// not that version and is written again to be named.
#[test]
fn opening_keeps_the_files_own_text_as_the_snapshot_of_its_version() {
    use trade_mission_planner::app::session::read_for_opening_then_keep;
    use trade_mission_planner::io::lineage::{version_hash, without_ancestors};
    let dir = tempfile::tempdir().unwrap();
    let (mut session, path) = opened(dir.path(), "m.mission.ron");
    retitle(&mut session, "Saved twice");
    session.save_to(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let named = session.project().ancestors.last().unwrap().clone();
    let kept = |path: &Path| {
        let data = tempfile::tempdir().unwrap();
        let store = SnapshotStore::open(data.path()).unwrap();
        let mut opened = false;
        read_for_opening_then_keep(path, Some(&store), None, |read| opened = read.is_ok());
        assert!(opened);
        let files: Vec<_> = std::fs::read_dir(data.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
        (name, std::fs::read_to_string(&files[0]).unwrap())
    };
    let (name, snapshot) = kept(&path);
    assert_eq!(name, format!("{named}.mission.ron"));
    assert_eq!(snapshot, without_ancestors(&text));
    assert_eq!(version_hash(&snapshot), named);

    let edited = dir.path().join("edited.mission.ron");
    let by_hand = text.replace("\"Saved twice\"", "\"Changed by hand\"");
    std::fs::write(&edited, format!("// a comment\n{by_hand}")).unwrap();
    let (name, snapshot) = kept(&edited);
    assert!(snapshot.contains("Changed by hand") && !snapshot.contains("a comment"));
    assert_ne!(name, format!("{named}.mission.ron"));
    assert_eq!(name, format!("{}.mission.ron", version_hash(&snapshot)));
}
