//! Turning a file's bytes into page text the parser can read, and saying what was wrong with them.
//!
//! Pages are read whole, one at a time per worker; the parser then streams over the text. Byte order
//! marks and `<meta charset>` declarations pick the encoding; invalid UTF-8 is decoded lossily (with a
//! warning) rather than dropped, and files that look binary are skipped.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

/// Why a file was not read as a page.
#[derive(Clone, Debug, PartialEq)]
pub enum Rejected {
    /// NUL bytes or mostly control characters: an image or archive named `.html`.
    Binary,
    /// Zero bytes, or only whitespace.
    Empty,
}

/// A page's text, decoded.
pub struct Decoded<'a> {
    /// UTF-8 text.
    pub text: Cow<'a, str>,
    /// Something to warn about (invalid UTF-8 replaced, …).
    pub note: Option<String>,
}

/// Decodes a page file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, Rejected> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Rejected::Empty);
    }
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom..];
        if encoding == UTF_8 {
            return Ok(utf8(body));
        }
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        return Ok(Decoded {
            text: Cow::Owned(text.into_owned()),
            note: had_errors.then(|| format!("invalid {} replaced with U+FFFD", encoding.name())),
        });
    }
    if looks_binary(bytes) {
        return Err(Rejected::Binary);
    }
    match declared_charset(bytes) {
        Some(encoding) if encoding != UTF_8 => {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            Ok(Decoded {
                text: Cow::Owned(text.into_owned()),
                note: had_errors
                    .then(|| format!("invalid {} replaced with U+FFFD", encoding.name())),
            })
        }
        _ => Ok(utf8(bytes)),
    }
}

fn utf8(bytes: &[u8]) -> Decoded<'_> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded {
            text: Cow::Borrowed(s),
            note: None,
        },
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Decoded {
                text: Cow::Owned(String::from_utf8_lossy(bytes).into_owned()),
                note: Some(format!(
                    "invalid UTF-8 (first at line {line}, byte {at}) replaced with U+FFFD"
                )),
            }
        }
    }
}

/// A NUL byte or many control characters in the first 8 KiB (as `git` and `ripgrep` decide).
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    control * 10 > head.len()
}

/// The encoding named by `<meta charset=…>` or `<meta http-equiv=content-type content="…charset=…">`
/// in the first 1024 bytes, as browsers pre-scan.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"charset") {
        let mut i = from + pos + b"charset".len();
        while i < lower.len() && lower[i].is_ascii_whitespace() {
            i += 1;
        }
        if lower.get(i) == Some(&b'=') {
            i += 1;
            while i < lower.len()
                && (lower[i].is_ascii_whitespace() || lower[i] == b'"' || lower[i] == b'\'')
            {
                i += 1;
            }
            let start = i;
            while i < lower.len()
                && (lower[i].is_ascii_alphanumeric()
                    || matches!(lower[i], b'-' | b'_' | b':' | b'.'))
            {
                i += 1;
            }
            if let Some(enc) = Encoding::for_label(&lower[start..i]) {
                // A page declaring UTF-16 without a BOM is really ASCII-compatible (as browsers decide).
                return Some(enc.output_encoding());
            }
        }
        from = from + pos + 1;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through_borrowed() {
        let d = decode("<p>héllo</p>".as_bytes()).ok().unwrap();
        assert!(matches!(d.text, Cow::Borrowed(_)));
        assert!(d.note.is_none());
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_note() {
        let d = decode(b"<p>caf\xe9</p>").ok().unwrap();
        assert_eq!(d.text, "<p>caf\u{fffd}</p>");
        assert!(d.note.unwrap().contains("invalid UTF-8"));
    }

    #[test]
    fn declared_latin1_is_decoded() {
        let d = decode(b"<meta charset=\"iso-8859-1\"><p>caf\xe9</p>")
            .ok()
            .unwrap();
        assert!(d.text.contains("caf\u{e9}"), "{}", d.text);
        assert!(d.note.is_none());
    }

    #[test]
    fn binary_and_empty_are_rejected() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").err(),
            Some(Rejected::Binary)
        );
        assert_eq!(decode(b"  \n").err(), Some(Rejected::Empty));
        assert_eq!(decode(b"").err(), Some(Rejected::Empty));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "<p>hi</p>".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).ok().unwrap().text, "<p>hi</p>");
    }
}
