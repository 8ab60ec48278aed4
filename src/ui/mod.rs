//! The views. Each reads the project (never changes it) and sends
//! [`PendingEdit`]s and [`Command`]s through an [`Outbox`]; the app applies
//! them after the frame is drawn.

pub mod accessibility;
pub mod agreements;
pub mod board;
pub mod busy;
pub mod calendar;
pub mod corridors;
pub mod dialogs;
pub mod drafting;
pub mod entity_list;
pub mod events;
pub mod file_chooser;
pub mod focus;
pub mod map;
pub mod merge_review;
pub mod mission;
pub mod organisations;
pub mod overview;
pub mod people;
pub mod ports;
pub mod problems;
pub mod schedule;
pub mod text_buffer;
pub mod travel_times;
pub mod widgets;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::commands::Command;
use crate::edit::Edit;
use crate::model::{EntityKind, Problem, Project};

/// The views in the navigation panel.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
pub enum View {
    #[default]
    Overview,
    Mission,
    Ports,
    Organisations,
    People,
    Agreements,
    Board,
    Corridors,
    Events,
    Schedule,
    Map,
    Problems,
    MergeReview,
}

impl View {
    pub const ALL: [Self; 13] = [
        Self::Overview,
        Self::Mission,
        Self::Ports,
        Self::Organisations,
        Self::People,
        Self::Agreements,
        Self::Board,
        Self::Corridors,
        Self::Events,
        Self::Schedule,
        Self::Map,
        Self::Problems,
        Self::MergeReview,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Overview => "Overview",
            Self::Mission => "Mission settings",
            Self::Ports => "Ports",
            Self::Organisations => "Organisations",
            Self::People => "People",
            Self::Agreements => "Agreements",
            Self::Board => "Status board",
            Self::Corridors => "Corridors",
            Self::Events => "Events",
            Self::Schedule => "Schedule",
            Self::Map => "Map",
            Self::Problems => "Problems",
            Self::MergeReview => "Merge review",
        }
    }

    /// The kind of entity this view lists, if it is a list of one kind.
    pub fn kind(self) -> Option<EntityKind> {
        EntityKind::ALL
            .into_iter()
            .find(|kind| Self::for_kind(*kind) == self)
    }

    /// The view that lists entities of `kind`.
    pub fn for_kind(kind: EntityKind) -> Self {
        match kind {
            EntityKind::Port => Self::Ports,
            EntityKind::Organisation => Self::Organisations,
            EntityKind::Person => Self::People,
            EntityKind::Agreement => Self::Agreements,
            EntityKind::Corridor => Self::Corridors,
            EntityKind::Event => Self::Events,
        }
    }
}

/// An edit a view asks for, with its typing-burst key (see [`crate::history`]).
#[derive(Clone, PartialEq, Debug)]
pub struct PendingEdit {
    pub edit: Edit,
    pub coalesce: Option<String>,
}

/// Where views put what they want done.
#[derive(Default, Debug)]
pub struct Outbox {
    pub edits: Vec<PendingEdit>,
    pub commands: Vec<Command>,
}

impl Outbox {
    pub fn edit(&mut self, edit: Edit) {
        self.edits.push(PendingEdit {
            edit,
            coalesce: None,
        });
    }

    /// An edit from typing into a field: consecutive ones with the same key
    /// become one undo step.
    pub fn typing(&mut self, edit: Edit, key: String) {
        self.edits.push(PendingEdit {
            edit,
            coalesce: Some(key),
        });
    }

    /// Anything else for the app to do (select, navigate, ask, export…).
    pub fn command(&mut self, command: Command) {
        self.commands.push(command);
    }
}

/// What every view gets to read this frame.
pub struct ViewCtx<'a> {
    pub project: &'a Project,
    pub problems: &'a [Problem],
    /// Changes whenever the project does; caches compare it.
    pub generation: u64,
    pub now: Timestamp,
    /// The date at `now` in the mission's home zone (see [`crate::model::MissionInfo::today`]).
    pub today: jiff::civil::Date,
    /// Ctrl+F was pressed: focus this view's search box.
    pub focus_search: bool,
    /// No question is over the window: the view may read keys (arrows,
    /// Enter, Page Down) as its own. A dialog above it reads them first.
    pub keys: bool,
    /// Who records revisions (remembered on this computer).
    pub delegate_name: &'a str,
    /// Ctrl+H was pressed: focus the draft's find box.
    pub focus_find_in_draft: bool,
    /// A revision was just imported: show its redline against the draft.
    pub reveal_revision: Option<(crate::model::AgreementId, u32)>,
    /// Find this in the selected agreement's draft, from this character
    /// (Ctrl+K found one of its lines).
    pub draft_needle: Option<(&'a str, usize)>,
    /// Which page of the agreement form is open.
    pub agreement_page: AgreementPage,
}

/// The agreement form's two pages. The draft has its own so that its editor
/// gets the height of the panel, and so that typing in a long draft does not
/// also lay out the whole form every frame.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub enum AgreementPage {
    #[default]
    Details,
    Draft,
}
