//! Character-level normalization: lowercasing into capped terms, diacritic folding, script tests.
//!
//! Everything here works char by char so that a term never costs more than [`MAX_TERM_BYTES`] of
//! work past the point where it is full, whatever the length of the source word.

use unicode_normalization::char::decompose_canonical;

/// Longest term in bytes; longer words are truncated at a char boundary.
pub const MAX_TERM_BYTES: usize = 64;

/// Appends the term for `src` to `out`: lowercased, format characters (soft hyphen, zero-width
/// joiners, bidi marks) dropped, typographic apostrophes turned into `'`, and cut at the last char
/// boundary that keeps `out` within [`MAX_TERM_BYTES`].
pub(super) fn push_term(out: &mut String, src: &str) {
    if src.is_ascii() {
        let room = MAX_TERM_BYTES.saturating_sub(out.len());
        let from = out.len();
        out.push_str(&src[..src.len().min(room)]);
        out[from..].make_ascii_lowercase();
        return;
    }
    for c in src.chars() {
        if is_ignorable(c) {
            continue;
        }
        let c = if is_apostrophe(c) { '\'' } else { c };
        for lower in c.to_lowercase() {
            if out.len() + lower.len_utf8() > MAX_TERM_BYTES {
                return;
            }
            out.push(lower);
        }
    }
}

/// The term for `src` as a new string (see [`push_term`]).
pub(super) fn term(src: &str) -> String {
    let mut out = String::with_capacity(src.len().min(MAX_TERM_BYTES));
    push_term(&mut out, src);
    out
}

/// The diacritic-folded form of a normalized term (`café` → `cafe`, `straße` → `strasse`), or
/// `None` when folding changes nothing.
///
/// Folding decomposes letters below U+2000 (Latin, Greek, Cyrillic and their extensions) and drops
/// the generic combining diacritics (U+0300–U+036F and the other "Combining Diacritical Marks"
/// blocks); script-specific marks (Devanagari vowel signs, Arabic harakat, Thai tone marks, the kana
/// voicing marks) are kept because they are letters of those scripts, not accents. A small table covers
/// letters that canonical decomposition leaves alone (`ß`, `æ`, `ø`, `œ`, `ł`, `đ`, `þ`, …, the
/// `ﬁ` ligatures) and full-width ASCII (`ａｂｃ` → `abc`). The output is capped at
/// [`MAX_TERM_BYTES`] like every term.
pub fn fold(term: &str) -> Option<String> {
    if term.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(term.len());
    let mut changed = false;
    for c in term.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(replacement) = fold_special(c) {
            out.push_str(replacement);
            changed = true;
        } else if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
            // Full-width ASCII: same order as ASCII, offset by 0xFEE0.
            out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c));
            changed = true;
        } else if is_generic_diacritic(c) {
            changed = true;
        } else if (c as u32) < 0x2000 {
            changed |= push_without_diacritics(&mut out, c);
        } else {
            out.push(c);
        }
    }
    if !changed || out.is_empty() {
        return None;
    }
    truncate_to_boundary(&mut out, MAX_TERM_BYTES);
    (out != term).then_some(out)
}

/// Pushes `c` with its generic diacritics removed; returns whether anything was removed.
fn push_without_diacritics(out: &mut String, c: char) -> bool {
    // Canonical decompositions are at most 4 chars long; the buffer only keeps what survives.
    let mut kept = ['\0'; 4];
    let mut len = 0;
    let mut dropped = false;
    decompose_canonical(c, |d| {
        if is_generic_diacritic(d) {
            dropped = true;
        } else if len < kept.len() {
            kept[len] = d;
            len += 1;
        }
    });
    if dropped {
        out.extend(&kept[..len]);
    } else {
        out.push(c);
    }
    dropped
}

/// Letters that canonical decomposition leaves whole but a reader types without their stroke or as
/// two letters. Input is lowercase, so only lowercase forms are listed.
fn fold_special(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' => "ae",
        'ø' => "o",
        'œ' => "oe",
        'ł' => "l",
        'đ' => "d",
        'ð' => "d",
        'þ' => "th",
        'ħ' => "h",
        'ı' => "i",
        'ŀ' => "l",
        'ŧ' => "t",
        'ſ' => "s",
        'ŋ' => "n",
        'ƒ' => "f",
        'ĳ' => "ij",
        'ŉ' => "n",
        'ɨ' => "i",
        'ƀ' => "b",
        'ƶ' => "z",
        'ǥ' => "g",
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        _ => return None,
    })
}

/// The script-neutral combining diacritics that folding removes.
fn is_generic_diacritic(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Connector punctuation (general category Pc: `_` and its look-alikes).
pub(super) fn is_connector(c: char) -> bool {
    matches!(
        c,
        '_' | '\u{203F}' | '\u{2040}' | '\u{2054}' | '\u{FE33}' | '\u{FE34}' | '\u{FE4D}'
            ..='\u{FE4F}' | '\u{FF3F}'
    )
}

/// Apostrophe-like characters that UAX #29 keeps inside words (`don’t`); terms spell them `'`.
pub(super) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{FF07}')
}

/// Invisible format characters (general category Cf, mostly) that must not make two spellings of a
/// word differ: soft hyphen, zero-width joiners, directional marks and embeddings, BOM.
pub(super) fn is_ignorable(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xE0000..=0xE0FFF)
}

/// Whether `c` is a Han ideograph, kana, Hangul or a CJK iteration/prolonged-sound mark: text in
/// these scripts is cut into overlapping character bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF         // Hangul Jamo
        | 0x2E80..=0x2FDF       // CJK and Kangxi radicals
        | 0x3005..=0x3007       // 々 〆 〇
        | 0x3021..=0x3029       // Hangzhou numerals
        | 0x3031..=0x3035       // kana repeat marks
        | 0x3038..=0x303C
        | 0x3040..=0x30FF       // Hiragana, Katakana
        | 0x3100..=0x312F       // Bopomofo
        | 0x3130..=0x318F       // Hangul compatibility jamo
        | 0x31A0..=0x31BF       // Bopomofo extended
        | 0x31F0..=0x31FF       // Katakana phonetic extensions
        | 0x3400..=0x4DBF       // CJK extension A
        | 0x4E00..=0x9FFF       // CJK unified ideographs
        | 0xA960..=0xA97F       // Hangul jamo extended A
        | 0xAC00..=0xD7FF       // Hangul syllables, jamo extended B
        | 0xF900..=0xFAFF       // CJK compatibility ideographs
        | 0xFF66..=0xFFDC       // half-width Katakana and Hangul
        | 0x1AFF0..=0x1B16F     // kana extensions and supplement
        | 0x20000..=0x3FFFF) // CJK extensions B and later
}

/// Whether `c` belongs to a script written without spaces between words for which UAX #29 gives
/// one segment per character (Thai, Lao, Myanmar, Khmer, Tai scripts: Line_Break=SA). Like CJK, runs
/// of these are cut into bigrams so that a word typed in the box matches where it occurs.
pub fn is_southeast_asian(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF         // Thai, Lao
        | 0x1000..=0x109F       // Myanmar
        | 0x1780..=0x17FF       // Khmer
        | 0x1950..=0x19DF       // Tai Le, New Tai Lue
        | 0x19E0..=0x19FF       // Khmer symbols
        | 0x1A20..=0x1AAF       // Tai Tham
        | 0xA9E0..=0xA9FF       // Myanmar extended B
        | 0xAA60..=0xAADF) // Myanmar extended A, Tai Viet
}

/// Characters whose runs are cut into bigrams ([`is_cjk`] or [`is_southeast_asian`]).
pub(super) fn is_bigram_char(c: char) -> bool {
    // Every such char is at or above U+0E00, so most text leaves on the first compare.
    (c as u32) >= 0x0E00 && (is_cjk(c) || is_southeast_asian(c))
}

/// Marks that attach to the preceding character (combining marks, variation selectors) and
/// format characters: they never start a piece of their own.
pub(super) fn is_attached(c: char) -> bool {
    // The first combining mark is U+0300 and the first ignorable U+00AD.
    (c as u32) >= 0xAD && (unicode_normalization::char::is_combining_mark(c) || is_ignorable(c))
}

/// Cuts `s` to at most `max` bytes at a char boundary.
pub(super) fn truncate_to_boundary(s: &mut String, max: usize) {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
}
