//! Calendar import and export from the File menu.

use super::*;

/// File → Import calendar on `file`: the preview appears once the file is
/// read in the background.
fn import_preview(file: &str) -> Harness<'static, PlannerApp> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/calendars")
        .join(file);
    let mut harness = importing(path);
    harness.run_steps(2);
    wait_for(&mut harness, "events to add");
    harness
}

/// File → Import calendar on `path`, being read in the background.
fn importing(path: PathBuf) -> Harness<'static, PlannerApp> {
    let mut harness = harness(app_with(ScriptedDialogs::answering([
        DialogOutcome::Picked(path),
    ])));
    harness.run();
    harness
        .state_mut()
        .run_command(trade_mission_planner::commands::Command::ImportCalendar);
    harness
}

#[test]
fn a_calendar_is_previewed_with_its_report_by_line_then_imported_as_one_undo_step() {
    let mut harness = import_preview("invitations.ics");
    // Nothing changes before the delegate says so.
    assert_eq!(harness.state().document().project(), &common::sample());
    harness.get_by_label(
        "6 events to add, 0 to update, 0 already as they are (2 of them occurrences of \
         repeating events)",
    );
    // Each note names the line of the file where its event begins.
    harness.get_by_label_contains(
        "line 4: “Weekly port sustainability call”: repeats outside 2023-03-04 to 2023-03-24",
    );
    harness.get_by_label_contains("line 46: time zone “Tokyo Standard Time” read as Asia/Tokyo");
    harness.get_by_label("• chair@example.org (line 11)");

    // The invitee the project does not know becomes a person, once asked.
    harness
        .get_by_label("Add them as people, and as participants of their events")
        .click();
    harness.run();
    harness.get_by_label("Preview again").click();
    harness.run_steps(2);
    wait_for(&mut harness, "1 invitee will be added as people");
    // Import has the focus, as a dialog's default button: Enter imports.
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let project = harness.state().document().project();
    assert_eq!(project.events.len(), common::sample().events.len() + 6);
    assert_eq!(project.people.len(), common::sample().people.len() + 1);
    assert!(last_notice(&harness).contains("6 added, 0 updated, 0 unchanged; 1 people added"));

    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().project(), &common::sample());
}

#[test]
fn a_wider_margin_typed_into_the_preview_brings_more_occurrences() {
    let mut harness = import_preview("google_export.ics");
    harness.get_by_label_contains("8 of them occurrences");
    let margin = "Repeating events: import occurrences up to";
    harness.get_by_label(margin).focus();
    harness.run();
    // The field holds "7": rub it out, as a person would, and type.
    harness.key_press(Key::Backspace);
    harness.run();
    type_keys(&mut harness, "30");
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label("Preview again").click();
    harness.run_steps(2);
    wait_for(&mut harness, "Now from 2023-02-09 to 2023-04-16.");
    harness.get_by_label_contains("9 of them occurrences");
    // Escape leaves the project as it was.
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(harness.query_by_label_contains("events to add").is_none());
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
    // The schedule's person is proposed; a reminder is asked for here.
    harness.get_by_label("Remind").click();
    harness.run();
    // The minutes are named for a screen reader (it heard only "15 min").
    harness.get_by_role_and_label(egui::Role::SpinButton, "Minutes before each event");
    harness.get_by_label("Export…").click();
    harness.run();
    let text = std::fs::read_to_string(out.with_extension("ics")).unwrap();
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 5);
    assert_eq!(text.matches("TRIGGER:-PT15M").count(), 5);
    assert!(last_notice(&harness).contains("Rachel Cohen's agenda"));
    assert_eq!(
        dialogs.proposed.borrow()[0].as_deref(),
        Some("2023-California-Japan-Clean-Energy-Trade-Mission-Rachel-Cohen.ics"),
        "one person's agenda is named after them"
    );
}

/// A calendar of `events` one-hour events in March 2023, one a day cycling.
fn a_large_calendar(events: usize) -> String {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");
    for i in 0..events {
        let day = 11 + i % 7;
        let hour = i % 24;
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:large-{i}@example.org\r\nDTSTAMP:20230301T000000Z\r\n\
             DTSTART:202303{day:02}T{hour:02}0000Z\r\nDURATION:PT1H\r\n\
             SUMMARY:Harbour meeting {i}\r\nEND:VEVENT\r\n"
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    text
}

/// A calendar too long to wait for: the status bar shows how far the
/// reading has got, and its Cancel stops it, with nothing imported then or
/// later.
#[test]
fn a_long_import_shows_its_progress_and_cancel_stops_it_having_changed_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a year of meetings.ics");
    std::fs::write(&path, a_large_calendar(40_000)).unwrap();
    let mut harness = importing(path);
    wait_for(&mut harness, "% done");
    harness.get_by_label("Reading the calendar…");
    harness.get_by_label("Cancel").click();
    harness.step();
    harness.step();
    assert_eq!(
        last_notice(&harness),
        "Cancelled (Reading the calendar); nothing changed"
    );
    assert!(harness.query_by_label_contains("% done").is_none());
    assert!(harness.query_by_label("Cancel").is_none());
    for _ in 0..40 {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(harness.query_by_label_contains("events to add").is_none());
    assert_eq!(harness.state().document().project(), &common::sample());
    assert!(!harness.state().document().is_dirty());
}
