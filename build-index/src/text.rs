//! Plain text as a page shows it: HTML character references decoded, whitespace collapsed.
//!
//! The HTML parser hands over text as written in the source (`&amp;` still encoded), in chunks that
//! may split a reference in two; callers collect a whole text node and decode it here.

use crate::entities::ENTITIES;

/// A growing piece of plain text whose runs of whitespace are collapsed to one space, with no
/// leading or trailing space.
#[derive(Clone, Debug, Default)]
pub struct TextBuf {
    text: String,
    space: bool,
}

impl TextBuf {
    /// An empty buffer.
    pub fn new() -> TextBuf {
        TextBuf::default()
    }

    /// Appends `s`, collapsing whitespace (including no-break spaces) into single spaces.
    pub fn push(&mut self, s: &str) {
        for ch in s.chars() {
            if is_space(ch) {
                self.space = true;
            } else {
                if self.space && !self.text.is_empty() {
                    self.text.push(' ');
                }
                self.space = false;
                self.text.push(ch);
            }
        }
    }

    /// Marks a word break (an element boundary such as `</td><td>`): the next text starts a new word.
    pub fn brk(&mut self) {
        self.space = true;
    }

    /// Length in bytes of the text so far.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether no visible text was added.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The text so far.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Takes the text out, leaving the buffer empty.
    pub fn take(&mut self) -> String {
        self.space = false;
        std::mem::take(&mut self.text)
    }

    /// Cuts the text to at most `max` bytes, at a character boundary.
    pub fn truncate(&mut self, max: usize) {
        if self.text.len() > max {
            let mut end = max;
            while !self.text.is_char_boundary(end) {
                end -= 1;
            }
            self.text.truncate(end);
        }
    }
}

/// Whitespace for word breaking: Unicode white space plus the zero-width characters that pages use
/// as separators.
pub fn is_space(ch: char) -> bool {
    ch.is_whitespace() || ch == '\u{200b}' || ch == '\u{feff}'
}

/// Collapses whitespace in `s`: trimmed, runs replaced by one space.
pub fn collapse(s: &str) -> String {
    let mut b = TextBuf::new();
    b.push(s);
    b.take()
}

/// Decodes HTML character references (`&amp;`, `&#8212;`, `&#x2014;`, legacy `&copy` without the
/// semicolon) as a browser does in text content. Unknown references are kept as written.
pub fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while let Some(off) = memchr_amp(&bytes[i..]) {
        let amp = i + off;
        out.push_str(&s[copied..amp]);
        match decode_one(&s[amp + 1..]) {
            Some((text, used)) => {
                match text {
                    Decoded::Char(c) => out.push(c),
                    Decoded::Str(t) => out.push_str(t),
                }
                i = amp + 1 + used;
            }
            None => {
                out.push('&');
                i = amp + 1;
            }
        }
        copied = i;
    }
    out.push_str(&s[copied..]);
    std::borrow::Cow::Owned(out)
}

fn memchr_amp(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'&')
}

/// A decoded reference: one or two characters.
enum Decoded {
    Char(char),
    Str(&'static str),
}

/// Decodes the reference that starts right after a `&`; returns the text and the bytes used.
fn decode_one(rest: &str) -> Option<(Decoded, usize)> {
    let b = rest.as_bytes();
    if b.first() == Some(&b'#') {
        let (hex, start) = match b.get(1) {
            Some(b'x') | Some(b'X') => (true, 2),
            _ => (false, 1),
        };
        let digits = b[start..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let end = start + digits;
        let radix = if hex { 16 } else { 10 };
        let value = b[start..end].iter().fold(0u32, |v, c| {
            v.saturating_mul(radix)
                .saturating_add((*c as char).to_digit(radix).unwrap_or(0))
        });
        let used = if b.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        return Some((Decoded::Char(numeric_char(value)), used));
    }
    let name_len = b
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return None;
    }
    if b.get(name_len) == Some(&b';') {
        if let Some(v) = lookup(&rest[..name_len + 1]) {
            return Some((Decoded::Str(v), name_len + 1));
        }
    }
    // Legacy references without a semicolon (`&copy`, `&amp`): the longest one that prefixes the name.
    for len in (2..=name_len.min(6)).rev() {
        if let Some(v) = lookup(&rest[..len]) {
            return Some((Decoded::Str(v), len));
        }
    }
    None
}

fn lookup(name: &str) -> Option<&'static str> {
    ENTITIES
        .binary_search_by(|(k, _)| k.as_bytes().cmp(name.as_bytes()))
        .ok()
        .map(|i| ENTITIES[i].1)
}

/// The character for a numeric reference, with the replacements browsers make.
fn numeric_char(value: u32) -> char {
    const WINDOWS_1252: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let value = if (0x80..0xA0).contains(&value) {
        WINDOWS_1252[(value - 0x80) as usize]
    } else {
        value
    };
    match value {
        0 => '\u{fffd}',
        v => char::from_u32(v).unwrap_or('\u{fffd}'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_named_numeric_and_legacy_references() {
        assert_eq!(decode_entities("a &amp; b"), "a & b");
        assert_eq!(decode_entities("&lt;T&gt;"), "<T>");
        assert_eq!(decode_entities("&#8212;&#x2014;&#X2014"), "———");
        assert_eq!(decode_entities("&copy 2024"), "© 2024");
        assert_eq!(decode_entities("&notit;"), "¬it;");
        assert_eq!(decode_entities("&nbsp;x"), "\u{a0}x");
        assert_eq!(decode_entities("AT&T &unknown; &"), "AT&T &unknown; &");
        assert_eq!(
            decode_entities("&#0;&#x110000;&#150;"),
            "\u{fffd}\u{fffd}\u{2013}"
        );
        assert_eq!(decode_entities("&#99999999999;"), "\u{fffd}");
    }

    #[test]
    fn collapses_whitespace() {
        let mut b = TextBuf::new();
        b.push("  a \n\t b\u{a0}");
        b.brk();
        b.push("c");
        assert_eq!(b.as_str(), "a b c");
        assert_eq!(collapse("\n x  y \n"), "x y");
    }
}
