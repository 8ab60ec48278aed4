//! Where each event's blocks go in the week: one column per mission day,
//! side-by-side lanes for overlaps. Computed once per change of the project,
//! the filters or the host zone, not per frame.

use std::collections::HashSet;

use jiff::Zoned;
use jiff::civil::Date;

use super::{Filters, ScheduleState, minute_of_day};
use crate::model::{EntityRef, EventId};
use crate::ui::ViewCtx;

/// One event's piece in one day column.
#[derive(Clone, Debug)]
pub(super) struct Block {
    pub event: usize,
    /// Wall-clock minutes since midnight in the host zone.
    pub top: f32,
    pub bottom: f32,
    pub lane: u16,
    pub lanes: u16,
}

#[derive(Default)]
pub(super) struct Layout {
    key: Option<(u64, Filters, String)>,
    pub days: Vec<Date>,
    pub blocks: Vec<Vec<Block>>,
    /// Per event index: does it have a problem? (A flat lookup: this runs
    /// for every visible block every frame.)
    pub with_problems: Vec<bool>,
    /// Events in agenda order (by start).
    pub agenda: Vec<usize>,
}

impl ScheduleState {
    /// Lays out the blocks again if the project, the filters or the host
    /// zone changed since the last frame.
    pub(super) fn refresh(&mut self, ctx: &ViewCtx) {
        let project = ctx.project;
        let key = (
            ctx.generation,
            self.filters.clone(),
            project.mission.host_zone.clone(),
        );
        if self.layout.key.as_ref() == Some(&key) {
            return;
        }
        let host = project.mission.host_tz();
        let mission = &project.mission;
        let mut days = Vec::new();
        let mut day = mission.first_day;
        while day <= mission.last_day && days.len() < 62 {
            days.push(day);
            day = day.tomorrow().unwrap_or(day);
            if days.last() == Some(&day) {
                break;
            }
        }
        if days.is_empty() {
            days.push(mission.first_day);
        }
        let mut blocks: Vec<Vec<Block>> = vec![Vec::new(); days.len()];
        let mut agenda = Vec::new();
        for (index, event) in project.events.iter().enumerate() {
            if !self.filters.keeps(project, event) {
                continue;
            }
            agenda.push(index);
            let start = event.start.zoned().with_time_zone(host.clone());
            let end = event.end.zoned().with_time_zone(host.clone());
            let end = if end.timestamp() < start.timestamp() {
                start.clone()
            } else {
                end
            };
            place_from(&mut blocks, &days, index, &start, &end);
        }
        for day_blocks in &mut blocks {
            assign_lanes(day_blocks);
        }
        agenda.sort_by_key(|&i| project.events[i].start.zoned().timestamp());
        self.layout = Layout {
            key: Some(key),
            days,
            blocks,
            with_problems: {
                let ids: HashSet<EventId> = ctx
                    .problems
                    .iter()
                    .filter_map(|p| match p.subject {
                        Some(EntityRef::Event(id)) => Some(id),
                        _ => None,
                    })
                    .collect();
                project.events.iter().map(|e| ids.contains(&e.id)).collect()
            },
            agenda,
        };
        self.reference_day = self.reference_day.min(self.layout.days.len() - 1);
    }
}

/// Puts an event's pieces into the day columns it touches.
fn place_from(blocks: &mut [Vec<Block>], days: &[Date], index: usize, start: &Zoned, end: &Zoned) {
    for (d, day) in days.iter().enumerate() {
        if *day < start.date() || *day > end.date() {
            continue;
        }
        let top = if *day == start.date() {
            minute_of_day(start.time())
        } else {
            0.0
        };
        let bottom = if *day == end.date() {
            minute_of_day(end.time())
        } else {
            24.0 * 60.0
        };
        if bottom <= top && !(start == end && *day == start.date()) {
            continue;
        }
        blocks[d].push(Block {
            event: index,
            top,
            bottom: bottom.max(top + 10.0),
            lane: 0,
            lanes: 1,
        });
    }
}

/// Side-by-side lanes for overlapping blocks; each cluster of overlaps shares
/// its lane count.
fn assign_lanes(blocks: &mut [Block]) {
    blocks.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.bottom.total_cmp(&b.bottom)));
    let mut cluster_start = 0;
    let mut lane_ends: Vec<f32> = Vec::new();
    let mut cluster_bottom = f32::NEG_INFINITY;
    for i in 0..blocks.len() {
        if blocks[i].top >= cluster_bottom && i > cluster_start {
            let lanes = lane_ends.len() as u16;
            for block in &mut blocks[cluster_start..i] {
                block.lanes = lanes;
            }
            cluster_start = i;
            lane_ends.clear();
        }
        let lane = lane_ends.iter().position(|&end| end <= blocks[i].top);
        let lane = match lane {
            Some(lane) => {
                lane_ends[lane] = blocks[i].bottom;
                lane
            }
            None => {
                lane_ends.push(blocks[i].bottom);
                lane_ends.len() - 1
            }
        };
        blocks[i].lane = lane as u16;
        cluster_bottom = if i == cluster_start {
            blocks[i].bottom
        } else {
            cluster_bottom.max(blocks[i].bottom)
        };
    }
    let lanes = lane_ends.len().max(1) as u16;
    for block in &mut blocks[cluster_start..] {
        block.lanes = lanes;
    }
}
