//! Project-wide scheduling settings: how long delegates need to get from one
//! place to another.

use std::collections::HashMap;

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
    /// The figures by pair of ports, for many lookups: validation asks for
    /// every pair of consecutive events, and a scan of the whole table per
    /// pair froze the app on large tables.
    pub fn travel_index(&self) -> TravelIndex {
        let mut by_pair = HashMap::with_capacity(self.travel_times.len());
        for figure in &self.travel_times {
            // The first figure for a pair counts.
            by_pair
                .entry(pair(figure.from, figure.to))
                .or_insert(figure.minutes);
        }
        TravelIndex {
            by_pair,
            default_minutes: self.default_travel_minutes,
        }
    }
}

/// A pair of ports either way round.
fn pair(a: PortId, b: PortId) -> (PortId, PortId) {
    if a.0 <= b.0 { (a, b) } else { (b, a) }
}

/// Travel times by pair of ports; see [`ScheduleSettings::travel_index`].
pub struct TravelIndex {
    by_pair: HashMap<(PortId, PortId), u32>,
    default_minutes: u32,
}

impl TravelIndex {
    /// Minutes needed between the two ports (either way round); the
    /// default for a pair without a figure, none within one port.
    pub fn minutes(&self, a: PortId, b: PortId) -> u32 {
        if a == b {
            return 0;
        }
        self.by_pair
            .get(&pair(a, b))
            .copied()
            .unwrap_or(self.default_minutes)
    }
}
