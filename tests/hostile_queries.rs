//! Abusive queries (issue 6, item 3): a search box is an input on a public page. On a generated
//! corpus of a few thousand documents, each hostile query must answer — no panic, no endless
//! fetching — with the work it does (vocabulary terms visited, postings lists decoded, as counted in
//! [`SearchResults::work`]) under explicit bounds, and a result that makes sense.
//!
//! The bounds come from the engine's own limits: the query is cut at [`MAX_QUERY_BYTES`] and
//! [`MAX_CLAUSES`], a phrase at [`MAX_PHRASE_WORDS`], typo search runs for [`MAX_TYPO_CLAUSES`]
//! clauses and visits at most [`MAX_TYPO_VISITS`] terms each, a stem walk [`MAX_STEM_SCAN`].

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::OnceLock;

use scry::document::{Document, Span, BODY, HEADING};
use scry::query::expand::{MAX_PREFIX_TERMS, MAX_STEM_SCAN, MAX_TYPO_TERMS, MAX_TYPO_VISITS};
use scry::query::parse::{MAX_CLAUSES, MAX_PHRASE_WORDS, MAX_QUERY_BYTES};
use scry::query::MAX_TYPO_CLAUSES;
use scry::TokenizerConfig;
use scry::{
    Builder, BuilderConfig, Filter, FilterMode, Index, SearchOptions, SearchResults, Searcher,
};

const DOCUMENTS: usize = 3000;

/// Postings lists one query may decode: per clause its exact and folded forms (for a phrase, per
/// word) or its stem siblings; the prefix extensions of the last word; typo neighbours.
const MAX_POSTINGS: usize = MAX_CLAUSES * (2 * MAX_PHRASE_WORDS + MAX_STEM_SCAN)
    + MAX_PREFIX_TERMS
    + MAX_TYPO_CLAUSES * MAX_TYPO_TERMS;

/// Terms one query may visit in walks, a prefix walk aside (which [`prefix_walk_bound`] covers):
/// the stem walks of every clause and the typo walks of the first few.
const MAX_VISITS: usize =
    MAX_CLAUSES * (MAX_STEM_SCAN + 1) + MAX_TYPO_CLAUSES * (MAX_TYPO_VISITS + 1);

/// A small deterministic generator (SplitMix64), so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Skewed toward small numbers, as word frequencies are.
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "qu", "ex", "an", "or", "el", "ip", "ul", "be",
    "co", "da", "fi", "gu",
];

/// The corpus vocabulary: invented words of 2-5 syllables, some real words, identifiers, accents.
fn vocabulary() -> &'static [String] {
    static VOCABULARY: OnceLock<Vec<String>> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let mut rng = Rng(7);
        let mut words: Vec<String> = [
            "vacuum",
            "analyze",
            "index",
            "indexes",
            "connection",
            "connect",
            "statistics",
            "table",
            "café",
            "naïve",
            "json.dumps",
            "snake_case",
            "москва",
            "東京都",
            "résumé",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut seen: HashSet<String> = words.iter().cloned().collect();
        while words.len() < 6000 {
            let n = 2 + rng.below(4);
            let w: String = (0..n)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect();
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        words
    })
}

fn corpus() -> Vec<Document> {
    let words = vocabulary();
    let mut rng = Rng(42);
    let text = |rng: &mut Rng, n: usize| -> String {
        (0..n)
            .map(|_| words[rng.skewed(words.len())].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    (0..DOCUMENTS)
        .map(|i| {
            let title_len = 1 + rng.below(4);
            let body_len = 30 + rng.below(120);
            Document {
                url: format!("/d/{i}/"),
                title: text(&mut rng, title_len),
                spans: vec![
                    Span::anchored(HEADING, text(&mut rng, 3), format!("h{i}")),
                    Span::new(BODY, text(&mut rng, body_len)),
                ],
                facets: vec![("kind".into(), ["a", "b", "c"][i % 3].into())],
                sort_keys: vec![("n".into(), (i % 97).to_string())],
                ..Document::default()
            }
        })
        .collect()
}

/// The corpus built once, its files inflated.
fn files() -> &'static HashMap<String, Vec<u8>> {
    static FILES: OnceLock<HashMap<String, Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut b = Builder::new(BuilderConfig {
            tokenizer: TokenizerConfig {
                language: "en".into(),
                extra_word_chars: "+#".into(),
            },
            // Plain gzip files, inflated below (tests/engine.rs covers bundles with a dictionary).
            dictionary_bytes: 0,
            ..BuilderConfig::default()
        })
        .expect("builder");
        for d in corpus() {
            b.add(d).expect("add");
        }
        let mut files = HashMap::new();
        b.finish(&mut |name, gz| {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(gz).read_to_end(&mut out)?;
            files.insert(name.to_string(), out);
            Ok(())
        })
        .expect("finish");
        files
    })
}

struct Reader {
    index: Index,
    searcher: Searcher,
    fetches: usize,
}

impl Reader {
    fn open() -> Reader {
        Reader {
            index: Index::open(&files()["manifest.bin"]).expect("manifest"),
            searcher: Searcher::default(),
            fetches: 0,
        }
    }

    fn search_with(&mut self, q: &str, o: &SearchOptions) -> SearchResults {
        // The engine never asks for nothing nor for a file it holds (it answers
        // `Error::Stalled`), so every round adds a file and the loop ends.
        let (searcher, fetches) = (&self.searcher, &mut self.fetches);
        let r = self
            .index
            .settle(
                |i| searcher.search(i, q, o),
                |n| {
                    *fetches += 1;
                    Ok(&files()[n])
                },
            )
            .expect("search");
        self.check_documents(q, &r);
        r
    }

    fn search(&mut self, q: &str) -> SearchResults {
        self.search_with(q, &SearchOptions::default())
    }

    /// The results' excerpts for the same query are computed without a panic, inside the text.
    fn check_documents(&mut self, q: &str, r: &SearchResults) {
        for h in r.hits.iter().take(3) {
            let searcher = &mut self.searcher;
            let view = self
                .index
                .settle(|i| searcher.document(i, h.doc, q), |n| Ok(&files()[n]))
                .expect("document");
            for &(s, e) in &view.matches {
                assert!(
                    s < e
                        && e <= view.excerpt.len()
                        && view.excerpt.is_char_boundary(s)
                        && view.excerpt.is_char_boundary(e)
                );
            }
        }
    }
}

/// The work bounds every query must keep, whatever its text.
fn assert_bounded(what: &str, r: &SearchResults) {
    // Shown with `--nocapture`: the figures behind the bounds.
    eprintln!("{what:?}: {:?}, {} results", r.work, r.total);
    assert!(
        r.work.postings_decoded <= MAX_POSTINGS,
        "{what}: {} postings lists decoded (bound {MAX_POSTINGS})",
        r.work.postings_decoded
    );
    assert!(
        r.work.terms_visited <= MAX_VISITS + prefix_walk_bound(),
        "{what}: {} terms visited (bound {})",
        r.work.terms_visited,
        MAX_VISITS + prefix_walk_bound()
    );
    assert!(r.total <= DOCUMENTS && r.hits.len() <= r.total);
    assert!(
        r.terms.len() <= 32,
        "{what}: {} highlight terms",
        r.terms.len()
    );
}

/// The most terms a prefix walk can visit on this corpus: every term with the same first two
/// letters (a walk starts from two letters). Unlike the other walks this grows with the
/// vocabulary; see the note on `two_letter_prefix_walks_the_whole_range`.
fn prefix_walk_bound() -> usize {
    2 * vocabulary().len() + 2000
}

fn docs(r: &SearchResults) -> Vec<u32> {
    let mut d: Vec<u32> = r.hits.iter().map(|h| h.doc).collect();
    d.sort_unstable();
    d
}

fn words(n: usize, rng: &mut Rng) -> Vec<String> {
    let v = vocabulary();
    (0..n).map(|_| v[rng.below(v.len())].clone()).collect()
}

#[test]
fn ten_thousand_character_queries_are_cut() {
    let mut r = Reader::open();
    let plain = r.search("vacuum ");
    assert!(plain.total > 0);

    let repeated = "vacuum ".repeat(10_000 / 7 + 1);
    assert!(repeated.len() >= 10_000);
    let res = r.search(&repeated);
    assert_bounded("vacuum ×1429", &res);
    // Cut at 1,024 bytes, mid-word: `vacuum` and the prefix `va`, which vacuum's pages all match.
    assert_eq!(docs(&res), docs(&plain), "a repeated word is the word");

    let one_word = "k".repeat(10_000);
    let res = r.search(&one_word);
    assert_bounded("one 10,000-letter word", &res);
    assert_eq!(res.total, 0);

    let mut rng = Rng(1);
    let many = words(2000, &mut rng).join(" ");
    assert!(many.len() > 10_000);
    let res = r.search(&many);
    assert_bounded("10,000 characters of corpus words", &res);
    assert!(
        res.total > 0,
        "the first {MAX_CLAUSES} words give at least partial matches"
    );

    let accents = "é\u{301}".repeat(5_000);
    let res = r.search(&accents);
    assert_bounded("10,000 combining marks", &res);
}

// The cut that bounds everything above.
const _: () = assert!(MAX_QUERY_BYTES < 10_000);

#[test]
fn a_thousand_terms_keep_to_sixteen_clauses() {
    let mut r = Reader::open();
    let mut rng = Rng(2);
    let q = words(1000, &mut rng).join(" ");
    let res = r.search(&format!("{q} "));
    assert_bounded("1,000 corpus words", &res);
    assert!(res.total > 0);

    let distinct: String = (0..1000).map(|i| format!("w{i} ")).collect();
    let res = r.search(&distinct);
    assert_bounded("1,000 unknown words", &res);
    assert_eq!(res.total, 0);

    let negated: String = (0..1000).map(|i| format!("-w{i} ")).collect();
    let res = r.search(&format!("vacuum {negated}"));
    assert_bounded("vacuum and 1,000 exclusions", &res);
    assert_eq!(
        res.hits,
        r.search("vacuum ").hits,
        "exclusions of absent words change nothing"
    );

    let phrase = format!("\"{}\"", words(1000, &mut rng).join(" "));
    let res = r.search(&phrase);
    assert_bounded("a 1,000-word phrase", &res);

    let phrases: String = (0..500)
        .map(|_| format!("\"{}\" ", words(2, &mut rng).join(" ")))
        .collect();
    let res = r.search(&phrases);
    assert_bounded("500 phrases", &res);
}

#[test]
fn a_thousand_typo_eligible_terms_search_typos_for_four() {
    let mut r = Reader::open();
    let mut rng = Rng(3);
    let v = vocabulary();
    // Long words (an edit budget of 2) with one letter changed: each one typo-eligible.
    let long: Vec<&String> = v.iter().filter(|w| w.len() >= 8 && w.is_ascii()).collect();
    let typos: Vec<String> = (0..1000)
        .map(|_| {
            let mut w: Vec<u8> = long[rng.below(long.len())].clone().into_bytes();
            let at = 1 + rng.below(w.len() - 1);
            w[at] = b'z';
            String::from_utf8(w).expect("ascii")
        })
        .collect();
    let q = typos.join(" ");
    let res = r.search(&format!("{q} "));
    assert_bounded("1,000 typos", &res);
    // While typing, the last one is a prefix too.
    let res = r.search(&q);
    assert_bounded("1,000 typos, the last one still typed", &res);

    // A typo in the word being typed: every term with a prefix one edit away (`kal…`, `kae…`).
    let res = r.search(&format!("{} kaxl", typos[..999].join(" ")));
    assert_bounded("1,000 typos and a typo'd prefix", &res);
    let alone = r.search("kaxl");
    assert_bounded("kaxl", &alone);
    assert!(
        alone.work.terms_visited > 20,
        "a prefix typo walk: {:?}",
        alone.work
    );
    assert!(alone.work.postings_decoded <= MAX_TYPO_TERMS);

    // Typo walks that can match almost anything: long words of one repeated letter.
    let q: String = (0..1000)
        .map(|i| format!("{} ", ["kakakakaka", "sasasasasa", "lolololol"][i % 3]))
        .collect();
    let res = r.search(&q);
    assert_bounded("repeated-syllable typos", &res);
}

#[test]
fn punctuation_only_finds_nothing_and_does_nothing() {
    let mut r = Reader::open();
    for q in [
        "!@#$%^&*()_+-=[]{};':\",./<>?\\|`~",
        "- -- --- - ",
        "\"\" \"\" -\"\"",
        "...,,,;;;:::",
        &"?!".repeat(5_000),
        "—–‒―…‽⁂※",
    ] {
        let res = r.search(q);
        assert_eq!(res.total, 0, "{q:?}");
        assert_eq!(
            (res.work.terms_visited, res.work.postings_decoded),
            (0, 0),
            "{q:?}"
        );
    }
}

#[test]
fn unpaired_quotes_run_to_the_end() {
    let mut r = Reader::open();
    let plain = r.search("vacuum ");
    for q in ["\"vacuum", "vacuum \"", "\"vacuum ", "\"\"\"vacuum"] {
        let res = r.search(q);
        assert_bounded(q, &res);
        let mut a: Vec<u32> = res.hits.iter().map(|h| h.doc).collect();
        let mut b: Vec<u32> = plain.hits.iter().map(|h| h.doc).collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "{q:?}");
    }
    let res = r.search("\"vacuum \"analyze");
    assert_bounded("quote in the middle", &res);
    let res = r.search(&"\"a ".repeat(3000));
    assert_bounded("3,000 opening quotes", &res);
}

#[test]
fn control_characters_are_separators() {
    let mut r = Reader::open();
    let plain = r.search("vacuum ");
    for q in [
        "\u{0}vacuum\u{0}",
        "vacuum\u{7}\u{8}\u{1b}[31m",
        "\u{1b}vacuum\r\n",
        "\tvacuum\u{7f}",
    ] {
        let res = r.search(q);
        assert_bounded(q, &res);
        assert!(res.hits.iter().any(|h| h.doc == plain.hits[0].doc), "{q:?}");
    }
    let all: String = (0u8..0x20)
        .map(char::from)
        .chain(['\u{7f}', '\u{85}', '\u{2028}', '\u{feff}'])
        .collect();
    let res = r.search(&all.repeat(300));
    assert_bounded("control characters only", &res);
    assert_eq!(res.total, 0);
}

#[test]
fn mixed_scripts_and_odd_unicode_answer() {
    let mut r = Reader::open();
    for q in [
        "東京都 москва مرحبا 🎉 vacuum",
        "東京",
        "москв",
        "мсква ",
        "e\u{301}\u{301}\u{301}\u{301}",
        "\u{202e}vacuum\u{202c}",
        "va\u{200d}cu\u{200b}um ",
        "ｖａｃｕｕｍ ",
        "𝔳𝔞𝔠𝔲𝔲𝔪 🏳️‍🌈 ﷽",
        "a\u{0}b\u{fffd}\u{10ffff}",
        "Ǆ ǅ ǆ İ ı ß ẞ ﬁ",
        "ไทย ລາວ ខ្មែរ မြန်မာ 한국어 にほんご",
    ] {
        let res = r.search(q);
        assert_bounded(q, &res);
    }
    assert!(r.search("東京都 ").total > 0, "CJK bigrams match");
    assert!(r.search("москва ").total > 0);
}

#[test]
fn hostile_options_are_bounded() {
    let mut r = Reader::open();
    let values: Vec<String> = (0..1000).map(|i| format!("v{i}")).collect();
    for o in [
        SearchOptions {
            limit: usize::MAX,
            offset: usize::MAX,
            ..SearchOptions::default()
        },
        SearchOptions {
            limit: usize::MAX,
            ..SearchOptions::default()
        },
        SearchOptions {
            sort: Some("-".repeat(1000)),
            ..SearchOptions::default()
        },
        SearchOptions {
            filters: vec![
                Filter {
                    facet: "kind".into(),
                    mode: FilterMode::All,
                    values: values.clone(),
                },
                Filter {
                    facet: "nope".into(),
                    mode: FilterMode::None,
                    values: values.clone(),
                },
            ],
            facets: true,
            ..SearchOptions::default()
        },
        SearchOptions {
            filters: (0..200)
                .map(|_| Filter {
                    facet: "kind".into(),
                    mode: FilterMode::Any,
                    values: vec!["a".into()],
                })
                .collect(),
            sort: Some("-n".into()),
            facets: true,
            ..SearchOptions::default()
        },
    ] {
        let res = r.search_with("vacuum ", &o);
        assert_bounded("hostile options", &res);
    }
}

/// A two-letter prefix walks every term that starts with it, to keep the most frequent eight: the
/// only walk whose length grows with the vocabulary rather than with a constant. Bounded here by
/// the corpus (a fifth of the vocabulary starts with one syllable); on a large vocabulary it is
/// the costliest keystroke.
#[test]
fn two_letter_prefix_walks_the_whole_range() {
    let mut r = Reader::open();
    let same_start = vocabulary().iter().filter(|w| w.starts_with("ka")).count();
    let res = r.search("ka");
    assert_bounded("ka", &res);
    assert!(res.total > 0);
    assert!(
        res.work.terms_visited >= same_start / 2,
        "{} terms visited for {same_start} words",
        res.work.terms_visited
    );
    assert!(
        res.work.terms_visited <= 3 * same_start + MAX_STEM_SCAN,
        "{} visited for {same_start} terms",
        res.work.terms_visited
    );
    assert!(
        res.work.postings_decoded <= 2 + 8,
        "{}",
        res.work.postings_decoded
    );
}

/// Inputs the `query` fuzz target crashed on, kept in `tests/regressions/query-*`: the query text,
/// then, after a NUL byte, the options as JSON (what the browser's worker receives).
#[test]
fn fuzz_found_queries_answer() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut r = Reader::open();
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("tests/regressions").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("query-") {
            continue;
        }
        let data = std::fs::read(entry.path()).expect("read");
        let (query, options) = match data.iter().position(|&b| b == 0) {
            Some(i) => (&data[..i], &data[i + 1..]),
            None => (&data[..], &[][..]),
        };
        let options = std::str::from_utf8(options)
            .ok()
            .and_then(|o| scry::api::options_from_json(o).ok())
            .unwrap_or_default();
        let res = r.search_with(&String::from_utf8_lossy(query), &options);
        assert_bounded(&name, &res);
        seen += 1;
    }
    assert!(seen > 0);
}

/// Two typo'd words cut from one piece of the query (`snakeo&.dumpss`) share its range: respelling
/// both panicked (found by fuzzing). Such a piece is left as typed.
#[test]
fn typos_in_one_piece_of_the_query_are_not_respelled_twice() {
    let mut r = Reader::open();
    let res = r.search("jsotatist snakeo&.dumpss  ");
    assert_bounded("snakeo&.dumpss", &res);
    if let Some(d) = &res.did_you_mean {
        assert!(d.contains("snakeo&.dumpss"), "{d}");
    }
    let res = r.search("statistcs ");
    assert_eq!(res.did_you_mean.as_deref(), Some("statistics "));
}
