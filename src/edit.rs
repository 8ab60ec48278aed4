//! Every change to a project is an [`Edit`], applied in [`apply`].
//!
//! Because all changes pass through one function, undo/redo, the
//! unsaved-changes flag and cached validation see every one of them. `apply`
//! returns the inverse edit, which is what undo stores: a snapshot of just the
//! touched entity, never of the whole project.

use std::collections::{HashMap, HashSet};

use crate::model::entity::{self, Entity, EntityKind, describe};
use crate::model::{
    Agreement, AgreementId, AnyEntity, Clause, EntityRef, MergeConflict, MissionInfo, PortId,
    Project, Revision, ScheduleSettings,
};

/// One change to a project.
#[derive(Clone, PartialEq, Debug)]
pub enum Edit {
    /// Replace the mission's title, dates and zones.
    SetMission(MissionInfo),
    /// Replace the schedule settings (travel times).
    SetSchedule(ScheduleSettings),
    /// Replace the clause library.
    SetClauses(Vec<Clause>),
    /// Add an entity; `index` places it (undo of a delete puts it back where it was).
    Add {
        entity: AnyEntity,
        index: Option<usize>,
    },
    /// Replace an entity by a new version with the same id.
    Update(AnyEntity),
    /// Remove an entity and every reference to it.
    Delete(EntityRef),
    /// Replace an agreement's working draft (kept apart from `Update` so typing
    /// in a long draft does not copy the agreement's whole revision history).
    SetDraft {
        agreement: AgreementId,
        text: String,
    },
    /// Append a recorded revision to an agreement.
    RecordRevision {
        agreement: AgreementId,
        revision: Revision,
    },
    /// Remove the last revision (the inverse of [`Edit::RecordRevision`]).
    RemoveLastRevision { agreement: AgreementId },
    /// Several edits applied as one step: all of them or none.
    Batch { label: String, edits: Vec<Edit> },
    /// Replace the merge conflicts still to be decided.
    SetConflicts(Vec<MergeConflict>),
    /// Replace the whole project (merging a colleague's copy). Its inverse
    /// holds the whole previous project: a merge may touch every entity, and
    /// one undo step must give all of it back.
    ReplaceProject {
        label: String,
        project: Box<Project>,
    },
}

/// Why an edit was refused. The project is unchanged when this is returned.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum EditError {
    #[error("{0} is already in the project")]
    DuplicateId(EntityRef),
    #[error("{0} is not in the project (it may have been deleted)")]
    NotFound(EntityRef),
    #[error("{from} would refer to {target}, which is not in the project")]
    DanglingReference { from: String, target: EntityRef },
    #[error("agreement \"{0}\" has no revision to remove")]
    NoRevision(String),
    #[error("revision {number} of agreement \"{agreement}\" is not newer than the last one")]
    RevisionOutOfOrder { agreement: String, number: u32 },
    #[error(
        "this file is open read-only because a newer version wrote it; use Save As to make an \
         editable copy"
    )]
    ReadOnly,
    #[error("{0}")]
    OverLimit(String),
}

/// The result of applying an edit: what undoes it.
#[derive(Clone, PartialEq, Debug)]
pub struct Applied {
    pub inverse: Edit,
}

impl Edit {
    /// Short description for the Undo/Redo menu items, e.g. `Edit port "Port of Tokyo"`.
    pub fn label(&self, project: &Project) -> String {
        match self {
            Self::SetMission(_) => "Edit mission details".to_owned(),
            Self::SetSchedule(_) => "Edit travel times".to_owned(),
            Self::SetClauses(_) => "Edit clause library".to_owned(),
            Self::Add { entity, .. } => format!("Add {}", any_label(entity)),
            Self::Update(entity) => {
                // Not an agreement's: writing its drafts and revisions out on
                // every keystroke in its title would cost milliseconds.
                let fields = match entity {
                    AnyEntity::Agreement(_) => None,
                    _ => crate::with_any_entity!(entity, |e| changed_fields(project, e)),
                };
                match fields {
                    Some(fields) => format!("Edit {}: {fields}", any_label(entity)),
                    None => format!("Edit {}", any_label(entity)),
                }
            }
            Self::Delete(target) => format!("Delete {}", describe(project, *target)),
            Self::SetDraft { agreement, .. } => {
                format!(
                    "Edit draft of {}",
                    describe(project, EntityRef::Agreement(*agreement))
                )
            }
            Self::RecordRevision { revision, .. } => {
                format!("Record revision {}", revision.number)
            }
            Self::RemoveLastRevision { .. } => "Remove revision".to_owned(),
            Self::Batch { label, .. } | Self::ReplaceProject { label, .. } => label.clone(),
            Self::SetConflicts(_) => "Edit merge conflicts".to_owned(),
        }
    }
}

/// The fields `new` changes in its entity as it is in `project` ("title",
/// "start, end"), so that an undo says what it takes back (three undos of
/// an event all said only "Edit event"); `None` when more than three
/// changed, or the entity is not there.
fn changed_fields<T: Entity + serde::Serialize>(project: &Project, new: &T) -> Option<String> {
    const MOST: usize = 3;
    let old = entity::find::<T>(project, new.id())?;
    let fields = |value: &T| match ron::to_string(value).ok().map(|t| ron::from_str(&t)) {
        Some(Ok(ron::Value::Map(map))) => Some(map),
        _ => None,
    };
    let (old, new) = (fields(old)?, fields(new)?);
    let gone = old.iter().filter(|(name, _)| new.get(name).is_none());
    let changed: Vec<String> = new
        .iter()
        .filter(|(name, value)| old.get(name) != Some(value))
        .chain(gone)
        .filter_map(|(name, _)| match name {
            ron::Value::String(name) => Some(name.replace('_', " ")),
            _ => None,
        })
        .collect();
    (!changed.is_empty() && changed.len() <= MOST).then(|| changed.join(", "))
}

fn any_label(entity: &AnyEntity) -> String {
    let (kind, name) =
        crate::with_any_entity!(entity, |e| (e.entity_ref().kind(), e.display_name()));
    format!("{} \"{}\"", kind.label(), name)
}

/// Applies `edit` to `project`, or refuses it and leaves `project` unchanged.
pub fn apply(project: &mut Project, edit: Edit) -> Result<Applied, EditError> {
    let mut lookup = Lookup::for_edit(&edit);
    let applied = apply_unchecked(project, edit, &mut lookup)?;
    // The loader refuses a project over its limits, so no edit may make one.
    if let Err(limit) = crate::model::limits::check_limits(project) {
        let mut lookup = Lookup::for_edit(&applied.inverse);
        let _ = apply_unchecked(project, applied.inverse, &mut lookup);
        return Err(EditError::OverLimit(limit));
    }
    Ok(applied)
}

/// How edits find entities and their referrers. A single edit scans the
/// lists (cheaper than building anything); a long batch builds indexes once
/// and keeps them up to date, so that importing 100,000 events, and undoing
/// that, stay linear instead of scanning the project per event.
#[derive(Default)]
struct Lookup {
    indexed: bool,
    /// Position of each entity in its list, for the kinds in `kinds`.
    positions: HashMap<EntityRef, usize>,
    kinds: Vec<EntityKind>,
    /// Who refers to each entity. May name entities that no longer refer to
    /// it (stripping a reference that is not there changes nothing), never
    /// misses one.
    referrers: Option<HashMap<EntityRef, Vec<EntityRef>>>,
}

/// Batches shorter than this scan like single edits.
const INDEXED_BATCH: usize = 32;

impl Lookup {
    fn for_edit(edit: &Edit) -> Self {
        Self {
            indexed: matches!(edit, Edit::Batch { edits, .. } if edits.len() >= INDEXED_BATCH),
            ..Self::default()
        }
    }

    fn position<T: Entity>(&mut self, project: &Project, id: T::Id) -> Option<usize> {
        if !self.indexed {
            return entity::position::<T>(project, id);
        }
        if !self.kinds.contains(&T::KIND) {
            for (index, item) in T::list(project).iter().enumerate() {
                self.positions.entry(item.entity_ref()).or_insert(index);
            }
            self.kinds.push(T::KIND);
        }
        self.positions.get(&T::ref_of(id)).copied()
    }

    fn exists(&mut self, project: &Project, target: EntityRef) -> bool {
        crate::with_entity_ref!(target, |T, id| self.position::<T>(project, id).is_some())
    }

    /// Forgets the positions of one kind (its list shifted).
    fn forget(&mut self, kind: EntityKind) {
        if self.kinds.contains(&kind) {
            self.kinds.retain(|k| *k != kind);
            self.positions.retain(|r, _| r.kind() != kind);
        }
    }

    /// `item` now sits at `index` of its list, which is `len` long.
    fn inserted<T: Entity>(&mut self, item: &T, index: usize, len: usize) {
        if !self.indexed {
            return;
        }
        if index + 1 == len {
            if self.kinds.contains(&T::KIND) {
                self.positions.insert(item.entity_ref(), index);
            }
        } else {
            self.forget(T::KIND);
        }
        self.note_references(item);
    }

    /// The entity at `index` of a list that was `len` long is gone.
    fn removed(&mut self, target: EntityRef, index: usize, len: usize) {
        if !self.indexed {
            return;
        }
        if index + 1 == len {
            self.positions.remove(&target);
        } else {
            self.forget(target.kind());
        }
    }

    fn note_references<T: Entity>(&mut self, item: &T) {
        if let Some(referrers) = &mut self.referrers {
            let from = item.entity_ref();
            item.for_each_reference(&mut |to| referrers.entry(to).or_default().push(from));
        }
    }

    fn referrers(&mut self, project: &Project, target: EntityRef) -> Vec<EntityRef> {
        if !self.indexed {
            return entity::referrers(project, target);
        }
        let referrers = self.referrers.get_or_insert_with(|| {
            let mut map: HashMap<EntityRef, Vec<EntityRef>> = HashMap::new();
            crate::for_each_collection!(project, |list| {
                for item in list {
                    let from = item.entity_ref();
                    item.for_each_reference(&mut |to| map.entry(to).or_default().push(from));
                }
            });
            map
        });
        let mut found = referrers.get(&target).cloned().unwrap_or_default();
        found.dedup();
        found
    }
}

/// [`apply`] without the limits check (a batch checks once, at its end).
fn apply_unchecked(
    project: &mut Project,
    edit: Edit,
    lookup: &mut Lookup,
) -> Result<Applied, EditError> {
    let inverse = match edit {
        Edit::SetMission(info) => Edit::SetMission(std::mem::replace(&mut project.mission, info)),
        Edit::SetClauses(clauses) => {
            Edit::SetClauses(std::mem::replace(&mut project.clauses, clauses))
        }
        Edit::SetSchedule(schedule) => {
            let ports: HashSet<PortId> = project.ports.iter().map(|p| p.id).collect();
            let missing = schedule
                .travel_times
                .iter()
                .flat_map(|t| [t.from, t.to])
                .find(|port| !ports.contains(port));
            if let Some(port) = missing {
                return Err(EditError::DanglingReference {
                    from: "the travel times".to_owned(),
                    target: EntityRef::Port(port),
                });
            }
            Edit::SetSchedule(std::mem::replace(&mut project.schedule, schedule))
        }
        Edit::Add { entity, index } => {
            crate::with_any_entity!(entity, |e| add(project, e, index, lookup)?)
        }
        Edit::Update(entity) => crate::with_any_entity!(entity, |e| update(project, e, lookup)?),
        Edit::Delete(target) => delete(project, target, lookup)?,
        Edit::SetDraft { agreement, text } => {
            let found = agreement_mut(project, agreement)?;
            let old = std::mem::replace(&mut found.draft, text);
            Edit::SetDraft {
                agreement,
                text: old,
            }
        }
        Edit::RecordRevision {
            agreement,
            revision,
        } => {
            let found = agreement_mut(project, agreement)?;
            if found
                .revisions
                .last()
                .is_some_and(|last| last.number >= revision.number)
            {
                return Err(EditError::RevisionOutOfOrder {
                    agreement: found.title.clone(),
                    number: revision.number,
                });
            }
            found.revisions.push(revision);
            Edit::RemoveLastRevision { agreement }
        }
        Edit::RemoveLastRevision { agreement } => {
            let found = agreement_mut(project, agreement)?;
            let revision = found
                .revisions
                .pop()
                .ok_or_else(|| EditError::NoRevision(found.title.clone()))?;
            Edit::RecordRevision {
                agreement,
                revision,
            }
        }
        Edit::Batch { label, edits } => apply_batch(project, label, edits, lookup)?,
        Edit::SetConflicts(conflicts) => {
            Edit::SetConflicts(std::mem::replace(&mut project.conflicts, conflicts))
        }
        Edit::ReplaceProject {
            label,
            project: replacement,
        } => {
            if let Some(target) = crate::model::entity::first_dangling_reference(&replacement) {
                return Err(EditError::DanglingReference {
                    from: "the merged project".to_owned(),
                    target,
                });
            }
            // A list's positions are no longer those the lookup knows.
            *lookup = Lookup::default();
            Edit::ReplaceProject {
                label,
                project: Box::new(std::mem::replace(project, *replacement)),
            }
        }
    };
    Ok(Applied { inverse })
}

fn agreement_mut(project: &mut Project, id: AgreementId) -> Result<&mut Agreement, EditError> {
    project
        .agreements
        .iter_mut()
        .find(|a| a.id == id)
        .ok_or(EditError::NotFound(EntityRef::Agreement(id)))
}

fn apply_batch(
    project: &mut Project,
    label: String,
    edits: Vec<Edit>,
    lookup: &mut Lookup,
) -> Result<Edit, EditError> {
    let mut inverses = Vec::with_capacity(edits.len());
    for edit in edits {
        match apply_unchecked(project, edit, lookup) {
            Ok(applied) => inverses.push(applied.inverse),
            Err(err) => {
                // Roll back what was applied so the batch is all-or-nothing.
                for inverse in inverses.into_iter().rev() {
                    let _ = apply_unchecked(project, inverse, lookup);
                }
                return Err(err);
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch {
        label,
        edits: inverses,
    })
}

/// Refuses references in `new` to entities that do not exist, unless `old`
/// already had them (a file may hold dangling references; editing an
/// unrelated field must still be possible, and validation reports them).
fn check_new_references<T: Entity>(
    project: &Project,
    new: &T,
    old: Option<&T>,
    lookup: &mut Lookup,
) -> Result<(), EditError> {
    let mut before = HashSet::new();
    if let Some(old) = old {
        old.for_each_reference(&mut |r| {
            before.insert(r);
        });
    }
    let mut missing = None;
    new.for_each_reference(&mut |r| {
        if missing.is_none() && !before.contains(&r) && !lookup.exists(project, r) {
            missing = Some(r);
        }
    });
    match missing {
        Some(target) => Err(EditError::DanglingReference {
            from: format!("{} \"{}\"", T::KIND.label(), new.display_name()),
            target,
        }),
        None => Ok(()),
    }
}

fn add<T: Entity>(
    project: &mut Project,
    entity: T,
    index: Option<usize>,
    lookup: &mut Lookup,
) -> Result<Edit, EditError> {
    if lookup.position::<T>(project, entity.id()).is_some() {
        return Err(EditError::DuplicateId(entity.entity_ref()));
    }
    check_new_references(project, &entity, None, lookup)?;
    let target = entity.entity_ref();
    let list = T::list_mut(project);
    let index = index.unwrap_or(list.len()).min(list.len());
    list.insert(index, entity);
    let len = list.len();
    lookup.inserted(&list[index], index, len);
    Ok(Edit::Delete(target))
}

fn update<T: Entity>(
    project: &mut Project,
    entity: T,
    lookup: &mut Lookup,
) -> Result<Edit, EditError> {
    let index = lookup
        .position::<T>(project, entity.id())
        .ok_or(EditError::NotFound(entity.entity_ref()))?;
    check_new_references(project, &entity, Some(&T::list(project)[index]), lookup)?;
    lookup.note_references(&entity);
    let old = std::mem::replace(&mut T::list_mut(project)[index], entity);
    Ok(Edit::Update(old.into_any()))
}

fn delete(
    project: &mut Project,
    target: EntityRef,
    lookup: &mut Lookup,
) -> Result<Edit, EditError> {
    if !lookup.exists(project, target) {
        return Err(EditError::NotFound(target));
    }
    // Strip references first, remembering each referrer as it was.
    let mut restore = Vec::new();
    for referrer in lookup.referrers(project, target) {
        if let Some(old) = strip_reference(project, referrer, target, lookup) {
            restore.push(Edit::Update(old));
        }
    }
    if let EntityRef::Port(port) = target {
        let uses = |id: PortId| id == port;
        if project
            .schedule
            .travel_times
            .iter()
            .any(|t| uses(t.from) || uses(t.to))
        {
            let old = project.schedule.clone();
            project
                .schedule
                .travel_times
                .retain(|t| !uses(t.from) && !uses(t.to));
            restore.push(Edit::SetSchedule(old));
        }
    }
    let removed = crate::with_entity_ref!(target, |T, id| remove::<T>(project, id, lookup));
    let Some((entity, index)) = removed else {
        return Err(EditError::NotFound(target));
    };
    let readd = Edit::Add {
        entity,
        index: Some(index),
    };
    if restore.is_empty() {
        return Ok(readd);
    }
    let mut edits = vec![readd];
    edits.extend(restore);
    Ok(Edit::Batch {
        label: format!("Restore {}", target.kind().label()),
        edits,
    })
}

fn remove<T: Entity>(
    project: &mut Project,
    id: T::Id,
    lookup: &mut Lookup,
) -> Option<(AnyEntity, usize)> {
    let index = lookup.position::<T>(project, id)?;
    let list = T::list_mut(project);
    let len = list.len();
    let removed = list.remove(index);
    lookup.removed(T::ref_of(id), index, len);
    Some((removed.into_any(), index))
}

/// Removes references to `target` from `referrer`; returns its old version.
fn strip_reference(
    project: &mut Project,
    referrer: EntityRef,
    target: EntityRef,
    lookup: &mut Lookup,
) -> Option<AnyEntity> {
    fn strip<T: Entity>(
        project: &mut Project,
        id: T::Id,
        target: EntityRef,
        lookup: &mut Lookup,
    ) -> Option<AnyEntity> {
        let index = lookup.position::<T>(project, id)?;
        let item = &mut T::list_mut(project)[index];
        let old = item.clone();
        item.remove_reference(target).then(|| old.into_any())
    }
    crate::with_entity_ref!(referrer, |T, id| strip::<T>(project, id, target, lookup))
}
