//! Three-way merge of long texts (drafts, notes): line by line with `diffy`,
//! then each stretch that still conflicts again word by word, so that two
//! delegates who changed different words of one paragraph both keep their
//! change. Only what really overlaps is a conflict.

use diffy::{ConflictStyle, MergeOptions};

/// The result of merging a text.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Merged {
    Clean(String),
    /// Some stretches overlap: the whole text with ours in them, and with
    /// theirs in them (everything else merged in both).
    Conflict {
        ours: String,
        theirs: String,
    },
}

/// Conflict markers are at least this long, and always longer than any
/// run of `<`, `|`, `=` or `>` that starts a line of the texts, so that a
/// line of the draft is never read back as a marker.
const MIN_MARKER_LENGTH: usize = 31;

/// Most work a merge may take: (lines of both texts) × (lines that differ),
/// for either side against the base. Beyond it (a draft rewritten from end
/// to end on both sides), the line merge would take minutes: the text is
/// recorded as a conflict for a person instead.
const MAX_MERGE_WORK: usize = 20_000_000;

fn marker_length(texts: [&str; 3]) -> usize {
    let longest = texts
        .iter()
        .flat_map(|t| t.lines())
        .map(|line| {
            let first = line.chars().next().unwrap_or(' ');
            if matches!(first, '<' | '|' | '=' | '>') {
                line.chars().take_while(|c| *c == first).count()
            } else {
                0
            }
        })
        .max()
        .unwrap_or(0);
    MIN_MARKER_LENGTH.max(longest + 1)
}

/// An upper bound of diffy's work for a line merge: the lines of `a` and
/// `b` times the lines that are in one and not the other.
fn merge_work(a: &str, b: &str) -> usize {
    let mut counts: std::collections::HashMap<&str, isize> = std::collections::HashMap::new();
    for line in a.lines() {
        *counts.entry(line).or_default() += 1;
    }
    for line in b.lines() {
        *counts.entry(line).or_default() -= 1;
    }
    let differing: usize = counts.values().map(|c| c.unsigned_abs()).sum();
    (a.lines().count() + b.lines().count()).saturating_mul(differing)
}

/// Merges `ours` and `theirs`, which both changed `base`.
pub fn merge(base: &str, ours: &str, theirs: &str) -> Merged {
    // The line merge wants every line ended. Each side gets one newline
    // more; whichever side the merged text ends with, its extra newline is
    // the last character, and comes off again.
    let ended = |text: &str| format!("{text}\n");
    let finish = |mut text: String| {
        if text.ends_with('\n') {
            text.pop();
        }
        text
    };
    let too_much = merge_work(base, ours).max(merge_work(base, theirs)) > MAX_MERGE_WORK;
    if too_much {
        return Merged::Conflict {
            ours: ours.to_owned(),
            theirs: theirs.to_owned(),
        };
    }
    match merge_lines(&ended(base), &ended(ours), &ended(theirs)) {
        Ok(merged) => Merged::Clean(finish(merged)),
        Err(stretches) => {
            let mut clean = true;
            let (mut with_ours, mut with_theirs) = (String::new(), String::new());
            for stretch in stretches {
                match stretch {
                    Stretch::Same(text) => {
                        with_ours.push_str(&text);
                        with_theirs.push_str(&text);
                    }
                    Stretch::Conflict { base, ours, theirs } => {
                        match merge_tokens(&base, &ours, &theirs) {
                            Some(merged) => {
                                with_ours.push_str(&merged);
                                with_theirs.push_str(&merged);
                            }
                            None => {
                                clean = false;
                                with_ours.push_str(&ours);
                                with_theirs.push_str(&theirs);
                            }
                        }
                    }
                }
            }
            if clean {
                Merged::Clean(finish(with_ours))
            } else {
                Merged::Conflict {
                    ours: finish(with_ours),
                    theirs: finish(with_theirs),
                }
            }
        }
    }
}

enum Stretch {
    Same(String),
    Conflict {
        base: String,
        ours: String,
        theirs: String,
    },
}

/// Line merge of texts whose lines all end in a newline; on conflicts, the
/// text cut into merged and conflicting stretches (read back from diffy's
/// diff3 markers).
fn merge_lines(base: &str, ours: &str, theirs: &str) -> Result<String, Vec<Stretch>> {
    let length = marker_length([base, ours, theirs]);
    let mut options = MergeOptions::new();
    options
        .set_conflict_marker_length(length)
        .set_conflict_style(ConflictStyle::Diff3);
    options
        .merge(base, ours, theirs)
        .map_err(|marked| parse_markers(&marked, length))
}

fn parse_markers(marked: &str, length: usize) -> Vec<Stretch> {
    // A marker line is exactly the marker, or the marker and a label.
    let marker = |c: char| c.to_string().repeat(length);
    let (start, middle, split, end) = (marker('<'), marker('|'), marker('='), marker('>'));
    let mut stretches = Vec::new();
    let mut same = String::new();
    // 0: outside; 1: ours; 2: base; 3: theirs.
    let mut part = 0;
    let (mut base, mut ours, mut theirs) = (String::new(), String::new(), String::new());
    for line in marked.split_inclusive('\n') {
        let is = |m: &str| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\n']))
        };
        match part {
            0 if is(&start) => {
                if !same.is_empty() {
                    stretches.push(Stretch::Same(std::mem::take(&mut same)));
                }
                part = 1;
            }
            0 => same.push_str(line),
            1 if is(&middle) => part = 2,
            1 if is(&split) => part = 3,
            1 => ours.push_str(line),
            2 if is(&split) => part = 3,
            2 => base.push_str(line),
            _ if is(&end) => {
                stretches.push(Stretch::Conflict {
                    base: std::mem::take(&mut base),
                    ours: std::mem::take(&mut ours),
                    theirs: std::mem::take(&mut theirs),
                });
                part = 0;
            }
            _ => theirs.push_str(line),
        }
    }
    if !same.is_empty() {
        stretches.push(Stretch::Same(same));
    }
    stretches
}

/// Words, runs of spaces and single punctuation marks, one per line (with
/// backslashes and newlines escaped) so that a line merge is a word merge.
fn tokens(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut previous: Option<u8> = None;
    for c in text.chars() {
        let class = if c.is_alphanumeric() {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        };
        if previous.is_some() && (previous != Some(class) || class == 2) {
            out.push('\n');
        }
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
        previous = Some(class);
    }
    out.push('\n');
    out
}

fn untokens(lines: &str) -> String {
    let mut text = String::with_capacity(lines.len());
    let mut chars = lines.chars();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {}
            '\\' => match chars.next() {
                Some('n') => text.push('\n'),
                Some(other) => text.push(other),
                None => {}
            },
            c => text.push(c),
        }
    }
    text
}

/// A word merge of one conflicting stretch; `None` when words overlap too.
fn merge_tokens(base: &str, ours: &str, theirs: &str) -> Option<String> {
    let (base, ours, theirs) = (tokens(base), tokens(ours), tokens(theirs));
    if merge_work(&base, &ours).max(merge_work(&base, &theirs)) > MAX_MERGE_WORK {
        return None;
    }
    // Tokens are single punctuation marks, so no token is a marker.
    let mut options = MergeOptions::new();
    options.set_conflict_marker_length(MIN_MARKER_LENGTH);
    options
        .merge(&base, &ours, &theirs)
        .ok()
        .map(|merged| untokens(&merged))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_come_back_as_the_text() {
        for text in ["", "a b", "a\\nb\n\nc, d.", "東京港と横浜港", "  x  \n"] {
            assert_eq!(untokens(&tokens(text)), text);
        }
    }
}
