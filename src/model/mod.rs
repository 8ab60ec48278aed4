//! The mission document: plain data, stable ids, invariants and validation.
//!
//! Nothing here knows about egui or files; the UI reads a [`Project`] and asks
//! for changes through [`crate::edit::Edit`].

mod agreement;
pub mod clause;
mod conflict;
mod corridor;
pub mod entity;
mod event;
pub mod find;
mod ids;
pub mod limits;
mod organisation;
mod person;
mod port;
mod project;
pub mod redline;
mod schedule;
pub mod text;
pub mod typed_date;
mod validate;
mod zoned_time;

pub use agreement::{
    Agreement, AgreementDates, AgreementKind, AgreementStatus, CooperationArea, Milestone, Party,
    Revision,
};
pub use clause::Clause;
pub use conflict::MergeConflict;
pub use corridor::{Corridor, CorridorStage};
pub use entity::{AnyEntity, Entity, EntityKind, EntityRef};
pub use event::{EventKind, MissionEvent, Participant};
pub use ids::{
    AgreementId, CorridorId, EventId, MAX_FRESH_ID, OrganisationId, PersonId, PortId, fresh_raw_id,
};
pub use organisation::{Organisation, OrganisationKind};
pub use person::{MissionRole, Person};
pub use port::{LocodeError, Port, check_locode, is_country_code};
pub use project::{MissionInfo, Project};
pub use schedule::{ScheduleSettings, TravelTime};
pub use validate::{Problem, Severity, has_errors, looks_like_email, validate, validate_at};
pub use zoned_time::ZonedTime;
