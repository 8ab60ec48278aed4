//! Which saved versions a project descends from, and the snapshots of them
//! this computer keeps, so that a merge finds the version two copies share
//! without asking.
//!
//! A version's hash is the SHA-256 of its file text written without the
//! `ancestors` field. The field is the project's last, so the file text is
//! that text with the field put in before the end, and a file can name
//! itself among its ancestors.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

use super::project_file::LoadError;
use crate::model::Project;

/// How many ancestors a file records (the newest).
pub const MAX_ANCESTORS: usize = 32;

/// Snapshots older than this are pruned.
pub const SNAPSHOT_MAX_AGE: Duration = Duration::from_secs(180 * 24 * 60 * 60);

/// The snapshot folder is pruned, oldest first, to this many bytes.
pub const SNAPSHOT_MAX_TOTAL: u64 = 512 * 1024 * 1024;

/// The hash naming the version whose file text without ancestors is
/// `canonical`: 64 lowercase hex digits.
pub fn version_hash(canonical: &str) -> String {
    hex(&Sha256::digest(canonical.as_bytes()))
}

fn hex(digest: &[u8]) -> String {
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// Whether `text` is a version hash as [`version_hash`] writes it.
pub fn is_version_hash(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Where the `ancestors` field starts in a file text written by
/// [`super::to_ron_string`], if it has one.
const FIELD: &str = "\n        ancestors: [\n";
const END: &str = "    ),\n)\n";

/// The file text without its `ancestors` field: what the version hash is of.
pub fn without_ancestors(text: &str) -> std::borrow::Cow<'_, str> {
    match split_ancestors(text) {
        (head, "") => head.into(),
        (head, tail) => format!("{head}{tail}").into(),
    }
}

/// [`version_hash`] of [`without_ancestors`]: the name of the version a
/// file is, hashed in two pieces rather than copied (a 57 MB project's copy
/// took as long as hashing it).
pub fn file_version_hash(text: &str) -> String {
    let (head, tail) = split_ancestors(text);
    let mut hasher = Sha256::new();
    hasher.update(head.as_bytes());
    hasher.update(tail.as_bytes());
    hex(&hasher.finalize())
}

/// The file text without its `ancestors` field as two pieces: what comes
/// before the field and what comes after it (empty when there is none).
pub fn split_ancestors(text: &str) -> (&str, &str) {
    let Some(start) = text.rfind(FIELD) else {
        return (text, "");
    };
    // Only the field as written: a note may hold the same words, raw.
    let tail = &text[start + FIELD.len()..];
    let is_field = tail
        .strip_suffix(END)
        .and_then(|t| t.strip_suffix("        ],\n"))
        .is_some_and(|items| {
            items.split_terminator('\n').all(|line| {
                line.strip_prefix("            \"")
                    .and_then(|l| l.strip_suffix("\","))
                    .is_some_and(is_version_hash)
            })
        });
    if is_field {
        (&text[..start + 1], END)
    } else {
        (text, "")
    }
}

/// The file text of a version: `canonical` (written without ancestors) with
/// `ancestors` put in as its project's last field. Byte for byte what
/// writing the project with those ancestors gives.
pub fn with_ancestors(canonical: &str, ancestors: &[String]) -> String {
    let body = canonical.strip_suffix(END).unwrap_or(canonical);
    let mut text = String::with_capacity(canonical.len() + ancestors.len() * 80 + 40);
    text.push_str(body);
    if !ancestors.is_empty() {
        text.push_str(&FIELD[1..]);
        for hash in ancestors {
            text.push_str("            \"");
            text.push_str(hash);
            text.push_str("\",\n");
        }
        text.push_str("        ],\n");
    }
    text.push_str(END);
    text
}

/// `lineage` with `hash` as its newest entry (moved there if it was
/// already in it), keeping the newest [`MAX_ANCESTORS`].
pub fn descend(lineage: &mut Vec<String>, hash: String) {
    lineage.retain(|h| *h != hash);
    lineage.push(hash);
    trim(lineage);
}

/// Both lineages as one set: what a merge of the two descends from. Theirs
/// that ours lacks come first, so that when the set is trimmed ours' own
/// history (the copy that merged) is what stays.
pub fn union(ours: &[String], theirs: &[String]) -> Vec<String> {
    let mut merged: Vec<String> = theirs
        .iter()
        .filter(|hash| !ours.contains(hash))
        .cloned()
        .collect();
    merged.extend(ours.iter().cloned());
    trim(&mut merged);
    merged
}

/// Records a loaded project as the version it is (its hash joins its
/// ancestors); returns the hash and the text it is of.
pub fn name_itself(project: &mut Project) -> Option<(String, String)> {
    let text = super::to_ron_string(project).ok()?;
    let canonical = without_ancestors(&text).into_owned();
    let hash = version_hash(&canonical);
    descend(&mut project.ancestors, hash.clone());
    Some((hash, canonical))
}

/// [`name_itself`] for a project just read from `text`: when the file is
/// exactly a version this app wrote (its text without the ancestors hashes
/// to the last ancestor it names), that is its name and its canonical text,
/// without encoding the project again (0.7 s for a 10,000-event project).
pub fn name_from_file(project: &mut Project, text: &str) -> Option<(String, String)> {
    named_by_file(text, project.ancestors.last()).or_else(|| name_itself(project))
}

/// The first half of [`name_from_file`], which needs only the text (and may
/// run beside other work on the project): `text`'s name and canonical text
/// when it is exactly the version `last` this app wrote.
pub fn named_by_file(text: &str, last: Option<&String>) -> Option<(String, String)> {
    let last = last?;
    (file_version_hash(text) == *last).then(|| (last.clone(), without_ancestors(text).into_owned()))
}

/// Keeps the newest [`MAX_ANCESTORS`] well-formed hashes (a hand-edited file
/// may have anything there; a wrong hash only means no snapshot matches).
pub fn trim(lineage: &mut Vec<String>) {
    lineage.retain(|h| is_version_hash(h));
    let excess = lineage.len().saturating_sub(MAX_ANCESTORS);
    lineage.drain(..excess);
}

/// Saved versions this computer opened or saved, one file per hash. A store
/// with a key (that of a protected project) keeps its snapshots encrypted
/// with it, and reads both kinds.
#[derive(Clone, Debug)]
pub struct SnapshotStore {
    dir: PathBuf,
    key: Option<age::secrecy::SecretString>,
}

impl SnapshotStore {
    /// The snapshot folder in the user's data directory.
    pub fn default_dir() -> Option<PathBuf> {
        super::data_folder().map(|dir| dir.join("snapshots"))
    }

    pub fn open(dir: &Path) -> std::io::Result<Self> {
        super::private::create_dir(dir)?;
        Ok(Self {
            dir: dir.to_path_buf(),
            key: None,
        })
    }

    /// The same store, keeping what it is given encrypted with `key` (a
    /// protected project's passphrase), or plain with `None`.
    pub fn with_key(&self, key: Option<age::secrecy::SecretString>) -> Self {
        Self {
            dir: self.dir.clone(),
            key,
        }
    }

    fn path_of(&self, hash: &str) -> PathBuf {
        self.dir.join(format!("{hash}.mission.ron"))
    }

    /// Keeps the version whose text without ancestors is `canonical` (once:
    /// a version already kept is only marked as used now). Returns its hash.
    pub fn keep(&self, canonical: &str) -> std::io::Result<String> {
        let hash = version_hash(canonical);
        self.keep_named(&hash, canonical)?;
        Ok(hash)
    }

    /// [`Self::keep`] of a version whose hash is known: `hash` must be
    /// [`version_hash`] of `canonical`.
    pub fn keep_named(&self, hash: &str, canonical: &str) -> std::io::Result<()> {
        self.keep_named_parts(hash, &[canonical])
    }

    /// [`Self::keep_named`] of the text that is `parts` one after the other
    /// (as [`split_ancestors`] gives them: a large file is not copied).
    pub fn keep_named_parts(&self, hash: &str, parts: &[&str]) -> std::io::Result<()> {
        let path = self.path_of(hash);
        // A plain copy of a version now protected is replaced by a sealed one.
        let exposed = self.key.is_some() && !super::project_file::is_protected_file(&path);
        if path.exists() && !exposed {
            // Pruning goes by last use: touch it.
            std::fs::File::options()
                .append(true)
                .open(&path)?
                .set_modified(SystemTime::now())?;
        } else {
            match &self.key {
                Some(key) => {
                    let sealed = super::protect::encrypt(
                        parts.concat().as_bytes(),
                        key,
                        super::protect::WORK_FACTOR,
                    )
                    .map_err(std::io::Error::other)?;
                    super::atomic::write_atomic_private(&path, &sealed)?;
                }
                None => {
                    let parts: Vec<&[u8]> = parts.iter().map(|part| part.as_bytes()).collect();
                    super::atomic::write_atomic_private_parts(&path, &parts)?;
                }
            }
        }
        Ok(())
    }

    /// The version with this hash, if this computer kept it (and it still
    /// reads: a snapshot from an older app version is migrated like any file).
    pub fn get(&self, hash: &str) -> Option<Result<Project, LoadError>> {
        if !is_version_hash(hash) {
            return None;
        }
        let bytes =
            super::read_regular_file(&self.path_of(hash), super::project_file::MAX_READ).ok()?;
        Some(
            super::project_file::unseal(bytes, self.key.as_ref())
                .and_then(|plain| super::project_file::load_bytes(&plain)),
        )
    }

    /// Removes snapshots unused for longer than `max_age`, then the least
    /// recently used until the rest fit in `max_total` bytes. Returns how
    /// many went.
    pub fn prune(&self, max_age: Duration, max_total: u64) -> usize {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let now = SystemTime::now();
        let mut kept: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
        let mut removed = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            let is_snapshot = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".mission.ron"))
                .is_some_and(is_version_hash);
            let Ok(metadata) = entry.metadata() else {
                continue;
            };
            if !is_snapshot || !metadata.is_file() {
                continue;
            }
            let used = metadata.modified().unwrap_or(now);
            if now.duration_since(used).unwrap_or_default() > max_age {
                removed += usize::from(std::fs::remove_file(&path).is_ok());
            } else {
                kept.push((used, metadata.len(), path));
            }
        }
        kept.sort();
        let mut total: u64 = kept.iter().map(|(_, len, _)| len).sum();
        for (_, len, path) in kept {
            if total <= max_total {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= len;
                removed += 1;
            }
        }
        removed
    }

    /// Turns the snapshots of `hashes` (a project's versions) to this
    /// store's key: encrypted with it, or plain for a store without one.
    /// Those protected with `previous` (the project's passphrase before it
    /// changed or was removed) are decrypted with it first; a snapshot that
    /// cannot be read is left as it is.
    pub fn rekey(&self, hashes: &[String], previous: Option<&age::secrecy::SecretString>) {
        for hash in hashes.iter().filter(|hash| is_version_hash(hash)) {
            let path = self.path_of(hash);
            let Ok(bytes) = super::read_regular_file(&path, super::project_file::MAX_READ) else {
                continue;
            };
            let plain = if super::protect::is_protected(&bytes) {
                match previous.map(|key| super::protect::decrypt(&bytes, key)) {
                    Some(Ok(plain)) => plain,
                    _ => continue,
                }
            } else if self.key.is_none() {
                continue;
            } else {
                bytes
            };
            let turned = match &self.key {
                Some(key) => super::protect::encrypt(&plain, key, super::protect::WORK_FACTOR).ok(),
                None => Some(plain),
            };
            if let Some(turned) = turned {
                let _ = super::atomic::write_atomic_private(&path, &turned);
            }
        }
    }

    /// Prunes with the documented limits.
    pub fn prune_default(&self) -> usize {
        self.prune(SNAPSHOT_MAX_AGE, SNAPSHOT_MAX_TOTAL)
    }
}
