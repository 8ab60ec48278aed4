//! Organisations view: table and form.

use egui::Ui;

use super::entity_list::{Change, Changes, ColumnSpec, ListItem};
use super::widgets::{
    code_row, enum_row, error_color, form_grid, inline_message, notes_row, text_row,
};
use super::{Outbox, ViewCtx};
use crate::model::{Organisation, OrganisationId, OrganisationKind, Project, is_country_code};

impl ListItem for Organisation {
    type FormState = ();
    const COLUMNS: &'static [ColumnSpec] = &[
        ColumnSpec {
            title: "Name",
            width: 280.0,
        },
        ColumnSpec {
            title: "Kind",
            width: 130.0,
        },
        ColumnSpec {
            title: "Country",
            width: 60.0,
        },
        ColumnSpec {
            title: "Website",
            width: 200.0,
        },
    ];
    const PLURAL: &'static str = "organisations";

    fn cell(&self, _project: &Project, column: usize) -> String {
        match column {
            0 => self.name.clone(),
            1 => self.kind.label().to_owned(),
            2 => self.country.clone(),
            _ => self.website.clone(),
        }
    }

    fn blank(_project: &Project) -> Self {
        Organisation::new("New organisation")
    }

    fn duplicate(&self) -> Self {
        Self {
            id: OrganisationId::fresh(),
            name: format!("{} (copy)", self.name),
            ..self.clone()
        }
    }

    fn form_ui(
        ui: &mut Ui,
        ctx: &ViewCtx,
        org: &mut Self,
        _state: &mut (),
        outbox: &mut Outbox,
    ) -> Option<Change> {
        let mut c = Changes::default();
        form_grid(ui, "organisation form", |ui| {
            c.typed(text_row(ui, "Name", &mut org.name), "name");
            c.discrete(enum_row(
                ui,
                "Kind",
                &mut org.kind,
                &OrganisationKind::ALL,
                OrganisationKind::label,
            ));
            c.typed(code_row(ui, "Country", &mut org.country), "country");
            if !org.country.is_empty() && !is_country_code(&org.country) {
                inline_message(
                    ui,
                    "Use the two-letter ISO 3166 code, e.g. JP, US",
                    error_color(ui),
                );
            }
            c.typed(text_row(ui, "Website", &mut org.website), "website");
            if !org.website.is_empty() {
                ui.label("");
                super::widgets::link_ui(ui, &org.website);
                ui.end_row();
            }
            c.typed(notes_row(ui, "Notes", &mut org.notes), "notes");
        });
        ui.add_space(6.0);
        let people = ctx
            .project
            .people
            .iter()
            .filter(|p| p.organisation == Some(org.id))
            .count();
        if ui
            .add_enabled(people > 0, egui::Button::new("Export contacts (.vcf)…"))
            .on_hover_text(format!(
                "This organisation's {people} people as contact cards for a phone"
            ))
            .on_disabled_hover_text("No one in the project works here yet")
            .clicked()
        {
            outbox.command(crate::commands::Command::ExportContactsOf(
                crate::model::EntityRef::Organisation(org.id),
            ));
        }
        c.finish()
    }
}
