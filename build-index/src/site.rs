//! Crawling a site folder: which files are pages, their URLs, the corpus language, and the batches of
//! documents for the builder.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use scry::document::{BODY, HEADING};
use scry::index::Preparer;
use scry::{Document, Span};

use crate::config::SiteConfig;
use crate::console::{bytes, Console, Progress};
use crate::html::{self, ExtractOptions, Page};
use crate::pipeline::{Batch, WeightFields, CHUNK};
use crate::source::{self, Rejected};

/// Pages larger than this are read only up to here (the text cap usually stops reading earlier).
pub const MAX_PAGE_BYTES: u64 = 64 << 20;

/// The pages of a site, relative to its folder, sorted.
pub fn find_pages(
    root: &Path,
    config: &SiteConfig,
    skip: &[PathBuf],
    console: &Console,
) -> Result<Vec<PathBuf>> {
    if !root.is_dir() {
        bail!("{} is not a folder", root.display());
    }
    let include = globs(&config.include).context("[site] include")?;
    let mut excluded = config.exclude.clone();
    if config.default_exclude {
        excluded.extend(crate::config::DEFAULT_EXCLUDE.iter().map(|g| g.to_string()));
    }
    let exclude = globs(&excluded).context("[site] exclude")?;
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let real_root = root
        .canonicalize()
        .with_context(|| format!("cannot read {}", root.display()))?;
    let mut pages = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            let hidden = e.file_name().to_str().is_some_and(|n| n.starts_with('.'));
            let skipped = e.file_type().is_dir()
                && !skip.is_empty()
                && e.path().canonicalize().is_ok_and(|c| skip.contains(&c));
            // A link out of the folder would index what the site does not publish (and what
            // `scry serve` refuses to serve).
            let outside = !config.follow_links_outside
                && e.path_is_symlink()
                && !e.path().canonicalize().is_ok_and(|c| c.starts_with(&real_root));
            if outside && !hidden {
                console.warn(
                    "link",
                    &e.path().display().to_string(),
                    "a symbolic link out of the site folder; not followed ([site] follow_links_outside = true follows it)",
                );
            }
            !hidden && !skipped && !outside
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| root.display().to_string());
                console.warn(
                    "unreadable",
                    &at,
                    format!(
                        "cannot read: {}",
                        e.io_error().map_or(e.to_string(), |io| io.to_string())
                    ),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        if include.is_match(&rel) && !exclude.is_match(&rel) {
            if rel.to_str().is_none() {
                console.warn(
                    "name",
                    &entry.path().display().to_string(),
                    "the file name is not UTF-8: its URL is made from its bytes, which browsers and most hosts do not map back to this file; rename it",
                );
            }
            pages.push(rel);
        }
    }
    pages.sort();
    Ok(pages)
}

fn globs(patterns: &[String]) -> Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(
            GlobBuilder::new(p)
                .literal_separator(true)
                .build()
                .with_context(|| format!("bad glob {p:?}"))?,
        );
    }
    Ok(b.build()?)
}

/// The URL a page is served at: `a/index.html` → `/a/`, `b.html` → `/b.html`, percent-encoded.
pub fn url_for(rel: &Path, prefix: &str) -> String {
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| encode_os_segment(c.as_os_str()))
        .collect();
    let dir = matches!(
        parts.last().map(String::as_str),
        Some("index.html" | "index.htm")
    );
    if dir {
        parts.pop();
    }
    let mut url = String::from(prefix.trim_end_matches('/'));
    url.push('/');
    url.push_str(&parts.join("/"));
    if dir && !url.ends_with('/') {
        url.push('/');
    }
    url
}

/// A path segment's bytes (on Unix, as they are, UTF-8 or not: a server serving the file by its
/// bytes expects them), percent-encoded.
fn encode_os_segment(s: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        encode_bytes(s.as_bytes())
    }
    #[cfg(not(unix))]
    encode_bytes(s.to_string_lossy().as_bytes())
}

fn encode_bytes(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What the first 4 KiB of every page say: `<html lang>` and `<title>`, read before the real pass
/// so that the language (which the tokenizer needs first) and the site-name suffix of titles are
/// decided on the whole site.
pub struct Prescan {
    langs: Vec<Option<String>>,
    titles: Vec<Option<String>>,
}

impl Prescan {
    /// Reads the heads of `pages` in parallel.
    pub fn run(root: &Path, pages: &[PathBuf]) -> Prescan {
        let heads: Vec<(Option<String>, Option<String>)> = pages
            .par_iter()
            .map(|rel| read_head(&root.join(rel)))
            .collect();
        let (langs, titles) = heads.into_iter().unzip();
        Prescan { langs, titles }
    }

    /// Suffixes shared by many titles (site names), longest first.
    pub fn title_suffixes(&self) -> Vec<String> {
        let titles: Vec<&str> = self.titles.iter().flatten().map(String::as_str).collect();
        common_title_suffixes(&titles)
    }

    /// The language of the corpus: the most common `<html lang>`, else a guess from common words.
    /// Returns the language tag and how it was decided.
    pub fn language(&self, root: &Path, pages: &[PathBuf]) -> (String, String) {
        detect_language(root, pages, &self.langs)
    }
}

fn detect_language(root: &Path, pages: &[PathBuf], langs: &[Option<String>]) -> (String, String) {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for l in langs.iter().flatten() {
        match counts.iter_mut().find(|(k, _)| k == l) {
            Some((_, n)) => *n += 1,
            None => counts.push((l.clone(), 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if let Some((lang, n)) = counts.first() {
        let others = if counts.len() > 1 {
            format!(
                "; also {}",
                counts[1..]
                    .iter()
                    .take(4)
                    .map(|(l, n)| format!("{l} ×{n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            String::new()
        };
        return (
            lang.clone(),
            format!("<html lang> of {n} of {} pages{others}", pages.len()),
        );
    }
    // Nothing declared: look at the words of a few pages.
    let sample: Vec<String> = pages
        .iter()
        .step_by((pages.len() / 40).max(1))
        .take(40)
        .filter_map(|rel| std::fs::read(root.join(rel)).ok())
        .filter_map(|b| {
            source::decode(&b)
                .ok()
                .map(|d| html::extract(&d.text, &ExtractOptions::default()))
        })
        .map(|p| {
            p.spans
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    match guess_language(&sample.join(" ")) {
        Some(lang) => (
            lang.to_string(),
            "guessed from common words; no page declares <html lang>".to_string(),
        ),
        None => (
            String::new(),
            "no page declares <html lang> and the words did not tell".to_string(),
        ),
    }
}

/// `<html lang="…">` (primary tag) and `<title>` (decoded, collapsed) from the first 4 KiB of a page.
fn read_head(path: &Path) -> (Option<String>, Option<String>) {
    let mut head = Vec::with_capacity(4096);
    let read = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    if read.is_err() {
        return (None, None);
    }
    let text = String::from_utf8_lossy(&head);
    let lower = text.to_ascii_lowercase();
    (head_lang(&lower), head_title(&text, &lower))
}

fn head_lang(lower: &str) -> Option<String> {
    let start = lower.find("<html")?;
    let tag_end = lower[start..].find('>').map(|e| start + e)?;
    let tag = &lower[start..tag_end];
    let mut from = 0;
    while let Some(pos) = tag[from..].find("lang") {
        let at = from + pos;
        let before = tag[..at].chars().last();
        let rest = tag[at + 4..].trim_start();
        if matches!(before, Some(' ' | '\n' | '\t' | '\r' | ':')) && rest.starts_with('=') {
            let v = rest[1..].trim_start().trim_start_matches(['"', '\'']);
            let v: String = v
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            return crate::html::primary_language(&v);
        }
        from = at + 4;
    }
    None
}

fn head_title(text: &str, lower: &str) -> Option<String> {
    // `lower` is `text` with ASCII lowercased: the same byte offsets.
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let title = crate::text::collapse(&crate::text::decode_entities(&text[start..end]));
    (!title.is_empty()).then_some(title)
}

/// The language whose most common words make up a good share of `text`.
pub fn guess_language(text: &str) -> Option<&'static str> {
    const WORDS: &[(&str, &[&str])] = &[
        (
            "en",
            &[
                "the", "and", "of", "to", "is", "in", "that", "it", "for", "are", "with", "this",
            ],
        ),
        (
            "fr",
            &[
                "le", "la", "les", "de", "des", "et", "est", "un", "une", "pour", "dans", "que",
            ],
        ),
        (
            "de",
            &[
                "der", "die", "das", "und", "ist", "nicht", "mit", "ein", "eine", "zu", "den",
                "von",
            ],
        ),
        (
            "es",
            &[
                "el", "la", "los", "las", "de", "y", "que", "en", "un", "una", "por", "para",
            ],
        ),
        (
            "it",
            &[
                "il", "la", "di", "che", "e", "un", "una", "per", "non", "sono", "della", "gli",
            ],
        ),
        (
            "pt",
            &[
                "o", "a", "os", "as", "de", "que", "e", "do", "da", "um", "uma", "para",
            ],
        ),
        (
            "nl",
            &[
                "de", "het", "een", "en", "van", "is", "dat", "niet", "op", "voor", "met", "zijn",
            ],
        ),
    ];
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(50_000)
        .map(str::to_lowercase)
        .collect();
    if words.len() < 50 {
        return None;
    }
    let (lang, hits) = WORDS
        .iter()
        .map(|(lang, list)| {
            (
                *lang,
                words.iter().filter(|w| list.contains(&w.as_str())).count(),
            )
        })
        .max_by_key(|(_, n)| *n)?;
    (hits * 100 >= words.len() * 8).then_some(lang)
}

/// What became of one file.
enum Outcome {
    Page {
        page: Page,
        notes: Vec<(&'static str, String)>,
    },
    Skipped {
        kind: &'static str,
        why: String,
        warn: bool,
    },
}

fn read_page(path: &Path, opts: &ExtractOptions) -> Outcome {
    let mut raw = Vec::new();
    let size = match std::fs::File::open(path).and_then(|f| {
        let size = f.metadata().map(|m| m.len()).unwrap_or(0);
        f.take(MAX_PAGE_BYTES).read_to_end(&mut raw).map(|_| size)
    }) {
        Ok(s) => s,
        Err(e) => {
            return Outcome::Skipped {
                kind: "unreadable",
                why: format!("cannot read: {e}"),
                warn: true,
            }
        }
    };
    let decoded = match source::decode(&raw) {
        Ok(d) => d,
        Err(Rejected::Binary) => {
            return Outcome::Skipped {
                kind: "binary",
                why: "binary content, not HTML; skipped".into(),
                warn: true,
            }
        }
        Err(Rejected::Empty) => {
            return Outcome::Skipped {
                kind: "empty",
                why: "empty file; skipped".into(),
                warn: true,
            }
        }
    };
    let mut notes = Vec::new();
    if let Some(n) = decoded.note.clone() {
        notes.push(("encoding", n));
    }
    let page = html::extract(&decoded.text, opts);
    drop(decoded);
    drop(raw);
    if page.redirect {
        return Outcome::Skipped {
            kind: "redirect",
            why: "a redirect page; skipped".into(),
            warn: false,
        };
    }
    if page.noindex {
        return Outcome::Skipped {
            kind: "noindex",
            why: "asks not to be indexed (robots noindex); skipped".into(),
            warn: false,
        };
    }
    if page.spans.is_empty() && page.title.is_empty() {
        return Outcome::Skipped {
            kind: "empty",
            why: "no text to index; skipped".into(),
            warn: true,
        };
    }
    if page.truncated || size > MAX_PAGE_BYTES {
        notes.push((
            "too-large",
            format!(
                "page is {}; indexed its first {} of text",
                bytes(size),
                bytes(page.spans.iter().map(|s| s.text.len() as u64).sum())
            ),
        ));
    }
    for n in &page.notes {
        notes.push(("markup", n.clone()));
    }
    Outcome::Page { page, notes }
}

fn url_hash(url: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    url.hash(&mut h);
    h.finish()
}

/// Suffixes that many titles share (` — Python 3.11 documentation`, ` - Rust`): site names, not
/// page titles. Decided on the titles of every page (see [`Prescan`]).
fn common_title_suffixes(titles: &[&str]) -> Vec<String> {
    const SEPARATORS: &[&str] = &[" — ", " – ", " - ", " | ", " · ", " :: ", " » "];
    let mut counts: Vec<(String, usize)> = Vec::new();
    for t in titles {
        let cut = SEPARATORS.iter().filter_map(|s| t.rfind(s)).max();
        if let Some(at) = cut {
            if at == 0 {
                continue;
            }
            let suffix = &t[at..];
            match counts.iter_mut().find(|(s, _)| s == suffix) {
                Some((_, n)) => *n += 1,
                None => counts.push((suffix.to_string(), 1)),
            }
        }
    }
    let need = (titles.len() / 100).max(3);
    let mut found: Vec<String> = counts
        .into_iter()
        .filter(|(_, n)| *n >= need)
        .map(|(s, _)| s)
        .collect();
    found.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    found
}

/// Counts of what happened to the files.
#[derive(Debug, Default)]
pub struct SiteStats {
    /// Files looked at.
    pub files: u64,
    /// Pages turned into documents.
    pub pages: u64,
    /// Skipped redirect pages.
    pub redirects: u64,
    /// Skipped `noindex` pages.
    pub noindex: u64,
    /// Skipped for a problem (each with a warning).
    pub failed: u64,
}

/// Everything the site producer needs.
pub struct SiteProducer<'a> {
    /// The site folder.
    pub root: &'a Path,
    /// Its pages, relative, sorted.
    pub pages: &'a [PathBuf],
    /// How to read pages.
    pub extract: ExtractOptions,
    /// Prepended to every URL.
    pub url_prefix: String,
    /// Site-name suffixes to remove from titles (longest first).
    pub title_suffixes: Vec<String>,
    /// Tokenizes on rayon's pool.
    pub preparer: Preparer,
    /// Fields for `data-scry-weight`.
    pub weights: WeightFields,
    /// Warnings go here.
    pub console: &'a Console,
    /// Counts pages read.
    pub progress: &'a Progress,
}

impl SiteProducer<'_> {
    /// Reads every page and sends batches of prepared documents.
    pub fn run(mut self, send: &mut dyn FnMut(Batch) -> bool) -> Result<SiteStats> {
        let mut stats = SiteStats::default();
        // URL hash → pages with that hash (compared in full on a hit): small for a million pages.
        let mut seen: HashMap<u64, Vec<u32>> = HashMap::new();
        for (c, chunk) in self.pages.chunks(CHUNK).enumerate() {
            let outcomes: Vec<Outcome> = chunk
                .par_iter()
                .map(|rel| {
                    let o = read_page(&self.root.join(rel), &self.extract);
                    self.progress.add(1);
                    o
                })
                .collect();
            let mut docs = Vec::with_capacity(chunk.len());
            let mut new_fields = Vec::new();
            for (i, (rel, outcome)) in chunk.iter().zip(outcomes).enumerate() {
                stats.files += 1;
                let location = self.root.join(rel).display().to_string();
                match outcome {
                    Outcome::Skipped { kind, why, warn } => {
                        match kind {
                            "redirect" => stats.redirects += 1,
                            "noindex" => stats.noindex += 1,
                            _ => stats.failed += 1,
                        }
                        if warn {
                            self.console.warn(kind, &location, why);
                        } else {
                            self.console.detail(format!("{location}: {why}"));
                        }
                    }
                    Outcome::Page { page, notes } => {
                        for (kind, note) in notes {
                            self.console.warn(kind, &location, note);
                        }
                        let url = url_for(rel, &self.url_prefix);
                        let hash = url_hash(&url);
                        let first = seen.get(&hash).and_then(|earlier| {
                            earlier
                                .iter()
                                .map(|&p| &self.pages[p as usize])
                                .find(|p| url_for(p, &self.url_prefix) == url)
                        });
                        if let Some(first) = first {
                            stats.failed += 1;
                            let first = self.root.join(first).display().to_string();
                            self.console.warn(
                                "duplicate",
                                &location,
                                format!("URL {url} is already taken by {first}; skipped"),
                            );
                            continue;
                        }
                        seen.entry(hash).or_default().push((c * CHUNK + i) as u32);
                        let doc = self.document(url, page, &mut new_fields);
                        stats.pages += 1;
                        docs.push(doc);
                    }
                }
            }
            let prepared = docs
                .into_par_iter()
                .map(|d| self.preparer.prepare(d))
                .collect();
            if !send(Batch {
                new_fields,
                docs: prepared,
            }) {
                break;
            }
        }
        if !self.weights.merged.is_empty() {
            self.console.warn_general(format!(
                "too many distinct data-scry-weight values; {:?} share the field of the nearest weight",
                self.weights.merged
            ));
        }
        Ok(stats)
    }

    fn document(
        &mut self,
        url: String,
        page: Page,
        new_fields: &mut Vec<scry::FieldSpec>,
    ) -> Document {
        let mut title = page.title;
        for s in &self.title_suffixes {
            if title.len() > s.len() && title.ends_with(s.as_str()) {
                title.truncate(title.len() - s.len());
                break;
            }
        }
        if title.is_empty() {
            title = url.clone();
        }
        let spans = page
            .spans
            .into_iter()
            .map(|s| {
                if s.heading {
                    Span {
                        field: HEADING,
                        text: s.text,
                        anchor: s.anchor,
                    }
                } else {
                    let field = match s.weight {
                        Some(w) => self.weights.field(w, BODY, new_fields),
                        None => BODY,
                    };
                    Span {
                        field,
                        text: s.text,
                        anchor: None,
                    }
                }
            })
            .collect();
        Document {
            url,
            title,
            spans,
            meta: page.meta,
            facets: page.facets,
            sort_keys: page.sort_keys,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_from_paths() {
        assert_eq!(url_for(Path::new("index.html"), ""), "/");
        assert_eq!(url_for(Path::new("a/index.html"), ""), "/a/");
        assert_eq!(url_for(Path::new("b.html"), "/"), "/b.html");
        assert_eq!(
            url_for(Path::new("docs/x y#?.html"), "/site/"),
            "/site/docs/x%20y%23%3F.html"
        );
        assert_eq!(url_for(Path::new("é.html"), ""), "/%C3%A9.html");
    }

    #[test]
    fn common_suffixes_are_found() {
        let titles = [
            "json — JSON — Python 3.11 documentation",
            "os — Python 3.11 documentation",
            "x — Python 3.11 documentation",
            "Index",
        ];
        assert_eq!(
            common_title_suffixes(&titles),
            vec![" — Python 3.11 documentation".to_string()]
        );
        assert!(common_title_suffixes(&["a - b", "c - d"]).is_empty());
    }

    #[test]
    fn guesses_english() {
        let text =
            "The quick brown fox jumps over the lazy dog and it is in the garden with this cat. "
                .repeat(10);
        assert_eq!(guess_language(&text), Some("en"));
        assert_eq!(guess_language("a b c"), None);
    }
}
