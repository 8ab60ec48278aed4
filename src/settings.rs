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

/// The size of text and controls (View → Zoom), in tenths: 10 is 100 %.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Zoom(u8);

impl Zoom {
    /// 50 % to 300 %: below, text is unreadable; above, a dialog no longer
    /// fits a laptop's screen.
    const MIN: u8 = 5;
    const MAX: u8 = 30;

    pub fn factor(self) -> f32 {
        f32::from(self.0.clamp(Self::MIN, Self::MAX)) / 10.0
    }

    /// One step (10 %) larger or smaller, within the limits.
    pub fn step(&mut self, steps: i8) {
        let tenths = i16::from(self.0) + i16::from(steps);
        self.0 = tenths.clamp(i16::from(Self::MIN), i16::from(Self::MAX)) as u8;
    }

    /// The zoom as a percentage, for menus.
    pub fn percent(self) -> u32 {
        u32::from(self.0.clamp(Self::MIN, Self::MAX)) * 10
    }
}

impl Default for Zoom {
    fn default() -> Self {
        Self(10)
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
    /// How the columns of spreadsheets were mapped, by their header row, so
    /// that next week's list from the secretariat maps the same way.
    pub spreadsheet_mappings: Vec<RememberedMapping>,
    /// The reminder last asked for in exported calendars, in minutes.
    pub calendar_reminder_minutes: Option<u32>,
    /// View → Zoom.
    pub zoom: Zoom,
    /// Edit → This is me: the name of the delegate's person in the project.
    pub me: Option<String>,
}

/// The mapping a delegate gave the columns of a spreadsheet.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct RememberedMapping {
    pub headers: Vec<String>,
    pub sheet: crate::io::spreadsheet::Sheet,
    pub mapping: Vec<Option<usize>>,
}

/// Header sets remembered.
pub const MAX_MAPPINGS: usize = 20;

impl Settings {
    /// Key under which eframe stores the settings.
    pub const STORAGE_KEY: &'static str = "trade-mission-planner/settings";

    /// Remembers the mapping of a spreadsheet with these headers (most recent first).
    pub fn remember_mapping(
        &mut self,
        headers: &[String],
        sheet: crate::io::spreadsheet::Sheet,
        mapping: Vec<Option<usize>>,
    ) {
        self.spreadsheet_mappings.retain(|m| m.headers != headers);
        self.spreadsheet_mappings.insert(
            0,
            RememberedMapping {
                headers: headers.to_vec(),
                sheet,
                mapping,
            },
        );
        self.spreadsheet_mappings.truncate(MAX_MAPPINGS);
    }

    /// Puts `path` first in the recent list (once) and remembers it as the last file.
    pub fn remember_file(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_path_buf());
        self.recent.truncate(MAX_RECENT);
        self.last_file = Some(path.to_path_buf());
    }
}
