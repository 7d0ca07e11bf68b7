//! Batches: each chunk of records mapped in parallel, its problems warned about by `file:line`,
//! duplicate ids dropped, the documents tokenized and sent on to the builder.

use std::collections::HashSet;
use std::path::PathBuf;

use anyhow::Result;
use rayon::prelude::*;
use scry::index::Preparer;
use scry::Document;

use super::map::Mapping;
use super::read::{RawRecord, Reader};
use crate::console::{Console, Progress};
use crate::pipeline::{Batch, RECORD_CHUNK};

/// Counts of what happened to the records.
#[derive(Debug, Default)]
pub struct RecordStats {
    /// Records seen.
    pub records: u64,
    /// Records indexed.
    pub documents: u64,
    /// Records skipped, each with a warning.
    pub failed: u64,
}

/// Reads all records and sends batches of prepared documents.
pub struct RecordsProducer<'a> {
    /// The records file, for warnings.
    pub path: PathBuf,
    /// The reader, with the first chunk already read.
    pub reader: Reader,
    /// The first chunk (read to resolve the mapping).
    pub first: Vec<RawRecord>,
    /// The mapping.
    pub mapping: &'a Mapping,
    /// Tokenizes on rayon's pool.
    pub preparer: Preparer,
    /// Warnings.
    pub console: &'a Console,
    /// Counts records.
    pub progress: &'a Progress,
}

impl RecordsProducer<'_> {
    /// Runs to the end of the file.
    pub fn run(mut self, send: &mut dyn FnMut(Batch) -> bool) -> Result<RecordStats> {
        let mut stats = RecordStats::default();
        let mut seen_ids: HashSet<String> = HashSet::new();
        let mut chunk = std::mem::take(&mut self.first);
        let sep = self.reader.separator().map(str::to_string);
        let location = self.path.display().to_string();
        while !chunk.is_empty() {
            let n = chunk.len() as u64;
            let mapped: Vec<(u64, std::result::Result<Document, String>, Vec<String>)> = chunk
                .into_par_iter()
                .map(|r| {
                    let mut notes = Vec::new();
                    let doc = r
                        .fields
                        .and_then(|m| self.mapping.document(m, sep.as_deref(), &mut notes));
                    (r.line, doc, notes)
                })
                .collect();
            let mut docs = Vec::with_capacity(mapped.len());
            for (line, doc, notes) in mapped {
                stats.records += 1;
                let at = format!("{location}:{line}");
                for note in notes {
                    self.console.warn("record", &at, note);
                }
                match doc {
                    Err(why) => {
                        stats.failed += 1;
                        self.console.warn("record", &at, why);
                    }
                    Ok(doc) => {
                        let key = match &self.mapping.id {
                            Some(_) => doc
                                .meta
                                .iter()
                                .find(|(k, _)| k == "id")
                                .map(|(_, v)| v.clone()),
                            None => Some(doc.url.clone()),
                        };
                        if let Some(key) = key {
                            if !seen_ids.insert(key.clone()) {
                                stats.failed += 1;
                                self.console.warn(
                                    "duplicate",
                                    &at,
                                    format!(
                                        "duplicate id {key:?}; skipped (the first one is kept)"
                                    ),
                                );
                                continue;
                            }
                        }
                        stats.documents += 1;
                        docs.push(doc);
                    }
                }
            }
            let prepared = docs
                .into_par_iter()
                .map(|d| self.preparer.prepare(d))
                .collect();
            self.progress.add(n);
            if !send(Batch {
                new_fields: Vec::new(),
                docs: prepared,
            }) {
                break;
            }
            chunk = self.reader.chunk(RECORD_CHUNK)?;
        }
        Ok(stats)
    }
}
