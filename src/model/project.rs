//! The mission document.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{
    Agreement, Clause, Corridor, MissionEvent, Organisation, Person, Port, ScheduleSettings,
};

/// The mission itself: what it is called, when it runs and in which zones.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct MissionInfo {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// First day of the mission (civil date in the host zone).
    pub first_day: Date,
    /// Last day of the mission, inclusive.
    pub last_day: Date,
    /// IANA zone where the mission takes place, e.g. "Asia/Tokyo".
    pub host_zone: String,
    /// IANA zone the delegation comes from, e.g. "America/Los_Angeles".
    pub home_zone: String,
}

impl Default for MissionInfo {
    fn default() -> Self {
        Self {
            title: "New mission".to_owned(),
            description: String::new(),
            first_day: jiff::civil::date(2026, 1, 1),
            last_day: jiff::civil::date(2026, 1, 7),
            host_zone: "UTC".to_owned(),
            home_zone: "UTC".to_owned(),
        }
    }
}

impl MissionInfo {
    /// A five-day mission from `first_day`, hosted and based in `zone`: what
    /// File → New proposes (the delegate changes what differs).
    pub fn starting_on(first_day: Date, zone: &str) -> Self {
        Self {
            title: String::new(),
            description: String::new(),
            first_day,
            last_day: first_day
                .checked_add(jiff::Span::new().days(4))
                .unwrap_or(first_day),
            host_zone: zone.to_owned(),
            home_zone: zone.to_owned(),
        }
    }

    /// The host zone, or UTC when its name is not a known IANA zone
    /// (validation reports that).
    pub fn host_tz(&self) -> jiff::tz::TimeZone {
        zone_or_utc(&self.host_zone)
    }

    /// The home zone, or UTC when its name is not a known IANA zone.
    pub fn home_tz(&self) -> jiff::tz::TimeZone {
        zone_or_utc(&self.home_zone)
    }

    /// The calendar date at `now` in the home zone: what "today" means for
    /// overdue milestones and date defaults, the same in every view.
    pub fn today(&self, now: jiff::Timestamp) -> Date {
        now.to_zoned(self.home_tz()).date()
    }
}

fn zone_or_utc(name: &str) -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(name).unwrap_or(jiff::tz::TimeZone::UTC)
}

/// A whole trade-mission project: everything a project file holds.
///
/// Collections keep the order in which entities were added (the user's
/// order), so two saves of one project are byte-identical and a diff between
/// two saves reads as a list of changes.
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
pub struct Project {
    pub mission: MissionInfo,
    #[serde(default)]
    pub schedule: ScheduleSettings,
    #[serde(default)]
    pub ports: Vec<Port>,
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub agreements: Vec<Agreement>,
    #[serde(default)]
    pub corridors: Vec<Corridor>,
    #[serde(default)]
    pub events: Vec<MissionEvent>,
    /// Reusable clauses for drafts.
    #[serde(default)]
    pub clauses: Vec<Clause>,
    /// What a merge left for a person to decide (format 4); none in a
    /// project nobody merged, and then not written at all.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::conflict::capped"
    )]
    pub conflicts: Vec<super::MergeConflict>,
    /// Hashes of the saved versions this project descends from, oldest
    /// first (format 5): how a merge finds the version two copies share.
    /// Each is the SHA-256 of that version's file written without this field
    /// (see [`crate::io::project_file::version_hash`]), so it is written last
    /// and a file can name itself. Not part of the content: comparing,
    /// validating and merging look past it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ancestors: Vec<String>,
}

impl Project {
    /// An empty project with default mission details.
    pub fn new() -> Self {
        Self::default()
    }

    /// Equal apart from the ancestors (which versions it descends from).
    pub fn same_content(&self, other: &Self) -> bool {
        let Self {
            mission,
            schedule,
            ports,
            organisations,
            people,
            agreements,
            corridors,
            events,
            clauses,
            conflicts,
            ancestors: _,
        } = self;
        *mission == other.mission
            && *schedule == other.schedule
            && *ports == other.ports
            && *organisations == other.organisations
            && *people == other.people
            && *agreements == other.agreements
            && *corridors == other.corridors
            && *events == other.events
            && *clauses == other.clauses
            && *conflicts == other.conflicts
    }

    /// How many entities of `kind` the project has.
    pub fn count_of(&self, kind: super::EntityKind) -> usize {
        use super::Entity;
        crate::with_entity_kind!(kind, |T| T::list(self).len())
    }

    /// Total number of entities, for status lines and limits.
    pub fn entity_count(&self) -> usize {
        let Self {
            mission: _,
            schedule: _,
            ports,
            organisations,
            people,
            agreements,
            corridors,
            events,
            clauses: _,
            conflicts: _,
            ancestors: _,
        } = self;
        ports.len()
            + organisations.len()
            + people.len()
            + agreements.len()
            + corridors.len()
            + events.len()
    }
}
