//! Word (.docx) export of an agreement's text: Markdown headings become Word
//! headings, everything else paragraphs (numbered clauses keep their numbers).

use docx_rs::{Docx, Paragraph, Run, Style, StyleType};

/// `text` without the characters XML 1.0 cannot hold (C0 controls but tab,
/// line feed and carriage return; U+FFFE, U+FFFF): Word pastes a vertical tab
/// for a manual line break, and one made the document unreadable.
pub fn xml_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
    };
    if text.chars().all(allowed) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| if allowed(c) { c } else { ' ' })
            .collect(),
    )
}

/// What a Word document says about itself (File → Properties in Word).
#[derive(Clone, Debug)]
pub struct DocumentInfo {
    /// Who wrote it: the delegate, or the revision's author.
    pub author: String,
    /// When it was written.
    pub written_at: jiff::Timestamp,
}

/// `text` for XML character data.
fn xml_text(text: &str) -> String {
    xml_safe(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The paragraph style of a line that directly follows another line of the
/// same Markdown block (a list's next item): the import puts it on the next
/// line instead of after a blank line, so the draft comes back as it was.
pub const CONTINUATION_STYLE: &str = "MarkdownLine";

/// A Markdown heading line: its level's Word style and its text.
pub(crate) fn heading(line: &str) -> Option<(&str, &'static str)> {
    [
        ("### ", "Heading3"),
        ("## ", "Heading2"),
        ("# ", "Heading1"),
    ]
    .into_iter()
    .find_map(|(mark, style)| line.strip_prefix(mark).map(|text| (text.trim(), style)))
}

/// Builds a .docx document from a Markdown draft: a Word paragraph a line,
/// headings in Word's heading styles.
pub fn draft_to_docx(markdown: &str, info: &DocumentInfo) -> Result<Vec<u8>, String> {
    let markdown = xml_safe(markdown);
    let markdown = markdown.as_ref();
    let mut docx = Docx::new()
        .add_style(heading_style("Heading1", "Heading 1", 32))
        .add_style(heading_style("Heading2", "Heading 2", 28))
        .add_style(heading_style("Heading3", "Heading 3", 24))
        .add_style(Style::new(CONTINUATION_STYLE, StyleType::Paragraph).name("Markdown line"));
    let mut previous_was_text = false;
    for line in markdown.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            previous_was_text = false;
            continue;
        }
        let paragraph = match heading(trimmed) {
            Some((text, style)) => {
                previous_was_text = false;
                Paragraph::new()
                    .style(style)
                    .add_run(Run::new().add_text(text))
            }
            None => {
                let paragraph = Paragraph::new().add_run(Run::new().add_text(trimmed));
                let paragraph = if previous_was_text {
                    paragraph.style(CONTINUATION_STYLE)
                } else {
                    paragraph
                };
                previous_was_text = true;
                paragraph
            }
        };
        docx = docx.add_paragraph(paragraph);
    }
    let when = info.written_at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut xml = docx.created_at(&when).updated_at(&when).build();
    // docx-rs writes the author as "unknown" and has no setter for it: the
    // core properties are set in their XML.
    let author = xml_text(&info.author);
    let core = String::from_utf8_lossy(&xml.doc_props.core)
        .replace(
            "<dc:creator>unknown</dc:creator>",
            &format!("<dc:creator>{author}</dc:creator>"),
        )
        .replace(
            "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
            &format!("<cp:lastModifiedBy>{author}</cp:lastModifiedBy>"),
        );
    xml.doc_props.core = core.into_bytes();
    let mut bytes = std::io::Cursor::new(Vec::new());
    xml.pack(&mut bytes)
        .map_err(|err| format!("cannot build the Word document: {err}"))?;
    Ok(bytes.into_inner())
}

fn heading_style(id: &str, name: &str, half_points: usize) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .size(half_points)
        .bold()
}

/// Why a draft could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum DraftExportError {
    #[error("a draft is written as Word (.docx) or Markdown (.md), not .{0}")]
    OtherFormat(String),
    #[error("{0}")]
    Word(String),
    #[error("cannot write the draft: {0}")]
    Write(#[from] std::io::Error),
}

/// Whether `path` names a Markdown file (`.md`, any case).
fn is_markdown(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Endings of other document formats: a name ending in one of them asks for
/// something the export does not write, so it is refused rather than given
/// a second ending.
const OTHER_FORMATS: &[&str] = &[
    "pdf", "txt", "rtf", "odt", "doc", "html", "htm", "ron", "ics", "csv",
];

/// Where a draft export goes: a `.md` or `.docx` name as it is; any other
/// name ("MoU", "MoU v1.2") gets `.docx` added, since Word is what is
/// written for it.
pub fn draft_export_path(path: &std::path::Path) -> std::path::PathBuf {
    let is_docx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if is_markdown(path) || is_docx {
        return path.to_path_buf();
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".docx");
    path.with_file_name(name)
}

/// Writes `text` (a draft or revision in Markdown) to `path` as Markdown for
/// a `.md` name, else as Word (see [`draft_export_path`]), atomically. The
/// app and the command line both export through here. Returns the path written.
pub fn export_draft(
    text: &str,
    path: &std::path::Path,
    info: &DocumentInfo,
) -> Result<std::path::PathBuf, DraftExportError> {
    if let Some(ending) = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .filter(|e| OTHER_FORMATS.contains(&e.as_str()))
    {
        return Err(DraftExportError::OtherFormat(ending));
    }
    let path = draft_export_path(path);
    let bytes = if is_markdown(&path) {
        text.as_bytes().to_vec()
    } else {
        draft_to_docx(text, info).map_err(DraftExportError::Word)?
    };
    super::write_atomic(&path, &bytes)?;
    Ok(path)
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::draft_export_path;
    use std::path::Path;

    #[test]
    fn xml_keeps_tab_newline_and_text_and_drops_other_controls() {
        assert!(matches!(
            super::xml_safe("a\tb\nc\rd é 東"),
            std::borrow::Cow::Borrowed(_)
        ));
        let controls: String = (0u8..0x20).map(char::from).collect();
        assert_eq!(
            super::xml_safe(&format!("x{controls}\u{FFFE}\u{FFFF}y")),
            format!("x{}\t\n  \r{}  y", " ".repeat(9), " ".repeat(18))
        );
        assert_eq!(
            super::xml_text("Maria <Alvarez> & co\u{b}"),
            "Maria &lt;Alvarez&gt; &amp; co "
        );
    }

    #[test]
    fn a_draft_becomes_a_word_package_with_its_author() {
        let info = super::DocumentInfo {
            author: "Maria Alvarez".into(),
            written_at: jiff::Timestamp::UNIX_EPOCH,
        };
        let bytes = super::draft_to_docx("# Heading\n\nText", &info).expect("a package");
        assert_eq!(&bytes[..2], b"PK", "a zip package");
        assert!(bytes.len() > 1000, "with its parts: {} bytes", bytes.len());
    }

    #[test]
    fn markdown_and_word_names_stay_and_any_other_name_becomes_word() {
        let name = |p: &str| draft_export_path(Path::new(p)).display().to_string();
        assert_eq!(name("/d/mou.md"), "/d/mou.md");
        assert_eq!(name("/d/mou.MD"), "/d/mou.MD");
        assert_eq!(name("/d/mou.docx"), "/d/mou.docx");
        assert_eq!(name("/d/mou"), "/d/mou.docx");
        assert_eq!(name("/d/MoU v1.2"), "/d/MoU v1.2.docx");
    }

    #[test]
    fn another_document_format_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["mou.pdf", "mou.TXT", "mou.odt"] {
            let path = dir.path().join(name);
            let info = super::DocumentInfo {
                author: "Maria Alvarez".into(),
                written_at: jiff::Timestamp::UNIX_EPOCH,
            };
            let err = super::export_draft("# MOU", &path, &info).expect_err(name);
            assert!(err.to_string().contains("Word (.docx) or Markdown (.md)"));
            assert!(!path.exists() && !dir.path().join(format!("{name}.docx")).exists());
        }
    }
}
