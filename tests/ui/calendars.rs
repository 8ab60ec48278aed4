//! Calendar import and export from the File menu.

use super::*;

#[test]
fn importing_a_calendar_is_one_undo_step_and_reports_what_was_left_out() {
    let invitations =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/calendars/invitations.ics");
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
    // Each note names the line of the file where its event begins.
    harness.get_by_label(
        "• line 4: “Weekly port sustainability call”: repeats; only the first occurrence was \
         imported",
    );
    // Enter closes the report, as a keyboard user expects (it used to take a click).
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(
        harness
            .query_by_label("Not everything in the calendar could be imported")
            .is_none()
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().project(), &common::sample());
}

#[test]
fn exporting_follows_the_schedules_person_filter() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("agenda");
    let dialogs = ScriptedDialogs::answering([DialogOutcome::Picked(out.clone())]);
    let mut harness = harness(app_with(dialogs.clone()));
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
    assert!(last_notice(&harness).contains("Rachel Cohen's agenda"));
    assert_eq!(
        dialogs.proposed.borrow()[0].as_deref(),
        Some("2023-California-Japan-Clean-Energy-Trade-Mission-Rachel-Cohen.ics"),
        "one person's agenda is named after them"
    );
}
