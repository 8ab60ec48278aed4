//! Counting and indexing long drafts: the fast paths give the same answers
//! as the standard library and as egui's own `String` buffer.
#![allow(clippy::unwrap_used)]

use egui::TextBuffer;
use egui::text::{ByteIndex, CharIndex};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use trade_mission_planner::model::text::{byte_index, char_index, word_and_char_counts};
use trade_mission_planner::ui::text_buffer::LongText;

/// Texts of up to a few kilobytes (several of the 512-byte chunks the
/// indexing skips), mixing one- to four-byte characters, the Unicode spaces
/// a word count must know (no-break, ideographic, next-line, thin, Ogham)
/// and characters that share their first byte with them but are not spaces
/// (curly quotes, dashes, zero-width space, degree sign).
fn long_texts() -> impl Strategy<Value = String> {
    let pieces = vec![
        "a", "Port", " ", "  ", "\n", "\t", "é", "港", "東京", "🚢", "\u{a0}", "\u{3000}",
        "\u{85}", "\u{2028}", "\u{1f}", "-", "\r\n", "“", "—", "\u{2009}", "\u{200b}", "\u{1680}",
        "°",
    ];
    vec(select(pieces), 0..1500).prop_map(|parts| parts.concat())
}

fn reference_byte_index(text: &str, char_index: usize) -> usize {
    text.char_indices()
        .nth(char_index)
        .map_or(text.len(), |(at, _)| at)
}

#[test]
fn counts_a_known_text() {
    assert_eq!(word_and_char_counts(""), (0, 0));
    assert_eq!(word_and_char_counts("  \n "), (0, 4));
    assert_eq!(
        word_and_char_counts("1. Purpose\n\nThe ports of 東京港\u{3000}and Los Angeles"),
        (9, 44)
    );
    // Non-ASCII spaces side by side, at the start and at the end.
    assert_eq!(
        word_and_char_counts("\u{3000}a\u{a0}\u{2009}b\u{3000}"),
        (2, 6)
    );
    assert_eq!(word_and_char_counts("“Port”—of\u{200b}LA"), (1, 12));
}

#[test]
fn indexes_a_known_text() {
    let text = "a東🚢b";
    assert_eq!(
        (0..6).map(|i| byte_index(text, i)).collect::<Vec<_>>(),
        [0, 1, 4, 8, 9, 9]
    );
    assert_eq!(
        (0..10).map(|b| char_index(text, b)).collect::<Vec<_>>(),
        // Offsets inside a character answer the character count, as egui does.
        [0, 1, 4, 4, 2, 4, 4, 4, 3, 4]
    );
}

proptest! {
    #[test]
    fn counts_match_the_standard_library(text in long_texts()) {
        prop_assert_eq!(
            word_and_char_counts(&text),
            (text.split_whitespace().count(), text.chars().count())
        );
    }

    #[test]
    fn indexes_match_a_walk_over_the_characters(text in long_texts()) {
        let chars = text.chars().count();
        for i in (0..=chars + 2).step_by(7).chain([chars, chars + 1]) {
            prop_assert_eq!(byte_index(&text, i), reference_byte_index(&text, i), "char {}", i);
        }
        for b in (0..=text.len() + 1).step_by(5) {
            let expected = String::from(text.as_str()).char_index_from_byte_index(ByteIndex(b)).0;
            prop_assert_eq!(char_index(&text, b), expected, "byte {}", b);
        }
    }

    /// Typing and deleting through the draft editor's buffer changes the text
    /// exactly as egui's `String` buffer does.
    #[test]
    fn edits_match_egui_string_buffer(
        text in long_texts(),
        edits in vec((any::<bool>(), 0usize..2000, 0usize..40, select(vec!["x", "港", "🚢 ", "\n"])), 1..20),
    ) {
        let mut ours = text.clone();
        let mut theirs = text;
        for (insert, at, len, piece) in edits {
            let chars = theirs.chars().count();
            let at = at.min(chars);
            if insert {
                let n = LongText(&mut ours).insert_text(piece, CharIndex(at));
                prop_assert_eq!(n, theirs.insert_text(piece, CharIndex(at)));
            } else {
                let end = (at + len).min(chars);
                let slice = LongText(&mut ours)
                    .char_range(CharIndex(at)..CharIndex(end))
                    .to_owned();
                prop_assert_eq!(slice.as_str(), theirs.char_range(CharIndex(at)..CharIndex(end)));
                LongText(&mut ours).delete_char_range(CharIndex(at)..CharIndex(end));
                theirs.delete_char_range(CharIndex(at)..CharIndex(end));
            }
            prop_assert_eq!(&ours, &theirs);
        }
    }
}

/// Found by mutation testing: the ASCII separators are exactly those
/// `char::is_whitespace` accepts, so the control character after `\r`
/// (U+000E) joins two letters into one word.
#[test]
fn only_whitespace_separates_words() {
    for byte in 0u8..0x80 {
        let c = char::from(byte);
        let text = format!("a{c}b");
        let expected = if c.is_whitespace() { 2 } else { 1 };
        assert_eq!(word_and_char_counts(&text).0, expected, "{byte:#04x}");
    }
}
