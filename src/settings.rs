//! UI state that belongs to this computer, not to the project: recent files,
//! the last view, theme, the delegate's name. Stored in eframe's storage.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Most recent files remembered.
pub const MAX_RECENT: usize = 10;

/// Light, dark, or whatever the system says.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            Self::System => egui::ThemePreference::System,
            Self::Light => egui::ThemePreference::Light,
            Self::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// Persisted UI state.
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub last_file: Option<PathBuf>,
    pub recent: Vec<PathBuf>,
    pub view: crate::ui::View,
    pub theme: ThemeChoice,
    /// The name recorded as author of revisions.
    pub delegate_name: String,
    /// The agreement form's open page (Details or Draft).
    pub agreement_page: crate::ui::AgreementPage,
}

impl Settings {
    /// Key under which eframe stores the settings.
    pub const STORAGE_KEY: &'static str = "trade-mission-planner/settings";

    /// Puts `path` first in the recent list (once) and remembers it as the last file.
    pub fn remember_file(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(MAX_RECENT);
        self.last_file = Some(path.to_path_buf());
    }
}
