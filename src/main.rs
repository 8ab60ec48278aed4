use std::process::ExitCode;

use clap::Parser;
use trade_mission_planner::app::instances::{RaiseSignal, StartClaim, claim_for_start};
use trade_mission_planner::app::opening::{BACKGROUND_OPEN_BYTES, Window, read_in_background};
use trade_mission_planner::app::{PlannerApp, load_settings};
use trade_mission_planner::cli::{Cli, run_command};
use trade_mission_planner::io::instances;
use trade_mission_planner::io::lineage::SnapshotStore;
use trade_mission_planner::io::recovery::RecoveryStore;
use trade_mission_planner::ui::dialogs::NativeDialogs;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(command) => run_command(
            command,
            cli.passphrase_file.as_deref(),
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        ),
        None => run_gui(cli.file),
    }
}

fn run_gui(file: Option<std::path::PathBuf>) -> ExitCode {
    // Warnings and errors to a capped log in the data folder (Help → Copy
    // diagnostics); a panic's place is logged too, never its message, which
    // could quote the project.
    if let Some(dir) = trade_mission_planner::io::diagnostics::default_dir()
        && let Err(err) = trade_mission_planner::io::diagnostics::install(&dir)
    {
        eprintln!("The diagnostics log is off: {err}");
    }
    if let Err(err) = trade_mission_planner::io::make_data_folder_private() {
        eprintln!("The data folder could not be made private: {err}");
    }
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let place = info.location().map_or_else(
            || "unknown place".to_owned(),
            |l| format!("{}:{}", l.file(), l.line()),
        );
        log::error!("panic at {place}");
        log::logger().flush();
        default_hook(info);
    }));
    // One editor per file: a second start on a file open in a window brings
    // that window forward and opens none.
    let signal = RaiseSignal::new();
    let instance_dir = instances::default_dir();
    let mut claim = None;
    let mut warnings = Vec::new();
    if let (Some(dir), Some(file)) = (&instance_dir, &file) {
        match claim_for_start(dir, file, &signal) {
            StartClaim::Open(held) => claim = held,
            StartClaim::Elsewhere(message) => {
                eprintln!("{message}");
                return ExitCode::SUCCESS;
            }
            StartClaim::Unchecked(warning) => warnings.push(warning),
        }
    }
    let snapshots = match SnapshotStore::default_dir().map(|dir| SnapshotStore::open(&dir)) {
        Some(Ok(store)) => Some(store),
        Some(Err(err)) => {
            eprintln!("Version snapshots are off (merges are two-way): {err}");
            None
        }
        None => {
            eprintln!("Version snapshots are off: no data folder for this user");
            None
        }
    };
    // A large project is read while the window is being made.
    let window = Window::default();
    let early = file
        .as_ref()
        .filter(|f| std::fs::metadata(f).is_ok_and(|m| m.len() >= BACKGROUND_OPEN_BYTES))
        .map(|f| read_in_background(f.clone(), snapshots.clone(), window.clone()));
    let mut viewport = egui::ViewportBuilder::default();
    if let Some(icon) = trade_mission_planner::app::window_icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport: viewport
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
            let _ = window.set(cc.egui_ctx.clone());
            let mut settings = load_settings(cc.storage);
            if file.is_none()
                && let (Some(dir), Some(last)) = (&instance_dir, settings.last_file.clone())
            {
                match claim_for_start(dir, &last, &signal) {
                    StartClaim::Open(held) => claim = held,
                    // Another window edits the last project: start on the sample.
                    StartClaim::Elsewhere(_) => settings.last_file = None,
                    StartClaim::Unchecked(warning) => warnings.push(warning),
                }
            }
            let mut app = match (early, file) {
                (Some(reading), Some(path)) => PlannerApp::start_reading(
                    path,
                    reading,
                    settings,
                    Box::new(NativeDialogs),
                    Box::new(jiff::Timestamp::now),
                ),
                (_, file) => PlannerApp::start(
                    file,
                    settings,
                    Box::new(NativeDialogs),
                    Box::new(jiff::Timestamp::now),
                ),
            };
            match RecoveryStore::default_dir().map(|dir| RecoveryStore::open(&dir)) {
                Some(Ok(store)) => app = app.with_recovery(store),
                Some(Err(err)) => eprintln!("Crash recovery is off: {err}"),
                None => eprintln!("Crash recovery is off: no data folder for this user"),
            }
            if let Some(store) = snapshots {
                app = app.with_snapshots(store);
            }
            if let Some(dir) = instance_dir {
                app = app.with_instances(dir, claim, signal);
            }
            for warning in warnings {
                app.warn(warning);
            }
            Ok(Box::new(app))
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
