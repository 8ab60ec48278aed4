//! File → Export briefing book: the preview, whose book, Save PDF.

use super::*;

/// Typesetting in a debug build takes seconds; wait for it as a person would.
fn wait_long(harness: &mut Harness<'static, PlannerApp>, text: &str) {
    for _ in 0..600 {
        if harness.query_by_label_contains(text).is_some() {
            // The page pictures become textures on the next frames.
            harness.run_steps(3);
            return;
        }
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("{text:?} never showed");
}

#[test]
fn the_book_is_previewed_for_one_delegate_then_saved_as_pdf_with_enter() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("book");
    let dialogs = ScriptedDialogs::answering([DialogOutcome::Picked(out.clone())]);
    let mut harness = harness(app_with(dialogs.clone()));
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export briefing book (.pdf)…").click();
    // The spinner repaints while the book is typeset: step, not run.
    wait_long(&mut harness, "13 pages; the first 12 shown.");
    harness.get_by_label("Page 1");
    harness.get_by_label("Page 12");

    // Esc with the list open closes the list, not the dialog.
    harness.get_by_label("For").click();
    harness.run();
    harness.get_by_label("Hiroshi Nakamura");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        harness.query_by_label("Hiroshi Nakamura").is_none(),
        "the list closed"
    );
    assert!(
        harness.query_by_label("Save PDF…").is_some(),
        "the dialog stayed"
    );

    // One delegate's itinerary: a page a day.
    harness.get_by_label("For").click();
    harness.run();
    harness.get_by_label("Hiroshi Nakamura").click();
    harness.run_steps(2);
    // Cover, contents, the map, his three days, agreements, ports, contacts.
    wait_long(&mut harness, "9 pages.");
    assert!(harness.query_by_label("Page 10").is_none());

    // After a click on a page (nothing focused), Enter is still Save PDF….
    harness.get_by_label("Page 2").click();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    harness.run();
    let pdf = std::fs::read(out.with_extension("pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(
        dialogs.proposed.borrow()[0].as_deref(),
        Some("2023-California-Japan-Clean-Energy-Trade-Mission-Hiroshi-Nakamura-itinerary.pdf")
    );
    assert!(last_notice(&harness).contains("Saved the briefing book to"));
    assert!(
        harness.query_by_label_contains("pages.").is_none(),
        "the preview closed"
    );
    // Exporting changes nothing in the project.
    assert_eq!(harness.state().document().project(), &common::sample());
    assert!(!harness.state().session().is_dirty());
}

#[test]
fn escape_closes_the_preview_while_it_typesets() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    harness
        .state_mut()
        .run_command(trade_mission_planner::commands::Command::ExportBriefing);
    wait_long(&mut harness, "Typesetting…");
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert!(harness.query_by_label("Typesetting…").is_none());
    // The book that arrives later goes nowhere.
    for _ in 0..100 {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(harness.query_by_label("Save PDF…").is_none());
}
