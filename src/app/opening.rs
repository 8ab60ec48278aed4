//! Opening a large project off the UI thread: the file is read, checked and
//! named on another thread while the window stays live, with a question
//! over it that says so and can cancel (nothing changes until the file is
//! read, so cancelling is always safe). At start, the reading begins before
//! the window is made, so the two overlap.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, OnceLock};

use super::PlannerApp;
use super::files::Job;
use super::modals::{Answer, Modal};
use super::session::{OpenFailure, ReadForOpening, read_for_opening_then_keep};
use crate::commands::Command;

/// Files from this size are read in the background (the sample, 30 KB,
/// opens at once; a 10,000-event project is about 10 MB).
pub const BACKGROUND_OPEN_BYTES: u64 = 1024 * 1024;

/// A file being read to open.
pub type Reading = Receiver<Result<ReadForOpening, OpenFailure>>;

/// Starts reading `path` on another thread, before any window exists (see
/// [`PlannerApp::start_reading`]).
/// `window` is given the window's context once it exists, so that the
/// reading wakes it (else the Opening question's slow tick would notice).
pub fn read_in_background(
    path: PathBuf,
    snapshots: Option<crate::io::lineage::SnapshotStore>,
    window: Window,
) -> Reading {
    // A protected file comes back asking for its passphrase.
    reading_thread(path, snapshots, None, window)
}

/// The window's context, once there is a window.
pub type Window = Arc<OnceLock<egui::Context>>;

/// Reads `path` (decrypting it with `passphrase`) on its own thread, and
/// wakes the window when it is read.
fn reading_thread(
    path: PathBuf,
    snapshots: Option<crate::io::lineage::SnapshotStore>,
    passphrase: Option<crate::io::protect::Passphrase>,
    window: Window,
) -> Reading {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let key = passphrase
            .as_ref()
            .map(crate::io::protect::Passphrase::secret);
        read_for_opening_then_keep(&path, snapshots.as_ref(), key, |read| {
            let _ = sender.send(read);
            if let Some(ctx) = window.get() {
                ctx.request_repaint();
            }
        });
    });
    receiver
}

/// The question over the window while a file is read.
pub(super) struct Opening {
    name: String,
    /// When the reading began (egui's clock), for the seconds shown.
    began: Option<f64>,
}

/// How often the question's seconds move: no spinner repainting at 60 Hz,
/// whose frames (software GL on a 2-core laptop) slowed the reading itself.
const TICK_SECONDS: f64 = 0.25;

impl Opening {
    pub(super) fn ui(&mut self, ctx: &egui::Context) -> Answer {
        let mut answer = Answer::Open;
        let now = ctx.input(|i| i.time);
        let seconds = now - *self.began.get_or_insert(now);
        let id = egui::Id::unique("opening");
        // No fade: its frames (software GL) took a core from the reading.
        let area = egui::Modal::default_area(id).fade_in(false);
        egui::Modal::new(id).area(area).show(ctx, |ui| {
            ui.set_width(420.0);
            crate::ui::accessibility::dialog_heading(ui, "Opening");
            ui.label(format!("Reading {}… {seconds:.1} s", self.name));
            ui.weak("A large mission takes a moment; nothing changes until it is read.");
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = Answer::Run(Command::CancelOpening);
            }
        });
        // Polls a reading begun before the window (it cannot wake it), and
        // moves the seconds.
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(TICK_SECONDS));
        answer
    }
}

impl PlannerApp {
    /// Whether `path` is large enough to read in the background (and no
    /// other job runs: one at a time).
    pub(super) fn opens_in_background(&self, path: &Path) -> bool {
        self.job.is_none()
            && std::fs::metadata(path).is_ok_and(|m| m.len() >= BACKGROUND_OPEN_BYTES)
    }

    /// Reads `path` in the background (decrypting it with `passphrase` if
    /// it is protected), with the Opening question over the window;
    /// [`Self::adopt_read`] takes it when it is read.
    pub(super) fn open_in_background(
        &mut self,
        path: PathBuf,
        passphrase: Option<crate::io::protect::Passphrase>,
    ) {
        let reading = reading_thread(
            path.clone(),
            self.session.snapshots(),
            passphrase,
            Arc::new(
                self.files
                    .repaint
                    .clone()
                    .map(OnceLock::from)
                    .unwrap_or_default(),
            ),
        );
        self.wait_for_reading(path, reading);
    }

    pub(super) fn wait_for_reading(&mut self, path: PathBuf, reading: Reading) {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.modals
            .push(Modal::Opening(Opening { name, began: None }));
        self.job = Some(Job::Open {
            receiver: reading,
            path,
        });
    }

    /// The app on the sample mission while `reading` (begun by
    /// [`read_in_background`] before the window was made) reads `path`.
    pub fn start_reading(
        path: PathBuf,
        reading: Reading,
        settings: crate::settings::Settings,
        dialogs: Box<dyn crate::ui::dialogs::FileDialogs>,
        clock: Box<dyn Fn() -> jiff::Timestamp>,
    ) -> Self {
        // The sample behind the question, and still there if the file
        // cannot be read: as a start that reads it at once.
        let mut app = Self::with_sample(settings, dialogs, clock);
        let path = std::path::absolute(&path).unwrap_or(path);
        app.wait_for_reading(path, reading);
        app.reading_first_file = true;
        app
    }

    /// Whether a file is being read to open.
    pub fn is_opening(&self) -> bool {
        matches!(self.job, Some(Job::Open { .. }))
    }

    /// The file read: it becomes the open document (or the error is said).
    pub(super) fn adopt_read(&mut self, path: &Path, read: Result<ReadForOpening, OpenFailure>) {
        use super::protection::Unlock;
        self.modals.retain(|m| !matches!(m, Modal::Opening(_)));
        match read {
            Ok(read) => {
                let opened = self.session.adopt(path, read);
                self.opened(path, &opened);
            }
            Err(OpenFailure::NeedsPassphrase) => {
                self.ask_passphrase(Unlock::Open(path.to_path_buf()), None);
            }
            Err(OpenFailure::WrongPassphrase) => self.ask_passphrase(
                Unlock::Open(path.to_path_buf()),
                Some("That passphrase does not open this file".to_owned()),
            ),
            Err(err) => self.open_failed(path, &err.to_string()),
        }
    }

    /// Cancel in the Opening question: the reading is left to finish unseen.
    pub(super) fn cancel_opening(&mut self) {
        if let Some(Job::Open { path, .. }) = self.job.take() {
            self.modals.retain(|m| !matches!(m, Modal::Opening(_)));
            self.notices.info(format!(
                "Opening was cancelled; nothing changed: {}",
                path.display()
            ));
        }
    }
}
