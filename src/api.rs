//! The JSON shapes of the wasm boundary and `scry search --json`: search options in; results,
//! documents, needed files and index info out. Written with the low-level reader and writer in
//! `json.rs`. Offsets written for JavaScript are UTF-16 code units (JS string indices).

use crate::error::Error;
use crate::json::{parse, push_u64, string, Value};
use crate::query::{DocView, FacetCounts, Filter, FilterMode, SearchOptions, SearchResults};

/// Reads search options from JSON:
/// `{"limit":10,"offset":0,"filters":{"topic":{"any":["a"],"all":[],"none":[]}},"sort":"-date","facets":true}`.
/// Unknown members are ignored; a filter value may also be a plain array (meaning `any`).
pub fn options_from_json(text: &str) -> Result<SearchOptions, Error> {
    let mut o = SearchOptions::default();
    if text.trim().is_empty() {
        return Ok(o);
    }
    let v = parse(text).ok_or(Error::OptionsNotJson)?;
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
    fn utf16_offsets_count_surrogate_pairs() {
        let mut out = String::new();
        ranges(&mut out, "😀ab", &[(4, 5)], Offsets::Utf16);
        assert_eq!(out, "[[2,3]]");
    }
}
