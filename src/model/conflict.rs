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

/// Reads the conflicts of a file, refusing more than
/// [`super::limits::MAX_CONFLICTS`] as soon as it gets there (a list of
/// millions would otherwise be built in full before the limits are checked).
pub(super) fn capped<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<MergeConflict>, D::Error> {
    struct Capped;
    impl<'de> serde::de::Visitor<'de> for Capped {
        type Value = Vec<MergeConflict>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of merge conflicts")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let max = super::limits::MAX_CONFLICTS;
            let mut conflicts = Vec::new();
            while let Some(conflict) = seq.next_element()? {
                if conflicts.len() == max {
                    return Err(serde::de::Error::custom(format!(
                        "more than {max} merge conflicts; at most {max} are supported"
                    )));
                }
                conflicts.push(conflict);
            }
            Ok(conflicts)
        }
    }
    deserializer.deserialize_seq(Capped)
}
