//! Redlines: what changed between two versions of an agreement's text, word
//! by word, as a legal blackline shows it.

use similar::{ChangeTag, TextDiff};

/// A run of text that is the same in both versions, or only in one.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Piece {
    Same(String),
    Deleted(String),
    Inserted(String),
}

/// A word-level comparison of two texts.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Redline {
    pub pieces: Vec<Piece>,
}

impl Redline {
    /// Compares `old` and `new` word by word (white space belongs to the
    /// words around it, so line breaks and paragraphs are kept exactly).
    /// A paragraph moved elsewhere shows as deleted here and inserted there.
    pub fn between(old: &str, new: &str) -> Self {
        let diff = TextDiff::configure()
            .algorithm(similar::Algorithm::Patience)
            .diff_words(old, new);
        let mut pieces: Vec<Piece> = Vec::new();
        for change in diff.iter_all_changes() {
            let text = change.value();
            // Merge neighbours of the same kind into one piece.
            match (change.tag(), pieces.last_mut()) {
                (ChangeTag::Equal, Some(Piece::Same(run)))
                | (ChangeTag::Delete, Some(Piece::Deleted(run)))
                | (ChangeTag::Insert, Some(Piece::Inserted(run))) => run.push_str(text),
                (ChangeTag::Equal, _) => pieces.push(Piece::Same(text.to_owned())),
                (ChangeTag::Delete, _) => pieces.push(Piece::Deleted(text.to_owned())),
                (ChangeTag::Insert, _) => pieces.push(Piece::Inserted(text.to_owned())),
            }
        }
        Self {
            pieces: merge_changes(pieces),
        }
    }

    /// Number of changes: each run of deletions and/or insertions counts once.
    pub fn change_count(&self) -> usize {
        self.change_starts().len()
    }

    /// Indices of the pieces where each change begins, for next/previous.
    pub fn change_starts(&self) -> Vec<usize> {
        let mut starts = Vec::new();
        for (i, piece) in self.pieces.iter().enumerate() {
            let changed = !matches!(piece, Piece::Same(_));
            let after_change = i > 0 && !matches!(self.pieces[i - 1], Piece::Same(_));
            if changed && !after_change {
                starts.push(i);
            }
        }
        starts
    }

    /// The old text, rebuilt from the pieces.
    pub fn old_text(&self) -> String {
        self.pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Same(t) | Piece::Deleted(t) => Some(t.as_str()),
                Piece::Inserted(_) => None,
            })
            .collect()
    }

    /// The new text, rebuilt from the pieces.
    pub fn new_text(&self) -> String {
        self.pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Same(t) | Piece::Inserted(t) => Some(t.as_str()),
                Piece::Deleted(_) => None,
            })
            .collect()
    }
}

/// Joins edits separated only by white space into one deletion followed by
/// one insertion ("for five years" → "until ended" rather than word pairs),
/// which is how a blackline reads.
fn merge_changes(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
    let mut deleted = String::new();
    let mut inserted = String::new();
    let mut in_change = false;
    let flush = |merged: &mut Vec<Piece>, deleted: &mut String, inserted: &mut String| {
        if !deleted.is_empty() {
            merged.push(Piece::Deleted(std::mem::take(deleted)));
        }
        if !inserted.is_empty() {
            merged.push(Piece::Inserted(std::mem::take(inserted)));
        }
    };
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Deleted(t) => {
                deleted.push_str(t);
                in_change = true;
            }
            Piece::Inserted(t) => {
                inserted.push_str(t);
                in_change = true;
            }
            Piece::Same(t)
                if in_change
                    && t.chars().all(|c| c == ' ')
                    && pieces
                        .get(i + 1)
                        .is_some_and(|p| !matches!(p, Piece::Same(_))) =>
            {
                // A space between two edits belongs to both sides of the change.
                deleted.push_str(t);
                inserted.push_str(t);
            }
            Piece::Same(t) => {
                flush(&mut merged, &mut deleted, &mut inserted);
                in_change = false;
                merged.push(Piece::Same(t.clone()));
            }
        }
    }
    flush(&mut merged, &mut deleted, &mut inserted);
    merged
}
