//! Files only: the RON project file and its migrations, atomic writes,
//! crash recovery, and the calendar and Word formats. No UI here; file
//! dialogs live in [`crate::ui::dialogs`].

pub mod atomic;
pub mod briefing;
pub mod diagnostics;
pub mod docx;
pub mod docx_import;
pub mod ics;
pub mod instances;
pub mod lineage;
pub mod map_image;
pub mod migrate;
pub mod private;
pub mod progress;
pub mod project_file;
pub mod protect;
pub mod recovery;
pub mod spreadsheet;
pub mod vcard;

pub use atomic::{backup_path, write_atomic, write_atomic_with_backup};
pub use project_file::{
    FILE_EXTENSION, FORMAT_VERSION, LoadError, MAX_FILE_SIZE, SaveError, load_file, load_str,
    save_file, to_ron_string,
};

/// The app's own folder in the user's data directory (recovery copies,
/// merge snapshots): `~/.local/share/trade-mission-planner` on Linux.
pub fn data_folder() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("", "", "trade-mission-planner")
        .map(|dirs| dirs.data_dir().to_path_buf())
}

/// Makes the data folder the user's alone (`0700`), and eframe's settings
/// file in it `0600`: eframe writes that file through `File::create`, which
/// keeps the mode of a file already there, so it stays private.
pub fn make_data_folder_private() -> std::io::Result<()> {
    match data_folder() {
        Some(dir) => private::make_data_folder(&dir),
        None => Ok(()),
    }
}

/// `text` as the stem of a file name: letters and digits kept, each run of
/// anything else one hyphen ("MOU: Los Angeles – Tokyo" →
/// "MOU-Los-Angeles-Tokyo"); `fallback` when nothing is left.
pub fn file_stem(text: &str, fallback: &str) -> String {
    let mut stem = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            stem.push(c);
        } else if !stem.ends_with('-') {
            stem.push('-');
        }
    }
    match stem.trim_matches('-') {
        "" => fallback.to_owned(),
        stem => stem.to_owned(),
    }
}

/// Reads a whole file of at most `max` bytes. Anything but a regular file (a
/// folder, a device such as /dev/zero, a named pipe that would block) is
/// refused before it is opened, and the read stops at `max` whatever the
/// file does meanwhile.
pub fn read_regular_file(path: &std::path::Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            "that is not a regular file (a folder, a device or a pipe)",
        ));
    }
    if meta.len() > max {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("the file is {} bytes; at most {max} are read", meta.len()),
        ));
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("the file grew past {max} bytes while it was read"),
        ));
    }
    Ok(bytes)
}
