//! Turning a [`Document`] into what the builder appends: its terms with per-field frequencies and
//! positions, and its stored fields. Pure and `Send`, so callers tokenize pages in parallel.

use std::collections::HashMap;

use crate::document::{Document, TITLE};
use crate::format::{StoredDoc, StoredSpan};
use crate::tokenize::{Token, Tokenizer};

/// Positions left free between spans, so that a phrase never matches across two of them.
pub const SPAN_GAP: u32 = 1;

/// Bytes of text kept in a long document's head (the part stored with its title and url).
pub const HEAD_TEXT: usize = 4 * 1024;
/// Bytes of text per part of a long document's tail: the most a result past its head fetches.
pub const TAIL_PART: usize = 4 * 1024;

/// A place where a long document's stored text is cut: the text of span `span` from byte `at` on
/// starts a new part (the first cut ends the head). Cuts fall on whitespace or between spans, so no
/// token straddles one and every part's tokens keep the whole document's numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cut {
    pub span: usize,
    pub at: usize,
    /// Position of the first token at or after the cut (`u32::MAX`: no token follows).
    pub position: u32,
}

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
    /// Where the stored text is cut into head and tail parts (empty: it stays whole).
    pub(crate) cuts: Vec<Cut>,
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
            tail: Vec::new(),
            tail_starts: Vec::new(),
        };
        let mut cuts = cut_points(&stored.spans);
        let mut next_cut = 0;
        let mut terms: HashMap<String, PreparedTerm> = HashMap::new();
        let mut field_lens: Vec<(u8, u32)> = Vec::new();
        walk_tokens_from(&self.tokenizer, &stored, |source, field, token| {
            if let Source::Span(i) = source {
                while next_cut < cuts.len()
                    && (i, token.start) >= (cuts[next_cut].span, cuts[next_cut].at)
                {
                    cuts[next_cut].position = token.position;
                    next_cut += 1;
                }
            }
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
            cuts,
        }
    }
}

/// Where a document's text is cut: after about [`HEAD_TEXT`] bytes, then every [`TAIL_PART`]
/// bytes (positions still to fill in). No cuts for a short document.
fn cut_points(spans: &[StoredSpan]) -> Vec<Cut> {
    let mut cuts = Vec::new();
    let mut from = (0, 0);
    let mut budget = HEAD_TEXT;
    while let Some((span, at)) = next_cut(spans, from, budget) {
        cuts.push(Cut {
            span,
            at,
            position: u32::MAX,
        });
        from = (span, at);
        budget = TAIL_PART;
    }
    cuts
}

/// The end of the part that starts at `from` and holds about `budget` bytes: after the last
/// whitespace within budget, or else at the start of the span that overflows it, or else (one
/// unbroken span, such as CJK text without spaces) after that span. `None`: the rest fits.
fn next_cut(spans: &[StoredSpan], from: (usize, usize), budget: usize) -> Option<(usize, usize)> {
    let mut used = 0;
    for (i, s) in spans.iter().enumerate().skip(from.0) {
        let base = if i == from.0 {
            from.1.min(s.text.len())
        } else {
            0
        };
        let text = &s.text[base..];
        if used + text.len() <= budget {
            used += text.len();
            continue;
        }
        let mut end = budget - used;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let at = text[..end].rfind(char::is_whitespace).map(|w| {
            let ws = text[w..].chars().next().map_or(1, char::len_utf8);
            base + w + ws
        });
        return match at {
            Some(at) if at < s.text.len() => Some((i, at)),
            _ if used > 0 => Some((i, 0)),
            _ if i + 1 < spans.len() => Some((i + 1, 0)),
            _ => None,
        };
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Span, BODY};
    use crate::tokenize::TokenizerConfig;

    fn span(text: &str) -> StoredSpan {
        StoredSpan {
            field: BODY,
            anchor: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn a_short_document_is_not_cut() {
        assert!(cut_points(&[span("a few words"), span("and more")]).is_empty());
    }

    #[test]
    fn a_long_document_is_cut_on_whitespace_into_head_and_parts() {
        let text: String = (0..5000).map(|i| format!("w{i} ")).collect();
        let spans = vec![span("intro"), span(&text), span("end")];
        let cuts = cut_points(&spans);
        assert!(cuts.len() >= 5, "{cuts:?}");
        let mut from = (0, 0);
        for (k, c) in cuts.iter().enumerate() {
            let budget = if k == 0 { HEAD_TEXT } else { TAIL_PART };
            // The part before this cut fits its budget and ends on whitespace.
            let bytes: usize = (from.0..=c.span)
                .map(|i| {
                    let s = &spans[i].text;
                    let a = if i == from.0 { from.1 } else { 0 };
                    let b = if i == c.span { c.at } else { s.len() };
                    b.saturating_sub(a)
                })
                .sum();
            assert!(bytes <= budget && bytes > budget / 2, "part {k}: {bytes}");
            assert!(c.at == 0 || spans[c.span].text[..c.at].ends_with(' '));
            from = (c.span, c.at);
        }
    }

    #[test]
    fn cuts_carry_the_position_of_their_first_token() {
        let text: String = (0..3000).map(|i| format!("w{i} ")).collect();
        let doc = Document {
            url: "/a/".into(),
            title: "Title words".into(),
            spans: vec![Span::new(BODY, "intro"), Span::new(BODY, text)],
            ..Document::default()
        };
        let tokenizer = Tokenizer::new(&TokenizerConfig::default());
        let prepared = Preparer::new(tokenizer.clone()).prepare(doc);
        assert!(!prepared.cuts.is_empty());
        let mut firsts = Vec::new();
        walk_tokens_from(&tokenizer, &prepared.stored, |source, _, t| {
            if let Source::Span(i) = source {
                firsts.push(((i, t.start), t.position, t.term.clone()));
            }
        });
        for c in &prepared.cuts {
            let first = firsts
                .iter()
                .find(|(at, _, _)| *at >= (c.span, c.at))
                .expect("a token after the cut");
            assert_eq!(c.position, first.1, "{c:?}: {first:?}");
            assert_eq!(first.0, (c.span, c.at), "cuts fall just before a word");
        }
    }

    #[test]
    fn unbroken_text_is_cut_between_spans_only() {
        let cjk = "字".repeat(HEAD_TEXT);
        assert!(cut_points(&[span(&cjk)]).is_empty());
        assert_eq!(
            cut_points(&[span("short"), span(&cjk)])
                .iter()
                .map(|c| (c.span, c.at))
                .collect::<Vec<_>>(),
            [(1, 0)]
        );
        assert_eq!(
            cut_points(&[span(&cjk), span("after")])
                .iter()
                .map(|c| (c.span, c.at))
                .collect::<Vec<_>>(),
            [(1, 0)],
            "a span longer than the head goes whole into it"
        );
    }
}
