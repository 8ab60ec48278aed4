//! Protected projects (#19), keyboard and clicks as a delegate uses them:
//! Protect, a start on a protected file, Cancel, Change the passphrase,
//! Remove protection, exports, Compare and Merge with a protected copy, Quit
//! during a protected save, and what egui keeps of the passphrase fields.

use super::*;

const PASSPHRASE: &str = "harbour lights at dawn";

fn is_age(path: &std::path::Path) -> bool {
    std::fs::read(path)
        .unwrap()
        .starts_with(b"age-encryption.org/v1\n")
}

fn plain_sample_in(dir: &std::path::Path) -> PathBuf {
    let path = dir.join("mission.mission.ron");
    trade_mission_planner::io::project_file::save_file(&common::sample(), &path).unwrap();
    path
}

fn file_menu(harness: &mut Harness<'static, PlannerApp>, item: &str) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label(item).click();
    harness.run();
}

/// Types into the focused passphrase field and presses Enter.
fn enter_passphrase(harness: &mut Harness<'static, PlannerApp>, text: &str) {
    type_keys(harness, text);
    harness.key_press(Key::Enter);
    // Frames, not `run`: a save under way repaints until it is done.
    harness.run_steps(3);
}

/// File → Protect with a passphrase…, PASSPHRASE twice, and the save done.
fn protect_from_the_menu(harness: &mut Harness<'static, PlannerApp>) {
    file_menu(harness, "Protect with a passphrase…");
    enter_passphrase(harness, PASSPHRASE);
    enter_passphrase(harness, PASSPHRASE);
    step_until(harness, |h| !h.state().is_working());
}

#[test]
fn protect_saves_encrypted_and_the_file_opens_with_its_passphrase_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = plain_sample_in(dir.path());
    let mut harness = harness(app_started_on(path.clone(), ScriptedDialogs::default()));
    harness.run();
    file_menu(&mut harness, "Protect with a passphrase…");
    harness.get_by_label("Protect with a passphrase");
    // Too short, then two that differ: refused, and said why.
    enter_passphrase(&mut harness, "harbour");
    enter_passphrase(&mut harness, "harbour");
    harness.get_by_label_contains("shorter than 8 characters");
    assert!(!harness.state().is_protected());
    text_field(&harness, "New passphrase").focus();
    harness.run();
    enter_passphrase(&mut harness, " lights at dawn");
    enter_passphrase(&mut harness, " lights at dusk");
    harness.get_by_label("The two passphrases differ");
    text_field(&harness, "The same passphrase again").focus();
    harness.run();
    for _ in 0.." lights at dusk".len() {
        harness.key_press(Key::Backspace);
    }
    enter_passphrase(&mut harness, " lights at dawn");
    // Saved on another thread, the window saying so.
    step_until(&mut harness, |h| !h.state().is_working());
    assert!(harness.state().is_protected());
    assert!(!harness.state().document().is_dirty());
    assert!(harness.state().window_title().contains("(protected)"));
    assert!(is_age(&path));
    assert!(is_age(&trade_mission_planner::io::backup_path(&path)));
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Change the passphrase…");
    harness.get_by_label("Remove protection…");
    harness.key_press(Key::Escape);
    harness.run();

    // A new start on it asks; a wrong passphrase asks again.
    let mut next = super::harness(app_started_on(path.clone(), ScriptedDialogs::default()));
    next.run();
    next.get_by_label("Protected project");
    assert_eq!(next.state().origin(), &Origin::Sample, "nothing opened yet");
    enter_passphrase(&mut next, "harbour lights at dusk");
    step_until(&mut next, |h| {
        h.query_by_label("That passphrase does not open this file")
            .is_some()
    });
    enter_passphrase(&mut next, PASSPHRASE);
    step_until(&mut next, |h| {
        h.state().origin() == &Origin::File(path.clone())
    });
    assert!(
        next.state()
            .document()
            .project()
            .same_content(&common::sample())
    );
    assert!(next.state().is_protected());
    assert!(next.query_by_label("Protected project").is_none());
}

#[test]
fn cancelling_the_passphrase_opens_nothing_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = plain_sample_in(dir.path());
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, format!("{PASSPHRASE}\n")).unwrap();
    let protected = dir.path().join("p.mission.ron");
    let bytes = trade_mission_planner::io::protect::encrypt(
        &std::fs::read(&path).unwrap(),
        &age::secrecy::SecretString::from(PASSPHRASE.to_owned()),
        trade_mission_planner::io::protect::WORK_FACTOR,
    )
    .unwrap();
    std::fs::write(&protected, &bytes).unwrap();
    let mut harness = harness(app_with(ScriptedDialogs::answering([
        DialogOutcome::Picked(protected.clone()),
    ])));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    retype(&mut harness, "City", "Koto");
    press(&mut harness, Modifiers::COMMAND, Key::O);
    harness.get_by_label("Don't Save").click();
    harness.run();
    harness.get_by_label("Protected project");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Protected project").is_none());
    assert_eq!(harness.state().origin(), &Origin::Sample);
    assert_eq!(std::fs::read(&protected).unwrap(), bytes);
    assert!(
        last_notice(&harness).starts_with("Not opened: the file is protected"),
        "{}",
        last_notice(&harness)
    );
}

/// Quit (or the window's close button) while a protected save is being
/// written waits for it, then quits: no question about the save itself.
#[test]
fn quit_during_a_protected_save_waits_for_it_then_quits() {
    let dir = tempfile::tempdir().unwrap();
    let path = plain_sample_in(dir.path());
    let mut harness = harness(app_started_on(path.clone(), ScriptedDialogs::default()));
    harness.run();
    protect_from_the_menu(&mut harness);
    select_row(&mut harness, "Ports", "Port of Tokyo");
    retype(&mut harness, "City", "Koto");
    // Save, then Quit before the next frame: the save is still being
    // written on another thread.
    harness.state_mut().run_command(Command::Save);
    assert!(
        harness.state().is_working(),
        "the save is written on another thread"
    );
    harness
        .state_mut()
        .run_command(Command::Replace(Replace::Quit));
    step_until(&mut harness, |h| h.state().quit_confirmed());
    assert!(harness.query_by_label("Save changes?").is_none());
    let key = age::secrecy::SecretString::from(PASSPHRASE.to_owned());
    let saved = trade_mission_planner::io::project_file::load_file_with(&path, Some(&key));
    assert!(saved.unwrap().ports.iter().any(|p| p.city == "Koto"));
}

/// The passphrase's length (its field's cursor) stays out of what egui
/// writes to the settings file.
#[test]
fn the_passphrase_fields_leave_nothing_in_the_saved_settings() {
    let dir = tempfile::tempdir().unwrap();
    let path = plain_sample_in(dir.path());
    let mut harness = harness(app_started_on(path, ScriptedDialogs::default()));
    harness.run();
    let odd = "thirty-seven characters, not one more";
    assert_eq!(odd.chars().count(), 37);
    file_menu(&mut harness, "Protect with a passphrase…");
    type_keys(&mut harness, odd);
    harness.run();
    let memory = harness.ctx.memory(|m| ron::ser::to_string(m).unwrap());
    assert!(!memory.contains("index:37"), "{memory}");
}

/// A colleague's protected copy, under a passphrase the open project
/// does not have: Compare with… and Merge ask for it, then go on.
#[test]
fn compare_and_merge_ask_for_a_protected_copys_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = plain_sample_in(dir.path());
    let mut theirs = common::sample();
    theirs.mission.title = "Their retitled mission".to_owned();
    let text = trade_mission_planner::io::to_ron_string(&theirs).unwrap();
    let copy = dir.path().join("copy.mission.ron");
    let sealed = trade_mission_planner::io::protect::encrypt(
        text.as_bytes(),
        &age::secrecy::SecretString::from(PASSPHRASE.to_owned()),
        trade_mission_planner::io::protect::WORK_FACTOR,
    )
    .unwrap();
    std::fs::write(&copy, sealed).unwrap();
    let mut harness = harness(app_started_on(
        path,
        ScriptedDialogs::answering([
            DialogOutcome::Picked(copy.clone()),
            DialogOutcome::Picked(copy.clone()),
        ]),
    ));
    harness.run();
    file_menu(&mut harness, "Compare with…");
    harness.get_by_label("Protected copy");
    enter_passphrase(&mut harness, "not their passphrase");
    step_until(&mut harness, |h| {
        h.query_by_label("That passphrase does not open this file")
            .is_some()
    });
    enter_passphrase(&mut harness, PASSPHRASE);
    step_until(&mut harness, |h| {
        h.query_by_label_contains("Compared with").is_some()
    });
    harness.key_press(Key::Escape);
    harness.run_steps(3);

    file_menu(&mut harness, "Merge a colleague's copy…");
    harness.get_by_label("Protected copy");
    enter_passphrase(&mut harness, PASSPHRASE);
    step_until(&mut harness, |h| {
        !h.state().is_working()
            && h.query_by_role_and_label(egui::accesskit::Role::Button, "Merge")
                .is_some()
    });
    assert!(
        !last_notice(&harness).contains("Could not"),
        "{}",
        last_notice(&harness)
    );
}

#[test]
fn changing_the_passphrase_asks_the_current_one_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = plain_sample_in(dir.path());
    let mut harness = harness(app_started_on(path.clone(), ScriptedDialogs::default()));
    harness.run();
    protect_from_the_menu(&mut harness);

    file_menu(&mut harness, "Change the passphrase…");
    harness.get_by_label("Give the current passphrase first.");
    enter_passphrase(&mut harness, "lantern pier mango");
    harness.get_by_label("That is not this project's passphrase");
    assert!(harness.query_by_label("New passphrase").is_none());
    enter_passphrase(&mut harness, PASSPHRASE);
    text_field(&harness, "New passphrase");
    enter_passphrase(&mut harness, "lantern pier mango");
    enter_passphrase(&mut harness, "lantern pier mango");
    step_until(&mut harness, |h| !h.state().is_working());
    assert!(!harness.state().document().is_dirty());
    let new = age::secrecy::SecretString::from("lantern pier mango".to_owned());
    let old = age::secrecy::SecretString::from(PASSPHRASE.to_owned());
    let load = trade_mission_planner::io::project_file::load_file_with;
    assert!(load(&path, Some(&new)).is_ok());
    assert!(load(&path, Some(&old)).is_err());
    let backup = trade_mission_planner::io::backup_path(&path);
    assert!(load(&backup, Some(&new)).is_ok());
    assert!(load(&backup, Some(&old)).is_err());
}

#[test]
fn remove_protection_asks_the_passphrase_then_saves_plain() {
    let dir = tempfile::tempdir().unwrap();
    let path = plain_sample_in(dir.path());
    let mut harness = harness(app_started_on(path.clone(), ScriptedDialogs::default()));
    harness.run();
    protect_from_the_menu(&mut harness);
    assert!(is_age(&path));

    file_menu(&mut harness, "Remove protection…");
    enter_passphrase(&mut harness, "someone else's guess");
    harness.get_by_label("That is not this project's passphrase");
    assert!(harness.state().is_protected());
    enter_passphrase(&mut harness, PASSPHRASE);
    step_until(&mut harness, |h| !h.state().is_working());
    assert!(!harness.state().is_protected());
    assert!(!is_age(&path));
    assert_eq!(
        trade_mission_planner::io::project_file::load_file(&path).unwrap(),
        *harness.state().document().project()
    );
}

#[test]
fn an_export_of_a_protected_project_says_it_is_not_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let path = plain_sample_in(dir.path());
    let mut harness = harness(app_started_on(
        path,
        ScriptedDialogs::answering([DialogOutcome::Cancelled, DialogOutcome::Cancelled]),
    ));
    harness.run();
    file_menu(&mut harness, "Export contacts (.vcf)…");
    assert!(!last_notice(&harness).contains("not encrypted"));
    protect_from_the_menu(&mut harness);
    file_menu(&mut harness, "Export contacts (.vcf)…");
    assert!(
        last_notice(&harness).contains("what you export is not"),
        "{}",
        last_notice(&harness)
    );
}

/// Ctrl+K "protect", Enter: the Protect dialog (Remove protection is not
/// offered for a project that is not protected).
#[test]
fn ctrl_k_protect_enter_opens_the_protect_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let path = plain_sample_in(dir.path());
    let mut harness = harness(app_started_on(path, ScriptedDialogs::default()));
    harness.run();
    press(&mut harness, Modifiers::COMMAND, Key::K);
    type_keys(&mut harness, "protect");
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Remove protection")
            .is_none()
    );
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label("Protect with a passphrase");
    text_field(&harness, "New passphrase");
}
