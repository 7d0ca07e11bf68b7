//! Character-level normalization: lowercasing into capped terms, diacritic folding, script tests.
//!
//! Everything here works char by char so that a term never costs more than [`MAX_TERM_BYTES`] of
//! work past the point where it is full, whatever the length of the source word.

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
        let (lower, second) = lowercase_char(c);
        for lower in std::iter::once(lower).chain(second) {
            if out.len() + lower.len_utf8() > MAX_TERM_BYTES {
                return;
            }
            out.push(lower);
        }
    }
}

/// `s` lowercased char by char, as [`char::to_lowercase`] does (unlike [`str::to_lowercase`], a
/// final `Σ` is `σ`, as in every term).
pub fn lowercase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let (lower, second) = lowercase_char(c);
        out.push(lower);
        out.extend(second);
    }
    out
}

/// `c` lowercased exactly as [`char::to_lowercase`] does (a test compares every char), from the
/// [`LOWERCASE`] runs instead of `std`'s table of 1,462 pairs: that keeps about 6 KiB (gzipped)
/// out of the wasm module. Only `İ` lowercases to two chars.
pub(super) fn lowercase_char(c: char) -> (char, Option<char>) {
    if c.is_ascii() {
        return (c.to_ascii_lowercase(), None);
    }
    if c == '\u{130}' {
        return ('i', Some('\u{307}'));
    }
    let code = c as u32;
    let i = LOWERCASE.partition_point(|&(key, _)| key >> 8 <= code);
    if let Some(&(key, delta)) = i.checked_sub(1).map(|i| &LOWERCASE[i]) {
        let (first, count, stride) = (key >> 8, (key >> 1 & 0x7F) + 1, (key & 1) + 1);
        let offset = code - first;
        if offset < count * stride && offset.is_multiple_of(stride) {
            if let Some(lower) = char::from_u32(code.wrapping_add_signed(delta)) {
                return (lower, None);
            }
        }
    }
    (c, None)
}

/// The chars that lowercase to another single char, as runs `(first, count, stride, delta)`: `count`
/// chars from `first`, `stride` apart (1, or 2 for alternating upper- and lowercase letters), each
/// lowercasing to itself plus `delta`. Stored as `(first << 8 | (count - 1) << 1 | (stride - 1),
/// delta)`, sorted. Derived from `std`; the test `lowercase_char_matches_std_for_every_char` checks
/// it and prints it anew when the Unicode version of `std` moves on.
#[rustfmt::skip]
const LOWERCASE: &[(u32, i32)] = &pack_lowercase([
    (0x000C0, 23, 1, 32), (0x000D8, 7, 1, 32), (0x00100, 24, 2, 1), (0x00132, 3, 2, 1), (0x00139, 8, 2, 1),
    (0x0014A, 23, 2, 1), (0x00178, 1, 1, -121), (0x00179, 3, 2, 1), (0x00181, 1, 1, 210), (0x00182, 2, 2, 1),
    (0x00186, 1, 1, 206), (0x00187, 1, 1, 1), (0x00189, 2, 1, 205), (0x0018B, 1, 1, 1), (0x0018E, 1, 1, 79),
    (0x0018F, 1, 1, 202), (0x00190, 1, 1, 203), (0x00191, 1, 1, 1), (0x00193, 1, 1, 205), (0x00194, 1, 1, 207),
    (0x00196, 1, 1, 211), (0x00197, 1, 1, 209), (0x00198, 1, 1, 1), (0x0019C, 1, 1, 211), (0x0019D, 1, 1, 213),
    (0x0019F, 1, 1, 214), (0x001A0, 3, 2, 1), (0x001A6, 1, 1, 218), (0x001A7, 1, 1, 1), (0x001A9, 1, 1, 218),
    (0x001AC, 1, 1, 1), (0x001AE, 1, 1, 218), (0x001AF, 1, 1, 1), (0x001B1, 2, 1, 217), (0x001B3, 2, 2, 1),
    (0x001B7, 1, 1, 219), (0x001B8, 1, 1, 1), (0x001BC, 1, 1, 1), (0x001C4, 1, 1, 2), (0x001C5, 1, 1, 1),
    (0x001C7, 1, 1, 2), (0x001C8, 1, 1, 1), (0x001CA, 1, 1, 2), (0x001CB, 9, 2, 1), (0x001DE, 9, 2, 1),
    (0x001F1, 1, 1, 2), (0x001F2, 2, 2, 1), (0x001F6, 1, 1, -97), (0x001F7, 1, 1, -56), (0x001F8, 20, 2, 1),
    (0x00220, 1, 1, -130), (0x00222, 9, 2, 1), (0x0023A, 1, 1, 10795), (0x0023B, 1, 1, 1), (0x0023D, 1, 1, -163),
    (0x0023E, 1, 1, 10792), (0x00241, 1, 1, 1), (0x00243, 1, 1, -195), (0x00244, 1, 1, 69), (0x00245, 1, 1, 71),
    (0x00246, 5, 2, 1), (0x00370, 2, 2, 1), (0x00376, 1, 1, 1), (0x0037F, 1, 1, 116), (0x00386, 1, 1, 38),
    (0x00388, 3, 1, 37), (0x0038C, 1, 1, 64), (0x0038E, 2, 1, 63), (0x00391, 17, 1, 32), (0x003A3, 9, 1, 32),
    (0x003CF, 1, 1, 8), (0x003D8, 12, 2, 1), (0x003F4, 1, 1, -60), (0x003F7, 1, 1, 1), (0x003F9, 1, 1, -7),
    (0x003FA, 1, 1, 1), (0x003FD, 3, 1, -130), (0x00400, 16, 1, 80), (0x00410, 32, 1, 32), (0x00460, 17, 2, 1),
    (0x0048A, 27, 2, 1), (0x004C0, 1, 1, 15), (0x004C1, 7, 2, 1), (0x004D0, 48, 2, 1), (0x00531, 38, 1, 48),
    (0x010A0, 38, 1, 7264), (0x010C7, 1, 1, 7264), (0x010CD, 1, 1, 7264), (0x013A0, 80, 1, 38864), (0x013F0, 6, 1, 8),
    (0x01C89, 1, 1, 1), (0x01C90, 43, 1, -3008), (0x01CBD, 3, 1, -3008), (0x01E00, 75, 2, 1), (0x01E9E, 1, 1, -7615),
    (0x01EA0, 48, 2, 1), (0x01F08, 8, 1, -8), (0x01F18, 6, 1, -8), (0x01F28, 8, 1, -8), (0x01F38, 8, 1, -8),
    (0x01F48, 6, 1, -8), (0x01F59, 4, 2, -8), (0x01F68, 8, 1, -8), (0x01F88, 8, 1, -8), (0x01F98, 8, 1, -8),
    (0x01FA8, 8, 1, -8), (0x01FB8, 2, 1, -8), (0x01FBA, 2, 1, -74), (0x01FBC, 1, 1, -9), (0x01FC8, 4, 1, -86),
    (0x01FCC, 1, 1, -9), (0x01FD8, 2, 1, -8), (0x01FDA, 2, 1, -100), (0x01FE8, 2, 1, -8), (0x01FEA, 2, 1, -112),
    (0x01FEC, 1, 1, -7), (0x01FF8, 2, 1, -128), (0x01FFA, 2, 1, -126), (0x01FFC, 1, 1, -9), (0x02126, 1, 1, -7517),
    (0x0212A, 1, 1, -8383), (0x0212B, 1, 1, -8262), (0x02132, 1, 1, 28), (0x02160, 16, 1, 16), (0x02183, 1, 1, 1),
    (0x024B6, 26, 1, 26), (0x02C00, 48, 1, 48), (0x02C60, 1, 1, 1), (0x02C62, 1, 1, -10743), (0x02C63, 1, 1, -3814),
    (0x02C64, 1, 1, -10727), (0x02C67, 3, 2, 1), (0x02C6D, 1, 1, -10780), (0x02C6E, 1, 1, -10749), (0x02C6F, 1, 1, -10783),
    (0x02C70, 1, 1, -10782), (0x02C72, 1, 1, 1), (0x02C75, 1, 1, 1), (0x02C7E, 2, 1, -10815), (0x02C80, 50, 2, 1),
    (0x02CEB, 2, 2, 1), (0x02CF2, 1, 1, 1), (0x0A640, 23, 2, 1), (0x0A680, 14, 2, 1), (0x0A722, 7, 2, 1),
    (0x0A732, 31, 2, 1), (0x0A779, 2, 2, 1), (0x0A77D, 1, 1, -35332), (0x0A77E, 5, 2, 1), (0x0A78B, 1, 1, 1),
    (0x0A78D, 1, 1, -42280), (0x0A790, 2, 2, 1), (0x0A796, 10, 2, 1), (0x0A7AA, 1, 1, -42308), (0x0A7AB, 1, 1, -42319),
    (0x0A7AC, 1, 1, -42315), (0x0A7AD, 1, 1, -42305), (0x0A7AE, 1, 1, -42308), (0x0A7B0, 1, 1, -42258), (0x0A7B1, 1, 1, -42282),
    (0x0A7B2, 1, 1, -42261), (0x0A7B3, 1, 1, 928), (0x0A7B4, 8, 2, 1), (0x0A7C4, 1, 1, -48), (0x0A7C5, 1, 1, -42307),
    (0x0A7C6, 1, 1, -35384), (0x0A7C7, 2, 2, 1), (0x0A7CB, 1, 1, -42343), (0x0A7CC, 8, 2, 1), (0x0A7DC, 1, 1, -42561),
    (0x0A7F5, 1, 1, 1), (0x0FF21, 26, 1, 32), (0x10400, 40, 1, 40), (0x104B0, 36, 1, 40), (0x10570, 11, 1, 39),
    (0x1057C, 15, 1, 39), (0x1058C, 7, 1, 39), (0x10594, 2, 1, 39), (0x10C80, 51, 1, 64), (0x10D50, 22, 1, 32),
    (0x118A0, 32, 1, 32), (0x16E40, 32, 1, 32), (0x16EA0, 25, 1, 27), (0x1E900, 34, 1, 34),
]);

/// Packs `(first, count, stride, delta)` runs into the entries of [`LOWERCASE`].
const fn pack_lowercase<const N: usize>(runs: [(u32, u32, u32, i32); N]) -> [(u32, i32); N] {
    let mut packed = [(0, 0); N];
    let mut i = 0;
    while i < N {
        let (first, count, stride, delta) = runs[i];
        assert!(count >= 1 && count <= 0x80 && (stride == 1 || stride == 2));
        packed[i] = (first << 8 | (count - 1) << 1 | (stride - 1), delta);
        i += 1;
    }
    packed
}

/// The number of chars in `s`, by counting the bytes that start one (`chars().count()` brings a
/// larger, vectorized counter into the wasm module; terms are short).
pub(crate) fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
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
/// Folding maps Latin, Greek and Cyrillic letters with diacritics to their base letter (as canonical
/// decomposition would) and drops the generic combining diacritics (U+0300–U+036F and the other "Combining Diacritical Marks"
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
        } else if let Some(base) = fold_letter(c) {
            // The base may itself be a special letter (`ǣ` → `æ` → `ae`).
            match fold_special(base) {
                Some(replacement) => out.push_str(replacement),
                None => out.push(base),
            }
            changed = true;
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

/// The base letter of a lowercase Latin, Greek or Cyrillic letter with diacritics (`é` → `e`).
fn fold_letter(c: char) -> Option<char> {
    let code = c as u32;
    let i = FOLD_TABLE.partition_point(|&entry| entry >> 19 <= code);
    let entry = FOLD_TABLE[i.checked_sub(1)?];
    let (first, base) = (entry >> 19, entry >> 8 & 0x7FF);
    let (count, stride) = ((entry >> 1 & 0x7F) + 1, (entry & 1) + 1);
    let offset = code - first;
    if offset < count * stride && offset.is_multiple_of(stride) {
        char::from_u32(base)
    } else {
        None
    }
}

/// Lowercase letters of Latin, Greek and Cyrillic (below U+0530 and in U+1E00–U+1FFF) whose
/// canonical decomposition is one base letter plus generic combining diacritics, mapped to that
/// base letter. Derived from the Unicode Character Database (NFD, then the marks of
/// [`is_generic_diacritic`] removed); a test checks it against `unicode-normalization`. Its 411
/// letters, as 154 runs `(first, count, stride, base)`: `count` letters from `first`, `stride` apart
/// (1, or 2 for alternating upper- and lowercase letters), all folding to `base`. Stored as
/// `first << 19 | base << 8 | (count - 1) << 1 | (stride - 1)`, sorted: 616 bytes that keep the
/// decomposition tables (tens of KiB) out of the wasm module.
#[rustfmt::skip]
const FOLD_TABLE: &[u32] = &pack_fold([
    (0x00E0, 6, 1, 0x0061), (0x00E7, 1, 1, 0x0063), (0x00E8, 4, 1, 0x0065), (0x00EC, 4, 1, 0x0069), (0x00F1, 1, 1, 0x006E),
    (0x00F2, 5, 1, 0x006F), (0x00F9, 4, 1, 0x0075), (0x00FD, 2, 2, 0x0079), (0x0101, 3, 2, 0x0061), (0x0107, 4, 2, 0x0063),
    (0x010F, 1, 1, 0x0064), (0x0113, 5, 2, 0x0065), (0x011D, 4, 2, 0x0067), (0x0125, 1, 1, 0x0068), (0x0129, 4, 2, 0x0069),
    (0x0135, 1, 1, 0x006A), (0x0137, 1, 1, 0x006B), (0x013A, 3, 2, 0x006C), (0x0144, 3, 2, 0x006E), (0x014D, 3, 2, 0x006F),
    (0x0155, 3, 2, 0x0072), (0x015B, 4, 2, 0x0073), (0x0163, 2, 2, 0x0074), (0x0169, 6, 2, 0x0075), (0x0175, 1, 1, 0x0077),
    (0x0177, 1, 1, 0x0079), (0x017A, 3, 2, 0x007A), (0x01A1, 1, 1, 0x006F), (0x01B0, 1, 1, 0x0075), (0x01CE, 1, 1, 0x0061),
    (0x01D0, 1, 1, 0x0069), (0x01D2, 1, 1, 0x006F), (0x01D4, 5, 2, 0x0075), (0x01DF, 2, 2, 0x0061), (0x01E3, 1, 1, 0x00E6),
    (0x01E7, 1, 1, 0x0067), (0x01E9, 1, 1, 0x006B), (0x01EB, 2, 2, 0x006F), (0x01EF, 1, 1, 0x0292), (0x01F0, 1, 1, 0x006A),
    (0x01F5, 1, 1, 0x0067), (0x01F9, 1, 1, 0x006E), (0x01FB, 1, 1, 0x0061), (0x01FD, 1, 1, 0x00E6), (0x01FF, 1, 1, 0x00F8),
    (0x0201, 2, 2, 0x0061), (0x0205, 2, 2, 0x0065), (0x0209, 2, 2, 0x0069), (0x020D, 2, 2, 0x006F), (0x0211, 2, 2, 0x0072),
    (0x0215, 2, 2, 0x0075), (0x0219, 1, 1, 0x0073), (0x021B, 1, 1, 0x0074), (0x021F, 1, 1, 0x0068), (0x0227, 1, 1, 0x0061),
    (0x0229, 1, 1, 0x0065), (0x022B, 4, 2, 0x006F), (0x0233, 1, 1, 0x0079), (0x0390, 1, 1, 0x03B9), (0x03AC, 1, 1, 0x03B1),
    (0x03AD, 1, 1, 0x03B5), (0x03AE, 1, 1, 0x03B7), (0x03AF, 1, 1, 0x03B9), (0x03B0, 1, 1, 0x03C5), (0x03CA, 1, 1, 0x03B9),
    (0x03CB, 1, 1, 0x03C5), (0x03CC, 1, 1, 0x03BF), (0x03CD, 1, 1, 0x03C5), (0x03CE, 1, 1, 0x03C9), (0x03D3, 2, 1, 0x03D2),
    (0x0439, 1, 1, 0x0438), (0x0450, 2, 1, 0x0435), (0x0453, 1, 1, 0x0433), (0x0457, 1, 1, 0x0456), (0x045C, 1, 1, 0x043A),
    (0x045D, 1, 1, 0x0438), (0x045E, 1, 1, 0x0443), (0x0477, 1, 1, 0x0475), (0x04C2, 1, 1, 0x0436), (0x04D1, 2, 2, 0x0430),
    (0x04D7, 1, 1, 0x0435), (0x04DB, 1, 1, 0x04D9), (0x04DD, 1, 1, 0x0436), (0x04DF, 1, 1, 0x0437), (0x04E3, 2, 2, 0x0438),
    (0x04E7, 1, 1, 0x043E), (0x04EB, 1, 1, 0x04E9), (0x04ED, 1, 1, 0x044D), (0x04EF, 3, 2, 0x0443), (0x04F5, 1, 1, 0x0447),
    (0x04F9, 1, 1, 0x044B), (0x1E01, 1, 1, 0x0061), (0x1E03, 3, 2, 0x0062), (0x1E09, 1, 1, 0x0063), (0x1E0B, 5, 2, 0x0064),
    (0x1E15, 5, 2, 0x0065), (0x1E1F, 1, 1, 0x0066), (0x1E21, 1, 1, 0x0067), (0x1E23, 5, 2, 0x0068), (0x1E2D, 2, 2, 0x0069),
    (0x1E31, 3, 2, 0x006B), (0x1E37, 4, 2, 0x006C), (0x1E3F, 3, 2, 0x006D), (0x1E45, 4, 2, 0x006E), (0x1E4D, 4, 2, 0x006F),
    (0x1E55, 2, 2, 0x0070), (0x1E59, 4, 2, 0x0072), (0x1E61, 5, 2, 0x0073), (0x1E6B, 4, 2, 0x0074), (0x1E73, 5, 2, 0x0075),
    (0x1E7D, 2, 2, 0x0076), (0x1E81, 5, 2, 0x0077), (0x1E8B, 2, 2, 0x0078), (0x1E8F, 1, 1, 0x0079), (0x1E91, 3, 2, 0x007A),
    (0x1E96, 1, 1, 0x0068), (0x1E97, 1, 1, 0x0074), (0x1E98, 1, 1, 0x0077), (0x1E99, 1, 1, 0x0079), (0x1E9B, 1, 1, 0x017F),
    (0x1EA1, 12, 2, 0x0061), (0x1EB9, 8, 2, 0x0065), (0x1EC9, 2, 2, 0x0069), (0x1ECD, 12, 2, 0x006F), (0x1EE5, 7, 2, 0x0075),
    (0x1EF3, 4, 2, 0x0079), (0x1F00, 8, 1, 0x03B1), (0x1F10, 6, 1, 0x03B5), (0x1F20, 8, 1, 0x03B7), (0x1F30, 8, 1, 0x03B9),
    (0x1F40, 6, 1, 0x03BF), (0x1F50, 8, 1, 0x03C5), (0x1F60, 8, 1, 0x03C9), (0x1F70, 2, 1, 0x03B1), (0x1F72, 2, 1, 0x03B5),
    (0x1F74, 2, 1, 0x03B7), (0x1F76, 2, 1, 0x03B9), (0x1F78, 2, 1, 0x03BF), (0x1F7A, 2, 1, 0x03C5), (0x1F7C, 2, 1, 0x03C9),
    (0x1F80, 8, 1, 0x03B1), (0x1F90, 8, 1, 0x03B7), (0x1FA0, 8, 1, 0x03C9), (0x1FB0, 5, 1, 0x03B1), (0x1FB6, 2, 1, 0x03B1),
    (0x1FC2, 3, 1, 0x03B7), (0x1FC6, 2, 1, 0x03B7), (0x1FD0, 4, 1, 0x03B9), (0x1FD6, 2, 1, 0x03B9), (0x1FE0, 4, 1, 0x03C5),
    (0x1FE4, 2, 1, 0x03C1), (0x1FE6, 2, 1, 0x03C5), (0x1FF2, 3, 1, 0x03C9), (0x1FF6, 2, 1, 0x03C9),
]);

/// Packs `(first, count, stride, base)` runs into the entries of [`FOLD_TABLE`].
const fn pack_fold<const N: usize>(runs: [(u32, u32, u32, u32); N]) -> [u32; N] {
    let mut packed = [0; N];
    let mut i = 0;
    while i < N {
        let (first, count, stride, base) = runs[i];
        assert!(first < 0x2000 && base < 0x800 && count >= 1 && count <= 0x80);
        assert!((stride == 1 || stride == 2) && (i == 0 || runs[i - 1].0 < first));
        packed[i] = first << 19 | base << 8 | (count - 1) << 1 | (stride - 1);
        i += 1;
    }
    packed
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

/// Marks that attach to the preceding character and never start a piece or a bigram unit of their
/// own: generic diacritics, format characters, variation selectors, and the marks of the bigram
/// scripts (Thai tone marks, kana voicing marks, …). Marks of other scripts need no table: inside a
/// word they are simply not separators.
pub(super) fn is_attached(c: char) -> bool {
    // The first of them is U+00AD.
    (c as u32) >= 0xAD
        && (is_generic_diacritic(c)
            || is_ignorable(c)
            || matches!(c as u32, 0xFE00..=0xFE0F | 0xE0100..=0xE01EF)
            || is_bigram_mark(c))
}

/// Combining marks (Mn, Mc, Me) of the scripts cut into bigrams.
#[rustfmt::skip]
fn is_bigram_mark(c: char) -> bool {
    matches!(c as u32,
        0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x0EB1 | 0x0EB4..=0x0EBC | 0x0EC8..=0x0ECE
        | 0x102B..=0x103E | 0x1056..=0x1059 | 0x105E..=0x1060 | 0x1062..=0x1064 | 0x1067..=0x106D
        | 0x1071..=0x1074 | 0x1082..=0x108D | 0x108F | 0x109A..=0x109D | 0x17B4..=0x17D3 | 0x17DD
        | 0x1A55..=0x1A5E | 0x1A60..=0x1A7C | 0x1A7F | 0xA9E5 | 0xAA7B..=0xAA7D | 0xAAB0
        | 0xAAB2..=0xAAB4 | 0xAAB7..=0xAAB8 | 0xAABE..=0xAABF | 0xAAC1 | 0x3099..=0x309A)
}

/// Characters that separate the parts of a word: the punctuation UAX #29 lets into a word
/// (MidLetter, MidNum, MidNumLet, quotes), connectors (`_`), and any other ASCII punctuation or
/// space a join brought in (`::`). Letters, digits and the marks of every script are not.
pub(super) fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_alphanumeric();
    }
    is_connector(c)
        || c.is_whitespace()
        || matches!(
            c,
            '\u{00B7}'
                | '\u{0387}'
                | '\u{055F}'
                | '\u{05F4}'
                | '\u{2027}'
                | '\u{FE13}'
                | '\u{FE55}'
                | '\u{FF1A}'
                | '\u{037E}'
                | '\u{0589}'
                | '\u{060C}'
                | '\u{060D}'
                | '\u{066C}'
                | '\u{07F8}'
                | '\u{2044}'
                | '\u{FE10}'
                | '\u{FE14}'
                | '\u{FE50}'
                | '\u{FE54}'
                | '\u{FF0C}'
                | '\u{FF1B}'
                | '\u{2018}'
                | '\u{2019}'
                | '\u{2024}'
                | '\u{FE52}'
                | '\u{FF07}'
                | '\u{FF0E}'
        )
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
