//! libFuzzer target over the decryption of protected projects: any bytes
//! after age's header, decrypted with a passphrase, then loaded.
//! Needs nightly: `cargo +nightly fuzz run protected --features libfuzzer`.
#![no_main]

use age::secrecy::SecretString;
use libfuzzer_sys::fuzz_target;
use trade_mission_planner::io::project_file::{load_bytes, unseal};
use trade_mission_planner::io::protect::AGE_HEADER;

fuzz_target!(|data: &[u8]| {
    let mut input = AGE_HEADER.to_vec();
    input.extend_from_slice(data);
    let key = SecretString::from("harbour lights at dawn".to_owned());
    if let Ok(plain) = unseal(input, Some(&key)) {
        let _ = load_bytes(&plain);
    }
});
