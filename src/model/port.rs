//! Ports and their UN/LOCODEs.

use serde::{Deserialize, Serialize};

use super::ids::{OrganisationId, PortId};

/// A sea port taking part in the mission or in one of its agreements.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Port {
    pub id: PortId,
    /// English name, e.g. "Port of Tokyo".
    pub name: String,
    /// Name in the local script, e.g. "東京港".
    #[serde(default)]
    pub local_name: String,
    /// UN/LOCODE, e.g. "JPTYO". Shipping documents still write codes that
    /// UN/LOCODE gives to something else (`CNSHA`, Shanghai's airport, for
    /// its sea port `CNSGH`); keep the sea port's code here and mention the
    /// other in `notes`.
    pub locode: String,
    /// ISO 3166-1 alpha-2 country code, e.g. "JP".
    pub country: String,
    #[serde(default)]
    pub city: String,
    /// Degrees north, −90..=90.
    pub latitude: f64,
    /// Degrees east, −180..=180.
    pub longitude: f64,
    /// IANA time zone name, e.g. "Asia/Tokyo".
    pub time_zone: String,
    /// The port authority that runs the port, if it is in the project.
    #[serde(default)]
    pub authority: Option<OrganisationId>,
    /// Short facts a delegate may want at hand in a meeting.
    #[serde(default)]
    pub facts: Vec<String>,
    #[serde(default)]
    pub notes: String,
}

impl Port {
    /// A blank port with a fresh id, for the "Add" button.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            id: PortId::fresh(),
            name: name.into(),
            local_name: String::new(),
            locode: String::new(),
            country: String::new(),
            city: String::new(),
            latitude: 0.0,
            longitude: 0.0,
            time_zone: "UTC".to_owned(),
            authority: None,
            facts: Vec::new(),
            notes: String::new(),
        }
    }
}

/// Why a UN/LOCODE is not well formed.
#[derive(Clone, Copy, PartialEq, Eq, Debug, thiserror::Error)]
pub enum LocodeError {
    #[error("a UN/LOCODE has 5 characters (2-letter country + 3-character place), this has {0}")]
    Length(usize),
    #[error("the first two characters of a UN/LOCODE are a country code in capital letters A–Z")]
    Country,
    #[error("the last three characters of a UN/LOCODE are capital letters A–Z or digits 2–9")]
    Place,
}

/// Checks the form of a UN/LOCODE: 2 letters A–Z, then 3 of A–Z or 2–9.
/// (Digits 0 and 1 are excluded by the standard to avoid confusion with O and I.)
pub fn check_locode(code: &str) -> Result<(), LocodeError> {
    let bytes = code.as_bytes();
    let chars = code.chars().count();
    if chars != 5 {
        return Err(LocodeError::Length(chars));
    }
    // Five characters, one not ASCII (more bytes): it is refused below as a
    // country or place character, which says where it is.
    if !bytes[..2].iter().all(u8::is_ascii_uppercase) {
        return Err(LocodeError::Country);
    }
    if !bytes[2..]
        .iter()
        .all(|b| b.is_ascii_uppercase() || (b'2'..=b'9').contains(b))
    {
        return Err(LocodeError::Place);
    }
    Ok(())
}

/// Whether `code` looks like an ISO 3166-1 alpha-2 code (two capital letters).
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}
