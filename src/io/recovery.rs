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
use age::secrecy::SecretString;

use super::project_file::{FileStamp, LoadError, SaveError, encode_for_saving, load_file_with};
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
    /// The work is encrypted with its project's passphrase (and the title
    /// is left out).
    #[serde(default)]
    protected: bool,
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
    /// Encrypted with its project's passphrase: [`Self::load`] needs it.
    pub protected: bool,
    dir: PathBuf,
}

impl RecoveredWork {
    fn project_path(&self) -> PathBuf {
        self.dir.join(format!("{}.mission.ron", self.id))
    }

    /// The recovered project (`key` opens protected work).
    pub fn load(&self, key: Option<&SecretString>) -> Result<Project, LoadError> {
        load_file_with(&self.project_path(), key)
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
    /// Protected work being encrypted and written on another thread (scrypt
    /// takes a noticeable moment; the window must not wait for it).
    sealing: Option<std::thread::JoinHandle<Result<(), SaveError>>>,
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
            sealing: None,
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Writes (atomically) the unsaved project; `original` is its file, if
    /// any. With `key` (a protected project's passphrase) the work is
    /// encrypted with it, on another thread, and its title is not written;
    /// [`Self::poll_sealing`] tells how that went.
    pub fn write(
        &mut self,
        project: &Project,
        original: Option<(&Path, Option<&FileStamp>)>,
        now: Timestamp,
        key: Option<&SecretString>,
    ) -> Result<(), SaveError> {
        let text = encode_for_saving(project)?;
        let meta = RecoveryMeta {
            original: original.map(|(path, _)| path.to_path_buf()),
            written_at: now,
            title: match key {
                Some(_) => String::new(),
                None => project.mission.title.clone(),
            },
            original_stamp: original.and_then(|(_, stamp)| stamp.cloned()),
            protected: key.is_some(),
        };
        let meta = ron::ser::to_string_pretty(&meta, ron::ser::PrettyConfig::new())?;
        // One write at a time, in order.
        self.wait_for_sealing()?;
        let (dir, id) = (self.dir.clone(), self.id.clone());
        match key {
            None => write_entry(&dir, &id, text.as_bytes(), &meta)?,
            Some(key) => {
                let key = key.clone();
                self.sealing = Some(std::thread::spawn(move || {
                    let sealed = super::protect::encrypt(
                        text.as_bytes(),
                        &key,
                        super::protect::WORK_FACTOR,
                    )?;
                    write_entry(&dir, &id, &sealed, &meta)
                }));
            }
        }
        self.has_entry = true;
        Ok(())
    }

    /// How the protected write on another thread went, once it is done.
    pub fn poll_sealing(&mut self) -> Option<Result<(), SaveError>> {
        if self.sealing.as_ref()?.is_finished() {
            Some(self.wait_for_sealing())
        } else {
            None
        }
    }

    /// Waits for a protected write still under way.
    fn wait_for_sealing(&mut self) -> Result<(), SaveError> {
        match self.sealing.take().map(std::thread::JoinHandle::join) {
            None => Ok(()),
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(SaveError::Io(std::io::Error::other(
                "writing the recovery copy stopped unexpectedly",
            ))),
        }
    }

    /// Whether this instance has unsaved work on disk.
    pub fn has_entry(&self) -> bool {
        self.has_entry
    }

    /// Deletes this instance's entry (after a save, or when the work is discarded).
    pub fn clear(&mut self) {
        // A write under way would bring the entry back after this.
        let _ = self.wait_for_sealing();
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
                protected: meta.protected,
                dir: self.dir.clone(),
            });
        }
        found.sort_by_key(|work| std::cmp::Reverse(work.written_at));
        found
    }
}

/// Writes an entry's project (as it is stored) and then its description.
fn write_entry(dir: &Path, id: &str, project: &[u8], meta: &str) -> Result<(), SaveError> {
    write_atomic_private(&dir.join(format!("{id}.mission.ron")), project)?;
    write_atomic_private(&dir.join(format!("{id}.meta.ron")), meta.as_bytes())?;
    Ok(())
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
        let _ = self.wait_for_sealing();
        // A clean exit with no unsaved work leaves nothing behind. (A crash
        // never runs this; its entry then stays for the next start.)
        if !self.has_entry {
            let _ = std::fs::remove_file(self.dir.join(format!("{}.lock", self.id)));
        }
    }
}
