use std::process::ExitCode;

use clap::Parser;
use trade_mission_planner::app::{PlannerApp, load_settings};
use trade_mission_planner::cli::{Cli, run_command};
use trade_mission_planner::io::dialogs::NativeDialogs;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(command) => run_command(command, &mut std::io::stdout(), &mut std::io::stderr()),
        None => run_gui(cli.file),
    }
}

fn run_gui(file: Option<std::path::PathBuf>) -> ExitCode {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Trade Mission Planner")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0])
            .with_app_id("trade-mission-planner"),
        ..Default::default()
    };
    let result = eframe::run_native(
        "Trade Mission Planner",
        options,
        Box::new(move |cc| {
            let settings = load_settings(cc.storage);
            Ok(Box::new(PlannerApp::start(
                file,
                settings,
                Box::new(NativeDialogs),
                Box::new(jiff::Timestamp::now),
            )))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("Trade Mission Planner could not open its window: {err}");
            ExitCode::from(1)
        }
    }
}
