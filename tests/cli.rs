//! The command line, run as a user would run it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trade-mission-planner"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn check(files: &[PathBuf]) -> (i32, String, String) {
    let mut args = vec![std::ffi::OsStr::new("check")];
    args.extend(files.iter().map(|f| f.as_os_str()));
    let output = run(&args);
    (
        output.status.code().expect("exited normally"),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn sample_writes_a_file_that_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.mission.ron");
    let output = run(&["sample".as_ref(), "-o".as_ref(), out.as_os_str()]);
    assert!(output.status.success(), "{output:?}");
    let (code, stdout, stderr) = check(std::slice::from_ref(&out));
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(
        stdout.lines().count(),
        1,
        "one documented warning: {stdout}"
    );
    assert!(
        stdout.starts_with(&format!("{}: warning: agreement \"", out.display())),
        "{stdout}"
    );
}

#[test]
fn check_exits_1_on_validation_errors() {
    let file = fixture("validation_errors.mission.ron");
    let (code, stdout, _) = check(std::slice::from_ref(&file));
    assert_eq!(code, 1);
    let expected = format!(
        "{}: error: port \"Port of Tokyo\": UN/LOCODE \"Tokyo\"",
        file.display()
    );
    assert!(stdout.lines().any(|l| l.starts_with(&expected)), "{stdout}");
}

#[test]
fn check_exits_2_with_line_and_column_on_broken_files() {
    for (name, position, words) in [
        (
            "newer_version.mission.ron",
            ":5:21: error: ",
            "newer Trade Mission Planner",
        ),
        (
            "not_a_project.mission.ron",
            ":1:2: error: ",
            "format_version",
        ),
        (
            "invalid_utf8.mission.ron",
            ":44:30: error: ",
            "the file is not UTF-8 text (invalid byte 0xFF)",
        ),
        (
            "deep_nesting.mission.ron",
            ":1:40: error: ",
            "Expected opening `(` for struct `MissionInfo`",
        ),
        (
            "truncated.mission.ron",
            ":156:46: error: ",
            "Unexpected variant named `SupplyChainDigitalisati`",
        ),
        ("all_nul.mission.ron", ":1:1: error: ", "format_version"),
    ] {
        let file = fixture(name);
        let (code, stdout, stderr) = check(std::slice::from_ref(&file));
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(stdout.is_empty(), "{name}: {stdout}");
        let prefix = format!("{}{position}", file.display());
        assert!(stderr.starts_with(&prefix), "{name}: {stderr}");
        assert!(stderr.contains(words), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

#[test]
fn check_exits_2_on_missing_and_empty_files() {
    let (code, _, stderr) = check(&[fixture("missing.mission.ron")]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("missing.mission.ron: error: cannot read the file"),
        "{stderr}"
    );
    let (code, _, stderr) = check(&[fixture("empty.mission.ron")]);
    assert_eq!(code, 2);
    assert!(
        stderr.ends_with("empty.mission.ron: error: the file is empty\n"),
        "{stderr}"
    );
}

#[test]
fn check_reports_the_worst_status_over_several_files() {
    let good = fixture("bom.mission.ron");
    let invalid = fixture("validation_errors.mission.ron");
    let broken = fixture("truncated.mission.ron");
    assert_eq!(check(&[good.clone(), invalid.clone()]).0, 1);
    assert_eq!(check(&[broken, invalid, good]).0, 2);
}

#[test]
fn check_needs_a_file() {
    let output = run(&["check".as_ref()]);
    assert_eq!(output.status.code(), Some(2), "clap's usage error");
}

#[test]
fn list_agreements_prints_tab_separated_lines() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.mission.ron");
    let output = run(&["list".as_ref(), "agreements".as_ref(), sample.as_os_str()]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<_> = stdout.lines().collect();
    assert_eq!(lines.len(), 6);
    assert_eq!(
        lines[0],
        "301\tMOU\tSigned\tMOU: Port of Los Angeles – Port of Tokyo"
    );
    assert_eq!(lines[2].split('\t').nth(2), Some("Idea"));
}

#[test]
fn export_draft_as_markdown_equals_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.mission.ron");
    let project = trade_mission_planner::io::load_file(&sample).unwrap();
    let out = dir.path().join("mou.md");
    let export = |agreement: &str, revision: Option<&str>, out: &Path| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "export".as_ref(),
            "draft".as_ref(),
            sample.as_os_str(),
            "--agreement".as_ref(),
            agreement.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ];
        if let Some(revision) = revision {
            args.push("--revision".as_ref());
            args.push(revision.as_ref());
        }
        run(&args)
    };
    let output = export("mou: port of los angeles – port of tokyo", None, &out);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        project.agreements[0].draft
    );
    let output = export("301", Some("1"), &out);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        *project.agreements[0].revisions[0].text
    );
    // Several matches: listed, exit 2.
    let output = export("tokyo", None, &out);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("matches several agreements"), "{stderr}");
    assert!(
        stderr.contains("301\tMOU: Port of Los Angeles – Port of Tokyo"),
        "{stderr}"
    );
    assert!(stderr.contains("303\tGreen shipping corridor partnership: Los Angeles – Tokyo"));
    // A revision that does not exist, and a format the app does not write.
    assert_eq!(export("301", Some("9"), &out).status.code(), Some(2));
    let pdf = dir.path().join("mou.pdf");
    let output = export("301", None, &pdf);
    assert_eq!(output.status.code(), Some(2));
    assert!(!pdf.exists());
}

/// What the file says cannot drive the terminal or break the columns: an
/// escape sequence and a tab in a title come out written as text.
#[test]
fn list_and_check_escape_control_characters_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.mission.ron");
    let mut project = trade_mission_planner::sample::sample_project().unwrap();
    project.agreements[0].title = "Red \u{1b}[31mALERT\ttab".into();
    project.ports[0].name = "\u{1b}]0;owned\u{7}".into();
    trade_mission_planner::io::project_file::save_file(&project, &path).unwrap();
    let output = run(&["list".as_ref(), "agreements".as_ref(), path.as_os_str()]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!stdout.contains('\u{1b}'), "{stdout:?}");
    let first = stdout.lines().next().unwrap();
    assert_eq!(first.split('\t').count(), 4, "{first:?}");
    assert!(
        first.ends_with("Red \\u{1b}[31mALERT\\u{9}tab"),
        "{first:?}"
    );
    let (_, out, err) = check(&[path]);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

/// Runs the binary with stdin a pipe that is never written to nor closed (a
/// slow pipe), and waits at most a minute: a command that blocks fails here
/// instead of hanging the suite.
#[cfg(unix)]
fn run_beside_a_silent_pipe(args: &[&std::ffi::OsStr]) -> Output {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_trade-mission-planner"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _silent = child.stdin.take();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("{args:?} blocked on its input");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Every command given a named pipe, an endless device or a pipe that never
/// ends, as input or output, refuses it at once with a message and exit 2.
#[cfg(unix)]
#[test]
fn every_command_refuses_pipes_and_devices_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ics");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.mission.ron");
    let out = dir.path().join("out.mission.ron");
    let (sample, out) = (sample.to_str().unwrap(), out.to_str().unwrap());
    let fifo = fifo.to_str().unwrap();
    for input in [fifo, "/dev/zero", "/dev/stdin"] {
        let commands: Vec<Vec<&str>> = vec![
            vec!["check", input],
            vec!["list", "agreements", input],
            vec!["export", "ics", input, "-o", out],
            vec!["export", "draft", input, "--agreement", "301", "-o", out],
            vec!["import", "ics", input, "--from", sample, "-o", out],
            vec!["import", "ics", sample, "--from", input, "-o", out],
            vec!["export", "briefing", input, "-o", out],
            vec!["export", "map", input, "-o", out],
            vec!["export", "contacts", input, "-o", out],
            vec!["export", "csv", "people", input, "-o", out],
            vec!["import", "contacts", sample, "--from", input, "-o", out],
            vec!["import", "csv", "ports", sample, "--from", input, "-o", out],
        ];
        for command in commands {
            let args: Vec<&std::ffi::OsStr> = command.iter().map(|a| a.as_ref()).collect();
            let output = run_beside_a_silent_pipe(&args);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{command:?}: {stderr}");
            assert!(
                stderr.contains("not a regular file"),
                "{command:?}: {stderr}"
            );
        }
    }
    // As output: the pipe is refused, and stays a pipe.
    let markdown_fifo = dir.path().join("pipe.md");
    assert!(
        Command::new("mkfifo")
            .arg(&markdown_fifo)
            .status()
            .unwrap()
            .success()
    );
    let markdown_fifo = markdown_fifo.to_str().unwrap();
    for (command, fifo) in [
        (vec!["export", "ics", sample, "-o", fifo], fifo),
        (
            vec![
                "export",
                "draft",
                sample,
                "--agreement",
                "301",
                "-o",
                markdown_fifo,
            ],
            markdown_fifo,
        ),
        (vec!["sample", "-o", fifo], fifo),
        (vec!["export", "briefing", sample, "-o", fifo], fifo),
        (vec!["export", "map", sample, "-o", fifo], fifo),
        (vec!["export", "contacts", sample, "-o", fifo], fifo),
        (vec!["export", "csv", "ports", sample, "-o", fifo], fifo),
    ] {
        let args: Vec<&std::ffi::OsStr> = command.iter().map(|a| a.as_ref()).collect();
        let output = run_beside_a_silent_pipe(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{command:?}: {stderr}");
        assert!(
            stderr.contains("not a regular file"),
            "{command:?}: {stderr}"
        );
        assert!(
            std::os::unix::fs::FileTypeExt::is_fifo(
                &std::fs::symlink_metadata(fifo).unwrap().file_type()
            ),
            "{command:?} replaced the pipe"
        );
    }
    assert!(!Path::new(out).exists(), "nothing was written");
}

#[test]
fn contacts_and_spreadsheets_go_out_and_come_back_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.mission.ron");
    let path = |name: &str| dir.path().join(name);
    let arg = |p: &Path| p.as_os_str().to_owned();
    // One organisation's people as cards.
    let vcf = path("lax.vcf");
    let output = run(&[
        "export".as_ref(),
        "contacts".as_ref(),
        sample.as_os_str(),
        "--organisation".as_ref(),
        "Port of Los Angeles".as_ref(),
        "-o".as_ref(),
        &arg(&vcf),
    ]);
    assert!(output.status.success(), "{output:?}");
    let cards = std::fs::read_to_string(&vcf).unwrap();
    assert_eq!(cards.matches("BEGIN:VCARD").count(), 2);
    // Read back into the sample: nothing changes, and it says so.
    let out = path("out.mission.ron");
    let output = run(&[
        "import".as_ref(),
        "contacts".as_ref(),
        sample.as_os_str(),
        "--from".as_ref(),
        &arg(&vcf),
        "-o".as_ref(),
        &arg(&out),
    ]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "0 added, 0 updated, 2 unchanged\n"
    );

    // A spreadsheet with a row to leave out: named with its line.
    let csv = path("ports.csv");
    std::fs::write(
        &csv,
        "Port;UN/LOCODE;Time zone\nPort of Busan;KRPUS;Asia/Seoul\nNowhere;XXNOW;Mars/Olympus\n",
    )
    .unwrap();
    let output = run(&[
        "import".as_ref(),
        "csv".as_ref(),
        "ports".as_ref(),
        sample.as_os_str(),
        "--from".as_ref(),
        &arg(&csv),
        "-o".as_ref(),
        &arg(&out),
    ]);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("1 added, 0 updated, 0 unchanged\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{}:3: unknown time zone \"Mars/Olympus\"",
            csv.display()
        )),
        "{stdout}"
    );
    // The written project checks clean of errors and has Busan.
    let (code, _, stderr) = check(std::slice::from_ref(&out));
    assert!(code <= 1, "{stderr}");
    assert!(std::fs::read_to_string(&out).unwrap().contains("KRPUS"));
    // Exported with semicolons, as Excel expects in much of Europe.
    let exported = path("people.csv");
    let output = run(&[
        "export".as_ref(),
        "csv".as_ref(),
        "people".as_ref(),
        sample.as_os_str(),
        "--sep".as_ref(),
        ";".as_ref(),
        "-o".as_ref(),
        &arg(&exported),
    ]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        std::fs::read(&exported)
            .unwrap()
            .starts_with("\u{feff}Id;Name;".as_bytes())
    );
}

#[test]
fn export_briefing_names_the_pages_and_refuses_an_unknown_person() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.mission.ron");
    let pdf = dir.path().join("book.pdf");
    let output = run(&[
        "export".as_ref(),
        "briefing".as_ref(),
        sample.as_os_str(),
        "--person".as_ref(),
        "nakamura".as_ref(),
        "--paper".as_ref(),
        "letter".as_ref(),
        "-o".as_ref(),
        pdf.as_os_str(),
    ]);
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("9 pages written to "));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let output = run(&[
        "export".as_ref(),
        "briefing".as_ref(),
        sample.as_os_str(),
        "--person".as_ref(),
        "Nobody".as_ref(),
        "-o".as_ref(),
        dir.path().join("none.pdf").as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: no person matches \"Nobody\"\n"
    );
    assert!(!dir.path().join("none.pdf").exists());
    let output = run(&[
        "export".as_ref(),
        "briefing".as_ref(),
        sample.as_os_str(),
        "--paper".as_ref(),
        "a3".as_ref(),
        "-o".as_ref(),
        pdf.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(2), "clap's usage error");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("unknown paper \"a3\" (a4 or letter)")
    );
}

#[test]
fn export_map_draws_the_sample_headless_at_the_size_asked() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.mission.ron");
    let png = dir.path().join("map.png");
    let output = run(&[
        "export".as_ref(),
        "map".as_ref(),
        sample.as_os_str(),
        "--width".as_ref(),
        "800".as_ref(),
        "--height".as_ref(),
        "500".as_ref(),
        "-o".as_ref(),
        png.as_os_str(),
    ]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stdout).starts_with("800×500 map of 5 ports written to ")
    );
    let image = tiny_skia::Pixmap::decode_png(&std::fs::read(&png).unwrap()).unwrap();
    assert_eq!((image.width(), image.height()), (800, 500));
    // Sea, land and the ports' orange markers are all there.
    let count = |rgb: [u8; 3]| {
        image
            .pixels()
            .iter()
            .filter(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue()] == rgb
            })
            .count()
    };
    let (water, land, port) = (
        count([205, 225, 240]),
        count([238, 234, 222]),
        count([214, 96, 40]),
    );
    assert!(water > 100_000, "water {water}");
    assert!(land > 20_000, "land {land}");
    assert!(port > 20, "port {port}");

    for (size, message) in [
        ("10", "must be 64 to 8000 pixels"),
        ("100000", "must be 64 to 8000"),
        ("wide", "not a whole number"),
    ] {
        let output = run(&[
            "export".as_ref(),
            "map".as_ref(),
            sample.as_os_str(),
            "--width".as_ref(),
            size.as_ref(),
            "-o".as_ref(),
            dir.path().join("no.png").as_os_str(),
        ]);
        assert_eq!(output.status.code(), Some(2), "{size}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(message),
            "{output:?}"
        );
        assert!(!dir.path().join("no.png").exists());
    }
}

#[test]
fn ports_search_prints_the_best_match_first_tab_separated() {
    let output = run(&[
        "ports".as_ref(),
        "search".as_ref(),
        "Yokohma".as_ref(),
        "--limit".as_ref(),
        "2".as_ref(),
    ]);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0],
        "JPYOK\tYokohama\tJP\t35.45000\t139.58333\tAsia/Tokyo"
    );
    let output = run(&[
        "ports".as_ref(),
        "search".as_ref(),
        "CNSHA".as_ref(),
        "--limit".as_ref(),
        "1".as_ref(),
    ]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "CNSGH\tShanghai\tCN\t31.21667\t121.50000\tAsia/Shanghai\n"
    );
    let output = run(&["ports".as_ref(), "search".as_ref(), "qqqqxzzv".as_ref()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
}

#[test]
fn an_export_never_writes_over_the_project_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("v.mission.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.mission.ron"),
        &project,
    )
    .unwrap();
    let before = std::fs::read(&project).unwrap();
    let same = dir.path().join(".").join("v.mission.ron");
    for args in [
        vec!["export", "map"],
        vec!["export", "briefing"],
        vec!["export", "ics"],
        vec!["export", "csv", "ports"],
        vec!["export", "contacts"],
    ] {
        let mut all: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        all.push(project.as_os_str());
        all.push("-o".as_ref());
        all.push(same.as_os_str());
        let output = run(&all);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr)
                .contains("refusing to write the export over the project"),
            "{args:?}: {output:?}"
        );
        assert_eq!(
            std::fs::read(&project).unwrap(),
            before,
            "{args:?} changed the project"
        );
    }
}

#[test]
fn export_map_leaves_off_ports_beyond_the_globe_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.mission.ron"),
    )
    .unwrap();
    // The Port of Tokyo at a longitude of 1e308 (a loop of 360° steps never ended).
    let broken = sample.replacen("longitude: 139.75", "longitude: 1e308", 1);
    assert_ne!(broken, sample, "the sample has Tokyo at 139.75");
    let file = dir.path().join("far.mission.ron");
    std::fs::write(&file, broken).unwrap();
    let png = dir.path().join("far.png");
    let output = run(&[
        "export".as_ref(),
        "map".as_ref(),
        file.as_os_str(),
        "--width".as_ref(),
        "400".as_ref(),
        "--height".as_ref(),
        "300".as_ref(),
        "-o".as_ref(),
        png.as_os_str(),
    ]);
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("400×300 map of 4 ports"));
    assert!(String::from_utf8_lossy(&output.stderr).contains("1 port(s) left off the map"));
}

/// Protected projects: the age format, with a passphrase.
mod protected {
    use super::*;

    const PASSPHRASE: &str = "harbour lights at dawn";

    fn passphrase_file(dir: &std::path::Path, passphrase: &str) -> PathBuf {
        let path = dir.join("passphrase.txt");
        std::fs::write(&path, format!("{passphrase}\n")).unwrap();
        path
    }

    /// `protect` or `unprotect` FILE into OUTPUT with the passphrase file.
    fn turn(
        command: &str,
        file: &std::path::Path,
        output: &std::path::Path,
        secret: &std::path::Path,
    ) -> Output {
        run(&[
            command.as_ref(),
            file.as_os_str(),
            "-o".as_ref(),
            output.as_os_str(),
            "--passphrase-file".as_ref(),
            secret.as_os_str(),
        ])
    }

    fn sample_in(dir: &std::path::Path) -> PathBuf {
        let path = dir.join("sample.mission.ron");
        let output = run(&["sample".as_ref(), "-o".as_ref(), path.as_os_str()]);
        assert!(output.status.success());
        path
    }

    /// The standard `age` tool, with the passphrase typed at its prompt
    /// through a pseudo-terminal (tests/reference/age_pty.py).
    fn age(args: &[&std::ffi::OsStr]) -> Output {
        let script =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/age_pty.py");
        Command::new("python3")
            .arg(script)
            .arg(PASSPHRASE)
            .arg("age")
            .args(args)
            .output()
            .expect("python3 runs; .ci/run installs the age tool")
    }

    #[test]
    fn a_protected_project_is_standard_age_with_nothing_in_the_clear() {
        let dir = tempfile::tempdir().unwrap();
        let plain = sample_in(dir.path());
        let secret = passphrase_file(dir.path(), PASSPHRASE);
        let protected = dir.path().join("protected.mission.ron");
        let output = turn("protect", &plain, &protected, &secret);
        assert!(output.status.success(), "{output:?}");
        let bytes = std::fs::read(&protected).unwrap();
        assert!(bytes.starts_with(b"age-encryption.org/v1\n-> scrypt "));
        for clear in [
            "Port of Tokyo",
            "Green Shipping",
            "drayage",
            "Maria Alvarez",
        ] {
            assert!(
                !bytes.windows(clear.len()).any(|w| w == clear.as_bytes()),
                "{clear} is in the clear"
            );
        }
        // The standard tool opens it with the passphrase.
        let by_age = dir.path().join("by-age.mission.ron");
        let output = age(&[
            "-d".as_ref(),
            "-o".as_ref(),
            by_age.as_os_str(),
            protected.as_os_str(),
        ]);
        assert!(output.status.success(), "{output:?}");
        assert_eq!(
            std::fs::read(&by_age).unwrap(),
            std::fs::read(&plain).unwrap()
        );
        // And so does unprotect, the passphrase file named in the environment.
        let back = dir.path().join("back.mission.ron");
        let output = Command::new(env!("CARGO_BIN_EXE_trade-mission-planner"))
            .args([
                "unprotect".as_ref(),
                protected.as_os_str(),
                "-o".as_ref(),
                back.as_os_str(),
            ])
            .env("TRADE_MISSION_PASSPHRASE_FILE", &secret)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        assert_eq!(
            std::fs::read(&back).unwrap(),
            std::fs::read(&plain).unwrap()
        );
    }

    #[test]
    fn a_project_the_age_tool_encrypted_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let plain = sample_in(dir.path());
        let encrypted = dir.path().join("by-age.mission.ron");
        let output = age(&[
            "-p".as_ref(),
            "-o".as_ref(),
            encrypted.as_os_str(),
            plain.as_os_str(),
        ]);
        assert!(output.status.success(), "{output:?}");
        let secret = passphrase_file(dir.path(), PASSPHRASE);
        let back = dir.path().join("back.mission.ron");
        let output = turn("unprotect", &encrypted, &back, &secret);
        assert!(output.status.success(), "{output:?}");
        assert_eq!(
            std::fs::read(&back).unwrap(),
            std::fs::read(&plain).unwrap()
        );
    }

    /// `protect` FILE in place of itself, through a copy.
    fn protected_copy(dir: &std::path::Path, plain: &std::path::Path, name: &str) -> PathBuf {
        let secret = passphrase_file(dir, PASSPHRASE);
        let out = dir.join(name);
        let output = turn("protect", plain, &out, &secret);
        assert!(output.status.success(), "{output:?}");
        out
    }

    #[test]
    fn every_command_reads_a_protected_project_with_the_passphrase_file() {
        let dir = tempfile::tempdir().unwrap();
        let plain = sample_in(dir.path());
        let protected = protected_copy(dir.path(), &plain, "p.mission.ron");
        let secret = passphrase_file(dir.path(), PASSPHRASE);
        // Without it: what is missing, and how to give it.
        let output = run(&["check".as_ref(), protected.as_os_str()]);
        assert_eq!(output.status.code(), Some(2));
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(
            said.contains("p.mission.ron: error: the project is protected with a passphrase (on the command line: --passphrase-file FILE)"),
            "{said}"
        );
        // With it, before or after the command, or from the environment.
        let output = run(&[
            "--passphrase-file".as_ref(),
            secret.as_os_str(),
            "check".as_ref(),
            protected.as_os_str(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let shown = |args: &[&std::ffi::OsStr]| {
            let output = Command::new(env!("CARGO_BIN_EXE_trade-mission-planner"))
                .args(args)
                .env("TRADE_MISSION_PASSPHRASE_FILE", &secret)
                .output()
                .unwrap();
            assert!(output.status.success(), "{output:?}");
            String::from_utf8(output.stdout).unwrap()
        };
        assert_eq!(
            shown(&["show".as_ref(), protected.as_os_str()]),
            shown(&["show".as_ref(), plain.as_os_str()])
        );
        // A project written from a protected one is protected.
        let calendar = dir.path().join("week.ics");
        let output = run(&[
            "export".as_ref(),
            "ics".as_ref(),
            protected.as_os_str(),
            "-o".as_ref(),
            calendar.as_os_str(),
            "--passphrase-file".as_ref(),
            secret.as_os_str(),
        ]);
        assert!(output.status.success(), "{output:?}");
        let imported = dir.path().join("imported.mission.ron");
        let output = run(&[
            "import".as_ref(),
            "ics".as_ref(),
            protected.as_os_str(),
            "--from".as_ref(),
            calendar.as_os_str(),
            "-o".as_ref(),
            imported.as_os_str(),
            "--passphrase-file".as_ref(),
            secret.as_os_str(),
        ]);
        assert!(output.status.success(), "{output:?}");
        let bytes = std::fs::read(&imported).unwrap();
        assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
        assert!(memchr::memmem::find(&bytes, b"Port of Tokyo").is_none());
    }

    /// The passphrase file may be a pipe (`<(pass show …)`), and a device or
    /// an empty file is refused at once, saying why.
    #[test]
    fn the_passphrase_comes_from_a_pipe_and_a_device_is_refused() {
        use std::io::Write as _;
        let dir = tempfile::tempdir().unwrap();
        let plain = sample_in(dir.path());
        let protected = protected_copy(dir.path(), &plain, "p.mission.ron");
        let mut child = Command::new(env!("CARGO_BIN_EXE_trade-mission-planner"))
            .args(["check".as_ref(), protected.as_os_str()])
            .args(["--passphrase-file", "/dev/stdin"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{PASSPHRASE}\r\nsecond line\n").as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{output:?}");

        let refused = |secret: &std::path::Path| {
            let output = run(&[
                "check".as_ref(),
                protected.as_os_str(),
                "--passphrase-file".as_ref(),
                secret.as_os_str(),
            ]);
            assert_eq!(output.status.code(), Some(2));
            String::from_utf8_lossy(&output.stderr).into_owned()
        };
        let said = refused(std::path::Path::new("/dev/zero"));
        assert!(
            said.contains("the first line is longer than 4096 bytes"),
            "{said}"
        );
        let empty = dir.path().join("empty.txt");
        std::fs::write(&empty, "\n").unwrap();
        let said = refused(&empty);
        assert!(
            said.contains("the passphrase file's first line is empty"),
            "{said}"
        );
        assert!(
            said.contains("p.mission.ron: error: cannot read the passphrase file"),
            "said as a problem of the passphrase file, not of the project: {said}"
        );
        // A last line without its line end is the passphrase all the same.
        let bare = dir.path().join("bare.txt");
        std::fs::write(&bare, PASSPHRASE).unwrap();
        let output = run(&[
            "check".as_ref(),
            protected.as_os_str(),
            "--passphrase-file".as_ref(),
            bare.as_os_str(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        // 4,096 bytes without a line end are a passphrase (a wrong one);
        // one more is too long.
        let long = dir.path().join("long.txt");
        std::fs::write(&long, "a".repeat(4096)).unwrap();
        let said = refused(&long);
        assert!(said.contains("the passphrase is not the one"), "{said}");
        std::fs::write(&long, "a".repeat(4097)).unwrap();
        let said = refused(&long);
        assert!(said.contains("longer than 4096 bytes"), "{said}");
        // Notepad's byte-order mark is no part of the passphrase.
        let bom = dir.path().join("bom.txt");
        std::fs::write(&bom, format!("\u{feff}{PASSPHRASE}\r\n")).unwrap();
        let output = run(&[
            "check".as_ref(),
            protected.as_os_str(),
            "--passphrase-file".as_ref(),
            bom.as_os_str(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
    }

    /// Protecting a file in place leaves no plain backup beside it.
    #[test]
    fn protect_in_place_protects_the_backup_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let plain = sample_in(dir.path());
        let backup = dir.path().join("sample.mission.ron.bak");
        std::fs::copy(&plain, &backup).unwrap();
        let secret = passphrase_file(dir.path(), PASSPHRASE);
        let output = turn("protect", &plain, &plain, &secret);
        assert!(output.status.success(), "{output:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("its backup is protected too"));
        for file in [&plain, &backup] {
            let bytes = std::fs::read(file).unwrap();
            assert!(
                bytes.starts_with(b"age-encryption.org/v1\n"),
                "{}",
                file.display()
            );
            assert!(memchr::memmem::find(&bytes, b"Port of Tokyo").is_none());
        }
        let back = dir.path().join("back.mission.ron");
        assert!(turn("unprotect", &backup, &back, &secret).status.success());
    }

    /// git's merge driver on protected copies: the passphrase file comes
    /// from the environment (as a git config `driver` line would set it),
    /// and the merged file is protected too.
    #[test]
    fn the_merge_driver_merges_protected_copies_into_a_protected_file() {
        let dir = tempfile::tempdir().unwrap();
        let plain = sample_in(dir.path());
        let secret = passphrase_file(dir.path(), PASSPHRASE);
        let base = protected_copy(dir.path(), &plain, "base.mission.ron");
        let text = std::fs::read_to_string(&plain).unwrap();
        let ours_plain = dir.path().join("ours-plain.mission.ron");
        std::fs::write(
            &ours_plain,
            text.replacen(
                r#"name: "Port of Yokohama""#,
                r#"name: "Port of Yokohama (Kanagawa)""#,
                1,
            ),
        )
        .unwrap();
        let ours = protected_copy(dir.path(), &ours_plain, "ours.mission.ron");
        let theirs_plain = dir.path().join("theirs-plain.mission.ron");
        std::fs::write(
            &theirs_plain,
            text.replacen(
                "Clean Energy Trade Mission",
                "Clean Energy Mission (revised)",
                1,
            ),
        )
        .unwrap();
        let theirs = protected_copy(dir.path(), &theirs_plain, "theirs.mission.ron");
        let output = Command::new(env!("CARGO_BIN_EXE_trade-mission-planner"))
            .args([
                "merge".as_ref(),
                base.as_os_str(),
                ours.as_os_str(),
                theirs.as_os_str(),
                "-o".as_ref(),
                ours.as_os_str(),
            ])
            .env("TRADE_MISSION_PASSPHRASE_FILE", &secret)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let merged = std::fs::read(&ours).unwrap();
        assert!(merged.starts_with(b"age-encryption.org/v1\n"));
        let back = dir.path().join("back.mission.ron");
        assert!(turn("unprotect", &ours, &back, &secret).status.success());
        let back = std::fs::read_to_string(&back).unwrap();
        assert!(back.contains("Port of Yokohama (Kanagawa)"), "ours is in");
        assert!(
            back.contains("Clean Energy Mission (revised)"),
            "theirs is in"
        );
        // Without the passphrase the driver refuses and writes nothing.
        let before = std::fs::read(&ours).unwrap();
        let output = run(&[
            "merge".as_ref(),
            base.as_os_str(),
            ours.as_os_str(),
            theirs.as_os_str(),
            "-o".as_ref(),
            ours.as_os_str(),
        ]);
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(std::fs::read(&ours).unwrap(), before);
    }

    #[test]
    fn a_wrong_passphrase_a_cut_file_and_a_damaged_one_each_say_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let plain = sample_in(dir.path());
        let secret = passphrase_file(dir.path(), PASSPHRASE);
        let protected = dir.path().join("protected.mission.ron");
        let output = turn("protect", &plain, &protected, &secret);
        assert!(output.status.success());
        let bytes = std::fs::read(&protected).unwrap();
        let out = dir.path().join("out.mission.ron");
        let unprotect = |file: &std::path::Path, passphrase: &std::path::Path| {
            let output = turn("unprotect", file, &out, passphrase);
            assert_eq!(output.status.code(), Some(2));
            String::from_utf8_lossy(&output.stderr).into_owned()
        };
        let wrong = dir.path().join("wrong.txt");
        std::fs::write(&wrong, "harbour lights at dusk\n").unwrap();
        assert!(unprotect(&protected, &wrong).contains("the passphrase is not the one"));
        let cut = dir.path().join("cut.mission.ron");
        std::fs::write(&cut, &bytes[..bytes.len() - 100]).unwrap();
        let said = unprotect(&cut, &secret);
        assert!(
            said.contains("end does not check out: it was cut short"),
            "{said}"
        );
        // Cut inside its header, before any of the project.
        std::fs::write(&cut, &bytes[..40]).unwrap();
        let said = unprotect(&cut, &secret);
        assert!(
            said.contains("cut short") || said.contains("damaged"),
            "{said}"
        );
        // A changed byte in the header (the passphrase's salt line).
        let mut damaged = bytes.clone();
        let salt = bytes.windows(9).position(|w| w == b"-> scrypt").unwrap() + 12;
        damaged[salt] ^= 0x01;
        let broken = dir.path().join("damaged.mission.ron");
        std::fs::write(&broken, &damaged).unwrap();
        let said = unprotect(&broken, &secret);
        assert!(said.contains("damaged"), "{said}");
        assert!(unprotect(&plain, &secret).contains("not protected"));
        // Nothing was written on any failure.
        assert!(!out.exists());
        let again = turn("protect", &protected, &out, &secret);
        assert!(String::from_utf8_lossy(&again.stderr).contains("protected already"));
    }
}
