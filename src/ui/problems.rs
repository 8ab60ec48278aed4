//! Problems: the live validation list; a click shows the entity concerned.

use egui::{Align, Layout, RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use super::entity_list::{cell_label, elide_middle};
use super::widgets::{error_color, set_accessible_name, warning_color};
use super::{Outbox, View, ViewCtx};
use crate::commands::Command;
use crate::model::Severity;

/// Search text and the filtered rows, recomputed when either input changes.
#[derive(Default)]
pub struct ProblemsState {
    pub query: String,
    cache_key: Option<(u64, String)>,
    rows: Vec<usize>,
}

pub fn problems_ui(ui: &mut Ui, ctx: &ViewCtx, state: &mut ProblemsState, outbox: &mut Outbox) {
    ui.horizontal(|ui| {
        super::widgets::search_box(ui, &mut state.query, "problems", ctx.focus_search, 260.0);
        let key = (ctx.generation, state.query.to_lowercase());
        if state.cache_key.as_ref() != Some(&key) {
            state.rows = (0..ctx.problems.len())
                .filter(|&i| {
                    let p = &ctx.problems[i];
                    key.1.is_empty()
                        || p.message.to_lowercase().contains(&key.1)
                        || p.subject_label.to_lowercase().contains(&key.1)
                })
                .collect();
            state.cache_key = Some(key);
        }
        ui.weak(format!(
            "{} of {} problems",
            state.rows.len(),
            ctx.problems.len()
        ));
    });
    ui.separator();
    if ctx.problems.is_empty() {
        ui.label("No problems: every check passes.");
        return;
    }
    ui.style_mut().interaction.selectable_labels = false;
    let mut clicked = None;
    let table_id = ui.scope_id().with(egui::IdSalt::new("problems table"));
    const TITLES: [&str; 3] = ["Severity", "Concerns", "Problem"];
    TableBuilder::new(ui)
        .id_salt("problems table")
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(Column::initial(70.0))
        .column(Column::initial(320.0).clip(true))
        .column(Column::remainder().clip(true))
        .header(22.0, |mut header| {
            for title in TITLES {
                header.col(|ui| {
                    ui.label(RichText::new(title).strong());
                });
            }
        })
        .body(|body| {
            body.rows(22.0, state.rows.len(), |mut row| {
                let problem = &ctx.problems[state.rows[row.index()]];
                row.col(|ui| {
                    let color = match problem.severity {
                        Severity::Error => error_color(ui),
                        Severity::Warning => warning_color(ui),
                    };
                    ui.colored_label(color, problem.severity.label());
                });
                // What a problem concerns is cut in its middle: the four
                // corridor partnerships differ only at their ends.
                row.col(|ui| {
                    let text = &problem.subject_label;
                    let shown = elide_middle(ui, text, ui.available_width().floor());
                    cell_label(ui, shown, text);
                });
                // The message is cut to the column with "…" (a narrow window
                // would cut it at its edge); the whole text on hover. (A
                // screen reader is given the whole text.)
                row.col(|ui| {
                    let text = &problem.message;
                    let label = ui.add(egui::Label::new(text).truncate());
                    set_accessible_name(&label, egui::Role::Label, text);
                });
                if row.response().clicked() {
                    clicked = Some(problem.subject);
                }
            });
        });
    super::entity_list::name_column_edges(ui.ctx(), table_id, &TITLES);
    match clicked {
        Some(Some(subject)) => outbox.command(Command::Reveal(subject)),
        Some(None) => outbox.command(Command::Navigate(View::Overview)),
        None => {}
    }
}
