//! The library's typed errors: each message says what went wrong and, where there is one, what to do.
//!
//! An error caused by another one (a failed read, an encoder's error) keeps it as its
//! [`source`](std::error::Error::source), and its own message leaves it out, as the Rust convention
//! has it: print the chain (`anyhow`'s `{:#}`, or walk `source()`) to see both, e.g. "cannot read
//! index/manifest.bin: No such file or directory (os error 2)".

use std::fmt;

/// The error an `Error::Build` was caused by.
#[cfg(feature = "build")]
pub type BoxedSource = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong while building or reading an index.
#[derive(Debug)]
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
    /// The builder was used in a way it does not support, or its data did not encode. (Only with
    /// the `build` feature, as is `Io`: the browser's reader neither builds nor opens files.)
    #[cfg(feature = "build")]
    Build {
        /// What went wrong.
        message: String,
        /// The encoder's error, when one caused it.
        source: Option<BoxedSource>,
    },
    /// Reading or writing a file failed.
    #[cfg(feature = "build")]
    Io {
        /// What was being done ("cannot read manifest.bin"), or what was wrong with the file.
        context: String,
        /// The I/O error, when one caused it.
        source: Option<std::io::Error>,
    },
    /// The search options (JSON, from the JS API) do not parse.
    OptionsNotJson,
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
            #[cfg(feature = "build")]
            Error::Build { message, .. } => {
                out.push_str("cannot build the index");
                // A bare encoder error reads as "cannot build the index: <its message>" in a chain.
                if !message.is_empty() {
                    out.push_str(": ");
                    out.push_str(message);
                }
            }
            #[cfg(feature = "build")]
            Error::Io { context, .. } => out.push_str(context),
            Error::OptionsNotJson => out.push_str("search options are not valid JSON"),
        }
        out
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            #[cfg(feature = "build")]
            Error::Build {
                source: Some(e), ..
            } => Some(e.as_ref()),
            #[cfg(feature = "build")]
            Error::Io {
                source: Some(e), ..
            } => Some(e),
            _ => None,
        }
    }
}

impl Error {
    pub(crate) fn corrupt(file: &str, detail: impl Into<String>) -> Error {
        Error::Corrupt {
            file: file.to_string(),
            detail: detail.into(),
        }
    }

    /// An I/O error, with what was being done when it happened.
    #[cfg(feature = "build")]
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            context: context.into(),
            source: Some(source),
        }
    }

    /// A file that cannot be used, no I/O error behind it (a spill file ended early, say).
    #[cfg(feature = "build")]
    pub(crate) fn bad_file(context: impl Into<String>) -> Error {
        Error::Io {
            context: context.into(),
            source: None,
        }
    }

    /// A misuse of the builder.
    #[cfg(feature = "build")]
    pub(crate) fn build(message: impl Into<String>) -> Error {
        Error::Build {
            message: message.into(),
            source: None,
        }
    }

    /// An encoder's error while building, with what was being encoded (or "" for nothing to add).
    #[cfg(feature = "build")]
    pub(crate) fn encode(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error::Build {
            message: message.into(),
            source: Some(Box::new(source)),
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
        #[cfg(feature = "build")]
        assert_eq!(Error::bad_file("disk full").to_string(), "disk full");
    }

    #[test]
    #[cfg(feature = "build")]
    fn causes_are_kept_as_sources_and_left_out_of_the_message() {
        use std::error::Error as _;
        let e = Error::io(
            "cannot read manifest.bin",
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        );
        assert_eq!(e.to_string(), "cannot read manifest.bin");
        let io = e
            .source()
            .unwrap()
            .downcast_ref::<std::io::Error>()
            .unwrap();
        assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
        // Printed as a chain, the message reads as it did when the cause was part of it.
        let chain = format!("{e}: {}", e.source().unwrap());
        assert_eq!(chain, "cannot read manifest.bin: no such file");
        let enc = Error::encode("", std::fmt::Error);
        assert_eq!(enc.to_string(), "cannot build the index");
        assert!(enc.source().is_some());
        assert_eq!(
            Error::build("too many fields").to_string(),
            "cannot build the index: too many fields"
        );
        assert!(Error::bad_file("a spill file is damaged")
            .source()
            .is_none());
    }
}
