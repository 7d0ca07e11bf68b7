//! UAX #29 word segmentation restricted to ASCII text, several times faster than the general
//! segmenter on the build's hot path. It gives exactly the word-like segments
//! `unicode_word_indices` gives for ASCII input (a property test holds it to that).
//!
//! For ASCII only these word-break rules apply: letters, digits and `_` never break between each
//! other (WB5, WB8–WB10, WB13a/b); a letter, then `:`, `.` or `'`, then a letter stays together
//! (WB6/WB7); a digit, then `,`, `;`, `.` or `'`, then a digit stays together (WB11/WB12); every
//! other boundary is a break (WB999).

/// Iterator over the `(start, end)` byte ranges of the word-like segments of ASCII text.
pub(super) struct AsciiWords<'t> {
    bytes: &'t [u8],
    pos: usize,
}

impl<'t> AsciiWords<'t> {
    /// Segments `text`, which must be ASCII.
    pub(super) fn new(text: &'t str) -> AsciiWords<'t> {
        debug_assert!(text.is_ascii());
        AsciiWords {
            bytes: text.as_bytes(),
            pos: 0,
        }
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl Iterator for AsciiWords<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.bytes;
        loop {
            let start = self.pos + bytes[self.pos..].iter().position(|&b| is_word_byte(b))?;
            let mut last = start;
            let mut has_alphanumeric = false;
            loop {
                let c = bytes[last];
                has_alphanumeric |= c.is_ascii_alphanumeric();
                match bytes.get(last + 1) {
                    Some(&next) if is_word_byte(next) => last += 1,
                    Some(&mid) => match bytes.get(last + 2) {
                        Some(&after)
                            if (c.is_ascii_alphabetic()
                                && after.is_ascii_alphabetic()
                                && matches!(mid, b':' | b'.' | b'\''))
                                || (c.is_ascii_digit()
                                    && after.is_ascii_digit()
                                    && matches!(mid, b',' | b';' | b'.' | b'\'')) =>
                        {
                            last += 2
                        }
                        _ => break,
                    },
                    None => break,
                }
            }
            self.pos = last + 1;
            if has_alphanumeric {
                return Some((start, last + 1));
            }
        }
    }
}
