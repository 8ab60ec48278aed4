//! Searches as the delegate types: the port catalogue's 17,500 rows, reading
//! the catalogue and the zone boundaries' first use, and Ctrl+K's find
//! anything over the 10,000-event project (every keystroke ≤ 2 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use trade_mission_planner::finder::{CommandName, FinderIndex};
use trade_mission_planner::map::catalogue;
use trade_mission_planner::synthetic::{Size, generate};

fn search(c: &mut Criterion) {
    let catalogue = catalogue::bundled();
    let mut group = c.benchmark_group("catalogue search");
    // What a person types, keystroke by keystroke, with a typo.
    for query in [
        "Y",
        "Yo",
        "Yok",
        "Yoko",
        "Yokoh",
        "Yokohm",
        "Yokohma",
        "port of yokohama",
        "JPYOK",
        "Rotterdm",
        "Chile",
    ] {
        group.bench_function(query, |b| b.iter(|| catalogue.search(query, 50).len()));
    }
    group.finish();
}

fn loading(c: &mut Criterion) {
    let mut group = c.benchmark_group("first use");
    group.sample_size(10);
    group.bench_function("catalogue: read both tables", |b| {
        b.iter(|| {
            catalogue::Catalogue::parse(
                include_str!("../assets/map/unlocode_seaports.csv"),
                include_str!("../assets/map/wpi_ports.csv"),
            )
            .entries
            .len()
        })
    });
    group.bench_function(
        "zone lookup: load the boundaries and look up Yokohama",
        |b| {
            b.iter(|| {
                let finder = tzf_rs::DefaultFinder::new();
                finder.get_tz_name(139.58, 35.45).len()
            })
        },
    );
    group.finish();
}

fn find_anything(c: &mut Criterion) {
    let project = generate(Size::LARGE);
    let commands: Vec<CommandName> = (0..45)
        .map(|i| CommandName {
            label: format!("Command number {i}"),
            detail: "Command".to_owned(),
        })
        .collect();
    let mut group = c.benchmark_group("find anything (10,000 events)");
    group.sample_size(10);
    group.bench_function("index the project (Ctrl+K opens)", |b| {
        b.iter(|| FinderIndex::build(&project, &commands).len())
    });
    let mut index = FinderIndex::build(&project, &commands);
    // Each keystroke of a query, typed: the time per keystroke is this
    // figure divided by the number of letters.
    for query in ["yokohama meeting", "drayage", "zzz"] {
        let letters = query.chars().count();
        group.bench_function(format!("typing {query:?} ({letters} keystrokes)"), |b| {
            b.iter(|| {
                let mut found = 0;
                for end in query.char_indices().map(|(at, c)| at + c.len_utf8()) {
                    found += index.search(&query[..end], 40).total;
                }
                found
            })
        });
    }
    // The worst single keystroke: a query that narrows nothing (pasted, or
    // the first letter after a backspace) over every entry and line.
    for query in ["meeting", "e"] {
        group.bench_function(format!("from scratch {query:?}"), |b| {
            b.iter(|| {
                index.search("", 40);
                index.search(query, 40).total
            })
        });
    }
    group.finish();
}

criterion_group!(benches, search, loading, find_anything);
criterion_main!(benches);
