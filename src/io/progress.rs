//! How far a long piece of work off the UI thread has got, and whether the
//! person asked it to stop: shared between the worker and the window, which
//! draws a bar from it and offers Cancel. Work nobody watches (the command
//! line, tests) is given one nobody reads.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// Nothing reported yet: the window shows a spinner.
const UNKNOWN: u32 = u32::MAX;
/// The bar's resolution: finer steps would repaint nothing more.
const STEPS: u64 = 1000;

#[derive(Clone, Debug)]
pub struct Progress(Arc<Shared>);

#[derive(Debug)]
struct Shared {
    steps_done: AtomicU32,
    cancelled: AtomicBool,
}

impl Progress {
    pub fn new() -> Self {
        Self(Arc::new(Shared {
            steps_done: AtomicU32::new(UNKNOWN),
            cancelled: AtomicBool::new(false),
        }))
    }

    /// `done` of `total` parts of the work are done (nothing if `total` is 0).
    pub fn set(&self, done: usize, total: usize) {
        if total == 0 {
            return;
        }
        let steps = done.min(total) as u64 * STEPS / total as u64;
        self.0
            .steps_done
            .store(u32::try_from(steps).unwrap_or(0), Ordering::Relaxed);
    }

    /// The part done, from 0 to 1, once the work has said.
    pub fn fraction(&self) -> Option<f32> {
        let steps = self.0.steps_done.load(Ordering::Relaxed);
        (steps != UNKNOWN).then(|| steps as f32 / STEPS as f32)
    }

    /// Asks the work to stop; it checks [`Self::is_cancelled`] between parts.
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::Relaxed)
    }
}

/// What a long piece of work tells whoever watches it, and asks them: the
/// window's [`Progress`] is one; a test's recorder of every report another.
pub trait Watch {
    /// `done` of `total` parts of the work are done.
    fn set(&self, done: usize, total: usize);
    /// Whether the work should stop (it asks between parts).
    fn is_cancelled(&self) -> bool;
}

impl Watch for Progress {
    fn set(&self, done: usize, total: usize) {
        Progress::set(self, done, total);
    }

    fn is_cancelled(&self) -> bool {
        Progress::is_cancelled(self)
    }
}

impl Default for Progress {
    fn default() -> Self {
        Self::new()
    }
}
