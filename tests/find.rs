//! Find and replace in drafts, and Ctrl+K's find anything.
#![allow(clippy::unwrap_used)]

mod common;

use proptest::prelude::*;
use trade_mission_planner::finder::{CommandName, FinderIndex, Found, LINES_SHOWN, Target};
use trade_mission_planner::model::find::{count_matches, match_ranges, replace_all};
use trade_mission_planner::model::{EntityRef, EventId, PortId};

#[test]
fn counts_and_replaces_with_and_without_case() {
    let text = "The Port shall share. The port and the PORT agree.";
    assert_eq!(count_matches(text, "port", true), 1);
    assert_eq!(count_matches(text, "port", false), 3);
    let (replaced, n) = replace_all(text, "port", "harbour", false);
    assert_eq!(n, 3);
    assert_eq!(
        replaced,
        "The harbour shall share. The harbour and the harbour agree."
    );
    let (replaced, n) = replace_all(text, "Port", "Harbour", true);
    assert_eq!(n, 1);
    assert!(replaced.starts_with("The Harbour shall"));
}

#[test]
fn empty_and_absent_needles_change_nothing() {
    assert_eq!(count_matches("abc", "", false), 0);
    assert_eq!(replace_all("abc", "", "x", false), ("abc".to_owned(), 0));
    assert_eq!(replace_all("abc", "z", "x", true), ("abc".to_owned(), 0));
}

#[test]
fn matches_do_not_overlap_and_respect_non_ascii_text() {
    assert_eq!(count_matches("aaaa", "aa", true), 2);
    let text = "東京港と横浜港、東京港";
    assert_eq!(match_ranges(text, "東京港", false).len(), 2);
    let (replaced, n) = replace_all(text, "東京港", "Tokyo", false);
    assert_eq!((replaced.as_str(), n), ("Tokyoと横浜港、Tokyo", 2));
    // "İ" lower-cases to two characters; offsets must stay on char boundaries.
    let (replaced, n) = replace_all("İstanbul istanbul", "istanbul", "X", false);
    assert_eq!(n, 1);
    assert_eq!(replaced, "İstanbul X");
}

proptest! {
    #[test]
    fn replace_all_replaces_exactly_the_matches(text in "[a-cA-C ]{0,40}", needle in "[a-cA-C]{1,3}") {
        for match_case in [true, false] {
            let ranges = match_ranges(&text, &needle, match_case);
            for pair in ranges.windows(2) {
                prop_assert!(pair[0].end <= pair[1].start);
            }
            let (replaced, count) = replace_all(&text, &needle, "<>", match_case);
            prop_assert_eq!(count, ranges.len());
            prop_assert_eq!(count, count_matches(&text, &needle, match_case));
            let mut expected = String::new();
            let mut last = 0;
            for range in &ranges {
                expected.push_str(&text[last..range.start]);
                expected.push_str("<>");
                last = range.end;
            }
            expected.push_str(&text[last..]);
            prop_assert_eq!(&replaced, &expected);
            // Case-sensitive replacing with itself changes nothing; ignoring
            // case, it changes only the case of what matched.
            let (same, _) = replace_all(&text, &needle, &needle, match_case);
            if match_case {
                prop_assert_eq!(&same, &text);
            } else {
                prop_assert_eq!(same.to_lowercase(), text.to_lowercase());
            }
        }
    }
}

#[test]
fn matches_in_characters_and_stepping_wraps_around() {
    use trade_mission_planner::model::find::{match_char_ranges, replace_chars, step_match};
    let text = "東京港 port, Port; PORT";
    let matches = match_char_ranges(text, "port", false);
    assert_eq!(matches, [4..8, 10..14, 16..20]);
    let chars: Vec<char> = text.chars().collect();
    for m in &matches {
        let found: String = chars[m.clone()].iter().collect();
        assert_eq!(found.to_lowercase(), "port");
    }
    assert_eq!(step_match(&matches, 0, true), Some(0));
    assert_eq!(step_match(&matches, 8, true), Some(1));
    assert_eq!(
        step_match(&matches, 17, true),
        Some(0),
        "wraps to the first"
    );
    assert_eq!(step_match(&matches, 16, false), Some(1));
    assert_eq!(step_match(&matches, 4, false), Some(2), "wraps to the last");
    assert_eq!(step_match(&[], 4, true), None);
    assert_eq!(
        replace_chars(text, 10..14, "harbour"),
        "東京港 port, harbour; PORT"
    );
}

fn finder_on_sample() -> FinderIndex {
    let commands = [CommandName {
        label: "Export briefing book (.pdf)".into(),
        detail: "Command".into(),
    }];
    FinderIndex::build(&common::sample(), &commands)
}

/// What a search found, as (target, title) rows, names then lines.
fn rows(index: &FinderIndex, found: &Found) -> Vec<(Target, String)> {
    let mut rows: Vec<_> = found
        .hits
        .iter()
        .map(|hit| {
            let entry = &index.entries()[hit.entry];
            (entry.target.clone(), entry.title.clone())
        })
        .collect();
    rows.extend(found.lines.iter().map(|hit| {
        let line = index.line(hit);
        (line.target, line.title)
    }));
    rows.extend(found.loose.iter().map(|hit| {
        let entry = &index.entries()[hit.entry];
        (entry.target.clone(), entry.title.clone())
    }));
    rows
}

#[test]
fn find_anything_ranks_names_commands_and_lines() {
    let mut index = finder_on_sample();
    // A port by its Japanese name, a person by their e-mail, an event by a
    // word of its place.
    let found = index.search("東京港", 10);
    assert_eq!(
        index.entries()[found.hits[0].entry].target,
        Target::Entity(EntityRef::Port(PortId(2)))
    );
    let found = index.search("k.sato@", 10);
    assert_eq!(index.entries()[found.hits[0].entry].title, "Kenji Sato");
    assert_eq!(found.total, 1);
    let found = index.search("honmoku", 10);
    assert_eq!(
        index.entries()[found.hits[0].entry].target,
        Target::Entity(EntityRef::Event(EventId(507)))
    );
    // A command by its name; its detail says what it is.
    let found = index.search("briefing", 10);
    let first = &index.entries()[found.hits[0].entry];
    assert_eq!(first.target, Target::Command(0));
    assert_eq!(first.detail, "Command");
    // Lines hold every word (any case); a clause is found by its text.
    let found = index.search("DRAYAGE trucks", 10);
    assert!(!found.lines.is_empty() && found.lines.len() <= LINES_SHOWN);
    for hit in &found.lines {
        let line = index.line(hit);
        let lower = line.title.to_lowercase();
        assert!(
            lower.contains("drayage") && lower.contains("trucks"),
            "{lower}"
        );
        let Target::DraftLine { line: number, .. } = line.target else {
            panic!("a draft line: {line:?}");
        };
        assert!(
            line.detail.ends_with(&format!(", line {number}")),
            "{}",
            line.detail
        );
    }
    let found = index.search("termination", 10);
    assert!(
        found
            .lines
            .iter()
            .any(|hit| matches!(index.line(hit).target, Target::Clause(_)))
    );
    // A name holding the word ranks above one that holds it through a
    // related name (Yuki Tanaka works for the City of Yokohama).
    let found = index.search("yokohama", 10);
    assert_eq!(
        index.entries()[found.hits[0].entry].title,
        "Port of Yokohama"
    );
    let titles: Vec<&str> = found
        .hits
        .iter()
        .map(|h| index.entries()[h.entry].title.as_str())
        .collect();
    let person = titles.iter().position(|t| *t == "Yuki Tanaka").unwrap();
    assert!(
        person > titles.iter().position(|t| t.contains("MOU")).unwrap(),
        "{titles:?}"
    );
    // What a name is counts as a word of it; letters merely in order are
    // only loose matches, listed after.
    let found = index.search("corridor singapore", 10);
    let close: Vec<Target> = found
        .hits
        .iter()
        .map(|h| index.entries()[h.entry].target.clone())
        .collect();
    assert!(
        close.contains(&Target::Entity(EntityRef::Corridor(
            trade_mission_planner::model::CorridorId(402)
        ))),
        "{close:?}"
    );
    assert!(
        !close.contains(&Target::Entity(EntityRef::Event(EventId(505)))),
        "the Tokyo signing holds those letters only in order"
    );
    let found = index.search("sgn ykhm", 10);
    assert!(found.hits.is_empty() && !found.loose.is_empty());
    assert_eq!(
        index.entries()[found.loose[0].entry].target,
        Target::Entity(EntityRef::Event(EventId(508)))
    );
    // Fewer than three letters: no lines (one letter is in every line).
    assert!(index.search("dr", 10).lines.is_empty());
    assert_eq!(index.search("  ", 10), Found::default());
}

#[test]
fn a_long_line_shows_the_part_around_the_word() {
    use trade_mission_planner::finder::excerpt;
    let line = format!("{} drayage trucks {}", "a ".repeat(100), "b ".repeat(100));
    let shown = excerpt(&line, &["drayage".to_owned()], 60);
    assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
    assert!(shown.contains("drayage trucks"), "{shown}");
    assert_eq!(shown.chars().count(), 62);
    // The word in another case, past wide characters; a short line whole.
    let line = format!("{}東京港 DRAYAGE", "港".repeat(200));
    assert!(excerpt(&line, &["drayage".to_owned()], 40).contains("東京港 DRAYAGE"));
    assert_eq!(excerpt("short line", &["x".to_owned()], 40), "short line");
    // No word found: the start.
    assert!(excerpt(&"c".repeat(100), &["zz".to_owned()], 10).starts_with("cccc"));
}

#[test]
fn a_draft_line_knows_where_it_starts_even_after_wide_characters() {
    let mut project = common::sample();
    let draft = "İstanbul ports\n\n東京港 and Yokohama share drayage data\nlast";
    project.agreements[0].draft = draft.into();
    let id = project.agreements[0].id;
    let mut index = FinderIndex::build(&project, &[]);
    let found = index.search("yokohama share", 10);
    let line = index.line(&found.lines[0]);
    assert_eq!(line.title, "東京港 and Yokohama share drayage data");
    let Target::DraftLine {
        agreement,
        line: number,
        char_offset,
    } = line.target
    else {
        panic!("{line:?}")
    };
    assert_eq!((agreement, number), (id, 3));
    let at: String = draft.chars().skip(char_offset).take(3).collect();
    assert_eq!(at, "東京港");
    // "İ" lower-cases to two characters: the next lines still line up.
    let found = index.search("last", 10);
    assert!(
        found
            .lines
            .iter()
            .any(|hit| index.line(hit).title == "last")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Typing a query letter by letter (narrowing on what the previous
    /// letters found, backspaces included) finds what the whole query finds
    /// in a fresh index.
    #[test]
    fn typing_finds_what_a_fresh_search_finds(
        keys in proptest::collection::vec(
            prop_oneof![
                4 => proptest::sample::select(vec!['y', 'o', 'k', 'h', 'a', 'm', 't', 'g', 's', 'i', 'n', 'e', ' ', 'p', 'r', 'T']),
                1 => Just('\u{8}'),
            ],
            1..14,
        )
    ) {
        let mut typed = finder_on_sample();
        let mut query = String::new();
        for key in keys {
            if key == '\u{8}' {
                query.pop();
            } else {
                query.push(key);
            }
            let found = typed.search(&query, 40);
            let mut fresh = finder_on_sample();
            let expected = fresh.search(&query, 40);
            prop_assert_eq!(rows(&typed, &found), rows(&fresh, &expected), "query {:?}", query);
            prop_assert_eq!(found.total, expected.total);
        }
    }
}

#[test]
fn letters_in_order_are_offered_only_when_nothing_holds_the_words() {
    let mut index = finder_on_sample();
    // "drayage" is in a draft: no name that merely holds its letters.
    let found = index.search("drayage", 40);
    assert!(!found.lines.is_empty());
    assert!(found.loose.is_empty(), "{:?}", rows(&index, &found));
    assert_eq!(found.total, found.hits.len());
    // A misspelt name is still found.
    let found = index.search("yokohma", 40);
    assert!(found.hits.is_empty() && found.lines.is_empty());
    let loose: Vec<String> = found
        .loose
        .iter()
        .map(|h| index.entries()[h.entry].title.clone())
        .collect();
    assert!(loose.contains(&"Port of Yokohama".to_owned()), "{loose:?}");
}

/// Found by mutation testing: a text that ends inside a match (any case)
/// has none there, and the search stops at its end.
#[test]
fn a_match_cut_off_by_the_end_of_the_text_is_none() {
    assert_eq!(count_matches("the port of Tok", "TOKYO", false), 0);
    assert_eq!(count_matches("Tokyo, tok", "tokyo", false), 1);
    assert_eq!(count_matches("ab", "abc", false), 0);
}
