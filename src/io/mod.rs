//! Files only: the RON project file and its migrations, atomic writes,
//! crash recovery, and the calendar and Word formats. No UI here; file
//! dialogs live in [`crate::ui::dialogs`].

pub mod atomic;
pub mod docx;
pub mod ics;
pub mod migrate;
pub mod project_file;
pub mod recovery;

pub use atomic::{backup_path, write_atomic, write_atomic_with_backup};
pub use project_file::{
    FILE_EXTENSION, FORMAT_VERSION, LoadError, MAX_FILE_SIZE, SaveError, load_file, load_str,
    save_file, to_ron_string,
};

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
