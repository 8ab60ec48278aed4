//! Files: the RON project file, atomic writes, and (in the app) file dialogs.

pub mod atomic;
pub mod dialogs;
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
