//! libFuzzer target over reading a draft back from Word: whatever it reads
//! becomes a revision of the sample's first agreement, and the result must
//! save and load again; reading what it read, exported, gives it back.
//! Needs nightly: `cargo +nightly fuzz run docx --features libfuzzer`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trade_mission_planner::edit::apply;
use trade_mission_planner::io::docx::{DocumentInfo, draft_to_docx};
use trade_mission_planner::io::docx_import::{docx_to_markdown, normalised, revision_edit};
use trade_mission_planner::io::project_file::{encode_for_saving, load_str};

fuzz_target!(|data: &[u8]| {
    let Ok(draft) = docx_to_markdown(data) else {
        return;
    };
    assert_eq!(normalised(&draft.text), draft.text);
    let Ok(mut project) = trade_mission_planner::sample::sample_project() else {
        return;
    };
    let edit = revision_edit(
        &project.agreements[0],
        &draft,
        "Fuzz",
        "fuzz.docx",
        jiff::Timestamp::UNIX_EPOCH,
    );
    if apply(&mut project, edit).is_ok()
        && let Ok(text) = encode_for_saving(&project)
    {
        assert_eq!(load_str(&text).ok(), Some(project));
    }
    let info = DocumentInfo {
        author: "Fuzz".into(),
        written_at: jiff::Timestamp::UNIX_EPOCH,
    };
    if let Ok(bytes) = draft_to_docx(&draft.text, &info) {
        let again = docx_to_markdown(&bytes).map(|d| d.text).ok();
        assert_eq!(again.as_deref(), Some(draft.text.as_str()));
    }
});
