//! The library's typed errors: each message says what went wrong and, where there is one, what to do.

use std::fmt;

/// Everything that can go wrong while building or reading an index.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The bytes do not start with scry's magic: not an index file at all (an HTML error page, say).
    NotAnIndexFile {
        /// The file's name.
        file: String,
    },
    /// The file was written by another version of the index format.
    Version {
        /// The file's name.
        file: String,
        /// The format version this reader understands.
        expected: u16,
        /// The format version found in the file.
        got: u16,
    },
    /// The file is damaged: truncated, or bytes that do not decode.
    Corrupt {
        /// The file's name.
        file: String,
        /// What did not decode.
        detail: String,
    },
    /// The file is intact but belongs to another build of the index (a stale cache, a mixed deploy).
    OtherBuild {
        /// The file's name.
        file: String,
    },
    /// A file name the manifest does not list.
    UnknownFile {
        /// The file's name.
        file: String,
    },
    /// The builder was used in a way it does not support.
    Build(String),
    /// Reading or writing a file failed.
    Io(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotAnIndexFile { file } => write!(
                f,
                "{file} is not a scry index file (the server may have answered with an error page); \
                 check the index URL"
            ),
            Error::Version { file, expected, got } => write!(
                f,
                "{file} was built by scry index format {got}, but this reader understands format \
                 {expected}; rebuild the index with a matching build-index or upgrade the widget"
            ),
            Error::Corrupt { file, detail } => {
                write!(f, "{file} is corrupt ({detail}); rebuild the index or clear the cache")
            }
            Error::OtherBuild { file } => write!(
                f,
                "{file} belongs to another build of the index (a stale cache or a partial deploy); \
                 redeploy the whole index folder and reload"
            ),
            Error::UnknownFile { file } => write!(f, "{file} is not listed in this index's manifest"),
            Error::Build(msg) => write!(f, "cannot build the index: {msg}"),
            Error::Io(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    pub(crate) fn corrupt(file: &str, detail: impl Into<String>) -> Error {
        Error::Corrupt {
            file: file.to_string(),
            detail: detail.into(),
        }
    }
}
