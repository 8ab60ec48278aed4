//! People view: table and form.

use egui::Ui;

use super::entity_list::{Change, Changes, ColumnSpec, ListItem};
use super::widgets::{enum_row, form_grid, notes_row, optional_ref_row, text_row};
use super::{Outbox, ViewCtx};
use crate::model::entity::find;
use crate::model::{MissionRole, Organisation, Person, PersonId, Project};

impl ListItem for Person {
    type FormState = ();
    const COLUMNS: &'static [ColumnSpec] = &[
        ColumnSpec {
            title: "Name",
            width: 170.0,
        },
        ColumnSpec {
            title: "Title",
            width: 200.0,
        },
        ColumnSpec {
            title: "Organisation",
            width: 240.0,
        },
        ColumnSpec {
            title: "Role",
            width: 80.0,
        },
        ColumnSpec {
            title: "E-mail",
            width: 180.0,
        },
    ];
    const PLURAL: &'static str = "people";

    fn cell(&self, project: &Project, column: usize) -> String {
        match column {
            0 => self.name.clone(),
            1 => self.title.clone(),
            2 => self
                .organisation
                .and_then(|id| find::<Organisation>(project, id))
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            3 => self.role.label().to_owned(),
            _ => self.email.clone(),
        }
    }

    fn blank(_project: &Project) -> Self {
        Person::new("New person")
    }

    fn duplicate(&self) -> Self {
        Self {
            id: PersonId::fresh(),
            name: format!("{} (copy)", self.name),
            ..self.clone()
        }
    }

    fn form_ui(
        ui: &mut Ui,
        ctx: &ViewCtx,
        person: &mut Self,
        _state: &mut (),
        _outbox: &mut Outbox,
    ) -> Option<Change> {
        let mut c = Changes::default();
        form_grid(ui, "person form", |ui| {
            c.typed(text_row(ui, "Name", &mut person.name), "name");
            c.typed(
                text_row(ui, "Name in local script", &mut person.local_name),
                "local_name",
            );
            c.typed(text_row(ui, "Title", &mut person.title), "title");
            c.discrete(optional_ref_row::<Organisation>(
                ui,
                "Organisation",
                ctx.project,
                &mut person.organisation,
            ));
            c.discrete(enum_row(
                ui,
                "Role",
                &mut person.role,
                &MissionRole::ALL,
                MissionRole::label,
            ));
            c.typed(text_row(ui, "E-mail", &mut person.email), "email");
            c.typed(text_row(ui, "Phone", &mut person.phone), "phone");
            c.typed(notes_row(ui, "Notes", &mut person.notes), "notes");
        });
        c.finish()
    }
}
