//! Contacts as vCard: read back by an independent parser (Python's vobject,
//! which .ci/run installs), round trips, and the cards phones really write.

use std::process::Command;

use trade_mission_planner::edit::{Edit, apply};
use trade_mission_planner::io::vcard::{VcardError, export_vcards, import_vcards};
use trade_mission_planner::model::{Person, Project};
use trade_mission_planner::sample::sample_project;

/// name, local name, e-mail, organisation, title, phone: one line a card as
/// vobject reads the file.
fn vobject_cards(vcf: &str) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.vcf");
    std::fs::write(&path, vcf).unwrap();
    let script = r#"
import sys, json, vobject
out = []
with open(sys.argv[1], encoding="utf-8") as f:
    for card in vobject.readComponents(f.read()):
        fns = card.contents.get("fn", [])
        name = [f.value for f in fns if f.params.get("LANGUAGE", ["en"])[0] == "en"]
        local = [f.value for f in fns if f.params.get("LANGUAGE", ["en"])[0] != "en"]
        get = lambda key: card.contents[key][0].value if key in card.contents else ""
        org = card.contents["org"][0].value[0] if "org" in card.contents else ""
        out.append([name[0], local[0] if local else "", get("email"), org, get("title"), get("tel")])
print(json.dumps(out, ensure_ascii=False))
"#;
    let output = Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "vobject could not read the cards (.ci/run installs vobject): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let parsed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    parsed
        .as_array()
        .unwrap()
        .iter()
        .map(|card| {
            card.as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect()
        })
        .collect()
}

fn organisation_name(project: &Project, person: &Person) -> String {
    person
        .organisation
        .and_then(|id| project.organisations.iter().find(|o| o.id == id))
        .map_or_else(String::new, |o| o.name.clone())
}

#[test]
fn vobject_reads_every_person_as_exported() {
    let mut project = sample_project().unwrap();
    // Characters vCard escapes or folds.
    project.people[0].title =
        "Director, Trade; Ports \\ Logistics — a title long enough to be folded twice over".into();
    project.people[1].phone = "+1 310 555 0100".into();
    let vcf = export_vcards(&project, &project.people);
    assert!(
        vcf.lines().all(|l| l.len() <= 76),
        "lines folded at 75 octets"
    );
    let cards = vobject_cards(&vcf);
    assert_eq!(cards.len(), project.people.len());
    for (card, person) in cards.iter().zip(&project.people) {
        let expected = [
            person.name.clone(),
            person.local_name.clone(),
            person.email.clone(),
            organisation_name(&project, person),
            person.title.clone(),
            person.phone.clone(),
        ];
        assert_eq!(card, &expected.to_vec(), "{}", person.name);
    }
    assert!(cards.iter().any(|c| c[1] == "中村 博"));
    assert!(vcf.contains("FN;ALTID=1;LANGUAGE=ja:中村 博"));
}

#[test]
fn a_round_trip_changes_nothing() {
    let project = sample_project().unwrap();
    let vcf = export_vcards(&project, &project.people);
    let (edits, report) = import_vcards(&project, vcf.as_bytes()).unwrap();
    assert!(edits.is_empty(), "{edits:?}");
    assert_eq!(report.unchanged, project.people.len());
    assert_eq!((report.added, report.updated), (0, 0));
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
}

const PHONE_EXPORT: &str = "BEGIN:VCARD\r
VERSION:3.0\r
N:Sato;Kenji;;;\r
FN:Kenji Sato\r
item1.EMAIL;type=INTERNET;type=pref:k.sato@example.jp\r
TEL;type=CELL:+81 90 1234 \r
 5678\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:2.1\r
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=B1=B1=E7=94=B0;=E5=A4=AA=E9=83=8E\r
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Taro Yamada\r
TEL;WORK;VOICE:+81 3 0000 0000\r
ORG:Port of Nowhere\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:4.0\r
FN:Broken Mail\r
EMAIL:not an address\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:4.0\r
TEL:+1 000\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Kenji Sato again\r
EMAIL:K.Sato@example.jp\r
END:VCARD\r
";

#[test]
fn a_phones_cards_update_by_email_and_report_what_they_skip_by_line() {
    let project = sample_project().unwrap();
    let (edits, report) = import_vcards(&project, PHONE_EXPORT.as_bytes()).unwrap();
    assert_eq!(
        (report.added, report.updated, report.unchanged),
        (2, 1, 0),
        "{report:?}"
    );
    let skipped: Vec<(usize, &str)> = report
        .skipped
        .iter()
        .map(|(line, why)| (*line, why.as_str()))
        .collect();
    assert_eq!(skipped.len(), 4, "{skipped:?}");
    assert!(
        skipped[0].0 == 14 && skipped[0].1.contains("Port of Nowhere"),
        "{skipped:?}"
    );
    assert!(
        skipped[1].0 == 19 && skipped[1].1.contains("not an address"),
        "{skipped:?}"
    );
    assert!(
        skipped[2].0 == 21 && skipped[2].1.contains("without a name"),
        "{skipped:?}"
    );
    assert!(
        skipped[3].0 == 25 && skipped[3].1.contains("second card for Kenji Sato"),
        "{skipped:?}"
    );

    let mut after = project.clone();
    apply(
        &mut after,
        Edit::Batch {
            label: "Import contacts".into(),
            edits,
        },
    )
    .unwrap();
    let kenji = after
        .people
        .iter()
        .find(|p| p.email == "k.sato@example.jp")
        .unwrap();
    assert_eq!(kenji.phone, "+81 90 1234 5678", "a folded line unfolded");
    assert_eq!(kenji.local_name, "佐藤 健二", "kept when the card has none");
    let taro = after
        .people
        .iter()
        .find(|p| p.name == "Taro Yamada")
        .unwrap();
    assert_eq!(taro.phone, "+81 3 0000 0000");
    assert_eq!(taro.organisation, None);
    let broken = after
        .people
        .iter()
        .find(|p| p.name == "Broken Mail")
        .unwrap();
    assert_eq!(broken.email, "", "imported without the bad address");
    assert_eq!(after.people.len(), project.people.len() + 2);
}

#[test]
fn files_that_are_not_contacts_are_refused_with_their_line() {
    let project = sample_project().unwrap();
    assert_eq!(
        import_vcards(&project, b"hello\nworld\n"),
        Err(VcardError::NoCards)
    );
    assert_eq!(import_vcards(&project, b""), Err(VcardError::NoCards));
    let mut bad = PHONE_EXPORT.as_bytes().to_vec();
    bad.extend_from_slice(b"BEGIN:VCARD\r\nFN:\xff\xfe\r\nEND:VCARD\r\n");
    assert_eq!(
        import_vcards(&project, &bad),
        Err(VcardError::NotUtf8 { line: 31 })
    );
    // A BOM, as Windows programs write, is not part of the first line.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(PHONE_EXPORT.as_bytes());
    assert_eq!(import_vcards(&project, &with_bom).unwrap().1.added, 2);
}

#[test]
fn hostile_contact_files_end_in_a_report_not_a_hang() {
    let project = sample_project().unwrap();
    let many =
        "BEGIN:VCARD\nFN:x\nEND:VCARD\n".repeat(trade_mission_planner::io::vcard::MAX_CARDS + 1);
    assert_eq!(
        import_vcards(&project, many.as_bytes()),
        Err(VcardError::TooManyCards)
    );
    let unterminated = "BEGIN:VCARD\nFN:a\n".repeat(10_000);
    let (edits, report) =
        import_vcards(&project, format!("{unterminated}END:VCARD\n").as_bytes()).unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!((report.skipped.len(), report.more_skipped), (1_000, 8_999));
    let long = format!(
        "BEGIN:VCARD\nFN:{}\nNOTE:{}\nEND:VCARD\n",
        "n".repeat(1_000_000),
        "\\".repeat(1_000_001)
    );
    assert_eq!(import_vcards(&project, long.as_bytes()).unwrap().1.added, 1);
    let quotes = format!("BEGIN:VCARD\nFN;X=\"{}:v\nEND:VCARD\n", "\"".repeat(10_001));
    let (edits, _) = import_vcards(&project, quotes.as_bytes()).unwrap();
    assert!(
        matches!(&edits[..], [Edit::Add { entity: trade_mission_planner::model::AnyEntity::Person(p), .. }] if p.name == "v")
    );
    let qp = "BEGIN:VCARD\nFN;ENCODING=QUOTED-PRINTABLE:=E2=82\nEND:VCARD\n";
    assert_eq!(import_vcards(&project, qp.as_bytes()).unwrap().1.added, 1);
}

#[test]
fn what_phones_really_write_is_read() {
    let project = sample_project().unwrap();
    // A quoted-printable note broken with soft line breaks, in Latin-1; a
    // name with an escaped semicolon; CR-only line ends; then a fold inside
    // a character.
    let mut file = b"BEGIN:VCARD\rVERSION:2.1\rN:Doe\\;Smith;John;;;\rNOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:J=FCrgen wants =\r\nshore power: 2 berths\rEND:VCARD\r".to_vec();
    file.extend_from_slice("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ka".as_bytes());
    file.extend_from_slice(&"ō".as_bytes()[..1]);
    file.extend_from_slice(b"\r\n ");
    file.extend_from_slice(&"ō".as_bytes()[1..]);
    file.extend_from_slice("ri Itō\r\nEND:VCARD\r\n".as_bytes());
    let (edits, report) = import_vcards(&project, &file).unwrap();
    assert_eq!(report.added, 2, "{report:?}");
    let people: Vec<&Person> = edits
        .iter()
        .filter_map(|e| match e {
            Edit::Add {
                entity: trade_mission_planner::model::AnyEntity::Person(p),
                ..
            } => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(people[0].name, "John Doe;Smith");
    assert_eq!(people[0].notes, "Jürgen wants shore power: 2 berths");
    assert_eq!(people[1].name, "Kaōri Itō");
}

#[test]
fn names_in_any_script_tabs_and_tel_prefixes_come_back_as_written() {
    let mut project = sample_project().unwrap();
    project.people[0].name = "Νίκος Παπαδόπουλος".into();
    project.people[0].local_name = "Nikos Papadopoulos".into();
    project.people[1].notes = "a\tb".into();
    project.people[2].phone = "tel:+1 555".into();
    let vcf = export_vcards(&project, &project.people);
    let (edits, report) = import_vcards(&project, vcf.as_bytes()).unwrap();
    assert!(edits.is_empty(), "{edits:?}");
    assert_eq!(report.unchanged, project.people.len());
    // Two organisations named alike keep their people apart.
    let mut twin = project.organisations[0].clone();
    twin.id = trade_mission_planner::model::OrganisationId(107);
    twin.name = twin.name.to_lowercase();
    project.organisations.push(twin);
    let (edits, _) = import_vcards(&project, vcf.as_bytes()).unwrap();
    assert!(edits.is_empty(), "{edits:?}");
}

#[test]
fn a_file_of_junk_lines_makes_a_short_report() {
    let project = sample_project().unwrap();
    let junk = format!("BEGIN:VCARD\nFN:A\nEND:VCARD\n{}", "x\n".repeat(100_000));
    let (_, report) = import_vcards(&project, junk.as_bytes()).unwrap();
    assert_eq!((report.skipped.len(), report.more_skipped), (1_000, 99_000));
}

#[test]
fn the_cards_of_everyone_an_organisation_an_event_or_a_person() {
    use trade_mission_planner::io::vcard::contacts_of;
    use trade_mission_planner::model::{EntityRef, EventId, OrganisationId, PersonId};
    let project = sample_project().unwrap();
    let names = |of| -> Vec<String> {
        contacts_of(&project, of)
            .iter()
            .map(|p| p.name.clone())
            .collect()
    };
    assert_eq!(names(None).len(), project.people.len());
    // The Port of Los Angeles's people, in the project's order.
    assert_eq!(
        names(Some(EntityRef::Organisation(OrganisationId(101)))),
        ["Maria Alvarez", "Rachel Cohen"]
    );
    // The Tokyo signing's participants, in the event's order.
    assert_eq!(
        names(Some(EntityRef::Event(EventId(505)))),
        ["Maria Alvarez", "Kenji Sato", "Daniel Kim", "Rachel Cohen"]
    );
    assert_eq!(
        names(Some(EntityRef::Person(PersonId(206)))),
        ["Hiroshi Nakamura"]
    );
    assert!(names(Some(EntityRef::Event(EventId(9)))).is_empty());
}

/// What address books sort and label by: the family name first in N, a
/// local-script name tagged with the language its organisation's country
/// decides (Han characters alone cannot tell Korean from Chinese), and a
/// NOTE only for a person with notes.
#[test]
fn family_names_languages_and_notes_are_written_as_address_books_read_them() {
    use trade_mission_planner::model::{OrganisationId, PersonId};
    let mut project = sample_project().unwrap();
    let template_organisation = project.organisations[0].clone();
    let cases = [
        ("KR", "金玟俊", "ko"),
        ("cn", "王伟", "zh-Hans"),
        ("SG", "李明", "zh-Hans"),
        ("TW", "陳怡君", "zh-Hant"),
        ("HK", "陳大文", "zh-Hant"),
        ("MO", "何美玲", "zh-Hant"),
        ("JP", "金田", "ja"),
        ("", "王伟", "zh"),
        ("", "김민준", "ko"),
        ("", "やまだ", "ja"),
    ];
    let mut people = Vec::new();
    for (index, (country, local, _)) in cases.iter().enumerate() {
        let mut organisation = template_organisation.clone();
        organisation.id = OrganisationId(9_000 + index as u64);
        organisation.country = (*country).to_owned();
        let mut person = Person::new("Maria  de la Cruz");
        person.id = PersonId(9_000 + index as u64);
        person.local_name = (*local).to_owned();
        person.organisation = Some(organisation.id);
        project.organisations.push(organisation);
        people.push(person);
    }
    let mut single = Person::new("Madonna");
    single.id = PersonId(9_100);
    // A bell and a stray carriage return cannot be written; a tab can.
    single.notes = "Prefers\u{7} mornings\r\tand tea".into();
    people.push(single);

    let vcf = export_vcards(&project, &people);
    for (_, local, language) in cases {
        assert!(
            vcf.contains(&format!("FN;ALTID=1;LANGUAGE={language}:{local}\r\n")),
            "{local} as {language} in:\n{vcf}"
        );
    }
    assert_eq!(
        vcf.matches("N:Cruz;Maria  de la;;;\r\n").count(),
        cases.len()
    );
    assert!(vcf.contains("N:Madonna;;;;\r\n"));
    assert_eq!(vcf.matches("NOTE:").count(), 1);
    assert!(vcf.contains("NOTE:Prefers mornings\tand tea\r\n"), "{vcf}");
}

/// The contacts file limit the import reads to: a large address book of 10
/// MiB is read, one past 16 MiB is refused before it is read.
#[test]
fn a_large_address_book_is_read_and_one_past_the_limit_is_refused() {
    use trade_mission_planner::io::read_regular_file;
    use trade_mission_planner::io::vcard::MAX_VCF_BYTES;
    let dir = tempfile::tempdir().unwrap();
    let large = dir.path().join("large.vcf");
    std::fs::write(&large, vec![b'\n'; 10 * 1024 * 1024]).unwrap();
    assert_eq!(
        read_regular_file(&large, MAX_VCF_BYTES).unwrap().len(),
        10 << 20
    );
    let over = dir.path().join("over.vcf");
    std::fs::write(&over, vec![b'\n'; (16 << 20) + 1]).unwrap();
    assert!(read_regular_file(&over, MAX_VCF_BYTES).is_err());
}

/// A parameter value in quotes may hold the colon and semicolon that
/// otherwise end a property's name and parameters; and a line that begins
/// with a space after a blank line starts a property of its own, reported
/// by its own line number.
#[test]
fn quoted_parameters_and_indented_lines_after_a_blank_are_read_where_they_are() {
    let project = sample_project().unwrap();
    let cards = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Haruto Ishii\r\n\
        EMAIL;TYPE=work;X-LABEL=\"Office: Yokohama; 2F\":haruto@example.jp\r\nEND:VCARD\r\n\
        BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Aiko Mori\r\n\r\n EMAIL:not an address\r\nEND:VCARD\r\n";
    let (after, report) = imported(&project, cards);
    let haruto = after
        .people
        .iter()
        .find(|p| p.name == "Haruto Ishii")
        .unwrap();
    assert_eq!(haruto.email, "haruto@example.jp");
    assert_eq!(report.added, 2, "{report:?}");
    assert!(
        report.skipped.iter().any(|(line, _)| *line == 10),
        "the bad address is on line 10: {report:?}"
    );
}

/// A value ending in "=" joins the next line only when it is quoted-printable;
/// a component nested in a card (as some address books write) neither starts
/// nor ends the card; a second name that differs is the local one.
#[test]
fn only_quoted_printable_joins_lines_and_nested_components_stay_inside_the_card() {
    let project = sample_project().unwrap();
    let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Aiko Mori\r\nFN;LANGUAGE=ja:森 愛子\r\n\
        NOTE:a=b=\r\nBEGIN:X-EXTRA\r\nX-FOO:bar\r\nEND:X-EXTRA\r\n\
        EMAIL:aiko.mori@example.jp\r\nEND:VCARD\r\n";
    let (after, report) = imported(&project, cards);
    let aiko = after.people.iter().find(|p| p.name == "Aiko Mori").unwrap();
    assert_eq!(aiko.email, "aiko.mori@example.jp", "{report:?}");
    assert_eq!(aiko.notes, "a=b=");
    assert_eq!(aiko.local_name, "森 愛子");
    assert_eq!(report.added, 1, "{report:?}");
    assert!(
        !report
            .skipped
            .iter()
            .any(|(_, note)| note.contains("without END")),
        "{report:?}"
    );
}

/// A phone given as a `tel:` URI is its number; a text phone keeps what it
/// says; an empty ORG is no organisation and no note; a second new card with
/// an e-mail already taken by another new card is left out by its line.
#[test]
fn phones_empty_organisations_and_repeated_new_emails_are_read_as_meant() {
    let project = sample_project().unwrap();
    let cards = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ren Aoki\r\nEMAIL:ren@example.jp\r\n\
        TEL;VALUE=uri:tel:+81-3-5555-0101\r\nORG:\r\nEND:VCARD\r\n\
        BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Mei Ito\r\nTEL:tel:+81-45-555-0102\r\nEND:VCARD\r\n\
        BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ren Aoki-Smith\r\nEMAIL:REN@example.jp\r\nEND:VCARD\r\n";
    let (after, report) = imported(&project, cards);
    let person = |name: &str| after.people.iter().find(|p| p.name == name).unwrap();
    assert_eq!(person("Ren Aoki").phone, "+81-3-5555-0101");
    assert_eq!(person("Ren Aoki").organisation, None);
    // Without VALUE=uri the text is kept as written.
    assert_eq!(person("Mei Ito").phone, "tel:+81-45-555-0102");
    assert!(after.people.iter().all(|p| p.name != "Ren Aoki-Smith"));
    assert_eq!(report.added, 2, "{report:?}");
    assert_eq!(
        report.skipped,
        vec![(
            13,
            "a second card with the e-mail REN@example.jp left out".to_owned()
        )]
    );
}

/// The project after importing `cards`, and the import's report.
fn imported(
    project: &Project,
    cards: &str,
) -> (Project, trade_mission_planner::io::vcard::VcardReport) {
    let (edits, report) = import_vcards(project, cards.as_bytes()).unwrap();
    let mut after = project.clone();
    for edit in edits {
        apply(&mut after, edit).unwrap();
    }
    (after, report)
}

/// An address with a NUL or another control character in it (a broken
/// export) is not an address: the person comes in without it, and the
/// report names its line.
#[test]
fn an_email_with_a_control_character_is_left_out_by_its_line() {
    let project = sample_project().unwrap();
    let cards = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Nul Mail\r\nEMAIL:nul\0@example.jp\r\nEND:VCARD\r\n\
        BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bell Mail\r\nEMAIL:bell@exam\u{7}ple.jp\r\nEND:VCARD\r\n";
    let (after, report) = imported(&project, cards);
    for name in ["Nul Mail", "Bell Mail"] {
        let person = after.people.iter().find(|p| p.name == name).unwrap();
        assert_eq!(person.email, "", "{name}");
    }
    let lines: Vec<usize> = report.skipped.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, [4, 9], "{report:?}");
}

/// Found by a delegate: a quoted-printable note ending in "=" (a card cut
/// by hand) took the next property into it without a word. It still does,
/// as the encoding says, but the report names the line, the "=" that did it,
/// and what it means for a card's BEGIN or END.
#[test]
fn a_property_read_into_a_quoted_printable_value_is_reported_by_its_line() {
    let project = sample_project().unwrap();
    let joined = |line: usize, name: &str| {
        format!(
            "{name} read as part of the quoted-printable value before it (line {} ends in \
             \"=\", which joins the next line to it)",
            line - 1
        )
    };
    let cards = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Sora Abe\r\n\
        NOTE;ENCODING=QUOTED-PRINTABLE:Meets us at the pier=\r\n\
        TEL;CELL:+81-90-5555-0103\r\nEND:VCARD\r\n";
    let (after, report) = imported(&project, cards);
    let sora = after.people.iter().find(|p| p.name == "Sora Abe").unwrap();
    assert_eq!(sora.notes, "Meets us at the pierTEL;CELL:+81-90-5555-0103");
    assert_eq!(sora.phone, "");
    assert_eq!(report.skipped, vec![(5, joined(5, "TEL"))]);

    // A chain of "=" lines: the line named is the one whose "=" took it;
    // a lower-case or grouped name is a property too; a continuation that
    // only begins like a sentence ("Pier: 9am") is not.
    let cards = "BEGIN:VCARD\nFN:Ren Aoki\nNOTE;ENCODING=QUOTED-PRINTABLE:a=\nb=\nc=\n\
        tel;cell:+81-3-5555-0101\nNOTE;ENCODING=QUOTED-PRINTABLE:x=\nitem2.EMAIL:r@example.jp\n\
        NOTE;ENCODING=QUOTED-PRINTABLE:Meet at the=\nPier: 9am\nEND:VCARD\n";
    let (_, report) = imported(&project, cards);
    assert_eq!(
        report.skipped,
        vec![(6, joined(6, "TEL")), (8, joined(8, "EMAIL"))]
    );

    // Before BEGIN, the next card is read into this one, and said so.
    let cards = "BEGIN:VCARD\nFN:Ann One\nNOTE;ENCODING=QUOTED-PRINTABLE:abc=\n\
        BEGIN:VCARD\nFN:Bob Two\nEND:VCARD\n";
    let (_, report) = imported(&project, cards);
    assert_eq!(
        report.skipped[0],
        (
            4,
            format!(
                "{}: the card beginning here is read into the one before",
                joined(4, "BEGIN")
            )
        )
    );

    // The only card's END taken: refused, saying why (it said only that
    // there were no cards in the file).
    let cards =
        "BEGIN:VCARD\nVERSION:2.1\nFN:Kai\nNOTE;ENCODING=QUOTED-PRINTABLE:abc=\nEND:VCARD\n";
    let refused = import_vcards(&project, cards.as_bytes())
        .unwrap_err()
        .to_string();
    assert_eq!(
        refused,
        format!(
            "line 1: the card that begins here never ends (no END:VCARD); line 5: {}: the card \
             does not end here",
            joined(5, "END")
        )
    );

    // Past the report's limit the rest are counted, not dropped.
    let many =
        "BEGIN:VCARD\nFN:M\nNOTE;ENCODING=QUOTED-PRINTABLE:x=\nTEL:1\nEND:VCARD\n".repeat(1_500);
    let (_, report) = import_vcards(&project, many.as_bytes()).unwrap();
    assert_eq!(report.skipped.len() + report.more_skipped, 1_500);
}
