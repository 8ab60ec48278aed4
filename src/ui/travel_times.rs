//! Travel times between events: a default between different places, and
//! figures for particular pairs of ports.

use egui::{RichText, Ui};

use super::Outbox;
use super::widgets::{search_picker_sized, set_accessible_name};
use crate::edit::Edit;
use crate::model::entity::find;
use crate::model::{Port, PortId, Project};

/// The project's travel times: a default between different places and
/// figures for particular pairs of ports. Every change is one undoable edit.
/// Only the visible rows are drawn, and the table is copied only when it
/// changes: a project may hold hundreds of thousands of pairs.
pub fn travel_times_ui(ui: &mut Ui, project: &Project, outbox: &mut Outbox) {
    let mut settings = std::borrow::Cow::Borrowed(&project.schedule);
    ui.set_min_width(360.0);
    ui.label(RichText::new("Travel between events").strong());
    ui.horizontal(|ui| {
        let label = ui.label("Default (minutes)");
        let mut minutes = settings.default_travel_minutes;
        if ui
            .add(egui::DragValue::new(&mut minutes).range(0..=24 * 60))
            .labelled_by(label.id)
            .changed()
        {
            settings.to_mut().default_travel_minutes = minutes;
        }
    });
    ui.weak("Used between events at different places, unless a pair of ports has its own figure.");
    let port_name = |id: PortId| {
        find::<Port>(project, id).map_or_else(|| format!("missing {id}"), |p| p.name.clone())
    };
    // (row, new minutes), or (row, None) to remove it.
    let mut row_change: Option<(usize, Option<u32>)> = None;
    let pairs = &project.schedule.travel_times;
    let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("travel pairs")
        .max_height(row_height * 12.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, pairs.len(), |ui, rows| {
            for i in rows {
                let pair = pairs[i];
                ui.horizontal(|ui| {
                    ui.label(format!("{} – {}", port_name(pair.from), port_name(pair.to)));
                    let mut minutes = pair.minutes;
                    let field = ui.add(
                        egui::DragValue::new(&mut minutes)
                            .range(0..=24 * 60)
                            .suffix(" min"),
                    );
                    set_accessible_name(
                        &field,
                        egui::Role::SpinButton,
                        &format!("Minutes {}", i + 1),
                    );
                    if field.changed() {
                        row_change = Some((i, Some(minutes)));
                    }
                    if ui.small_button("Remove").clicked() {
                        row_change = Some((i, None));
                    }
                });
            }
        });
    match row_change {
        Some((i, Some(minutes))) => settings.to_mut().travel_times[i].minutes = minutes,
        Some((i, None)) => {
            settings.to_mut().travel_times.remove(i);
        }
        None => {}
    }
    ui.separator();
    ui.label("Add a pair of ports");
    let id = ui.make_persistent_id("new travel pair");
    let mut first: Option<PortId> = ui.data(|d| d.get_temp(id));
    let first_name = first.map_or_else(|| "From port…".to_owned(), port_name);
    ui.horizontal(|ui| {
        let ports = project.ports.iter().map(|p| (p.id, p.name.clone()));
        if let Some(port) = search_picker_sized(ui, "Travel from", &first_name, 150.0, ports) {
            first = Some(port);
        }
        if let Some(from) = first {
            let ports = project
                .ports
                .iter()
                .filter(|p| p.id != from)
                .map(|p| (p.id, p.name.clone()));
            if let Some(to) = search_picker_sized(ui, "Travel to", "To port…", 150.0, ports) {
                let minutes = settings.default_travel_minutes;
                settings
                    .to_mut()
                    .travel_times
                    .push(crate::model::TravelTime { from, to, minutes });
                first = None;
            }
        }
    });
    ui.data_mut(|d| d.insert_temp(id, first));
    if let std::borrow::Cow::Owned(settings) = settings {
        outbox.typing(Edit::SetSchedule(settings), "schedule/travel".to_owned());
    }
}
