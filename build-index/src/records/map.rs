//! Mapping: `[records]` resolved against the first records ([`Mapping::resolve`]), then each
//! record's fields turned into a [`Document`] ([`Mapping::document`]): the URL (a field or a
//! template, kept only when safe), the title, the searched text within the record's text cap,
//! facets, sort keys and meta. Problems that skip a record are its error; the rest are notes.

use std::collections::HashSet;

use anyhow::{bail, Context, Result};
use scry::document::BODY;
use scry::{Document, FieldId, FieldSpec, Span};
use serde_json::{Map, Value};

use super::read::RawRecord;
use super::{cut_str, kind};
use super::{CUT, INVALID_UTF8};
use crate::config::{Config, RecordsConfig};

/// Meta key set to `"true"` when the title was made from the first words of a text field, so the UI
/// can show it as an excerpt rather than as a real title.
pub const TITLE_IS_EXCERPT: &str = "title_is_excerpt";
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
