//! Overview: the mission at a glance, with links into the other views.

use egui::{RichText, Ui};
use jiff::tz::TimeZone;

use super::events::event_line;
use super::{Outbox, View, ViewCtx};
use crate::commands::Command;
use crate::model::{AgreementStatus, EventId, Severity};

/// Derived lists, recomputed only when the project changes.
#[derive(Default)]
pub struct OverviewState {
    cache_generation: Option<u64>,
    /// Events sorted by start instant.
    by_start: Vec<(jiff::Timestamp, usize)>,
}

impl OverviewState {
    fn refresh(&mut self, ctx: &ViewCtx) {
        if self.cache_generation == Some(ctx.generation) {
            return;
        }
        let mut by_start: Vec<_> = ctx
            .project
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.start.zoned().timestamp(), i))
            .collect();
        by_start.sort();
        self.by_start = by_start;
        self.cache_generation = Some(ctx.generation);
    }
}

const NEXT_EVENTS: usize = 6;

pub fn overview_ui(ui: &mut Ui, ctx: &ViewCtx, state: &mut OverviewState, outbox: &mut Outbox) {
    state.refresh(ctx);
    let project = ctx.project;
    let mission = &project.mission;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(&mission.title);
            if ui
                .button("Edit mission…")
                .on_hover_text("Title, dates, time zones, description, travel time")
                .clicked()
            {
                outbox.command(Command::Navigate(View::Mission));
            }
        });
        let days = (mission.last_day - mission.first_day).get_days() + 1;
        ui.label(format!(
            "{} – {}  ({days} days)",
            mission.first_day.strftime("%a %d %b %Y"),
            mission.last_day.strftime("%a %d %b %Y"),
        ));
        for (what, zone) in [("Host", &mission.host_zone), ("Home", &mission.home_zone)] {
            ui.label(format!("{what} time zone: {zone}  {}", offsets(zone, ctx)));
        }
        if !mission.description.is_empty() {
            ui.add_space(6.0);
            ui.label(&mission.description);
        }
        ui.add_space(12.0);
        ui.columns(3, |columns| {
            counts_ui(&mut columns[0], ctx, outbox);
            statuses_ui(&mut columns[1], ctx, outbox);
            problems_ui(&mut columns[2], ctx, outbox);
        });
        ui.add_space(12.0);
        next_events_ui(ui, ctx, state, outbox);
    });
}

/// `UTC+09:00`, or `UTC−08:00 → UTC−07:00` when the offset changes during the mission.
fn offsets(zone: &str, ctx: &ViewCtx) -> String {
    let Ok(tz) = TimeZone::get(zone) else {
        return "(not an IANA time zone)".to_owned();
    };
    let mission = &ctx.project.mission;
    let at = |date: jiff::civil::Date| {
        date.at(12, 0, 0, 0)
            .to_zoned(tz.clone())
            .map(|z| super::widgets::utc_offset_label(z.offset()))
            .unwrap_or_default()
    };
    let (first, last) = (at(mission.first_day), at(mission.last_day));
    if first == last {
        first
    } else {
        format!("{first}, then {last} (daylight saving changes during the mission)")
    }
}

fn counts_ui(ui: &mut Ui, ctx: &ViewCtx, outbox: &mut Outbox) {
    let project = ctx.project;
    ui.label(RichText::new("In this mission").strong());
    for (view, count) in [
        (View::Ports, project.ports.len()),
        (View::Organisations, project.organisations.len()),
        (View::People, project.people.len()),
        (View::Agreements, project.agreements.len()),
        (View::Corridors, project.corridors.len()),
        (View::Events, project.events.len()),
    ] {
        if ui
            .link(format!("{count} {}", view.label().to_lowercase()))
            .clicked()
        {
            outbox.command(Command::Navigate(view));
        }
    }
}

fn statuses_ui(ui: &mut Ui, ctx: &ViewCtx, outbox: &mut Outbox) {
    ui.label(RichText::new("Agreements by status").strong());
    let mut counts = [0usize; AgreementStatus::ALL.len()];
    for agreement in &ctx.project.agreements {
        counts[agreement.status as usize] += 1;
    }
    let mut any = false;
    for (status, count) in AgreementStatus::ALL.iter().zip(counts) {
        if count > 0 {
            any = true;
            if ui.link(format!("{}: {count}", status.label())).clicked() {
                outbox.command(Command::Navigate(View::Agreements));
            }
        }
    }
    if !any {
        ui.weak("No agreements yet");
    }
    let today = ctx.today;
    let overdue = ctx
        .project
        .agreements
        .iter()
        .flat_map(|a| a.milestones.iter())
        .filter(|m| !m.done && m.due.is_some_and(|d| d < today))
        .count();
    if overdue > 0 {
        ui.colored_label(
            super::widgets::warning_color(ui),
            format!("{overdue} milestones overdue"),
        )
        .on_hover_text(format!(
            "Due before today, {today}, in the mission's home zone ({})",
            ctx.project.mission.home_zone
        ));
    }
}

fn problems_ui(ui: &mut Ui, ctx: &ViewCtx, outbox: &mut Outbox) {
    ui.label(RichText::new("Problems").strong());
    let errors = ctx
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = ctx.problems.len() - errors;
    if ctx.problems.is_empty() {
        ui.label("No problems found");
    } else if ui
        .link(format!("{errors} errors, {warnings} warnings"))
        .on_hover_text("Show the problems")
        .clicked()
    {
        outbox.command(Command::Navigate(View::Problems));
    }
}

fn next_events_ui(ui: &mut Ui, ctx: &ViewCtx, state: &OverviewState, outbox: &mut Outbox) {
    let events = &ctx.project.events;
    let upcoming = state
        .by_start
        .partition_point(|(start, _)| *start < ctx.now);
    let (heading, slice) = if upcoming < state.by_start.len() {
        ("Next events", &state.by_start[upcoming..])
    } else {
        ("First events of the mission", &state.by_start[..])
    };
    ui.label(RichText::new(heading).strong());
    if slice.is_empty() {
        ui.weak("No events yet");
    }
    for &(_, index) in slice.iter().take(NEXT_EVENTS) {
        let event = &events[index];
        if ui.link(event_line(event)).clicked() {
            outbox.command(Command::Select(crate::model::EntityRef::Event(EventId(
                event.id.0,
            ))));
        }
    }
}
