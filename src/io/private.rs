//! Files the app keeps for itself (logs, instance locks, settings) are the
//! user's alone: folders `0700`, files `0600`, whatever the umask.

use std::path::Path;

/// Creates `dir` and its missing parents, readable only by the user (a
/// folder that was there already is made so too).
pub fn create_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Makes a file that was already there readable by the user only.
pub fn restrict_file(file: &std::fs::File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

/// Makes files that `options` creates readable and writable by the user only.
pub fn file_options(options: &mut std::fs::OpenOptions) {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
    #[cfg(not(unix))]
    let _ = options;
}

/// Opens a file of the app's own with `options`, `0600`. Only a regular
/// file: a symlink would carry the writes elsewhere, and opening a FIFO to
/// write would block until something read it.
pub fn open_own_file(
    path: &Path,
    options: &mut std::fs::OpenOptions,
) -> std::io::Result<std::fs::File> {
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && !meta.file_type().is_file()
    {
        return Err(std::io::Error::other(format!(
            "the place of {} is taken by something that is not a file",
            path.display()
        )));
    }
    file_options(options);
    let file = options.open(path)?;
    restrict_file(&file)?;
    Ok(file)
}

/// eframe's settings file in the data folder (its name is fixed by eframe).
pub const SETTINGS_FILE: &str = "app.ron";

/// Makes `dir` private and its settings file `0600`, creating that file
/// (an empty map, which eframe reads as no settings) when it is missing, so
/// that eframe's first write does not create it world-readable.
pub fn make_data_folder(dir: &Path) -> std::io::Result<()> {
    create_dir(dir)?;
    let mut file = open_own_file(
        &dir.join(SETTINGS_FILE),
        std::fs::OpenOptions::new().write(true).create(true),
    )?;
    if file.metadata()?.len() == 0 {
        use std::io::Write;
        file.write_all(b"{}\n")?;
    }
    Ok(())
}
