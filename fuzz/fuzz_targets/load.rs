//! libFuzzer target over the project loader and `check`'s validation.
//! Needs nightly: `cargo +nightly fuzz run load --features libfuzzer`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trade_mission_planner::io::project_file::load_bytes;
use trade_mission_planner::model::validate;

fuzz_target!(|data: &[u8]| {
    if let Ok(project) = load_bytes(data) {
        let _ = validate(&project);
    }
});
