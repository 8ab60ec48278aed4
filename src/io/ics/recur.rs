//! Repeat rules (`RRULE`, RFC 5545 §3.3.10) expanded by the `rrule` crate
//! in floating local time: the crate sees local times as if they were UTC,
//! so its own zone database never decides an instant; the caller places
//! each local time in its zone with jiff.

use std::str::FromStr;

use chrono::{Datelike, TimeZone as _, Timelike};
use jiff::civil::{Date, DateTime};
use rrule::{RRule, RRuleSet, Tz, Unvalidated};

/// Most occurrences looked at before the window begins (a daily rule from
/// 1990 has 12,000; an hourly one from 1970 would be half a million).
const MAX_EXAMINED: usize = 200_000;

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

/// Expands `rule` (the value of an RRULE) from the local start `start`,
/// keeping the local starts in `[from, to)`. `until` turns the rule's UNTIL
/// value (a date, a floating or a UTC time) into the same floating local
/// time, as only the caller knows the zone.
pub(super) fn expand(
    rule: &str,
    start: DateTime,
    from: DateTime,
    to: DateTime,
    until: impl Fn(&str) -> Option<DateTime>,
) -> Result<Expansion, String> {
    let mut until_value = None;
    let parts: Vec<&str> = rule
        .trim()
        .split(';')
        .filter(|part| match part.split_once('=') {
            Some((key, value)) if key.trim().eq_ignore_ascii_case("UNTIL") => {
                until_value = Some(value.trim());
                false
            }
            _ => !part.trim().is_empty(),
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
    if let Some(value) = until_value {
        let local = until(value)
            .ok_or_else(|| format!("repeat rule {rule}: UNTIL {value} is not understood"))?;
        if local < start {
            expansion.ends_before_start = true;
            return Ok(expansion);
        }
        parsed = parsed.until(floating(local)?);
    }
    let dt_start = floating(start)?;
    let validated = parsed
        .validate(dt_start)
        .map_err(|err| format!("repeat rule {rule} is not valid ({err})"))?;
    let set = RRuleSet::new(dt_start).rrule(validated).limit();
    for (examined, at) in (&set).into_iter().enumerate() {
        let local = civil(&at);
        if local >= to {
            expansion.outside = true;
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
            if examined >= MAX_EXAMINED {
                expansion.cut_short = true;
                return Ok(expansion);
            }
        }
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

    fn starts(rule: &str, start: &str) -> Vec<String> {
        expand(
            rule,
            local(start),
            local("2023-03-01T00:00"),
            local("2023-04-01T00:00"),
            |value| DateTime::strptime("%Y%m%dT%H%M%S", value.trim_end_matches('Z')).ok(),
        )
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
    fn a_rule_that_is_not_one_says_so() {
        let err = expand(
            "FREQ=SOMETIMES",
            local("2023-03-11T08:00"),
            local("2023-03-01T00:00"),
            local("2023-04-01T00:00"),
            |_| None,
        )
        .err()
        .unwrap();
        assert!(err.contains("FREQ=SOMETIMES"), "{err}");
    }

    #[test]
    fn a_rule_that_never_ends_stops_at_a_limit() {
        let expansion = expand(
            "FREQ=SECONDLY",
            local("1990-01-01T00:00"),
            local("2023-03-01T00:00"),
            local("2023-04-01T00:00"),
            |_| None,
        )
        .unwrap();
        assert!(expansion.cut_short);
        assert!(expansion.starts.is_empty());
    }
}
