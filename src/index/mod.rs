//! Building an index ([`Builder`]) and reading one ([`Index`], and [`DirIndex`] natively).

#[cfg(feature = "build")]
mod builder;
#[cfg(feature = "build")]
mod bundles;
#[cfg(feature = "build")]
pub mod dict;
#[cfg(feature = "build")]
mod dir;
mod prepare;
mod reader;
#[cfg(feature = "build")]
mod spill;

#[cfg(feature = "build")]
pub use builder::{BuildStats, Builder, BuilderConfig, DICTIONARY_USE, MAX_FIELDS};
#[cfg(feature = "build")]
pub use dir::{read_file, DirIndex};
pub use prepare::{walk_tokens, walk_tokens_from, PreparedDocument, Preparer, Source, SPAN_GAP};
pub(crate) use reader::prefix_upper;
pub use reader::Index;

/// The answer to a request that may need more files first.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome<T> {
    /// Fetch these files (names relative to the index folder), add them, and ask again.
    Need(Vec<String>),
    /// The answer.
    Ready(T),
}
