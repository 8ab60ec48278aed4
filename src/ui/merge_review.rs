//! Merge review: every conflict a merge recorded, field by field, with the
//! base, ours and theirs side by side (texts also as a redline), and the
//! buttons that decide it. Deciding is an edit like any other, so it undoes.

use egui::{Align, Layout, RichText, ScrollArea, Ui};

use super::drafting::inline_redline;
use super::widgets::{error_color, inline_message};
use super::{Outbox, ViewCtx};
use crate::commands::Command;
use crate::merge::resolve::{Choice, describe_conflict, resolve, value_now};
use crate::model::redline::Redline;
use crate::model::{MergeConflict, Project};

/// Which conflict is shown, and what is derived from it.
#[derive(Default)]
pub struct MergeReviewState {
    pub selected: usize,
    error: Option<String>,
    /// Labels of the list and the redline of the selected conflict, for the
    /// project generation they were made from.
    cache: Option<Cache>,
}

struct Cache {
    generation: u64,
    selected: usize,
    labels: Vec<String>,
    redline: Option<Redline>,
    /// The field's value now, when someone edited it since the merge.
    edited_since: Option<String>,
    /// The three sides as shown.
    shown: [String; 3],
}

pub fn merge_review_ui(
    ui: &mut Ui,
    ctx: &ViewCtx,
    state: &mut MergeReviewState,
    outbox: &mut Outbox,
) {
    let conflicts = &ctx.project.conflicts;
    ui.heading("Merge review");
    if conflicts.is_empty() {
        ui.label(
            "No merge conflicts: everything merged cleanly, or every conflict has been decided.",
        );
        return;
    }
    ui.label(format!(
        "{} to decide. Each field two copies changed differently keeps our value until you \
         choose; File → Save keeps the undecided ones for later.",
        plural(conflicts.len())
    ));
    state.selected = state.selected.min(conflicts.len() - 1);
    refresh(state, ctx);
    let Some(cache) = &state.cache else {
        return;
    };
    ui.separator();
    let mut selected = state.selected;
    egui::Panel::left("merge conflicts list")
        .resizable(true)
        .default_size(260.0)
        .show(ui, |ui| {
            let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
            ScrollArea::vertical().auto_shrink([false; 2]).show_rows(
                ui,
                row_height,
                cache.labels.len(),
                |ui, rows| {
                    for i in rows {
                        if ui
                            .selectable_label(i == selected, &cache.labels[i])
                            .clicked()
                        {
                            selected = i;
                        }
                    }
                },
            );
        });
    let conflict = &conflicts[state.selected];
    let mut decided = None;
    ScrollArea::vertical()
        .id_salt("merge conflict detail")
        .auto_shrink([false; 2])
        .show(ui, |ui| {
            ui.label(
                RichText::new(&cache.labels[state.selected])
                    .strong()
                    .size(16.0),
            );
            ui.horizontal(|ui| {
                let keep = ui.button(Choice::AsItIs.label()).on_hover_text(
                    "The field keeps what it holds now (edit it in its view first if neither \
                     version is right); only the conflict goes",
                );
                if keep.clicked() {
                    decided = Some(Choice::AsItIs);
                    // The same button is the next conflict's: a second
                    // Enter must not decide that one unseen.
                    keep.surrender_focus();
                }
                if let Some(subject) = conflict.subject
                    && ui.link("Show it in its view").clicked()
                {
                    outbox.command(Command::Select(subject));
                }
            });
            ui.add_space(6.0);
            if let Some(now) = &cache.edited_since {
                inline_message(
                    ui,
                    &format!(
                        "Edited since the merge; it is now: {now}. Keep as it is keeps this; \
                         the Use buttons replace it."
                    ),
                    ui.visuals().warn_fg_color,
                );
            }
            let sides = [
                ("Base (the common version)", 0, Choice::Base),
                ("Ours (the copy that merged)", 1, Choice::Ours),
                ("Theirs (the copy merged in)", 2, Choice::Theirs),
            ];
            ui.columns(3, |columns| {
                for (column, (title, _, choice)) in columns.iter_mut().zip(sides) {
                    column.label(RichText::new(title).strong());
                    // A merge without a common version (or a value it did
                    // not hold) has no base to use.
                    let offered = choice != Choice::Base || conflict.base.is_some();
                    let button = column
                        .add_enabled(offered, egui::Button::new(choice.label()))
                        .on_disabled_hover_text("The common version does not hold this");
                    if button.clicked() {
                        decided = Some(choice);
                        button.surrender_focus();
                    }
                }
            });
            let values = |ui: &mut Ui| {
                ui.columns(3, |columns| {
                    for (column, (_, value, _)) in columns.iter_mut().zip(&sides) {
                        egui::Frame::group(column.style()).show(column, |ui| {
                            ui.set_min_width(ui.available_width());
                            // Left-aligned, not justified like the columns.
                            ui.with_layout(Layout::top_down(Align::Min), |ui| {
                                ui.add(egui::Label::new(&cache.shown[*value]).wrap());
                            });
                        });
                    }
                });
            };
            match &cache.redline {
                // A long text: what differs first, the whole versions on request.
                Some(redline) => {
                    ui.add_space(6.0);
                    ui.label(
                        "Ours → theirs: struck through is only in ours, underlined only in theirs.",
                    );
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.with_layout(Layout::top_down(Align::Min), |ui| {
                            inline_redline(ui, redline, "Redline from ours to theirs");
                        });
                    });
                    egui::CollapsingHeader::new("The three versions in full")
                        .id_salt(("merge versions", state.selected))
                        .show(ui, values);
                }
                None => values(ui),
            }
            if let Some(error) = &state.error {
                inline_message(ui, error, error_color(ui));
            }
        });
    if let Some(choice) = decided {
        match resolve(ctx.project, state.selected, choice) {
            Ok(edit) => {
                outbox.edit(edit);
                state.error = None;
            }
            Err(err) => state.error = Some(format!("This conflict cannot be decided so: {err}")),
        }
    }
    if selected != state.selected {
        state.selected = selected;
        state.error = None;
    }
}

fn refresh(state: &mut MergeReviewState, ctx: &ViewCtx) {
    let fresh = state
        .cache
        .as_ref()
        .is_some_and(|c| c.generation == ctx.generation && c.selected == state.selected);
    if fresh {
        return;
    }
    let project = ctx.project;
    let conflict = &project.conflicts[state.selected];
    let redline = match (
        text_of(conflict.ours.as_deref()),
        text_of(conflict.theirs.as_deref()),
    ) {
        (Some(ours), Some(theirs)) if ours.contains('\n') || theirs.contains('\n') => {
            Some(Redline::between(&ours, &theirs))
        }
        _ => None,
    };
    let now = value_now(project, conflict);
    let edited_since = (now.as_deref() != conflict.ours.as_deref())
        .then(|| shown(conflict, now.as_deref(), Side::Now));
    state.cache = Some(Cache {
        generation: ctx.generation,
        selected: state.selected,
        labels: labels(project),
        redline,
        edited_since,
        shown: [
            shown(conflict, conflict.base.as_deref(), Side::Base),
            shown(conflict, conflict.ours.as_deref(), Side::Copy),
            shown(conflict, conflict.theirs.as_deref(), Side::Copy),
        ],
    });
}

fn labels(project: &Project) -> Vec<String> {
    project
        .conflicts
        .iter()
        .map(|c| describe_conflict(project, c))
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Base,
    Copy,
    Now,
}

/// A recorded value as a person reads it: texts as themselves, a whole
/// entity field by field, other values as written in the file.
fn shown(conflict: &MergeConflict, value: Option<&str>, side: Side) -> String {
    let Some(value) = value else {
        return match (side, conflict.field.as_str()) {
            (Side::Base, _) => "(not in the common version)".to_owned(),
            (Side::Now, _) => "(not in the project now)".to_owned(),
            (Side::Copy, "exists") => "(deleted in this copy)".to_owned(),
            (Side::Copy, _) => "(not in this copy)".to_owned(),
        };
    };
    if let Some(text) = text_of(Some(value)) {
        return if text.is_empty() {
            "(empty)".to_owned()
        } else {
            text
        };
    }
    match conflict.subject {
        Some(subject) if conflict.field == "exists" => {
            crate::with_entity_ref!(subject, |T, _id| pretty::<T>(value))
                .unwrap_or_else(|| value.to_owned())
        }
        _ => value.to_owned(),
    }
}

/// An entity's record, a field a line.
fn pretty<T: serde::de::DeserializeOwned + serde::Serialize>(value: &str) -> Option<String> {
    let entity: T = ron::from_str(value).ok()?;
    let config = ron::ser::PrettyConfig::new().indentor("  ").new_line("\n");
    ron::ser::to_string_pretty(&entity, config).ok()
}

fn text_of(value: Option<&str>) -> Option<String> {
    value.and_then(|v| ron::from_str::<String>(v).ok())
}

fn plural(n: usize) -> String {
    if n == 1 {
        "1 conflict".to_owned()
    } else {
        format!("{n} conflicts")
    }
}
