//! Word (.docx) export of an agreement's text: Markdown headings become Word
//! headings, everything else paragraphs (numbered clauses keep their numbers).

use docx_rs::{Docx, Paragraph, Run, Style, StyleType};

/// Builds a .docx document from a Markdown draft.
pub fn draft_to_docx(markdown: &str) -> Result<Vec<u8>, String> {
    let mut docx = Docx::new()
        .add_style(heading_style("Heading1", "Heading 1", 32))
        .add_style(heading_style("Heading2", "Heading 2", 28))
        .add_style(heading_style("Heading3", "Heading 3", 24));
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |docx: Docx, lines: &mut Vec<&str>| -> Docx {
        if lines.is_empty() {
            return docx;
        }
        let text = lines.join(" ");
        lines.clear();
        docx.add_paragraph(Paragraph::new().add_run(Run::new().add_text(text)))
    };
    for line in markdown.lines() {
        let trimmed = line.trim();
        let heading = [
            ("### ", "Heading3"),
            ("## ", "Heading2"),
            ("# ", "Heading1"),
        ]
        .into_iter()
        .find_map(|(mark, style)| trimmed.strip_prefix(mark).map(|text| (text, style)));
        if let Some((text, style)) = heading {
            docx = flush(docx, &mut paragraph);
            docx = docx.add_paragraph(
                Paragraph::new()
                    .style(style)
                    .add_run(Run::new().add_text(text.trim())),
            );
        } else if trimmed.is_empty() {
            docx = flush(docx, &mut paragraph);
        } else {
            paragraph.push(trimmed);
        }
    }
    docx = flush(docx, &mut paragraph);
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
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
    #[error("the format follows the extension: .md (Markdown) or .docx (Word)")]
    UnknownExtension,
    #[error("{0}")]
    Word(String),
    #[error("cannot write the draft: {0}")]
    Write(#[from] std::io::Error),
}

/// Where a draft export goes: a name without an extension gets `.docx`.
pub fn draft_export_path(path: &std::path::Path) -> std::path::PathBuf {
    if path.extension().is_none() {
        path.with_extension("docx")
    } else {
        path.to_path_buf()
    }
}

/// Writes `text` (a draft or revision in Markdown) to `path` as Word (.docx,
/// also when the name has no extension) or Markdown (.md), atomically. The
/// app and the command line both export through here. Returns the path written.
pub fn export_draft(
    text: &str,
    path: &std::path::Path,
) -> Result<std::path::PathBuf, DraftExportError> {
    let path = draft_export_path(path);
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let bytes = match extension.as_str() {
        "md" => text.as_bytes().to_vec(),
        "docx" => draft_to_docx(text).map_err(DraftExportError::Word)?,
        _ => return Err(DraftExportError::UnknownExtension),
    };
    super::write_atomic(&path, &bytes)?;
    Ok(path)
}
