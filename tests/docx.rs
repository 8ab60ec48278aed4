//! The Word export opens in LibreOffice (installed by .ci/run) with the
//! draft's headings and clauses.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;

/// The document's text as LibreOffice reads it (it fails on a document it
/// cannot open).
fn as_text(docx: &std::path::Path) -> String {
    let dir = docx.parent().unwrap();
    let profile = dir.join("lo-profile");
    let converted = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "txt:Text", "--outdir"])
        .arg(dir)
        .arg(docx)
        .output()
        .expect("LibreOffice (soffice) runs; .ci/run installs libreoffice-writer");
    assert!(converted.status.success(), "{converted:?}");
    std::fs::read_to_string(docx.with_extension("txt")).unwrap()
}

#[test]
fn the_exported_docx_opens_in_libreoffice_with_every_clause() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample.mission.ron");
    let docx = dir.path().join("mou.docx");
    let output = Command::new(env!("CARGO_BIN_EXE_trade-mission-planner"))
        .args(["export", "draft"])
        .arg(&sample)
        .args(["--agreement", "301", "-o"])
        .arg(&docx)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = as_text(&docx);
    let draft = &common::sample().agreements[0].draft;
    for line in draft.lines().filter(|l| !l.trim().is_empty()) {
        let plain = line.trim_start_matches('#').trim();
        assert!(text.contains(plain), "missing {plain:?} in\n{text}");
    }
    assert!(
        !text.contains("##"),
        "headings are Word headings, not Markdown marks"
    );
}

/// Every C0 control character in a draft (Word pastes \u{b} for a manual line
/// break) still gives a document LibreOffice opens.
#[test]
fn a_draft_with_control_characters_exports_a_document_that_opens() {
    let dir = tempfile::tempdir().unwrap();
    let mut draft = String::from("# Heading\n\nBefore");
    for c in (0u8..0x20).map(char::from) {
        draft.push(c);
    }
    draft.push_str("After\n");
    let docx = dir.path().join("controls.docx");
    let info = trade_mission_planner::io::docx::DocumentInfo {
        author: "Maria <Alvarez> & co".into(),
        written_at: "2023-03-13T05:00:00Z".parse().unwrap(),
    };
    trade_mission_planner::io::docx::export_draft(&draft, &docx, &info).unwrap();
    let text = as_text(&docx);
    assert!(
        text.contains("Heading") && text.contains("Before") && text.contains("After"),
        "{text:?}"
    );
}

/// The document's properties name its author and the time it was written
/// (docx-rs alone writes "unknown" and 1970).
#[test]
fn the_document_says_who_wrote_it_and_when() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("mou.docx");
    let info = trade_mission_planner::io::docx::DocumentInfo {
        author: "Maria <Alvarez> & co".into(),
        written_at: "2023-03-13T05:00:00Z".parse().unwrap(),
    };
    trade_mission_planner::io::docx::export_draft("# MOU\n", &docx, &info).unwrap();
    // Python's zipfile reads the package (no unzip needed).
    let output = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('docProps/core.xml').decode())",
        ])
        .arg(&docx)
        .output()
        .unwrap();
    let core = String::from_utf8(output.stdout).unwrap();
    assert!(
        core.contains("<dc:creator>Maria &lt;Alvarez&gt; &amp; co</dc:creator>"),
        "{core}"
    );
    assert!(core.contains("2023-03-13T05:00:00Z"), "{core}");
    assert!(
        !core.contains("1970") && !core.contains("unknown"),
        "{core}"
    );
}
