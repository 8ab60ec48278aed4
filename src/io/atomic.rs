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
    let folder = folder_of(path);
    let temp = write_temp(folder, path, bytes)?;
    persist(temp, path)?;
    sync_folder(folder)
}

/// Like [`write_atomic`], and the previous contents of `path` (if any) are
/// kept as its [`backup_path`], itself replaced atomically. At every moment
/// `path` is a complete old or new file.
pub fn write_atomic_with_backup(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = folder_of(path);
    // The new contents are safely on disk before anything else is touched.
    let temp = write_temp(folder, path, bytes)?;
    match std::fs::read(path) {
        Ok(old) => {
            let backup = backup_path(path);
            let backup_temp = write_temp(folder, &backup, &old)?;
            persist(backup_temp, &backup)?;
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(err),
    }
    persist(temp, path)?;
    sync_folder(folder)
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
    bytes: &[u8],
) -> std::io::Result<tempfile::NamedTempFile> {
    let mut temp = tempfile::Builder::new()
        .prefix(".tmp-")
        .suffix(".partial")
        .tempfile_in(folder)?;
    keep_permissions(target, temp.as_file())?;
    temp.write_all(bytes)?;
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

/// A replaced file keeps its permissions; a new one gets the usual `rw-r--r--`
/// (temporary files are created private, which would surprise a delegate
/// sharing a project folder).
#[cfg(unix)]
fn keep_permissions(path: &Path, temp: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => existing.permissions(),
        Err(_) => std::fs::Permissions::from_mode(0o644),
    };
    temp.set_permissions(permissions)
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
