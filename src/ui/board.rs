//! The status board: one column per agreement status, a card per agreement
//! with its parties and next milestone. Cards move with their buttons or by
//! dragging; moving a card to "Signed" asks for the signing date.

use egui::{Frame, RichText, ScrollArea, Ui};
use jiff::civil::Date;

use super::agreements::party_names;
use super::widgets::{set_accessible_name, warning_color};
use super::{Outbox, ViewCtx};
use crate::commands::Command;
use crate::edit::Edit;
use crate::model::entity::find;
use crate::model::{
    Agreement, AgreementId, AgreementStatus, AnyEntity, EntityRef, EventKind, Project,
};

/// The board's pending question, if any.
#[derive(Default)]
pub struct BoardState {
    /// Moving this agreement to Signed: on which date?
    signing: Option<(AgreementId, Date)>,
}

/// Narrowest a column gets; wider when the window allows all eight.
/// Narrow enough that the eight columns fit a 1280-pixel window.
const MIN_COLUMN_WIDTH: f32 = 118.0;

/// The pipeline's next and previous steps (Expired and Withdrawn sit after it).
fn neighbours(status: AgreementStatus) -> (Option<AgreementStatus>, Option<AgreementStatus>) {
    let all = AgreementStatus::ALL;
    let i = all.iter().position(|s| *s == status).unwrap_or(0);
    let previous = i.checked_sub(1).map(|j| all[j]);
    let next = all.get(i + 1).copied();
    (previous, next)
}

/// The date a card moving to Signed is proposed: the day of a signing
/// ceremony for it, if the schedule has one, else today.
fn proposed_signing_date(project: &Project, id: AgreementId, today: Date) -> Date {
    let zone = project.mission.host_tz();
    project
        .events
        .iter()
        .find(|e| e.kind == EventKind::SigningCeremony && e.agreements.contains(&id))
        .map_or(today, |e| e.start.zoned().with_time_zone(zone).date())
}

fn move_to(
    ctx: &ViewCtx,
    state: &mut BoardState,
    outbox: &mut Outbox,
    agreement: &Agreement,
    status: AgreementStatus,
) {
    if status == agreement.status {
        return;
    }
    if status == AgreementStatus::Signed && agreement.dates.signed.is_none() {
        let today = ctx.today;
        let date = proposed_signing_date(ctx.project, agreement.id, today);
        state.signing = Some((agreement.id, date));
        return;
    }
    let mut moved = agreement.clone();
    moved.status = status;
    outbox.edit(Edit::Update(AnyEntity::Agreement(moved)));
}

pub fn board_ui(ui: &mut Ui, ctx: &ViewCtx, state: &mut BoardState, outbox: &mut Outbox) {
    let project = ctx.project;
    let today = ctx.today;
    let mut moves: Vec<(AgreementId, AgreementStatus)> = Vec::new();
    let column_width =
        (ui.available_width() / AgreementStatus::ALL.len() as f32 - 10.0).max(MIN_COLUMN_WIDTH);
    ScrollArea::horizontal().id_salt("board").show(ui, |ui| {
        ui.horizontal_top(|ui| {
            for status in AgreementStatus::ALL {
                let cards: Vec<&Agreement> = project
                    .agreements
                    .iter()
                    .filter(|a| a.status == status)
                    .collect();
                ui.vertical(|ui| {
                    ui.set_width(column_width);
                    ui.label(
                        RichText::new(format!("{} ({})", status.label(), cards.len())).strong(),
                    );
                    let (_, dropped) =
                        ui.dnd_drop_zone::<AgreementId, _>(Frame::group(ui.style()), |ui| {
                            ui.set_min_size(egui::vec2(column_width - 16.0, 120.0));
                            ScrollArea::vertical()
                                .id_salt(("column", status as u8))
                                .max_height(ui.available_height() - 30.0)
                                .show(ui, |ui| {
                                    for agreement in cards {
                                        card_ui(
                                            ui,
                                            ctx,
                                            today,
                                            column_width,
                                            agreement,
                                            &mut moves,
                                            outbox,
                                        );
                                    }
                                });
                        });
                    if let Some(id) = dropped {
                        moves.push((*id, status));
                    }
                });
            }
        });
    });
    for (id, status) in moves {
        if let Some(agreement) = find::<Agreement>(project, id) {
            move_to(ctx, state, outbox, agreement, status);
        }
    }
    signing_question_ui(ui, ctx, state, outbox);
}

fn card_ui(
    ui: &mut Ui,
    ctx: &ViewCtx,
    today: Date,
    column_width: f32,
    agreement: &Agreement,
    moves: &mut Vec<(AgreementId, AgreementStatus)>,
    outbox: &mut Outbox,
) {
    let id = ui.make_persistent_id(("card", agreement.id.0));
    Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(column_width - 40.0);
        // Only the card's text is the drag handle, so its buttons stay clickable.
        let handle = ui.dnd_drag_source(id, agreement.id, |ui| {
            ui.add(egui::Label::new(RichText::new(&agreement.title).strong()).wrap());
            ui.weak(party_names(ctx.project, &agreement.parties).join(" · "));
            let next = agreement
                .milestones
                .iter()
                .filter(|m| !m.done)
                .min_by_key(|m| m.due.unwrap_or(jiff::civil::date(9999, 12, 31)));
            if let Some(milestone) = next {
                let due = milestone
                    .due
                    .map_or(String::new(), |d| format!(" · due {d}"));
                let text = format!("Next: {}{due}", milestone.title);
                if milestone.due.is_some_and(|d| d < today) {
                    ui.colored_label(warning_color(ui), format!("Overdue! {text}"));
                } else {
                    ui.label(text);
                }
            }
        });
        // Named, or a screen reader calls it "unknown": the card's text,
        // dragged to another column (its buttons do the same by keyboard).
        set_accessible_name(
            &handle.response,
            egui::Role::Group,
            &format!("{} (drag to another status)", agreement.title),
        );
        ui.horizontal(|ui| {
            // The card's text is the drag handle and takes no clicks: opening
            // is a button of its own (also reachable with Tab).
            let open = ui
                .small_button("Open")
                .on_hover_text("Show this agreement in the Agreements view");
            set_accessible_name(
                &open,
                egui::Role::Button,
                &format!("Open \"{}\"", agreement.title),
            );
            if open.clicked() {
                outbox.command(Command::Select(EntityRef::Agreement(agreement.id)));
            }
            let (previous, next) = neighbours(agreement.status);
            if let Some(previous) = previous {
                let back = ui
                    .small_button("<")
                    .on_hover_text(format!("Move back to {}", previous.label()));
                set_accessible_name(
                    &back,
                    egui::Role::Button,
                    &format!("Move \"{}\" back to {}", agreement.title, previous.label()),
                );
                if back.clicked() {
                    moves.push((agreement.id, previous));
                }
            }
            if let Some(next) = next {
                let forward = ui
                    .small_button(">")
                    .on_hover_text(format!("Move on to {}", next.label()));
                set_accessible_name(
                    &forward,
                    egui::Role::Button,
                    &format!("Move \"{}\" on to {}", agreement.title, next.label()),
                );
                if forward.clicked() {
                    moves.push((agreement.id, next));
                }
            }
        });
    });
}

fn signing_question_ui(ui: &mut Ui, ctx: &ViewCtx, state: &mut BoardState, outbox: &mut Outbox) {
    let Some((id, mut date)) = state.signing else {
        return;
    };
    let Some(agreement) = find::<Agreement>(ctx.project, id) else {
        state.signing = None;
        return;
    };
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("signing date")).show(ui.ctx(), |ui| {
        ui.set_width(380.0);
        crate::ui::accessibility::dialog_heading(ui, "When was it signed?");
        ui.label(&agreement.title);
        ui.horizontal(|ui| {
            let label = ui.label("Signed on");
            let (button, picked) = crate::ui::calendar::button(ui, "signing date", date);
            button.labelled_by(label.id);
            if let crate::ui::calendar::Picked::Day(day) = picked {
                date = day;
            }
        });
        ui.horizontal(|ui| {
            if ui.button("Mark as signed").clicked() {
                answer = Some(true);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
        });
    });
    match answer {
        None => state.signing = Some((id, date)),
        Some(false) => state.signing = None,
        Some(true) => {
            let mut signed = agreement.clone();
            signed.status = AgreementStatus::Signed;
            signed.dates.signed = Some(date);
            outbox.edit(Edit::Update(AnyEntity::Agreement(signed)));
            state.signing = None;
        }
    }
}
