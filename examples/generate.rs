//! Writes a deterministic large project for benchmarks and load tests:
//!
//! `cargo run --release --example generate -- --events 10000 --agreements 2000 --ports 1000 --people 2000 -o large.mission.ron`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use trade_mission_planner::io::project_file::save_file;
use trade_mission_planner::synthetic::{Size, generate};

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = Size::LARGE.events)]
    events: usize,
    #[arg(long, default_value_t = Size::LARGE.agreements)]
    agreements: usize,
    #[arg(long, default_value_t = Size::LARGE.ports)]
    ports: usize,
    #[arg(long, default_value_t = Size::LARGE.people)]
    people: usize,
    #[arg(short, long)]
    output: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let project = generate(Size {
        events: args.events,
        agreements: args.agreements,
        ports: args.ports,
        people: args.people,
    });
    match save_file(&project, &args.output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("cannot write the project: {err}: {}", args.output.display());
            ExitCode::from(2)
        }
    }
}
