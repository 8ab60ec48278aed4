//! The drafting desk on an agreement's Draft page: find and replace, the
//! Markdown preview, the clause library, revisions, the redline between any
//! two versions, restoring an old version.

use std::ops::Range;

use egui::text::LayoutJob;
use egui::{Color32, FontId, RichText, Stroke, TextEdit, TextFormat, Ui};

use super::widgets::set_accessible_name;
use super::{Outbox, ViewCtx};
use crate::commands::Command;
use crate::edit::Edit;
use crate::model::clause::{char_slice, insert_at_char};
use crate::model::find::{
    count_matches, match_char_ranges, replace_all, replace_chars, step_match,
};
use crate::model::redline::{Piece, Redline};
use crate::model::text::byte_index;
use crate::model::{Agreement, AgreementId, Clause, EntityRef, Revision};

/// One version of an agreement's text: the current draft or a recorded
/// revision.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Version {
    Current,
    Revision(u32),
}

impl Version {
    fn label(self, agreement: &Agreement) -> String {
        match self {
            Self::Current => "Current draft".to_owned(),
            Self::Revision(number) => agreement
                .revisions
                .iter()
                .find(|r| r.number == number)
                .map_or_else(
                    || format!("Revision {number}"),
                    |r| format!("Revision {} ({})", r.number, r.author),
                ),
        }
    }

    fn text(self, agreement: &Agreement) -> &str {
        match self {
            Self::Current => &agreement.draft,
            Self::Revision(number) => agreement
                .revisions
                .iter()
                .find(|r| r.number == number)
                .map_or("", |r| &*r.text),
        }
    }
}

/// Everything the Draft page remembers while one agreement is selected.
#[derive(Default)]
pub struct DraftDesk {
    pub find: Find,
    /// The rendered Markdown under the editor.
    pub preview: bool,
    /// The last selection in the draft editor, in characters (clicking a
    /// button takes the focus, which collapses the editor's own selection).
    pub selection: Option<Range<usize>>,
    pub clause_search: String,
    /// The name typed before the first revision (then kept in the settings).
    pub delegate_name: String,
    pub revision_message: String,
    pub redline: RedlineChoice,
    /// Word and character counts, for this project generation.
    counts: Option<(u64, String)>,
    /// The preview's layout cache (it lays out only what is in view).
    preview_cache: egui_commonmark::CommonMarkCache,
}

/// Find and replace in the draft.
#[derive(Default)]
pub struct Find {
    pub needle: String,
    pub replacement: String,
    pub match_case: bool,
    /// The match Previous/Next last went to.
    pub current: Option<CurrentMatch>,
    /// Scroll the editor to the current match on the next frame.
    scroll_to_match: bool,
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

/// Which two versions the redline compares, and how it shows them.
#[derive(Default)]
pub struct RedlineChoice {
    /// `None`: the last revision.
    pub from: Option<Version>,
    /// `None`: the current draft.
    pub to: Option<Version>,
    /// The change Previous/Next are on.
    pub change: usize,
    pub side_by_side: bool,
    /// The diff, for (generation, from, to): it runs only when they change.
    cache: Option<((u64, Version, Version), Redline)>,
}

/// The draft editor's id: stable, so its cursor and selection survive
/// re-layouts and the benchmark can focus it.
pub fn draft_editor_id(agreement: AgreementId) -> egui::Id {
    egui::Id::unique(("draft editor", agreement.0))
}

/// The Draft page: counts, find and replace, the editor (with the preview),
/// the clause library, revisions and the redline.
pub fn draft_page_ui(
    ui: &mut Ui,
    ctx: &ViewCtx,
    agreement: &mut Agreement,
    desk: &mut DraftDesk,
    outbox: &mut Outbox,
) {
    let draft_label = ui.label(RichText::new("Draft text").strong());
    // Counting a long draft every frame would cost more than drawing it.
    let counts = match &desk.counts {
        Some((generation, counts)) if *generation == ctx.generation => counts.clone(),
        _ => {
            let (words, chars) = crate::model::text::word_and_char_counts(&agreement.draft);
            let counts = format!("{words} words · {chars} characters");
            desk.counts = Some((ctx.generation, counts.clone()));
            counts
        }
    };
    ui.weak(format!(
        "{counts} · {} revisions recorded",
        agreement.revisions.len()
    ));
    find_replace_ui(ui, ctx, agreement, &mut desk.find, outbox);
    ui.checkbox(&mut desk.preview, "Preview")
        .on_hover_text("Show the draft rendered from its Markdown (headings, numbered clauses)");
    // The editor and the preview scroll on their own, each at most about
    // the height of the window, so the clauses and revisions stay near.
    let window_height = ui.ctx().content_rect().height();
    let height = if desk.preview {
        (window_height * 0.35).max(160.0)
    } else {
        (window_height - 290.0).max(240.0)
    };
    let current = desk.find.current_in(&agreement.draft).cloned();
    let scroll_to_match = std::mem::take(&mut desk.find.scroll_to_match);
    let draft = egui::ScrollArea::vertical()
        .id_salt(("draft scroll", agreement.id.0))
        .max_height(height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            let output =
                TextEdit::multiline(&mut super::text_buffer::LongText(&mut agreement.draft))
                    .id(draft_editor_id(agreement.id))
                    .desired_width(f32::INFINITY)
                    .desired_rows(16)
                    .show(ui);
            if output.response.response.has_focus() {
                page_keys(ui, &output, height);
            }
            if let Some(found) = &current {
                // Outlined, so that the match shows while the find box has
                // the focus (the editor draws its selection only when focused).
                let at = |char| {
                    output
                        .galley
                        .pos_from_cursor(egui::text::CCursor::new(char))
                        .translate(output.galley_pos.to_vec2())
                };
                let rect = at(found.chars.start).union(at(found.chars.end));
                ui.painter().rect_stroke(
                    rect.expand(1.0),
                    2.0,
                    Stroke::new(1.5, ui.visuals().warn_fg_color),
                    egui::StrokeKind::Outside,
                );
                if scroll_to_match {
                    ui.scroll_to_rect(rect, Some(egui::Align::Center));
                }
            }
            output.response.response
        })
        .inner;
    if desk.preview {
        preview_ui(
            ui,
            agreement.id,
            &agreement.draft,
            height,
            &mut desk.preview_cache,
        );
    }
    let draft_id = draft.id;
    // Typing in the draft changes only the draft: a SetDraft edit, not a
    // copy of the whole agreement with its revisions.
    if draft.labelled_by(draft_label.id).changed() {
        outbox.typing(
            Edit::SetDraft {
                agreement: agreement.id,
                text: agreement.draft.clone(),
            },
            format!("{}/draft", EntityRef::Agreement(agreement.id)),
        );
    }
    clauses_ui(ui, ctx, agreement, draft_id, desk, outbox);
    revisions_ui(ui, ctx, agreement, desk, outbox);
}

/// PageDown and PageUp move the caret a page (the editor's height) down or
/// up, Shift with them extends the selection, as in other editors (egui's
/// editor does nothing with them: a 3,000-line draft could only be crossed
/// line by line).
fn page_keys(ui: &Ui, output: &egui::text_edit::TextEditOutput, page: f32) {
    use egui::{Key, Modifiers};
    let pressed = ui.input_mut(|i| {
        // With Shift first: egui's plain key matches a shifted press too.
        [
            (Key::PageDown, true, page),
            (Key::PageUp, true, -page),
            (Key::PageDown, false, page),
            (Key::PageUp, false, -page),
        ]
        .into_iter()
        .find(|(key, shift, _)| {
            let modifiers = if *shift {
                Modifiers::SHIFT
            } else {
                Modifiers::NONE
            };
            i.consume_key(modifiers, *key)
        })
    });
    let (Some((_, shift, distance)), Some(range)) = (pressed, output.cursor_range) else {
        return;
    };
    let galley = &output.galley;
    let from = galley.pos_from_cursor(range.primary).center();
    let to = galley.cursor_from_pos(from.to_vec2() + egui::vec2(0.0, distance));
    let mut state = output.state.clone();
    state.cursor.set_char_range(Some(if shift {
        egui::text::CCursorRange::two(range.secondary, to)
    } else {
        egui::text::CCursorRange::one(to)
    }));
    state.store(ui.ctx(), output.response.response.id);
    let caret = galley
        .pos_from_cursor(to)
        .translate(output.galley_pos.to_vec2());
    ui.scroll_to_rect(caret, None);
    ui.ctx().request_repaint();
}

/// Makes `revision` the current draft and records that as a new revision
/// ("Restored revision N"), in one undo step, so the history shows it and a
/// save has nothing left to add. Restoring the text the last revision already
/// has records nothing new.
fn restore_revision(ctx: &ViewCtx, agreement: &Agreement, revision: &Revision) -> Edit {
    let set_draft = Edit::SetDraft {
        agreement: agreement.id,
        text: revision.text.to_string(),
    };
    let last_has_it = agreement
        .revisions
        .last()
        .is_some_and(|last| last.text == revision.text);
    if last_has_it {
        return set_draft;
    }
    let author = match ctx.delegate_name.trim() {
        "" => "unknown".to_owned(),
        name => name.to_owned(),
    };
    Edit::Batch {
        label: format!("Restore revision {}", revision.number),
        edits: vec![
            set_draft,
            Edit::RecordRevision {
                agreement: agreement.id,
                revision: Revision {
                    number: agreement.next_revision_number(),
                    text: revision.text.clone(),
                    author,
                    recorded_at: ctx.now,
                    message: format!("Restored revision {}", revision.number),
                },
            },
        ],
    }
}

/// The draft rendered from its Markdown, in a scroll area of `height` that
/// lays out only the part in view (long drafts would otherwise cost
/// milliseconds a frame). Images are not loaded: a draft from someone else
/// must not make the app read files or reach the network.
pub fn preview_ui(
    ui: &mut Ui,
    agreement: AgreementId,
    text: &str,
    height: f32,
    cache: &mut egui_commonmark::CommonMarkCache,
) {
    ui.label(RichText::new("Preview").weak());
    // No inner margin: the scroll area's clip then meets the frame, and rows
    // scrolled half out do not show above it. The margin goes inside instead.
    egui::Frame::group(ui.style())
        .inner_margin(0)
        .show(ui, |ui| {
            ui.set_max_height(height);
            egui_commonmark::CommonMarkViewer::new().show_scrollable(
                egui::Id::unique(("draft preview", agreement.0)),
                ui,
                cache,
                &egui_commonmark::CommonMarkScrollOptions::default()
                    .viewport_cache(true)
                    .content_margin(6),
                text,
            );
            // A draft from someone else may link to file:// or smb://: only
            // http, https and mailto links open, as in notes.
            super::widgets::refuse_unsafe_links(ui.ctx());
        });
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
fn find_replace_ui(
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
            super::accessibility::announce(&found, false);
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

/// The clause library: search by title or tag, insert at the draft's cursor,
/// make a clause from the selected text, delete one. All undoable.
fn clauses_ui(
    ui: &mut Ui,
    ctx: &ViewCtx,
    agreement: &Agreement,
    draft_id: egui::Id,
    desk: &mut DraftDesk,
    outbox: &mut Outbox,
) {
    ui.add_space(6.0);
    ui.label(RichText::new(format!("Clause library ({})", ctx.project.clauses.len())).strong());
    // Where the cursor is (or what is selected) in the draft, as characters.
    // Clicking a button here takes focus from the draft, which collapses its
    // selection in the same frame, so the last real selection is remembered.
    let current = egui::TextEdit::load_state(ui.ctx(), draft_id)
        .and_then(|state| state.cursor.char_range())
        .map(|range| {
            let (a, b): (usize, usize) = (range.primary.index.into(), range.secondary.index.into());
            (a.min(b), a.max(b))
        });
    let draft_focused = ui.ctx().memory(|m| m.has_focus(draft_id));
    if draft_focused && let Some((from, to)) = current {
        desk.selection = Some(from..to);
    }
    let selection = desk.selection.clone();
    let search = ui.add(
        TextEdit::singleline(&mut desk.clause_search)
            .hint_text("Search clauses by title or tag")
            .desired_width(240.0),
    );
    set_accessible_name(&search, egui::Role::TextInput, "Search clauses");
    for (index, clause) in ctx.project.clauses.iter().enumerate() {
        if !clause.matches(&desk.clause_search) {
            continue;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&clause.title).strong())
                .on_hover_text(&clause.text);
            if !clause.tags.is_empty() {
                ui.weak(clause.tags.join(", "));
            }
            let insert = ui
                .small_button("Insert")
                .on_hover_text("Insert at the cursor in the draft (at the end if it has none)");
            set_accessible_name(
                &insert,
                egui::Role::Button,
                &format!("Insert clause {}", clause.title),
            );
            if insert.clicked() {
                let at = selection
                    .as_ref()
                    .map_or(agreement.draft.chars().count(), |range| range.end);
                let text = insert_at_char(&agreement.draft, at, &format!("\n\n{}\n", clause.text));
                outbox.edit(Edit::SetDraft {
                    agreement: agreement.id,
                    text,
                });
            }
            let delete = ui.small_button("Delete");
            set_accessible_name(
                &delete,
                egui::Role::Button,
                &format!("Delete clause {}", clause.title),
            );
            if delete.clicked() {
                let mut clauses = ctx.project.clauses.clone();
                clauses.remove(index);
                outbox.edit(Edit::SetClauses(clauses));
            }
        });
    }
    let selected = selection
        .filter(|range| range.end > range.start)
        .map(|range| {
            char_slice(&agreement.draft, range.start, range.end)
                .trim()
                .to_owned()
        })
        .filter(|text| !text.is_empty());
    if ui
        .add_enabled(
            selected.is_some(),
            egui::Button::new("New clause from selection"),
        )
        .on_disabled_hover_text("Select text in the draft first")
        .clicked()
        && let Some(text) = selected
    {
        let title: String = text
            .split_whitespace()
            .take(6)
            .collect::<Vec<_>>()
            .join(" ");
        let mut clauses = ctx.project.clauses.clone();
        clauses.push(Clause {
            title,
            text,
            tags: Vec::new(),
        });
        outbox.edit(Edit::SetClauses(clauses));
    }
}

/// Draws the revisions and the redline under the draft text.
fn revisions_ui(
    ui: &mut Ui,
    ctx: &ViewCtx,
    agreement: &Agreement,
    desk: &mut DraftDesk,
    outbox: &mut Outbox,
) {
    ui.add_space(6.0);
    if ui
        .button("Export draft…")
        .on_hover_text("Save the current draft as a Word document (.docx) or Markdown (.md)")
        .clicked()
    {
        outbox.command(Command::ExportDraft(agreement.id));
    }
    if ui
        .button("Import revision from Word…")
        .on_hover_text(
            "Read the counterpart's edited Word document (tracked changes taken as accepted) \
             as a new revision, and compare it with the current draft",
        )
        .clicked()
    {
        outbox.command(Command::ImportDraft(agreement.id));
    }
    ui.label(RichText::new(format!("Revisions ({})", agreement.revisions.len())).strong());
    if ctx.delegate_name.trim().is_empty() {
        ui.horizontal(|ui| {
            let label = ui.label("Your name");
            ui.add(TextEdit::singleline(&mut desk.delegate_name).desired_width(200.0))
                .labelled_by(label.id);
        });
    }
    ui.horizontal(|ui| {
        let label = ui.label("Message");
        ui.add(
            TextEdit::singleline(&mut desk.revision_message)
                .hint_text("what changed, in a line")
                .desired_width(240.0),
        )
        .labelled_by(label.id);
        let typed_name = desk.delegate_name.trim().to_owned();
        let author = if ctx.delegate_name.trim().is_empty() {
            typed_name.clone()
        } else {
            ctx.delegate_name.to_owned()
        };
        let response = ui
            .add_enabled(!author.is_empty(), egui::Button::new("Record revision"))
            .on_hover_text("Record the current draft as a new revision")
            .on_disabled_hover_text("Type your name first; it is remembered on this computer");
        if response.clicked() {
            let message = std::mem::take(&mut desk.revision_message);
            outbox.edit(Edit::RecordRevision {
                agreement: agreement.id,
                revision: Revision {
                    number: agreement.next_revision_number(),
                    text: agreement.draft.as_str().into(),
                    author,
                    recorded_at: ctx.now,
                    message,
                },
            });
            if ctx.delegate_name.trim().is_empty() {
                outbox.command(Command::RememberDelegateName(typed_name));
            }
        }
    });
    for revision in agreement.revisions.iter().rev() {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "Revision {} · {} · {}",
                revision.number,
                revision.author,
                // On this computer's clock, which is the delegate's.
                revision
                    .recorded_at
                    .to_zoned(jiff::tz::TimeZone::system())
                    .strftime("%Y-%m-%d %H:%M %Z")
            ));
            if !revision.message.is_empty() {
                ui.weak(&revision.message);
            }
            let restore = ui
                .small_button("Restore")
                .on_hover_text("Make this revision the current draft (you can undo this)");
            set_accessible_name(
                &restore,
                egui::Role::Button,
                &format!("Restore revision {}", revision.number),
            );
            if restore.clicked() {
                outbox.edit(restore_revision(ctx, agreement, revision));
            }
        });
    }
    if agreement.revisions.is_empty() {
        ui.weak("No revisions recorded yet.");
        return;
    }
    // Closed by default: the word diff of long drafts then costs nothing
    // while typing. A revision just imported opens it, on that revision.
    let reveal = ctx
        .reveal_revision
        .filter(|(id, _)| *id == agreement.id)
        .map(|(_, number)| number);
    if let Some(number) = reveal {
        desk.redline.from = Some(Version::Current);
        desk.redline.to = Some(Version::Revision(number));
    }
    let shown = egui::CollapsingHeader::new("Compare versions (redline)")
        .id_salt(("redline", agreement.id.0))
        .open(reveal.map(|_| true))
        .show(ui, |ui| redline_ui(ui, ctx, agreement, &mut desk.redline));
    if reveal.is_some() {
        shown.header_response.scroll_to_me(Some(egui::Align::TOP));
    }
}

fn version_picker(ui: &mut Ui, name: &str, agreement: &Agreement, value: &mut Version) {
    let versions = std::iter::once((Version::Current, "Current draft".to_owned())).chain(
        agreement.revisions.iter().rev().map(|revision| {
            let version = Version::Revision(revision.number);
            (version, version.label(agreement))
        }),
    );
    let width = ui.spacing().combo_width;
    let selected = value.label(agreement);
    let response =
        super::widgets::choice_list(ui, (name, agreement.id.0), selected, width, value, versions);
    set_accessible_name(&response, egui::Role::ComboBox, name);
}

fn redline_ui(ui: &mut Ui, ctx: &ViewCtx, agreement: &Agreement, choice: &mut RedlineChoice) {
    let last = Version::Revision(agreement.revisions.last().map_or(0, |r| r.number));
    let mut from = choice.from.unwrap_or(last);
    let mut to = choice.to.unwrap_or(Version::Current);
    ui.horizontal(|ui| {
        ui.label("Compare");
        version_picker(ui, "Compare from", agreement, &mut from);
        ui.label("with");
        version_picker(ui, "Compare with", agreement, &mut to);
    });
    choice.from = Some(from);
    choice.to = Some(to);
    // The diff runs only when the texts or the choice change.
    let key = (ctx.generation, from, to);
    if choice
        .cache
        .as_ref()
        .is_none_or(|(cached, _)| *cached != key)
    {
        let redline = Redline::between(from.text(agreement), to.text(agreement));
        choice.cache = Some((key, redline));
    }
    let Some((_, redline)) = &choice.cache else {
        return;
    };
    let count = match redline.change_count() {
        0 => "No changes".to_owned(),
        1 => "1 change".to_owned(),
        n => format!("{n} changes"),
    };
    ui.label(&count);
    let starts = redline.change_starts();
    // Which change the Previous/Next buttons are on, and the layout choice.
    let mut current = choice.change.min(starts.len().saturating_sub(1));
    let mut jump = false;
    ui.horizontal(|ui| {
        ui.selectable_value(&mut choice.side_by_side, false, "Inline");
        ui.selectable_value(&mut choice.side_by_side, true, "Side by side");
        if !starts.is_empty() {
            ui.separator();
            if ui
                .add_enabled(current > 0, egui::Button::new("Previous change"))
                .clicked()
            {
                current -= 1;
                jump = true;
            }
            ui.label(format!("Change {} of {}", current + 1, starts.len()));
            if ui
                .add_enabled(current + 1 < starts.len(), egui::Button::new("Next change"))
                .clicked()
            {
                current += 1;
                jump = true;
            }
        }
    });
    choice.change = current;
    let focus_piece = starts.get(current).copied();
    // No inner scroll area: the form scrolls as a whole, so the wheel never
    // gets caught half-way down.
    egui::Frame::group(ui.style()).show(ui, |ui| {
        if choice.side_by_side {
            ui.columns(2, |columns| {
                let old = redline_job(&columns[0], redline, Side::Old, focus_piece);
                show_job(&mut columns[0], old, "Old version", jump);
                let new = redline_job(&columns[1], redline, Side::New, focus_piece);
                show_job(&mut columns[1], new, "New version", jump);
            });
        } else {
            let job = redline_job(ui, redline, Side::Both, focus_piece);
            show_job(ui, job, &format!("Redline: {}", count.to_lowercase()), jump);
        }
    });
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Old,
    New,
    Both,
}

/// The redline as styled text: deletions struck through in red, insertions
/// underlined in green, the current change on a highlighted background.
/// Returns the job and the character offset where the current change starts.
fn redline_job(
    ui: &Ui,
    redline: &Redline,
    side: Side,
    focus: Option<usize>,
) -> (LayoutJob, Option<usize>) {
    let visuals = ui.visuals();
    let font = FontId::proportional(14.0);
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    let deleted = Color32::from_rgb(220, 80, 80);
    let inserted = if visuals.dark_mode {
        Color32::from_rgb(110, 200, 110)
    } else {
        Color32::from_rgb(20, 130, 40)
    };
    let mut focus_offset = None;
    let mut offset = 0;
    for (i, piece) in redline.pieces.iter().enumerate() {
        let (text, mut format) = match piece {
            Piece::Same(t) => (t, TextFormat::simple(font.clone(), visuals.text_color())),
            Piece::Deleted(t) if side != Side::New => (
                t,
                TextFormat {
                    strikethrough: Stroke::new(1.5, deleted),
                    ..TextFormat::simple(font.clone(), deleted)
                },
            ),
            Piece::Inserted(t) if side != Side::Old => (
                t,
                TextFormat {
                    underline: Stroke::new(1.5, inserted),
                    ..TextFormat::simple(font.clone(), inserted)
                },
            ),
            _ => continue,
        };
        let in_focus =
            focus.is_some_and(|f| i == f || (i == f + 1 && !matches!(piece, Piece::Same(_))));
        if in_focus {
            format.background = visuals.selection.bg_fill.gamma_multiply(0.5);
            focus_offset.get_or_insert(offset);
        }
        offset += text.chars().count();
        job.append(text, 0.0, format);
    }
    (job, focus_offset)
}

fn show_job(ui: &mut Ui, (job, focus): (LayoutJob, Option<usize>), name: &str, jump: bool) {
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let response = ui.add(egui::Label::new(galley.clone()));
    set_accessible_name(&response, egui::Role::Label, name);
    if jump && let Some(offset) = focus {
        let at = galley.pos_from_cursor(egui::text::CCursor::new(offset));
        ui.scroll_to_rect(
            at.translate(response.rect.min.to_vec2()),
            Some(egui::Align::Center),
        );
    }
}

/// A redline shown inline (deletions struck through, insertions underlined),
/// for views that compare two texts they do not edit.
pub(crate) fn inline_redline(ui: &mut Ui, redline: &Redline, name: &str) {
    let job = redline_job(ui, redline, Side::Both, None);
    show_job(ui, job, name, false);
}
