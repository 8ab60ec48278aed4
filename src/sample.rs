//! The embedded sample mission: the 2023 California–Japan Clean Energy Trade
//! Mission, so a new user sees real content at once.

use crate::io::project_file::{LoadError, load_str};
use crate::model::Project;

/// The sample's project file, as shipped in `assets/`.
pub const SAMPLE_RON: &str = include_str!("../assets/sample.mission.ron");

/// The sample mission. A test guarantees it loads, so this cannot fail for users.
pub fn sample_project() -> Result<Project, LoadError> {
    load_str(SAMPLE_RON)
}
