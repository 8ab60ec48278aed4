//! Word (.docx) back to a Markdown draft: the document we exported, edited by
//! the counterpart (paragraphs, headings, numbered clauses; tracked changes
//! taken as accepted). What Markdown cannot hold (tables, pictures,
//! comments, automatic numbering…) is normalised and listed in the report.
//!
//! Only `word/document.xml` is read, streaming, with every size bounded: the
//! package, the part unpacked, the nesting and the text.

use std::io::{Cursor, Read};

use xml::common::Position;
use xml::reader::{EventReader, ParserConfig, XmlEvent};

use super::docx::CONTINUATION_STYLE;

/// Word files larger than this are refused before they are opened.
pub const MAX_DOCX_BYTES: u64 = 32 * 1024 * 1024;
/// The document part unpacked may be this large (a zip bomb stops here).
pub const MAX_DOCUMENT_XML: u64 = 64 * 1024 * 1024;
/// Elements nested deeper than this are refused (Word nests a few dozen).
pub const MAX_XML_DEPTH: usize = 256;

/// Why a Word file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocxImportError {
    #[error("the file is {0} bytes; Word files are read up to {MAX_DOCX_BYTES} bytes (32 MiB)")]
    TooLarge(u64),
    #[error("this is not a Word (.docx) document: {0}")]
    NotDocx(String),
    #[error("the document's text unpacks to more than {MAX_DOCUMENT_XML} bytes (64 MiB)")]
    Unpacked,
    #[error("the document is nested more than {MAX_XML_DEPTH} elements deep")]
    TooDeep,
    #[error("the document's XML is broken at line {line}, column {column}: {message}")]
    Xml {
        line: u64,
        column: u64,
        message: String,
    },
}

/// The draft read from a Word file, and what was changed on the way.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct DocxDraft {
    /// The text as Markdown, ending with a line break (or empty).
    pub text: String,
    /// What the Markdown could not hold as it was, once each.
    pub notes: Vec<String>,
}

/// One paragraph as it is read.
#[derive(Default)]
struct Paragraph {
    style: String,
    text: String,
    numbered: bool,
}

/// Reads the draft in a .docx package.
pub fn docx_to_markdown(bytes: &[u8]) -> Result<DocxDraft, DocxImportError> {
    if bytes.len() as u64 > MAX_DOCX_BYTES {
        return Err(DocxImportError::TooLarge(bytes.len() as u64));
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| DocxImportError::NotDocx(e.to_string()))?;
    let part = archive.by_name("word/document.xml").map_err(|e| {
        DocxImportError::NotDocx(format!("it has no readable word/document.xml ({e})"))
    })?;
    let mut xml = Vec::new();
    part.take(MAX_DOCUMENT_XML + 1)
        .read_to_end(&mut xml)
        .map_err(|e| DocxImportError::NotDocx(format!("its text cannot be unpacked ({e})")))?;
    if xml.len() as u64 > MAX_DOCUMENT_XML {
        return Err(DocxImportError::Unpacked);
    }
    read_document(&xml)
}

/// Notes, each said once, in the order first met.
#[derive(Default)]
struct Notes(Vec<String>);

impl Notes {
    fn once(&mut self, note: &str) {
        if !self.0.iter().any(|n| n == note) {
            self.0.push(note.to_owned());
        }
    }
}

fn read_document(xml: &[u8]) -> Result<DocxDraft, DocxImportError> {
    let config = ParserConfig::new()
        .trim_whitespace(false)
        .whitespace_to_characters(true)
        .cdata_to_characters(true)
        .ignore_comments(true)
        .coalesce_characters(true);
    let reader = EventReader::new_with_config(Cursor::new(xml), config);
    let mut notes = Notes::default();
    let mut stack: Vec<String> = Vec::new();
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut current: Option<Paragraph> = None;
    // Inside deleted text, a text box or a field's code: read nothing.
    let mut skipping = 0usize;
    for event in reader {
        let event = event.map_err(|e| DocxImportError::Xml {
            line: e.position().row + 1,
            column: e.position().column + 1,
            message: e.msg().to_owned(),
        })?;
        match event {
            XmlEvent::StartElement {
                name, attributes, ..
            } => {
                if stack.len() >= MAX_XML_DEPTH {
                    return Err(DocxImportError::TooDeep);
                }
                let local = name.local_name.as_str();
                let parent = stack.last().map(String::as_str);
                match local {
                    // Tracked changes, taken as accepted: deletions go.
                    "del" | "moveFrom" => skipping += 1,
                    "txbxContent" => {
                        notes.once("text in text boxes was left out");
                        skipping += 1;
                    }
                    "p" if skipping == 0 => {
                        if let Some(open) = current.take() {
                            paragraphs.push(open);
                        }
                        current = Some(Paragraph::default());
                    }
                    "pStyle" if skipping == 0 => {
                        if let (Some(p), Some(value)) =
                            (current.as_mut(), attribute(&attributes, "val"))
                        {
                            p.style = value;
                        }
                    }
                    "numPr" if skipping == 0 => {
                        if let Some(p) = current.as_mut() {
                            p.numbered = true;
                        }
                    }
                    "tab" | "br" | "cr" if parent == Some("r") && skipping == 0 => {
                        if let Some(p) = current.as_mut() {
                            p.text.push(' ');
                        }
                        if local != "tab" {
                            notes.once("line breaks inside a paragraph became spaces");
                        }
                    }
                    "tbl" => notes.once("tables were read as one paragraph per cell"),
                    "drawing" | "pict" | "object" => notes.once("pictures were left out"),
                    "footnoteReference" | "endnoteReference" => {
                        notes.once("footnotes and endnotes were left out")
                    }
                    "commentReference" => notes.once("comments were left out"),
                    _ => {}
                }
                stack.push(name.local_name);
            }
            XmlEvent::EndElement { name } => {
                stack.pop();
                match name.local_name.as_str() {
                    "del" | "moveFrom" | "txbxContent" => skipping = skipping.saturating_sub(1),
                    "p" if skipping == 0 => {
                        if let Some(done) = current.take() {
                            paragraphs.push(done);
                        }
                    }
                    _ => {}
                }
            }
            XmlEvent::Characters(text) => {
                if skipping == 0
                    && stack.last().map(String::as_str) == Some("t")
                    && let Some(p) = current.as_mut()
                {
                    p.text.push_str(&text);
                }
            }
            _ => {}
        }
    }
    if let Some(open) = current.take() {
        paragraphs.push(open);
    }
    Ok(DocxDraft {
        text: to_markdown(&paragraphs, &mut notes),
        notes: notes.0,
    })
}

fn attribute(attributes: &[xml::attribute::OwnedAttribute], name: &str) -> Option<String> {
    attributes
        .iter()
        .find(|a| a.name.local_name == name)
        .map(|a| a.value.clone())
}

/// The paragraphs as Markdown: headings by their style, a paragraph in our
/// continuation style on the next line, any other after a blank line.
fn to_markdown(paragraphs: &[Paragraph], notes: &mut Notes) -> String {
    let mut text = String::new();
    for paragraph in paragraphs {
        // A paragraph is one line of Markdown, whatever its text holds.
        let flat = paragraph.text.replace(['\n', '\r'], " ");
        let words = flat.trim();
        if words.is_empty() {
            continue;
        }
        let style = paragraph.style.to_lowercase().replace(' ', "");
        let heading = match style.as_str() {
            "title" | "heading1" => Some("# "),
            "heading2" => Some("## "),
            "heading3" => Some("### "),
            s if s.starts_with("heading") => {
                notes.once("headings below level 3 became level-3 headings");
                Some("### ")
            }
            _ => None,
        };
        if paragraph.numbered {
            notes.once(
                "automatic numbering was not kept (numbers typed as text are); check the \
                 numbered paragraphs",
            );
        }
        if !text.is_empty() {
            let continues = heading.is_none() && paragraph.style == CONTINUATION_STYLE;
            text.push_str(if continues { "\n" } else { "\n\n" });
        }
        text.push_str(heading.unwrap_or(""));
        text.push_str(words);
    }
    // A paragraph whose own text reads as a heading ("# …") stands apart
    // like one: the result is what `normalised` makes of it.
    normalised(&text)
}

/// A Markdown draft as it comes back from Word after our export: each line
/// trimmed, runs of blank lines one blank line, none at the ends, headings
/// in blocks of their own, and one line break at the end. A draft already in
/// this form comes back exactly.
pub fn normalised(markdown: &str) -> String {
    let mut text = String::new();
    let (mut blank, mut after_heading) = (false, false);
    for line in markdown.lines().map(str::trim) {
        if line.is_empty() {
            blank = !text.is_empty();
            continue;
        }
        let heading = super::docx::heading(line);
        if !text.is_empty() {
            let apart = blank || after_heading || heading.is_some();
            text.push_str(if apart { "\n\n" } else { "\n" });
        }
        blank = false;
        after_heading = heading.is_some();
        match heading {
            Some((words, _)) => {
                text.push_str(&line[..line.len() - line.trim_start_matches('#').len()]);
                text.push(' ');
                text.push_str(words);
            }
            None => text.push_str(line),
        }
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

/// The edit that records `draft` (read from a Word file named `source`) as
/// the next revision of `agreement`, by `author`, at `now`. The working
/// draft stays as it is: the delegate compares and takes what they accept.
pub fn revision_edit(
    agreement: &crate::model::Agreement,
    draft: &DocxDraft,
    author: &str,
    source: &str,
    now: jiff::Timestamp,
) -> crate::edit::Edit {
    crate::edit::Edit::RecordRevision {
        agreement: agreement.id,
        revision: crate::model::Revision {
            number: agreement.next_revision_number(),
            text: draft.text.as_str().into(),
            author: author.trim().to_owned(),
            recorded_at: now,
            message: format!("Imported from Word: {source}"),
        },
    }
}
