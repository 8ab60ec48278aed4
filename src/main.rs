use std::process::ExitCode;

use clap::Parser;
use trade_mission_planner::cli::{Cli, run_command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(command) => run_command(command, &mut std::io::stdout(), &mut std::io::stderr()),
        None => {
            eprintln!("The desktop window is not built yet; use `check` or `sample`.");
            ExitCode::SUCCESS
        }
    }
}
