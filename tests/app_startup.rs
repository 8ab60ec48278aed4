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

/// Runs `program` with `args` in a clean environment plus `env`; returns
/// stdout, failing the test with stderr if it did not succeed.
fn run_tool(program: &str, args: &[&std::ffi::OsStr], env: &[(&str, &std::path::Path)]) -> String {
    let mut command = std::process::Command::new(program);
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap_or_else(|err| {
        panic!("{program} could not run ({err}); .ci/run installs it (see README, Testing)")
    });
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The file type of `file` as a desktop (GNOME's gio, through xdg-mime)
/// sees it with the MIME database under `data_dirs`.
fn file_type(
    file: &std::path::Path,
    home: &std::path::Path,
    data_dirs: &std::path::Path,
) -> String {
    run_tool(
        "xdg-mime",
        &["query".as_ref(), "filetype".as_ref(), file.as_os_str()],
        &[
            ("HOME", home),
            ("XDG_DATA_HOME", &home.join(".local/share")),
            ("XDG_DATA_DIRS", data_dirs),
            ("XDG_CURRENT_DESKTOP", "GNOME".as_ref()),
        ],
    )
    .trim()
    .to_owned()
}

/// The Debian package, built by cargo-deb from the binary this test run
/// built, installed into a temporary root: the app, its menu entry (valid to
/// freedesktop's validator), its icons, and a type for *.mission.ron files.
#[test]
fn the_debian_package_installs_the_app_its_menu_entry_and_the_project_file_type() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = env!("CARGO_MANIFEST_DIR");
    let out = dir.path().join("deb");
    let status = std::process::Command::new(env!("CARGO"))
        .current_dir(manifest)
        .args([
            "deb",
            "--no-build",
            "--profile",
            "dev",
            "--no-strip",
            "--fast",
            "-o",
        ])
        .arg(&out)
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "cargo deb failed; .ci/run installs cargo-deb (cargo install cargo-deb --locked)"
    );
    let deb = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "deb"))
        .expect("a .deb was written");
    let fields = run_tool("dpkg-deb", &["-f".as_ref(), deb.as_os_str()], &[]);
    assert!(
        fields.contains("Package: trade-mission-planner"),
        "{fields}"
    );
    assert!(fields.contains("libxkbcommon-x11-0"), "{fields}");
    let root = dir.path().join("root");
    run_tool(
        "dpkg",
        &["-x".as_ref(), deb.as_os_str(), root.as_os_str()],
        &[],
    );

    let binary = root.join("usr/bin/trade-mission-planner");
    let help = run_tool(binary.to_str().unwrap(), &["--help".as_ref()], &[]);
    assert!(help.contains("Usage"), "{help}");
    let share = root.join("usr/share");
    for (installed, source) in [
        (
            "applications/trade-mission-planner.desktop",
            "assets/desktop/trade-mission-planner.desktop",
        ),
        (
            "mime/packages/trade-mission-planner.xml",
            "assets/desktop/trade-mission-planner.xml",
        ),
        (
            "icons/hicolor/scalable/apps/trade-mission-planner.svg",
            "assets/icons/trade-mission-planner.svg",
        ),
        (
            "icons/hicolor/48x48/apps/trade-mission-planner.png",
            "assets/icons/png/trade-mission-planner-48.png",
        ),
        (
            "icons/hicolor/512x512/apps/trade-mission-planner.png",
            "assets/icons/png/trade-mission-planner-512.png",
        ),
    ] {
        assert_eq!(
            std::fs::read(share.join(installed)).unwrap_or_default(),
            std::fs::read(std::path::Path::new(manifest).join(source)).unwrap(),
            "{installed} is the repository's {source}"
        );
    }
    let desktop = share.join("applications/trade-mission-planner.desktop");
    let validation = run_tool("desktop-file-validate", &[desktop.as_os_str()], &[]);
    assert_eq!(validation, "", "no warnings either");
    let entry = std::fs::read_to_string(&desktop).unwrap();
    assert!(
        entry.contains("\nExec=trade-mission-planner %f\n"),
        "{entry}"
    );
    assert!(
        entry.contains("\nMimeType=application/x-trade-mission;\n"),
        "{entry}"
    );

    // What the package's postinst trigger does: compile the MIME database.
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mime = share.join("mime");
    run_tool(
        "update-mime-database",
        &[mime.as_os_str()],
        &[("HOME", &home)],
    );
    let project = dir.path().join("Kobe visit.mission.ron");
    save_file(&common::sample(), &project).unwrap();
    let other = dir.path().join("notes.ron");
    std::fs::write(&other, "(a: 1)").unwrap();
    let data_dirs = std::ffi::OsString::from(format!("{}:/usr/share", share.display()));
    let data_dirs = std::path::Path::new(&data_dirs);
    assert_eq!(
        file_type(&project, &home, data_dirs),
        "application/x-trade-mission"
    );
    assert_ne!(
        file_type(&other, &home, data_dirs),
        "application/x-trade-mission"
    );
    // Without the package, the same file is only text.
    assert_eq!(
        file_type(&project, &home, "/usr/share".as_ref()),
        "text/plain"
    );
}

/// scripts/install-desktop.sh, for one user without root: the app, its menu
/// entry with the app's full path, the file type, the default application
/// for it; --uninstall removes them.
#[test]
fn the_install_script_sets_up_the_user_and_uninstalls_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let data = home.join(".local/share");
    let bin = home.join(".local/bin");
    std::fs::create_dir_all(&home).unwrap();
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install-desktop.sh");
    let env = [
        ("HOME", home.as_path()),
        ("XDG_DATA_HOME", data.as_path()),
        ("XDG_BIN_HOME", bin.as_path()),
        ("XDG_DATA_DIRS", "/usr/share".as_ref()),
        ("XDG_CURRENT_DESKTOP", "GNOME".as_ref()),
    ];
    let said = run_tool(
        "sh",
        &[
            script.as_os_str(),
            env!("CARGO_BIN_EXE_trade-mission-planner").as_ref(),
        ],
        &env,
    );
    assert!(said.contains("Installed Trade Mission Planner"), "{said}");
    let installed = bin.join("trade-mission-planner");
    assert_eq!(
        std::fs::read(&installed).unwrap(),
        std::fs::read(env!("CARGO_BIN_EXE_trade-mission-planner")).unwrap()
    );
    let desktop = data.join("applications/trade-mission-planner.desktop");
    let entry = std::fs::read_to_string(&desktop).unwrap();
    assert!(
        entry.contains(&format!("\nExec={} %f\n", installed.display())),
        "{entry}"
    );
    assert_eq!(
        run_tool("desktop-file-validate", &[desktop.as_os_str()], &[]),
        ""
    );
    assert!(
        data.join("icons/hicolor/256x256/apps/trade-mission-planner.png")
            .exists()
    );
    let project = dir.path().join("Kobe.mission.ron");
    save_file(&common::sample(), &project).unwrap();
    assert_eq!(
        file_type(&project, &home, "/usr/share".as_ref()),
        "application/x-trade-mission"
    );
    let default = run_tool(
        "xdg-mime",
        &[
            "query".as_ref(),
            "default".as_ref(),
            "application/x-trade-mission".as_ref(),
        ],
        &env,
    );
    assert_eq!(default.trim(), "trade-mission-planner.desktop");

    let said = run_tool("sh", &[script.as_os_str(), "--uninstall".as_ref()], &env);
    assert!(said.contains("Removed"), "{said}");
    assert!(!installed.exists() && !desktop.exists());
    assert_eq!(
        file_type(&project, &home, "/usr/share".as_ref()),
        "text/plain"
    );
}

#[test]
fn the_window_has_the_app_icon() {
    let icon = trade_mission_planner::app::window_icon().expect("the bundled icon decodes");
    assert_eq!((icon.width, icon.height), (256, 256));
    assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    // Opaque in the middle (the sea blue), transparent in the rounded corner.
    let pixel = |x: usize, y: usize| &icon.rgba[(y * 256 + x) * 4..][..4];
    assert_eq!(pixel(128, 128)[3], 255);
    assert_eq!(pixel(1, 1)[3], 0);
}
