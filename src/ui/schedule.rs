//! Schedule: the mission week as a timeline with two time rulers (host zone
//! and a second zone, by default the home zone), or as an agenda list.
//!
//! Blocks sit at the event's wall-clock time in the host zone, one column per
//! mission day. The second ruler gives the same instants in the second zone
//! for the selected day (click a day's header), so daylight-saving changes
//! show: in the 2023 week Los Angeles moved from UTC−08:00 to UTC−07:00 on
//! 12 March. Only what is visible is laid out; per-day block layout is cached
//! until the project or a filter changes.

use std::collections::HashSet;

use egui::{
    Align2, Color32, FontId, Key, Modifiers, Pos2, Rect, RichText, Sense, Stroke, Ui, vec2,
};
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Zoned};

use super::widgets::{search_picker_sized, set_accessible_name, utc_offset_label, zone_names};
use super::{Outbox, ViewCtx};
use crate::commands::Command;
use crate::edit::Edit;
use crate::model::entity::find;
use crate::model::{
    AnyEntity, EntityRef, EventId, EventKind, MissionEvent, Organisation, OrganisationId, Person,
    PersonId, Port, PortId, Project, ZonedTime,
};

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

/// One event's piece in one day column.
#[derive(Clone, Debug)]
struct Block {
    event: usize,
    /// Wall-clock minutes since midnight in the host zone.
    top: f32,
    bottom: f32,
    lane: u16,
    lanes: u16,
}

#[derive(Default)]
struct Layout {
    key: Option<(u64, Filters, String)>,
    days: Vec<Date>,
    blocks: Vec<Vec<Block>>,
    /// Per event index: does it have a problem? (A flat lookup: this runs
    /// for every visible block every frame.)
    with_problems: Vec<bool>,
    /// Events in agenda order (by start).
    agenda: Vec<usize>,
}

#[derive(Clone, Copy, Debug)]
enum DragMode {
    Move,
    Resize,
    Create { day: usize, start_minute: f32 },
}

#[derive(Clone, Copy, Debug)]
struct Drag {
    event: Option<usize>,
    mode: DragMode,
    /// Pointer movement so far: minutes (vertical), pixels and whole days
    /// (horizontal).
    minutes: f32,
    dx: f32,
    days: i32,
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

    fn refresh(&mut self, ctx: &ViewCtx) {
        let project = ctx.project;
        let key = (
            ctx.generation,
            self.filters.clone(),
            project.mission.host_zone.clone(),
        );
        if self.layout.key.as_ref() == Some(&key) {
            return;
        }
        let host = project.mission.host_tz();
        let mission = &project.mission;
        let mut days = Vec::new();
        let mut day = mission.first_day;
        while day <= mission.last_day && days.len() < 62 {
            days.push(day);
            day = day.tomorrow().unwrap_or(day);
            if days.last() == Some(&day) {
                break;
            }
        }
        if days.is_empty() {
            days.push(mission.first_day);
        }
        let mut blocks: Vec<Vec<Block>> = vec![Vec::new(); days.len()];
        let mut agenda = Vec::new();
        for (index, event) in project.events.iter().enumerate() {
            if !self.filters.keeps(project, event) {
                continue;
            }
            agenda.push(index);
            let start = event.start.zoned().with_time_zone(host.clone());
            let end = event.end.zoned().with_time_zone(host.clone());
            let end = if end.timestamp() < start.timestamp() {
                start.clone()
            } else {
                end
            };
            place_from(&mut blocks, &days, index, &start, &end);
        }
        for day_blocks in &mut blocks {
            assign_lanes(day_blocks);
        }
        agenda.sort_by_key(|&i| project.events[i].start.zoned().timestamp());
        self.layout = Layout {
            key: Some(key),
            days,
            blocks,
            with_problems: {
                let ids: HashSet<EventId> = ctx
                    .problems
                    .iter()
                    .filter_map(|p| match p.subject {
                        Some(EntityRef::Event(id)) => Some(id),
                        _ => None,
                    })
                    .collect();
                project.events.iter().map(|e| ids.contains(&e.id)).collect()
            },
            agenda,
        };
        self.reference_day = self.reference_day.min(self.layout.days.len() - 1);
    }
}

/// Puts an event's pieces into the day columns it touches.
fn place_from(blocks: &mut [Vec<Block>], days: &[Date], index: usize, start: &Zoned, end: &Zoned) {
    for (d, day) in days.iter().enumerate() {
        if *day < start.date() || *day > end.date() {
            continue;
        }
        let top = if *day == start.date() {
            minute_of_day(start.time())
        } else {
            0.0
        };
        let bottom = if *day == end.date() {
            minute_of_day(end.time())
        } else {
            24.0 * 60.0
        };
        if bottom <= top && !(start == end && *day == start.date()) {
            continue;
        }
        blocks[d].push(Block {
            event: index,
            top,
            bottom: bottom.max(top + 10.0),
            lane: 0,
            lanes: 1,
        });
    }
}

/// Side-by-side lanes for overlapping blocks; each cluster of overlaps shares
/// its lane count.
fn assign_lanes(blocks: &mut [Block]) {
    blocks.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.bottom.total_cmp(&b.bottom)));
    let mut cluster_start = 0;
    let mut lane_ends: Vec<f32> = Vec::new();
    let mut cluster_bottom = f32::NEG_INFINITY;
    for i in 0..blocks.len() {
        if blocks[i].top >= cluster_bottom && i > cluster_start {
            let lanes = lane_ends.len() as u16;
            for block in &mut blocks[cluster_start..i] {
                block.lanes = lanes;
            }
            cluster_start = i;
            lane_ends.clear();
        }
        let lane = lane_ends.iter().position(|&end| end <= blocks[i].top);
        let lane = match lane {
            Some(lane) => {
                lane_ends[lane] = blocks[i].bottom;
                lane
            }
            None => {
                lane_ends.push(blocks[i].bottom);
                lane_ends.len() - 1
            }
        };
        blocks[i].lane = lane as u16;
        cluster_bottom = if i == cluster_start {
            blocks[i].bottom
        } else {
            cluster_bottom.max(blocks[i].bottom)
        };
    }
    let lanes = lane_ends.len().max(1) as u16;
    for block in &mut blocks[cluster_start..] {
        block.lanes = lanes;
    }
}

pub fn schedule_ui(ui: &mut Ui, ctx: &ViewCtx, state: &mut ScheduleState, outbox: &mut Outbox) {
    state.refresh(ctx);
    toolbar_ui(ui, ctx, state, outbox);
    ui.separator();
    match state.mode {
        Mode::Week => week_ui(ui, ctx, state, outbox),
        Mode::Agenda => agenda_ui(ui, ctx, state, outbox),
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
        ui.menu_button("Travel times…", |ui| travel_times_ui(ui, project, outbox));
        ui.separator();
        ui.label("Also show");
        let current = state.second_zone_name(project).to_owned();
        let zones = zone_names().iter().map(|z| (z.clone(), z.clone()));
        if let Some(zone) = search_picker_sized(ui, "Second zone", &current, 170.0, zones) {
            state.second_zone = Some(zone);
        }
    });
}

fn week_ui(ui: &mut Ui, ctx: &ViewCtx, state: &mut ScheduleState, outbox: &mut Outbox) {
    let project = ctx.project;
    let host = project.mission.host_tz();
    let second = TimeZone::get(state.second_zone_name(project)).unwrap_or(TimeZone::UTC);
    let days = state.layout.days.clone();
    let day_width =
        ((ui.available_width() - 2.0 * RULER_WIDTH) / days.len() as f32).max(MIN_DAY_WIDTH);
    let hour = state.hour_height;
    let total = vec2(
        2.0 * RULER_WIDTH + day_width * days.len() as f32,
        HEADER_HEIGHT + 24.0 * hour,
    );
    let dark = ui.visuals().dark_mode;

    // Fixed header row: the two ruler captions and the day headers.
    let reference = days[state.reference_day];
    let offset_on = |zone: &TimeZone| {
        reference
            .at(12, 0, 0, 0)
            .to_zoned(zone.clone())
            .map(|z| utc_offset_label(z.offset()))
            .unwrap_or_default()
    };
    let host_caption = format!(
        "{}\n{}",
        short_zone(&project.mission.host_zone),
        offset_on(&host)
    );
    let second_name = state.second_zone_name(project).to_owned();
    let second_caption = format!("{}\n{}", short_zone(&second_name), offset_on(&second));

    let mut scroll = egui::ScrollArea::both()
        .id_salt("week")
        .auto_shrink([false, false]);
    if !state.scrolled {
        state.scrolled = true;
        // Scroll to now if the mission is under way, else to the first event.
        let now_in_host = ctx.now.to_zoned(host.clone());
        let target = if days.contains(&now_in_host.date()) {
            Some(minute_of_day(now_in_host.time()))
        } else {
            state
                .layout
                .blocks
                .iter()
                .flatten()
                .map(|b| b.top)
                .min_by(f32::total_cmp)
        };
        if let Some(minute) = target {
            scroll = scroll.scroll_offset(vec2(0.0, (minute / 60.0 - 1.0).max(0.0) * hour));
        }
    }
    let selected_before = state.selected;
    scroll.show_viewport(ui, |ui, viewport| {
        let (canvas, canvas_response) = ui.allocate_exact_size(total, Sense::click_and_drag());
        let origin = canvas.min;
        let painter = ui.painter_at(canvas);
        let visuals = ui.visuals().clone();
        let grid = Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color);
        let text_color = visuals.text_color();
        let weak = visuals.weak_text_color();
        let small = FontId::proportional(11.0);
        let body_top = origin.y + HEADER_HEIGHT;
        let day_x = |d: usize| origin.x + 2.0 * RULER_WIDTH + d as f32 * day_width;
        let y_of = |minute: f32| body_top + minute / 60.0 * hour;

        // Hour lines and the two rulers (only the visible hours).
        let first_hour = ((viewport.min.y - HEADER_HEIGHT) / hour).floor().max(0.0) as i32;
        let last_hour = ((viewport.max.y - HEADER_HEIGHT) / hour).ceil().min(24.0) as i32;
        for h in first_hour..=last_hour {
            let y = y_of(h as f32 * 60.0);
            painter.hline(origin.x..=canvas.max.x, y, grid);
            if h >= 24 {
                continue;
            }
            painter.text(
                Pos2::new(origin.x + RULER_WIDTH - 6.0, y + 2.0),
                Align2::RIGHT_TOP,
                format!("{h:02}:00"),
                small.clone(),
                text_color,
            );
            if let Ok(at) = reference.at(h as i8, 0, 0, 0).to_zoned(host.clone()) {
                let there = at.with_time_zone(second.clone());
                let label = if there.date() == reference {
                    there.strftime("%H:%M").to_string()
                } else {
                    there.strftime("%H:%M %a").to_string()
                };
                painter.text(
                    Pos2::new(origin.x + 2.0 * RULER_WIDTH - 6.0, y + 2.0),
                    Align2::RIGHT_TOP,
                    label,
                    small.clone(),
                    weak,
                );
                // The second zone's day boundary, where its clock passes midnight.
                if there.time() < Time::constant(1, 0, 0, 0)
                    && there.minute() == 0
                    && there.hour() == 0
                {
                    painter.hline(
                        origin.x + RULER_WIDTH..=origin.x + 2.0 * RULER_WIDTH,
                        y,
                        Stroke::new(2.0, visuals.warn_fg_color),
                    );
                }
            }
        }
        // Day columns, only those in view.
        for (d, _) in days.iter().enumerate() {
            let x = day_x(d);
            if x > viewport.max.x + origin.x || x + day_width < viewport.min.x + origin.x {
                continue;
            }
            painter.vline(x, body_top..=canvas.max.y, grid);
        }
        // Blocks.
        let events = &project.events;
        let mut pressed_block = None;
        let (mut block_delta, mut block_stopped) = (None, false);
        let (mut clicked_event, mut opened_event) = (None, None);
        for (d, day_blocks) in state.layout.blocks.iter().enumerate() {
            let x = day_x(d);
            if x > canvas.min.x + viewport.max.x || x + day_width < canvas.min.x + viewport.min.x {
                continue;
            }
            for block in day_blocks {
                let (top, bottom) = (y_of(block.top), y_of(block.bottom));
                if bottom < canvas.min.y + viewport.min.y || top > canvas.min.y + viewport.max.y {
                    continue;
                }
                let lane_width = (day_width - 6.0) / f32::from(block.lanes);
                let left = x + 3.0 + lane_width * f32::from(block.lane);
                let rect = Rect::from_min_max(
                    Pos2::new(left, top),
                    Pos2::new(left + lane_width - 1.0, bottom),
                );
                let event = &events[block.event];
                let is_selected = state.selected == Some(event.id);
                let has_problem = state.layout.with_problems.get(block.event) == Some(&true);
                if rect.width() < 12.0 || rect.height() < 8.0 {
                    // Thousands of slivers: one square shape each, problems in red.
                    let color = if has_problem {
                        visuals.error_fg_color
                    } else {
                        kind_color(event.kind, dark)
                    };
                    painter.rect_filled(rect, 0.0, color);
                } else {
                    painter.rect_filled(rect, 3.0, kind_color(event.kind, dark));
                    if has_problem {
                        painter.rect_stroke(
                            rect,
                            3.0,
                            Stroke::new(2.0, visuals.error_fg_color),
                            egui::StrokeKind::Inside,
                        );
                    }
                }
                if is_selected {
                    painter.rect_stroke(
                        rect,
                        3.0,
                        Stroke::new(2.0, visuals.selection.stroke.color),
                        egui::StrokeKind::Outside,
                    );
                }
                if rect.width() >= 36.0 && rect.height() >= 14.0 {
                    let response = ui.interact(
                        rect,
                        ui.scope_id().with(("block", event.id.0, d)),
                        Sense::click_and_drag(),
                    );
                    set_accessible_name(&response, egui::Role::Button, &event.title);
                    let clip = painter.with_clip_rect(rect.shrink(2.0));
                    let mut text = event.title.clone();
                    if rect.height() >= 30.0 {
                        let place = match event.port.and_then(|id| find::<Port>(project, id)) {
                            Some(port) if event.location.is_empty() => port.name.clone(),
                            _ => event.location.clone(),
                        };
                        text = format!("{}\n{}", event.title, place);
                    }
                    clip.text(
                        rect.min + vec2(4.0, 2.0),
                        Align2::LEFT_TOP,
                        text,
                        small.clone(),
                        Color32::WHITE,
                    );
                    if response.clicked() {
                        clicked_event = Some(event.id);
                    }
                    if response.double_clicked() {
                        opened_event = Some(event.id);
                    }
                    if response.drag_started() {
                        let near_bottom = ui
                            .input(|i| i.pointer.press_origin())
                            .is_some_and(|p| p.y > rect.max.y - 6.0);
                        pressed_block = Some((block.event, near_bottom));
                    }
                    if response.dragged() || response.drag_stopped() {
                        block_delta = total_drag(ui);
                    }
                    block_stopped |= response.drag_stopped();
                }
            }
        }
        if let Some(id) = clicked_event {
            state.selected = Some(id);
        }
        if let Some(id) = opened_event {
            outbox.command(Command::Select(EntityRef::Event(id)));
        }
        if let Some((event, near_bottom)) = pressed_block {
            state.selected = Some(events[event].id);
            state.drag = Some(Drag {
                event: Some(event),
                mode: if near_bottom {
                    DragMode::Resize
                } else {
                    DragMode::Move
                },
                minutes: 0.0,
                dx: 0.0,
                days: 0,
            });
        }
        if let Some(total) = block_delta {
            drag_update(state, total, hour, day_width);
        }
        if block_stopped {
            finish_drag(state, project, &days, &host, outbox);
        }
        // Dragging on empty space creates an event.
        if canvas_response.drag_started()
            && state.drag.is_none()
            && let Some(pos) = ui.input(|i| i.pointer.press_origin())
        {
            let d = ((pos.x - origin.x - 2.0 * RULER_WIDTH) / day_width).floor();
            if d >= 0.0 && (d as usize) < days.len() && pos.y > body_top {
                let minute = snap((pos.y - body_top) / hour * 60.0);
                state.drag = Some(Drag {
                    event: None,
                    mode: DragMode::Create {
                        day: d as usize,
                        start_minute: minute,
                    },
                    minutes: 0.0,
                    dx: 0.0,
                    days: 0,
                });
            }
        }
        if state.drag.is_some_and(|g| g.event.is_none()) {
            if (canvas_response.dragged() || canvas_response.drag_stopped())
                && let Some(total) = total_drag(ui)
            {
                drag_update(state, total, hour, day_width);
            }
            if canvas_response.drag_stopped() {
                finish_drag(state, project, &days, &host, outbox);
            }
        }
        if canvas_response.clicked() {
            state.selected = None;
        }
        // The ghost of a drag in progress.
        if let Some(drag) = state.drag
            && let Some((d, top, bottom)) = ghost(state, drag, project, &days, &host)
        {
            let x = day_x(d);
            let rect = Rect::from_min_max(
                Pos2::new(x + 3.0, y_of(top)),
                Pos2::new(x + day_width - 3.0, y_of(bottom)),
            );
            painter.rect_stroke(
                rect,
                3.0,
                Stroke::new(2.0, text_color),
                egui::StrokeKind::Inside,
            );
            painter.text(
                rect.min + vec2(4.0, 2.0),
                Align2::LEFT_TOP,
                format!("{} – {}", clock(top), clock(bottom)),
                small.clone(),
                text_color,
            );
        }
        // Sticky header: rulers' captions and day names over the scrolled content.
        let header = Rect::from_min_size(
            Pos2::new(canvas.min.x, canvas.min.y + viewport.min.y),
            vec2(canvas.width(), HEADER_HEIGHT),
        );
        let header_painter = ui.painter_at(header);
        header_painter.rect_filled(header, 0.0, visuals.panel_fill);
        let caption_x = canvas.min.x + viewport.min.x;
        header_painter.text(
            Pos2::new(caption_x + RULER_WIDTH - 6.0, header.min.y + 4.0),
            Align2::RIGHT_TOP,
            host_caption.clone(),
            small.clone(),
            text_color,
        );
        header_painter.text(
            Pos2::new(caption_x + 2.0 * RULER_WIDTH - 6.0, header.min.y + 4.0),
            Align2::RIGHT_TOP,
            second_caption.clone(),
            small.clone(),
            weak,
        );
        for (d, day) in days.iter().enumerate() {
            let x = day_x(d);
            let rect =
                Rect::from_min_size(Pos2::new(x, header.min.y), vec2(day_width, HEADER_HEIGHT));
            if rect.max.x < caption_x + 2.0 * RULER_WIDTH {
                continue;
            }
            let response = ui.interact(rect, ui.scope_id().with(("day", d)), Sense::click());
            let name = day.strftime("%a %d %b").to_string();
            set_accessible_name(&response, egui::Role::Button, &name);
            if response.clicked() {
                state.reference_day = d;
            }
            let color = if d == state.reference_day {
                visuals.selection.stroke.color
            } else {
                text_color
            };
            header_painter.text(
                rect.center(),
                Align2::CENTER_CENTER,
                name,
                FontId::proportional(13.0),
                color,
            );
        }
        // Ruler captions as labels for screen readers and tests.
        let host_label = ui.interact(
            Rect::from_min_size(
                Pos2::new(caption_x, header.min.y),
                vec2(RULER_WIDTH, HEADER_HEIGHT),
            ),
            ui.scope_id().with("host ruler"),
            Sense::hover(),
        );
        set_accessible_name(
            &host_label,
            egui::Role::Label,
            &format!("Host ruler {}", host_caption.replace('\n', " ")),
        );
        let second_label = ui.interact(
            Rect::from_min_size(
                Pos2::new(caption_x + RULER_WIDTH, header.min.y),
                vec2(RULER_WIDTH, HEADER_HEIGHT),
            ),
            ui.scope_id().with("second ruler"),
            Sense::hover(),
        );
        set_accessible_name(
            &second_label,
            egui::Role::Label,
            &format!("Second ruler {}", second_caption.replace('\n', " ")),
        );
    });
    if state.selected != selected_before {
        state.drag = state
            .drag
            .filter(|g| g.event.is_some() || state.selected.is_none());
    }
    keyboard(ui, ctx, state, outbox);
}

/// How far the pointer has moved since the button went down.
fn total_drag(ui: &Ui) -> Option<egui::Vec2> {
    ui.input(|i| {
        let origin = i.pointer.press_origin()?;
        let now = i.pointer.interact_pos()?;
        Some(now - origin)
    })
}

fn short_zone(zone: &str) -> &str {
    zone.rsplit('/').next().unwrap_or(zone)
}

fn snap(minutes: f32) -> f32 {
    (minutes / SNAP_MINUTES).round() * SNAP_MINUTES
}

fn clock(minute: f32) -> String {
    let minute = minute.clamp(0.0, 24.0 * 60.0) as i32;
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// Sets the drag's extent from the pointer's total movement since the press
/// (robust to frames where egui reports no delta).
fn drag_update(state: &mut ScheduleState, total: egui::Vec2, hour: f32, day_width: f32) {
    if let Some(drag) = &mut state.drag {
        drag.minutes = total.y / hour * 60.0;
        drag.dx = total.x;
        if matches!(drag.mode, DragMode::Move) {
            drag.days = (drag.dx / day_width).round() as i32;
        }
    }
}

/// New start/end of the dragged event, snapped to 5 minutes.
fn dragged_times(drag: Drag, event: &MissionEvent) -> Option<(Zoned, Zoned)> {
    let minutes = snap(drag.minutes) as i64 + i64::from(drag.days) * 24 * 60;
    let shift = SignedDuration::from_mins(minutes);
    let (start, end) = (event.start.zoned(), event.end.zoned());
    match drag.mode {
        DragMode::Move => Some((start.checked_add(shift).ok()?, end.checked_add(shift).ok()?)),
        DragMode::Resize => {
            let end = end.checked_add(shift).ok()?;
            let shortest = start.checked_add(SignedDuration::from_mins(5)).ok()?;
            Some((start.clone(), if end < shortest { shortest } else { end }))
        }
        DragMode::Create { .. } => None,
    }
}

/// Where the drag would put the block: day column and host-zone minutes.
fn ghost(
    state: &ScheduleState,
    drag: Drag,
    project: &Project,
    days: &[Date],
    host: &TimeZone,
) -> Option<(usize, f32, f32)> {
    match drag.mode {
        DragMode::Create { day, start_minute } => {
            let end = snap(start_minute + drag.minutes).max(start_minute + SNAP_MINUTES);
            Some((day, start_minute, end.min(24.0 * 60.0)))
        }
        _ => {
            let event = project.events.get(drag.event?)?;
            let (start, end) = dragged_times(drag, event)?;
            let (start, end) = (
                start.with_time_zone(host.clone()),
                end.with_time_zone(host.clone()),
            );
            let d = days.iter().position(|d| *d == start.date())?;
            let bottom = if end.date() == start.date() {
                minute_of_day(end.time())
            } else {
                24.0 * 60.0
            };
            let _ = state;
            Some((d, minute_of_day(start.time()), bottom))
        }
    }
}

/// Adds a new event (with the filtered person, if any) and selects it.
fn add_event(state: &mut ScheduleState, outbox: &mut Outbox, start: Zoned, end: Zoned) {
    let mut event = MissionEvent::new("New event", ZonedTime(start), ZonedTime(end));
    if let Some(person) = state.filters.person {
        event.participants.push(crate::model::Participant {
            person,
            remote: false,
        });
    }
    state.selected = Some(event.id);
    outbox.edit(Edit::Add {
        entity: AnyEntity::Event(event),
        index: None,
    });
}

fn finish_drag(
    state: &mut ScheduleState,
    project: &Project,
    days: &[Date],
    host: &TimeZone,
    outbox: &mut Outbox,
) {
    let Some(drag) = state.drag.take() else {
        return;
    };
    match drag.mode {
        DragMode::Create { day, start_minute } => {
            let end_minute = snap(start_minute + drag.minutes);
            if end_minute - start_minute < SNAP_MINUTES {
                return;
            }
            let at = |minute: f32| {
                let minute = minute.clamp(0.0, 24.0 * 60.0 - 1.0) as i64;
                days[day]
                    .at((minute / 60) as i8, (minute % 60) as i8, 0, 0)
                    .to_zoned(host.clone())
                    .ok()
            };
            if let (Some(start), Some(end)) = (at(start_minute), at(end_minute)) {
                add_event(state, outbox, start, end);
            }
        }
        _ => {
            let Some(event) = drag.event.and_then(|i| project.events.get(i)) else {
                return;
            };
            if let Some((start, end)) = dragged_times(drag, event)
                && (start != *event.start.zoned() || end != *event.end.zoned())
            {
                let mut moved = event.clone();
                moved.start = ZonedTime(start);
                moved.end = ZonedTime(end);
                outbox.edit(Edit::Update(AnyEntity::Event(moved)));
            }
        }
    }
}

/// Arrow keys move the selected block by 5 minutes (Shift: change its end;
/// Left/Right: a day); Enter opens it in the Events form.
fn keyboard(ui: &mut Ui, ctx: &ViewCtx, state: &mut ScheduleState, outbox: &mut Outbox) {
    if ui.ctx().text_edit_focused() {
        return;
    }
    let Some(id) = state.selected else {
        return;
    };
    let Some(event) = find::<MissionEvent>(ctx.project, id) else {
        return;
    };
    let step = |key: Key, modifiers: Modifiers| ui.input_mut(|i| i.consume_key(modifiers, key));
    let (mut minutes, mut resize) = (0i64, false);
    if step(Key::ArrowUp, Modifiers::SHIFT) {
        (minutes, resize) = (-5, true);
    } else if step(Key::ArrowDown, Modifiers::SHIFT) {
        (minutes, resize) = (5, true);
    } else if step(Key::ArrowUp, Modifiers::NONE) {
        minutes = -5;
    } else if step(Key::ArrowDown, Modifiers::NONE) {
        minutes = 5;
    } else if step(Key::ArrowLeft, Modifiers::NONE) {
        minutes = -24 * 60;
    } else if step(Key::ArrowRight, Modifiers::NONE) {
        minutes = 24 * 60;
    } else if step(Key::Enter, Modifiers::NONE) {
        outbox.command(Command::Select(EntityRef::Event(id)));
        return;
    }
    if minutes == 0 {
        return;
    }
    let shift = SignedDuration::from_mins(minutes);
    let mut moved = event.clone();
    if let Ok(end) = moved.end.zoned().checked_add(shift) {
        if resize {
            if end.timestamp() > moved.start.zoned().timestamp() {
                moved.end = ZonedTime(end);
            }
        } else if let Ok(start) = moved.start.zoned().checked_add(shift) {
            moved.start = ZonedTime(start);
            moved.end = ZonedTime(end);
        }
    }
    if moved != *event {
        outbox.typing(
            Edit::Update(AnyEntity::Event(moved)),
            format!("{}/keyboard", EntityRef::Event(id)),
        );
    }
}

const AGENDA_ROW: f32 = 22.0;

fn agenda_ui(ui: &mut Ui, ctx: &ViewCtx, state: &mut ScheduleState, outbox: &mut Outbox) {
    let project = ctx.project;
    let host = project.mission.host_tz();
    let second = TimeZone::get(state.second_zone_name(project)).unwrap_or(TimeZone::UTC);
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
                    ui.label(RichText::new(day.strftime("%A %d %B %Y").to_string()).strong());
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
                    ui.add(egui::Button::selectable(selected, text).frame_when_inactive(false));
                if response.clicked() {
                    state.selected = Some(event.id);
                }
                if response.double_clicked() {
                    outbox.command(Command::Select(EntityRef::Event(event.id)));
                }
            }
        });
}

/// The project's travel times: a default between different places and
/// figures for particular pairs of ports. Every change is one undoable edit.
fn travel_times_ui(ui: &mut Ui, project: &Project, outbox: &mut Outbox) {
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
