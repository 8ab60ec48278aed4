//! The drafting desk on an agreement's Draft page: find and replace, the
//! Markdown preview, the clause library, revisions, the redline between any
//! two versions, restoring an old version.

use std::collections::HashMap;
use std::ops::Range;

use egui::text::LayoutJob;
use egui::{Color32, ComboBox, FontId, RichText, Stroke, TextEdit, TextFormat, Ui};

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
use crate::model::{Agreement, AgreementId, Clause, Revision};

/// "current" or a revision number, as kept in the form's buffers.
const CURRENT: &str = "current";

fn version_label(agreement: &Agreement, version: &str) -> String {
    match version.parse::<u32>() {
        Ok(number) => agreement
            .revisions
            .iter()
            .find(|r| r.number == number)
            .map_or_else(
                || format!("Revision {number}"),
                |r| format!("Revision {} ({})", r.number, r.author),
            ),
        Err(_) => "Current draft".to_owned(),
    }
}

fn version_text<'a>(agreement: &'a Agreement, version: &str) -> &'a str {
    match version.parse::<u32>() {
        Ok(number) => agreement
            .revisions
            .iter()
            .find(|r| r.number == number)
            .map_or("", |r| &*r.text),
        Err(_) => &agreement.draft,
    }
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
pub fn preview_ui(ui: &mut Ui, agreement: AgreementId, text: &str, height: f32) {
    let id = ui.make_persistent_id("markdown preview cache");
    let cache = ui.data_mut(|d| {
        d.get_temp_mut_or_insert_with(id, || {
            std::sync::Arc::new(std::sync::Mutex::new(
                egui_commonmark::CommonMarkCache::default(),
            ))
        })
        .clone()
    });
    ui.label(RichText::new("Preview").weak());
    // No inner margin: the scroll area's clip then meets the frame, and rows
    // scrolled half out do not show above it. The margin goes inside instead.
    egui::Frame::group(ui.style())
        .inner_margin(0)
        .show(ui, |ui| {
            ui.set_max_height(height);
            if let Ok(mut cache) = cache.lock() {
                egui_commonmark::CommonMarkViewer::new().show_scrollable(
                    egui::Id::unique(("draft preview", agreement.0)),
                    ui,
                    &mut cache,
                    &egui_commonmark::CommonMarkScrollOptions::default()
                        .viewport_cache(true)
                        .content_margin(6),
                    text,
                );
            }
        });
}

/// The match that Previous/Next last went to: its place among the matches
/// (from 0) and its characters in the draft. Kept in the form's buffers as
/// "number:start:end".
#[derive(Clone, PartialEq, Debug)]
pub struct CurrentMatch {
    pub number: usize,
    pub chars: Range<usize>,
}

impl CurrentMatch {
    const KEY: &'static str = "find current";

    /// The stored match, if the draft still has the needle there.
    pub fn load(
        buffers: &HashMap<&'static str, String>,
        draft: &str,
        needle: &str,
        match_case: bool,
    ) -> Option<Self> {
        let mut parts = buffers.get(Self::KEY)?.split(':');
        let mut next = || parts.next()?.parse::<usize>().ok();
        let (number, start, end) = (next()?, next()?, next()?);
        let at = byte_index(draft, start);
        let found = draft.get(at..byte_index(draft, end))?;
        let same = if match_case {
            found == needle
        } else {
            found.to_lowercase() == needle.to_lowercase()
        };
        (same && !needle.is_empty()).then_some(Self {
            number,
            chars: start..end,
        })
    }

    fn store(&self, buffers: &mut HashMap<&'static str, String>) {
        buffers.insert(
            Self::KEY,
            format!("{}:{}:{}", self.number, self.chars.start, self.chars.end),
        );
    }
}

/// Buffer flag: the editor should scroll the current match into view.
const SCROLL_TO_MATCH: &str = "find scroll";

/// Whether the editor should scroll to the current match this frame (once).
pub fn take_scroll_to_match(buffers: &mut HashMap<&'static str, String>) -> bool {
    buffers.remove(SCROLL_TO_MATCH).is_some()
}

/// Find in the draft with a match count, Previous/Next (Shift+Enter/Enter
/// in the find box) to go from match to match in the editor, Replace for the
/// current match and Replace all. Each replace is one undoable edit.
pub fn find_replace_ui(
    ui: &mut Ui,
    ctx: &ViewCtx,
    agreement: &Agreement,
    buffers: &mut HashMap<&'static str, String>,
    outbox: &mut Outbox,
) {
    let editor = super::agreements::draft_editor_id(agreement.id);
    ui.horizontal_wrapped(|ui| {
        let find = buffers.entry("find").or_default();
        let find_box = ui.add(
            TextEdit::singleline(find)
                .hint_text("Find in draft")
                .desired_width(140.0),
        );
        set_accessible_name(&find_box, egui::Role::TextInput, "Find in draft");
        if ctx.focus_find_in_draft {
            find_box.request_focus();
            find_box.scroll_to_me(Some(egui::Align::Center));
        }
        let needle = find.clone();
        // Enter steps to the next match, Shift+Enter to the previous one;
        // the find box keeps the focus so Enter can be pressed again.
        let mut step = None;
        if find_box.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            step = Some(!ui.input(|i| i.modifiers.shift));
            find_box.request_focus();
        }
        let replace = buffers.entry("replace").or_default();
        let replace_box = ui.add(
            TextEdit::singleline(replace)
                .hint_text("Replace with")
                .desired_width(120.0),
        );
        set_accessible_name(&replace_box, egui::Role::TextInput, "Replace with");
        let replacement = replace.clone();
        let mut match_case = buffers.get("match case").is_some_and(|v| v == "yes");
        if ui.checkbox(&mut match_case, "Match case").changed() {
            buffers.insert(
                "match case",
                if match_case { "yes" } else { "no" }.to_owned(),
            );
        }
        // Counted once per change of the draft or the search, not per frame:
        // a case-blind count walks the whole draft.
        let key = format!("{}\u{1f}{match_case}\u{1f}{needle}", ctx.generation);
        let cached = (buffers.get("find key") == Some(&key))
            .then(|| buffers.get("find count")?.parse::<usize>().ok())
            .flatten();
        let count = cached.unwrap_or_else(|| {
            let count = count_matches(&agreement.draft, &needle, match_case);
            buffers.insert("find key", key);
            buffers.insert("find count", count.to_string());
            count
        });
        let current = CurrentMatch::load(buffers, &agreement.draft, &needle, match_case);
        if !needle.is_empty() {
            ui.label(match (count, &current) {
                (0, _) => "No matches".to_owned(),
                (n, Some(current)) => format!("{} of {n}", current.number + 1),
                (1, None) => "1 match".to_owned(),
                (n, None) => format!("{n} matches"),
            });
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
            let matches = match_char_ranges(&agreement.draft, &needle, match_case);
            go_to_match(
                ui.ctx(),
                editor,
                buffers,
                &matches,
                step_match(&matches, from, forward),
            );
        }
        if ui
            .add_enabled(current.is_some(), egui::Button::new("Replace"))
            .on_hover_text("Replace the selected match, then select the next one")
            .on_disabled_hover_text("Go to a match with Next first")
            .clicked()
            && let Some(current) = &current
        {
            let text = replace_chars(&agreement.draft, current.chars.clone(), &replacement);
            let after = current.chars.start + replacement.chars().count();
            let matches = match_char_ranges(&text, &needle, match_case);
            // The next match after the replacement, unless it was the last.
            let next = matches.iter().position(|m| m.start >= after);
            go_to_match(ui.ctx(), editor, buffers, &matches, next);
            outbox.edit(Edit::SetDraft {
                agreement: agreement.id,
                text,
            });
        }
        if ui
            .add_enabled(count > 0, egui::Button::new("Replace all"))
            .clicked()
        {
            let (text, _) = replace_all(&agreement.draft, &needle, &replacement, match_case);
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
    buffers: &mut HashMap<&'static str, String>,
    matches: &[Range<usize>],
    number: Option<usize>,
) {
    let Some((number, chars)) = number.and_then(|n| Some((n, matches.get(n)?.clone()))) else {
        buffers.remove(CurrentMatch::KEY);
        return;
    };
    let mut state = egui::TextEdit::load_state(ctx, editor).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::one(
            egui::text::CCursor::new(chars.end),
        )));
    state.store(ctx, editor);
    CurrentMatch { number, chars }.store(buffers);
    buffers.insert(SCROLL_TO_MATCH, String::new());
}

/// The clause library: search by title or tag, insert at the draft's cursor,
/// make a clause from the selected text, delete one. All undoable.
pub fn clauses_ui(
    ui: &mut Ui,
    ctx: &ViewCtx,
    agreement: &Agreement,
    draft_id: egui::Id,
    buffers: &mut HashMap<&'static str, String>,
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
        buffers.insert("draft selection", format!("{from}:{to}"));
    }
    let selection = buffers.get("draft selection").and_then(|text| {
        let (from, to) = text.split_once(':')?;
        Some((from.parse::<usize>().ok()?, to.parse::<usize>().ok()?))
    });
    let query = buffers.entry("clause search").or_default();
    let search = ui.add(
        TextEdit::singleline(query)
            .hint_text("Search clauses by title or tag")
            .desired_width(240.0),
    );
    set_accessible_name(&search, egui::Role::TextInput, "Search clauses");
    let query = query.clone();
    for (index, clause) in ctx.project.clauses.iter().enumerate() {
        if !clause.matches(&query) {
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
                let at = selection.map_or(agreement.draft.chars().count(), |(_, end)| end);
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
        .filter(|(from, to)| to > from)
        .map(|(from, to)| char_slice(&agreement.draft, from, to).trim().to_owned())
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
pub fn revisions_ui(
    ui: &mut Ui,
    ctx: &ViewCtx,
    agreement: &Agreement,
    buffers: &mut HashMap<&'static str, String>,
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
    ui.label(RichText::new(format!("Revisions ({})", agreement.revisions.len())).strong());
    if ctx.delegate_name.trim().is_empty() {
        ui.horizontal(|ui| {
            let label = ui.label("Your name");
            let name = buffers.entry("delegate name").or_default();
            ui.add(TextEdit::singleline(name).desired_width(200.0))
                .labelled_by(label.id);
        });
    }
    ui.horizontal(|ui| {
        let label = ui.label("Message");
        let message = buffers.entry("revision message").or_default();
        ui.add(
            TextEdit::singleline(message)
                .hint_text("what changed, in a line")
                .desired_width(240.0),
        )
        .labelled_by(label.id);
        let typed_name = buffers
            .get("delegate name")
            .map(|n| n.trim().to_owned())
            .unwrap_or_default();
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
            let message = buffers.remove("revision message").unwrap_or_default();
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
                revision.recorded_at.strftime("%Y-%m-%d %H:%M UTC")
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
    // Closed by default: the word diff of long drafts then costs nothing while typing.
    egui::CollapsingHeader::new("Compare versions (redline)")
        .id_salt(("redline", agreement.id.0))
        .show(ui, |ui| redline_ui(ui, ctx, agreement, buffers));
}

fn version_picker(ui: &mut Ui, name: &str, agreement: &Agreement, value: &mut String) {
    let response = ComboBox::from_id_salt((name, agreement.id.0))
        .selected_text(version_label(agreement, value))
        .show_ui(ui, |ui| {
            ui.selectable_value(value, CURRENT.to_owned(), "Current draft");
            for revision in agreement.revisions.iter().rev() {
                let label = version_label(agreement, &revision.number.to_string());
                ui.selectable_value(value, revision.number.to_string(), label);
            }
        })
        .response;
    set_accessible_name(&response, egui::Role::ComboBox, name);
}

fn redline_ui(
    ui: &mut Ui,
    ctx: &ViewCtx,
    agreement: &Agreement,
    buffers: &mut HashMap<&'static str, String>,
) {
    let last = agreement
        .revisions
        .last()
        .map_or(0, |r| r.number)
        .to_string();
    let mut from = buffers.get("compare from").cloned().unwrap_or(last);
    let mut to = buffers
        .get("compare to")
        .cloned()
        .unwrap_or_else(|| CURRENT.to_owned());
    ui.horizontal(|ui| {
        ui.label("Compare");
        version_picker(ui, "Compare from", agreement, &mut from);
        ui.label("with");
        version_picker(ui, "Compare with", agreement, &mut to);
    });
    // The diff runs only when the texts or the choice change.
    let key = ui.make_persistent_id(("redline", agreement.id.0, &from, &to));
    let cached: Option<(u64, Redline)> = ui.data(|d| d.get_temp(key));
    let redline = match cached {
        Some((generation, redline)) if generation == ctx.generation => redline,
        _ => {
            let redline =
                Redline::between(version_text(agreement, &from), version_text(agreement, &to));
            ui.data_mut(|d| d.insert_temp(key, (ctx.generation, redline.clone())));
            redline
        }
    };
    buffers.insert("compare from", from);
    buffers.insert("compare to", to);
    let count = match redline.change_count() {
        0 => "No changes".to_owned(),
        1 => "1 change".to_owned(),
        n => format!("{n} changes"),
    };
    ui.label(&count);
    let starts = redline.change_starts();
    // Which change the Previous/Next buttons are on, and the layout choice.
    let mut current: usize = buffers
        .get("redline change")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
        .min(starts.len().saturating_sub(1));
    let mut side_by_side = buffers.get("redline layout").is_some_and(|v| v == "side");
    let mut jump = false;
    ui.horizontal(|ui| {
        ui.selectable_value(&mut side_by_side, false, "Inline");
        ui.selectable_value(&mut side_by_side, true, "Side by side");
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
    buffers.insert("redline change", current.to_string());
    buffers.insert(
        "redline layout",
        if side_by_side { "side" } else { "inline" }.to_owned(),
    );
    let focus_piece = starts.get(current).copied();
    // No inner scroll area: the form scrolls as a whole, so the wheel never
    // gets caught half-way down.
    egui::Frame::group(ui.style()).show(ui, |ui| {
        if side_by_side {
            ui.columns(2, |columns| {
                let old = redline_job(&columns[0], &redline, Side::Old, focus_piece);
                show_job(&mut columns[0], old, "Old version", jump);
                let new = redline_job(&columns[1], &redline, Side::New, focus_piece);
                show_job(&mut columns[1], new, "New version", jump);
            });
        } else {
            let job = redline_job(ui, &redline, Side::Both, focus_piece);
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
