//! One vocabulary for "any entity" and "a reference to any entity", so edits,
//! validation and the UI treat ports, people, agreements… alike.

use std::fmt;

use super::ids::{AgreementId, CorridorId, EventId, OrganisationId, PersonId, PortId};
use super::{Agreement, Corridor, MissionEvent, Organisation, Party, Person, Port, Project};

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
}

/// A reference to one entity of any kind.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
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
        match self {
            Self::Port(_) => EntityKind::Port,
            Self::Organisation(_) => EntityKind::Organisation,
            Self::Person(_) => EntityKind::Person,
            Self::Agreement(_) => EntityKind::Agreement,
            Self::Corridor(_) => EntityKind::Corridor,
            Self::Event(_) => EntityKind::Event,
        }
    }

    /// The raw id number, whatever the kind.
    pub fn raw(self) -> u64 {
        match self {
            Self::Port(id) => id.0,
            Self::Organisation(id) => id.0,
            Self::Person(id) => id.0,
            Self::Agreement(id) => id.0,
            Self::Corridor(id) => id.0,
            Self::Event(id) => id.0,
        }
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
    fn entity_ref(&self) -> EntityRef;
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
    fn entity_ref(&self) -> EntityRef {
        EntityRef::Port(self.id)
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
    fn entity_ref(&self) -> EntityRef {
        EntityRef::Organisation(self.id)
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
    fn entity_ref(&self) -> EntityRef {
        EntityRef::Person(self.id)
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
    fn entity_ref(&self) -> EntityRef {
        EntityRef::Agreement(self.id)
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
    fn entity_ref(&self) -> EntityRef {
        EntityRef::Corridor(self.id)
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
    fn entity_ref(&self) -> EntityRef {
        EntityRef::Event(self.id)
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
    match target {
        EntityRef::Port(id) => find::<Port>(project, id).is_some(),
        EntityRef::Organisation(id) => find::<Organisation>(project, id).is_some(),
        EntityRef::Person(id) => find::<Person>(project, id).is_some(),
        EntityRef::Agreement(id) => find::<Agreement>(project, id).is_some(),
        EntityRef::Corridor(id) => find::<Corridor>(project, id).is_some(),
        EntityRef::Event(id) => find::<MissionEvent>(project, id).is_some(),
    }
}

/// The display name of the entity `target` refers to, if it exists.
pub fn name_of(project: &Project, target: EntityRef) -> Option<&str> {
    match target {
        EntityRef::Port(id) => find::<Port>(project, id).map(Entity::display_name),
        EntityRef::Organisation(id) => find::<Organisation>(project, id).map(Entity::display_name),
        EntityRef::Person(id) => find::<Person>(project, id).map(Entity::display_name),
        EntityRef::Agreement(id) => find::<Agreement>(project, id).map(Entity::display_name),
        EntityRef::Corridor(id) => find::<Corridor>(project, id).map(Entity::display_name),
        EntityRef::Event(id) => find::<MissionEvent>(project, id).map(Entity::display_name),
    }
}

/// `kind "name"` for messages, falling back to the id when the entity is gone.
pub fn describe(project: &Project, target: EntityRef) -> String {
    match name_of(project, target) {
        Some(name) => format!("{} \"{}\"", target.kind().label(), name),
        None => target.to_string(),
    }
}
