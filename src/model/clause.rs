//! Reusable clauses for agreement drafts.

use serde::{Deserialize, Serialize};

/// A standard clause delegates insert into drafts.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize)]
pub struct Clause {
    pub title: String,
    pub text: String,
    /// Topics to find it by, e.g. "zero-emission equipment", "term and termination".
    #[serde(default)]
    pub tags: Vec<String>,
}

impl Clause {
    /// Whether the clause's title or a tag contains `needle` (any case).
    pub fn matches(&self, needle: &str) -> bool {
        let needle = needle.trim().to_lowercase();
        needle.is_empty()
            || self.title.to_lowercase().contains(&needle)
            || self.tags.iter().any(|t| t.to_lowercase().contains(&needle))
    }
}

/// Inserts `insert` into `text` at character position `at` (clamped to the end).
pub fn insert_at_char(text: &str, at: usize, insert: &str) -> String {
    let byte = text.char_indices().nth(at).map_or(text.len(), |(i, _)| i);
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..byte]);
    out.push_str(insert);
    out.push_str(&text[byte..]);
    out
}

/// The characters `from..to` of `text` (character positions, clamped).
pub fn char_slice(text: &str, from: usize, to: usize) -> &str {
    let byte = |at: usize| text.char_indices().nth(at).map_or(text.len(), |(i, _)| i);
    let (from, to) = (from.min(to), from.max(to));
    &text[byte(from)..byte(to)]
}
