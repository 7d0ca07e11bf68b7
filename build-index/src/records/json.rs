//! One record's JSON text to its fields, strings cut to the text cap while they are parsed.

use serde_json::{Map, Value};

use super::kind;
use super::{CUT, INVALID_UTF8};

/// One record's bytes to its fields, strings cut to `cap` bytes of text per top-level field (the
/// cut fields, and invalid UTF-8, noted in marker fields); or why it is not a JSON object.
pub(crate) fn parse_json_line(
    bytes: &[u8],
    cap: usize,
) -> std::result::Result<Map<String, Value>, String> {
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
        let k = super::super::cut_str(s, room);
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
