//! Contacts and spreadsheets from the File menu: previewed with what is left
//! out by line, a spreadsheet's columns mapped by hand, one undo step.

use super::*;

fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn contacts_from_a_phone_are_previewed_then_imported_as_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let vcf = write(
        dir.path(),
        "phone.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kenji Sato\r\nEMAIL:k.sato@example.jp\r\nTEL:+81 90 1\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEMAIL:ana@example.br\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad Mail\r\nEMAIL:nope\r\nEND:VCARD\r\n",
    );
    let mut harness = harness(app_with(ScriptedDialogs::answering([
        DialogOutcome::Picked(vcf),
    ])));
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Import contacts (.vcf)…").click();
    harness.run_steps(2);
    wait_for(&mut harness, "to add");
    harness.get_by_label("2 to add, 1 to update, 0 already as they are");
    harness.get_by_label_contains("line 15: \"nope\" does not look like an e-mail address");
    assert_eq!(harness.state().document().project(), &common::sample());
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let project = harness.state().document().project();
    assert_eq!(project.people.len(), common::sample().people.len() + 2);
    assert!(
        project
            .people
            .iter()
            .any(|p| p.name == "Kenji Sato" && p.phone == "+81 90 1")
    );
    assert!(last_notice(&harness).contains("2 added, 1 updated"));
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(harness.state().document().project(), &common::sample());
}

#[test]
fn a_spreadsheets_columns_are_mapped_by_hand_then_remembered() {
    let dir = tempfile::tempdir().unwrap();
    // Headers the app cannot guess: "Who" and "Reach".
    let csv = write(
        dir.path(),
        "list.csv",
        "Who;Reach;Colour\r\nAna Lima;ana@example.br;red\r\nBen Ode;ben@example.ng;blue\r\n",
    );
    let dialogs = ScriptedDialogs::answering([
        DialogOutcome::Picked(csv.clone()),
        DialogOutcome::Picked(csv),
    ]);
    let mut harness = harness(app_with(dialogs));
    harness.run();
    harness
        .state_mut()
        .run_command(trade_mission_planner::commands::Command::ImportSpreadsheet);
    harness.run_steps(2);
    wait_for(&mut harness, "to add");
    harness.get_by_label("0 to add, 0 to update, 0 already as they are");
    harness.get_by_label_contains("line 2: no name; row left out");
    harness.get_by_label_contains("Ana Lima · Ben Ode");

    // Who → Name, Reach → E-mail.
    harness.get_by_label("Who").click();
    harness.run();
    harness.get_by_label("Name").click();
    harness.run();
    harness.get_by_label("Reach").click();
    harness.run();
    harness.get_by_label("E-mail").click();
    harness.run();
    harness.get_by_label("Preview again").click();
    harness.run_steps(2);
    wait_for(&mut harness, "2 to add");
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    let project = harness.state().document().project();
    assert!(
        project
            .people
            .iter()
            .any(|p| p.name == "Ana Lima" && p.email == "ana@example.br")
    );
    assert_eq!(project.people.len(), common::sample().people.len() + 2);

    // Next week's list with the same headers maps the same way at once.
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    harness
        .state_mut()
        .run_command(trade_mission_planner::commands::Command::ImportSpreadsheet);
    harness.run_steps(2);
    wait_for(&mut harness, "to add");
    harness.get_by_label("2 to add, 0 to update, 0 already as they are");
}

#[test]
fn a_spreadsheet_is_exported_with_the_list_and_separator_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ports");
    let dialogs = ScriptedDialogs::answering([DialogOutcome::Picked(out.clone())]);
    let mut harness = harness(app_with(dialogs.clone()));
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export spreadsheet (.csv)…").click();
    harness.run();
    harness.get_by_label("List").click();
    harness.run();
    harness.get_by_label("Ports").click();
    harness.run();
    harness
        .get_by_label_contains("Separated by semicolons")
        .click();
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();
    let bytes = std::fs::read(out.with_extension("csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}Id;Name;Local name;UN/LOCODE".as_bytes()));
    assert!(String::from_utf8(bytes).unwrap().contains(";東京港;JPTYO;"));
    assert_eq!(
        dialogs.proposed.borrow()[0].as_deref(),
        Some("2023-California-Japan-Clean-Energy-Trade-Mission-ports.csv")
    );
}

#[test]
fn an_organisations_people_are_exported_as_contacts_from_its_form() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lax");
    let dialogs = ScriptedDialogs::answering([DialogOutcome::Picked(out.clone())]);
    let mut harness = harness(app_with(dialogs.clone()));
    harness.run();
    go_to(&mut harness, "Organisations");
    harness
        .get_by_label("Port of Los Angeles (Harbor Department)")
        .click();
    harness.run();
    scroll_and_click(&mut harness, "Export contacts (.vcf)…");
    let vcf = std::fs::read_to_string(out.with_extension("vcf")).unwrap();
    // Maria Alvarez and Rachel Cohen work there; no one else.
    assert_eq!(vcf.matches("BEGIN:VCARD").count(), 2, "{vcf}");
    assert!(vcf.contains("FN:Maria Alvarez") && vcf.contains("FN:Rachel Cohen"));
    assert_eq!(
        dialogs.proposed.borrow()[0].as_deref(),
        Some(
            "2023-California-Japan-Clean-Energy-Trade-Mission-Port-of-Los-Angeles-Harbor-Department-contacts.vcf"
        )
    );
    assert!(last_notice(&harness).contains("Exported 2 contacts"));

    // An organisation nobody works for has nothing to export.
    harness
        .get_by_label("Maritime and Port Authority of Singapore")
        .click();
    harness.run();
    use egui_kittest::kittest::NodeT as _;
    assert!(
        harness
            .get_by_label("Export contacts (.vcf)…")
            .accesskit_node()
            .is_disabled()
    );
}
