//! The drafting desk on an agreement's Draft page: find and replace, the
//! Markdown preview, the clause library, revisions, the redline between any
//! two versions, restoring an old version. Find and replace is in
//! [`find`], revisions and the redline in [`revisions`].

mod find;
mod revisions;

use find::find_replace_ui;
pub use find::{CurrentMatch, Find};
pub use revisions::RedlineChoice;
pub(crate) use revisions::inline_redline;
use revisions::revisions_ui;

use std::ops::Range;

use egui::{RichText, Stroke, TextEdit, Ui};

use super::widgets::set_accessible_name;
use super::{Outbox, ViewCtx};
use crate::edit::Edit;
use crate::model::clause::{char_slice, insert_at_char};
use crate::model::{Agreement, AgreementId, Clause, EntityRef};

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
