//! The passphrase of protected projects on the command line: every command
//! that reads a project opens a protected one with `--passphrase-file` (or
//! `TRADE_MISSION_PASSPHRASE_FILE`), and a project it writes from a
//! protected one is protected too (so the git merge driver keeps merged
//! files encrypted). The passphrase file is read once, and only when a
//! protected file needs it.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use age::secrecy::SecretString;

use crate::io::project_file::{LoadError, SaveError};
use crate::model::Project;

#[derive(Default)]
struct Keys {
    file: Option<PathBuf>,
    secret: Option<SecretString>,
    /// A protected project was read: what is written is protected too.
    read_protected: bool,
}

thread_local! {
    static KEYS: RefCell<Keys> = RefCell::default();
}

/// Runs one command with the passphrase in `file` (if any) at hand.
pub(super) fn with_passphrase_file<T>(file: Option<&Path>, run: impl FnOnce() -> T) -> T {
    KEYS.with_borrow_mut(|keys| {
        *keys = Keys {
            file: file.map(Path::to_path_buf),
            ..Keys::default()
        }
    });
    let result = run();
    KEYS.with_borrow_mut(|keys| *keys = Keys::default());
    result
}

/// The passphrase, read from its file the first time; for `protect` and
/// `unprotect`, which need one whatever the file.
pub(super) fn passphrase() -> Result<SecretString, String> {
    KEYS.with_borrow_mut(|keys| {
        if let Some(secret) = &keys.secret {
            return Ok(secret.clone());
        }
        let Some(file) = &keys.file else {
            return Err("no passphrase: give --passphrase-file FILE (or set \
                 TRADE_MISSION_PASSPHRASE_FILE)"
                .to_owned());
        };
        let secret = crate::io::protect::passphrase_from_file(file)
            .map_err(|e| format!("cannot read the passphrase file {}: {e}", file.display()))?;
        keys.secret = Some(secret.clone());
        Ok(secret)
    })
}

/// Loads a project, opening a protected one with the passphrase.
pub(super) fn load(path: &Path) -> Result<Project, LoadError> {
    if !crate::io::project_file::is_protected_file(path) {
        return crate::io::project_file::load_file(path);
    }
    let secret = passphrase().map_err(|message| match message.starts_with("no passphrase") {
        true => LoadError::NeedsPassphrase,
        false => LoadError::PassphraseFile(message),
    })?;
    let project = crate::io::project_file::load_file_with(path, Some(&secret))?;
    KEYS.with_borrow_mut(|keys| keys.read_protected = true);
    Ok(project)
}

/// The text of a project to write, encrypted if a protected project was
/// read (with a backup beside it: see [`crate::io::project_file::save_file`]).
pub(super) fn save(project: &Project, output: &Path) -> Result<(), SaveError> {
    let text = crate::io::project_file::encode_for_saving(project)?;
    let key = protected_key()?;
    crate::io::project_file::save_text_stamped_with(&text, output, key.as_ref(), None).map(drop)
}

/// `bytes` of a project as they are written without a backup (the merge
/// driver's output): encrypted if a protected project was read.
pub(super) fn seal(text: &str) -> Result<Vec<u8>, SaveError> {
    match protected_key()? {
        Some(key) => Ok(crate::io::protect::encrypt(
            text.as_bytes(),
            &key,
            crate::io::protect::WORK_FACTOR,
        )?),
        None => Ok(text.as_bytes().to_vec()),
    }
}

fn protected_key() -> Result<Option<SecretString>, SaveError> {
    if KEYS.with_borrow(|keys| keys.read_protected) {
        passphrase()
            .map(Some)
            .map_err(|e| SaveError::Io(std::io::Error::other(e)))
    } else {
        Ok(None)
    }
}
