//! From a query word to the vocabulary terms it matches: its exact form, its diacritic-folded form,
//! its stem siblings, its prefix extensions (while typed) and, when those find nothing, its typo
//! neighbours — each with a weight, in that order.
//!
//! Everything walks the per-shard fsts, so results are complete across shards: a prefix or typo
//! query loads every shard whose term range can hold a match, and nothing else. Stem siblings need no
//! stemmer at query time: the build stored each term's stem in its shard, and Snowball stems are
//! (nearly) prefixes of their words, so the engine walks the stem's prefix range and keeps the terms
//! whose stored stem is the query word's.

use fst::Streamer;

use super::parse::Word;
use crate::automaton::{Osa, Walk};
use crate::error::Error;
use crate::index::Index;
use crate::sort::sort_by;
use crate::tokenize::char_count as char_len;

/// Prefix extensions considered per word (the most frequent are kept).
pub const MAX_PREFIX_TERMS: usize = 1000;
/// Extensions kept for a two-letter prefix: only the most frequent, never a junk long tail.
pub const SHORT_PREFIX_TERMS: usize = 8;
/// Terms scanned for stem siblings.
pub const MAX_STEM_SCAN: usize = 400;
/// Typo neighbours kept per word.
pub const MAX_TYPO_TERMS: usize = 24;
/// Terms visited by one typo walk before it stops.
pub const MAX_TYPO_VISITS: usize = 20_000;
/// Typo search only for words up to this many bytes.
pub const MAX_TYPO_BYTES: usize = 32;

/// How a term matched a query word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    /// The word itself.
    Exact,
    /// Its diacritic-folded form.
    Folded,
    /// A term with the same stem.
    Stem,
    /// A longer term the word is a prefix of.
    Prefix,
    /// A term within this many edits.
    Typo(u8),
    /// A term one of whose prefixes is within this many edits (the word is still being typed).
    TypoPrefix(u8),
}

impl MatchKind {
    fn weight(self, word_len: usize, term_len: usize) -> f32 {
        match self {
            MatchKind::Exact => 1.0,
            MatchKind::Folded => 0.9,
            MatchKind::Stem => 0.75,
            MatchKind::Prefix => 0.4 + 0.35 * (word_len as f32 / term_len.max(1) as f32),
            MatchKind::Typo(1) => 0.3,
            MatchKind::Typo(_) => 0.18,
            MatchKind::TypoPrefix(_) => 0.12,
        }
    }
}

/// A vocabulary term matched by a query word, with its postings.
#[derive(Clone, Debug)]
pub struct Variant {
    /// The term.
    pub term: String,
    /// How it matched.
    pub kind: MatchKind,
    /// Its weight in scoring.
    pub weight: f32,
    /// The shard it came from (positions are read from there).
    pub shard: usize,
    /// Its ordinal in that shard, where its postings are read in place
    /// ([`rank::postings`](super::rank::postings)).
    pub ordinal: usize,
}

/// Which expansions to try.
#[derive(Clone, Copy, Debug)]
pub struct Mode {
    /// Stem siblings.
    pub stem: bool,
    /// Prefix extensions.
    pub prefix: bool,
    /// Typo neighbours when nothing else matched.
    pub typo: bool,
}

/// Counts of work done, for the bounds tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Work {
    /// Vocabulary terms visited by prefix, stem and typo walks.
    pub terms_visited: usize,
    /// Postings lists looked up (read in place since the views of issue 16; the name is older).
    pub postings_decoded: usize,
}

/// Expands `word`; `Ok(None)` when shards are missing (their names are on `need`).
pub fn expand(
    index: &Index,
    word: &Word,
    mode: Mode,
    need: &mut Vec<String>,
    work: &mut Work,
) -> Result<Option<Vec<Variant>>, Error> {
    let mut out: Vec<Variant> = Vec::new();
    let wlen = char_len(&word.term);
    let mut missing = false;
    let add = |index: &Index,
               term: &str,
               kind: MatchKind,
               shard: usize,
               work: &mut Work,
               out: &mut Vec<Variant>|
     -> Result<(), Error> {
        if out.iter().any(|v| v.term == term) {
            return Ok(());
        }
        let Some(s) = index.loaded_shard(shard) else {
            return Ok(());
        };
        if let Some(ordinal) = s.ordinal(term) {
            work.postings_decoded += 1;
            let weight = kind.weight(wlen, char_len(term));
            out.push(Variant {
                term: term.to_string(),
                kind,
                weight,
                shard,
                ordinal,
            });
        }
        Ok(())
    };

    // Exact and folded forms.
    let mut forms = vec![(word.term.as_str(), MatchKind::Exact)];
    if let Some(f) = &word.folded {
        forms.push((f.as_str(), MatchKind::Folded));
    }
    for (form, _) in &forms {
        missing |= index.shard(index.shard_for(form), need).is_none();
    }
    let prefix_ok = mode.prefix && wlen >= 2;
    if prefix_ok {
        for i in index.shards_for_prefix(&word.term) {
            missing |= index.shard(i, need).is_none();
        }
    }
    if missing {
        return Ok(None);
    }
    // Stem siblings: the build stored each term's stem; walk the longest common prefix of the word
    // and its stem for terms with the same one. A word missing from the vocabulary has no stored
    // stem: typo tolerance covers its near forms instead.
    let stem: Option<String> = if mode.stem {
        index
            .loaded_shard(index.shard_for(&word.term))
            .and_then(|s| s.stem_of(&word.term))
            .map(str::to_string)
    } else {
        None
    };
    let stem_prefix = stem
        .as_deref()
        .map(|s| common_prefix(s, &word.term))
        .filter(|p| char_len(p) >= 3);
    if let Some(p) = stem_prefix {
        for i in index.shards_for_prefix(p) {
            missing |= index.shard(i, need).is_none();
        }
    }
    if missing {
        return Ok(None);
    }
    for (form, kind) in &forms {
        add(index, form, *kind, index.shard_for(form), work, &mut out)?;
    }
    if let (Some(stem), Some(p)) = (stem.as_deref(), stem_prefix) {
        let mut scanned = 0;
        'shards: for i in index.shards_for_prefix(p) {
            let shard = index.loaded_shard(i).expect("checked above");
            let mut stream = shard.terms(Walk::All, p);
            while let Some((term, ordinal)) = stream.next() {
                scanned += 1;
                work.terms_visited += 1;
                if scanned > MAX_STEM_SCAN {
                    break 'shards;
                }
                let Ok(term) = std::str::from_utf8(term) else {
                    continue;
                };
                if term != word.term && shard.stem_at(ordinal, term) == Some(stem) {
                    let term = term.to_string();
                    add(index, &term, MatchKind::Stem, i, work, &mut out)?;
                }
            }
        }
    }
    if prefix_ok {
        // Every extension, most frequent first, so a cut keeps the useful ones.
        let keep = if wlen < 3 {
            SHORT_PREFIX_TERMS
        } else {
            MAX_PREFIX_TERMS
        };
        let mut found: Vec<(u32, String, usize)> = Vec::new();
        for i in index.shards_for_prefix(&word.term) {
            let shard = index.loaded_shard(i).expect("checked above");
            let mut stream = shard.terms(Walk::All, &word.term);
            while let Some((term, offset)) = stream.next() {
                work.terms_visited += 1;
                if term.len() == word.term.len() {
                    continue;
                }
                let df = shard.df(offset);
                if let Ok(term) = std::str::from_utf8(term) {
                    found.push((df, term.to_string(), i));
                }
                if found.len() >= 4 * MAX_PREFIX_TERMS {
                    sort_by(&mut found, |a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
                    found.truncate(keep);
                }
            }
        }
        sort_by(&mut found, |a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        found.truncate(keep);
        for (_, term, i) in found {
            add(index, &term, MatchKind::Prefix, i, work, &mut out)?;
        }
    }
    if out
        .iter()
        .any(|v| matches!(v.kind, MatchKind::Exact | MatchKind::Folded))
    {
        // The word exists as typed: its extensions are likelier noise than intent.
        for v in out.iter_mut().filter(|v| v.kind == MatchKind::Prefix) {
            v.weight *= 0.6;
        }
    }
    if out.is_empty() && mode.typo {
        match typos(index, &word.term, mode.prefix, need, work)? {
            None => return Ok(None),
            Some(found) => {
                // While typing, a typo may sit in a prefix (`vacm` → `vacuum`); a whole-word
                // neighbour (`vacum` → `vacuum`) still beats one that only extends a neighbour.
                let whole = Osa::new(&word.term, typo_budget(&word.term), false);
                let mut found: Vec<(MatchKind, String, usize)> = found
                    .into_iter()
                    .map(|(term, d, i)| {
                        let w = whole.distance(&term);
                        let kind = if !mode.prefix || w <= typo_budget(&word.term) {
                            MatchKind::Typo(w.max(1))
                        } else {
                            MatchKind::TypoPrefix(d)
                        };
                        (kind, term, i)
                    })
                    .collect();
                sort_by(&mut found, |a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
                for (kind, term, i) in found {
                    add(index, &term, kind, i, work, &mut out)?;
                }
            }
        }
    }
    Ok(Some(out))
}

/// The edit budget for a word: 1 from 4 letters, 2 from 8.
pub fn typo_budget(word: &str) -> u8 {
    match char_len(word) {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// A typo neighbour: `(term, distance, shard)`.
type Neighbour = (String, u8, usize);

/// Typo neighbours of `word` (sharing its first letter), `(term, distance, shard)`, best first.
fn typos(
    index: &Index,
    word: &str,
    prefix: bool,
    need: &mut Vec<String>,
    work: &mut Work,
) -> Result<Option<Vec<Neighbour>>, Error> {
    let k = typo_budget(word);
    if k == 0 || word.len() > MAX_TYPO_BYTES {
        return Ok(Some(Vec::new()));
    }
    let first = &word[..word.chars().next().map_or(0, char::len_utf8)];
    let range = index.shards_for_prefix(first);
    let mut missing = false;
    for i in range.clone() {
        missing |= index.shard(i, need).is_none();
    }
    if missing {
        return Ok(None);
    }
    let automaton = Osa::new(word, k, prefix);
    let mut found: Vec<(u8, u32, String, usize)> = Vec::new();
    let mut visits = 0;
    'shards: for i in range {
        let shard = index.loaded_shard(i).expect("checked above");
        let mut stream = shard.terms(Walk::Typos(&automaton), first);
        while let Some((term, offset)) = stream.next() {
            visits += 1;
            work.terms_visited += 1;
            if visits > MAX_TYPO_VISITS {
                break 'shards;
            }
            let Ok(term) = std::str::from_utf8(term) else {
                continue;
            };
            let d = automaton.distance(term);
            let df = shard.df(offset);
            found.push((d, df, term.to_string(), i));
        }
    }
    sort_by(&mut found, |a, b| {
        a.0.cmp(&b.0)
            .then(b.1.cmp(&a.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    found.truncate(MAX_TYPO_TERMS);
    Ok(Some(
        found
            .into_iter()
            .map(|(d, _, t, i)| (t, d.max(1), i))
            .collect(),
    ))
}

fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let mut end = 0;
    for ((i, x), y) in a.char_indices().zip(b.chars()) {
        if x != y {
            break;
        }
        end = i + x.len_utf8();
    }
    &a[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_handles_stems_that_change_letters() {
        assert_eq!(common_prefix("happi", "happy"), "happ");
        assert_eq!(common_prefix("run", "running"), "run");
    }
}
