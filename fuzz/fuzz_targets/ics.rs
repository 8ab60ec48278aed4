//! libFuzzer target over the calendar import: whatever it accepts is applied
//! to the sample, and the result must save and load again.
//! Needs nightly: `cargo +nightly fuzz run ics --features libfuzzer`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trade_mission_planner::edit::{Edit, apply};
use trade_mission_planner::io::ics::import_ics;
use trade_mission_planner::io::project_file::{encode_for_saving, load_str};

fuzz_target!(|data: &[u8]| {
    let Ok(mut project) = trade_mission_planner::sample::sample_project() else {
        return;
    };
    let Ok((edits, _)) = import_ics(&project, data) else {
        return;
    };
    let batch = Edit::Batch {
        label: "Import".into(),
        edits,
    };
    if apply(&mut project, batch).is_ok()
        && let Ok(text) = encode_for_saving(&project)
    {
        assert_eq!(load_str(&text).ok(), Some(project));
    }
});
