//! What delegates carry away from the app: the briefing book (checked with
//! poppler's pdftotext and pdffonts, which .ci/run installs).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod briefing;
