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
    // A day with an event after the mission counts too.
    let mut later = project.events[0].clone();
    later.id = trade_mission_planner::model::EventId(599);
    let at = |text: &str| trade_mission_planner::model::ZonedTime(text.parse().unwrap());
    later.start = at("2031-01-05T10:00:00+09:00[Asia/Tokyo]");
    later.end = at("2031-01-05T11:00:00+09:00[Asia/Tokyo]");
    project.events.push(later);
    let data = briefing_data(&project, &BriefingOptions::default(), now());
    assert_eq!(
        data.ports[0].name.chars().count(),
        301,
        "cut, with an ellipsis"
    );
    assert_eq!(data.days.len(), 366);
    assert_eq!(
        data.days_note,
        "3654 days have events or belong to the mission; the book shows the first 366."
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

/// What the sample's book says, as a delegate reads it, checked in the data
/// the template lays out (no typesetting): the dates, both zones on each
/// day with Los Angeles' change to daylight saving time on Sunday, the
/// events with their times in both zones (the first one begins on Friday
/// evening in Los Angeles), the agreements by status with their next
/// milestone, the ports' zones and the contacts by organisation.
#[test]
fn the_sample_book_says_dates_zones_events_agreements_and_contacts_as_written() {
    use trade_mission_planner::io::briefing::briefing_data;
    let project = sample_project().unwrap();
    let data = briefing_data(&project, &BriefingOptions::default(), now());
    assert_eq!(data.dates, "11–17 March 2023");
    assert_eq!(data.generated, "11 March 2023, 16:00 PST");
    assert_eq!(data.paper, "a4");
    assert_eq!(data.footer_title, project.mission.title);
    assert!(data.person.is_none());

    let zones = &data.zones;
    assert_eq!(
        (zones.host.as_str(), zones.home.as_str()),
        ("Asia/Tokyo", "America/Los_Angeles")
    );
    let rows: Vec<String> = zones
        .offsets
        .iter()
        .map(|r| format!("{} | {} | {} | {}", r.date, r.host, r.home, r.difference))
        .collect();
    assert_eq!(rows.len(), 7);
    assert_eq!(
        rows[0],
        "Sat 11 Mar | UTC+09:00 JST | UTC−08:00 PST | +17 h"
    );
    // Noon in Tokyo on Sunday is still Saturday night, PST, in Los Angeles.
    assert_eq!(
        rows[1],
        "Sun 12 Mar | UTC+09:00 JST | UTC−08:00 PST | +17 h"
    );
    assert_eq!(
        rows[2],
        "Mon 13 Mar | UTC+09:00 JST | UTC−07:00 PDT | +16 h"
    );
    assert_eq!(
        rows[6],
        "Fri 17 Mar | UTC+09:00 JST | UTC−07:00 PDT | +16 h"
    );
    assert_eq!(
        zones.changes,
        [
            "America/Los_Angeles: clocks change on Sunday 12 March 2023 at 02:00 from \
          UTC−08:00 (PST) to UTC−07:00 (PDT), one hour forward: the difference shrinks."
        ]
    );

    assert_eq!(data.days.len(), 7);
    assert_eq!(data.days_note, "");
    assert_eq!(data.days[0].heading, "Saturday 11 March 2023");
    let arrival = &data.days[0].events[0];
    assert_eq!(arrival.title, "Delegation arrives at Haneda");
    assert_eq!(arrival.host_time, "15:30–17:00");
    assert_eq!(arrival.home_time, "Fri 10 Mar 22:30–Sat 11 Mar 00:00");
    assert_eq!(arrival.place, "Haneda Airport, Tokyo");
    assert_eq!(arrival.participants, "Maria Alvarez, Daniel Kim");
    assert_eq!(arrival.travel, "");
    let briefing = &data.days[1].events[0];
    assert_eq!(briefing.home_time, "Sat 11 Mar 17:00–18:30");
    assert_eq!(
        briefing.participants,
        "Maria Alvarez, Daniel Kim, Rachel Cohen (remote)"
    );
    assert_eq!(
        briefing.agreements,
        "MOU: Port of Los Angeles – Port of Tokyo; MOU: Port of Los Angeles – Port of Yokohama"
    );
    let tour = &data.days[2].events[0];
    assert_eq!(tour.title, "Tour of Tokyo port terminals");
    assert_eq!(tour.home_time, "Sun 12 Mar 17:30–19:30");
    assert_eq!(
        tour.place,
        "Oi container terminal, Tokyo, Port of Tokyo (東京港)"
    );

    /// An agreement as the book lists it: title, kind, next milestone, overdue.
    type Listed<'a> = (&'a str, &'a str, &'a str, bool);
    let groups: Vec<(&str, Vec<Listed>)> = data
        .agreement_groups
        .iter()
        .map(|g| {
            (
                g.status.as_str(),
                g.agreements
                    .iter()
                    .map(|a| {
                        (
                            a.title.as_str(),
                            a.kind.as_str(),
                            a.next_milestone.as_str(),
                            a.overdue,
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    let statuses: Vec<&str> = groups.iter().map(|(s, _)| *s).collect();
    assert_eq!(statuses, ["Idea", "Signed", "In force"]);
    assert_eq!(
        groups[0].1[0],
        (
            "Green shipping corridor partnership: Los Angeles – Tokyo",
            "GSC",
            "Agree the corridor's scope and partners (due 30 Sep 2023)",
            false
        )
    );
    assert_eq!(groups[1].1[0].1, "MOU");
    assert_eq!(groups[2].1[0].2, "", "no milestone");
    assert_eq!(
        data.agreement_groups[1].agreements[0].parties,
        "Port of Los Angeles, Port of Tokyo"
    );

    let port_zones: Vec<&str> = data.ports.iter().map(|p| p.zone.as_str()).collect();
    assert_eq!(
        port_zones[..2],
        [
            "America/Los_Angeles (UTC−08:00, from 12 Mar UTC−07:00)",
            "Asia/Tokyo (UTC+09:00)"
        ]
    );
    assert_eq!(data.ports[0].place, "Los Angeles (San Pedro), US");
    assert_eq!(
        data.ports[0].authority,
        "Port of Los Angeles (Harbor Department)"
    );
    assert_eq!(
        data.ports[3].authority, "",
        "Shanghai has none in the sample"
    );
    assert_eq!(
        data.corridors[0].ports,
        "Port of Los Angeles – Port of Shanghai (上海港)"
    );

    let contacts: Vec<(&str, &str)> = data
        .contacts
        .iter()
        .map(|c| (c.name.as_str(), c.role.as_str()))
        .collect();
    assert_eq!(
        contacts,
        [
            (
                "Yuki Tanaka (田中 由紀)",
                "Manager, Environmental Policy, Host"
            ),
            (
                "Hiroshi Nakamura (中村 博)",
                "Head of Business Development, Speaker"
            ),
            (
                "Maria Alvarez",
                "Director of Environmental Management, Delegate"
            ),
            ("Rachel Cohen", "Senior Policy Analyst, Staff"),
            (
                "Kenji Sato (佐藤 健二)",
                "Director, International Affairs, Host"
            ),
            ("Daniel Kim", "Mission coordinator, Staff"),
        ]
    );
    assert_eq!(data.contacts[2].email, "m.alvarez@example.org");
}

/// One delegate's book names them with what they do; a milestone past its
/// date is marked overdue; Letter paper is typst's US letter; paper names
/// read from the command line.
#[test]
fn an_itinerary_names_its_delegate_and_late_milestones_are_overdue() {
    use trade_mission_planner::io::briefing::briefing_data;
    let project = sample_project().unwrap();
    let maria = person_named(&project, "Maria Alvarez");
    let options = BriefingOptions {
        person: Some(maria),
        paper: Paper::Letter,
    };
    let later: Timestamp = "2024-06-01T00:00:00Z".parse().unwrap();
    let data = briefing_data(&project, &options, later);
    let person = data.person.as_ref().unwrap();
    assert_eq!(person.name, "Maria Alvarez");
    assert_eq!(
        person.detail,
        "Director of Environmental Management, Port of Los Angeles (Harbor Department), Delegate"
    );
    assert_eq!(data.paper, "us-letter");
    assert_eq!(data.days_note, "", "her days are all shown");
    // The signing follows the terminal tour at the same port: no travel.
    let signing = data
        .days
        .iter()
        .flat_map(|d| &d.events)
        .find(|e| e.title == "Signing: Los Angeles – Tokyo MOU")
        .unwrap();
    assert_eq!(signing.travel, "");
    let signed = &data.agreement_groups[1];
    assert_eq!(signed.status, "Signed");
    assert!(
        signed.agreements.iter().all(|a| a.overdue),
        "due in March 2024"
    );
    // On its due day (13 March 2024 in Los Angeles) a milestone is not late yet.
    let due_day: Timestamp = "2024-03-13T20:00:00Z".parse().unwrap();
    let data_then = briefing_data(&project, &options, due_day);
    assert!(!data_then.agreement_groups[1].agreements[0].overdue);
    // Only her days: the business matchmaking on Thursday afternoon is not hers.
    assert!(
        data.days
            .iter()
            .flat_map(|d| &d.events)
            .all(|e| e.title != "Business matchmaking: clean energy companies")
    );
    let labels: Vec<&str> = Paper::ALL.iter().map(|p| p.label()).collect();
    assert_eq!(labels, ["A4", "US Letter"]);
    assert_eq!("Letter".parse::<Paper>(), Ok(Paper::Letter));
    assert_eq!("us-letter".parse::<Paper>(), Ok(Paper::Letter));
    assert_eq!("A4".parse::<Paper>(), Ok(Paper::A4));
    assert!("a5".parse::<Paper>().is_err());
}

/// Mission dates across a month or a year, a one-day mission, a half-hour
/// zone, and a host west of home, as the book writes them.
#[test]
fn odd_dates_and_zones_are_written_as_a_reader_expects() {
    use trade_mission_planner::io::briefing::briefing_data;
    let dated = |first: &str, last: &str, host: &str, home: &str| {
        let mut project = sample_project().unwrap();
        project.mission.first_day = first.parse().unwrap();
        project.mission.last_day = last.parse().unwrap();
        project.mission.host_zone = host.into();
        project.mission.home_zone = home.into();
        project.mission.title = "T".repeat(100);
        briefing_data(&project, &BriefingOptions::default(), now())
    };
    let data = dated("2023-02-28", "2023-03-03", "Asia/Tokyo", "Asia/Kathmandu");
    assert_eq!(data.dates, "28 February – 3 March 2023");
    assert_eq!(data.zones.offsets[0].difference, "+3 h 15 min");
    assert_eq!(data.zones.offsets[0].home, "UTC+05:45 +0545");
    assert_eq!(data.footer_title, format!("{}…", "T".repeat(70)));
    let data = dated(
        "2022-12-30",
        "2023-01-02",
        "America/Los_Angeles",
        "Asia/Tokyo",
    );
    assert_eq!(data.dates, "30 December 2022 – 2 January 2023");
    assert_eq!(data.zones.offsets[0].difference, "−17 h");
    assert!(data.zones.changes.is_empty());
    let data = dated("2023-03-12", "2023-03-12", "Asia/Tokyo", "Asia/Tokyo");
    assert_eq!(data.dates, "12 March 2023");
    assert_eq!(data.zones.offsets[0].difference, "0 h");
    assert_eq!(data.zones.offsets.len(), 1);
    // London in winter is UTC itself: a plus, not a minus, zero.
    let data = dated("2023-01-10", "2023-01-12", "Europe/London", "Asia/Tokyo");
    assert_eq!(data.zones.offsets[0].host, "UTC+00:00 GMT");
    // Host and home in one zone: its clock change is said once.
    let data = dated(
        "2023-03-11",
        "2023-03-17",
        "America/Los_Angeles",
        "America/Los_Angeles",
    );
    assert_eq!(data.zones.changes.len(), 1, "{:?}", data.zones.changes);
    // Cuba's clocks go forward at midnight after the last day: not a
    // change during the mission.
    let data = dated("2023-03-09", "2023-03-11", "Asia/Tokyo", "America/Havana");
    assert!(data.zones.changes.is_empty(), "{:?}", data.zones.changes);
    // Autumn in Los Angeles: the clocks go back.
    let data = dated(
        "2023-11-04",
        "2023-11-06",
        "Asia/Tokyo",
        "America/Los_Angeles",
    );
    assert_eq!(
        data.zones.changes,
        [
            "America/Los_Angeles: clocks change on Sunday 5 November 2023 at 02:00 from \
          UTC−07:00 (PDT) to UTC−08:00 (PST), one hour back: the difference grows."
        ]
    );
}
