//! A busy sign that moves four times a second. egui's spinner asks for a
//! new frame at once, every frame: while a file is read or a merge runs on
//! the other cores, those frames (drawn in software on a 2-core laptop)
//! took a core from the work the sign waits for.

use egui::{Rect, Response, Sense, Shape, Stroke, Ui, vec2};

/// How often the sign moves.
pub const TICK_SECONDS: f64 = 0.25;

/// Positions in one turn: a turn takes two seconds.
const STEPS: f64 = 8.0;

/// A spinner that repaints only at its next tick (named as a progress
/// indicator for screen readers, like egui's).
pub fn spinner(ui: &mut Ui) -> Response {
    let size = ui.style().spacing.interact_size.y;
    let (rect, response) = ui.allocate_exact_size(vec2(size, size), Sense::hover());
    response.widget_info(|| egui::WidgetInfo::new(egui::Role::ProgressIndicator));
    if ui.is_rect_visible(rect) {
        let time = ui.input(|i| i.time);
        paint(ui, rect, step_at(time));
        let next = (time / TICK_SECONDS)
            .floor()
            .mul_add(TICK_SECONDS, TICK_SECONDS)
            - time;
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(next.max(0.01)));
    }
    response
}

/// Which of the positions the sign is at, at `time` seconds.
pub fn step_at(time: f64) -> u32 {
    ((time / TICK_SECONDS).floor() % STEPS) as u32
}

/// A quarter arc, turned by `step` eighths of a turn.
fn paint(ui: &Ui, rect: Rect, step: u32) {
    let radius = rect.height().min(rect.width()) * 0.5 - 2.0;
    let start = f64::from(step) / STEPS * std::f64::consts::TAU;
    let points: Vec<egui::Pos2> = (0..=12)
        .map(|i| {
            let angle = start + f64::from(i) / 12.0 * std::f64::consts::FRAC_PI_2 * 1.5;
            let (sin, cos) = angle.sin_cos();
            rect.center() + radius * vec2(cos as f32, sin as f32)
        })
        .collect();
    let color = ui.visuals().strong_text_color();
    ui.painter()
        .add(Shape::line(points, Stroke::new(3.0, color)));
}
