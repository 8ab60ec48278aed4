//! Crash recovery: unsaved work is written, a couple of seconds after the last
//! edit, to a recovery folder in the app's data directory (never next to or
//! over the user's file). A later start offers what a crashed or killed
//! instance left behind.
//!
//! Each running instance has its own id and holds an exclusive lock on its
//! `ID.lock` file; the operating system releases the lock when the process
//! dies however it dies, so an entry whose lock can be taken is an orphan and
//! one whose lock is held belongs to a running instance (never offered, never
//! touched).

use std::fs::File;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::atomic::write_atomic_private;
use super::project_file::{FileStamp, LoadError, SaveError, encode_for_saving, load_file};
use crate::model::Project;

/// What a recovery entry says about itself.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
struct RecoveryMeta {
    /// The project file the work belongs to; `None` for an unsaved project.
    original: Option<PathBuf>,
    written_at: Timestamp,
    title: String,
    /// What the original file looked like when the work began from it, so
    /// that saving restored work still notices a newer version on disk.
    #[serde(default)]
    original_stamp: Option<FileStamp>,
}

/// Work left behind by an instance that is no longer running.
#[derive(Clone, PartialEq, Debug)]
pub struct RecoveredWork {
    pub id: String,
    pub original: Option<PathBuf>,
    pub written_at: Timestamp,
    pub title: String,
    /// The original file as it was when the work began from it.
    pub original_stamp: Option<FileStamp>,
    dir: PathBuf,
}

impl RecoveredWork {
    fn project_path(&self) -> PathBuf {
        self.dir.join(format!("{}.mission.ron", self.id))
    }

    /// The recovered project.
    pub fn load(&self) -> Result<Project, LoadError> {
        load_file(&self.project_path())
    }

    /// Deletes the entry (after Restore or Discard).
    pub fn discard(&self) {
        for name in entry_files(&self.id) {
            let _ = std::fs::remove_file(self.dir.join(name));
        }
    }
}

fn entry_files(id: &str) -> [String; 3] {
    [
        format!("{id}.mission.ron"),
        format!("{id}.meta.ron"),
        format!("{id}.lock"),
    ]
}

/// This instance's recovery entry and the folder it lives in.
pub struct RecoveryStore {
    dir: PathBuf,
    id: String,
    /// Held for the life of the instance; dropping it releases the lock.
    _lock: File,
    has_entry: bool,
}

impl RecoveryStore {
    /// The recovery folder in the user's data directory.
    pub fn default_dir() -> Option<PathBuf> {
        super::data_folder().map(|dir| dir.join("recovery"))
    }

    /// Opens the store in `dir` with a new instance id, and locks it.
    pub fn open(dir: &Path) -> std::io::Result<Self> {
        // Unsaved drafts: the user's alone, whatever the umask.
        super::private::create_dir(dir)?;
        let id = format!("{}-{:x}", std::process::id(), crate::model::fresh_raw_id());
        let mut options = std::fs::OpenOptions::new();
        options.create(true).truncate(true).write(true);
        super::private::file_options(&mut options);
        let lock: File = options.open(dir.join(format!("{id}.lock")))?;
        lock.try_lock().map_err(std::io::Error::other)?;
        remove_stale_locks(dir, &id);
        Ok(Self {
            dir: dir.to_path_buf(),
            id,
            _lock: lock,
            has_entry: false,
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Writes (atomically) the unsaved project; `original` is its file, if any.
    pub fn write(
        &mut self,
        project: &Project,
        original: Option<(&Path, Option<&FileStamp>)>,
        now: Timestamp,
    ) -> Result<(), SaveError> {
        let text = encode_for_saving(project)?;
        write_atomic_private(
            &self.dir.join(format!("{}.mission.ron", self.id)),
            text.as_bytes(),
        )?;
        let meta = RecoveryMeta {
            original: original.map(|(path, _)| path.to_path_buf()),
            written_at: now,
            title: project.mission.title.clone(),
            original_stamp: original.and_then(|(_, stamp)| stamp.cloned()),
        };
        let meta = ron::ser::to_string_pretty(&meta, ron::ser::PrettyConfig::new())?;
        write_atomic_private(
            &self.dir.join(format!("{}.meta.ron", self.id)),
            meta.as_bytes(),
        )?;
        self.has_entry = true;
        Ok(())
    }

    /// Whether this instance has unsaved work on disk.
    pub fn has_entry(&self) -> bool {
        self.has_entry
    }

    /// Deletes this instance's entry (after a save, or when the work is discarded).
    pub fn clear(&mut self) {
        for name in [
            format!("{}.mission.ron", self.id),
            format!("{}.meta.ron", self.id),
        ] {
            let _ = std::fs::remove_file(self.dir.join(name));
        }
        self.has_entry = false;
    }

    /// Work left by instances that are no longer running, newest first.
    pub fn orphans(&self) -> Vec<RecoveredWork> {
        let Ok(read) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for entry in read.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(id) = name.strip_suffix(".meta.ron") else {
                continue;
            };
            if id == self.id || is_running(&self.dir, id) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let Ok(meta) = ron::from_str::<RecoveryMeta>(&text) else {
                continue;
            };
            found.push(RecoveredWork {
                id: id.to_owned(),
                original: meta.original,
                written_at: meta.written_at,
                title: meta.title,
                original_stamp: meta.original_stamp,
                dir: self.dir.clone(),
            });
        }
        found.sort_by_key(|work| std::cmp::Reverse(work.written_at));
        found
    }
}

/// Removes the lock files that killed instances left without any work to
/// offer (a lock some running instance holds is never touched).
fn remove_stale_locks(dir: &Path, own: &str) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in read.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(id) = name.strip_suffix(".lock") else {
            continue;
        };
        let has_work = dir.join(format!("{id}.meta.ron")).exists();
        if id != own && !has_work && !is_running(dir, id) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether the instance `id` still holds its lock.
fn is_running(dir: &Path, id: &str) -> bool {
    let Ok(lock) = File::options()
        .write(true)
        .open(dir.join(format!("{id}.lock")))
    else {
        return false;
    };
    match lock.try_lock() {
        Ok(()) => {
            let _ = lock.unlock();
            false
        }
        Err(_) => true,
    }
}

impl Drop for RecoveryStore {
    fn drop(&mut self) {
        // A clean exit with no unsaved work leaves nothing behind. (A crash
        // never runs this; its entry then stays for the next start.)
        if !self.has_entry {
            let _ = std::fs::remove_file(self.dir.join(format!("{}.lock", self.id)));
        }
    }
}
