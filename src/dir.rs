//! An index folder on disk, searched natively: the counterpart of the browser's worker, running
//! the same fetch loop ([`Index::settle`]) with files read from disk instead of fetched.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::format::MANIFEST;
use crate::index::{read_file, Index};
use crate::query::{DocView, SearchOptions, SearchResults, Searcher};

/// An index folder on disk; files are read as queries need them, as the browser fetches them.
#[derive(Debug)]
pub struct DirIndex {
    dir: PathBuf,
    index: Index,
    searcher: Searcher,
    /// Files read so far, for tests and benchmarks that count fetches.
    pub files_read: Vec<String>,
}

impl DirIndex {
    /// Opens the index in `dir` (the folder holding `manifest.bin`).
    pub fn open(dir: &Path) -> Result<DirIndex, Error> {
        let index = Index::open(&read_file(&dir.join(MANIFEST))?)?;
        Ok(DirIndex {
            dir: dir.to_path_buf(),
            index,
            searcher: Searcher::default(),
            files_read: Vec::new(),
        })
    }

    /// The reader behind.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Runs a query, reading the files it needs.
    pub fn search(&mut self, query: &str, options: &SearchOptions) -> Result<SearchResults, Error> {
        let (dir, read, searcher) = (&self.dir, &mut self.files_read, &self.searcher);
        self.index.settle(
            |index| searcher.search(index, query, options),
            |name| fetch(dir, read, name),
        )
    }

    /// A result's stored fields, excerpt and sub-results for `query`.
    pub fn document(&mut self, doc: u32, query: &str) -> Result<DocView, Error> {
        let (dir, read, searcher) = (&self.dir, &mut self.files_read, &mut self.searcher);
        self.index.settle(
            |index| searcher.document(index, doc, query),
            |name| fetch(dir, read, name),
        )
    }
}

/// Reads the file `name` of the folder `dir`: a plain name only, never a path out of the folder.
fn fetch(dir: &Path, read: &mut Vec<String>, name: &str) -> Result<Vec<u8>, Error> {
    if !crate::format::is_plain_name(name) {
        return Err(Error::UnknownFile {
            file: name.to_string(),
        });
    }
    let bytes = read_file(&dir.join(name))?;
    read.push(name.to_string());
    Ok(bytes)
}
