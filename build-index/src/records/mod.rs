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
//!
//! The stages, one module each:
//! - [`read`]: a file to chunks of [`RawRecord`]s (field maps, or why a record cannot be parsed),
//!   with the line each starts on; `array` cuts a JSON array into items, `json` parses one
//!   record's text with its text cap.
//! - [`map`]: [`Mapping`], `[records]` resolved against the first records, turns one record's fields
//!   into a [`scry::Document`] (URL, title, searched text, facets, sort keys, meta).
//! - [`batch`]: [`RecordsProducer`] maps each chunk in parallel, warns with `file:line`, drops
//!   duplicate ids, tokenizes, and sends the documents on as the pipeline's batches.

use serde_json::Value;

mod array;
pub mod batch;
mod json;
pub mod map;
pub mod read;

pub use batch::{RecordStats, RecordsProducer};
pub use map::{
    off_site_relative, safe_url, Mapping, TitleRule, UrlRule, DEFAULT_TEXT_CAP, MAX_FACET_BYTES,
    MAX_META_BYTES, MAX_TITLE_BYTES, MAX_URL_BYTES, TITLE_IS_EXCERPT,
};
pub use read::{Format, RawRecord, Reader};

/// The raw bytes of one record read at most; a longer record is skipped with a warning.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// A marker field for records whose bytes were not valid UTF-8 (warned about, then removed).
pub(crate) const INVALID_UTF8: &str = "\u{0}invalid-utf8";
/// A marker field listing the fields cut while parsing: `[[name, original bytes], …]`.
pub(crate) const CUT: &str = "\u{0}cut";

pub(crate) fn too_long(len: usize) -> String {
    format!(
        "the record is {} long, over the limit of {} for one record; skipped",
        crate::console::bytes(len as u64),
        crate::console::bytes(MAX_RECORD_BYTES as u64)
    )
}

/// One raw record: its first line, and its bytes or why it is skipped.
pub(crate) type RawItem = (u64, std::result::Result<Vec<u8>, String>);

/// The largest char boundary of `s` (UTF-8, possibly invalid) at or below `at`.
pub(crate) fn floor_char_boundary(s: &[u8], at: usize) -> usize {
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
