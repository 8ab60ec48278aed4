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
