//! Undo and redo over applied edits, and the "modified since last save" flag.
//!
//! Each step stores only the inverse of one edit, so history costs memory in
//! proportion to what changed and nothing at all in a frame without edits.
//! History is never written to the project file (this type is deliberately not
//! `Serialize`).

use crate::edit::{Applied, Edit, EditError, apply};
use crate::model::Project;

/// How many steps undo remembers by default.
pub const DEFAULT_UNDO_LIMIT: usize = 1000;

/// Edits that share a key and follow each other directly form one undo step;
/// the UI uses the entity and field being typed into, e.g. `"port#12/name"`.
pub type CoalesceKey = String;

#[derive(Debug)]
struct Step {
    label: String,
    /// Applying this goes back (for the undo stack) or forward (for redo).
    edit: Edit,
    coalesce: Option<CoalesceKey>,
    /// Document state ids on the two sides of this step.
    state_before: u64,
    state_after: u64,
}

/// Undo/redo stacks plus the ids that tell whether the document differs from
/// its last saved state.
#[derive(Debug)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    limit: usize,
    /// Every distinct document state gets a new id; undo returns to old ones.
    current_state: u64,
    next_state: u64,
    saved_state: Option<u64>,
    /// Set by `mark_saved`, so typing after a save starts a new undo step.
    coalescing_broken: bool,
}

impl Default for History {
    fn default() -> Self {
        Self::new(DEFAULT_UNDO_LIMIT)
    }
}

impl History {
    /// An empty history for a freshly loaded (hence saved) document.
    pub fn new(limit: usize) -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
            limit: limit.max(1),
            current_state: 0,
            next_state: 1,
            saved_state: Some(0),
            coalescing_broken: false,
        }
    }

    /// Applies `edit` and records its inverse. With a `coalesce` key equal to
    /// the previous step's, the two become one undo step.
    pub fn apply(
        &mut self,
        project: &mut Project,
        edit: Edit,
        coalesce: Option<CoalesceKey>,
    ) -> Result<(), EditError> {
        let label = edit.label(project);
        let Applied { inverse } = apply(project, edit)?;
        let state_after = self.fresh_state();
        self.redo.clear();
        let merge = !self.coalescing_broken
            && coalesce.is_some()
            && self.undo.last().is_some_and(|top| {
                top.coalesce == coalesce && top.state_after == self.current_state
            });
        if merge {
            // Keep the older inverse: undo goes back to before the whole burst.
            // The label is the newest: "Edit event "Signing"", not the
            // first letter typed.
            if let Some(top) = self.undo.last_mut() {
                top.state_after = state_after;
                top.label = label;
            }
        } else {
            self.undo.push(Step {
                label,
                edit: inverse,
                coalesce,
                state_before: self.current_state,
                state_after,
            });
            if self.undo.len() > self.limit {
                self.undo.remove(0);
            }
        }
        self.coalescing_broken = false;
        self.current_state = state_after;
        Ok(())
    }

    fn fresh_state(&mut self) -> u64 {
        let id = self.next_state;
        self.next_state += 1;
        id
    }

    /// Undoes the last step; returns its label, or `None` if there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        Self::step(
            project,
            &mut self.undo,
            &mut self.redo,
            &mut self.current_state,
            true,
        )
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        Self::step(
            project,
            &mut self.redo,
            &mut self.undo,
            &mut self.current_state,
            false,
        )
    }

    fn step(
        project: &mut Project,
        from: &mut Vec<Step>,
        to: &mut Vec<Step>,
        current_state: &mut u64,
        backwards: bool,
    ) -> Result<Option<String>, EditError> {
        let Some(step) = from.pop() else {
            return Ok(None);
        };
        let Applied { inverse } = match apply(project, step.edit.clone()) {
            Ok(applied) => applied,
            Err(err) => {
                from.push(step);
                return Err(err);
            }
        };
        *current_state = if backwards {
            step.state_before
        } else {
            step.state_after
        };
        let label = step.label.clone();
        to.push(Step {
            edit: inverse,
            coalesce: None,
            ..step
        });
        Ok(Some(label))
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Whether the document differs from the last saved (or loaded) state.
    pub fn is_dirty(&self) -> bool {
        self.saved_state != Some(self.current_state)
    }

    /// Records that the current state is what is on disk now.
    pub fn mark_saved(&mut self) {
        self.saved_state = Some(self.current_state);
        self.coalescing_broken = true;
    }

    /// Records that no state in history matches the disk (e.g. after a
    /// recovery, or when the file was replaced by another program).
    pub fn mark_unsaved(&mut self) {
        self.saved_state = None;
    }

    /// Ends the current typing burst, so the next edit starts a new step.
    pub fn break_coalescing(&mut self) {
        self.coalescing_broken = true;
    }
}
