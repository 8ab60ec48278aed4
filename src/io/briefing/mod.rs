//! The briefing book: the project typeset as a PDF by typst, offline.
//!
//! [`data`] works out every string the book shows; the template
//! (`assets/briefing/briefing.typ`) lays them out; this module is the typst
//! "world" between them: the template as the only source, the data as a JSON
//! input, the bundled Libertinus Serif, and, for characters it lacks (東京港),
//! the system's fallback fonts, found the way the window finds them.
//!
//! typst is the heaviest dependency of the app (see the README); it is only
//! reached through this module.

mod data;
mod fonts;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Dict, IntoValue};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

pub use data::{BriefingData, BriefingOptions, Paper, briefing_data};
pub use typst_layout::PagedDocument;

use crate::model::Project;

const TEMPLATE: &str = include_str!("../../../assets/briefing/briefing.typ");

#[derive(Debug, thiserror::Error)]
pub enum BriefingError {
    #[error("the briefing book could not be typeset: {0}")]
    Layout(String),
    #[error("the briefing book could not be written as PDF: {0}")]
    Pdf(String),
}

/// The project's briefing book, laid out in pages.
pub fn typeset(
    project: &Project,
    options: &BriefingOptions,
    now: jiff::Timestamp,
) -> Result<PagedDocument, BriefingError> {
    let data = briefing_data(project, options, now);
    typeset_data(&data, now)
}

/// Lays out already gathered data (what the benchmarks time separately).
pub fn typeset_data(
    data: &BriefingData,
    now: jiff::Timestamp,
) -> Result<PagedDocument, BriefingError> {
    typeset_with_template(data, now, TEMPLATE)
}

/// [`typeset_data`] with another template: for measuring layouts against
/// each other (`examples/`), not for the app.
#[doc(hidden)]
pub fn typeset_with_template(
    data: &BriefingData,
    now: jiff::Timestamp,
    template: &str,
) -> Result<PagedDocument, BriefingError> {
    let json = serde_json::to_string(data).map_err(|e| BriefingError::Layout(e.to_string()))?;
    let source = format!("{}\n{template}", super::map_image::TYPST_LIBRARY);
    compile(&json, &all_text(data), now, &source)
}

/// Lays out `template` with `json` as `sys.inputs.data`; `text` is every
/// character it will print (to find fallback fonts for). The map picture
/// is typeset this way too.
pub(crate) fn compile(
    json: &str,
    text: &str,
    now: jiff::Timestamp,
    template: &str,
) -> Result<PagedDocument, BriefingError> {
    let world = BriefingWorld::new(json, text, now, template);
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| BriefingError::Layout(describe(&world, &errors)));
    // typst memoises layout for the next compilation of the same sources;
    // a book is made now and then, so the memory is given back at once
    // (and every book costs what the first one does).
    typst::comemo::evict(0);
    document
}

/// A title short enough for one line of a picture or a footer.
pub fn shortened_title(title: &str) -> String {
    data::shortened(title, 90)
}

/// The PDF of a laid-out book.
pub fn to_pdf(document: &PagedDocument) -> Result<Vec<u8>, BriefingError> {
    typst_pdf::pdf(document, &typst_pdf::PdfOptions::default()).map_err(|errors| {
        BriefingError::Pdf(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}

/// One page as RGBA pixels (`width` × `height`), `scale` pixels per point.
pub struct PageImage {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// Draws page `index` for the preview.
pub fn render_page(document: &PagedDocument, index: usize, scale: f32) -> Option<PageImage> {
    let page = document.pages().get(index)?;
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(f64::from(scale)),
        ..Default::default()
    };
    let pixmap = typst_render::render(page, &options);
    Some(PageImage {
        width: pixmap.width(),
        height: pixmap.height(),
        rgba: pixmap.data().to_vec(),
    })
}

fn describe(world: &BriefingWorld, errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| {
            let line = typst::WorldExt::range(world, e.span)
                .map(|range| world.source.text()[..range.start].lines().count().max(1));
            match line {
                Some(line) => format!("template line {line}: {}", e.message),
                None => e.message.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every character the book will print, so the fallback fonts for the ones
/// Libertinus lacks are found before layout.
pub(crate) fn all_text(data: &impl serde::Serialize) -> String {
    serde_json::to_value(data)
        .map(|value| {
            let mut text = String::new();
            collect_strings(&value, &mut text);
            text
        })
        .unwrap_or_default()
}

fn collect_strings(value: &serde_json::Value, text: &mut String) {
    match value {
        serde_json::Value::String(s) => text.push_str(s),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, text)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, text)),
        _ => {}
    }
}

struct BriefingWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: FileId,
    source: Source,
    today: Datetime,
}

impl BriefingWorld {
    fn new(json: &str, text: &str, now: jiff::Timestamp, template: &str) -> Self {
        let mut inputs = Dict::new();
        inputs.insert("data".into(), json.into_value());
        let library = Library::builder().with_inputs(inputs).build();
        let fonts = fonts::for_text(text);
        let book = FontBook::from_fonts(fonts.iter());
        #[allow(clippy::expect_used)] // a constant name, checked by every test
        let path = VirtualPath::new("briefing.typ").expect("a plain file name");
        let main = FileId::new(RootedPath::new(VirtualRoot::Project, path));
        let date = now.to_zoned(jiff::tz::TimeZone::UTC).date();
        Self {
            library: LazyHash::new(library),
            book: LazyHash::new(book),
            fonts,
            main,
            source: Source::new(main, template.to_owned()),
            today: Datetime::from_ymd(
                i32::from(date.year()),
                date.month().unsigned_abs(),
                date.day().unsigned_abs(),
            )
            .unwrap_or(Datetime::from_ymd(2000, 1, 1).unwrap_or_else(|| unreachable!())),
        }
    }
}

impl World for BriefingWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            // The template reads nothing else: no files, no packages.
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main {
            Ok(Bytes::from_string(self.source.text().to_owned()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
