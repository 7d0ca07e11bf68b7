//! Property tests: for random corpora and random queries, the engine's result *set* equals what a
//! brute-force oracle finds by scanning the raw documents, tokenized with the same [`Tokenizer`]
//! (positions numbered as [`scry::index::walk_tokens`] numbers them).
//!
//! Shards and bundles are shrunk to a few dozen bytes so that every query spans many files, and some
//! corpora are built with a memory budget of a few bytes so the spill-and-merge path runs too. The
//! oracle knows nothing of shards, fsts or postings: it restates the query semantics (see
//! `src/query/expand.rs` and `src/query/mod.rs`) over plain maps of terms to positions.
//!
//! Besides the result sets, ranking invariants that must hold whatever the scores: a document whose
//! title is exactly the query ranks first, scores never increase down the list, `total` is the size
//! of the set, and pages cut with `offset`/`limit` agree with the full list.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use scry::document::{Document, Span};
use scry::format::{StoredDoc, StoredSpan};
use scry::tokenize::{Token, TokenKind};
use scry::{
    Builder, BuilderConfig, Filter, FilterMode, Index, SearchOptions, SearchResults, Searcher,
};
use scry::{Tokenizer, TokenizerConfig};

/// The words documents and queries are made of: stem families, accented and folded forms, words
/// sharing prefixes (more than eight extensions of `ca` and `co`), identifiers that split into parts.
const VOCAB: &[&str] = &[
    "connect",
    "connected",
    "connection",
    "connecting",
    "connects",
    "index",
    "indexes",
    "indexed",
    "indexing",
    "search",
    "searching",
    "searcher",
    "café",
    "cafe",
    "cafés",
    "résumé",
    "resume",
    "naïve",
    "naive",
    "car",
    "card",
    "cart",
    "carton",
    "care",
    "careful",
    "cargo",
    "cat",
    "data",
    "database",
    "databases",
    "date",
    "json.dumps",
    "json",
    "dumps",
    "snake_case",
    "camelCase",
    "HTTPServer",
    "x86_64",
    "c++",
    "vacuum",
    "vacuuming",
    "analyze",
    "über",
];

/// Facets and the values documents take.
const FACETS: &[(&str, &[&str])] = &[
    ("kind", &["guide", "ref", "blog"]),
    ("tag", &["a", "b", "c", "d"]),
];

/// Separators between the words of a text.
const SEPARATORS: &[&str] = &[" ", " ", " ", ", ", " - ", ". ", "; ", " (", ") "];

/// Known deviation from the query semantics, reported: stems are stored per term at build time
/// (so the browser needs no stemmer), hence a query word that is not itself in the vocabulary gets
/// no stem siblings (`indexes` does not find a corpus that only says `index`). Set to `false` when
/// the engine stems such words again; `out_of_vocabulary_word_matches_its_stem_siblings` shows it.
const STEMS_ONLY_FOR_INDEXED_WORDS: bool = true;

const TYPO_CLAUSES: usize = 4;
const SHORT_PREFIX_TERMS: usize = 8;
const MAX_PREFIX_TERMS: usize = 1000;
const MAX_TYPO_TERMS: usize = 24;

// ---------------------------------------------------------------------------------------------
// Generated inputs.

/// How a vocabulary word is written.
#[derive(Clone, Copy, Debug)]
enum Case {
    Lower,
    Capital,
    Upper,
}

fn write_word(word: &str, case: Case) -> String {
    match case {
        Case::Lower => word.to_string(),
        Case::Upper => word.to_uppercase(),
        Case::Capital => {
            let mut c = word.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

fn case() -> impl Strategy<Value = Case> {
    prop_oneof![6 => Just(Case::Lower), 2 => Just(Case::Capital), 1 => Just(Case::Upper)]
}

/// Words joined by separators.
fn text(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((0..VOCAB.len(), case(), 0..SEPARATORS.len()), min..=max).prop_map(
        |words| {
            let mut out = String::new();
            for (i, (w, c, s)) in words.iter().enumerate() {
                if i > 0 {
                    out.push_str(SEPARATORS[*s]);
                }
                out.push_str(&write_word(VOCAB[*w], *c));
            }
            out
        },
    )
}

#[derive(Clone, Debug)]
struct GenDoc {
    title: String,
    /// `(field, text, anchored)`.
    spans: Vec<(u8, String, bool)>,
    facets: Vec<(String, String)>,
    sort: Option<i32>,
}

fn facet_values() -> impl Strategy<Value = Vec<(String, String)>> {
    let kind = prop::option::of(0..FACETS[0].1.len());
    let tags = prop::collection::vec(0..FACETS[1].1.len(), 0..3);
    (kind, tags).prop_map(|(kind, tags)| {
        let mut out = Vec::new();
        if let Some(k) = kind {
            out.push((FACETS[0].0.to_string(), FACETS[0].1[k].to_string()));
        }
        for t in tags {
            out.push((FACETS[1].0.to_string(), FACETS[1].1[t].to_string()));
        }
        out
    })
}

fn gen_doc() -> impl Strategy<Value = GenDoc> {
    let span = (
        prop_oneof![1 => Just(1u8), 3 => Just(2u8)],
        text(1, 12),
        any::<bool>(),
    );
    (
        text(0, 4),
        prop::collection::vec(span, 0..4),
        facet_values(),
        prop::option::of(-3i32..6),
    )
        .prop_map(|(title, spans, facets, sort)| GenDoc {
            title,
            spans: spans
                .into_iter()
                .map(|(f, t, a)| (f, t, a && f == 1))
                .collect(),
            facets,
            sort,
        })
}

/// One space-separated piece of a query.
#[derive(Clone, Debug)]
enum Chunk {
    /// Written as is (`-` before it when negated).
    Words { text: String, negated: bool },
    /// Written in quotes.
    Phrase { text: String, negated: bool },
}

/// A vocabulary word, maybe with one edit (a typo), written in some case.
fn query_word() -> impl Strategy<Value = String> {
    (0..VOCAB.len(), 0..6u8, any::<u8>(), b'a'..=b'z', case()).prop_map(
        |(w, edit, at, letter, c)| {
            let mut chars: Vec<char> = VOCAB[w].chars().collect();
            let at = usize::from(at) % chars.len();
            let letter = char::from(letter);
            match edit {
                // Most words are spelled right.
                0..=2 => {}
                3 if chars.len() > 2 => {
                    chars.remove(at);
                }
                4 => chars.insert(at, letter),
                _ if at + 1 < chars.len() => chars.swap(at, at + 1),
                _ => chars[at] = letter,
            }
            write_word(&chars.into_iter().collect::<String>(), c)
        },
    )
}

fn chunk() -> impl Strategy<Value = Chunk> {
    let words = (query_word(), prop::bool::weighted(0.15))
        .prop_map(|(text, negated)| Chunk::Words { text, negated });
    let phrase = (
        prop::collection::vec(0..VOCAB.len(), 2..4),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(ws, negated)| {
            let text = ws.iter().map(|&w| VOCAB[w]).collect::<Vec<_>>().join(" ");
            Chunk::Phrase { text, negated }
        });
    prop_oneof![5 => words, 1 => phrase]
}

#[derive(Clone, Debug)]
struct GenQuery {
    chunks: Vec<Chunk>,
    /// The last word is cut to this many chars and left open (still being typed).
    typing: Option<usize>,
    filters: Vec<Filter>,
    sort: Option<String>,
    page: (usize, usize),
}

fn filter() -> impl Strategy<Value = Filter> {
    let mode = prop_oneof![
        Just(FilterMode::Any),
        Just(FilterMode::All),
        Just(FilterMode::None)
    ];
    (
        0..FACETS.len() + 1,
        mode,
        prop::collection::vec(0..5usize, 1..3),
    )
        .prop_map(|(f, mode, values)| {
            let (facet, pool): (&str, &[&str]) =
                FACETS.get(f).copied().unwrap_or(("missing", &["a"]));
            let values = values
                .iter()
                .map(|&v| pool.get(v).copied().unwrap_or("nope").to_string())
                .collect();
            Filter {
                facet: facet.to_string(),
                mode,
                values,
            }
        })
}

fn gen_query() -> impl Strategy<Value = GenQuery> {
    let sort = prop_oneof![6 => Just(None), 1 => Just(Some("n".to_string())), 1 => Just(Some("-n".to_string()))];
    (
        prop_oneof![3 => prop::collection::vec(chunk(), 1..3), 1 => prop::collection::vec(chunk(), 3..7)],
        prop::option::weighted(0.5, 1usize..8),
        prop::collection::vec(filter(), 0..3),
        sort,
        (0usize..6, 1usize..5),
    )
        .prop_map(|(chunks, typing, filters, sort, page)| {
            let filters = if typing.is_some() && filters.len() > 1 { Vec::new() } else { filters };
            GenQuery { chunks, typing, filters, sort, page }
        })
}

impl GenQuery {
    /// The query string a user would type.
    fn render(&self) -> String {
        let mut out = String::new();
        let last = self.chunks.len() - 1;
        for (i, c) in self.chunks.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            match c {
                Chunk::Words { text, negated } => {
                    if *negated {
                        out.push('-');
                    }
                    match self.typing {
                        Some(n) if i == last => out.extend(text.chars().take(n)),
                        _ => out.push_str(text),
                    }
                }
                Chunk::Phrase { text, negated } => {
                    if *negated {
                        out.push('-');
                    }
                    out.push('"');
                    out.push_str(text);
                    out.push('"');
                }
            }
        }
        if self.typing.is_none() {
            out.push(' ');
        }
        out
    }
}

#[derive(Clone, Debug)]
struct GenConfig {
    shard: usize,
    bundle: usize,
    memory: usize,
    language: &'static str,
    extra: &'static str,
}

fn gen_config() -> impl Strategy<Value = GenConfig> {
    (
        32usize..=256,
        16usize..=256,
        prop_oneof![Just(1usize), Just(300), Just(4096), Just(512 << 20)],
        prop_oneof![4 => Just("en"), 1 => Just("")],
        prop_oneof![3 => Just(""), 1 => Just("+#")],
    )
        .prop_map(|(shard, bundle, memory, language, extra)| GenConfig {
            shard,
            bundle,
            memory,
            language,
            extra,
        })
}

// ---------------------------------------------------------------------------------------------
// Building and reading.

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("builder writes gzip");
    out
}

fn to_document(i: usize, d: &GenDoc) -> Document {
    Document {
        url: format!("/doc/{i}/"),
        title: d.title.clone(),
        spans: d
            .spans
            .iter()
            .enumerate()
            .map(|(k, (f, t, a))| {
                if *a {
                    Span::anchored(*f, t.clone(), format!("s{k}"))
                } else {
                    Span::new(*f, t.clone())
                }
            })
            .collect(),
        meta: Vec::new(),
        facets: d.facets.clone(),
        sort_keys: d
            .sort
            .map(|n| vec![("n".to_string(), n.to_string())])
            .unwrap_or_default(),
    }
}

fn build(docs: &[GenDoc], config: &GenConfig) -> HashMap<String, Vec<u8>> {
    let mut b = Builder::new(BuilderConfig {
        tokenizer: tokenizer_config(config),
        shard_target_bytes: config.shard,
        bundle_target_bytes: config.bundle,
        memory_budget_bytes: config.memory,
        inline_limit_bytes: 0,
        ..BuilderConfig::default()
    })
    .expect("builder");
    for (i, d) in docs.iter().enumerate() {
        b.add(to_document(i, d)).expect("add");
    }
    let mut files = HashMap::new();
    b.finish(&mut |name, bytes| {
        files.insert(name.to_string(), gunzip(bytes));
        Ok(())
    })
    .expect("finish");
    files
}

fn tokenizer_config(config: &GenConfig) -> TokenizerConfig {
    TokenizerConfig {
        language: config.language.to_string(),
        extra_word_chars: config.extra.to_string(),
    }
}

struct Reader {
    index: Index,
    searcher: Searcher,
    files: HashMap<String, Vec<u8>>,
}

impl Reader {
    fn open(files: HashMap<String, Vec<u8>>) -> Reader {
        Reader {
            index: Index::open(&files["manifest.bin"]).expect("manifest opens"),
            searcher: Searcher::default(),
            files,
        }
    }

    fn search(&mut self, q: &str, o: &SearchOptions) -> SearchResults {
        // A Need with no files, or with a file already added, is `Error::Stalled`.
        let (searcher, files) = (&self.searcher, &self.files);
        let mut rounds = 0;
        self.index
            .settle(
                |i| {
                    rounds += 1;
                    assert!(rounds <= 8, "search for {q:?} did not settle");
                    searcher.search(i, q, o)
                },
                |name| {
                    Ok(files
                        .get(name)
                        .unwrap_or_else(|| panic!("engine asked for unknown {name}")))
                },
            )
            .expect("search")
    }
}

// ---------------------------------------------------------------------------------------------
// The oracle.

/// One document as the oracle sees it: every term with its positions, its title terms and length.
struct OracleDoc {
    terms: HashMap<String, BTreeSet<u32>>,
    title_terms: BTreeSet<String>,
    /// Title length as the index counts it: words and identifier parts.
    title_words: usize,
    facets: BTreeSet<(String, String)>,
    sort: Option<i32>,
}

struct Oracle {
    tokenizer: Tokenizer,
    docs: Vec<OracleDoc>,
    /// Every term of the corpus with its document frequency.
    vocab: BTreeMap<String, usize>,
}

/// A query word: its term and folded form, as the tokenizer gives them.
#[derive(Clone, Debug, PartialEq)]
struct QWord {
    term: String,
    folded: Option<String>,
    offset: u32,
    /// A compound's parts (`json.dumps` → `json`, `dumps`), offsets relative to the word.
    parts: Vec<QWord>,
}

#[derive(Clone, Debug)]
struct QClause {
    words: Vec<QWord>,
    phrase: bool,
    negated: bool,
    prefix: bool,
}

/// What the oracle expects of a query.
#[derive(Debug, PartialEq)]
struct Expected {
    docs: BTreeSet<u32>,
    partial: bool,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let end = a
        .char_indices()
        .zip(b.chars())
        .take_while(|((_, x), y)| x == y)
        .last()
        .map_or(0, |((i, x), _)| i + x.len_utf8());
    &a[..end]
}

/// Optimal string alignment distance between `a` and `b`, in characters; with `prefix`, the smallest
/// distance between `a` and any prefix of `b`.
fn osa(a: &str, b: &str, prefix: bool) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; n + 1]; m + 1];
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=m {
        d[i][0] = i;
        for j in 1..=n {
            let cost = usize::from(a[j - 1] != b[i - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[j - 1] == b[i - 2] && a[j - 2] == b[i - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    if prefix {
        (0..=m).map(|i| d[i][n]).min().unwrap_or(n)
    } else {
        d[m][n]
    }
}

impl Oracle {
    fn new(docs: &[GenDoc], config: &GenConfig) -> Oracle {
        let tokenizer = Tokenizer::new(&tokenizer_config(config));
        let mut out = Vec::new();
        let mut vocab: BTreeMap<String, usize> = BTreeMap::new();
        for (i, d) in docs.iter().enumerate() {
            let doc = to_document(i, d);
            let stored = StoredDoc {
                url: doc.url.clone(),
                title: doc.title.clone(),
                spans: doc
                    .spans
                    .iter()
                    .map(|s| StoredSpan {
                        field: s.field,
                        anchor: s.anchor.clone(),
                        text: s.text.clone(),
                    })
                    .collect(),
                meta: Vec::new(),
                tail: Vec::new(),
                tail_starts: Vec::new(),
            };
            let mut terms: HashMap<String, BTreeSet<u32>> = HashMap::new();
            let mut title_terms = BTreeSet::new();
            let mut title_words = 0;
            scry::index::walk_tokens(&tokenizer, &stored, |field, t: &Token| {
                terms.entry(t.term.clone()).or_default().insert(t.position);
                if field == 0 {
                    title_terms.insert(t.term.clone());
                    title_words += usize::from(t.kind != TokenKind::Folded);
                }
            });
            for t in terms.keys() {
                *vocab.entry(t.clone()).or_default() += 1;
            }
            out.push(OracleDoc {
                terms,
                title_terms,
                title_words,
                facets: doc.facets.iter().cloned().collect(),
                sort: d.sort,
            });
        }
        Oracle {
            tokenizer,
            docs: out,
            vocab,
        }
    }

    /// The query's clauses: each piece tokenized as the corpus was; a piece's words are separate
    /// clauses, a quoted piece one phrase; the last word is a prefix while the query is open;
    /// repeated clauses count once.
    fn clauses(&self, q: &GenQuery, rendered: &str) -> Vec<QClause> {
        let open = rendered
            .chars()
            .last()
            .is_some_and(|c| !c.is_whitespace() && c != '"');
        let mut out: Vec<QClause> = Vec::new();
        let last = q.chunks.len() - 1;
        for (n, chunk) in q.chunks.iter().enumerate() {
            let (text, quoted, negated) = match chunk {
                Chunk::Words { text, negated } => match q.typing {
                    Some(k) if n == last => (text.chars().take(k).collect(), false, *negated),
                    _ => (text.clone(), false, *negated),
                },
                Chunk::Phrase { text, negated } => (text.clone(), true, *negated),
            };
            let mut tokens = Vec::new();
            self.tokenizer.tokens(&text, 0, &mut tokens);
            // Words, each with its folded form and its parts (the tokens inside its text).
            let mut words: Vec<QWord> = Vec::new();
            let mut word_end = 0;
            for t in &tokens {
                let token = |offset| QWord {
                    term: t.term.clone(),
                    folded: None,
                    offset,
                    parts: Vec::new(),
                };
                match t.kind {
                    TokenKind::Word => {
                        word_end = t.end;
                        words.push(token(t.position));
                    }
                    TokenKind::Folded => {
                        let Some(w) = words.last_mut() else { continue };
                        let at = w.offset;
                        match w
                            .parts
                            .last_mut()
                            .filter(|p| p.offset + at == t.position && t.start < word_end)
                        {
                            Some(p) => p.folded = Some(t.term.clone()),
                            None if at == t.position => w.folded = Some(t.term.clone()),
                            None => {}
                        }
                    }
                    TokenKind::Part => {
                        if let Some(w) = words.last_mut().filter(|_| t.start < word_end) {
                            w.parts.push(token(t.position.saturating_sub(w.offset)));
                        }
                    }
                }
            }
            if words.is_empty() {
                continue;
            }
            if quoted {
                let first = words[0].offset;
                for w in &mut words {
                    w.offset -= first;
                }
                let phrase = words.len() > 1;
                out.push(QClause {
                    words,
                    phrase,
                    negated,
                    prefix: false,
                });
            } else {
                let count = words.len();
                for (k, mut w) in words.into_iter().enumerate() {
                    w.offset = 0;
                    let prefix = !negated && n == last && k + 1 == count && open;
                    out.push(QClause {
                        words: vec![w],
                        phrase: false,
                        negated,
                        prefix,
                    });
                }
            }
        }
        let mut unique: Vec<QClause> = Vec::new();
        for c in out {
            match unique
                .iter_mut()
                .find(|u| u.words == c.words && u.negated == c.negated && u.phrase == c.phrase)
            {
                Some(same) => same.prefix |= c.prefix,
                None => unique.push(c),
            }
        }
        unique
    }

    /// The vocabulary terms a query word matches.
    fn variants(&self, w: &QWord, stem: bool, prefix: bool, typo: bool) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for form in std::iter::once(&w.term).chain(&w.folded) {
            if self.vocab.contains_key(form) {
                out.insert(form.clone());
            }
        }
        let indexed = self.vocab.contains_key(&w.term);
        if stem && (indexed || !STEMS_ONLY_FOR_INDEXED_WORDS) {
            if let Some(s) = self.tokenizer.stem(&w.term) {
                let p = common_prefix(&s, &w.term);
                if chars(p) >= 3 {
                    for t in self.vocab.keys().filter(|t| t.starts_with(p)) {
                        if *t != w.term && self.tokenizer.stem(t).as_deref() == Some(s.as_str()) {
                            out.insert(t.clone());
                        }
                    }
                }
            }
        }
        let len = chars(&w.term);
        if prefix && len >= 2 {
            let mut ext: Vec<(&String, usize)> = self
                .vocab
                .iter()
                .filter(|(t, _)| t.starts_with(&w.term) && **t != w.term)
                .map(|(t, &df)| (t, df))
                .collect();
            ext.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            ext.truncate(if len < 3 {
                SHORT_PREFIX_TERMS
            } else {
                MAX_PREFIX_TERMS
            });
            out.extend(ext.into_iter().map(|(t, _)| t.clone()));
        }
        if out.is_empty() && typo {
            let k = match len {
                0..=3 => 0,
                4..=7 => 1,
                _ => 2,
            };
            let first = w.term.chars().next();
            if k > 0 && w.term.len() <= 32 {
                let mut near: Vec<(usize, usize, &String)> = self
                    .vocab
                    .iter()
                    .filter(|(t, _)| t.chars().next() == first)
                    .map(|(t, &df)| (osa(&w.term, t, prefix), df, t))
                    .filter(|&(d, _, _)| d <= k)
                    .collect();
                near.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
                out.extend(
                    near.into_iter()
                        .take(MAX_TYPO_TERMS)
                        .map(|(_, _, t)| t.clone()),
                );
            }
        }
        out
    }

    fn docs_with_any(&self, terms: &BTreeSet<String>) -> BTreeSet<u32> {
        (0..self.docs.len() as u32)
            .filter(|&d| {
                terms
                    .iter()
                    .any(|t| self.docs[d as usize].terms.contains_key(t))
            })
            .collect()
    }

    /// Documents with the words at their offsets (exact or folded forms; the last word's prefix
    /// extensions too when `last_prefix`).
    fn phrase_docs(&self, words: &[QWord], last_prefix: bool) -> BTreeSet<u32> {
        let forms: Vec<BTreeSet<String>> = words
            .iter()
            .enumerate()
            .map(|(k, w)| self.variants(w, false, last_prefix && k + 1 == words.len(), false))
            .collect();
        let mut out = BTreeSet::new();
        for (d, doc) in self.docs.iter().enumerate() {
            let positions: Vec<BTreeSet<u32>> = forms
                .iter()
                .map(|f| {
                    f.iter()
                        .filter_map(|t| doc.terms.get(t))
                        .flatten()
                        .copied()
                        .collect()
                })
                .collect();
            let found = positions[0].iter().any(|&p| {
                words
                    .iter()
                    .zip(&positions)
                    .skip(1)
                    .all(|(w, ps)| ps.contains(&(p + w.offset)))
            });
            if found {
                out.insert(d as u32);
            }
        }
        out
    }

    /// Matches per clause (the typo budget applies to the first positive word clauses), with the
    /// first word of the clause as matched (a compound's first part when it matched by parts).
    fn clause_docs(&self, clauses: &[QClause]) -> Vec<(BTreeSet<u32>, String)> {
        let mut typo_budget = TYPO_CLAUSES;
        clauses
            .iter()
            .map(|c| {
                let typo = !c.negated && !c.phrase && typo_budget > 0;
                if typo {
                    typo_budget -= 1;
                }
                let first = c.words[0].term.clone();
                if c.phrase {
                    return (self.phrase_docs(&c.words, false), first);
                }
                let word = &c.words[0];
                if word.parts.len() > 1 {
                    // A compound: as a whole; else as the phrase of its parts; but when a part is
                    // unknown too, as a whole word with typos (a typo inside the compound).
                    let whole = self.variants(word, true, c.prefix, false);
                    if !whole.is_empty() {
                        return (self.docs_with_any(&whole), first);
                    }
                    let last = word.parts.len() - 1;
                    let unknown_part = word.parts.iter().enumerate().any(|(k, p)| {
                        self.variants(p, false, c.prefix && k == last, false)
                            .is_empty()
                    });
                    if unknown_part && typo {
                        let near = self.variants(word, true, c.prefix, true);
                        return (self.docs_with_any(&near), first);
                    }
                    let parts = self.phrase_docs(&word.parts, c.prefix);
                    return (parts, word.parts[0].term.clone());
                }
                (
                    self.docs_with_any(&self.variants(word, true, c.prefix, typo)),
                    first,
                )
            })
            .collect()
    }

    fn passes(&self, doc: u32, f: &Filter) -> bool {
        let facets = &self.docs[doc as usize].facets;
        let has = |v: &String| facets.contains(&(f.facet.clone(), v.clone()));
        match f.mode {
            FilterMode::Any => f.values.iter().any(has),
            FilterMode::All => f.values.iter().all(has),
            FilterMode::None => !f.values.iter().any(has),
        }
    }

    fn expect(&self, clauses: &[QClause], filters: &[Filter]) -> Expected {
        let (matches, firsts): (Vec<BTreeSet<u32>>, Vec<String>) =
            self.clause_docs(clauses).into_iter().unzip();
        let positive: Vec<usize> = (0..clauses.len())
            .filter(|&i| !clauses[i].negated)
            .collect();
        let excluded: BTreeSet<u32> = (0..clauses.len())
            .filter(|&i| clauses[i].negated)
            .flat_map(|i| matches[i].iter().copied())
            .collect();
        let mut partial = false;
        let mut docs: BTreeSet<u32> = match positive.split_first() {
            None => BTreeSet::new(),
            Some((&first, rest)) => rest.iter().fold(matches[first].clone(), |acc, &i| {
                acc.intersection(&matches[i]).copied().collect()
            }),
        };
        docs.retain(|d| !excluded.contains(d));
        if docs.is_empty() && positive.len() > 1 {
            // The best partial matches; a still-typed word of one or two letters does not count.
            let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
            for &i in positive
                .iter()
                .filter(|&&i| !(clauses[i].prefix && chars(&firsts[i]) < 3))
            {
                for &d in &matches[i] {
                    *counts.entry(d).or_default() += 1;
                }
            }
            counts.retain(|d, _| !excluded.contains(d));
            if let Some(&best) = counts.values().max() {
                docs = counts
                    .into_iter()
                    .filter(|&(_, n)| n == best)
                    .map(|(d, _)| d)
                    .collect();
                partial = true;
            }
        }
        docs.retain(|&d| filters.iter().all(|f| self.passes(d, f)));
        Expected { docs, partial }
    }

    /// Whether `doc` gets the exact-title boost for these clauses: every word is in its title (exact
    /// or folded form) and the title is as long as the query, both counted in words and
    /// identifier parts (`json.dumps` is 3 long). Lengths being all the index keeps of a title,
    /// a title of as many other words that holds the query's words counts as exact too
    /// (`connect HTTPSERVER connect` for `HTTPServer`): a known imprecision, reported.
    fn exact_title(&self, clauses: &[QClause], doc: u32) -> bool {
        let d = &self.docs[doc as usize];
        let words: usize = clauses
            .iter()
            .flat_map(|c| &c.words)
            .map(|w| 1 + w.parts.len())
            .sum();
        d.title_words == words
            && clauses.iter().all(|c| {
                c.words.iter().all(|w| {
                    std::iter::once(&w.term)
                        .chain(&w.folded)
                        .any(|f| d.title_terms.contains(f))
                })
            })
    }
}

// ---------------------------------------------------------------------------------------------
// The properties.

fn all_results(filters: &[Filter], sort: Option<String>) -> SearchOptions {
    SearchOptions {
        limit: 100_000,
        offset: 0,
        filters: filters.to_vec(),
        sort,
        facets: false,
    }
}

fn check_query(reader: &mut Reader, oracle: &Oracle, q: &GenQuery) -> Result<(), TestCaseError> {
    let text = q.render();
    let clauses = oracle.clauses(q, &text);
    let expected = oracle.expect(&clauses, &q.filters);
    let res = reader.search(&text, &all_results(&q.filters, q.sort.clone()));
    let got: BTreeSet<u32> = res.hits.iter().map(|h| h.doc).collect();
    prop_assert_eq!(
        &got,
        &expected.docs,
        "query {:?} (clauses {:?}, filters {:?}): engine found {:?}, oracle {:?}",
        text,
        clauses,
        q.filters,
        got.difference(&expected.docs).collect::<Vec<_>>(),
        expected.docs.difference(&got).collect::<Vec<_>>()
    );
    prop_assert_eq!(
        got.len(),
        res.hits.len(),
        "a document listed twice for {:?}",
        text
    );
    prop_assert_eq!(res.total, res.hits.len(), "total for {:?}", text);
    if !got.is_empty() {
        prop_assert_eq!(res.partial, expected.partial, "partial flag for {:?}", text);
    }
    match q.sort.as_deref() {
        None => {
            for w in res.hits.windows(2) {
                prop_assert!(
                    w[0].score >= w[1].score,
                    "scores increase for {:?}: {:?}",
                    text,
                    res.hits
                );
            }
        }
        Some(key) => {
            let desc = key.starts_with('-');
            let keys: Vec<Option<i32>> = res
                .hits
                .iter()
                .map(|h| oracle.docs[h.doc as usize].sort)
                .collect();
            for w in keys.windows(2) {
                let ordered = match (w[0], w[1]) {
                    (Some(a), Some(b)) => (desc && a >= b) || (!desc && a <= b),
                    (None, Some(_)) => false,
                    _ => true,
                };
                prop_assert!(ordered, "sort {} broken for {:?}: {:?}", key, text, keys);
            }
        }
    }
    // A page is a slice of the full list.
    let (offset, limit) = q.page;
    let page = reader.search(
        &text,
        &SearchOptions {
            offset,
            limit,
            ..all_results(&q.filters, q.sort.clone())
        },
    );
    let want: Vec<u32> = res
        .hits
        .iter()
        .skip(offset)
        .take(limit)
        .map(|h| h.doc)
        .collect();
    let have: Vec<u32> = page.hits.iter().map(|h| h.doc).collect();
    prop_assert_eq!(have, want, "page {:?} of {:?}", q.page, text);
    prop_assert_eq!(page.total, res.total);
    Ok(())
}

/// A document's title typed as the query: a document with that exact title must rank first.
fn check_exact_title(
    reader: &mut Reader,
    oracle: &Oracle,
    docs: &[GenDoc],
    doc: usize,
) -> Result<(), TestCaseError> {
    let title = &docs[doc].title;
    let words: Vec<&str> = title
        .split_whitespace()
        .map(|w| w.trim_matches([',', '.', ';', '(', ')', '-']))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Ok(());
    }
    let text = format!("{} ", words.join(" "));
    let q = GenQuery {
        chunks: words
            .iter()
            .map(|w| Chunk::Words {
                text: w.to_string(),
                negated: false,
            })
            .collect(),
        typing: None,
        filters: Vec::new(),
        sort: None,
        page: (0, 1),
    };
    let clauses = oracle.clauses(&q, &text);
    if !oracle.exact_title(&clauses, doc as u32) {
        // Repeated words, or words that the tokenizer cuts differently alone: not an exact title.
        return Ok(());
    }
    let res = reader.search(&text, &all_results(&[], None));
    prop_assert!(!res.partial, "{:?} is the title of /doc/{}/", text, doc);
    let top = res.hits.first().map(|h| h.doc);
    prop_assert!(
        top.is_some_and(|d| oracle.exact_title(&clauses, d)),
        "query {:?} equals the title of /doc/{}/ but /doc/{:?}/ ranks first: {:?}",
        text,
        doc,
        top,
        res.hits
    );
    Ok(())
}

fn config() -> ProptestConfig {
    let cases = std::env::var("SCRY_ORACLE_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/regressions/oracle.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn search_results_equal_the_brute_force_oracle(
        config in gen_config(),
        docs in prop::collection::vec(gen_doc(), 1..24),
        queries in prop::collection::vec(gen_query(), 1..12),
        title_doc in any::<prop::sample::Index>(),
    ) {
        let mut reader = Reader::open(build(&docs, &config));
        let oracle = Oracle::new(&docs, &config);
        for q in &queries {
            check_query(&mut reader, &oracle, q)?;
        }
        check_exact_title(&mut reader, &oracle, &docs, title_doc.index(docs.len()))?;
    }
}

/// The vocabulary exercises what it is meant to: stem families, folding, shared prefixes.
#[test]
fn vocabulary_covers_stems_folding_and_prefixes() {
    let t = Tokenizer::new(&TokenizerConfig {
        language: "en".into(),
        extra_word_chars: String::new(),
    });
    let stem = |w: &str| t.stem(w).unwrap();
    assert_eq!(stem("connected"), stem("connection"));
    assert_eq!(stem("connecting"), stem("connect"));
    let mut tokens = Vec::new();
    t.tokens("café", 0, &mut tokens);
    assert!(
        tokens
            .iter()
            .any(|x| x.kind == TokenKind::Folded && x.term == "cafe"),
        "{tokens:?}"
    );
    assert!(VOCAB.iter().filter(|w| w.starts_with("ca")).count() > SHORT_PREFIX_TERMS);
}

/// The oracle's own edit distance.
#[test]
fn oracle_osa_distance() {
    assert_eq!(osa("vacum", "vacuum", false), 1);
    assert_eq!(osa("teh", "the", false), 1);
    assert_eq!(osa("cafx", "café", false), 1);
    assert_eq!(osa("conect", "connection", true), 1);
    assert_eq!(osa("abc", "xyz", false), 3);
    assert_eq!(common_prefix("happi", "happy"), "happ");
}

fn fixed_doc(title: &str, body: &str) -> GenDoc {
    GenDoc {
        title: title.into(),
        spans: vec![(2, body.into(), false)],
        facets: Vec::new(),
        sort: None,
    }
}

fn words_query(words: &[&str], typing: Option<usize>) -> GenQuery {
    GenQuery {
        chunks: words
            .iter()
            .map(|w| Chunk::Words {
                text: w.to_string(),
                negated: false,
            })
            .collect(),
        typing,
        filters: Vec::new(),
        sort: None,
        page: (0, 10),
    }
}

/// Found by the property test: a swapped accented letter is one edit (the automaton counted bytes).
#[test]
fn swapped_accented_letter_is_one_typo() {
    let config = GenConfig {
        shard: 32,
        bundle: 16,
        memory: 1,
        language: "en",
        extra: "",
    };
    let docs = vec![
        fixed_doc("connect naïve", "vacuum"),
        fixed_doc("connect", "naive data"),
    ];
    let mut reader = Reader::open(build(&docs, &config));
    let oracle = Oracle::new(&docs, &config);
    let q = words_query(&["connect", "nïave"], None);
    let clauses = oracle.clauses(&q, &q.render());
    assert_eq!(oracle.expect(&clauses, &[]).docs, BTreeSet::from([0]));
    check_query(&mut reader, &oracle, &q).unwrap();
}

/// The query semantics as specified: a word matches its stem siblings even when the word itself
/// does not occur in the corpus. Fails while stems are only known for indexed terms (see
/// [`STEMS_ONLY_FOR_INDEXED_WORDS`]).
#[test]
#[ignore = "known deviation: stems only for words in the vocabulary"]
fn out_of_vocabulary_word_matches_its_stem_siblings() {
    let config = GenConfig {
        shard: 32,
        bundle: 16,
        memory: 1,
        language: "en",
        extra: "",
    };
    let docs = vec![fixed_doc("", "index"), fixed_doc("connection", "")];
    let mut reader = Reader::open(build(&docs, &config));
    let hits = reader.search("indexes ", &all_results(&[], None)).hits;
    assert_eq!(
        hits.iter().map(|h| h.doc).collect::<Vec<_>>(),
        [0],
        "indexes -> index"
    );
    let hits = reader.search("connects ", &all_results(&[], None)).hits;
    assert_eq!(
        hits.iter().map(|h| h.doc).collect::<Vec<_>>(),
        [1],
        "connects -> connection"
    );
}

/// Found by the property test: an excluded phrase in a query whose other words need no positions
/// excluded nothing (its positions were never fetched).
#[test]
fn excluded_phrase_excludes_without_positions_in_cache() {
    let config = GenConfig {
        shard: 32,
        bundle: 16,
        memory: 1,
        language: "en",
        extra: "",
    };
    let docs = vec![
        fixed_doc("", "connected searching cafés"),
        fixed_doc("", "searching"),
    ];
    let mut reader = Reader::open(build(&docs, &config));
    let hits = reader
        .search(
            "-\"connected searching\" searching ",
            &all_results(&[], None),
        )
        .hits;
    assert_eq!(hits.iter().map(|h| h.doc).collect::<Vec<_>>(), [1]);
}

/// Found by the property test: titles count identifier parts in their length (`camelCase` is 3
/// long), queries did not, so a page titled exactly as an identifier query lost its rank.
#[test]
fn identifier_title_equal_to_the_query_ranks_first() {
    let config = GenConfig {
        shard: 32,
        bundle: 16,
        memory: 1,
        language: "en",
        extra: "",
    };
    let docs = vec![
        fixed_doc("CAMELCASE connect", ""),
        fixed_doc("camelCase", ""),
        fixed_doc("json.dumps", ""),
    ];
    let mut reader = Reader::open(build(&docs, &config));
    let hits = reader.search("camelCase ", &all_results(&[], None)).hits;
    assert_eq!(hits.first().map(|h| h.doc), Some(1), "{hits:?}");
    let hits = reader.search("json.dumps ", &all_results(&[], None)).hits;
    assert_eq!(hits.first().map(|h| h.doc), Some(2), "{hits:?}");
}
