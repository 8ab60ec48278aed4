//! Start-up: which project the app opens, and what it says when it cannot.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use trade_mission_planner::app::{Origin, PlannerApp};
use trade_mission_planner::io::project_file::save_file;
use trade_mission_planner::settings::Settings;
use trade_mission_planner::ui::dialogs::NativeDialogs;

fn start(file: Option<std::path::PathBuf>, settings: Settings) -> PlannerApp {
    PlannerApp::start(
        file,
        settings,
        Box::new(NativeDialogs),
        Box::new(jiff::Timestamp::now),
    )
}

#[test]
fn first_start_opens_the_sample() {
    let app = start(None, Settings::default());
    assert_eq!(app.origin(), &Origin::Sample);
    assert_eq!(app.document().project(), &common::sample());
    assert!(app.notices().is_empty());
}

#[test]
fn later_starts_reopen_the_last_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("last.mission.ron");
    let mut project = common::sample();
    project.mission.title = "Last time".into();
    save_file(&project, &path).unwrap();
    let mut settings = Settings::default();
    settings.remember_file(&path);
    let app = start(None, settings);
    assert_eq!(app.origin(), &Origin::File(path));
    assert_eq!(app.document().project().mission.title, "Last time");
}

#[test]
fn a_missing_last_project_falls_back_to_the_sample_with_a_notice() {
    let mut settings = Settings::default();
    settings.remember_file(std::path::Path::new("/nonexistent/gone.mission.ron"));
    let app = start(None, settings);
    assert_eq!(app.origin(), &Origin::Sample);
    let notice = &app.notices()[0];
    assert!(!notice.is_error);
    assert!(notice.text.contains("was not found"), "{}", notice.text);
    assert!(
        notice.text.ends_with("/nonexistent/gone.mission.ron"),
        "{}",
        notice.text
    );
}

#[test]
fn a_broken_file_on_the_command_line_says_where_and_why() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/not_a_project.mission.ron");
    let app = start(Some(path.clone()), Settings::default());
    assert_eq!(app.origin(), &Origin::Sample);
    let notice = &app.notices()[0];
    assert!(notice.is_error);
    assert!(
        notice
            .text
            .starts_with("Could not open the project: 1:2: expected the field `format_version`"),
        "{}",
        notice.text
    );
    assert!(
        notice.text.ends_with(&path.display().to_string()),
        "{}",
        notice.text
    );
}

#[test]
fn recent_files_keep_the_newest_first_without_duplicates() {
    let mut settings = Settings::default();
    for i in 0..12 {
        settings.remember_file(std::path::Path::new(&format!("/p/{i}.mission.ron")));
    }
    settings.remember_file(std::path::Path::new("/p/5.mission.ron"));
    assert_eq!(settings.recent.len(), 10);
    assert_eq!(settings.recent[0], std::path::Path::new("/p/5.mission.ron"));
    assert_eq!(
        settings
            .recent
            .iter()
            .filter(|p| p.ends_with("5.mission.ron"))
            .count(),
        1
    );
}
