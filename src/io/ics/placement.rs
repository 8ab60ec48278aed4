//! Placing a calendar's local times in time: which zone a TZID means (an
//! IANA name, one behind a vendor prefix, a Windows name, or the file's own
//! definition matched to an IANA zone or kept as it is), each mapping said
//! once in the report.

use std::collections::{HashMap, HashSet};

use jiff::civil::DateTime;
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};

use super::import::ImportNote;
use super::parse_fixed_zone_name;
use super::vtimezone::FileZone;
use crate::model::ZonedTime;
use crate::zones::matching::{OffsetHistory, iana_zone_following};
use crate::zones::{NameKind, iana_zone_named};

/// Most (zone, year) pairs whose rules a file's own zones are worked out
/// for in one import: a mission's calendar spans a year or two; a file with
/// events in thousands of years must not cost thousands of expansions.
pub(super) const MAX_ZONE_YEARS: usize = 64;

/// What a DTSTART, DTEND, EXDATE or RECURRENCE-ID value is local to.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(super) enum TimeRef {
    Utc,
    /// No zone: read in the mission's host zone.
    Floating,
    Zone(String),
}

/// A file-defined zone's rules for one year: an IANA zone that follows
/// them, or the rules themselves.
#[derive(Clone)]
enum YearRules {
    Iana(TimeZone),
    Own(OffsetHistory),
}

pub(super) struct Zones {
    pub(super) host: TimeZone,
    named: HashMap<String, Option<TimeZone>>,
    file: HashMap<String, FileZone>,
    years: HashMap<(String, i16), YearRules>,
    /// The mappings made, in the order first met: the report lists them.
    pub(super) said: Vec<ImportNote>,
    /// (TZID, year) whose file definition was compared with the IANA zone
    /// of the same name.
    compared: HashSet<(String, i16)>,
    /// TZIDs neither known nor defined, said once each.
    unknown: HashSet<String>,
    /// Local times that fall in a gap or a fold of their zone, for the
    /// report's notes (taken after each event).
    pub(super) remarks: Vec<ImportNote>,
}

impl Zones {
    pub(super) fn new(host: TimeZone, file_zones: Vec<FileZone>) -> Self {
        let mut zones = Self {
            host,
            named: HashMap::new(),
            file: HashMap::new(),
            years: HashMap::new(),
            said: Vec::new(),
            remarks: Vec::new(),
            compared: HashSet::new(),
            unknown: HashSet::new(),
        };
        for zone in file_zones {
            if let Some(first) = zone_defined_before(&zones.file, &zone) {
                zones.say(
                    zone.line,
                    format!(
                        "time zone “{}” is defined twice (also at line {first}); the first \
                         definition was used",
                        zone.tzid
                    ),
                );
                continue;
            }
            zones.file.insert(zone.tzid.clone(), zone);
        }
        zones
    }

    fn say(&mut self, line: usize, message: String) {
        self.said.push(ImportNote { line, message });
    }

    /// The instant a local time names; `line` is where it is used (for the
    /// report, the first time a zone is met).
    pub(super) fn place(
        &mut self,
        reference: &TimeRef,
        local: DateTime,
        line: usize,
    ) -> Result<ZonedTime, String> {
        let zone = match reference {
            // The same instant, shown in the mission's zone rather than UTC.
            TimeRef::Utc => {
                return local
                    .to_zoned(TimeZone::UTC)
                    .map(|at| ZonedTime(at.with_time_zone(self.host.clone())))
                    .map_err(|err| format!("time {local} cannot be placed ({err})"));
            }
            TimeRef::Floating => self.host.clone(),
            TimeRef::Zone(tzid) => match self.named(tzid, line) {
                Some(zone) => {
                    self.compare_with_definition(tzid, &zone, local.year());
                    zone
                }
                None => return self.place_in_file_zone(tzid, local, line),
            },
        };
        let mut placed = local
            .to_zoned(zone.clone())
            .map(ZonedTime)
            .map_err(|err| format!("time {local} cannot be placed ({err})"))?;
        let offset = placed.zoned().offset();
        if zone.iana_name().is_none() && offset.seconds() % 60 != 0 {
            // The same instant, shown with an offset a project file keeps.
            let shown = TimeZone::fixed(to_the_minute(offset));
            placed = ZonedTime(placed.zoned().with_time_zone(shown));
        }
        let ambiguity = match zone.to_ambiguous_zoned(local).offset() {
            AmbiguousOffset::Gap { .. } => Some(
                "does not exist in {zone} (the clocks went forward); read as {time}, as RFC 5545 says",
            ),
            AmbiguousOffset::Fold { .. } => {
                Some("happens twice in {zone} (the clocks went back); read as the first, {time}")
            }
            AmbiguousOffset::Unambiguous { .. } => None,
        };
        if let Some(what) = ambiguity {
            // Formatted only here: most times are not in a gap or a fold.
            let message = format!(
                "{} {}",
                local.strftime("%Y-%m-%d %H:%M"),
                what.replace("{zone}", zone.iana_name().unwrap_or("its zone"))
                    .replace("{time}", &placed.zoned().strftime("%H:%M %Z").to_string())
            );
            self.remarks.push(ImportNote { line, message });
        }
        Ok(placed)
    }

    /// The local time an instant has where `reference` says (for an UNTIL
    /// given in UTC): the inverse of [`Zones::place`].
    pub(super) fn local_of(&self, reference: &TimeRef, at: jiff::Timestamp) -> Option<DateTime> {
        let zone = match reference {
            TimeRef::Utc => TimeZone::UTC,
            TimeRef::Floating => self.host.clone(),
            TimeRef::Zone(tzid) => match self.named.get(tzid) {
                Some(Some(zone)) => zone.clone(),
                _ => {
                    let year = at.to_zoned(TimeZone::UTC).year();
                    match self.years.get(&(tzid.clone(), year)) {
                        Some(YearRules::Iana(zone)) => zone.clone(),
                        Some(YearRules::Own(history)) => TimeZone::fixed(history.offset_at(at)),
                        None => {
                            let (from, to) = year_span(year)?;
                            let history = self.file.get(tzid)?.history(from, to);
                            TimeZone::fixed(history.offset_at(at))
                        }
                    }
                }
            },
        };
        Some(at.to_zoned(zone).datetime())
    }

    /// A TZID that is a zone's name and is also defined by the file: the
    /// name wins (as calendar programs read it), but where the definition
    /// gives other offsets that year, the report says so.
    fn compare_with_definition(&mut self, tzid: &str, zone: &TimeZone, year: i16) {
        let Some(file_zone) = self.file.get(tzid) else {
            return;
        };
        if self.compared.len() >= MAX_ZONE_YEARS || !self.compared.insert((tzid.to_owned(), year)) {
            return;
        }
        let Some((from, to)) = year_span(year) else {
            return;
        };
        if file_zone.history(from, to) != OffsetHistory::of_zone(zone, from, to) {
            let line = file_zone.line;
            self.say(
                line,
                format!(
                    "time zone “{tzid}” is a zone's name, but the file's own definition here \
                     gives other offsets in {year}; the named zone ({}) was used",
                    zone.iana_name().unwrap_or(tzid)
                ),
            );
        }
    }

    /// The zone a name alone says, looked up once per name.
    fn named(&mut self, tzid: &str, line: usize) -> Option<TimeZone> {
        if let Some(known) = self.named.get(tzid) {
            return known.clone();
        }
        let found = match parse_fixed_zone_name(tzid) {
            Some(offset) => {
                if offset.seconds() % 60 != 0 {
                    self.say(
                        line,
                        format!(
                            "time zone “{tzid}” has seconds; its times are shown to the minute \
                             ({}), the instants unchanged",
                            to_the_minute(offset)
                        ),
                    );
                }
                Some(TimeZone::fixed(offset))
            }
            None => iana_zone_named(tzid).map(|(zone, kind)| {
                let name = zone.iana_name().unwrap_or("?").to_owned();
                match kind {
                    NameKind::Iana => {}
                    NameKind::VendorPrefix => self.say(
                        line,
                        format!("time zone “{tzid}” read as {name} (the IANA name behind a vendor prefix)"),
                    ),
                    NameKind::Windows => self.say(
                        line,
                        format!("time zone “{tzid}” read as {name} (a Windows zone name, by the Unicode CLDR table)"),
                    ),
                }
                zone
            }),
        };
        self.named.insert(tzid.to_owned(), found.clone());
        found
    }

    fn place_in_file_zone(
        &mut self,
        tzid: &str,
        local: DateTime,
        line: usize,
    ) -> Result<ZonedTime, String> {
        let year = local.year();
        let key = (tzid.to_owned(), year);
        let rules = match self.years.get(&key) {
            Some(rules) => rules.clone(),
            None => {
                if self.years.len() >= MAX_ZONE_YEARS {
                    return Err(format!(
                        "time zone “{tzid}” is defined by the file, and its times span more \
                         than {MAX_ZONE_YEARS} different years"
                    ));
                }
                let Some(file_zone) = self.file.get(tzid) else {
                    return self.place_in_unknown_zone(tzid, local, line);
                };
                let (from, to) =
                    year_span(year).ok_or_else(|| format!("time {local} is out of range"))?;
                let history = file_zone.history(from, to);
                let defined_at = file_zone.line;
                let rules = match iana_zone_following(&history, tzid, &file_zone.abbreviations())
                    .and_then(|name| TimeZone::get(&name).ok())
                {
                    Some(zone) => {
                        self.say(
                            defined_at,
                            format!(
                                "time zone “{tzid}” read as {} (its definition here has the same \
                                 offsets and changes in {year})",
                                zone.iana_name().unwrap_or("?")
                            ),
                        );
                        YearRules::Iana(zone)
                    }
                    None => {
                        self.say(
                            defined_at,
                            format!(
                                "time zone “{tzid}” follows no IANA zone in {year}; its times \
                                 were kept as exact instants with fixed UTC offsets"
                            ),
                        );
                        YearRules::Own(history)
                    }
                };
                self.years.insert(key, rules.clone());
                rules
            }
        };
        match rules {
            YearRules::Iana(zone) => local
                .to_zoned(zone)
                .map(ZonedTime)
                .map_err(|err| format!("time {local} cannot be placed ({err})")),
            YearRules::Own(history) => {
                let at = history
                    .instant_of(local)
                    .ok_or_else(|| format!("time {local} is out of range"))?;
                Ok(ZonedTime(at.to_zoned(TimeZone::fixed(to_the_minute(
                    history.offset_at(at),
                )))))
            }
        }
    }
}

fn zone_defined_before(file: &HashMap<String, FileZone>, zone: &FileZone) -> Option<usize> {
    file.get(&zone.tzid).map(|first| first.line)
}

/// A fixed offset as a project file keeps it: to the minute. The instant
/// stays exact; only the local time shown may differ by seconds.
fn to_the_minute(offset: Offset) -> Offset {
    let seconds = offset.seconds();
    let rounded = (f64::from(seconds) / 60.0).round() as i32 * 60;
    Offset::from_seconds(rounded).unwrap_or(offset)
}

impl Zones {
    /// A zone nobody defines: its times are read in the mission's zone, as
    /// other calendar programs read them (as floating times), and the report
    /// says so, so that a delegate checks them.
    fn place_in_unknown_zone(
        &mut self,
        tzid: &str,
        local: DateTime,
        line: usize,
    ) -> Result<ZonedTime, String> {
        if self.unknown.insert(tzid.to_owned()) {
            let host = self.host.iana_name().unwrap_or("UTC").to_owned();
            self.say(
                line,
                format!(
                    "time zone “{tzid}” is not one this app knows, and the file does not define \
                     it (or its definition could not be read); its times were read in the \
                     mission's zone, {host}: check them"
                ),
            );
        }
        self.place(&TimeRef::Floating, local, line)
    }
}

/// A civil year in UTC, with two days either side so that local times at
/// its ends are covered.
fn year_span(year: i16) -> Option<(jiff::Timestamp, jiff::Timestamp)> {
    let start = jiff::civil::date(year, 1, 1)
        .at(0, 0, 0, 0)
        .checked_sub(jiff::Span::new().days(2))
        .ok()?;
    let end = jiff::civil::Date::new(year.checked_add(1)?, 1, 3)
        .ok()?
        .at(0, 0, 0, 0);
    Some((
        start.to_zoned(TimeZone::UTC).ok()?.timestamp(),
        end.to_zoned(TimeZone::UTC).ok()?.timestamp(),
    ))
}
