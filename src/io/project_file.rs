//! The project file: versioned, pretty-printed RON.
//!
//! ```text
//! (
//!     format_version: 3,
//!     project: ( mission: (...), ports: [...], ... ),
//! )
//! ```
//!
//! Loading reads `format_version` first, with a small scanner, so that a file
//! from a newer app is refused before anything else is interpreted (ron would
//! otherwise skip fields it does not know, and a re-save would lose them).

use std::fmt;
use std::io::Read;
use std::path::Path;

use age::secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::atomic::write_atomic_with_backup;
use super::migrate;
use crate::model::Project;

/// The format this version of the app writes.
pub const FORMAT_VERSION: u32 = 7;
/// The oldest format this version can still read (and migrate).
pub const OLDEST_FORMAT_VERSION: u32 = 1;
/// Most entities of one kind a project may hold.
pub use crate::model::limits::MAX_ENTITIES_PER_KIND;
/// Project files larger than this are refused before they are read.
pub use crate::model::limits::MAX_FILE_SIZE;
/// Longest text (a draft, a note) a project may hold, in bytes.
pub use crate::model::limits::MAX_TEXT_BYTES;
/// Project files are named `*.mission.ron`.
pub const FILE_EXTENSION: &str = "mission.ron";

/// The saved form of the current version, borrowed for writing.
#[derive(Serialize)]
struct ProjectFileRef<'a> {
    format_version: u32,
    project: &'a Project,
}

/// The saved form of the current version, owned for reading.
#[derive(Deserialize)]
pub(super) struct ProjectFile<P> {
    #[allow(dead_code)] // checked by the scanner before parsing
    pub format_version: u32,
    pub project: P,
}

/// Where in the file something went wrong: 1-based line and column (characters).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Why a project file could not be opened. The message never includes the
/// path: callers put it first (`FILE:LINE:COL: …`) or last, as fits.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "the file is {size} bytes; project files are limited to {limit} bytes (64 MiB)",
        limit = MAX_FILE_SIZE
    )]
    TooLarge { size: u64 },
    #[error("the file is empty")]
    Empty,
    #[error("the file is not UTF-8 text (invalid byte 0x{byte:02X})")]
    NotUtf8 { at: Position, byte: u8 },
    #[error("{message}")]
    NotAProject { at: Position, message: String },
    #[error(
        "the file was written by a newer Trade Mission Planner (format version {found}; \
         this version reads versions {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION}); \
         update the app to open it"
    )]
    NewerVersion { at: Position, found: u32 },
    #[error(
        "format version {found} is not supported (this version reads versions \
         {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION})"
    )]
    UnsupportedVersion { at: Position, found: u32 },
    #[error("{message}")]
    Syntax { at: Position, message: String },
    #[error("{0}")]
    OverLimit(String),
    #[error(
        "the project is protected with a passphrase (on the command line: --passphrase-file FILE)"
    )]
    NeedsPassphrase,
    #[error("{0}")]
    Protection(#[from] super::protect::ProtectError),
    /// The passphrase file could not be read (on the command line).
    #[error("{0}")]
    PassphraseFile(String),
}

impl LoadError {
    /// Line and column of the problem, when it has one.
    pub fn position(&self) -> Option<Position> {
        match self {
            Self::NotUtf8 { at, .. }
            | Self::NotAProject { at, .. }
            | Self::NewerVersion { at, .. }
            | Self::UnsupportedVersion { at, .. }
            | Self::Syntax { at, .. } => Some(*at),
            Self::Io(_)
            | Self::TooLarge { .. }
            | Self::Empty
            | Self::OverLimit(_)
            | Self::NeedsPassphrase
            | Self::Protection(_)
            | Self::PassphraseFile(_) => None,
        }
    }

    /// `LINE:COL: message`, or just the message when there is no position.
    pub fn with_position(&self) -> String {
        match self.position() {
            Some(at) => format!("{at}: {self}"),
            None => self.to_string(),
        }
    }
}

/// Why a project could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot write the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot encode the project: {0}")]
    Encode(#[from] ron::Error),
    #[error("the project is not saved because it could not be opened again: {0}")]
    OverLimit(String),
    #[error("{0}")]
    Protection(#[from] super::protect::ProtectError),
}

/// The text of `project` as a file, or why it must not be written: nothing
/// is written that the loader would refuse (limits, size).
pub fn encode_for_saving(project: &Project) -> Result<String, SaveError> {
    crate::model::limits::check_limits(project).map_err(SaveError::OverLimit)?;
    let text = to_ron_string(project)?;
    if text.len() as u64 > MAX_FILE_SIZE {
        return Err(SaveError::OverLimit(format!(
            "it would be {} bytes; project files are limited to {MAX_FILE_SIZE} bytes (64 MiB)",
            text.len()
        )));
    }
    Ok(text)
}

/// What a project file looked like when it was last loaded or saved, to
/// notice another program changing it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct FileStamp {
    pub modified: Option<std::time::SystemTime>,
    pub len: u64,
    pub hash: u64,
}

impl FileStamp {
    fn of(bytes: &[u8], metadata: Option<&std::fs::Metadata>) -> Self {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut hasher);
        Self {
            modified: metadata.and_then(|m| m.modified().ok()),
            len: bytes.len() as u64,
            hash: hasher.finish(),
        }
    }

    /// Whether the file at `path` still has this content. Time and size are
    /// compared first; the content is read only when they differ (a file
    /// touched but not changed is not a change). A missing file has changed.
    pub fn matches_disk(&self, path: &Path) -> bool {
        let Ok(metadata) = std::fs::metadata(path) else {
            return false;
        };
        if metadata.len() == self.len && metadata.modified().ok() == self.modified {
            return true;
        }
        match super::read_regular_file(path, MAX_READ) {
            Ok(bytes) => {
                let now = Self::of(&bytes, None);
                now.len == self.len && now.hash == self.hash
            }
            Err(_) => false,
        }
    }
}

/// [`load_file`], also returning the file's stamp.
pub fn load_file_stamped(path: &Path) -> Result<(Project, FileStamp), LoadError> {
    load_file_stamped_with(path, None)
}

/// [`load_file_stamped`] of a file that may be protected with `key` (the
/// stamp is of the file as it is on disk).
pub fn load_file_stamped_with(
    path: &Path,
    key: Option<&SecretString>,
) -> Result<(Project, FileStamp), LoadError> {
    let bytes = read_capped(path)?;
    let stamp = FileStamp::of(&bytes, std::fs::metadata(path).ok().as_ref());
    Ok((load_bytes(&unseal(bytes, key)?)?, stamp))
}

/// Reads a file for the app: like [`load_file_stamped`], but a file from a
/// newer app is read as far as this version understands it (to be shown
/// read-only), and the caller learns about migrations.
pub fn load_file_for_app(path: &Path) -> Result<(Loaded, FileStamp), LoadError> {
    load_file_for_app_beside(path, None, |_| ()).map(|(loaded, stamp, _, _)| (loaded, stamp))
}

/// [`load_file_for_app`] of a file that may be protected with `key`, also
/// returning the file's plain text (to name its version without writing it
/// again) and what `beside` made of that text on another thread while the
/// text was parsed (`None` if it panicked).
pub fn load_file_for_app_beside<T: Send>(
    path: &Path,
    key: Option<&SecretString>,
    beside: impl FnOnce(&str) -> T + Send,
) -> Result<(Loaded, FileStamp, String, Option<T>), LoadError> {
    let bytes = read_capped(path)?;
    let stamp = FileStamp::of(&bytes, std::fs::metadata(path).ok().as_ref());
    let bytes = unseal(bytes, key)?;
    let text = String::from_utf8(bytes)
        .map_err(|err| not_utf8(err.as_bytes(), err.utf8_error().valid_up_to()))?;
    let (loaded, beside) = std::thread::scope(|scope| {
        let beside = scope.spawn(|| beside(&text));
        let loaded = load_str_with(&text, Strictness::ReadNewer);
        (loaded, beside.join().ok())
    });
    Ok((loaded?, stamp, text, beside))
}

/// The plain bytes of a project file: decrypted with `key` when the file is
/// protected (see [`super::protect`]), as they are otherwise.
pub fn unseal(bytes: Vec<u8>, key: Option<&SecretString>) -> Result<Vec<u8>, LoadError> {
    use super::protect::{ARMOR_HEADER, ProtectError, is_protected, needs_a_key};
    if bytes.starts_with(ARMOR_HEADER) {
        return Err(ProtectError::Armored.into());
    }
    if !is_protected(&bytes) {
        if bytes.len() as u64 > MAX_FILE_SIZE {
            return Err(LoadError::TooLarge {
                size: bytes.len() as u64,
            });
        }
        return Ok(bytes);
    }
    if needs_a_key(&bytes) {
        return Err(ProtectError::NotPassphrase.into());
    }
    let key = key.ok_or(LoadError::NeedsPassphrase)?;
    let plain = super::protect::decrypt(&bytes, key)?;
    // Compressed content is no part of age, but a limit is a limit.
    if plain.len() as u64 > MAX_FILE_SIZE {
        return Err(LoadError::TooLarge {
            size: plain.len() as u64,
        });
    }
    Ok(plain)
}

/// Whether the file at `path` is a protected project (its first bytes are
/// age's header); false when it cannot be read.
pub fn is_protected_file(path: &Path) -> bool {
    let mut head = [0u8; super::protect::AGE_HEADER.len()];
    std::fs::metadata(path).is_ok_and(|meta| meta.is_file())
        && std::fs::File::open(path)
            .and_then(|mut file| file.read_exact(&mut head))
            .is_ok()
        && super::protect::is_protected(&head)
}

/// [`save_file`], also returning the new file's stamp.
pub fn save_file_stamped(project: &Project, path: &Path) -> Result<FileStamp, SaveError> {
    let text = encode_for_saving(project)?;
    write_atomic_with_backup(path, text.as_bytes())?;
    Ok(FileStamp::of(
        text.as_bytes(),
        std::fs::metadata(path).ok().as_ref(),
    ))
}

/// Writes a project file's text (from [`encode_for_saving`]) to `path`
/// atomically, keeping a backup, and returns the new file's stamp.
pub fn save_text_stamped(text: &str, path: &Path) -> Result<FileStamp, SaveError> {
    save_text_stamped_with(text, path, None, None)
}

/// [`save_text_stamped`], protected with `key` when there is one: the file
/// is encrypted, and so is its backup (a plain file replaced by a protected
/// one is kept encrypted as the backup, so that no plain copy stays).
/// `previous` is the passphrase the file on disk was protected with when it
/// has just changed (or been removed): the backup is then turned to the new
/// one, so that the old passphrase opens nothing current.
pub fn save_text_stamped_with(
    text: &str,
    path: &Path,
    key: Option<&SecretString>,
    previous: Option<&SecretString>,
) -> Result<FileStamp, SaveError> {
    use super::atomic::{Backup, write_atomic_with_backup_as};
    use super::protect::{WORK_FACTOR, decrypt, encrypt};
    let seal = |plain: &[u8]| -> Result<Vec<u8>, SaveError> {
        Ok(match key {
            Some(key) => encrypt(plain, key, WORK_FACTOR)?,
            None => plain.to_vec(),
        })
    };
    let bytes = match key {
        None => std::borrow::Cow::Borrowed(text.as_bytes()),
        Some(_) => std::borrow::Cow::Owned(seal(text.as_bytes())?),
    };
    let backup = if !path.exists() {
        Backup::Copy
    } else if is_protected_file(path) {
        match previous {
            // Turned to the new passphrase (or to plain text, the protection
            // removed); one the old passphrase does not open stays as it is.
            Some(previous) => match read_capped(path).map(|old| decrypt(&old, previous)) {
                Ok(Ok(plain)) => Backup::Bytes(seal(&plain)?),
                _ => Backup::Copy,
            },
            None => Backup::Copy,
        }
    } else if key.is_some() {
        match read_capped(path) {
            Ok(old) => Backup::Bytes(seal(&old)?),
            // Unreadable as a project: no plain backup of it either.
            Err(_) => Backup::Remove,
        }
    } else {
        Backup::Copy
    };
    write_atomic_with_backup_as(path, &bytes, backup)?;
    Ok(FileStamp::of(&bytes, std::fs::metadata(path).ok().as_ref()))
}

/// Reads and parses a project file, migrating older formats.
pub fn load_file(path: &Path) -> Result<Project, LoadError> {
    load_bytes(&read_capped(path)?)
}

/// [`load_file`] of a file that may be protected with `key`.
pub fn load_file_with(path: &Path, key: Option<&SecretString>) -> Result<Project, LoadError> {
    load_bytes(&unseal(read_capped(path)?, key)?)
}

/// The most read of a project file: [`MAX_FILE_SIZE`] for a project, and
/// what protection adds to one ([`super::protect::MAX_OVERHEAD`]); the
/// project inside is checked against [`MAX_FILE_SIZE`] once it is plain.
pub const MAX_READ: u64 = MAX_FILE_SIZE + super::protect::MAX_OVERHEAD;

/// Reads a file of at most [`MAX_READ`] bytes.
fn read_capped(path: &Path) -> Result<Vec<u8>, LoadError> {
    let meta = std::fs::metadata(path)?;
    // A pipe or a device would block or never end: refused before opening.
    if !meta.is_file() {
        return Err(LoadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "that is not a regular file (a folder, a device or a pipe)",
        )));
    }
    let file = std::fs::File::open(path)?;
    let size = meta.len();
    if size > MAX_READ {
        return Err(LoadError::TooLarge { size });
    }
    // The size can change between the check and the read; `take` keeps the cap.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_READ + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_READ {
        return Err(LoadError::TooLarge {
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Parses a project file's bytes: UTF-8, an optional byte-order mark, LF or CRLF.
pub fn load_bytes(bytes: &[u8]) -> Result<Project, LoadError> {
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(LoadError::TooLarge {
            size: bytes.len() as u64,
        });
    }
    load_str(decode(bytes)?)
}

/// The bytes as UTF-8 text, or where they stop being UTF-8.
fn decode(bytes: &[u8]) -> Result<&str, LoadError> {
    std::str::from_utf8(bytes).map_err(|err| not_utf8(bytes, err.valid_up_to()))
}

/// The error for `bytes`, which stop being UTF-8 at `valid`.
fn not_utf8(bytes: &[u8], valid: usize) -> LoadError {
    // The prefix is valid UTF-8 by definition of `valid_up_to`.
    let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
    LoadError::NotUtf8 {
        at: position_at(prefix, valid),
        byte: bytes[valid],
    }
}

/// Parses a project file's text.
pub fn load_str(text: &str) -> Result<Project, LoadError> {
    load_str_with(text, Strictness::Strict).map(|loaded| loaded.project)
}

/// Whether a file from a newer app may be read, leaving out what this version
/// does not know.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Strictness {
    /// Current and older formats only; unknown fields are errors.
    Strict,
    /// Also newer formats, as far as this version understands them (for a
    /// read-only view); what it skipped is listed.
    ReadNewer,
}

/// A newer file read with [`Strictness::ReadNewer`].
#[derive(Clone, PartialEq, Debug)]
pub struct NewerFormat {
    pub version: u32,
    /// Paths of the fields this version did not understand and left out.
    pub skipped: Vec<String>,
}

/// A loaded project and what is special about its file.
#[derive(Clone, PartialEq, Debug)]
pub struct Loaded {
    pub project: Project,
    /// Set when the file came from a newer app.
    pub newer: Option<NewerFormat>,
    /// Set when the file was in an older format and was migrated.
    pub migrated_from: Option<u32>,
}

/// Parses a project file's text with the given strictness.
pub fn load_str_with(text: &str, strictness: Strictness) -> Result<Loaded, LoadError> {
    let mut loaded = load_str_unchecked(text, strictness)?;
    check_limits(&loaded.project)?;
    super::lineage::trim(&mut loaded.project.ancestors);
    Ok(loaded)
}

/// Refuses projects beyond what the app is built and tested for.
fn check_limits(project: &Project) -> Result<(), LoadError> {
    crate::model::limits::check_limits(project).map_err(LoadError::OverLimit)
}

fn load_str_unchecked(text: &str, strictness: Strictness) -> Result<Loaded, LoadError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // A copy whose line ends were converted (git's autocrlf, a Windows
    // editor) has CR LF inside drafts too, where they are written as real
    // line breaks; the app never writes a raw CR (it is escaped), so every
    // CR LF is a line end and reads as one, and the text stays the same.
    let unconverted;
    let text = if text.contains("\r\n") {
        unconverted = text.replace("\r\n", "\n");
        unconverted.as_str()
    } else {
        text
    };
    if text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    let (version, at) = scan_format_version(text)?;
    let loaded = |project, newer, migrated_from| Loaded {
        project,
        newer,
        migrated_from,
    };
    match version {
        FORMAT_VERSION => Ok(loaded(parse::<Project>(text, true)?.0, None, None)),
        v if v > FORMAT_VERSION && strictness == Strictness::ReadNewer => {
            match parse::<Project>(text, false) {
                Ok((project, skipped)) => Ok(loaded(
                    project,
                    Some(NewerFormat {
                        version: v,
                        skipped,
                    }),
                    None,
                )),
                // Not even readable in part: say it is newer, not just broken.
                Err(_) => Err(LoadError::NewerVersion { at, found: v }),
            }
        }
        v if v > FORMAT_VERSION => Err(LoadError::NewerVersion { at, found: v }),
        // Formats 3 to 7 only added fields with defaults.
        v @ (2..=6) => Ok(loaded(parse::<Project>(text, true)?.0, None, Some(v))),
        1 => Ok(loaded(
            migrate::from_v1(parse(text, true)?.0),
            None,
            Some(1),
        )),
        found => Err(LoadError::UnsupportedVersion { at, found }),
    }
}

/// Parses the whole file. Unknown fields are collected (`serde_ignored`); in
/// strict mode the first one is an error at its line and column.
fn parse<P: serde::de::DeserializeOwned>(
    text: &str,
    strict: bool,
) -> Result<(P, Vec<String>), LoadError> {
    let syntax = |err: ron::error::SpannedError| LoadError::Syntax {
        at: Position {
            line: err.span.start.line,
            column: err.span.start.col,
        },
        message: err.code.to_string(),
    };
    // Default options keep ron's recursion limit, so deep nesting is an error, not a crash.
    let options = ron::Options::default();
    let mut deserializer =
        ron::Deserializer::from_str_with_options(text, &options).map_err(syntax)?;
    let mut skipped = Vec::new();
    let file: ProjectFile<P> =
        serde_ignored::deserialize(&mut deserializer, |path| skipped.push(path.to_string()))
            .map_err(|err| syntax(deserializer.span_error(err)))?;
    deserializer
        .end()
        .map_err(|err| syntax(deserializer.span_error(err)))?;
    if strict && let Some(path) = skipped.first() {
        let field = path.rsplit('.').next().unwrap_or(path);
        return Err(LoadError::Syntax {
            at: field_position(text, field),
            message: format!(
                "unknown field `{field}` (at {path}); is the file from another program, or a typo?"
            ),
        });
    }
    Ok((file.project, skipped))
}

/// Where `field:` first appears as a field name.
fn field_position(text: &str, field: &str) -> Position {
    let mut from = 0;
    while let Some(found) = text[from..].find(field) {
        let start = from + found;
        let before_ok = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let after = text[start + field.len()..].trim_start();
        if before_ok && after.starts_with(':') {
            return position_at(text, start);
        }
        from = start + field.len();
    }
    Position { line: 1, column: 1 }
}

/// The project as the text of a project file, in the current format.
/// The same project always gives the same bytes.
pub fn to_ron_string(project: &Project) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n");
    let mut text = ron::ser::to_string_pretty(
        &ProjectFileRef {
            format_version: FORMAT_VERSION,
            project,
        },
        config,
    )?;
    text.push('\n');
    Ok(raw_newlines(&text))
}

/// Writes the `\n` escapes inside string literals as real line breaks, so
/// that a draft is many lines in the file and `git diff` of a project shows
/// the changed paragraph, not one 5 KB line. RON reads a line break inside a
/// string as itself. Every other escape stays (`\r`, NUL and the other
/// control characters: git's end-of-line handling would rewrite a raw `\r`).
pub(crate) fn raw_newlines(text: &str) -> String {
    // Bytes: `"` and `\\` are ASCII and never part of a longer character,
    // and unchanged stretches are copied whole.
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let (mut copied, mut at, mut in_string) = (0, 0, false);
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                in_string = !in_string;
                at += 1;
            }
            b'\\' if in_string => {
                if bytes.get(at + 1) == Some(&b'n') {
                    out.extend_from_slice(&bytes[copied..at]);
                    out.push(b'\n');
                    copied = at + 2;
                }
                at += 2;
            }
            _ => at += 1,
        }
    }
    out.extend_from_slice(&bytes[copied.min(bytes.len())..]);
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// Saves `project` to `path` atomically, keeping the previous version as
/// `path.bak`. Every write of a project file (app and command line) comes here;
/// on any failure the old file is untouched.
pub fn save_file(project: &Project, path: &Path) -> Result<(), SaveError> {
    let text = encode_for_saving(project)?;
    write_atomic_with_backup(path, text.as_bytes())?;
    Ok(())
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn position_at(text: &str, offset: usize) -> Position {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line,
        column: before[line_start..].chars().count() + 1,
    }
}

/// Finds `format_version: N` at the start of the file without parsing the rest.
///
/// Accepts what ron accepts before it: white space, comments, `#![enable(..)]`
/// attributes, an optional struct name and the opening parenthesis.
fn scan_format_version(text: &str) -> Result<(u32, Position), LoadError> {
    let mut scanner = Scanner { text, at: 0 };
    let not_a_project = |scanner: &Scanner, what: &str| LoadError::NotAProject {
        at: position_at(text, scanner.at),
        message: format!(
            "{what}; a Trade Mission Planner project starts with `(format_version: N, ...`"
        ),
    };
    scanner.skip_trivia();
    while scanner.rest().starts_with("#!") {
        let Some(end) = scanner.rest().find(']') else {
            return Err(not_a_project(&scanner, "unterminated attribute"));
        };
        scanner.at += end + 1;
        scanner.skip_trivia();
    }
    scanner.take_identifier();
    scanner.skip_trivia();
    if !scanner.eat("(") {
        return Err(not_a_project(&scanner, "expected `(`"));
    }
    scanner.skip_trivia();
    let field_start = scanner.at;
    if scanner.take_identifier() != "format_version" {
        scanner.at = field_start;
        return Err(not_a_project(
            &scanner,
            "expected the field `format_version` first",
        ));
    }
    scanner.skip_trivia();
    if !scanner.eat(":") {
        return Err(not_a_project(
            &scanner,
            "expected `:` after `format_version`",
        ));
    }
    scanner.skip_trivia();
    let at = position_at(text, scanner.at);
    let digits = scanner.take_while(|c| c.is_ascii_digit());
    match digits.parse::<u32>() {
        Ok(version) => Ok((version, at)),
        Err(_) if digits.is_empty() => Err(not_a_project(
            &scanner,
            "expected a whole number after `format_version:`",
        )),
        Err(_) => Err(LoadError::UnsupportedVersion {
            at,
            found: u32::MAX,
        }),
    }
}

struct Scanner<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Scanner<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.at..]
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = self.rest().starts_with(token);
        if found {
            self.at += token.len();
        }
        found
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'t str {
        let rest = self.rest();
        let len = rest.find(|c: char| !keep(c)).unwrap_or(rest.len());
        self.at += len;
        &rest[..len]
    }

    fn take_identifier(&mut self) -> &'t str {
        self.take_while(|c| c.is_alphanumeric() || c == '_')
    }

    /// Skips white space and `//` and (nested) `/* */` comments.
    fn skip_trivia(&mut self) {
        loop {
            self.take_while(char::is_whitespace);
            if self.eat("//") {
                self.take_while(|c| c != '\n');
            } else if self.rest().starts_with("/*") {
                let mut depth = 0usize;
                while !self.rest().is_empty() {
                    if self.eat("/*") {
                        depth += 1;
                    } else if self.eat("*/") {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        let step = self.rest().chars().next().map_or(1, char::len_utf8);
                        self.at += step;
                    }
                }
            } else {
                return;
            }
        }
    }
}

/// Ensures a saved project's name ends in `.mission.ron`.
pub fn with_project_extension(path: std::path::PathBuf) -> std::path::PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.ends_with(&format!(".{FILE_EXTENSION}")) {
        return path;
    }
    let stem = name.strip_suffix(".ron").unwrap_or(&name);
    path.with_file_name(format!("{stem}.{FILE_EXTENSION}"))
}
