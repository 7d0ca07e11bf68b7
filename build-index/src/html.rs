//! What a page says, in reading order: the text a person reads, cut into sections at headings.
//!
//! One streaming pass of `lol_html` over the page, with a small state machine fed by one `*` element
//! handler and the document's text. No tree is built, so a page with 100,000 nested elements costs no
//! more than a flat one, and a huge page can be cut off once enough text was read.
//!
//! What counts as the page's text:
//! - `[data-scry-body]` regions when the page has any; else `<main>` / `[role=main]` when the page has
//!   one with text; else the whole `<body>`.
//! - Never: `nav`, `header`, `footer`, `script`, `style`, `svg`, `noscript`, `template`, `form`,
//!   `button`, `[data-scry-ignore]`, `[hidden]`, `[aria-hidden=true]`, navigation and search landmarks,
//!   and the chrome of common documentation generators ([`DEFAULT_IGNORE`]), plus the site's own
//!   selectors from `scry.toml`.
//! - Headings `h1`–`h6` (and `dt` elements with an `id`, the entries of API references) start sections
//!   (except the page's top heading, which is the page itself).
//!   A section's anchor is the heading's `id`, else an `<a id|name>` inside it, else an empty
//!   `<a id|name>` right before it, else the `id` of the nearest enclosing element that has one, when no
//!   earlier heading took it (`<section id="x"><h2>…`, `<div class="sect1" id="x"><div><h2>…`).
//!
//! `lol_html` calls end-tag handlers only for elements closed by an explicit end tag; state that must
//! be undone at the end of an element is therefore kept only for elements that are in practice always
//! closed explicitly (regions, headings, `div`, `section`, …).

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::{Element, TextChunk};
use lol_html::{doc_text, element, end_tag, HtmlRewriter, Settings};

use crate::text::{decode_entities, TextBuf};

/// The chrome of common documentation generators, as `tag.class` / `.class` / `#id`: DocBook's
/// navigation tables (PostgreSQL), Sphinx's permalinks and sidebars (Python), rustdoc's source links
/// and toggles, mdBook's menu bar, and screen-reader-only text. Matched in code (cheaper than CSS
/// selectors on every page); `scry.toml` adds CSS selectors with `[site] ignore`.
pub const DEFAULT_IGNORE: &[&str] = &[
    ".navheader",
    ".navfooter",
    ".headerlink",
    ".sphinxsidebar",
    ".srclink",
    ".rightside",
    ".out-of-band",
    "summary.hideme",
    "#toggle-all-docs",
    "#menu-bar",
    ".sub-logo-container",
    ".notable-traits",
    ".test-arrow",
    ".skip-link",
    ".visually-hidden",
    ".sr-only",
    "pre.line-numbers",
    ".src-line-numbers",
    ".line-numbers-rows",
    ".linenos",
    ".lineno",
];

/// Whether an element matches one of [`DEFAULT_IGNORE`] (kept in step by a unit test).
fn is_chrome(tag: &str, id: Option<&str>, class: Option<&str>) -> bool {
    if matches!(id, Some("toggle-all-docs" | "menu-bar")) {
        return true;
    }
    let Some(class) = class else { return false };
    class.split_ascii_whitespace().any(|c| match c {
        "navheader" | "navfooter" | "headerlink" | "sphinxsidebar" | "srclink" | "rightside"
        | "out-of-band" | "sub-logo-container" | "notable-traits" | "test-arrow" | "skip-link"
        | "visually-hidden" | "sr-only" | "src-line-numbers" | "line-numbers-rows" | "linenos"
        | "lineno" => true,
        "hideme" => tag == "summary",
        // Prism marks the code's own <pre> `line-numbers` (with a `language-*` class): keep that.
        "line-numbers" => {
            tag == "pre"
                && !class
                    .split_ascii_whitespace()
                    .any(|x| x.starts_with("language-"))
        }
        _ => false,
    })
}

/// What the extractor needs to know about a tag.
#[derive(Clone, Copy, Default)]
struct TagInfo {
    /// Content is never page text.
    ignored: bool,
    /// Start and end separate words (`<td>a</td><td>b</td>`).
    block: bool,
    /// In practice closed by an explicit end tag, so an `id` on it can be tracked as "the enclosing
    /// element's id" until its end.
    id_container: bool,
    /// `h1`–`h6`.
    heading: u8,
}

fn classify(tag: &str) -> TagInfo {
    let mut t = TagInfo::default();
    match tag {
        "nav" | "header" | "footer" => {
            t.ignored = true;
            t.block = true;
            t.id_container = tag == "header";
        }
        "script" | "style" | "svg" | "math" | "noscript" | "template" | "form" | "button"
        | "select" | "textarea" | "iframe" | "object" | "canvas" | "datalist" | "dialog" => {
            t.ignored = true;
            t.block = true;
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            t.block = true;
            t.heading = tag.as_bytes()[1] - b'0';
        }
        "section" | "article" | "div" | "main" | "aside" | "details" | "figure" | "blockquote" => {
            t.block = true;
            t.id_container = true;
        }
        "span" => t.id_container = true,
        "address" | "br" | "caption" | "dd" | "dl" | "dt" | "fieldset" | "figcaption" | "hr"
        | "li" | "ol" | "p" | "pre" | "summary" | "table" | "tbody" | "td" | "tfoot" | "th"
        | "thead" | "tr" | "ul" | "option" | "legend" | "body" | "head" | "title" | "img"
        | "center" | "menu" | "hgroup" | "search" => t.block = true,
        _ => {}
    }
    t
}

/// Landmark roles whose content is never page text.
const IGNORED_ROLES: &[&str] = &[
    "navigation",
    "search",
    "banner",
    "contentinfo",
    "menu",
    "menubar",
];

/// How to read pages.
#[derive(Clone, Debug)]
pub struct ExtractOptions {
    /// Extra CSS selectors whose elements are left out (on top of the built-in rules and
    /// [`DEFAULT_IGNORE`]).
    pub ignore: Vec<String>,
    /// Stop reading a page once this many bytes of text were collected.
    pub max_text_bytes: usize,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            ignore: Vec::new(),
            max_text_bytes: 2 << 20,
        }
    }
}

/// A run of page text: a heading (which starts a section) or body text.
#[derive(Clone, Debug, PartialEq)]
pub struct PageSpan {
    /// A heading: starts a section, titled by its text.
    pub heading: bool,
    /// The `data-scry-weight` of the enclosing element, if any (body text only).
    pub weight: Option<f32>,
    /// The text, whitespace collapsed.
    pub text: String,
    /// The section's fragment identifier (headings only).
    pub anchor: Option<String>,
}

/// The primary tag of a language tag, lowercase (`en` for ` en-US`); `None` when empty. Both
/// readers of `<html lang>` use it: the extraction here and the prescan in `site.rs`.
pub fn primary_language(tag: &str) -> Option<String> {
    let primary = tag
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    (!primary.is_empty()).then_some(primary)
}

/// What a page says.
#[derive(Clone, Debug, Default)]
pub struct Page {
    /// From `<title>`, else the first `h1`; whitespace collapsed; may be empty.
    pub title: String,
    /// The primary language tag of `<html lang>`, lowercase (`en` for `en-US`).
    pub lang: Option<String>,
    /// Headings and body text in reading order.
    pub spans: Vec<PageSpan>,
    /// `data-scry-meta` values.
    pub meta: Vec<(String, String)>,
    /// `data-scry-filter` values.
    pub facets: Vec<(String, String)>,
    /// `data-scry-sort` values.
    pub sort_keys: Vec<(String, String)>,
    /// The page is a `<meta http-equiv="refresh">` redirect.
    pub redirect: bool,
    /// The page asks not to be indexed (`<meta name="robots" content="noindex">`).
    pub noindex: bool,
    /// Text was cut at [`ExtractOptions::max_text_bytes`].
    pub truncated: bool,
    /// Problems with the page's markup worth a warning (a bad `data-scry-weight`, …).
    pub notes: Vec<String>,
}

impl Page {
    /// Bytes of text (title, headings, body).
    pub fn text_len(&self) -> usize {
        self.title.len() + self.spans.iter().map(|s| s.text.len()).sum::<usize>()
    }
}

/// Reads one page. `html` is UTF-8 (see [`crate::source`] for decoding files).
pub fn extract(html: &str, opts: &ExtractOptions) -> Page {
    let state = Rc::new(RefCell::new(State::new(opts.max_text_bytes)));
    {
        let mut settings = Settings::new();
        for selector in opts.ignore.iter().map(String::as_str) {
            let st = state.clone();
            settings = settings.append_element_content_handler(element!(selector, move |el| {
                st.borrow_mut().ignore += 1;
                if el.can_have_content() {
                    let st = st.clone();
                    el.on_end_tag(end_tag!(move |_| {
                        let mut s = st.borrow_mut();
                        s.ignore = s.ignore.saturating_sub(1);
                        Ok(())
                    }))?;
                } else {
                    // A void element (`<img class="sr-only">`): nothing inside to leave out.
                    st.borrow_mut().ignore -= 1;
                }
                Ok(())
            }));
        }
        let st = state.clone();
        settings = settings.append_element_content_handler(element!("*", move |el| {
            start_element(&st, el, html);
            Ok(())
        }));
        let st = state.clone();
        settings = settings.append_document_content_handler(doc_text!(move |t| {
            text_chunk(&st, t);
            Ok(())
        }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        for piece in html.as_bytes().chunks(64 * 1024) {
            if rewriter.write(piece).is_err() || state.borrow().truncated {
                break;
            }
        }
        let _ = rewriter.end();
    }
    let state = Rc::try_unwrap(state)
        .map(RefCell::into_inner)
        .unwrap_or_else(|rc| rc.borrow().clone());
    state.finish()
}

/// Where text goes: which regions the reading position is in.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Region {
    marker: bool,
    main: bool,
}

#[derive(Clone, Debug)]
struct Heading {
    level: u8,
    text: TextBuf,
    anchor: Option<String>,
    child_anchor: Option<String>,
    /// Fallback anchor: an empty `<a id>` just before, or the enclosing element's id (index into `ids`).
    before_anchor: Option<String>,
    enclosing: Option<usize>,
    region: Region,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum CaptureKind {
    Meta,
    Filter,
    Sort,
}

#[derive(Clone, Debug)]
struct Capture {
    kind: CaptureKind,
    key: String,
    text: TextBuf,
}

#[derive(Clone, Debug)]
struct Span {
    span: PageSpan,
    region: Region,
}

#[derive(Clone, Debug)]
struct State {
    max_text: usize,
    text_len: usize,
    truncated: bool,
    ignore: u32,
    marker: u32,
    main: u32,
    weights: Vec<f32>,
    in_title: bool,
    title: Option<TextBuf>,
    first_h1: Vec<(String, Region)>,
    heading: Option<Heading>,
    /// Enclosing elements with an `id`: (id, taken by a heading, text mark at the element's start).
    ids: Vec<(String, bool, (usize, usize))>,
    pending_anchor: Option<String>,
    body: TextBuf,
    body_region: Region,
    body_weight: Option<f32>,
    spans: Vec<Span>,
    captures: Vec<Capture>,
    raw: String,
    page: Page,
}

/// What to undo at an element's end tag.
#[derive(Clone, Copy, Default)]
struct Undo {
    ignore: bool,
    block: bool,
    main: bool,
    marker: bool,
    weight: bool,
    heading: bool,
    id: bool,
    title: bool,
    captures: u8,
}

impl Undo {
    fn any(&self) -> bool {
        self.ignore
            || self.block
            || self.main
            || self.marker
            || self.weight
            || self.heading
            || self.id
            || self.title
            || self.captures > 0
    }
}

/// The attributes the extractor looks at, read in one pass, borrowed from the page's source (the
/// parser reports where each name and value is): no allocation per element.
#[derive(Default)]
struct Attrs<'a> {
    id: Option<&'a str>,
    class: Option<&'a str>,
    role: Option<&'a str>,
    name: Option<&'a str>,
    lang: Option<&'a str>,
    hidden: bool,
    aria_hidden: bool,
    scry_ignore: bool,
    scry_body: bool,
    scry_weight: Option<&'a str>,
    scry: Vec<(&'static str, CaptureKind, &'a str)>,
    http_equiv: Option<&'a str>,
    content: Option<&'a str>,
    alt: Option<&'a str>,
}

impl<'a> Attrs<'a> {
    fn read(el: &Element, html: &'a str) -> Attrs<'a> {
        let mut a = Attrs::default();
        for attr in el.attributes() {
            let Some(name) = attr
                .name_source_location()
                .and_then(|l| html.get(l.bytes()))
            else {
                continue;
            };
            let value = attr
                .value_source_location()
                .and_then(|l| html.get(l.bytes()))
                .unwrap_or("");
            let non_empty = Some(value).filter(|v| !v.trim().is_empty());
            let lower = name
                .as_bytes()
                .iter()
                .any(u8::is_ascii_uppercase)
                .then(|| name.to_ascii_lowercase());
            match lower.as_deref().unwrap_or(name) {
                "id" => a.id = non_empty,
                "class" => a.class = Some(value),
                "role" => a.role = Some(value),
                "name" => a.name = non_empty,
                "lang" | "xml:lang" => a.lang = Some(value),
                "hidden" => a.hidden = true,
                "aria-hidden" => a.aria_hidden = value.eq_ignore_ascii_case("true"),
                "data-scry-ignore" => a.scry_ignore = true,
                "data-scry-body" => a.scry_body = true,
                "data-scry-weight" => a.scry_weight = Some(value),
                "data-scry-meta" => a.scry.push(("data-scry-meta", CaptureKind::Meta, value)),
                "data-scry-filter" => a
                    .scry
                    .push(("data-scry-filter", CaptureKind::Filter, value)),
                "data-scry-sort" => a.scry.push(("data-scry-sort", CaptureKind::Sort, value)),
                "http-equiv" => a.http_equiv = Some(value),
                "content" => a.content = Some(value),
                "alt" => a.alt = Some(value),
                _ => {}
            }
        }
        a
    }

    fn role_is(&self, role: &str) -> bool {
        self.role
            .is_some_and(|r| r.trim().eq_ignore_ascii_case(role))
    }
}

/// A fragment identifier as written in an attribute.
fn anchor(raw: &str) -> String {
    decode_entities(raw.trim()).into_owned()
}

/// The tag name, lowercased, from the page's source (no allocation for the usual short names).
fn tag_name<'b>(el: &Element, html: &str, buf: &'b mut [u8; 16]) -> std::borrow::Cow<'b, str> {
    let range = el.source_location().bytes();
    let raw = html
        .get(range)
        .and_then(|t| t.strip_prefix('<'))
        .unwrap_or("");
    let end = raw
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(raw.len());
    let name = &raw.as_bytes()[..end];
    if name.is_empty() || name.len() > buf.len() {
        return std::borrow::Cow::Owned(el.tag_name());
    }
    for (b, c) in buf.iter_mut().zip(name) {
        *b = c.to_ascii_lowercase();
    }
    match std::str::from_utf8(&buf[..name.len()]) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => std::borrow::Cow::Owned(el.tag_name()),
    }
}

fn start_element(st: &Rc<RefCell<State>>, el: &mut Element, html: &str) {
    let mut buf = [0u8; 16];
    let tag = tag_name(el, html, &mut buf);
    let tag = tag.as_ref();
    let info = classify(tag);
    let content = el.can_have_content();
    let attrs = Attrs::read(el, html);
    let mut undo = Undo::default();
    let mut s = st.borrow_mut();

    // data-scry-meta/filter/sort count everywhere, even in ignored regions (a date in a <header>).
    for (attr, kind, v) in &attrs.scry {
        let v = decode_entities(v);
        let v = v.as_ref();
        match parse_pair(v) {
            Pair::KeyValue(k, val) => s.record(*kind, k, val),
            Pair::FromAttribute(k, a) => match el.get_attribute(&a) {
                Some(val) => s.record(*kind, k, decode_entities(&val).trim().to_string()),
                None => s.page.notes.push(format!(
                    "{attr}=\"{v}\": the element has no `{a}` attribute"
                )),
            },
            Pair::FromText(k) if content => {
                s.captures.push(Capture {
                    kind: *kind,
                    key: k,
                    text: TextBuf::new(),
                });
                undo.captures += 1;
            }
            Pair::FromText(_) | Pair::Invalid => s.page.notes.push(format!(
                "{attr}=\"{v}\" is not `key:value`, `key` or `key[attribute]`"
            )),
        }
    }

    let ignored_here = info.ignored
        || attrs.scry_ignore
        || attrs.hidden
        || attrs.aria_hidden
        || attrs.role.is_some_and(|r| {
            IGNORED_ROLES
                .iter()
                .any(|x| r.trim().eq_ignore_ascii_case(x))
        })
        || ((attrs.class.is_some() || attrs.id.is_some()) && is_chrome(tag, attrs.id, attrs.class));
    if ignored_here && content {
        s.ignore += 1;
        undo.ignore = true;
    }

    if s.ignore == 0 {
        match tag {
            "html" => {
                if let Some(primary) = attrs.lang.and_then(primary_language) {
                    s.page.lang = Some(primary);
                }
            }
            "meta" => {
                let equiv = attrs.http_equiv.unwrap_or_default();
                let name = attrs.name.unwrap_or_default();
                let meta_content = attrs.content.unwrap_or_default().to_ascii_lowercase();
                if equiv.eq_ignore_ascii_case("refresh") && meta_content.contains("url") {
                    s.page.redirect = true;
                }
                if name.eq_ignore_ascii_case("robots") && meta_content.contains("noindex") {
                    s.page.noindex = true;
                }
            }
            "title" if s.title.is_none() && content => {
                s.title = Some(TextBuf::new());
                s.in_title = true;
                undo.title = true;
            }
            "img" | "area" => {
                if let Some(alt) = &attrs.alt {
                    let alt = decode_entities(alt).into_owned();
                    s.brk();
                    s.add_text(&alt);
                    s.brk();
                }
            }
            _ => {}
        }
        if info.block {
            s.brk();
            undo.block = content;
        }
        if (tag == "main" || attrs.role_is("main")) && content {
            s.main += 1;
            s.flush_body();
            undo.main = true;
        }
        if attrs.scry_body && content {
            s.marker += 1;
            s.flush_body();
            undo.marker = true;
        }
        if let Some(w) = &attrs.scry_weight {
            match w.trim().parse::<f32>() {
                Ok(w) if w.is_finite() && w > 0.0 && content => {
                    s.weights.push(w);
                    s.flush_body();
                    undo.weight = true;
                }
                _ => s.page.notes.push(format!(
                    "data-scry-weight=\"{w}\" is not a positive number; ignored"
                )),
            }
        }
        let level = match tag {
            "dt" if attrs.id.is_some() => Some(7),
            _ => Some(info.heading).filter(|&l| l > 0),
        };
        // A `dd`/`dt` ends an open `dt` heading whose end tag was left out.
        if matches!(tag, "dd" | "dt") && s.heading.as_ref().is_some_and(|h| h.level == 7) {
            s.end_heading();
        }
        let id = attrs.id;
        if let (Some(level), true) = (level, content) {
            s.start_heading(level, id.map(anchor));
            undo.heading = true;
        } else if tag == "a" {
            if let Some(a) = id.or(attrs.name) {
                match s.heading.as_mut() {
                    Some(h) => {
                        if h.child_anchor.is_none() {
                            h.child_anchor = Some(self::anchor(a));
                        }
                    }
                    None => s.pending_anchor = Some(self::anchor(a)),
                }
            }
        } else if let Some(id) = id {
            if info.id_container && content {
                let mark = (s.spans.len(), s.body.len());
                s.ids.push((anchor(id), false, mark));
                undo.id = true;
            } else if s.heading.is_none() && !content {
                s.pending_anchor = Some(anchor(id));
            }
        }
    }

    drop(s);
    if undo.any() && content {
        let st = st.clone();
        let _ = el.on_end_tag(end_tag!(move |_| {
            end_element(&mut st.borrow_mut(), undo);
            Ok(())
        }));
    }
}

fn end_element(s: &mut State, undo: Undo) {
    if undo.title {
        s.in_title = false;
    }
    if undo.heading {
        s.end_heading();
    }
    if undo.id {
        s.ids.pop();
    }
    if undo.weight {
        s.weights.pop();
        s.flush_body();
    }
    if undo.marker {
        s.marker = s.marker.saturating_sub(1);
        s.flush_body();
    }
    if undo.main {
        s.main = s.main.saturating_sub(1);
        s.flush_body();
    }
    if undo.block {
        s.brk();
    }
    for _ in 0..undo.captures {
        if let Some(c) = s.captures.pop() {
            let value = c.text.as_str().to_string();
            s.record(c.kind, c.key, value);
        }
    }
    if undo.ignore {
        s.ignore = s.ignore.saturating_sub(1);
    }
}

fn text_chunk(st: &Rc<RefCell<State>>, t: &mut TextChunk) {
    let mut s = st.borrow_mut();
    let entities = t.text_type().allows_html_entities();
    let last = t.last_in_text_node();
    if s.raw.is_empty() && last {
        let text = t.as_str();
        s.route(text, entities);
    } else {
        s.raw.push_str(t.as_str());
        if last {
            let raw = std::mem::take(&mut s.raw);
            s.route(&raw, entities);
        }
    }
}

enum Pair {
    KeyValue(String, String),
    FromAttribute(String, String),
    FromText(String),
    Invalid,
}

/// `key:value`, `key[attribute]` or `key`.
fn parse_pair(v: &str) -> Pair {
    let v = v.trim();
    if let Some((k, val)) = v.split_once(':') {
        let k = k.trim();
        if k.is_empty() {
            return Pair::Invalid;
        }
        return Pair::KeyValue(k.to_string(), decode_entities(val.trim()).into_owned());
    }
    if let Some(open) = v.find('[') {
        if v.ends_with(']') && open > 0 {
            return Pair::FromAttribute(
                v[..open].trim().to_string(),
                v[open + 1..v.len() - 1].trim().to_string(),
            );
        }
        return Pair::Invalid;
    }
    if v.is_empty() {
        Pair::Invalid
    } else {
        Pair::FromText(v.to_string())
    }
}

impl State {
    fn new(max_text: usize) -> State {
        State {
            max_text,
            text_len: 0,
            truncated: false,
            ignore: 0,
            marker: 0,
            main: 0,
            weights: Vec::new(),
            in_title: false,
            title: None,
            first_h1: Vec::new(),
            heading: None,
            ids: Vec::new(),
            pending_anchor: None,
            body: TextBuf::new(),
            body_region: Region::default(),
            body_weight: None,
            spans: Vec::new(),
            captures: Vec::new(),
            raw: String::new(),
            page: Page::default(),
        }
    }

    fn region(&self) -> Region {
        Region {
            marker: self.marker > 0,
            main: self.main > 0,
        }
    }

    fn record(&mut self, kind: CaptureKind, key: String, value: String) {
        let value = crate::text::collapse(&value);
        if key.is_empty() || value.is_empty() {
            return;
        }
        match kind {
            CaptureKind::Meta => self.page.meta.push((key, value)),
            CaptureKind::Filter => self.page.facets.push((key, value)),
            CaptureKind::Sort => self.page.sort_keys.push((key, value)),
        }
    }

    /// A word break wherever the text is going.
    fn brk(&mut self) {
        match self.heading.as_mut() {
            Some(h) => h.text.brk(),
            None => self.body.brk(),
        }
        for c in &mut self.captures {
            c.text.brk();
        }
    }

    fn route(&mut self, raw: &str, entities: bool) {
        let decoded;
        let text = if entities {
            decoded = decode_entities(raw);
            &*decoded
        } else {
            raw
        };
        if self.in_title {
            if let Some(t) = self.title.as_mut() {
                if t.len() < 4096 {
                    t.push(text);
                }
            }
        }
        for c in &mut self.captures {
            if c.text.len() < 4096 {
                c.text.push(text);
            }
        }
        if self.ignore > 0 || self.in_title {
            return;
        }
        self.add_text(text);
    }

    fn add_text(&mut self, text: &str) {
        if self.truncated {
            return;
        }
        if text.chars().any(|c| !crate::text::is_space(c)) {
            self.pending_anchor = None;
        }
        let target = match self.heading.as_mut() {
            Some(h) => &mut h.text,
            None => &mut self.body,
        };
        let before = target.len();
        target.push(text);
        self.text_len += target.len() - before;
        if self.text_len > self.max_text {
            let excess = self.text_len - self.max_text;
            let keep = target.len().saturating_sub(excess);
            target.truncate(keep);
            self.truncated = true;
        }
    }

    fn flush_body(&mut self) {
        let region = self.region();
        let weight = self.weights.last().copied();
        if !self.body.is_empty() {
            let text = self.body.take();
            self.spans.push(Span {
                span: PageSpan {
                    heading: false,
                    weight: self.body_weight,
                    text,
                    anchor: None,
                },
                region: self.body_region,
            });
        } else {
            self.body.take();
        }
        self.body_region = region;
        self.body_weight = weight;
    }

    fn start_heading(&mut self, level: u8, id: Option<String>) {
        if self.heading.is_some() {
            self.end_heading();
        }
        // The enclosing element's id names this section only if nothing was said since it began.
        let mark = (self.spans.len(), self.body.len());
        let enclosing = self
            .ids
            .len()
            .checked_sub(1)
            .filter(|&i| !self.ids[i].1 && self.ids[i].2 == mark);
        self.flush_body();
        self.heading = Some(Heading {
            level,
            text: TextBuf::new(),
            anchor: id,
            child_anchor: None,
            before_anchor: self.pending_anchor.take(),
            enclosing,
            region: self.region(),
        });
    }

    fn end_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let text = crate::text::collapse(h.text.as_str());
        if text.is_empty() {
            return;
        }
        let enclosing = h
            .enclosing
            .and_then(|i| self.ids.get(i))
            .map(|e| e.0.clone());
        let anchor = h
            .anchor
            .or(h.child_anchor)
            .or(enclosing)
            .or(h.before_anchor);
        if let Some(a) = &anchor {
            for entry in self.ids.iter_mut().filter(|e| &e.0 == a) {
                entry.1 = true;
            }
        }
        if h.level == 1 {
            self.first_h1.push((text.clone(), h.region));
        }
        self.spans.push(Span {
            span: PageSpan {
                heading: true,
                weight: None,
                text,
                anchor,
            },
            region: h.region,
        });
    }

    fn finish(mut self) -> Page {
        self.end_heading();
        self.flush_body();
        let has_marker = self.spans.iter().any(|s| s.region.marker);
        let has_main = self.spans.iter().any(|s| s.region.main);
        let keep = |r: &Region| {
            if has_marker {
                r.marker
            } else if has_main {
                r.main
            } else {
                true
            }
        };
        let mut page = self.page;
        page.truncated = self.truncated;
        page.title = self
            .title
            .map(|t| crate::text::collapse(t.as_str()))
            .unwrap_or_default();
        if page.title.is_empty() {
            page.title = self
                .first_h1
                .iter()
                .find(|(_, r)| keep(r))
                .or(self.first_h1.first())
                .map(|(t, _)| t.clone())
                .unwrap_or_default();
        }
        page.spans = self
            .spans
            .into_iter()
            .filter(|s| keep(&s.region))
            .map(|s| s.span)
            .collect();
        // The page's top heading is the page itself: a sub-result for it would repeat the result.
        if let Some(first) = page.spans.first_mut().filter(|s| s.heading) {
            first.anchor = None;
        }
        page
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_rules_match_the_documented_list() {
        for rule in DEFAULT_IGNORE {
            let (tag, id, class) = match rule.strip_prefix('#') {
                Some(id) => ("div", Some(id), None),
                None => {
                    let (t, c) = rule.split_once('.').unwrap();
                    (
                        if t.is_empty() { "div" } else { t },
                        None,
                        Some(format!("x {c} y")),
                    )
                }
            };
            assert!(is_chrome(tag, id, class.as_deref()), "{rule}");
        }
        assert!(!is_chrome("div", Some("content"), Some("body main")));
        assert!(
            !is_chrome("div", None, Some("hideme")),
            "hideme only on summary"
        );
        assert!(
            !is_chrome("pre", None, Some("language-rust line-numbers")),
            "Prism's code"
        );
    }
}
