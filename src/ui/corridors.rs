//! Green shipping corridors view: table and form.

use egui::Ui;

use super::entity_list::{Change, Changes, ColumnSpec, ListItem};
use super::widgets::{
    enum_row, form_grid, multiline_row, notes_row, optional_ref_row, ref_list_row, text_row,
};
use super::{Outbox, ViewCtx};
use crate::model::entity::find;
use crate::model::{Agreement, Corridor, CorridorId, CorridorStage, Port, PortId, Project};

impl ListItem for Corridor {
    type FormState = ();
    const COLUMNS: &'static [ColumnSpec] = &[
        ColumnSpec {
            title: "Name",
            width: 200.0,
        },
        ColumnSpec {
            title: "Route",
            width: 300.0,
        },
        ColumnSpec {
            title: "Stage",
            width: 110.0,
        },
        ColumnSpec {
            title: "Agreement",
            width: 260.0,
        },
    ];
    const PLURAL: &'static str = "corridors";

    fn cell(&self, project: &Project, column: usize) -> String {
        match column {
            0 => self.name.clone(),
            1 => self
                .ports
                .iter()
                .map(|id| find::<Port>(project, *id).map_or("?", |p| p.name.as_str()))
                .collect::<Vec<_>>()
                .join(" – "),
            2 => self.stage.label().to_owned(),
            _ => self
                .agreement
                .and_then(|id| find::<Agreement>(project, id))
                .map(|a| a.title.clone())
                .unwrap_or_default(),
        }
    }

    fn blank(_project: &Project) -> Self {
        Corridor::new("New corridor")
    }

    fn duplicate(&self) -> Self {
        Self {
            id: CorridorId::fresh(),
            name: format!("{} (copy)", self.name),
            ..self.clone()
        }
    }

    fn form_ui(
        ui: &mut Ui,
        ctx: &ViewCtx,
        corridor: &mut Self,
        _state: &mut (),
        _outbox: &mut Outbox,
    ) -> Option<Change> {
        let mut c = Changes::default();
        form_grid(ui, "corridor form", |ui| {
            c.typed(text_row(ui, "Name", &mut corridor.name), "name");
            c.discrete(ref_list_row::<Port, PortId>(
                ui,
                "Route ports",
                ctx.project,
                &mut corridor.ports,
                |id| *id,
                |id| id,
            ));
            c.discrete(enum_row(
                ui,
                "Stage",
                &mut corridor.stage,
                &CorridorStage::ALL,
                CorridorStage::label,
            ));
            c.discrete(optional_ref_row::<Agreement>(
                ui,
                "Agreement",
                ctx.project,
                &mut corridor.agreement,
            ));
            c.typed(multiline_row(ui, "Fuels", &mut corridor.fuels, 2), "fuels");
            c.typed(
                multiline_row(ui, "Targets", &mut corridor.targets, 2),
                "targets",
            );
            c.typed(notes_row(ui, "Notes", &mut corridor.notes), "notes");
        });
        c.finish()
    }
}
