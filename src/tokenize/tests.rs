use super::*;
use proptest::prelude::*;

fn tokenizer(language: &str, extra: &str) -> Tokenizer {
    Tokenizer::new(&TokenizerConfig {
        language: language.into(),
        extra_word_chars: extra.into(),
    })
}

fn cut(tokenizer: &Tokenizer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenizer.tokens(text, 0, &mut out);
    out
}

/// `(position, kind, term)` triples, the shape most assertions compare.
fn triples(text: &str) -> Vec<(u32, TokenKind, String)> {
    cut(&tokenizer("", ""), text)
        .into_iter()
        .map(|t| (t.position, t.kind, t.term))
        .collect()
}

fn terms_of(tokens: &[Token], kind: TokenKind) -> Vec<&str> {
    tokens
        .iter()
        .filter(|t| t.kind == kind)
        .map(|t| t.term.as_str())
        .collect()
}

use TokenKind::{Folded, Part, Word};

fn t(position: u32, kind: TokenKind, term: &str) -> (u32, TokenKind, String) {
    (position, kind, term.to_string())
}

/// Whether the terms of `query` occur in `doc` at the same relative positions (the phrase check a
/// query engine does, on any token kind).
fn phrase_matches(doc: &[Token], query: &[(u32, &str)]) -> bool {
    let (first_position, first_term) = query[0];
    doc.iter().filter(|d| d.term == first_term).any(|anchor| {
        query.iter().all(|&(position, term)| {
            let wanted = anchor.position + position - first_position;
            doc.iter().any(|d| d.position == wanted && d.term == term)
        })
    })
}

#[test]
fn lowercases_words_and_keeps_numbers() {
    assert_eq!(
        triples("The Year 2018, pi 3.14 and v1.2 (1,000 items)"),
        vec![
            t(0, Word, "the"),
            t(1, Word, "year"),
            t(2, Word, "2018"),
            t(3, Word, "pi"),
            t(4, Word, "3.14"),
            t(5, Word, "and"),
            t(6, Word, "v1.2"),
            t(7, Word, "1,000"),
            t(8, Word, "items"),
        ]
    );
}

#[test]
fn returns_next_free_position_from_first_position() {
    let mut out = Vec::new();
    let next = tokenizer("", "").tokens("json.dumps now", 10, &mut out);
    assert_eq!(next, 13);
    assert_eq!(out[0].position, 10);
    assert_eq!(tokenizer("", "").tokens("  ... ", 7, &mut out), 7);
}

#[test]
fn folded_form_shares_position() {
    assert_eq!(
        triples("Café crème"),
        vec![
            t(0, Word, "café"),
            t(0, Folded, "cafe"),
            t(1, Word, "crème"),
            t(1, Folded, "creme"),
        ]
    );
}

#[test]
fn folding_covers_letters_canonical_decomposition_keeps() {
    for (word, folded) in [
        ("Straße", "strasse"),
        ("Æsir", "aesir"),
        ("Øresund", "oresund"),
        ("œuvre", "oeuvre"),
        ("Łódź", "lodz"),
        ("Đorđe", "dorde"),
        ("Þór", "thor"),
        ("ﬁne", "fine"),
        ("ＡＢＣ", "abc"),
        ("Ἀθῆναι", "αθηναι"),
        ("ёлка", "елка"),
    ] {
        let tokens = cut(&tokenizer("", ""), word);
        assert_eq!(terms_of(&tokens, Folded), vec![folded], "{word}");
    }
}

#[test]
fn folding_keeps_script_specific_marks() {
    // Devanagari vowel signs, kana voicing marks and Hangul syllables are letters, not accents.
    assert_eq!(fold("हिन्दी"), None);
    assert_eq!(fold("が"), None);
    assert_eq!(fold("한국"), None);
    assert_eq!(fold("plain"), None);
    assert_eq!(fold("e\u{301}te\u{301}").as_deref(), Some("ete"));
}

#[test]
fn fold_table_agrees_with_canonical_decomposition() {
    use unicode_normalization::char::decompose_canonical;
    let generic = |c: char| matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F);
    let latin_greek_cyrillic = (0xC0..0x530).chain(0x1E00..0x2000);
    for c in latin_greek_cyrillic.filter_map(char::from_u32) {
        let lowercase = c.to_lowercase().eq(std::iter::once(c));
        if !c.is_alphabetic() || !lowercase || generic(c) {
            continue;
        }
        let mut decomposed = Vec::new();
        decompose_canonical(c, |d| decomposed.push(d));
        let expected: String = if decomposed.iter().any(|&d| generic(d)) {
            decomposed.into_iter().filter(|&d| !generic(d)).collect()
        } else {
            c.to_string()
        };
        // The special table may fold the base further (`ǣ` → `æ` → `ae`).
        let expected = fold(&expected).unwrap_or(expected);
        assert_eq!(
            fold(&c.to_string()).unwrap_or(c.to_string()),
            expected,
            "{c} U+{:04X}",
            c as u32
        );
    }
}

/// The runs of `normalize::LOWERCASE` as derived from `char::to_lowercase`.
fn lowercase_runs() -> Vec<(u32, u32, u32, i64)> {
    let mut runs: Vec<(u32, u32, u32, i64)> = Vec::new();
    for c in ('\u{80}'..=char::MAX).filter(|&c| c != '\u{130}') {
        let lower: Vec<char> = c.to_lowercase().collect();
        assert_eq!(
            lower.len(),
            1,
            "U+{:04X} lowercases to several chars",
            c as u32
        );
        let (code, delta) = (c as u32, i64::from(lower[0] as u32) - i64::from(c as u32));
        if delta == 0 {
            continue;
        }
        match runs.last_mut() {
            Some((first, count, stride, d)) if *d == delta && *count < 0x80 => {
                if code == *first + *count * *stride {
                    *count += 1;
                    continue;
                }
                if *count == 1 && code == *first + 2 {
                    (*count, *stride) = (2, 2);
                    continue;
                }
            }
            _ => {}
        }
        runs.push((code, 1, 1, delta));
    }
    runs
}

#[test]
fn lowercase_char_matches_std_for_every_char() {
    let differ: Vec<_> = ('\0'..=char::MAX)
        .filter(|&c| {
            let (lower, second) = normalize::lowercase_char(c);
            !c.to_lowercase().eq(std::iter::once(lower).chain(second))
        })
        .collect();
    if !differ.is_empty() {
        println!("const LOWERCASE: &[(u32, i32)] = &pack_lowercase([");
        for line in lowercase_runs().chunks(5) {
            let runs: Vec<_> = line
                .iter()
                .map(|(first, count, stride, delta)| {
                    format!("(0x{first:05X}, {count}, {stride}, {delta}),")
                })
                .collect();
            println!("    {}", runs.join(" "));
        }
        println!("]);");
        panic!(
            "{} chars lowercase differently, first {:?}",
            differ.len(),
            &differ[..differ.len().min(10)]
        );
    }
    assert_eq!(
        lowercase("ΟΔΟΣ İstanbul Straße"),
        "οδοσ i\u{307}stanbul straße"
    );
}

#[test]
fn decomposed_and_precomposed_spellings_share_the_folded_form() {
    let precomposed = cut(&tokenizer("", ""), "été");
    let decomposed = cut(&tokenizer("", ""), "e\u{301}te\u{301}");
    assert_eq!(
        terms_of(&precomposed, Folded),
        terms_of(&decomposed, Folded)
    );
}

#[test]
fn camel_case_parts_follow_whole_word_positions() {
    assert_eq!(
        triples("camelCase next"),
        vec![
            t(0, Word, "camelcase"),
            t(0, Part, "camel"),
            t(1, Part, "case"),
            t(2, Word, "next"),
        ]
    );
}

#[test]
fn acronyms_split_before_the_last_capital_of_a_run() {
    assert_eq!(
        terms_of(&cut(&tokenizer("", ""), "HTTPServer"), Part),
        ["http", "server"]
    );
    assert_eq!(
        terms_of(&cut(&tokenizer("", ""), "XMLHttpRequest"), Part),
        ["xml", "http", "request"]
    );
    assert_eq!(
        terms_of(&cut(&tokenizer("", ""), "utf8Decoder"), Part),
        ["utf8", "decoder"]
    );
    // A plural acronym or a version suffix is not a word boundary.
    for word in ["URLs", "IPv6", "Vec", "x86", "3D", "0xFF", "0x1F", "4K"] {
        assert!(
            terms_of(&cut(&tokenizer("", ""), word), Part).is_empty(),
            "{word}"
        );
    }
}

#[test]
fn dotted_and_snake_case_identifiers_give_whole_and_parts() {
    assert_eq!(
        triples("json.dumps pg_stat_activity x86_64"),
        vec![
            t(0, Word, "json.dumps"),
            t(0, Part, "json"),
            t(1, Part, "dumps"),
            t(2, Word, "pg_stat_activity"),
            t(2, Part, "pg"),
            t(3, Part, "stat"),
            t(4, Part, "activity"),
            t(5, Word, "x86_64"),
            t(5, Part, "x86"),
            t(6, Part, "64"),
        ]
    );
    assert_eq!(
        terms_of(&cut(&tokenizer("", ""), "__init__"), Part),
        ["init"]
    );
}

#[test]
fn phrase_of_parts_matches_consecutive_positions() {
    let tok = tokenizer("", "");
    let doc = cut(&tok, "call json.dumps here");
    assert!(phrase_matches(&doc, &[(0, "json"), (1, "dumps")]));
    assert!(phrase_matches(&doc, &[(0, "call"), (1, "json")]));
    assert!(phrase_matches(&doc, &[(0, "dumps"), (1, "here")]));
    // The query `json dumps` is cut into exactly those terms.
    let query: Vec<_> = cut(&tok, "JSON dumps")
        .iter()
        .map(|t| (t.position, t.term.clone()))
        .collect();
    let query: Vec<_> = query.iter().map(|(p, s)| (*p, s.as_str())).collect();
    assert!(phrase_matches(&doc, &query));
}

#[test]
fn rust_paths_are_joined_into_one_word_with_parts() {
    assert_eq!(
        triples("foo::bar std::vec::Vec"),
        vec![
            t(0, Word, "foo::bar"),
            t(0, Part, "foo"),
            t(1, Part, "bar"),
            t(2, Word, "std::vec::vec"),
            t(2, Part, "std"),
            t(3, Part, "vec"),
            t(4, Part, "vec"),
        ]
    );
    // A single colon or a colon at the end does not join.
    assert_eq!(
        triples("note: std:: x:::y"),
        vec![
            t(0, Word, "note"),
            t(1, Word, "std"),
            t(2, Word, "x"),
            t(3, Word, "y"),
        ]
    );
}

#[test]
fn partial_rust_path_query_finds_the_full_path_through_parts() {
    let tok = tokenizer("", "");
    let doc = cut(&tok, "see std::vec::Vec for details");
    let query = cut(&tok, "vec::Vec");
    assert_eq!(terms_of(&query, Word), ["vec::vec"]);
    let parts: Vec<_> = query
        .iter()
        .filter(|t| t.kind == Part)
        .map(|t| (t.position, t.term.as_str()))
        .collect();
    assert!(phrase_matches(&doc, &parts));
}

#[test]
fn extra_word_chars_make_cpp_and_csharp_single_words() {
    let tok = tokenizer("", "+#");
    let tokens = cut(&tok, "C++, C# and F#; a+b; c++11");
    assert_eq!(
        terms_of(&tokens, Word),
        ["c++", "c#", "and", "f#", "a+b", "c++11"]
    );
    assert_eq!(terms_of(&tokens, Part), ["a", "b", "c", "11"]);
    // Without the setting the symbols are punctuation.
    assert_eq!(
        terms_of(&cut(&tokenizer("", ""), "C++ C#"), Word),
        ["c", "c"]
    );
}

#[test]
fn extra_word_chars_never_start_a_word() {
    let tokens = cut(&tokenizer("", "+#"), "#include ++x + y");
    assert_eq!(terms_of(&tokens, Word), ["include", "x", "y"]);
}

#[test]
fn extra_word_chars_ignore_letters_and_spaces() {
    let tok = tokenizer("", "a _\t+");
    assert_eq!(terms_of(&cut(&tok, "banana c+"), Word), ["banana", "c+"]);
}

#[test]
fn possessives_index_whole_and_owner() {
    let tokens = cut(&tokenizer("", ""), "the driver's seat, the drivers' seats");
    assert_eq!(
        tokens
            .iter()
            .map(|t| (t.position, t.kind, t.term.as_str()))
            .collect::<Vec<_>>(),
        [
            (0, Word, "the"),
            (1, Word, "driver's"),
            (1, Part, "driver"),
            (2, Word, "seat"),
            (3, Word, "the"),
            (4, Word, "drivers"),
            (5, Word, "seats"),
        ]
    );
}

#[test]
fn typographic_apostrophe_is_spelled_ascii() {
    assert_eq!(
        triples("don’t driver’s"),
        vec![
            t(0, Word, "don't"),
            t(1, Word, "driver's"),
            t(1, Part, "driver"),
        ]
    );
    assert_eq!(triples("don't"), vec![t(0, Word, "don't")]);
}

#[test]
fn elision_indexes_the_word_after_it() {
    assert_eq!(
        triples("l'homme jusqu'alors dell'anno we'll"),
        vec![
            t(0, Word, "l'homme"),
            t(0, Part, "homme"),
            t(1, Word, "jusqu'alors"),
            t(1, Part, "alors"),
            t(2, Word, "dell'anno"),
            t(2, Part, "anno"),
            t(3, Word, "we'll"),
        ]
    );
}

#[test]
fn marks_of_any_script_do_not_split_words() {
    // A virama is a mark but not alphabetic; a decomposed accent is neither alphabetic nor a letter.
    for word in ["हिन्दी", "e\u{301}te\u{301}", "naïve", "Ελληνικά"] {
        let tokens = cut(&tokenizer("", ""), word);
        assert!(terms_of(&tokens, Part).is_empty(), "{word}: {tokens:?}");
        assert_eq!(terms_of(&tokens, Word).len(), 1, "{word}");
    }
}

#[test]
fn soft_hyphens_and_zero_width_chars_do_not_split_or_change_terms() {
    let tokens = cut(
        &tokenizer("", ""),
        "hy\u{AD}phen zero\u{200D}width \u{200F}rtl",
    );
    assert_eq!(terms_of(&tokens, Word), ["hyphen", "zerowidth", "rtl"]);
}

#[test]
fn cjk_bigrams_match_between_build_and_query() {
    let tok = tokenizer("", "");
    let doc = cut(&tok, "東京都に住んでいます");
    assert_eq!(
        terms_of(&doc, Word),
        ["東京", "京都", "都に", "に住", "住ん", "んで", "でい", "いま", "ます"]
    );
    for query in ["東京都", "住んで", "ます"] {
        let query_tokens = cut(&tok, query);
        let pattern: Vec<_> = query_tokens
            .iter()
            .map(|t| (t.position, t.term.as_str()))
            .collect();
        assert!(phrase_matches(&doc, &pattern), "{query}");
    }
    assert!(!phrase_matches(
        &doc,
        &cut(&tok, "京東")
            .iter()
            .map(|t| (t.position, t.term.as_str()))
            .collect::<Vec<_>>()
    ));
}

#[test]
fn cjk_run_of_one_char_is_that_char() {
    assert_eq!(
        triples("京 a 国"),
        vec![t(0, Word, "京"), t(1, Word, "a"), t(2, Word, "国")]
    );
}

#[test]
fn cjk_runs_are_cut_apart_from_latin_words() {
    assert_eq!(
        triples("テストcase 한국어abc 2018年"),
        vec![
            t(0, Word, "テス"),
            t(1, Word, "スト"),
            t(2, Word, "case"),
            t(3, Word, "한국"),
            t(4, Word, "국어"),
            t(5, Word, "abc"),
            t(6, Word, "2018"),
            t(7, Word, "年"),
        ]
    );
}

#[test]
fn thai_runs_are_cut_into_bigrams_like_cjk() {
    let tokens = cut(&tokenizer("", ""), "ภาษาไทย");
    assert_eq!(
        terms_of(&tokens, Word),
        ["ภา", "าษ", "ษา", "าไ", "ไท", "ทย"]
    );
    // A tone mark stays on its letter.
    assert_eq!(terms_of(&cut(&tokenizer("", ""), "ง่า"), Word), ["ง่า"]);
}

#[test]
fn terms_are_capped_at_64_bytes_on_a_char_boundary() {
    let long = "é".repeat(100);
    let tokens = cut(&tokenizer("", ""), &long);
    assert_eq!(tokens[0].term, "é".repeat(32));
    assert_eq!(tokens[1].term, "e".repeat(32));
    assert_eq!((tokens[0].start, tokens[0].end), (0, long.len()));
    let odd = format!("a{}", "é".repeat(40));
    assert_eq!(cut(&tokenizer("", ""), &odd)[0].term.len(), 63);
}

#[test]
fn ranges_point_at_the_source_text() {
    let text = "Voilà: HTTPServer::new() — 東京";
    for token in cut(&tokenizer("", ""), text) {
        let source = &text[token.start..token.end];
        assert!(
            source.to_lowercase().contains(&token.term)
                || fold(&source.to_lowercase()).is_some_and(|f| f.contains(&token.term)),
            "{token:?} from {source:?}"
        );
    }
}

#[test]
fn pathological_inputs_stay_linear_and_do_not_panic() {
    let tok = tokenizer("en", "+#");
    let inputs = [
        format!("a{}", "\u{301}".repeat(100_000)),
        "\u{301}".repeat(10_000),
        "a_".repeat(50_000),
        "aB".repeat(50_000),
        "::".repeat(50_000),
        "+#".repeat(50_000),
        "x::".repeat(30_000),
        "東".repeat(50_000),
        "\u{200F}\u{202E}\u{0}\u{7}\u{FEFF}".repeat(10_000),
        "👍🏽👨‍👩‍👧".repeat(10_000),
        "'s".repeat(20_000),
        "l'".repeat(20_000),
        "1.".repeat(50_000),
        format!("a{}b", "+".repeat(100_000)),
        format!("a{}", "#".repeat(100_000)),
        format!("{}A", "Ab\u{301}\u{301}".repeat(20_000)),
        format!("x{}", "'x".repeat(30_000)),
    ];
    for input in &inputs {
        let mut out = Vec::new();
        let next = tok.tokens(input, 0, &mut out);
        assert!(out.iter().all(|t| t.term.len() <= MAX_TERM_BYTES));
        assert!(next as usize <= input.len() + 1);
    }
}

#[test]
fn positions_saturate_instead_of_overflowing() {
    let mut out = Vec::new();
    let next = tokenizer("", "").tokens("a b c", u32::MAX - 1, &mut out);
    assert_eq!(next, u32::MAX);
}

#[test]
#[cfg(all(
    feature = "stem-en",
    feature = "stem-fr",
    feature = "stem-pt",
    feature = "stem-no"
))]
fn stems_with_the_configured_language() {
    let english = tokenizer("en", "");
    assert_eq!(english.stem("running").as_deref(), Some("run"));
    assert_eq!(english.stem("driver's").as_deref(), Some("driver"));
    assert!(english.has_stemmer());
    let french = tokenizer("fr-CA", "");
    assert_eq!(french.stem("chevaux"), french.stem("cheval"));
    assert_eq!(tokenizer("pt_BR", "").stem("gatos").as_deref(), Some("gat"));
    assert_eq!(tokenizer("NB", "").stem("hestene").as_deref(), Some("hest"));
}

#[test]
fn languages_without_a_stemmer_do_not_stem() {
    for language in ["", "zz", "ja", "english", "el", "en-"] {
        let tok = tokenizer(language, "");
        assert_eq!(
            tok.stem("running"),
            if language == "en-" && cfg!(feature = "stem-en") {
                Some("run".into())
            } else {
                None
            },
            "{language}"
        );
    }
}

#[test]
fn config_round_trips_through_the_manifest_encoding() {
    let config = TokenizerConfig {
        language: "en".into(),
        extra_word_chars: "+#".into(),
    };
    let bytes = postcard::to_allocvec(&config).unwrap();
    let back: TokenizerConfig = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(back, config);
    assert_eq!(Tokenizer::new(&back).config(), &config);
}

/// Strings mixing the characters the tokenizer treats specially with arbitrary ones.
fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z0-9]{1,8}",
        2 => prop::sample::select(vec![
            " ", ".", "_", ":", "::", "'", "’", "+", "#", ",", "-", "\n", "\t", "é", "E\u{301}",
            "ß", "İ", "Σ", "東京", "に", "한국", "ภา", "\u{AD}", "\u{200D}", "\u{301}", "👍🏽", "ﬁ",
            "ＡＢ", "१२", "٣٫١", "ǅ", "ŉ", "  ", "\u{D46}", "\u{93E}", "\r\n", "\u{3099}",
        ])
        .prop_map(str::to_string),
        1 => any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn tokens_are_well_formed_for_any_text(
        text in tricky_text(),
        first in 0u32..1000,
        extra in "[+#:.@’$é' -]{0,4}",
    ) {
        let tok = tokenizer("en", &extra);
        let mut out = Vec::new();
        let next = tok.tokens(&text, first, &mut out);
        let mut last = first;
        for token in &out {
            prop_assert!(!token.term.is_empty());
            prop_assert!(token.term.len() <= MAX_TERM_BYTES);
            prop_assert_eq!(&token.term.to_lowercase(), &token.term);
            prop_assert!(token.start < token.end && token.end <= text.len());
            prop_assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
            prop_assert!(token.position >= last && token.position >= first);
            prop_assert!(token.position < next);
            last = token.position;
            // Stemming any produced term never panics.
            let _ = tok.stem(&token.term);
        }
        prop_assert!(next >= first);
    }

    #[test]
    fn tokens_are_well_formed_for_arbitrary_unicode(text in any::<String>()) {
        let mut out = Vec::new();
        tokenizer("fr", "@").tokens(&text, 0, &mut out);
        for token in &out {
            prop_assert!(!token.term.is_empty() && token.term.len() <= MAX_TERM_BYTES);
            prop_assert!(text.get(token.start..token.end).is_some());
        }
    }

    #[test]
    fn a_word_term_typed_as_a_query_gives_itself(text in "[a-zA-Zéß0-9_.:' +#東京한]{1,30}") {
        // What the index holds as a whole word, a user can type back and find exactly.
        let tok = tokenizer("", "+#");
        for token in cut(&tok, &text).iter().filter(|t| t.kind == Word) {
            let again = cut(&tok, &token.term);
            prop_assert!(
                again.iter().any(|t| t.kind == Word && t.term == token.term),
                "{:?} -> {:?}", token.term, again
            );
        }
    }

    #[test]
    fn stem_is_deterministic(word in "[a-zàéèêëîïôöùûüçœæß']{1,20}") {
        for language in ["en", "fr", "de", "es", "it", "pt", "nl", "sv", "no", "da", "fi", "ru", "hu", "ro", "tr", "ar", "ta"] {
            let tok = tokenizer(language, "");
            prop_assert_eq!(tok.stem(&word), tok.stem(&word));
        }
    }
}

/// Throughput on a generated documentation-like text; run with
/// `cargo test --release --lib tokenize::tests::throughput -- --ignored --nocapture`.
#[test]
#[ignore]
fn throughput() {
    let words = [
        "the",
        "Vec",
        "returns",
        "an",
        "iterator",
        "over",
        "std::vec::Vec",
        "json.dumps",
        "capacity",
        "with_capacity",
        "HashMap",
        "of",
        "élément",
        "a",
        "is",
        "2018",
        "3.14",
        "allocates",
        "memory",
        "and",
        "driver's",
        "isn't",
        "Examples",
        "fn",
        "push(&mut",
        "self,",
        "value:",
        "T)",
        "IntoIterator",
        "the",
        "length",
        ".",
    ];
    let mut text = String::new();
    let mut seed: u64 = 42;
    while text.len() < 32 << 20 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        text.push_str(words[(seed >> 33) as usize % words.len()]);
        text.push(if (seed >> 20).is_multiple_of(13) {
            '\n'
        } else {
            ' '
        });
    }
    let tok = tokenizer("en", "");
    let mut out = Vec::new();
    for round in 0..3 {
        let started = std::time::Instant::now();
        let (mut tokens, mut position) = (0, 0);
        for paragraph in text.split('\n') {
            out.clear();
            position = tok.tokens(paragraph, position, &mut out);
            tokens += out.len();
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "round {round}: {:.1} MB/s, {:.1} M tokens/s",
            text.len() as f64 / seconds / 1e6,
            tokens as f64 / seconds / 1e6
        );
    }
}
