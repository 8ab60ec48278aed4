//! A calendar's own zone definitions (`VTIMEZONE`, RFC 5545 §3.6.5): their
//! observances give the offsets and the instants they change, which are
//! matched against the IANA zones or, failing that, used as they are.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::Offset;

use super::reader::{ContentLine, Property};
use super::{parse_offset, recur};
use crate::zones::matching::OffsetHistory;

/// Most parts (STANDARD, DAYLIGHT) a zone may have: real ones have two to a
/// few dozen (a zone's whole history).
const MAX_OBSERVANCES: usize = 200;

/// Most onsets worked out for one span of one zone.
const MAX_ONSETS: usize = 10_000;

/// One `VTIMEZONE` of the file.
pub(super) struct FileZone {
    pub(super) tzid: String,
    /// Where it begins in the file.
    pub(super) line: usize,
    observances: Vec<Observance>,
}

/// A `STANDARD` or `DAYLIGHT` part: from its onsets on, `to` is in force.
struct Observance {
    start: DateTime,
    from: Offset,
    to: Offset,
    rule: Option<String>,
    dates: Vec<DateTime>,
    name: Option<String>,
}

impl FileZone {
    /// Reads a VTIMEZONE's lines; `None` with the line and why when it has
    /// no TZID or an observance lacks what it needs.
    pub(super) fn read(lines: &[ContentLine]) -> Result<Self, (usize, String)> {
        let line = lines.first().map_or(0, |l| l.number);
        let mut tzid = None;
        let mut observances = Vec::new();
        let mut current: Option<(usize, Vec<Property<'_>>)> = None;
        for content in lines.iter().skip(1) {
            if let Some(name) = content.marker("BEGIN:") {
                if matches!(name.as_str(), "STANDARD" | "DAYLIGHT") {
                    current = Some((content.number, Vec::new()));
                }
            } else if content.marker("END:").is_some() {
                if let Some((begins, properties)) = current.take() {
                    observances.push(Observance::read(begins, &properties)?);
                }
            } else if let Some(property) = Property::parse(&content.text) {
                match current.as_mut() {
                    Some((_, properties)) => properties.push(property),
                    None if property.name.eq_ignore_ascii_case("TZID") => {
                        tzid = Some(property.text().trim().to_owned());
                    }
                    None => {}
                }
            }
        }
        let tzid = tzid.ok_or((line, "a VTIMEZONE without a TZID".to_owned()))?;
        if observances.is_empty() {
            return Err((line, format!("time zone {tzid} defines no offsets")));
        }
        if observances.len() > MAX_OBSERVANCES {
            return Err((
                line,
                format!(
                    "time zone {tzid} has {} parts, more than the {MAX_OBSERVANCES} this app reads",
                    observances.len()
                ),
            ));
        }
        Ok(Self {
            tzid,
            line,
            observances,
        })
    }

    /// The abbreviations its parts name (TZNAME: `EST`, `EDT`).
    pub(super) fn abbreviations(&self) -> Vec<String> {
        self.observances
            .iter()
            .filter_map(|o| o.name.clone())
            .collect()
    }

    /// Its offsets over `[from, to)`: every onset of every observance, in
    /// order.
    pub(super) fn history(&self, from: Timestamp, to: Timestamp) -> OffsetHistory {
        let as_local = |at: Timestamp| at.to_zoned(jiff::tz::TimeZone::UTC).datetime();
        let to_local = as_local(to).saturating_add(jiff::Span::new().days(2));
        // The last onset before the span decides its first offset: a rule
        // that repeats yearly has one in the year before.
        let from_local = as_local(from).saturating_sub(jiff::Span::new().days(400));
        let mut onsets: Vec<(Timestamp, Offset, Offset)> = Vec::new();
        for observance in &self.observances {
            let mut locals = vec![observance.start];
            if let Some(rule) = &observance.rule {
                // Yearly rules only (checked when read): no steps to budget.
                let expansion = recur::expand(
                    rule,
                    observance.start,
                    from_local,
                    to_local,
                    |v| until_as_local(v, observance.from),
                    &mut recur::MAX_STEPS_PER_FILE.clone(),
                );
                if let Ok(expansion) = expansion {
                    locals.extend(expansion.starts);
                }
            }
            locals.extend(observance.dates.iter().copied());
            for local in locals
                .into_iter()
                .take(MAX_ONSETS.saturating_sub(onsets.len()))
            {
                if let Some(at) = instant(local, observance.from) {
                    onsets.push((at, observance.from, observance.to));
                }
            }
        }
        onsets.sort_by_key(|(at, _, _)| *at);
        onsets.dedup_by_key(|(at, _, _)| *at);
        let initial = onsets
            .iter()
            .take_while(|(at, _, _)| *at <= from)
            .last()
            .map_or_else(|| onsets.first().map_or(Offset::UTC, |o| o.1), |o| o.2);
        let mut changes = Vec::new();
        let mut current = initial;
        for (at, _, offset) in onsets {
            if at > from && at < to && offset != current {
                changes.push((at, offset));
                current = offset;
            }
        }
        OffsetHistory {
            from,
            to,
            initial,
            changes,
        }
    }
}

impl Observance {
    fn read(begins: usize, properties: &[Property<'_>]) -> Result<Self, (usize, String)> {
        let get = |name: &str| {
            properties
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(name))
                .map(|p| p.value.trim())
        };
        let offset = |name: &str| {
            get(name)
                .and_then(parse_offset)
                .ok_or((begins, format!("a time-zone part without a valid {name}")))
        };
        let start = get("DTSTART").and_then(parse_local).ok_or((
            begins,
            "a time-zone part without a valid DTSTART".to_owned(),
        ))?;
        let dates = properties
            .iter()
            .filter(|p| p.name.eq_ignore_ascii_case("RDATE"))
            .flat_map(|p| p.value.split(','))
            .filter_map(|v| parse_local(v.trim()))
            .collect();
        Ok(Self {
            start,
            from: offset("TZOFFSETFROM")?,
            to: offset("TZOFFSETTO")?,
            rule: match get("RRULE") {
                // Zones change their offsets once or twice a year; a part
                // that repeats more often is not a zone (and would cost
                // thousands of steps a year).
                Some(rule) if !rule.to_ascii_uppercase().contains("FREQ=YEARLY") => {
                    return Err((
                        begins,
                        format!("a time-zone part that repeats other than yearly ({rule})"),
                    ));
                }
                rule => rule.map(str::to_owned),
            },
            dates,
            name: get("TZNAME").map(str::to_owned),
        })
    }
}

/// `20230312T020000` (local), or a date.
fn parse_local(value: &str) -> Option<DateTime> {
    let value = value.trim_end_matches('Z');
    DateTime::strptime("%Y%m%dT%H%M%S", value).ok().or_else(|| {
        jiff::civil::Date::strptime("%Y%m%d", value)
            .ok()
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
    })
}

/// The instant of a local time read with `offset`.
fn instant(local: DateTime, offset: Offset) -> Option<Timestamp> {
    local
        .to_zoned(jiff::tz::TimeZone::fixed(offset))
        .ok()
        .map(|z| z.timestamp())
}

/// An observance's UNTIL (in UTC, RFC 5545) as local time before its onset.
fn until_as_local(value: &str, offset: Offset) -> Option<DateTime> {
    match value.strip_suffix('Z') {
        Some(utc) => {
            let at = DateTime::strptime("%Y%m%dT%H%M%S", utc).ok()?;
            Some(
                at.to_zoned(jiff::tz::TimeZone::UTC)
                    .ok()?
                    .with_time_zone(jiff::tz::TimeZone::fixed(offset))
                    .datetime(),
            )
        }
        None => parse_local(value),
    }
}
