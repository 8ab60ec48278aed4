//! libFuzzer target over the spreadsheet import, into each of the three
//! lists: whatever it accepts is applied to the sample, and the result must
//! save and load again.
//! Needs nightly: `cargo +nightly fuzz run csv --features libfuzzer`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trade_mission_planner::edit::{Edit, apply};
use trade_mission_planner::io::project_file::{encode_for_saving, load_str};
use trade_mission_planner::io::spreadsheet::{Sheet, default_mapping, import_csv, read_csv};

fuzz_target!(|data: &[u8]| {
    let Ok(sample) = trade_mission_planner::sample::sample_project() else {
        return;
    };
    let Ok(table) = read_csv(data) else {
        return;
    };
    for sheet in Sheet::ALL {
        let mut project = sample.clone();
        let mapping = default_mapping(sheet, &table.headers);
        let (edits, _) = import_csv(&project, sheet, &table, &mapping);
        let batch = Edit::Batch {
            label: "Import".into(),
            edits,
        };
        if apply(&mut project, batch).is_ok()
            && let Ok(text) = encode_for_saving(&project)
        {
            assert_eq!(load_str(&text).ok(), Some(project));
        }
    }
});
