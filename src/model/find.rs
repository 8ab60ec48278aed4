//! Find and replace in agreement texts.

/// How many times `needle` occurs in `text` (non-overlapping; none for an
/// empty needle). With `match_case` off, letters match either case.
pub fn count_matches(text: &str, needle: &str, match_case: bool) -> usize {
    match_ranges(text, needle, match_case).len()
}

/// Byte ranges of the matches, in order, not overlapping.
pub fn match_ranges(text: &str, needle: &str, match_case: bool) -> Vec<std::ops::Range<usize>> {
    if needle.is_empty() {
        return Vec::new();
    }
    if match_case {
        return text
            .match_indices(needle)
            .map(|(at, found)| at..at + found.len())
            .collect();
    }
    // Compare character by character so offsets stay valid in the original
    // text even where lower-casing changes byte lengths.
    let needle: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut matched = 0;
        let mut j = i;
        while j < chars.len() && matched < needle.len() {
            let lower: Vec<char> = chars[j].1.to_lowercase().collect();
            if needle[matched..].starts_with(&lower) {
                matched += lower.len();
                j += 1;
            } else {
                break;
            }
        }
        if matched == needle.len() {
            let end = chars.get(j).map_or(text.len(), |(at, _)| *at);
            ranges.push(chars[i].0..end);
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    ranges
}

/// `text` with every match replaced, and how many there were.
pub fn replace_all(
    text: &str,
    needle: &str,
    replacement: &str,
    match_case: bool,
) -> (String, usize) {
    let ranges = match_ranges(text, needle, match_case);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for range in &ranges {
        out.push_str(&text[last..range.start]);
        out.push_str(replacement);
        last = range.end;
    }
    out.push_str(&text[last..]);
    (out, ranges.len())
}

/// The matches as character ranges (what the editor's cursor counts in).
pub fn match_char_ranges(
    text: &str,
    needle: &str,
    match_case: bool,
) -> Vec<std::ops::Range<usize>> {
    let mut chars_before = 0;
    let mut counted_to = 0;
    match_ranges(text, needle, match_case)
        .into_iter()
        .map(|bytes| {
            chars_before += text[counted_to..bytes.start].chars().count();
            let len = text[bytes.clone()].chars().count();
            counted_to = bytes.end;
            let start = chars_before;
            chars_before += len;
            start..start + len
        })
        .collect()
}

/// Which match to move to from `from` (a character offset): the first that
/// starts at or after it going forward, the last that ends at or before it
/// going back; past either end it wraps around.
pub fn step_match(matches: &[std::ops::Range<usize>], from: usize, forward: bool) -> Option<usize> {
    if matches.is_empty() {
        return None;
    }
    Some(if forward {
        matches.iter().position(|m| m.start >= from).unwrap_or(0)
    } else {
        matches
            .iter()
            .rposition(|m| m.end <= from)
            .unwrap_or(matches.len() - 1)
    })
}

/// `text` with the characters `chars` replaced by `replacement`.
pub fn replace_chars(text: &str, chars: std::ops::Range<usize>, replacement: &str) -> String {
    let start = super::text::byte_index(text, chars.start);
    let end = super::text::byte_index(text, chars.end).max(start);
    [&text[..start], replacement, &text[end..]].concat()
}
