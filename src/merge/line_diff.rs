//! A line diff whose result depends only on its two texts (never on a
//! clock) and whose cost stays near linear for the texts delegates compare.
//!
//! Lines the two texts begin and end with are set aside; then, as in
//! patience diff, the lines found once in each text and in the same order
//! anchor the rest, and each stretch between anchors is diffed again. A
//! stretch small enough is diffed exactly (Myers); a large stretch with no
//! line to anchor on (texts changed everywhere) is shown as one block
//! replaced, as exact diffing there costs the square of its length.

use std::collections::HashMap;

/// Stretches up to this many lines (both sides) are diffed exactly: at most
/// a few million steps each.
pub const EXACT_LINES: usize = 4_000;

/// How many times over its lines a diff may go looking for anchors before
/// what is left is shown as blocks replaced (a text of few distinct lines,
/// shuffled, could otherwise take a pass per line).
const PASSES: usize = 24;

/// A line only in the old text (`Delete`) or only in the new (`Insert`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    Delete,
    Insert,
}

/// Calls `each` with every line that differs, in the order of the texts
/// (a stretch's deletions before its insertions). Lines keep their `\n`.
pub fn changed_lines<'a>(old: &'a str, new: &'a str, mut each: impl FnMut(Side, &'a str)) {
    let old: Vec<&str> = old.split_inclusive('\n').collect();
    let new: Vec<&str> = new.split_inclusive('\n').collect();
    let mut budget = PASSES * (old.len() + new.len());
    // Stretches still to diff, the next one last.
    let mut todo = vec![(0..old.len(), 0..new.len())];
    while let Some((a, b)) = todo.pop() {
        let (a, b) = trim_common(&old, &new, a, b);
        if a.is_empty() && b.is_empty() {
            continue;
        }
        let (x, y) = (&old[a.clone()], &new[b.clone()]);
        if x.len() + y.len() <= EXACT_LINES {
            let ops = similar::capture_diff_slices(similar::Algorithm::Myers, x, y);
            for change in ops.iter().flat_map(|op| op.iter_changes(x, y)) {
                match change.tag() {
                    similar::ChangeTag::Equal => {}
                    similar::ChangeTag::Delete => each(Side::Delete, change.value()),
                    similar::ChangeTag::Insert => each(Side::Insert, change.value()),
                }
            }
            continue;
        }
        budget = budget.saturating_sub(x.len() + y.len());
        let anchors = if budget == 0 {
            Vec::new()
        } else {
            anchors(x, y)
        };
        if anchors.is_empty() {
            x.iter().for_each(|line| each(Side::Delete, line));
            y.iter().for_each(|line| each(Side::Insert, line));
            continue;
        }
        // The stretches between anchors, pushed last first.
        let mut stretches = Vec::with_capacity(anchors.len() + 1);
        let (mut i0, mut j0) = (a.start, b.start);
        for (i, j) in anchors.iter().map(|&(i, j)| (a.start + i, b.start + j)) {
            stretches.push((i0..i, j0..j));
            (i0, j0) = (i + 1, j + 1);
        }
        stretches.push((i0..a.end, j0..b.end));
        todo.extend(stretches.into_iter().rev());
    }
}

/// The stretch without the lines both sides begin and end it with.
fn trim_common(
    old: &[&str],
    new: &[&str],
    a: std::ops::Range<usize>,
    b: std::ops::Range<usize>,
) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    let start = old[a.clone()]
        .iter()
        .zip(&new[b.clone()])
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (a.start + start..a.end, b.start + start..b.end);
    let end = old[a.clone()]
        .iter()
        .rev()
        .zip(new[b.clone()].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (a.start..a.end - end, b.start..b.end - end)
}

/// Lines found exactly once in each of `old` and `new`, as (position in
/// old, position in new), the longest run of them in the same order in both.
fn anchors(old: &[&str], new: &[&str]) -> Vec<(usize, usize)> {
    // (times in old, times in new, position in old, position in new)
    let mut seen: HashMap<&str, (u32, u32, usize, usize)> = HashMap::new();
    for (i, line) in old.iter().enumerate() {
        let entry = seen.entry(line).or_insert((0, 0, i, 0));
        entry.0 = entry.0.saturating_add(1);
    }
    for (j, line) in new.iter().enumerate() {
        if let Some(entry) = seen.get_mut(line) {
            entry.1 = entry.1.saturating_add(1);
            entry.3 = j;
        }
    }
    let mut pairs: Vec<(usize, usize)> = seen
        .into_values()
        .filter(|&(in_old, in_new, ..)| in_old == 1 && in_new == 1)
        .map(|(_, _, i, j)| (i, j))
        .collect();
    pairs.sort_unstable();
    longest_increasing(&pairs)
}

/// The longest subsequence of `pairs` (sorted by their first) whose second
/// values increase too: patience sorting, O(n log n).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[k]: index in pairs of the smallest end of a run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; pairs.len()];
    for (index, &(_, j)) in pairs.iter().enumerate() {
        let length = tails.partition_point(|&t| pairs[t].1 < j);
        before[index] = length.checked_sub(1).map(|k| tails[k]);
        if length == tails.len() {
            tails.push(index);
        } else {
            tails[length] = index;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(index) = at {
        run.push(pairs[index]);
        at = before[index];
    }
    run.reverse();
    run
}
