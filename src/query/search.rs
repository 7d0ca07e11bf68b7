//! A search: expand every clause of the parsed query, ask for the files that takes (shards, then
//! positions for phrases; facet and sort files), match and rank, filter, count facets, sort.

use super::expand::{expand, MatchKind, Mode, Variant, Work};
use super::parse::{parse, Clause, ParsedQuery};
use super::rank::{self, ClauseMatches};
use crate::error::Error;
use crate::index::{Index, Outcome};
use crate::sort::sort_by;

/// Typo search for at most this many clauses of a query.
pub const MAX_TYPO_CLAUSES: usize = 4;
/// The proximity bonus is computed for this many of the best documents.
const PROXIMITY_CANDIDATES: usize = 200;
/// A document whose title is exactly the query gains this many times the best score of the
/// query's other matches: enough to rank first after the proximity bonus (at most x1.5), and a
/// score still on the scale of the others (not 1433 among scores of 1 to 26).
const EXACT_TITLE_BONUS: f32 = 1.5;
/// A title fully covered by the query multiplies the score by 1 + this.
const TITLE_COVERAGE: f32 = 0.75;

/// How a facet filter combines its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterMode {
    /// Documents with any of the values.
    Any,
    /// Documents with all of the values.
    All,
    /// Documents with none of the values.
    None,
}

/// A facet filter.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    /// The facet's name.
    pub facet: String,
    /// How the values combine.
    pub mode: FilterMode,
    /// The values.
    pub values: Vec<String>,
}

/// Options of a search.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchOptions {
    /// Results to return (after `offset`).
    pub limit: usize,
    /// Results to skip.
    pub offset: usize,
    /// Facet filters, all of which must hold.
    pub filters: Vec<Filter>,
    /// Sort by this key (`"date"`, or `"-date"` for descending) instead of by relevance.
    pub sort: Option<String>,
    /// Count facet values over the results.
    pub facets: bool,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            limit: 10,
            offset: 0,
            filters: Vec::new(),
            sort: None,
            facets: false,
        }
    }
}

/// A ranked result.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    /// Doc id.
    pub doc: u32,
    /// Relevance score.
    pub score: f32,
}

/// Value counts of one facet.
#[derive(Clone, Debug, PartialEq)]
pub struct FacetCounts {
    /// The facet.
    pub name: String,
    /// `(value, documents)`, in value order; values with no documents included (count 0).
    pub values: Vec<(String, u32)>,
}

/// The answer to a search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchResults {
    /// How many documents matched.
    pub total: usize,
    /// No document matched every word: these are the best partial matches.
    pub partial: bool,
    /// The requested page of results.
    pub hits: Vec<Hit>,
    /// Facet counts over the results, filters applied.
    pub facets: Vec<FacetCounts>,
    /// Facet counts over the results without the filters.
    pub facets_all: Vec<FacetCounts>,
    /// A respelled query when words were matched only by typo tolerance.
    pub did_you_mean: Option<String>,
    /// Vocabulary terms that matched, for highlighting.
    pub terms: Vec<String>,
    /// Work done, for bounds tests.
    pub work: Work,
}

/// A clause with its words' variants.
pub(crate) struct Expanded {
    pub clause: Clause,
    /// Per word: its offset and variants.
    pub words: Vec<(u32, Vec<Variant>)>,
}

/// Runs `query` over `index`: see [`Searcher::search`](super::Searcher::search).
pub(crate) fn search(
    index: &Index,
    query: &str,
    options: &SearchOptions,
) -> Result<Outcome<SearchResults>, Error> {
    let parsed = parse(index.tokenizer(), query);
    let mut need = Vec::new();
    let mut work = Work::default();
    let expanded = expand_query(index, &parsed, &mut need, &mut work)?;
    // Files for filters, facets and sorting, asked for in the same round.
    let manifest = index.manifest();
    let mut filter_sets = Vec::new();
    for f in &options.filters {
        if let Some(i) = manifest.facets.iter().position(|x| x.name == f.facet) {
            if let Some(values) = index.facet(i, &mut need) {
                filter_sets.push((f.clone(), Some(values.to_vec())));
            }
        } else {
            filter_sets.push((f.clone(), None));
        }
    }
    if options.facets {
        for i in 0..manifest.facets.len() {
            index.facet(i, &mut need);
        }
    }
    let sort = match &options.sort {
        Some(key) => {
            let (desc, name) = key
                .strip_prefix('-')
                .map_or((false, key.as_str()), |k| (true, k));
            manifest
                .sorts
                .iter()
                .position(|s| s.name == name)
                .map(|i| (i, desc))
        }
        None => None,
    };
    let ranks = sort.and_then(|(i, _)| index.sort(i, &mut need));
    let Some(expanded) = expanded.filter(|_| need.is_empty()) else {
        return index.need(need);
    };
    ask_positions(index, &expanded, &mut need);
    if !need.is_empty() {
        return index.need(need);
    }
    let mut results = rank_all(index, &parsed, &expanded);
    results.work = work;

    // Filters.
    let unfiltered: Vec<u32> = results.hits.iter().map(|h| h.doc).collect();
    for (filter, values) in &filter_sets {
        let keep = filter_docs(manifest.documents, filter, values.as_deref());
        results.hits.retain(|h| keep.contains(h.doc));
    }
    if options.facets {
        let filtered: Vec<u32> = results.hits.iter().map(|h| h.doc).collect();
        results.facets = count_facets(index, &filtered);
        results.facets_all = count_facets(index, &unfiltered);
    }
    if let Some((_, desc)) = sort {
        let ranks = ranks.unwrap_or(&[]);
        let rank = |d: u32| ranks.get(d as usize).copied().unwrap_or(u32::MAX);
        sort_by(&mut results.hits, |a, b| {
            let (ra, rb) = (rank(a.doc), rank(b.doc));
            let by_key = if desc && ra != u32::MAX && rb != u32::MAX {
                rb.cmp(&ra)
            } else {
                ra.cmp(&rb)
            };
            by_key
                .then(b.score.total_cmp(&a.score))
                .then(a.doc.cmp(&b.doc))
        });
    }
    results.total = results.hits.len();
    results.hits = results
        .hits
        .into_iter()
        .skip(options.offset)
        .take(options.limit)
        .collect();
    Ok(Outcome::Ready(results))
}
/// Expands every clause; `Ok(None)` with `need` filled when shards are missing.
pub(crate) fn expand_query(
    index: &Index,
    parsed: &ParsedQuery,
    need: &mut Vec<String>,
    work: &mut Work,
) -> Result<Option<Vec<Expanded>>, Error> {
    let mut out = Vec::new();
    let mut complete = true;
    let mut typo_budget = MAX_TYPO_CLAUSES;
    for clause in &parsed.clauses {
        let typo = !clause.negated && !clause.phrase && typo_budget > 0;
        if typo {
            typo_budget -= 1;
        }
        let mode = Mode {
            stem: !clause.phrase,
            prefix: clause.prefix,
            typo,
        };
        let compound = !clause.phrase && clause.words.len() == 1 && clause.words[0].parts.len() > 1;
        if compound {
            // A compound the vocabulary lacks (`vec::Vec` when only `std::vec::Vec` was
            // indexed) is matched as the phrase of its parts.
            let whole = &clause.words[0];
            let exact = Mode {
                typo: false,
                ..mode
            };
            match expand(index, whole, exact, need, work)? {
                None => complete = false,
                Some(v) if !v.is_empty() => out.push(Expanded {
                    clause: clause.clone(),
                    words: vec![(0, v)],
                }),
                Some(_) => {
                    let mut words = Vec::new();
                    let mut parts_ready = true;
                    let last = whole.parts.len() - 1;
                    for (k, part) in whole.parts.iter().enumerate() {
                        let mode = Mode {
                            stem: false,
                            prefix: clause.prefix && k == last,
                            typo: false,
                        };
                        match expand(index, part, mode, need, work)? {
                            Some(v) => words.push((part.offset, v)),
                            None => parts_ready = false,
                        }
                    }
                    if !parts_ready {
                        complete = false;
                        continue;
                    }
                    if words.iter().any(|(_, v)| v.is_empty()) && mode.typo {
                        // A part is unknown too: a typo in the compound
                        // (`_mm512_exractf64x4_pd`), matched as a whole word.
                        match expand(index, whole, mode, need, work)? {
                            None => complete = false,
                            Some(v) => out.push(Expanded {
                                clause: clause.clone(),
                                words: vec![(0, v)],
                            }),
                        }
                        continue;
                    }
                    let mut clause = clause.clone();
                    clause.phrase = true;
                    clause.words = whole.parts.clone();
                    out.push(Expanded { clause, words });
                }
            }
            continue;
        }
        let mut words = Vec::new();
        let mut mode = mode;
        for (k, w) in clause.words.iter().enumerate() {
            // In a phrase being typed, only its last word is a prefix.
            mode.prefix = clause.prefix && k + 1 == clause.words.len();
            match expand(index, w, mode, need, work)? {
                Some(v) => words.push((w.offset, v)),
                None => complete = false,
            }
        }
        out.push(Expanded {
            clause: clause.clone(),
            words,
        });
    }
    Ok(complete.then_some(out))
}

/// Whether this query ranks by proximity: only with a phrase in it, because positions are
/// over half of a shard's bytes, more than a plain multi-word query is worth downloading; and a
/// rule on the query alone keeps rankings independent of what the cache holds.
fn uses_positions(expanded: &[Expanded]) -> bool {
    expanded.iter().any(|e| e.clause.phrase)
}

/// Asks for the positions phrases need and, in a query with a phrase, those of its other words
/// as typed (for proximity).
fn ask_positions(index: &Index, expanded: &[Expanded], need: &mut Vec<String>) {
    if !uses_positions(expanded) {
        return;
    }
    // An excluded phrase needs its positions too, or it would exclude nothing.
    for e in expanded
        .iter()
        .filter(|e| !e.clause.negated || e.clause.phrase)
    {
        for (_, variants) in &e.words {
            for v in variants {
                if e.clause.phrase
                    || !matches!(v.kind, MatchKind::Prefix | MatchKind::TypoPrefix(_))
                {
                    index.positions(v.shard, need);
                }
            }
        }
    }
}

/// Matching and ranking, before filters.
fn rank_all(index: &Index, parsed: &ParsedQuery, expanded: &[Expanded]) -> SearchResults {
    let mut results = SearchResults::default();
    let matches: Vec<ClauseMatches> = expanded
        .iter()
        .map(|e| {
            if e.clause.phrase {
                rank::phrase_matches(index, &e.words)
            } else {
                e.words
                    .first()
                    .map(|(_, v)| rank::term_matches(index, v))
                    .unwrap_or_default()
            }
        })
        .collect();
    let positive: Vec<usize> = (0..expanded.len())
        .filter(|&i| !expanded[i].clause.negated)
        .collect();
    if positive.is_empty() {
        return results;
    }
    let mut excluded = DocSet::new(index.documents(), false);
    for i in (0..expanded.len()).filter(|&i| expanded[i].clause.negated) {
        for m in &matches[i] {
            excluded.insert(m.0);
        }
    }
    let lists: Vec<ClauseMatches> = positive.iter().map(|&i| matches[i].clone()).collect();
    let mut docs = rank::intersect_all(&lists).unwrap_or_default();
    docs.retain(|d| !excluded.contains(d.0));
    if docs.is_empty() && positive.len() > 1 {
        // Nothing has every word: the documents with the most of them, said so. A word still
        // being typed with fewer than 3 letters does not count, lest its junk prefixes fill this.
        let mut all: Vec<(u32, f32)> = Vec::new();
        for &i in &positive {
            let clause = &expanded[i].clause;
            if clause.prefix && crate::tokenize::char_count(&clause.words[0].term) < 3 {
                continue;
            }
            all.extend(
                matches[i]
                    .iter()
                    .filter(|m| !excluded.contains(m.0))
                    .map(|m| (m.0, m.1)),
            );
        }
        sort_by(&mut all, |a, b| a.0.cmp(&b.0));
        // Per document: how many clauses matched it, and their summed scores.
        let mut counted: Vec<(u32, usize, f32)> = Vec::new();
        for (doc, score) in all {
            match counted.last_mut() {
                Some(last) if last.0 == doc => {
                    last.1 += 1;
                    last.2 += score;
                }
                _ => counted.push((doc, 1, score)),
            }
        }
        let best = counted.iter().map(|c| c.1).max().unwrap_or(0);
        if best > 0 {
            docs = counted
                .into_iter()
                .filter(|c| c.1 == best)
                .map(|c| (c.0, c.2, 0.0))
                .collect();
            results.partial = true;
        }
    }

    // Titles: a title that is the query ranks first; the more of a title the query covers,
    // the higher (known-item search: people type a page's title, or the start of it).
    // Counted as titles are: an identifier's parts too (`json.dumps` is 3 long).
    let words: usize = positive
        .iter()
        .flat_map(|&i| &expanded[i].clause.words)
        .map(|w| 1 + w.parts.len())
        .sum();
    // The title-match column is not needed after this: -1 marks an exact title.
    let mut best = 0.0f32;
    for d in docs.iter_mut() {
        if let Some(len) = (d.2 > 0.0)
            .then(|| title_len(index, expanded, &positive, d.0))
            .flatten()
        {
            let coverage = d.2 / len.max(positive.len()).max(1) as f32;
            d.1 *= 1.0 + TITLE_COVERAGE * coverage;
            if len == words && d.2 >= positive.len() as f32 {
                d.2 = -1.0;
            }
        }
        best = best.max(d.1);
    }
    for d in docs.iter_mut().filter(|d| d.2 < 0.0) {
        d.1 += EXACT_TITLE_BONUS * best;
    }
    sort_by(&mut docs, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));

    // Proximity: the closer the words, the higher.
    if positive.len() > 1 && !results.partial && uses_positions(expanded) {
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); positive.len()];
        for d in docs.iter_mut().take(PROXIMITY_CANDIDATES) {
            for (k, &i) in positive.iter().enumerate() {
                let e = &expanded[i];
                if let Some((off, v)) = e.words.first() {
                    rank::word_positions(index, v, d.0, &mut lists[k]);
                    for p in lists[k].iter_mut() {
                        *p = p.saturating_sub(*off);
                    }
                }
            }
            if let Some(w) = rank::min_window(&lists) {
                let extra = w.saturating_sub(positive.len() as u32 - 1);
                d.1 *= 1.0 + 0.5 / (1.0 + extra as f32);
            }
        }
        let top = PROXIMITY_CANDIDATES.min(docs.len());
        sort_by(&mut docs[..top], |a, b| {
            b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
        });
    }
    results.hits = docs
        .iter()
        .map(|&(doc, score, _)| Hit { doc, score })
        .collect();

    // Did you mean: words found only through typos, respelled with their best neighbour,
    // right to left. A piece of the query that gave several words (`snakeo&dumpss`) is left
    // as typed: its text is not one word's, and its words share one range.
    let mut respelled = parsed.text.clone();
    let mut changed = false;
    let mut next_start = usize::MAX;
    for e in expanded.iter().rev() {
        if let Some((_, v)) = e.words.first() {
            if !v.is_empty()
                && v.iter()
                    .all(|x| matches!(x.kind, MatchKind::Typo(_) | MatchKind::TypoPrefix(_)))
                && !e.clause.phrase
            {
                let (s, t) = e.clause.range;
                let original = &parsed.text[s..t];
                let shared = expanded.iter().filter(|x| x.clause.range == (s, t)).count() > 1;
                if crate::tokenize::lowercase(original) == e.words[0].1[0].term
                    || shared
                    || t > next_start
                {
                    continue;
                }
                // By hand: replace_range and concat each bring a generic helper.
                let mut r = String::with_capacity(respelled.len() + v[0].term.len());
                r.push_str(&respelled[..s]);
                r.push_str(&v[0].term);
                r.push_str(&respelled[t..]);
                respelled = r;
                next_start = s;
                changed = true;
            }
        }
    }
    if changed {
        results.did_you_mean = Some(respelled);
    }
    let mut terms: Vec<String> = Vec::new();
    for &i in &positive {
        for (_, v) in &expanded[i].words {
            for x in v.iter().take(8) {
                if !terms.contains(&x.term) && terms.len() < 32 {
                    terms.push(x.term.clone());
                }
            }
        }
    }
    results.terms = terms;
    results
}

/// The title length of `doc`, read from the first variant that matched its title.
fn title_len(index: &Index, expanded: &[Expanded], positive: &[usize], doc: u32) -> Option<usize> {
    for &i in positive {
        for (_, variants) in &expanded[i].words {
            for v in variants {
                if let Some(e) = rank::entry_of(index, v, doc) {
                    if let Some(h) = e.hits.first().filter(|h| h.field == 0) {
                        return Some(crate::format::postings::decode_norm(h.norm) as usize);
                    }
                }
            }
        }
    }
    None
}

fn count_facets(index: &Index, docs: &[u32]) -> Vec<FacetCounts> {
    let set = DocSet::from_docs(index.documents(), docs);
    let mut out = Vec::new();
    for (i, f) in index.manifest().facets.iter().enumerate() {
        let Some(values) = index.facet(i, &mut Vec::new()) else {
            continue;
        };
        let values = values
            .iter()
            .map(|(v, ds)| {
                (
                    v.clone(),
                    ds.iter().filter(|&&d| set.contains(d)).count() as u32,
                )
            })
            .collect();
        out.push(FacetCounts {
            name: f.name.clone(),
            values,
        });
    }
    out
}

/// A set of doc ids as a bitmap.
pub(crate) struct DocSet {
    bits: Vec<u64>,
}

impl DocSet {
    fn new(documents: u32, full: bool) -> DocSet {
        let words = (documents as usize).div_ceil(64);
        DocSet {
            bits: vec![if full { u64::MAX } else { 0 }; words],
        }
    }

    fn from_docs(documents: u32, docs: &[u32]) -> DocSet {
        let mut s = DocSet::new(documents, false);
        for &d in docs {
            s.insert(d);
        }
        s
    }

    fn insert(&mut self, d: u32) {
        if let Some(w) = self.bits.get_mut(d as usize / 64) {
            *w |= 1 << (d % 64);
        }
    }

    pub(crate) fn contains(&self, d: u32) -> bool {
        self.bits
            .get(d as usize / 64)
            .is_some_and(|w| w & (1 << (d % 64)) != 0)
    }
}

/// The documents a filter lets through. An unknown facet lets nothing through for `any`/`all`.
fn filter_docs(documents: u32, filter: &Filter, values: Option<&[(String, Vec<u32>)]>) -> DocSet {
    let sets: Vec<&[u32]> = filter
        .values
        .iter()
        .map(|v| {
            values
                .and_then(|vals| vals.iter().find(|(x, _)| x == v))
                .map_or(&[][..], |(_, d)| d.as_slice())
        })
        .collect();
    match filter.mode {
        FilterMode::Any => {
            let mut s = DocSet::new(documents, false);
            sets.iter()
                .flat_map(|d| d.iter())
                .for_each(|&d| s.insert(d));
            s
        }
        FilterMode::None => {
            let mut s = DocSet::new(documents, true);
            for &d in sets.iter().flat_map(|d| d.iter()) {
                if let Some(w) = s.bits.get_mut(d as usize / 64) {
                    *w &= !(1 << (d % 64));
                }
            }
            s
        }
        FilterMode::All => {
            let mut s = DocSet::new(documents, !sets.is_empty());
            for set in &sets {
                let other = DocSet::from_docs(documents, set);
                for (w, o) in s.bits.iter_mut().zip(&other.bits) {
                    *w &= o;
                }
            }
            s
        }
    }
}
