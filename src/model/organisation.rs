//! Organisations: port authorities, government offices, companies.

use serde::{Deserialize, Serialize};

use super::ids::OrganisationId;

/// What kind of body an organisation is.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub enum OrganisationKind {
    PortAuthority,
    GovernmentOffice,
    Company,
    Association,
    Other,
}

impl OrganisationKind {
    pub const ALL: [Self; 5] = [
        Self::PortAuthority,
        Self::GovernmentOffice,
        Self::Company,
        Self::Association,
        Self::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::PortAuthority => "Port authority",
            Self::GovernmentOffice => "Government office",
            Self::Company => "Company",
            Self::Association => "Association",
            Self::Other => "Other",
        }
    }
}

/// A port authority, government office, company or association.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub notes: String,
}

impl Organisation {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            id: OrganisationId::fresh(),
            name: name.into(),
            kind: OrganisationKind::Other,
            country: String::new(),
            website: String::new(),
            notes: String::new(),
        }
    }
}
