//! A mutation fuzzer on the stable toolchain, for machines without nightly
//! (libFuzzer needs it). Targets:
//! - `load`: mutates the sample and the project fixtures (byte flips,
//!   insertions, deletions, splices, RON tokens) and feeds each result to the
//!   loader and to validation, as `check` does;
//! - `ics`: mutates calendar files (the fixtures and an export of the sample)
//!   with iCalendar tokens, imports each into the sample, applies what the
//!   import gives, and checks that the result saves and loads again (nothing
//!   is written that the loader would refuse).
//! - `vcf` and `csv`: mutate contact cards and spreadsheets (exports of the
//!   sample and phone-style cards) and import them into the sample the same
//!   way; a spreadsheet goes to each of the three lists.
//!
//! - `protected`: mutates protected (age, scrypt) copies of the sample with
//!   age's header tokens and decrypts each with the passphrase, then loads
//!   what comes out: every damaged file must be an error, never a panic or
//!   a hang.
//!
//! A panic, or a project the loader refuses, is saved to `fuzz/artifacts/`
//! and ends the run with status 1.
//!
//! `cargo run --release --manifest-path fuzz/Cargo.toml --bin mutate -- [load|ics|vcf|csv] SECONDS`

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use trade_mission_planner::edit::{Edit, apply};
use trade_mission_planner::io::ics::{export_ics, import_ics};
use trade_mission_planner::io::project_file::{encode_for_saving, load_bytes, load_str};
use trade_mission_planner::model::validate;

const TOKENS: &[&[u8]] = &[
    b"(", b")", b"[", b"]", b"\"", b",", b":", b"Some(", b"None", b"r#\"", b"\"#", b"\\u{",
    b"format_version: 2", b"format_version: 1", b"1e999", b"-0", b"NaN", b"inf", b"/*", b"*/",
    b"//", b"\n", b"\r\n", b"\0", b"\xFF", b"\xEF\xBB\xBF", b"2023-03-12T02:30:00-08:00[America/Los_Angeles]",
    b"[Asia/Tokyo]", b"18446744073709551615", b"Port(", b"Organisation(",
];

const ICS_TOKENS: &[&[u8]] = &[
    b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n", b"BEGIN:VCALENDAR\r\n", b"END:VCALENDAR\r\n",
    b"BEGIN:VALARM\r\n", b"\r\n ", b"\r\n\t", b"\n", b"\r", b":", b";", b",", b"=", b"\"",
    b"\\", b"\\n", b"DTSTART:", b"DTEND:", b"DURATION:", b"P9999999999999W", b"-PT1H",
    b"UID:same\r\n", b"RECURRENCE-ID:20230314T010000Z\r\n", b";TZID=Asia/Tokyo:",
    b";TZID=UTC+0900:", b";TZID=\"Tokyo Standard Time\":", b";VALUE=DATE:", b"20230312T023000",
    b"99991231T235959Z", b"00000101T000000", b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xE6\x9D",
    b"\0", b"SUMMARY:", b"DESCRIPTION:", b"CATEGORIES:Signing ceremony",
    b"RRULE:FREQ=DAILY;COUNT=5\r\n", b"RRULE:FREQ=SECONDLY\r\n", b"RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\n",
    b";UNTIL=99991231T235959Z", b";UNTIL=19000101", b";INTERVAL=0", b";BYSETPOS=-1", b";BYDAY=-1SU",
    b"EXDATE;TZID=Asia/Tokyo:20230313T090000,20230314T090000\r\n", b"RDATE;VALUE=PERIOD:20230313T090000Z/PT1H\r\n",
    b"BEGIN:VTIMEZONE\r\nTZID:X\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:-0800\r\nTZOFFSETTO:+1400\r\nRRULE:FREQ=YEARLY\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n",
    b";TZID=X:", b";TZID=/mozilla.org/20070129_1/America/New_York:", b";TZID=custom_America/New_York:",
    b"TZOFFSETFROM:+9999", b"TZOFFSETTO:-2400", b"RDATE:99991231T235959",
    b"ATTENDEE;CN=\"Doe\\, Jane\":mailto:m.alvarez@example.org\r\n", b"ORGANIZER;CN=x:mailto:\r\n",
];

const VCF_TOKENS: &[&[u8]] = &[
    b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b"VERSION:2.1\r\n", b"\r\n ", b"\n\t", b":", b";",
    b",", b"=", b"\"", b"\\", b"\\n", b"FN:", b"FN;ALTID=1;LANGUAGE=ja:", b"N:;;;;", b"ORG:",
    b"EMAIL:k.sato@example.jp\r\n", b"EMAIL:nope\r\n", b"TEL:", b"UID:urn:x-trade-mission-planner:person:203\r\n",
    b"UID:urn:x-trade-mission-planner:person:18446744073709551615\r\n", b"ENCODING=QUOTED-PRINTABLE",
    b"=E5=B1", b"=\r\n", b"item1.", b"ROLE:Host\r\n", b"NOTE:", b"\xEF\xBB\xBF", b"\xFF", b"\0",
];

const AGE_TOKENS: &[&[u8]] = &[
    b"age-encryption.org/v1\n", b"-> scrypt ", b"-> X25519 ", b"-> scrypt AAAAAAAAAAAAAAAAAAAAAA 10\n",
    b"-> scrypt AAAAAAAAAAAAAAAAAAAAAA 22\n", b"-> scrypt AAAAAAAAAAAAAAAAAAAAAA 64\n", b" 0\n", b" 99\n",
    b"\n--- ", b"\n", b"=", b"A", b"/", b"+", b"\0", b"\xFF",
];

const CSV_TOKENS: &[&[u8]] = &[
    b",", b";", b"\t", b"\"", b"\"\"", b"\r\n", b"\n", b"\r", b"'=", b"=1+1", b"-", b"Id", b"Name",
    b"E-mail", b"UN/LOCODE", b"Latitude", b"Time zone", b"Asia/Tokyo", b"Tokyo Standard Time",
    b"Mars/Olympus", b"JPTYO", b"XX", b"1e308", b"NaN", b"-91", b"35,6", b"203", b"18446744073709551615",
    b"k.sato@example.jp", b"Host", b"Port authority", b"\xEF\xBB\xBF", b"\xFF", b"\0",
];

/// Applies what an import gives to the sample: the result must save, and
/// what is saved must load as the same project.
fn apply_and_reload(
    mut project: trade_mission_planner::model::Project,
    edits: Vec<Edit>,
) -> Result<bool, String> {
    let batch = Edit::Batch {
        label: "Import".into(),
        edits,
    };
    if apply(&mut project, batch).is_err() {
        return Ok(false); // refused whole (a limit): nothing changed
    }
    let _ = validate(&project);
    if let Ok(text) = encode_for_saving(&project) {
        let loaded = load_str(&text).map_err(|e| format!("saved but refused: {e}"))?;
        if loaded != project {
            return Err("saved and loaded differ".into());
        }
    }
    Ok(true)
}

fn vcf_target(input: &[u8]) -> Result<bool, String> {
    let project = trade_mission_planner::sample::sample_project().map_err(|e| e.to_string())?;
    let Ok((edits, _)) = trade_mission_planner::io::vcard::import_vcards(&project, input) else {
        return Ok(false);
    };
    apply_and_reload(project, edits)
}

fn csv_target(input: &[u8]) -> Result<bool, String> {
    use trade_mission_planner::io::spreadsheet::{Sheet, default_mapping, import_csv, read_csv};
    let project = trade_mission_planner::sample::sample_project().map_err(|e| e.to_string())?;
    let Ok(table) = read_csv(input) else {
        return Ok(false);
    };
    let mut any = false;
    for sheet in Sheet::ALL {
        let mapping = default_mapping(sheet, &table.headers);
        let (edits, _) = import_csv(&project, sheet, &table, &mapping);
        any |= apply_and_reload(project.clone(), edits)?;
    }
    Ok(any)
}

/// What a target does with one input; `Err` is a defect (a panic is one too).
type Target = fn(&[u8]) -> Result<bool, String>;

fn load_target(input: &[u8]) -> Result<bool, String> {
    match load_bytes(input) {
        Ok(project) => {
            let _ = validate(&project);
            Ok(true)
        }
        Err(err) => {
            let _ = err.with_position();
            Ok(false)
        }
    }
}

/// Whatever project loads is put on the map (scene, labels, the picture's
/// drawing; not typeset, which the briefing target covers), and the bytes
/// are searched as a catalogue query.
fn map_target(input: &[u8]) -> Result<bool, String> {
    use trade_mission_planner::io::map_image::{MapView, drawing};
    use trade_mission_planner::map::scene::{MapFilters, Scene};
    let _ = trade_mission_planner::map::catalogue::bundled()
        .search(&String::from_utf8_lossy(input), 10);
    let Ok(project) = load_bytes(input) else {
        return Ok(false);
    };
    for day in [None, Some(project.mission.first_day)] {
        let scene = Scene::of(&project, &MapFilters { day, ..MapFilters::default() });
        for (width, height) in [(800.0, 500.0), (32.0, 4000.0)] {
            let view = MapView::fitted(&scene, width, height);
            let picture = drawing(&scene, &view);
            if picture.arcs.iter().flat_map(|a| &a.points).any(|p| !p[0].is_finite() || !p[1].is_finite()) {
                return Err("an arc point is not finite".into());
            }
        }
    }
    Ok(true)
}

/// The passphrase of the `protected` target's seeds.
const PASSPHRASE: &str = "harbour lights at dawn";

fn protected_target(input: &[u8]) -> Result<bool, String> {
    use age::secrecy::SecretString;
    use trade_mission_planner::io::project_file::unseal;
    let key = SecretString::from(PASSPHRASE.to_owned());
    match unseal(input.to_vec(), Some(&key)) {
        Ok(plain) => Ok(load_bytes(&plain).is_ok()),
        Err(err) => {
            let _ = err.to_string();
            Ok(false)
        }
    }
}

fn ics_target(input: &[u8]) -> Result<bool, String> {
    let project = trade_mission_planner::sample::sample_project().map_err(|e| e.to_string())?;
    let Ok((edits, report)) = import_ics(&project, input) else {
        return Ok(false);
    };
    let _ = report.note_lines();
    apply_and_reload(project, edits)
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, tokens: &[&[u8]], seeds: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(8) {
        let len = input.len();
        match rng.below(6) {
            0 if len > 0 => {
                let at = rng.below(len);
                input[at] = rng.next() as u8;
            }
            1 => {
                let token = tokens[rng.below(tokens.len())];
                let at = rng.below(len + 1);
                input.splice(at..at, token.iter().copied());
            }
            2 if len > 0 => {
                let at = rng.below(len);
                let end = (at + 1 + rng.below(64)).min(len);
                input.drain(at..end);
            }
            3 => {
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let end = (from + 1 + rng.below(512)).min(other.len());
                    let at = rng.below(len + 1);
                    input.splice(at..at, other[from..end].iter().copied());
                }
            }
            4 if len > 0 => {
                // Repeat a run: deep nesting, long strings.
                let at = rng.below(len);
                let end = (at + 1 + rng.below(8)).min(len);
                let run = input[at..end].to_vec();
                let times = 1 + rng.below(2_000);
                for _ in 0..times {
                    input.splice(at..at, run.iter().copied());
                }
            }
            _ => input.truncate(rng.below(len + 1)),
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let kind = args.first().map_or("load", String::as_str);
    let ics = kind == "ics";
    let seconds: u64 = args
        .iter()
        .find_map(|a| a.parse().ok())
        .unwrap_or(60);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let sample = trade_mission_planner::sample::sample_project().expect("the sample loads");
    let (folder, mut seeds, tokens, target, extension): (_, _, &[&[u8]], Target, _) = if kind == "vcf" {
        let export = trade_mission_planner::io::vcard::export_vcards(&sample, &sample.people);
        ("tests/fixtures/contacts", vec![export.into_bytes()], VCF_TOKENS, vcf_target, "vcf")
    } else if kind == "map" {
        (
            "tests/fixtures",
            vec![trade_mission_planner::sample::SAMPLE_RON.as_bytes().to_vec()],
            TOKENS,
            map_target,
            "mission.ron",
        )
    } else if kind == "protected" {
        use age::secrecy::SecretString;
        use trade_mission_planner::io::protect::encrypt;
        let key = SecretString::from(PASSPHRASE.to_owned());
        let plain = trade_mission_planner::sample::SAMPLE_RON.as_bytes();
        // Low work factors keep each try quick; the header's own is mutated.
        let seeds = (10..=12)
            .map(|factor| encrypt(plain, &key, factor).expect("the sample encrypts"))
            .collect();
        ("tests/fixtures/protected", seeds, AGE_TOKENS, protected_target, "age")
    } else if kind == "csv" {
        use trade_mission_planner::io::spreadsheet::{Sheet, export_csv};
        let seeds = Sheet::ALL
            .into_iter()
            .flat_map(|sheet| [export_csv(&sample, sheet, b','), export_csv(&sample, sheet, b';')])
            .collect();
        ("tests/fixtures/spreadsheets", seeds, CSV_TOKENS, csv_target, "csv")
    } else if ics {
        let export = export_ics(&sample, None, jiff::Timestamp::UNIX_EPOCH);
        (
            "tests/fixtures/calendars",
            vec![export.into_bytes()],
            ICS_TOKENS,
            ics_target,
            "ics",
        )
    } else {
        (
            "tests/fixtures",
            vec![trade_mission_planner::sample::SAMPLE_RON.as_bytes().to_vec()],
            TOKENS,
            load_target,
            "mission.ron",
        )
    };
    if let Ok(dir) = std::fs::read_dir(root.join(folder)) {
        for entry in dir.flatten() {
            if let Ok(bytes) = std::fs::read(entry.path())
                && bytes.len() < 200_000
            {
                seeds.push(bytes);
            }
        }
    }
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(0x5EED_2023_0311 ^ u64::from(std::process::id()));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut parsed) = (0u64, 0u64);
    while Instant::now() < deadline {
        for _ in 0..100 {
            let mut input = seeds[rng.below(seeds.len())].clone();
            mutate(&mut rng, tokens, &seeds, &mut input);
            let outcome = catch_unwind(AssertUnwindSafe(|| target(&input)));
            runs += 1;
            let defect = match outcome {
                Ok(Ok(true)) => {
                    parsed += 1;
                    continue;
                }
                Ok(Ok(false)) => continue,
                Ok(Err(why)) => why,
                Err(_) => "panic".to_owned(),
            };
            let dir = root.join("fuzz/artifacts");
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("crash-{runs}.{extension}"));
            let _ = std::fs::write(&file, &input);
            eprintln!("{defect} after {runs} runs; input saved to {}", file.display());
            std::process::exit(1);
        }
    }
    let what = match kind {
        "load" => "loaded as projects",
        "protected" => "decrypted and loaded (unchanged seeds)",
        _ => "imported",
    };
    println!("{runs} inputs in {seconds} s, {parsed} {what}, no defect");
}
