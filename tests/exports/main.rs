//! What delegates carry away from the app: the briefing book (checked with
//! poppler's pdftotext and pdffonts) and contacts (checked with Python's
//! vobject); .ci/run installs both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod briefing;
mod spreadsheet;
mod vcard;
