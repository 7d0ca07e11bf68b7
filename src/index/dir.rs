//! Reading an index folder from disk: the native counterpart of the browser's worker.

use std::io::Read;
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;

use super::{dict, Index, Outcome};
use crate::error::Error;
use crate::format::MANIFEST;
use crate::query::{DocView, SearchOptions, SearchResults};

/// An index folder on disk; files are read as queries need them, as the browser fetches them.
#[derive(Debug)]
pub struct DirIndex {
    dir: PathBuf,
    index: Index,
    /// Files read so far, for tests and benchmarks that count fetches.
    pub files_read: Vec<String>,
}

/// Reads a file of the index, inflating it when it is gzip-compressed or compressed with a
/// dictionary (read from the same folder).
pub fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    let raw =
        std::fs::read(path).map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    let corrupt = |why: String| Error::corrupt(&path.display().to_string(), why);
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(raw.len() * 3);
        GzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| corrupt(format!("gzip: {e}")))?;
        Ok(out)
    } else if raw.starts_with(dict::DICTIONARY_MAGIC) {
        let (name, data) =
            dict::split(&raw).ok_or_else(|| corrupt("its dictionary's name is damaged".into()))?;
        let dict_path = path.with_file_name(name);
        let dictionary = read_file(&dict_path)?;
        if crate::format::dictionary_name(crate::format::content_hash(&dictionary)) != name {
            return Err(Error::corrupt(
                &dict_path.display().to_string(),
                "its bytes do not match its name: damaged, or from another build",
            ));
        }
        dict::inflate(&dictionary, data).ok_or_else(|| {
            corrupt(format!(
                "its deflate data is broken, or {name} is not its dictionary"
            ))
        })
    } else {
        Ok(raw)
    }
}

impl DirIndex {
    /// Opens the index in `dir` (the folder holding `manifest.bin`).
    pub fn open(dir: &Path) -> Result<DirIndex, Error> {
        let index = Index::open(&read_file(&dir.join(MANIFEST))?)?;
        Ok(DirIndex {
            dir: dir.to_path_buf(),
            index,
            files_read: Vec::new(),
        })
    }

    /// The reader behind.
    pub fn index(&self) -> &Index {
        &self.index
    }

    fn load(&mut self, need: Vec<String>) -> Result<(), Error> {
        for name in need {
            if name.contains('/') || name.contains('\\') || name.starts_with('.') {
                return Err(Error::UnknownFile { file: name });
            }
            let bytes = read_file(&self.dir.join(&name))?;
            self.index.add_file(&name, &bytes)?;
            self.files_read.push(name);
        }
        Ok(())
    }

    /// Runs a query, reading the files it needs.
    pub fn search(&mut self, query: &str, options: &SearchOptions) -> Result<SearchResults, Error> {
        loop {
            match self.index.search(query, options)? {
                Outcome::Ready(r) => return Ok(r),
                Outcome::Need(need) => self.load(need)?,
            }
        }
    }

    /// A result's stored fields, excerpt and sub-results for `query`.
    pub fn document(&mut self, doc: u32, query: &str) -> Result<DocView, Error> {
        loop {
            match self.index.document(doc, query)? {
                Outcome::Ready(r) => return Ok(r),
                Outcome::Need(need) => self.load(need)?,
            }
        }
    }
}
