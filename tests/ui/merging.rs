//! Merging in the app: the Merge review, File → Merge a colleague's copy…,
//! File → Compare with…, and Merge in the changed-on-disk question.

use super::*;
use trade_mission_planner::io::lineage::SnapshotStore;
use trade_mission_planner::io::project_file::save_file;
use trade_mission_planner::merge::merge;

/// The sample merged from two copies that set Tokyo's city differently.
fn merged_with_a_city_conflict() -> Project {
    let base = common::sample();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.ports.iter_mut().find(|p| p.id == TOKYO).unwrap().city = "Koto".into();
    theirs
        .ports
        .iter_mut()
        .find(|p| p.id == TOKYO)
        .unwrap()
        .city = "Minato".into();
    merge(&base, &ours, &theirs)
}

#[test]
fn the_review_shows_a_conflict_deciding_for_theirs_changes_the_model_and_undo_restores_it() {
    let mut harness = harness(app_on_project(merged_with_a_city_conflict()));
    harness.run();
    go_to(&mut harness, "Merge review");
    harness.get_by_label("1 conflict to decide. Each field two copies changed differently keeps our value until you choose; File → Save keeps the undecided ones for later.");
    // In the list, and as the heading of the conflict shown.
    assert_eq!(
        harness
            .query_all_by_label("port \"Port of Tokyo\": city")
            .count(),
        2
    );
    // The three values side by side.
    harness.get_by_label("Koto");
    harness.get_by_label("Minato");
    harness.get_by_label("Use theirs").click();
    harness.run();
    let project = harness.state().document().project();
    assert_eq!(port(project, TOKYO).city, "Minato");
    assert!(project.conflicts.is_empty());
    harness.get_by_label_contains("No merge conflicts");

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let project = harness.state().document().project();
    assert_eq!(port(project, TOKYO).city, "Koto");
    assert_eq!(project.conflicts.len(), 1);
    harness.get_by_label("Use base").click();
    harness.run();
    assert_eq!(
        port(harness.state().document().project(), TOKYO).city,
        "Tokyo"
    );
}

/// A merge of two copies with no common version has no base to use: the
/// button is there, greyed, and says why.
#[test]
fn a_merge_without_a_common_version_offers_no_base() {
    let mut merged = merged_with_a_city_conflict();
    for conflict in &mut merged.conflicts {
        conflict.base = None;
    }
    let mut harness = harness(app_on_project(merged));
    harness.run();
    go_to(&mut harness, "Merge review");
    use egui_kittest::kittest::NodeT as _;
    let disabled = |h: &Harness<'static, PlannerApp>, label: &str| {
        h.get_by_label(label).accesskit_node().is_disabled()
    };
    assert!(disabled(&harness, "Use base"));
    assert!(!disabled(&harness, "Use theirs"));
    harness.get_by_label("Use base").click();
    harness.run();
    assert_eq!(harness.state().document().project().conflicts.len(), 1);
}

#[test]
fn a_file_with_conflicts_opens_on_its_review_and_a_hand_edit_shows_as_now() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("merged.mission.ron");
    save_file(&merged_with_a_city_conflict(), &path).unwrap();
    let mut harness = harness(app_started_on(path, ScriptedDialogs::default()));
    harness.run();
    assert_eq!(harness.state().settings.view, View::MergeReview);
    harness.get_by_label("Merge review  (1)");
    // Neither version is right: the delegate edits the field in its view.
    harness.get_by_label("Show it in its view").click();
    harness.run();
    retype(&mut harness, "City", "Shiba");
    go_to(&mut harness, "Merge review");
    harness.get_by_label_contains("Edited since the merge; it is now: Shiba.");
    harness.get_by_label("Keep as it is").click();
    harness.run();
    let project = harness.state().document().project();
    assert!(project.conflicts.is_empty());
    assert_eq!(port(project, TOKYO).city, "Shiba");
}

/// A delegate's laptop: the app on `file`, with its own snapshot folder.
fn laptop(
    file: &std::path::Path,
    data: &std::path::Path,
    dialogs: ScriptedDialogs,
) -> Harness<'static, PlannerApp> {
    let app = app_started_on(file.to_path_buf(), dialogs)
        .with_snapshots(SnapshotStore::open(data).unwrap());
    let mut harness = harness(app);
    harness.run();
    harness
}

/// The merge preview appears; the delegate reads it and merges.
fn accept_merge_preview(harness: &mut Harness<'static, PlannerApp>) {
    wait_for(harness, "What changes in this project");
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Merge")
        .click();
    harness.run();
}

/// A laptop on a shared file, and a colleague's copy of it as it was opened
/// here, changed by `theirs_edit`; here, the delegate sets Tokyo's city to
/// Koto in the form. The folders live as long as the returned guard.
fn colleague_and_us(
    theirs_edit: impl FnOnce(&mut Project),
) -> (Harness<'static, PlannerApp>, [tempfile::TempDir; 2]) {
    let files = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let shared = files.path().join("mission.mission.ron");
    save_file(&common::sample(), &shared).unwrap();
    let colleague = files.path().join("colleague.mission.ron");
    let mut harness = laptop(
        &shared,
        data.path(),
        ScriptedDialogs::answering([DialogOutcome::Picked(colleague.clone())]),
    );
    let mut theirs = load_file(&shared).unwrap();
    theirs.ancestors = harness.state().document().project().ancestors.clone();
    theirs_edit(&mut theirs);
    save_file(&theirs, &colleague).unwrap();
    go_to(&mut harness, "Ports");
    harness.get_by_label("Port of Tokyo").click();
    harness.run();
    retype(&mut harness, "City", "Koto");
    (harness, [files, data])
}

fn port_mut(project: &mut Project, id: PortId) -> &mut Port {
    project.ports.iter_mut().find(|p| p.id == id).unwrap()
}

#[test]
fn merging_a_colleagues_copy_takes_their_edits_in_one_undoable_step() {
    // The colleague edited another port and the title.
    let (mut harness, _folders) = colleague_and_us(|theirs| {
        port_mut(theirs, YOKOHAMA).city = "Naka".into();
        theirs.mission.title = "Their title".into();
    });
    file_menu(&mut harness, "Merge a colleague's copy…");
    // The preview says what changes here, before anything does.
    wait_for(&mut harness, "No conflicts: everything merges cleanly.");
    harness.get_by_label_contains("~ port #3 \"Port of Yokohama\"");
    assert_eq!(
        port(harness.state().document().project(), YOKOHAMA).city,
        "Yokohama"
    );
    accept_merge_preview(&mut harness);
    let project = harness.state().document().project();
    assert_eq!(port(project, TOKYO).city, "Koto", "ours kept");
    assert_eq!(port(project, YOKOHAMA).city, "Naka", "theirs taken");
    assert_eq!(project.mission.title, "Their title", "only they changed it");
    assert!(project.conflicts.is_empty());
    assert!(
        last_notice(&harness).contains("merged cleanly"),
        "{}",
        last_notice(&harness)
    );

    // One step back is the whole merge.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let project = harness.state().document().project();
    assert_eq!(port(project, YOKOHAMA).city, "Yokohama");
    assert_eq!(port(project, TOKYO).city, "Koto");
}

#[test]
fn merging_a_copy_that_changed_the_same_field_opens_the_review() {
    let (mut harness, _folders) =
        colleague_and_us(|theirs| port_mut(theirs, TOKYO).city = "Minato".into());
    file_menu(&mut harness, "Merge a colleague's copy…");
    wait_for(&mut harness, "1 conflict(s) to decide in Merge review");
    harness.get_by_label_contains("! conflict: port \"Port of Tokyo\": city");
    accept_merge_preview(&mut harness);
    assert_eq!(harness.state().settings.view, View::MergeReview);
    assert!(last_notice(&harness).contains("1 conflict to decide"));
    harness.get_by_label("Minato");
    harness.get_by_label("Use theirs").click();
    harness.run();
    assert_eq!(
        port(harness.state().document().project(), TOKYO).city,
        "Minato"
    );
}

#[test]
fn compare_with_lists_the_differences_and_changes_nothing() {
    let files = tempfile::tempdir().unwrap();
    let other = files.path().join("other.mission.ron");
    let mut theirs = common::sample();
    theirs
        .ports
        .iter_mut()
        .find(|p| p.id == TOKYO)
        .unwrap()
        .city = "Minato".into();
    let draft = &mut theirs
        .agreements
        .iter_mut()
        .find(|a| a.id == MOU_TOKYO)
        .unwrap()
        .draft;
    *draft = draft.replacen("the", "THE", 1);
    save_file(&theirs, &other).unwrap();
    let other_shown = other.display().to_string();
    let gone = files.path().join("gone.mission.ron");
    let app = PlannerApp::with_sample(
        Settings::default(),
        Box::new(ScriptedDialogs::answering([
            DialogOutcome::Picked(gone),
            DialogOutcome::Picked(other),
        ])),
        Box::new(fixed_now),
    );
    let mut harness = harness(app);
    harness.run();
    // A first try on a file that is not there fails and says so…
    file_menu(&mut harness, "Compare with…");
    wait_for(&mut harness, "Could not compare");
    file_menu(&mut harness, "Compare with…");
    // Read and compared off the UI thread (a large copy takes seconds).
    wait_for(&mut harness, "Compared with");
    // …and that error goes once a compare works.
    assert!(
        harness
            .state()
            .notices()
            .iter()
            .all(|notice| !notice.text.starts_with("Could not compare")),
        "{:?}",
        harness.state().notices()
    );
    harness.run();
    // A dialog named by its heading, with the keyboard in it (it stayed on
    // the window behind): Enter closes it.
    harness.get_by_role_and_label(
        egui::Role::Dialog,
        &format!("Compared with {}", other_shown),
    );
    assert!(harness.get_by_label("Close").is_focused());
    harness.get_by_label_contains("~ port #2 \"Port of Tokyo\"");
    harness.get_by_label_contains("  +     city: \"Minato\",");
    harness.get_by_label_contains("Drafts (this project → the other file)");
    // Back from Close to a draft's heading: Page Down scrolls the drafts
    // (it scrolled only the lines above them, too few here to scroll).
    press(&mut harness, Modifiers::SHIFT, Key::Tab);
    let heading = harness
        .get_all_by_role(egui::Role::DisclosureTriangle)
        .find(|node| node.is_focused())
        .expect("a draft's heading has the keyboard")
        .rect();
    press(&mut harness, Modifiers::NONE, Key::PageDown);
    harness.run();
    let moved = harness
        .get_all_by_role(egui::Role::DisclosureTriangle)
        .find(|node| node.is_focused())
        .expect("the heading keeps the keyboard")
        .rect();
    assert!(
        moved.top() < heading.top() - 20.0,
        "{heading:?} -> {moved:?}"
    );
    harness.get_by_label("Close").focus();
    harness.run();
    assert_eq!(harness.state().document().project(), &common::sample());
    assert!(!harness.state().document().is_dirty());
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(harness.query_by_label_contains("Compared with").is_none());
}

#[test]
fn the_changed_on_disk_question_merges_then_saves() {
    let files = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let shared = files.path().join("shared.mission.ron");
    save_file(&common::sample(), &shared).unwrap();
    let mut harness = laptop(&shared, data.path(), ScriptedDialogs::default());
    go_to(&mut harness, "Ports");
    harness.get_by_label("Port of Tokyo").click();
    harness.run();
    retype(&mut harness, "City", "Koto");
    // A colleague saves to the shared file meanwhile.
    let mut theirs = load_file(&shared).unwrap();
    theirs.mission.title = "Their title".into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    save_file(&theirs, &shared).unwrap();

    press(&mut harness, Modifiers::COMMAND, Key::S);
    harness.get_by_label("The file changed on disk");
    harness.get_by_label("Merge").click();
    harness.run_steps(2);
    accept_merge_preview(&mut harness);
    let saved = load_file(&shared).unwrap();
    assert_eq!(port(&saved, TOKYO).city, "Koto");
    assert_eq!(saved.mission.title, "Their title");
    assert!(!harness.state().document().is_dirty());
    assert!(harness.query_by_label("The file changed on disk").is_none());
}

/// The counterpart's edited Word file becomes a revision, attributed to the
/// name the delegate types, and the redline opens on it.
#[test]
fn a_revision_comes_back_from_word_with_a_preview_and_its_redline() {
    use trade_mission_planner::io::docx::{DocumentInfo, draft_to_docx};
    let dir = tempfile::tempdir().unwrap();
    let before = agreement(&common::sample(), MOU_TOKYO).clone();
    let edited = before.draft.replace(
        "Within one year of signature",
        "Within eighteen months of signature",
    );
    let word = dir.path().join("from-tokyo.docx");
    let info = DocumentInfo {
        author: "Kenji Sato".into(),
        written_at: fixed_now(),
    };
    std::fs::write(&word, draft_to_docx(&edited, &info).unwrap()).unwrap();
    let app = app_with(ScriptedDialogs::answering([DialogOutcome::Picked(word)]));
    let mut harness = harness(app);
    harness.run();
    select_agreement(&mut harness, &before.title);
    open_draft_page(&mut harness);
    harness
        .get_by_label("Import revision from Word…")
        .scroll_to_me();
    harness.run();
    harness.get_by_label("Import revision from Word…").click();
    harness.run_steps(2);
    wait_for(&mut harness, "Whose revision is this?");
    harness.get_by_label("1 change against the current draft");
    // Nothing is recorded until the delegate says whose it is.
    harness.get_by_label("Import").click();
    harness.run();
    harness.get_by_label("Import revision from Word");
    let project = harness.state().document().project();
    assert_eq!(agreement(project, MOU_TOKYO).revisions, before.revisions);
    type_like_a_person(
        &mut harness,
        "Whose revision is this? (e.g. Port of Tokyo, Kenji Sato)",
        "Port of Tokyo",
    );
    harness.get_by_label("Import").click();
    harness.run();
    harness.run();
    let now = agreement(harness.state().document().project(), MOU_TOKYO);
    assert_eq!(now.draft, before.draft, "the working draft stays");
    let revision = now.revisions.last().unwrap();
    assert_eq!(revision.number, before.next_revision_number());
    assert_eq!(revision.author, "Port of Tokyo");
    assert_eq!(&*revision.text, edited);
    // The redline is open, from the draft to the new revision.
    harness.get_by_label("1 change");
    harness.get_by_label_contains("Redline: 1 change");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let undone = agreement(harness.state().document().project(), MOU_TOKYO);
    assert_eq!(
        undone.revisions.len(),
        before.revisions.len(),
        "one undo step"
    );
}

/// Deciding with the keyboard: Enter on a focused decision decides that
/// conflict only; a second Enter does not decide the next one unseen.
#[test]
fn enter_on_a_decision_decides_one_conflict_only() {
    let base = common::sample();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    for (copy, tag) in [(&mut ours, "ours"), (&mut theirs, "theirs")] {
        let tokyo = copy.ports.iter_mut().find(|p| p.id == TOKYO).unwrap();
        tokyo.city = format!("City {tag}");
        tokyo.notes = format!("Notes {tag}");
    }
    let mut harness = harness(app_on_project(merge(&base, &ours, &theirs)));
    harness.run();
    go_to(&mut harness, "Merge review");
    harness.get_by_label("Use theirs").focus();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(harness.state().document().project().conflicts.len(), 1);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(
        harness.state().document().project().conflicts.len(),
        1,
        "the second Enter decided the next conflict"
    );
}
