//! Load, validate and save of a large generated project, beside bare ron
//! parsing and pretty serialisation of the same data as the reference.

use criterion::{Criterion, criterion_group, criterion_main};
use serde::{Deserialize, Serialize};
use std::hint::black_box;
use trade_mission_planner::io::project_file::{load_str, to_ron_string};
use trade_mission_planner::model::{Project, validate};
use trade_mission_planner::synthetic::{Size, generate};

#[derive(Deserialize)]
struct Bare {
    #[allow(dead_code)]
    format_version: u32,
    project: Project,
}

#[derive(Serialize)]
struct BareRef<'a> {
    format_version: u32,
    project: &'a Project,
}

fn file_io(c: &mut Criterion) {
    let project = generate(Size::LARGE);
    let text = to_ron_string(&project).unwrap_or_default();
    eprintln!("generated project file: {} bytes", text.len());
    let mut group = c.benchmark_group("file_io");
    group.sample_size(10);
    group.bench_function("bare ron::from_str", |b| {
        b.iter(|| ron::from_str::<Bare>(black_box(&text)).map(|f| f.project))
    });
    group.bench_function("load", |b| b.iter(|| load_str(black_box(&text))));
    group.bench_function("load + validate", |b| {
        b.iter(|| load_str(black_box(&text)).map(|p| validate(&p).len()))
    });
    group.bench_function("validate", |b| b.iter(|| validate(black_box(&project))));
    group.bench_function("bare ron::ser::to_string_pretty", |b| {
        b.iter(|| {
            ron::ser::to_string_pretty(
                &BareRef {
                    format_version: trade_mission_planner::io::FORMAT_VERSION,
                    project: black_box(&project),
                },
                ron::ser::PrettyConfig::new(),
            )
        })
    });
    group.bench_function("save (to_ron_string)", |b| {
        b.iter(|| to_ron_string(black_box(&project)))
    });
    group.finish();
}

criterion_group!(benches, file_io);
criterion_main!(benches);
