//! libFuzzer target over the contacts import: whatever it accepts is applied
//! to the sample, and the result must save and load again.
//! Needs nightly: `cargo +nightly fuzz run vcf --features libfuzzer`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trade_mission_planner::edit::{Edit, apply};
use trade_mission_planner::io::project_file::{encode_for_saving, load_str};
use trade_mission_planner::io::vcard::import_vcards;

fuzz_target!(|data: &[u8]| {
    let Ok(mut project) = trade_mission_planner::sample::sample_project() else {
        return;
    };
    let Ok((edits, _)) = import_vcards(&project, data) else {
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
