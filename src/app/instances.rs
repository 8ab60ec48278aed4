//! One editor per project file: the app keeps the claim on the file it
//! edits (see [`crate::io::instances`]), refuses to open a file another
//! window edits (that window comes forward instead), and comes forward when
//! a later start asks for its file.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::PlannerApp;
use crate::io::instances::{self, Claim, FileClaim};

/// Set by the socket's thread when a later start asks this window to come
/// forward; the frame that sees it does so.
#[derive(Default)]
pub struct RaiseSignal {
    requested: AtomicBool,
    /// Wakes an idle window (set on the first frame).
    ctx: Mutex<Option<egui::Context>>,
}

impl RaiseSignal {
    pub fn new() -> Arc<Self> {
        Arc::default()
    }

    /// What the socket's thread calls.
    pub fn callback(self: &Arc<Self>) -> impl Fn() + Send + 'static {
        let signal = Arc::clone(self);
        move || {
            signal.requested.store(true, Ordering::Release);
            if let Ok(ctx) = signal.ctx.lock()
                && let Some(ctx) = ctx.as_ref()
            {
                ctx.request_repaint();
            }
        }
    }
}

pub(super) struct Instances {
    dir: PathBuf,
    claim: Option<FileClaim>,
    /// The last file a claim was tried for (not retried every frame).
    tried: Option<PathBuf>,
    signal: Arc<RaiseSignal>,
}

/// What happened when the app was started on a file.
pub enum StartClaim {
    /// Go on: this instance edits the file (or no check was possible).
    Open(Option<FileClaim>),
    /// Another window edits it and was asked to come forward: say so, and
    /// open no second editor.
    Elsewhere(String),
    /// Other windows could not be checked (say why, in the window).
    Unchecked(String),
}

/// Claims `file` for a start of the app on it, in `dir`.
pub fn claim_for_start(dir: &Path, file: &Path, signal: &Arc<RaiseSignal>) -> StartClaim {
    match instances::claim(dir, file, signal.callback()) {
        Ok(Claim::Held(claim)) => StartClaim::Open(Some(claim)),
        Ok(Claim::HeldElsewhere { raised }) => {
            StartClaim::Elsewhere(elsewhere_message(file, raised))
        }
        Err(err) => StartClaim::Unchecked(format!(
            "Could not check whether another window edits this file, so a second window on it \
             would not be noticed: {err}"
        )),
    }
}

fn elsewhere_message(file: &Path, raised: bool) -> String {
    format!(
        "{} is already open in another Trade Mission Planner window{}; a second editor on the \
         same file would overwrite one window's saves with the other's.",
        file.display(),
        if raised {
            ", which was brought forward"
        } else {
            ""
        }
    )
}

impl PlannerApp {
    /// A warning for the status bar, from outside the window (the start).
    pub fn warn(&mut self, text: String) {
        self.notices.error(text);
    }

    /// Keeps one editor per file, with claims in `dir`; `claim` is the one
    /// taken at start (see [`claim_for_start`]).
    pub fn with_instances(
        mut self,
        dir: PathBuf,
        claim: Option<FileClaim>,
        signal: Arc<RaiseSignal>,
    ) -> Self {
        self.instances = Some(Instances {
            tried: claim.as_ref().map(|c| c.project().to_path_buf()),
            dir,
            claim,
            signal,
        });
        self
    }

    /// Before opening `path`: whether another window edits it (then it is
    /// asked to come forward, and the notice says so).
    pub(super) fn open_elsewhere(&mut self, path: &Path) -> bool {
        let Some(instances) = &mut self.instances else {
            return false;
        };
        if instances
            .claim
            .as_ref()
            .is_some_and(|c| c.project() == path)
        {
            return false;
        }
        match instances::claim(&instances.dir, path, instances.signal.callback()) {
            Ok(Claim::Held(claim)) => {
                instances.claim = Some(claim);
                instances.tried = Some(path.to_path_buf());
                false
            }
            Ok(Claim::HeldElsewhere { raised }) => {
                self.notices.error(elsewhere_message(path, raised));
                true
            }
            Err(_) => false,
        }
    }

    /// Each frame: the claim follows the open file (Save As, Close, New
    /// change it), and the window comes forward when asked.
    pub(super) fn instances_tick(&mut self, ctx: &egui::Context) {
        let Some(instances) = &mut self.instances else {
            return;
        };
        if let Ok(mut slot) = instances.signal.ctx.lock()
            && slot.is_none()
        {
            *slot = Some(ctx.clone());
        }
        if instances.signal.requested.swap(false, Ordering::AcqRel) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Minimized(false));
            ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
            ctx.send_viewport_cmd(egui::ViewportCommand::RequestUserAttention(
                egui::UserAttentionType::Informational,
            ));
            self.notices
                .info("This project was opened again: it is here, in this window.".to_owned());
        }
        let open = self.session.path().map(Path::to_path_buf);
        // While a file is read to open, the claim taken for it stays.
        if instances.tried == open || matches!(self.job, Some(super::files::Job::Open { .. })) {
            return;
        }
        instances.tried.clone_from(&open);
        if instances.claim.as_ref().map(FileClaim::project) != open.as_deref() {
            instances.claim = None;
        }
        if let Some(path) = open
            && instances.claim.is_none()
        {
            match instances::claim(&instances.dir, &path, instances.signal.callback()) {
                Ok(Claim::Held(claim)) => instances.claim = Some(claim),
                Ok(Claim::HeldElsewhere { .. }) => self.notices.error(format!(
                    "{} is also open in another window: what either window saves replaces \
                     the other's. Close one of them.",
                    path.display()
                )),
                Err(_) => {}
            }
        }
    }
}
