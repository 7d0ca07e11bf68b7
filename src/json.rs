//! A small JSON reader and writer for the wasm boundary and `scry search --json`.
//!
//! The browser binding passes options in and results out as JSON strings: cheaper in wasm bytes than
//! serde_json or generated JS glue for every type. Offsets written for JavaScript are UTF-16 code
//! units (JS string indices).

use crate::query::{DocView, FacetCounts, Filter, FilterMode, SearchOptions, SearchResults};

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, keys in order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    fn as_usize(&self) -> Option<usize> {
        match self {
            Value::Number(n) if *n >= 0.0 && n.is_finite() => Some(*n as usize),
            _ => None,
        }
    }
}

/// Nesting deeper than this is refused (hostile input).
const MAX_DEPTH: usize = 32;

/// Parses a JSON document; `None` when it is not valid JSON.
pub fn parse(text: &str) -> Option<Value> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let v = p.value(0)?;
    p.ws();
    (p.i == p.s.len()).then_some(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &[u8]) -> Option<()> {
        self.s[self.i..]
            .starts_with(lit)
            .then(|| self.i += lit.len())
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match *self.s.get(self.i)? {
            b'n' => self.eat(b"null").map(|_| Value::Null),
            b't' => self.eat(b"true").map(|_| Value::Bool(true)),
            b'f' => self.eat(b"false").map(|_| Value::Bool(false)),
            b'"' => self.string().map(Value::String),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat(b"]").is_some() {
                    return Some(Value::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    if self.eat(b",").is_none() {
                        self.eat(b"]")?;
                        return Some(Value::Array(items));
                    }
                }
            }
            b'{' => {
                self.i += 1;
                let mut members = Vec::new();
                self.ws();
                if self.eat(b"}").is_some() {
                    return Some(Value::Object(members));
                }
                loop {
                    self.ws();
                    let k = self.string()?;
                    self.ws();
                    self.eat(b":")?;
                    members.push((k, self.value(depth + 1)?));
                    self.ws();
                    if self.eat(b",").is_none() {
                        self.eat(b"}")?;
                        return Some(Value::Object(members));
                    }
                }
            }
            _ => self.number().map(Value::Number),
        }
    }

    fn string(&mut self) -> Option<String> {
        self.eat(b"\"")?;
        let mut out = String::new();
        loop {
            let start = self.i;
            while self.i < self.s.len() && self.s[self.i] != b'"' && self.s[self.i] != b'\\' {
                self.i += 1;
            }
            out.push_str(std::str::from_utf8(&self.s[start..self.i]).ok()?);
            match *self.s.get(self.i)? {
                b'"' => {
                    self.i += 1;
                    return Some(out);
                }
                _ => {
                    self.i += 1;
                    let c = *self.s.get(self.i)?;
                    self.i += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                self.eat(b"\\u")?;
                                let lo = self.hex4()?;
                                char::from_u32(
                                    0x10000 + ((hi - 0xD800) << 10) + lo.checked_sub(0xDC00)?,
                                )
                            } else {
                                char::from_u32(hi)
                            };
                            out.push(c.unwrap_or('\u{fffd}'));
                        }
                        _ => return None,
                    }
                }
            }
        }
    }

    /// A JSON number. Parsed by hand: `str::parse::<f64>` would cost the wasm ~10 KiB, and options
    /// only hold small integers; fractions and exponents are read approximately.
    fn number(&mut self) -> Option<f64> {
        let neg = self.eat(b"-").is_some();
        let digits = |p: &mut Self| -> (f64, i32) {
            let (mut v, mut n) = (0.0f64, 0);
            while let Some(d) = p.s.get(p.i).filter(|c| c.is_ascii_digit()) {
                v = v * 10.0 + f64::from(d - b'0');
                n += 1;
                p.i += 1;
            }
            (v, n)
        };
        let (mut v, n) = digits(self);
        if n == 0 {
            return None;
        }
        if self.eat(b".").is_some() {
            let (f, m) = digits(self);
            if m == 0 {
                return None;
            }
            v += f / 10f64.powi(m);
        }
        if self.eat(b"e").or_else(|| self.eat(b"E")).is_some() {
            let eneg = self.eat(b"-").is_some();
            if !eneg {
                self.eat(b"+");
            }
            let (e, m) = digits(self);
            if m == 0 {
                return None;
            }
            let e = e.min(400.0) as i32;
            v *= 10f64.powi(if eneg { -e } else { e });
        }
        Some(if neg { -v } else { v })
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = std::str::from_utf8(self.s.get(self.i..self.i + 4)?).ok()?;
        self.i += 4;
        u32::from_str_radix(h, 16).ok()
    }
}

/// Reads search options from JSON:
/// `{"limit":10,"offset":0,"filters":{"topic":{"any":["a"],"all":[],"none":[]}},"sort":"-date","facets":true}`.
/// Unknown members are ignored; a filter value may also be a plain array (meaning `any`).
pub fn options_from_json(text: &str) -> Result<SearchOptions, String> {
    let mut o = SearchOptions::default();
    if text.trim().is_empty() {
        return Ok(o);
    }
    let v = parse(text).ok_or("search options are not valid JSON")?;
    if let Some(n) = v.get("limit").and_then(Value::as_usize) {
        o.limit = n.min(10_000);
    }
    if let Some(n) = v.get("offset").and_then(Value::as_usize) {
        o.offset = n;
    }
    o.sort = v
        .get("sort")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    o.facets = matches!(v.get("facets"), Some(Value::Bool(true)));
    if let Some(Value::Object(filters)) = v.get("filters") {
        for (facet, spec) in filters {
            let values = |v: Option<&Value>| -> Vec<String> {
                match v {
                    Some(Value::Array(a)) => a
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                    Some(Value::String(s)) => vec![s.clone()],
                    _ => Vec::new(),
                }
            };
            if let Value::Array(_) | Value::String(_) = spec {
                o.filters.push(Filter {
                    facet: facet.clone(),
                    mode: FilterMode::Any,
                    values: values(Some(spec)),
                });
                continue;
            }
            for (key, mode) in [
                ("any", FilterMode::Any),
                ("all", FilterMode::All),
                ("none", FilterMode::None),
            ] {
                let vals = values(spec.get(key));
                if !vals.is_empty() {
                    o.filters.push(Filter {
                        facet: facet.clone(),
                        mode,
                        values: vals,
                    });
                }
            }
        }
    }
    Ok(o)
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `n` in decimal (by hand: `core::fmt` would cost the wasm module a few KiB).
pub(crate) fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

/// Appends `n` in lowercase hex, zero-padded to at least `width` digits (as `{n:0width$x}` would).
pub(crate) fn push_hex(out: &mut String, n: u64, width: usize) {
    let digits = (16 - n.leading_zeros() as usize / 4).max(width);
    for i in (0..digits).rev() {
        let d = if i < 16 { (n >> (4 * i)) & 0xF } else { 0 };
        out.push(HEX[d as usize] as char);
    }
}

/// Appends `s` as a JSON string.
pub fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(HEX[(c as usize >> shift) & 0xF] as char);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Which offsets to write: bytes (Rust callers) or UTF-16 code units (JavaScript).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Offsets {
    /// Byte offsets.
    Bytes,
    /// UTF-16 code units.
    Utf16,
}

fn ranges(out: &mut String, text: &str, ranges: &[(usize, usize)], unit: Offsets) {
    out.push('[');
    for (i, &(s, e)) in ranges.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let (s, e) = match unit {
            Offsets::Bytes => (s, e),
            Offsets::Utf16 => (
                utf16_len(text.get(..s).unwrap_or(text)),
                utf16_len(text.get(..e).unwrap_or(text)),
            ),
        };
        out.push('[');
        push_u64(out, s as u64);
        out.push(',');
        push_u64(out, e as u64);
        out.push(']');
    }
    out.push(']');
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

fn facets(out: &mut String, facets: &[FacetCounts]) {
    out.push('{');
    for (i, f) in facets.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, &f.name);
        out.push_str(":{");
        for (j, (v, n)) in f.values.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            string(out, v);
            out.push(':');
            push_u64(out, *n as u64);
        }
        out.push('}');
    }
    out.push('}');
}

/// Search results as JSON: `{"total","partial","results":[{"doc","score"}],"facets","facetsAll","didYouMean","terms"}`.
pub fn results(r: &SearchResults) -> String {
    let mut out = String::with_capacity(256 + 32 * r.hits.len());
    out.push_str("{\"total\":");
    push_u64(&mut out, r.total as u64);
    out.push_str(if r.partial {
        ",\"partial\":true"
    } else {
        ",\"partial\":false"
    });
    out.push_str(",\"results\":[");
    for (i, h) in r.hits.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // Scores as fixed-point decimals: float formatting would cost the wasm ~12 KiB.
        let milli = if h.score.is_finite() {
            (h.score.clamp(0.0, 1e12) * 1000.0).round() as u64
        } else {
            0
        };
        out.push_str("{\"doc\":");
        push_u64(&mut out, u64::from(h.doc));
        out.push_str(",\"score\":");
        push_u64(&mut out, milli / 1000);
        out.push('.');
        let fraction = milli % 1000;
        for digit in [fraction / 100, fraction / 10 % 10, fraction % 10] {
            out.push(char::from(b'0' + digit as u8));
        }
        out.push('}');
    }
    out.push_str("],\"facets\":");
    facets(&mut out, &r.facets);
    out.push_str(",\"facetsAll\":");
    facets(&mut out, &r.facets_all);
    out.push_str(",\"didYouMean\":");
    match &r.did_you_mean {
        Some(s) => string(&mut out, s),
        None => out.push_str("null"),
    }
    out.push_str(",\"terms\":[");
    for (i, t) in r.terms.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(&mut out, t);
    }
    out.push_str("]}");
    out
}

/// A result's data as JSON: `{"url","title","titleMatches","excerpt","matches","sub":[…],"meta":{}}`.
pub fn document(d: &DocView, unit: Offsets) -> String {
    let mut out = String::with_capacity(512 + d.excerpt.len());
    out.push_str("{\"url\":");
    string(&mut out, &d.url);
    out.push_str(",\"title\":");
    string(&mut out, &d.title);
    out.push_str(",\"titleMatches\":");
    ranges(&mut out, &d.title, &d.title_matches, unit);
    out.push_str(",\"excerpt\":");
    string(&mut out, &d.excerpt);
    out.push_str(",\"matches\":");
    ranges(&mut out, &d.excerpt, &d.matches, unit);
    out.push_str(",\"sub\":[");
    for (i, s) in d.sub.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"title\":");
        string(&mut out, &s.title);
        out.push_str(",\"url\":");
        string(&mut out, &s.url);
        out.push_str(",\"excerpt\":");
        string(&mut out, &s.excerpt);
        out.push_str(",\"matches\":");
        ranges(&mut out, &s.excerpt, &s.matches, unit);
        out.push('}');
    }
    out.push_str("],\"meta\":{");
    for (i, (k, v)) in d.meta.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(&mut out, k);
        out.push(':');
        string(&mut out, v);
    }
    out.push_str("}}");
    out
}

/// A list of file names as `{"need":[…]}`.
pub fn need(names: &[String]) -> String {
    let mut out = String::from("{\"need\":[");
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(&mut out, n);
    }
    out.push_str("]}");
    out
}

/// What a UI needs to know about an index: `{"format","documents","facets":[…],"sorts":[…],"language"}`.
pub fn info(index: &crate::index::Index) -> String {
    let m = index.manifest();
    let mut out = String::from("{\"format\":");
    push_u64(&mut out, u64::from(crate::format::VERSION));
    out.push_str(",\"documents\":");
    push_u64(&mut out, u64::from(m.documents));
    out.push_str(",\"facets\":[");
    for (i, f) in m.facets.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(&mut out, &f.name);
    }
    out.push_str("],\"sorts\":[");
    for (i, f) in m.sorts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(&mut out, &f.name);
    }
    out.push_str("],\"language\":");
    string(&mut out, &m.tokenizer.language);
    if m.bundles.dictionary != 0 {
        out.push_str(",\"dictionary\":");
        string(
            &mut out,
            &crate::format::dictionary_name(m.bundles.dictionary),
        );
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_options_with_filters() {
        let o = options_from_json(r#"{"limit":5,"sort":"-date","facets":true,"filters":{"topic":{"any":["a","b"],"none":["c"]},"k":["x"]}}"#).unwrap();
        assert_eq!(o.limit, 5);
        assert_eq!(o.sort.as_deref(), Some("-date"));
        assert!(o.facets);
        assert_eq!(o.filters.len(), 3);
        assert_eq!(o.filters[1].mode, FilterMode::None);
        assert_eq!(o.filters[2].values, vec!["x"]);
    }

    #[test]
    fn rejects_bad_and_deep_json() {
        assert!(options_from_json("{").is_err());
        assert!(parse(&"[".repeat(1000)).is_none());
        assert_eq!(
            parse(r#""a\u00e9\ud83d\ude00""#),
            Some(Value::String("aé😀".into()))
        );
        assert_eq!(
            parse("[12, -3.5, 1e2]"),
            Some(Value::Array(vec![
                Value::Number(12.0),
                Value::Number(-3.5),
                Value::Number(100.0)
            ]))
        );
        assert!(parse("[1.]").is_none() && parse("-").is_none());
    }

    #[test]
    fn strings_are_escaped() {
        let mut s = String::new();
        string(&mut s, "a\"b\\c\n\u{1}</script>");
        assert_eq!(s, r#""a\"b\\c\n\u0001</script>""#);
        assert_eq!(
            parse(&s),
            Some(Value::String("a\"b\\c\n\u{1}</script>".into()))
        );
    }

    #[test]
    fn numbers_and_escapes_are_written_by_hand_as_fmt_would() {
        for n in [0, 7, 10, 99, 100, 12345, u64::from(u32::MAX), u64::MAX] {
            let mut out = String::new();
            push_u64(&mut out, n);
            assert_eq!(out, n.to_string());
        }
        for n in [0, 0xab, 0xffff_ffff_ffff, 0x1_0000_0000_0000, u64::MAX] {
            let mut out = String::new();
            push_hex(&mut out, n, 12);
            assert_eq!(out, format!("{n:012x}"));
        }
        let mut s = String::new();
        string(&mut s, "\u{1f}\u{2028}\u{2029}");
        assert_eq!(s, r#""\u001f\u2028\u2029""#);
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let mut out = String::new();
        ranges(&mut out, "😀ab", &[(4, 5)], Offsets::Utf16);
        assert_eq!(out, "[[2,3]]");
    }
}
