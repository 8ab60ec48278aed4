//! The schedule: rulers, filters, dragging, the keyboard, the agenda.

use super::*;

fn schedule_harness() -> Harness<'static, PlannerApp> {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    harness.get_by_label("Schedule").click();
    harness.run();
    harness
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
fn drag(harness: &mut Harness<'static, PlannerApp>, from: egui::Pos2, by: egui::Vec2, steps: u32) {
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
    harness.get_by_label("Second ruler Los Angeles UTC−08:00");
    // Monday 13 March: Los Angeles is on daylight saving time.
    harness.get_by_label("Mon 13 Mar").click();
    harness.run();
    harness.get_by_label("Second ruler Los Angeles UTC−07:00");
    pick(&mut harness, "Second zone", "London", "Europe/London");
    harness.get_by_label("Second ruler London UTC+00:00");
    assert!(
        harness
            .query_by_label_contains("Second ruler Los Angeles")
            .is_none()
    );
}

#[test]
fn filtering_by_a_person_hides_other_events() {
    let mut harness = schedule_harness();
    assert!(
        harness
            .query_by_label_contains("Tour of Tokyo port terminals, ")
            .is_some()
    );
    pick(&mut harness, "Person", "Rachel", "Rachel Cohen");
    assert!(
        harness
            .query_by_label_contains("Tour of Tokyo port terminals, ")
            .is_none()
    );
    // A block tells a screen reader its day and times in both rulers' zones
    // (Los Angeles had moved to daylight saving time the day before).
    harness.get_by_label(
        "Signing: Los Angeles – Tokyo MOU, Mon 13 Mar, 14:00–15:00 JST, Sun 12 Mar, 22:00–23:00 PDT",
    );
}

#[test]
fn dragging_a_block_moves_the_event_and_undo_restores_it() {
    let mut harness = schedule_harness();
    let original = harness.state().document().project().clone();
    let block = harness
        .get_by_label_contains("Tour of Tokyo port terminals, ")
        .rect();
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
    let tour = harness
        .get_by_label_contains("Tour of Tokyo port terminals, ")
        .rect();
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
    harness
        .get_by_label_contains("Tour of Tokyo port terminals, ")
        .click();
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

/// Found by a delegate with a screen reader: with a block focused from the
/// keyboard, each arrow moved the selected block and the focus to another
/// block too, so the reader named one event while another moved.
#[test]
fn the_keyboard_stays_on_the_block_it_moves() {
    let mut harness = schedule_harness();
    let tour = |h: &Harness<'static, PlannerApp>| {
        h.get_by_label_contains("Tour of Tokyo port terminals, ")
            .is_focused()
    };
    harness
        .get_by_label_contains("Tour of Tokyo port terminals, ")
        .focus();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Space);
    for key in [Key::ArrowDown, Key::ArrowDown, Key::ArrowUp] {
        press(&mut harness, Modifiers::NONE, key);
        assert!(tour(&harness), "after {key:?}");
    }
    assert_times(
        &event_named(&harness, "Tour of Tokyo port terminals"),
        "2023-03-13T09:35:00+09:00[Asia/Tokyo]",
        "2023-03-13T11:35:00+09:00[Asia/Tokyo]",
    );
}

#[test]
fn the_agenda_lists_the_same_events_by_day() {
    let mut harness = schedule_harness();
    harness.get_by_label("Agenda").click();
    harness.run();
    // Each day a heading, each row read with its day (found by a delegate
    // with a screen reader: Tab gave the times without the day).
    harness.get_by_role_and_label(egui::Role::Heading, "Monday 13 March 2023");
    harness.get_by_label(
        "Monday 13 March, 14:00–15:00  (Sun 22:00 Los Angeles)   Signing: Los Angeles – Tokyo MOU",
    );
}

/// The rulers follow the pointer: over Monday 13 March (daylight saving in
/// Los Angeles) the second ruler shows UTC−07:00 although Saturday 11 March
/// (UTC−08:00) is selected, so a block there lines up with the right hour.
#[test]
fn the_rulers_show_the_day_under_the_pointer() {
    let mut harness = schedule_harness();
    harness.get_by_label("Second ruler Los Angeles UTC−08:00");
    let monday = harness.get_by_label("Mon 13 Mar").rect();
    harness.input_mut().events.push(egui::Event::PointerMoved(
        monday.center() + egui::vec2(0.0, 120.0),
    ));
    harness.run();
    harness.get_by_label("Second ruler Los Angeles UTC−07:00");
    harness.input_mut().events.push(egui::Event::PointerGone);
    harness.run();
    harness.get_by_label("Second ruler Los Angeles UTC−08:00");
}

/// Found by a delegate: the rulers show one day's offsets, so nothing said
/// that Los Angeles is an hour nearer from Sunday. A day whose clocks differ
/// from the rulers' day says so under its name (and to a screen reader).
#[test]
fn a_day_whose_clocks_differ_from_the_rulers_says_so() {
    use egui_kittest::kittest::NodeT as _;
    let mut harness = schedule_harness();
    harness.get_by_label("Second ruler Los Angeles UTC−08:00");
    let note = |h: &Harness<'static, PlannerApp>, day: &str| {
        h.get_by_label(day).accesskit_node().description()
    };
    assert_eq!(note(&harness, "Sat 11 Mar"), None);
    // Los Angeles changes at 02:00 there on Sunday: 19:00 in Tokyo.
    assert_eq!(
        note(&harness, "Sun 12 Mar").as_deref(),
        Some("Los Angeles UTC−07:00 from 19:00 (the rulers show the offsets of Sat 11 Mar)")
    );
    assert_eq!(
        note(&harness, "Mon 13 Mar").as_deref(),
        Some("Los Angeles UTC−07:00 (the rulers show the offsets of Sat 11 Mar)")
    );
    // Monday made the rulers' day: now Saturday and Sunday differ.
    harness.get_by_label("Mon 13 Mar").click();
    harness.input_mut().events.push(egui::Event::PointerGone);
    harness.run();
    harness.get_by_label("Second ruler Los Angeles UTC−07:00");
    assert_eq!(note(&harness, "Mon 13 Mar"), None);
    assert_eq!(
        note(&harness, "Sat 11 Mar").as_deref(),
        Some("Los Angeles UTC−08:00 (the rulers show the offsets of Mon 13 Mar)")
    );
    assert_eq!(
        note(&harness, "Sun 12 Mar").as_deref(),
        Some("Los Angeles UTC−08:00 until 19:00 (the rulers show the offsets of Mon 13 Mar)")
    );
}

#[test]
fn a_travel_table_of_a_hundred_thousand_pairs_draws_only_what_shows() {
    let mut project = common::sample();
    let base = project.schedule.travel_times[0];
    project.schedule.travel_times = (0..100_000)
        .map(|i| trade_mission_planner::model::TravelTime {
            minutes: i % 600,
            ..base
        })
        .collect();
    let mut harness = harness(app_on_project(project));
    harness.run();
    harness.get_by_label("Schedule").click();
    harness.run();
    harness.get_by_label("Travel times…").click();
    harness.run();
    harness.get_by_label("Minutes 1");
    assert!(
        harness.query_by_label("Minutes 100000").is_none(),
        "rows out of sight are not drawn"
    );
    // Removing the first pair is one edit on the real table.
    harness.get_all_by_label("Remove").next().unwrap().click();
    harness.run();
    let travel = &harness.state().document().project().schedule.travel_times;
    assert_eq!(travel.len(), 99_999);
    assert_eq!(travel[0].minutes, 1, "the first row went, the rest stayed");
}
