//! Find and replace in drafts.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use trade_mission_planner::model::find::{count_matches, match_ranges, replace_all};

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
