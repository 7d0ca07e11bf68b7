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
    /// The engine asked for a file it already holds (or for none) instead of answering, which it
    /// never does by construction: a bug, reported rather than let a fetch loop ask forever.
    Stalled {
        /// The file asked for again (empty when none was named).
        file: String,
    },
    /// The builder was used in a way it does not support.
    Build(String),
    /// Reading or writing a file failed.
    Io(String),
}

impl Error {
    /// The message [`Display`](fmt::Display) shows, built without `core::fmt` (which would cost the
    /// wasm module a few KiB).
    pub fn message(&self) -> String {
        let mut out = String::new();
        match self {
            Error::NotAnIndexFile { file } => {
                out.push_str(file);
                out.push_str(
                    " is not a scry index file (the server may have answered with an error page); \
                     check the index URL",
                );
            }
            Error::Version {
                file,
                expected,
                got,
            } => {
                out.push_str(file);
                out.push_str(" was built by scry index format ");
                crate::json::push_u64(&mut out, u64::from(*got));
                out.push_str(", but this reader understands format ");
                crate::json::push_u64(&mut out, u64::from(*expected));
                out.push_str("; rebuild the index with a matching scry or upgrade the widget");
            }
            Error::Corrupt { file, detail } => {
                out.push_str(file);
                out.push_str(" is corrupt (");
                out.push_str(detail);
                out.push_str("); rebuild the index or clear the cache");
            }
            Error::OtherBuild { file } => {
                out.push_str(file);
                out.push_str(
                    " belongs to another build of the index (a stale cache or a partial deploy); \
                     redeploy the whole index folder and reload",
                );
            }
            Error::UnknownFile { file } => {
                out.push_str(file);
                out.push_str(" is not listed in this index's manifest");
            }
            Error::Stalled { file } => {
                out.push_str("the search engine asked for a file it holds, or for none (");
                out.push_str(file);
                out.push_str("); this is a bug in scry: please report it");
            }
            Error::Build(msg) => {
                out.push_str("cannot build the index: ");
                out.push_str(msg);
            }
            Error::Io(msg) => out.push_str(msg),
        }
        out
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_what_to_do() {
        let version = Error::Version {
            file: "manifest.bin".into(),
            expected: 1,
            got: 12,
        };
        assert_eq!(
            version.to_string(),
            "manifest.bin was built by scry index format 12, but this reader understands format 1; \
             rebuild the index with a matching scry or upgrade the widget"
        );
        assert_eq!(
            Error::corrupt("t-1.bin", "truncated header").to_string(),
            "t-1.bin is corrupt (truncated header); rebuild the index or clear the cache"
        );
        assert_eq!(Error::Io("disk full".into()).to_string(), "disk full");
    }
}
