//! Repeat rules (`RRULE`, RFC 5545 §3.3.10) expanded by the `rrule` crate
//! in floating local time: the crate sees local times as if they were UTC,
//! so its own zone database never decides an instant; the caller places
//! each local time in its zone with jiff.

use std::str::FromStr;

use chrono::{Datelike, TimeZone as _, Timelike};
use jiff::civil::{Date, DateTime};
use rrule::{Frequency, RRule, RRuleSet, Tz, Unvalidated};

/// Most steps of one rule's period (a second, a minute, an hour, a day…)
/// walked through: a rule that repeats every second is walked over a month
/// at most. Steps cost whether or not they match.
const MAX_STEPS_PER_RULE: i64 = 3_000_000;

/// Most steps walked for all the rules of one file together.
pub(super) const MAX_STEPS_PER_FILE: i64 = 30_000_000;

/// Most occurrences kept from one rule inside the window.
pub(super) const MAX_OCCURRENCES: usize = 10_000;

/// The local starts a rule gives from `start`, those in `[from, to)`.
pub(super) struct Expansion {
    pub(super) starts: Vec<DateTime>,
    /// Whether the expansion stopped at a limit rather than at the rule's end
    /// or the window's.
    pub(super) cut_short: bool,
    /// Whether the rule has occurrences before `from` or from `to` on.
    pub(super) outside: bool,
    /// Whether its UNTIL is before its start: it has no occurrences (as
    /// dateutil reads it; the `rrule` crate refuses the rule).
    pub(super) ends_before_start: bool,
}

/// How long one step of a rule's frequency is, where a whole number of steps
/// can be skipped without changing which times it gives (not for months and
/// years, which have few steps anyway).
fn step_seconds(rule: &RRule<Unvalidated>) -> Option<i64> {
    let unit = match rule.get_freq() {
        Frequency::Secondly => 1,
        Frequency::Minutely => 60,
        Frequency::Hourly => 3_600,
        Frequency::Daily => 86_400,
        Frequency::Weekly => 7 * 86_400,
        Frequency::Monthly | Frequency::Yearly => return None,
    };
    Some(unit * i64::from(rule.get_interval().max(1)))
}

/// Expands `rule` (the value of an RRULE) from the local start `start`,
/// keeping the local starts in `[from, to)`. `until` turns the rule's UNTIL
/// value (a date, a floating or a UTC time) into the same floating local
/// time, as only the caller knows the zone. `budget` is the steps left for
/// the file; what this rule walks is taken from it.
pub(super) fn expand(
    rule: &str,
    start: DateTime,
    from: DateTime,
    to: DateTime,
    until: impl Fn(&str) -> Option<DateTime>,
    budget: &mut i64,
) -> Result<Expansion, String> {
    // The crate slices its input by bytes: only ASCII reaches it (a rule is
    // ASCII), and a panic in it is caught and becomes a note.
    if !rule.is_ascii() {
        return Err(format!(
            "repeat rule {rule} is not understood (it is not ASCII)"
        ));
    }
    let owned = rule.to_owned();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        expand_ascii(&owned, start, from, to, until, budget)
    }))
    .unwrap_or_else(|_| Err(format!("repeat rule {rule} could not be read")))
}

fn expand_ascii(
    rule: &str,
    start: DateTime,
    from: DateTime,
    to: DateTime,
    until: impl Fn(&str) -> Option<DateTime>,
    budget: &mut i64,
) -> Result<Expansion, String> {
    let mut until_value = None;
    let mut count = None;
    let parts: Vec<String> = rule
        .trim()
        .split(';')
        .filter_map(|part| match part.split_once('=') {
            Some((key, value)) if key.trim().eq_ignore_ascii_case("UNTIL") => {
                until_value = Some(value.trim());
                None
            }
            // Beyond what a u32 holds is "for ever" to anyone.
            Some((key, value)) if key.trim().eq_ignore_ascii_case("COUNT") => {
                let clamped = match value.trim().parse::<u64>() {
                    Ok(n) => n.min(u64::from(u32::MAX)).to_string(),
                    Err(_) => value.trim().to_owned(),
                };
                count = clamped.parse::<u64>().ok();
                Some(format!("COUNT={clamped}"))
            }
            _ => (!part.trim().is_empty()).then(|| part.trim().to_owned()),
        })
        .collect();
    let mut expansion = Expansion {
        starts: Vec::new(),
        cut_short: false,
        outside: false,
        ends_before_start: false,
    };
    let mut parsed = RRule::<Unvalidated>::from_str(&parts.join(";"))
        .map_err(|err| format!("repeat rule {rule} is not understood ({err})"))?;
    let mut ends = false;
    if let Some(value) = until_value {
        let local = until(value)
            .ok_or_else(|| format!("repeat rule {rule}: UNTIL {value} is not understood"))?;
        if local < start {
            expansion.ends_before_start = true;
            return Ok(expansion);
        }
        // An end past the year 9000 is no end (and the crate cannot hold it).
        if local.year() < 9000 {
            parsed = parsed.until(floating(local)?);
            ends = true;
        }
    }
    ends |= count.is_some();
    // A rule that began long before the window: start it a step before the
    // window instead, as a whole number of steps gives the same times. Not
    // with COUNT (it counts from the first) or BYSETPOS (it picks within a
    // period).
    let mut first = start;
    let step = step_seconds(&parsed);
    if let Some(step) = step
        && count.is_none()
        && parsed.get_by_set_pos().is_empty()
    {
        let gap = start.duration_until(from).as_secs();
        if gap > 2 * step {
            let skipped = (gap / step - 1) * step;
            first = start
                .checked_add(jiff::SignedDuration::from_secs(skipped))
                .unwrap_or(start);
            expansion.outside = true;
        }
    }
    // At most so many steps for this rule and for the file.
    let mut to = to;
    if let Some(step) = step {
        let allowed = (*budget).clamp(0, MAX_STEPS_PER_RULE);
        let steps = first.duration_until(to).as_secs() / step;
        *budget -= steps.min(allowed);
        if steps > allowed {
            to = first
                .checked_add(jiff::SignedDuration::from_secs(allowed * step))
                .unwrap_or(first);
            expansion.cut_short = true;
        }
    }
    let dt_start = floating(first)?;
    let validated = parsed
        .validate(dt_start)
        .map_err(|err| format!("repeat rule {rule} is not valid ({err})"))?;
    let set = RRuleSet::new(dt_start).rrule(validated).limit();
    let mut given: u64 = 0;
    let mut iterator = (&set).into_iter();
    for at in iterator.by_ref() {
        given += 1;
        let local = civil(&at);
        if local >= to {
            expansion.outside = !expansion.cut_short;
            return Ok(expansion);
        }
        if local >= from {
            if expansion.starts.len() == MAX_OCCURRENCES {
                expansion.cut_short = true;
                return Ok(expansion);
            }
            expansion.starts.push(local);
        } else {
            expansion.outside = true;
        }
    }
    // The iterator ended before the window did: by the rule's own end, or
    // because the crate gave up on a rule that rarely matches (after 100,000
    // steps without one); said, so no occurrence goes missing unseen.
    // Nothing at all from the very start is a rule that gives nothing (the
    // caller keeps the event's first occurrence).
    let skipped_ahead = first != start;
    if given > 0 || skipped_ahead {
        expansion.cut_short |= !ends || count.is_some_and(|count| given < count);
    }
    Ok(expansion)
}

/// A local time as the crate's "UTC", which is never converted.
fn floating(local: DateTime) -> Result<chrono::DateTime<Tz>, String> {
    Tz::UTC
        .with_ymd_and_hms(
            i32::from(local.year()),
            u32::try_from(local.month()).unwrap_or(1),
            u32::try_from(local.day()).unwrap_or(1),
            u32::try_from(local.hour()).unwrap_or(0),
            u32::try_from(local.minute()).unwrap_or(0),
            u32::try_from(local.second()).unwrap_or(0),
        )
        .single()
        .ok_or_else(|| format!("{local} cannot be repeated"))
}

fn civil(at: &chrono::DateTime<Tz>) -> DateTime {
    let part = |n: u32| i8::try_from(n).unwrap_or(0);
    Date::new(
        i16::try_from(at.year()).unwrap_or(9999),
        part(at.month()),
        part(at.day()),
    )
    .unwrap_or(Date::MAX)
    .at(part(at.hour()), part(at.minute()), part(at.second()), 0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn local(text: &str) -> DateTime {
        text.parse().unwrap()
    }

    /// `rule` from `start`, over March 2023, with `budget` steps.
    fn in_march(rule: &str, start: &str, budget: &mut i64) -> Result<Expansion, String> {
        expand(
            rule,
            local(start),
            local("2023-03-01T00:00"),
            local("2023-04-01T00:00"),
            |value| DateTime::strptime("%Y%m%dT%H%M%S", value.trim_end_matches('Z')).ok(),
            budget,
        )
    }

    fn starts(rule: &str, start: &str) -> Vec<String> {
        in_march(rule, start, &mut MAX_STEPS_PER_FILE.clone())
            .unwrap()
            .starts
            .iter()
            .map(|d| d.strftime("%m-%d %H:%M").to_string())
            .collect()
    }

    #[test]
    fn a_rule_repeats_in_local_time_within_the_window() {
        assert_eq!(
            starts("FREQ=DAILY;COUNT=3", "2023-03-11T08:00"),
            ["03-11 08:00", "03-12 08:00", "03-13 08:00"]
        );
        assert_eq!(
            starts(
                "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20230316T000000Z",
                "2023-03-13T09:30"
            ),
            ["03-13 09:30", "03-15 09:30"]
        );
        // Started long before the window: only the window's occurrences.
        assert_eq!(starts("FREQ=YEARLY", "2001-03-20T10:00"), ["03-20 10:00"]);
    }

    #[test]
    fn a_rule_walked_from_the_window_keeps_its_days_and_times() {
        // Weekly on Mondays at 10:00 since 2001: the Mondays of March 2023.
        assert_eq!(
            starts("FREQ=WEEKLY;BYDAY=MO", "2001-01-01T10:00"),
            ["03-06 10:00", "03-13 10:00", "03-20 10:00", "03-27 10:00"]
        );
        // Every other day since 1 January 2001 (day 0): the even days since.
        let first = jiff::civil::date(2001, 1, 1);
        let expected: Vec<String> = (1..=31)
            .map(|day| jiff::civil::date(2023, 3, day))
            .filter(|date| first.until(*date).unwrap().get_days() % 2 == 0)
            .map(|date| date.strftime("%m-%d 07:00").to_string())
            .collect();
        assert_eq!(
            starts("FREQ=DAILY;INTERVAL=2", "2001-01-01T07:00"),
            expected
        );
    }

    #[test]
    fn a_daily_rule_from_long_ago_costs_the_window_not_the_years() {
        let mut budget = MAX_STEPS_PER_FILE;
        in_march("FREQ=DAILY", "2001-01-01T07:00", &mut budget).unwrap();
        // A month and a step, not 22 years of days.
        assert!(
            MAX_STEPS_PER_FILE - budget <= 33,
            "{}",
            MAX_STEPS_PER_FILE - budget
        );
    }

    #[test]
    fn a_budget_that_just_suffices_cuts_nothing_and_one_that_stops_short_stops_there() {
        let walk = |budget: &mut i64| {
            expand(
                "FREQ=MINUTELY;BYHOUR=9",
                local("2023-03-10T00:00"),
                local("2023-03-01T00:00"),
                local("2023-03-11T00:00"),
                |_| None,
                budget,
            )
            .unwrap()
        };
        // One day of minutes exactly.
        let mut budget = 1_440;
        let whole = walk(&mut budget);
        assert!(!whole.cut_short);
        assert_eq!((whole.starts.len(), budget), (60, 0));
        // Ten hours of minutes: up to 10:00, so all of nine o'clock.
        let mut budget = 600;
        let part = walk(&mut budget);
        assert!(part.cut_short);
        assert_eq!(part.starts.len(), 60);
    }

    #[test]
    fn a_rule_that_is_not_one_says_so() {
        let err = in_march(
            "FREQ=SOMETIMES",
            "2023-03-11T08:00",
            &mut MAX_STEPS_PER_FILE.clone(),
        )
        .err()
        .unwrap();
        assert!(err.contains("FREQ=SOMETIMES"), "{err}");
    }

    #[test]
    fn a_rule_that_began_long_ago_is_walked_from_the_window() {
        let mut budget = MAX_STEPS_PER_FILE;
        let expansion = in_march("FREQ=SECONDLY", "1601-01-01T00:00", &mut budget).unwrap();
        // Every second of March is too many: the first 10,000, said.
        assert!(expansion.cut_short);
        assert_eq!(expansion.starts.len(), MAX_OCCURRENCES);
        assert_eq!(expansion.starts[0], local("2023-03-01T00:00"));
        // A month of seconds is 2.7 million steps of the file's budget.
        assert_eq!(MAX_STEPS_PER_FILE - budget, 31 * 86_400 + 1);
    }

    #[test]
    fn a_file_whose_rules_walk_too_far_stops_at_its_budget() {
        let mut budget = 500;
        let expansion =
            in_march("FREQ=MINUTELY;BYHOUR=9", "2023-03-10T00:00", &mut budget).unwrap();
        assert!(expansion.cut_short);
        assert_eq!(budget, 0);
        assert!(
            expansion.starts.is_empty(),
            "500 minutes from midnight do not reach 09:00"
        );
    }

    #[test]
    fn a_rule_that_is_not_ascii_or_panics_the_crate_is_a_note() {
        let err = in_march(
            "FREQ=WEEKLY;BYDAY=M\u{feff}O",
            "2023-03-11T08:00",
            &mut MAX_STEPS_PER_FILE.clone(),
        )
        .err()
        .unwrap();
        assert!(err.contains("not ASCII"), "{err}");
    }

    #[test]
    fn a_huge_count_or_a_far_until_is_no_end() {
        for rule in [
            "FREQ=DAILY;COUNT=4294967296",
            "FREQ=DAILY;UNTIL=99991231T235959Z",
        ] {
            assert_eq!(starts(rule, "2023-03-30T08:00").len(), 2, "{rule}");
        }
    }
}
