//! Moving events with the mouse and the keyboard: dragging a block moves it
//! (or, near its bottom edge, changes its end), dragging on empty space
//! creates one, and the arrow keys move the selected block. Each is one
//! undo step.

use egui::{Key, Modifiers, Ui};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Zoned};

use super::{SNAP_MINUTES, ScheduleState, minute_of_day};
use crate::commands::Command;
use crate::edit::Edit;
use crate::model::entity::find;
use crate::model::{AnyEntity, EntityRef, MissionEvent, Project, ZonedTime};
use crate::ui::{Outbox, ViewCtx};

#[derive(Clone, Copy, Debug)]
pub(super) enum DragMode {
    Move,
    Resize,
    Create { day: usize, start_minute: f32 },
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Drag {
    pub event: Option<usize>,
    pub mode: DragMode,
    /// Pointer movement so far: minutes (vertical), pixels and whole days
    /// (horizontal).
    pub minutes: f32,
    pub dx: f32,
    pub days: i32,
}

/// How far the pointer has moved since the button went down.
pub(super) fn total_drag(ui: &Ui) -> Option<egui::Vec2> {
    ui.input(|i| {
        let origin = i.pointer.press_origin()?;
        let now = i.pointer.interact_pos()?;
        Some(now - origin)
    })
}

pub(super) fn snap(minutes: f32) -> f32 {
    (minutes / SNAP_MINUTES).round() * SNAP_MINUTES
}

pub(super) fn clock(minute: f32) -> String {
    let minute = minute.clamp(0.0, 24.0 * 60.0) as i32;
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// Sets the drag's extent from the pointer's total movement since the press
/// (robust to frames where egui reports no delta).
pub(super) fn drag_update(state: &mut ScheduleState, total: egui::Vec2, hour: f32, day_width: f32) {
    if let Some(drag) = &mut state.drag {
        drag.minutes = total.y / hour * 60.0;
        drag.dx = total.x;
        if matches!(drag.mode, DragMode::Move) {
            drag.days = (drag.dx / day_width).round() as i32;
        }
    }
}

/// New start/end of the dragged event, snapped to 5 minutes.
pub(super) fn dragged_times(drag: Drag, event: &MissionEvent) -> Option<(Zoned, Zoned)> {
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
pub(super) fn ghost(
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
            Some((d, minute_of_day(start.time()), bottom))
        }
    }
}

/// Adds a new event (with the filtered person, if any) and selects it.
pub(super) fn add_event(state: &mut ScheduleState, outbox: &mut Outbox, start: Zoned, end: Zoned) {
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

pub(super) fn finish_drag(
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
pub(super) fn keyboard(ui: &mut Ui, ctx: &ViewCtx, state: &mut ScheduleState, outbox: &mut Outbox) {
    if !ctx.keys || ui.ctx().text_edit_focused() {
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
