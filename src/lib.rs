//! scry: a search engine that runs in the visitor's browser.
//!
//! The build step ([`index::Builder`]) turns documents into a set of immutable, gzip-compressed,
//! content-named files (see [`format`](mod@format) for their byte layout). The browser's worker (through the thin
//! binding in `wasm`) and native readers ([`Index`]) read those files with the same code: open the small
//! manifest, ask the engine which files a query needs ([`Searcher::search`] answers
//! [`Outcome::Need`]), add them, ask again — a loop [`Index::settle`] runs for native callers.
//!
//! One tokenizer ([`tokenize`]) cuts text at build time and at query time, with its settings stored in
//! the manifest so a query is always cut exactly as the corpus was.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
pub mod automaton;
#[cfg(feature = "build")]
mod dir;
pub mod document;
pub mod error;
pub mod format;
pub mod hash;
pub mod index;
pub mod json;
pub mod query;
mod sort;
pub mod tokenize;
#[cfg(feature = "wasm")]
mod wasm;

#[cfg(feature = "build")]
pub use dir::DirIndex;
pub use document::{Document, FieldId, FieldSpec, Span};
pub use error::Error;
#[cfg(feature = "build")]
pub use index::{BuildStats, Builder, BuilderConfig};
pub use index::{Index, Outcome};
pub use query::{DocView, Filter, FilterMode, Hit, SearchOptions, SearchResults, Searcher};
pub use tokenize::{Tokenizer, TokenizerConfig};
