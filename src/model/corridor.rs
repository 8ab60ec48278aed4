//! Green shipping corridors.

use serde::{Deserialize, Serialize};

use super::ids::{AgreementId, CorridorId, PortId};

/// How far a corridor has come.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize)]
pub enum CorridorStage {
    Announced,
    Feasibility,
    Implementation,
    Operational,
}

impl CorridorStage {
    pub const ALL: [Self; 4] = [
        Self::Announced,
        Self::Feasibility,
        Self::Implementation,
        Self::Operational,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Announced => "Announced",
            Self::Feasibility => "Feasibility",
            Self::Implementation => "Implementation",
            Self::Operational => "Operational",
        }
    }
}

/// A green shipping corridor: a trade route between ports on which the
/// partners work towards low- and zero-carbon ships and fuels.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Corridor {
    pub id: CorridorId,
    pub name: String,
    /// The route, in order; two or more ports.
    pub ports: Vec<PortId>,
    /// The partnership agreement that establishes the corridor, if any.
    #[serde(default)]
    pub agreement: Option<AgreementId>,
    pub stage: CorridorStage,
    #[serde(default)]
    pub fuels: String,
    #[serde(default)]
    pub targets: String,
    #[serde(default)]
    pub notes: String,
}

impl Corridor {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            id: CorridorId::fresh(),
            name: name.into(),
            ports: Vec::new(),
            agreement: None,
            stage: CorridorStage::Announced,
            fuels: String::new(),
            targets: String::new(),
            notes: String::new(),
        }
    }
}
