//! The project file: round trips, stable bytes, broken and hostile files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;

use common::*;
use trade_mission_planner::io::project_file::{
    FORMAT_VERSION, LoadError, MAX_FILE_SIZE, Position, load_bytes, load_file, save_file,
    to_ron_string,
};
use trade_mission_planner::model::validate;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load_fixture(name: &str) -> Result<trade_mission_planner::model::Project, LoadError> {
    load_file(&fixture(name))
}

fn at(line: usize, column: usize) -> Position {
    Position { line, column }
}

#[test]
fn save_load_round_trip_and_stable_bytes() {
    let project = sample();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trip.mission.ron");
    save_file(&project, &path).unwrap();
    let first = std::fs::read(&path).unwrap();
    let loaded = load_file(&path).unwrap();
    assert_eq!(loaded, project);
    save_file(&loaded, &path).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        first,
        "second save is byte-identical"
    );
    let text = String::from_utf8(first).unwrap();
    assert!(
        text.starts_with(&format!("(\n    format_version: {FORMAT_VERSION},\n")),
        "format_version comes first: {}",
        &text[..60]
    );
    // No temporary files are left behind; the previous version is the backup.
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["trip.mission.ron", "trip.mission.ron.bak"]);
}

#[test]
fn one_change_is_one_small_diff() {
    let mut project = sample();
    let before = to_ron_string(&project).unwrap();
    project.ports[1].city = "Koto, Tokyo".into();
    let after = to_ron_string(&project).unwrap();
    let changed: Vec<_> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(before.lines().count(), after.lines().count());
    assert_eq!(changed.len(), 1, "{changed:#?}");
    assert!(changed[0].1.contains("Koto, Tokyo"));
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    assert_eq!(load_fixture("bom.mission.ron").unwrap(), sample());
    assert_eq!(load_fixture("crlf.mission.ron").unwrap(), sample());
}

#[test]
fn empty_files() {
    assert!(matches!(
        load_fixture("empty.mission.ron"),
        Err(LoadError::Empty)
    ));
    let err = load_fixture("whitespace.mission.ron").unwrap_err();
    assert!(matches!(err, LoadError::NotAProject { .. }), "{err:?}");
    assert_eq!(err.position(), Some(at(4, 1)), "after the comment line");
}

#[test]
fn truncated_file_reports_where_it_ends() {
    let text = std::fs::read_to_string(fixture("truncated.mission.ron")).unwrap();
    let lines = text.lines().count();
    let err = load_fixture("truncated.mission.ron").unwrap_err();
    assert!(matches!(err, LoadError::Syntax { .. }), "{err:?}");
    let position = err.position().unwrap();
    assert!(position.line >= lines, "{position} vs {lines} lines: {err}");
}

#[test]
fn nul_bytes() {
    let err = load_fixture("nul_bytes.mission.ron").unwrap_err();
    assert!(matches!(err, LoadError::Syntax { .. }), "{err:?}");
    let tokyo_line = std::fs::read_to_string(fixture("nul_bytes.mission.ron"))
        .unwrap()
        .lines()
        .position(|l| l.contains('\0'))
        .unwrap()
        + 1;
    assert_eq!(err.position().unwrap().line, tokyo_line, "{err}");
    let err = load_fixture("all_nul.mission.ron").unwrap_err();
    assert!(matches!(err, LoadError::NotAProject { .. }), "{err:?}");
    assert_eq!(err.position(), Some(at(1, 1)));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // Typed parsing stops at the first bracket the schema does not allow.
    let err = load_fixture("deep_nesting.mission.ron").unwrap_err();
    assert!(matches!(err, LoadError::Syntax { .. }), "{err:?}");
    assert_eq!(err.position().unwrap().line, 1);
    // Nesting where the schema does allow sequences, and before the version.
    let nested_facts = to_ron_string(&sample()).unwrap().replacen(
        "facts: [",
        &format!("facts: [{}", "[".repeat(50_000)),
        1,
    );
    assert!(matches!(
        load_bytes(nested_facts.as_bytes()),
        Err(LoadError::Syntax { .. })
    ));
    let err = load_bytes("[".repeat(200_000).as_bytes()).unwrap_err();
    assert!(matches!(err, LoadError::NotAProject { .. }), "{err:?}");
}

#[test]
fn invalid_utf8_reports_line_and_column() {
    let err = load_fixture("invalid_utf8.mission.ron").unwrap_err();
    let LoadError::NotUtf8 { at: position, byte } = err else {
        panic!("{err:?}");
    };
    assert_eq!(byte, 0xFF);
    // `local_name: "` is preceded by 16 spaces of indentation.
    assert_eq!(position.column, 30);
    let text =
        String::from_utf8_lossy(&std::fs::read(fixture("invalid_utf8.mission.ron")).unwrap())
            .into_owned();
    assert!(
        text.lines()
            .nth(position.line - 1)
            .unwrap()
            .contains("local_name")
    );
    // The app's own reading (which checks the text once, then hashes it
    // while it parses) says the same.
    let app = trade_mission_planner::io::project_file::load_file_for_app(&fixture(
        "invalid_utf8.mission.ron",
    ))
    .unwrap_err();
    assert!(
        matches!(app, LoadError::NotUtf8 { at, byte: 0xFF } if at == position),
        "{app:?}"
    );
}

#[test]
fn newer_version_is_refused_before_anything_else() {
    let err = load_fixture("newer_version.mission.ron").unwrap_err();
    assert!(
        matches!(err, LoadError::NewerVersion { found: 8, .. }),
        "{err:?}"
    );
    assert_eq!(err.position(), Some(at(5, 21)));
    assert!(
        err.to_string().contains("newer Trade Mission Planner"),
        "{err}"
    );
}

#[test]
fn unsupported_old_version() {
    let err = load_bytes(b"(format_version: 0, project: ())").unwrap_err();
    assert!(
        matches!(err, LoadError::UnsupportedVersion { found: 0, .. }),
        "{err:?}"
    );
    let err = load_bytes(b"(format_version: 99999999999999999999)").unwrap_err();
    assert!(
        matches!(err, LoadError::UnsupportedVersion { .. }),
        "{err:?}"
    );
}

#[test]
fn files_that_are_not_projects() {
    let err = load_fixture("not_a_project.mission.ron").unwrap_err();
    assert!(matches!(err, LoadError::NotAProject { .. }), "{err:?}");
    assert_eq!(err.position(), Some(at(1, 2)));
    assert!(err.to_string().contains("format_version"), "{err}");
}

#[test]
fn unknown_fields_are_errors_with_their_position() {
    let err = load_fixture("unknown_field.mission.ron").unwrap_err();
    assert!(err.to_string().contains("harbour_master"), "{err}");
    let line = std::fs::read_to_string(fixture("unknown_field.mission.ron"))
        .unwrap()
        .lines()
        .position(|l| l.contains("harbour_master"))
        .unwrap()
        + 1;
    assert_eq!(err.position().unwrap().line, line, "{err}");
}

#[test]
fn unknown_time_zone_in_an_event_time() {
    let err = load_fixture("bad_zone.mission.ron").unwrap_err();
    assert!(matches!(err, LoadError::Syntax { .. }), "{err:?}");
    assert_eq!(err.position(), Some(at(233, 97)), "{err}");
    assert!(
        err.to_string()
            .contains("failed to find time zone `Asia/Atlantis`"),
        "{err}"
    );
}

#[test]
fn valid_file_with_validation_errors_still_loads() {
    let project = load_fixture("validation_errors.mission.ron").unwrap();
    let problems: Vec<String> = validate(&project).iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "error: port \"Port of Tokyo\": UN/LOCODE \"Tokyo\": the first two characters of a \
             UN/LOCODE are a country code in capital letters A–Z",
            "warning: agreement \"Green shipping corridor partnership: Los Angeles – Singapore\": \
             the status is \"In force\" but no signing date is set",
        ]
    );
}

#[test]
fn version_1_files_are_migrated() {
    let migrated = load_fixture("v1_sample.mission.ron").unwrap();
    let mut expected = sample();
    expected.schedule = Default::default(); // format 1 had no travel times
    expected.clauses.clear(); // nor a clause library
    for event in &mut expected.events {
        for participant in &mut event.participants {
            participant.remote = false; // format 1 had no remote attendance
        }
    }
    for person in &mut expected.people {
        person.local_name.clear(); // format 7
    }
    assert_eq!(migrated, expected);
    // Saving writes the current format.
    let saved = to_ron_string(&migrated).unwrap();
    assert!(saved.contains("locode: \"JPTYO\""));
    assert!(saved.starts_with(&format!("(\n    format_version: {FORMAT_VERSION},")));
}

#[test]
fn version_2_files_read_with_default_travel_times() {
    let migrated = load_fixture("v2_sample.mission.ron").unwrap();
    let mut expected = sample();
    expected.schedule = Default::default();
    expected.clauses.clear();
    for person in &mut expected.people {
        person.local_name.clear(); // format 7
    }
    assert_eq!(migrated, expected);
}

#[test]
fn oversized_files_are_refused_without_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.mission.ron");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_SIZE + 1).unwrap(); // sparse: costs no disk
    let err = load_file(&path).unwrap_err();
    assert!(matches!(err, LoadError::TooLarge { .. }), "{err:?}");
    assert!(err.to_string().contains("64 MiB"), "{err}");
}

#[test]
fn missing_file_is_an_io_error() {
    let err = load_file(&fixture("no-such-file.mission.ron")).unwrap_err();
    assert!(matches!(err, LoadError::Io(_)), "{err:?}");
    assert_eq!(err.position(), None);
}

#[test]
fn attributes_and_comments_before_the_version_are_accepted() {
    let text = to_ron_string(&sample()).unwrap();
    let decorated = format!(
        "// exported\n/* a /* nested */ comment */\n#![enable(implicit_some)]\nProjectFile{text}"
    );
    assert_eq!(load_bytes(decorated.as_bytes()).unwrap(), sample());
}

#[test]
fn save_to_a_missing_folder_fails_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("x.mission.ron");
    let err = save_file(&sample(), &path).unwrap_err();
    assert!(
        err.to_string().contains("No such file or directory"),
        "the reason is named: {err}"
    );
    assert!(!path.exists());
    assert!(!path.parent().unwrap().exists(), "no folder is made either");
}

#[test]
fn projects_beyond_the_limits_are_refused_with_a_reason() {
    use trade_mission_planner::io::project_file::{MAX_TEXT_BYTES, load_str};
    let mut project = sample();
    project.agreements[0].draft = "x".repeat(MAX_TEXT_BYTES + 1);
    let err = load_str(&to_ron_string(&project).unwrap()).unwrap_err();
    assert!(matches!(err, LoadError::OverLimit(_)), "{err:?}");
    assert!(err.to_string().contains("at most 8388608 bytes"), "{err}");
    project.agreements[0].draft = "x".repeat(MAX_TEXT_BYTES);
    let loaded = load_str(&to_ron_string(&project).unwrap()).unwrap();
    assert_eq!(
        loaded.agreements[0].draft.len(),
        MAX_TEXT_BYTES,
        "an 8 MiB draft comes back whole"
    );
    assert_eq!(loaded, project);
    // And through a file: an 8 MiB project is far inside the 64 MiB cap.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.mission.ron");
    save_file(&project, &path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() > 8 * 1024 * 1024);
    assert_eq!(load_file(&path).unwrap(), project);
}

#[test]
fn a_file_with_more_entities_of_a_kind_than_the_limit_is_refused() {
    use trade_mission_planner::model::limits::MAX_ENTITIES_PER_KIND;
    let text = to_ron_string(&sample()).unwrap();
    let many: String = (0..=MAX_ENTITIES_PER_KIND)
        .map(|i| {
            format!(
                "(id: {}, name: \"\", kind: Company, country: \"\", website: \"\", notes: \"\"),",
                1_000_000 + i
            )
        })
        .collect();
    let crowded = text.replacen("organisations: [", &format!("organisations: [{many}"), 1);
    let err = trade_mission_planner::io::project_file::load_str(&crowded).unwrap_err();
    assert!(matches!(err, LoadError::OverLimit(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "the project has {} organisations; at most 250000 are supported",
            MAX_ENTITIES_PER_KIND + 7
        )
    );
}

#[test]
fn format_3_files_read_as_format_4_and_conflicts_round_trip() {
    use trade_mission_planner::model::{EntityRef, MergeConflict, PortId};
    let v3 =
        to_ron_string(&sample())
            .unwrap()
            .replacen("format_version: 7,", "format_version: 3,", 1);
    let migrated = trade_mission_planner::io::project_file::load_str_with(
        &v3,
        trade_mission_planner::io::project_file::Strictness::Strict,
    )
    .unwrap();
    assert_eq!(migrated.migrated_from, Some(3));
    assert_eq!(migrated.project, sample());
    assert!(migrated.project.conflicts.is_empty());
    let saved = to_ron_string(&sample()).unwrap();
    assert!(
        !saved.contains("conflicts"),
        "not written when there are none"
    );
    let mut project = sample();
    project.conflicts.push(MergeConflict {
        subject: Some(EntityRef::Port(PortId(2))),
        field: "city".into(),
        base: Some("\"Tokyo\"".into()),
        ours: Some("\"Koto\"".into()),
        theirs: None,
    });
    let text = to_ron_string(&project).unwrap();
    assert_eq!(load_bytes(text.as_bytes()).unwrap(), project);
    let problems = validate(&project);
    assert!(
        problems.iter().any(|p| p.to_string()
            == "error: port \"Port of Tokyo\": unresolved merge conflict in city: ours \"Koto\" / theirs (deleted)"),
        "{problems:?}"
    );
}

#[test]
fn drafts_are_written_line_by_line_with_other_controls_escaped() {
    let mut project = sample();
    project.agreements[0].draft =
        "# MOU\n\n1. Share practice.\r\n2. Tab\there, NUL \0, quote \" and \\n as text.\n".into();
    let text = to_ron_string(&project).unwrap();
    assert!(
        text.contains("draft: \"# MOU\n\n1. Share practice.\\r\n2. Tab\\there, NUL \\0, quote \\\" and \\\\n as text.\n\""),
        "{}",
        &text[text.find("draft: \"# MOU").unwrap()..][..120]
    );
    assert!(!text.contains('\r') && !text.contains('\0') && !text.contains('\t'));
    let loaded = load_bytes(text.as_bytes()).unwrap();
    assert_eq!(loaded, project);
    assert_eq!(to_ron_string(&loaded).unwrap(), text, "byte-stable");
    // The sample's drafts are many lines each in the file.
    let sample_text = to_ron_string(&sample()).unwrap();
    assert!(
        sample_text.lines().count() > 300,
        "{}",
        sample_text.lines().count()
    );
}

#[test]
fn exactly_the_entity_limit_is_allowed() {
    use trade_mission_planner::model::limits::{MAX_ENTITIES_PER_KIND, check_limits};
    let mut project = sample();
    let template = project.organisations[0].clone();
    project.organisations = vec![template; MAX_ENTITIES_PER_KIND];
    assert_eq!(check_limits(&project), Ok(()));
    project.organisations.push(project.organisations[0].clone());
    assert!(check_limits(&project).is_err());
}

#[test]
fn format_4_files_read_as_format_5_and_a_version_names_itself() {
    use trade_mission_planner::io::lineage::{version_hash, with_ancestors, without_ancestors};
    let v4 =
        to_ron_string(&sample())
            .unwrap()
            .replacen("format_version: 7,", "format_version: 4,", 1);
    let migrated = trade_mission_planner::io::project_file::load_str_with(
        &v4,
        trade_mission_planner::io::project_file::Strictness::Strict,
    )
    .unwrap();
    assert_eq!(migrated.migrated_from, Some(4));
    assert_eq!(migrated.project, sample());
    assert!(!to_ron_string(&sample()).unwrap().contains("ancestors"));

    let bare = to_ron_string(&sample()).unwrap();
    let own = version_hash(&bare);
    assert_eq!(own.len(), 64);
    let mut project = sample();
    project.ancestors = vec!["0".repeat(64), own.clone()];
    let text = to_ron_string(&project).unwrap();
    assert_eq!(text, with_ancestors(&bare, &project.ancestors));
    assert_eq!(version_hash(&without_ancestors(&text)), own);
    assert_eq!(load_bytes(text.as_bytes()).unwrap(), project);
    // The file names itself from its text alone (without writing the
    // project again), and only as the version it last names.
    use trade_mission_planner::io::lineage::named_by_file;
    assert_eq!(
        named_by_file(&text, Some(&own)),
        Some((own.clone(), bare.clone()))
    );
    assert_eq!(named_by_file(&text, Some(&"0".repeat(64))), None);
    assert_eq!(named_by_file(&text, None), None);
    // A note holding the field's words is not the field.
    let mut tricky = sample();
    tricky.ports[0].notes =
        format!("x\n        ancestors: [\n            \"{own}\",\n        ],\n");
    let tricky_text = to_ron_string(&tricky).unwrap();
    assert_eq!(without_ancestors(&tricky_text), tricky_text.as_str());
}

#[test]
fn format_5_files_read_as_format_6_and_occurrences_keep_their_original_start() {
    let v5 =
        to_ron_string(&sample())
            .unwrap()
            .replacen("format_version: 7,", "format_version: 5,", 1);
    let migrated = trade_mission_planner::io::project_file::load_str_with(
        &v5,
        trade_mission_planner::io::project_file::Strictness::Strict,
    )
    .unwrap();
    assert_eq!(migrated.migrated_from, Some(5));
    assert_eq!(migrated.project, sample());
    // Not written when there is none: files without repeats look as before.
    assert!(!v5.contains("recurrence_id"));

    let mut project = sample();
    let original = project.events[0].start.clone();
    project.events[0].uid = Some("daily-briefing@example.jp".into());
    project.events[0].recurrence_id = Some(original.clone());
    let text = to_ron_string(&project).unwrap();
    assert!(text.contains("recurrence_id: Some("), "{text}");
    assert_eq!(load_bytes(text.as_bytes()).unwrap(), project);
    // A format-5 app would not know the field: the version says so.
    assert!(text.contains("format_version: 7,"));
}

#[test]
fn format_6_files_read_as_format_7_and_people_keep_their_local_names() {
    let without_local_names = {
        let mut project = sample();
        for person in &mut project.people {
            person.local_name.clear();
        }
        project
    };
    let v6 = to_ron_string(&without_local_names).unwrap().replacen(
        "format_version: 7,",
        "format_version: 6,",
        1,
    );
    let migrated = trade_mission_planner::io::project_file::load_str_with(
        &v6,
        trade_mission_planner::io::project_file::Strictness::Strict,
    )
    .unwrap();
    assert_eq!(migrated.migrated_from, Some(6));
    assert_eq!(migrated.project, without_local_names);
    // Not written when empty: a file without local names looks as before
    // (ports have always written theirs).
    assert_eq!(
        v6.matches("local_name:").count(),
        without_local_names.ports.len()
    );

    let project = sample();
    let nakamura = project
        .people
        .iter()
        .find(|p| p.name == "Hiroshi Nakamura")
        .unwrap();
    assert_eq!(nakamura.local_name, "中村 博");
    let text = to_ron_string(&project).unwrap();
    assert!(text.contains("local_name: \"中村 博\""));
    assert_eq!(load_bytes(text.as_bytes()).unwrap(), project);
    assert!(text.contains("format_version: 7,"));
}

#[test]
fn ancestors_that_are_not_hashes_are_dropped_and_at_most_32_kept() {
    let mut project = sample();
    project.ancestors = (0..40).map(|i| format!("{i:064x}")).collect();
    project.ancestors.push("not a hash".into());
    // Right length but not hex, hex but short, upper case: none is a hash.
    project.ancestors.push("g".repeat(64));
    project.ancestors.push("abc123".into());
    project.ancestors.push("A".repeat(64));
    let loaded = load_bytes(to_ron_string(&project).unwrap().as_bytes()).unwrap();
    let expected: Vec<String> = (8..40).map(|i| format!("{i:064x}")).collect();
    assert_eq!(loaded.ancestors, expected);
}

/// git's autocrlf or a Windows editor turns every line end into CR LF, the
/// line breaks inside drafts too: the drafts read as they were.
#[test]
fn a_copy_with_crlf_line_ends_has_the_same_drafts() {
    let text = to_ron_string(&sample()).unwrap();
    assert!(
        text.lines().count() > 300,
        "drafts are written over many lines"
    );
    let converted = text.replace('\n', "\r\n");
    assert_eq!(load_bytes(converted.as_bytes()).unwrap(), sample());
    // A CR the draft really has is escaped, so it survives the conversion.
    let mut project = sample();
    project.agreements[0].draft = "one\r\ntwo\rthree\n".into();
    let converted = to_ron_string(&project).unwrap().replace('\n', "\r\n");
    assert_eq!(load_bytes(converted.as_bytes()).unwrap(), project);
}

#[test]
fn merge_conflicts_beyond_the_limit_stop_the_loader_where_they_pass_it() {
    use trade_mission_planner::model::MergeConflict;
    use trade_mission_planner::model::limits::{MAX_CONFLICTS, MAX_TEXT_BYTES, check_limits};
    let conflict = MergeConflict {
        subject: None,
        field: "mission title".into(),
        base: None,
        ours: Some("\"a\"".into()),
        theirs: None,
    };
    let mut project = sample();
    project.conflicts = vec![conflict.clone(); MAX_CONFLICTS];
    assert_eq!(check_limits(&project), Ok(()));
    let text = to_ron_string(&project).unwrap();
    assert_eq!(
        load_bytes(text.as_bytes()).unwrap().conflicts.len(),
        MAX_CONFLICTS
    );
    project.conflicts.push(conflict.clone());
    let text = to_ron_string(&project).unwrap();
    let err = load_bytes(text.as_bytes()).unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("more than {MAX_CONFLICTS} merge conflicts")),
        "{err}"
    );
    // Where the list went over: the line of the extra conflict.
    let extra_line = text.lines().count() - 12;
    assert!(
        err.position().is_some_and(|at| at.line >= extra_line),
        "{err:?} (list ends near line {extra_line})"
    );
    // A recorded value is a text like any other.
    let mut project = sample();
    project.conflicts = vec![MergeConflict {
        ours: Some("x".repeat(MAX_TEXT_BYTES + 1)),
        ..conflict
    }];
    assert!(check_limits(&project).is_err());
}
