//! Checks a project and explains what is wrong in words a delegate understands.
//!
//! Validation never changes the project; files with problems still load, so a
//! delegate can open and mend them. Edits keep the structural invariants
//! (unique ids, no new dangling references); everything else is reported here.

use std::collections::{HashMap, HashSet};
use std::fmt;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::entity::{Entity, EntityRef};
use super::port::{check_locode, is_country_code};
use super::{AgreementStatus, EventId, EventKind, MissionEvent, PersonId, Project};

/// How serious a problem is. Errors make `check` fail; warnings do not.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

/// One thing wrong with a project.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Problem {
    pub severity: Severity,
    /// The entity concerned; `None` for the mission as a whole.
    pub subject: Option<EntityRef>,
    /// `kind "name"` of the subject at the time of validation, or "mission".
    pub subject_label: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.severity.label(),
            self.subject_label,
            self.message
        )
    }
}

/// Collects problems while validation walks the project.
struct Report<'p> {
    project: &'p Project,
    problems: Vec<Problem>,
    /// Names by reference, built on the first problem: describing each
    /// problem by a linear search would make validation quadratic.
    names: Option<HashMap<EntityRef, &'p str>>,
}

impl<'p> Report<'p> {
    fn new(project: &'p Project) -> Self {
        Self {
            project,
            problems: Vec::new(),
            names: None,
        }
    }

    /// `kind "name"` of `target`, or its id when it is not in the project.
    fn describe(&mut self, target: EntityRef) -> String {
        let project = self.project;
        let names = self.names.get_or_insert_with(|| {
            let mut names = HashMap::with_capacity(project.entity_count());
            crate::for_each_collection!(project, |list| {
                for entity in list {
                    names
                        .entry(entity.entity_ref())
                        .or_insert(entity.display_name());
                }
            });
            names
        });
        match names.get(&target) {
            Some(name) => format!("{} \"{}\"", target.kind().label(), name),
            None => target.to_string(),
        }
    }

    fn push(&mut self, severity: Severity, subject: Option<EntityRef>, message: String) {
        let subject_label = match subject {
            Some(subject) => self.describe(subject),
            None => "mission".to_owned(),
        };
        self.problems.push(Problem {
            severity,
            subject,
            subject_label,
            message,
        });
    }
    fn error(&mut self, subject: EntityRef, message: String) {
        self.push(Severity::Error, Some(subject), message);
    }
    fn warning(&mut self, subject: EntityRef, message: String) {
        self.push(Severity::Warning, Some(subject), message);
    }
}

/// Looks up each IANA zone name once per validation run.
#[derive(Default)]
struct ZoneCache(HashMap<String, Option<TimeZone>>);

impl ZoneCache {
    fn get(&mut self, name: &str) -> Option<TimeZone> {
        if let Some(found) = self.0.get(name) {
            return found.clone();
        }
        let zone = TimeZone::get(name).ok();
        self.0.insert(name.to_owned(), zone.clone());
        zone
    }
}

/// All the problems of `project`, errors and warnings, in a stable order
/// (mission first, then entities in collection order). Nothing here depends
/// on today's date, so a file checks the same on any day.
pub fn validate(project: &Project) -> Vec<Problem> {
    validate_at(project, None)
}

/// [`validate`], plus the problems that depend on the date: milestones not
/// done by their due date (`today`, in the viewer's calendar).
pub fn validate_at(project: &Project, today: Option<jiff::civil::Date>) -> Vec<Problem> {
    let mut report = Report::new(project);
    let mut zones = ZoneCache::default();
    check_mission(&mut report, &mut zones);
    check_ids_and_references(&mut report);
    check_ports(&mut report, &mut zones);
    check_people(&mut report);
    check_agreements(&mut report);
    check_corridors(&mut report);
    check_events(&mut report, &mut zones);
    check_double_bookings(&mut report);
    check_travel(&mut report);
    check_conflicts(&mut report);
    if let Some(today) = today {
        check_overdue(&mut report, today);
    }
    report.problems
}

fn check_mission(report: &mut Report, zones: &mut ZoneCache) {
    let mission = &report.project.mission;
    let mut problems = Vec::new();
    if mission.title.trim().is_empty() {
        problems.push((Severity::Warning, "the mission has no title".to_owned()));
    }
    if mission.last_day < mission.first_day {
        problems.push((
            Severity::Error,
            format!(
                "the mission ends ({}) before it begins ({})",
                mission.last_day, mission.first_day
            ),
        ));
    }
    for (what, zone) in [("host", &mission.host_zone), ("home", &mission.home_zone)] {
        if zones.get(zone).is_none() {
            problems.push((
                Severity::Error,
                format!("the {what} time zone \"{zone}\" is not an IANA time zone name"),
            ));
        }
    }
    for (severity, message) in problems {
        report.push(severity, None, message);
    }
}

/// Duplicate ids and references to entities that do not exist.
fn check_ids_and_references(report: &mut Report) {
    let project = report.project;
    let mut known: HashSet<EntityRef> = HashSet::with_capacity(project.entity_count());
    let mut duplicates = Vec::new();
    crate::for_each_collection!(project, |list| {
        for entity in list {
            if !known.insert(entity.entity_ref()) {
                duplicates.push(entity.entity_ref());
            }
        }
    });
    for duplicate in duplicates {
        report.error(
            duplicate,
            format!(
                "the id {} is used by more than one {}; every entity needs its own id",
                duplicate.raw(),
                duplicate.kind().label()
            ),
        );
    }
    let mut dangling = Vec::new();
    crate::for_each_collection!(project, |list| {
        for entity in list {
            entity.for_each_reference(&mut |target| {
                if !known.contains(&target) {
                    dangling.push((entity.entity_ref(), target));
                }
            });
        }
    });
    for (from, target) in dangling {
        report.error(
            from,
            format!("refers to {target}, which is not in the project"),
        );
    }
}

fn check_ports(report: &mut Report, zones: &mut ZoneCache) {
    for port in &report.project.ports {
        let me = port.entity_ref();
        if port.name.trim().is_empty() {
            report.warning(me, "the port has no name".to_owned());
        }
        if let Err(err) = check_locode(&port.locode) {
            report.error(me, format!("UN/LOCODE \"{}\": {err}", port.locode));
        } else if is_country_code(&port.country) && !port.locode.starts_with(&port.country) {
            report.warning(
                me,
                format!(
                    "UN/LOCODE {} does not begin with the port's country code {}",
                    port.locode, port.country
                ),
            );
        }
        if !is_country_code(&port.country) {
            report.error(
                me,
                format!(
                    "country \"{}\" is not a two-letter ISO 3166 code such as JP or US",
                    port.country
                ),
            );
        }
        if !(-90.0..=90.0).contains(&port.latitude) {
            report.error(
                me,
                format!("latitude {} is outside −90..90 degrees", port.latitude),
            );
        }
        if !(-180.0..=180.0).contains(&port.longitude) {
            report.error(
                me,
                format!("longitude {} is outside −180..180 degrees", port.longitude),
            );
        }
        if zones.get(&port.time_zone).is_none() {
            report.error(
                me,
                format!(
                    "time zone \"{}\" is not an IANA time zone name",
                    port.time_zone
                ),
            );
        }
    }
}

fn check_people(report: &mut Report) {
    for person in &report.project.people {
        let me = person.entity_ref();
        if person.name.trim().is_empty() {
            report.warning(me, "the person has no name".to_owned());
        }
        let email = person.email.trim();
        if !email.is_empty() && !looks_like_email(email) {
            report.warning(
                me,
                format!("\"{email}\" does not look like an e-mail address"),
            );
        }
    }
}

pub fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((user, domain)) => {
            // Control characters (a NUL from a broken export) are no more
            // part of an address than spaces are.
            !user.is_empty()
                && domain.contains('.')
                && !text.contains(|c: char| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

fn check_agreements(report: &mut Report) {
    for agreement in &report.project.agreements {
        let me = agreement.entity_ref();
        if agreement.title.trim().is_empty() {
            report.warning(me, "the agreement has no title".to_owned());
        }
        let distinct: HashSet<_> = agreement.parties.iter().collect();
        if distinct.len() < 2 {
            report.error(
                me,
                format!(
                    "an agreement needs two or more parties; this one has {}",
                    distinct.len()
                ),
            );
        }
        if distinct.len() != agreement.parties.len() {
            report.warning(me, "a party is listed more than once".to_owned());
        }
        let dates = &agreement.dates;
        let order = [
            (
                "proposed",
                dates.proposed,
                "signed",
                dates.signed,
                Severity::Warning,
            ),
            (
                "signed",
                dates.signed,
                "effective",
                dates.effective,
                Severity::Warning,
            ),
            (
                "signed",
                dates.signed,
                "expires",
                dates.expires,
                Severity::Error,
            ),
            (
                "effective",
                dates.effective,
                "expires",
                dates.expires,
                Severity::Error,
            ),
        ];
        for (first, a, second, b, severity) in order {
            if let (Some(a), Some(b)) = (a, b)
                && b < a
            {
                report.push(
                    severity,
                    Some(me),
                    format!("the {second} date ({b}) is before the {first} date ({a})"),
                );
            }
        }
        if agreement.status.is_signed() && dates.signed.is_none() {
            report.warning(
                me,
                format!(
                    "the status is \"{}\" but no signing date is set",
                    agreement.status.label()
                ),
            );
        }
        if matches!(
            agreement.status,
            AgreementStatus::Idea | AgreementStatus::Drafting | AgreementStatus::Negotiation
        ) && dates.signed.is_some()
        {
            report.warning(
                me,
                format!(
                    "a signing date is set but the status is still \"{}\"",
                    agreement.status.label()
                ),
            );
        }
    }
}

fn check_corridors(report: &mut Report) {
    for corridor in &report.project.corridors {
        let me = corridor.entity_ref();
        if corridor.name.trim().is_empty() {
            report.warning(me, "the corridor has no name".to_owned());
        }
        if corridor.ports.len() < 2 {
            report.error(
                me,
                format!(
                    "a corridor is a route between two or more ports; this one has {}",
                    corridor.ports.len()
                ),
            );
        }
    }
}

fn check_events(report: &mut Report, zones: &mut ZoneCache) {
    let mission = &report.project.mission;
    let window_zone = zones.get(&mission.host_zone);
    let (first_day, last_day) = (mission.first_day, mission.last_day);
    for event in &report.project.events {
        let me = event.entity_ref();
        if event.title.trim().is_empty() {
            report.warning(me, "the event has no title".to_owned());
        }
        let (start, end) = (event.start.zoned(), event.end.zoned());
        if end.timestamp() < start.timestamp() {
            report.error(
                me,
                format!("the event ends ({end}) before it starts ({start})"),
            );
        }
        // The mission window is a range of days in the host zone.
        let (start_day, end_day) = match &window_zone {
            Some(zone) => (
                start.timestamp().to_zoned(zone.clone()).date(),
                end.timestamp().to_zoned(zone.clone()).date(),
            ),
            None => (start.date(), end.date()),
        };
        if event.kind != EventKind::Travel && event.start.zone_name() != event.end.zone_name() {
            report.warning(
                me,
                format!(
                    "starts in {} but ends in {}; only travel changes zone (an entry error?)",
                    event.start.zone_name().unwrap_or("a fixed offset"),
                    event.end.zone_name().unwrap_or("a fixed offset"),
                ),
            );
        }
        if start_day < first_day || end_day > last_day {
            report.warning(
                me,
                format!(
                    "the event ({start_day}) is outside the mission window {first_day} – {last_day}"
                ),
            );
        }
    }
}

/// A person in two events whose times overlap. One warning per clashing event.
fn check_double_bookings(report: &mut Report) {
    let project = report.project;
    let mut bookings: HashMap<PersonId, Vec<(Timestamp, Timestamp, EventId)>> = HashMap::new();
    for event in &project.events {
        let span = (
            event.start.zoned().timestamp(),
            event.end.zoned().timestamp(),
        );
        for participant in &event.participants {
            bookings
                .entry(participant.person)
                .or_default()
                .push((span.0, span.1, event.id));
        }
    }
    let mut clashes = Vec::new();
    for person in &project.people {
        let Some(list) = bookings.get_mut(&person.id) else {
            continue;
        };
        list.sort();
        let mut latest: Option<(Timestamp, EventId)> = None;
        for &(start, end, event) in list.iter() {
            if let Some((latest_end, other)) = latest
                && start < latest_end
            {
                clashes.push((person.id, event, other));
            }
            if latest.is_none_or(|(latest_end, _)| end > latest_end) {
                latest = Some((end, event));
            }
        }
    }
    for (person, event, other) in clashes {
        let person_label = report.describe(EntityRef::Person(person));
        let other_label = report.describe(EntityRef::Event(other));
        report.warning(
            EntityRef::Event(event),
            format!("{person_label} is also booked into the overlapping {other_label}"),
        );
    }
}

/// Whether any problem is an error.
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}

/// Where an event happens, as far as travel is concerned.
#[derive(PartialEq)]
enum Place {
    Port(super::PortId),
    Named(String),
    /// No port and no location: travel cannot be judged.
    Unknown,
}

fn place_of(event: &MissionEvent) -> Place {
    match event.port {
        Some(port) => Place::Port(port),
        None if event.location.trim().is_empty() => Place::Unknown,
        None => Place::Named(event.location.trim().to_lowercase()),
    }
}

/// Consecutive events of one person, in person, at different places with less
/// time between them than the travel takes.
fn check_travel(report: &mut Report) {
    let project = report.project;
    let settings = &project.schedule;
    let travel = settings.travel_index();
    let mut bookings: HashMap<PersonId, Vec<(Timestamp, usize)>> = HashMap::new();
    for (index, event) in project.events.iter().enumerate() {
        for participant in event.participants.iter().filter(|p| !p.remote) {
            bookings
                .entry(participant.person)
                .or_default()
                .push((event.start.zoned().timestamp(), index));
        }
    }
    let mut short = Vec::new();
    for person in &project.people {
        let Some(list) = bookings.get_mut(&person.id) else {
            continue;
        };
        list.sort();
        for pair in list.windows(2) {
            let (a, b) = (&project.events[pair[0].1], &project.events[pair[1].1]);
            let (from, to) = (place_of(a), place_of(b));
            let needed = match (&from, &to) {
                (Place::Unknown, _) | (_, Place::Unknown) => continue,
                (Place::Port(x), Place::Port(y)) => travel.minutes(*x, *y),
                _ if from == to => 0,
                _ => settings.default_travel_minutes,
            };
            let (end, start) = (a.end.zoned().timestamp(), b.start.zoned().timestamp());
            if needed == 0 || end > start {
                continue; // same place, or an overlap (reported on its own)
            }
            let gap = start.duration_since(end).as_secs() / 60;
            if gap < i64::from(needed) {
                short.push((person.id, a.id, b.id, gap, needed));
            }
        }
    }
    for (person, from, to, gap, needed) in short {
        let person_label = report.describe(EntityRef::Person(person));
        let from_label = report.describe(EntityRef::Event(from));
        report.warning(
            EntityRef::Event(to),
            format!(
                "{person_label} has {gap} min after {from_label} to get here, but the trip takes {needed} min"
            ),
        );
    }
    let ports: HashSet<super::PortId> = project.ports.iter().map(|p| p.id).collect();
    let missing: Vec<_> = settings
        .travel_times
        .iter()
        .flat_map(|t| [t.from, t.to])
        .filter(|port| !ports.contains(port))
        .collect();
    for port in missing {
        report.push(
            Severity::Error,
            None,
            format!(
                "a travel time refers to {}, which is not in the project",
                EntityRef::Port(port)
            ),
        );
    }
}

/// What a merge left undecided: each an error until a person chooses.
fn check_conflicts(report: &mut Report) {
    let project = report.project;
    for conflict in &project.conflicts {
        let shown = |value: &Option<String>| {
            value.as_deref().map_or_else(
                || "(deleted)".to_owned(),
                |v| {
                    let short: String = v.chars().take(60).collect();
                    if short.len() < v.len() {
                        format!("{short}…")
                    } else {
                        short
                    }
                },
            )
        };
        report.push(
            Severity::Error,
            conflict.subject,
            format!(
                "unresolved merge conflict in {}: ours {} / theirs {}",
                conflict.field,
                shown(&conflict.ours),
                shown(&conflict.theirs)
            ),
        );
    }
}

/// Milestones not done by their due date.
fn check_overdue(report: &mut Report, today: jiff::civil::Date) {
    let project = report.project;
    for agreement in &project.agreements {
        for milestone in &agreement.milestones {
            if let Some(due) = milestone.due
                && !milestone.done
                && due < today
            {
                report.warning(
                    agreement.entity_ref(),
                    format!(
                        "milestone \"{}\" was due on {due} and is not done",
                        milestone.title
                    ),
                );
            }
        }
    }
}
