//! Conflicts a merge could not settle, kept in the project until a person
//! decides them.

use serde::{Deserialize, Serialize};

use super::EntityRef;

/// One field two copies of a project changed differently (or one changed
/// and the other deleted). The merged project holds our value; this records
/// each side's value once, as RON text, so nothing is lost and a person can
/// choose.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub struct MergeConflict {
    /// The entity concerned; `None` for the mission, the travel times or the
    /// clause library.
    pub subject: Option<EntityRef>,
    /// The field, e.g. `name`, `draft`, or `exists` when one side deleted
    /// the entity and the other changed or referred to it.
    pub field: String,
    /// The value in the common ancestor, ours and theirs; `None` where the
    /// entity does not exist on that side.
    pub base: Option<String>,
    pub ours: Option<String>,
    pub theirs: Option<String>,
}
