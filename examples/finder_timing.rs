//! Each keystroke of a few queries in Ctrl+K's search over the 10,000-event
//! project, timed one by one (the benchmark gives averages).
use trade_mission_planner::finder::FinderIndex;
use trade_mission_planner::synthetic::{Size, generate};

fn main() {
    let project = generate(Size::LARGE);
    let started = std::time::Instant::now();
    let mut index = FinderIndex::build(&project, &[]);
    println!("index: {:?}", started.elapsed());
    for query in ["zzz", "yokohama meeting", "drayage", "meeting"] {
        index.search("", 40);
        let mut line = format!("{query:>18}:");
        for end in query.char_indices().map(|(at, c)| at + c.len_utf8()) {
            let started = std::time::Instant::now();
            let found = index.search(&query[..end], 40);
            line.push_str(&format!(
                " {:.2}({})",
                started.elapsed().as_secs_f64() * 1e3,
                found.total
            ));
        }
        println!("{line}");
    }
}
