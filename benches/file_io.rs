//! Load, validate and save of a large generated project, beside bare ron
//! parsing and pretty serialisation of the same data as the reference; the
//! validation of a travel-time-heavy project; and calendar imports of
//! 100,000 new events and of a project's own 20,000-event export; the
//! briefing book as PDF; a 10,000-row spreadsheet import; opening and saving
//! the large project protected with a passphrase, beside plain.

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::hint::black_box;
use trade_mission_planner::edit::{Edit, apply};
use trade_mission_planner::io::ics::{export_ics, import_ics};
use trade_mission_planner::io::project_file::{load_str, to_ron_string};
use trade_mission_planner::model::{Project, validate};
use trade_mission_planner::synthetic::{Size, generate};

#[derive(Deserialize)]
struct Bare {
    #[allow(dead_code)]
    format_version: u32,
    project: Project,
}

#[derive(Serialize)]
struct BareRef<'a> {
    format_version: u32,
    project: &'a Project,
}

fn file_io(c: &mut Criterion) {
    let project = generate(Size::LARGE);
    let text = to_ron_string(&project).unwrap_or_default();
    eprintln!("generated project file: {} bytes", text.len());
    let mut group = c.benchmark_group("file_io");
    group.sample_size(10);
    group.bench_function("bare ron::from_str", |b| {
        b.iter(|| ron::from_str::<Bare>(black_box(&text)).map(|f| f.project))
    });
    group.bench_function("load", |b| b.iter(|| load_str(black_box(&text))));
    group.bench_function("load + validate", |b| {
        b.iter(|| load_str(black_box(&text)).map(|p| validate(&p).len()))
    });
    group.bench_function("validate", |b| b.iter(|| validate(black_box(&project))));
    group.bench_function("bare ron::ser::to_string_pretty", |b| {
        b.iter(|| {
            ron::ser::to_string_pretty(
                &BareRef {
                    format_version: trade_mission_planner::io::FORMAT_VERSION,
                    project: black_box(&project),
                },
                ron::ser::PrettyConfig::new(),
            )
        })
    });
    group.bench_function("save (to_ron_string)", |b| {
        b.iter(|| to_ron_string(black_box(&project)))
    });
    group.finish();
}

/// A protected project (#19): opening costs one scrypt at the stated work
/// factor plus the plain open; a save must stay under 1 s.
fn protected(c: &mut Criterion) {
    use age::secrecy::SecretString;
    use trade_mission_planner::io::project_file::{load_file_with, save_text_stamped_with};
    let project = generate(Size::LARGE);
    let text =
        trade_mission_planner::io::project_file::encode_for_saving(&project).unwrap_or_default();
    let key = SecretString::from("harbour lights at dawn".to_owned());
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let plain = dir.path().join("plain.mission.ron");
    let sealed = dir.path().join("sealed.mission.ron");
    let _ = save_text_stamped_with(&text, &plain, None, None);
    let _ = save_text_stamped_with(&text, &sealed, Some(&key), None);
    let mut group = c.benchmark_group("protected");
    group.sample_size(10);
    group.bench_function("open plain (read + load)", |b| {
        b.iter(|| load_file_with(black_box(&plain), None))
    });
    group.bench_function("open protected (read + scrypt + decrypt + load)", |b| {
        b.iter(|| load_file_with(black_box(&sealed), Some(&key)))
    });
    group.bench_function("scrypt alone (encrypt an empty file)", |b| {
        b.iter(|| {
            trade_mission_planner::io::protect::encrypt(
                b"",
                &key,
                trade_mission_planner::io::protect::WORK_FACTOR,
            )
        })
    });
    group.bench_function("save plain (atomic, with backup)", |b| {
        b.iter(|| save_text_stamped_with(black_box(&text), &plain, None, None))
    });
    group.bench_function("save protected (atomic, with backup)", |b| {
        b.iter(|| save_text_stamped_with(black_box(&text), &sealed, Some(&key), None))
    });
    group.finish();
}

/// Validation must stay under 50 ms per 10 MB of project file, on the shape
/// that once took 33 s (every pair of 1,000 ports with a travel time).
fn travel_heavy(c: &mut Criterion) {
    let project = generate(Size::TRAVEL_HEAVY);
    let bytes = to_ron_string(&project).map(|t| t.len()).unwrap_or_default();
    eprintln!(
        "travel-heavy project file: {:.1} MB; budget {:.0} ms",
        bytes as f64 / 1e6,
        50.0 * bytes as f64 / 10e6
    );
    let mut group = c.benchmark_group("travel_heavy");
    group.sample_size(10);
    group.bench_function("validate", |b| b.iter(|| validate(black_box(&project))));
    group.finish();
}

/// Import parses and matches each event once: linear, ≤ 1 s for either case.
fn calendar_import(c: &mut Criterion) {
    let now = Timestamp::from_second(1_677_628_800).unwrap_or(Timestamp::UNIX_EPOCH);
    let import_and_apply = |project: &Project, ics: &str| {
        let mut project = project.clone();
        let (edits, report) = import_ics(&project, ics).map_err(|e| e.to_string())?;
        apply(
            &mut project,
            Edit::Batch {
                label: "Import calendar".into(),
                edits,
            },
        )
        .map_err(|e| e.to_string())?;
        Ok::<_, String>((project.events.len(), report.added, report.updated))
    };
    let mut group = c.benchmark_group("calendar_import");
    group.sample_size(10);

    // What Outlook sends for a mission programme: Windows zone names with
    // their VTIMEZONEs, a zone defined only by the file, one event in five
    // repeating (with exceptions), attendees, alarms and X- properties.
    let outlook = outlook_style_calendar(5_000);
    let sample = trade_mission_planner::sample::sample_project().unwrap_or_default();
    eprintln!(
        "5,000 Outlook-style events: {} bytes; {:?}",
        outlook.len(),
        import_and_apply(&sample, &outlook).map(|r| (r.1, r.2))
    );
    group.bench_function("5,000 Outlook-style events with repeats", |b| {
        b.iter(|| import_and_apply(&sample, black_box(&outlook)))
    });

    let big = generate(Size {
        events: 100_000,
        agreements: 10,
        ports: 50,
        people: 100,
        travel_times: 0,
    });
    let ics = export_ics(&big, None, now);
    eprintln!("100,000 events: {} bytes of iCalendar", ics.len());
    let mut empty = Project::new();
    empty.mission.host_zone = "Asia/Tokyo".into();
    eprintln!("{:?}", import_and_apply(&empty, &ics).map(|r| (r.1, r.2)));
    group.bench_function("100,000 new events", |b| {
        b.iter(|| import_and_apply(&empty, black_box(&ics)))
    });

    let own = generate(Size {
        events: 20_000,
        ..Size::LARGE
    });
    let mut ics = export_ics(&own, None, now);
    // One changed event, so the re-import is one update and the rest unchanged.
    ics = ics.replacen("SUMMARY:", "SUMMARY:Moved: ", 1);
    eprintln!("{:?}", import_and_apply(&own, &ics).map(|r| (r.1, r.2)));
    group.bench_function("re-import of the project's own 20,000 events", |b| {
        b.iter(|| import_and_apply(&own, black_box(&ics)))
    });
    // Undo of the big import: the inverse batch deletes 100,000 events.
    group.bench_function("undo of 100,000 new events", |b| {
        let mut project = empty.clone();
        let edits = import_ics(&project, export_ics(&big, None, now))
            .map(|r| r.0)
            .unwrap_or_default();
        let undo = apply(
            &mut project,
            Edit::Batch {
                label: "Import calendar".into(),
                edits,
            },
        )
        .map(|applied| applied.inverse);
        b.iter_batched(
            || (project.clone(), undo.clone()),
            |(mut project, undo)| undo.map(|undo| apply(&mut project, undo).is_ok()),
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// Three copies of the 10,000-event project, 1,000 edits on each side
/// (different entities, and 100 of them on the same fields): ≤ 1 s.
fn merge_copies(c: &mut Criterion) {
    let base = generate(Size::LARGE);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    for i in 0..1_000 {
        ours.events[i * 10].title = format!("Ours {i}");
        theirs.events[i * 10 + 5].location = format!("Theirs {i}");
    }
    for i in 0..100 {
        ours.people[i].email = format!("ours{i}@example.org");
        theirs.people[i].email = format!("theirs{i}@example.org");
    }
    let merged = trade_mission_planner::merge::merge(&base, &ours, &theirs);
    eprintln!("merge: {} conflicts", merged.conflicts.len());
    // Without the colliding e-mails, the merged file is byte for byte the
    // file of the project with both sides' edits made directly.
    let mut both = ours.clone();
    for i in 0..100 {
        both.people[i].email = base.people[i].email.clone();
    }
    let ours_only = both.clone();
    for i in 0..1_000 {
        both.events[i * 10 + 5].location = format!("Theirs {i}");
    }
    let theirs_clean = {
        let mut t = theirs.clone();
        for i in 0..100 {
            t.people[i].email = base.people[i].email.clone();
        }
        t
    };
    let clean_too = trade_mission_planner::merge::merge(&base, &ours_only, &theirs_clean);
    assert!(clean_too.conflicts.is_empty());
    let written = |p: &trade_mission_planner::model::Project| {
        trade_mission_planner::io::project_file::encode_for_saving(p)
            .unwrap_or_else(|e| panic!("the merged project saves: {e}"))
    };
    assert_eq!(written(&clean_too), written(&both), "merged file differs");
    eprintln!(
        "merge: the clean merge's file is byte-identical ({} bytes)",
        written(&both).len()
    );

    let mut group = c.benchmark_group("merge");
    group.sample_size(10);
    group.bench_function("three copies of 10,000 events, 1,000 edits a side", |b| {
        b.iter(|| trade_mission_planner::merge::merge(&base, black_box(&ours), &theirs))
    });
    group.finish();
}

/// The briefing book as PDF: the sample's (budget 0.5 s) and a 10,000-event
/// project's whole book (budget 5 s), from project to PDF bytes.
fn briefing(c: &mut Criterion) {
    use trade_mission_planner::io::briefing::{BriefingOptions, to_pdf, typeset};
    let now = Timestamp::now();
    let sample = trade_mission_planner::sample::sample_project()
        .unwrap_or_else(|e| panic!("the sample loads: {e}"));
    let large = generate(Size::LARGE);
    let pdf = |project: &Project| {
        typeset(project, &BriefingOptions::default(), now)
            .and_then(|document| to_pdf(&document))
            .unwrap_or_else(|e| panic!("the book is made: {e}"))
    };
    eprintln!(
        "briefing: sample {} bytes, 10,000 events {} bytes",
        pdf(&sample).len(),
        pdf(&large).len()
    );
    let mut group = c.benchmark_group("briefing");
    group.sample_size(10);
    group.bench_function("sample book to PDF", |b| b.iter(|| pdf(black_box(&sample))));
    group.bench_function("10,000-event book to PDF", |b| {
        b.iter(|| pdf(black_box(&large)))
    });
    group.finish();
}

/// 10,000 people from a spreadsheet (budget 0.3 s): read, mapped by header,
/// matched and applied as one edit; into a project that has none of them
/// and into the one they came from (all matched, none changed).
fn spreadsheet_import(c: &mut Criterion) {
    use trade_mission_planner::io::spreadsheet::{
        Sheet, default_mapping, export_csv, import_csv, read_csv,
    };
    let project = generate(Size {
        people: 10_000,
        ..Size::LARGE
    });
    let bytes = export_csv(&project, Sheet::People, b';');
    eprintln!("spreadsheet: 10,000 people in {} bytes of CSV", bytes.len());
    let without_people = Project {
        people: Vec::new(),
        ..project.clone()
    };
    // The project is cloned outside the timing; the import works on it.
    let import = |mut into: Project| {
        let table = read_csv(&bytes).unwrap_or_else(|e| panic!("the CSV reads: {e}"));
        let mapping = default_mapping(Sheet::People, &table.headers);
        let (edits, report) = import_csv(&into, Sheet::People, &table, &mapping);
        apply(
            &mut into,
            Edit::Batch {
                label: "Import".into(),
                edits,
            },
        )
        .unwrap_or_else(|e| panic!("the import applies: {e}"));
        (report.added, report.unchanged)
    };
    assert_eq!(import(without_people.clone()), (10_000, 0));
    assert_eq!(import(project.clone()), (0, 10_000));
    let mut group = c.benchmark_group("spreadsheet");
    group.sample_size(10);
    for (name, into) in [
        ("10,000 new people from CSV", &without_people),
        ("10,000 known people from CSV", &project),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || into.clone(),
                |p| import(black_box(p)),
                criterion::BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    file_io,
    travel_heavy,
    calendar_import,
    merge_copies,
    briefing,
    spreadsheet_import,
    protected
);
criterion_main!(benches);

/// `events` VEVENTs as Outlook writes them, spread over the 2023 mission
/// week in Tokyo and Los Angeles time.
fn outlook_style_calendar(events: usize) -> String {
    let mut text = String::from(
        "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nPRODID:Microsoft Exchange Server 2010\r\nVERSION:2.0\r\n\
         BEGIN:VTIMEZONE\r\nTZID:Pacific Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T020000\r\n\
         TZOFFSETFROM:-0700\r\nTZOFFSETTO:-0800\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11\r\n\
         END:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0800\r\n\
         TZOFFSETTO:-0700\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n\
         END:VTIMEZONE\r\nBEGIN:VTIMEZONE\r\nTZID:Tokyo Standard Time\r\nBEGIN:STANDARD\r\n\
         DTSTART:16010101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nEND:STANDARD\r\n\
         END:VTIMEZONE\r\nBEGIN:VTIMEZONE\r\nTZID:custom_America/Los_Angeles\r\nBEGIN:STANDARD\r\n\
         DTSTART:20071104T020000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0800\r\n\
         RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\n\
         DTSTART:20070311T020000\r\nTZOFFSETFROM:-0800\r\nTZOFFSETTO:-0700\r\n\
         RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n",
    );
    let zones = [
        "Tokyo Standard Time",
        "Pacific Standard Time",
        "custom_America/Los_Angeles",
    ];
    for i in 0..events {
        let zone = zones[i % 3];
        let day = 11 + i % 7;
        let hour = 7 + i % 12;
        let repeat = if i % 5 == 0 {
            format!(
                "RRULE:FREQ=DAILY;COUNT=5;INTERVAL=1\r\nEXDATE;TZID={zone}:202303{:02}T{hour:02}0000\r\n",
                day + 2
            )
        } else {
            String::new()
        };
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nORGANIZER;CN=\"Sato, Hanako\":mailto:hanako.sato@example.jp\r\n\
             ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Maria Alvarez:mailto:m.alvarez@example.org\r\n\
             DESCRIPTION;LANGUAGE=en-US:Meeting {i} of the mission week.\\n\r\n{repeat}\
             SUMMARY;LANGUAGE=en-US:Meeting {i}\r\nDTSTART;TZID={zone}:202303{day:02}T{hour:02}0000\r\n\
             DTEND;TZID={zone}:202303{day:02}T{hour:02}4500\r\nUID:outlook-{i:08}@example.jp\r\n\
             CLASS:PUBLIC\r\nPRIORITY:5\r\nDTSTAMP:20230301T020000Z\r\nTRANSP:OPAQUE\r\n\
             STATUS:CONFIRMED\r\nSEQUENCE:0\r\nLOCATION;LANGUAGE=en-US:Room {i}\r\n\
             X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE\r\nX-MICROSOFT-CDO-IMPORTANCE:1\r\n\
             BEGIN:VALARM\r\nDESCRIPTION:REMINDER\r\nTRIGGER;RELATED=START:-PT15M\r\n\
             ACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT\r\n"
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    text
}
