//! The events' blocks on the week canvas: coloured by kind, outlined in red
//! when they have a problem; click selects, double-click opens the event,
//! dragging moves it (or, near the bottom edge, changes its end).

use egui::{Align2, Color32, Painter, Pos2, Rect, Sense, Stroke, Ui, vec2};

use super::ScheduleState;
use super::drag::{Drag, DragMode, drag_update, finish_drag, total_drag};
use super::kind_color;
use super::week::{Palette, Rulers, WeekGeometry, WeekPaint};
use crate::commands::Command;
use crate::model::entity::find;
use crate::model::{EntityRef, EventId, Port};
use crate::ui::{Outbox, ViewCtx};

/// Blocks narrower or lower than this are slivers: one square each, no
/// text, no interaction (thousands of them can be in view).
const SLIVER_WIDTH: f32 = 12.0;
const SLIVER_HEIGHT: f32 = 8.0;
/// Blocks at least this big get a title and take clicks and drags.
const INTERACTIVE_WIDTH: f32 = 36.0;
const INTERACTIVE_HEIGHT: f32 = 14.0;

/// What the pointer did to the blocks this frame.
#[derive(Default)]
struct BlockInput {
    clicked: Option<EventId>,
    opened: Option<EventId>,
    /// A drag began on this event (index), near its bottom edge or not.
    pressed: Option<(usize, bool)>,
    moved_by: Option<egui::Vec2>,
    released: bool,
}

/// Paints the blocks in view and handles the pointer on them.
pub(super) fn blocks_ui(
    ui: &Ui,
    week: &WeekPaint<'_>,
    ctx: &ViewCtx,
    state: &mut ScheduleState,
    outbox: &mut Outbox,
) {
    let WeekPaint {
        painter,
        geometry,
        palette,
        rulers,
    } = *week;
    let mut input = BlockInput::default();
    // Slivers go into one mesh: thousands of separate shapes would each be
    // tessellated (and anti-aliased) on their own.
    let mut slivers = egui::Mesh::default();
    // Every piece of the selected event (one per day it touches).
    let mut selected = Vec::new();
    let mut focused = None;
    for (d, day_blocks) in state.layout.blocks.iter().enumerate() {
        if !geometry.day_in_view(d) {
            continue;
        }
        let x = geometry.day_x(d);
        for block in day_blocks {
            let (top, bottom) = (geometry.y_of(block.top), geometry.y_of(block.bottom));
            if !geometry.rows_in_view(top, bottom) {
                continue;
            }
            let lane_width = (geometry.day_width - 6.0) / f32::from(block.lanes);
            let left = x + 3.0 + lane_width * f32::from(block.lane);
            // At least a pixel wide, however many lanes share the day.
            let rect = Rect::from_min_max(
                Pos2::new(left, top),
                Pos2::new(left + (lane_width - 1.0).max(1.0), bottom),
            );
            let has_problem = state.layout.with_problems.get(block.event) == Some(&true);
            let event = &ctx.project.events[block.event];
            if rect.width() < SLIVER_WIDTH || rect.height() < SLIVER_HEIGHT {
                let color = if has_problem {
                    palette.error
                } else {
                    kind_color(event.kind, palette.dark)
                };
                slivers.add_colored_rect(rect, color);
            } else {
                paint_block(painter, palette, rect, event.kind, has_problem);
            }
            if state.selected == Some(event.id) {
                selected.push(rect);
            }
            if rect.width() >= INTERACTIVE_WIDTH && rect.height() >= INTERACTIVE_HEIGHT {
                block_title(painter, palette, rect, ctx, block.event);
                let id = ui.scope_id().with(("block", event.id.0, d));
                let response = ui
                    .interact(rect, id, Sense::click_and_drag())
                    .on_hover_text(&event.title);
                // Built only when a screen reader asks (AccessKit is on).
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, announcement(event, rulers))
                });
                read_pointer(ui, &response, rect, block.event, event.id, &mut input);
                if response.has_focus() {
                    // The arrows move the selected block, not the keyboard
                    // to the next widget (a screen reader named one event
                    // while another moved); the focus is drawn.
                    ui.memory_mut(|m| {
                        m.set_focus_lock_filter(
                            id,
                            egui::EventFilter {
                                horizontal_arrows: true,
                                vertical_arrows: true,
                                ..Default::default()
                            },
                        );
                    });
                    focused = Some(rect);
                }
            }
        }
    }
    if !slivers.is_empty() {
        painter.add(egui::Shape::mesh(slivers));
    }
    // Last, so that no block or sliver covers it.
    for rect in selected {
        painter.rect_stroke(
            rect,
            3.0,
            Stroke::new(2.0, palette.selection),
            egui::StrokeKind::Outside,
        );
    }
    if let Some(rect) = focused {
        painter.rect_stroke(
            rect.expand(3.0),
            4.0,
            ui.visuals().widgets.active.fg_stroke,
            egui::StrokeKind::Outside,
        );
    }
    apply_input(input, geometry, ctx, state, outbox);
}

fn paint_block(
    painter: &Painter,
    palette: &Palette,
    rect: Rect,
    kind: crate::model::EventKind,
    has_problem: bool,
) {
    painter.rect_filled(rect, 3.0, kind_color(kind, palette.dark));
    if has_problem {
        painter.rect_stroke(
            rect,
            3.0,
            Stroke::new(2.0, palette.error),
            egui::StrokeKind::Inside,
        );
    }
}

/// Text on a block: white on the dark theme's deep colours, near-black on
/// the light theme's pastels (white there was about 2:1 contrast).
pub(super) fn block_text_color(dark: bool) -> Color32 {
    if dark {
        Color32::WHITE
    } else {
        Color32::from_gray(20)
    }
}

/// The event's title, and its place when the block is tall enough.
fn block_title(painter: &Painter, palette: &Palette, rect: Rect, ctx: &ViewCtx, index: usize) {
    let event = &ctx.project.events[index];
    let text = if rect.height() >= 30.0 {
        let place = match event.port.and_then(|id| find::<Port>(ctx.project, id)) {
            Some(port) if event.location.is_empty() => port.name.as_str(),
            _ => event.location.as_str(),
        };
        format!("{}\n{}", event.title, place)
    } else {
        event.title.clone()
    };
    painter.with_clip_rect(rect.shrink(2.0)).text(
        rect.min + vec2(4.0, 2.0),
        Align2::LEFT_TOP,
        text,
        palette.small.clone(),
        block_text_color(palette.dark),
    );
}

fn read_pointer(
    ui: &Ui,
    response: &egui::Response,
    rect: Rect,
    index: usize,
    id: EventId,
    input: &mut BlockInput,
) {
    if response.clicked() {
        input.clicked = Some(id);
    }
    if response.double_clicked() {
        input.opened = Some(id);
    }
    if response.drag_started() {
        let near_bottom = ui
            .input(|i| i.pointer.press_origin())
            .is_some_and(|p| p.y > rect.max.y - 6.0);
        input.pressed = Some((index, near_bottom));
    }
    if response.dragged() || response.drag_stopped() {
        input.moved_by = total_drag(ui);
    }
    input.released |= response.drag_stopped();
}

fn apply_input(
    input: BlockInput,
    geometry: &WeekGeometry,
    ctx: &ViewCtx,
    state: &mut ScheduleState,
    outbox: &mut Outbox,
) {
    if let Some(id) = input.clicked {
        state.selected = Some(id);
    }
    if let Some(id) = input.opened {
        outbox.command(Command::Select(EntityRef::Event(id)));
    }
    if let Some((event, near_bottom)) = input.pressed {
        state.selected = Some(ctx.project.events[event].id);
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
    if let Some(total) = input.moved_by {
        drag_update(state, total, geometry.hour, geometry.day_width);
    }
    if input.released {
        let days = state.layout.days.clone();
        let host = ctx.project.mission.host_tz();
        finish_drag(state, ctx.project, &days, &host, outbox);
    }
}

/// What a screen reader says for a block: its title, day, and times in
/// both rulers' zones ("Signing: Los Angeles – Tokyo MOU, Mon 13 Mar,
/// 14:00–15:00 JST, Sun 12 Mar 22:00–23:00 PDT").
pub(super) fn announcement(event: &crate::model::MissionEvent, rulers: &Rulers) -> String {
    let in_zone = |zone: &jiff::tz::TimeZone| {
        let start = event.start.zoned().with_time_zone(zone.clone());
        let end = event.end.zoned().with_time_zone(zone.clone());
        format!(
            "{}, {}–{} {}",
            start.strftime("%a %-d %b"),
            start.strftime("%H:%M"),
            end.strftime("%H:%M"),
            start.strftime("%Z"),
        )
    };
    format!(
        "{}, {}, {}",
        event.title,
        in_zone(&rulers.host),
        in_zone(&rulers.second)
    )
}
