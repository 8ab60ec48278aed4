//! Agreements: the drafting desk (find, clauses, preview, revisions, redline, export) and the status board.

use super::*;

/// The draft editor's own buffer (fast index conversions for long drafts)
/// edits at the cursor, in characters, even with non-ASCII text before it;
/// the counts follow.
#[test]
fn typing_inside_a_draft_edits_at_the_cursor_and_updates_the_counts() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    open_draft_page(&mut harness);
    let before = agreement(harness.state().document().project(), MOU_TOKYO)
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
    let after = &agreement(harness.state().document().project(), MOU_TOKYO).draft;
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
    let mou = agreement(harness.state().document().project(), MOU_YOKOHAMA).clone();
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
    let draft = &agreement(harness.state().document().project(), MOU_YOKOHAMA).draft;
    assert!(!draft.contains("every spring"));
    harness.get_by_label("No changes");
    press(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(
        agreement(harness.state().document().project(), MOU_YOKOHAMA)
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
    }
    let corridor = |h: &Harness<'static, PlannerApp>| {
        agreement(h.state().document().project(), GSC_TOKYO).clone()
    };
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
    let draft = &agreement(harness.state().document().project(), MOU_TOKYO).draft;
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
    let mou = agreement(harness.state().document().project(), MOU_TOKYO).clone();
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
    // Said by a screen reader as it changes (the focus stays in the box).
    {
        use egui_kittest::kittest::NodeT;
        let count = harness.get_by_label("2 of 4");
        assert_eq!(count.accesskit_node().live(), egui::accesskit::Live::Polite);
    }
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
    let draft = &agreement(harness.state().document().project(), MOU_TOKYO).draft;
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
    let draft = agreement(harness.state().document().project(), MOU_YOKOHAMA)
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
    let dialogs = ScriptedDialogs::answering([
        DialogOutcome::Picked(markdown.clone()),
        DialogOutcome::Picked(word.clone()),
    ]);
    let mut harness = harness(app_with(dialogs.clone()));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    open_draft_page(&mut harness);
    for _ in 0..2 {
        harness.get_by_label("Export draft…").scroll_to_me();
        harness.run();
        harness.get_by_label("Export draft…").click();
        harness.run();
    }
    let draft = &agreement(harness.state().document().project(), MOU_TOKYO).draft;
    assert_eq!(&std::fs::read_to_string(&markdown).unwrap(), draft);
    let docx = std::fs::read(word.with_extension("docx")).unwrap();
    assert_eq!(&docx[..2], b"PK", "a .docx is a zip package");
    assert_eq!(
        dialogs.proposed.borrow()[0].as_deref(),
        Some("MOU-Port-of-Los-Angeles-Port-of-Tokyo.docx"),
        "the dialog proposes the agreement's title"
    );
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
    // Enter goes to the first match; Esc leaves the find box for the text
    // (the focus was lost), with the match selected: typing replaces it.
    press(&mut harness, Modifiers::NONE, Key::Enter);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    let draft = egui::Role::MultilineTextInput;
    assert!(
        harness
            .get_by_role_and_label(draft, "Draft text")
            .is_focused()
    );
    let before = agreement(harness.state().document().project(), MOU_TOKYO)
        .draft
        .clone();
    type_keys(&mut harness, "route");
    let after = &agreement(harness.state().document().project(), MOU_TOKYO).draft;
    assert_eq!(*after, before.replacen("corridor", "route", 1));
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
    let mou = agreement(&saved, MOU_TOKYO);
    assert_eq!(mou.revisions.len(), 3);
    assert_eq!(mou.revisions[2].message, "Restored revision 1");
    assert_eq!(mou.revisions[2].text, mou.revisions[0].text);
    assert_eq!(mou.draft, *mou.revisions[0].text);
    assert!(!harness.state().document().is_dirty());
}

/// A card on the status board opens its agreement.
#[test]
fn a_board_card_opens_its_agreement() {
    let mut harness = harness(app_with(ScriptedDialogs::default()));
    harness.run();
    harness.get_by_label("Status board").click();
    harness.run();
    harness
        .get_by_label("Open \"MOU: Port of Los Angeles – Port of Yokohama\"")
        .click();
    harness.run();
    assert_eq!(harness.state().view(), View::Agreements);
    assert_eq!(
        harness.state().selected_entity(),
        Some(trade_mission_planner::model::EntityRef::Agreement(
            MOU_YOKOHAMA
        ))
    );
}

/// Links in a draft's preview open only for http, https and mailto: a
/// `file://` link from someone else's draft does nothing.
#[test]
fn preview_links_open_only_for_safe_schemes() {
    let mut project = common::sample();
    project
        .agreements
        .iter_mut()
        .find(|a| a.id == MOU_TOKYO)
        .unwrap()
        .draft =
        "# Links\n\n[secrets](file:///etc/passwd) and [the port](https://www.portoflosangeles.org)\n"
            .into();
    let app = app_on_project(project);
    let mut harness = super::harness(app);
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    open_draft_page(&mut harness);
    scroll_and_click(&mut harness, "Preview");
    let opened = |harness: &mut Harness<'static, PlannerApp>, link: &str| {
        harness.get_by_label(link).click();
        harness.step();
        harness
            .output()
            .platform_output
            .commands
            .iter()
            .filter_map(|c| match c {
                egui::OutputCommand::OpenUrl(open) => Some(open.url.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert!(opened(&mut harness, "secrets").is_empty());
    assert_eq!(
        opened(&mut harness, "the port"),
        ["https://www.portoflosangeles.org"]
    );
}

/// A screen reader is told about the lines of a long draft near the window
/// and the caret's line, not about all 2,000 paragraphs (describing every
/// line each frame made a typed character 30 times as slow with a screen
/// reader running), in whole paragraphs (never half a wrapped one joined to
/// another); moving the caret to the end brings the last lines in.
#[test]
fn a_long_draft_is_described_to_the_screen_reader_near_the_caret_only() {
    use egui_kittest::kittest::NodeT;
    let (project, _) = sample_with_long_draft();
    let mut harness = harness(app_on_project(project));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    open_draft_page(&mut harness);
    type_into_draft(&mut harness, Key::End, "Signed.");
    let editor = harness.get_by_role_and_label(egui::Role::MultilineTextInput, "Draft text");
    let described: String = editor.children().filter_map(|run| run.value()).collect();
    let paragraphs: Vec<&str> = described.split_inclusive('\n').collect();
    assert_eq!(paragraphs.last(), Some(&"Signed."), "the caret's line");
    assert!(
        paragraphs[paragraphs.len() - 2].starts_with("Clause 2000 of"),
        "the lines in view"
    );
    for paragraph in &paragraphs[..paragraphs.len() - 1] {
        assert!(
            paragraph.starts_with("Clause ") && paragraph.ends_with("every quarter.\n"),
            "whole paragraphs only: {paragraph:?}"
        );
    }
    assert!(
        !described.contains("Clause 1 of"),
        "the first paragraph is far from the window"
    );
    assert!(
        paragraphs.len() < 200,
        "{} of 2,001 paragraphs described",
        paragraphs.len()
    );
}

/// PageDown and PageUp move the caret a page through a long draft, and
/// Shift+PageDown selects a page, as in other editors.
#[test]
fn page_down_and_up_move_the_caret_a_page_through_a_long_draft() {
    let (project, long) = sample_with_long_draft();
    let mut harness = harness(app_on_project(project));
    harness.run();
    select_agreement(&mut harness, "MOU: Port of Los Angeles – Port of Tokyo");
    open_draft_page(&mut harness);
    type_into_draft(&mut harness, Key::Home, "");
    let editor = trade_mission_planner::ui::drafting::draft_editor_id(MOU_TOKYO);
    let caret = |harness: &Harness<'static, PlannerApp>| {
        let range = egui::TextEdit::load_state(&harness.ctx, editor)
            .and_then(|state| state.cursor.char_range())
            .unwrap();
        (range.secondary.index.0, range.primary.index.0)
    };
    // The paragraph a character is in.
    let paragraph = |char: usize| long.chars().take(char).filter(|c| *c == '\n').count();
    assert_eq!(caret(&harness), (0, 0));
    press(&mut harness, Modifiers::NONE, Key::PageDown);
    let (_, one_page) = caret(&harness);
    assert!(
        paragraph(one_page) >= 5,
        "a page down: {}",
        paragraph(one_page)
    );
    press(&mut harness, Modifiers::SHIFT, Key::PageDown);
    let (anchor, two_pages) = caret(&harness);
    assert_eq!(anchor, one_page, "the selection begins where the caret was");
    assert!(paragraph(two_pages) >= 2 * paragraph(one_page) - 1);
    press(&mut harness, Modifiers::NONE, Key::PageUp);
    press(&mut harness, Modifiers::NONE, Key::PageUp);
    let (_, back) = caret(&harness);
    assert!(paragraph(back) <= 1, "two pages up: {}", paragraph(back));
    assert_eq!(
        agreement(harness.state().document().project(), MOU_TOKYO).draft,
        long,
        "moving changes nothing"
    );
}
