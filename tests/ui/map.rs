//! The Map view and the port catalogue, driven by label as a person does.

use super::*;
use trade_mission_planner::model::{EntityRef, Project};

fn open_catalogue(harness: &mut Harness<'static, PlannerApp>) {
    harness.get_by_label_contains("Ports  (").click();
    harness.run();
    harness.get_by_label("From catalogue…").click();
    // A spinner shows while the catalogue is read on another thread.
    harness.step();
    wait_for(harness, "17,500 sea ports");
    harness.run();
}

/// A mission with no ports yet.
fn empty_mission() -> Project {
    let mut project = Project::new();
    project.mission = common::sample().mission;
    project
}

#[test]
fn yokohama_is_found_as_typed_and_added_with_its_code_and_zone() {
    let mut harness = harness(app_on_project(empty_mission()));
    harness.run();
    open_catalogue(&mut harness);
    // Typed a letter a frame, the search box keeps the focus and the list follows.
    let label = "Search by name, code, city or country";
    assert!(field(&harness, label).is_focused());
    type_keys(&mut harness, "Yokohama");
    harness.run();
    assert!(field(&harness, label).is_focused());
    harness.get_by_label_contains("JPYOK  Yokohama — Japan");
    harness.get_by_label_contains("(the harbour, from the World Port Index)");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let project = harness.state().document().project();
    assert_eq!(project.ports.len(), 1);
    let port = &project.ports[0];
    assert_eq!(port.locode, "JPYOK");
    assert_eq!(port.time_zone, "Asia/Tokyo");
    assert_eq!(port.country, "JP");
    assert_eq!(port.name, "Port of Yokohama");
    assert!((port.latitude - 35.45).abs() < 1e-6 && (port.longitude - 139.58333).abs() < 1e-6);
    // Shown in the Ports view, and one undo step takes it away.
    assert_eq!(
        harness.state().selected_entity(),
        Some(EntityRef::Port(port.id))
    );
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(harness.state().document().project().ports.is_empty());
}

#[test]
fn a_misspelt_search_and_the_arrow_keys_pick_another_port() {
    let mut harness = harness(app_on_project(empty_mission()));
    harness.run();
    open_catalogue(&mut harness);
    type_keys(&mut harness, "Rotterdm");
    harness.run();
    harness.get_by_label_contains("NLRTM  Rotterdam");
    // The second Rotterdam, in the state of New York: Down, then Enter.
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    harness.get_by_label_contains("42.7833°, -73.9667°");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let project = harness.state().document().project();
    assert_eq!(project.ports[0].locode, "USRAJ");
    // A country of several zones: the zone boundaries decide.
    assert_eq!(project.ports[0].time_zone, "America/New_York");

    // The shipping documents' CNSHA leads to Shanghai's sea port, and says why.
    open_catalogue(&mut harness);
    type_keys(&mut harness, "CNSHA");
    harness.run();
    harness.get_by_label_contains("CNSGH  Shanghai");
    harness.get_by_label_contains("CNSHA is Shanghai Hongqiao airport");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let project = harness.state().document().project();
    let shanghai = project.ports.iter().find(|p| p.locode == "CNSGH").unwrap();
    assert_eq!(shanghai.time_zone, "Asia/Shanghai");
    assert!(shanghai.notes.contains("CNSHA"), "{}", shanghai.notes);
}

#[test]
fn a_port_already_in_the_project_is_shown_not_added_twice() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    open_catalogue(&mut harness);
    type_keys(&mut harness, "JPYOK");
    harness.run();
    harness.get_by_label_contains("in the project");
    harness.get_by_label("Show port");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(harness.state().document().project(), &common::sample());
    assert_eq!(
        harness.state().selected_entity(),
        Some(EntityRef::Port(YOKOHAMA))
    );
}

#[test]
fn clicking_a_marker_opens_its_ports_form_beside_the_map() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    harness.get_by_label("Map").click();
    harness.run();
    harness.get_by_label("Port of Los Angeles").click();
    harness.run();
    assert_eq!(
        harness.state().selected_entity(),
        Some(EntityRef::Port(common::LA))
    );
    assert_eq!(
        field(&harness, "Name").value().as_deref(),
        Some("Port of Los Angeles")
    );
    // The form edits the port (one undo step), the map stays.
    type_like_a_person(&mut harness, "City", "San Pedro");
    assert_eq!(
        port(harness.state().document().project(), common::LA).city,
        "San Pedro"
    );
    harness.get_by_label("Fit to ports");
    harness.get_by_label("Close").click();
    harness.run();
    assert_eq!(harness.state().selected_entity(), None);
}

/// The lines between ports are named for a screen reader too (only the
/// ports were), and can be chosen like a marker.
#[test]
fn corridors_and_agreements_on_the_map_are_named_and_open_their_form() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    harness.get_by_label("Map").click();
    harness.run();
    let project = harness.state().document().project().clone();
    for corridor in &project.corridors {
        harness.get_by_label_contains(&format!("{} (corridor: ", corridor.name));
    }
    let first = &project.corridors[0];
    harness
        .get_by_label_contains(&format!("{} (corridor: ", first.name))
        .click();
    harness.run();
    assert_eq!(
        harness.state().selected_entity(),
        Some(EntityRef::Corridor(first.id))
    );
    // The agreements between two ports on the map, beside the corridors.
    let agreements = harness.query_all_by_label_contains("(agreement: ").count();
    assert!(agreements >= 2, "{agreements}");
    harness
        .query_all_by_label_contains("(agreement: ")
        .next()
        .unwrap()
        .click();
    harness.run();
    assert!(matches!(
        harness.state().selected_entity(),
        Some(EntityRef::Agreement(_))
    ));
}

#[test]
fn the_map_draws_a_thousand_ports_and_five_hundred_corridors() {
    let mut project =
        trade_mission_planner::synthetic::generate(trade_mission_planner::synthetic::Size {
            events: 200,
            agreements: 50,
            ports: 1000,
            people: 50,
            travel_times: 0,
        });
    trade_mission_planner::synthetic::add_corridors(&mut project, 500);
    let mut harness = harness(app_on_project(project));
    harness.run();
    harness.get_by_label("Map").click();
    harness.run();
    // Fitted to the ports: every one of them is on screen and is a widget a
    // screen reader can name, up to the first 300.
    assert!(harness.query_by_label("Port 0").is_some());
    let markers = (0..1000)
        .filter(|i| harness.query_by_label(&format!("Port {i}")).is_some())
        .count();
    assert_eq!(markers, 300);
    // Filters change what is drawn without trouble; zoom and pan by keys.
    harness.get_by_label("Filter corridors").click();
    harness.run();
    harness.get_by_label("Operational").click();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Escape);
    harness.get_by_label("+").click();
    harness.run();
    harness.get_by_label("Fit to ports").click();
    harness.run();
}

#[test]
fn about_credits_every_bundled_dataset() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("About Trade Mission Planner").click();
    harness.run();
    for source in [
        "Natural Earth",
        "UN/LOCODE, UNECE",
        "World Port Index",
        "Open Database License (ODbL 1.0)",
        "OpenStreetMap contributors",
        "SIL Open Font License",
    ] {
        harness.get_by_label_contains(source);
    }
}

#[test]
fn a_click_on_a_label_picks_its_port_where_markers_overlap() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    harness.get_by_label("Map").click();
    harness.run();
    // Yokohama's marker lies under Tokyo's at this zoom; Tokyo's label is
    // to the right of its marker, and a click on it picks Tokyo.
    let marker = harness.get_by_label("Port of Tokyo").rect();
    harness.hover_at(marker.center() + egui::vec2(30.0, 0.0));
    harness.run();
    harness.get_by_label("JPTYO  35.6667°, 139.7500°");
    let at = marker.center() + egui::vec2(30.0, 0.0);
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
    assert_eq!(
        harness.state().selected_entity(),
        Some(EntityRef::Port(common::TOKYO))
    );
}
