//! What a result shows: the best window of about [`WINDOW`] words around the matches, the match
//! ranges inside it, and the sections (headings with anchors) whose text matched, as sub-results.
//!
//! Offsets are byte offsets into the returned strings; the wasm binding converts them to UTF-16
//! for JavaScript. The UI wraps them in `<mark>` with text nodes: nothing here is HTML.

use super::expand::Work;
use super::parse::parse;
use super::search::expand_query;
use crate::error::Error;
use crate::format::StoredDoc;
use crate::index::{walk_tokens_from, Index, Outcome, Source};
use crate::sort::sort_by;

/// Words in an excerpt.
pub const WINDOW: usize = 30;
/// Sub-results per result.
pub const MAX_SUB_RESULTS: usize = 3;

/// A result's displayable data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocView {
    /// Result URL.
    pub url: String,
    /// Title.
    pub title: String,
    /// Match ranges in the title.
    pub title_matches: Vec<(usize, usize)>,
    /// The best window of text.
    pub excerpt: String,
    /// Match ranges in the excerpt.
    pub matches: Vec<(usize, usize)>,
    /// Matching sections.
    pub sub: Vec<SubResult>,
    /// Stored metadata.
    pub meta: Vec<(String, String)>,
}

/// A matching section of a result.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SubResult {
    /// The heading's text.
    pub title: String,
    /// The result's URL with the section's anchor.
    pub url: String,
    /// The best window of the section's text.
    pub excerpt: String,
    /// Match ranges in the excerpt.
    pub matches: Vec<(usize, usize)>,
}

/// The matched terms of the last query a result was shown for, with their clauses.
pub(crate) type TermCache = Option<(String, Vec<(String, usize)>)>;

/// A word of the stored text: where it is and which clause it matched, if any.
#[derive(Clone, Copy, Debug)]
struct WordAt {
    span: usize,
    start: usize,
    end: usize,
    clause: Option<usize>,
}

/// The displayable data of result `doc` for `query`, asking for its bundle (and the query's
/// shards) when missing; `cache` keeps the query's matched terms for its other results.
pub(crate) fn document(
    index: &Index,
    cache: &mut TermCache,
    doc: u32,
    query: &str,
) -> Result<Outcome<DocView>, Error> {
    if doc >= index.documents() {
        let mut file = String::from("document ");
        crate::json::push_u64(&mut file, u64::from(doc));
        return Err(Error::UnknownFile { file });
    }
    let mut need = Vec::new();
    // The matched terms of the query, computed once for all the results shown for it.
    let cached = cache
        .as_ref()
        .filter(|(q, _)| q == query)
        .map(|(_, t)| t.clone());
    let terms = match cached {
        Some(terms) => Some(terms),
        None => {
            let parsed = parse(index.tokenizer(), query);
            let mut work = Work::default();
            expand_query(index, &parsed, &mut need, &mut work)?.map(|expanded| {
                let mut terms: Vec<(String, usize)> = Vec::new();
                for (i, e) in expanded
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| !e.clause.negated)
                {
                    for (_, variants) in &e.words {
                        for v in variants {
                            terms.push((v.term.clone(), i));
                        }
                    }
                }
                *cache = Some((query.to_string(), terms.clone()));
                terms
            })
        }
    };
    let stored = index.stored(doc, &mut need);
    let (Some(terms), Some(stored)) = (terms, stored) else {
        return index.need(need);
    };
    // A long document's head holds its first KiBs. When neither its title nor its head holds
    // a match (a title match explains the result well enough for the head's first words to
    // serve as its excerpt), only the part of its tail where the positions of the query's terms
    // say the best match is gets fetched.
    let view = view_of(index, stored, terms.clone());
    if stored.tail.is_empty()
        || terms.is_empty()
        || !view.title_matches.is_empty()
        || !view.matches.is_empty()
        || !view.sub.is_empty()
    {
        return Ok(Outcome::Ready(view));
    }
    let Some(part) = best_part(index, doc, &stored.tail_starts, &terms, &mut need)? else {
        return if need.is_empty() {
            Ok(Outcome::Ready(view))
        } else {
            index.need(need)
        };
    };
    // (More starts than parts: a damaged head; its text is what there is.)
    let Some(&bundle) = stored.tail.get(part) else {
        return Ok(Outcome::Ready(view));
    };
    match index.tail(doc, part as u32, bundle, &mut need)? {
        Some(tail) => {
            let text = StoredDoc {
                url: stored.url.clone(),
                title: stored.title.clone(),
                spans: tail.spans.clone(),
                meta: stored.meta.clone(),
                tail: Vec::new(),
                tail_starts: Vec::new(),
            };
            Ok(Outcome::Ready(view_of(index, &text, terms)))
        }
        None => index.need(need),
    }
}

/// The part of `doc`'s tail holding the most of the query's clauses (the first such part), from
/// the positions of `terms` in `doc`; `None` when no match lies in the tail or positions are
/// still to be fetched (then named on `need`). Positions already loaded are used as they are;
/// when none are, only the smallest positions file among the terms' shards is fetched.
fn best_part(
    index: &Index,
    doc: u32,
    starts: &[u32],
    terms: &[(String, usize)],
    need: &mut Vec<String>,
) -> Result<Option<usize>, Error> {
    // The terms this document holds: their shard, clause and entry.
    let mut held = Vec::new();
    let mut cheapest = (u32::MAX, 0);
    for (term, clause) in terms {
        let i = index.shard_for(term);
        let Some(postings) = index.shard(i, need).and_then(|s| s.get(term)) else {
            continue;
        };
        if let Some(e) = postings.find(doc) {
            held.push((i, *clause, e));
            cheapest = cheapest.min((index.manifest().shards[i].positions_size, i));
        }
    }
    let loaded = |i: usize| index.loaded_shard(i).filter(|s| s.has_positions());
    if !need.is_empty() || !held.iter().any(|h| loaded(h.0).is_some()) {
        if need.is_empty() && !held.is_empty() {
            index.positions(cheapest.1, need);
        }
        return Ok(None);
    }
    let mut found: Vec<u64> = vec![0; starts.len()];
    for (i, clause, entry) in &held {
        if loaded(*i).is_none() {
            continue;
        }
        for &p in entry.positions {
            let k = starts.partition_point(|&start| start <= p);
            if k > 0 {
                found[k - 1] |= 1 << (clause % 64);
            }
        }
    }
    let mut best = (None, 0);
    for (k, bits) in found.iter().enumerate() {
        if bits.count_ones() > best.1 {
            best = (Some(k), bits.count_ones());
        }
    }
    Ok(best.0)
}

/// `terms`: every matched term with its clause, any order (the first clause of a term wins).
fn view_of(index: &Index, doc: &StoredDoc, mut terms: Vec<(String, usize)>) -> DocView {
    sort_by(&mut terms, |a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    terms.dedup_by(|a, b| a.0 == b.0);
    let clause_of = |term: &str| {
        terms
            .binary_search_by(|t| t.0.as_str().cmp(term))
            .ok()
            .map(|i| terms[i].1)
    };
    let mut title_matches: Vec<(usize, usize)> = Vec::new();
    let mut words: Vec<WordAt> = Vec::new();
    let mut part_matches: Vec<(usize, usize, usize, usize)> = Vec::new(); // span, start, end, clause
    walk_tokens_from(index.tokenizer(), doc, |source, _, token| {
        let clause = clause_of(&token.term);
        match source {
            Source::Title => {
                if clause.is_some()
                    && !title_matches
                        .iter()
                        .any(|m| m.0 <= token.start && token.end <= m.1)
                {
                    title_matches.retain(|m| !(token.start <= m.0 && m.1 <= token.end));
                    title_matches.push((token.start, token.end));
                }
            }
            Source::Span(span) => match token.kind {
                crate::tokenize::TokenKind::Word => {
                    words.push(WordAt {
                        span,
                        start: token.start,
                        end: token.end,
                        clause,
                    });
                }
                _ => {
                    if let Some(c) = clause {
                        // A part or folded form matched inside the last word.
                        if let Some(w) = words
                            .last_mut()
                            .filter(|w| w.span == span && w.start <= token.start)
                        {
                            if w.clause.is_none() {
                                part_matches.push((span, token.start, token.end, c));
                                w.clause = Some(c);
                            }
                        }
                    }
                }
            },
        }
    });
    sort_by(&mut title_matches, |a, b| a.cmp(b));
    let marks = |w: &WordAt| -> (usize, usize) {
        part_matches
            .iter()
            .find(|p| p.0 == w.span && w.start <= p.1 && p.2 <= w.end)
            .map_or((w.start, w.end), |p| (p.1, p.2))
    };
    let (excerpt, matches) = render(doc, &words, best_window(&words), &marks);

    // Sections: each anchored span starts one, running to the next.
    let mut sections: Vec<(usize, usize, usize)> = Vec::new(); // span index, first word, end word
    let mut w = 0;
    for (i, span) in doc.spans.iter().enumerate() {
        if span.anchor.is_some() {
            while w < words.len() && words[w].span < i {
                w += 1;
            }
            if let Some(last) = sections.last_mut() {
                last.2 = w;
            }
            sections.push((i, w, words.len()));
        }
    }
    // The best sections, by distinct clauses then matches then document order; only those
    // are rendered.
    let mut scored: Vec<(usize, usize, usize)> = Vec::new(); // distinct, count, section
    for (k, &(_, lo, hi)) in sections.iter().enumerate() {
        let (distinct, count) = window_score(&words[lo..hi]);
        if count > 0 {
            scored.push((distinct, count, k));
        }
    }
    sort_by(&mut scored, |a, b| {
        b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2))
    });
    // Byte searches here and in `parse`: `str::find(char)` and `split(char)` bring a char
    // searcher and memchr into the wasm module.
    let base_len = doc.url.bytes().position(|b| b == b'#');
    let base = &doc.url[..base_len.unwrap_or(doc.url.len())];
    let sub = scored
        .iter()
        .take(MAX_SUB_RESULTS)
        .map(|&(_, _, k)| {
            let (span, lo, hi) = sections[k];
            let section = &words[lo..hi];
            let (excerpt, matches) = render(doc, section, best_window(section), &marks);
            let anchor = doc.spans[span].anchor.as_deref().unwrap_or_default();
            SubResult {
                title: shorten(&doc.spans[span].text, 100),
                url: {
                    let mut url = String::from(base);
                    url.push('#');
                    url.push_str(anchor);
                    url
                },
                excerpt,
                matches,
            }
        })
        .collect();
    DocView {
        url: doc.url.clone(),
        title: doc.title.clone(),
        title_matches,
        excerpt,
        matches,
        sub,
        meta: doc.meta.clone(),
    }
}

/// Distinct clauses and matches among `words`.
fn window_score(words: &[WordAt]) -> (usize, usize) {
    let mut seen: Vec<usize> = Vec::new();
    let mut count = 0;
    for c in words.iter().filter_map(|w| w.clause) {
        count += 1;
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    (seen.len(), count)
}

/// The window of [`WINDOW`] words with the most distinct clauses, then the most matches; the
/// first words when nothing matched. Matches sit a few words in, not at the very edge.
fn best_window(words: &[WordAt]) -> (usize, usize) {
    if words.len() <= WINDOW {
        return (0, words.len());
    }
    let last_start = words.len() - WINDOW;
    let mut best = (0, 0, 0usize); // distinct, count, start
    let (d, c) = window_score(&words[..WINDOW]);
    if (d, c) > (best.0, best.1) {
        best = (d, c, 0);
    }
    for (m, w) in words.iter().enumerate() {
        if w.clause.is_none() {
            continue;
        }
        let s = m.saturating_sub(4).min(last_start);
        let (d, c) = window_score(&words[s..s + WINDOW]);
        if (d, c) > (best.0, best.1) {
            best = (d, c, s);
        }
    }
    (best.2, best.2 + WINDOW)
}

/// The text of words `lo..hi` (spans joined by a space), with an ellipsis where the text goes on,
/// and the match ranges in it.
fn render(
    doc: &StoredDoc,
    words: &[WordAt],
    (lo, hi): (usize, usize),
    marks: &dyn Fn(&WordAt) -> (usize, usize),
) -> (String, Vec<(usize, usize)>) {
    let mut out = String::new();
    let mut matches = Vec::new();
    if lo >= hi {
        return (out, matches);
    }
    if lo > 0 {
        out.push_str("… ");
    }
    let mut i = lo;
    while i < hi {
        let span = words[i].span;
        let mut j = i;
        while j < hi && words[j].span == span {
            j += 1;
        }
        if i > lo {
            out.push(' ');
        }
        let text = &doc.spans[span].text;
        let base = out.len();
        let from = words[i].start;
        out.push_str(&text[from..words[j - 1].end]);
        for w in &words[i..j] {
            if w.clause.is_some() {
                let (s, e) = marks(w);
                matches.push((base + s - from, base + e - from));
            }
        }
        i = j;
    }
    if hi < words.len() {
        out.push_str(" …");
    }
    (out, matches)
}

fn shorten(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => {
            let mut short = String::from(&text[..i]);
            short.push('…');
            short
        }
        None => text.to_string(),
    }
}
