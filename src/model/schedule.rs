//! Project-wide scheduling settings: how long delegates need to get from one
//! place to another.

use serde::{Deserialize, Serialize};

use super::ids::PortId;

/// Travel time between two ports, either way round.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct TravelTime {
    pub from: PortId,
    pub to: PortId,
    pub minutes: u32,
}

/// How the schedule checks travel between consecutive events.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct ScheduleSettings {
    /// Minutes a person needs between events at different places, unless a
    /// pair of ports has its own figure.
    pub default_travel_minutes: u32,
    /// Figures for particular pairs of ports (e.g. Tokyo–Yokohama: 50).
    #[serde(default)]
    pub travel_times: Vec<TravelTime>,
}

impl Default for ScheduleSettings {
    fn default() -> Self {
        Self {
            default_travel_minutes: 60,
            travel_times: Vec::new(),
        }
    }
}

impl ScheduleSettings {
    /// Minutes needed between the two ports.
    pub fn travel_minutes(&self, a: PortId, b: PortId) -> u32 {
        if a == b {
            return 0;
        }
        self.travel_times
            .iter()
            .find(|t| (t.from == a && t.to == b) || (t.from == b && t.to == a))
            .map_or(self.default_travel_minutes, |t| t.minutes)
    }
}
