//! Agreements view: the table, and a form with two pages: Details (title,
//! status, parties, dates, areas, milestones) and Draft (the drafting desk,
//! whose parts live in [`super::drafting`]).

use std::collections::HashMap;

use egui::{RichText, TextEdit, Ui};

use super::drafting::CurrentMatch;
use super::entity_list::{Change, Changes, ColumnSpec, ListItem, SortKey};
use super::widgets::{
    FIELD_WIDTH, chips, enum_row, form_grid, lines_row, notes_row, optional_date_row,
    search_picker_sized, text_row,
};
use super::{AgreementPage, Outbox, ViewCtx};
use crate::commands::Command;
use crate::model::Entity;
use crate::model::entity::name_of;
use crate::model::{
    Agreement, AgreementId, AgreementKind, AgreementStatus, CooperationArea, EntityRef, Milestone,
    Party, Project,
};

/// The draft editor's id: stable, so its cursor and selection survive
/// re-layouts and the benchmark can focus it.
pub fn draft_editor_id(agreement: AgreementId) -> egui::Id {
    egui::Id::unique(("draft editor", agreement.0))
}

/// Names of an agreement's parties, e.g. "Port of Los Angeles, Port of Tokyo".
pub fn party_names(project: &Project, parties: &[Party]) -> Vec<String> {
    parties
        .iter()
        .map(|party| {
            let target = EntityRef::from(*party);
            name_of(project, target).map_or_else(|| format!("missing {target}"), str::to_owned)
        })
        .collect()
}

impl ListItem for Agreement {
    const COLUMNS: &'static [ColumnSpec] = &[
        ColumnSpec {
            title: "Title",
            width: 330.0,
        },
        ColumnSpec {
            title: "Kind",
            width: 50.0,
        },
        ColumnSpec {
            title: "Status",
            width: 100.0,
        },
        ColumnSpec {
            title: "Signed",
            width: 90.0,
        },
        ColumnSpec {
            title: "Parties",
            width: 260.0,
        },
    ];
    const PLURAL: &'static str = "agreements";

    fn cell(&self, project: &Project, column: usize) -> String {
        match column {
            0 => self.title.clone(),
            1 => self.kind.short().to_owned(),
            2 => self.status.label().to_owned(),
            3 => self.dates.signed.map(|d| d.to_string()).unwrap_or_default(),
            _ => party_names(project, &self.parties).join(", "),
        }
    }

    fn sort_key(&self, project: &Project, column: usize) -> SortKey {
        match column {
            2 => SortKey::Number(self.status as u8 as f64),
            _ => SortKey::Text(self.cell(project, column).to_lowercase()),
        }
    }

    fn blank(_project: &Project) -> Self {
        Agreement::new("New agreement", AgreementKind::MemorandumOfUnderstanding)
    }

    fn duplicate(&self) -> Self {
        Self {
            id: AgreementId::fresh(),
            title: format!("{} (copy)", self.title),
            revisions: Vec::new(),
            ..self.clone()
        }
    }

    fn form_ui(
        ui: &mut Ui,
        ctx: &ViewCtx,
        agreement: &mut Self,
        buffers: &mut HashMap<&'static str, String>,
        outbox: &mut Outbox,
    ) -> Option<Change> {
        let mut page = ctx.agreement_page;
        ui.horizontal(|ui| {
            ui.selectable_value(&mut page, AgreementPage::Details, "Details")
                .on_hover_text("Title, kind, status, parties, dates, areas, milestones");
            ui.selectable_value(&mut page, AgreementPage::Draft, "Draft")
                .on_hover_text("The agreement text: editor, preview, clauses and revisions");
        });
        if page != ctx.agreement_page {
            outbox.command(Command::ShowAgreementPage(page));
        }
        ui.separator();
        match page {
            AgreementPage::Details => details_ui(ui, ctx, agreement, buffers),
            AgreementPage::Draft => {
                draft_ui(ui, ctx, agreement, buffers, outbox);
                None
            }
        }
    }
}

fn details_ui(
    ui: &mut Ui,
    ctx: &ViewCtx,
    agreement: &mut Agreement,
    buffers: &mut HashMap<&'static str, String>,
) -> Option<Change> {
    let project = ctx.project;
    let today = ctx.today;
    let mut c = Changes::default();
    form_grid(ui, "agreement form", |ui| {
        c.typed(text_row(ui, "Title", &mut agreement.title), "title");
        c.discrete(enum_row(
            ui,
            "Kind",
            &mut agreement.kind,
            &AgreementKind::ALL,
            AgreementKind::label,
        ));
        c.discrete(enum_row(
            ui,
            "Status",
            &mut agreement.status,
            &AgreementStatus::ALL,
            AgreementStatus::label,
        ));
        ui.label("Parties");
        ui.vertical(|ui| {
            if let Some(index) = chips(ui, &party_names(project, &agreement.parties)) {
                agreement.parties.remove(index);
                c.discrete(true);
            }
            ui.horizontal(|ui| {
                let ports = project
                    .ports
                    .iter()
                    .filter(|p| !agreement.parties.contains(&Party::Port(p.id)))
                    .map(|p| (Party::Port(p.id), p.name.clone()));
                let orgs = project
                    .organisations
                    .iter()
                    .filter(|o| !agreement.parties.contains(&Party::Organisation(o.id)))
                    .map(|o| (Party::Organisation(o.id), o.name.clone()));
                let width = FIELD_WIDTH / 2.0 - 8.0;
                let picked = search_picker_sized(ui, "add port party", "Add port…", width, ports)
                    .or_else(|| {
                        search_picker_sized(ui, "add org party", "Add organisation…", width, orgs)
                    });
                if let Some(party) = picked {
                    agreement.parties.push(party);
                    c.discrete(true);
                }
            });
        });
        ui.end_row();
        let dates = &mut agreement.dates;
        c.discrete(optional_date_row(
            ui,
            "Proposed",
            &mut dates.proposed,
            today,
        ));
        c.discrete(optional_date_row(ui, "Signed", &mut dates.signed, today));
        c.discrete(optional_date_row(
            ui,
            "Effective",
            &mut dates.effective,
            today,
        ));
        c.discrete(optional_date_row(ui, "Expires", &mut dates.expires, today));
        ui.label("Areas of cooperation");
        ui.vertical(|ui| {
            for area in CooperationArea::BUILT_IN {
                let mut on = agreement.areas.contains(&area);
                if ui.checkbox(&mut on, area.label()).changed() {
                    if on {
                        agreement.areas.push(area);
                    } else {
                        agreement.areas.retain(|a| *a != area);
                    }
                    c.discrete(true);
                }
            }
        });
        ui.end_row();
        let mut others: Vec<String> = agreement
            .areas
            .iter()
            .filter_map(|a| match a {
                CooperationArea::Other(text) => Some(text.clone()),
                _ => None,
            })
            .collect();
        let buffer = buffers.entry("other areas").or_default();
        if lines_row(ui, "Other areas (one a line)", &mut others, buffer) {
            agreement
                .areas
                .retain(|a| !matches!(a, CooperationArea::Other(_)));
            agreement
                .areas
                .extend(others.into_iter().map(CooperationArea::Other));
            c.typed_if(true, "other areas");
        }
        milestones_ui(ui, &mut agreement.milestones, today, &mut c);
        c.typed(notes_row(ui, "Notes", &mut agreement.notes), "notes");
    });
    c.finish()
}

fn draft_ui(
    ui: &mut Ui,
    ctx: &ViewCtx,
    agreement: &mut Agreement,
    buffers: &mut HashMap<&'static str, String>,
    outbox: &mut Outbox,
) {
    let draft_label = ui.label(RichText::new("Draft text").strong());
    // Counting a long draft every frame would cost more than drawing it;
    // count once per change.
    let generation = ctx.generation.to_string();
    let counts = buffers
        .get("counts")
        .filter(|c| c.starts_with(&format!("{generation}:")));
    let counts = match counts {
        Some(counts) => counts.clone(),
        None => {
            let (words, chars) = crate::model::text::word_and_char_counts(&agreement.draft);
            let counts = format!("{generation}:{words} words · {chars} characters");
            buffers.insert("counts", counts.clone());
            counts
        }
    };
    let counts = counts.split_once(':').map_or("", |(_, c)| c);
    ui.weak(format!(
        "{counts} · {} revisions recorded",
        agreement.revisions.len()
    ));
    super::drafting::find_replace_ui(ui, ctx, agreement, buffers, outbox);
    let mut preview = buffers.get("preview").is_some_and(|v| v == "yes");
    if ui
        .checkbox(&mut preview, "Preview")
        .on_hover_text("Show the draft rendered from its Markdown (headings, numbered clauses)")
        .changed()
    {
        buffers.insert("preview", if preview { "yes" } else { "no" }.to_owned());
    }
    // The editor and the preview scroll on their own, each at most about
    // the height of the window, so the clauses and revisions stay near.
    let window_height = ui.ctx().content_rect().height();
    let height = if preview {
        (window_height * 0.35).max(160.0)
    } else {
        (window_height - 290.0).max(240.0)
    };
    let needle = buffers.get("find").cloned().unwrap_or_default();
    let match_case = buffers.get("match case").is_some_and(|v| v == "yes");
    let current = CurrentMatch::load(buffers, &agreement.draft, &needle, match_case);
    let scroll_to_match = super::drafting::take_scroll_to_match(buffers);
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
                    egui::Stroke::new(1.5, ui.visuals().warn_fg_color),
                    egui::StrokeKind::Outside,
                );
                if scroll_to_match {
                    ui.scroll_to_rect(rect, Some(egui::Align::Center));
                }
            }
            output.response.response
        })
        .inner;
    if preview {
        super::drafting::preview_ui(ui, agreement.id, &agreement.draft, height);
    }
    let draft_id = draft.id;
    // Typing in the draft changes only the draft: a SetDraft edit, not a
    // copy of the whole agreement with its revisions.
    if draft.labelled_by(draft_label.id).changed() {
        outbox.typing(
            crate::edit::Edit::SetDraft {
                agreement: agreement.id,
                text: agreement.draft.clone(),
            },
            format!("{}/draft", agreement.entity_ref()),
        );
    }
    super::drafting::clauses_ui(ui, ctx, agreement, draft_id, buffers, outbox);
    super::drafting::revisions_ui(ui, ctx, agreement, buffers, outbox);
}

fn milestones_ui(
    ui: &mut Ui,
    milestones: &mut Vec<Milestone>,
    today: jiff::civil::Date,
    c: &mut Changes,
) {
    ui.label("Milestones");
    ui.vertical(|ui| {
        let mut remove = None;
        for (i, milestone) in milestones.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                c.discrete(
                    ui.checkbox(&mut milestone.done, "")
                        .on_hover_text("Done")
                        .changed(),
                );
                let title = ui.add(
                    TextEdit::singleline(&mut milestone.title).desired_width(FIELD_WIDTH - 90.0),
                );
                super::widgets::set_accessible_name(
                    &title,
                    egui::Role::TextInput,
                    &format!("Milestone {}", i + 1),
                );
                c.typed_if(title.changed(), "milestone");
                let mut due = milestone.due.unwrap_or(today);
                let had_due = milestone.due.is_some();
                let response = ui.add(
                    egui_extras::DatePickerButton::new(&mut due)
                        .id_salt(&format!("milestone due {i}"))
                        .show_icon(false),
                );
                if (had_due || response.changed()) && milestone.due != Some(due) {
                    milestone.due = Some(due);
                    c.discrete(true);
                }
                if !milestone.done && milestone.due.is_some_and(|d| d < today) {
                    ui.colored_label(super::widgets::warning_color(ui), "overdue");
                }
                if ui
                    .small_button("×")
                    .on_hover_text("Remove this milestone")
                    .clicked()
                {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            milestones.remove(i);
            c.discrete(true);
        }
        if ui.button("Add milestone").clicked() {
            milestones.push(Milestone {
                title: "New milestone".into(),
                due: Some(today),
                done: false,
            });
            c.discrete(true);
        }
    });
    ui.end_row();
}
