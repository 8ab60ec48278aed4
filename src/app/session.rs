//! The open document and everything about its file: where it lives, what the
//! file looked like when last read or written, whether it is read-only, and
//! its crash-recovery copy. No egui here, so it is tested on its own.

use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use jiff::Timestamp;

use crate::document::Document;
use crate::edit::{Edit, EditError};
use crate::history::CoalesceKey;
use crate::io::lineage::{self, SnapshotStore};
use crate::io::progress::{Progress, Watch};
use crate::io::project_file::{
    FORMAT_VERSION, FileStamp, LoadError, NewerFormat, encode_for_saving, is_protected_file,
    load_file_for_app_beside, load_file_stamped_with, save_text_stamped_with,
};
use crate::io::protect::ProtectError;
use crate::io::recovery::{RecoveredWork, RecoveryStore};
use crate::model::Project;

/// Where the open document lives.
#[derive(Clone, PartialEq, Debug)]
pub enum Origin {
    File(PathBuf),
    Sample,
    Untitled,
}

/// Seconds after the last edit before unsaved work goes to the recovery file.
pub const RECOVERY_DELAY: f64 = 2.0;

/// What a Save should do, given the document's file and its state on disk.
#[derive(Clone, PartialEq, Debug)]
pub enum SaveTarget {
    /// Write to this file.
    File(PathBuf),
    /// Another program changed or removed this file since we read or wrote
    /// it: ask before overwriting.
    ChangedOnDisk(PathBuf),
    /// The document has no file of its own yet, or must not overwrite the one
    /// it came from (a newer app's file): ask for a name.
    NeedsName,
}

/// What the file looks like on disk now, compared with when we last read or
/// wrote it.
#[derive(Clone, PartialEq, Debug)]
pub enum DiskCheck {
    Unchanged,
    /// Changed while there are unsaved edits here: Save will ask.
    ChangedWhileEditing(PathBuf),
    /// Changed while there is nothing unsaved here: offer to reload.
    ChangedOffersReload(PathBuf),
}

/// What the recovery bookkeeping did this tick.
#[derive(Debug)]
pub enum RecoveryTick {
    /// Nothing to do (no store, nothing unsaved, or already written).
    Idle,
    /// Edits are still coming: call again after this many seconds.
    WaitSeconds(f64),
    Written,
    Failed(String),
}

/// The open document, its file and its recovery copy.
pub struct Session {
    doc: Document,
    origin: Origin,
    /// The open file as last loaded or saved, to notice other programs' changes.
    disk_stamp: Option<FileStamp>,
    /// Set while a file from a newer app is open: no edits, Save is Save As.
    read_only: Option<NewerFormat>,
    recovery: Option<RecoveryStore>,
    recovery_seen_generation: u64,
    recovery_changed_at: f64,
    recovery_written_generation: Option<u64>,
    /// Versions this computer opened or saved, for finding a merge's base.
    snapshots: Option<SnapshotStore>,
    /// The hash of the version last read from or written to the file: the
    /// base when the file changed on disk and the two are merged.
    file_version: Option<String>,
    /// The passphrase of a protected project, in memory only: its file, the
    /// file's backup, its recovery copies and snapshots are encrypted with it.
    protection: Option<SecretString>,
    /// The protection just changed: what the copies kept so far are under
    /// (the old passphrase, or `None` for plain text). The next save turns
    /// the backup and the snapshots of earlier versions to the new one, so
    /// that an old passphrase opens nothing current.
    rekey_from: Option<Option<SecretString>>,
}

/// How a merge found the version both copies came from.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum MergeBase {
    /// A version both descend from, kept on this computer.
    Common,
    /// None is known here: every difference is a conflict to review.
    TwoWay,
}

/// What [`Session::merge_inputs`] gives: a copy of the open project and
/// where to find the versions it came from.
#[derive(Clone, Debug)]
pub struct MergeInputs {
    ours: Project,
    generation: u64,
    snapshots: Option<SnapshotStore>,
    file_version: Option<String>,
    path: Option<PathBuf>,
    /// The open project's passphrase: a protected copy of it opens with it.
    key: Option<SecretString>,
}

impl MergeInputs {
    /// The inputs with another copy's passphrase (`None`: the project's own).
    pub fn with_key(mut self, key: Option<SecretString>) -> Self {
        if key.is_some() {
            self.key = key;
        }
        self
    }
}

/// A merge computed and not yet applied: what it would make, and what it
/// changes in the open project.
#[derive(Clone, PartialEq, Debug)]
pub struct PreparedMerge {
    pub merged: Project,
    pub outcome: Merged,
    /// The undo step's label.
    pub label: String,
    /// The project's generation it was computed from.
    generation: u64,
    /// For the file on disk: its stamp as read.
    disk_stamp: Option<FileStamp>,
    /// What the merge changes in the open project, as `diff` lines.
    pub changes: String,
}

/// Records a loaded project as a version: its hash joins its ancestors and,
/// with a store, a snapshot is kept. Returns the hash.
fn keep_version(snapshots: Option<&SnapshotStore>, project: &mut Project) -> Option<String> {
    keep_named(snapshots, lineage::name_itself(project))
}

/// Keeps a named version's snapshot in `snapshots`; returns its name.
fn keep_named(
    snapshots: Option<&SnapshotStore>,
    named: Option<(String, String)>,
) -> Option<String> {
    let (hash, canonical) = named?;
    if let Some(store) = snapshots {
        // Without the snapshot a later merge is two-way; nothing else fails.
        let _ = store.keep(&canonical);
    }
    Some(hash)
}

/// A project file read, checked and named (its version hash, its snapshot
/// kept), ready to become the open document: all the slow part of opening,
/// which may run on another thread.
pub struct ReadForOpening {
    loaded: crate::io::project_file::Loaded,
    stamp: crate::io::project_file::FileStamp,
    version: Option<String>,
    /// The passphrase that opened a protected file.
    key: Option<SecretString>,
    /// The project's problems as read, and the day they were judged on:
    /// found here, they need not be found again on the UI thread.
    problems: (jiff::civil::Date, Vec<crate::model::Problem>),
}

/// A version's snapshot still to be written once the file it came from is
/// open: writing a large project's copy is no reason to keep a person
/// waiting for it (a merge meanwhile is two-way, nothing worse).
#[must_use = "the snapshot is written by `keep`"]
pub struct SnapshotToKeep(Option<(SnapshotStore, String, Canonical)>);

/// What a version's snapshot holds: its text without ancestors.
enum Canonical {
    /// The project written again (it was not exactly a file this app wrote).
    Written(String),
    /// The file's own text, whose ancestors are taken out when it is kept.
    File(String),
}

impl SnapshotToKeep {
    pub fn keep(self) {
        if let Some((store, hash, canonical)) = self.0 {
            let (head, tail) = match &canonical {
                Canonical::Written(text) => (text.as_str(), ""),
                Canonical::File(text) => lineage::split_ancestors(text),
            };
            // Without the snapshot a later merge is two-way; nothing else fails.
            let _ = store.keep_named_parts(&hash, &[head, tail]);
        }
    }
}

/// Why a file could not be opened.
#[derive(Clone, PartialEq, Debug)]
pub enum OpenFailure {
    /// The file is protected: ask for its passphrase.
    NeedsPassphrase,
    /// The passphrase given is not the file's: ask again.
    WrongPassphrase,
    /// Anything else, as a sentence (with line and column where it has them).
    Other(String),
}

impl std::fmt::Display for OpenFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NeedsPassphrase => LoadError::NeedsPassphrase.fmt(f),
            Self::WrongPassphrase => ProtectError::WrongPassphrase.fmt(f),
            Self::Other(message) => f.write_str(message),
        }
    }
}

impl From<LoadError> for OpenFailure {
    fn from(err: LoadError) -> Self {
        match err {
            LoadError::NeedsPassphrase => Self::NeedsPassphrase,
            LoadError::Protection(ProtectError::WrongPassphrase) => Self::WrongPassphrase,
            other => Self::Other(other.with_position()),
        }
    }
}

/// Reads `path` to open it (see [`Session::adopt`]); `key` opens a
/// protected file (and is not used for a plain one). The version's
/// snapshot is left to write after.
pub fn read_for_opening(
    path: &Path,
    snapshots: Option<&SnapshotStore>,
    key: Option<&SecretString>,
) -> Result<(ReadForOpening, SnapshotToKeep), OpenFailure> {
    let key = key.filter(|_| is_protected_file(path));
    // The text is hashed on the other core while it is parsed (the hash
    // needs only the text; parsing takes about four times as long).
    let (mut loaded, stamp, text, file_hash) =
        load_file_for_app_beside(path, key, lineage::file_version_hash)?;
    // A protected project's snapshots are encrypted like it.
    let snapshots = snapshots.map(|store| store.with_key(key.cloned()));
    let today = loaded.project.mission.today(Timestamp::now());
    let problems = (
        today,
        crate::model::validate_at(&loaded.project, Some(today)),
    );
    // The file is the version it last names when its text hashes to that.
    let by_file = file_hash.filter(|hash| loaded.project.ancestors.last() == Some(hash));
    // What this version understood of a newer app's file is no version; a
    // migrated file is named by what it becomes.
    let named = match (&loaded.newer, loaded.migrated_from, by_file) {
        (Some(_), _, _) => None,
        (None, None, Some(hash)) => Some((hash, Canonical::File(text))),
        (None, _, _) => lineage::name_itself(&mut loaded.project)
            .map(|(hash, canonical)| (hash, Canonical::Written(canonical))),
    };
    let (version, snapshot) = match named {
        Some((hash, canonical)) => (
            Some(hash.clone()),
            snapshots.map(|store| (store, hash, canonical)),
        ),
        None => (None, None),
    };
    Ok((
        ReadForOpening {
            loaded,
            stamp,
            version,
            key: key.cloned(),
            problems,
        },
        SnapshotToKeep(snapshot),
    ))
}

/// [`read_for_opening`] on another thread: `send` gets the file as soon as
/// it is read, and its snapshot is written after.
pub fn read_for_opening_then_keep(
    path: &Path,
    snapshots: Option<&SnapshotStore>,
    key: Option<&SecretString>,
    send: impl FnOnce(Result<ReadForOpening, OpenFailure>),
) {
    match read_for_opening(path, snapshots, key) {
        Ok((read, snapshot)) => {
            send(Ok(read));
            snapshot.keep();
        }
        Err(err) => send(Err(err)),
    }
}

/// A save worked out on the UI thread (the text, its version), to be
/// written, perhaps encrypted, on another: see [`Session::prepare_save`].
pub struct PreparedSave {
    path: PathBuf,
    file_text: String,
    canonical: String,
    hash: String,
    key: Option<SecretString>,
    snapshots: Option<SnapshotStore>,
    /// The protection changed from this (see `Session::rekey_from`): the
    /// backup and these versions' snapshots are turned to the new one.
    rekey: Option<(Option<SecretString>, Vec<String>)>,
    /// The document's generation it was prepared from.
    generation: u64,
}

/// A save written, to be recorded by [`Session::finish_save`].
pub struct WrittenSave {
    path: PathBuf,
    hash: String,
    stamp: FileStamp,
    generation: u64,
}

impl PreparedSave {
    /// Writes the file (atomically, keeping a backup) and keeps its snapshot.
    pub fn write(self) -> Result<WrittenSave, String> {
        let previous = self.rekey.as_ref().and_then(|(from, _)| from.as_ref());
        let stamp =
            save_text_stamped_with(&self.file_text, &self.path, self.key.as_ref(), previous)
                .map_err(|err| err.to_string())?;
        if let Some(store) = &self.snapshots {
            if let Some((from, versions)) = &self.rekey {
                store.rekey(versions, from.as_ref());
            }
            // Without the snapshot a later merge falls back to two-way; the
            // save itself succeeded.
            let _ = store.keep(&self.canonical);
        }
        Ok(WrittenSave {
            path: self.path,
            hash: self.hash,
            stamp,
            generation: self.generation,
        })
    }

    /// Whether writing it encrypts (and so takes a moment: scrypt).
    pub fn is_protected(&self) -> bool {
        self.key.is_some()
    }
}

/// The newest version both lineages name that `store` kept.
fn common_version(
    store: Option<&SnapshotStore>,
    ours: &[String],
    theirs: &[String],
) -> Option<Project> {
    let store = store?;
    ours.iter()
        .rev()
        .filter(|hash| theirs.contains(hash))
        .find_map(|hash| store.get(hash).and_then(Result::ok))
}

/// Prepares the merge of a colleague's copy at `path`: the base is the
/// newest version both descend from that this computer kept; without one, a
/// two-way merge makes every difference a conflict.
pub fn prepare_file_merge(inputs: MergeInputs, path: &Path) -> Result<PreparedMerge, String> {
    prepare_file_merge_watched(inputs, path, &Progress::new())
}

/// What a merge reports: reading the other copy, finding the version both
/// come from (reading its snapshot), merging. Each stage is checked for
/// Cancel before the next begins.
const MERGE_STAGES: usize = 3;

/// Why a merge stopped when its Cancel was pressed (nobody sees it: the
/// window dropped the job already).
const MERGE_CANCELLED: &str = "the merge was cancelled; nothing changed";

fn merge_stage(progress: &impl Watch, done: usize) -> Result<(), String> {
    progress.set(done, MERGE_STAGES);
    if progress.is_cancelled() {
        return Err(MERGE_CANCELLED.to_owned());
    }
    Ok(())
}

/// [`prepare_file_merge`], reporting its stages to `progress` and stopping
/// between them when cancelled.
pub fn prepare_file_merge_watched(
    inputs: MergeInputs,
    path: &Path,
    progress: &impl Watch,
) -> Result<PreparedMerge, String> {
    merge_stage(progress, 0)?;
    let (mut theirs, _) = load_file_stamped_with(path, inputs.key.as_ref())
        .map_err(|err| err.with_position().to_string())?;
    keep_version(inputs.snapshots.as_ref(), &mut theirs);
    merge_stage(progress, 1)?;
    let base = common_version(
        inputs.snapshots.as_ref(),
        &inputs.ours.ancestors,
        &theirs.ancestors,
    );
    merge_stage(progress, 2)?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let prepared = prepare(inputs, theirs, base, format!("Merge {name}"), None);
    progress.set(MERGE_STAGES, MERGE_STAGES);
    Ok(prepared)
}

/// Prepares the merge of the open file's changes on disk with the unsaved
/// edits here; the base is the version last read or written.
pub fn prepare_disk_merge(inputs: MergeInputs) -> Result<PreparedMerge, String> {
    prepare_disk_merge_watched(inputs, &Progress::new())
}

/// [`prepare_disk_merge`], reporting its stages to `progress` and stopping
/// between them when cancelled.
pub fn prepare_disk_merge_watched(
    inputs: MergeInputs,
    progress: &impl Watch,
) -> Result<PreparedMerge, String> {
    let Some(path) = inputs.path.clone() else {
        return Err("the project has no file to merge with".to_owned());
    };
    merge_stage(progress, 0)?;
    let (mut theirs, stamp) = load_file_stamped_with(&path, inputs.key.as_ref())
        .map_err(|err| err.with_position().to_string())?;
    keep_version(inputs.snapshots.as_ref(), &mut theirs);
    merge_stage(progress, 1)?;
    let base = inputs
        .file_version
        .as_ref()
        .and_then(|hash| inputs.snapshots.as_ref()?.get(hash)?.ok())
        .or_else(|| {
            common_version(
                inputs.snapshots.as_ref(),
                &inputs.ours.ancestors,
                &theirs.ancestors,
            )
        });
    merge_stage(progress, 2)?;
    let label = "Merge the changes on disk".to_owned();
    let prepared = prepare(inputs, theirs, base, label, Some(stamp));
    progress.set(MERGE_STAGES, MERGE_STAGES);
    Ok(prepared)
}

fn prepare(
    inputs: MergeInputs,
    theirs: Project,
    base: Option<Project>,
    label: String,
    disk_stamp: Option<FileStamp>,
) -> PreparedMerge {
    let ours = &inputs.ours;
    let (merged, kind) = match &base {
        Some(base) => (crate::merge::merge(base, ours, &theirs), MergeBase::Common),
        None => (
            crate::merge::merge_two_way(ours, &theirs),
            MergeBase::TwoWay,
        ),
    };
    let outcome = Merged {
        base: kind,
        new_conflicts: merged.conflicts.len().saturating_sub(ours.conflicts.len()),
        changed: !merged.same_content(ours),
    };
    // The content's changes, then each new conflict as a person reads it.
    let mut changes = crate::merge::compare::compare_content(ours, &merged);
    for conflict in &merged.conflicts[ours.conflicts.len().min(merged.conflicts.len())..] {
        changes.push_str(&format!(
            "! conflict: {}\n",
            crate::merge::resolve::describe_conflict(&merged, conflict)
        ));
    }
    PreparedMerge {
        merged,
        outcome,
        label,
        generation: inputs.generation,
        disk_stamp,
        changes,
    }
}

/// What [`Session::merge_file`] did.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Merged {
    pub base: MergeBase,
    /// Conflicts this merge added (the project may have had some already).
    pub new_conflicts: usize,
    /// Whether the merge changed the open project at all.
    pub changed: bool,
}

/// What [`Session::open`] has to tell the user besides "opened".
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Opened {
    /// The file was in this older format and was migrated.
    pub migrated_from: Option<u32>,
}

impl Opened {
    /// A sentence for the status bar about a migration, if there was one.
    pub fn migration_note(&self) -> Option<String> {
        self.migrated_from.map(|version| {
            format!(
                "This file was in format version {version} and has been updated; saving \
                 writes version {FORMAT_VERSION} and keeps the old file as the .bak backup"
            )
        })
    }
}

impl Session {
    pub fn new(project: Project, origin: Origin) -> Self {
        Self {
            doc: Document::new(project),
            origin,
            disk_stamp: None,
            read_only: None,
            recovery: None,
            recovery_seen_generation: 0,
            recovery_changed_at: f64::NEG_INFINITY,
            recovery_written_generation: None,
            snapshots: None,
            file_version: None,
            protection: None,
            rekey_from: None,
        }
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// For what changes no content: validation's date, coalescing breaks.
    pub fn document_mut(&mut self) -> &mut Document {
        &mut self.doc
    }

    pub fn project(&self) -> &Project {
        self.doc.project()
    }

    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The open file, if the document has one.
    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(path) => Some(path),
            Origin::Sample | Origin::Untitled => None,
        }
    }

    /// The newer format of a file open read-only, if any.
    pub fn read_only(&self) -> Option<&NewerFormat> {
        self.read_only.as_ref()
    }

    pub fn is_dirty(&self) -> bool {
        self.doc.is_dirty()
    }

    /// Applies an edit (typing with the same key coalesces into one undo
    /// step). A read-only document refuses every edit.
    pub fn apply(&mut self, edit: Edit, coalesce: Option<CoalesceKey>) -> Result<(), EditError> {
        if self.read_only.is_some() {
            return Err(EditError::ReadOnly);
        }
        self.doc.apply_coalescing(edit, coalesce)
    }

    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        self.doc.undo()
    }

    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        self.doc.redo()
    }

    /// Makes `project` the open document, dropping the one open now. The app
    /// owns its session privately and calls this only from its one gate
    /// (`PlannerApp::replace_document`), which asks before unsaved work is
    /// dropped.
    pub fn replace(&mut self, project: Project, origin: Origin) {
        self.doc = Document::new(project);
        self.origin = origin;
        self.disk_stamp = None;
        self.read_only = None;
        self.recovery_seen_generation = 0;
        self.recovery_changed_at = f64::NEG_INFINITY;
        self.recovery_written_generation = None;
        self.file_version = None;
        self.protection = None;
        self.rekey_from = None;
        // The old document's unsaved work was saved or discarded by the user.
        if let Some(store) = &mut self.recovery {
            store.clear();
        }
    }

    /// Loads `path` and makes it the open document (through the app's gate,
    /// like [`Self::replace`]); on failure the open document stays as it
    /// was. A file from a newer app opens read-only.
    pub fn open(&mut self, path: &Path) -> Result<Opened, String> {
        self.open_with(path, None).map_err(|err| err.to_string())
    }

    /// [`Self::open`] of a file that may be protected with `key`.
    pub fn open_with(
        &mut self,
        path: &Path,
        key: Option<&SecretString>,
    ) -> Result<Opened, OpenFailure> {
        let (read, snapshot) = read_for_opening(path, self.snapshots.as_ref(), key)?;
        snapshot.keep();
        Ok(self.adopt(path, read))
    }

    /// The snapshot store, for reading a file to open on another thread.
    pub fn snapshots(&self) -> Option<SnapshotStore> {
        self.snapshots.clone()
    }

    /// Makes a file read by [`read_for_opening`] the open document.
    pub fn adopt(&mut self, path: &Path, read: ReadForOpening) -> Opened {
        let ReadForOpening {
            loaded,
            stamp,
            version,
            key,
            problems: (today, problems),
        } = read;
        self.replace(loaded.project, Origin::File(path.to_path_buf()));
        self.doc.seed_problems(today, problems);
        self.protection = key;
        self.disk_stamp = Some(stamp);
        self.read_only = loaded.newer;
        self.file_version = version;
        Opened {
            migrated_from: loaded.migrated_from,
        }
    }

    /// Makes recovered work the open document, unsaved, and deletes the
    /// recovery entry. The file's stamp from before the crash comes back
    /// too, so a Save still asks if another program changed the file since.
    /// Protected work needs `key`, its project's passphrase.
    pub fn restore(
        &mut self,
        work: &RecoveredWork,
        key: Option<&SecretString>,
    ) -> Result<(), OpenFailure> {
        let project = work.load(key)?;
        self.restore_loaded(work, project, key);
        Ok(())
    }

    /// [`Self::restore`] of work already read (on another thread: protected
    /// work takes a moment to decrypt).
    pub fn restore_loaded(
        &mut self,
        work: &RecoveredWork,
        project: Project,
        key: Option<&SecretString>,
    ) {
        let origin = work.original.clone().map_or(Origin::Untitled, Origin::File);
        self.replace(project, origin);
        self.protection = key.filter(|_| work.protected).cloned();
        self.disk_stamp = work.original_stamp.clone();
        self.doc.mark_unsaved();
        work.discard();
    }

    /// Where a Save goes.
    pub fn save_target(&self) -> SaveTarget {
        match &self.origin {
            // Never overwrite a newer app's file with what this version understood of it.
            Origin::File(_) if self.read_only.is_some() => SaveTarget::NeedsName,
            Origin::File(path) if self.changed_on_disk() => SaveTarget::ChangedOnDisk(path.clone()),
            Origin::File(path) => SaveTarget::File(path.clone()),
            Origin::Sample | Origin::Untitled => SaveTarget::NeedsName,
        }
    }

    /// Writes the document to `path` (atomically, keeping a backup), which
    /// becomes its file. Saving never changes the document itself. On
    /// failure the document stays unsaved.
    pub fn save_to(&mut self, path: &Path) -> Result<(), String> {
        let written = self.prepare_save(path)?.write()?;
        self.finish_save(written);
        Ok(())
    }

    /// The part of a save that reads the document: its text and version.
    /// The rest ([`PreparedSave::write`]) may run on another thread.
    pub fn prepare_save(&mut self, path: &Path) -> Result<PreparedSave, String> {
        let project = self.doc.project();
        let text = encode_for_saving(project).map_err(|err| err.to_string())?;
        // The file names itself as the newest version it descends from.
        let canonical = lineage::without_ancestors(&text).into_owned();
        let hash = lineage::version_hash(&canonical);
        let mut ancestors = project.ancestors.clone();
        lineage::descend(&mut ancestors, hash.clone());
        let file_text = lineage::with_ancestors(&canonical, &ancestors);
        let rekey = self
            .rekey_from
            .clone()
            .map(|from| (from, ancestors.clone()));
        Ok(PreparedSave {
            path: path.to_path_buf(),
            file_text,
            canonical,
            hash,
            key: self.protection.clone(),
            snapshots: self.keyed_snapshots(),
            rekey,
            generation: self.doc.generation(),
        })
    }

    /// Records a written save: the file is the document's, as saved. Edits
    /// made while it was written (none, while the app shows it saving)
    /// stay unsaved.
    pub fn finish_save(&mut self, written: WrittenSave) {
        let WrittenSave {
            path,
            hash,
            stamp,
            generation,
        } = written;
        self.doc.record_saved_version(hash.clone());
        self.file_version = Some(hash);
        self.disk_stamp = Some(stamp);
        // A copy in this version's format is ours to edit.
        self.read_only = None;
        self.rekey_from = None;
        if generation == self.doc.generation() {
            self.doc.mark_saved();
            if let Some(store) = &mut self.recovery {
                store.clear();
            }
        }
        self.origin = Origin::File(path);
    }

    // ---------------------------------------------------------- protection

    /// Whether the project is protected with a passphrase.
    pub fn is_protected(&self) -> bool {
        self.protection.is_some()
    }

    /// The project's passphrase, if it is protected.
    pub fn passphrase(&self) -> Option<crate::io::protect::Passphrase> {
        self.protection
            .clone()
            .map(crate::io::protect::Passphrase::new)
    }

    /// Protects the project with `key` from its next save on (and the
    /// copies this app keeps of it), or removes the protection with `None`.
    /// Either makes the document unsaved: its file is not yet as it will be.
    pub fn set_protection(&mut self, key: Option<SecretString>) {
        // Two changes before a save: the copies are still under the first.
        if self.rekey_from.is_none() {
            self.rekey_from = Some(self.protection.take());
        }
        self.protection = key;
        self.doc.mark_unsaved();
        // The recovery copy, if any, is written again as it now must be.
        self.recovery_written_generation = None;
    }

    /// Whether `candidate` is the open project's passphrase (compared in
    /// constant time).
    pub fn has_passphrase(&self, candidate: &SecretString) -> bool {
        use age::secrecy::ExposeSecret;
        self.protection.as_ref().is_some_and(|key| {
            constant_time_eq(
                key.expose_secret().as_bytes(),
                candidate.expose_secret().as_bytes(),
            )
        })
    }

    /// The snapshot store, encrypting with the project's passphrase when it
    /// is protected.
    fn keyed_snapshots(&self) -> Option<SnapshotStore> {
        self.snapshots
            .as_ref()
            .map(|store| store.with_key(self.protection.clone()))
    }

    /// Whether another program changed (or removed) the open file since we
    /// loaded or saved it.
    pub fn changed_on_disk(&self) -> bool {
        match (&self.origin, &self.disk_stamp) {
            (Origin::File(path), Some(stamp)) => !stamp.matches_disk(path),
            _ => false,
        }
    }

    /// Compares the file on disk with what we last read or wrote.
    pub fn check_disk(&self) -> DiskCheck {
        let Origin::File(path) = &self.origin else {
            return DiskCheck::Unchanged;
        };
        if !self.changed_on_disk() {
            DiskCheck::Unchanged
        } else if self.doc.is_dirty() {
            DiskCheck::ChangedWhileEditing(path.clone())
        } else {
            DiskCheck::ChangedOffersReload(path.clone())
        }
    }

    /// Keep showing this version although the file changed: it now counts as
    /// unsaved, and a later Save still asks before overwriting.
    pub fn keep_over_disk(&mut self) {
        self.doc.mark_unsaved();
    }

    /// `name — Trade Mission Planner`, with `● ` in front while unsaved.
    pub fn window_title(&self) -> String {
        let name = match &self.origin {
            Origin::File(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            Origin::Sample => "Sample mission".to_owned(),
            // Not saved yet: the mission's own title, if it has one.
            Origin::Untitled => match self.doc.project().mission.title.trim() {
                "" => "Untitled mission".to_owned(),
                title => format!("{title} (not saved)"),
            },
        };
        let marker = if self.doc.is_dirty() { "● " } else { "" };
        let protected = if self.is_protected() {
            " (protected)"
        } else {
            ""
        };
        format!("{marker}{name}{protected} — Trade Mission Planner")
    }

    /// A file name for Save As, from the mission's title.
    pub fn suggested_name(&self) -> String {
        let title = &self.doc.project().mission.title;
        format!("{}.mission.ron", crate::io::file_stem(title, "mission"))
    }

    /// The folder file dialogs start in: the open file's, else Documents.
    pub fn start_dir(&self) -> PathBuf {
        self.path()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| {
                directories::UserDirs::new().and_then(|d| d.document_dir().map(Path::to_path_buf))
            })
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."))
    }

    // ------------------------------------------------------------- merging

    /// Keeps a snapshot of the versions this session opens and saves, so
    /// that a later merge finds their common version.
    /// The version open now (if it came from a file unchanged) is kept too.
    pub fn attach_snapshots(&mut self, store: SnapshotStore) {
        store.prune_default();
        let unchanged_file =
            self.path().is_some() && !self.doc.is_dirty() && self.read_only.is_none();
        if unchanged_file && let Some(canonical) = canonical_text(self.doc.project()) {
            // A protected project's snapshot is encrypted like it.
            let _ = store.with_key(self.protection.clone()).keep(&canonical);
        }
        self.snapshots = Some(store);
    }

    /// What preparing a merge needs from this session; it can go to another
    /// thread, so that a large merge never blocks the window.
    pub fn merge_inputs(&self) -> MergeInputs {
        MergeInputs {
            ours: self.doc.project().clone(),
            generation: self.doc.generation(),
            snapshots: self.keyed_snapshots(),
            file_version: self.file_version.clone(),
            path: self.path().map(Path::to_path_buf),
            key: self.protection.clone(),
        }
    }

    /// A copy of the open project to import a calendar against, off the UI
    /// thread.
    pub fn import_inputs(&self) -> (Project, u64) {
        (self.doc.project().clone(), self.doc.generation())
    }

    /// Whether `project` could still be saved with an import's `edits`:
    /// checked off the UI thread before the preview, so that an import the
    /// file limits refuse is refused before anyone presses Import (it was
    /// refused only after, once the window had frozen applying it).
    pub fn check_import(project: &Project, label: &str, edits: &[Edit]) -> Result<(), String> {
        if edits.is_empty() {
            return Ok(());
        }
        let mut imported = project.clone();
        let batch = Edit::Batch {
            label: label.to_owned(),
            edits: edits.to_vec(),
        };
        let refused = |err: String| {
            format!("the project could not be saved with it, so nothing was imported ({err})")
        };
        crate::edit::apply(&mut imported, batch).map_err(|err| refused(err.to_string()))?;
        match crate::io::project_file::encode_for_saving(&imported) {
            Ok(_) => Ok(()),
            Err(crate::io::SaveError::OverLimit(reason)) => Err(refused(reason)),
            Err(err) => Err(refused(err.to_string())),
        }
    }

    /// Applies a previewed import (`edits`, computed against `generation`)
    /// as one undoable step, unless the project changed since.
    pub fn apply_import(
        &mut self,
        label: &str,
        edits: Vec<Edit>,
        generation: u64,
    ) -> Result<(), String> {
        if generation != self.doc.generation() {
            return Err("the project changed after the preview; import again".to_owned());
        }
        if edits.is_empty() {
            return Ok(());
        }
        let batch = Edit::Batch {
            label: label.to_owned(),
            edits,
        };
        // Whether the project can still be saved with it was checked with
        // the preview, against this same generation (see `check_import`):
        // checked here, a large import froze the window for seconds.
        self.apply(batch, None).map_err(|err| err.to_string())
    }

    /// Applies a prepared merge as one undoable step, unless the project
    /// changed while it was being prepared.
    pub fn apply_merge(&mut self, prepared: PreparedMerge) -> Result<Merged, String> {
        if prepared.generation != self.doc.generation() {
            return Err(
                "the project changed while the merge was being prepared; merge again".to_owned(),
            );
        }
        let PreparedMerge {
            merged,
            outcome,
            label,
            disk_stamp,
            ..
        } = prepared;
        if !outcome.changed {
            // The same content: it now also descends from theirs, which is
            // no edit of anyone's.
            self.doc.adopt_lineage(merged.ancestors);
        } else {
            let edit = Edit::ReplaceProject {
                label,
                project: Box::new(merged),
            };
            self.apply(edit, None).map_err(|err| err.to_string())?;
        }
        if let Some(stamp) = disk_stamp {
            // The file's changes are in: saving overwrites it without asking.
            self.disk_stamp = Some(stamp);
        }
        Ok(outcome)
    }

    /// Merges a colleague's copy of the project into the open one, as one
    /// undoable step (prepared and applied at once).
    pub fn merge_file(&mut self, path: &Path) -> Result<Merged, String> {
        let prepared = prepare_file_merge(self.merge_inputs(), path)?;
        self.apply_merge(prepared)
    }

    /// The file changed on disk while there are unsaved edits here: merges
    /// the two (see [`prepare_disk_merge`]).
    pub fn merge_disk(&mut self) -> Result<Merged, String> {
        let prepared = prepare_disk_merge(self.merge_inputs())?;
        self.apply_merge(prepared)
    }

    // ------------------------------------------------------------ recovery

    /// Writes unsaved work to `store` as the user edits; returns the work
    /// that crashed instances left in it.
    pub fn attach_recovery(&mut self, store: RecoveryStore) -> Vec<RecoveredWork> {
        let orphans = store.orphans();
        self.recovery = Some(store);
        orphans
    }

    /// Whether this instance has unsaved work in its recovery file.
    pub fn has_recovery_entry(&self) -> bool {
        self.recovery.as_ref().is_some_and(RecoveryStore::has_entry)
    }

    /// Unsaved work is dropped on purpose (Quit without saving).
    pub fn discard_recovery(&mut self) {
        if let Some(store) = &mut self.recovery {
            store.clear();
        }
    }

    /// Writes unsaved work to the recovery file once edits have paused for
    /// [`RECOVERY_DELAY`] seconds (`now` on a monotonic clock); deletes the
    /// file once the work is saved. `wall` is the time written in it.
    pub fn recovery_tick(&mut self, now: f64, wall: Timestamp) -> RecoveryTick {
        // A newer app's file open read-only takes no edits: nothing of it
        // is recovered (and restoring it must never lead to overwriting it).
        if self.read_only.is_some() {
            return RecoveryTick::Idle;
        }
        let Some(store) = &mut self.recovery else {
            return RecoveryTick::Idle;
        };
        if let Some(Err(err)) = store.poll_sealing() {
            return RecoveryTick::Failed(err.to_string());
        }
        let generation = self.doc.generation();
        if !self.doc.is_dirty() {
            if store.has_entry() {
                store.clear();
            }
            self.recovery_written_generation = None;
            return RecoveryTick::Idle;
        }
        if self.recovery_written_generation == Some(generation) {
            return RecoveryTick::Idle;
        }
        if self.recovery_seen_generation != generation {
            self.recovery_seen_generation = generation;
            self.recovery_changed_at = now;
        }
        let wait = self.recovery_changed_at + RECOVERY_DELAY - now;
        if wait > 0.0 {
            return RecoveryTick::WaitSeconds(wait);
        }
        let original = match &self.origin {
            Origin::File(path) => Some((path.as_path(), self.disk_stamp.as_ref())),
            _ => None,
        };
        // Written once per change even when it fails, so a full disk is
        // reported once, not every frame.
        self.recovery_written_generation = Some(generation);
        match store.write(self.doc.project(), original, wall, self.protection.as_ref()) {
            Ok(()) => RecoveryTick::Written,
            Err(err) => RecoveryTick::Failed(err.to_string()),
        }
    }
}

/// A project's file text without its ancestors: what its version hash is of.
fn canonical_text(project: &Project) -> Option<String> {
    let text = crate::io::to_ron_string(project).ok()?;
    Some(lineage::without_ancestors(&text).into_owned())
}

/// Whether `a` and `b` are equal, in a time that depends on their lengths
/// only.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}
