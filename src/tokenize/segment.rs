//! Word segmentation: where the words of a text start and end, before terms, parts and bigrams.
//!
//! This is the word-boundary part of UAX #29 that matters for search, written against the
//! properties `std` already ships (`char::is_alphabetic`, `is_numeric`) plus one small table, so
//! the wasm module carries no segmentation tables (they cost it about 8 KiB gzipped). Build and
//! query run this same code, so a query is always cut as the corpus was.
//!
//! # Rules
//!
//! A word is a run of letters, digits, connectors (`_`, `‿`, the narrow no-break space), chars of
//! the scripts cut into bigrams (Han, kana, Hangul, Thai, …; the tokenizer cuts them apart again)
//! and the marks and format chars that follow any of them (accents, viramas, Hebrew and Arabic
//! points, zero-width joiners: [`EXTEND`]). Besides those, one char joins its neighbours, as
//! UAX #29's MidLetter, MidNum and MidNumLet do:
//! - between two letters: `:` `.` `'` `’` `·` and their look-alikes (`json.dumps`, `don't`);
//! - between two digits: `.` `,` `;` `'` `٫` and their look-alikes (`3.14`, `1,000`);
//! - between two Hebrew letters: `"` (`צה"ל`).
//!
//! Every other char ends the word. Words without a letter or digit (`__`, a lone mark) are
//! dropped. On ASCII text this is exactly UAX #29 (a property test holds it to
//! `unicode_word_indices`).
//!
//! # Deviations from UAX #29
//!
//! None changes a common word; each makes the rules simpler.
//! - Chars of the bigram scripts join the letters and digits around them (`2018年`, `テストcase`);
//!   UAX #29 breaks there. The tokenizer cuts such a word into pieces again, so the tokens are
//!   the same.
//! - Other numbers (`²`, `½`, `①`) and the letters of rare ideographic scripts (Tangut, Nüshu)
//!   join the word around them: `x²` is one word, not `x` and `²`.
//! - A mark after a joining char ends the join (`a.`, U+0301, `b` is `a` and `b`).
//! - The few letter-like symbols UAX #29 counts as letters (modifier symbols such as `˜`, the
//!   Hebrew geresh `׳`, the Arabic number signs) continue a word like marks but never start one,
//!   and `٫` (Arabic decimal separator, a digit in UAX #29) only joins two digits.
//! - Marks that are alphabetic (most vowel signs) count as letters, so after a digit they make
//!   it a letter for the joins; an alphabetic mark after a space starts a word of its own (UAX #29
//!   gives the space to it, which the tokenizer drops anyway).
//! - A final `'` after a Hebrew letter (WB7a) and an emoji after a zero-width joiner (WB3c) are
//!   not taken into the word.

use super::normalize::{is_attached, is_bigram_char, is_connector};

/// What a char does in a word.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Class {
    /// Ends a word: spaces, controls, punctuation and symbols but the joining ones.
    Break,
    /// A letter outside the bigram scripts.
    Letter,
    /// A Hebrew letter (or point): a letter that also joins across `"`.
    Hebrew,
    /// A digit or other number that is not a letter.
    Digit,
    /// A char of a script cut into bigrams: part of the word, but never joined through punctuation.
    Bigram,
    /// Connector punctuation (`_`) and the narrow no-break space: part of the word.
    Connector,
    /// A mark or format char (or a letter-like symbol): continues a word, never starts one.
    Extend,
    /// Joins two letters.
    MidLetter,
    /// Joins two letters or two digits.
    MidNumLet,
    /// Joins two digits.
    MidNum,
    /// `"`: joins two Hebrew letters.
    DoubleQuote,
}

use Class::*;

/// The class of `c`.
pub(super) fn class(c: char) -> Class {
    if c.is_ascii() {
        return match c as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Letter,
            b'0'..=b'9' => Digit,
            b'_' => Connector,
            b':' => MidLetter,
            b'.' | b'\'' => MidNumLet,
            b',' | b';' => MidNum,
            b'"' => DoubleQuote,
            _ => Break,
        };
    }
    match c {
        '\u{B7}' | '\u{387}' | '\u{55F}' | '\u{5F4}' | '\u{2027}' | '\u{FE13}' | '\u{FE55}'
        | '\u{FF1A}' => MidLetter,
        '\u{2018}' | '\u{2019}' | '\u{2024}' | '\u{FE52}' | '\u{FF07}' | '\u{FF0E}' => MidNumLet,
        '\u{37E}' | '\u{589}' | '\u{60C}' | '\u{60D}' | '\u{66B}' | '\u{66C}' | '\u{7F8}'
        | '\u{2044}' | '\u{FE50}' | '\u{FE54}' | '\u{FF0C}' | '\u{FF1B}' => MidNum,
        '\u{202F}' => Connector,
        _ if is_bigram_char(c) => Bigram,
        _ if c.is_alphabetic() => {
            if matches!(c, '\u{591}'..='\u{5F2}' | '\u{FB1D}'..='\u{FB4F}') {
                Hebrew
            } else {
                Letter
            }
        }
        _ if c.is_numeric() => Digit,
        _ if is_connector(c) => Connector,
        _ if is_attached(c) || in_extend_table(c) => Extend,
        _ => Break,
    }
}

/// Whether a char of this class may start a word.
fn starts_word(class: Class) -> bool {
    matches!(class, Letter | Hebrew | Digit | Bigram | Connector)
}

/// Whether `mid` between chars of classes `before` and `after` joins them into one word.
fn joins(before: Class, mid: Class, after: Class) -> bool {
    let letters = matches!(before, Letter | Hebrew) && matches!(after, Letter | Hebrew);
    let digits = before == Digit && after == Digit;
    match mid {
        MidLetter => letters,
        MidNumLet => letters || digits,
        MidNum => digits,
        DoubleQuote => before == Hebrew && after == Hebrew,
        _ => false,
    }
}

/// Iterator over the `(start, end)` byte ranges of the words of a text (see the module doc).
pub(super) struct Words<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Words<'t> {
    /// Segments `text`.
    pub(super) fn new(text: &'t str) -> Words<'t> {
        Words { text, pos: 0 }
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        loop {
            let (offset, first, mut last) = self.text[self.pos..]
                .char_indices()
                .map(|(i, c)| (i, c, class(c)))
                .find(|&(_, _, class)| starts_word(class))?;
            let start = self.pos + offset;
            let mut end = start + first.len_utf8();
            let mut alphanumeric = first.is_alphanumeric();
            let mut rest = self.text[end..].chars();
            while let Some(c) = rest.next() {
                match class(c) {
                    Break => break,
                    Extend => {}
                    class @ (MidLetter | MidNumLet | MidNum | DoubleQuote) => {
                        let after = rest.clone().next().map_or(Break, self::class);
                        if !joins(last, class, after) {
                            break;
                        }
                    }
                    class => {
                        last = class;
                        alphanumeric |= c.is_alphanumeric();
                    }
                }
                end += c.len_utf8();
            }
            self.pos = end;
            if alphanumeric {
                return Some((start, end));
            }
        }
    }
}

/// Whether `c` is in [`EXTEND`].
fn in_extend_table(c: char) -> bool {
    let c = c as u32;
    let i = EXTEND.partition_point(|&entry| entry >> 8 <= c);
    i > 0 && c - (EXTEND[i - 1] >> 8) <= EXTEND[i - 1] & 0xFF
}

/// The chars that are not letters or digits but that UAX #29 keeps inside a word, less those
/// [`class`] finds otherwise (connectors, bigram scripts, [`is_attached`]): the marks of most
/// scripts (viramas, nuktas, Hebrew and Arabic points, Vedic signs, …), a few format chars and
/// letter-like symbols. Sorted ranges `(first, last)`, stored as `first << 8 | (last - first)`; a
/// range may span letters and digits (they are found first). Derived from `unicode-segmentation`'s
/// Word_Break property; the test `classes_match_uax29_word_break` checks it and prints it anew when
/// the Unicode version of `std` moves on.
#[rustfmt::skip]
const EXTEND: &[u32] = &pack([
    (0x000B8, 0x000B8), (0x002C2, 0x002D7), (0x002DE, 0x002FF), (0x00483, 0x00489), (0x0055A, 0x0055C),
    (0x0055E, 0x0058A), (0x00591, 0x005AF), (0x005F3, 0x005F3), (0x00600, 0x00605), (0x00658, 0x00658),
    (0x006DD, 0x006DD), (0x006DF, 0x006E0), (0x006EA, 0x006EC), (0x0070F, 0x0074A), (0x007EB, 0x007F3),
    (0x007FD, 0x007FD), (0x00818, 0x0082D), (0x00859, 0x0085B), (0x00890, 0x00891), (0x00898, 0x00954),
    (0x009BC, 0x009BC), (0x009CD, 0x009CD), (0x009FE, 0x009FE), (0x00A3C, 0x00A3C), (0x00A4D, 0x00A4D),
    (0x00ABC, 0x00ABC), (0x00ACD, 0x00ACD), (0x00AFD, 0x00AFF), (0x00B3C, 0x00B3C), (0x00B4D, 0x00B4D),
    (0x00B55, 0x00B55), (0x00BCD, 0x00BCD), (0x00C3C, 0x00C3C), (0x00C4D, 0x00C4D), (0x00CBC, 0x00CBC),
    (0x00CCD, 0x00CCD), (0x00D3B, 0x00D3C), (0x00D4D, 0x00D4D), (0x00DCA, 0x00DCA), (0x00F18, 0x00F19),
    (0x00F35, 0x00F35), (0x00F37, 0x00F37), (0x00F39, 0x00F39), (0x00F3E, 0x00F3F), (0x00F84, 0x00F84),
    (0x00F86, 0x00F87), (0x00FC6, 0x00FC6), (0x0135D, 0x0135F), (0x01714, 0x01715), (0x01734, 0x01734),
    (0x01939, 0x0193B), (0x01B34, 0x01B44), (0x01B6B, 0x01B73), (0x01BAA, 0x01BF3), (0x01C37, 0x01C37),
    (0x01CD0, 0x01CD2), (0x01CD4, 0x01CF9), (0x02CEF, 0x02CF1), (0x02D7F, 0x02D7F), (0x0302A, 0x0302F),
    (0x0A66F, 0x0A672), (0x0A67C, 0x0A67D), (0x0A6F0, 0x0A6F1), (0x0A708, 0x0A78A), (0x0A806, 0x0A806),
    (0x0A82C, 0x0A82C), (0x0A8C4, 0x0A8C4), (0x0A8E0, 0x0A8F1), (0x0A92B, 0x0A92D), (0x0A953, 0x0A953),
    (0x0A9B3, 0x0A9C0), (0x0AAF6, 0x0AAF6), (0x0AB5B, 0x0AB5B), (0x0ABEC, 0x0ABED), (0x0FFF9, 0x0FFFB),
    (0x101FD, 0x101FD), (0x102E0, 0x102E0), (0x10A38, 0x10A3A), (0x10A3F, 0x10A3F), (0x10AE5, 0x10AE6),
    (0x10D6A, 0x10D6D), (0x10EFD, 0x10EFF), (0x10F46, 0x10F50), (0x10F82, 0x10F85), (0x11046, 0x11046),
    (0x11070, 0x11070), (0x1107F, 0x110BA), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x11133, 0x11134),
    (0x11173, 0x11173), (0x111C0, 0x111C0), (0x111C9, 0x111CC), (0x11235, 0x11236), (0x112E9, 0x112EA),
    (0x1133B, 0x1133C), (0x1134D, 0x1134D), (0x11366, 0x1136C), (0x11370, 0x11374), (0x113CE, 0x113D2),
    (0x113E1, 0x113E2), (0x11442, 0x11446), (0x1145E, 0x1145E), (0x114C2, 0x114C3), (0x115BF, 0x115C0),
    (0x1163F, 0x1163F), (0x116B6, 0x116B7), (0x1172B, 0x1172B), (0x11839, 0x1183A), (0x1193D, 0x11943),
    (0x119E0, 0x119E0), (0x11A33, 0x11A34), (0x11A47, 0x11A47), (0x11A98, 0x11A99), (0x11C3F, 0x11C3F),
    (0x11D42, 0x11D45), (0x11D97, 0x11D97), (0x11F41, 0x11F42), (0x11F5A, 0x11F5A), (0x13430, 0x13455),
    (0x1612F, 0x1612F), (0x16AF0, 0x16AF4), (0x16B30, 0x16B36), (0x16FE4, 0x16FE4), (0x1BC9D, 0x1BC9D),
    (0x1BCA0, 0x1BCA3), (0x1CF00, 0x1CF2D), (0x1CF30, 0x1CF46), (0x1D165, 0x1D169), (0x1D16D, 0x1D182),
    (0x1D185, 0x1D18B), (0x1D1AA, 0x1D1AD), (0x1D242, 0x1D244), (0x1DA00, 0x1DA36), (0x1DA3B, 0x1DA6C),
    (0x1DA75, 0x1DA75), (0x1DA84, 0x1DA84), (0x1DA9B, 0x1DA9F), (0x1DAA1, 0x1DAAF), (0x1E130, 0x1E136),
    (0x1E2AE, 0x1E2AE), (0x1E2EC, 0x1E2EF), (0x1E4EC, 0x1E4EF), (0x1E5EE, 0x1E5EF), (0x1E8D0, 0x1E8D6),
    (0x1E944, 0x1E94A), (0x1F3FB, 0x1F3FF),
]);

/// Packs `(first, last)` ranges into the entries of [`EXTEND`].
const fn pack<const N: usize>(ranges: [(u32, u32); N]) -> [u32; N] {
    let mut packed = [0; N];
    let mut i = 0;
    while i < N {
        let (first, last) = ranges[i];
        assert!(last - first <= 0xFF);
        packed[i] = first << 8 | (last - first);
        i += 1;
    }
    packed
}

#[cfg(test)]
mod tests;
