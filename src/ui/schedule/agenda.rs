//! The agenda: the same events as the week, as a list by day.

use egui::{RichText, Ui};
use jiff::civil::Date;

use super::{ScheduleState, short_zone};
use crate::commands::Command;
use crate::model::EntityRef;
use crate::ui::{Outbox, ViewCtx};

const AGENDA_ROW: f32 = 22.0;

pub(super) fn agenda_ui(
    ui: &mut Ui,
    ctx: &ViewCtx,
    state: &mut ScheduleState,
    outbox: &mut Outbox,
) {
    let project = ctx.project;
    let host = project.mission.host_tz();
    let second = state.second_tz(project);
    // Rows: a header for each new day, then its events.
    let mut rows: Vec<(Option<Date>, Option<usize>)> =
        Vec::with_capacity(state.layout.agenda.len() + 16);
    let mut last_day = None;
    for &index in &state.layout.agenda {
        let day = project.events[index]
            .start
            .zoned()
            .with_time_zone(host.clone())
            .date();
        if last_day != Some(day) {
            rows.push((Some(day), None));
            last_day = Some(day);
        }
        rows.push((None, Some(index)));
    }
    if rows.is_empty() {
        ui.weak("No events match the filters.");
        return;
    }
    ui.style_mut().interaction.selectable_labels = false;
    egui::ScrollArea::vertical()
        .id_salt("agenda")
        .auto_shrink([false, false])
        .show_rows(ui, AGENDA_ROW, rows.len(), |ui, range| {
            for (day, event) in &rows[range] {
                if let Some(day) = day {
                    let title = day.strftime("%A %d %B %Y").to_string();
                    let heading = ui.label(RichText::new(&title).strong());
                    // A heading, so a screen reader can go from day to day.
                    crate::ui::widgets::set_accessible_name(&heading, egui::Role::Heading, &title);
                    continue;
                }
                let Some(&index) = event.as_ref() else {
                    continue;
                };
                let event = &project.events[index];
                let start = event.start.zoned().with_time_zone(host.clone());
                let end = event.end.zoned().with_time_zone(host.clone());
                let there = event.start.zoned().with_time_zone(second.clone());
                let text = format!(
                    "{}–{}  ({} {})   {}",
                    start.strftime("%H:%M"),
                    end.strftime("%H:%M"),
                    there.strftime("%a %H:%M"),
                    short_zone(state.second_zone_name(project)),
                    event.title
                );
                let selected = state.selected == Some(event.id);
                let response =
                    ui.add(egui::Button::selectable(selected, &text).frame_when_inactive(false));
                // Tabbed to, a row says its day too (the heading is not read).
                crate::ui::widgets::set_accessible_name(
                    &response,
                    egui::Role::Button,
                    &format!("{}, {text}", start.strftime("%A %d %B")),
                );
                if response.clicked() {
                    state.selected = Some(event.id);
                }
                if response.double_clicked() {
                    outbox.command(Command::Select(EntityRef::Event(event.id)));
                }
            }
        });
}
