//! Events view: table and form, with times shown in their own zone and in the
//! mission's host and home zones.

use egui::{RichText, TextEdit, Ui};
use jiff::civil::Time;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

use super::entity_list::{Change, Changes, ColumnSpec, FieldBuffers, ListItem, SortKey};
use super::widgets::{
    enum_row, error_color, form_grid, inline_message, notes_row, optional_ref_row, ref_list_row,
    text_row, zone_names,
};
use super::{Outbox, ViewCtx};
use crate::model::entity::find;
use crate::model::{
    Agreement, AgreementId, EventId, EventKind, MissionEvent, Participant, Person, Port, Project,
    ZonedTime,
};

/// `Mon 13 Mar 14:00 JST`.
pub fn short_time(time: &Zoned) -> String {
    time.strftime("%a %d %b %H:%M %Z").to_string()
}

impl ListItem for MissionEvent {
    type FormState = FieldBuffers;
    const COLUMNS: &'static [ColumnSpec] = &[
        ColumnSpec {
            title: "Start",
            width: 150.0,
        },
        ColumnSpec {
            title: "Title",
            width: 300.0,
        },
        ColumnSpec {
            title: "Kind",
            width: 110.0,
        },
        ColumnSpec {
            title: "Place",
            width: 200.0,
        },
        ColumnSpec {
            title: "People",
            width: 60.0,
        },
    ];
    const PLURAL: &'static str = "events";

    fn cell(&self, project: &Project, column: usize) -> String {
        match column {
            0 => short_time(self.start.zoned()),
            1 => self.title.clone(),
            2 => self.kind.label().to_owned(),
            3 => match self.port.and_then(|id| find::<Port>(project, id)) {
                Some(port) if self.location.is_empty() => port.name.clone(),
                Some(port) => format!("{} ({})", self.location, port.name),
                None => self.location.clone(),
            },
            _ => self.participants.len().to_string(),
        }
    }

    fn sort_key(&self, project: &Project, column: usize) -> SortKey {
        match column {
            0 => SortKey::Number(self.start.zoned().timestamp().as_second() as f64),
            4 => SortKey::Number(self.participants.len() as f64),
            _ => SortKey::Text(self.cell(project, column).to_lowercase()),
        }
    }

    fn blank(project: &Project) -> Self {
        let zone = project.mission.host_tz();
        let start = project
            .mission
            .first_day
            .at(9, 0, 0, 0)
            .to_zoned(zone)
            .unwrap_or_else(|_| Zoned::new(Timestamp::UNIX_EPOCH, TimeZone::UTC));
        let end = start
            .checked_add(jiff::SignedDuration::from_hours(1))
            .unwrap_or_else(|_| start.clone());
        MissionEvent::new("New event", ZonedTime(start), ZonedTime(end))
    }

    fn duplicate(&self) -> Self {
        Self {
            id: EventId::fresh(),
            title: format!("{} (copy)", self.title),
            ..self.clone()
        }
    }

    fn form_ui(
        ui: &mut Ui,
        ctx: &ViewCtx,
        event: &mut Self,
        buffers: &mut FieldBuffers,
        outbox: &mut Outbox,
    ) -> Option<Change> {
        let project = ctx.project;
        let mut c = Changes::default();
        form_grid(ui, "event form", |ui| {
            c.typed(text_row(ui, "Title", &mut event.title), "title");
            c.discrete(enum_row(
                ui,
                "Kind",
                &mut event.kind,
                &EventKind::ALL,
                EventKind::label,
            ));
            let start_buffer = time_buffer(buffers, "start", "start shown", &event.start);
            let before = (event.start.zoned().clone(), event.end.zoned().clone());
            let mission = &ctx.project.mission;
            let near = [mission.host_zone.as_str(), mission.home_zone.as_str()];
            if zoned_row(ui, "Starts", &mut event.start, start_buffer, near) {
                buffers.insert("start shown", event.start.zoned().to_string());
                keep_duration(event, &before);
                c.typed_if(true, "start");
            }
            let end_buffer = time_buffer(buffers, "end", "end shown", &event.end);
            if zoned_row(ui, "Ends", &mut event.end, end_buffer, near) {
                buffers.insert("end shown", event.end.zoned().to_string());
                c.typed_if(true, "end");
            }
            let (start, end) = (event.start.zoned(), event.end.zoned());
            if end.timestamp() < start.timestamp() {
                inline_message(ui, "The event ends before it starts", error_color(ui));
            } else {
                let minutes = end.timestamp().duration_since(start.timestamp()).as_secs() / 60;
                ui.label("");
                ui.weak(format!("{} h {:02} min", minutes / 60, minutes % 60));
                ui.end_row();
            }
            for (label, zone) in [
                ("Host time", &project.mission.host_zone),
                ("Home time", &project.mission.home_zone),
            ] {
                if let Ok(tz) = TimeZone::get(zone) {
                    ui.label(label);
                    // Wrapped: a form cell lays out sideways, where a
                    // label would otherwise widen the form past its panel.
                    ui.add(
                        egui::Label::new(format!(
                            "{} – {}  ({zone})",
                            short_time(&start.with_time_zone(tz.clone())),
                            short_time(&end.with_time_zone(tz)),
                        ))
                        .wrap(),
                    );
                    ui.end_row();
                }
            }
            if let Some(original) = &event.recurrence_id {
                // Said, so a delegate knows a re-import updates this one.
                ui.label("Calendar");
                ui.add(
                    egui::Label::new(
                        RichText::new(format!(
                            "One occurrence of a repeating calendar event, originally {}",
                            short_time(original.zoned())
                        ))
                        .weak(),
                    )
                    .wrap(),
                );
                ui.end_row();
            }
            c.typed(text_row(ui, "Location", &mut event.location), "location");
            c.discrete(optional_ref_row::<Port>(
                ui,
                "Port",
                project,
                &mut event.port,
            ));
            c.discrete(ref_list_row::<Person, Participant>(
                ui,
                "Participants",
                project,
                &mut event.participants,
                |p| p.person,
                |person| Participant {
                    person,
                    remote: false,
                },
            ));
            if !event.participants.is_empty() {
                ui.label("Joins remotely");
                ui.horizontal_wrapped(|ui| {
                    for participant in &mut event.participants {
                        let name = find::<Person>(project, participant.person)
                            .map_or("?", |p| p.name.as_str());
                        c.discrete(ui.checkbox(&mut participant.remote, name).changed());
                    }
                });
                ui.end_row();
            }
            c.discrete(ref_list_row::<Agreement, AgreementId>(
                ui,
                "Agreements",
                project,
                &mut event.agreements,
                |a| *a,
                |a| a,
            ));
            c.typed(notes_row(ui, "Notes", &mut event.notes), "notes");
        });
        if !event.participants.is_empty() {
            ui.add_space(6.0);
            if ui
                .button("Export contacts (.vcf)…")
                .on_hover_text("The participants as contact cards for a phone")
                .clicked()
            {
                outbox.command(crate::commands::Command::ExportContactsOf(
                    crate::model::EntityRef::Event(event.id),
                ));
            }
        }
        c.finish()
    }
}

/// A time of day as typed: `9:05` or `09:05`, minutes always two digits, so
/// that `16:4` on its way to `16:45` is not taken for 16:04; or on a
/// 12-hour clock, `7pm`, `7:30 pm`, `12am` (midnight).
fn parse_clock(text: &str) -> Option<Time> {
    let text = text.trim().to_ascii_lowercase();
    let (clock, afternoon) = match (text.strip_suffix("pm"), text.strip_suffix("am")) {
        (Some(clock), _) => (clock.trim_end(), Some(true)),
        (_, Some(clock)) => (clock.trim_end(), Some(false)),
        _ => (text.as_str(), None),
    };
    let (hours, minutes) = match clock.split_once(':') {
        Some((hours, minutes)) => (hours, minutes),
        // "7pm": the hour alone says enough on a 12-hour clock.
        None if afternoon.is_some() => (clock, "00"),
        None => return None,
    };
    let digits = |part: &str, most: usize| {
        (1..=most).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(hours, 2) || !digits(minutes, 2) || minutes.len() != 2 {
        return None;
    }
    let (hour, minute): (i8, i8) = (hours.parse().ok()?, minutes.parse().ok()?);
    let hour = match afternoon {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(afternoon) => hour % 12 + if afternoon { 12 } else { 0 },
    };
    Time::new(hour, minute, 0, 0).ok()
}

/// The text of a time field (`key`): what the person typed while the event
/// keeps the time it gave (or while it is not yet a time), and the event's
/// own time again once the event changed under it: an undo, another view,
/// the end moved by a new start. `shown_key` holds the value it was for.
fn time_buffer<'a>(
    buffers: &'a mut FieldBuffers,
    key: &'static str,
    shown_key: &'static str,
    value: &ZonedTime,
) -> &'a mut String {
    let now = value.zoned().to_string();
    if buffers.get(shown_key) != Some(&now) {
        buffers.insert(shown_key, now);
        buffers.insert(key, value.zoned().strftime("%H:%M").to_string());
    }
    buffers
        .entry(key)
        .or_insert_with(|| value.zoned().strftime("%H:%M").to_string())
}

/// A new start moves the end with it, keeping the duration (as every
/// calendar does), and in the start's new zone if both were in one zone.
fn keep_duration(event: &mut MissionEvent, (start, end): &(Zoned, Zoned)) {
    let duration = end.timestamp().duration_since(start.timestamp());
    let zone = if start.time_zone() == end.time_zone() {
        event.start.zoned().time_zone().clone()
    } else {
        end.time_zone().clone()
    };
    if let Ok(moved) = event.start.zoned().timestamp().checked_add(duration) {
        event.end = ZonedTime(moved.to_zoned(zone));
    }
}

/// `Label: [date] [HH:MM] [zone ▾] UTC+09:00`. Changing the zone keeps the
/// wall-clock time (fixing a wrongly entered zone is the common case). The
/// zone list offers the mission's own zones (`near`) first after the
/// current one: Tokyo to Los Angeles was a search or a scroll from Abidjan.
fn zoned_row(
    ui: &mut Ui,
    label: &str,
    value: &mut ZonedTime,
    buffer: &mut String,
    near: [&str; 2],
) -> bool {
    ui.label(label);
    let zoned = value.zoned().clone();
    // Follow the model (undo, another view) unless the field holds the same
    // time or something not yet a time (the user is typing; its message shows).
    if parse_clock(buffer).is_some_and(|t| t != time_to_minute(zoned.time())) {
        *buffer = zoned.time().strftime("%H:%M").to_string();
    }
    let mut date = zoned.date();
    let mut time = time_to_minute(zoned.time());
    let mut zone_name = value.zone_name().unwrap_or("UTC").to_owned();
    let mut changed = false;
    let mut zone_changed = false;
    let mut bad_time = false;
    let note_id = ui.scope_id().with(("zone change kept the clock", label));
    // Two lines, the zone under the date and time: laid out by egui's
    // wrapping, a date's message pushed the time onto the zone's line and
    // the next row was drawn over it.
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            changed |= super::widgets::date_field(ui, label, &mut date);
            let response = ui.add(
                TextEdit::singleline(buffer)
                    .id_salt(super::widgets::field_salt(&format!("{label} (time)")))
                    .desired_width(64.0),
            );
            // Once the person has left it, a time typed as "7pm" reads
            // as the others do ("19:00").
            if !response.has_focus() && parse_clock(buffer) == Some(time) {
                let tidy = time.strftime("%H:%M").to_string();
                if *buffer != tidy {
                    *buffer = tidy;
                }
            }
            super::widgets::set_accessible_name(
                &response,
                egui::Role::TextInput,
                &format!("{label} (time)"),
            );
            match parse_clock(buffer) {
                Some(parsed) if response.changed() && parsed != time => {
                    time = parsed;
                    changed = true;
                }
                Some(_) => {}
                None => bad_time = true,
            }
        });
        ui.horizontal(|ui| {
            let mission_zones = zone_names().iter().filter(|z| near.contains(&z.as_str()));
            let others = zone_names().iter().filter(|z| !near.contains(&z.as_str()));
            let candidates = mission_zones.chain(others).map(|z| {
                (
                    z.as_str(),
                    z.clone(),
                    crate::zones::search::zone_search_text(z),
                )
            });
            let name = format!("{label} (zone)");
            if let Some(zone) =
                super::widgets::search_picker_with(ui, &name, &zone_name, 170.0, candidates)
            {
                zone_name = zone.to_owned();
                changed = true;
                zone_changed = true;
            }
            ui.weak(super::widgets::utc_offset_label(zoned.offset()));
        });
        // Said, not silent: a new zone keeps the time on the clock, so the
        // event moves; shown until the time changes again (or is undone).
        if let Some(note) = ui
            .data(|d| d.get_temp::<(String, String)>(note_id))
            .filter(|(after, _)| *after == zoned.to_string())
        {
            ui.add(egui::Label::new(RichText::new(note.1).weak()).wrap());
        }
    });
    ui.end_row();
    if bad_time {
        super::widgets::report_unsaved_text(ui, &format!("{label} (time)"), buffer.trim());
        inline_message(
            ui,
            "Type the time as HH:MM (14:30) or with am/pm (2:30 pm)",
            error_color(ui),
        );
    }
    if !changed {
        return false;
    }
    let Ok(zone) = TimeZone::get(&zone_name) else {
        return false;
    };
    match date.to_datetime(time).to_zoned(zone) {
        Ok(new) => {
            if zone_changed {
                let note = zone_change_note(&zoned, &new);
                ui.data_mut(|d| d.insert_temp(note_id, (new.to_string(), note)));
            }
            *value = ZonedTime(new);
            true
        }
        Err(err) => {
            inline_message(ui, &err.to_string(), error_color(ui));
            false
        }
    }
}

/// "14:00 kept on the clock: 16 h 00 min later than before (14:00 in
/// America/Los_Angeles)".
fn zone_change_note(before: &jiff::Zoned, after: &jiff::Zoned) -> String {
    let minutes = (after.timestamp().as_second() - before.timestamp().as_second()) / 60;
    let how_far = match minutes {
        0 => "the same moment as before".to_owned(),
        m => format!(
            "{} h {:02} min {} than before",
            m.abs() / 60,
            m.abs() % 60,
            if m > 0 { "later" } else { "earlier" }
        ),
    };
    let zone = before.time_zone().iana_name().unwrap_or("its old zone");
    format!(
        "{} kept on the clock: {how_far} ({} in {zone})",
        after.strftime("%H:%M"),
        before.strftime("%H:%M")
    )
}

fn time_to_minute(time: Time) -> Time {
    time.with()
        .second(0)
        .subsec_nanosecond(0)
        .build()
        .unwrap_or(time)
}

/// A single line that describes an event for lists: `Mon 13 Mar 14:00 JST · Title`.
pub fn event_line(event: &MissionEvent) -> RichText {
    RichText::new(format!(
        "{} · {}",
        short_time(event.start.zoned()),
        event.title
    ))
}

#[cfg(test)]
mod tests {
    use super::parse_clock;

    #[test]
    fn a_time_needs_two_digits_of_minutes() {
        assert_eq!(parse_clock("9:05"), Some(jiff::civil::time(9, 5, 0, 0)));
        assert_eq!(
            parse_clock(" 16:45 "),
            Some(jiff::civil::time(16, 45, 0, 0))
        );
        for half_typed in ["16:4", "16:", "16", "", "25:00", "16:60"] {
            assert_eq!(parse_clock(half_typed), None, "{half_typed:?}");
        }
    }
}
