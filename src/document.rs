//! A project together with its undo history: the only way to change a project
//! after it is loaded.

use crate::edit::{Edit, EditError};
use crate::history::{CoalesceKey, History};
use crate::model::{Problem, Project, validate_at};

/// An open project. Its `Project` can be read by anyone but changed only
/// through [`Document::apply`], [`Document::undo`] and [`Document::redo`].
#[derive(Debug)]
pub struct Document {
    project: Project,
    history: History,
    /// Bumped by every change; views key their caches on it.
    generation: u64,
    problems: Option<(u64, Vec<Problem>)>,
    /// The date overdue milestones are judged by; `None` leaves them out.
    today: Option<jiff::civil::Date>,
    /// This document among all opened in this run: caches that outlive a
    /// view key on it with the generation (which starts again at 0).
    serial: u64,
}

impl Document {
    /// Wraps a freshly loaded project; it counts as saved.
    pub fn new(project: Project) -> Self {
        Self {
            project,
            history: History::default(),
            generation: 0,
            problems: None,
            today: None,
            serial: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        }
    }

    /// This document's number among those opened in this run.
    pub fn serial(&self) -> u64 {
        self.serial
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The project was saved as the version `hash`: it now descends from
    /// it. Not an edit (nothing a person changed, nothing to undo), so it
    /// leaves the history and the unsaved flag alone.
    pub fn record_saved_version(&mut self, hash: String) {
        crate::io::lineage::descend(&mut self.project.ancestors, hash);
    }

    /// A merge that brought no new content still tells which versions the
    /// project now descends from; like [`Self::record_saved_version`], not an
    /// edit.
    pub fn adopt_lineage(&mut self, ancestors: Vec<String>) {
        self.project.ancestors = ancestors;
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Changes with every edit, undo and redo.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Applies one edit as one undo step.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        self.apply_coalescing(edit, None)
    }

    /// Applies an edit that merges with the previous one when both carry the same key.
    pub fn apply_coalescing(
        &mut self,
        edit: Edit,
        coalesce: Option<CoalesceKey>,
    ) -> Result<(), EditError> {
        self.history.apply(&mut self.project, edit, coalesce)?;
        self.generation += 1;
        Ok(())
    }

    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        let undone = self.history.undo(&mut self.project)?;
        if undone.is_some() {
            self.generation += 1;
        }
        Ok(undone)
    }

    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        let redone = self.history.redo(&mut self.project)?;
        if redone.is_some() {
            self.generation += 1;
        }
        Ok(redone)
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    pub fn mark_saved(&mut self) {
        self.history.mark_saved();
    }

    pub fn mark_unsaved(&mut self) {
        self.history.mark_unsaved();
    }

    pub fn break_coalescing(&mut self) {
        self.history.break_coalescing();
    }

    /// Validation problems, recomputed only after the project changed.
    pub fn problems(&mut self) -> &[Problem] {
        self.refresh_problems();
        self.cached_problems()
    }

    /// Sets the date overdue milestones are judged by (the app passes today).
    pub fn set_today(&mut self, today: Option<jiff::civil::Date>) {
        if self.today != today {
            self.today = today;
            self.problems = None;
        }
    }

    /// The problems of the project as it is now, found elsewhere (off the UI
    /// thread while a file was read) on `today`: the first frame need not
    /// find them again.
    pub fn seed_problems(&mut self, today: jiff::civil::Date, problems: Vec<Problem>) {
        self.today = Some(today);
        self.problems = Some((self.generation, problems));
    }

    /// Revalidates if the project changed since the last validation.
    pub fn refresh_problems(&mut self) {
        let generation = self.generation;
        if self.problems.as_ref().is_none_or(|(g, _)| *g != generation) {
            self.problems = Some((generation, validate_at(&self.project, self.today)));
        }
    }

    /// The problems found by the last [`Self::refresh_problems`]; lets a
    /// caller hold them and the project at once without copying.
    pub fn cached_problems(&self) -> &[Problem] {
        self.problems.as_ref().map_or(&[], |(_, p)| p.as_slice())
    }
}
