//! The draft editor's text buffer: a `String` whose character/byte index
//! conversions do not walk the text one character at a time.
//!
//! egui's `TextBuffer for String` finds a cursor's byte offset with
//! `char_indices().enumerate()`, twice per typed character; in a 200 KB draft
//! that was a third of the frame. [`crate::model::text`] counts UTF-8 start
//! bytes in vectorised chunks instead.

use std::ops::Range;

use egui::TextBuffer;
use egui::text::{ByteIndex, CharIndex};

use crate::model::text::{byte_index, char_index};

/// Edits the `String` it borrows, like egui's own `String` buffer.
pub struct LongText<'a>(pub &'a mut String);

impl TextBuffer for LongText<'_> {
    fn is_mutable(&self) -> bool {
        true
    }

    fn as_str(&self) -> &str {
        self.0
    }

    fn insert_text(&mut self, text: &str, at: CharIndex) -> usize {
        self.0.insert_str(byte_index(self.0, at.0), text);
        text.chars().count()
    }

    fn delete_char_range(&mut self, range: Range<CharIndex>) {
        let start = byte_index(self.0, range.start.0);
        let end = byte_index(self.0, range.end.0).max(start);
        self.0.drain(start..end);
    }

    fn char_range(&self, range: Range<CharIndex>) -> &str {
        let start = byte_index(self.0, range.start.0);
        let end = byte_index(self.0, range.end.0).max(start);
        &self.0[start..end]
    }

    fn byte_index_from_char_index(&self, at: CharIndex) -> ByteIndex {
        ByteIndex(byte_index(self.0, at.0))
    }

    fn char_index_from_byte_index(&self, at: ByteIndex) -> CharIndex {
        CharIndex(char_index(self.0, at.0))
    }

    fn clear(&mut self) {
        self.0.clear();
    }

    fn replace_with(&mut self, text: &str) {
        text.clone_into(self.0);
    }

    fn take(&mut self) -> String {
        std::mem::take(self.0)
    }

    fn type_id(&self) -> std::any::TypeId {
        std::any::TypeId::of::<LongText<'static>>()
    }
}
