//! A small JSON reader and writer, the bottom of the crate: it imports nothing from it.
//!
//! The browser binding passes options in and results out as JSON strings: cheaper in wasm bytes than
//! serde_json or generated JS glue for every type. The shapes of those strings are in `api.rs`;
//! the number writers here are also used for file names and messages (`format`, `error`, `query`).

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

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_usize(&self) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
