//! UI tests: drive the real app by widget labels, then assert on the project.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use trade_mission_planner::app::{Origin, PlannerApp};
use trade_mission_planner::io::project_file::load_file;
use trade_mission_planner::model::MissionEvent;
use trade_mission_planner::settings::Settings;
use trade_mission_planner::ui::View;
use trade_mission_planner::ui::dialogs::{DialogKind, DialogOutcome, FileDialogs, PendingDialog};

/// Answers file dialogs from a script, and records which were asked for.
#[derive(Clone, Default)]
struct ScriptedDialogs {
    answers: Rc<RefCell<VecDeque<DialogOutcome>>>,
    asked: Rc<RefCell<Vec<DialogKind>>>,
}

impl ScriptedDialogs {
    fn answering(answers: impl IntoIterator<Item = DialogOutcome>) -> Self {
        let dialogs = Self::default();
        dialogs.answers.borrow_mut().extend(answers);
        dialogs
    }
}

impl FileDialogs for ScriptedDialogs {
    fn show(
        &mut self,
        kind: DialogKind,
        _start_dir: Option<PathBuf>,
        _file_name: Option<String>,
        _wake: Box<dyn Fn() + Send>,
    ) -> PendingDialog {
        self.asked.borrow_mut().push(kind);
        let answer = self
            .answers
            .borrow_mut()
            .pop_front()
            .unwrap_or(DialogOutcome::Cancelled);
        PendingDialog::answered(kind, answer)
    }
}

/// 1 March 2023, before the mission: tests never read the real clock.
fn fixed_now() -> jiff::Timestamp {
    "2023-03-01T00:00:00Z".parse().unwrap()
}

fn app_with(dialogs: ScriptedDialogs) -> PlannerApp {
    PlannerApp::with_sample(Settings::default(), Box::new(dialogs), Box::new(fixed_now))
}

fn harness(app: PlannerApp) -> Harness<'static, PlannerApp> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(|ctx| {
            // The same fallback the real window uses, so 東京港 must render
            // (a missing glyph fails the test).
            ctx.add_font_provider(Arc::new(
                egui_system_font_provider::SystemFontProvider::new(),
            ));
        })
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app)
}

fn go_to(harness: &mut Harness<'static, PlannerApp>, view: &str) {
    harness.get_by_label_contains(&format!("{view}  (")).click();
    harness.run();
}

/// Replaces the text of the field labelled `label`.
fn retype(harness: &mut Harness<'static, PlannerApp>, label: &str, text: &str) {
    field(harness, label).scroll_to_me();
    harness.run();
    field(harness, label).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    field(harness, label).type_text(text);
    harness.run();
}

/// The text field labelled `label` (table headers may carry the same words).
fn field<'h>(harness: &'h Harness<'static, PlannerApp>, label: &'h str) -> egui_kittest::Node<'h> {
    harness.get_by_role_and_label(egui::Role::TextInput, label)
}

/// Scroll the widget labelled `label` into view, then click it.
fn scroll_and_click(harness: &mut Harness<'static, PlannerApp>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).click();
    harness.run();
}

/// `view` with the row labelled `label` selected.
fn select_row(harness: &mut Harness<'static, PlannerApp>, view: &str, label: &str) {
    go_to(harness, view);
    harness.get_by_label(label).click();
    harness.run();
}

/// The Agreements view with the agreement titled `title` selected.
fn select_agreement(harness: &mut Harness<'static, PlannerApp>, title: &str) {
    select_row(harness, "Agreements", title);
}

/// The selected agreement's Draft page (editor, clauses, revisions).
fn open_draft_page(harness: &mut Harness<'static, PlannerApp>) {
    harness.get_by_label("Draft").click();
    harness.run();
}

/// Focus the draft editor, press Ctrl+`to` (Home or End: egui reads Ctrl,
/// not Command, for the start or end of the text) and type `text`.
fn type_into_draft(harness: &mut Harness<'static, PlannerApp>, to: Key, text: &str) {
    let draft = egui::Role::MultilineTextInput;
    harness
        .get_by_role_and_label(draft, "Draft text")
        .scroll_to_me();
    harness.run();
    harness.get_by_role_and_label(draft, "Draft text").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::CTRL, to);
    harness
        .get_by_role_and_label(draft, "Draft text")
        .type_text(text);
    harness.run();
}

fn press(harness: &mut Harness<'static, PlannerApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

#[test]
fn editing_a_port_name_changes_the_table_and_undo_brings_it_back() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    retype(&mut harness, "Name", "Tokyo Port");
    let app = harness.state();
    assert_eq!(app.document().project().ports[1].name, "Tokyo Port");
    assert!(app.document().is_dirty());
    assert!(
        app.window_title().starts_with("● "),
        "{}",
        app.window_title()
    );
    assert!(
        harness.query_by_label("Tokyo Port").is_some(),
        "the table shows the new name"
    );
    assert!(
        harness.query_by_label("東京港").is_some(),
        "Japanese names render"
    );

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let app = harness.state();
    assert_eq!(app.document().project().ports[1].name, "Port of Tokyo");
    assert!(!app.document().is_dirty());
    assert_eq!(app.window_title(), "Sample mission — Trade Mission Planner");
    assert!(harness.query_by_label("Tokyo Port").is_none());

    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(
        harness.state().document().project().ports[1].name,
        "Tokyo Port"
    );
}

#[test]
fn typing_a_word_is_one_undo_step() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Yokohama");
    field(&harness, "City").focus();
    harness.run();
    for letter in ["-", "s", "h", "i"] {
        field(&harness, "City").type_text(letter);
        harness.run();
    }
    assert_eq!(
        harness.state().document().project().ports[2].city,
        "Yokohama-shi"
    );
    assert_eq!(harness.state().document().history().undo_len(), 1);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        harness.state().document().project().ports[2].city,
        "Yokohama"
    );
}

#[test]
fn an_invalid_locode_shows_its_message() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    assert!(harness.query_by_label_contains("this has").is_none());
    retype(&mut harness, "UN/LOCODE", "JP1");
    harness.get_by_label(
        "a UN/LOCODE has 5 characters (2-letter country + 3-character place), this has 3",
    );
    assert_eq!(harness.state().document().project().ports[1].locode, "JP1");
    retype(&mut harness, "Latitude", "95");
    harness.get_by_label("Latitude must be between -90 and 90 degrees");
    assert_eq!(harness.state().document().project().ports[1].latitude, 95.0);
    retype(&mut harness, "Latitude", "north");
    harness.get_by_label("\"north\" is not a number");
    assert_eq!(
        harness.state().document().project().ports[1].latitude,
        95.0,
        "the model keeps its last number"
    );
}

#[test]
fn adding_and_deleting_an_event() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Events", "Add");
    let events = &harness.state().document().project().events;
    assert_eq!(events.len(), 15);
    assert_eq!(events[14].title, "New event");
    assert_eq!(
        field(&harness, "Title").value().as_deref(),
        Some("New event")
    );

    harness.get_by_label("Delete…").click();
    harness.run();
    harness.get_by_label("Delete event \"New event\"?");
    harness.get_by_label("Delete").click();
    harness.run();
    assert_eq!(harness.state().document().project().events.len(), 14);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().project().events.len(), 15);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().project(), &common::sample());
    assert!(!harness.state().document().is_dirty());
}

#[test]
fn delete_key_asks_first_and_cancel_keeps_the_row() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Yokohama");
    press(&mut harness, Modifiers::NONE, Key::Delete);
    // Yokohama is a party to agreements and on corridors and events: the dialog says so.
    harness.get_by_label_contains("other entries refer to it");
    harness.get_by_label("• agreement \"MOU: Port of Los Angeles – Port of Yokohama\"");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().document().project().ports.len(), 5);
    press(&mut harness, Modifiers::NONE, Key::Delete);
    harness.get_by_label("Delete").click();
    harness.run();
    let project = harness.state().document().project();
    assert_eq!(project.ports.len(), 4);
    assert_eq!(
        project.agreements[1].parties.len(),
        1,
        "the reference went with it"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().project(), &common::sample());
}

#[test]
fn new_with_unsaved_work_asks_and_cancel_keeps_the_work() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    retype(&mut harness, "City", "Koto");
    press(&mut harness, Modifiers::COMMAND, Key::N);
    assert!(harness.state().is_asking_to_save());
    harness.get_by_label("Save changes?");
    harness.get_by_label("Cancel").click();
    harness.run();
    let app = harness.state();
    assert!(!app.is_asking_to_save());
    assert_eq!(app.document().project().ports[1].city, "Koto");
    assert!(app.document().is_dirty());

    press(&mut harness, Modifiers::COMMAND, Key::N);
    harness.get_by_label("Don't Save").click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.origin(), &Origin::Untitled);
    assert!(app.document().project().ports.is_empty());
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
    assert_eq!(
        &load_file(&target).unwrap(),
        harness.state().document().project()
    );
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
    assert_eq!(load_file(&chosen).unwrap().people[1].phone, "+1 555 0100");
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

/// At 1280 px the agreements table shows all its columns (the form takes
/// the right of the window) instead of hiding the last ones to the right.
#[test]
fn the_agreements_table_fits_its_columns_into_the_panel() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    let form_left = harness.get_by_label("Details").rect().left();
    for header in ["Kind", "Status", "Signed", "Parties"] {
        // The header is the topmost of the labels with that text (cells and
        // form labels share some of them).
        let rect = harness
            .query_all_by_label(header)
            .map(|node| node.rect())
            .min_by(|a, b| a.top().total_cmp(&b.top()))
            .unwrap();
        assert!(
            rect.left() < form_left - 20.0,
            "{header} starts at {} but the form at {form_left}",
            rect.left()
        );
    }
}

#[test]
fn wide_text_columns_give_up_width_first() {
    use trade_mission_planner::ui::entity_list::fitted_widths;
    // The Events table: Start, Title, Kind, Place, People.
    let events = [150.0, 300.0, 110.0, 200.0, 60.0];
    assert_eq!(fitted_widths(&events, 1400.0), events);
    let fitted = fitted_widths(&events, 700.0);
    assert_eq!((fitted[0], fitted[2]), (150.0, 110.0), "{fitted:?}");
    assert!(fitted[1] < 300.0 && fitted[3] < 200.0, "{fitted:?}");
    let fixed: f32 = fitted[..4].iter().sum();
    assert!(fixed + 80.0 + 5.0 * 8.0 <= 700.0 + 0.01, "{fitted:?}");
    // Too narrow for everything: wide columns stop at 150 px.
    assert_eq!(
        fitted_widths(&events, 300.0),
        [150.0, 150.0, 110.0, 150.0, 60.0]
    );
}

#[test]
fn find_filters_the_current_view() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    go_to(&mut harness, "Ports");
    press(&mut harness, Modifiers::COMMAND, Key::F);
    harness.get_by_label("Search ports").type_text("yoko");
    harness.run();
    assert!(harness.query_by_label("Port of Yokohama").is_some());
    assert!(harness.query_by_label("Port of Tokyo").is_none());
    harness.get_by_label("1 of 5 ports");
}

#[test]
fn clicking_a_problem_shows_its_entity() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    go_to(&mut harness, "Problems");
    harness
        .get_by_label("agreement \"Green shipping corridor partnership: Los Angeles – Singapore\"")
        .click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.view(), View::Agreements);
    assert_eq!(
        app.selected_entity(),
        Some(trade_mission_planner::model::EntityRef::Agreement(
            trade_mission_planner::model::AgreementId(306)
        ))
    );
}

#[test]
fn every_view_draws() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    for view in [
        "Ports",
        "Organisations",
        "People",
        "Agreements",
        "Corridors",
        "Events",
        "Problems",
    ] {
        go_to(&mut harness, view);
        assert_eq!(harness.state().view().label(), view);
    }
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
        let app = PlannerApp::start(
            Some(path.clone()),
            Settings::default(),
            Box::new(ScriptedDialogs::default()),
            Box::new(fixed_now),
        );
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
        assert_eq!(saved.ports[1].city, "Koto");
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
        assert_eq!(load_file(&path).unwrap().ports[1].city, "Koto");
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
        let app = PlannerApp::start(
            Some(original.clone()),
            Settings::default(),
            Box::new(ScriptedDialogs::answering([DialogOutcome::Picked(
                copy.clone(),
            )])),
            Box::new(fixed_now),
        );
        let mut harness = harness(app);
        harness.run();
        let newer = harness.state().read_only().cloned().unwrap();
        assert_eq!(newer.version, 4);
        assert_eq!(newer.skipped, ["project.mission.currency"]);
        harness.get_by_label_contains("Read-only: a newer version");
        assert_eq!(harness.state().document().project(), &common::sample());

        go_to(&mut harness, "Ports");
        harness.get_by_label("Port of Tokyo").click();
        harness.run();
        retype(&mut harness, "City", "Koto");
        assert_eq!(
            harness.state().document().project().ports[1].city,
            "Tokyo",
            "no edits"
        );
        assert!(
            harness
                .state()
                .notices()
                .last()
                .unwrap()
                .text
                .contains("read-only")
        );

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
        assert_eq!(load_file(&copy).unwrap(), common::sample());
        retype(&mut harness, "City", "Koto");
        assert_eq!(harness.state().document().project().ports[1].city, "Koto");
    }

    #[test]
    fn an_older_file_is_migrated_and_its_first_save_keeps_it_as_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.mission.ron");
        std::fs::copy(fixture("v1_sample.mission.ron"), &path).unwrap();
        let old_bytes = std::fs::read(&path).unwrap();
        let app = PlannerApp::start(
            Some(path.clone()),
            Settings::default(),
            Box::new(ScriptedDialogs::default()),
            Box::new(fixed_now),
        );
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
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("format_version: 3")
        );
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

mod schedule {
    use super::*;

    fn schedule_harness() -> Harness<'static, PlannerApp> {
        let mut harness = harness(app_with(ScriptedDialogs::default()));
        harness.run();
        harness.get_by_label("Schedule").click();
        harness.run();
        harness
    }

    fn event_named(harness: &Harness<'static, PlannerApp>, title: &str) -> MissionEvent {
        harness
            .state()
            .document()
            .project()
            .events
            .iter()
            .find(|e| e.title == title)
            .unwrap()
            .clone()
    }

    /// The event starts and ends exactly at these zoned times.
    fn assert_times(event: &MissionEvent, start: &str, end: &str) {
        assert_eq!(
            (event.start.to_string(), event.end.to_string()),
            (start.to_owned(), end.to_owned()),
            "{}",
            event.title
        );
    }

    /// Presses at `from`, moves in `steps` equal steps by `by`, releases.
    fn drag(
        harness: &mut Harness<'static, PlannerApp>,
        from: egui::Pos2,
        by: egui::Vec2,
        steps: u32,
    ) {
        harness.hover_at(from);
        harness.run();
        harness.drag_at(from);
        harness.run();
        for step in 1..=steps {
            harness.hover_at(from + by * (step as f32 / steps as f32));
            harness.run();
        }
        harness.drop_at(from + by);
        harness.run();
    }

    fn pick(harness: &mut Harness<'static, PlannerApp>, picker: &str, search: &str, choice: &str) {
        harness.get_by_label(picker).click();
        harness.run();
        harness
            .get_by_label(&format!("Search {picker}"))
            .type_text(search);
        harness.run();
        harness.get_by_label(choice).click();
        harness.run();
    }

    #[test]
    fn switching_the_second_zone_changes_the_ruler() {
        let mut harness = schedule_harness();
        harness.get_by_label("Host ruler Tokyo UTC+09:00");
        harness.get_by_label("Second ruler Los_Angeles UTC−08:00");
        // Monday 13 March: Los Angeles is on daylight saving time.
        harness.get_by_label("Mon 13 Mar").click();
        harness.run();
        harness.get_by_label("Second ruler Los_Angeles UTC−07:00");
        pick(&mut harness, "Second zone", "London", "Europe/London");
        harness.get_by_label("Second ruler London UTC+00:00");
        assert!(
            harness
                .query_by_label_contains("Second ruler Los_Angeles")
                .is_none()
        );
    }

    #[test]
    fn filtering_by_a_person_hides_other_events() {
        let mut harness = schedule_harness();
        assert!(
            harness
                .query_by_label("Tour of Tokyo port terminals")
                .is_some()
        );
        pick(&mut harness, "Person", "Rachel", "Rachel Cohen");
        assert!(
            harness
                .query_by_label("Tour of Tokyo port terminals")
                .is_none()
        );
        assert!(
            harness
                .query_by_label("Signing: Los Angeles – Tokyo MOU")
                .is_some()
        );
    }

    #[test]
    fn dragging_a_block_moves_the_event_and_undo_restores_it() {
        let mut harness = schedule_harness();
        let original = harness.state().document().project().clone();
        let block = harness.get_by_label("Tour of Tokyo port terminals").rect();
        let from = block.center();
        // 44 px is one hour at the default zoom; 45 px (61 min) snaps to 60 minutes.
        drag(&mut harness, from, egui::vec2(0.0, 45.0), 4);
        let tour = event_named(&harness, "Tour of Tokyo port terminals");
        assert_times(
            &tour,
            "2023-03-13T10:30:00+09:00[Asia/Tokyo]",
            "2023-03-13T12:30:00+09:00[Asia/Tokyo]",
        );
        assert_eq!(
            harness.state().document().history().undo_len(),
            1,
            "one undo step"
        );
        press(&mut harness, Modifiers::COMMAND, Key::Z);
        assert_eq!(harness.state().document().project(), &original);
    }

    #[test]
    fn dragging_on_an_empty_slot_creates_an_event_and_the_bottom_edge_resizes() {
        let mut harness = schedule_harness();
        // Below the Tokyo tour (09:30–11:30 on Monday), the same column is free.
        let tour = harness.get_by_label("Tour of Tokyo port terminals").rect();
        let from = egui::pos2(tour.center().x, tour.max.y + 44.0); // 12:30
        drag(&mut harness, from, egui::vec2(0.0, 66.0), 3); // + 1.5 h
        let project = harness.state().document().project();
        assert_eq!(project.events.len(), 15);
        let new = project.events.last().unwrap();
        assert_eq!(new.title, "New event");
        assert_times(
            new,
            "2023-03-13T12:30:00+09:00[Asia/Tokyo]",
            "2023-03-13T14:00:00+09:00[Asia/Tokyo]",
        );

        // Drag the tour's bottom edge down by half an hour.
        let edge = egui::pos2(tour.center().x, tour.max.y - 2.0);
        drag(&mut harness, edge, egui::vec2(0.0, 22.0), 2);
        let tour = event_named(&harness, "Tour of Tokyo port terminals");
        assert_times(
            &tour,
            "2023-03-13T09:30:00+09:00[Asia/Tokyo]",
            "2023-03-13T12:00:00+09:00[Asia/Tokyo]",
        );
    }

    #[test]
    fn keyboard_moves_the_selected_block() {
        let mut harness = schedule_harness();
        harness.get_by_label("Tour of Tokyo port terminals").click();
        harness.run();
        press(&mut harness, Modifiers::NONE, Key::ArrowDown);
        press(&mut harness, Modifiers::NONE, Key::ArrowDown);
        press(&mut harness, Modifiers::SHIFT, Key::ArrowDown);
        let tour = event_named(&harness, "Tour of Tokyo port terminals");
        assert_times(
            &tour,
            "2023-03-13T09:40:00+09:00[Asia/Tokyo]",
            "2023-03-13T11:45:00+09:00[Asia/Tokyo]",
        );
    }

    #[test]
    fn the_agenda_lists_the_same_events_by_day() {
        let mut harness = schedule_harness();
        harness.get_by_label("Agenda").click();
        harness.run();
        harness.get_by_label("Monday 13 March 2023");
        harness.get_by_label(
            "14:00–15:00  (Sun 22:00 Los_Angeles)   Signing: Los Angeles – Tokyo MOU",
        );
    }
}

mod calendars {
    use super::*;

    #[test]
    fn importing_a_calendar_is_one_undo_step_and_reports_what_was_left_out() {
        let invitations = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/calendars/invitations.ics");
        let mut harness = harness(app_with(ScriptedDialogs::answering([
            DialogOutcome::Picked(invitations),
        ])));
        harness.run();
        harness
            .state_mut()
            .run_command(trade_mission_planner::commands::Command::ImportCalendar);
        harness.run();
        assert_eq!(harness.state().document().project().events.len(), 18);
        harness.get_by_label("Not everything in the calendar could be imported");
        harness.get_by_label_contains("repeats; only the first occurrence was imported");
        harness.get_by_label("OK").click();
        harness.run();
        press(&mut harness, Modifiers::COMMAND, Key::Z);
        assert_eq!(harness.state().document().project(), &common::sample());
    }

    #[test]
    fn exporting_follows_the_schedules_person_filter() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("agenda");
        let mut harness = harness(app_with(ScriptedDialogs::answering([
            DialogOutcome::Picked(out.clone()),
        ])));
        harness.run();
        harness.get_by_label("Schedule").click();
        harness.run();
        harness.get_by_label("Person").click();
        harness.run();
        harness.get_by_label("Search Person").type_text("Rachel");
        harness.run();
        harness.get_by_label("Rachel Cohen").click();
        harness.run();
        harness
            .state_mut()
            .run_command(trade_mission_planner::commands::Command::ExportCalendar);
        harness.run();
        let text = std::fs::read_to_string(out.with_extension("ics")).unwrap();
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 5);
        assert!(
            harness
                .state()
                .notices()
                .last()
                .unwrap()
                .text
                .contains("Rachel Cohen's agenda")
        );
    }
}

/// Every view, and the built-in file chooser, with only egui's bundled fonts:
/// the interface's own symbols must not depend on what the system has (the
/// harness fails on a missing glyph). Japanese names are the one thing that
/// needs a system font, so they are left out here.
#[test]
fn the_interface_draws_with_only_the_bundled_fonts() {
    let mut project = common::sample();
    for port in &mut project.ports {
        port.local_name.clear();
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let app = PlannerApp::with_project(
        project,
        Origin::File(dir.path().join("x.mission.ron")),
        Settings::default(),
        Box::new(ScriptedDialogs::answering([DialogOutcome::Unavailable])),
        Box::new(fixed_now),
    );
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    harness.run();
    for view in View::ALL {
        harness.state_mut().set_view(view);
        harness.run();
    }
    harness.state_mut().set_view(View::Ports);
    harness.run();
    harness.get_by_label("Port of Tokyo").click();
    harness.run();
    retype(&mut harness, "UN/LOCODE", "bad");
    harness
        .state_mut()
        .run_command(trade_mission_planner::commands::Command::Open);
    harness.run();
    harness.get_by_label("Open mission");
}

/// The draft editor's own buffer (fast index conversions for long drafts)
/// edits at the cursor, in characters, even with non-ASCII text before it;
/// the counts follow.
#[test]
fn typing_inside_a_draft_edits_at_the_cursor_and_updates_the_counts() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    open_draft_page(&mut harness);
    let before = harness.state().document().project().agreements[0]
        .draft
        .clone();
    type_into_draft(&mut harness, Key::Home, "東京港 ");
    for _ in 0..3 {
        harness.key_press(Key::ArrowRight);
    }
    harness
        .get_by_role_and_label(egui::Role::MultilineTextInput, "Draft text")
        .type_text("é");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Backspace);
    press(&mut harness, Modifiers::NONE, Key::Backspace);
    // "東京港 " typed at the start; "é" typed after the draft's third
    // character, then Backspace twice takes it and that character away.
    let chars: Vec<char> = before.chars().collect();
    let expected: String = "東京港 "
        .chars()
        .chain(chars[..2].iter().copied())
        .chain(chars[3..].iter().copied())
        .collect();
    let after = &harness.state().document().project().agreements[0].draft;
    assert_eq!(after, &expected);
    harness.get_by_label_contains(&format!(
        "{} words · {} characters",
        expected.split_whitespace().count(),
        expected.chars().count()
    ));
}

#[test]
fn recording_a_revision_then_editing_shows_the_redline_and_restore_undoes() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Yokohama");
    open_draft_page(&mut harness);
    // First revision: the app asks for the delegate's name once.
    retype(&mut harness, "Your name", "Maria Alvarez");
    retype(&mut harness, "Message", "As agreed in Yokohama");
    scroll_and_click(&mut harness, "Record revision");
    let mou = harness.state().document().project().agreements[1].clone();
    assert_eq!(mou.revisions.len(), 1);
    assert_eq!(mou.revisions[0].author, "Maria Alvarez");
    assert_eq!(mou.revisions[0].message, "As agreed in Yokohama");
    assert_eq!(harness.state().settings.delegate_name, "Maria Alvarez");
    assert!(harness.query_by_label("Your name").is_none(), "asked once");

    // Change the draft: the redline against the revision shows it.
    type_into_draft(
        &mut harness,
        Key::End,
        "\nThe ports will meet every spring.\n",
    );
    scroll_and_click(&mut harness, "Compare versions (redline)");
    harness.get_by_label("Redline: 1 change");
    harness.get_by_label("1 change");

    // Restore the revision (the new sentence goes), then undo the restore.
    scroll_and_click(&mut harness, "Restore revision 1");
    let draft = &harness.state().document().project().agreements[1].draft;
    assert!(!draft.contains("every spring"));
    harness.get_by_label("No changes");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(
        harness.state().document().project().agreements[1]
            .draft
            .contains("every spring")
    );
}

#[test]
fn moving_a_card_to_signed_asks_for_the_date() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    harness.get_by_label("Status board").click();
    harness.run();
    let title = "Green shipping corridor partnership: Los Angeles – Tokyo";
    for next in ["Drafting", "Negotiation", "Ready to sign"] {
        harness
            .get_by_label(&format!("Move \"{title}\" on to {next}"))
            .click();
        harness.run();
        eprintln!(
            "after {next}: {:?}",
            harness.state().document().project().agreements[2].status
        );
    }
    let corridor =
        |h: &Harness<'static, PlannerApp>| h.state().document().project().agreements[2].clone();
    assert_eq!(
        corridor(&harness).status,
        trade_mission_planner::model::AgreementStatus::ReadyToSign
    );
    harness
        .get_by_label(&format!("Move \"{title}\" on to Signed"))
        .click();
    harness.run();
    harness.get_by_label("When was it signed?");
    // Proposed: the day of the signing ceremony the schedule links it to.
    harness.get_by_label("Mark as signed").click();
    harness.run();
    let signed = corridor(&harness);
    assert_eq!(
        signed.status,
        trade_mission_planner::model::AgreementStatus::Signed
    );
    assert_eq!(signed.dates.signed, Some(jiff::civil::date(2023, 3, 13)));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        corridor(&harness).status,
        trade_mission_planner::model::AgreementStatus::ReadyToSign
    );
}

#[test]
fn find_counts_matches_and_replace_all_is_one_undo_step() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    open_draft_page(&mut harness);
    retype(&mut harness, "Find in draft", "memorandum");
    harness.get_by_label("4 matches");
    retype(&mut harness, "Replace with", "agreement");
    scroll_and_click(&mut harness, "Replace all");
    let draft = &harness.state().document().project().agreements[0].draft;
    assert!(!draft.to_lowercase().contains("memorandum"));
    assert_eq!(draft.matches("agreement").count(), 4);
    harness.get_by_label("No matches");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().project(), &common::sample());
    // The count follows the draft back.
    harness.get_by_label("4 matches");
}

/// Next/Previous (and Enter/Shift+Enter in the find box) select each match
/// in the editor, wrapping around; Replace replaces just the current one.
#[test]
fn find_steps_through_matches_and_replaces_one() {
    use trade_mission_planner::model::find::match_char_ranges;
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    open_draft_page(&mut harness);
    let mou = harness.state().document().project().agreements[0].clone();
    let matches = match_char_ranges(&mou.draft, "memorandum", false);
    assert_eq!(matches.len(), 4);
    let editor = trade_mission_planner::ui::drafting::draft_editor_id(mou.id);
    // egui keeps a selection only in a focused editor; an unfocused one
    // keeps the cursor, which goes to the end of the match.
    let cursor = |harness: &Harness<'static, PlannerApp>| -> usize {
        egui::TextEdit::load_state(&harness.ctx, editor)
            .and_then(|state| state.cursor.char_range())
            .unwrap()
            .primary
            .index
            .into()
    };
    retype(&mut harness, "Find in draft", "memorandum");
    harness.get_by_label("4 matches");
    harness.get_by_label("Next").click();
    harness.run();
    harness.get_by_label("1 of 4");
    assert_eq!(cursor(&harness), matches[0].end);
    field(&harness, "Find in draft").focus();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label("2 of 4");
    assert_eq!(cursor(&harness), matches[1].end);
    assert!(field(&harness, "Find in draft").is_focused(), "Enter again");
    press(&mut harness, Modifiers::SHIFT, Key::Enter);
    harness.get_by_label("1 of 4");
    harness.get_by_label("Previous").click();
    harness.run();
    harness.get_by_label("4 of 4");
    assert_eq!(cursor(&harness), matches[3].end);

    retype(&mut harness, "Replace with", "agreement");
    harness.get_by_label("Replace").click();
    harness.run();
    let draft = &harness.state().document().project().agreements[0].draft;
    let expected = trade_mission_planner::model::find::replace_chars(
        &mou.draft,
        matches[3].clone(),
        "agreement",
    );
    assert_eq!(draft, &expected);
    // That was the last one: no current match, three left.
    harness.get_by_label("3 matches");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().project(), &common::sample());
}

#[test]
fn the_agreement_form_has_a_details_page_and_a_draft_page_that_stays_open() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    let draft = egui::Role::MultilineTextInput;
    assert!(
        harness
            .query_by_role_and_label(draft, "Draft text")
            .is_none()
    );
    harness.get_by_role_and_label(egui::Role::TextInput, "Title");
    open_draft_page(&mut harness);
    harness.get_by_role_and_label(draft, "Draft text");
    assert!(
        harness
            .query_by_role_and_label(egui::Role::TextInput, "Title")
            .is_none()
    );
    // Going through the drafts of several agreements keeps the Draft page.
    harness
        .get_by_label("MOU: Port of Los Angeles – Port of Yokohama")
        .click();
    harness.run();
    let shown = harness
        .get_by_role_and_label(draft, "Draft text")
        .value()
        .unwrap_or_default();
    assert!(shown.contains("Port of Yokohama"), "{shown}");
    harness.get_by_label("Details").click();
    harness.run();
    harness.get_by_role_and_label(egui::Role::TextInput, "Title");
}

#[test]
fn clauses_insert_into_the_draft_and_come_from_selections() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Yokohama");
    open_draft_page(&mut harness);
    retype(&mut harness, "Search clauses", "termination");
    assert!(
        harness
            .query_by_label("Insert clause Zero-emission equipment")
            .is_none(),
        "filtered by tag"
    );
    scroll_and_click(&mut harness, "Insert clause Term and termination");
    let draft = harness.state().document().project().agreements[1]
        .draft
        .clone();
    assert!(
        draft.ends_with("It creates no legal or financial obligations.\n"),
        "{draft}"
    );

    // Select the whole draft and make a clause of it.
    let role = egui::Role::MultilineTextInput;
    harness
        .get_by_role_and_label(role, "Draft text")
        .scroll_to_me();
    harness.run();
    harness.get_by_role_and_label(role, "Draft text").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    scroll_and_click(&mut harness, "New clause from selection");
    let clauses = &harness.state().document().project().clauses;
    assert_eq!(clauses.len(), 5);
    assert_eq!(clauses[4].text, draft.trim());
    assert_eq!(
        clauses[4].title,
        "# Memorandum of Understanding between the"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().project().clauses.len(), 4);
}

#[test]
fn the_draft_preview_renders_markdown() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    open_draft_page(&mut harness);
    assert!(harness.query_by_label("1. Purpose").is_none());
    scroll_and_click(&mut harness, "Preview");
    // The heading "## 1. Purpose" renders as text without its Markdown marks.
    harness.get_by_label("1. Purpose");
}

#[test]
fn exporting_a_draft_from_the_form_writes_word_or_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let markdown = dir.path().join("mou.md");
    let word = dir.path().join("mou");
    let mut harness = harness(app_with(ScriptedDialogs::answering([
        DialogOutcome::Picked(markdown.clone()),
        DialogOutcome::Picked(word.clone()),
    ])));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    open_draft_page(&mut harness);
    for _ in 0..2 {
        harness.get_by_label("Export draft…").scroll_to_me();
        harness.run();
        harness.get_by_label("Export draft…").click();
        harness.run();
    }
    let draft = &harness.state().document().project().agreements[0].draft;
    assert_eq!(&std::fs::read_to_string(&markdown).unwrap(), draft);
    let docx = std::fs::read(word.with_extension("docx")).unwrap();
    assert_eq!(&docx[..2], b"PK", "a .docx is a zip package");
}

#[test]
fn ctrl_h_goes_to_find_in_the_draft() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    press(&mut harness, Modifiers::COMMAND, Key::H);
    assert!(field(&harness, "Find in draft").is_focused());
    harness.event(egui::Event::Text("corridor".into()));
    harness.run();
    harness.get_by_label("2 matches");
}

/// Ctrl+F finds in the draft while its page is open, and searches the
/// agreements table from the Details page.
#[test]
fn ctrl_f_finds_in_the_draft_on_the_draft_page() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    press(&mut harness, Modifiers::COMMAND, Key::F);
    assert!(field(&harness, "Search agreements").is_focused());
    harness.key_press(Key::Escape);
    open_draft_page(&mut harness);
    press(&mut harness, Modifiers::COMMAND, Key::F);
    assert!(field(&harness, "Find in draft").is_focused());
    assert!(!field(&harness, "Search agreements").is_focused());
    // The page is remembered with the other settings of this computer.
    assert_eq!(
        harness.state().settings.agreement_page,
        trade_mission_planner::ui::AgreementPage::Draft
    );
}

#[test]
fn the_redline_steps_through_changes_and_shows_both_sides() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    open_draft_page(&mut harness);
    scroll_and_click(&mut harness, "Compare versions (redline)");
    harness.get_by_label("Redline: 3 changes");
    harness.get_by_label("Change 1 of 3");
    scroll_and_click(&mut harness, "Next change");
    harness.get_by_label("Change 2 of 3");
    harness.get_by_label("Side by side").click();
    harness.run();
    let old = harness.get_by_label("Old version").rect();
    let new = harness.get_by_label("New version").rect();
    assert!(old.max.x <= new.min.x, "side by side: {old:?} {new:?}");
}

#[test]
fn a_restored_revision_is_recorded_as_a_new_revision_on_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("restored.mission.ron");
    let mut harness = harness(app_with(ScriptedDialogs::answering([
        DialogOutcome::Picked(path.clone()),
    ])));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    open_draft_page(&mut harness);
    scroll_and_click(&mut harness, "Restore revision 1");
    press(&mut harness, Modifiers::COMMAND, Key::S);
    let saved = load_file(&path).unwrap();
    let mou = &saved.agreements[0];
    assert_eq!(mou.revisions.len(), 3);
    assert_eq!(mou.revisions[2].message, "Restored revision 1");
    assert_eq!(mou.revisions[2].text, mou.revisions[0].text);
    assert_eq!(mou.draft, *mou.revisions[0].text);
    assert!(!harness.state().document().is_dirty());
}

#[test]
fn a_long_error_is_cut_to_fit_and_readable_in_full_under_details() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/truncated.mission.ron");
    let app = PlannerApp::start(
        Some(path),
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
        Box::new(fixed_now),
    );
    let mut harness = harness(app);
    harness.run();
    let text = harness.state().notices().last().unwrap().text.clone();
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
