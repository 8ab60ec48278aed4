//! A mutation fuzzer on the stable toolchain, for machines without nightly
//! (libFuzzer needs it). It mutates the sample and the test fixtures (byte
//! flips, insertions, deletions, splices, RON tokens) and feeds each result to
//! the loader and to validation, as `check` does. A panic is saved to
//! `fuzz/artifacts/` and ends the run with status 1.
//!
//! `cargo run --release --manifest-path fuzz/Cargo.toml --bin mutate -- SECONDS`

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use trade_mission_planner::io::project_file::load_bytes;
use trade_mission_planner::model::validate;

const TOKENS: &[&[u8]] = &[
    b"(", b")", b"[", b"]", b"\"", b",", b":", b"Some(", b"None", b"r#\"", b"\"#", b"\\u{",
    b"format_version: 2", b"format_version: 1", b"1e999", b"-0", b"NaN", b"inf", b"/*", b"*/",
    b"//", b"\n", b"\r\n", b"\0", b"\xFF", b"\xEF\xBB\xBF", b"2023-03-12T02:30:00-08:00[America/Los_Angeles]",
    b"[Asia/Tokyo]", b"18446744073709551615", b"Port(", b"Organisation(",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(8) {
        let len = input.len();
        match rng.below(6) {
            0 if len > 0 => {
                let at = rng.below(len);
                input[at] = rng.next() as u8;
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                let at = rng.below(len + 1);
                input.splice(at..at, token.iter().copied());
            }
            2 if len > 0 => {
                let at = rng.below(len);
                let end = (at + 1 + rng.below(64)).min(len);
                input.drain(at..end);
            }
            3 => {
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let end = (from + 1 + rng.below(512)).min(other.len());
                    let at = rng.below(len + 1);
                    input.splice(at..at, other[from..end].iter().copied());
                }
            }
            4 if len > 0 => {
                // Repeat a run: deep nesting, long strings.
                let at = rng.below(len);
                let end = (at + 1 + rng.below(8)).min(len);
                let run = input[at..end].to_vec();
                let times = 1 + rng.below(2_000);
                for _ in 0..times {
                    input.splice(at..at, run.iter().copied());
                }
            }
            _ => input.truncate(rng.below(len + 1)),
        }
    }
}

fn main() {
    let seconds: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut seeds = vec![trade_mission_planner::sample::SAMPLE_RON.as_bytes().to_vec()];
    if let Ok(dir) = std::fs::read_dir(root.join("tests/fixtures")) {
        for entry in dir.flatten() {
            if let Ok(bytes) = std::fs::read(entry.path())
                && bytes.len() < 200_000
            {
                seeds.push(bytes);
            }
        }
    }
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(0x5EED_2023_0311 ^ u64::from(std::process::id()));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut parsed) = (0u64, 0u64);
    while Instant::now() < deadline {
        for _ in 0..100 {
            let mut input = seeds[rng.below(seeds.len())].clone();
            mutate(&mut rng, &seeds, &mut input);
            let outcome = catch_unwind(AssertUnwindSafe(|| match load_bytes(&input) {
                Ok(project) => {
                    let _ = validate(&project);
                    true
                }
                Err(err) => {
                    let _ = err.with_position();
                    false
                }
            }));
            runs += 1;
            match outcome {
                Ok(true) => parsed += 1,
                Ok(false) => {}
                Err(_) => {
                    let dir = root.join("fuzz/artifacts");
                    let _ = std::fs::create_dir_all(&dir);
                    let file = dir.join(format!("crash-{runs}.mission.ron"));
                    let _ = std::fs::write(&file, &input);
                    eprintln!("panic after {runs} runs; input saved to {}", file.display());
                    std::process::exit(1);
                }
            }
        }
    }
    println!("{runs} inputs in {seconds} s, {parsed} loaded as projects, no panic");
}
