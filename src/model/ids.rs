//! Typed, stable entity ids.
//!
//! An id is assigned once, when the entity is created, and never changes across
//! save, load, copy or merge. Ids of new entities are random 53-bit numbers (not
//! counters), so two delegates adding entities to copies of one project offline
//! do not collide when their work is merged later.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

/// Largest id handed out by [`fresh_raw_id`]; keeps ids exact in any JSON or
/// spreadsheet tool a delegate might paste them into.
pub const MAX_FRESH_ID: u64 = (1 << 53) - 1;

macro_rules! define_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl $name {
            /// A new id that is, with overwhelming probability, unique.
            pub fn fresh() -> Self {
                Self(fresh_raw_id())
            }

            /// Short prefix used when an id is printed for people (`port#12`).
            pub const PREFIX: &'static str = $prefix;
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}#{}", $prefix, self.0)
            }
        }
    };
}

define_id!(
    /// Id of a [`crate::model::Port`].
    PortId,
    "port"
);
define_id!(
    /// Id of an [`crate::model::Organisation`].
    OrganisationId,
    "org"
);
define_id!(
    /// Id of a [`crate::model::Person`].
    PersonId,
    "person"
);
define_id!(
    /// Id of an [`crate::model::Agreement`].
    AgreementId,
    "agreement"
);
define_id!(
    /// Id of a [`crate::model::Corridor`].
    CorridorId,
    "corridor"
);
define_id!(
    /// Id of a [`crate::model::MissionEvent`].
    EventId,
    "event"
);

/// A random id in `1..=MAX_FRESH_ID`.
///
/// `RandomState` is seeded from the OS once per process and per instance; mixing
/// in a process-wide counter keeps ids distinct even within one process.
pub fn fresh_raw_id() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    (hasher.finish() % MAX_FRESH_ID) + 1
}
