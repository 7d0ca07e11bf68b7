//! Cutting one word into the parts of an identifier: `json.dumps`, `snake_case`, `camelCase`,
//! `HTTPServer`, `std::vec::Vec`, and the apostrophe forms `driver's`, `l'homme`.
//!
//! Parts are byte ranges of the word, so their tokens point at the exact source text.

use super::normalize::{is_apostrophe, is_attached, is_connector, is_separator};

/// Characters configured to count as word characters (`+#` for `C++`, `C#`).
#[derive(Clone, Debug, Default)]
pub(super) struct ExtraChars {
    ascii: u128,
    other: Vec<char>,
}

impl ExtraChars {
    /// Keeps the characters of `chars` that are not already word characters or spaces.
    pub(super) fn new(chars: &str) -> ExtraChars {
        let mut extra = ExtraChars::default();
        for c in chars.chars() {
            if c.is_alphanumeric() || c.is_whitespace() || c.is_control() || is_attached(c) {
                continue;
            }
            if c.is_ascii() {
                extra.ascii |= 1 << (c as u32);
            } else if !extra.other.contains(&c) {
                extra.other.push(c);
            }
        }
        extra
    }

    /// No extra characters configured.
    pub(super) fn is_empty(&self) -> bool {
        self.ascii == 0 && self.other.is_empty()
    }

    /// Whether `c` is one of the extra characters.
    pub(super) fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            self.ascii & (1 << (c as u32)) != 0
        } else {
            self.other.contains(&c)
        }
    }

    /// Byte length of the run of extra characters at the start of `s`.
    pub(super) fn run_len(&self, s: &str) -> usize {
        s.char_indices()
            .find(|&(_, c)| !self.contains(c))
            .map_or(s.len(), |(i, _)| i)
    }
}

/// Appends to `out` the byte ranges (relative to `word`) of the parts of `word`; leaves `out` as it
/// was when the word has no alphanumeric part. A plain word yields one range covering all of it.
pub(super) fn split_parts(word: &str, extra: &ExtraChars, out: &mut Vec<(usize, usize)>) {
    if is_plain(word) {
        out.push((0, word.len()));
        return;
    }
    let (core_start, core_end) = apostrophe_core(word);
    let core = &word[core_start..core_end];
    let mut part_start: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut iter = core.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let glued = if extra.contains(c) {
            // Extra characters at the end of a part stay on it (`c++`, `c#`); between two
            // alphanumeric runs they separate (`a+b`). The whole run is decided at once.
            let run = extra.run_len(&core[i..]);
            let after = core[i + run..].chars().next();
            while iter.peek().is_some_and(|&(j, _)| j < i + run) {
                iter.next();
            }
            prev = Some(c);
            if part_start.is_some() && !after.is_some_and(char::is_alphanumeric) {
                continue;
            }
            if let Some(start) = part_start.take() {
                split_camel(core, start, i, core_start, out);
            }
            continue;
        } else if is_apostrophe(c) {
            // Inside a word (`don't`, `rock'n'roll`) an apostrophe is a letter.
            part_start.is_some() && next.is_some_and(char::is_alphanumeric)
        } else if !is_separator(c) {
            // Letters, digits, and marks of any script (a virama is not alphabetic).
            true
        } else {
            // `3.14`, `1,000`, `v1.2`: a separator between two digits belongs to the number, but
            // an underscore still separates (`x86_64`).
            part_start.is_some()
                && !is_connector(c)
                && prev.is_some_and(char::is_numeric)
                && next.is_some_and(char::is_numeric)
        };
        if glued {
            if part_start.is_none() && !is_attached(c) {
                part_start = Some(i);
            }
        } else if let Some(start) = part_start.take() {
            split_camel(core, start, i, core_start, out);
        }
        prev = Some(c);
    }
    if let Some(start) = part_start {
        split_camel(core, start, core.len(), core_start, out);
    }
}

/// Whether a part has something to index (not only marks a separator left behind).
fn has_letter_or_digit(part: &str) -> bool {
    part.chars().any(|c| c.is_alphanumeric() && !is_attached(c))
}

/// Words that are obviously one part: ASCII letters and digits, uppercase at most in first place.
fn is_plain(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        b.is_ascii_lowercase() || b.is_ascii_digit() || (i == 0 && b.is_ascii_uppercase())
    })
}

/// The range of `word` left once an English possessive (`driver's` → `driver`) and a Romance
/// elision (`l'homme` → `homme`, `dell'anno` → `anno`) are taken off.
///
/// Elision needs a prefix of at most two letters, or one ending in `qu` (`jusqu'`, `lorsqu'`) or
/// `ll` (`dell'`, `all'`), followed by at least three letters: English contractions (`don't`,
/// `we'll`, `I've`) have shorter tails and stay whole.
fn apostrophe_core(word: &str) -> (usize, usize) {
    let may_have_apostrophe = word.bytes().any(|b| b == b'\'' || b == 0xE2 || b == 0xEF);
    if !may_have_apostrophe {
        return (0, word.len());
    }
    let mut end = word.len();
    let mut tail = word.char_indices().rev();
    if let (Some((_, s)), Some((apostrophe, a)), Some((_, letter))) =
        (tail.next(), tail.next(), tail.next())
    {
        if (s == 's' || s == 'S') && is_apostrophe(a) && letter.is_alphabetic() {
            end = apostrophe;
        }
    }
    let mut start = 0;
    if let Some((i, a)) = word[..end].char_indices().find(|&(_, c)| is_apostrophe(c)) {
        let prefix = &word[..i];
        let rest = &word[i + a.len_utf8()..end];
        let prefix_letters = super::normalize::char_count(prefix);
        let prefix_ok = prefix.chars().all(char::is_alphabetic)
            && (prefix_letters <= 2
                || (prefix_letters <= 6 && ends_with_ignore_case(prefix, &["qu", "ll"])));
        let rest_ok = rest.chars().take(3).filter(|c| c.is_alphabetic()).count() == 3;
        if prefix_letters > 0 && prefix_ok && rest_ok {
            start = i + a.len_utf8();
        }
    }
    (start, end)
}

fn ends_with_ignore_case(s: &str, suffixes: &[&str]) -> bool {
    suffixes.iter().any(|suffix| {
        s.len() >= suffix.len()
            && s.is_char_boundary(s.len() - suffix.len())
            && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    })
}

/// Appends the camel-case pieces of `s[start..end]` (offset by `base`) to `out`.
///
/// A piece starts at an uppercase letter that follows a lowercase letter (`camel|Case`), or digits
/// that follow a lowercase letter (`utf8|Decoder`), or that ends a run of capitals and begins a
/// lowercase run of two letters or more (`HTTP|Server`, but `URLs`, `IPv6` stay whole). A part that
/// starts with a digit is a number or literal and stays whole (`0xFF`).
fn split_camel(s: &str, start: usize, end: usize, base: usize, out: &mut Vec<(usize, usize)>) {
    let part = &s[start..end];
    if !has_letter_or_digit(part) {
        return;
    }
    if part.starts_with(|c: char| c.is_numeric()) {
        // A number or literal (`0xFF`, `4K`, `2FA`) is not camel case.
        out.push((base + start, base + end));
        return;
    }
    let mut piece_start = 0;
    let mut prev: Option<char> = None;
    let mut last_letter_lower = false;
    for (i, c) in part.char_indices() {
        if !c.is_alphanumeric() {
            continue;
        }
        if c.is_uppercase() && i > piece_start {
            let split = match prev {
                Some(p) if p.is_lowercase() => true,
                Some(p) if p.is_numeric() => last_letter_lower,
                Some(p) if p.is_uppercase() => {
                    let mut rest = part[i + c.len_utf8()..]
                        .chars()
                        .filter(|&n| !is_attached(n));
                    rest.next().is_some_and(char::is_lowercase)
                        && rest.next().is_some_and(char::is_lowercase)
                }
                _ => false,
            };
            if split {
                out.push((base + start + piece_start, base + start + i));
                piece_start = i;
            }
        }
        if c.is_alphabetic() {
            last_letter_lower = c.is_lowercase();
        }
        prev = Some(c);
    }
    out.push((base + start + piece_start, base + end));
}
