//! Times the briefing book of the 10,000-event generated project with each
//! template given (best of three: typesetting, then the PDF), to compare
//! layouts without rebuilding the app:
//!
//! `cargo run --release --example briefing_timing -- assets/briefing/briefing.typ other.typ`
//!
//! The budget (the `briefing` benchmark) is 5 s for both together.

use trade_mission_planner::io::briefing::{
    BriefingOptions, briefing_data, to_pdf, typeset_with_template,
};
use trade_mission_planner::synthetic::{Size, generate};

fn main() {
    let project = generate(Size::LARGE);
    let now = jiff::Timestamp::now();
    let data = briefing_data(&project, &BriefingOptions::default(), now);
    for path in std::env::args().skip(1) {
        let template = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read the template {path}: {e}"));
        let (mut typeset, mut pdf, mut pages) = (f64::MAX, f64::MAX, 0);
        for _ in 0..3 {
            let started = std::time::Instant::now();
            let document = typeset_with_template(&data, now, &template)
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            typeset = typeset.min(started.elapsed().as_secs_f64());
            let started = std::time::Instant::now();
            to_pdf(&document).unwrap_or_else(|e| panic!("{path}: {e}"));
            pdf = pdf.min(started.elapsed().as_secs_f64());
            pages = document.pages().len();
        }
        println!("{path}: typeset {typeset:.2} s, PDF {pdf:.2} s, {pages} pages (best of 3)");
    }
}
