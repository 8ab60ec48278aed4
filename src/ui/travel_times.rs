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
pub fn travel_times_ui(ui: &mut Ui, project: &Project, outbox: &mut Outbox) {
    let mut settings = project.schedule.clone();
    let mut changed = false;
    ui.set_min_width(360.0);
    ui.label(RichText::new("Travel between events").strong());
    ui.horizontal(|ui| {
        let label = ui.label("Default (minutes)");
        changed |= ui
            .add(egui::DragValue::new(&mut settings.default_travel_minutes).range(0..=24 * 60))
            .labelled_by(label.id)
            .changed();
    });
    ui.weak("Used between events at different places, unless a pair of ports has its own figure.");
    let port_name = |id: PortId| {
        find::<Port>(project, id).map_or_else(|| format!("missing {id}"), |p| p.name.clone())
    };
    let mut remove = None;
    for (i, pair) in settings.travel_times.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("{} – {}", port_name(pair.from), port_name(pair.to)));
            let minutes = ui.add(
                egui::DragValue::new(&mut pair.minutes)
                    .range(0..=24 * 60)
                    .suffix(" min"),
            );
            set_accessible_name(
                &minutes,
                egui::Role::SpinButton,
                &format!("Minutes {}", i + 1),
            );
            changed |= minutes.changed();
            if ui.small_button("Remove").clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        settings.travel_times.remove(i);
        changed = true;
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
                settings.travel_times.push(crate::model::TravelTime {
                    from,
                    to,
                    minutes: settings.default_travel_minutes,
                });
                changed = true;
                first = None;
            }
        }
    });
    ui.data_mut(|d| d.insert_temp(id, first));
    if changed {
        outbox.typing(Edit::SetSchedule(settings), "schedule/travel".to_owned());
    }
}
