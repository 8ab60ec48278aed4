//! The briefing book, read back by poppler's tools as a reader's PDF viewer would.

use std::path::Path;
use std::process::Command;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use trade_mission_planner::io::briefing::{BriefingOptions, Paper, to_pdf, typeset};
use trade_mission_planner::model::{MissionEvent, PersonId, Project};
use trade_mission_planner::sample::sample_project;

fn now() -> Timestamp {
    "2023-03-12T00:00:00Z".parse().unwrap()
}

/// The PDF of `project`'s book, written to a temporary folder.
fn book(project: &Project, options: &BriefingOptions) -> (tempfile::TempDir, std::path::PathBuf) {
    let document = typeset(project, options, now()).expect("the book is typeset");
    let pdf = to_pdf(&document).expect("the PDF is written");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.pdf");
    std::fs::write(&path, pdf).unwrap();
    (dir, path)
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs (.ci/run installs poppler-utils): {e}"));
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The text of the PDF with the layout kept, so a table row stays one line.
fn text_of(pdf: &Path) -> String {
    poppler("pdftotext", &["-layout"], pdf)
}

fn pages_of(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[], pdf);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints the page count")
}

fn person_named(project: &Project, name: &str) -> PersonId {
    project.people.iter().find(|p| p.name == name).unwrap().id
}

/// "HH:MM–HH:MM" of the event in `zone`, worked out here with jiff alone.
fn clock(event: &MissionEvent, zone: &str) -> (String, String) {
    let zone = TimeZone::get(zone).unwrap();
    let at = |t: &Timestamp| t.to_zoned(zone.clone()).strftime("%H:%M").to_string();
    (
        at(&event.start.zoned().timestamp()),
        at(&event.end.zoned().timestamp()),
    )
}

#[test]
fn a_delegates_itinerary_lists_each_of_their_events_in_order_with_both_times() {
    let project = sample_project().unwrap();
    let maria = person_named(&project, "Maria Alvarez");
    let options = BriefingOptions {
        person: Some(maria),
        paper: Paper::A4,
    };
    let (_dir, pdf) = book(&project, &options);
    let text = text_of(&pdf);
    let mut theirs: Vec<&MissionEvent> = project
        .events
        .iter()
        .filter(|e| e.has_participant(maria))
        .collect();
    theirs.sort_by_key(|e| e.start.zoned().timestamp());
    assert!(theirs.len() >= 5, "the sample gives Maria a week of events");
    let others = project.events.iter().filter(|e| !e.has_participant(maria));
    for other in others {
        assert!(
            !text.contains(&other.title),
            "only her events: {}",
            other.title
        );
    }
    // Each event's times come between the previous event's title and its own.
    let mut from = 0;
    for event in theirs {
        let (host_start, host_end) = clock(event, "Asia/Tokyo");
        let (home_start, home_end) = clock(event, "America/Los_Angeles");
        let first_words: String = event.title.split(' ').take(3).collect::<Vec<_>>().join(" ");
        let at = text[from..]
            .find(&first_words)
            .unwrap_or_else(|| panic!("\"{}\" after the previous event in:\n{text}", event.title))
            + from;
        let before = &text[from..at];
        assert!(
            before.contains(&format!("{host_start}–{host_end}")),
            "host time before {first_words}: {before}"
        );
        assert!(
            before.contains(&format!("{home_start}–{home_end}"))
                || before.contains(&home_start) && before.contains(&home_end),
            "home time before {first_words}: {before}"
        );
        from = at;
    }
}

#[test]
fn the_itinerary_has_a_page_a_day_and_the_whole_book_the_expected_pages() {
    let project = sample_project().unwrap();
    let maria = person_named(&project, "Maria Alvarez");
    let days: std::collections::BTreeSet<_> = project
        .events
        .iter()
        .filter(|e| e.has_participant(maria))
        .map(|e| {
            e.start
                .zoned()
                .with_time_zone(TimeZone::get("Asia/Tokyo").unwrap())
                .date()
        })
        .collect();
    let (_dir, itinerary) = book(
        &project,
        &BriefingOptions {
            person: Some(maria),
            paper: Paper::A4,
        },
    );
    // Cover, contents, the map, one page a day, then agreements, ports and contacts.
    assert_eq!(pages_of(&itinerary), 3 + days.len() + 3);
    // The whole week: a page each of its seven days.
    let (_dir, whole) = book(&project, &BriefingOptions::default());
    assert_eq!(pages_of(&whole), 3 + 7 + 3);
    // The map page names the ports, with their local names, and its sources.
    let map_page = poppler("pdftotext", &["-f", "3", "-l", "3"], &whole);
    for text in [
        "Map of the mission",
        "Port of Los Angeles",
        "Port of Tokyo",
        "東京港",
        "Corridor: Implementation",
        "Land: Natural Earth",
    ] {
        assert!(
            map_page.contains(text),
            "{text:?} not on the map page:\n{map_page}"
        );
    }
}

#[test]
fn ports_local_names_and_every_agreement_title_are_in_the_book() {
    let project = sample_project().unwrap();
    let (_dir, pdf) = book(&project, &BriefingOptions::default());
    // Without -layout, so that a wrapped title reads as one run of words.
    let text = poppler("pdftotext", &[], &pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for local in ["東京港", "横浜港"] {
        assert!(text.contains(local), "{local} in the book");
    }
    for agreement in &project.agreements {
        let title = agreement
            .title
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains(&title), "\"{title}\" in the book");
    }
    for contact in &project.people {
        assert!(
            text.contains(&contact.name),
            "{} among the contacts",
            contact.name
        );
    }
    assert!(text.contains("Contents"));
    // Both zones at one instant (noon in Tokyo): until LA's clocks change at
    // 19:00 Tokyo time on Sunday 12 March, Tokyo is 17 hours ahead.
    assert!(
        text.contains("Sun 12 Mar UTC+09:00 JST UTC−08:00 PST +17 h"),
        "{text}"
    );
    assert!(
        text.contains("Mon 13 Mar UTC+09:00 JST UTC−07:00 PDT +16 h"),
        "{text}"
    );
    assert!(
        text.contains("America/Los_Angeles (UTC−08:00, from 12 Mar UTC−07:00)"),
        "{text}"
    );
    assert!(
        text.contains(
            "clocks change on Sunday 12 March 2023 at 02:00 from UTC−08:00 (PST) to UTC−07:00 (PDT)"
        ),
        "{text}"
    );
}

#[test]
fn every_font_is_embedded_and_japanese_comes_from_a_system_font() {
    let project = sample_project().unwrap();
    let (_dir, pdf) = book(&project, &BriefingOptions::default());
    let fonts = poppler("pdffonts", &[], &pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(
        rows.len() >= 3,
        "Libertinus regular, bold and a CJK font: {fonts}"
    );
    for row in &rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        // name type… encoding emb sub uni id gen: "emb" is the fourth from the end but three.
        let emb = columns[columns.len() - 5];
        assert_eq!(emb, "yes", "embedded: {row}");
    }
    assert!(fonts.contains("LibertinusSerif-Regular"), "{fonts}");
    assert!(
        rows.iter().any(|r| !r.contains("Libertinus")),
        "a fallback font for 東京港: {fonts}"
    );
}

#[test]
fn a_title_with_typst_markup_prints_literally() {
    let mut project = sample_project().unwrap();
    let title = r#"#set text(red) ] *bold* _x_ $a^2$ <lab> @ref \ // #pagebreak() "q" {} [x]"#;
    project.mission.title = title.to_owned();
    project.people[0].name = "#panic(\"no\")".to_owned();
    let (_dir, pdf) = book(&project, &BriefingOptions::default());
    let text = poppler("pdftotext", &[], &pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let expected = title.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(&expected),
        "the title as written, in:\n{text}"
    );
    assert!(text.contains("#panic(\"no\")"));
    assert_eq!(
        pages_of(&pdf),
        13,
        "no markup ran (a #pagebreak() would add a page)"
    );
}

#[test]
fn letter_paper_is_letter_sized() {
    let project = sample_project().unwrap();
    let (_dir, pdf) = book(
        &project,
        &BriefingOptions {
            person: None,
            paper: Paper::Letter,
        },
    );
    let info = poppler("pdfinfo", &[], &pdf);
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
    let (_dir, pdf) = book(&project, &BriefingOptions::default());
    assert!(poppler("pdfinfo", &[], &pdf).contains("595.276 x 841.89 pts (A4)"));
}

#[test]
fn an_empty_project_and_hostile_texts_still_make_a_book() {
    let empty = Project::default();
    let (_dir, pdf) = book(&empty, &BriefingOptions::default());
    assert!(text_of(&pdf).contains("No agreements."));

    let mut project = sample_project().unwrap();
    project.mission.title = "x".repeat(5_000);
    project.mission.description = "word ".repeat(20_000);
    project.events[0].title = "\u{0}\u{7}\u{202E}reversed\u{FEFF} 🚢 \u{10FFFF}".to_owned();
    project.ports[0].facts = vec!["".to_owned(); 500];
    project.mission.first_day = jiff::civil::date(-9999, 1, 1);
    project.mission.last_day = jiff::civil::date(9999, 12, 31);
    let (_dir, pdf) = book(&project, &BriefingOptions::default());
    assert!(text_of(&pdf).contains("the book shows the first 366."));
    assert!(pages_of(&pdf) > 12);
}

#[test]
fn an_itinerary_names_the_travel_between_ports_and_a_gap_too_short_for_it() {
    use trade_mission_planner::io::briefing::briefing_data;
    let mut project = sample_project().unwrap();
    let maria = person_named(&project, "Maria Alvarez");
    // Tuesday: the Yokohama visit moves to the Port of Tokyo, so the signing
    // in Yokohama at 14:00 needs the 50 minutes the project gives the pair.
    let tokyo = project
        .ports
        .iter()
        .find(|p| p.locode == "JPTYO")
        .unwrap()
        .id;
    let visit = project
        .events
        .iter_mut()
        .find(|e| e.title.starts_with("Yokohama port visit"))
        .unwrap();
    visit.port = Some(tokyo);
    let data = briefing_data(
        &project,
        &BriefingOptions {
            person: Some(maria),
            paper: Paper::A4,
        },
        now(),
    );
    let tuesday = data
        .days
        .iter()
        .find(|d| d.heading == "Tuesday 14 March 2023")
        .unwrap();
    assert_eq!(tuesday.events[0].travel, "");
    assert_eq!(
        tuesday.events[1].travel,
        "50 min from Port of Tokyo (東京港)"
    );

    // Ten minutes between them is not enough, and the book says so.
    let visit = project
        .events
        .iter_mut()
        .find(|e| e.title.starts_with("Yokohama port visit"))
        .unwrap();
    visit.end = visit
        .end
        .zoned()
        .checked_add(jiff::Span::new().minutes(110))
        .unwrap()
        .into();
    let data = briefing_data(
        &project,
        &BriefingOptions {
            person: Some(maria),
            paper: Paper::A4,
        },
        now(),
    );
    let tuesday = data
        .days
        .iter()
        .find(|d| d.heading == "Tuesday 14 March 2023")
        .unwrap();
    assert_eq!(
        tuesday.events[1].travel,
        "50 min from Port of Tokyo (東京港) — only 10 min between the events"
    );
    // The whole mission's book names no travel: it is not one person's day.
    let whole = briefing_data(&project, &BriefingOptions::default(), now());
    assert!(
        whole
            .days
            .iter()
            .flat_map(|d| &d.events)
            .all(|e| e.travel.is_empty())
    );
}

#[test]
fn data_gone_wrong_is_cut_short_and_said_so() {
    use trade_mission_planner::io::briefing::briefing_data;
    let mut project = sample_project().unwrap();
    project.ports[0].name = "P".repeat(150_000);
    project.mission.first_day = jiff::civil::date(2020, 1, 1);
    project.mission.last_day = jiff::civil::date(2029, 12, 31);
    let data = briefing_data(&project, &BriefingOptions::default(), now());
    assert_eq!(
        data.ports[0].name.chars().count(),
        301,
        "cut, with an ellipsis"
    );
    assert_eq!(data.days.len(), 366);
    assert_eq!(
        data.days_note,
        "3653 days have events or belong to the mission; the book shows the first 366."
    );

    // Someone with no events: the itinerary says so.
    let mut project = sample_project().unwrap();
    project
        .people
        .push(trade_mission_planner::model::Person::new("Ada Guest"));
    let guest = project.people.last().unwrap().id;
    let (_dir, pdf) = book(
        &project,
        &BriefingOptions {
            person: Some(guest),
            paper: Paper::A4,
        },
    );
    let text = poppler("pdftotext", &[], &pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("No events for Ada Guest."), "{text}");
}
