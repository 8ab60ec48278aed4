//! iCalendar export and import, checked against an independent parser
//! (Python's `icalendar` package, installed by .ci/run).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use jiff::Timestamp;
use trade_mission_planner::edit::{Edit, apply};
use trade_mission_planner::io::ics::{event_uid, export_ics, import_ics};
use trade_mission_planner::model::{EventKind, PersonId, Project};

fn now() -> Timestamp {
    "2023-03-01T00:00:00Z".parse().unwrap()
}

/// The sample plus an evening in Los Angeles that spans the 12 March DST jump.
fn project_with_dst_event() -> Project {
    let mut project = sample();
    let mut event = tokyo_meeting(900, "2023-03-12", "09:00", "10:00", &[205]);
    event.title = "Night shift in Los Angeles".into();
    event.start = zoned("2023-03-12T01:30:00-08:00[America/Los_Angeles]");
    event.end = zoned("2023-03-12T03:30:00-07:00[America/Los_Angeles]");
    project.events.push(event);
    project
}

/// (UID, start, end) as UTC instants, as Python's icalendar reads the file.
fn python_instants(ics: &Path) -> Vec<(String, String, String)> {
    let script = r#"
import sys, datetime, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for ev in cal.walk('VEVENT'):
    s = ev.decoded('DTSTART').astimezone(datetime.timezone.utc)
    e = ev.decoded('DTEND').astimezone(datetime.timezone.utc)
    print(str(ev['UID']), s.strftime('%Y-%m-%dT%H:%M:%SZ'), e.strftime('%Y-%m-%dT%H:%M:%SZ'), sep='\t')
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(ics)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "python icalendar failed (is it installed? .ci/run installs it): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let mut parts = l.split('\t').map(str::to_owned);
            (
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
            )
        })
        .collect()
}

fn write_temp(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn an_independent_parser_reads_the_same_instants() {
    let project = project_with_dst_event();
    let dir = tempfile::tempdir().unwrap();
    let ics = write_temp(dir.path(), "all.ics", &export_ics(&project, None, now()));
    let read = python_instants(&ics);
    let expected: Vec<_> = project
        .events
        .iter()
        .map(|e| {
            (
                event_uid(e),
                e.start
                    .zoned()
                    .timestamp()
                    .strftime("%Y-%m-%dT%H:%M:%SZ")
                    .to_string(),
                e.end
                    .zoned()
                    .timestamp()
                    .strftime("%Y-%m-%dT%H:%M:%SZ")
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(read, expected);
    // The DST event really is one hour long (01:30 PST → 03:30 PDT).
    let night = read.last().unwrap();
    assert_eq!(
        (night.1.as_str(), night.2.as_str()),
        ("2023-03-12T09:30:00Z", "2023-03-12T10:30:00Z")
    );
}

#[test]
fn the_file_is_well_formed() {
    let text = export_ics(&project_with_dst_event(), None, now());
    assert!(
        text.lines().all(|l| l.len() <= 75),
        "lines are folded at 75 octets"
    );
    assert!(text.contains("\r\n"), "CRLF line ends");
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:America/Los_Angeles"));
    assert!(text.contains("TZOFFSETFROM:-0800\r\nTZOFFSETTO:-0700\r\nTZNAME:PDT"));
    assert!(text.contains("DTSTART;TZID=Asia/Tokyo:20230313T140000"));
    assert!(text.contains("CATEGORIES:Signing ceremony"));
}

#[test]
fn one_persons_agenda() {
    let project = sample();
    let text = export_ics(&project, Some(PersonId(205)), now());
    assert_eq!(
        text.matches("BEGIN:VEVENT").count(),
        5,
        "Rachel joins five events"
    );
    assert!(text.contains("Rachel Cohen (remote)"));
}

#[test]
fn export_then_import_into_the_same_project_changes_nothing() {
    let project = project_with_dst_event();
    let text = export_ics(&project, None, now());
    let (edits, report) = import_ics(&project, &text).unwrap();
    assert_eq!(
        (report.added, report.updated, report.unchanged),
        (0, 0, 15),
        "nothing changed, so nothing is reported as updated"
    );
    assert!(edits.is_empty());
    assert!(report.notes.is_empty(), "{:?}", report.notes);
    let mut again = project.clone();
    for edit in edits {
        apply(&mut again, edit).unwrap();
    }
    assert_eq!(again, project);
}

#[test]
fn export_then_import_into_another_project_gives_the_same_events() {
    let project = project_with_dst_event();
    let text = export_ics(&project, None, now());
    let mut empty = Project::new();
    empty.mission.host_zone = "Asia/Tokyo".into();
    let (edits, report) = import_ics(&empty, &text).unwrap();
    assert_eq!(report.added, 15);
    for edit in edits {
        apply(&mut empty, edit).unwrap();
    }
    for (imported, original) in empty.events.iter().zip(&project.events) {
        assert_eq!(imported.title, original.title);
        assert_eq!(imported.kind, original.kind);
        assert_eq!(imported.start, original.start, "same instant and zone");
        assert_eq!(imported.end, original.end);
        assert_eq!(
            imported.notes, original.notes,
            "generated lines are not notes"
        );
    }
    // A second import matches by UID instead of duplicating.
    let (edits, report) = import_ics(&empty, &text).unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (0, 0, 15));
    assert!(edits.is_empty());
    // A changed event in the file is an update.
    let changed = text.replacen("SUMMARY:", "SUMMARY:Moved: ", 1);
    let (edits, report) = import_ics(&empty, &changed).unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (0, 1, 14));
    assert!(edits.iter().all(|e| matches!(e, Edit::Update(_))));
}

#[test]
fn what_cannot_be_imported_is_reported() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/calendars/invitations.ics"),
    )
    .unwrap();
    let project = sample();
    let (edits, report) = import_ics(&project, &text).unwrap();
    assert_eq!(report.added, 4, "{report:#?}");
    assert_eq!(edits.len(), 4);
    let notes = report.notes.join("\n");
    for expected in [
        "“Weekly port sustainability call”: repeats; only the first occurrence was imported",
        "“Weekly port sustainability call”: ORGANIZER mailto:chair@example.org not imported",
        "“Weekly port sustainability call”: ATTENDEE mailto:m.alvarez@example.org not imported",
        "“Weekly port sustainability call”: VALARM inside the event not imported",
        "“Dinner with the chamber of commerce”: had a floating time, read in the host zone",
        "“Trade fair”: an all-day entry",
        "“Call set up by a Windows calendar”: time zone Tokyo Standard Time is not an IANA zone name",
        "1 VTODO component(s) not imported",
    ] {
        assert!(notes.contains(expected), "missing {expected:?} in\n{notes}");
    }
    let mut project = project;
    for edit in edits {
        apply(&mut project, edit).unwrap();
    }
    let call = project
        .events
        .iter()
        .find(|e| e.title.starts_with("Weekly"))
        .unwrap();
    assert_eq!(call.start.zone_name(), Some("America/Los_Angeles"));
    assert_eq!(call.notes, "Agenda: corridor partners, data sharing.");
    let tour = project
        .events
        .iter()
        .find(|e| e.title.starts_with("Harbour"))
        .unwrap();
    assert_eq!(tour.kind, EventKind::SiteVisit);
    assert_eq!(
        tour.end
            .zoned()
            .timestamp()
            .duration_since(tour.start.zoned().timestamp())
            .as_secs(),
        5400
    );
    let dinner = project
        .events
        .iter()
        .find(|e| e.title.starts_with("Dinner"))
        .unwrap();
    assert_eq!(
        dinner.start.to_string(),
        "2023-03-15T19:00:00+09:00[Asia/Tokyo]"
    );
}

fn run(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_trade-mission-planner"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn command_line_export_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.mission.ron");
    let ics = dir.path().join("rachel.ics");
    let output = run(&[
        "export".as_ref(),
        "ics".as_ref(),
        sample.as_os_str(),
        "-o".as_ref(),
        ics.as_os_str(),
        "--person".as_ref(),
        "rachel".as_ref(),
    ]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(python_instants(&ics).len(), 5);

    let invitations =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/calendars/invitations.ics");
    let out = dir.path().join("with-invitations.mission.ron");
    let output = run(&[
        "import".as_ref(),
        "ics".as_ref(),
        sample.as_os_str(),
        "--from".as_ref(),
        invitations.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("4 events added, 0 updated, 0 unchanged\n"),
        "{stdout}"
    );
    assert!(stdout.contains("not imported: “Weekly port sustainability call”: repeats"));
    let project = trade_mission_planner::io::load_file(&out).unwrap();
    assert_eq!(project.events.len(), 18);

    let bad = write_temp(dir.path(), "bad.ics", "this is not a calendar");
    let output = run(&[
        "import".as_ref(),
        "ics".as_ref(),
        sample.as_os_str(),
        "--from".as_ref(),
        bad.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!("{}: error: ", bad.display())),
        "{stderr}"
    );

    let output = run(&[
        "export".as_ref(),
        "ics".as_ref(),
        sample.as_os_str(),
        "-o".as_ref(),
        ics.as_os_str(),
        "--person".as_ref(),
        "a".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("matches several people")
    );
}
