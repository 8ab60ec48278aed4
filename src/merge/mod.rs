//! Three-way merge of projects: base, ours and theirs, merged on the loaded
//! model by entity kind, stable id and field (never on the file's text).
//!
//! - A change on one side wins; the same change on both sides is taken once.
//! - Different changes to one field, or a delete on one side and a change on
//!   the other, are conflicts: the merged project keeps ours and records the
//!   three values in [`Project::conflicts`], so nothing is lost and a person
//!   decides later. A merge never fails.
//! - Order-free lists (facts, parties, areas, milestones, participants,
//!   linked agreements, corridor ports, travel times, clauses) merge as sets;
//!   revisions are a union.
//! - Drafts and other long texts merge as text: line by line, then what
//!   still overlaps word by word ([`text`]).
//! - Afterwards, an entity one side deleted but the other still refers to
//!   is kept, with a conflict, rather than leaving a dangling reference.
//!
//! No UI here.

pub mod compare;
pub mod line_diff;
pub mod resolve;
pub mod text;

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use serde::Serialize;

use crate::model::{
    Agreement, AnyEntity, Clause, Corridor, Entity, EntityRef, MergeConflict, Milestone,
    MissionEvent, MissionInfo, Organisation, Participant, Person, PersonId, Port, Project,
    Revision, ScheduleSettings, TravelTime,
};

/// The merge of `ours` and `theirs`, which both descend from `base`. The
/// conflicts it could not settle are added to the result's `conflicts`
/// (after those either side already had).
pub fn merge(base: &Project, ours: &Project, theirs: &Project) -> Project {
    // An entity one side deleted and the other changed is kept (with a
    // conflict); so is what referred to it, which the deleting side lost.
    let theirs = &*with_references_back(base, ours, theirs);
    let ours = &*with_references_back(base, theirs, ours);
    let mut merger = Merger::default();
    let mut merged = Project {
        mission: merge_mission(&mut merger, &base.mission, &ours.mission, &theirs.mission),
        schedule: merge_schedule(
            &mut merger,
            &base.schedule,
            &ours.schedule,
            &theirs.schedule,
        ),
        ports: merger.list(&base.ports, &ours.ports, &theirs.ports),
        organisations: merger.list(
            &base.organisations,
            &ours.organisations,
            &theirs.organisations,
        ),
        people: merger.list(&base.people, &ours.people, &theirs.people),
        agreements: merger.list(&base.agreements, &ours.agreements, &theirs.agreements),
        corridors: merger.list(&base.corridors, &ours.corridors, &theirs.corridors),
        events: merger.list(&base.events, &ours.events, &theirs.events),
        clauses: merger.keyed(
            None,
            "clauses",
            Some(&base.clauses),
            &ours.clauses,
            &theirs.clauses,
            clause_key,
        ),
        conflicts: set(Some(&base.conflicts), &ours.conflicts, &theirs.conflicts),
        ancestors: crate::io::lineage::union(&ours.ancestors, &theirs.ancestors),
    };
    keep_what_is_referred_to(&mut merger, &mut merged, [ours, theirs, base]);
    merged.conflicts.extend(merger.conflicts);
    merged
}

/// The merge of two copies with no known common version: what only one
/// side has is kept, and every difference, including an entity only one
/// side has (added there, or deleted on the other: nobody can tell), is a
/// conflict for a person to decide.
pub fn merge_two_way(ours: &Project, theirs: &Project) -> Project {
    let mut merged = merge(&Project::default(), ours, theirs);
    let present = |project: &Project| {
        let mut present: HashMap<EntityRef, String> = HashMap::new();
        crate::for_each_collection!(project, |list| {
            for item in list {
                present.insert(item.entity_ref(), as_ron(item));
            }
        });
        present
    };
    let (mut mine, mut other) = (present(ours), present(theirs));
    let mut one_sided = Vec::new();
    crate::for_each_collection!(merged, |list| {
        for item in list {
            let target = item.entity_ref();
            if mine.contains_key(&target) != other.contains_key(&target) {
                one_sided.push(MergeConflict {
                    subject: Some(target),
                    field: "exists".into(),
                    base: None,
                    ours: mine.remove(&target),
                    theirs: other.remove(&target),
                });
            }
        }
    });
    merged.conflicts.extend(one_sided);
    merged
}

/// Collects conflicts while the merge walks the projects.
#[derive(Default)]
pub(crate) struct Merger {
    conflicts: Vec<MergeConflict>,
}

/// A value as the conflict record keeps it: its RON text.
pub(crate) fn as_ron<T: Serialize>(value: &T) -> String {
    ron::to_string(value).unwrap_or_else(|e| format!("(cannot be written: {e})"))
}

/// Equal, or written the same (a NaN coordinate is not equal to itself, but
/// two copies of one file must not conflict over it).
fn same<T: PartialEq + Serialize>(a: &T, b: &T) -> bool {
    a == b || as_ron(a) == as_ron(b)
}

impl Merger {
    fn conflict<T: Serialize>(
        &mut self,
        subject: Option<EntityRef>,
        field: &str,
        base: Option<&T>,
        ours: Option<&T>,
        theirs: Option<&T>,
    ) {
        self.conflicts.push(MergeConflict {
            subject,
            field: field.to_owned(),
            base: base.map(as_ron),
            ours: ours.map(as_ron),
            theirs: theirs.map(as_ron),
        });
    }

    /// One field: a change on one side wins; two different changes conflict
    /// (ours is kept).
    fn value<T: Clone + PartialEq + Serialize>(
        &mut self,
        subject: Option<EntityRef>,
        field: &str,
        base: Option<&T>,
        ours: &T,
        theirs: &T,
    ) -> T {
        if same(ours, theirs) {
            return ours.clone();
        }
        match base {
            Some(base) if same(base, ours) => theirs.clone(),
            Some(base) if same(base, theirs) => ours.clone(),
            _ => {
                self.conflict(subject, field, base, Some(ours), Some(theirs));
                ours.clone()
            }
        }
    }

    /// A list whose items have a key (a participant's person, a pair of
    /// ports, a milestone's or a clause's title): per key, a change on one
    /// side wins, two different changes conflict (ours kept), and a removal
    /// against a change conflicts (the changed item kept).
    fn keyed<T, K>(
        &mut self,
        subject: Option<EntityRef>,
        field: &str,
        base: Option<&[T]>,
        ours: &[T],
        theirs: &[T],
        key: impl Fn(&T) -> K,
    ) -> Vec<T>
    where
        T: Clone + PartialEq + Serialize,
        K: Eq + Hash,
    {
        let base = base.unwrap_or(&[]);
        let index = |list: &[T]| -> HashMap<K, usize> {
            let mut index = HashMap::with_capacity(list.len());
            for (i, item) in list.iter().enumerate() {
                index.entry(key(item)).or_insert(i);
            }
            index
        };
        let (in_base, in_ours, in_theirs) = (index(base), index(ours), index(theirs));
        let mut merged = Vec::with_capacity(ours.len().max(theirs.len()));
        for mine in ours {
            let k = key(mine);
            let was = in_base.get(&k).map(|&i| &base[i]);
            match (was, in_theirs.get(&k).map(|&i| &theirs[i])) {
                (was, Some(other)) => merged.push(self.value(subject, field, was, mine, other)),
                (Some(was), None) if same(was, mine) => {}
                (Some(was), None) => {
                    self.conflict(subject, field, Some(was), Some(mine), None);
                    merged.push(mine.clone());
                }
                (None, None) => merged.push(mine.clone()),
            }
        }
        for other in theirs.iter().filter(|t| !in_ours.contains_key(&key(t))) {
            match in_base.get(&key(other)).map(|&i| &base[i]) {
                Some(was) if same(was, other) => {}
                Some(was) => {
                    self.conflict(subject, field, Some(was), None, Some(other));
                    merged.push(other.clone());
                }
                None => merged.push(other.clone()),
            }
        }
        merged
    }

    /// A long text, merged line by line and then word by word; what still
    /// overlaps is a conflict whose two sides are the whole merged text with
    /// ours, and with theirs, in the overlapping stretches.
    fn text(
        &mut self,
        subject: Option<EntityRef>,
        field: &str,
        base: Option<&String>,
        ours: &String,
        theirs: &String,
    ) -> String {
        if ours == theirs {
            return ours.clone();
        }
        let empty = String::new();
        let base_text = base.unwrap_or(&empty);
        if base_text == ours {
            return theirs.clone();
        }
        if base_text == theirs {
            return ours.clone();
        }
        match text::merge(base_text, ours, theirs) {
            text::Merged::Clean(merged) => merged,
            text::Merged::Conflict { ours, theirs } => {
                self.conflict(subject, field, base, Some(&ours), Some(&theirs));
                ours
            }
        }
    }

    /// Entities by id: kept, added, deleted, or merged field by field.
    fn list<T: MergeFields>(&mut self, base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
        let by_id = |list: &[T]| -> HashMap<T::Id, usize> {
            list.iter().enumerate().map(|(i, e)| (e.id(), i)).collect()
        };
        let (in_base, in_ours, in_theirs) = (by_id(base), by_id(ours), by_id(theirs));
        let mut merged = Vec::with_capacity(ours.len().max(theirs.len()));
        for mine in ours {
            let was = in_base.get(&mine.id()).map(|&i| &base[i]);
            match (was, in_theirs.get(&mine.id()).map(|&i| &theirs[i])) {
                (was, Some(other)) => merged.push(self.entity(was, mine, other)),
                // Theirs deleted it: gone, unless ours changed it.
                (Some(was), None) if was == mine => {}
                (Some(was), None) => {
                    self.conflict(
                        Some(mine.entity_ref()),
                        "exists",
                        Some(was),
                        Some(mine),
                        None,
                    );
                    merged.push(mine.clone());
                }
                (None, None) => merged.push(mine.clone()),
            }
        }
        for other in theirs.iter().filter(|t| !in_ours.contains_key(&t.id())) {
            match in_base.get(&other.id()).map(|&i| &base[i]) {
                // Ours deleted it: gone, unless theirs changed it.
                Some(was) if was == other => {}
                Some(was) => {
                    self.conflict(
                        Some(other.entity_ref()),
                        "exists",
                        Some(was),
                        None,
                        Some(other),
                    );
                    merged.push(other.clone());
                }
                None => merged.push(other.clone()),
            }
        }
        merged
    }

    fn entity<T: MergeFields>(&mut self, base: Option<&T>, ours: &T, theirs: &T) -> T {
        if ours == theirs {
            return ours.clone();
        }
        match base {
            Some(base) if base == ours => theirs.clone(),
            Some(base) if base == theirs => ours.clone(),
            _ => T::merge_fields(self, base, ours, theirs),
        }
    }
}

/// `deleter` with the references it lost by deleting entities that `keeper`
/// changed (so the merge keeps them) given back: each referrer is merged
/// with its base version, as if the deletion had not stripped it. A
/// referrer whose other changes collide with that is left as it is.
fn with_references_back<'a>(
    base: &Project,
    keeper: &Project,
    deleter: &'a Project,
) -> std::borrow::Cow<'a, Project> {
    let refs = |project: &Project| {
        let mut refs: HashSet<EntityRef> = HashSet::new();
        crate::for_each_collection!(project, |list| {
            for item in list {
                refs.insert(item.entity_ref());
            }
        });
        refs
    };
    let in_deleter = refs(deleter);
    // Usually none: only what the deleter deleted is looked at closely.
    let mut kept: HashSet<EntityRef> = HashSet::new();
    crate::for_each_collection!(base, |list| {
        for was in list {
            let target = was.entity_ref();
            if in_deleter.contains(&target) {
                continue;
            }
            let changed = find_any(keeper, target)
                .is_some_and(|now| crate::with_any_entity!(now, |e| as_ron(&e)) != as_ron(was));
            if changed {
                kept.insert(target);
            }
        }
    });
    if kept.is_empty() {
        return std::borrow::Cow::Borrowed(deleter);
    }
    let mut restored = deleter.clone();
    restore_referrers(&mut restored.ports, &base.ports, &kept);
    restore_referrers(&mut restored.organisations, &base.organisations, &kept);
    restore_referrers(&mut restored.people, &base.people, &kept);
    restore_referrers(&mut restored.agreements, &base.agreements, &kept);
    restore_referrers(&mut restored.corridors, &base.corridors, &kept);
    restore_referrers(&mut restored.events, &base.events, &kept);
    for time in &base.schedule.travel_times {
        let involves = [time.from, time.to]
            .into_iter()
            .any(|port| kept.contains(&EntityRef::Port(port)));
        let key = travel_time_key(time);
        let lost = !restored
            .schedule
            .travel_times
            .iter()
            .any(|t| travel_time_key(t) == key);
        if involves && lost {
            restored.schedule.travel_times.push(*time);
        }
    }
    std::borrow::Cow::Owned(restored)
}

fn restore_referrers<T: MergeFields>(list: &mut [T], base: &[T], kept: &HashSet<EntityRef>) {
    let in_base: HashMap<T::Id, &T> = base.iter().map(|e| (e.id(), e)).collect();
    for item in list.iter_mut() {
        let Some(was) = in_base.get(&item.id()) else {
            continue;
        };
        let mut lost = Vec::new();
        was.for_each_reference(&mut |target| {
            if kept.contains(&target) && !lost.contains(&target) {
                lost.push(target);
            }
        });
        let mut still = HashSet::new();
        item.for_each_reference(&mut |target| {
            still.insert(target);
        });
        lost.retain(|target| !still.contains(target));
        if lost.is_empty() {
            continue;
        }
        // The deleting side's version is the base stripped of the lost
        // references, plus its own changes; merging in the base gives the
        // references back and keeps those changes.
        let mut stripped = (*was).clone();
        for target in &lost {
            stripped.remove_reference(*target);
        }
        let mut merger = Merger::default();
        let back = merger.entity(Some(&stripped), item, was);
        if merger.conflicts.is_empty() {
            *item = back;
        }
    }
}

/// An order-free list: ours, without what theirs removed, plus what theirs
/// added (in theirs' order). Linear: hashed, not searched.
pub(crate) fn set<T: Clone + Eq + Hash>(base: Option<&[T]>, ours: &[T], theirs: &[T]) -> Vec<T> {
    let base: HashSet<&T> = base.unwrap_or(&[]).iter().collect();
    let in_theirs: HashSet<&T> = theirs.iter().collect();
    let mut kept: HashSet<&T> = HashSet::with_capacity(ours.len());
    let mut merged = Vec::with_capacity(ours.len().max(theirs.len()));
    for item in ours {
        if base.contains(item) && !in_theirs.contains(item) {
            continue; // theirs removed it
        }
        kept.insert(item);
        merged.push(item.clone());
    }
    for item in theirs {
        if !base.contains(item) && kept.insert(item) {
            merged.push(item.clone());
        }
    }
    merged
}

/// Revisions: every recorded revision of either side, once, in the order
/// they were recorded.
fn revisions(base: Option<&[Revision]>, ours: &[Revision], theirs: &[Revision]) -> Vec<Revision> {
    let base = base.unwrap_or(&[]);
    let mut merged: Vec<Revision> = ours
        .iter()
        .filter(|r| !base.contains(r) || theirs.contains(r))
        .cloned()
        .collect();
    for revision in theirs {
        if !base.contains(revision) && !merged.contains(revision) {
            merged.push(revision.clone());
        }
    }
    merged.sort_by(|a, b| {
        a.recorded_at
            .cmp(&b.recorded_at)
            .then(a.number.cmp(&b.number))
    });
    merged
}

/// Field-by-field merge of one kind of entity, and setting one of its
/// fields from a conflict record (to resolve it).
pub(crate) trait MergeFields: Entity + PartialEq + Serialize {
    fn merge_fields(m: &mut Merger, base: Option<&Self>, ours: &Self, theirs: &Self) -> Self;
    /// Sets the conflict's field to `value` (written as RON); for a keyed
    /// list, the conflict's item. Fields merged as sets never conflict, so
    /// they are not settable here.
    fn set_field(&mut self, conflict: &MergeConflict, value: Option<&str>) -> Result<(), String>;
    /// What the conflict's field (or keyed item) holds now, written as the
    /// conflict record writes values; `None` where the item is gone.
    fn field_now(&self, conflict: &MergeConflict) -> Option<String>;
}

/// Implements [`MergeFields`] for `$ty` from one list of its fields, so the
/// merge and the resolution of its conflicts cannot disagree about them:
/// `values` merge as one value each, `texts` as text, `sets` as order-free
/// lists, `keyed` as lists of items identified by a key, and `then` merges
/// what needs more (revisions).
macro_rules! merge_fields {
    ($ty:ty; values: [$($value:ident),*]; texts: [$($text:ident),*]; sets: [$($set:ident),*];
     keyed: [$($keyed:ident by $key:path),*] $(; then $then:path)?) => {
        impl MergeFields for $ty {
            fn merge_fields(m: &mut Merger, base: Option<&Self>, ours: &Self, theirs: &Self) -> Self {
                let subject = Some(ours.entity_ref());
                let mut out = ours.clone();
                $( out.$value = m.value(subject, stringify!($value), base.map(|b| &b.$value), &ours.$value, &theirs.$value); )*
                $( out.$text = m.text(subject, stringify!($text), base.map(|b| &b.$text), &ours.$text, &theirs.$text); )*
                $( out.$set = set(base.map(|b| b.$set.as_slice()), &ours.$set, &theirs.$set); )*
                $( out.$keyed = m.keyed(subject, stringify!($keyed), base.map(|b| b.$keyed.as_slice()), &ours.$keyed, &theirs.$keyed, $key); )*
                $( $then(base, ours, theirs, &mut out); )?
                out
            }

            fn set_field(&mut self, conflict: &MergeConflict, value: Option<&str>) -> Result<(), String> {
                let field = conflict.field.as_str();
                let required = || value.ok_or_else(|| format!("{field} has no value on that side"));
                match field {
                    $( stringify!($value) => self.$value = parse_value(required()?)?, )*
                    $( stringify!($text) => self.$text = parse_value(required()?)?, )*
                    $( stringify!($keyed) => resolve::set_keyed(&mut self.$keyed, conflict, value, $key)?, )*
                    field => return Err(format!("{} has no field \"{field}\" to set", <$ty as Entity>::KIND.label())),
                }
                Ok(())
            }

            fn field_now(&self, conflict: &MergeConflict) -> Option<String> {
                match conflict.field.as_str() {
                    $( stringify!($value) => Some(as_ron(&self.$value)), )*
                    $( stringify!($text) => Some(as_ron(&self.$text)), )*
                    $( stringify!($keyed) => resolve::keyed_now(&self.$keyed, conflict, $key), )*
                    _ => None,
                }
            }
        }
    };
}

/// A value from a conflict record.
pub(crate) fn parse_value<T: serde::de::DeserializeOwned>(ron: &str) -> Result<T, String> {
    ron::from_str(ron).map_err(|e| format!("the recorded value cannot be read: {e}"))
}

merge_fields!(Port;
    values: [name, local_name, locode, country, city, latitude, longitude, time_zone, authority];
    texts: [notes]; sets: [facts]; keyed: []);

merge_fields!(Organisation;
    values: [name, kind, country, website]; texts: [notes]; sets: []; keyed: []);

merge_fields!(Person;
    values: [name, local_name, title, organisation, role, email, phone]; texts: [notes]; sets: []; keyed: []);

merge_fields!(Agreement;
    values: [title, kind, status, dates]; texts: [draft, notes]; sets: [parties, areas];
    keyed: [milestones by milestone_key]; then merge_revisions);

fn merge_revisions(
    base: Option<&Agreement>,
    ours: &Agreement,
    theirs: &Agreement,
    out: &mut Agreement,
) {
    out.revisions = revisions(
        base.map(|b| b.revisions.as_slice()),
        &ours.revisions,
        &theirs.revisions,
    );
}

merge_fields!(Corridor;
    values: [name, agreement, stage]; texts: [fuels, targets, notes]; sets: [ports]; keyed: []);

merge_fields!(MissionEvent;
    values: [title, kind, start, end, location, port, uid, recurrence_id]; texts: [notes];
    sets: [agreements]; keyed: [participants by participant_key]);

/// The keys of the keyed lists: what identifies an item across copies.
pub(crate) fn milestone_key(milestone: &Milestone) -> String {
    milestone.title.clone()
}

pub(crate) fn participant_key(participant: &Participant) -> PersonId {
    participant.person
}

pub(crate) fn travel_time_key(time: &TravelTime) -> (u64, u64) {
    (time.from.0.min(time.to.0), time.from.0.max(time.to.0))
}

pub(crate) fn clause_key(clause: &Clause) -> String {
    clause.title.clone()
}

fn merge_mission(
    m: &mut Merger,
    base: &MissionInfo,
    ours: &MissionInfo,
    theirs: &MissionInfo,
) -> MissionInfo {
    let mut out = ours.clone();
    out.title = m.value(
        None,
        "mission title",
        Some(&base.title),
        &ours.title,
        &theirs.title,
    );
    out.description = m.text(
        None,
        "mission description",
        Some(&base.description),
        &ours.description,
        &theirs.description,
    );
    out.first_day = m.value(
        None,
        "first day",
        Some(&base.first_day),
        &ours.first_day,
        &theirs.first_day,
    );
    out.last_day = m.value(
        None,
        "last day",
        Some(&base.last_day),
        &ours.last_day,
        &theirs.last_day,
    );
    out.host_zone = m.value(
        None,
        "host zone",
        Some(&base.host_zone),
        &ours.host_zone,
        &theirs.host_zone,
    );
    out.home_zone = m.value(
        None,
        "home zone",
        Some(&base.home_zone),
        &ours.home_zone,
        &theirs.home_zone,
    );
    out
}

fn merge_schedule(
    m: &mut Merger,
    base: &ScheduleSettings,
    ours: &ScheduleSettings,
    theirs: &ScheduleSettings,
) -> ScheduleSettings {
    ScheduleSettings {
        default_travel_minutes: m.value(
            None,
            "default travel minutes",
            Some(&base.default_travel_minutes),
            &ours.default_travel_minutes,
            &theirs.default_travel_minutes,
        ),
        travel_times: m.keyed(
            None,
            "travel times",
            Some(&base.travel_times),
            &ours.travel_times,
            &theirs.travel_times,
            travel_time_key,
        ),
    }
}

/// An entity one side deleted while the other made (or kept) a reference to
/// it comes back from the side that has it, with a conflict saying so;
/// repeated until nothing refers to a missing entity that some side has.
fn keep_what_is_referred_to(m: &mut Merger, merged: &mut Project, sides: [&Project; 3]) {
    let mut restored: HashSet<EntityRef> = HashSet::new();
    loop {
        let mut present: HashSet<EntityRef> = HashSet::new();
        let mut wanted: Vec<EntityRef> = Vec::new();
        crate::for_each_collection!(merged, |list| {
            for item in list {
                present.insert(item.entity_ref());
            }
        });
        crate::for_each_collection!(merged, |list| {
            for item in list {
                item.for_each_reference(&mut |r| {
                    if !present.contains(&r) && !wanted.contains(&r) {
                        wanted.push(r);
                    }
                });
            }
        });
        for time in &merged.schedule.travel_times {
            for port in [EntityRef::Port(time.from), EntityRef::Port(time.to)] {
                if !present.contains(&port) && !wanted.contains(&port) {
                    wanted.push(port);
                }
            }
        }
        let mut any = false;
        for target in wanted {
            if restored.contains(&target) {
                continue;
            }
            let found = sides.iter().find_map(|side| find_any(side, target));
            if let Some(entity) = found {
                let side_has = |p: &Project| {
                    find_any(p, target).map(|e| crate::with_any_entity!(e, |x| as_ron(&x)))
                };
                m.conflicts.push(MergeConflict {
                    subject: Some(target),
                    field: "exists".into(),
                    base: side_has(sides[2]),
                    ours: side_has(sides[0]),
                    theirs: side_has(sides[1]),
                });
                crate::with_any_entity!(entity, |e| push(merged, e));
                restored.insert(target);
                any = true;
            }
        }
        if !any {
            break;
        }
    }
}

fn push<T: Entity>(project: &mut Project, entity: T) {
    T::list_mut(project).push(entity);
}

fn find_any(project: &Project, target: EntityRef) -> Option<AnyEntity> {
    crate::with_entity_ref!(target, |T, id| crate::model::entity::find::<T>(project, id)
        .map(|e| e.clone().into_any()))
}
