//! Query syntax: words are ANDed; `"quoted phrases"` anywhere; `-word` and `-"a phrase"` exclude; the
//! last word is a prefix while the user is still typing it (no space after it yet).
//!
//! Every piece of text is cut by the index's own tokenizer, so a query word becomes exactly the terms
//! the corpus was indexed under. Hostile input is bounded here: the query is cut at
//! [`MAX_QUERY_BYTES`] and at [`MAX_CLAUSES`] clauses, so later stages do bounded work.

use crate::tokenize::{TokenKind, Tokenizer};

/// Longer queries are cut (at a character boundary).
pub const MAX_QUERY_BYTES: usize = 1024;
/// Clauses beyond this many are ignored.
pub const MAX_CLAUSES: usize = 16;
/// Words per phrase beyond this many are ignored.
pub const MAX_PHRASE_WORDS: usize = 16;

/// One word of a clause, as the index knows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    /// The term (lowercase, as tokenized).
    pub term: String,
    /// Its diacritic-folded form, when different.
    pub folded: Option<String>,
    /// Position relative to the clause's first word (phrases).
    pub offset: u32,
    /// The parts of a compound word (`vec::Vec` → `vec`, `vec`), offsets relative to the word: a
    /// compound the vocabulary lacks is matched as the phrase of its parts.
    pub parts: Vec<Word>,
}

/// A unit of the query: a word or a phrase, required or excluded.
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    /// One word, or several for a phrase.
    pub words: Vec<Word>,
    /// Whether the words must occur together, in order.
    pub phrase: bool,
    /// Excluded (`-word`).
    pub negated: bool,
    /// The word is still being typed: match it as a prefix too.
    pub prefix: bool,
    /// Byte range of the clause's text in the (cut) query, for did-you-mean rewriting.
    pub range: (usize, usize),
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedQuery {
    /// The query text actually used (cut at [`MAX_QUERY_BYTES`]).
    pub text: String,
    /// Its clauses, required and excluded.
    pub clauses: Vec<Clause>,
}

impl ParsedQuery {
    /// Clauses that documents must match.
    pub fn positive(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.iter().filter(|c| !c.negated)
    }
}

fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Parses `query` with the index's tokenizer.
pub fn parse(tokenizer: &Tokenizer, query: &str) -> ParsedQuery {
    let text = cut(query, MAX_QUERY_BYTES);
    let mut clauses: Vec<Clause> = Vec::new();
    let mut chunks: Vec<(usize, usize, bool, bool)> = Vec::new(); // start, end, quoted, negated

    // Separators are whitespace and control characters, Unicode ones included (a pasted no-break
    // space, U+0085): stepping over them byte by byte would land inside a character.
    let separator = |ch: char| ch.is_whitespace() || ch.is_control();
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        if separator(c) {
            i += c.len_utf8();
            continue;
        }
        let after = text[i + c.len_utf8()..].chars().next();
        let negated = c == '-' && after.is_some_and(|n| !separator(n));
        let start = if negated { i + 1 } else { i };
        if text[start..].starts_with('"') {
            let body = start + 1;
            let end = text.as_bytes()[body..]
                .iter()
                .position(|&b| b == b'"')
                .map_or(text.len(), |e| body + e);
            chunks.push((body, end, true, negated));
            i = (end + 1).min(text.len());
        } else {
            let end = text[start..]
                .find(|ch: char| separator(ch) || ch == '"')
                .map_or(text.len(), |e| start + e);
            chunks.push((start, end, false, negated));
            // `end > start`: the chunk starts with neither a separator nor a quote.
            i = end.max(start + 1);
        }
    }
    let ends_open = text
        .chars()
        .last()
        .is_some_and(|c| !c.is_whitespace() && c != '"');
    let mut tokens = Vec::new();
    let last_chunk = chunks.len().saturating_sub(1);
    for (n, &(start, end, quoted, negated)) in chunks.iter().enumerate() {
        tokens.clear();
        tokenizer.tokens(&text[start..end], 0, &mut tokens);
        let mut words: Vec<Word> = Vec::new();
        let mut word_end = 0;
        for t in &tokens {
            match t.kind {
                TokenKind::Word => {
                    word_end = t.end;
                    words.push(Word {
                        term: t.term.clone(),
                        folded: None,
                        offset: t.position,
                        parts: Vec::new(),
                    })
                }
                TokenKind::Folded => {
                    let Some(w) = words.last_mut() else { continue };
                    if let Some(p) = w
                        .parts
                        .last_mut()
                        .filter(|p| p.offset + w.offset == t.position && t.start < word_end)
                    {
                        p.folded = Some(t.term.clone());
                    } else if w.offset == t.position {
                        w.folded = Some(t.term.clone());
                    }
                }
                TokenKind::Part => {
                    if let Some(w) = words.last_mut().filter(|_| t.start < word_end) {
                        w.parts.push(Word {
                            term: t.term.clone(),
                            folded: None,
                            offset: t.position.saturating_sub(w.offset),
                            parts: Vec::new(),
                        });
                    }
                }
            }
        }
        if words.is_empty() {
            continue;
        }
        // The last piece, still being typed (a quote left open is a phrase being typed).
        let typing = !negated && n == last_chunk && ends_open;
        // Tokens that overlap in the text (CJK bigrams) only make sense together: a phrase.
        let overlapping = tokens
            .windows(2)
            .any(|w| w[1].start < w[0].end && w[1].kind == TokenKind::Word);
        if quoted || overlapping {
            words.truncate(MAX_PHRASE_WORDS);
            let first = words[0].offset;
            for w in &mut words {
                w.offset -= first;
            }
            let phrase = words.len() > 1;
            clauses.push(Clause {
                words,
                phrase,
                negated,
                prefix: typing && end == text.len(),
                range: (start, end),
            });
        } else {
            let count = words.len();
            for (k, mut w) in words.into_iter().enumerate() {
                w.offset = 0;
                let prefix = typing && k + 1 == count;
                clauses.push(Clause {
                    words: vec![w],
                    phrase: false,
                    negated,
                    prefix,
                    range: (start, end),
                });
            }
        }
    }
    // Drop repeats (a repeated word adds nothing) and cut at MAX_CLAUSES.
    let mut unique: Vec<Clause> = Vec::new();
    for c in clauses {
        if let Some(same) = unique
            .iter_mut()
            .find(|u| u.words == c.words && u.negated == c.negated && u.phrase == c.phrase)
        {
            same.prefix |= c.prefix;
            continue;
        }
        if unique.len() < MAX_CLAUSES {
            unique.push(c);
        }
    }
    ParsedQuery {
        text: text.to_string(),
        clauses: unique,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::TokenizerConfig;

    fn p(q: &str) -> ParsedQuery {
        parse(&Tokenizer::new(&TokenizerConfig::default()), q)
    }

    fn terms(c: &Clause) -> Vec<&str> {
        c.words.iter().map(|w| w.term.as_str()).collect()
    }

    #[test]
    fn words_phrases_and_exclusions() {
        let q = p(r#"Vacuum "full table" -lock -"dead tuples" anal"#);
        let c = &q.clauses;
        assert_eq!(c.len(), 5);
        assert_eq!(
            (terms(&c[0]), c[0].phrase, c[0].negated, c[0].prefix),
            (vec!["vacuum"], false, false, false)
        );
        assert_eq!((terms(&c[1]), c[1].phrase), (vec!["full", "table"], true));
        assert_eq!((terms(&c[2]), c[2].negated), (vec!["lock"], true));
        assert_eq!(
            (terms(&c[3]), c[3].negated, c[3].phrase),
            (vec!["dead", "tuples"], true, true)
        );
        assert_eq!((terms(&c[4]), c[4].prefix), (vec!["anal"], true));
    }

    #[test]
    fn last_word_is_a_prefix_only_while_typed() {
        assert!(p("vacuum ana").clauses[1].prefix);
        assert!(!p("vacuum ana ").clauses[1].prefix);
        assert!(!p("\"vacuum ana\"").clauses[0].prefix);
    }

    #[test]
    fn an_open_quote_is_a_phrase_being_typed() {
        let q = p("\"public sec");
        assert_eq!(q.clauses.len(), 1);
        let c = &q.clauses[0];
        assert_eq!(
            (terms(c), c.phrase, c.prefix),
            (vec!["public", "sec"], true, true)
        );
        assert!(p("\"publ").clauses[0].prefix);
        assert!(!p("\"public sec ").clauses[0].prefix);
        assert!(!p("\"public sec\"").clauses[0].prefix);
        assert!(!p("-\"public sec").clauses[0].prefix);
        assert!(!p("\"public sec\" x").clauses[0].prefix);
    }

    #[test]
    fn unpaired_quote_runs_to_the_end() {
        let q = p("select \"order by");
        assert_eq!(q.clauses.len(), 2);
        assert!(q.clauses[1].phrase);
    }

    #[test]
    fn hostile_queries_are_bounded() {
        let long = "word ".repeat(5000);
        let q = p(&long);
        assert!(q.text.len() <= MAX_QUERY_BYTES);
        assert_eq!(q.clauses.len(), 1);
        let many: String = (0..2000).map(|i| format!("w{i} ")).collect();
        assert_eq!(p(&many).clauses.len(), MAX_CLAUSES);
        assert!(p("\"\"\" - -- \"-\" ,,, \u{0}\u{7}").clauses.is_empty());
        assert!(p("").clauses.is_empty());
        let _ = p("é\u{301}\u{301}\u{301}日本語 абв -");
    }

    #[test]
    fn unicode_spaces_and_controls_separate_words() {
        for sep in ["\u{a0}", "\u{85}", "\u{2028}", "\u{3000}", "\u{a0}\u{85}"] {
            let q = p(&format!("vacuum{sep}full{sep}"));
            let words: Vec<Vec<&str>> = q.clauses.iter().map(terms).collect();
            assert_eq!(words, [["vacuum"], ["full"]], "{sep:?}");
            let q = p(&format!("-{sep}vacuum -x{sep}"));
            assert_eq!(q.clauses.len(), 2, "{sep:?}");
            assert!(!q.clauses[0].negated && q.clauses[1].negated, "{sep:?}");
        }
        let _ = p("\u{85}\u{a0}-\u{85}\"\u{85}");
    }
}
