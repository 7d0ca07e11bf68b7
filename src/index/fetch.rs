//! The fetch loop's home: the engine answers [`Outcome::Need`] until it has the files it needs, and
//! one rule, applied where that answer is made ([`Index::need`]), makes every loop end.
//!
//! **The rule**: the engine never asks for nothing, and never for a file it already holds; it
//! answers [`Error::Stalled`] instead. A caller that adds every file it is asked for (or stops at
//! the first error) therefore adds at least one new file each round, and the files an index can hold
//! are finite (the manifest's), so the loop ends; no caller counts rounds or compares lists. The
//! browser's worker runs the loop across its fetches with no state in the binding, native callers
//! through [`Index::settle`].

use super::Index;
use crate::error::Error;

/// The answer to a request that may need more files first.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome<T> {
    /// Fetch these files (names relative to the index folder), add them, and ask again. Never empty,
    /// and never a file already added (see the [module docs](self)).
    Need(Vec<String>),
    /// The answer.
    Ready(T),
}

impl Index {
    /// The engine's answer when files are missing: `names`, checked against the rule above.
    pub(crate) fn need<T>(&self, names: Vec<String>) -> Result<Outcome<T>, Error> {
        match names.iter().find(|n| self.has_file(n)) {
            None if !names.is_empty() => Ok(Outcome::Need(names)),
            held => Err(Error::Stalled {
                file: held.cloned().unwrap_or_default(),
            }),
        }
    }

    /// The fetch loop for native callers: `ask` the engine (a search, a document), `fetch` each file
    /// it needs, add it, ask again, until the answer is ready. The first error of either ends it.
    ///
    /// `ask` sees the index read-only; query state lives with the caller (the query side's
    /// `Searcher`): `index.settle(|i| searcher.search(i, "vacuum", &options), |name| read(name))`.
    pub fn settle<T, B: AsRef<[u8]>>(
        &mut self,
        mut ask: impl FnMut(&Index) -> Result<Outcome<T>, Error>,
        mut fetch: impl FnMut(&str) -> Result<B, Error>,
    ) -> Result<T, Error> {
        loop {
            match ask(self)? {
                Outcome::Ready(answer) => return Ok(answer),
                Outcome::Need(names) => {
                    for name in names {
                        let bytes = fetch(&name)?;
                        self.add_file(&name, bytes.as_ref())?;
                    }
                }
            }
        }
    }
}
