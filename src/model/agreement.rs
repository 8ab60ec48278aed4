//! Agreements: memoranda of understanding, green shipping corridor
//! partnerships, letters of intent, with their drafts and revisions.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::ids::{AgreementId, OrganisationId, PortId};

/// What sort of agreement this is.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub enum AgreementKind {
    MemorandumOfUnderstanding,
    GreenShippingCorridorPartnership,
    LetterOfIntent,
    Other,
}

impl AgreementKind {
    pub const ALL: [Self; 4] = [
        Self::MemorandumOfUnderstanding,
        Self::GreenShippingCorridorPartnership,
        Self::LetterOfIntent,
        Self::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::MemorandumOfUnderstanding => "Memorandum of understanding",
            Self::GreenShippingCorridorPartnership => "Green shipping corridor partnership",
            Self::LetterOfIntent => "Letter of intent",
            Self::Other => "Other",
        }
    }

    /// Abbreviation for tables and one-line listings.
    pub fn short(self) -> &'static str {
        match self {
            Self::MemorandumOfUnderstanding => "MOU",
            Self::GreenShippingCorridorPartnership => "GSC",
            Self::LetterOfIntent => "LOI",
            Self::Other => "other",
        }
    }
}

/// Where an agreement stands, in pipeline order.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize)]
pub enum AgreementStatus {
    Idea,
    Drafting,
    Negotiation,
    ReadyToSign,
    Signed,
    InForce,
    Expired,
    Withdrawn,
}

impl AgreementStatus {
    pub const ALL: [Self; 8] = [
        Self::Idea,
        Self::Drafting,
        Self::Negotiation,
        Self::ReadyToSign,
        Self::Signed,
        Self::InForce,
        Self::Expired,
        Self::Withdrawn,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Idea => "Idea",
            Self::Drafting => "Drafting",
            Self::Negotiation => "Negotiation",
            Self::ReadyToSign => "Ready to sign",
            Self::Signed => "Signed",
            Self::InForce => "In force",
            Self::Expired => "Expired",
            Self::Withdrawn => "Withdrawn",
        }
    }

    /// Whether the parties have signed (the agreement exists, whatever its term).
    pub fn is_signed(self) -> bool {
        matches!(self, Self::Signed | Self::InForce | Self::Expired)
    }
}

/// A party to an agreement: a port or an organisation.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub enum Party {
    Port(PortId),
    Organisation(OrganisationId),
}

/// An area of cooperation. The built-in ones are those the 2023 Los Angeles
/// MOUs with Tokyo and Yokohama name; anything else is `Other`.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub enum CooperationArea {
    BestPracticeSharing,
    SupplyChainDigitalisation,
    ZeroEmissionVehicles,
    ZeroEmissionCargoHandlingEquipment,
    ZeroEmissionVessels,
    EnergyUseAndAlternativeEnergy,
    PollutionReductionTerminals,
    PollutionReductionOceanGoingVessels,
    PollutionReductionDrayageTrucks,
    GreenShippingCorridor,
    Other(String),
}

impl CooperationArea {
    /// The built-in areas, in the order a form lists them.
    pub const BUILT_IN: [Self; 10] = [
        Self::BestPracticeSharing,
        Self::SupplyChainDigitalisation,
        Self::ZeroEmissionVehicles,
        Self::ZeroEmissionCargoHandlingEquipment,
        Self::ZeroEmissionVessels,
        Self::EnergyUseAndAlternativeEnergy,
        Self::PollutionReductionTerminals,
        Self::PollutionReductionOceanGoingVessels,
        Self::PollutionReductionDrayageTrucks,
        Self::GreenShippingCorridor,
    ];

    pub fn label(&self) -> &str {
        match self {
            Self::BestPracticeSharing => "Sharing environmental best practice",
            Self::SupplyChainDigitalisation => "Supply-chain digitisation",
            Self::ZeroEmissionVehicles => "Zero-emission vehicles",
            Self::ZeroEmissionCargoHandlingEquipment => "Zero-emission cargo-handling equipment",
            Self::ZeroEmissionVessels => "Zero-emission vessels",
            Self::EnergyUseAndAlternativeEnergy => "Energy use and alternative energy",
            Self::PollutionReductionTerminals => "Pollution reduction at terminals",
            Self::PollutionReductionOceanGoingVessels => {
                "Pollution reduction for ocean-going vessels"
            }
            Self::PollutionReductionDrayageTrucks => "Pollution reduction for drayage trucks",
            Self::GreenShippingCorridor => "Green shipping corridor",
            Self::Other(text) => text,
        }
    }
}

/// One recorded version of an agreement's text.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Revision {
    /// 1, 2, 3… in the order revisions were recorded; never reused.
    pub number: u32,
    /// Shared, not copied: a recorded text never changes, and the agreement
    /// form and the undo history copy agreements with all their revisions.
    pub text: std::sync::Arc<str>,
    pub author: String,
    /// When the revision was recorded (an instant; shown in the viewer's zone).
    pub recorded_at: Timestamp,
    /// What changed, in a line.
    #[serde(default)]
    pub message: String,
}

/// Something an agreement commits its parties to do by a date.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Milestone {
    pub title: String,
    #[serde(default)]
    pub due: Option<Date>,
    #[serde(default)]
    pub done: bool,
}

/// The dates in an agreement's life; each one is optional.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub struct AgreementDates {
    #[serde(default)]
    pub proposed: Option<Date>,
    #[serde(default)]
    pub signed: Option<Date>,
    #[serde(default)]
    pub effective: Option<Date>,
    #[serde(default)]
    pub expires: Option<Date>,
}

/// An agreement between two or more ports or organisations.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Agreement {
    pub id: AgreementId,
    pub title: String,
    pub kind: AgreementKind,
    pub parties: Vec<Party>,
    pub status: AgreementStatus,
    #[serde(default)]
    pub dates: AgreementDates,
    #[serde(default)]
    pub areas: Vec<CooperationArea>,
    /// The working text, as the delegates are editing it now.
    #[serde(default)]
    pub draft: String,
    /// Recorded versions of the text, oldest first.
    #[serde(default)]
    pub revisions: Vec<Revision>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    #[serde(default)]
    pub notes: String,
}

impl Agreement {
    pub fn new(title: impl Into<String>, kind: AgreementKind) -> Self {
        Self {
            id: AgreementId::fresh(),
            title: title.into(),
            kind,
            parties: Vec::new(),
            status: AgreementStatus::Idea,
            dates: AgreementDates::default(),
            areas: Vec::new(),
            draft: String::new(),
            revisions: Vec::new(),
            milestones: Vec::new(),
            notes: String::new(),
        }
    }

    /// The number the next recorded revision gets.
    pub fn next_revision_number(&self) -> u32 {
        self.revisions.iter().map(|r| r.number).max().unwrap_or(0) + 1
    }
}
