//! People taking part in the mission.

use serde::{Deserialize, Serialize};

use super::ids::{OrganisationId, PersonId};

/// The part a person plays in the mission.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub enum MissionRole {
    Delegate,
    Host,
    Speaker,
    Staff,
    Other,
}

impl MissionRole {
    pub const ALL: [Self; 5] = [
        Self::Delegate,
        Self::Host,
        Self::Speaker,
        Self::Staff,
        Self::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Delegate => "Delegate",
            Self::Host => "Host",
            Self::Speaker => "Speaker",
            Self::Staff => "Staff",
            Self::Other => "Other",
        }
    }
}

/// Someone who takes part in the mission or its agreements.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    /// The name in its own script, e.g. "中村 博" (format 7); empty when the
    /// name is already written in it. Not written when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub local_name: String,
    /// Job title, e.g. "Executive Director".
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub organisation: Option<OrganisationId>,
    pub role: MissionRole,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub notes: String,
}

impl Person {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            id: PersonId::fresh(),
            name: name.into(),
            local_name: String::new(),
            title: String::new(),
            organisation: None,
            role: MissionRole::Delegate,
            email: String::new(),
            phone: String::new(),
            notes: String::new(),
        }
    }
}
