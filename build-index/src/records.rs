//! Records: JSON Lines, a JSON array or CSV/TSV, mapped to documents by `[records]` in `scry.toml`.
//!
//! Files are streamed in chunks (JSON Lines, CSV, and a JSON array too: its items are cut out one by
//! one), each record is parsed and mapped in parallel, and every record that cannot be used is named
//! by file and line with the reason, while the rest goes on.
//!
//! Memory is bounded whatever the input: a record's raw bytes are held once (up to
//! [`MAX_RECORD_BYTES`]; a longer one is skipped), strings are cut to the text cap while they are
//! parsed (`[records] max_record_kib`), and titles, meta and facet values have caps of their own.
//! Every cut is a warning naming the record and the field.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use scry::document::BODY;
use scry::index::Preparer;
use scry::{Document, FieldId, FieldSpec, Span};
use serde_json::{Map, Value};

use crate::config::{Config, RecordsConfig};
use crate::console::{Console, Progress};
use crate::pipeline::{Batch, RECORD_CHUNK};

/// Meta key set to `"true"` when the title was made from the first words of a text field, so the UI
/// can show it as an excerpt rather than as a real title.
pub const TITLE_IS_EXCERPT: &str = "title_is_excerpt";

/// The raw bytes of one record read at most; a longer record is skipped with a warning.
pub const MAX_RECORD_BYTES: usize = 64 << 20;
/// Raw bytes read per chunk at most (besides the record count).
const CHUNK_BYTES: usize = 64 << 20;
/// The default of `[records] max_record_kib`: searched text kept per record.
pub const DEFAULT_TEXT_CAP: usize = 2048 << 10;
/// A title is cut at this many bytes.
pub const MAX_TITLE_BYTES: usize = 1024;
/// A meta value is cut at this many bytes.
pub const MAX_META_BYTES: usize = 8 << 10;
/// A facet value is cut at this many bytes.
pub const MAX_FACET_BYTES: usize = 1024;
/// A longer URL (or id) skips the record: a cut one would lead nowhere.
pub const MAX_URL_BYTES: usize = 8 << 10;

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
                r.array = Some(ArrayItems {
                    input: BufReader::with_capacity(1 << 20, file),
                    line: 1,
                    started: false,
                    done: false,
                    pending: None,
                    path: path.display().to_string(),
                });
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

/// A marker field for records whose bytes were not valid UTF-8 (warned about, then removed).
const INVALID_UTF8: &str = "\u{0}invalid-utf8";
/// A marker field listing the fields cut while parsing: `[[name, original bytes], …]`.
const CUT: &str = "\u{0}cut";

fn too_long(len: usize) -> String {
    format!(
        "the record is {} long, over the limit of {} for one record; skipped",
        crate::console::bytes(len as u64),
        crate::console::bytes(MAX_RECORD_BYTES as u64)
    )
}

/// The largest char boundary of `s` (UTF-8, possibly invalid) at or below `at`.
fn floor_char_boundary(s: &[u8], at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    let mut i = at;
    while i > 0 && (s[i] & 0xc0) == 0x80 {
        i -= 1;
    }
    i
}

/// `s` cut to at most `max` bytes, at a char boundary.
pub fn cut_str(s: &str, max: usize) -> &str {
    &s[..floor_char_boundary(s.as_bytes(), max)]
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

fn parse_json_line(bytes: &[u8], cap: usize) -> std::result::Result<Map<String, Value>, String> {
    let (text, bad) = match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), false),
        Err(_) => (String::from_utf8_lossy(bytes), true),
    };
    let text = text.trim_start_matches('\u{feff}');
    if !text.trim_start().starts_with('{') {
        return match serde_json::from_str::<capped::Capped>(text) {
            Ok(other) => Err(format!("expected a JSON object, found {}", kind(&other.0))),
            Err(e) => Err(format!("invalid JSON: {e}")),
        };
    }
    capped::CAP.with(|c| c.set(cap));
    match serde_json::from_str::<capped::Record>(text) {
        Ok(capped::Record(mut m, cut)) => {
            if bad {
                m.insert(INVALID_UTF8.to_string(), Value::Bool(true));
            }
            if !cut.is_empty() {
                let cut = cut
                    .into_iter()
                    .map(|(k, n)| Value::from(vec![Value::from(k), n.into()]))
                    .collect();
                m.insert(CUT.to_string(), Value::Array(cut));
            }
            Ok(m)
        }
        Err(e) => Err(format!("invalid JSON: {e}")),
    }
}

/// JSON values whose strings are cut to a budget of text per top-level field while they are parsed,
/// so that a record of 50 MB of text never becomes 50 MB of `String`s.
mod capped {
    use std::cell::Cell;
    use std::fmt;

    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Number, Value};

    thread_local! {
        /// The budget of text per top-level field, bytes.
        pub static CAP: Cell<usize> = const { Cell::new(usize::MAX) };
        /// Bytes of text seen and kept in the current field.
        static SEEN: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
    }

    fn keep(s: &str) -> String {
        let (seen, kept) = SEEN.with(Cell::get);
        let room = CAP.with(Cell::get).saturating_sub(kept);
        let k = super::cut_str(s, room);
        SEEN.with(|c| c.set((seen + s.len(), kept + k.len())));
        k.to_string()
    }

    /// Any JSON value, strings cut.
    pub struct Capped(pub Value);

    impl<'de> Deserialize<'de> for Capped {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(ValueVisitor).map(Capped)
        }
    }

    struct ValueVisitor;

    impl<'de> Visitor<'de> for ValueVisitor {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
        }
        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(keep(v)))
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            Capped::deserialize(d).map(|c| c.0)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
            let mut out = Vec::new();
            while let Some(Capped(v)) = a.next_element()? {
                out.push(v);
            }
            Ok(Value::Array(out))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
            let mut out = Map::new();
            while let Some((k, Capped(v))) = a.next_entry::<String, Capped>()? {
                out.insert(k, v);
            }
            Ok(Value::Object(out))
        }
    }

    /// A top-level object, and the fields that were cut with their whole length.
    pub struct Record(pub Map<String, Value>, pub Vec<(String, usize)>);

    impl<'de> Deserialize<'de> for Record {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_map(RecordVisitor)
        }
    }

    struct RecordVisitor;

    impl<'de> Visitor<'de> for RecordVisitor {
        type Value = Record;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Record, A::Error> {
            let mut out = Map::new();
            let mut cut = Vec::new();
            while let Some(k) = a.next_key::<String>()? {
                SEEN.with(|c| c.set((0, 0)));
                let Capped(v) = a.next_value()?;
                let (seen, kept) = SEEN.with(Cell::get);
                if kept < seen {
                    cut.push((k.clone(), seen));
                }
                out.insert(k, v);
            }
            Ok(Record(out, cut))
        }
    }
}

/// One raw record: its first line, and its bytes or why it is skipped.
type RawItem = (u64, std::result::Result<Vec<u8>, String>);

/// The items of a JSON array, cut out of the file one by one (the file is never read whole).
struct ArrayItems {
    input: BufReader<File>,
    /// The line the reader is at.
    line: u64,
    started: bool,
    done: bool,
    /// A problem found after the last item, reported on the next call.
    pending: Option<(u64, String)>,
    path: String,
}

impl ArrayItems {
    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        Ok(self.input.fill_buf()?.first().copied())
    }

    fn bump(&mut self) -> std::io::Result<Option<u8>> {
        let b = self.peek()?;
        if let Some(b) = b {
            self.input.consume(1);
            if b == b'\n' {
                self.line += 1;
            }
        }
        Ok(b)
    }

    fn skip_space(&mut self) -> std::io::Result<Option<u8>> {
        while let Some(b) = self.peek()? {
            if !(b.is_ascii_whitespace() || (!self.started && matches!(b, 0xef | 0xbb | 0xbf))) {
                return Ok(Some(b));
            }
            self.bump()?;
        }
        Ok(None)
    }

    /// The next item: its first line and its bytes (or why it was skipped); `None` after `]`. A
    /// file that is not an array is an error; a break in its structure ends it with a record
    /// error naming the line.
    fn next_item(&mut self) -> Result<Option<RawItem>> {
        if let Some((line, why)) = self.pending.take() {
            return Ok(Some((line, Err(why))));
        }
        if self.done {
            return Ok(None);
        }
        if !self.started {
            if self.skip_space()? != Some(b'[') {
                bail!(
                    "{} is not a JSON array of objects (it does not start with [)",
                    self.path
                );
            }
            self.started = true;
            self.bump()?;
            if self.skip_space()? == Some(b']') {
                self.done = true;
                return Ok(None);
            }
        }
        let Some(first) = self.skip_space()? else {
            self.done = true;
            let line = self.line;
            return Ok(Some((
                line,
                Err("the file ends inside the array (no closing ])".into()),
            )));
        };
        let line = self.line;
        let mut buf = Vec::new();
        let mut total = 0usize;
        let mut push = |buf: &mut Vec<u8>, b: u8| {
            total += 1;
            if buf.len() <= MAX_RECORD_BYTES {
                buf.push(b);
            }
        };
        match first {
            b'{' | b'[' | b'"' => {
                // Scanned a buffer at a time: strings may hold brackets, escapes may hold quotes.
                let (mut depth, mut in_str, mut esc) = (0usize, false, false);
                loop {
                    let avail = self.input.fill_buf()?;
                    if avail.is_empty() {
                        self.done = true;
                        return Ok(Some((line, Err("the file ends inside this record".into()))));
                    }
                    let mut end = None;
                    for (i, &b) in avail.iter().enumerate() {
                        if in_str {
                            if esc {
                                esc = false;
                            } else if b == b'\\' {
                                esc = true;
                            } else if b == b'"' {
                                in_str = false;
                            }
                        } else {
                            match b {
                                b'"' => in_str = true,
                                b'{' | b'[' => depth += 1,
                                b'}' | b']' => depth = depth.saturating_sub(1),
                                _ => {}
                            }
                        }
                        if depth == 0 && !in_str {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    let take = end.unwrap_or(avail.len());
                    let part = &avail[..take];
                    self.line += part.iter().filter(|&&b| b == b'\n').count() as u64;
                    total += take;
                    let room = (MAX_RECORD_BYTES + 1).saturating_sub(buf.len());
                    buf.extend_from_slice(&part[..take.min(room)]);
                    self.input.consume(take);
                    if end.is_some() {
                        break;
                    }
                }
            }
            _ => {
                while let Some(b) = self.peek()? {
                    if b == b',' || b == b']' || b.is_ascii_whitespace() {
                        break;
                    }
                    self.bump()?;
                    push(&mut buf, b);
                }
            }
        }
        match self.skip_space()? {
            Some(b',') => {
                self.bump()?;
            }
            Some(b']') => {
                self.bump()?;
                self.done = true;
                if self.skip_space()?.is_some() {
                    let why = "text after the closing ] of the array; ignored".to_string();
                    self.pending = Some((self.line, why));
                }
            }
            _ => {
                self.done = true;
                let why =
                    "expected , or ] after the record above; the rest of the file is not read";
                self.pending = Some((self.line, why.to_string()));
            }
        }
        if total > MAX_RECORD_BYTES {
            return Ok(Some((line, Err(too_long(total)))));
        }
        Ok(Some((line, Ok(buf))))
    }
}

/// What a JSON value is, for messages ("a number").
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// How the URL is made.
#[derive(Clone, Debug, PartialEq)]
pub enum UrlRule {
    /// Taken from a field.
    Field(String),
    /// A template: literal text and `{field}` placeholders.
    Template(Vec<(bool, String)>),
}

/// How the title is made.
#[derive(Clone, Debug, PartialEq)]
pub enum TitleRule {
    /// Taken from a field.
    Field(String),
    /// The first words of a field, marked as an excerpt.
    FirstWords(String, usize),
}

/// `[records]` resolved against the data: which field goes where.
#[derive(Clone, Debug)]
pub struct Mapping {
    /// Unique key field.
    pub id: Option<String>,
    /// URL rule.
    pub url: UrlRule,
    /// Title rule.
    pub title: Option<TitleRule>,
    /// Searched fields: name, weight, field id (filled by [`Mapping::fields`]).
    pub text: Vec<(String, f32, FieldId)>,
    /// Facet fields.
    pub facets: Vec<String>,
    /// Sort key fields.
    pub sort: Vec<String>,
    /// Stored-only fields.
    pub meta: Vec<String>,
    /// What was guessed rather than configured, to tell the user.
    pub guessed: Vec<String>,
    /// Searched text kept per record, bytes.
    pub max_text: usize,
    /// Accept `//host/path` URLs.
    pub allow_protocol_relative: bool,
}

fn parse_template(t: &str) -> Result<UrlRule> {
    if !t.contains('{') {
        return Ok(UrlRule::Field(t.to_string()));
    }
    let mut parts = Vec::new();
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push((false, rest[..open].to_string()));
        }
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .with_context(|| format!("url = {t:?}: unclosed {{"))?;
        let name = rest[open + 1..close].trim();
        if name.is_empty() {
            bail!("url = {t:?}: empty {{}}");
        }
        parts.push((true, name.to_string()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push((false, rest.to_string()));
    }
    Ok(UrlRule::Template(parts))
}

impl Mapping {
    /// Resolves `[records]`, guessing what it leaves out from the fields of the first records.
    pub fn resolve(config: &RecordsConfig, sample: &[RawRecord]) -> Result<Mapping> {
        let mut keys: Vec<String> = Vec::new();
        let mut stringy: HashSet<String> = HashSet::new();
        for r in sample.iter().take(100) {
            if let Ok(m) = &r.fields {
                for (k, v) in m {
                    if k.starts_with('\0') {
                        continue;
                    }
                    if !keys.contains(k) {
                        keys.push(k.clone());
                    }
                    if matches!(v, Value::String(_)) {
                        stringy.insert(k.clone());
                    }
                }
            }
        }
        let has = |k: &str| keys.iter().any(|x| x == k);
        let mut guessed = Vec::new();
        let id = match &config.id {
            Some(id) => Some(id.clone()),
            None => ["id", "slug", "key"].iter().find(|k| has(k)).map(|k| {
                guessed.push(format!("id = {k:?}"));
                k.to_string()
            }),
        };
        let url = match &config.url {
            Some(u) => parse_template(u)?,
            None => match ["url", "link", "href", "permalink"].iter().find(|k| has(k)) {
                Some(k) => {
                    guessed.push(format!("url = {k:?}"));
                    UrlRule::Field(k.to_string())
                }
                None => {
                    let id = id.clone().unwrap_or_else(|| "id".into());
                    guessed.push(format!(
                        "url = \"#{{{id}}}\" (no url field: results link to #id)"
                    ));
                    UrlRule::Template(vec![(false, "#".into()), (true, id)])
                }
            },
        };
        let facets = config.facets.clone().unwrap_or_default();
        let sort = config.sort.clone().unwrap_or_default();
        let meta = config.meta.clone().unwrap_or_default();
        let title_field = config.title.clone().or_else(|| {
            if config.title_from.is_some() {
                return None;
            }
            ["title", "name", "headline"]
                .iter()
                .find(|k| has(k))
                .map(|k| {
                    guessed.push(format!("title = {k:?}"));
                    k.to_string()
                })
        });
        let text: Vec<(String, f32)> = match config.text_fields()? {
            Some(t) => t,
            None => {
                let used: Vec<&str> = [id.as_deref(), title_field.as_deref()]
                    .into_iter()
                    .flatten()
                    .chain(facets.iter().map(String::as_str))
                    .chain(sort.iter().map(String::as_str))
                    .chain(meta.iter().map(String::as_str))
                    .chain(match &url {
                        UrlRule::Field(f) => Some(f.as_str()),
                        _ => None,
                    })
                    .collect();
                let t: Vec<(String, f32)> = keys
                    .iter()
                    .filter(|k| stringy.contains(*k) && !used.contains(&k.as_str()))
                    .map(|k| (k.clone(), 1.0))
                    .collect();
                if !t.is_empty() {
                    guessed.push(format!(
                        "text = [{}]",
                        t.iter()
                            .map(|(k, _)| format!("{k:?}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                t
            }
        };
        let title = match (&title_field, &config.title_from) {
            (Some(f), _) => Some(TitleRule::Field(f.clone())),
            (None, Some(from)) => Some(TitleRule::FirstWords(
                from.clone(),
                config.title_words.unwrap_or(12).max(1),
            )),
            (None, None) => text.first().map(|(f, _)| {
                guessed.push(format!(
                    "title_from = {f:?} (no title field: the first words, shown as an excerpt)"
                ));
                TitleRule::FirstWords(f.clone(), config.title_words.unwrap_or(12).max(1))
            }),
        };
        if text.is_empty() && title.is_none() {
            bail!("no text to search: name the searched fields with `text = [...]` under [records] in scry.toml");
        }
        Ok(Mapping {
            id,
            url,
            title,
            text: text.into_iter().map(|(n, w)| (n, w, BODY)).collect(),
            facets,
            sort,
            meta,
            guessed,
            max_text: config
                .max_record_kib
                .map_or(DEFAULT_TEXT_CAP, |k| k.max(1) << 10),
            allow_protocol_relative: config.allow_protocol_relative_urls,
        })
    }

    /// The builder's field table for this mapping: title, heading and body with the configured
    /// weights, then one field per searched field other than `body`.
    pub fn fields(&mut self, config: &Config) -> Vec<FieldSpec> {
        let mut fields = vec![
            FieldSpec::new("title", config.weight("title", 6.0)),
            FieldSpec::new("heading", config.weight("heading", 3.0)),
            FieldSpec::new("body", config.weight("body", 1.0)),
        ];
        for (name, weight, id) in &mut self.text {
            if name == "body" {
                fields[BODY as usize].weight = *weight;
                *id = BODY;
            } else if let Some(i) = fields
                .iter()
                .position(|f| f.name == *name)
                .filter(|&i| i > 2)
            {
                *id = i as FieldId;
            } else {
                fields.push(FieldSpec::new(name, *weight));
                *id = (fields.len() - 1) as FieldId;
            }
        }
        fields
    }

    /// A one-line description for the user.
    pub fn describe(&self) -> String {
        let url = match &self.url {
            UrlRule::Field(f) => f.clone(),
            UrlRule::Template(p) => p
                .iter()
                .map(|(ph, s)| if *ph { format!("{{{s}}}") } else { s.clone() })
                .collect(),
        };
        let title = match &self.title {
            Some(TitleRule::Field(f)) => f.clone(),
            Some(TitleRule::FirstWords(f, n)) => format!("first {n} words of {f}"),
            None => "none".into(),
        };
        let text: Vec<String> = self
            .text
            .iter()
            .map(|(n, w, _)| {
                if *w == 1.0 {
                    n.clone()
                } else {
                    format!("{n}×{w}")
                }
            })
            .collect();
        format!(
            "id={} url={url} title={title} text=[{}]{}{}{}",
            self.id.as_deref().unwrap_or("-"),
            text.join(", "),
            if self.facets.is_empty() {
                String::new()
            } else {
                format!(" facets=[{}]", self.facets.join(", "))
            },
            if self.sort.is_empty() {
                String::new()
            } else {
                format!(" sort=[{}]", self.sort.join(", "))
            },
            if self.meta.is_empty() {
                String::new()
            } else {
                format!(" meta=[{}]", self.meta.join(", "))
            },
        )
    }

    /// Maps one record; problems that do not stop it are pushed to `notes`.
    pub fn document(
        &self,
        mut m: Map<String, Value>,
        sep: Option<&str>,
        notes: &mut Vec<String>,
    ) -> std::result::Result<Document, String> {
        if m.remove(INVALID_UTF8).is_some() {
            notes.push("invalid UTF-8 replaced with U+FFFD".into());
        }
        if let Some(Value::Array(cut)) = m.remove(CUT) {
            for c in cut {
                if let Some([Value::String(name), n]) = c.as_array().map(Vec::as_slice) {
                    notes.push(format!(
                        "field `{name}`: {} of text, cut to the first {} ([records] max_record_kib)",
                        crate::console::bytes(n.as_u64().unwrap_or(0)),
                        crate::console::bytes(self.max_text as u64)
                    ));
                }
            }
        }
        let id = match &self.id {
            Some(f) => match m.get(f) {
                None | Some(Value::Null) => None,
                Some(v) => Some(scalar(v).ok_or_else(|| {
                    format!("field `{f}`: expected text or a number, found {}", kind(v))
                })?),
            },
            None => None,
        };
        let url = match &self.url {
            UrlRule::Field(f) => match m.get(f) {
                None | Some(Value::Null) => return Err(format!("no `{f}` field for the URL")),
                Some(v) => scalar(v)
                    .ok_or_else(|| format!("field `{f}`: expected a URL, found {}", kind(v)))?,
            },
            UrlRule::Template(parts) => {
                let mut url = String::new();
                for (placeholder, s) in parts {
                    if !placeholder {
                        url.push_str(s);
                        continue;
                    }
                    let v = match m.get(s) {
                        None | Some(Value::Null) => {
                            return Err(format!("no `{s}` field for the URL template"))
                        }
                        Some(v) => scalar(v).ok_or_else(|| {
                            format!("field `{s}`: expected text or a number, found {}", kind(v))
                        })?,
                    };
                    url.push_str(&encode_component(&v));
                }
                url
            }
        };
        let url = url.trim().to_string();
        if url.len() > MAX_URL_BYTES {
            return Err(format!(
                "the URL is {} long (the limit is {}); skipped",
                crate::console::bytes(url.len() as u64),
                crate::console::bytes(MAX_URL_BYTES as u64)
            ));
        }
        if id.as_ref().is_some_and(|id| id.len() > MAX_URL_BYTES) {
            return Err(format!(
                "the id is over {}; skipped",
                crate::console::bytes(MAX_URL_BYTES as u64)
            ));
        }
        if !safe_url(&url) {
            return Err(format!(
                "URL {url:?} is neither http(s) nor relative; skipped"
            ));
        }
        if off_site_relative(&url) && !(self.allow_protocol_relative && url.starts_with("//")) {
            return Err(format!(
                "URL {url:?} leads to another host while looking relative; skipped (write it \
                 with https:, or set allow_protocol_relative_urls = true under [records] for //host/ URLs)"
            ));
        }
        let mut spans = Vec::new();
        let mut first_text: Option<(String, String)> = None;
        let mut text_left = self.max_text;
        for (name, _, field) in &self.text {
            match m.get(name) {
                None | Some(Value::Null) => {}
                Some(v) => match text(v) {
                    Some(t) if !t.is_empty() && text_left == 0 => notes.push(format!(
                        "field `{name}`: left out, the record already has {} of text ([records] max_record_kib)",
                        crate::console::bytes(self.max_text as u64)
                    )),
                    Some(mut t) if !t.is_empty() => {
                        if t.len() > text_left {
                            notes.push(format!(
                                "field `{name}`: cut to {} so that the record stays within {} of text ([records] max_record_kib)",
                                crate::console::bytes(text_left as u64),
                                crate::console::bytes(self.max_text as u64)
                            ));
                            t.truncate(cut_str(&t, text_left).len());
                        }
                        text_left -= t.len();
                        if first_text.is_none() {
                            first_text = Some((name.clone(), t.clone()));
                        }
                        spans.push(Span::new(*field, t));
                    }
                    Some(_) => {}
                    None => notes.push(format!(
                        "field `{name}`: expected text, found {}; ignored",
                        kind(v)
                    )),
                },
            }
        }
        let mut meta = Vec::new();
        let title = match &self.title {
            Some(TitleRule::Field(f)) => match m.get(f) {
                None | Some(Value::Null) => String::new(),
                Some(v) => match scalar(v) {
                    Some(t) => crate::text::collapse(&t),
                    None => {
                        notes.push(format!(
                            "field `{f}`: expected text for the title, found {}; ignored",
                            kind(v)
                        ));
                        String::new()
                    }
                },
            },
            Some(TitleRule::FirstWords(f, n)) => {
                let source = match m.get(f) {
                    Some(v) => text(v).unwrap_or_default(),
                    None => String::new(),
                };
                let t = first_words(&source, *n);
                if !t.is_empty() {
                    meta.push((TITLE_IS_EXCERPT.to_string(), "true".to_string()));
                }
                t
            }
            None => String::new(),
        };
        if title.is_empty() && spans.is_empty() {
            return Err("no text in any searched field; skipped".into());
        }
        let title = if title.len() > MAX_TITLE_BYTES {
            notes.push(format!(
                "the title is {} long: cut to {}",
                crate::console::bytes(title.len() as u64),
                crate::console::bytes(MAX_TITLE_BYTES as u64)
            ));
            format!("{}…", cut_str(&title, MAX_TITLE_BYTES - 3).trim_end())
        } else {
            title
        };
        // No usable title: the first words of the text stand in, marked as an excerpt.
        let title = match (title.is_empty(), &first_text) {
            (true, Some((_, t))) => {
                if !meta.iter().any(|(k, _)| k == TITLE_IS_EXCERPT) {
                    meta.push((TITLE_IS_EXCERPT.to_string(), "true".to_string()));
                }
                first_words(t, 12)
            }
            _ => title,
        };
        let mut facets = Vec::new();
        for f in &self.facets {
            match m.get(f) {
                None | Some(Value::Null) => {}
                Some(v) => match values(v, sep) {
                    Some(vals) => {
                        for x in vals {
                            let x = if x.len() > MAX_FACET_BYTES {
                                notes.push(format!(
                                    "field `{f}`: a value of {} cut to {}",
                                    crate::console::bytes(x.len() as u64),
                                    crate::console::bytes(MAX_FACET_BYTES as u64)
                                ));
                                cut_str(&x, MAX_FACET_BYTES).to_string()
                            } else {
                                x
                            };
                            facets.push((f.clone(), x));
                        }
                    }
                    None => notes.push(format!(
                        "field `{f}`: expected text or a list, found {}; ignored",
                        kind(v)
                    )),
                },
            }
        }
        let mut sort_keys = Vec::new();
        for f in &self.sort {
            match m.get(f) {
                None | Some(Value::Null) => {}
                Some(v) => match scalar(v) {
                    Some(s) => sort_keys.push((f.clone(), s)),
                    None => notes.push(format!(
                        "field `{f}`: expected a number or text to sort by, found {}; ignored",
                        kind(v)
                    )),
                },
            }
        }
        for f in &self.meta {
            match m.get(f) {
                None | Some(Value::Null) => {}
                Some(v) => match values(v, None) {
                    Some(vals) => {
                        let mut value = vals.join(", ");
                        if value.len() > MAX_META_BYTES {
                            notes.push(format!(
                                "field `{f}`: {} cut to {}",
                                crate::console::bytes(value.len() as u64),
                                crate::console::bytes(MAX_META_BYTES as u64)
                            ));
                            value.truncate(cut_str(&value, MAX_META_BYTES).len());
                        }
                        meta.push((f.clone(), value));
                    }
                    None => notes.push(format!(
                        "field `{f}`: expected text, found {}; ignored",
                        kind(v)
                    )),
                },
            }
        }
        if let Some(id) = id {
            meta.push(("id".to_string(), id));
        }
        Ok(Document {
            url,
            title,
            spans,
            meta,
            facets,
            sort_keys,
        })
    }
}

/// Text, a number or a boolean as text.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Searchable text: a scalar, or an array of scalars joined.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::Array(items) => {
            let parts: Option<Vec<String>> =
                items.iter().filter(|x| !x.is_null()).map(scalar).collect();
            parts.map(|p| crate::text::collapse(&p.join(" ")))
        }
        other => scalar(other).map(|s| crate::text::collapse(&s)),
    }
}

/// Several values: an array of scalars, or a scalar (split at `sep` when given).
fn values(v: &Value, sep: Option<&str>) -> Option<Vec<String>> {
    let out: Vec<String> = match v {
        Value::Array(items) => items
            .iter()
            .filter(|x| !x.is_null())
            .map(scalar)
            .collect::<Option<Vec<_>>>()?,
        Value::String(s) => match sep {
            Some(sep) if !sep.is_empty() => s.split(sep).map(|x| x.trim().to_string()).collect(),
            _ => vec![s.trim().to_string()],
        },
        other => vec![scalar(other)?],
    };
    Some(out.into_iter().filter(|s| !s.is_empty()).collect())
}

fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= n {
        return words.join(" ");
    }
    let mut t = words[..n].join(" ");
    t = t
        .trim_end_matches([',', ';', ':', '.', '—', '-'])
        .to_string();
    t.push('…');
    t
}

fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `http:`/`https:` URLs and relative ones (`/a`, `a/b`, `#x`, `?q`); never `javascript:`, `data:`, ….
pub fn safe_url(url: &str) -> bool {
    if url.trim().is_empty() || url.chars().any(|c| c.is_control()) {
        return false;
    }
    let scheme_end = url.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if url[i..].starts_with(':') => {
            let scheme = url[..i].to_ascii_lowercase();
            scheme == "http" || scheme == "https"
        }
        _ => true,
    }
}

/// True for URLs that name another host while looking relative: `//host/x`, and the backslash
/// forms browsers read the same way (`\\host\x`, `/\host`, `\/host`).
pub fn off_site_relative(url: &str) -> bool {
    let b = url.as_bytes();
    b.len() >= 2 && matches!(b[0], b'/' | b'\\') && matches!(b[1], b'/' | b'\\')
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(toml: &str, first: &str) -> Mapping {
        let config = Config::parse(toml).unwrap();
        let fields = match serde_json::from_str::<Value>(first).unwrap() {
            Value::Object(m) => m,
            _ => unreachable!(),
        };
        let mut m = Mapping::resolve(
            &config.records,
            &[RawRecord {
                line: 1,
                fields: Ok(fields),
            }],
        )
        .unwrap();
        m.fields(&config);
        m
    }

    fn map(m: &Mapping, json: &str) -> std::result::Result<Document, String> {
        let Value::Object(o) = serde_json::from_str::<Value>(json).unwrap() else {
            unreachable!()
        };
        m.document(o, None, &mut Vec::new())
    }

    #[test]
    fn opsi_like_records_get_an_excerpt_title_and_a_template_url() {
        let m = mapping(
            "[records]\nid = \"id\"\nurl = \"https://x.org/c/{id}\"\ntitle_from = \"body\"\ntitle_words = 3\ntext = { body = 1.0 }\nfacets = [\"source\"]\n",
            r#"{"id": "a", "body": "x", "source": "s"}"#,
        );
        let d = map(
            &m,
            r#"{"id": "opsi 1", "body": "Under the Public Sector Trial", "source": "oecd"}"#,
        )
        .unwrap();
        assert_eq!(d.url, "https://x.org/c/opsi%201");
        assert_eq!(d.title, "Under the Public…");
        assert!(d
            .meta
            .contains(&(TITLE_IS_EXCERPT.to_string(), "true".to_string())));
        assert_eq!(d.facets, vec![("source".to_string(), "oecd".to_string())]);
        assert_eq!(
            d.spans,
            vec![Span::new(BODY, "Under the Public Sector Trial")]
        );
    }

    #[test]
    fn wrong_types_and_unsafe_urls_are_reported() {
        let m = mapping(
            "[records]\nurl = \"link\"\ntitle = \"title\"\ntext = [\"body\"]\n",
            r#"{"link": "/a", "title": "t", "body": "b"}"#,
        );
        assert!(map(
            &m,
            r#"{"link": "javascript:alert(1)", "title": "t", "body": "b"}"#
        )
        .unwrap_err()
        .contains("neither http"));
        assert!(map(&m, r#"{"link": {"a": 1}, "title": "t", "body": "b"}"#)
            .unwrap_err()
            .contains("found an object"));
        let mut notes = Vec::new();
        let Value::Object(o) =
            serde_json::from_str::<Value>(r#"{"link": "/a", "title": ["x"], "body": 5}"#).unwrap()
        else {
            unreachable!()
        };
        let d = m.document(o, None, &mut notes).unwrap();
        assert_eq!(d.spans[0].text, "5");
        assert!(notes[0].contains("title"), "{notes:?}");
    }

    #[test]
    fn guesses_a_mapping_without_config() {
        let m = mapping("", r#"{"id": "a", "title": "T", "body": "text", "n": 3}"#);
        assert_eq!(m.id.as_deref(), Some("id"));
        assert_eq!(m.title, Some(TitleRule::Field("title".into())));
        assert_eq!(
            m.text.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
            vec!["body"]
        );
        assert!(!m.guessed.is_empty());
    }

    fn read_all(path: &Path, cap: usize) -> Vec<RawRecord> {
        let mut r = Reader::open(path, Format::JsonArray, None, cap).unwrap();
        let mut all = Vec::new();
        loop {
            let chunk = r.chunk(2).unwrap();
            if chunk.is_empty() {
                return all;
            }
            all.extend(chunk);
        }
    }

    #[test]
    fn json_arrays_are_cut_into_items_as_serde_json_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        let text = "\u{feff} [\n{\"a\": \"x]}\\\"[{\", \"b\": [1, {\"c\": \"}\"}]},\n\n  {\"a\": \"\\\\\"}\t,{}\n, 7 ,\"s\", {\"z\": null}]\n";
        std::fs::write(&path, text).unwrap();
        let expected: Vec<Value> =
            serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
        let got = read_all(&path, usize::MAX);
        assert_eq!(got.len(), expected.len());
        for (r, e) in got.iter().zip(&expected) {
            match (&r.fields, e) {
                (Ok(m), Value::Object(o)) => assert_eq!(m, o),
                (Err(why), _) => assert!(why.contains("expected a JSON object"), "{why}"),
                (Ok(m), other) => panic!("{m:?} for {other}"),
            }
        }
        assert_eq!(
            got.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![2, 4, 4, 5, 5, 5]
        );
        // Strings are cut while parsed, per top-level field, nested ones included.
        std::fs::write(
            &path,
            r#"[{"t": "abcdefgh", "l": ["abc", "def", "ghi"], "n": 5}]"#,
        )
        .unwrap();
        let got = read_all(&path, 4);
        let m = got[0].fields.as_ref().unwrap();
        assert_eq!(m["t"], "abcd");
        assert_eq!(m["l"], serde_json::json!(["abc", "d", ""]));
        assert_eq!(m[CUT], serde_json::json!([["t", 8], ["l", 9]]));
        // Broken structure: the items before it are kept, the break is named.
        std::fs::write(&path, "[{\"a\": 1},\n{\"a\": 2} {\"a\": 3}]").unwrap();
        let got = read_all(&path, usize::MAX);
        assert_eq!(got.len(), 3);
        assert!(got[0].fields.is_ok() && got[1].fields.is_ok());
        assert!(got[2]
            .fields
            .as_ref()
            .unwrap_err()
            .contains("expected , or ]"));
        std::fs::write(&path, "{\"a\": 1}").unwrap();
        assert!(Reader::open(&path, Format::JsonArray, None, 10)
            .unwrap()
            .chunk(1)
            .is_err());
    }

    #[test]
    fn safe_urls() {
        for ok in [
            "https://a.b/c",
            "http://x",
            "/a/b",
            "a/b.html",
            "#x",
            "?q=1",
            "a:b/c".split(':').next().unwrap(),
        ] {
            assert!(safe_url(ok), "{ok}");
        }
        for off in [
            "//evil.example/x",
            "\\\\evil.example\\y",
            "/\\evil.example",
            "\\/evil",
        ] {
            assert!(off_site_relative(off), "{off}");
        }
        for on in ["/a", "a//b", "https://x.example/", "#x", "?q=//"] {
            assert!(!off_site_relative(on), "{on}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:x",
            "data:text/html,x",
            "vbscript:x",
            " ",
            "a\nb",
        ] {
            assert!(!safe_url(bad), "{bad}");
        }
    }
}
