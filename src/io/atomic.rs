//! Writing a file so that it is always either the old or the new version,
//! keeping the old version as a backup.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The backup of `path`: `NAME.mission.ron.bak`, one generation.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same
/// folder, flushed to disk, then renamed over `path`, then the folder synced.
/// A crash or a full disk at any moment leaves either the old file or the new
/// one, never a partial file; on error `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_as(path, &[bytes], Access::AsTheUserWould)
}

/// [`write_atomic`] for a file the app keeps for itself (a recovery copy, a
/// snapshot): readable and writable by the user alone, whatever the umask.
pub fn write_atomic_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_as(path, &[bytes], Access::Private)
}

/// [`write_atomic_private`] of `parts` one after the other, without
/// joining them first.
pub fn write_atomic_private_parts(path: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
    write_atomic_as(path, parts, Access::Private)
}

/// Who may read what is written.
#[derive(Clone, Copy)]
enum Access {
    /// A replaced file keeps its mode; a new one follows the umask.
    AsTheUserWould,
    /// `0600`.
    Private,
}

fn write_atomic_as(path: &Path, parts: &[&[u8]], access: Access) -> std::io::Result<()> {
    let path = &write_target(path)?;
    let folder = folder_of(path);
    remove_stale_partials(folder);
    let temp = write_temp(folder, path, parts, access)?;
    persist(temp, path)?;
    sync_folder(folder)
}

/// Like [`write_atomic`], and the previous contents of `path` (if any) are
/// kept as its [`backup_path`], itself replaced atomically. At every moment
/// `path` is a complete old or new file.
pub fn write_atomic_with_backup(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with_backup_as(path, bytes, Backup::Copy)
}

/// What becomes of the previous contents of a file replaced by
/// [`write_atomic_with_backup_as`].
pub enum Backup {
    /// Copied as they are.
    Copy,
    /// Replaced by these bytes (the old contents encrypted, when a protected
    /// file replaces a plain one).
    Bytes(Vec<u8>),
    /// No backup; an earlier one is removed (it would hold what must not
    /// stay on disk).
    Remove,
}

/// [`write_atomic_with_backup`], with the backup made as `backup` says.
pub fn write_atomic_with_backup_as(
    path: &Path,
    bytes: &[u8],
    backup: Backup,
) -> std::io::Result<()> {
    let path = &write_target(path)?;
    let folder = folder_of(path);
    remove_stale_partials(folder);
    // The new contents are safely on disk before anything else is touched.
    let temp = write_temp(folder, path, &[bytes], Access::AsTheUserWould)?;
    let backup_file = backup_path(path);
    match backup {
        Backup::Copy if path.exists() => {
            // Copied, not read into memory: the old file may be of any size.
            let backup_temp = write_temp(folder, &backup_file, &[], Access::AsTheUserWould)?;
            std::fs::copy(path, backup_temp.path())?;
            backup_temp.as_file().sync_all()?;
            persist(backup_temp, &backup_file)?;
        }
        Backup::Copy => {}
        Backup::Bytes(old) => {
            let backup_temp = write_temp(folder, &backup_file, &[&old], Access::AsTheUserWould)?;
            persist(backup_temp, &backup_file)?;
        }
        Backup::Remove => match std::fs::remove_file(&backup_file) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err),
            _ => {}
        },
    }
    persist(temp, path)?;
    sync_folder(folder)
}

/// Where a write to `path` goes, or why it may not: a symbolic link is
/// followed (the link stays a link, its target gets the new contents); what
/// is there already must be a regular file (not a folder, a device or a
/// pipe), and not a read-only one.
fn write_target(path: &Path) -> std::io::Result<PathBuf> {
    use std::io::{Error, ErrorKind};
    let target = match std::fs::symlink_metadata(path) {
        Err(err) if err.kind() == ErrorKind::NotFound => return Ok(path.to_path_buf()),
        Err(err) => return Err(err),
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::canonicalize(path).map_err(|err| {
                Error::new(
                    err.kind(),
                    format!("the link points nowhere usable ({err})"),
                )
            })?
        }
        Ok(_) => path.to_path_buf(),
    };
    let meta = std::fs::metadata(&target)?;
    if !meta.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "that is not a regular file (a folder, a device or a pipe), so it is not replaced",
        ));
    }
    if meta.permissions().readonly() {
        return Err(Error::new(
            ErrorKind::PermissionDenied,
            "the file is read-only; save under another name, or allow writing to it first",
        ));
    }
    Ok(target)
}

/// How old a temporary file of an interrupted save must be before the next
/// save in its folder removes it (a save in progress takes seconds).
const STALE_PARTIAL: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes the temporary files that killed saves left in `folder`.
fn remove_stale_partials(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".tmp-") && name.ends_with(".partial")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_PARTIAL);
        if old && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

fn write_temp(
    folder: &Path,
    target: &Path,
    parts: &[&[u8]],
    access: Access,
) -> std::io::Result<tempfile::NamedTempFile> {
    let mut temp = tempfile::Builder::new()
        .prefix(".tmp-")
        .suffix(".partial")
        .tempfile_in(folder)?;
    match access {
        Access::AsTheUserWould => keep_permissions(target, temp.as_file())?,
        // Temporary files are created 0600 already.
        Access::Private => super::private::restrict_file(temp.as_file())?,
    }
    for part in parts {
        temp.write_all(part)?;
    }
    temp.as_file().sync_all()?;
    Ok(temp)
}

/// Renames the temporary file over `path`. On Windows another program (an
/// indexer, a virus scanner, a cloud-sync client) may hold the target for a
/// moment; retry briefly before reporting.
fn persist(temp: tempfile::NamedTempFile, path: &Path) -> std::io::Result<()> {
    let mut temp = temp;
    let attempts = if cfg!(windows) { 20 } else { 1 };
    for attempt in 1..=attempts {
        match temp.persist(path) {
            Ok(_) => return Ok(()),
            Err(err)
                if attempt < attempts
                    && err.error.kind() == std::io::ErrorKind::PermissionDenied =>
            {
                temp = err.file;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(err) => return Err(err.error),
        }
    }
    Ok(())
}

/// A replaced file keeps its permissions; a new one gets what the user's
/// umask gives a new file, as any program's would (temporary files are
/// created private, which would surprise a delegate sharing a project
/// folder; a delegate whose umask keeps files private must get private ones).
#[cfg(unix)]
fn keep_permissions(path: &Path, temp: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => existing.permissions(),
        Err(_) => std::fs::Permissions::from_mode(0o666 & !umask()),
    };
    temp.set_permissions(permissions)
}

/// The process's umask, read where Linux reports it (setting it to read it
/// would race other threads); the common 022 elsewhere.
#[cfg(unix)]
fn umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("Umask:"))
                .and_then(|value| u32::from_str_radix(value.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

#[cfg(not(unix))]
fn keep_permissions(_path: &Path, _temp: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn sync_folder(folder: &Path) -> std::io::Result<()> {
    // Makes the renames themselves durable, not just the files' contents.
    std::fs::File::open(folder)?.sync_all()
}

#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> std::io::Result<()> {
    Ok(())
}
