//! Ports view: table and form.

use egui::Ui;

use super::entity_list::{Change, Changes, ColumnSpec, FieldBuffers, ListItem, SortKey};
use super::widgets::{
    code_row, error_color, form_grid, inline_message, lines_row, notes_row, number_row,
    optional_ref_row, text_row, zone_row,
};
use super::{Outbox, ViewCtx};
use crate::model::{Organisation, Port, PortId, Project, check_locode, is_country_code};

impl ListItem for Port {
    type FormState = FieldBuffers;
    const COLUMNS: &'static [ColumnSpec] = &[
        ColumnSpec {
            title: "Name",
            width: 180.0,
        },
        ColumnSpec {
            title: "Local name",
            width: 90.0,
        },
        ColumnSpec {
            title: "UN/LOCODE",
            width: 90.0,
        },
        ColumnSpec {
            title: "Country",
            width: 60.0,
        },
        ColumnSpec {
            title: "City",
            width: 140.0,
        },
        ColumnSpec {
            title: "Time zone",
            width: 140.0,
        },
    ];
    const PLURAL: &'static str = "ports";

    fn cell(&self, _project: &Project, column: usize) -> String {
        match column {
            0 => self.name.clone(),
            1 => self.local_name.clone(),
            2 => self.locode.clone(),
            3 => self.country.clone(),
            4 => self.city.clone(),
            _ => self.time_zone.clone(),
        }
    }

    fn sort_key(&self, project: &Project, column: usize) -> SortKey {
        SortKey::Text(self.cell(project, column).to_lowercase())
    }

    fn blank(project: &Project) -> Self {
        // Most ports a mission adds are where it takes place.
        Port {
            time_zone: project.mission.host_zone.clone(),
            ..Port::new("New port")
        }
    }

    fn duplicate(&self) -> Self {
        Self {
            id: PortId::fresh(),
            name: format!("{} (copy)", self.name),
            ..self.clone()
        }
    }

    fn add_more_ui(ui: &mut Ui, outbox: &mut Outbox) {
        if ui
            .button("From catalogue…")
            .on_hover_text(crate::commands::Command::AddPortFromCatalogue.tooltip())
            .clicked()
        {
            outbox.command(crate::commands::Command::AddPortFromCatalogue);
        }
    }

    fn form_ui(
        ui: &mut Ui,
        ctx: &ViewCtx,
        port: &mut Self,
        buffers: &mut FieldBuffers,
        _outbox: &mut Outbox,
    ) -> Option<Change> {
        let mut c = Changes::default();
        form_grid(ui, "port form", |ui| {
            c.typed(text_row(ui, "Name", &mut port.name), "name");
            c.typed(
                text_row(ui, "Local name", &mut port.local_name),
                "local_name",
            );
            c.typed(code_row(ui, "UN/LOCODE", &mut port.locode), "locode");
            if let Err(err) = check_locode(&port.locode) {
                inline_message(ui, &err.to_string(), error_color(ui));
            }
            c.typed(code_row(ui, "Country", &mut port.country), "country");
            if !is_country_code(&port.country) {
                inline_message(
                    ui,
                    "Use the two-letter ISO 3166 code, e.g. JP, US, CN",
                    error_color(ui),
                );
            }
            c.typed(text_row(ui, "City", &mut port.city), "city");
            let latitude = buffers
                .entry("latitude")
                .or_insert_with(|| port.latitude.to_string());
            let changed = number_row(
                ui,
                "Latitude",
                &mut port.latitude,
                latitude,
                -90.0..=90.0,
                "degrees",
            );
            c.typed_if(changed, "latitude");
            let longitude = buffers
                .entry("longitude")
                .or_insert_with(|| port.longitude.to_string());
            let changed = number_row(
                ui,
                "Longitude",
                &mut port.longitude,
                longitude,
                -180.0..=180.0,
                "degrees",
            );
            c.typed_if(changed, "longitude");
            c.discrete(zone_row(ui, "Time zone", &mut port.time_zone, ctx.now));
            c.discrete(optional_ref_row::<Organisation>(
                ui,
                "Authority",
                ctx.project,
                &mut port.authority,
            ));
            let facts = buffers.entry("facts").or_default();
            c.typed_if(
                lines_row(ui, "Facts (one a line)", &mut port.facts, facts),
                "facts",
            );
            c.typed(notes_row(ui, "Notes", &mut port.notes), "notes");
        });
        c.finish()
    }
}
