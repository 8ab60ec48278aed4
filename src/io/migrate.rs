//! Migrations from older project-file formats.
//!
//! Each old format has its own types here, kept apart from the model, and a
//! function that turns it into the current [`Project`]. Add a module-level
//! `from_vN` when the format changes; never change an old one.
//!
//! Format history:
//! - 1: ports named their code `unlocode`; event participants were plain
//!   person ids (no remote attendance).
//! - 2: `Port::locode`, `Participant { person, remote }`.
//! - 3: `Project::schedule` (travel times) and `MissionEvent::uid` (for
//!   calendar imports); both have defaults, so a format-2 file reads as a
//!   format-3 one.
//! - 4: `Project::conflicts` (what a merge left to decide); empty by
//!   default and not written when empty, so a format-3 file reads as a
//!   format-4 one.
//! - 5: `Project::ancestors` (hashes of the saved versions it descends
//!   from, for merging); empty by default and not written when empty, so a
//!   format-4 file reads as a format-5 one.
//! - 6: `MissionEvent::recurrence_id` (which occurrence of a repeating
//!   calendar event it is); none by default and not written when none, so a
//!   format-5 file reads as a format-6 one.
//! - 7: `Person::local_name` (the name in its own script, for the briefing
//!   book and vCards); empty by default and not written when empty, so a
//!   format-6 file reads as a format-7 one.

use serde::Deserialize;

use crate::model::AgreementId;
use crate::model::{
    Agreement, Corridor, EventId, EventKind, MissionEvent, MissionInfo, Organisation,
    OrganisationId, Participant, Person, PersonId, Port, PortId, Project, ScheduleSettings,
    ZonedTime,
};

#[derive(Deserialize)]
pub(super) struct ProjectV1 {
    mission: MissionInfo,
    #[serde(default)]
    ports: Vec<PortV1>,
    #[serde(default)]
    organisations: Vec<Organisation>,
    #[serde(default)]
    people: Vec<Person>,
    #[serde(default)]
    agreements: Vec<Agreement>,
    #[serde(default)]
    corridors: Vec<Corridor>,
    #[serde(default)]
    events: Vec<EventV1>,
}

#[derive(Deserialize)]
struct PortV1 {
    id: PortId,
    name: String,
    #[serde(default)]
    local_name: String,
    unlocode: String,
    country: String,
    #[serde(default)]
    city: String,
    latitude: f64,
    longitude: f64,
    time_zone: String,
    #[serde(default)]
    authority: Option<OrganisationId>,
    #[serde(default)]
    facts: Vec<String>,
    #[serde(default)]
    notes: String,
}

#[derive(Deserialize)]
struct EventV1 {
    id: EventId,
    title: String,
    kind: EventKind,
    start: ZonedTime,
    end: ZonedTime,
    #[serde(default)]
    location: String,
    #[serde(default)]
    port: Option<PortId>,
    #[serde(default)]
    participants: Vec<PersonId>,
    #[serde(default)]
    agreements: Vec<AgreementId>,
    #[serde(default)]
    notes: String,
}

/// Turns a format-1 project into the current model.
pub(super) fn from_v1(old: ProjectV1) -> Project {
    let ProjectV1 {
        mission,
        ports,
        organisations,
        people,
        agreements,
        corridors,
        events,
    } = old;
    let ports = ports
        .into_iter()
        .map(|p| Port {
            id: p.id,
            name: p.name,
            local_name: p.local_name,
            locode: p.unlocode,
            country: p.country,
            city: p.city,
            latitude: p.latitude,
            longitude: p.longitude,
            time_zone: p.time_zone,
            authority: p.authority,
            facts: p.facts,
            notes: p.notes,
        })
        .collect();
    let events = events
        .into_iter()
        .map(|e| MissionEvent {
            id: e.id,
            title: e.title,
            kind: e.kind,
            start: e.start,
            end: e.end,
            location: e.location,
            port: e.port,
            participants: e
                .participants
                .into_iter()
                .map(|person| Participant {
                    person,
                    remote: false,
                })
                .collect(),
            agreements: e.agreements,
            notes: e.notes,
            uid: None,
            recurrence_id: None,
        })
        .collect();
    Project {
        mission,
        schedule: ScheduleSettings::default(),
        ports,
        organisations,
        people,
        agreements,
        corridors,
        events,
        clauses: Vec::new(),
        conflicts: Vec::new(),
        ancestors: Vec::new(),
    }
}
