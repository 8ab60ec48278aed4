//! Finding the IANA zone that follows given rules: a calendar file may
//! define its own zone (`custom_America/New_York`, `GMT +0100 (Standard) /
//! GMT +0200 (Daylight)`) by its offsets and the instants they change; the
//! IANA zone with the same offsets and changes over the dates that matter
//! is that zone, as far as those dates can tell.

use std::sync::OnceLock;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};

/// A zone's offsets over a span: the one in force at its start and every
/// change up to its end.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct OffsetHistory {
    pub from: Timestamp,
    pub to: Timestamp,
    pub initial: Offset,
    /// When the offset changes, and to what; in order.
    pub changes: Vec<(Timestamp, Offset)>,
}

impl OffsetHistory {
    /// What an IANA zone does over `[from, to)`.
    pub fn of_zone(zone: &TimeZone, from: Timestamp, to: Timestamp) -> Self {
        let initial = zone.to_offset(from);
        let mut changes = Vec::new();
        let mut current = initial;
        for transition in zone.following(from).take_while(|t| t.timestamp() < to) {
            // A change of abbreviation or DST flag alone moves no instant.
            if transition.offset() != current {
                current = transition.offset();
                changes.push((transition.timestamp(), current));
            }
        }
        Self {
            from,
            to,
            initial,
            changes,
        }
    }

    /// The instant a local time names under these offsets, as RFC 5545 and
    /// jiff's `compatible` rule read it: in a gap (spring forward) with the
    /// offset before the gap, so later; in a fold (fall back), the earlier.
    pub fn instant_of(&self, local: DateTime) -> Option<Timestamp> {
        let as_utc = local.to_zoned(TimeZone::UTC).ok()?.timestamp();
        let at = |offset: Offset| {
            as_utc.checked_sub(jiff::SignedDuration::from_secs(i64::from(offset.seconds())))
        };
        let mut previous = self.initial;
        for (when, offset) in &self.changes {
            // Local times from the change in the old offset to it in the new
            // one do not exist.
            let gap_from = when.as_second() + i64::from(previous.seconds());
            let gap_to = when.as_second() + i64::from(offset.seconds());
            if (gap_from..gap_to).contains(&as_utc.as_second()) {
                return at(previous).ok();
            }
            previous = *offset;
        }
        std::iter::once(self.initial)
            .chain(self.changes.iter().map(|(_, offset)| *offset))
            .filter_map(|offset| at(offset).ok().map(|t| (t, offset)))
            .filter(|(t, offset)| self.offset_at(*t) == *offset)
            .map(|(t, _)| t)
            .min()
            .or_else(|| at(self.initial).ok())
    }

    /// The offset in force at `at`.
    pub fn offset_at(&self, at: Timestamp) -> Offset {
        self.changes
            .iter()
            .take_while(|(when, _)| *when <= at)
            .last()
            .map_or(self.initial, |(_, offset)| *offset)
    }
}

/// IANA zones the bundled database has, each once (links to the same
/// rules are kept: the best name is chosen among them).
fn all_zones() -> &'static [(String, TimeZone)] {
    static ZONES: OnceLock<Vec<(String, TimeZone)>> = OnceLock::new();
    ZONES.get_or_init(|| {
        jiff::tz::db()
            .available()
            .filter_map(|name| {
                let name = name.as_str().to_owned();
                let zone = TimeZone::get(&name).ok()?;
                Some((name, zone))
            })
            .collect()
    })
}

/// The IANA zone whose offsets and changes over `history`'s span are
/// exactly `history`'s. Among several (New York and Toronto share their
/// rules), the one named in `hint` (a TZID such as
/// `custom_America/New_York`), else one whose Windows name shares a word
/// with it (`Eastern`), else one with the same abbreviations (`abbreviations`,
/// the file's TZNAMEs: JST is Tokyo, KST Seoul), else a major zone, else the one CLDR names for a
/// Windows zone, else a regional name (`Area/City`) before a legacy one,
/// else the first by name.
pub fn iana_zone_following(
    history: &OffsetHistory,
    hint: &str,
    abbreviations: &[String],
) -> Option<String> {
    let hint = hint.to_lowercase();
    let hint_words: Vec<&str> = hint
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 4 && !["standard", "daylight", "time", "zone"].contains(w))
        .collect();
    let windows_words = |name: &str| {
        super::windows::windows_names_for(name)
            .iter()
            .any(|windows| {
                let windows = windows.to_lowercase();
                hint_words.iter().any(|w| windows.contains(w))
            })
    };
    all_zones()
        .iter()
        .filter(|(_, zone)| zone.to_offset(history.from) == history.initial)
        .filter(|(_, zone)| OffsetHistory::of_zone(zone, history.from, history.to) == *history)
        .min_by_key(|(name, zone)| {
            let same_abbreviations = !abbreviations.is_empty()
                && std::iter::once(history.from)
                    .chain(history.changes.iter().map(|(at, _)| *at))
                    .all(|at| {
                        let info = zone.to_offset_info(at);
                        abbreviations
                            .iter()
                            .any(|a| a.eq_ignore_ascii_case(info.abbreviation()))
                    });
            let legacy = !name.contains('/')
                || [
                    "Etc/", "US/", "SystemV/", "Canada/", "Mexico/", "Brazil/", "Chile/",
                ]
                .iter()
                .any(|prefix| name.starts_with(prefix));
            (
                !hint.contains(&name.to_lowercase()),
                !windows_words(name),
                !same_abbreviations,
                !super::search::is_well_known(name),
                !super::windows::is_primary_zone(name),
                legacy,
                name.clone(),
            )
        })
        .map(|(name, _)| name.clone())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn year(y: i16) -> (Timestamp, Timestamp) {
        let from = jiff::civil::date(y, 1, 1).at(0, 0, 0, 0);
        let to = jiff::civil::date(y + 1, 1, 1).at(0, 0, 0, 0);
        (
            from.to_zoned(TimeZone::UTC).unwrap().timestamp(),
            to.to_zoned(TimeZone::UTC).unwrap().timestamp(),
        )
    }

    #[test]
    fn the_rules_of_a_zone_find_that_zone_or_the_one_the_hint_names() {
        let (from, to) = year(2023);
        let new_york =
            OffsetHistory::of_zone(&TimeZone::get("America/New_York").unwrap(), from, to);
        assert_eq!(new_york.changes.len(), 2);
        assert_eq!(
            iana_zone_following(&new_york, "Eastern", &[]).as_deref(),
            Some("America/New_York")
        );
        assert_eq!(
            iana_zone_following(&new_york, "custom_America/Toronto", &[]).as_deref(),
            Some("America/Toronto")
        );
        let tokyo = OffsetHistory::of_zone(&TimeZone::get("Asia/Tokyo").unwrap(), from, to);
        let jst = ["JST".to_owned()];
        assert_eq!(
            iana_zone_following(&tokyo, "", &jst).as_deref(),
            Some("Asia/Tokyo")
        );
        let kst = ["KST".to_owned()];
        assert_eq!(
            iana_zone_following(&tokyo, "", &kst).as_deref(),
            Some("Asia/Seoul")
        );
    }

    #[test]
    fn a_word_of_a_windows_name_in_the_hint_picks_among_zones_with_one_rule() {
        // Central European rules: Amsterdam, Berlin, Paris, Warsaw… alike.
        let (from, to) = year(2023);
        let cet = OffsetHistory::of_zone(&TimeZone::get("Europe/Berlin").unwrap(), from, to);
        for (hint, zone) in [
            ("Romance Standard Time", "Europe/Paris"),
            ("(UTC+01:00) Romance", "Europe/Paris"),
            ("Central European Standard Time", "Europe/Warsaw"),
            // No word of a Windows name: the primary zone first by name.
            (
                "GMT +0100 (Standard) / GMT +0200 (Daylight)",
                "Europe/Berlin",
            ),
        ] {
            assert_eq!(
                iana_zone_following(&cet, hint, &[]).as_deref(),
                Some(zone),
                "{hint}"
            );
        }
    }

    #[test]
    fn rules_no_zone_follows_find_none() {
        let (from, to) = year(2023);
        let mut odd = OffsetHistory::of_zone(&TimeZone::get("America/New_York").unwrap(), from, to);
        // US rules, but the spring change a week late.
        odd.changes[0].0 += jiff::SignedDuration::from_hours(24 * 7);
        assert_eq!(iana_zone_following(&odd, "", &[]), None);
        assert_eq!(odd.offset_at(from).seconds(), -5 * 3600);
        assert_eq!(odd.offset_at(odd.changes[0].0).seconds(), -4 * 3600);
    }

    #[test]
    fn local_times_in_a_gap_or_a_fold_read_as_jiff_reads_them() {
        let (from, to) = year(2023);
        // Sydney's year begins in summer time: its gap comes after its fold.
        for (zone, locals) in [
            (
                "America/Los_Angeles",
                [
                    "2023-03-12T01:30",
                    "2023-03-12T02:30", // the gap
                    "2023-03-12T03:00",
                    "2023-11-05T01:30", // the fold
                    "2023-11-05T02:00",
                    "2023-07-01T12:00",
                ],
            ),
            (
                "Australia/Sydney",
                [
                    "2023-04-02T02:30", // the fold
                    "2023-04-02T03:00",
                    "2023-10-01T02:00", // the gap
                    "2023-10-01T02:30",
                    "2023-10-01T03:00",
                    "2023-01-15T12:00",
                ],
            ),
        ] {
            let zone = TimeZone::get(zone).unwrap();
            let history = OffsetHistory::of_zone(&zone, from, to);
            for local in locals {
                let local: DateTime = local.parse().unwrap();
                assert_eq!(
                    history.instant_of(local),
                    Some(local.to_zoned(zone.clone()).unwrap().timestamp()),
                    "{local}"
                );
            }
        }
    }

    #[test]
    fn a_history_ends_before_its_end() {
        let (from, _) = year(2023);
        let zone = TimeZone::get("America/New_York").unwrap();
        let spring = "2023-03-12T07:00:00Z".parse().unwrap();
        assert!(
            OffsetHistory::of_zone(&zone, from, spring)
                .changes
                .is_empty()
        );
        let after = spring + jiff::SignedDuration::from_secs(1);
        assert_eq!(OffsetHistory::of_zone(&zone, from, after).changes.len(), 1);
    }
}
