//! Mission settings: the mission's title, dates, host and home zones,
//! description and default travel time. Every change is an undoable edit;
//! typing into one field is one undo step.

use egui::{RichText, Ui};
use jiff::civil::Date;

use super::widgets::{
    FIELD_WIDTH, date_row, form_grid, inline_message, multiline_row_width, text_row_width, zone_row,
};
use super::{Outbox, ViewCtx};
use crate::edit::Edit;
use crate::model::MissionInfo;

/// The longest mission the schedule lays out, in days.
pub const MAX_MISSION_DAYS: i32 = 62;

/// The form's working copy, refreshed when the project changes.
#[derive(Default)]
pub struct MissionState {
    working: Option<(u64, MissionInfo)>,
}

/// Why these dates cannot be the mission's, if they cannot.
pub fn dates_problem(first: Date, last: Date) -> Option<String> {
    let days = (last - first).get_days() + 1;
    if last < first {
        Some("The last day is before the first day".to_owned())
    } else if days > MAX_MISSION_DAYS {
        Some(format!(
            "A mission lasts at most {MAX_MISSION_DAYS} days; this is {days}"
        ))
    } else {
        None
    }
}

/// The fields of a mission: used by this view and by File → New.
/// Returns which field changed, if any (typing coalesces per field).
/// `focus_title` puts the keyboard focus in the title (a new dialog).
/// Dates that cannot be a mission's stay in `mission`, with a message beside
/// them, for the caller to refuse (see [`dates_problem`]).
pub fn mission_fields_ui(
    ui: &mut Ui,
    mission: &mut MissionInfo,
    now: jiff::Timestamp,
    focus_title: bool,
) -> MissionFields {
    let mut fields = MissionFields::default();
    // The title and description take the room there is (up to a line one
    // reads easily): at the fields' usual width the sample's title was cut.
    let wide = (ui.available_width() - 140.0).clamp(FIELD_WIDTH, 620.0);
    form_grid(ui, "mission form", |ui| {
        let title = text_row_width(ui, "Mission title", &mut mission.title, wide);
        if focus_title {
            title.request_focus();
        }
        if title.changed() {
            fields.changed = Some("title");
        }
        fields.title_entered = title.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let (mut first, mut last) = (mission.first_day, mission.last_day);
        if date_row(ui, "First day", &mut first) {
            // Moving the first day moves the whole week, as calendars do.
            let length = mission.last_day - mission.first_day;
            last = first.checked_add(length).unwrap_or(first);
            fields.changed = Some("first day");
        }
        if date_row(ui, "Last day", &mut last) {
            fields.changed = Some("last day");
        }
        (mission.first_day, mission.last_day) = (first, last);
        if let Some(problem) = dates_problem(first, last) {
            inline_message(ui, &problem, ui.visuals().error_fg_color);
        }
        if zone_row(ui, "Host time zone", &mut mission.host_zone, now) {
            fields.changed = Some("host zone");
        }
        if zone_row(ui, "Home time zone", &mut mission.home_zone, now) {
            fields.changed = Some("home zone");
        }
        if multiline_row_width(ui, "Description", &mut mission.description, 4, wide).changed() {
            fields.changed = Some("description");
        }
    });
    fields
}

/// What happened in the mission's fields this frame.
#[derive(Default)]
pub struct MissionFields {
    /// The field that changed, if any (typing coalesces per field).
    pub changed: Option<&'static str>,
    /// Enter was pressed in the title.
    pub title_entered: bool,
}

pub fn mission_ui(ui: &mut Ui, ctx: &ViewCtx, state: &mut MissionState, outbox: &mut Outbox) {
    let project = ctx.project;
    if state
        .working
        .as_ref()
        .is_none_or(|(generation, _)| *generation != ctx.generation)
    {
        state.working = Some((ctx.generation, project.mission.clone()));
    }
    let Some((_, working)) = &mut state.working else {
        return;
    };
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("Mission settings");
        ui.weak(
            "The host zone is where the mission takes place (the schedule's days); the home \
             zone is where the delegation comes from, and its date is \"today\" for overdue \
             milestones.",
        );
        ui.add_space(8.0);
        // Dates that cannot be refused stay on screen with their message
        // until they are fixed; only a valid mission is an edit.
        if let Some(field) = mission_fields_ui(ui, working, ctx.now, false).changed
            && *working != project.mission
            && dates_problem(working.first_day, working.last_day).is_none()
        {
            outbox.typing(
                Edit::SetMission(working.clone()),
                format!("mission/{field}"),
            );
        }
        ui.add_space(12.0);
        ui.label(RichText::new("Travel").strong());
        let mut schedule = project.schedule.clone();
        ui.horizontal(|ui| {
            let label = ui.label("Default travel time between places (minutes)");
            let response = ui
                .add(egui::DragValue::new(&mut schedule.default_travel_minutes).range(0..=24 * 60))
                .labelled_by(label.id);
            if response.changed() {
                outbox.typing(
                    Edit::SetSchedule(schedule.clone()),
                    "schedule/travel".to_owned(),
                );
            }
        });
        ui.weak("Times for particular pairs of ports are set in the Schedule, under Travel times…");
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mission_ends_on_or_after_its_first_day_and_lasts_at_most_62_days() {
        let first = jiff::civil::date(2023, 3, 11);
        assert_eq!(dates_problem(first, first), None);
        assert_eq!(dates_problem(first, jiff::civil::date(2023, 5, 11)), None);
        assert!(
            dates_problem(first, jiff::civil::date(2023, 3, 10))
                .is_some_and(|p| p.contains("before"))
        );
        assert!(
            dates_problem(first, jiff::civil::date(2023, 5, 12)).is_some_and(|p| p.contains("63"))
        );
    }
}
