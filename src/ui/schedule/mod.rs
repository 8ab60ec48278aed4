//! Schedule: the mission week as a timeline with two time rulers (host zone
//! and a second zone, by default the home zone), or as an agenda list.
//!
//! Blocks sit at the event's wall-clock time in the host zone, one column per
//! mission day. The second ruler gives the same instants in the second zone
//! for the selected day (click a day's header), so daylight-saving changes
//! show: in the 2023 week Los Angeles moved from UTC−08:00 to UTC−07:00 on
//! 12 March. Only what is visible is laid out; per-day block layout is cached
//! until the project or a filter changes.

mod agenda;
mod blocks;
mod drag;
mod header;
mod layout;
mod rulers;
mod week;

use egui::{Color32, Ui};
use jiff::SignedDuration;
use jiff::civil::Time;
use jiff::tz::TimeZone;

use self::drag::{Drag, add_event};
use self::layout::Layout;
use super::widgets::{search_picker_sized, search_picker_with, set_accessible_name, zone_names};
use super::{Outbox, ViewCtx};
use crate::model::entity::find;
use crate::model::{
    EventId, EventKind, MissionEvent, Organisation, OrganisationId, Person, PersonId, Port, PortId,
    Project,
};
use crate::zones::search::zone_search_text;

/// Timeline or list.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Mode {
    #[default]
    Week,
    Agenda,
}

/// Which events to show.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Filters {
    pub person: Option<PersonId>,
    pub organisation: Option<OrganisationId>,
    pub port: Option<PortId>,
    pub kind: Option<EventKind>,
}

impl Filters {
    fn keeps(&self, project: &Project, event: &MissionEvent) -> bool {
        self.person.is_none_or(|p| event.has_participant(p))
            && self.port.is_none_or(|p| event.port == Some(p))
            && self.kind.is_none_or(|k| event.kind == k)
            && self.organisation.is_none_or(|org| {
                event.participants.iter().any(|p| {
                    find::<Person>(project, p.person)
                        .is_some_and(|person| person.organisation == Some(org))
                })
            })
    }
}

/// What the schedule remembers between frames.
pub struct ScheduleState {
    pub mode: Mode,
    pub filters: Filters,
    /// The zone of the second ruler; `None` follows the project's home zone.
    pub second_zone: Option<String>,
    /// Pixels per hour (zoom).
    pub hour_height: f32,
    /// The day whose offsets the second ruler shows.
    pub reference_day: usize,
    pub selected: Option<EventId>,
    drag: Option<Drag>,
    layout: Layout,
    scrolled: bool,
    /// Each day's offsets note, for the rulers' day and zones it was made for.
    day_notes: header::DayNotes,
}

impl Default for ScheduleState {
    fn default() -> Self {
        Self {
            mode: Mode::Week,
            filters: Filters::default(),
            second_zone: None,
            hour_height: 44.0,
            reference_day: 0,
            selected: None,
            drag: None,
            layout: Layout::default(),
            scrolled: false,
            day_notes: header::DayNotes::default(),
        }
    }
}

const RULER_WIDTH: f32 = 64.0;
const HEADER_HEIGHT: f32 = 40.0;
const MIN_DAY_WIDTH: f32 = 120.0;
const SNAP_MINUTES: f32 = 5.0;

fn kind_color(kind: EventKind, dark: bool) -> Color32 {
    let (r, g, b): (u16, u16, u16) = match kind {
        EventKind::Meeting => (66, 133, 196),
        EventKind::SigningCeremony => (196, 120, 40),
        EventKind::SiteVisit => (60, 150, 90),
        EventKind::Reception => (160, 80, 160),
        EventKind::Panel => (40, 150, 160),
        EventKind::Travel => (120, 120, 120),
        EventKind::Other => (150, 130, 60),
    };
    let scale = |c: u16| -> u8 {
        let c = if dark { c * 4 / 5 } else { c / 2 + 120 };
        u8::try_from(c).unwrap_or(u8::MAX)
    };
    Color32::from_rgb(scale(r), scale(g), scale(b))
}

/// The last part of an IANA name as a place: "Tokyo" for "Asia/Tokyo",
/// "Los Angeles" for "America/Los_Angeles".
fn short_zone(zone: &str) -> String {
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}

fn minute_of_day(time: Time) -> f32 {
    f32::from(time.hour()) * 60.0 + f32::from(time.minute()) + f32::from(time.second()) / 60.0
}

impl ScheduleState {
    /// The zone of the second ruler.
    pub fn second_zone_name<'a>(&'a self, project: &'a Project) -> &'a str {
        self.second_zone
            .as_deref()
            .unwrap_or(&project.mission.home_zone)
    }

    /// The second ruler's zone, or UTC when its name is not a known zone.
    fn second_tz(&self, project: &Project) -> TimeZone {
        TimeZone::get(self.second_zone_name(project)).unwrap_or(TimeZone::UTC)
    }
}

pub fn schedule_ui(ui: &mut Ui, ctx: &ViewCtx, state: &mut ScheduleState, outbox: &mut Outbox) {
    state.refresh(ctx);
    let host = &ctx.project.mission.host_zone;
    if TimeZone::get(host).is_err() {
        // The days and hours would be UTC's without a word otherwise.
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!(
                "The mission's host zone \"{host}\" is not a time zone this app knows, so the \
                 schedule shows UTC. Choose the zone under Mission settings."
            ),
        );
    }
    toolbar_ui(ui, ctx, state, outbox);
    ui.separator();
    match state.mode {
        Mode::Week => week::week_ui(ui, ctx, state, outbox),
        Mode::Agenda => agenda::agenda_ui(ui, ctx, state, outbox),
    }
}

fn toolbar_ui(ui: &mut Ui, ctx: &ViewCtx, state: &mut ScheduleState, outbox: &mut Outbox) {
    let project = ctx.project;
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(&mut state.mode, Mode::Week, "Week");
        ui.selectable_value(&mut state.mode, Mode::Agenda, "Agenda");
        let zoom = ui
            .add(egui::Slider::new(&mut state.hour_height, 16.0..=120.0).show_value(false))
            .on_hover_text("Zoom the hours");
        set_accessible_name(&zoom, egui::Role::Slider, "Zoom");
        if ui
            .button("Add event")
            .on_hover_text("Add an event on the selected day at 09:00 (host time)")
            .clicked()
        {
            let day = state
                .layout
                .days
                .get(state.reference_day)
                .copied()
                .unwrap_or(project.mission.first_day);
            let host = project.mission.host_tz();
            if let Ok(start) = day.at(9, 0, 0, 0).to_zoned(host) {
                let end = start
                    .checked_add(SignedDuration::from_hours(1))
                    .unwrap_or_else(|_| start.clone());
                add_event(state, outbox, start, end);
            }
        }
        ui.separator();
        let person = state
            .filters
            .person
            .and_then(|id| find::<Person>(project, id))
            .map_or("Everyone", |p| p.name.as_str());
        let people = std::iter::once((None, "Everyone".to_owned()))
            .chain(project.people.iter().map(|p| (Some(p.id), p.name.clone())));
        if let Some(choice) = search_picker_sized(ui, "Person", person, 150.0, people) {
            state.filters.person = choice;
        }
        let org = state
            .filters
            .organisation
            .and_then(|id| find::<Organisation>(project, id))
            .map_or("All organisations", |o| o.name.as_str());
        let orgs = std::iter::once((None, "All organisations".to_owned())).chain(
            project
                .organisations
                .iter()
                .map(|o| (Some(o.id), o.name.clone())),
        );
        if let Some(choice) = search_picker_sized(ui, "Organisation", org, 150.0, orgs) {
            state.filters.organisation = choice;
        }
        let port = state
            .filters
            .port
            .and_then(|id| find::<Port>(project, id))
            .map_or("All ports", |p| p.name.as_str());
        let ports = std::iter::once((None, "All ports".to_owned()))
            .chain(project.ports.iter().map(|p| (Some(p.id), p.name.clone())));
        if let Some(choice) = search_picker_sized(ui, "Port filter", port, 130.0, ports) {
            state.filters.port = choice;
        }
        let kind = state.filters.kind.map_or("All kinds", EventKind::label);
        let kinds = std::iter::once((None, "All kinds".to_owned())).chain(
            EventKind::ALL
                .iter()
                .map(|k| (Some(*k), k.label().to_owned())),
        );
        if let Some(choice) = search_picker_sized(ui, "Kind filter", kind, 120.0, kinds) {
            state.filters.kind = choice;
        }
        ui.menu_button("Travel times…", |ui| {
            super::travel_times::travel_times_ui(ui, project, outbox)
        });
    });
    // A row of its own, so the label never parts from its picker.
    ui.horizontal(|ui| {
        ui.label("Also show the time in");
        let current = state.second_zone_name(project).to_owned();
        let zones = zone_names()
            .iter()
            .map(|z| (z.clone(), z.clone(), zone_search_text(z)));
        if let Some(zone) = search_picker_with(ui, "Second zone", &current, 170.0, zones) {
            state.second_zone = Some(zone);
        }
        ui.weak("(the second ruler; the host zone's is the first)");
    });
}

#[cfg(test)]
mod tests {
    use super::blocks::block_text_color;
    use super::kind_color;
    use crate::model::EventKind;

    /// WCAG contrast ratio of two sRGB colours.
    fn contrast(a: egui::Color32, b: egui::Color32) -> f32 {
        let luminance = |c: egui::Color32| {
            let channel = |v: u8| {
                let v = f32::from(v) / 255.0;
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
        };
        let (l1, l2) = (luminance(a), luminance(b));
        (l1.max(l2) + 0.05) / (l1.min(l2) + 0.05)
    }

    #[test]
    fn block_text_is_readable_on_every_kind_in_both_themes() {
        for dark in [false, true] {
            for kind in EventKind::ALL {
                let ratio = contrast(kind_color(kind, dark), block_text_color(dark));
                assert!(ratio >= 4.5, "{kind:?} dark={dark}: {ratio:.1}:1");
            }
        }
    }
}
