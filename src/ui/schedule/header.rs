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
    /// The rulers' zones and day, for the days whose offsets differ.
    rulers: Rulers,
    /// The host zone's short name.
    host_name: String,
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
        rulers: rulers.clone(),
        host_name: short_zone(&project.mission.host_zone),
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
        // A day whose clocks differ from the rulers' day (Los Angeles
        // before its change to daylight saving) says so under its name:
        // the rulers show one day's offsets.
        let notes = state.day_notes.get(&captions.rulers, days, d);
        // Under the name, short enough for a column: the zone is the
        // ruler's; the whole note is the day's description.
        let note = notes
            .iter()
            .map(|(name, when)| {
                if *name == captions.host_name {
                    format!("{name} {when}")
                } else {
                    when.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let lift = if note.is_empty() { 0.0 } else { 7.0 };
        painter.text(
            rect.center() - vec2(0.0, lift),
            Align2::CENTER_CENTER,
            name,
            FontId::proportional(13.0),
            color,
        );
        if !note.is_empty() {
            painter.text(
                rect.center() + vec2(0.0, 9.0),
                Align2::CENTER_CENTER,
                &note,
                palette.small.clone(),
                palette.warn,
            );
            ui.ctx().accesskit_node_builder(response.id, |node| {
                let said: Vec<String> = notes
                    .iter()
                    .map(|(name, when)| format!("{name} {when}"))
                    .collect();
                node.set_description(format!(
                    "{} (the rulers show the offsets of {})",
                    said.join(", "),
                    captions.rulers.reference.strftime("%a %d %b")
                ));
            });
        }
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

/// For each ruler's zone whose offset on `day` differs from the rulers' day
/// (hour by hour of the host's day): "Los Angeles UTC−07:00", or for part of
/// the day, "Los Angeles UTC−07:00 from 19:00" or "… UTC−08:00 until 19:00"
/// (the day its clocks change), as (zone's name, offset and hours).
fn offsets_note(rulers: &Rulers, day: Date) -> Vec<(String, String)> {
    let offset_at = |date: Date, hour: i8, zone: &TimeZone| {
        date.at(hour, 0, 0, 0)
            .to_zoned(rulers.host.clone())
            .map(|z| z.with_time_zone(zone.clone()).offset())
            .ok()
    };
    let mut notes = Vec::new();
    for zone in [&rulers.host, &rulers.second] {
        let differs: Vec<i8> = (0..24)
            .filter(|&h| offset_at(day, h, zone) != offset_at(rulers.reference, h, zone))
            .collect();
        let (Some(&first), Some(&last)) = (differs.first(), differs.last()) else {
            continue;
        };
        let Some(offset) = offset_at(day, first, zone) else {
            continue;
        };
        let offset = utc_offset_label(offset);
        let when = match (first, last) {
            (0, 23) => offset,
            (0, _) => format!("{offset} until {:02}:00", last + 1),
            _ => format!("{offset} from {first:02}:00"),
        };
        let name = short_zone(zone.iana_name().unwrap_or("UTC"));
        notes.push((name, when));
    }
    notes
}

/// The days' offsets notes, worked out when the rulers' day, their zones or
/// the days change, not every frame (2 zones × 24 hours × 2 days a day).
/// The rulers' day, host and second zones, and the days shown.
type NotesFor = (Date, Option<String>, Option<String>, Vec<Date>);

#[derive(Default)]
pub(super) struct DayNotes {
    made_for: Option<NotesFor>,
    notes: Vec<Vec<(String, String)>>,
}

impl DayNotes {
    fn get(&mut self, rulers: &Rulers, days: &[Date], day: usize) -> Vec<(String, String)> {
        let key = (
            rulers.reference,
            rulers.host.iana_name().map(str::to_owned),
            rulers.second.iana_name().map(str::to_owned),
            days.to_vec(),
        );
        if self.made_for.as_ref() != Some(&key) {
            self.notes = days.iter().map(|d| offsets_note(rulers, *d)).collect();
            self.made_for = Some(key);
        }
        self.notes.get(day).cloned().unwrap_or_default()
    }
}
