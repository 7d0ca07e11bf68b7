//! Building an index ([`Builder`]) and reading one: [`Index`], a cache of the index's files with a
//! narrow API for the query side, and the fetch loop that fills it ([`Outcome`], [`Index::settle`]).

#[cfg(feature = "build")]
mod builder;
#[cfg(feature = "build")]
mod bundles;
#[cfg(feature = "build")]
pub mod dict;
#[cfg(feature = "build")]
mod disk;
mod fetch;
mod lookup;
mod prepare;
mod reader;
#[cfg(feature = "build")]
mod spill;

#[cfg(feature = "build")]
pub use builder::{BuildStats, Builder, BuilderConfig, DICTIONARY_USE, MAX_FIELDS};
#[cfg(feature = "build")]
pub use disk::read_file;
pub use fetch::Outcome;
pub use prepare::{walk_tokens, walk_tokens_from, PreparedDocument, Preparer, Source, SPAN_GAP};
pub use reader::Index;
