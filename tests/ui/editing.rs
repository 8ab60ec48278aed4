//! Forms and tables: editing, undo, delete, find, problems, every view.

use super::*;
use trade_mission_planner::io::project_file::to_ron_string;

#[test]
fn editing_a_port_name_changes_the_table_and_undo_brings_it_back() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    retype(&mut harness, "Name", "Tokyo Port");
    let app = harness.state();
    assert_eq!(port(app.document().project(), TOKYO).name, "Tokyo Port");
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
    assert_eq!(port(app.document().project(), TOKYO).name, "Port of Tokyo");
    assert!(!app.document().is_dirty());
    assert_eq!(app.window_title(), "Sample mission — Trade Mission Planner");
    assert!(harness.query_by_label("Tokyo Port").is_none());

    press(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(
        port(harness.state().document().project(), TOKYO).name,
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
        port(harness.state().document().project(), YOKOHAMA).city,
        "Yokohama-shi"
    );
    assert_eq!(harness.state().document().history().undo_len(), 1);
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        port(harness.state().document().project(), YOKOHAMA).city,
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
    assert_eq!(
        port(harness.state().document().project(), TOKYO).locode,
        "JP1"
    );
    retype(&mut harness, "Latitude", "95");
    harness.get_by_label("Latitude must be between -90 and 90 degrees");
    assert_eq!(
        port(harness.state().document().project(), TOKYO).latitude,
        95.0
    );
    retype(&mut harness, "Latitude", "north");
    harness.get_by_label("\"north\" is not a number");
    assert_eq!(
        port(harness.state().document().project(), TOKYO).latitude,
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
        agreement(project, MOU_YOKOHAMA).parties.len(),
        1,
        "the reference went with it"
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().project(), &common::sample());
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
        assert!(
            rect.right() < form_left,
            "{header} ends at {}, under the form at {form_left}",
            rect.right()
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
    // Narrower: the wide columns stop at 150 px, then every column gives
    // up width in proportion, and the last keeps its 80 px in view.
    let fitted = fitted_widths(&events, 600.0);
    assert!(fitted[1] < 150.0 && fitted[3] < 150.0, "{fitted:?}");
    assert!(fitted[0] < 150.0 && fitted[2] < 110.0, "{fitted:?}");
    let fixed: f32 = fitted[..4].iter().sum();
    assert!(
        (fixed + 80.0 + 5.0 * 8.0 - 600.0).abs() < 0.01,
        "{fitted:?}"
    );
    // The Ports table beside the form (about 610 px): its time zones were
    // cut to "Asia/T"; now they have their 80 px.
    let ports = [180.0, 90.0, 90.0, 60.0, 140.0, 140.0];
    let fitted = fitted_widths(&ports, 610.0);
    let fixed: f32 = fitted[..5].iter().sum();
    assert!(fixed + 80.0 + 6.0 * 8.0 <= 610.0 + 0.01, "{fitted:?}");
    assert_eq!(fitted[3], 60.0, "no column below a short header");
    // Too narrow for everything: no column below 60 px.
    assert_eq!(
        fitted_widths(&events, 300.0),
        [60.0, 60.0, 60.0, 60.0, 60.0]
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
    // With the row a search selects, for a screen reader.
    harness.get_by_label("1 of 5 ports; selected: Port of Yokohama");
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
    let sample = common::sample();
    // What only that view shows: its table's count, or the sample's problem.
    let only_here = [
        ("Ports", format!("{} ports", sample.ports.len())),
        (
            "Organisations",
            format!("{} organisations", sample.organisations.len()),
        ),
        ("People", format!("{} people", sample.people.len())),
        (
            "Agreements",
            format!("{} agreements", sample.agreements.len()),
        ),
        ("Corridors", format!("{} corridors", sample.corridors.len())),
        ("Events", format!("{} events", sample.events.len())),
        (
            "Problems",
            "agreement \"Green shipping corridor partnership: Los Angeles – Singapore\"".to_owned(),
        ),
    ];
    for (view, mark) in &only_here {
        go_to(&mut harness, view);
        assert_eq!(harness.state().view().label(), *view);
        harness.get_by_label(mark);
        for (other, other_mark) in &only_here {
            if other != view && !other_mark.starts_with("agreement") {
                assert!(
                    harness.query_by_label(other_mark).is_none(),
                    "{view} shows {other}'s {other_mark:?}"
                );
            }
        }
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
    // Both sort arrows must have glyphs.
    for _ in 0..2 {
        harness
            .get_by_role_and_label(egui::Role::Button, "Country")
            .click();
        harness.run();
    }
    harness.get_by_label("Port of Tokyo").click();
    harness.run();
    retype(&mut harness, "UN/LOCODE", "bad");
    harness
        .state_mut()
        .run_command(trade_mission_planner::commands::Command::Open);
    harness.run();
    harness.get_by_label("Open mission");
}

/// Every text field of every form, typed into one character per frame, keeps
/// the focus and every keystroke, including fields whose message comes and
/// goes while typing (e-mail, UN/LOCODE, country, website, numbers, times).
#[test]
fn every_form_field_keeps_the_focus_and_every_keystroke() {
    let forms: &[(&str, &[(&str, &str)])] = &[
        (
            "Ports",
            &[
                ("Name", "Port of Busan"),
                ("Local name", "Pusan"),
                ("UN/LOCODE", "KRPUS"),
                ("Country", "KR"),
                ("City", "Busan"),
                ("Latitude", "35.1"),
                ("Longitude", "129.04"),
                ("Facts (one a line)", "Largest port in Korea"),
                ("Notes", "Busan Port Authority"),
            ],
        ),
        (
            "People",
            &[
                ("Name", "Alex Morgan"),
                ("Title", "Policy adviser"),
                ("E-mail", "alex@example.org"),
                ("Phone", "+1 555 0100"),
                ("Notes", "Joins on Monday"),
            ],
        ),
        (
            "Organisations",
            &[
                ("Name", "Busan Port Authority"),
                ("Country", "KR"),
                ("Website", "https://www.busanpa.com"),
                ("Notes", "Host of the 2024 visit"),
            ],
        ),
        (
            "Agreements",
            &[
                ("Title", "MOU: Los Angeles – Busan"),
                ("Other areas (one a line)", "Port security"),
                ("Notes", "Draft by April"),
            ],
        ),
        (
            "Corridors",
            &[
                ("Name", "Los Angeles – Busan"),
                ("Fuels", "methanol"),
                ("Targets", "first zero-emission call 2027"),
                ("Notes", "Proposed"),
            ],
        ),
        (
            "Events",
            &[
                ("Title", "Busan port visit"),
                ("Starts (time)", "10:30"),
                ("Ends (time)", "12:45"),
                ("Location", "Busan North Port"),
                ("Notes", "Bring the MOU draft"),
            ],
        ),
    ];
    for (view, fields) in forms {
        let mut harness = harness(app_with(ScriptedDialogs::default()));
        harness.run();
        select_row(&mut harness, view, "Add");
        for (label, text) in *fields {
            type_like_a_person(&mut harness, label, text);
        }
        let saved = to_ron_string(harness.state().document().project()).unwrap();
        for (label, text) in *fields {
            let text = text.replace("10:30", "T10:30").replace("12:45", "T12:45");
            assert!(
                saved.contains(&text),
                "{view}: {label} {text:?} is not in the project"
            );
        }
    }
}

/// The mission's own settings: reachable from the Overview, each change one
/// undo step, dates that cannot be refused with a message.
#[test]
fn mission_settings_edit_the_title_dates_and_zones_with_undo() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    harness.get_by_label("Edit mission…").click();
    harness.run();
    assert_eq!(harness.state().view(), View::Mission);
    type_like_a_person(&mut harness, "Mission title", "California–Japan mission");
    let mission = |h: &Harness<'static, PlannerApp>| h.state().document().project().mission.clone();
    assert_eq!(mission(&harness).title, "California–Japan mission");
    type_like_a_person(&mut harness, "Description", "Ports of Tokyo and Yokohama");
    assert_eq!(mission(&harness).description, "Ports of Tokyo and Yokohama");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        mission(&harness).description,
        common::sample().mission.description
    );
    assert_eq!(mission(&harness).title, "California–Japan mission");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(mission(&harness), common::sample().mission);
}

/// A zone is found by city, country or abbreviation and picked with the
/// keyboard alone: Enter opens the picker, typing searches, ↓/↑ move, Enter
/// picks.
#[test]
fn zones_are_found_by_city_and_abbreviation_and_picked_with_the_keyboard() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    let pick = |harness: &mut Harness<'static, PlannerApp>, search: &str, downs: usize| {
        harness
            .get_by_role_and_label(egui::Role::ComboBox, "Time zone")
            .focus();
        harness.run();
        press(harness, Modifiers::NONE, Key::Enter);
        type_keys(harness, search);
        harness.run();
        for _ in 0..downs {
            press(harness, Modifiers::NONE, Key::ArrowDown);
        }
        press(harness, Modifiers::NONE, Key::Enter);
        port(harness.state().document().project(), TOKYO)
            .time_zone
            .clone()
    };
    assert_eq!(pick(&mut harness, "los angeles", 0), "America/Los_Angeles");
    assert_eq!(pick(&mut harness, "JST", 0), "Asia/Tokyo");
    // "korea" also finds Pyongyang (North Korea Standard Time, as Windows names it).
    assert_eq!(pick(&mut harness, "south korea", 0), "Asia/Seoul");
    assert_eq!(pick(&mut harness, "tokyo standard time", 0), "Asia/Tokyo");
    // CST is ambiguous: every zone it can mean is listed (the POSIX zone
    // named CST6CDT first, as its name begins with it).
    assert_eq!(pick(&mut harness, "CST", 0), "CST6CDT");
    assert_eq!(pick(&mut harness, "CST", 3), "America/Mexico_City");
}

/// A new start keeps the event's length, as every calendar does.
#[test]
fn changing_the_start_moves_the_end_and_keeps_the_length() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Events", "Tour of Tokyo port terminals");
    let event = |h: &Harness<'static, PlannerApp>| event_named(h, "Tour of Tokyo port terminals");
    let length = |e: &MissionEvent| {
        e.end
            .zoned()
            .timestamp()
            .duration_since(e.start.zoned().timestamp())
    };
    let before = event(&harness);
    type_like_a_person(&mut harness, "Starts (time)", "15:05");
    let after = event(&harness);
    assert_eq!(after.start.zoned().time(), jiff::civil::time(15, 5, 0, 0));
    assert_eq!(length(&after), length(&before));
    assert_eq!(
        after.end.zoned().time_zone(),
        before.end.zoned().time_zone()
    );
    assert_eq!(
        text_field(&harness, "Ends (time)").value().as_deref(),
        Some(after.end.zoned().strftime("%H:%M").to_string().as_str())
    );
}

/// The sample with its Tokyo port tour open in the Events form.
fn on_the_tokyo_tour() -> Harness<'static, PlannerApp> {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Events", "Tour of Tokyo port terminals");
    harness
}

/// When the Tokyo port tour starts, on its clock.
fn tour_start(harness: &Harness<'static, PlannerApp>) -> jiff::civil::Time {
    event_named(harness, "Tour of Tokyo port terminals")
        .start
        .zoned()
        .time()
}

/// A time as people say it: on a 12-hour clock with am or pm, "12am" being
/// midnight; an hour past 12 with pm is no time and leaves the event as it was.
#[test]
fn a_start_time_is_typed_on_a_twelve_hour_clock_too() {
    let mut harness = on_the_tokyo_tour();
    let start = tour_start;
    for (typed, expected) in [
        ("7pm", jiff::civil::time(19, 0, 0, 0)),
        ("12am", jiff::civil::time(0, 0, 0, 0)),
        ("12:15 PM", jiff::civil::time(12, 15, 0, 0)),
        ("9:05am", jiff::civil::time(9, 5, 0, 0)),
        ("18:40", jiff::civil::time(18, 40, 0, 0)),
    ] {
        type_like_a_person(&mut harness, "Starts (time)", typed);
        assert_eq!(start(&harness), expected, "{typed}");
    }
    for typed in ["13pm", "0am", "7", "7:3pm", "+7pm", "19:5"] {
        type_like_a_person(&mut harness, "Starts (time)", typed);
        assert_eq!(
            start(&harness),
            jiff::civil::time(18, 40, 0, 0),
            "{typed} is no time"
        );
        harness.get_by_label_contains("Type the time as HH:MM (14:30) or with am/pm");
    }
}

/// Without a mouse: a menu opens from the keyboard, a list is walked with
/// the arrow keys, Enter opens the row's form in its first field, a zone is
/// picked, Esc goes back to the list, and Ctrl+S saves.
#[test]
fn the_keyboard_alone_opens_edits_and_saves_a_port() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keyboard.mission.ron");
    let mut harness = harness(app_with(ScriptedDialogs::answering([
        DialogOutcome::Picked(path.clone()),
    ])));
    harness.run();
    // View menu → Ports.
    press(&mut harness, Modifiers::ALT, Key::V);
    harness.get_by_label("Ports");
    for _ in 0..2 {
        press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    }
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(harness.state().view(), View::Ports);
    // The list: Ctrl+F, then ↓ ↓ selects the second port.
    press(&mut harness, Modifiers::COMMAND, Key::F);
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(
        harness.state().selected_entity(),
        Some(trade_mission_planner::model::EntityRef::Port(TOKYO))
    );
    // Enter: the cursor is in the form's first field.
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(text_field(&harness, "Name").is_focused());
    press(&mut harness, Modifiers::COMMAND, Key::A);
    type_keys(&mut harness, "Tokyo Port");
    harness.run();
    // Esc back to the list, ↓ to Yokohama.
    press(&mut harness, Modifiers::NONE, Key::Escape);
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(
        harness.state().selected_entity(),
        Some(trade_mission_planner::model::EntityRef::Port(YOKOHAMA))
    );
    press(&mut harness, Modifiers::COMMAND, Key::S);
    let saved = load_file(&path).unwrap();
    assert_eq!(port(&saved, TOKYO).name, "Tokyo Port");
}

/// F1 (Help → Keyboard shortcuts) lists every shortcut.
#[test]
fn f1_lists_the_keyboard_shortcuts() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::F1);
    harness.get_by_label("• Ctrl+S: Save");
    harness.get_by_label("• Ctrl+Shift+Z: Redo");
    harness.get_by_label_contains("• F10, or Alt+F");
    harness.get_by_label("OK").click();
    harness.run();
    assert!(harness.query_by_label("• Ctrl+S: Save").is_none());
}

/// Dates are typed as well as picked: ISO, or day and month in the order
/// that can only be read one way; an ambiguous one is refused with a message.
#[test]
fn dates_can_be_typed_and_an_ambiguous_one_is_refused() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    harness.get_by_label("Edit mission…").click();
    harness.run();
    let mission = |h: &Harness<'static, PlannerApp>| h.state().document().project().mission.clone();
    type_like_a_person(&mut harness, "First day (date)", "13/03/2023");
    assert_eq!(mission(&harness).first_day, jiff::civil::date(2023, 3, 13));
    // The week moves with its first day.
    assert_eq!(mission(&harness).last_day, jiff::civil::date(2023, 3, 19));
    type_like_a_person(&mut harness, "Last day (date)", "2023-03-20");
    assert_eq!(mission(&harness).last_day, jiff::civil::date(2023, 3, 20));
    type_like_a_person(&mut harness, "First day (date)", "03/04/2023");
    harness.get_by_label_contains("could be 3 April or 4 March");
    assert_eq!(mission(&harness).first_day, jiff::civil::date(2023, 3, 13));
    // A last day before the first is shown with its message, not taken.
    type_like_a_person(&mut harness, "Last day (date)", "2023-03-01");
    harness.get_by_label("The last day is before the first day");
    assert_eq!(mission(&harness).last_day, jiff::civil::date(2023, 3, 20));
}

/// The form never edits an entry the search hides: typing a search selects
/// the first row it shows; Add still selects the new entry.
#[test]
fn the_form_follows_the_search() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "People", "Maria Alvarez");
    press(&mut harness, Modifiers::COMMAND, Key::F);
    type_keys(&mut harness, "rachel");
    harness.run();
    assert_eq!(
        harness.state().selected_entity(),
        Some(trade_mission_planner::model::EntityRef::Person(
            trade_mission_planner::model::PersonId(205)
        ))
    );
    assert_eq!(
        text_field(&harness, "Name").value().as_deref(),
        Some("Rachel Cohen")
    );
    harness.get_by_label("Add").click();
    harness.run();
    assert_eq!(
        text_field(&harness, "Name").value().as_deref(),
        Some("New person")
    );
}

/// Smaller things a delegate met: codes in capitals, a new port in the host
/// zone, Esc clears a search, the chooser's path takes the typing at once,
/// and the schedule says when the host zone is unknown.
#[test]
fn codes_capitals_new_port_zone_search_esc_chooser_focus_unknown_zone() {
    let mut harness = harness(app_with(ScriptedDialogs::answering([
        DialogOutcome::Unavailable,
    ])));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    retype(&mut harness, "Country", "kr");
    assert_eq!(
        port(harness.state().document().project(), TOKYO).country,
        "KR"
    );
    harness.get_by_label("Add").click();
    harness.run();
    let new_port = harness
        .state()
        .document()
        .project()
        .ports
        .last()
        .unwrap()
        .clone();
    assert_eq!(new_port.time_zone, "Asia/Tokyo", "the host zone");
    harness.get_by_label(&format!("6 ports; selected: {}", new_port.name));
    press(&mut harness, Modifiers::COMMAND, Key::F);
    type_keys(&mut harness, "yoko");
    harness.run();
    harness.get_by_label_contains("1 of 6 ports");
    press(&mut harness, Modifiers::NONE, Key::Escape);
    harness.get_by_label_contains("6 ports");
    assert!(harness.query_by_label_contains("1 of 6 ports").is_none());
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert!(text_field(&harness, "Path").is_focused());
    harness.get_by_label("Cancel").click();
    harness.run();

    let mut project = common::sample();
    project.mission.host_zone = "Asia/Busan".into();
    let app = app_on_project(project);
    let mut harness = super::harness(app);
    harness.run();
    harness.get_by_label("Schedule").click();
    harness.run();
    harness.get_by_label_contains("\"Asia/Busan\" is not a time zone this app knows");
}

/// Hide list gives the form the whole width; Show list brings the table back.
#[test]
fn hide_list_gives_the_form_the_whole_width() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    harness.get_by_label("Hide list").click();
    harness.run();
    assert!(
        harness.query_by_label("Port of Yokohama").is_none(),
        "the table is hidden"
    );
    assert_eq!(
        text_field(&harness, "Name").value().as_deref(),
        Some("Port of Tokyo")
    );
    assert!(harness.get_by_label("Show list").rect().min.x > 1000.0);
    harness.get_by_label("Show list").click();
    harness.run();
    harness.get_by_label("Port of Yokohama");
}

/// Without a single click: open an agreement and an event from the View
/// menu and the list, change a field, type a date and pick a zone, and save.
#[test]
fn the_keyboard_alone_edits_an_agreement_and_an_event() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keyboard.mission.ron");
    let mut harness = harness(app_with(ScriptedDialogs::answering([
        DialogOutcome::Picked(path.clone()),
    ])));
    harness.run();
    let open_view = |harness: &mut Harness<'static, PlannerApp>, downs: usize, view: View| {
        press(harness, Modifiers::ALT, Key::V);
        for _ in 0..downs {
            press(harness, Modifiers::NONE, Key::ArrowDown);
        }
        press(harness, Modifiers::NONE, Key::Enter);
        assert_eq!(harness.state().view(), view);
    };
    // Agreements (the sixth item of the View menu): the first one, renamed.
    open_view(&mut harness, 5, View::Agreements);
    press(&mut harness, Modifiers::COMMAND, Key::F);
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(text_field(&harness, "Title").is_focused());
    press(&mut harness, Modifiers::COMMAND, Key::A);
    type_keys(&mut harness, "MOU: Los Angeles – Tokyo");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Escape);
    // Events (the ninth item): the first one, a typed date and a picked zone.
    open_view(&mut harness, 8, View::Events);
    press(&mut harness, Modifiers::COMMAND, Key::F);
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(text_field(&harness, "Title").is_focused());
    let tab_to = |harness: &mut Harness<'static, PlannerApp>, name: &str| {
        for _ in 0..12 {
            press(harness, Modifiers::NONE, Key::Tab);
            if harness.get_by_label(name).is_focused() {
                return;
            }
        }
        panic!("Tab never reached {name}");
    };
    tab_to(&mut harness, "Starts (date)");
    press(&mut harness, Modifiers::COMMAND, Key::A);
    type_keys(&mut harness, "2023-03-12");
    harness.run();
    tab_to(&mut harness, "Starts (zone)");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    type_keys(&mut harness, "seoul");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    press(&mut harness, Modifiers::COMMAND, Key::S);

    let saved = load_file(&path).unwrap();
    assert_eq!(
        agreement(&saved, MOU_TOKYO).title,
        "MOU: Los Angeles – Tokyo"
    );
    let event = &saved.events[0];
    assert_eq!(event.start.zoned().date(), jiff::civil::date(2023, 3, 12));
    assert_eq!(
        event.start.zoned().time_zone().iana_name(),
        Some("Asia/Seoul")
    );
}

/// A time field shows the event's time once the person has left it ("7pm"
/// reads "19:00"), and again after an undo, even over text that was no time
/// (a delegate saw "13pm" and its message stay after Ctrl+Z).
#[test]
fn a_time_field_is_tidied_on_leaving_and_follows_an_undo() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Events", "Tour of Tokyo port terminals");
    let shown = |h: &Harness<'static, PlannerApp>| text_field(h, "Starts (time)").value();
    let original = event_named(&harness, "Tour of Tokyo port terminals").start;
    type_like_a_person(&mut harness, "Starts (time)", "7pm");
    press(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(shown(&harness).as_deref(), Some("19:00"));

    type_like_a_person(&mut harness, "Starts (time)", "13pm");
    harness.get_by_label_contains("Type the time as HH:MM");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    let start = event_named(&harness, "Tour of Tokyo port terminals").start;
    assert_eq!(start, original);
    let expected = original.zoned().strftime("%H:%M").to_string();
    assert_eq!(shown(&harness).as_deref(), Some(expected.as_str()));
    assert!(
        harness
            .query_by_label_contains("Type the time as HH:MM")
            .is_none()
    );
}

/// Typing in a field is one undo step until the person leaves it: two
/// times typed one after the other, leaving the field between, undo one by
/// one (one Ctrl+Z took both back).
#[test]
fn each_visit_to_a_field_is_its_own_undo_step() {
    let mut harness = on_the_tokyo_tour();
    let start = tour_start;
    let original = start(&harness);
    type_like_a_person(&mut harness, "Starts (time)", "7pm");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    type_like_a_person(&mut harness, "Starts (time)", "12am");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(start(&harness), jiff::civil::time(0, 0, 0, 0));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(start(&harness), jiff::civil::time(19, 0, 0, 0));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(start(&harness), original);
}

/// A zone list opens on the zone the event is in, not on the first of the
/// world's zones: Enter at once keeps it, ↓ goes to the next in the list.
#[test]
fn a_zone_list_opens_on_the_current_zone() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Events", "Tour of Tokyo port terminals");
    let zone = |h: &Harness<'static, PlannerApp>| {
        let event = event_named(h, "Tour of Tokyo port terminals");
        event
            .start
            .zoned()
            .time_zone()
            .iana_name()
            .unwrap()
            .to_owned()
    };
    assert_eq!(zone(&harness), "Asia/Tokyo");
    harness.get_by_label("Starts (zone)").click();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(zone(&harness), "Asia/Tokyo");
    harness.get_by_label("Starts (zone)").click();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    press(&mut harness, Modifiers::NONE, Key::Enter);
    // Next after the current zone: the mission's other zone (home, Los
    // Angeles), not the first of six hundred (Africa/Abidjan).
    assert_eq!(zone(&harness), "America/Los_Angeles");
    // Typed letters that begin a name come before those inside one: "ame"
    // is America/…, not Africa/Ndjamena.
    harness.get_by_label("Starts (zone)").click();
    harness.run();
    type_keys(&mut harness, "ame");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(zone(&harness).starts_with("America/"), "{}", zone(&harness));
}

/// A date that cannot be read is said beside its field, briefly (whole for a
/// screen reader), and the time field after it stays in the form: the whole
/// sentence pushed it past the window's edge.
#[test]
fn a_bad_date_is_said_without_pushing_the_time_out_of_the_form() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Events", "Tour of Tokyo port terminals");
    retype(&mut harness, "Starts (date)", "31/02");
    harness.get_by_label_contains("\"31/02\" is not a date");
    let time = field(&harness, "Starts (time)").rect();
    assert!(time.right() <= 1280.0, "{time:?}");
    assert!(harness.get_by_label("Hide list").rect().right() <= 1280.0);
}

/// Found by a delegate: a search list shrunk to one match stayed that
/// small after the search was cleared, two rows of six hundred zones.
#[test]
fn a_search_list_keeps_its_height_when_its_search_is_cleared() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Events", "Tour of Tokyo port terminals");
    harness.get_by_label("Starts (zone)").click();
    harness.run();
    // The pop-up's height as egui laid it out.
    let height = |h: &Harness<'static, PlannerApp>| {
        h.ctx.memory(|m| {
            let popup = m.areas().top_layer_id(egui::Order::Foreground);
            popup
                .and_then(|layer| m.area_rect(layer.id))
                .map_or(0.0, |r| r.height())
        })
    };
    let opened = height(&harness);
    assert!(opened > 200.0, "{opened}");
    type_keys(&mut harness, "seoul");
    harness.run();
    for _ in 0..5 {
        press(&mut harness, Modifiers::NONE, Key::Backspace);
    }
    assert!(
        height(&harness) >= opened - 1.0,
        "{} < {opened}",
        height(&harness)
    );
    harness.get_by_label("Africa/Abidjan");
}

/// Found by a delegate: a new zone keeps the time on the clock and moves
/// the event, without a word. It is said, with how far it moved, until the
/// change is undone.
#[test]
fn a_zone_change_says_the_clock_time_was_kept_and_the_event_moved() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "Events", "Tour of Tokyo port terminals");
    assert!(
        harness
            .query_by_label_contains("kept on the clock")
            .is_none()
    );
    harness.get_by_label("Starts (zone)").click();
    harness.run();
    type_keys(&mut harness, "seoul");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    // Seoul and Tokyo keep one time: the same moment.
    harness
        .get_by_label("09:30 kept on the clock: the same moment as before (09:30 in Asia/Tokyo)");
    harness.get_by_label("Starts (zone)").click();
    harness.run();
    type_keys(&mut harness, "los ang");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.get_by_label(
        "09:30 kept on the clock: 16 h 00 min later than before (09:30 in Asia/Seoul)",
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("later than before")
            .is_none()
    );
}

/// A half-typed number is not in the project; Save says so instead of
/// saving it silently.
#[test]
fn save_names_the_fields_whose_text_is_not_a_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("half.mission.ron");
    let mut harness = harness(app_with(ScriptedDialogs::answering([
        DialogOutcome::Picked(path.clone()),
    ])));
    harness.run();
    select_row(&mut harness, "Ports", "Port of Tokyo");
    retype(&mut harness, "Latitude", "35.1O");
    press(&mut harness, Modifiers::COMMAND, Key::S);
    assert_eq!(port(&load_file(&path).unwrap(), TOKYO).latitude, 35.6667);
    let notice = last_notice(&harness);
    assert!(notice.contains("Latitude: \"35.1O\""), "{notice}");
}

/// Add puts the cursor in the new entry's first field with its placeholder
/// selected: typing replaces "New person".
#[test]
fn add_puts_the_cursor_in_the_new_entrys_first_field() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_row(&mut harness, "People", "Add");
    assert!(text_field(&harness, "Name").is_focused());
    type_keys(&mut harness, "Ji-ho Park");
    harness.run();
    let people = &harness.state().document().project().people;
    assert_eq!(people.last().unwrap().name, "Ji-ho Park");
}

/// The Overview's links, the Organisations form and the Corridors form, as a
/// delegate uses them: typed one character per frame, each change undoable.
#[test]
fn overview_links_and_the_organisation_and_corridor_forms() {
    use trade_mission_planner::model::{Corridor, CorridorId, Organisation, OrganisationId};
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    harness.get_by_label("4 corridors").click();
    harness.run();
    assert_eq!(harness.state().view(), View::Corridors);

    select_row(&mut harness, "Organisations", "Harbour Hydrogen K.K.");
    type_like_a_person(&mut harness, "Name", "Harbour Hydrogen Co.");
    let organisation = |h: &Harness<'static, PlannerApp>| {
        find::<Organisation>(h.state().document().project(), OrganisationId(106))
            .unwrap()
            .clone()
    };
    assert_eq!(organisation(&harness).name, "Harbour Hydrogen Co.");

    select_row(&mut harness, "Corridors", "Los Angeles – Tokyo");
    type_like_a_person(&mut harness, "Fuels", "Methanol, ammonia");
    let corridor = |h: &Harness<'static, PlannerApp>| {
        find::<Corridor>(h.state().document().project(), CorridorId(403))
            .unwrap()
            .clone()
    };
    assert_eq!(corridor(&harness).fuels, "Methanol, ammonia");
    // One undo takes the typed word back; the organisation keeps its edit.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(corridor(&harness).fuels, "To be agreed");
    assert_eq!(organisation(&harness).name, "Harbour Hydrogen Co.");
}
