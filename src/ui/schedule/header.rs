//! The week's sticky header: the two rulers' captions (zone and UTC offset
//! on the reference day) and the day names, which pick the reference day.

use egui::{Align2, FontId, Pos2, Rect, Sense, Ui, vec2};
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::week::{Palette, Rulers, WeekGeometry};
use super::{HEADER_HEIGHT, RULER_WIDTH, ScheduleState, short_zone};
use crate::model::Project;
use crate::ui::widgets::{set_accessible_name, utc_offset_label};

/// The captions of the host and second rulers: zone, then UTC offset.
pub(super) struct Captions {
    host: String,
    second: String,
}

pub(super) fn captions(project: &Project, state: &ScheduleState, rulers: &Rulers) -> Captions {
    let offset_on = |zone: &TimeZone| {
        rulers
            .reference
            .at(12, 0, 0, 0)
            .to_zoned(zone.clone())
            .map(|z| utc_offset_label(z.offset()))
            .unwrap_or_default()
    };
    Captions {
        host: format!(
            "{}\n{}",
            short_zone(&project.mission.host_zone),
            offset_on(&rulers.host)
        ),
        second: format!(
            "{}\n{}",
            short_zone(state.second_zone_name(project)),
            offset_on(&rulers.second)
        ),
    }
}

/// Paints the header over the scrolled content, the rulers' day
/// (`reference`) highlighted; clicking a day's name makes it the reference
/// day when the pointer is elsewhere.
pub(super) fn header_ui(
    ui: &Ui,
    geometry: &WeekGeometry,
    palette: &Palette,
    state: &mut ScheduleState,
    days: &[Date],
    captions: &Captions,
    reference: usize,
) {
    let canvas = geometry.canvas;
    let header = Rect::from_min_size(
        Pos2::new(canvas.min.x, canvas.min.y + geometry.viewport.min.y),
        vec2(canvas.width(), HEADER_HEIGHT),
    );
    let painter = ui.painter_at(header);
    painter.rect_filled(header, 0.0, palette.panel);
    let caption_x = canvas.min.x + geometry.viewport.min.x;
    painter.text(
        Pos2::new(caption_x + RULER_WIDTH - 6.0, header.min.y + 4.0),
        Align2::RIGHT_TOP,
        captions.host.clone(),
        palette.small.clone(),
        palette.text,
    );
    painter.text(
        Pos2::new(caption_x + 2.0 * RULER_WIDTH - 6.0, header.min.y + 4.0),
        Align2::RIGHT_TOP,
        captions.second.clone(),
        palette.small.clone(),
        palette.weak,
    );
    for (d, day) in days.iter().enumerate() {
        let rect = Rect::from_min_size(
            Pos2::new(geometry.day_x(d), header.min.y),
            vec2(geometry.day_width, HEADER_HEIGHT),
        );
        if rect.max.x < caption_x + 2.0 * RULER_WIDTH {
            continue;
        }
        let response = ui.interact(rect, ui.scope_id().with(("day", d)), Sense::click());
        let name = day.strftime("%a %d %b").to_string();
        set_accessible_name(&response, egui::Role::Button, &name);
        if response.clicked() {
            state.reference_day = d;
        }
        let color = if d == reference {
            palette.selection
        } else {
            palette.text
        };
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            name,
            FontId::proportional(13.0),
            color,
        );
    }
    // The captions as labels, for screen readers and tests.
    for (i, (what, caption)) in [("Host", &captions.host), ("Second", &captions.second)]
        .into_iter()
        .enumerate()
    {
        let rect = Rect::from_min_size(
            Pos2::new(caption_x + i as f32 * RULER_WIDTH, header.min.y),
            vec2(RULER_WIDTH, HEADER_HEIGHT),
        );
        let id = ui.scope_id().with((what, "ruler"));
        let label = ui.interact(rect, id, Sense::hover());
        let name = format!("{what} ruler {}", caption.replace('\n', " "));
        set_accessible_name(&label, egui::Role::Label, &name);
    }
}
