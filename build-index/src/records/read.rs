//! Reading: a records file to chunks of [`RawRecord`]s, each a field map (or why it cannot be
//! parsed) with the line it starts on. JSON Lines and JSON arrays are parsed in parallel (see
//! `json.rs`); CSV/TSV cells become string fields under their column's name.
//!
//! What the reader noticed but does not decide on travels with the fields as marker entries
//! (`INVALID_UTF8`, `CUT`), turned into warnings by the mapping.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use serde_json::{Map, Value};

use super::array::ArrayItems;
use super::json::parse_json_line;
use super::{floor_char_boundary, too_long, RawItem, CUT, INVALID_UTF8, MAX_RECORD_BYTES};

/// Raw bytes read per chunk at most (besides the record count).
const CHUNK_BYTES: usize = 64 << 20;

/// The formats read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line.
    JsonLines,
    /// One JSON array of objects.
    JsonArray,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
}

impl Format {
    /// From the extension, else from the first character.
    pub fn detect(path: &Path) -> Result<Format> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" => return Ok(Format::JsonLines),
            "csv" => return Ok(Format::Csv),
            "tsv" | "tab" => return Ok(Format::Tsv),
            _ => {}
        }
        let mut head = Vec::new();
        File::open(path)
            .with_context(|| format!("cannot open {}", path.display()))?
            .take(4096)
            .read_to_end(&mut head)?;
        let first = head
            .iter()
            .copied()
            .find(|b| !(b.is_ascii_whitespace() || *b == 0xef || *b == 0xbb || *b == 0xbf));
        Ok(match first {
            Some(b'[') => Format::JsonArray,
            Some(b'{') => Format::JsonLines,
            _ if ext == "json" => Format::JsonLines,
            _ => Format::Csv,
        })
    }
}

/// One record before mapping: its line and its fields, or why it could not be parsed.
pub struct RawRecord {
    /// 1-based line where the record starts.
    pub line: u64,
    /// The fields, or the parse error.
    pub fields: std::result::Result<Map<String, Value>, String>,
}

/// Reads records in chunks.
pub struct Reader {
    format: Format,
    lines: Option<BufReader<File>>,
    line: u64,
    csv: Option<(csv::Reader<File>, Vec<String>)>,
    array: Option<ArrayItems>,
    sep: Option<String>,
    cap: usize,
    /// Problems with the file as a whole (a repeated CSV column), for the caller to warn about.
    pub notes: Vec<String>,
}

impl Reader {
    /// Opens `path` in `format`. CSV cells are split at `sep` for fields that take several values;
    /// strings are cut at `cap` bytes of text per field.
    pub fn open(path: &Path, format: Format, sep: Option<String>, cap: usize) -> Result<Reader> {
        let mut file =
            File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let mut head = [0u8; 4];
        let n = file.read(&mut head)?;
        let head = &head[..n];
        let utf16 = head.starts_with(&[0xff, 0xfe])
            || head.starts_with(&[0xfe, 0xff])
            || (n >= 2 && (head[0] == 0) != (head[1] == 0));
        if utf16 {
            bail!(
                "{} is UTF-16 (or UTF-32) text; scry reads UTF-8: save it as UTF-8 and build again",
                path.display()
            );
        }
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let mut r = Reader {
            format,
            lines: None,
            line: 0,
            csv: None,
            array: None,
            sep,
            cap: cap.max(1),
            notes: Vec::new(),
        };
        match format {
            Format::JsonLines => r.lines = Some(BufReader::with_capacity(1 << 20, file)),
            Format::Csv | Format::Tsv => {
                let mut csv = csv::ReaderBuilder::new()
                    .delimiter(if format == Format::Tsv { b'\t' } else { b',' })
                    .flexible(true)
                    .has_headers(true)
                    .from_reader(file);
                let headers: Vec<String> = csv
                    .byte_headers()
                    .with_context(|| format!("cannot read the header row of {}", path.display()))?
                    .iter()
                    .map(|h| {
                        String::from_utf8_lossy(h)
                            .trim()
                            .trim_start_matches('\u{feff}')
                            .to_string()
                    })
                    .collect();
                if headers.iter().all(String::is_empty) {
                    bail!("{}: the first row must name the columns", path.display());
                }
                for (i, h) in headers.iter().enumerate() {
                    if !h.is_empty() && headers[..i].contains(h) {
                        r.notes.push(format!(
                            "column {} repeats the name {h:?}: its cells are ignored (the first {h:?} column is used); rename one of them",
                            i + 1
                        ));
                    }
                }
                r.csv = Some((csv, headers));
            }
            Format::JsonArray => {
                r.array = Some(ArrayItems::new(
                    BufReader::with_capacity(1 << 20, file),
                    path.display().to_string(),
                ));
            }
        }
        Ok(r)
    }

    /// The next up to `n` records; empty at the end.
    pub fn chunk(&mut self, n: usize) -> Result<Vec<RawRecord>> {
        let mut out = Vec::new();
        match self.format {
            Format::JsonArray => {
                let Some(items) = self.array.as_mut() else {
                    return Ok(out);
                };
                let mut raw: Vec<RawItem> = Vec::new();
                let mut size = 0;
                while raw.len() < n && size < CHUNK_BYTES {
                    let Some((line, item)) = items.next_item()? else {
                        break;
                    };
                    size += item.as_ref().map_or(0, Vec::len);
                    raw.push((line, item));
                }
                let cap = self.cap;
                out = raw
                    .into_par_iter()
                    .map(|(line, item)| RawRecord {
                        line,
                        fields: item.and_then(|bytes| parse_json_line(&bytes, cap)),
                    })
                    .collect();
            }
            Format::JsonLines => {
                let Some(reader) = self.lines.as_mut() else {
                    return Ok(out);
                };
                let mut raw: Vec<RawItem> = Vec::new();
                let mut buf = Vec::new();
                let mut size = 0;
                while raw.len() < n && size < CHUNK_BYTES {
                    buf.clear();
                    let len = read_line_capped(reader, &mut buf, MAX_RECORD_BYTES)?;
                    if len == 0 {
                        break;
                    }
                    self.line += 1;
                    if len > MAX_RECORD_BYTES {
                        raw.push((self.line, Err(too_long(len))));
                        continue;
                    }
                    if buf.iter().all(|b| b.is_ascii_whitespace()) {
                        continue;
                    }
                    size += buf.len();
                    raw.push((self.line, Ok(std::mem::take(&mut buf))));
                }
                let cap = self.cap;
                out = raw
                    .into_par_iter()
                    .map(|(line, bytes)| RawRecord {
                        line,
                        fields: bytes.and_then(|bytes| parse_json_line(&bytes, cap)),
                    })
                    .collect();
            }
            Format::Csv | Format::Tsv => {
                let Some((reader, headers)) = self.csv.as_mut() else {
                    return Ok(out);
                };
                let mut record = csv::ByteRecord::new();
                while out.len() < n {
                    match reader.read_byte_record(&mut record) {
                        Ok(false) => break,
                        Ok(true) => {}
                        Err(e) => {
                            let line = e.position().map_or(0, |p| p.line());
                            out.push(RawRecord {
                                line,
                                fields: Err(format!("unreadable CSV: {e}")),
                            });
                            if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                                break;
                            }
                            continue;
                        }
                    }
                    let line = record.position().map_or(0, |p| p.line());
                    if record.len() == 1 && record.get(0).is_some_and(|c| c.is_empty()) {
                        continue;
                    }
                    if record.len() != headers.len() {
                        out.push(RawRecord {
                            line,
                            fields: Err(format!(
                                "row has {} cells, the header has {}",
                                record.len(),
                                headers.len()
                            )),
                        });
                        continue;
                    }
                    let mut map = Map::new();
                    let mut bad_utf8 = false;
                    let mut cut = Vec::new();
                    for (h, cell) in headers.iter().zip(record.iter()) {
                        if cell.is_empty() || h.is_empty() || map.contains_key(h) {
                            continue;
                        }
                        let kept = &cell[..floor_char_boundary(cell, self.cap)];
                        if kept.len() < cell.len() {
                            cut.push(Value::from(vec![Value::from(h.clone()), cell.len().into()]));
                        }
                        let cell = match std::str::from_utf8(kept) {
                            Ok(s) => s.to_string(),
                            Err(_) => {
                                bad_utf8 = true;
                                String::from_utf8_lossy(kept).into_owned()
                            }
                        };
                        map.insert(h.clone(), Value::String(cell));
                    }
                    if bad_utf8 {
                        map.insert(INVALID_UTF8.to_string(), Value::Bool(true));
                    }
                    if !cut.is_empty() {
                        map.insert(CUT.to_string(), Value::Array(cut));
                    }
                    out.push(RawRecord {
                        line,
                        fields: Ok(map),
                    });
                }
            }
        }
        Ok(out)
    }

    /// The list separator for CSV cells.
    pub fn separator(&self) -> Option<&str> {
        match self.format {
            Format::Csv | Format::Tsv => self.sep.as_deref(),
            _ => None,
        }
    }
}

/// Reads one line (up to and without its `\n`) into `buf`, keeping at most `max` + 1 bytes of it
/// however long it is; returns the line's whole length with its `\n` (0 at the end of the input).
fn read_line_capped(r: &mut impl BufRead, buf: &mut Vec<u8>, max: usize) -> std::io::Result<usize> {
    let mut total = 0;
    loop {
        let avail = r.fill_buf()?;
        if avail.is_empty() {
            return Ok(total);
        }
        let (take, end) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        let room = (max + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&avail[..take.min(room)]);
        r.consume(take);
        total += take;
        if end {
            return Ok(total);
        }
    }
}
