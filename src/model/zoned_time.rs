//! An instant together with the IANA time zone it was entered in.

use std::fmt;

use jiff::Zoned;
use serde::{Deserialize, Serialize};

/// A point in time plus the IANA zone in which people read it, e.g.
/// `2023-03-13T10:00:00+09:00[Asia/Tokyo]`.
///
/// `jiff::Zoned` compares only instants; two events at the same instant entered
/// in different zones are different data to a delegate (and to a round-trip
/// test), so equality here also compares the zone.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ZonedTime(pub Zoned);

impl ZonedTime {
    pub fn zoned(&self) -> &Zoned {
        &self.0
    }

    /// The IANA name of the zone, or `None` for a fixed offset.
    pub fn zone_name(&self) -> Option<&str> {
        self.0.time_zone().iana_name()
    }
}

impl From<Zoned> for ZonedTime {
    fn from(zoned: Zoned) -> Self {
        Self(zoned)
    }
}

impl PartialEq for ZonedTime {
    fn eq(&self, other: &Self) -> bool {
        self.0.timestamp() == other.0.timestamp()
            && self.0.time_zone().iana_name() == other.0.time_zone().iana_name()
            && self.0.offset() == other.0.offset()
    }
}

impl Eq for ZonedTime {}

impl fmt::Display for ZonedTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
