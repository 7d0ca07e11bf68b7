//! Stored documents, written as bundles while the build goes on.
//!
//! A result needs its document's text for an excerpt, and long pages are most of the bytes a
//! first search downloads. So a document is stored in two parts: a head (title, url, meta and the
//! first [`HEAD_TEXT`](super::prepare::HEAD_TEXT) bytes of text) in a small bundle with few
//! neighbours, and, for long pages, the rest in parts of about
//! [`TAIL_PART`](super::prepare::TAIL_PART) bytes, packed into tail bundles. The head lists its
//! parts with the position of each one's first token; a result whose title and head hold no match
//! fetches only the part where the query's positions say its best match is (`Searcher::document`).
//! The cuts fall on whitespace (see [`prepare`](super::prepare)), so every part's tokens keep the
//! whole document's numbering.
//!
//! Bundles go to a temporary file as they fill and are emitted at the end, when the name of the
//! set (a hash over all of them) is known.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use super::prepare::Cut;
use crate::error::Error;
use crate::format::{self, varint, Kind, StoredDoc, StoredSpan, StoredTail};
use crate::hash::hash64;

/// Target size of a tail bundle: a few parts (see [`TAIL_PART`](super::prepare::TAIL_PART)), of
/// one or neighbouring documents. 24 KiB rather than 12: 1.7% less index on the Python docs and
/// half the tail files, for a larger fetch only when a result's match lies past its head.
const TAIL_TARGET: u64 = 24 * 1024;

/// Where bundles go: `(file name, bytes)`.
pub(crate) type Writer<'a> = dyn FnMut(&str, &[u8]) -> Result<(), Error> + 'a;

/// A sequence of bundles being written.
pub(crate) struct Sequence {
    file: BufWriter<File>,
    target: u64,
    counts: Vec<u16>,
    lens: Vec<u64>,
    current: (u16, u64),
}

impl Sequence {
    pub fn new(file: File, target: u64) -> Sequence {
        Sequence {
            file: BufWriter::new(file),
            target,
            counts: Vec::new(),
            lens: Vec::new(),
            current: (0, 0),
        }
    }

    /// Appends one serialized entry; returns the index of the bundle it went to.
    pub fn push(&mut self, bytes: &[u8]) -> Result<u32, Error> {
        self.file.write_all(bytes).map_err(io)?;
        let index = self.counts.len() as u32;
        let (n, len) = &mut self.current;
        *n += 1;
        *len += bytes.len() as u64;
        if *len >= self.target || *n == u16::MAX {
            self.close_current();
        }
        Ok(index)
    }

    fn close_current(&mut self) {
        if self.current.0 > 0 {
            self.counts.push(self.current.0);
            self.lens.push(self.current.1);
            self.current = (0, 0);
        }
    }

    /// Bytes of all entries so far.
    pub fn bytes(&self) -> u64 {
        self.lens.iter().sum::<u64>() + self.current.1
    }

    /// Calls `f(index, entries)` for every bundle (after [`Sequence::finish`]).
    pub fn each(&mut self, mut f: impl FnMut(usize, &[u8])) -> Result<(), Error> {
        let file = self.file.get_mut();
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        let mut reader = BufReader::new(&mut *file);
        let mut buf = Vec::new();
        for (i, &len) in self.lens.iter().enumerate() {
            buf.resize(len as usize, 0);
            reader.read_exact(&mut buf).map_err(io)?;
            f(i, &buf);
        }
        Ok(())
    }

    /// Entries per bundle (after [`Sequence::finish`]).
    pub fn counts(&self) -> &[u16] {
        &self.counts
    }

    /// Closes the last bundle and returns the hash of each bundle's entries.
    pub fn finish(&mut self) -> Result<Vec<u64>, Error> {
        self.close_current();
        self.file.flush().map_err(io)?;
        let file = self.file.get_mut();
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        let mut reader = BufReader::new(&mut *file);
        let mut checks = Vec::with_capacity(self.counts.len());
        let mut buf = Vec::new();
        for &len in &self.lens {
            buf.resize(len as usize, 0);
            reader.read_exact(&mut buf).map_err(io)?;
            checks.push(hash64(&buf));
        }
        Ok(checks)
    }

    /// Emits every bundle through `write(name, bytes)` as files of `kind`.
    pub fn emit(
        &mut self,
        kind: Kind,
        set: u64,
        checks: &[u64],
        write: &mut Writer<'_>,
    ) -> Result<(), Error> {
        let file = self.file.get_mut();
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        let mut reader = BufReader::new(&mut *file);
        let mut buf = Vec::new();
        for (i, (&len, &n)) in self.lens.iter().zip(&self.counts).enumerate() {
            buf.resize(len as usize, 0);
            reader.read_exact(&mut buf).map_err(io)?;
            let mut bytes = Vec::with_capacity(buf.len() + 32);
            bytes.extend_from_slice(format::MAGIC);
            bytes.extend_from_slice(&format::VERSION.to_le_bytes());
            bytes.push(kind as u8);
            varint::put(&mut bytes, set);
            varint::put(&mut bytes, i as u64);
            varint::put(&mut bytes, checks[i]);
            varint::put(&mut bytes, u64::from(n));
            bytes.extend_from_slice(&buf);
            write(&format::bundle_name(kind, set, i as u32), &bytes)?;
        }
        Ok(())
    }
}

/// Heads and tails of the stored documents.
pub(crate) struct Stored {
    pub heads: Sequence,
    pub tails: Sequence,
}

impl Stored {
    /// Stores document `doc`: its head, and its tail's parts when `cuts` (from the document's
    /// preparation) cut its text.
    pub fn add(&mut self, doc_id: u32, doc: &StoredDoc, cuts: &[Cut]) -> Result<(), Error> {
        let Some(first) = cuts.first() else {
            self.heads.push(&encode(doc)?)?;
            return Ok(());
        };
        let mut tail = Vec::with_capacity(cuts.len());
        for (k, cut) in cuts.iter().enumerate() {
            let part = StoredTail {
                doc: doc_id,
                part: k as u32,
                continues: cut.at > 0,
                spans: spans_between(&doc.spans, (cut.span, cut.at), cuts.get(k + 1)),
            };
            tail.push(self.tails.push(&encode(&part)?)?);
        }
        let head = StoredDoc {
            url: doc.url.clone(),
            title: doc.title.clone(),
            spans: spans_between(&doc.spans, (0, 0), Some(first)),
            meta: doc.meta.clone(),
            tail,
            tail_starts: cuts.iter().map(|c| c.position).collect(),
        };
        self.heads.push(&encode(&head)?)?;
        Ok(())
    }

    /// Emits the heads' and then the tails' bundles of the set `set`, given each bundle's
    /// checksum (from [`Sequence::finish`]).
    pub fn emit(
        &mut self,
        set: u64,
        heads: &[u64],
        tails: &[u64],
        write: &mut Writer<'_>,
    ) -> Result<(), Error> {
        self.heads.emit(Kind::Bundle, set, heads, write)?;
        self.tails.emit(Kind::Tail, set, tails, write)
    }

    pub fn new(heads: File, tails: File, head_target: u64) -> Stored {
        Stored {
            heads: Sequence::new(heads, head_target),
            tails: Sequence::new(tails, TAIL_TARGET),
        }
    }
}

fn encode<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    postcard::to_allocvec(value).map_err(|e| Error::encode("", e))
}

/// The text from `(span, byte)` up to cut `end` (or the end): a span cut inside keeps its anchor
/// in the part where it starts.
fn spans_between(spans: &[StoredSpan], from: (usize, usize), end: Option<&Cut>) -> Vec<StoredSpan> {
    let (end_span, end_at) = end.map_or((spans.len(), 0), |c| (c.span, c.at));
    let mut out = Vec::new();
    for (i, s) in spans.iter().enumerate().take(end_span + 1).skip(from.0) {
        let start = if i == from.0 { from.1 } else { 0 };
        let stop = if i == end_span { end_at } else { s.text.len() };
        if i == end_span && stop == 0 {
            break;
        }
        out.push(StoredSpan {
            field: s.field,
            anchor: if start == 0 { s.anchor.clone() } else { None },
            text: s.text[start..stop].to_string(),
        });
    }
    out
}

fn io(e: std::io::Error) -> Error {
    Error::io("scry could not use its temporary files", e)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Only the round-trip check below joins a head with its tail again.
    impl StoredDoc {
        /// The whole document: this head with its tail's parts (in order) after it.
        fn joined<'a>(&self, parts: impl IntoIterator<Item = &'a StoredTail>) -> StoredDoc {
            let mut doc = self.clone();
            doc.tail = Vec::new();
            doc.tail_starts = Vec::new();
            for part in parts {
                let mut spans = part.spans.iter();
                if part.continues {
                    if let (Some(last), Some(rest)) = (doc.spans.last_mut(), spans.next()) {
                        last.text.push_str(&rest.text);
                    }
                }
                doc.spans.extend(spans.cloned());
            }
            doc
        }
    }

    fn span(text: &str) -> StoredSpan {
        StoredSpan {
            field: 2,
            anchor: None,
            text: text.to_string(),
        }
    }

    // Cutting is tested with the preparation (`prepare`'s tests); storing, here.
    #[test]
    fn parts_join_back_into_the_document() {
        let doc = StoredDoc {
            url: "/a/".into(),
            title: "A".into(),
            spans: vec![span("intro here"), span("one two three four"), span("end")],
            meta: vec![],
            tail: vec![],
            tail_starts: vec![],
        };
        let cut = |span, at| Cut {
            span,
            at,
            position: 0,
        };
        let cuts = [cut(1, 4), cut(1, 8), cut(2, 0)];
        let head = spans_between(&doc.spans, (0, 0), cuts.first());
        assert_eq!(head.len(), 2);
        assert_eq!(head[1].text, "one ");
        let parts: Vec<StoredTail> = cuts
            .iter()
            .enumerate()
            .map(|(k, c)| StoredTail {
                doc: 0,
                part: k as u32,
                continues: c.at > 0,
                spans: spans_between(&doc.spans, (c.span, c.at), cuts.get(k + 1)),
            })
            .collect();
        assert_eq!(parts[0].spans[0].text, "two ");
        assert_eq!(parts[1].spans[0].text, "three four");
        assert_eq!(parts[2].spans[0].text, "end");
        let stored = StoredDoc {
            spans: head,
            tail: vec![0; 3],
            tail_starts: vec![0; 3],
            ..doc.clone()
        };
        assert_eq!(stored.joined(&parts), doc);
    }
}
