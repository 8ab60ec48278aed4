//! Writing a file so that it is always either the old or the new version.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: into a temporary file in the same
/// folder, flushed to disk, then renamed over `path`, then the folder synced.
/// A crash or a full disk at any moment leaves either the old file or the new
/// one, never a partial file; on error `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".tmp-")
        .suffix(".partial")
        .tempfile_in(folder)?;
    keep_permissions(path, temp.as_file())?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|err| err.error)?;
    sync_folder(folder)
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
    // Makes the rename itself durable, not just the file's contents.
    std::fs::File::open(folder)?.sync_all()
}

#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> std::io::Result<()> {
    Ok(())
}
