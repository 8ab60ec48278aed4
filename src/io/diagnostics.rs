//! The diagnostics log: warnings and errors (of this app and of the
//! libraries under it) appended to a file in the data folder, capped and
//! rotated, readable only by the user. It carries no project content: the
//! app logs kinds, ids and errors, never names, titles or draft text.
//! Help → Copy diagnostics gathers the version, platform, renderer and the
//! last lines for a bug report.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The log's size before it is rotated (one older file is kept).
pub const LOG_CAP: u64 = 256 * 1024;
/// The log file's name in its folder.
pub const LOG_NAME: &str = "trade-mission-planner.log";

struct FileLog {
    path: PathBuf,
    file: Mutex<Option<File>>,
    /// The OpenGL renderer, as egui's painter reports it when it starts.
    renderer: Mutex<Option<String>>,
}

static LOG: OnceLock<FileLog> = OnceLock::new();

/// The folder of the log in the data folder.
pub fn default_dir() -> Option<PathBuf> {
    super::data_folder().map(|dir| dir.join("logs"))
}

/// Starts logging warnings and errors to `dir` (created `0700`, the file
/// `0600`). Once per process; later calls change nothing.
pub fn install(dir: &Path) -> std::io::Result<()> {
    super::private::create_dir(dir)?;
    let path = dir.join(LOG_NAME);
    let file = open(&path)?;
    let log = LOG.get_or_init(|| FileLog {
        path,
        file: Mutex::new(Some(file)),
        renderer: Mutex::new(None),
    });
    if log::set_logger(log).is_ok() {
        // Debug only for egui's painter's one report of the renderer (see
        // `enabled`); everything else below Warn is dropped at once.
        log::set_max_level(log::LevelFilter::Debug);
    }
    Ok(())
}

/// Opens the log to append (only a regular file: see `open_own_file`).
fn open(path: &Path) -> std::io::Result<File> {
    super::private::open_own_file(path, OpenOptions::new().create(true).append(true))
}

/// Where the log is written, once installed.
pub fn log_path() -> Option<PathBuf> {
    LOG.get().map(|log| log.path.clone())
}

/// The renderer egui draws with ("llvmpipe (LLVM 15.0.6, 256 bits)"), once
/// the window has started.
pub fn renderer() -> Option<String> {
    LOG.get()?.renderer.lock().ok()?.clone()
}

/// The last `count` lines of the log (the older file first if the current
/// one is short).
pub fn last_lines(count: usize) -> Vec<String> {
    let Some(path) = log_path() else {
        return Vec::new();
    };
    let mut lines: Vec<String> = Vec::new();
    for file in [rotated(&path), path] {
        if let Ok(text) = std::fs::read_to_string(&file) {
            lines.extend(text.lines().map(str::to_owned));
        }
    }
    let skip = lines.len().saturating_sub(count);
    lines.split_off(skip)
}

fn rotated(path: &Path) -> PathBuf {
    path.with_extension("log.1")
}

impl log::Log for FileLog {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Warn
            || (metadata.level() <= log::Level::Debug && metadata.target().starts_with("egui_glow"))
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        if record.level() > log::Level::Warn {
            let message = record.args().to_string();
            if let Some(line) = message
                .lines()
                .find_map(|l| l.strip_prefix("opengl renderer: "))
                && let Ok(mut renderer) = self.renderer.lock()
            {
                *renderer = Some(line.trim().to_owned());
            }
            return;
        }
        let line = format!(
            "{} {} {}: {}\n",
            jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ"),
            record.level(),
            record.target(),
            record.args()
        );
        let Ok(mut slot) = self.file.lock() else {
            return;
        };
        let too_big = slot
            .as_ref()
            .and_then(|f| f.metadata().ok())
            .is_some_and(|m| m.len() + line.len() as u64 > LOG_CAP);
        if too_big {
            *slot = None;
            let _ = std::fs::rename(&self.path, rotated(&self.path));
            *slot = open(&self.path).ok();
        }
        if let Some(file) = slot.as_mut() {
            let _ = file.write_all(line.as_bytes());
        }
    }

    fn flush(&self) {
        if let Ok(mut slot) = self.file.lock()
            && let Some(file) = slot.as_mut()
        {
            let _ = file.flush();
        }
    }
}

/// What Help → Copy diagnostics copies: the version, the platform, the
/// renderer and the last lines of the log; nothing of the project.
pub fn report() -> String {
    let mut text = format!(
        "Trade Mission Planner {}\nPlatform: {} {} ({})\nRenderer: {}\nLog: {}\n",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH,
        std::env::var("XDG_SESSION_TYPE").unwrap_or_else(|_| "session unknown".to_owned()),
        renderer().unwrap_or_else(|| "not known yet".to_owned()),
        log_path().map_or_else(|| "off".to_owned(), |p| p.display().to_string()),
    );
    let lines = last_lines(40);
    if lines.is_empty() {
        text.push_str("\nNo warnings or errors were logged.\n");
    } else {
        text.push_str("\nLast log lines:\n");
        for line in lines {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}
