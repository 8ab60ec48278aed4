//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use jiff::Zoned;
use trade_mission_planner::model::{
    AgreementId, EventId, MissionEvent, Participant, PersonId, PortId, Project, ZonedTime,
};
use trade_mission_planner::sample::sample_project;

pub fn sample() -> Project {
    sample_project().expect("the embedded sample loads")
}

pub fn zoned(text: &str) -> ZonedTime {
    ZonedTime(text.parse::<Zoned>().expect("valid zoned time in test"))
}

pub fn event_mut(project: &mut Project, id: u64) -> &mut MissionEvent {
    project
        .events
        .iter_mut()
        .find(|e| e.id == EventId(id))
        .expect("event in sample")
}

/// A meeting in Tokyo on the given day and times, with the given participants.
pub fn tokyo_meeting(id: u64, day: &str, from: &str, to: &str, people: &[u64]) -> MissionEvent {
    let mut event = MissionEvent::new(
        format!("Meeting {id}"),
        zoned(&format!("{day}T{from}:00+09:00[Asia/Tokyo]")),
        zoned(&format!("{day}T{to}:00+09:00[Asia/Tokyo]")),
    );
    event.id = EventId(id);
    event.participants = people
        .iter()
        .map(|p| Participant {
            person: PersonId(*p),
            remote: false,
        })
        .collect();
    event
}

// Ids of entities in the sample mission (assets/sample.mission.ron).
pub const LA: PortId = PortId(1);
pub const TOKYO: PortId = PortId(2);
pub const YOKOHAMA: PortId = PortId(3);
pub const MOU_TOKYO: AgreementId = AgreementId(301);
pub const MOU_YOKOHAMA: AgreementId = AgreementId(302);
pub const GSC_TOKYO: AgreementId = AgreementId(303);
pub const MARIA: PersonId = PersonId(201);
pub const DANIEL: PersonId = PersonId(202);

/// Every report a long piece of work makes, in order, as (done, total); it
/// asks the work to stop once `cancel_after` reports were made.
#[derive(Default)]
pub struct Recorder {
    reports: std::cell::RefCell<Vec<(usize, usize)>>,
    cancel_after: Option<usize>,
}

impl Recorder {
    /// One that asks the work to stop once `reports` reports were made.
    pub fn cancelling_after(reports: usize) -> Self {
        Self {
            cancel_after: Some(reports),
            ..Self::default()
        }
    }

    pub fn reports(&self) -> Vec<(usize, usize)> {
        self.reports.borrow().clone()
    }
}

impl trade_mission_planner::io::progress::Watch for Recorder {
    fn set(&self, done: usize, total: usize) {
        self.reports.borrow_mut().push((done, total));
    }

    fn is_cancelled(&self) -> bool {
        self.cancel_after
            .is_some_and(|after| self.reports.borrow().len() >= after)
    }
}
