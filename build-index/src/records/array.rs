//! A JSON array of records, its items cut out of the file one by one: the file is never read
//! whole, and a break in its structure ends it with an error naming the line.

use std::fs::File;
use std::io::{BufRead, BufReader};

use anyhow::{bail, Result};

use super::{too_long, RawItem, MAX_RECORD_BYTES};

/// The items of a JSON array, cut out of the file one by one (the file is never read whole).
pub(crate) struct ArrayItems {
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
    /// The items of the array `input` holds; `path` names it in errors.
    pub(crate) fn new(input: BufReader<File>, path: String) -> ArrayItems {
        ArrayItems {
            input,
            line: 1,
            started: false,
            done: false,
            pending: None,
            path,
        }
    }

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
    pub(crate) fn next_item(&mut self) -> Result<Option<RawItem>> {
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::Value;

    use crate::records::read::{Format, RawRecord, Reader};
    use crate::records::CUT;

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
}
