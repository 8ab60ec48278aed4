//! Writes a deterministic large project for benchmarks and load tests:
//!
//! `cargo run --release --example generate -- --events 10000 --agreements 2000 --ports 1000 --people 2000 -o large.mission.ron`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use trade_mission_planner::app::{Origin, Session};
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
    /// Figures in the travel-time table; `--travel-heavy` sets every size to
    /// the travel-time-heavy shape (~37 MB).
    #[arg(long, default_value_t = Size::LARGE.travel_times)]
    travel_times: usize,
    #[arg(long)]
    travel_heavy: bool,
    #[arg(short, long)]
    output: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let size = if args.travel_heavy {
        Size::TRAVEL_HEAVY
    } else {
        Size {
            events: args.events,
            agreements: args.agreements,
            ports: args.ports,
            people: args.people,
            travel_times: args.travel_times,
        }
    };
    // Saved as the app saves: naming its own version (as every file the app
    // writes does), so opening it takes the same path as a delegate's file.
    let mut session = Session::new(generate(size), Origin::Untitled);
    match session.save_to(&args.output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("cannot write the project: {err}: {}", args.output.display());
            ExitCode::from(2)
        }
    }
}
