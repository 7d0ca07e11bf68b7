//! `scry.toml`: everything the command line does not say.
//!
//! Every key is optional; unknown keys are errors (a typo should not be silently ignored). The
//! reference below is printed by `scry --help` too.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

/// The annotated reference of every key, shown by `--help`.
pub const REFERENCE: &str = r#"# scry.toml — every key is optional.
language = "en"          # stemmer: en fr de es it pt nl sv no da fi ru hu ro tr ar el ta …; "" = none.
                         # Default: the most common <html lang> of the pages (records: none).
extra_word_chars = "+#"  # characters that belong to words, so C++ and C# are searchable

[weights]                # how much a match counts in each field (BM25F)
title = 6.0
heading = 3.0
body = 1.0

[index]
shard_kib = 8            # target size of a term shard without its positions (a query fetches a few)
bundle_kib = 4           # target size of a bundle of stored documents (results fetch theirs)
dictionary_kib = 8       # deflate dictionary trained on the stored documents, shared by their
                         # bundles (up to 32; 0: none); used only on sites with 64x that much text
memory_mb = 512          # postings held in memory before sorted runs spill to disk

[site]                   # scry --site DIR
include = ["**/*.html", "**/*.htm"]   # globs, relative to DIR
exclude = ["drafts/**", "tags/**"]
default_exclude = true   # also leave out pages that are not content: error pages (**/404.html,
                         # **/404/index.html, **/404.htm, **/500.html, **/50x.html), search pages
                         # (**/search.html, **/search/index.html), Sphinx's indexes (**/genindex.html,
                         # **/genindex-*.html, **/py-modindex.html); false indexes them
ignore = [".toc", "aside.ads"]        # CSS selectors left out of every page (on top of nav,
                                      # header, footer, script, style, [data-scry-ignore], …)
max_page_kib = 2048      # text kept per page; longer pages are cut, with a warning
strip_title_suffix = true  # drop a suffix shared by many titles (" — Python 3.11 documentation")
base_url = "/"           # where DIR is served: "/docs/" makes a/index.html → /docs/a/
follow_links_outside = false  # true follows symbolic links that lead out of DIR (by default
                         # they are skipped with a warning, as `scry serve` refuses them)

[records]                # scry --records FILE (.jsonl, .json array, .csv, .tsv)
id = "id"                # unique key; duplicates are skipped with a warning
url = "https://example.org/cases/{id}"  # a field name, or a template of {field}s
title = "name"           # a field shown as the result's title; or, without one:
title_from = "body"      #   the first words of this field, marked as an excerpt
title_words = 12         #   (meta "title_is_excerpt" = "true" tells the UI)
text = { body = 1.0, summary = 2.0 }    # searched fields and their weights
facets = ["source", "tags"]            # filter values (a JSON array gives several)
sort = ["date"]                        # sort keys (numbers sort as numbers)
meta = ["image", "date"]               # stored and returned with results, not searched
list_separator = ";"     # CSV/TSV: cells holding several facet values
max_record_kib = 2048    # searched text kept per record; longer is cut, with a warning (titles
                         # are cut at 1 KiB, meta values at 8 KiB, facet values at 1 KiB)
allow_protocol_relative_urls = false  # true accepts url = "//other.example/page" (another
                         # host); backslash forms like "/\\host" are always refused
"#;

/// Pages that are not content, left out unless `default_exclude = false`: error pages, a site's
/// own search page, generated indexes. (Listed in [`REFERENCE`], which a test keeps in step.)
pub const DEFAULT_EXCLUDE: &[&str] = &[
    "**/404.html",
    "**/404/index.html",
    "**/404.htm",
    "**/500.html",
    "**/50x.html",
    "**/search.html",
    "**/search/index.html",
    "**/genindex.html",
    "**/genindex-*.html",
    "**/py-modindex.html",
];

/// The whole file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Stemmer language; `None`: decided from the pages.
    pub language: Option<String>,
    /// Characters that belong to words besides letters and digits.
    #[serde(default)]
    pub extra_word_chars: String,
    /// Field weights by name.
    #[serde(default)]
    pub weights: BTreeMap<String, f32>,
    /// Index sizes and the memory budget.
    #[serde(default)]
    pub index: IndexConfig,
    /// Site crawl settings.
    #[serde(default)]
    pub site: SiteConfig,
    /// Records field mapping.
    #[serde(default)]
    pub records: RecordsConfig,
}

/// `[index]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexConfig {
    /// Target term shard size, KiB.
    pub shard_kib: Option<usize>,
    /// Target document bundle size, KiB.
    pub bundle_kib: Option<usize>,
    /// Size of the bundles' shared deflate dictionary, KiB (0: none).
    pub dictionary_kib: Option<usize>,
    /// Memory budget for postings before spilling, MiB.
    pub memory_mb: Option<usize>,
}

/// `[site]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    /// Globs of pages to index, relative to the site folder.
    pub include: Vec<String>,
    /// Globs of pages to leave out.
    pub exclude: Vec<String>,
    /// Leave out [`DEFAULT_EXCLUDE`] too.
    pub default_exclude: bool,
    /// CSS selectors of elements to leave out of every page.
    pub ignore: Vec<String>,
    /// Text kept per page, KiB.
    pub max_page_kib: usize,
    /// Drop a suffix that most titles share.
    pub strip_title_suffix: bool,
    /// Where the site folder is served from (`/docs/` when DIR is published under /docs/).
    pub base_url: String,
    /// Follow symbolic links that lead out of the site folder.
    pub follow_links_outside: bool,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            include: vec!["**/*.html".into(), "**/*.htm".into()],
            exclude: Vec::new(),
            default_exclude: true,
            ignore: Vec::new(),
            max_page_kib: 2048,
            strip_title_suffix: true,
            base_url: "/".into(),
            follow_links_outside: false,
        }
    }
}

/// `text = { body = 1.0 }` or `text = ["body", "summary"]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum TextFields {
    /// Field names, weight 1.
    List(Vec<String>),
    /// Field names and weights, in file order.
    Weighted(toml::Table),
}

/// `[records]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordsConfig {
    /// The field holding a unique key.
    pub id: Option<String>,
    /// A field name, or a template with `{field}` placeholders.
    pub url: Option<String>,
    /// The field holding the title.
    pub title: Option<String>,
    /// Make the title from the first words of this field.
    pub title_from: Option<String>,
    /// How many words `title_from` takes.
    pub title_words: Option<usize>,
    /// Searched fields and weights.
    pub text: Option<TextFields>,
    /// Facet fields.
    pub facets: Option<Vec<String>>,
    /// Sort key fields.
    pub sort: Option<Vec<String>>,
    /// Stored-only fields.
    pub meta: Option<Vec<String>>,
    /// Separator of several values in one CSV cell.
    pub list_separator: Option<String>,
    /// Searched text kept per record, KiB (default: as `max_page_kib`).
    pub max_record_kib: Option<usize>,
    /// Accept URLs such as `//other.example/page` (a host of its own, with the page's scheme).
    #[serde(default)]
    pub allow_protocol_relative_urls: bool,
}

impl RecordsConfig {
    /// The text fields with weights, in order.
    pub fn text_fields(&self) -> Result<Option<Vec<(String, f32)>>> {
        Ok(match &self.text {
            None => None,
            Some(TextFields::List(names)) => Some(names.iter().map(|n| (n.clone(), 1.0)).collect()),
            Some(TextFields::Weighted(table)) => {
                let mut out = Vec::new();
                for (name, w) in table {
                    let w = match w {
                        toml::Value::Float(f) => *f as f32,
                        toml::Value::Integer(i) => *i as f32,
                        other => {
                            bail!("[records] text.{name} = {other}: a weight must be a number")
                        }
                    };
                    check_weight(&format!("[records] text.{name}"), w)?;
                    out.push((name.clone(), w));
                }
                Some(out)
            }
        })
    }
}

/// The largest field weight: far past any useful one, and small enough that scores stay finite.
pub const MAX_WEIGHT: f32 = 1000.0;

fn check_weight(key: &str, w: f32) -> Result<()> {
    if !(w.is_finite() && w > 0.0 && w <= MAX_WEIGHT) {
        bail!("{key} = {w}: a weight must be a number above 0 and at most {MAX_WEIGHT}");
    }
    Ok(())
}

/// The language tags `language` may name: those with a stemmer, and those scry tokenizes without
/// one (Greek: see the tokenizer; Chinese, Japanese, Korean and Thai are split into bigrams).
pub const KNOWN_LANGUAGES: &[&str] = &[
    "ar", "da", "de", "el", "en", "es", "fi", "fr", "hu", "it", "ja", "ko", "nb", "nl", "nn", "no",
    "pt", "ro", "ru", "sv", "ta", "th", "tr", "zh",
];

/// True for `""` and for a tag whose primary subtag is in [`KNOWN_LANGUAGES`] (`en-GB`, `pt_BR`).
pub fn known_language(tag: &str) -> bool {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    tag.is_empty() || KNOWN_LANGUAGES.contains(&primary.as_str())
}

impl Config {
    /// Reads and checks a `scry.toml`.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Config::parse(&text).with_context(|| format!("in {}", path.display()))
    }

    /// Parses and checks the text of a `scry.toml`.
    pub fn parse(text: &str) -> Result<Config> {
        let config: Config = toml::from_str(text)?;
        config.check()?;
        Ok(config)
    }

    /// Checks values that the types alone do not (also for a configuration given as JSON).
    pub fn check(&self) -> Result<()> {
        let base = &self.site.base_url;
        let absolute = base.starts_with("https://") || base.starts_with("http://");
        if !(base.starts_with('/') || absolute)
            || base
                .chars()
                .any(|c| c.is_whitespace() || c == '#' || c == '?')
        {
            bail!(
                "[site] base_url = {base:?}: expected a path such as \"/docs/\" or an http(s) URL"
            );
        }
        for (name, w) in &self.weights {
            check_weight(&format!("[weights] {name}"), *w)?;
        }
        let i = &self.index;
        for (key, value, max) in [
            ("shard_kib", i.shard_kib, 1024),
            ("bundle_kib", i.bundle_kib, 1024),
            ("dictionary_kib", i.dictionary_kib, 32),
            ("memory_mb", i.memory_mb, 1 << 20),
        ] {
            let min = if key == "dictionary_kib" { 0 } else { 1 };
            if let Some(v) = value.filter(|v| !(min..=max).contains(v)) {
                bail!("[index] {key} = {v}: expected {min} to {max}");
            }
        }
        if !(1..=1 << 20).contains(&self.site.max_page_kib) {
            bail!(
                "[site] max_page_kib = {}: expected 1 to 1048576",
                self.site.max_page_kib
            );
        }
        if let Some(v) = self
            .records
            .max_record_kib
            .filter(|v| !(1..=1 << 20).contains(v))
        {
            bail!("[records] max_record_kib = {v}: expected 1 to 1048576");
        }
        if let Some(n) = self.records.title_words.filter(|n| !(1..=1000).contains(n)) {
            bail!("[records] title_words = {n}: expected 1 to 1000");
        }
        for selector in &self.site.ignore {
            if selector.parse::<lol_html::Selector>().is_err() {
                bail!("[site] ignore: {selector:?} is not a CSS selector that scry understands");
            }
        }
        for glob in self.site.include.iter().chain(&self.site.exclude) {
            globset::Glob::new(glob).with_context(|| format!("[site] bad glob {glob:?}"))?;
        }
        if self.records.title.is_some() && self.records.title_from.is_some() {
            bail!("[records] give either `title` (a field) or `title_from` (first words of a field), not both");
        }
        self.records.text_fields()?;
        if let Some(lang) = &self.language {
            if lang.len() > 16
                || !lang
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                bail!("language = {lang:?}: expected a language tag such as \"en\" or \"\"");
            }
            if !known_language(lang) {
                bail!(
                    "language = {lang:?} is not a language scry knows; known: {} (\"\" for none)",
                    KNOWN_LANGUAGES.join(" ")
                );
            }
        }
        Ok(())
    }

    /// The weight of a field by name, with the defaults for title, heading and body.
    pub fn weight(&self, name: &str, default: f32) -> f32 {
        self.weights.get(name).copied().unwrap_or(default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_parses() {
        let c = Config::parse(REFERENCE.replace("title = \"name\"", "").as_str()).unwrap();
        assert_eq!(c.language.as_deref(), Some("en"));
        assert_eq!(
            c.records.text_fields().unwrap().unwrap(),
            vec![("body".to_string(), 1.0), ("summary".to_string(), 2.0)]
        );
    }

    #[test]
    fn every_default_exclusion_is_in_the_reference() {
        for glob in DEFAULT_EXCLUDE {
            assert!(REFERENCE.contains(glob), "{glob} is listed in --help");
        }
        assert!(Config::parse("[site]\ndefault_exclude = false\n").is_ok());
    }

    #[test]
    fn typos_are_errors() {
        let e = Config::parse("[site]\nexlude = [\"a\"]\n").unwrap_err();
        assert!(format!("{e:#}").contains("exlude"), "{e:#}");
        assert!(Config::parse("[site]\nignore = [\"[[\"]\n").is_err());
        assert!(Config::parse("[weights]\ntitle = -1\n").is_err());
    }

    #[test]
    fn values_out_of_range_are_errors_that_say_the_range() {
        let e = Config::parse("language = \"klingon\"\n").unwrap_err();
        let msg = format!("{e:#}");
        assert!(
            msg.contains("klingon") && msg.contains("known: ar da de"),
            "{msg}"
        );
        assert!(Config::parse("language = \"en-GB\"\n").is_ok());
        assert!(Config::parse("language = \"\"\n").is_ok());
        let e = Config::parse("[index]\ndictionary_kib = 99999\n").unwrap_err();
        assert!(format!("{e:#}").contains("expected 0 to 32"), "{e:#}");
        assert!(Config::parse("[index]\ndictionary_kib = 0\n").is_ok());
        assert!(Config::parse("[index]\nshard_kib = 0\n").is_err());
        let e = Config::parse("[weights]\ntitle = 3e38\n").unwrap_err();
        assert!(format!("{e:#}").contains("at most 1000"), "{e:#}");
        assert!(Config::parse("[records]\ntext = { body = 3e38 }\n").is_err());
        assert!(Config::parse("[records]\nmax_record_kib = 0\n").is_err());
        assert!(Config::parse("[site]\nmax_page_kib = 0\n").is_err());
    }
}
