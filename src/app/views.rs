//! The state every view keeps between frames, and drawing the current view.

use egui::Ui;

use super::{FocusRequests, PlannerApp};
use crate::model::{Agreement, Corridor, EntityRef, MissionEvent, Organisation, Person, Port};
use crate::ui::board::{BoardState, board_ui};
use crate::ui::entity_list::{ListState, list_ui};
use crate::ui::map::{MapForms, MapState, map_ui};
use crate::ui::merge_review::{MergeReviewState, merge_review_ui};
use crate::ui::mission::{MissionState, mission_ui};
use crate::ui::overview::{OverviewState, overview_ui};
use crate::ui::problems::{ProblemsState, problems_ui};
use crate::ui::schedule::{ScheduleState, schedule_ui};
use crate::ui::{View, ViewCtx};

/// Per-view state; a new document starts them afresh.
#[derive(Default)]
pub(super) struct Views {
    pub overview: OverviewState,
    pub mission: MissionState,
    pub ports: ListState<Port>,
    pub organisations: ListState<Organisation>,
    pub people: ListState<Person>,
    pub agreements: ListState<Agreement>,
    pub corridors: ListState<Corridor>,
    pub events: ListState<MissionEvent>,
    pub schedule: ScheduleState,
    pub map: MapState,
    pub board: BoardState,
    pub problems: ProblemsState,
    pub merge_review: MergeReviewState,
}

impl Views {
    /// The selected row of `view`, if it lists entities.
    pub fn selected(&self, view: View) -> Option<EntityRef> {
        match view {
            View::Ports => self.ports.selected.map(EntityRef::Port),
            View::Organisations => self.organisations.selected.map(EntityRef::Organisation),
            View::People => self.people.selected.map(EntityRef::Person),
            View::Agreements => self.agreements.selected.map(EntityRef::Agreement),
            View::Corridors => self.corridors.selected.map(EntityRef::Corridor),
            View::Events => self.events.selected.map(EntityRef::Event),
            View::Schedule => self.schedule.selected.map(EntityRef::Event),
            View::Map => self.map.selected,
            View::Overview | View::Mission | View::Problems | View::Board | View::MergeReview => {
                None
            }
        }
    }

    /// Puts the cursor in the first field of `target`'s form when it shows.
    pub fn focus_form(&mut self, target: EntityRef) {
        match target {
            EntityRef::Port(_) => self.ports.focus_form(),
            EntityRef::Organisation(_) => self.organisations.focus_form(),
            EntityRef::Person(_) => self.people.focus_form(),
            EntityRef::Agreement(_) => self.agreements.focus_form(),
            EntityRef::Corridor(_) => self.corridors.focus_form(),
            EntityRef::Event(_) => self.events.focus_form(),
        }
    }

    /// Selects `target` in the view that lists its kind.
    pub fn select(&mut self, target: EntityRef) {
        match target {
            EntityRef::Port(id) => self.ports.select(id),
            EntityRef::Organisation(id) => self.organisations.select(id),
            EntityRef::Person(id) => self.people.select(id),
            EntityRef::Agreement(id) => self.agreements.select(id),
            EntityRef::Corridor(id) => self.corridors.select(id),
            EntityRef::Event(id) => self.events.select(id),
        }
    }
}

impl PlannerApp {
    /// Draws the current view; it reads the project and queues edits and
    /// commands in the outbox.
    pub(super) fn view_ui(
        &mut self,
        ui: &mut Ui,
        now: jiff::Timestamp,
        today: jiff::civil::Date,
        focus: FocusRequests,
    ) {
        let modals_closed = self.modals.is_empty();
        let Self {
            session,
            views,
            outbox,
            settings,
            ..
        } = self;
        let generation = session.document().generation();
        session.document_mut().refresh_problems();
        let doc = session.document();
        let ctx = ViewCtx {
            project: doc.project(),
            problems: doc.cached_problems(),
            generation,
            now,
            today,
            focus_search: focus.search,
            keys: modals_closed,
            delegate_name: &settings.delegate_name,
            focus_find_in_draft: focus.find_in_draft,
            reveal_revision: focus.reveal_revision,
            draft_needle: focus
                .draft_needle
                .as_ref()
                .map(|(needle, from)| (needle.as_str(), *from)),
            agreement_page: settings.agreement_page,
        };
        match settings.view {
            View::Overview => overview_ui(ui, &ctx, &mut views.overview, outbox),
            View::Mission => mission_ui(ui, &ctx, &mut views.mission, outbox),
            View::Ports => list_ui(ui, &ctx, &mut views.ports, outbox),
            View::Organisations => list_ui(ui, &ctx, &mut views.organisations, outbox),
            View::People => list_ui(ui, &ctx, &mut views.people, outbox),
            View::Agreements => list_ui(ui, &ctx, &mut views.agreements, outbox),
            View::Corridors => list_ui(ui, &ctx, &mut views.corridors, outbox),
            View::Events => list_ui(ui, &ctx, &mut views.events, outbox),
            View::Schedule => schedule_ui(ui, &ctx, &mut views.schedule, outbox),
            View::Map => map_ui(
                ui,
                &ctx,
                &mut views.map,
                MapForms {
                    ports: &mut views.ports,
                    corridors: &mut views.corridors,
                    agreements: &mut views.agreements,
                },
                outbox,
            ),
            View::Board => board_ui(ui, &ctx, &mut views.board, outbox),
            View::Problems => problems_ui(ui, &ctx, &mut views.problems, outbox),
            View::MergeReview => merge_review_ui(ui, &ctx, &mut views.merge_review, outbox),
        }
    }
}
