//! Find and replace in the draft: the match count, Previous/Next and
//! Replace, each replace one undoable edit.

use super::draft_editor_id;
use crate::edit::Edit;
use crate::model::Agreement;
use crate::model::find::{
    count_matches, match_char_ranges, replace_all, replace_chars, step_match,
};
use crate::model::text::byte_index;
use crate::ui::widgets::set_accessible_name;
use crate::ui::{Outbox, ViewCtx};
use egui::{TextEdit, Ui};
use std::ops::Range;

/// Find and replace in the draft.
#[derive(Default)]
pub struct Find {
    pub needle: String,
    pub replacement: String,
    pub match_case: bool,
    /// The match Previous/Next last went to.
    pub current: Option<CurrentMatch>,
    /// Scroll the editor to the current match on the next frame.
    pub(super) scroll_to_match: bool,
    /// The match count for (generation, match case, needle).
    count: Option<((u64, bool, String), usize)>,
}

impl Find {
    /// The current match, if the draft still has the needle there.
    pub fn current_in(&self, draft: &str) -> Option<&CurrentMatch> {
        let current = self.current.as_ref()?;
        let at = byte_index(draft, current.chars.start);
        let found = draft.get(at..byte_index(draft, current.chars.end))?;
        let same = if self.match_case {
            found == self.needle
        } else {
            found.to_lowercase() == self.needle.to_lowercase()
        };
        (same && !self.needle.is_empty()).then_some(current)
    }

    /// The number of matches, counted once per change of the draft or the
    /// search (a case-blind count walks the whole draft).
    fn count(&mut self, generation: u64, draft: &str) -> usize {
        let key = (generation, self.match_case, self.needle.clone());
        match &self.count {
            Some((cached, count)) if *cached == key => *count,
            _ => {
                let count = count_matches(draft, &self.needle, self.match_case);
                self.count = Some((key, count));
                count
            }
        }
    }
}

/// The match that Previous/Next last went to: its place among the matches
/// (from 0) and its characters in the draft.
#[derive(Clone, PartialEq, Debug)]
pub struct CurrentMatch {
    pub number: usize,
    pub chars: Range<usize>,
}

/// Find in the draft with a match count, Previous/Next (Shift+Enter/Enter
/// in the find box) to go from match to match in the editor, Replace for the
/// current match and Replace all. Each replace is one undoable edit.
pub(super) fn find_replace_ui(
    ui: &mut Ui,
    ctx: &ViewCtx,
    agreement: &Agreement,
    find: &mut Find,
    outbox: &mut Outbox,
) {
    let editor = draft_editor_id(agreement.id);
    ui.horizontal_wrapped(|ui| {
        let find_box = ui.add(
            TextEdit::singleline(&mut find.needle)
                .hint_text("Find in draft")
                .desired_width(140.0),
        );
        set_accessible_name(&find_box, egui::Role::TextInput, "Find in draft");
        if ctx.focus_find_in_draft {
            find_box.request_focus();
            find_box.scroll_to_me(Some(egui::Align::Center));
        }
        if let Some((needle, from)) = ctx.draft_needle {
            find.needle = needle.to_owned();
            find.match_case = false;
            let matches = match_char_ranges(&agreement.draft, needle, false);
            let number = step_match(&matches, from, true);
            go_to_match(ui.ctx(), editor, find, &matches, number);
        }
        // Enter steps to the next match, Shift+Enter to the previous one;
        // the find box keeps the focus so Enter can be pressed again.
        let mut step = None;
        if find_box.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            step = Some(!ui.input(|i| i.modifiers.shift));
            find_box.request_focus();
        }
        let replace_box = ui.add(
            TextEdit::singleline(&mut find.replacement)
                .hint_text("Replace with")
                .desired_width(120.0),
        );
        set_accessible_name(&replace_box, egui::Role::TextInput, "Replace with");
        // Esc leaves the search for the text with the match found selected,
        // so typing replaces it (egui left the focus nowhere, and Tab
        // started again from the top).
        if (find_box.lost_focus() || replace_box.lost_focus())
            && ui.input(|i| i.key_pressed(egui::Key::Escape))
        {
            if let Some(found) = find.current_in(&agreement.draft) {
                let mut state = TextEdit::load_state(ui.ctx(), editor).unwrap_or_default();
                state
                    .cursor
                    .set_char_range(Some(egui::text::CCursorRange::two(
                        egui::text::CCursor::new(found.chars.start),
                        egui::text::CCursor::new(found.chars.end),
                    )));
                state.store(ui.ctx(), editor);
            }
            ui.memory_mut(|m| m.request_focus(editor));
        }
        ui.checkbox(&mut find.match_case, "Match case");
        let count = find.count(ctx.generation, &agreement.draft);
        let current = find.current_in(&agreement.draft).cloned();
        if !find.needle.is_empty() {
            let found = ui.label(match (count, &current) {
                (0, _) => "No matches".to_owned(),
                (n, Some(current)) => format!("{} of {n}", current.number + 1),
                (1, None) => "1 match".to_owned(),
                (n, None) => format!("{n} matches"),
            });
            // Said as it changes: the focus stays in the find box.
            crate::ui::accessibility::announce(&found, false);
        }
        if ui
            .add_enabled(count > 0, egui::Button::new("Previous"))
            .on_hover_text("Select the previous match in the draft (Shift+Enter)")
            .clicked()
        {
            step = Some(false);
        }
        if ui
            .add_enabled(count > 0, egui::Button::new("Next"))
            .on_hover_text("Select the next match in the draft (Enter in the find box)")
            .clicked()
        {
            step = Some(true);
        }
        if let Some(forward) = step {
            // From the current match, or else from the editor's cursor.
            let cursor = egui::TextEdit::load_state(ui.ctx(), editor)
                .and_then(|state| state.cursor.char_range())
                .map(|range| {
                    let (a, b): (usize, usize) =
                        (range.primary.index.into(), range.secondary.index.into());
                    if forward { a.max(b) } else { a.min(b) }
                });
            let from = match &current {
                Some(m) if forward => m.chars.end,
                Some(m) => m.chars.start,
                None => cursor.unwrap_or(0),
            };
            let matches = match_char_ranges(&agreement.draft, &find.needle, find.match_case);
            let number = step_match(&matches, from, forward);
            go_to_match(ui.ctx(), editor, find, &matches, number);
        }
        if ui
            .add_enabled(current.is_some(), egui::Button::new("Replace"))
            .on_hover_text("Replace the selected match, then select the next one")
            .on_disabled_hover_text("Go to a match with Next first")
            .clicked()
            && let Some(current) = &current
        {
            let text = replace_chars(&agreement.draft, current.chars.clone(), &find.replacement);
            let after = current.chars.start + find.replacement.chars().count();
            let matches = match_char_ranges(&text, &find.needle, find.match_case);
            // The next match after the replacement, unless it was the last.
            let next = matches.iter().position(|m| m.start >= after);
            go_to_match(ui.ctx(), editor, find, &matches, next);
            outbox.edit(Edit::SetDraft {
                agreement: agreement.id,
                text,
            });
        }
        if ui
            .add_enabled(count > 0, egui::Button::new("Replace all"))
            .clicked()
        {
            let (text, _) = replace_all(
                &agreement.draft,
                &find.needle,
                &find.replacement,
                find.match_case,
            );
            outbox.edit(Edit::SetDraft {
                agreement: agreement.id,
                text,
            });
        }
    });
}

/// Make match `number` the current one: outlined in the editor, scrolled
/// into view, the editor's cursor at its end (egui keeps a selection only in
/// a focused editor, and the find box keeps the focus). `None` forgets the
/// current match.
fn go_to_match(
    ctx: &egui::Context,
    editor: egui::Id,
    find: &mut Find,
    matches: &[Range<usize>],
    number: Option<usize>,
) {
    let Some((number, chars)) = number.and_then(|n| Some((n, matches.get(n)?.clone()))) else {
        find.current = None;
        return;
    };
    let mut state = egui::TextEdit::load_state(ctx, editor).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::one(
            egui::text::CCursor::new(chars.end),
        )));
    state.store(ctx, editor);
    find.current = Some(CurrentMatch { number, chars });
    find.scroll_to_match = true;
}
