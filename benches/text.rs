//! Counting and indexing a 200 KB draft, which the editor does on every
//! typed character; and the line diff of Compare on long drafts.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use trade_mission_planner::model::text::{byte_index, char_index, word_and_char_counts};

fn text(c: &mut Criterion) {
    let paragraph = "The ports will cooperate on zero-emission cargo-handling equipment, \
                     shore power and the digitisation of the supply chain (東京港).\n";
    let draft = paragraph.repeat(200_000 / paragraph.len());
    let middle = draft.chars().count() / 2;
    let mut group = c.benchmark_group("text");
    group.bench_function("words and characters of 200 KB", |b| {
        b.iter(|| word_and_char_counts(black_box(&draft)))
    });
    let english = draft.replace("(東京港)", "(Tokyo)");
    group.bench_function("words and characters of 200 KB of ASCII", |b| {
        b.iter(|| word_and_char_counts(black_box(&english)))
    });
    group.bench_function("split_whitespace + chars of 200 KB (reference)", |b| {
        b.iter(|| {
            let d = black_box(&draft);
            (d.split_whitespace().count(), d.chars().count())
        })
    });
    group.bench_function("byte index of the middle character", |b| {
        b.iter(|| byte_index(black_box(&draft), middle))
    });
    group.bench_function("char_indices walk to the middle (reference)", |b| {
        b.iter(|| black_box(&draft).char_indices().nth(middle))
    });
    let middle_byte = byte_index(&draft, middle);
    group.bench_function("char index of the middle byte", |b| {
        b.iter(|| char_index(black_box(&draft), middle_byte))
    });
    group.finish();
}

/// Compare's line diff: 4,000-line drafts changed here and there, shuffled,
/// or changed everywhere (past what it diffs exactly).
fn line_diff(c: &mut Criterion) {
    use trade_mission_planner::merge::line_diff::changed_lines;
    let lines: Vec<String> = (0..4_000)
        .map(|i| format!("Clause {i}: the ports will share best practice.\n"))
        .collect();
    let old: String = lines.concat();
    let edited: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i % 100 == 0 {
                "changed\n"
            } else {
                l.as_str()
            }
        })
        .collect();
    let shuffled: String = lines
        .iter()
        .step_by(2)
        .chain(lines.iter().skip(1).step_by(2))
        .cloned()
        .collect();
    let other: String = lines
        .iter()
        .map(|l| l.replace("ports", "harbours"))
        .collect();
    let mut group = c.benchmark_group("line diff");
    for (name, new) in [
        ("40 lines changed", &edited),
        ("shuffled", &shuffled),
        ("changed everywhere", &other),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut n = 0;
                changed_lines(black_box(&old), black_box(new), |_, _| n += 1);
                n
            })
        });
    }
    group.finish();
}

criterion_group!(benches, text, line_diff);
criterion_main!(benches);
