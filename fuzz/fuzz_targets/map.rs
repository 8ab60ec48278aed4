//! libFuzzer target over the map: any project the loader accepts is put on
//! the map (scene, labels, the picture's drawing), for every day and two
//! picture shapes, without a panic or a hang; the bytes are also a
//! catalogue query. Needs nightly: `cargo +nightly fuzz run map --features libfuzzer`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trade_mission_planner::io::map_image::{MapView, drawing};
use trade_mission_planner::io::project_file::load_str;
use trade_mission_planner::map::scene::{MapFilters, Scene};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = trade_mission_planner::map::catalogue::bundled().search(&text, 10);
    let Ok(project) = load_str(&text) else {
        return;
    };
    for day in [None, Some(project.mission.first_day)] {
        let scene = Scene::of(&project, &MapFilters { day, ..MapFilters::default() });
        for (width, height) in [(800.0, 500.0), (32.0, 4000.0)] {
            let _ = drawing(&scene, &MapView::fitted(&scene, width, height));
        }
    }
});
