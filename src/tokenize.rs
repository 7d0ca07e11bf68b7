//! The one tokenizer, used at build time and at query time.
//!
//! A query only finds what the corpus was cut into, so the index and the search box must cut text
//! the same way: [`TokenizerConfig`] is stored in the manifest and the query side builds its
//! [`Tokenizer`] from it. Everything below is deterministic and depends on nothing but the text and
//! the config.
//!
//! # How text is cut
//!
//! 1. **Words** are cut by UAX #29's word rules, as far as they matter for search (our own
//!    segmenter, see `segment` for its few deviations): runs of letters, digits, `_` and marks
//!    that hold a letter or digit, kept whole across `.` `'` `:` between letters and `.` `,` `;`
//!    between digits: `json.dumps`, `snake_case`, `camelCase`, `x86_64`, `3.14`, `v1.2`, `1,000`
//!    and `don't` are one word each.
//! 2. **Joins** on top of that: words separated by exactly `::` become one word (`std::vec::Vec`:
//!    a Rust-docs user types paths); characters of [`TokenizerConfig::extra_word_chars`] stick to the
//!    word they end (`C++`, `C#`) and join the words they sit between (`a+b`), but never start a word
//!    (with `#` configured, `#include` is still `include`).
//! 3. **Terms** are lowercased char by char (so `Σ` is always `σ`), drop invisible format characters
//!    (soft hyphen, zero-width joiners, bidi marks), spell `’` as `'`, and stop at
//!    [`MAX_TERM_BYTES`] on a char boundary.
//! 4. **Folding**: when the term has diacritics, the word gives its exact form ([`TokenKind::Word`],
//!    `café`) and the folded form ([`TokenKind::Folded`], `cafe`) at the same position; see
//!    [`fold`]. The exact form is kept so ranking can prefer it.
//! 5. **Identifier parts**: a word that splits (at `.`, `_`, `::`, other inner punctuation, camel
//!    case, `HTTP|Server`) gives the whole word at position `p` and its parts
//!    ([`TokenKind::Part`]) at `p`, `p + 1`, …; the next word starts after the last part. So the
//!    phrase `json dumps` matches `json.dumps`, and the query `vec::Vec` (whole `vec::vec`, parts
//!    `vec` `vec`) finds `std::vec::Vec` through its parts. Separators between digits belong to the
//!    number (`3.14`, `v1.2` stay whole); letters and digits are not split from each other (`x86`).
//!    A part with diacritics is followed by its folded form, also a `Part`, at the same position.
//!    Camel case splits `lower|Upper`, `utf8|Decoder` and `HTTP|Server`, but a capital run followed
//!    by a single lowercase letter stays whole (`URLs`, `IPv6`).
//! 6. **Apostrophes**: `driver's` gives the whole `driver's` and the part `driver` at the same
//!    position (`drivers'` is just `drivers`: a final apostrophe is not part of a word); a Romance
//!    elision gives the word after it (`l'homme` → `homme`); contractions stay whole (`don't`).
//! 7. **CJK** (Han, kana, Hangul) and the space-less Southeast Asian scripts (Thai, Lao, Khmer,
//!    Myanmar: written without spaces, and single letters would match anything) are cut into
//!    overlapping bigrams at successive positions, a run of one character into that character:
//!    `東京都` → `東京` `京都`. A run spans chars of all these scripts (Han and kana mix in
//!    Japanese) and is cut out of a word that also holds other letters or digits (`한국어abc`,
//!    `2018年`). The query is cut the same way, so a query word is a phrase of bigrams.
//!
//! Tokens carry the byte range of the source they came from (always on char boundaries) for
//! excerpts and highlighting. A part's range is the part's own text.
//!
//! # For the query engine
//!
//! Positions are what phrase matching compares: compare the *differences* between a query's token
//! positions with the document's, never assume `+1` per word (a phrase `json.dumps bar` has `bar`
//! two positions after the whole word). A query word may match a document's `Word`, `Folded` or
//! `Part` term; the tokens of one word share a position (Word, Folded) or follow on (Parts).
//!
//! # Stemming
//!
//! [`Tokenizer::stem`] gives the Snowball stem (crate `rust-stemmers`) of an exact term for the
//! configured language; the index keeps exact forms and the query engine expands a query word to the
//! vocabulary terms with the same stem, so typing a prefix never falls into a stem gap. Stem the
//! exact form, not the folded one: the French and German algorithms expect their accents.
//! Each language's algorithm is behind a cargo feature (`stem-en`, …, `stem-all`, default on):
//! together they would cost the wasm module about 32 KiB gzipped, one 2–4 KiB. A language whose
//! feature is off (and Greek, whose algorithm panics on real words) is simply not stemmed, so a
//! reader that takes its stems from the index can leave them all out.
//!
//! # Speed
//!
//! This is the build's hot path. The segmenter classifies an ASCII char with one `match`;
//! lowercasing and the plain-word check have ASCII fast paths; a token's `term` is the only
//! allocation. The segmenter needs one 147-range table besides `std`'s char properties, and folding
//! a table of 154 runs instead of Unicode decomposition tables, which keeps the tokenizer's own share
//! of the gzipped wasm module small.

mod normalize;
mod parts;
mod segment;
mod stem;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub(crate) use normalize::char_count;
pub use normalize::{fold, is_cjk, is_southeast_asian, lowercase, MAX_TERM_BYTES};
use normalize::{is_attached, is_bigram_char, is_connector, is_separator, push_term, term};
use parts::{split_parts, ExtraChars};

/// Tokenizer settings, stored in the manifest so queries are cut exactly as the corpus was.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenizerConfig {
    /// Language of the corpus (BCP 47 primary tag such as `en`, `fr`, `de`); picks the stemmer.
    /// Empty: no stemming.
    pub language: String,
    /// Characters that count as part of a word besides letters and digits (e.g. `+#` for `C++`, `C#`).
    pub extra_word_chars: String,
}

/// What a token is, relative to the word it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// The word as written (lowercased).
    Word,
    /// The word with diacritics folded (`café` → `cafe`), emitted only when it differs, same position.
    Folded,
    /// A part of a compound identifier (`json.dumps` → `json`, `dumps`).
    Part,
}

/// One token: a term, its position in the token stream and its byte range in the source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The normalized term (lowercase).
    pub term: String,
    /// Position in the stream; tokens of one word share or follow on positions.
    pub position: u32,
    /// Byte range of the source text this token came from.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// Whole word, folded form or part.
    pub kind: TokenKind,
}

/// The tokenizer built from a [`TokenizerConfig`].
#[derive(Clone, Debug)]
pub struct Tokenizer {
    config: TokenizerConfig,
    extra: ExtraChars,
    stemmer: Option<stem::StemFn>,
}

/// The word or bigram run being assembled from consecutive segments.
#[derive(Clone, Copy)]
enum Pending {
    None,
    Word { start: usize, end: usize },
    Bigrams { start: usize, end: usize },
}

/// State of one [`Tokenizer::tokens`] call.
struct Cutter<'t, 'o> {
    text: &'t str,
    position: u32,
    pending: Pending,
    parts: Vec<(usize, usize)>,
    out: &'o mut Vec<Token>,
}

impl Tokenizer {
    /// Builds the tokenizer for these settings.
    pub fn new(config: &TokenizerConfig) -> Tokenizer {
        Tokenizer {
            config: config.clone(),
            extra: ExtraChars::new(&config.extra_word_chars),
            stemmer: stem::stemmer(&config.language),
        }
    }

    /// The settings this tokenizer was built from.
    pub fn config(&self) -> &TokenizerConfig {
        &self.config
    }

    /// Whether [`Tokenizer::stem`] stems (the configured language has a stemmer).
    pub fn has_stemmer(&self) -> bool {
        self.stemmer.is_some()
    }

    /// Appends the tokens of `text` to `out`, numbering positions from `first_position`; returns the
    /// next free position.
    pub fn tokens(&self, text: &str, first_position: u32, out: &mut Vec<Token>) -> u32 {
        let mut cut = Cutter {
            text,
            position: first_position,
            pending: Pending::None,
            parts: Vec::new(),
            out,
        };
        for (start, end) in segment::Words::new(text) {
            let segment = &text[start..end];
            if !segment.bytes().any(|b| b >= 0xE0) {
                // No char at or above U+0800, so nothing to cut into bigrams.
                self.word_piece(&mut cut, start, end);
            } else {
                self.mixed_segment(&mut cut, start, segment);
            }
        }
        self.flush(&mut cut);
        cut.position
    }

    /// The stem of a normalized term, or `None` when the language has no stemmer.
    pub fn stem(&self, term: &str) -> Option<String> {
        self.stemmer.map(|stem| stem(term))
    }

    /// Splits a segment holding chars of bigram scripts into word pieces and bigram pieces
    /// (`한국어abc` → `한국어`, `abc`); marks stay with the char before them.
    fn mixed_segment(&self, cut: &mut Cutter, start: usize, segment: &str) {
        let mut piece_start = 0;
        let mut piece_bigram: Option<bool> = None;
        for (i, c) in segment.char_indices() {
            if is_attached(c) {
                continue;
            }
            let bigram = is_bigram_char(c);
            match piece_bigram {
                Some(current) if current != bigram => {
                    self.piece(cut, start + piece_start, start + i, current);
                    piece_start = i;
                    piece_bigram = Some(bigram);
                }
                Some(_) => {}
                None => piece_bigram = Some(bigram),
            }
        }
        if let Some(bigram) = piece_bigram {
            self.piece(cut, start + piece_start, start + segment.len(), bigram);
        }
    }

    fn piece(&self, cut: &mut Cutter, start: usize, end: usize, bigram: bool) {
        if bigram {
            if let Pending::Bigrams { end: run_end, .. } = &mut cut.pending {
                if *run_end == start {
                    *run_end = end;
                    return;
                }
            }
            self.flush(cut);
            cut.pending = Pending::Bigrams { start, end };
        } else if cut.text[start..end].chars().any(is_letter_or_digit) {
            self.word_piece(cut, start, end);
        }
    }

    /// Adds a word segment: joins it to the pending word across `::` or extra characters, or
    /// flushes the pending word and starts a new one.
    fn word_piece(&self, cut: &mut Cutter, start: usize, end: usize) {
        // The word may already reach this segment: extra characters ended it right before
        // (`a+b`, or `0@` and an alphabetic mark).
        let joined = match &mut cut.pending {
            Pending::Word { end: word_end, .. }
                if start <= *word_end || &cut.text[*word_end..start] == "::" =>
            {
                *word_end = end.max(*word_end);
                true
            }
            _ => false,
        };
        if !joined {
            self.flush(cut);
            cut.pending = Pending::Word { start, end };
        }
        if !self.extra.is_empty() {
            if let Pending::Word { end: word_end, .. } = &mut cut.pending {
                *word_end += self.extra.run_len(&cut.text[*word_end..]);
            }
        }
    }

    fn flush(&self, cut: &mut Cutter) {
        match std::mem::replace(&mut cut.pending, Pending::None) {
            Pending::None => {}
            Pending::Word { start, end } => self.emit_word(cut, start, end),
            Pending::Bigrams { start, end } => emit_bigrams(cut, start, end),
        }
    }

    /// Emits the whole word, its folded form and its parts.
    fn emit_word(&self, cut: &mut Cutter, start: usize, end: usize) {
        // Leading marks (of a piece cut out of a bigram run, `東` + virama + `a`) and trailing
        // separators (a narrow no-break space) do not belong to the word; `_` and a trailing
        // `++` do.
        let word = &cut.text[start..end];
        let Some(lead) = word.find(|c: char| is_letter_or_digit(c) || is_connector(c)) else {
            return;
        };
        let trimmed = word.trim_end_matches(|c: char| {
            is_separator(c) && !is_connector(c) && !self.extra.contains(c)
        });
        let (start, end) = (start + lead, start + trimmed.len().max(lead));
        let word = &cut.text[start..end];
        let whole = term(word);
        if whole.is_empty() {
            return;
        }
        let position = cut.position;
        let folded = fold(&whole);
        cut.parts.clear();
        split_parts(word, &self.extra, &mut cut.parts);
        let parts_differ = match cut.parts.as_slice() {
            [] => false,
            [(0, part_end)] if *part_end == word.len() => false,
            [(part_start, part_end)] => term(&word[*part_start..*part_end]) != whole,
            _ => true,
        };
        cut.push(whole, position, start, end, TokenKind::Word);
        if let Some(folded) = folded {
            cut.push(folded, position, start, end, TokenKind::Folded);
        }
        if !parts_differ {
            cut.position = position.saturating_add(1);
            return;
        }
        let mut part_position = position;
        for k in 0..cut.parts.len() {
            let (part_start, part_end) = cut.parts[k];
            let (part_start, part_end) = (start + part_start, start + part_end);
            let part = term(&cut.text[part_start..part_end]);
            if part.is_empty() {
                continue;
            }
            let folded = fold(&part);
            cut.push(part, part_position, part_start, part_end, TokenKind::Part);
            if let Some(folded) = folded {
                cut.push(folded, part_position, part_start, part_end, TokenKind::Part);
            }
            part_position = part_position.saturating_add(1);
        }
        cut.position = part_position.max(position.saturating_add(1));
    }
}

impl Cutter<'_, '_> {
    fn push(&mut self, term: String, position: u32, start: usize, end: usize, kind: TokenKind) {
        self.out.push(Token {
            term,
            position,
            start,
            end,
            kind,
        });
    }
}

/// A letter or digit that is not a combining mark (some marks are alphabetic).
fn is_letter_or_digit(c: char) -> bool {
    c.is_alphanumeric() && !is_attached(c)
}

/// Emits the overlapping bigrams of a run of bigram-script chars (each char with the marks after
/// it), or the single char of a one-char run.
fn emit_bigrams(cut: &mut Cutter, start: usize, end: usize) {
    let run = &cut.text[start..end];
    // Start offsets of the previous and of the current char of the run.
    let mut previous: Option<usize> = None;
    let mut current: Option<usize> = None;
    for (i, c) in run.char_indices() {
        if is_attached(c) {
            continue;
        }
        if let Some(first) = previous {
            bigram(cut, start + first, start + i);
        }
        previous = current;
        current = Some(i);
    }
    // `previous` is the last pair's first char when the run has two chars or more.
    match (previous, current) {
        (Some(first), _) | (None, Some(first)) => bigram(cut, start + first, end),
        (None, None) => {}
    }
}

/// Emits one bigram (or single char) at the next position.
fn bigram(cut: &mut Cutter, from: usize, to: usize) {
    let mut term = String::with_capacity((to - from).min(MAX_TERM_BYTES));
    push_term(&mut term, &cut.text[from..to]);
    if !term.is_empty() {
        let position = cut.position;
        cut.push(term, position, from, to, TokenKind::Word);
        cut.position = position.saturating_add(1);
    }
}
