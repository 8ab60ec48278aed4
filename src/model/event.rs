//! Mission events: meetings, ceremonies, site visits, receptions, travel.

use serde::{Deserialize, Serialize};

use super::ids::{AgreementId, EventId, PersonId, PortId};
use super::zoned_time::ZonedTime;

/// What sort of event this is.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub enum EventKind {
    Meeting,
    SigningCeremony,
    SiteVisit,
    Reception,
    Panel,
    Travel,
    Other,
}

impl EventKind {
    pub const ALL: [Self; 7] = [
        Self::Meeting,
        Self::SigningCeremony,
        Self::SiteVisit,
        Self::Reception,
        Self::Panel,
        Self::Travel,
        Self::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Meeting => "Meeting",
            Self::SigningCeremony => "Signing ceremony",
            Self::SiteVisit => "Site visit",
            Self::Reception => "Reception",
            Self::Panel => "Panel",
            Self::Travel => "Travel",
            Self::Other => "Other",
        }
    }
}

/// Someone taking part in an event, in the room or from afar.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub struct Participant {
    pub person: PersonId,
    /// Joins by video link (no travel needed, and no clash with being elsewhere).
    #[serde(default)]
    pub remote: bool,
}

/// One entry in the mission's schedule.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct MissionEvent {
    pub id: EventId,
    pub title: String,
    pub kind: EventKind,
    pub start: ZonedTime,
    pub end: ZonedTime,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub port: Option<PortId>,
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// Agreements discussed, negotiated or signed at this event.
    #[serde(default)]
    pub agreements: Vec<AgreementId>,
    #[serde(default)]
    pub notes: String,
    /// The iCalendar UID of an event imported from another calendar, so a
    /// second import updates it instead of adding a copy.
    #[serde(default)]
    pub uid: Option<String>,
    /// For one occurrence of a repeating calendar event: its original start
    /// (iCalendar's RECURRENCE-ID). With `uid` it names the occurrence, so a
    /// second import updates it and export gives the series back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence_id: Option<ZonedTime>,
}

impl MissionEvent {
    pub fn new(title: impl Into<String>, start: ZonedTime, end: ZonedTime) -> Self {
        Self {
            id: EventId::fresh(),
            title: title.into(),
            kind: EventKind::Meeting,
            start,
            end,
            location: String::new(),
            port: None,
            participants: Vec::new(),
            agreements: Vec::new(),
            notes: String::new(),
            uid: None,
            recurrence_id: None,
        }
    }

    /// Whether `person` takes part, in the room or remotely.
    pub fn has_participant(&self, person: PersonId) -> bool {
        self.participants.iter().any(|p| p.person == person)
    }
}
