use super::*;
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

fn words(text: &str) -> Vec<&str> {
    Words::new(text)
        .map(|(start, end)| &text[start..end])
        .collect()
}

fn oracle(text: &str) -> Vec<&str> {
    text.unicode_word_indices().map(|(_, word)| word).collect()
}

/// Whether UAX #29 keeps `text` in one segment.
fn uax29_whole(text: &str) -> bool {
    text.split_word_bounds().count() == 1
}

/// The class UAX #29 gives `c`, as far as [`class`] tells classes apart (`Extend` stands for
/// every char that continues a word, connectors included), for chars that are not letters, digits,
/// bigram-script chars or [`is_attached`].
fn uax29_class(c: char) -> Class {
    let between_letters = uax29_whole(&format!("a{c}b"));
    let between_digits = uax29_whole(&format!("1{c}2"));
    if uax29_whole(&format!("1{c}a")) {
        Extend
    } else if between_letters && between_digits {
        MidNumLet
    } else if between_letters {
        MidLetter
    } else if between_digits {
        MidNum
    } else if uax29_whole(&format!("א{c}ב")) {
        DoubleQuote
    } else {
        Break
    }
}

/// Chars whose class [`class`] finds without looking at [`EXTEND`].
fn decided_before_table(c: char) -> bool {
    c.is_ascii()
        || c.is_alphanumeric()
        || is_bigram_char(c)
        || is_connector(c)
        || is_attached(c)
        || !matches!(class(c), Extend | Break)
}

/// Prints [`EXTEND`] as derived from the oracle.
fn print_extend_table() {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
        if decided_before_table(c) || uax29_class(c) != Extend {
            continue;
        }
        let u = c as u32;
        match ranges.last_mut() {
            Some((first, last))
                if u - *first <= 0xFF
                    && (*last + 1..u)
                        .all(|g| char::from_u32(g).is_some_and(decided_before_table)) =>
            {
                *last = u
            }
            _ => ranges.push((u, u)),
        }
    }
    println!("const EXTEND: &[u32] = &pack([");
    for line in ranges.chunks(5) {
        let entries: Vec<_> = line
            .iter()
            .map(|&(first, last)| format!("(0x{first:05X}, 0x{last:05X}),"))
            .collect();
        println!("    {}", entries.join(" "));
    }
    println!("]);  // {} ranges", ranges.len());
}

#[test]
fn classes_match_uax29_word_break() {
    let mut wrong = Vec::new();
    for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
        if c.is_alphanumeric() || is_bigram_char(c) || is_attached(c) || c == '\u{66B}' {
            continue;
        }
        let ours = match class(c) {
            Connector => Extend,
            ours => ours,
        };
        if ours != uax29_class(c) {
            wrong.push(format!(
                "U+{:04X} {ours:?} (UAX #29: {:?})",
                c as u32,
                uax29_class(c)
            ));
        }
    }
    if !wrong.is_empty() {
        print_extend_table();
        panic!(
            "{} chars differ, first: {:?}",
            wrong.len(),
            &wrong[..wrong.len().min(20)]
        );
    }
}

#[test]
fn keeps_identifiers_numbers_and_contractions_whole() {
    assert_eq!(
        words("json.dumps snake_case x86_64 3.14 v1.2 1,000 don't don’t note: a.b.c"),
        [
            "json.dumps",
            "snake_case",
            "x86_64",
            "3.14",
            "v1.2",
            "1,000",
            "don't",
            "don’t",
            "note",
            "a.b.c"
        ]
    );
    // A joining char needs a letter (or digit) on both sides.
    assert_eq!(
        words("end. 1.a a.1 1,a a,b x:::y"),
        ["end", "1", "a", "a", "1", "1", "a", "a", "b", "x", "y"]
    );
}

#[test]
fn marks_and_format_chars_stay_inside_words() {
    for word in [
        "हिन्दी",
        "e\u{301}te\u{301}",
        "zero\u{200D}width",
        "hy\u{AD}phen",
        "שָׁלוֹם",
        "مُحَمَّد",
        "ভাষা",
    ] {
        assert_eq!(words(word), [word], "{word}");
    }
    // A mark after a space or at the start is not a word.
    assert_eq!(words(" \u{301} a"), ["a"]);
}

#[test]
fn connectors_join_anything_and_hebrew_letters_join_across_double_quotes() {
    assert_eq!(
        words("__init__ a_.b 10\u{202F}000 צה\"ל a\"b"),
        ["__init__", "a_", "b", "10\u{202F}000", "צה\"ל", "a", "b"]
    );
    assert_eq!(words("__ _ ..."), Vec::<&str>::new());
}

#[test]
fn other_numbers_and_arabic_decimals_join_the_word() {
    assert_eq!(words("x² ½cup ٣٫١ ٣٫"), ["x²", "½cup", "٣٫١", "٣"]);
}

#[test]
fn bigram_scripts_join_their_neighbours_but_not_through_punctuation() {
    assert_eq!(
        words("2018年 テストcase 東.京 abc.東"),
        ["2018年", "テストcase", "東", "京", "abc", "東"]
    );
}

#[test]
fn a_mark_after_a_joining_char_ends_the_join() {
    // UAX #29 would ignore the mark (WB4) and keep `a.́b` whole.
    assert_eq!(words("a.\u{301}b"), ["a", "b"]);
}

/// Text of alphabetic scripts, numbers, joining punctuation and spaces, built so that none of the
/// documented deviations from UAX #29 comes up: marks only follow letters.
fn alphabetic_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "a",
        "Z",
        "é",
        "e\u{301}",
        "ß",
        "ǅ",
        "Σ",
        "λ",
        "ж",
        "Ё",
        "ש",
        "ב\u{5BC}",
        "ع",
        "بِ",
        "क",
        "कि",
        "क्",
        "ক্ষ",
        "ა",
        "ᚠ",
        "0",
        "7",
        "٣",
        "١",
        "९",
        "０",
        "_",
        "\u{203F}",
        "\u{202F}",
        "a\u{200D}",
        "a\u{AD}",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\u{A0}",
        "\u{3000}",
        ".",
        ",",
        ":",
        ";",
        "'",
        "’",
        "‘",
        "\"",
        "·",
        "،",
        "٬",
        "-",
        "(",
        ")",
        "!",
        "?",
        "/",
        "@",
        "#",
        "+",
        "&",
        "«",
        "»",
        "—",
        "…",
        "€",
        "§",
    ]);
    prop::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn ascii_words_equal_uax29(text in "[a-c0-1_.,;:'\" \t\n\r+#-]{0,40}") {
        prop_assert_eq!(words(&text), oracle(&text));
    }

    #[test]
    fn alphabetic_script_words_equal_uax29(text in alphabetic_text()) {
        // A final apostrophe after a Hebrew letter is the one rule (WB7a) left out.
        prop_assume!(!["ש'", "ב\u{5BC}'", "ש’", "ב\u{5BC}’"].iter().any(|p| text.contains(p)));
        prop_assert_eq!(words(&text), oracle(&text));
    }

    #[test]
    fn words_are_well_formed_and_stable(text in any::<String>()) {
        let mut last_end = 0;
        for (start, end) in Words::new(&text) {
            prop_assert!(last_end <= start && start < end);
            prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            let word = &text[start..end];
            prop_assert!(word.chars().any(char::is_alphanumeric));
            prop_assert!(starts_word(class(word.chars().next().unwrap())));
            prop_assert!(word.chars().all(|c| class(c) != Break));
            // A word cut out of the text (or typed as a query) is cut the same way again.
            prop_assert_eq!(words(word), [word]);
            last_end = end;
        }
    }

    #[test]
    fn words_do_not_reach_across_spaces(pieces in prop::collection::vec(alphabetic_text(), 1..4)) {
        // Segmenting pieces apart and joined with spaces gives the same words: where a text is cut
        // at whitespace does not matter.
        let text = pieces.join(" ");
        let mut apart = Vec::new();
        for piece in &pieces {
            apart.extend(words(piece));
        }
        prop_assert_eq!(words(&text), apart);
    }
}
