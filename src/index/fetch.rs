//! The fetch loop's home: the engine answers [`Outcome::Need`] until it has the files it needs, and
//! one rule, applied where that answer is made ([`Index::need`]), makes every loop end.
//!
//! **The rule**: the engine never asks for nothing, and never for a file it already holds. A caller
//! that adds every file it is asked for (or stops at the first error) therefore fills at least one
//! more slot each round, and an index has finitely many (the manifest's files), so the loop ends: no
//! caller counts rounds or compares lists. The browser's worker runs the loop across its fetches with
//! no state in the binding; native callers run it through [`Index::settle`].
//!
//! The rule holds by construction: `lookup.rs` is the only code that names a file to fetch, and it
//! names only files whose slot is empty; [`Index::add_file`] fills the slots of the name it is given
//! or fails; every [`Outcome::Need`] is made by [`Index::need`], which checks the rule and answers
//! [`Error::Stalled`] if it is ever broken: both halves in native builds (so the tests and the fuzz
//! targets check it on every round), the "nothing" half in the browser's.

use super::reader::Index;
use crate::error::Error;

/// The answer to a request that may need more files first.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome<T> {
    /// Fetch these files (names relative to the index folder), add them, and ask again. Never empty,
    /// and never a file already added, so the loop ends (see [`Index::settle`]).
    Need(Vec<String>),
    /// The answer.
    Ready(T),
}

impl Index {
    /// The engine's answer when files are missing: `names`, checked against the rule above.
    pub(crate) fn need<T>(&self, names: Vec<String>) -> Result<Outcome<T>, Error> {
        // Asking for nothing is checked everywhere (it costs the wasm module 43 bytes gzipped).
        // Asking for a held file is checked in native builds, which the tests and the fuzz targets
        // run; the browser's build trusts that half of the rule, which holds by construction
        // (`lookup.rs` names only empty slots), as it trusts a shard's fst (see `Index::add_file`):
        // looking each name's slots up again would cost the module ~290 bytes gzipped.
        if names.is_empty() {
            return Err(Error::Stalled {
                file: String::new(),
            });
        }
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(held) = names.iter().find(|n| self.has_file(n)) {
            return Err(Error::Stalled { file: held.clone() });
        }
        Ok(Outcome::Need(names))
    }

    /// The fetch loop for native callers: `ask` the engine (a search, a document), `fetch` each file
    /// it needs, add it, ask again, until the answer is ready. The first error of either ends it.
    ///
    /// The engine never asks for nothing nor for a file it holds, so each round fills at least one
    /// more of the index's finitely many slots: the loop ends without counting rounds. (Native builds
    /// check that rule on every answer and fail with [`Error::Stalled`] if it is ever broken.)
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

#[cfg(all(test, feature = "build"))]
mod tests {
    use super::*;
    use crate::document::{Document, Span, BODY};
    use crate::format::{self, Kind};
    use crate::index::{Builder, BuilderConfig};
    use std::collections::BTreeMap;

    fn files() -> BTreeMap<String, Vec<u8>> {
        let mut b = Builder::new(BuilderConfig {
            inline_limit_bytes: 0,
            ..BuilderConfig::default()
        })
        .unwrap();
        for i in 0..20 {
            b.add(Document {
                url: format!("/{i}"),
                title: format!("Page {i}"),
                spans: vec![Span::new(BODY, format!("page {i} holds word{i}"))],
                ..Document::default()
            })
            .unwrap();
        }
        let mut files = BTreeMap::new();
        b.finish(&mut |name, gz| {
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gz), &mut out)?;
            files.insert(name.to_string(), out);
            Ok(())
        })
        .unwrap();
        files
    }

    #[test]
    fn asking_for_nothing_or_for_a_held_file_is_stalled_not_a_loop() {
        let files = files();
        let mut index = Index::open(&files[format::MANIFEST]).unwrap();
        let shard = format::file_name(Kind::Shard, index.manifest().shards[0].file.hash);
        assert!(matches!(
            index.need::<()>(vec![shard.clone()]),
            Ok(Outcome::Need(n)) if n == [shard.clone()]
        ));
        assert!(matches!(
            index.need::<()>(Vec::new()),
            Err(Error::Stalled { file }) if file.is_empty()
        ));
        index.add_file(&shard, &files[&shard]).unwrap();
        assert!(matches!(
            index.need::<()>(vec![shard.clone()]),
            Err(Error::Stalled { file }) if file == shard
        ));
    }

    #[test]
    fn settle_fetches_what_is_asked_until_ready_and_stops_at_the_first_error() {
        let files = files();
        let mut index = Index::open(&files[format::MANIFEST]).unwrap();
        let shard = format::file_name(Kind::Shard, index.manifest().shards[0].file.hash);
        let mut fetched = Vec::new();
        let answer = index.settle(
            |i| {
                Ok(if i.has_file(&shard) {
                    Outcome::Ready(7)
                } else {
                    Outcome::Need(vec![shard.clone()])
                })
            },
            |name| {
                fetched.push(name.to_string());
                Ok(&files[name])
            },
        );
        assert_eq!((answer.ok(), fetched), (Some(7), vec![shard.clone()]));
        let missing = || Error::UnknownFile {
            file: "gone".into(),
        };
        let mut fresh = Index::open(&files[format::MANIFEST]).unwrap();
        let answer: Result<(), Error> = fresh.settle(
            |i| i.need(vec![shard.clone()]),
            |_| Err::<&[u8], _>(missing()),
        );
        assert_eq!(answer.unwrap_err().message(), missing().message());
    }
}
