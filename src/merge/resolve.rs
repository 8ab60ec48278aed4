//! Deciding a recorded merge conflict: the edit that sets the field to the
//! chosen side's value and drops the conflict, as one undoable step.

use std::hash::Hash;

use serde::de::DeserializeOwned;

use super::{MergeFields, clause_key, parse_value, travel_time_key};
use crate::edit::Edit;
use crate::model::entity::{self, Entity, describe};
use crate::model::{EntityRef, MergeConflict, Project};

/// Which value a conflict is decided for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Choice {
    /// The common ancestor's value.
    Base,
    Ours,
    Theirs,
    /// Whatever the field holds now (the delegate edited it by hand, or
    /// accepts the kept value): only the conflict record goes.
    AsItIs,
}

impl Choice {
    pub fn label(self) -> &'static str {
        match self {
            Self::Base => "Use base",
            Self::Ours => "Use ours",
            Self::Theirs => "Use theirs",
            Self::AsItIs => "Keep as it is",
        }
    }

    fn value(self, conflict: &MergeConflict) -> Option<Option<&str>> {
        match self {
            Self::Base => Some(conflict.base.as_deref()),
            Self::Ours => Some(conflict.ours.as_deref()),
            Self::Theirs => Some(conflict.theirs.as_deref()),
            Self::AsItIs => None,
        }
    }
}

/// What the conflict is about, for people: `port "Port of Tokyo": name`.
pub fn describe_conflict(project: &Project, conflict: &MergeConflict) -> String {
    match conflict.subject {
        Some(subject) => format!("{}: {}", describe(project, subject), conflict.field),
        None => conflict.field.clone(),
    }
}

/// What the conflicted field holds now in `project` (the delegate may have
/// edited it since the merge), written as the record writes values; `None`
/// where it is gone.
pub fn value_now(project: &Project, conflict: &MergeConflict) -> Option<String> {
    let Some(subject) = conflict.subject else {
        let mission = &project.mission;
        return match conflict.field.as_str() {
            "mission title" => Some(super::as_ron(&mission.title)),
            "mission description" => Some(super::as_ron(&mission.description)),
            "first day" => Some(super::as_ron(&mission.first_day)),
            "last day" => Some(super::as_ron(&mission.last_day)),
            "host zone" => Some(super::as_ron(&mission.host_zone)),
            "home zone" => Some(super::as_ron(&mission.home_zone)),
            "default travel minutes" => {
                Some(super::as_ron(&project.schedule.default_travel_minutes))
            }
            "travel times" => keyed_now(&project.schedule.travel_times, conflict, travel_time_key),
            "clauses" => keyed_now(&project.clauses, conflict, clause_key),
            _ => None,
        };
    };
    crate::with_entity_ref!(subject, |T, id| {
        let found = entity::find::<T>(project, id)?;
        if conflict.field == "exists" {
            Some(super::as_ron(found))
        } else {
            found.field_now(conflict)
        }
    })
}

/// The item of a keyed list that has the conflict's key, written as RON.
pub(crate) fn keyed_now<T: DeserializeOwned + serde::Serialize, K: Eq + Hash>(
    list: &[T],
    conflict: &MergeConflict,
    key: impl Fn(&T) -> K,
) -> Option<String> {
    let some_side = [&conflict.ours, &conflict.theirs, &conflict.base]
        .into_iter()
        .flatten()
        .next()?;
    let wanted = key(&parse_value::<T>(some_side).ok()?);
    list.iter()
        .find(|item| key(item) == wanted)
        .map(super::as_ron)
}

/// The edit that decides conflict `index` of `project` for `choice`.
pub fn resolve(project: &Project, index: usize, choice: Choice) -> Result<Edit, String> {
    let conflict = project
        .conflicts
        .get(index)
        .ok_or_else(|| "that conflict is no longer in the project".to_owned())?;
    let mut edits = Vec::with_capacity(2);
    if let Some(value) = choice.value(conflict) {
        edits.extend(set_value(project, conflict, value)?);
    }
    let mut remaining = project.conflicts.clone();
    remaining.remove(index);
    edits.push(Edit::SetConflicts(remaining));
    Ok(Edit::Batch {
        label: format!(
            "Resolve conflict in {}",
            describe_conflict(project, conflict)
        ),
        edits,
    })
}

/// The edit that gives the conflicted field `value` (`None`: the item or
/// entity does not exist on that side).
fn set_value(
    project: &Project,
    conflict: &MergeConflict,
    value: Option<&str>,
) -> Result<Option<Edit>, String> {
    let field = conflict.field.as_str();
    let Some(subject) = conflict.subject else {
        return set_project_value(project, conflict, value).map(Some);
    };
    if field == "exists" {
        return Ok(set_existence(project, subject, value));
    }
    crate::with_entity_ref!(subject, |T, id| {
        let current = entity::find::<T>(project, id)
            .ok_or_else(|| format!("{subject} is no longer in the project"))?;
        let mut changed = current.clone();
        changed.set_field(conflict, value)?;
        Ok(Some(Edit::Update(changed.into_any())))
    })
}

/// The mission, the travel times and the clause library.
fn set_project_value(
    project: &Project,
    conflict: &MergeConflict,
    value: Option<&str>,
) -> Result<Edit, String> {
    let field = conflict.field.as_str();
    let required = || value.ok_or_else(|| format!("{field} has no value on that side"));
    let mut mission = project.mission.clone();
    match field {
        "mission title" => mission.title = parse_value(required()?)?,
        "mission description" => mission.description = parse_value(required()?)?,
        "first day" => mission.first_day = parse_value(required()?)?,
        "last day" => mission.last_day = parse_value(required()?)?,
        "host zone" => mission.host_zone = parse_value(required()?)?,
        "home zone" => mission.home_zone = parse_value(required()?)?,
        "default travel minutes" | "travel times" => {
            let mut schedule = project.schedule.clone();
            if field == "travel times" {
                set_keyed(&mut schedule.travel_times, conflict, value, travel_time_key)?;
            } else {
                schedule.default_travel_minutes = parse_value(required()?)?;
            }
            return Ok(Edit::SetSchedule(schedule));
        }
        "clauses" => {
            let mut clauses = project.clauses.clone();
            set_keyed(&mut clauses, conflict, value, clause_key)?;
            return Ok(Edit::SetClauses(clauses));
        }
        _ => return Err(format!("\"{field}\" is not a field a merge records")),
    }
    Ok(Edit::SetMission(mission))
}

/// One item of a list merged by key: the item with the conflict's key is
/// replaced by `value`, or removed when `value` is `None`.
pub(crate) fn set_keyed<T: DeserializeOwned, K: Eq + Hash>(
    list: &mut Vec<T>,
    conflict: &MergeConflict,
    value: Option<&str>,
    key: impl Fn(&T) -> K,
) -> Result<(), String> {
    let sides = [&conflict.ours, &conflict.theirs, &conflict.base];
    let some_side = sides
        .into_iter()
        .flatten()
        .next()
        .ok_or_else(|| "the conflict records no value at all".to_owned())?;
    let wanted = key(&parse_value::<T>(some_side)?);
    let chosen = value.map(parse_value::<T>).transpose()?;
    let at = list.iter().position(|item| key(item) == wanted);
    list.retain(|item| key(item) != wanted);
    if let Some(item) = chosen {
        list.insert(at.unwrap_or(list.len()).min(list.len()), item);
    }
    Ok(())
}

/// An entity one side deleted: put the chosen version back, or delete it.
fn set_existence(project: &Project, subject: EntityRef, value: Option<&str>) -> Option<Edit> {
    let present = entity::exists(project, subject);
    let parsed = value.map(|text| {
        crate::with_entity_ref!(subject, |T, _id| parse_value::<T>(text)
            .map(|e| e.into_any()))
    });
    match parsed {
        Some(Ok(entity)) if present => Some(Edit::Update(entity)),
        Some(Ok(entity)) => Some(Edit::Add {
            entity,
            index: None,
        }),
        // A side whose record cannot be read keeps what is there.
        Some(Err(_)) => None,
        None if present => Some(Edit::Delete(subject)),
        None => None,
    }
}
