//! File → Export calendar: whose agenda (the schedule's person filter to
//! begin with) and whether each event brings a reminder, then where.

use super::PlannerApp;
use super::modals::{Answer, Modal};
use crate::commands::Command;
use crate::model::PersonId;

/// Reminders offered, in minutes before the event.
const MAX_REMINDER_MINUTES: u32 = 7 * 24 * 60;

pub(super) struct CalendarExport {
    people: Vec<(PersonId, String)>,
    person: Option<PersonId>,
    remind: bool,
    minutes: u32,
    focused: bool,
}

impl PlannerApp {
    pub(super) fn open_calendar_export(&mut self) {
        let people = super::briefing_export::people_choices(self.session.project());
        let person = self
            .views
            .schedule
            .filters
            .person
            .filter(|p| people.iter().any(|(id, _)| id == p));
        let remembered = self.settings.calendar_reminder_minutes;
        self.modals.push(Modal::CalendarExport(CalendarExport {
            people,
            person,
            remind: remembered.is_some(),
            minutes: remembered.unwrap_or(15),
            focused: false,
        }));
    }
}

impl CalendarExport {
    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let mut answer = Answer::Open;
        let list_was_open = egui::Popup::is_any_open(ctx);
        let response = egui::Modal::new(egui::Id::unique("export calendar")).show(ctx, |ui| {
            ui.set_width(460.0);
            crate::ui::accessibility::dialog_heading(ui, "Export calendar");
            ui.horizontal(|ui| {
                let label = ui.label("Events of");
                let shown = self
                    .person
                    .and_then(|p| self.people.iter().find(|(id, _)| *id == p))
                    .map_or("Everyone (all events)", |(_, name)| name.as_str());
                egui::ComboBox::from_id_salt("calendar person")
                    .selected_text(shown)
                    .width(240.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.person, None, "Everyone (all events)");
                        for (id, name) in &self.people {
                            ui.selectable_value(&mut self.person, Some(*id), name);
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            ui.horizontal(|ui| {
                ui.checkbox(&mut self.remind, "Remind");
                let minutes = ui.add_enabled(
                    self.remind,
                    egui::DragValue::new(&mut self.minutes)
                        .range(0..=MAX_REMINDER_MINUTES)
                        .suffix(" min"),
                );
                // Its own text ("15 min") was all a screen reader said of it.
                crate::ui::widgets::set_accessible_name(
                    &minutes,
                    egui::Role::SpinButton,
                    "Minutes before each event",
                );
                ui.label("before each event");
            });
            ui.weak(
                "Participants with an e-mail address are named as attendees; the calendar opens \
                 in Outlook, Google Calendar, Apple Calendar and phones.",
            );
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let export = ui.button("Export…");
                if !self.focused {
                    export.request_focus();
                    self.focused = true;
                }
                if export.clicked() || super::modals::enter_for_default(ctx, list_was_open) {
                    answer = Answer::Run(Command::ExportCalendarAs {
                        person: self.person,
                        remind: self.remind.then_some(self.minutes),
                    });
                }
                if ui.button("Cancel").clicked() {
                    answer = Answer::Closed;
                }
            });
        });
        if super::modals::dismissed(ctx, &response, list_was_open) && matches!(answer, Answer::Open)
        {
            answer = Answer::Closed;
        }
        answer
    }
}
