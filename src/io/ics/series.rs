//! A repeating event's occurrences: its rule, extra dates and exceptions,
//! its changed occurrences, and the occurrences an earlier import brought
//! that the series no longer has.

use std::collections::{HashMap, HashSet};

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::event::{Incoming, Timing, read_local};
use super::import::{ImportReport, Importer, MAX_IMPORTED_TEXT, remove};
use super::placement::TimeRef;
use super::reader::Component;
use super::recur;
use crate::model::ZonedTime;

/// A start a series lists (by its rule, RDATE or EXDATE), as written and
/// as placed.
struct Listed {
    time: ZonedTime,
    /// The end an RDATE period gives.
    end: Option<ZonedTime>,
    /// The local time as the file (or the rule) gives it, before placing:
    /// in a clock change's gap two wall times share one instant.
    wall: DateTime,
    reference: TimeRef,
}

impl Listed {
    /// Whether this exception removes `original`. Given in the start's own
    /// zone, it names a wall time: EXDATE 02:00 on the night the clocks go
    /// forward removes the 02:00 occurrence, not the 03:00 one that is the
    /// same instant (as dateutil and Python's same-zone comparison read it).
    /// Given in another zone, it names an instant.
    fn excludes(&self, original: &Listed) -> bool {
        if self.reference == original.reference && self.reference != TimeRef::Utc {
            self.wall == original.wall
        } else {
            self.time.zoned().timestamp() == original.time.zoned().timestamp()
        }
    }
}

/// What [`Importer::originals`] finds.
struct Originals {
    originals: Vec<(ZonedTime, Option<ZonedTime>)>,
    /// Whether the rule has occurrences outside the window.
    outside: bool,
    /// Whether every occurrence in the window is known: only then may those
    /// the project has and the file lacks be removed.
    complete: bool,
}

impl Importer<'_> {
    /// The occurrences of a repeating event inside the window: its rule and
    /// extra dates, less its exceptions, with its changed occurrences in
    /// place of the ones they change. Occurrences the project has from an
    /// earlier import that the series no longer gives (cancelled, excluded)
    /// are removed.
    pub(super) fn series(
        &mut self,
        master: Incoming,
        timing: &Timing,
        component: &Component<'_>,
        report: &mut ImportReport,
    ) -> Vec<Incoming> {
        let line = master.line;
        let note = |report: &mut ImportReport, at: usize, what: String| {
            report.note(at, format!("“{}”: {what}", master.title));
        };
        let Originals {
            originals,
            outside,
            complete,
        } = self.originals(&master, timing, component, report);
        // Each occurrence copies the event's text: stop before the copies
        // fill the memory.
        if self.text_bytes + master.text_bytes().saturating_mul(originals.len()) > MAX_IMPORTED_TEXT
        {
            self.too_much_text = Some(line);
            self.edits = Vec::new();
            return Vec::new();
        }

        let uid = master.uid.clone().unwrap_or_default();
        let (mut changed, from_here_on) = self.changed_occurrences(&uid, report);
        let mut occurrences = Vec::new();
        let mut cancelled = 0;
        let end_zone = master.end.zoned().time_zone().clone();
        for (original, period_end) in originals {
            let at = original.zoned().timestamp();
            let occurrence = match changed.remove(&at) {
                Some(occurrence) => occurrence,
                None => {
                    let mut occurrence = master.clone();
                    // RANGE=THISANDFUTURE: a change that moves this and all
                    // later occurrences by the same amount, with its fields.
                    let mut start = original.clone();
                    if let Some((from_original, changed_start, template)) = from_here_on
                        .iter()
                        .filter(|(r, _, _)| *r <= at)
                        .max_by_key(|(r, _, _)| *r)
                    {
                        occurrence = template.clone();
                        let shift = *changed_start - *from_original;
                        if let Ok(moved) = at.checked_add(shift) {
                            start = ZonedTime(moved.to_zoned(original.zoned().time_zone().clone()));
                        }
                    }
                    let end = match period_end {
                        Some(end) => Some(end),
                        None => timing.length.end_of(&start, &end_zone),
                    };
                    let Some(end) = end else {
                        continue;
                    };
                    occurrence.start = start;
                    occurrence.end = end;
                    occurrence.recurrence_id = Some(original);
                    occurrence
                }
            };
            if occurrence.cancelled {
                cancelled += 1;
            } else {
                occurrences.push(occurrence);
            }
        }
        // Changes to occurrences the rule does not give (moved in from a
        // date an exception removed, say): kept as they are.
        for (_, occurrence) in changed {
            if occurrence.cancelled {
                cancelled += 1;
            } else {
                occurrences.push(occurrence);
            }
        }
        if cancelled > 0 {
            note(
                report,
                line,
                format!("{cancelled} cancelled occurrence(s) not imported"),
            );
        }
        let before = occurrences.len();
        let (from, to) = self.window;
        occurrences.retain(|o| (from..to).contains(&o.start.zoned().timestamp()));
        if outside || occurrences.len() < before {
            let (first, last) = self.window_days;
            note(
                report,
                line,
                format!(
                    "repeats outside {first} to {last} (the mission and its margin); only the \
                     {} occurrence(s) inside were imported (widen the margin for more)",
                    occurrences.len()
                ),
            );
        }
        occurrences.sort_by_key(|o| o.start.zoned().timestamp());
        report.occurrences += occurrences.len();
        if complete {
            self.remove_dropped_occurrences(&uid, &occurrences, line, report);
        }
        occurrences
    }

    /// The original starts of a series inside the window (with the end an
    /// RDATE period gives): its rule's, its extra dates, less its
    /// exceptions; at most [`recur::MAX_OCCURRENCES`].
    fn originals(
        &mut self,
        master: &Incoming,
        timing: &Timing,
        component: &Component<'_>,
        report: &mut ImportReport,
    ) -> Originals {
        let line = master.line;
        let note = |report: &mut ImportReport, at: usize, what: String| {
            report.note(at, format!("“{}”: {what}", master.title));
        };
        // The window in the event's own local time, an hour wider for a
        // clock change at its ends (two days wider where that is unknown).
        let local_at = |at: Timestamp, hours: i64| {
            let slack = SignedDuration::from_hours(hours);
            at.checked_add(slack).ok().map(|at| {
                self.zones
                    .local_of(&timing.reference, at)
                    .unwrap_or_else(|| at.to_zoned(TimeZone::UTC).datetime())
            })
        };
        let known_zone = self
            .zones
            .local_of(&timing.reference, self.window.0)
            .is_some();
        let hours = if known_zone { 1 } else { 48 };
        let from_local = local_at(self.window.0, -hours).unwrap_or(jiff::civil::DateTime::MIN);
        let to_local = local_at(self.window.1, hours).unwrap_or(jiff::civil::DateTime::MAX);
        // Each original start, with its own end when an RDATE gives a period.
        let mut originals: Vec<Listed> = Vec::new();
        let first = |master: &Incoming| Listed {
            time: master.start.clone(),
            end: None,
            wall: timing.local,
            reference: timing.reference.clone(),
        };
        let mut outside = false;
        // Whether every occurrence in the window is known: only then may
        // those the project has and the file lacks be removed.
        let mut complete = true;
        match component.property("RRULE") {
            Some(rule) => {
                let zones = &self.zones;
                let until = |value: &str| match value.trim().strip_suffix('Z') {
                    Some(utc) => {
                        let at = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%S", utc)
                            .ok()?
                            .to_zoned(TimeZone::UTC)
                            .ok()?
                            .timestamp();
                        zones.local_of(&timing.reference, at)
                    }
                    None => read_local(value, rule).ok().map(|(local, _)| local),
                };
                let expanded = recur::expand(
                    rule.value,
                    timing.local,
                    from_local,
                    to_local,
                    until,
                    &mut self.steps_left,
                );
                match expanded {
                    Ok(expansion) => {
                        outside = expansion.outside;
                        if expansion.ends_before_start {
                            note(
                                report,
                                rule.line,
                                "its repeat rule ends (UNTIL) before it starts, so it has no \
                                 occurrences; not imported"
                                    .to_owned(),
                            );
                        }
                        if expansion.cut_short {
                            complete = false;
                            note(
                                report,
                                rule.line,
                                format!(
                                    "its repeat rule could not be followed to its end (it \
                                     repeats too often, or rarely matches over a long time); {} \
                                     occurrence(s) in the window were found, more may be missing",
                                    expansion.starts.len()
                                ),
                            );
                        }
                        let none_at_all = expansion.starts.is_empty()
                            && !expansion.outside
                            && !expansion.cut_short
                            && !expansion.ends_before_start;
                        for local in expansion.starts {
                            if let Ok(time) = self.zones.place(&timing.reference, local, line) {
                                originals.push(Listed {
                                    time,
                                    end: None,
                                    wall: local,
                                    reference: timing.reference.clone(),
                                });
                            }
                        }
                        // A rule that gives nothing at all (INTERVAL=0, the
                        // 31st of February) is no rule: the event still is.
                        if none_at_all {
                            note(
                                report,
                                rule.line,
                                format!(
                                    "repeat rule {} gives no occurrences; only its first \
                                     occurrence was imported",
                                    rule.value
                                ),
                            );
                            originals.push(first(master));
                        }
                    }
                    Err(why) => {
                        complete = false;
                        note(
                            report,
                            rule.line,
                            format!("{why}; only its first occurrence was imported"),
                        );
                        originals.push(first(master));
                    }
                }
            }
            None => originals.push(first(master)),
        }
        originals.extend(self.listed_times(component, "RDATE", line));
        let exceptions = self.listed_times(component, "EXDATE", line);
        let excluded_days: HashSet<Date> = component
            .properties
            .iter()
            .filter(|p| p.name.eq_ignore_ascii_case("EXDATE"))
            .flat_map(|p| p.value.split(','))
            .filter(|v| v.trim().len() == 8)
            .filter_map(|v| Date::strptime("%Y%m%d", v.trim()).ok())
            .collect();
        originals.retain(|original| {
            let excluded_day = excluded_days.contains(&original.time.zoned().date())
                && original.time.zoned().time() == jiff::civil::Time::midnight();
            !excluded_day && !exceptions.iter().any(|e| e.excludes(original))
        });
        let mut originals: Vec<(ZonedTime, Option<ZonedTime>)> =
            originals.into_iter().map(|o| (o.time, o.end)).collect();
        originals.sort_by_key(|(t, _)| t.zoned().timestamp());
        originals.dedup_by_key(|(t, _)| t.zoned().timestamp());
        if originals.len() > recur::MAX_OCCURRENCES {
            complete = false;
            originals.truncate(recur::MAX_OCCURRENCES);
            note(
                report,
                line,
                format!(
                    "has more than {} occurrences; only the first were imported",
                    recur::MAX_OCCURRENCES
                ),
            );
        }
        Originals {
            originals,
            outside,
            complete,
        }
    }

    /// The series' changed occurrences by original start, and those that
    /// change all later ones too (RANGE=THISANDFUTURE: original start, new
    /// start, the change). A second change to one occurrence is named and
    /// left out, as for events without their series.
    #[allow(clippy::type_complexity)]
    fn changed_occurrences(
        &mut self,
        uid: &str,
        report: &mut ImportReport,
    ) -> (
        HashMap<Timestamp, Incoming>,
        Vec<(Timestamp, Timestamp, Incoming)>,
    ) {
        let mut changed: HashMap<Timestamp, Incoming> = HashMap::new();
        let mut from_here_on = Vec::new();
        for lines in self.overrides.remove(uid).unwrap_or_default() {
            let Some(occurrence) = self.read_override(&lines, report) else {
                continue;
            };
            let Some(original) = occurrence
                .recurrence_id
                .as_ref()
                .map(|r| r.zoned().timestamp())
            else {
                continue;
            };
            if let Some(first) = changed.get(&original) {
                report.note(
                    occurrence.line,
                    format!(
                        "“{}”: changes the same occurrence as the event at line {}; only that \
                         one was imported",
                        occurrence.title, first.line
                    ),
                );
                continue;
            }
            if occurrence.this_and_future {
                from_here_on.push((
                    original,
                    occurrence.start.zoned().timestamp(),
                    occurrence.clone(),
                ));
            }
            changed.insert(original, occurrence);
        }
        (changed, from_here_on)
    }

    /// Occurrences of the series `uid` the project has (from an earlier
    /// import) whose original start is in the window but which the file no
    /// longer gives: cancelled, excluded or no longer in the rule. Removed,
    /// and named in the report.
    fn remove_dropped_occurrences(
        &mut self,
        uid: &str,
        kept: &[Incoming],
        line: usize,
        report: &mut ImportReport,
    ) {
        let Some(known) = self.known_series.get(uid) else {
            return;
        };
        let kept: HashSet<Timestamp> = kept
            .iter()
            .filter_map(|o| o.recurrence_id.as_ref().map(|r| r.zoned().timestamp()))
            .collect();
        let (from, to) = self.window;
        for event in known {
            let Some(original) = event.recurrence_id.as_ref().map(|r| r.zoned().timestamp()) else {
                continue;
            };
            if (from..to).contains(&original) && !kept.contains(&original) {
                let why = format!(
                    "“{}” on {}: no longer in the series (cancelled or excluded); removed from \
                     the project",
                    event.title,
                    event.start.zoned().strftime("%a %d %b %H:%M %Z")
                );
                remove(&mut self.removals, event, line, why, report);
            }
        }
    }

    /// Every time an RDATE or EXDATE lists, with the end a PERIOD gives
    /// (`start/end` or `start/duration`).
    fn listed_times(&mut self, component: &Component<'_>, name: &str, line: usize) -> Vec<Listed> {
        let mut times = Vec::new();
        for property in component
            .properties
            .iter()
            .filter(|p| p.name.eq_ignore_ascii_case(name))
        {
            for value in property.value.split(',') {
                let (start, period_end) = match value.split_once('/') {
                    Some((start, end)) => (start, Some(end)),
                    None => (value, None),
                };
                let Ok((local, reference)) = read_local(start, property) else {
                    continue;
                };
                let Ok(time) = self.zones.place(&reference, local, line) else {
                    continue;
                };
                let end = period_end.and_then(|end| {
                    if end.trim_start().starts_with(['P', '+', '-']) {
                        let span = super::event::parse_duration(end)?;
                        time.zoned().checked_add(span).ok().map(ZonedTime)
                    } else {
                        let (local, reference) = read_local(end, property).ok()?;
                        self.zones.place(&reference, local, line).ok()
                    }
                });
                times.push(Listed {
                    time,
                    end,
                    wall: local,
                    reference,
                });
            }
        }
        times
    }
}
