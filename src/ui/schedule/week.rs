//! The week timeline: a canvas with the two rulers on the left, a column per
//! mission day, the blocks, and a sticky header. Only what is in view is
//! painted. This file places things ([`WeekGeometry`]) and runs the frame;
//! the rulers, blocks, header and drags have their own modules.

use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, Ui, vec2};
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::drag::{Drag, DragMode, drag_update, finish_drag, ghost, keyboard, snap, total_drag};
use super::{HEADER_HEIGHT, MIN_DAY_WIDTH, RULER_WIDTH, ScheduleState, minute_of_day};
use crate::ui::{Outbox, ViewCtx};

/// Where things are on the week's canvas this frame.
pub(super) struct WeekGeometry {
    pub canvas: Rect,
    /// The part of the canvas in view, relative to the canvas.
    pub viewport: Rect,
    pub day_width: f32,
    /// Pixels per hour.
    pub hour: f32,
    pub days: usize,
}

impl WeekGeometry {
    pub fn body_top(&self) -> f32 {
        self.canvas.min.y + HEADER_HEIGHT
    }

    /// Left edge of day column `d`.
    pub fn day_x(&self, d: usize) -> f32 {
        self.canvas.min.x + 2.0 * RULER_WIDTH + d as f32 * self.day_width
    }

    /// Height on screen of `minute` after midnight (host time).
    pub fn y_of(&self, minute: f32) -> f32 {
        self.body_top() + minute / 60.0 * self.hour
    }

    /// Whether any of day column `d` is in view.
    pub fn day_in_view(&self, d: usize) -> bool {
        let x = self.day_x(d);
        x <= self.canvas.min.x + self.viewport.max.x
            && x + self.day_width >= self.canvas.min.x + self.viewport.min.x
    }

    /// Where the rulers are on screen: the left edge of the view, below
    /// the header, whatever the sideways scroll.
    pub fn ruler_strip(&self) -> egui::Rect {
        let left = self.canvas.min.x + self.viewport.min.x;
        let top = self.body_top().max(self.canvas.min.y + self.viewport.min.y);
        egui::Rect::from_min_max(
            egui::pos2(left, top),
            egui::pos2(
                left + 2.0 * RULER_WIDTH,
                self.canvas
                    .max
                    .y
                    .min(self.canvas.min.y + self.viewport.max.y),
            ),
        )
    }

    /// Whether anything between these heights on screen is in view.
    pub fn rows_in_view(&self, top: f32, bottom: f32) -> bool {
        bottom >= self.canvas.min.y + self.viewport.min.y
            && top <= self.canvas.min.y + self.viewport.max.y
    }

    /// The whole hours in view, from the first to the last (at most 24).
    pub fn hours_in_view(&self) -> std::ops::RangeInclusive<i8> {
        let first = ((self.viewport.min.y - HEADER_HEIGHT) / self.hour).floor();
        let last = ((self.viewport.max.y - HEADER_HEIGHT) / self.hour).ceil();
        (first.clamp(0.0, 24.0) as i8)..=(last.clamp(0.0, 24.0) as i8)
    }

    /// The day column and snapped minute under a point, if it is in the body.
    pub fn slot_at(&self, pos: Pos2) -> Option<(usize, f32)> {
        let d = ((pos.x - self.canvas.min.x - 2.0 * RULER_WIDTH) / self.day_width).floor();
        let inside = d >= 0.0
            && (d as usize) < self.days
            && pos.y > self.body_top()
            && pos.x >= self.ruler_strip().max.x;
        inside.then(|| {
            let minute = snap((pos.y - self.body_top()) / self.hour * 60.0);
            (d as usize, minute)
        })
    }
}

/// Colours and fonts for one frame of the week.
pub(super) struct Palette {
    pub grid: Stroke,
    pub text: Color32,
    pub weak: Color32,
    pub small: FontId,
    pub dark: bool,
    pub warn: Color32,
    pub error: Color32,
    pub selection: Color32,
    pub panel: Color32,
}

impl Palette {
    fn of(ui: &Ui) -> Self {
        let visuals = ui.visuals();
        Self {
            grid: Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color),
            text: visuals.text_color(),
            weak: visuals.weak_text_color(),
            small: FontId::proportional(11.0),
            dark: visuals.dark_mode,
            warn: visuals.warn_fg_color,
            error: visuals.error_fg_color,
            selection: visuals.selection.stroke.color,
            panel: visuals.panel_fill,
        }
    }
}

/// What the week's blocks are painted with.
#[derive(Clone, Copy)]
pub(super) struct WeekPaint<'a> {
    pub painter: &'a egui::Painter,
    pub geometry: &'a WeekGeometry,
    pub palette: &'a Palette,
    pub rulers: &'a Rulers,
}

/// The zones of the two rulers and the day whose offsets they show.
#[derive(Clone)]
pub(super) struct Rulers {
    pub host: TimeZone,
    pub second: TimeZone,
    pub reference: Date,
}

pub(super) fn week_ui(ui: &mut Ui, ctx: &ViewCtx, state: &mut ScheduleState, outbox: &mut Outbox) {
    let project = ctx.project;
    let days = state.layout.days.clone();
    let mut rulers = Rulers {
        host: project.mission.host_tz(),
        second: state.second_tz(project),
        reference: days[state.reference_day],
    };
    let day_width =
        ((ui.available_width() - 2.0 * RULER_WIDTH) / days.len() as f32).max(MIN_DAY_WIDTH);
    let hour = state.hour_height;
    let size = vec2(
        2.0 * RULER_WIDTH + day_width * days.len() as f32,
        HEADER_HEIGHT + 24.0 * hour,
    );
    let mut scroll = egui::ScrollArea::both()
        .id_salt("week")
        .auto_shrink([false, false]);
    if !state.scrolled {
        state.scrolled = true;
        if let Some(minute) = first_minute_to_show(ctx, state, &rulers.host) {
            scroll = scroll.scroll_offset(vec2(0.0, (minute / 60.0 - 1.0).max(0.0) * hour));
        }
    }
    let selected_before = state.selected;
    scroll.show_viewport(ui, |ui, viewport| {
        let (canvas, canvas_response) = ui.allocate_exact_size(size, Sense::click_and_drag());
        // The empty grid the blocks lie on (a screen reader called it
        // "unknown"); each block is a button of its own.
        crate::ui::widgets::set_accessible_name(
            &canvas_response,
            egui::Role::Canvas,
            "Week timeline: drag on an empty slot to create an event",
        );
        let geometry = WeekGeometry {
            canvas,
            viewport,
            day_width,
            hour,
            days: days.len(),
        };
        // The rulers show the day under the pointer (else the selected one):
        // on the day daylight saving changes, the second zone's hours are
        // that day's, so a block lines up with the right hour.
        let hovered = ui
            .input(|i| i.pointer.hover_pos())
            .and_then(|pos| geometry.slot_at(pos))
            .map(|(day, _)| day);
        let reference = hovered.unwrap_or(state.reference_day);
        rulers.reference = days[reference];
        let captions = super::header::captions(project, state, &rulers);
        let palette = Palette::of(ui);
        let painter = ui.painter_at(canvas);
        super::rulers::grid_ui(&painter, &geometry, &palette);
        let week = WeekPaint {
            painter: &painter,
            geometry: &geometry,
            palette: &palette,
            rulers: &rulers,
        };
        // Blocks scrolled under the rulers are not clicked through them.
        let clip = ui.clip_rect();
        ui.set_clip_rect(clip.intersect(Rect::everything_right_of(geometry.ruler_strip().max.x)));
        super::blocks::blocks_ui(ui, &week, ctx, state, outbox);
        ui.set_clip_rect(clip);
        create_by_dragging(
            ui,
            &canvas_response,
            &geometry,
            ctx,
            state,
            &days,
            &rulers,
            outbox,
        );
        if canvas_response.clicked() {
            state.selected = None;
        }
        ghost_ui(
            &painter,
            &geometry,
            &palette,
            ctx,
            state,
            &days,
            &rulers.host,
        );
        super::rulers::rulers_ui(&painter, &geometry, &palette, &rulers);
        super::header::header_ui(ui, &geometry, &palette, state, &days, &captions, reference);
    });
    if state.selected != selected_before {
        state.drag = state
            .drag
            .filter(|g| g.event.is_some() || state.selected.is_none());
    }
    keyboard(ui, ctx, state, outbox);
}

/// Where the week opens: at the current time if the mission is under way,
/// else at the first event.
fn first_minute_to_show(ctx: &ViewCtx, state: &ScheduleState, host: &TimeZone) -> Option<f32> {
    let now_in_host = ctx.now.to_zoned(host.clone());
    if state.layout.days.contains(&now_in_host.date()) {
        return Some(minute_of_day(now_in_host.time()));
    }
    state
        .layout
        .blocks
        .iter()
        .flatten()
        .map(|b| b.top)
        .min_by(f32::total_cmp)
}

/// Dragging on empty space creates an event from the slot pressed to the
/// slot released.
#[allow(clippy::too_many_arguments)]
fn create_by_dragging(
    ui: &Ui,
    canvas: &egui::Response,
    geometry: &WeekGeometry,
    ctx: &ViewCtx,
    state: &mut ScheduleState,
    days: &[Date],
    rulers: &Rulers,
    outbox: &mut Outbox,
) {
    if canvas.drag_started()
        && state.drag.is_none()
        && let Some(pos) = ui.input(|i| i.pointer.press_origin())
        && let Some((day, start_minute)) = geometry.slot_at(pos)
    {
        state.drag = Some(Drag {
            event: None,
            mode: DragMode::Create { day, start_minute },
            minutes: 0.0,
            dx: 0.0,
            days: 0,
        });
    }
    if state.drag.is_some_and(|g| g.event.is_none()) {
        if (canvas.dragged() || canvas.drag_stopped())
            && let Some(total) = total_drag(ui)
        {
            drag_update(state, total, geometry.hour, geometry.day_width);
        }
        if canvas.drag_stopped() {
            finish_drag(state, ctx.project, days, &rulers.host, outbox);
        }
    }
}

/// The outline of a drag in progress, with its times.
fn ghost_ui(
    painter: &egui::Painter,
    geometry: &WeekGeometry,
    palette: &Palette,
    ctx: &ViewCtx,
    state: &ScheduleState,
    days: &[Date],
    host: &TimeZone,
) {
    let Some(drag) = state.drag else {
        return;
    };
    let Some((d, top, bottom)) = ghost(drag, ctx.project, days, host) else {
        return;
    };
    let x = geometry.day_x(d);
    let rect = Rect::from_min_max(
        Pos2::new(x + 3.0, geometry.y_of(top)),
        Pos2::new(x + geometry.day_width - 3.0, geometry.y_of(bottom)),
    );
    painter.rect_stroke(
        rect,
        3.0,
        Stroke::new(2.0, palette.text),
        egui::StrokeKind::Inside,
    );
    painter.text(
        rect.min + vec2(4.0, 2.0),
        Align2::LEFT_TOP,
        format!(
            "{} – {}",
            super::drag::clock(top),
            super::drag::clock(bottom)
        ),
        palette.small.clone(),
        palette.text,
    );
}
