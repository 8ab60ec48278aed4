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

// ------------------------------------------------------- back from Word

use std::io::Write as _;

use proptest::prelude::*;
use trade_mission_planner::io::docx::{DocumentInfo, draft_to_docx};
use trade_mission_planner::io::docx_import::{DocxImportError, docx_to_markdown, normalised};

fn info() -> DocumentInfo {
    DocumentInfo {
        author: "Maria Alvarez".into(),
        written_at: jiff::Timestamp::UNIX_EPOCH,
    }
}

/// A .docx package holding `document_xml`, as another program might write
/// it (only the parts a reader needs).
fn package(document_xml: &str) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut bytes);
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(document_xml.as_bytes()).unwrap();
    zip.finish().unwrap();
    bytes.into_inner()
}

fn body(paragraphs: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{paragraphs}<w:sectPr/></w:body></w:document>"#
    )
}

#[test]
fn every_sample_draft_comes_back_from_our_export_as_it_was() {
    for agreement in common::sample().agreements {
        assert_eq!(
            normalised(&agreement.draft),
            agreement.draft,
            "already normal"
        );
        let docx = draft_to_docx(&agreement.draft, &info()).unwrap();
        let back = docx_to_markdown(&docx).unwrap();
        assert_eq!(back.text, agreement.draft, "{}", agreement.title);
        assert!(back.notes.is_empty(), "{:?}", back.notes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever Markdown-ish lines a draft has, export then import gives
    /// the draft as `normalised` describes it (lists keep their lines).
    #[test]
    fn export_then_import_gives_the_normalised_draft(
        lines in proptest::collection::vec(
            prop_oneof![
                Just(String::new()),
                "[a-zA-Z0-9 ,.;:()'éü東-]{1,40}",
                "(# |## |### )[a-zA-Z ]{1,20}",
                "(- |1\\. |2\\.1 )[a-z ]{1,20}",
            ],
            0..16,
        ),
    ) {
        let draft = lines.join("\n");
        let docx = draft_to_docx(&draft, &info()).unwrap();
        let back = docx_to_markdown(&docx).unwrap();
        prop_assert_eq!(&back.text, &normalised(&draft));
        prop_assert_eq!(normalised(&back.text), back.text);
    }
}

/// What Word writes when the counterpart edits with Track Changes on, plus
/// its own numbering, a table and a picture: the changes are taken as
/// accepted, and what Markdown cannot hold is listed.
#[test]
fn a_word_edited_draft_with_tracked_changes_reads_as_accepted() {
    let xml = body(
        r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Memorandum of Understanding</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Within </w:t></w:r><w:del w:id="1" w:author="Kenji Sato"><w:r><w:delText>one year</w:delText></w:r></w:del><w:ins w:id="2" w:author="Kenji Sato"><w:r><w:t>eighteen months</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> of signature the ports will</w:t></w:r><w:r><w:tab/><w:t>cooperate.</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Shore power at berths.</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell text</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:drawing/></w:r><w:ins w:id="3" w:author="Kenji Sato"><w:r><w:t>A new closing paragraph.</w:t></w:r></w:ins></w:p>
<w:p><w:del w:id="4" w:author="Kenji Sato"><w:r><w:delText>A deleted paragraph.</w:delText></w:r></w:del></w:p>"#,
    );
    let back = docx_to_markdown(&package(&xml)).unwrap();
    assert_eq!(
        back.text,
        "# Memorandum of Understanding\n\nWithin eighteen months of signature the ports will \
         cooperate.\n\nShore power at berths.\n\nCell text\n\nA new closing paragraph.\n"
    );
    assert_eq!(
        back.notes,
        [
            "tables were read as one paragraph per cell",
            "pictures were left out",
            "automatic numbering was not kept (numbers typed as text are); check the numbered \
             paragraphs",
        ]
    );
}

/// LibreOffice re-saves our export as Word would (its own styles, ids and
/// runs): the draft still comes back as it was; and a counterpart's edit
/// (a paragraph added, saved by LibreOffice) imports as a revision whose
/// redline is exactly that paragraph.
#[test]
fn a_draft_re_saved_by_libreoffice_comes_back_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let resave = |name: &str, text: &str| -> Vec<u8> {
        let ours = dir.path().join(name);
        std::fs::write(&ours, draft_to_docx(text, &info()).unwrap()).unwrap();
        let out = dir.path().join("resaved");
        let converted = Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.path().join("lo-profile").display()
            ))
            .args([
                "--headless",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
            ])
            .arg(&out)
            .arg(&ours)
            .output()
            .expect("LibreOffice (soffice) runs");
        assert!(converted.status.success(), "{converted:?}");
        let resaved = std::fs::read(out.join(name)).unwrap();
        assert_ne!(
            resaved,
            std::fs::read(&ours).unwrap(),
            "LibreOffice wrote its own"
        );
        resaved
    };
    let draft = common::sample().agreements[0].draft.clone();
    assert_eq!(
        docx_to_markdown(&resave("mou.docx", &draft)).unwrap().text,
        draft
    );
    let added = "The ports will review this memorandum every two years.";
    let edited = draft.replace("## 5. Term\n", &format!("## 5. Term\n\n{added}\n"));
    assert_ne!(edited, draft);
    let back = docx_to_markdown(&resave("edited.docx", &edited)).unwrap();
    assert_eq!(back.text, edited);
    let redline = trade_mission_planner::model::redline::Redline::between(&draft, &back.text);
    assert_eq!(redline.change_count(), 1);
    let inserted: String = redline
        .pieces
        .iter()
        .filter_map(|piece| match piece {
            trade_mission_planner::model::redline::Piece::Inserted(text) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(inserted.trim(), added);
}

/// The command line records the Word file as the next revision, attributed
/// as told, and leaves the working draft alone.
#[test]
fn import_draft_records_a_revision_with_the_right_redline() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("m.mission.ron");
    trade_mission_planner::io::save_file(&common::sample(), &project).unwrap();
    let before = common::sample().agreements[0].clone();
    let edited = before.draft.replace(
        "Within one year of signature",
        "Within eighteen months of signature",
    );
    let word = dir.path().join("from-tokyo.docx");
    std::fs::write(&word, draft_to_docx(&edited, &info()).unwrap()).unwrap();
    let out = dir.path().join("out.mission.ron");
    let output = Command::new(env!("CARGO_BIN_EXE_trade-mission-planner"))
        .args(["import", "draft"])
        .arg(&project)
        .args([
            "--agreement",
            "MOU: Port of Los Angeles – Port of Tokyo",
            "--from",
        ])
        .arg(&word)
        .args(["--author", "Port of Tokyo (Kenji Sato)", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!(
            "recorded revision {} of \"{}\" by Port of Tokyo (Kenji Sato)\n",
            before.next_revision_number(),
            before.title
        )
    );
    let saved = trade_mission_planner::io::load_file(&out).unwrap();
    let agreement = saved.agreements.iter().find(|a| a.id == before.id).unwrap();
    assert_eq!(agreement.draft, before.draft, "the working draft stays");
    let revision = agreement.revisions.last().unwrap();
    assert_eq!(revision.author, "Port of Tokyo (Kenji Sato)");
    assert_eq!(&*revision.text, edited);
    assert_eq!(revision.message, "Imported from Word: from-tokyo.docx");
    let redline =
        trade_mission_planner::model::redline::Redline::between(&agreement.draft, &revision.text);
    assert_eq!(redline.change_count(), 1);
    assert_eq!(redline.old_text(), agreement.draft);
    assert_eq!(redline.new_text(), edited);
}

/// Files that are not what they claim, and files built to hurt: each gets
/// a clear error, within bounded time and memory.
#[test]
fn hostile_word_files_are_refused_clearly() {
    let err = |bytes: &[u8]| docx_to_markdown(bytes).unwrap_err();
    assert!(matches!(err(b"not a zip"), DocxImportError::NotDocx(_)));
    assert!(matches!(err(b""), DocxImportError::NotDocx(_)));
    // A zip, but no document in it.
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut bytes);
    zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.finish().unwrap();
    let e = err(&bytes.into_inner());
    assert!(
        e.to_string().contains("no readable word/document.xml"),
        "{e}"
    );
    // A zip bomb: 100 MB of spaces, a few hundred KB packed.
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut bytes);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..100 {
        zip.write_all(&spaces).unwrap();
    }
    zip.finish().unwrap();
    let bomb = bytes.into_inner();
    assert!(bomb.len() < 1 << 20, "{} bytes packed", bomb.len());
    assert!(matches!(err(&bomb), DocxImportError::Unpacked));
    // Nesting beyond any document.
    let deep = format!("{}{}", "<w:p>".repeat(10_000), "</w:p>".repeat(10_000));
    assert!(matches!(
        err(&package(&body(&deep))),
        DocxImportError::TooDeep
    ));
    // Broken XML says where.
    let e = err(&package("<w:document><w:body><w:p></w:body>"));
    assert!(matches!(e, DocxImportError::Xml { line: 1, .. }), "{e}");
    // Entity expansion (a billion laughs) stops.
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;</w:t></w:r></w:p></w:body></w:document>"#;
    match docx_to_markdown(&package(laughs)) {
        Err(DocxImportError::Xml { .. }) => {}
        Ok(draft) => assert!(
            draft.text.len() < 2_000_000,
            "expanded to {}",
            draft.text.len()
        ),
        Err(other) => panic!("{other}"),
    }
    // Over the size limit: refused before it is opened.
    let big = vec![0u8; (32 << 20) + 1];
    assert!(matches!(err(&big), DocxImportError::TooLarge(_)));
}
