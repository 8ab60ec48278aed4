//! Files: new, save, save as, quit, failed saves, dropped files, crash recovery, changes on disk, other versions.

use super::*;

/// File → New asks for the mission first (title, dates, zones), then, with
/// unsaved work, whether to save it; Cancel keeps the work.
#[test]
fn new_asks_for_the_mission_then_about_unsaved_work_and_cancel_keeps_it() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    retype(&mut harness, "City", "Koto");
    let new_mission = |harness: &mut Harness<'static, PlannerApp>| {
        press(harness, Modifiers::COMMAND, Key::N);
        harness.get_by_label("New mission");
        assert!(
            harness.query_by_label("Save changes?").is_none(),
            "nothing is asked before the mission is described"
        );
        type_like_a_person(harness, "Mission title", "Busan port visit 2024");
        harness.get_by_label("Create").click();
        harness.run();
    };
    new_mission(&mut harness);
    assert!(harness.state().is_asking_to_save());
    harness.get_by_label("Save changes?");
    harness.get_by_label("Cancel").click();
    harness.run();
    let app = harness.state();
    assert!(!app.is_asking_to_save());
    assert_eq!(port(app.document().project(), TOKYO).city, "Koto");
    assert!(app.document().is_dirty());

    new_mission(&mut harness);
    harness.get_by_label("Don't Save").click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.origin(), &Origin::Untitled);
    let project = app.document().project();
    assert!(project.ports.is_empty());
    assert_eq!(project.mission.title, "Busan port visit 2024");
    assert_eq!(
        app.window_title(),
        "● Busan port visit 2024 (not saved) — Trade Mission Planner"
    );
    // The new mission is work to keep: closing it asks.
    press(&mut harness, Modifiers::COMMAND, Key::W);
    assert!(harness.state().is_asking_to_save());
}

/// Save is the default answer of "Save changes?", as in a desktop dialog:
/// Enter saves (here through Save As, the sample having no file) and then
/// closes; Tab moves to Don't Save, and Enter there discards.
#[test]
fn enter_in_save_changes_saves_and_tab_enter_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::answering([DialogOutcome::Picked(dir.path().join("kept"))]);
    let mut harness = harness(app_with(dialogs));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    retype(&mut harness, "City", "Koto");
    press(&mut harness, Modifiers::COMMAND, Key::W);
    harness.get_by_label("Save changes?");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.run();
    let saved = load_file(&dir.path().join("kept.mission.ron")).unwrap();
    assert_eq!(port(&saved, TOKYO).city, "Koto");
    assert!(!harness.state().is_asking_to_save());
    assert_eq!(harness.state().origin(), &Origin::Untitled, "then closed");

    // Again, with Tab: a script with no answer fails if Save were chosen.
    let mut harness = super::harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    retype(&mut harness, "City", "Koto");
    press(&mut harness, Modifiers::COMMAND, Key::W);
    harness.get_by_label("Save changes?");
    press(&mut harness, Modifiers::NONE, Key::Tab);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.run();
    assert!(!harness.state().is_asking_to_save());
    assert_eq!(harness.state().origin(), &Origin::Untitled);
    assert!(harness.state().document().project().ports.is_empty());
}

/// Cancel in the New mission dialog changes nothing.
#[test]
fn cancelling_new_keeps_the_open_mission() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::N);
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().document().project(), &common::sample());
    assert_eq!(harness.state().origin(), &Origin::Sample);
}

#[test]
fn save_as_through_the_dialog_writes_a_file_that_loads_back_equal() {
    let dir = tempfile::tempdir().unwrap();
    let chosen = dir.path().join("tokyo-trip");
    let dialogs = ScriptedDialogs::answering([DialogOutcome::Picked(chosen)]);
    let mut harness = harness(app_with(dialogs.clone()));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    retype(&mut harness, "City", "Koto");
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    let expected = dir.path().join("tokyo-trip.mission.ron");
    let app = harness.state();
    assert_eq!(dialogs.asked.borrow().as_slice(), [DialogKind::Save]);
    assert_eq!(app.origin(), &Origin::File(expected.clone()));
    assert!(!app.document().is_dirty());
    assert_eq!(&load_file(&expected).unwrap(), app.document().project());
    assert_eq!(
        app.window_title(),
        "tokyo-trip.mission.ron — Trade Mission Planner"
    );
    assert_eq!(app.settings.recent, [expected]);
}

#[test]
fn without_a_native_dialog_the_built_in_chooser_saves() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::answering([DialogOutcome::Unavailable]);
    let mut harness = harness(app_with(dialogs));
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::S);
    harness.get_by_label("Save mission as");
    let target = dir.path().join("from-chooser.mission.ron");
    retype(&mut harness, "Path", &target.display().to_string());
    harness.get_by_label("Save").click();
    harness.run();
    assert!(harness.query_by_label("Save mission as").is_none());
    assert_eq!(harness.state().origin(), &Origin::File(target.clone()));
    assert_saved_as_shown(&harness, &target);
}

#[test]
fn quit_with_unsaved_work_saves_first_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let chosen = dir.path().join("before-quit.mission.ron");
    let mut harness = harness(app_with(ScriptedDialogs::answering([
        DialogOutcome::Picked(chosen.clone()),
    ])));
    harness.run();
    select_row(&mut harness, "People", "Daniel Kim");
    retype(&mut harness, "Phone", "+1 555 0100");
    press(&mut harness, Modifiers::COMMAND, Key::Q);
    assert!(!harness.state().quit_confirmed());
    harness.get_by_label("Save").click();
    harness.run();
    assert!(harness.state().quit_confirmed());
    assert_eq!(
        person(&load_file(&chosen).unwrap(), DANIEL).phone,
        "+1 555 0100"
    );
}

#[test]
fn a_failed_save_says_why_and_keeps_the_work_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone");
    std::fs::create_dir(&gone).unwrap();
    let chosen = gone.join("x.mission.ron");
    let mut harness = harness(app_with(ScriptedDialogs::answering([
        DialogOutcome::Picked(chosen.clone()),
    ])));
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::S);
    std::fs::remove_dir_all(&gone).unwrap();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    retype(&mut harness, "City", "Koto");
    press(&mut harness, Modifiers::COMMAND, Key::S);
    // The file went with its folder: the app says so before anything else.
    harness.get_by_label("The file changed on disk");
    harness.get_by_label("Overwrite").click();
    harness.run();
    let app = harness.state();
    assert!(app.document().is_dirty());
    let notice = app.notices().last().unwrap();
    assert!(notice.is_error);
    assert!(
        notice.text.starts_with("Could not save: "),
        "{}",
        notice.text
    );
    assert!(
        notice.text.ends_with(&chosen.display().to_string()),
        "{}",
        notice.text
    );
    harness.get_by_label(&notice.text.clone());
}

mod recovery {
    use super::*;
    use trade_mission_planner::io::recovery::RecoveryStore;

    fn app_recovering_into(dir: &std::path::Path, dialogs: ScriptedDialogs) -> PlannerApp {
        app_with(dialogs).with_recovery(RecoveryStore::open(dir).unwrap())
    }

    fn recovery_files(dir: &std::path::Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".mission.ron"))
            .collect();
        names.sort();
        names
    }

    /// Lets simulated time pass (kittest advances the clock 0.25 s a step).
    fn wait_seconds(harness: &mut Harness<'static, PlannerApp>, seconds: f32) {
        harness.run_steps((seconds / 0.25).ceil() as usize);
    }

    #[test]
    fn edits_survive_a_crash_and_are_restored_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = harness(app_recovering_into(dir.path(), ScriptedDialogs::default()));
        first.run();
        go_to(&mut first, "Ports");
        first.get_by_label("Port of Tokyo").click();
        first.run();
        retype(&mut first, "City", "Koto");
        retype(&mut first, "Name", "Tokyo Port");
        wait_seconds(&mut first, 2.5);
        let files = recovery_files(dir.path());
        assert_eq!(files.len(), 1);
        let recovered_text = || std::fs::read_to_string(dir.path().join(&files[0])).unwrap();
        assert!(recovered_text().contains("Tokyo Port"));
        // Typing again: the file follows only once the typing pauses for 2 s.
        field(&first, "Name").type_text("!");
        first.step();
        assert!(
            !recovered_text().contains("Tokyo Port!"),
            "not while typing"
        );
        wait_seconds(&mut first, 2.5);
        assert!(recovered_text().contains("Tokyo Port!"));
        let edited = first.state().document().project().clone();
        // A crash: nothing of the first instance runs again; the OS drops its lock.
        drop(first);

        let mut second = harness(app_recovering_into(dir.path(), ScriptedDialogs::default()));
        second.run();
        second.get_by_label("Recover unsaved work?");
        second.get_by_label("Belongs to a project that was never saved");
        second.get_by_label("Restore").click();
        second.run();
        let app = second.state();
        assert_eq!(app.document().project(), &edited);
        assert!(app.document().is_dirty(), "restored work is unsaved");
        assert_eq!(app.origin(), &Origin::Untitled);
        // The old entry is gone; the restored work is kept under this instance.
        wait_seconds(&mut second, 0.5);
        let files = recovery_files(dir.path());
        assert_eq!(files.len(), 1, "{files:?}");
        assert!(files[0].starts_with(&format!("{}-", std::process::id())));
    }

    #[test]
    fn a_running_instance_is_never_offered_and_a_save_removes_the_entry() {
        let dir = tempfile::tempdir().unwrap();
        let target = tempfile::tempdir().unwrap();
        let saved = target.path().join("kept.mission.ron");
        let mut first = harness(app_recovering_into(
            dir.path(),
            ScriptedDialogs::answering([DialogOutcome::Picked(saved.clone())]),
        ));
        first.run();
        go_to(&mut first, "People");
        first.get_by_label("Daniel Kim").click();
        first.run();
        retype(&mut first, "Phone", "+81 3 0000 0000");
        wait_seconds(&mut first, 2.5);
        assert!(first.state().has_recovery_entry());

        // A second instance while the first runs: nothing to recover.
        let mut second = harness(app_recovering_into(dir.path(), ScriptedDialogs::default()));
        second.run();
        assert!(second.query_by_label("Recover unsaved work?").is_none());

        press(&mut first, Modifiers::COMMAND, Key::S);
        assert!(!first.state().document().is_dirty());
        assert!(!first.state().has_recovery_entry());
        assert!(recovery_files(dir.path()).is_empty());
    }

    #[test]
    fn discard_deletes_the_work_and_decide_later_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        for _ in 0..2 {
            let mut crashed = harness(app_recovering_into(dir.path(), ScriptedDialogs::default()));
            crashed.run();
            if let Some(later) = crashed.query_by_label("Decide later") {
                later.click();
                crashed.run();
            }
            go_to(&mut crashed, "Ports");
            crashed.get_by_label("Port of Tokyo").click();
            crashed.run();
            retype(&mut crashed, "City", "Koto");
            wait_seconds(&mut crashed, 2.5);
        }
        assert_eq!(recovery_files(dir.path()).len(), 2);
        let mut next = harness(app_recovering_into(dir.path(), ScriptedDialogs::default()));
        next.run();
        next.get_all_by_label("Discard").next().unwrap().click();
        next.run();
        assert_eq!(recovery_files(dir.path()).len(), 1);
        next.get_by_label("Decide later").click();
        next.run();
        assert!(next.query_by_label("Recover unsaved work?").is_none());
        assert_eq!(
            recovery_files(dir.path()).len(),
            1,
            "kept for a later start"
        );
    }
}

mod changes_on_disk {
    use super::*;
    use trade_mission_planner::io::project_file::save_file;

    /// An app with the sample saved to a file and open from it.
    fn app_on_file(dir: &std::path::Path) -> (Harness<'static, PlannerApp>, PathBuf) {
        let path = dir.join("shared.mission.ron");
        save_file(&common::sample(), &path).unwrap();
        let app = super::app_started_on(path.clone(), ScriptedDialogs::default());
        let mut harness = harness(app);
        harness.run();
        (harness, path)
    }

    fn someone_else_edits(path: &std::path::Path) {
        let mut theirs = load_file(path).unwrap();
        theirs.mission.title = "Their title".into();
        std::thread::sleep(std::time::Duration::from_millis(20));
        save_file(&theirs, path).unwrap();
    }

    #[test]
    fn saving_over_a_file_changed_elsewhere_asks_first() {
        let dir = tempfile::tempdir().unwrap();
        let (mut harness, path) = app_on_file(dir.path());
        go_to(&mut harness, "Ports");
        harness.get_by_label("Port of Tokyo").click();
        harness.run();
        retype(&mut harness, "City", "Koto");
        someone_else_edits(&path);

        press(&mut harness, Modifiers::COMMAND, Key::S);
        harness.get_by_label("The file changed on disk");
        harness.get_by_label("Cancel").click();
        harness.run();
        assert_eq!(
            load_file(&path).unwrap().mission.title,
            "Their title",
            "theirs kept"
        );
        assert!(harness.state().document().is_dirty());

        press(&mut harness, Modifiers::COMMAND, Key::S);
        harness.get_by_label("Overwrite").click();
        harness.run();
        let saved = load_file(&path).unwrap();
        assert_eq!(port(&saved, TOKYO).city, "Koto");
        assert!(!harness.state().document().is_dirty());
        // Theirs is not lost: it is the backup.
        let backup = trade_mission_planner::io::backup_path(&path);
        assert_eq!(load_file(&backup).unwrap().mission.title, "Their title");
    }

    #[test]
    fn an_unchanged_file_saves_without_asking() {
        let dir = tempfile::tempdir().unwrap();
        let (mut harness, path) = app_on_file(dir.path());
        go_to(&mut harness, "Ports");
        harness.get_by_label("Port of Tokyo").click();
        harness.run();
        retype(&mut harness, "City", "Koto");
        // Touched but not changed is not a change.
        let bytes = std::fs::read(&path).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, bytes).unwrap();
        press(&mut harness, Modifiers::COMMAND, Key::S);
        assert!(harness.query_by_label("The file changed on disk").is_none());
        assert_eq!(port(&load_file(&path).unwrap(), TOKYO).city, "Koto");
    }

    #[test]
    fn a_change_noticed_on_focus_offers_to_reload() {
        let dir = tempfile::tempdir().unwrap();
        let (mut harness, path) = app_on_file(dir.path());
        harness.input_mut().focused = false;
        harness.run();
        someone_else_edits(&path);
        harness.input_mut().focused = true;
        harness.run();
        harness.get_by_label_contains("You have no unsaved changes here");
        // Esc is no answer: keeping this version would mark it unsaved.
        press(&mut harness, Modifiers::NONE, Key::Escape);
        harness.get_by_label_contains("You have no unsaved changes here");
        assert!(!harness.state().document().is_dirty());
        harness.get_by_label("Reload").click();
        harness.run();
        assert_eq!(
            harness.state().document().project().mission.title,
            "Their title"
        );
        assert!(!harness.state().document().is_dirty());
    }
}

mod other_versions {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name)
    }

    #[test]
    fn a_newer_file_opens_read_only_and_save_becomes_save_as() {
        let dir = tempfile::tempdir().unwrap();
        let original = dir.path().join("newer.mission.ron");
        std::fs::copy(fixture("newer_version.mission.ron"), &original).unwrap();
        let original_bytes = std::fs::read(&original).unwrap();
        let copy = dir.path().join("copy.mission.ron");
        let app = app_started_on(
            original.clone(),
            ScriptedDialogs::answering([DialogOutcome::Picked(copy.clone())]),
        );
        let mut harness = harness(app);
        harness.run();
        let newer = harness.state().read_only().cloned().unwrap();
        assert_eq!(
            newer.version,
            trade_mission_planner::io::project_file::FORMAT_VERSION + 1
        );
        assert_eq!(newer.skipped, ["project.mission.currency"]);
        harness.get_by_label_contains("Read-only: a newer version");
        assert_eq!(harness.state().document().project(), &common::sample());

        go_to(&mut harness, "Ports");
        harness.get_by_label("Port of Tokyo").click();
        harness.run();
        retype(&mut harness, "City", "Koto");
        assert_eq!(
            port(harness.state().document().project(), TOKYO).city,
            "Tokyo",
            "no edits"
        );
        assert!(last_notice(&harness).contains("read-only"));

        press(&mut harness, Modifiers::COMMAND, Key::S);
        assert_eq!(
            std::fs::read(&original).unwrap(),
            original_bytes,
            "never overwritten"
        );
        assert_eq!(harness.state().origin(), &Origin::File(copy.clone()));
        assert!(
            harness.state().read_only().is_none(),
            "the copy is editable"
        );
        // The same content, naming the version it is (for later merges).
        let saved = load_file(&copy).unwrap();
        assert!(saved.same_content(&common::sample()));
        assert_eq!(saved.ancestors.len(), 1);
        retype(&mut harness, "City", "Koto");
        assert_eq!(
            port(harness.state().document().project(), TOKYO).city,
            "Koto"
        );
    }

    #[test]
    fn an_older_file_is_migrated_and_its_first_save_keeps_it_as_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.mission.ron");
        std::fs::copy(fixture("v1_sample.mission.ron"), &path).unwrap();
        let old_bytes = std::fs::read(&path).unwrap();
        let app = app_started_on(path.clone(), ScriptedDialogs::default());
        let mut harness = harness(app);
        harness.run();
        assert!(
            harness
                .state()
                .notices()
                .iter()
                .any(|n| n.text.contains("format version 1 and has been updated"))
        );
        go_to(&mut harness, "Ports");
        harness.get_by_label("Port of Tokyo").click();
        harness.run();
        retype(&mut harness, "City", "Koto");
        press(&mut harness, Modifiers::COMMAND, Key::S);
        let backup = trade_mission_planner::io::backup_path(&path);
        assert_eq!(std::fs::read(&backup).unwrap(), old_bytes);
        assert!(std::fs::read_to_string(&path).unwrap().contains(&format!(
            "format_version: {},",
            trade_mission_planner::io::project_file::FORMAT_VERSION
        )));
    }
}

#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_file_asks_about_unsaved_work_then_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let dropped = dir.path().join("dropped.mission.ron");
    let mut other = common::sample();
    other.mission.title = "Dropped mission".into();
    trade_mission_planner::io::project_file::save_file(&other, &dropped).unwrap();

    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    retype(&mut harness, "City", "Koto");
    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(dropped.clone())));
    harness.run();
    harness.get_by_label("Save changes?");
    harness.get_by_label("Don't Save").click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.origin(), &Origin::File(dropped));
    assert_eq!(app.document().project().mission.title, "Dropped mission");
}

#[test]
fn a_long_error_is_cut_to_fit_and_readable_in_full_under_details() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/truncated.mission.ron");
    let app = app_started_on(path, ScriptedDialogs::default());
    let mut harness = harness(app);
    harness.run();
    let text = last_notice(&harness);
    assert!(text.starts_with("Could not open the project: "), "{text}");
    let status = harness.get_by_label(&text).rect();
    assert!(
        status.max.x <= 1280.0,
        "the message stays inside the window: {status:?}"
    );
    harness.get_by_label("Details").click();
    harness.run();
    harness.get_by_label("Message");
    harness.get_by_label(&format!("• {text}"));
}

/// Ctrl+O with unsaved work: the file is picked first, then the question
/// comes before anything is replaced; Cancel keeps the work, Don't Save opens.
#[test]
fn open_with_unsaved_work_asks_before_replacing_and_cancel_keeps_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let other_path = dir.path().join("other.mission.ron");
    let mut other = common::sample();
    other.mission.title = "Another mission".into();
    trade_mission_planner::io::project_file::save_file(&other, &other_path).unwrap();
    let mut harness = harness(app_with(ScriptedDialogs::answering([
        DialogOutcome::Picked(other_path.clone()),
        DialogOutcome::Picked(other_path.clone()),
    ])));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    retype(&mut harness, "City", "Koto");

    press(&mut harness, Modifiers::COMMAND, Key::O);
    assert!(harness.state().is_asking_to_save());
    harness.get_by_label("Cancel").click();
    harness.run();
    let app = harness.state();
    assert_eq!(port(app.document().project(), TOKYO).city, "Koto");
    assert!(app.document().is_dirty());
    assert_eq!(app.origin(), &Origin::Sample);

    press(&mut harness, Modifiers::COMMAND, Key::O);
    harness.get_by_label("Don't Save").click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.origin(), &Origin::File(other_path));
    assert_eq!(app.document().project().mission.title, "Another mission");
}

/// Saving writes the document as it is: no undo step appears on Ctrl+S,
/// even after a revision was restored.
#[test]
fn saving_adds_no_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("saved.mission.ron");
    let mut harness = harness(app_with(ScriptedDialogs::answering([
        DialogOutcome::Picked(path.clone()),
    ])));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    harness.get_by_label("Draft").click();
    harness.run();
    scroll_and_click(&mut harness, "Restore revision 1");
    let history = |h: &Harness<'static, PlannerApp>| {
        let history = h.state().document().history();
        (history.undo_label().map(str::to_owned), history.can_redo())
    };
    let before = history(&harness);
    assert_eq!(before.0.as_deref(), Some("Restore revision 1"));
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(!harness.state().document().is_dirty());
    assert_eq!(history(&harness), before);
    assert_eq!(
        agreement(&load_file(&path).unwrap(), MOU_TOKYO),
        agreement(harness.state().document().project(), MOU_TOKYO)
    );
}

/// A second request to replace the document while the question is open
/// (e.g. the window's close button after Ctrl+W) asks once, for the newest.
#[test]
fn a_second_replacement_while_asking_is_one_question() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    retype(&mut harness, "City", "Koto");
    press(&mut harness, Modifiers::COMMAND, Key::W);
    harness
        .state_mut()
        .run_command(Command::Replace(Replace::Quit));
    harness.run();
    assert_eq!(harness.query_all_by_label("Save changes?").count(), 1);
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(
        !harness.state().is_asking_to_save(),
        "one Cancel answers it"
    );
    assert!(harness.state().document().is_dirty());
    press(&mut harness, Modifiers::COMMAND, Key::W);
    harness
        .state_mut()
        .run_command(Command::Replace(Replace::Quit));
    harness.run();
    harness.get_by_label("Don't Save").click();
    harness.run();
    assert!(
        harness.state().quit_confirmed(),
        "the newest request (Quit) won"
    );
}

/// The built-in chooser asks before replacing a file, as system dialogs do.
#[test]
fn the_built_in_chooser_confirms_an_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("existing.mission.ron");
    std::fs::write(&target, "not a project, but someone's file").unwrap();
    let dialogs = ScriptedDialogs::answering([DialogOutcome::Unavailable]);
    let mut harness = harness(app_with(dialogs));
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::S);
    retype(&mut harness, "Path", &target.display().to_string());
    harness.get_by_label("Save").click();
    harness.run();
    harness.get_by_label_contains("already exists. Choose it again to replace it.");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "not a project, but someone's file"
    );
    harness.get_by_label("Save").click();
    harness.run();
    assert_saved_as_shown(&harness, &target);
}

/// Found by a delegate: an export into a folder that does not exist closed
/// the built-in chooser, then failed naming a temporary file. Every save
/// and export now says so in the chooser, which stays open.
#[test]
fn the_built_in_chooser_refuses_a_missing_folder_for_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("nodir/agenda.ics");
    let dialogs = ScriptedDialogs::answering([DialogOutcome::Unavailable]);
    let mut harness = harness(app_with(dialogs));
    harness.run();
    harness.state_mut().run_command(Command::ExportCalendarAs {
        person: None,
        remind: None,
    });
    harness.run();
    retype(&mut harness, "Path", &target.display().to_string());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label("That folder does not exist");
    assert!(field(&harness, "Path").is_focused());
    assert!(!target.exists());
    assert!(
        harness.state().notices().iter().all(|n| !n.is_error),
        "{:?}",
        harness.state().notices()
    );
}

/// Opening a device (/dev/zero) in the built-in chooser says it is not a
/// file that can be read, not that there is none; a missing path says so.
#[test]
fn the_built_in_chooser_tells_a_device_from_a_missing_file() {
    let dialogs = ScriptedDialogs::answering([DialogOutcome::Unavailable]);
    let mut harness = harness(app_with(dialogs));
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::O);
    retype(&mut harness, "Path", "/dev/zero");
    harness.get_by_label("Open").click();
    harness.run();
    harness.get_by_label_contains("/dev/zero is not a file that can be read");
    retype(&mut harness, "Path", "/nowhere/at/all.mission.ron");
    harness.get_by_label("Open").click();
    harness.run();
    harness.get_by_label_contains("There is no file /nowhere/at/all.mission.ron");
    assert!(!harness.state().document().is_dirty());
    // Enter on a path refused keeps the cursor in it, to be corrected (the
    // focus was lost, and typing went nowhere).
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(field(&harness, "Path").is_focused());
    press(&mut harness, Modifiers::NONE, Key::Backspace);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label_contains("There is no file /nowhere/at/all.mission.ro");
    assert!(field(&harness, "Path").is_focused());
}

/// Save As onto the newer-format file it came from is refused: the original
/// is never overwritten.
#[test]
fn save_as_cannot_overwrite_a_newer_apps_file() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("newer.mission.ron");
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/newer_version.mission.ron"),
        &original,
    )
    .unwrap();
    let before = std::fs::read(&original).unwrap();
    let app = app_started_on(
        original.clone(),
        ScriptedDialogs::answering([DialogOutcome::Picked(original.clone())]),
    );
    let mut harness = harness(app);
    harness.run();
    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    assert_eq!(std::fs::read(&original).unwrap(), before);
    assert!(harness.state().read_only().is_some());
    let notice = last_notice(&harness);
    assert!(notice.contains("is not overwritten"), "{notice}");
}

/// The New mission dialog keeps what was typed: Esc does not throw it away
/// once it has a title, and Enter in the title creates the mission.
#[test]
fn the_new_mission_dialog_keeps_what_was_typed_and_enter_creates() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::N);
    type_like_a_person(&mut harness, "Mission title", "Seoul follow-up");
    press(&mut harness, Modifiers::NONE, Key::Escape);
    harness.get_by_label("New mission");
    text_field(&harness, "Mission title").focus();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(harness.query_by_label("New mission").is_none());
    assert_eq!(
        harness.state().document().project().mission.title,
        "Seoul follow-up"
    );
}

/// Every way of replacing the document goes through the one question, and
/// Cancel keeps the document and its edits: New from sample, Open (from the
/// dialog, Open Recent or a dropped file: one command), Reload, Restore,
/// Close and Quit (the window's close button sends Quit).
#[test]
fn every_replacement_asks_and_cancel_keeps_the_work() {
    use trade_mission_planner::io::recovery::RecoveryStore;
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.mission.ron");
    trade_mission_planner::io::project_file::save_file(&common::sample(), &other).unwrap();
    // Work a crashed instance left, to be offered for Restore.
    let data = tempfile::tempdir().unwrap();
    {
        // Dropped with its work unsaved, as a killed instance leaves it.
        let mut crashed = RecoveryStore::open(data.path()).unwrap();
        crashed
            .write(&common::sample(), None, fixed_now(), None)
            .unwrap();
    }
    let recovered = RecoveryStore::open(data.path()).unwrap().orphans();
    let work = recovered.first().cloned().expect("an orphan to restore");
    let replacements = [
        Replace::NewFromSample,
        Replace::Open(other.clone()),
        Replace::Reload(other.clone()),
        Replace::Restore(work),
        Replace::Close,
        Replace::Quit,
    ];
    for replacement in replacements {
        let mut harness = harness(app_with(ScriptedDialogs::default()));
        harness.run();
        select_row(&mut harness, "Ports", "Port of Tokyo");
        retype(&mut harness, "City", "Koto");
        let edited = harness.state().document().project().clone();
        harness
            .state_mut()
            .run_command(Command::Replace(replacement.clone()));
        harness.run();
        assert!(harness.state().is_asking_to_save(), "{replacement:?} asks");
        harness.get_by_label("Cancel").click();
        harness.run();
        let app = harness.state();
        assert_eq!(
            app.document().project(),
            &edited,
            "{replacement:?}: Cancel keeps it"
        );
        assert!(app.document().is_dirty());
        assert!(!app.quit_confirmed());
        assert_eq!(app.origin(), &Origin::Sample);
    }
}

/// Ctrl+Q while a question is open does nothing (egui's own Ctrl+Q would
/// close the window): the question is answered first.
#[test]
fn ctrl_q_under_a_question_does_not_quit() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::F1);
    harness.get_by_label("• Ctrl+S: Save");
    press(&mut harness, Modifiers::COMMAND, Key::Q);
    assert!(!harness.state().quit_confirmed());
    assert!(harness.ctx.options(|o| o.quit_shortcuts.is_empty()));
}

/// The file at `path` holds exactly the project the app shows.
fn assert_saved_as_shown(harness: &Harness<'static, PlannerApp>, path: &std::path::Path) {
    assert_eq!(
        &load_file(path).unwrap(),
        harness.state().document().project()
    );
}

/// Open through the dialog, then Open Recent from the File menu, then Close:
/// each shows what it says, and the recent list follows.
#[test]
fn open_then_open_recent_then_close() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for name in ["Alpha", "Beta"] {
        let mut project = common::sample();
        project.mission.title = format!("Mission {name}");
        let path = dir
            .path()
            .join(format!("{}.mission.ron", name.to_lowercase()));
        trade_mission_planner::io::save_file(&project, &path).unwrap();
        files.push(path);
    }
    let dialogs = ScriptedDialogs::answering([
        DialogOutcome::Picked(files[0].clone()),
        DialogOutcome::Picked(files[1].clone()),
    ]);
    let mut harness = harness(app_with(dialogs.clone()));
    harness.run();
    let title =
        |h: &Harness<'static, PlannerApp>| h.state().document().project().mission.title.clone();
    for (file, mission) in files.iter().zip(["Mission Alpha", "Mission Beta"]) {
        press(&mut harness, Modifiers::COMMAND, Key::O);
        harness.run();
        assert_eq!(title(&harness), mission);
        assert_eq!(harness.state().origin(), &Origin::File(file.clone()));
        assert!(!harness.state().document().is_dirty());
    }
    assert_eq!(dialogs.asked.borrow().as_slice(), [DialogKind::Open; 2]);
    assert_eq!(
        harness.state().settings.recent,
        [files[1].clone(), files[0].clone()]
    );
    // Open Recent: the older file, from the menu, as a delegate would.
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Open Recent").hover();
    harness.run();
    harness
        .get_by_label(&files[0].display().to_string())
        .click();
    harness.run();
    assert_eq!(title(&harness), "Mission Alpha");
    assert_eq!(harness.state().settings.recent, files);
    assert_eq!(
        harness.state().window_title(),
        "alpha.mission.ron — Trade Mission Planner"
    );
    // Close leaves an empty, untitled mission with nothing to save.
    press(&mut harness, Modifiers::COMMAND, Key::W);
    harness.run();
    let project = harness.state().document().project().clone();
    assert_eq!(project.mission.title, "Untitled mission");
    assert_eq!(
        project.events.len() + project.ports.len() + project.agreements.len(),
        0
    );
    assert_eq!(harness.state().origin(), &Origin::Untitled);
    assert!(!harness.state().document().is_dirty());
}

/// What this computer remembers (last file, view, recent files, the
/// delegate's name) goes through eframe's storage and comes back.
#[test]
fn settings_are_stored_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kept.mission.ron");
    trade_mission_planner::io::save_file(&common::sample(), &file).unwrap();
    let mut harness = harness(app_started_on(file.clone(), ScriptedDialogs::default()));
    harness.run();
    go_to(&mut harness, "People");
    harness.state_mut().settings.delegate_name = "Maria Alvarez".into();
    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    let settings = trade_mission_planner::app::load_settings(Some(&storage));
    assert_eq!(settings, harness.state().settings);
    assert_eq!(settings.last_file.as_deref(), Some(file.as_path()));
    assert_eq!(settings.view, View::People);
    assert_eq!(settings.delegate_name, "Maria Alvarez");
    // The next start opens the last file on the last view.
    let again = PlannerApp::start(
        None,
        settings,
        Box::new(ScriptedDialogs::default()),
        Box::new(fixed_now),
    );
    assert_eq!(again.origin(), &Origin::File(file));
    assert_eq!(again.view(), View::People);
}

#[derive(Default)]
pub(super) struct MemoryStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

/// A screen reader names the window as its title bar does, and says
/// "Saved …" when a save is done (the status bar is a live region).
#[test]
fn the_window_is_named_for_screen_readers_and_a_save_is_announced() {
    use egui_kittest::kittest::NodeT;
    let dir = tempfile::tempdir().unwrap();
    let chosen = dir.path().join("named.mission.ron");
    let mut harness = harness(app_with(ScriptedDialogs::answering([
        DialogOutcome::Picked(chosen),
    ])));
    harness.run();
    let window_name =
        |harness: &Harness<'static, PlannerApp>| harness.root().accesskit_node().label();
    assert_eq!(
        window_name(&harness).as_deref(),
        Some(harness.state().window_title().as_str())
    );
    press(&mut harness, Modifiers::COMMAND, Key::S);
    let saved = harness.get_by_label_contains("Saved ");
    assert_eq!(saved.accesskit_node().live(), egui::accesskit::Live::Polite);
    assert_eq!(
        window_name(&harness).as_deref(),
        Some("named.mission.ron — Trade Mission Planner")
    );
}
