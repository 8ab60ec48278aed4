//! Revisions of a draft, restoring one, and the redline between any two
//! versions.

use super::{DraftDesk, Version};
use crate::commands::Command;
use crate::edit::Edit;
use crate::model::redline::{Piece, Redline};
use crate::model::{Agreement, Revision};
use crate::ui::widgets::set_accessible_name;
use crate::ui::{Outbox, ViewCtx};
use egui::text::LayoutJob;
use egui::{Color32, FontId, RichText, Stroke, TextEdit, TextFormat, Ui};

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

/// Draws the revisions and the redline under the draft text.
pub(super) fn revisions_ui(
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
    let response = crate::ui::widgets::choice_list(
        ui,
        (name, agreement.id.0),
        selected,
        width,
        value,
        versions,
    );
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
