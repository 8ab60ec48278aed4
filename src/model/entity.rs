//! One vocabulary for "any entity" and "a reference to any entity", so edits,
//! validation and the UI treat ports, people, agreements… alike.

use std::fmt;

use super::ids::{AgreementId, CorridorId, EventId, OrganisationId, PersonId, PortId};
use super::{Agreement, Corridor, MissionEvent, Organisation, Party, Person, Port, Project};

/// Runs `$body` with `$T` the entity type that `$target` (an [`EntityRef`])
/// refers to and `$id` its typed id: the one place that matches the six
/// kinds of reference, so code over "any entity" is written once.
///
/// `with_entity_ref!(target, |T, id| find::<T>(project, id).is_some())`
#[macro_export]
macro_rules! with_entity_ref {
    ($target:expr, |$T:ident, $id:ident| $body:expr) => {
        match $target {
            $crate::model::EntityRef::Port($id) => {
                #[allow(dead_code)]
                type $T = $crate::model::Port;
                $body
            }
            $crate::model::EntityRef::Organisation($id) => {
                #[allow(dead_code)]
                type $T = $crate::model::Organisation;
                $body
            }
            $crate::model::EntityRef::Person($id) => {
                #[allow(dead_code)]
                type $T = $crate::model::Person;
                $body
            }
            $crate::model::EntityRef::Agreement($id) => {
                #[allow(dead_code)]
                type $T = $crate::model::Agreement;
                $body
            }
            $crate::model::EntityRef::Corridor($id) => {
                #[allow(dead_code)]
                type $T = $crate::model::Corridor;
                $body
            }
            $crate::model::EntityRef::Event($id) => {
                #[allow(dead_code)]
                type $T = $crate::model::MissionEvent;
                $body
            }
        }
    };
}

/// Runs `$body` with `$e` the entity inside `$entity` (an [`AnyEntity`],
/// by value), whatever its kind.
#[macro_export]
macro_rules! with_any_entity {
    ($entity:expr, |$e:ident| $body:expr) => {
        match $entity {
            $crate::model::AnyEntity::Port($e) => $body,
            $crate::model::AnyEntity::Organisation($e) => $body,
            $crate::model::AnyEntity::Person($e) => $body,
            $crate::model::AnyEntity::Agreement($e) => $body,
            $crate::model::AnyEntity::Corridor($e) => $body,
            $crate::model::AnyEntity::Event($e) => $body,
        }
    };
}

/// Runs `$body` with `$T` the entity type of `$kind` (an [`EntityKind`]).
#[macro_export]
macro_rules! with_entity_kind {
    ($kind:expr, |$T:ident| $body:expr) => {
        match $kind {
            $crate::model::EntityKind::Port => {
                #[allow(dead_code)]
                type $T = $crate::model::Port;
                $body
            }
            $crate::model::EntityKind::Organisation => {
                #[allow(dead_code)]
                type $T = $crate::model::Organisation;
                $body
            }
            $crate::model::EntityKind::Person => {
                #[allow(dead_code)]
                type $T = $crate::model::Person;
                $body
            }
            $crate::model::EntityKind::Agreement => {
                #[allow(dead_code)]
                type $T = $crate::model::Agreement;
                $body
            }
            $crate::model::EntityKind::Corridor => {
                #[allow(dead_code)]
                type $T = $crate::model::Corridor;
                $body
            }
            $crate::model::EntityKind::Event => {
                #[allow(dead_code)]
                type $T = $crate::model::MissionEvent;
                $body
            }
        }
    };
}

/// The kinds of entity a project holds.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum EntityKind {
    Port,
    Organisation,
    Person,
    Agreement,
    Corridor,
    Event,
}

impl EntityKind {
    pub const ALL: [Self; 6] = [
        Self::Port,
        Self::Organisation,
        Self::Person,
        Self::Agreement,
        Self::Corridor,
        Self::Event,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Port => "port",
            Self::Organisation => "organisation",
            Self::Person => "person",
            Self::Agreement => "agreement",
            Self::Corridor => "corridor",
            Self::Event => "event",
        }
    }

    /// The plural, for counts and limits: "ports", "people"…
    pub fn plural(self) -> &'static str {
        match self {
            Self::Person => "people",
            Self::Port => "ports",
            Self::Organisation => "organisations",
            Self::Agreement => "agreements",
            Self::Corridor => "corridors",
            Self::Event => "events",
        }
    }
}

/// A reference to one entity of any kind.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, serde::Serialize, serde::Deserialize)]
pub enum EntityRef {
    Port(PortId),
    Organisation(OrganisationId),
    Person(PersonId),
    Agreement(AgreementId),
    Corridor(CorridorId),
    Event(EventId),
}

impl EntityRef {
    pub fn kind(self) -> EntityKind {
        with_entity_ref!(self, |T, _id| T::KIND)
    }

    /// The raw id number, whatever the kind.
    pub fn raw(self) -> u64 {
        with_entity_ref!(self, |T, id| id.0)
    }
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} #{}", self.kind().label(), self.raw())
    }
}

impl From<Party> for EntityRef {
    fn from(party: Party) -> Self {
        match party {
            Party::Port(id) => Self::Port(id),
            Party::Organisation(id) => Self::Organisation(id),
        }
    }
}

/// A whole entity of any kind: what an add, update or delete carries.
#[derive(Clone, PartialEq, Debug)]
pub enum AnyEntity {
    Port(Port),
    Organisation(Organisation),
    Person(Person),
    Agreement(Agreement),
    Corridor(Corridor),
    Event(MissionEvent),
}

/// What every entity type provides, so that code over "an entity" is written once.
pub trait Entity: Clone + Sized {
    type Id: Copy + Eq + std::hash::Hash + fmt::Display;
    const KIND: EntityKind;

    fn id(&self) -> Self::Id;
    /// The name a delegate knows the entity by.
    fn display_name(&self) -> &str;
    fn ref_of(id: Self::Id) -> EntityRef;
    fn entity_ref(&self) -> EntityRef {
        Self::ref_of(self.id())
    }
    fn list(project: &Project) -> &Vec<Self>;
    fn list_mut(project: &mut Project) -> &mut Vec<Self>;
    fn into_any(self) -> AnyEntity;
    /// Calls `visit` with every entity this one refers to.
    fn for_each_reference(&self, visit: &mut dyn FnMut(EntityRef));
    /// Removes every reference to `target`; returns whether anything changed.
    fn remove_reference(&mut self, target: EntityRef) -> bool;
}

/// Position of the entity with `id` in its list.
pub fn position<T: Entity>(project: &Project, id: T::Id) -> Option<usize> {
    T::list(project).iter().position(|e| e.id() == id)
}

/// The entity with `id`, if the project has it.
pub fn find<T: Entity>(project: &Project, id: T::Id) -> Option<&T> {
    T::list(project).iter().find(|e| e.id() == id)
}

fn retain_changed<T>(list: &mut Vec<T>, keep: impl FnMut(&T) -> bool) -> bool {
    let before = list.len();
    list.retain(keep);
    list.len() != before
}

fn clear_if<T: PartialEq>(slot: &mut Option<T>, target: &T) -> bool {
    if slot.as_ref() == Some(target) {
        *slot = None;
        true
    } else {
        false
    }
}

impl Entity for Port {
    type Id = PortId;
    const KIND: EntityKind = EntityKind::Port;
    fn id(&self) -> PortId {
        self.id
    }
    fn display_name(&self) -> &str {
        &self.name
    }
    fn ref_of(id: Self::Id) -> EntityRef {
        EntityRef::Port(id)
    }
    fn list(project: &Project) -> &Vec<Self> {
        &project.ports
    }
    fn list_mut(project: &mut Project) -> &mut Vec<Self> {
        &mut project.ports
    }
    fn into_any(self) -> AnyEntity {
        AnyEntity::Port(self)
    }
    fn for_each_reference(&self, visit: &mut dyn FnMut(EntityRef)) {
        if let Some(org) = self.authority {
            visit(EntityRef::Organisation(org));
        }
    }
    fn remove_reference(&mut self, target: EntityRef) -> bool {
        match target {
            EntityRef::Organisation(org) => clear_if(&mut self.authority, &org),
            _ => false,
        }
    }
}

impl Entity for Organisation {
    type Id = OrganisationId;
    const KIND: EntityKind = EntityKind::Organisation;
    fn id(&self) -> OrganisationId {
        self.id
    }
    fn display_name(&self) -> &str {
        &self.name
    }
    fn ref_of(id: Self::Id) -> EntityRef {
        EntityRef::Organisation(id)
    }
    fn list(project: &Project) -> &Vec<Self> {
        &project.organisations
    }
    fn list_mut(project: &mut Project) -> &mut Vec<Self> {
        &mut project.organisations
    }
    fn into_any(self) -> AnyEntity {
        AnyEntity::Organisation(self)
    }
    fn for_each_reference(&self, _visit: &mut dyn FnMut(EntityRef)) {}
    fn remove_reference(&mut self, _target: EntityRef) -> bool {
        false
    }
}

impl Entity for Person {
    type Id = PersonId;
    const KIND: EntityKind = EntityKind::Person;
    fn id(&self) -> PersonId {
        self.id
    }
    fn display_name(&self) -> &str {
        &self.name
    }
    fn ref_of(id: Self::Id) -> EntityRef {
        EntityRef::Person(id)
    }
    fn list(project: &Project) -> &Vec<Self> {
        &project.people
    }
    fn list_mut(project: &mut Project) -> &mut Vec<Self> {
        &mut project.people
    }
    fn into_any(self) -> AnyEntity {
        AnyEntity::Person(self)
    }
    fn for_each_reference(&self, visit: &mut dyn FnMut(EntityRef)) {
        if let Some(org) = self.organisation {
            visit(EntityRef::Organisation(org));
        }
    }
    fn remove_reference(&mut self, target: EntityRef) -> bool {
        match target {
            EntityRef::Organisation(org) => clear_if(&mut self.organisation, &org),
            _ => false,
        }
    }
}

impl Entity for Agreement {
    type Id = AgreementId;
    const KIND: EntityKind = EntityKind::Agreement;
    fn id(&self) -> AgreementId {
        self.id
    }
    fn display_name(&self) -> &str {
        &self.title
    }
    fn ref_of(id: Self::Id) -> EntityRef {
        EntityRef::Agreement(id)
    }
    fn list(project: &Project) -> &Vec<Self> {
        &project.agreements
    }
    fn list_mut(project: &mut Project) -> &mut Vec<Self> {
        &mut project.agreements
    }
    fn into_any(self) -> AnyEntity {
        AnyEntity::Agreement(self)
    }
    fn for_each_reference(&self, visit: &mut dyn FnMut(EntityRef)) {
        for party in &self.parties {
            visit((*party).into());
        }
    }
    fn remove_reference(&mut self, target: EntityRef) -> bool {
        retain_changed(&mut self.parties, |p| EntityRef::from(*p) != target)
    }
}

impl Entity for Corridor {
    type Id = CorridorId;
    const KIND: EntityKind = EntityKind::Corridor;
    fn id(&self) -> CorridorId {
        self.id
    }
    fn display_name(&self) -> &str {
        &self.name
    }
    fn ref_of(id: Self::Id) -> EntityRef {
        EntityRef::Corridor(id)
    }
    fn list(project: &Project) -> &Vec<Self> {
        &project.corridors
    }
    fn list_mut(project: &mut Project) -> &mut Vec<Self> {
        &mut project.corridors
    }
    fn into_any(self) -> AnyEntity {
        AnyEntity::Corridor(self)
    }
    fn for_each_reference(&self, visit: &mut dyn FnMut(EntityRef)) {
        for port in &self.ports {
            visit(EntityRef::Port(*port));
        }
        if let Some(agreement) = self.agreement {
            visit(EntityRef::Agreement(agreement));
        }
    }
    fn remove_reference(&mut self, target: EntityRef) -> bool {
        match target {
            EntityRef::Port(port) => retain_changed(&mut self.ports, |p| *p != port),
            EntityRef::Agreement(agreement) => clear_if(&mut self.agreement, &agreement),
            _ => false,
        }
    }
}

impl Entity for MissionEvent {
    type Id = EventId;
    const KIND: EntityKind = EntityKind::Event;
    fn id(&self) -> EventId {
        self.id
    }
    fn display_name(&self) -> &str {
        &self.title
    }
    fn ref_of(id: Self::Id) -> EntityRef {
        EntityRef::Event(id)
    }
    fn list(project: &Project) -> &Vec<Self> {
        &project.events
    }
    fn list_mut(project: &mut Project) -> &mut Vec<Self> {
        &mut project.events
    }
    fn into_any(self) -> AnyEntity {
        AnyEntity::Event(self)
    }
    fn for_each_reference(&self, visit: &mut dyn FnMut(EntityRef)) {
        if let Some(port) = self.port {
            visit(EntityRef::Port(port));
        }
        for participant in &self.participants {
            visit(EntityRef::Person(participant.person));
        }
        for agreement in &self.agreements {
            visit(EntityRef::Agreement(*agreement));
        }
    }
    fn remove_reference(&mut self, target: EntityRef) -> bool {
        match target {
            EntityRef::Port(port) => clear_if(&mut self.port, &port),
            EntityRef::Person(person) => {
                retain_changed(&mut self.participants, |p| p.person != person)
            }
            EntityRef::Agreement(agreement) => {
                retain_changed(&mut self.agreements, |a| *a != agreement)
            }
            _ => false,
        }
    }
}

/// Calls `f` on every entity of every kind, as `AnyEntity`-free borrowed views.
/// The macro keeps the six collections in one place.
#[macro_export]
macro_rules! for_each_collection {
    ($project:expr, |$list:ident| $body:expr) => {{
        {
            let $list = &$project.ports;
            $body
        }
        {
            let $list = &$project.organisations;
            $body
        }
        {
            let $list = &$project.people;
            $body
        }
        {
            let $list = &$project.agreements;
            $body
        }
        {
            let $list = &$project.corridors;
            $body
        }
        {
            let $list = &$project.events;
            $body
        }
    }};
}

/// Every entity that refers to `target`, in collection order.
pub fn referrers(project: &Project, target: EntityRef) -> Vec<EntityRef> {
    let mut found = Vec::new();
    for_each_collection!(project, |list| {
        for entity in list {
            let mut refers = false;
            entity.for_each_reference(&mut |r| refers |= r == target);
            if refers {
                found.push(entity.entity_ref());
            }
        }
    });
    found
}

/// Whether the project has the entity `target` refers to.
pub fn exists(project: &Project, target: EntityRef) -> bool {
    with_entity_ref!(target, |T, id| find::<T>(project, id).is_some())
}

/// The display name of the entity `target` refers to, if it exists.
pub fn name_of(project: &Project, target: EntityRef) -> Option<&str> {
    with_entity_ref!(target, |T, id| find::<T>(project, id)
        .map(Entity::display_name))
}

/// Names of an agreement's parties, e.g. "Port of Los Angeles, Port of Tokyo".
pub fn party_names(project: &Project, parties: &[super::Party]) -> Vec<String> {
    parties
        .iter()
        .map(|party| {
            let target = EntityRef::from(*party);
            name_of(project, target).map_or_else(|| format!("missing {target}"), str::to_owned)
        })
        .collect()
}

/// `kind "name"` for messages, falling back to the id when the entity is gone.
pub fn describe(project: &Project, target: EntityRef) -> String {
    match name_of(project, target) {
        Some(name) => format!("{} \"{}\"", target.kind().label(), name),
        None => target.to_string(),
    }
}

/// The first reference (from an entity or a travel time) to an entity the
/// project does not have, if any.
pub fn first_dangling_reference(project: &Project) -> Option<EntityRef> {
    let mut known = std::collections::HashSet::new();
    for_each_collection!(project, |list| {
        for entity in list {
            known.insert(entity.entity_ref());
        }
    });
    let mut dangling = None;
    for_each_collection!(project, |list| {
        for entity in list {
            entity.for_each_reference(&mut |target| {
                if dangling.is_none() && !known.contains(&target) {
                    dangling = Some(target);
                }
            });
        }
    });
    dangling.or_else(|| {
        project
            .schedule
            .travel_times
            .iter()
            .flat_map(|t| [EntityRef::Port(t.from), EntityRef::Port(t.to)])
            .find(|port| !known.contains(port))
    })
}
