//! Agreements view: the table, and a form with two pages: Details (title,
//! status, parties, dates, areas, milestones) and Draft (the drafting desk,
//! whose parts live in [`super::drafting`]).

use egui::{TextEdit, Ui};

use super::drafting::{DraftDesk, draft_page_ui};
use super::entity_list::{Change, Changes, ColumnSpec, ListItem, SortKey};
use super::widgets::{
    FIELD_WIDTH, chips, enum_row, form_grid, lines_row, notes_row, optional_date_row,
    search_picker_sized, text_row,
};
use super::{AgreementPage, Outbox, ViewCtx};
use crate::commands::Command;
use crate::model::{
    Agreement, AgreementId, AgreementKind, AgreementStatus, CooperationArea, Milestone, Party,
    Project,
};

/// What the agreement form remembers while one agreement is selected.
#[derive(Default)]
pub struct AgreementForm {
    /// The "Other areas" field as typed (one area a line).
    other_areas: String,
    desk: DraftDesk,
}

pub use crate::model::entity::party_names;

impl ListItem for Agreement {
    type FormState = AgreementForm;
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
        form: &mut AgreementForm,
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
            AgreementPage::Details => details_ui(ui, ctx, agreement, &mut form.other_areas),
            AgreementPage::Draft => {
                draft_page_ui(ui, ctx, agreement, &mut form.desk, outbox);
                None
            }
        }
    }
}

fn details_ui(
    ui: &mut Ui,
    ctx: &ViewCtx,
    agreement: &mut Agreement,
    other_areas: &mut String,
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
            // Wrapped: on a narrow form the second picker goes under the first.
            ui.horizontal_wrapped(|ui| {
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
        if lines_row(ui, "Other areas (one a line)", &mut others, other_areas) {
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
            // Wrapped: on a narrow form the date, "overdue" and × go under
            // the title rather than off the panel's edge.
            ui.horizontal_wrapped(|ui| {
                c.discrete(
                    ui.checkbox(&mut milestone.done, "")
                        .on_hover_text("Done")
                        .changed(),
                );
                let title = ui.add(
                    TextEdit::singleline(&mut milestone.title)
                        .id_salt(("milestone", i))
                        .desired_width(FIELD_WIDTH - 90.0),
                );
                super::widgets::set_accessible_name(
                    &title,
                    egui::Role::TextInput,
                    &format!("Milestone {}", i + 1),
                );
                c.typed_if(title.changed(), "milestone");
                let mut due = milestone.due.unwrap_or(today);
                let had_due = milestone.due.is_some();
                let picked =
                    super::widgets::date_field(ui, &format!("Milestone {} due", i + 1), &mut due);
                if (had_due || picked) && milestone.due != Some(due) {
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
