//! Sorted runs of postings on disk, and the merge that reads them back in term order.
//!
//! A run is the builder's in-memory postings at one moment, sorted by term:
//! `term len varint | term | df varint | last doc varint | bytes len varint | bytes`, repeated.
//! Runs are chronological, so one term's chunks concatenate in doc id order; only the first entry of
//! each later chunk needs its doc delta rewritten (it was written relative to 0).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::{File, OpenOptions};
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::Error;
use crate::format::varint;

/// One term's postings being built.
#[derive(Debug)]
pub(crate) struct TermBuf {
    /// Entries, the first with its absolute doc id as delta.
    pub bytes: Vec<u8>,
    /// Documents so far.
    pub df: u32,
    /// The last document added.
    pub last_doc: u32,
}

impl TermBuf {
    pub fn new(_first_doc: u32) -> TermBuf {
        TermBuf {
            bytes: Vec::new(),
            df: 0,
            last_doc: 0,
        }
    }
}

fn io(e: std::io::Error) -> Error {
    Error::io("scry could not use its spill files", e)
}

/// A file in `dir` that disappears when closed (unlinked right away where the system allows it).
pub(crate) fn anonymous_file(dir: &Path) -> Result<File, Error> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let path = dir.join(format!(".scry-spill-{}-{n}-{nanos}", std::process::id()));
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            Error::io(
                format!("cannot create a temporary file in {}", dir.display()),
                e,
            )
        })?;
    let _ = std::fs::remove_file(&path);
    Ok(file)
}

/// A run written to disk, ready to be read back.
pub(crate) struct RunWriter {
    file: File,
}

impl RunWriter {
    /// Writes sorted `terms` as a run.
    pub fn write(dir: &Path, terms: Vec<(String, TermBuf)>) -> Result<RunWriter, Error> {
        let file = anonymous_file(dir)?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        let mut head = Vec::with_capacity(32);
        for (term, buf) in terms {
            head.clear();
            varint::put(&mut head, term.len() as u64);
            head.extend_from_slice(term.as_bytes());
            varint::put(&mut head, u64::from(buf.df));
            varint::put(&mut head, u64::from(buf.last_doc));
            varint::put(&mut head, buf.bytes.len() as u64);
            w.write_all(&head).map_err(io)?;
            w.write_all(&buf.bytes).map_err(io)?;
        }
        let mut file = w.into_inner().map_err(|e| io(e.into_error()))?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        Ok(RunWriter { file })
    }
}

/// Reads one varint from a reader.
fn read_varint(r: &mut impl Read) -> Result<Option<u64>, Error> {
    let mut v = 0u64;
    let mut shift = 0;
    let mut byte = [0u8; 1];
    loop {
        match r.read(&mut byte).map_err(io)? {
            0 if shift == 0 => return Ok(None),
            0 => return Err(Error::bad_file("a spill file ended early")),
            _ => {}
        }
        v |= u64::from(byte[0] & 0x7f) << shift;
        if byte[0] < 0x80 {
            return Ok(Some(v));
        }
        shift += 7;
        if shift > 63 {
            return Err(Error::bad_file("a spill file is damaged"));
        }
    }
}

enum Source {
    Run(BufReader<File>),
    Memory(std::vec::IntoIter<(String, TermBuf)>),
}

impl Source {
    fn next(&mut self) -> Result<Option<(String, TermBuf)>, Error> {
        match self {
            Source::Memory(it) => Ok(it.next()),
            Source::Run(r) => {
                let Some(len) = read_varint(r)? else {
                    return Ok(None);
                };
                let mut term = vec![0u8; len as usize];
                r.read_exact(&mut term).map_err(io)?;
                let term = String::from_utf8(term)
                    .map_err(|_| Error::bad_file("a spill file is damaged"))?;
                let eof = || Error::bad_file("a spill file ended early");
                let df = read_varint(r)?.ok_or_else(eof)? as u32;
                let last_doc = read_varint(r)?.ok_or_else(eof)? as u32;
                let n = read_varint(r)?.ok_or_else(eof)? as usize;
                let mut bytes = vec![0u8; n];
                r.read_exact(&mut bytes).map_err(io)?;
                Ok(Some((
                    term,
                    TermBuf {
                        bytes,
                        df,
                        last_doc,
                    },
                )))
            }
        }
    }
}

/// All terms of the runs and the in-memory postings, merged, in term order.
pub(crate) struct TermStream {
    sources: Vec<Source>,
    heads: Vec<Option<(String, TermBuf)>>,
    heap: BinaryHeap<Reverse<(String, usize)>>,
}

impl TermStream {
    pub fn new(runs: Vec<RunWriter>, memory: Vec<(String, TermBuf)>) -> Result<TermStream, Error> {
        let mut sources: Vec<Source> = runs
            .into_iter()
            .map(|r| Source::Run(BufReader::with_capacity(1 << 20, r.file)))
            .collect();
        sources.push(Source::Memory(memory.into_iter()));
        let mut stream = TermStream {
            heads: Vec::new(),
            heap: BinaryHeap::new(),
            sources,
        };
        for i in 0..stream.sources.len() {
            let head = stream.sources[i].next()?;
            if let Some((t, _)) = &head {
                stream.heap.push(Reverse((t.clone(), i)));
            }
            stream.heads.push(head);
        }
        Ok(stream)
    }

    /// The next term with its total df and its concatenated entries (without the df prefix).
    pub fn next_term(&mut self) -> Result<Option<(String, u32, Vec<u8>)>, Error> {
        let Some(Reverse((term, _))) = self.heap.peek().cloned() else {
            return Ok(None);
        };
        // Sources in chronological order: runs first, memory last; the heap orders equal terms by index.
        let mut out: Vec<u8> = Vec::new();
        let mut df = 0u32;
        let mut last: Option<u32> = None;
        while let Some(Reverse((t, i))) = self.heap.peek() {
            if *t != term {
                break;
            }
            let i = *i;
            self.heap.pop();
            let (_, buf) = self.heads[i]
                .take()
                .ok_or_else(|| Error::bad_file("spill merge lost a term"))?;
            match last {
                // The first chunk (the only one, unless runs were spilled) is taken as it is.
                None => out = buf.bytes,
                Some(prev) => {
                    let mut pos = 0;
                    let first = varint::get32(&buf.bytes, &mut pos)
                        .ok_or_else(|| Error::bad_file("a spill file is damaged"))?;
                    varint::put(&mut out, u64::from(first - prev));
                    out.extend_from_slice(&buf.bytes[pos..]);
                }
            }
            df += buf.df;
            last = Some(buf.last_doc);
            let next = self.sources[i].next()?;
            if let Some((t, _)) = &next {
                self.heap.push(Reverse((t.clone(), i)));
            }
            self.heads[i] = next;
        }
        Ok(Some((term, df, out)))
    }
}
