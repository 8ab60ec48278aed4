//! The port catalogue and the zone lookup: a search per keystroke over all
//! 17,500 rows, reading the catalogue, and the zone boundaries' first use.

use criterion::{Criterion, criterion_group, criterion_main};
use trade_mission_planner::map::catalogue;

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

criterion_group!(benches, search, loading);
criterion_main!(benches);
