//! Counting and indexing long texts (agreement drafts run to hundreds of
//! kilobytes) in one pass over the bytes, without decoding every character.
//!
//! UTF-8 makes this possible: every character starts with exactly one byte
//! that is not a continuation byte (`0b10xx_xxxx`), so counting characters is
//! counting those bytes, which the compiler vectorises.

/// Bytes counted per step when looking for a character index: large enough
/// for the vectorised count to pay, small enough that the last step is short.
const CHUNK: usize = 512;

fn is_char_start(byte: u8) -> bool {
    // Continuation bytes are 0x80..=0xBF, that is -128..=-65 as i8.
    (byte as i8) >= -0x40
}

fn count_char_starts(bytes: &[u8]) -> usize {
    // Per-block byte counters let the compiler add 16 or 32 bytes at once;
    // a block of 255 cannot overflow one.
    bytes
        .chunks(255)
        .map(|block| {
            block
                .iter()
                .fold(0u8, |n, &b| n + u8::from(is_char_start(b))) as usize
        })
        .sum()
}

/// Words and characters in `text`: the same numbers as
/// `text.split_whitespace().count()` and `text.chars().count()`.
///
/// Words are counted over bytes as if every non-ASCII character were a
/// letter (a word starts at a non-separator byte after a separator byte; the
/// continuation bytes of a character follow its first byte, so they never
/// start one), then corrected around the rare non-ASCII spaces.
pub fn word_and_char_counts(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut words = ascii_word_starts(bytes);
    for (at, len) in unicode_spaces(text) {
        // Counted above as a letter: it started a word after a separator...
        if at == 0 || is_ascii_separator(bytes[at - 1]) {
            words -= 1;
        }
        // ...and what follows it was taken for the same word.
        let next = text.get(at + len..).and_then(|rest| rest.chars().next());
        if next.is_some_and(|c| !c.is_whitespace()) {
            words += 1;
        }
    }
    (words, count_char_starts(bytes))
}

/// `\t \n \v \f \r` and space: the ASCII characters `char::is_whitespace`
/// accepts. As a number so that loops over it vectorise.
fn ascii_separator(byte: u8) -> u8 {
    u8::from(byte.wrapping_sub(b'\t') < 5) | u8::from(byte == b' ')
}

fn is_ascii_separator(byte: u8) -> bool {
    ascii_separator(byte) == 1
}

/// Bytes that are not ASCII separators and follow one (or start the text).
fn ascii_word_starts(bytes: &[u8]) -> usize {
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let mut words = usize::from(1 - ascii_separator(first));
    // Blocks of 255 pairs so that a byte counter cannot overflow.
    for (block, before) in bytes[1..].chunks(255).zip(bytes.chunks(255)) {
        let mut n = 0u8;
        for (&byte, &previous) in block.iter().zip(before) {
            n += (1 - ascii_separator(byte)) & ascii_separator(previous);
        }
        words += usize::from(n);
    }
    words
}

/// First bytes of the non-ASCII characters `char::is_whitespace` accepts:
/// U+0085 and U+00A0 (0xC2), U+1680 (0xE1), U+2000–U+205F (0xE2) and
/// U+3000 (0xE3).
fn may_start_unicode_space(byte: u8) -> u8 {
    u8::from(byte == 0xC2) | u8::from(byte.wrapping_sub(0xE1) < 3)
}

/// Byte offset and length of each non-ASCII whitespace character. Blocks
/// without a possible first byte (nearly all of them) are passed over many
/// bytes at a time; the possible ones (also curly quotes and dashes) are
/// decoded.
fn unicode_spaces(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    const BLOCK: usize = 64;
    text.as_bytes()
        .chunks(BLOCK)
        .enumerate()
        .filter(|(_, block)| {
            block
                .iter()
                .fold(0, |any, &b| any | may_start_unicode_space(b))
                != 0
        })
        .flat_map(move |(n, block)| {
            block.iter().enumerate().filter_map(move |(k, &byte)| {
                let at = n * BLOCK + k;
                // A possible first byte is always a character's first byte.
                let c = (may_start_unicode_space(byte) == 1)
                    .then(|| text.get(at..)?.chars().next())
                    .flatten()?;
                c.is_whitespace().then_some((at, c.len_utf8()))
            })
        })
}

/// The byte offset of character `char_index` in `text`, or `text.len()` when
/// the text has fewer characters.
pub fn byte_index(text: &str, char_index: usize) -> usize {
    if char_index >= text.len() {
        // No text has more characters than bytes.
        return text.len();
    }
    let bytes = text.as_bytes();
    let mut remaining = char_index;
    let mut start = 0;
    // Skip whole chunks that end before the wanted character.
    while start + CHUNK <= bytes.len() {
        let in_chunk = count_char_starts(&bytes[start..start + CHUNK]);
        if in_chunk > remaining {
            break;
        }
        remaining -= in_chunk;
        start += CHUNK;
    }
    for (offset, &byte) in bytes[start..].iter().enumerate() {
        if is_char_start(byte) {
            if remaining == 0 {
                return start + offset;
            }
            remaining -= 1;
        }
    }
    text.len()
}

/// The character index at byte offset `byte_index` of `text`. An offset past
/// the end or inside a character gives the number of characters, as egui's
/// own conversion does.
pub fn char_index(text: &str, byte_index: usize) -> usize {
    let end = if text.is_char_boundary(byte_index) {
        byte_index
    } else {
        text.len()
    };
    count_char_starts(&text.as_bytes()[..end])
}
