//! People, organisations and ports as spreadsheets: round trips, a file
//! LibreOffice Calc saved, and rows that are reported instead of imported.

use std::process::Command;

use trade_mission_planner::edit::{Edit, apply};
use trade_mission_planner::io::spreadsheet::{
    CsvError, Sheet, default_mapping, export_csv, import_csv, read_csv,
};
use trade_mission_planner::model::Project;
use trade_mission_planner::sample::sample_project;

fn import(
    project: &Project,
    sheet: Sheet,
    bytes: &[u8],
) -> (Project, trade_mission_planner::io::spreadsheet::CsvReport) {
    let table = read_csv(bytes).unwrap();
    let mapping = default_mapping(sheet, &table.headers);
    let (edits, report) = import_csv(project, sheet, &table, &mapping);
    let mut after = project.clone();
    apply(
        &mut after,
        Edit::Batch {
            label: "Import".into(),
            edits,
        },
    )
    .unwrap();
    (after, report)
}

/// The sample with the texts spreadsheets trip over.
fn awkward_sample() -> Project {
    let mut project = sample_project().unwrap();
    project.people[0].notes = "Line one\nline two; with \"quotes\", commas\n".into();
    project.people[1].title = "=HYPERLINK(\"http://example.org\")".into();
    project.people[2].phone = "+81 3 1234 5678".into();
    project.ports[0].notes = "-not a number".into();
    project.organisations[0].website = "@handle".into();
    // Apostrophes and formula look-alikes a round trip must keep as written.
    project.people[3].notes = "''=x".into();
    project.people[4].notes = "'hello".into();
    project.people[5].notes = "'\tfoo".into();
    project.people[3].title = " =cmd|' /C calc'!A0".into();
    project.people[4].title = "＝1+1".into();
    project.people[5].title = "+ HYPERLINK(\"http://evil\",\"x\")".into();
    // Facts as typed, an empty one too; a zone jiff knows by another name.
    project.ports[1].facts = vec!["  indented".into(), String::new(), "last".into()];
    project.ports[2].time_zone = "Japan".into();
    // Two organisations whose names differ only in case keep their people.
    let mut twin = project.organisations[0].clone();
    twin.id = trade_mission_planner::model::OrganisationId(107);
    twin.name = twin.name.to_lowercase();
    project.organisations.push(twin);
    project
}

#[test]
fn each_sheet_exported_then_imported_changes_nothing() {
    let project = awkward_sample();
    for sheet in Sheet::ALL {
        for separator in [b',', b';'] {
            let bytes = export_csv(&project, sheet, separator);
            assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM first");
            let table = read_csv(&bytes).unwrap();
            assert_eq!(table.separator, separator);
            let mapping = default_mapping(sheet, &table.headers);
            assert!(mapping.iter().all(Option::is_some), "{:?}", table.headers);
            let (edits, report) = import_csv(&project, sheet, &table, &mapping);
            assert!(edits.is_empty(), "{sheet:?} {edits:?}");
            assert!(report.notes.is_empty(), "{:?}", report.notes);
            let count = match sheet {
                Sheet::People => project.people.len(),
                Sheet::Organisations => project.organisations.len(),
                Sheet::Ports => project.ports.len(),
            };
            assert_eq!(report.unchanged, count);
        }
    }
    // A formula is written so that a spreadsheet shows it as text.
    let people = String::from_utf8(export_csv(&project, Sheet::People, b',')).unwrap();
    assert!(people.contains("\"'=HYPERLINK("), "{people}");
    for defused in ["' =cmd", "'＝1+1", "\"'+ HYPERLINK", "'''=x", "''hello"] {
        assert!(people.contains(defused), "{defused} in {people}");
    }
    // A phone number is not a number to a spreadsheet (it would compute
    // "+81 3…" as a formula and fail); plain text and real numbers stay bare.
    assert!(people.contains(",'+81 3 1234 5678,"), "{people}");
    assert!(people.contains(",k.sato@example.jp,"), "{people}");
    let ports = String::from_utf8(export_csv(&project, Sheet::Ports, b',')).unwrap();
    assert!(ports.contains(",-118."), "{ports}");
    assert!(!ports.contains("'-118."), "{ports}");
}

#[test]
fn each_list_is_named_by_its_label_on_the_command_line_too() {
    let labels: Vec<&str> = Sheet::ALL.iter().map(|sheet| sheet.label()).collect();
    assert_eq!(labels, ["People", "Organisations", "Ports"]);
    for sheet in Sheet::ALL {
        assert_eq!(sheet.label().parse::<Sheet>(), Ok(sheet));
    }
}

/// Up to 32 MiB is read; a byte more is refused before it is read.
#[test]
fn a_large_spreadsheet_is_read_and_one_past_the_limit_is_refused() {
    use trade_mission_planner::io::read_regular_file;
    use trade_mission_planner::io::spreadsheet::MAX_CSV_BYTES;
    let dir = tempfile::tempdir().unwrap();
    let large = dir.path().join("large.csv");
    std::fs::write(&large, vec![b'\n'; 20 << 20]).unwrap();
    assert_eq!(
        read_regular_file(&large, MAX_CSV_BYTES).unwrap().len(),
        20 << 20
    );
    let over = dir.path().join("over.csv");
    std::fs::write(&over, vec![b'\n'; (32 << 20) + 1]).unwrap();
    assert!(read_regular_file(&over, MAX_CSV_BYTES).is_err());
}

#[test]
fn the_same_people_imported_into_an_empty_project_come_back_whole() {
    let project = awkward_sample();
    let empty = Project {
        organisations: project.organisations.clone(),
        ..Project::default()
    };
    let (after, report) = import(
        &empty,
        Sheet::People,
        &export_csv(&project, Sheet::People, b';'),
    );
    assert_eq!(report.added, project.people.len());
    // Matched by id: the same ids, the same people.
    assert_eq!(after.people, project.people);
}

#[test]
fn a_file_saved_by_libreoffice_calc_with_semicolons_imports() {
    let project = awkward_sample();
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("people.csv");
    // Colleagues edit the list in Calc: one phone changed, one person added.
    let mut text = String::from_utf8(export_csv(&project, Sheet::People, b',')).unwrap();
    text = text.replacen(
        "k.sato@example.jp,",
        "k.sato@example.jp,+81 90 0000 1111",
        1,
    );
    text.push_str(",Ana Lima,,Consul,,Other,ana.lima@example.br,,\r\n");
    std::fs::write(&ours, &text).unwrap();
    let out = dir.path().join("out");
    let status = Command::new("soffice")
        .args(["--headless", "--infilter=CSV:44,34,76,1", "--convert-to"])
        .arg("csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true,false,false")
        .arg("--outdir")
        .arg(&out)
        .arg(&ours)
        .env("HOME", dir.path())
        .output()
        .expect("soffice runs (.ci/run installs libreoffice-calc)");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let saved = std::fs::read_dir(&out)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let calc = std::fs::read(&saved).unwrap();
    assert!(calc.starts_with(b"Id;Name;"), "Calc wrote ; between fields");
    // LibreOffice 7.4 cannot write a byte-order mark; Excel and newer Calc do.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&calc);
    for bytes in [calc.clone(), with_bom] {
        let (after, report) = import(&project, Sheet::People, &bytes);
        assert_eq!((report.added, report.updated), (1, 1), "{report:?}");
        let kenji = after
            .people
            .iter()
            .find(|p| p.email == "k.sato@example.jp")
            .unwrap();
        assert!(
            kenji.phone.starts_with("+81 90 0000 1111"),
            "{}",
            kenji.phone
        );
        assert!(
            after
                .people
                .iter()
                .any(|p| p.name == "Ana Lima" && p.title == "Consul")
        );
        assert_eq!(
            after.people[0].notes, project.people[0].notes,
            "quoted lines kept"
        );
        assert_eq!(
            after.people[1].title, project.people[1].title,
            "a formula stayed text"
        );
    }
}

#[test]
fn bad_rows_are_reported_by_line_and_the_rest_imports() {
    let project = sample_project().unwrap();
    let csv = "\u{feff}Port;UN/LOCODE;Lat;Lon;Time zone;Country\r\n\
               Port of Busan;KRPUS;35,1;129,04;Asia/Seoul;KR\r\n\
               Port of Nowhere;XXNOW;1;2;Mars/Olympus;XX\r\n\
               \"Port of\r\nValparaíso\";CLVAP;-33.03;-71.63;America/Santiago;CL\r\n\
               Port of Hamburg;DEHAM;53.5;9.9;W. Europe Standard Time;DE\r\n\
               Port of Far;ZZFAR;95;0;UTC;ZZ\r\n\
               ;;;;;\r\n\
               Port of Busan again;KRPUS;35;129;Asia/Seoul;KR\r\n";
    let (after, report) = import(&project, Sheet::Ports, csv.as_bytes());
    assert_eq!(report.added, 3, "{report:?}");
    let notes: Vec<(usize, &str)> = report.notes.iter().map(|(l, n)| (*l, n.as_str())).collect();
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(
        notes[0].0 == 3 && notes[0].1.contains("unknown time zone \"Mars/Olympus\""),
        "{notes:?}"
    );
    assert!(
        notes[1].0 == 7 && notes[1].1.contains("95 is beyond ±90"),
        "{notes:?}"
    );
    assert!(
        notes[2].0 == 9 && notes[2].1.contains("\"KRPUS\" again"),
        "{notes:?}"
    );
    let busan = after.ports.iter().find(|p| p.locode == "KRPUS").unwrap();
    assert_eq!(
        (busan.latitude, busan.longitude),
        (35.1, 129.04),
        "decimal commas read"
    );
    let hamburg = after.ports.iter().find(|p| p.locode == "DEHAM").unwrap();
    assert_eq!(
        hamburg.time_zone, "Europe/Berlin",
        "a Windows zone name is read"
    );
    assert!(
        after
            .ports
            .iter()
            .any(|p| p.name == "Port of\r\nValparaíso" || p.name.contains("Valpara"))
    );

    let people = "Name,E-mail\nGood Person,good@example.org,too,many\nBad Mail,not-an-address\n";
    let (after, report) = import(&project, Sheet::People, people.as_bytes());
    assert_eq!(report.added, 1);
    assert_eq!(
        report.notes,
        vec![
            (
                2,
                "2 cells beyond the last column's header were not imported".to_owned()
            ),
            (
                3,
                "\"not-an-address\" does not look like an e-mail address; row left out".to_owned()
            )
        ]
    );
    assert!(after.people.iter().any(|p| p.name == "Good Person"));
}

#[test]
fn files_that_are_not_spreadsheets_are_refused_with_their_line() {
    assert_eq!(read_csv(b""), Err(CsvError::Empty));
    assert_eq!(read_csv(b"\n\n;;;\n"), Err(CsvError::Empty));
    assert_eq!(
        read_csv(b"Name\nok\n\xff\n"),
        Err(CsvError::NotUtf8 { line: 3 })
    );
    let wide = format!("{}\n", "a,".repeat(300));
    assert!(matches!(
        read_csv(wide.as_bytes()),
        Err(CsvError::TooManyColumns { line: 1 })
    ));
    // 256 columns are read, 257 are not.
    let widest = format!("Name\n{}a\n", "a,".repeat(255));
    assert_eq!(read_csv(widest.as_bytes()).unwrap().rows[0].1.len(), 256);
    let one_more = format!("Name\n{}a\n", "a,".repeat(256));
    assert!(matches!(
        read_csv(one_more.as_bytes()),
        Err(CsvError::TooManyColumns { line: 2 })
    ));
    let rows = |count| format!("Name\n{}", "x\n".repeat(count));
    let limit = trade_mission_planner::io::spreadsheet::MAX_ROWS;
    assert_eq!(read_csv(rows(limit).as_bytes()).unwrap().rows.len(), limit);
    assert_eq!(
        read_csv(rows(limit + 1).as_bytes()),
        Err(CsvError::TooManyRows)
    );
    // A quote that never closes would make the rest of the file one cell:
    // refused at its line rather than losing the rows after it unseen.
    let open = format!("Name,Notes\nA,\"{}\nB,b\nC,c\n", "x,".repeat(100_000));
    assert!(matches!(
        read_csv(open.as_bytes()),
        Err(CsvError::Malformed { line: 2, .. })
    ));
    // Excel's "CSV (Macintosh)" ends lines with a carriage return alone.
    let mac = "Name,E-mail\rA,a@x.org\rB,bad\rC,c@x.org\rD,bad2\r";
    let (_, report) = import(&sample_project().unwrap(), Sheet::People, mac.as_bytes());
    let lines: Vec<usize> = report.notes.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [3, 5]);
    // Thousands of bad rows: a thousand notes and a count.
    let junk = format!("Name,E-mail\n{}", "x,bad\n".repeat(3_000));
    let (_, report) = import(&sample_project().unwrap(), Sheet::People, junk.as_bytes());
    assert_eq!((report.notes.len(), report.more_notes), (1_000, 2_000));
    // Headers nobody knows map to nothing, and nothing is imported from them.
    let table = read_csv(b"Colour;Size\nred;3\n").unwrap();
    assert_eq!(
        default_mapping(Sheet::People, &table.headers),
        vec![None, None]
    );
    let (edits, report) = import_csv(
        &sample_project().unwrap(),
        Sheet::People,
        &table,
        &[None, None],
    );
    assert!(edits.is_empty());
    assert_eq!(report.notes, vec![(2, "no name; row left out".to_owned())]);
}

#[test]
fn an_empty_cell_leaves_what_the_project_knows() {
    let project = sample_project().unwrap();
    let csv = "Name,E-mail,Organisation,Phone\nKenji Sato,k.sato@example.jp,,\nKenji Sato,y.tanaka@example.jp, ,+81 45 000\n";
    let (after, report) = import(&project, Sheet::People, csv.as_bytes());
    assert_eq!((report.unchanged, report.updated), (1, 1), "{report:?}");
    let yuki = after
        .people
        .iter()
        .find(|p| p.email == "y.tanaka@example.jp")
        .unwrap();
    assert_eq!(yuki.name, "Kenji Sato", "a filled cell replaces");
    assert_eq!(yuki.phone, "+81 45 000");
    assert!(yuki.organisation.is_some(), "a blank cell does not clear");
}

/// The separator is the one the header line uses most outside quotes: a
/// quoted header may hold the others, even a line break; the rows below do
/// not count; a tie goes to the comma.
#[test]
fn the_separator_is_read_from_the_header_line_outside_quotes() {
    let separator = |text: &str| read_csv(text.as_bytes()).unwrap().separator;
    assert_eq!(separator("\"Name, full\";E-mail;Phone\n"), b';');
    assert_eq!(separator("\"a,b,c\";x\n"), b';');
    assert_eq!(separator("\"a;b;c\",x\n"), b',');
    assert_eq!(separator("\"a\tb\tc\";x\n"), b';');
    assert_eq!(separator("\"a\tb\nc\";x;y\n1\t2\t3\t4\t5\n"), b';');
    assert_eq!(separator("Name\tE-mail\tPhone\n1;2;3;4;5\n"), b'\t');
    assert_eq!(separator("Name;E-mail\n"), b';');
    assert_eq!(separator("Name,E-mail;Phone\n"), b',');
    assert_eq!(separator("Name\n"), b',');
}

/// An apostrophe that begins a cell is kept, unless it is the one export
/// puts before a formula look-alike or before another apostrophe.
#[test]
fn an_apostrophe_typed_elsewhere_is_kept() {
    let project = sample_project().unwrap();
    let csv = "Name,E-mail,Notes\nAna Lima,ana.lima@example.br,'90s delegation\n\
               Rui Costa,rui.costa@example.br,'=1+1\n";
    let (after, report) = import(&project, Sheet::People, csv.as_bytes());
    assert_eq!(report.added, 2, "{report:?}");
    let notes = |name: &str| {
        after
            .people
            .iter()
            .find(|p| p.name == name)
            .unwrap()
            .notes
            .clone()
    };
    assert_eq!(notes("Ana Lima"), "'90s delegation");
    assert_eq!(notes("Rui Costa"), "=1+1");
}

/// Organisations and ports moved to an empty project keep their ids, as
/// people do (agreements and events elsewhere name them by id).
#[test]
fn organisations_and_ports_imported_into_an_empty_project_keep_their_ids() {
    let project = sample_project().unwrap();
    let (after, report) = import(
        &Project::default(),
        Sheet::Organisations,
        &export_csv(&project, Sheet::Organisations, b','),
    );
    assert_eq!(report.added, project.organisations.len(), "{report:?}");
    assert_eq!(after.organisations, project.organisations);
    let (after, report) = import(
        &Project::default(),
        Sheet::Ports,
        &export_csv(&project, Sheet::Ports, b','),
    );
    assert_eq!(report.added, project.ports.len(), "{report:?}");
    let ids = |ports: &[trade_mission_planner::model::Port]| -> Vec<_> {
        ports.iter().map(|p| (p.id, p.name.clone())).collect()
    };
    assert_eq!(ids(&after.ports), ids(&project.ports));
}

/// A row shorter than the header is read; empty cells past the last header
/// are no news; a new person's role is Other until the list says; an
/// existing person listed twice is taken once and the second row reported.
#[test]
fn short_rows_empty_trailing_cells_and_repeated_rows_are_read_as_meant() {
    let project = sample_project().unwrap();
    let csv = "Name,E-mail,Phone\n\
               Ana Lima,ana.lima@example.br\n\
               Rui Costa,rui.costa@example.br,,,\n\
               Kenji Sato,k.sato@example.jp,+81 1\n\
               Kenji Sato,k.sato@example.jp,+81 2\n";
    let (after, report) = import(&project, Sheet::People, csv.as_bytes());
    assert_eq!((report.added, report.updated), (2, 1), "{report:?}");
    assert_eq!(
        report.notes,
        [(5, "\"Kenji Sato\" again; row left out".to_owned())]
    );
    let person = |name: &str| after.people.iter().find(|p| p.name == name).unwrap();
    assert_eq!(
        person("Ana Lima").role,
        trade_mission_planner::model::MissionRole::Other
    );
    assert_eq!(person("Kenji Sato").phone, "+81 1");
}
