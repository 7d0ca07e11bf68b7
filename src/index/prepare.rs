//! Turning a [`Document`] into what the builder appends: its terms with per-field frequencies and
//! positions, and its stored fields. Pure and `Send`, so callers tokenize pages in parallel.

use std::collections::HashMap;

use crate::document::{Document, TITLE};
use crate::format::{StoredDoc, StoredSpan};
use crate::tokenize::{Token, Tokenizer};

/// Positions left free between spans, so that a phrase never matches across two of them.
pub const SPAN_GAP: u32 = 1;

/// Tokenizes documents for a [`Builder`](crate::Builder); cheap to clone and share across threads.
#[derive(Clone, Debug)]
pub struct Preparer {
    tokenizer: Tokenizer,
}

/// A term of one document: where it occurs.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PreparedTerm {
    pub term: String,
    /// `(field, tf)` in field order.
    pub hits: Vec<(u8, u32)>,
    /// Ascending positions.
    pub positions: Vec<u32>,
}

/// A document ready to be added: tokenized, with its stored fields.
#[derive(Clone, Debug)]
// Only the builder reads the fields (without the `build` feature, as in the wasm, nothing does).
#[cfg_attr(not(feature = "build"), allow(dead_code))]
pub struct PreparedDocument {
    pub(crate) stored: StoredDoc,
    pub(crate) terms: Vec<PreparedTerm>,
    /// Length in tokens of each field the document has.
    pub(crate) field_lens: Vec<(u8, u32)>,
    pub(crate) facets: Vec<(String, String)>,
    pub(crate) sort_keys: Vec<(String, String)>,
}

impl Preparer {
    #[cfg_attr(not(feature = "build"), allow(dead_code))]
    pub(crate) fn new(tokenizer: Tokenizer) -> Preparer {
        Preparer { tokenizer }
    }

    /// Tokenizes `doc`. Positions run through the title, then each span, with a gap between spans —
    /// the same numbering [`walk_tokens`] gives readers when they re-tokenize stored text.
    pub fn prepare(&self, doc: Document) -> PreparedDocument {
        let stored = StoredDoc {
            url: doc.url,
            title: doc.title,
            spans: doc
                .spans
                .into_iter()
                .map(|s| StoredSpan {
                    field: s.field,
                    anchor: s.anchor,
                    text: s.text,
                })
                .collect(),
            meta: doc.meta,
            tail: None,
        };
        let mut terms: HashMap<String, PreparedTerm> = HashMap::new();
        let mut field_lens: Vec<(u8, u32)> = Vec::new();
        walk_tokens(&self.tokenizer, &stored, |field, token| {
            let entry = terms
                .entry(token.term.clone())
                .or_insert_with(|| PreparedTerm {
                    term: token.term.clone(),
                    hits: Vec::new(),
                    positions: Vec::new(),
                });
            // One occurrence per position: a shard derives the number of positions from the
            // frequencies, so they must agree.
            if entry.positions.last() != Some(&token.position) {
                entry.positions.push(token.position);
                match entry.hits.iter_mut().find(|(f, _)| *f == field) {
                    Some((_, tf)) => *tf += 1,
                    None => entry.hits.push((field, 1)),
                }
            }
            if counts_in_length(field, token) {
                match field_lens.iter_mut().find(|(f, _)| *f == field) {
                    Some((_, n)) => *n += 1,
                    None => field_lens.push((field, 1)),
                }
            }
        });
        let mut terms: Vec<PreparedTerm> = terms.into_values().collect();
        for t in &mut terms {
            t.hits.sort_unstable();
        }
        terms.sort_unstable_by(|a, b| a.term.cmp(&b.term));
        field_lens.sort_unstable();
        PreparedDocument {
            stored,
            terms,
            field_lens,
            facets: doc.facets,
            sort_keys: doc.sort_keys,
        }
    }
}

/// Whether a token counts in its field's length. A title's length must say whether a query *is*
/// the title (exact title matches rank first), so there identifier parts count too (`plan` is not
/// the title `SPI_execute_plan`) and section numbers do not (`Message Flow` is the title
/// `55.2. Message Flow`); elsewhere, words.
fn counts_in_length(field: u8, token: &Token) -> bool {
    use crate::tokenize::TokenKind;
    if field != TITLE {
        return token.kind == TokenKind::Word;
    }
    match token.kind {
        TokenKind::Folded => false,
        TokenKind::Part => true,
        TokenKind::Word => !is_section_number(&token.term),
    }
}

/// `17.4`, `9.16.1`, `f.33`, `e.11`, `iv`: numbering that titles carry before their words.
fn is_section_number(term: &str) -> bool {
    let b = term.as_bytes();
    let numbered = b.iter().any(u8::is_ascii_digit)
        && b.iter().all(|c| c.is_ascii_digit() || *c == b'.')
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b'.'
            && b[2..].iter().all(|c| c.is_ascii_digit() || *c == b'.'));
    numbered && b.len() <= 12
}

/// Which text a token came from: the title, or span `i`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The title.
    Title,
    /// The span at this index.
    Span(usize),
}

/// Tokenizes a stored document the way the builder numbered it, calling `f(field, token)` for each
/// token. The single definition of position numbering, shared by the builder and the excerpt code.
pub fn walk_tokens(tokenizer: &Tokenizer, doc: &StoredDoc, mut f: impl FnMut(u8, &Token)) {
    walk_tokens_from(tokenizer, doc, |_, field, token| f(field, token));
}

/// Like [`walk_tokens`], also saying which text each token came from.
pub fn walk_tokens_from(
    tokenizer: &Tokenizer,
    doc: &StoredDoc,
    mut f: impl FnMut(Source, u8, &Token),
) {
    let mut buf = Vec::new();
    let mut next = tokenizer.tokens(&doc.title, 0, &mut buf);
    for t in &buf {
        f(Source::Title, TITLE, t);
    }
    for (i, span) in doc.spans.iter().enumerate() {
        buf.clear();
        next = tokenizer.tokens(&span.text, next + SPAN_GAP, &mut buf);
        for t in &buf {
            f(Source::Span(i), span.field, t);
        }
    }
}
