//! Saves never lose work: backups, failed saves, and a save killed at random moments.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use trade_mission_planner::io::backup_path;
use trade_mission_planner::io::project_file::{load_file, save_file};

#[test]
fn each_save_keeps_the_previous_version_as_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.mission.ron");
    let mut project = common::sample();
    save_file(&project, &path).unwrap();
    assert!(
        !backup_path(&path).exists(),
        "nothing to back up the first time"
    );
    project.mission.title = "second".into();
    save_file(&project, &path).unwrap();
    assert_eq!(load_file(&backup_path(&path)).unwrap(), common::sample());
    project.mission.title = "third".into();
    save_file(&project, &path).unwrap();
    assert_eq!(
        load_file(&backup_path(&path)).unwrap().mission.title,
        "second"
    );
    assert_eq!(load_file(&path).unwrap().mission.title, "third");
    assert_eq!(backup_path(&path).file_name().unwrap(), "m.mission.ron.bak");
}

#[test]
fn saving_into_a_missing_folder_fails_and_names_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vanished").join("m.mission.ron");
    let err = save_file(&common::sample(), &path).unwrap_err();
    assert!(
        err.to_string().contains("No such file or directory"),
        "{err}"
    );
    assert!(!path.exists());
}

/// Makes `dir` unwritable even for root (`chattr +i`), or says why it cannot.
fn make_read_only(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(dir.join("probe"), b"x").is_err() {
        return Ok(());
    }
    let _ = std::fs::remove_file(dir.join("probe"));
    let status = Command::new("chattr").arg("+i").arg(dir).status();
    match status {
        Ok(s) if s.success() => Ok(()),
        other => Err(format!(
            "running as root and chattr +i is not available: {other:?}"
        )),
    }
}

fn make_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = Command::new("chattr").arg("-i").arg(dir).status();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn saving_into_a_read_only_folder_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ro");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("m.mission.ron");
    save_file(&common::sample(), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    if let Err(why) = make_read_only(&folder) {
        make_writable(&folder);
        panic!("cannot make a read-only folder here: {why}");
    }
    let mut changed = common::sample();
    changed.mission.title = "changed".into();
    let result = save_file(&changed, &path);
    make_writable(&folder);
    let err = result.unwrap_err();
    assert!(
        err.to_string().contains("Permission denied")
            || err.to_string().contains("Operation not permitted"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "old file untouched");
    let leftovers: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["m.mission.ron"]);
}

/// Kills a process that saves in a loop at random moments, 200 times; the file
/// and its backup must always load, as some complete round.
#[test]
fn killed_saves_never_leave_a_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stress.mission.ron");
    let exe = env!("CARGO_BIN_EXE_trade-mission-planner");
    let mut seed: u64 = 0x2023_0311;
    let mut kills = 0;
    let mut last_round = None;
    for _ in 0..200 {
        let mut child = Command::new(exe)
            .args(["save-loop", "-o"])
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        std::thread::sleep(Duration::from_micros(2_000 + (seed >> 33) % 30_000));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        }
        child.wait().unwrap();
        if path.exists() {
            let project =
                load_file(&path).unwrap_or_else(|e| panic!("partial file: {}", e.with_position()));
            let title = project.mission.title.clone();
            assert!(title.starts_with("round "), "{title}");
            last_round = Some(title);
        }
        let backup = backup_path(&path);
        if backup.exists() {
            load_file(&backup).unwrap_or_else(|e| panic!("partial backup: {}", e.with_position()));
        }
    }
    assert!(
        kills >= 200,
        "only {kills} of 200 children were killed mid-run"
    );
    assert!(last_round.is_some(), "some saves completed");
}
