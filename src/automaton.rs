//! The automata that walk a term shard's fst: [`Osa`], a Levenshtein automaton for typo search, and
//! `Walk`, the one automaton type every fst walk uses; plus `prefix_upper` for prefix ranges.
//!
//! A leaf: it knows fsts and characters, nothing of the index or of queries. The reader walks a
//! shard's terms with it when the shard loads (to check its ordinals), the query side when it expands
//! a word.

use fst::Automaton;

/// A Levenshtein automaton with transpositions (optimal string alignment) over characters, with an
/// edit budget of `k`; in prefix mode it accepts any term that has a prefix within the budget.
///
/// Edits are counted in characters, not bytes, so "1 edit from 4 letters" holds in every script: a
/// dropped Cyrillic letter or a swapped `ï` is one edit, not two. The fst hands the automaton bytes;
/// the state decodes UTF-8 as they come and steps the table once per character.
///
/// Its state is the last two rows of the edit-distance table, so building one costs nothing (unlike
/// a DFA) and a walk visits only the fst paths that can still end within the budget.
#[derive(Clone, Debug)]
pub struct Osa {
    query: Vec<char>,
    k: u8,
    prefix: bool,
}

/// One state of [`Osa`].
#[derive(Clone, Debug)]
pub struct OsaState {
    row: Vec<u8>,
    prev: Vec<u8>,
    last: Option<char>,
    matched: bool,
    /// The bits so far of a character whose UTF-8 bytes have not all arrived.
    partial: u32,
    /// Continuation bytes still expected for `partial`.
    pending: u8,
}

impl Osa {
    /// An automaton for `query` with edit budget `k`.
    pub fn new(query: &str, k: u8, prefix: bool) -> Osa {
        Osa {
            query: query.chars().collect(),
            k,
            prefix,
        }
    }

    fn step(&self, s: &OsaState, c: char) -> OsaState {
        let n = self.query.len();
        let cap = self.k + 1;
        let mut row = Vec::with_capacity(n + 1);
        row.push(s.row[0].saturating_add(1).min(cap));
        for j in 1..=n {
            let q = self.query[j - 1];
            let mut v = (s.row[j] + 1)
                .min(row[j - 1] + 1)
                .min(s.row[j - 1] + u8::from(q != c));
            if j > 1 && Some(q) == s.last && self.query[j - 2] == c {
                v = v.min(s.prev[j - 2] + 1);
            }
            row.push(v.min(cap));
        }
        let matched = s.matched || (self.prefix && row[n] <= self.k);
        OsaState {
            prev: s.row.clone(),
            row,
            last: Some(c),
            matched,
            partial: 0,
            pending: 0,
        }
    }

    /// The distance of `term` (in prefix mode: of its closest prefix), capped at `k + 1`.
    pub fn distance(&self, term: &str) -> u8 {
        let mut s = self.start();
        let mut best = s.row[self.query.len()];
        for c in term.chars() {
            s = self.step(&s, c);
            best = best.min(s.row[self.query.len()]);
        }
        if self.prefix {
            best
        } else {
            s.row[self.query.len()]
        }
    }
}

impl Automaton for Osa {
    type State = OsaState;

    fn start(&self) -> OsaState {
        let cap = usize::from(self.k) + 1;
        let row: Vec<u8> = (0..=self.query.len()).map(|j| j.min(cap) as u8).collect();
        OsaState {
            prev: row.clone(),
            row,
            last: None,
            matched: false,
            partial: 0,
            pending: 0,
        }
    }

    fn is_match(&self, s: &OsaState) -> bool {
        s.pending == 0 && (s.matched || s.row[self.query.len()] <= self.k)
    }

    fn can_match(&self, s: &OsaState) -> bool {
        s.matched || s.row.iter().any(|&v| v <= self.k)
    }

    fn will_always_match(&self, s: &OsaState) -> bool {
        s.matched
    }

    fn accept(&self, s: &OsaState, byte: u8) -> OsaState {
        const INVALID: char = char::REPLACEMENT_CHARACTER;
        if s.pending > 0 {
            if byte & 0xC0 != 0x80 {
                // A broken sequence (a damaged shard only): one unknown character.
                return self.step(s, INVALID);
            }
            let partial = (s.partial << 6) | u32::from(byte & 0x3F);
            if s.pending > 1 {
                return OsaState {
                    partial,
                    pending: s.pending - 1,
                    ..s.clone()
                };
            }
            return self.step(s, char::from_u32(partial).unwrap_or(INVALID));
        }
        let (pending, bits) = match byte {
            0x00..=0x7F => return self.step(s, char::from(byte)),
            0xC0..=0xDF => (1, byte & 0x1F),
            0xE0..=0xEF => (2, byte & 0x0F),
            0xF0..=0xF7 => (3, byte & 0x07),
            _ => return self.step(s, INVALID),
        };
        OsaState {
            partial: u32::from(bits),
            pending,
            ..s.clone()
        }
    }
}

/// The automaton of every fst walk: all the terms of a range (prefix and stem walks, the check of
/// a shard's ordinals when it loads) or a typo search. One type, so the fst crate's stream code is
/// compiled once into the wasm module, not once per automaton (about 2.5 KB each).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Walk<'a> {
    /// Every term.
    All,
    /// The terms an [`Osa`] accepts.
    Typos(&'a Osa),
}

impl Automaton for Walk<'_> {
    /// `None` walks every term.
    type State = Option<OsaState>;

    fn start(&self) -> Option<OsaState> {
        match self {
            Walk::All => None,
            Walk::Typos(osa) => Some(osa.start()),
        }
    }

    fn is_match(&self, s: &Option<OsaState>) -> bool {
        match (self, s) {
            (Walk::Typos(osa), Some(s)) => osa.is_match(s),
            _ => true,
        }
    }

    fn can_match(&self, s: &Option<OsaState>) -> bool {
        match (self, s) {
            (Walk::Typos(osa), Some(s)) => osa.can_match(s),
            _ => true,
        }
    }

    fn will_always_match(&self, s: &Option<OsaState>) -> bool {
        match (self, s) {
            (Walk::Typos(osa), Some(s)) => osa.will_always_match(s),
            _ => true,
        }
    }

    fn accept(&self, s: &Option<OsaState>, byte: u8) -> Option<OsaState> {
        match (self, s) {
            (Walk::Typos(osa), Some(s)) => Some(osa.accept(s, byte)),
            _ => None,
        }
    }
}

/// The smallest byte string greater than every string starting with `prefix`; `None` if unbounded.
pub(crate) fn prefix_upper(prefix: &str) -> Option<Vec<u8>> {
    let mut bytes = prefix.as_bytes().to_vec();
    while let Some(last) = bytes.pop() {
        if last < 0xff {
            bytes.push(last + 1);
            return Some(bytes);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn osa(a: &str, b: &str) -> u8 {
        Osa::new(a, 2, false).distance(b)
    }

    #[test]
    fn osa_counts_edits_and_transpositions() {
        assert_eq!(osa("vacuum", "vacuum"), 0);
        assert_eq!(osa("vacum", "vacuum"), 1);
        assert_eq!(osa("teh", "the"), 1);
        assert_eq!(osa("postgrse", "postgres"), 1);
        assert_eq!(osa("vaccum", "vacuum"), 1);
        assert_eq!(osa("vaccum", "vacuums"), 2);
        assert_eq!(osa("abc", "xyz"), 3);
    }

    #[test]
    fn edits_are_counted_in_characters_not_bytes() {
        assert_eq!(osa("nïave", "naïve"), 1);
        assert_eq!(osa("cafx", "café"), 1);
        assert_eq!(osa("мосва", "москва"), 1);
        let a = Osa::new("мосва", 1, false);
        let walked = "москва".bytes().fold(a.start(), |s, b| a.accept(&s, b));
        assert!(a.is_match(&walked));
        let half = a.accept(&a.start(), "м".as_bytes()[0]);
        assert!(!a.is_match(&half) && a.can_match(&half));
    }

    #[test]
    fn prefix_mode_accepts_extensions_of_a_close_prefix() {
        let a = Osa::new("vacm", 1, true);
        assert_eq!(a.distance("vacuum"), 1);
        let a = Osa::new("xyzw", 1, true);
        assert!(a.distance("vacuum") > 1);
    }
}
