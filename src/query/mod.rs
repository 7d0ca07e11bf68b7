//! The query engine: parse, expand each word against the vocabulary, match, rank, filter, count
//! facets; and, per result, excerpts with match offsets and heading sub-results.
//!
//! It works in steps so a browser can fetch lazily: [`Searcher::search`] answers
//! [`Outcome::Need`] with the files it lacks (term shards for the words, facet or sort files),
//! the caller adds them to the [`Index`] and asks again ([`Index::settle`] runs that loop natively);
//! [`Searcher::document`] does the same for a result's bundle. The index is only read here, through
//! its narrow API (`index/lookup.rs`); query state lives in the [`Searcher`].

pub mod excerpt;
pub mod expand;
pub mod parse;
pub mod rank;
mod search;

use crate::error::Error;
use crate::index::{Index, Outcome};

pub use excerpt::{DocView, SubResult};
pub use search::{
    FacetCounts, Filter, FilterMode, Hit, SearchOptions, SearchResults, MAX_TYPO_CLAUSES,
};

/// The query engine: it reads an [`Index`], never changes it, and keeps what outlives one call —
/// the matched terms of the last query whose results were shown, so each result's excerpt does not
/// expand the query again. One per open index (the worker's binding and `DirIndex` hold one each).
#[derive(Debug, Default)]
pub struct Searcher {
    /// The last query `document` was asked about, with its matched terms and their clauses.
    terms: excerpt::TermCache,
}

impl Searcher {
    /// Runs `query` over `index`: the results, or the files it needs first.
    pub fn search(
        &self,
        index: &Index,
        query: &str,
        options: &SearchOptions,
    ) -> Result<Outcome<SearchResults>, Error> {
        search::search(index, query, options)
    }

    /// The displayable data of result `doc` for `query`, or the files it needs first (its bundle,
    /// the query's shards, perhaps a positions file and a tail bundle).
    pub fn document(
        &mut self,
        index: &Index,
        doc: u32,
        query: &str,
    ) -> Result<Outcome<DocView>, Error> {
        excerpt::document(index, &mut self.terms, doc, query)
    }
}
