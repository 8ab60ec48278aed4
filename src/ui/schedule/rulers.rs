//! The hour grid and the two rulers: host time on the left, and the same
//! instants in the second zone for the reference day, with an orange mark
//! where the second zone's day begins.

use egui::{Align2, Painter, Pos2, Stroke};

use super::RULER_WIDTH;
use super::week::{Palette, Rulers, WeekGeometry};

/// Hour lines and day columns: only what is in view.
pub(super) fn grid_ui(painter: &Painter, geometry: &WeekGeometry, palette: &Palette) {
    let left = geometry.canvas.min.x;
    for h in geometry.hours_in_view() {
        let y = geometry.y_of(f32::from(h) * 60.0);
        painter.hline(left..=geometry.canvas.max.x, y, palette.grid);
    }
    for d in 0..geometry.days {
        if geometry.day_in_view(d) {
            painter.vline(
                geometry.day_x(d),
                geometry.body_top()..=geometry.canvas.max.y,
                palette.grid,
            );
        }
    }
}

/// The two rulers' hour labels, painted over the blocks at the left edge of
/// the view: scrolled sideways on a narrow window, the days pass under them
/// and the hours stay readable.
pub(super) fn rulers_ui(
    painter: &Painter,
    geometry: &WeekGeometry,
    palette: &Palette,
    rulers: &Rulers,
) {
    let strip = geometry.ruler_strip();
    painter.rect_filled(strip, 0.0, palette.panel);
    let left = strip.min.x;
    for h in geometry.hours_in_view() {
        let y = geometry.y_of(f32::from(h) * 60.0);
        painter.hline(left..=strip.max.x, y, palette.grid);
        if h >= 24 {
            continue;
        }
        painter.text(
            Pos2::new(left + RULER_WIDTH - 6.0, y + 2.0),
            Align2::RIGHT_TOP,
            format!("{h:02}:00"),
            palette.small.clone(),
            palette.text,
        );
        let Ok(at) = rulers
            .reference
            .at(h, 0, 0, 0)
            .to_zoned(rulers.host.clone())
        else {
            continue;
        };
        let there = at.with_time_zone(rulers.second.clone());
        let label = if there.date() == rulers.reference {
            there.strftime("%H:%M").to_string()
        } else {
            there.strftime("%H:%M %a").to_string()
        };
        painter.text(
            Pos2::new(left + 2.0 * RULER_WIDTH - 6.0, y + 2.0),
            Align2::RIGHT_TOP,
            label,
            palette.small.clone(),
            palette.weak,
        );
        // The second zone's day boundary, where its clock passes midnight.
        if there.hour() == 0 && there.minute() == 0 {
            painter.hline(
                left + RULER_WIDTH..=left + 2.0 * RULER_WIDTH,
                y,
                Stroke::new(2.0, palette.warn),
            );
        }
    }
    painter.vline(strip.max.x, strip.y_range(), palette.grid);
}
