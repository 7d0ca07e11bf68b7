//! Stored documents, written as bundles while the build goes on.
//!
//! A result needs its document's text for an excerpt, and long pages are most of the bytes a
//! first search downloads. So a document is stored in two parts: a head (title, url, meta and the
//! first [`HEAD_TEXT`] bytes of text) in a small bundle with few neighbours, and, for long pages,
//! the rest in a tail bundle fetched only when the head holds no match (`Index::document`). The cut
//! falls on whitespace, so the head's tokens are the whole document's first tokens, numbered alike.
//!
//! Bundles go to a temporary file as they fill and are emitted at the end, when the name of the
//! set (a hash over all of them) is known.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use crate::error::Error;
use crate::format::{self, varint, Kind, StoredDoc, StoredSpan, StoredTail};
use crate::hash::hash64;

/// Bytes of text kept in a document's head.
pub const HEAD_TEXT: usize = 6 * 1024;
/// Target size of a tail bundle: tails are fetched one document at a time and rarely.
const TAIL_TARGET: u64 = 12 * 1024;

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
    /// Stores document `doc`: its head, and its tail when the text is longer than [`HEAD_TEXT`].
    pub fn add(&mut self, doc_id: u32, doc: &StoredDoc) -> Result<(), Error> {
        let total: usize = doc.spans.iter().map(|s| s.text.len()).sum();
        let cut = if total > HEAD_TEXT {
            split_point(&doc.spans)
        } else {
            None
        };
        let Some((span, at)) = cut else {
            let bytes = postcard::to_allocvec(doc).map_err(|e| Error::Build(e.to_string()))?;
            self.heads.push(&bytes)?;
            return Ok(());
        };
        let mut head_spans: Vec<StoredSpan> = doc.spans[..span].to_vec();
        let mut tail_spans: Vec<StoredSpan> = Vec::new();
        let continues = at > 0;
        if continues {
            let s = &doc.spans[span];
            head_spans.push(StoredSpan {
                field: s.field,
                anchor: s.anchor.clone(),
                text: s.text[..at].to_string(),
            });
            tail_spans.push(StoredSpan {
                field: s.field,
                anchor: None,
                text: s.text[at..].to_string(),
            });
        } else {
            tail_spans.push(doc.spans[span].clone());
        }
        tail_spans.extend_from_slice(&doc.spans[span + 1..]);
        let tail = StoredTail {
            doc: doc_id,
            continues,
            spans: tail_spans,
        };
        let bytes = postcard::to_allocvec(&tail).map_err(|e| Error::Build(e.to_string()))?;
        let tail_index = self.tails.push(&bytes)?;
        let head = StoredDoc {
            url: doc.url.clone(),
            title: doc.title.clone(),
            spans: head_spans,
            meta: doc.meta.clone(),
            tail: Some(tail_index),
        };
        let bytes = postcard::to_allocvec(&head).map_err(|e| Error::Build(e.to_string()))?;
        self.heads.push(&bytes)?;
        Ok(())
    }

    pub fn new(heads: File, tails: File, head_target: u64) -> Stored {
        Stored {
            heads: Sequence::new(heads, head_target),
            tails: Sequence::new(tails, TAIL_TARGET),
        }
    }
}

/// Where the head ends: `(span, byte)` — the text of span `span` before `byte` stays in the head
/// (`byte` 0: the span goes whole to the tail). `None`: no place to cut (the text is one unbroken
/// run, as in a CJK page without spaces), the document stays whole.
fn split_point(spans: &[StoredSpan]) -> Option<(usize, usize)> {
    let mut used = 0;
    for (i, s) in spans.iter().enumerate() {
        if used + s.text.len() <= HEAD_TEXT {
            used += s.text.len();
            continue;
        }
        // Cut this span after the last whitespace that keeps the head within budget.
        let room = HEAD_TEXT - used;
        let mut end = room.min(s.text.len());
        while !s.text.is_char_boundary(end) {
            end -= 1;
        }
        let at = s.text[..end].rfind(char::is_whitespace).map(|w| {
            let ws = s.text[w..].chars().next().map_or(1, char::len_utf8);
            w + ws
        });
        return match at {
            Some(at) if at > 0 => Some((i, at)),
            _ if i > 0 => Some((i, 0)),
            _ => None,
        };
    }
    None
}

fn io(e: std::io::Error) -> Error {
    Error::Io(format!(
        "build-index could not use its temporary files: {e}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> StoredSpan {
        StoredSpan {
            field: 2,
            anchor: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn a_long_document_splits_on_whitespace_and_joins_back() {
        let long = "word ".repeat(HEAD_TEXT / 5 + 100);
        let doc = StoredDoc {
            url: "/a/".into(),
            title: "A".into(),
            spans: vec![span("intro"), span(&long), span("end")],
            meta: vec![],
            tail: None,
        };
        let (i, at) = split_point(&doc.spans).unwrap();
        assert_eq!(i, 1);
        assert!(doc.spans[1].text[..at].ends_with(' '));
        let head = StoredDoc {
            spans: vec![span("intro"), span(&doc.spans[1].text[..at])],
            tail: Some(0),
            ..doc.clone()
        };
        let tail = StoredTail {
            doc: 0,
            continues: true,
            spans: vec![span(&doc.spans[1].text[at..]), span("end")],
        };
        assert_eq!(head.joined(&tail), doc);
    }

    #[test]
    fn unbroken_text_is_not_cut() {
        let doc = vec![span(&"字".repeat(HEAD_TEXT))];
        assert_eq!(split_point(&doc), None);
        let doc = vec![span("short"), span(&"字".repeat(HEAD_TEXT))];
        assert_eq!(split_point(&doc), Some((1, 0)));
    }
}
