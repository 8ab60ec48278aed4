//! UI tests: drive the real app by widget labels, then assert on the project.
//! One test binary (each `tests/*.rs` links its own), a module per view or
//! concern; the harness and helpers every module uses are here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;

mod agreements;
mod briefing;
mod calendars;
mod contacts;
mod desktop;
mod editing;
mod files;
mod map;
mod merging;
mod protection;
mod real_window;
mod schedule;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use common::{DANIEL, GSC_TOKYO, MOU_TOKYO, MOU_YOKOHAMA, TOKYO, YOKOHAMA};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use trade_mission_planner::app::{Origin, PlannerApp};
use trade_mission_planner::commands::{Command, Replace};
use trade_mission_planner::io::project_file::load_file;
use trade_mission_planner::model::entity::find;
use trade_mission_planner::model::{
    Agreement, AgreementId, MissionEvent, Person, PersonId, Port, PortId, Project,
};
use trade_mission_planner::settings::Settings;
use trade_mission_planner::ui::View;
use trade_mission_planner::ui::dialogs::{DialogKind, DialogOutcome, FileDialogs, PendingDialog};

/// Answers file dialogs from a script, and records which were asked for.
#[derive(Clone, Default)]
struct ScriptedDialogs {
    answers: Rc<RefCell<VecDeque<DialogOutcome>>>,
    asked: Rc<RefCell<Vec<DialogKind>>>,
    /// The file name each dialog proposed.
    proposed: Rc<RefCell<Vec<Option<String>>>>,
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
        file_name: Option<String>,
        _wake: Box<dyn Fn() + Send>,
    ) -> PendingDialog {
        self.asked.borrow_mut().push(kind);
        self.proposed.borrow_mut().push(file_name);
        // A dialog the test did not script is a failure, not a silent Cancel.
        let answer = self
            .answers
            .borrow_mut()
            .pop_front()
            .unwrap_or_else(|| panic!("a {kind:?} dialog opened that the test did not script"));
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

/// The app started on `file` (as from the command line), with scripted dialogs.
fn app_started_on(file: PathBuf, dialogs: ScriptedDialogs) -> PlannerApp {
    PlannerApp::start(
        Some(file),
        Settings::default(),
        Box::new(dialogs),
        Box::new(fixed_now),
    )
}

/// The app on `project`, not saved to a file yet.
fn app_on_project(project: Project) -> PlannerApp {
    PlannerApp::with_project(
        project,
        Origin::Untitled,
        Settings::default(),
        Box::new(ScriptedDialogs::default()),
        Box::new(fixed_now),
    )
}

/// The text of the newest notice in the status bar.
fn last_notice(harness: &Harness<'static, PlannerApp>) -> String {
    harness
        .state()
        .notices()
        .last()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

fn harness(app: PlannerApp) -> Harness<'static, PlannerApp> {
    harness_of_size(app, [1280.0, 800.0])
}

/// The app in a window of `size` (in points: 1920×1080 at 200 % zoom is
/// 960×540).
fn harness_of_size(app: PlannerApp, size: [f32; 2]) -> Harness<'static, PlannerApp> {
    Harness::builder()
        .with_size(size)
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

/// The sample with a draft of 2,000 paragraphs in the Tokyo MOU ("Clause N
/// of the long draft: …", each long enough to wrap), and that draft.
fn sample_with_long_draft() -> (Project, String) {
    let mut project = common::sample();
    let long: String = (1..=2000)
        .map(|n| {
            format!(
                "Clause {n} of the long draft: the ports will cooperate on shore power, \
                 zero-emission cargo-handling equipment and the digitisation of the supply \
                 chain, and report every quarter.\n"
            )
        })
        .collect();
    project
        .agreements
        .iter_mut()
        .find(|a| a.id == MOU_TOKYO)
        .unwrap()
        .draft = long.clone();
    (project, long)
}

/// The entity with this id in `project` (tests find entities by id, not by
/// their position in the sample).
fn port(project: &Project, id: PortId) -> &Port {
    find::<Port>(project, id).expect("port in project")
}

fn person(project: &Project, id: PersonId) -> &Person {
    find::<Person>(project, id).expect("person in project")
}

fn agreement(project: &Project, id: AgreementId) -> &Agreement {
    find::<Agreement>(project, id).expect("agreement in project")
}

/// The text field (one line or several) labelled `label`.
fn text_field<'h>(
    harness: &'h Harness<'static, PlannerApp>,
    label: &'h str,
) -> egui_kittest::Node<'h> {
    harness
        .query_by_role_and_label(egui::Role::TextInput, label)
        .or_else(|| harness.query_by_role_and_label(egui::Role::MultilineTextInput, label))
        .or_else(|| harness.query_by_role_and_label(egui::Role::PasswordInput, label))
        .unwrap_or_else(|| panic!("no text field labelled {label:?}"))
}

/// Types `text` into whatever has the focus, one character per frame.
fn type_keys(harness: &mut Harness<'static, PlannerApp>, text: &str) {
    for c in text.chars() {
        harness
            .input_mut()
            .events
            .push(egui::Event::Text(c.to_string()));
        harness.step();
    }
}

/// Replaces the text of the field labelled `label` the way a person types:
/// one character per frame, a few frames apart. After each character the
/// field must still have the focus and hold everything typed so far (a
/// message appearing or disappearing must not move the focus or lose keys).
fn type_like_a_person(harness: &mut Harness<'static, PlannerApp>, label: &str, text: &str) {
    text_field(harness, label).scroll_to_me();
    harness.run();
    text_field(harness, label).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness.run();
    let mut typed = String::new();
    for c in text.chars() {
        typed.push(c);
        harness
            .input_mut()
            .events
            .push(egui::Event::Text(c.to_string()));
        // The frame the key arrives in, then the ones after it.
        harness.step();
        harness.run();
        let node = text_field(harness, label);
        assert!(
            node.is_focused(),
            "{label}: the focus left the field after typing {typed:?}"
        );
        assert_eq!(
            node.value().as_deref(),
            Some(typed.as_str()),
            "{label}: a keystroke was lost after typing {typed:?}"
        );
    }
}

/// Steps frames until a label containing `text` shows: merging and reading
/// Word files run off the UI thread.
fn wait_for(harness: &mut Harness<'static, PlannerApp>, text: &str) {
    for _ in 0..1000 {
        if harness.query_by_label_contains(text).is_some() {
            return;
        }
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("{text:?} never showed");
}

/// Frames until `done`, as a person waits (the spinner keeps repainting,
/// so `run` would never settle).
fn step_until(
    harness: &mut Harness<'static, PlannerApp>,
    done: impl Fn(&Harness<'static, PlannerApp>) -> bool,
) {
    for _ in 0..2_000 {
        if done(harness) {
            harness.step();
            return;
        }
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("it never happened");
}

/// The event with this title, as the project has it now.
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

/// Picks `item` from the File menu (a merge's spinner keeps repainting, so
/// two frames rather than `run`).
fn file_menu(harness: &mut Harness<'static, PlannerApp>, item: &str) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label(item).click();
    harness.run_steps(2);
}
