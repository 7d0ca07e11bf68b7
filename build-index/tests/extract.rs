//! Reading pages: what counts as a page's title, text, sections and attributes.

use build_index::html::{extract, ExtractOptions, Page};
use build_index::site::url_for;
use std::path::Path;

fn page(html: &str) -> Page {
    extract(html, &ExtractOptions::default())
}

fn body(p: &Page) -> String {
    p.spans
        .iter()
        .filter(|s| !s.heading)
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn headings(p: &Page) -> Vec<(String, Option<String>)> {
    p.spans
        .iter()
        .filter(|s| s.heading)
        .map(|s| (s.text.clone(), s.anchor.clone()))
        .collect()
}

#[test]
fn title_comes_from_title_then_first_h1() {
    assert_eq!(
        page("<title> A  <b>title</b> </title><h1>Heading</h1>").title,
        "A <b>title</b>"
    );
    assert_eq!(
        page("<html><body><h2>Second</h2><h1>First <em>one</em></h1><h1>Later</h1>").title,
        "First one"
    );
    assert_eq!(page("<title></title><p>text</p>").title, "");
    // A <title> inside an <svg> is not the page's title.
    assert_eq!(
        page("<svg><title>icon</title></svg><h1>Real</h1>").title,
        "Real"
    );
}

#[test]
fn chrome_and_code_are_left_out() {
    let p = page(
        r#"<html><head><style>.styleword{}</style><script>scriptword()</script></head><body>
        <header>headerword</header><nav>navword</nav><p>kept one</p>
        <svg><text>svgword</text></svg><noscript>noscriptword</noscript><template><p>templateword</p></template>
        <div data-scry-ignore><p>ignoredword</p><div>nestedignored</div></div><p>kept two</p>
        <div hidden>hiddenword</div><span aria-hidden="true">ariaword</span>
        <div role="navigation">roleword</div><form><label>formword</label></form><button>buttonword</button>
        <footer>footerword</footer><p>kept three</p></body></html>"#,
    );
    assert_eq!(body(&p), "kept one kept two kept three");
}

#[test]
fn site_selectors_and_generator_chrome_are_left_out() {
    let html = r##"<div class="navheader">Prev Up Next</div><p>Docbook text</p><div class="toc">tocword</div>
        <h2 id="x">Title<a class="headerlink" href="#x">¶</a></h2>"##;
    let p = extract(
        html,
        &ExtractOptions {
            ignore: vec![".toc".into()],
            ..Default::default()
        },
    );
    assert_eq!(body(&p), "Docbook text");

    assert_eq!(headings(&p), vec![("Title".into(), Some("x".into()))]);
    let numbered = page(
        r#"<pre class="line-numbers"><span id="1">1</span></pre><pre class="language-rust line-numbers"><code>let x;</code><span class="line-numbers-rows"><span></span></span></pre>"#,
    );
    assert_eq!(body(&numbered), "let x;");
}

#[test]
fn data_scry_body_narrows_then_main_then_body() {
    let p =
        page("<p>outside</p><main><p>in main</p></main><div data-scry-body><p>marked</p></div>");
    assert_eq!(body(&p), "marked");
    let p = page(
        "<p>outside</p><div role=main><p>in main</p><h2 id=a>Head</h2><p>more</p></div><p>after</p>",
    );
    assert_eq!(body(&p), "in main | more");
    assert_eq!(headings(&p), vec![("Head".into(), Some("a".into()))]);
    let p = page("<p>no regions</p><div>at all</div>");
    assert_eq!(body(&p), "no regions at all");
    // An empty <main> does not hide the rest of the page.
    let p = page("<main></main><p>the text</p>");
    assert_eq!(body(&p), "the text");
}

#[test]
fn data_scry_attributes_become_filters_meta_and_sort_keys() {
    let p = page(
        r#"<body><span data-scry-filter="topic:boats"></span><span data-scry-filter="topic">tides <b>and</b> moons</span>
        <header><span data-scry-meta="author">Ann Lee</span></header>
        <img src="/a.png" alt="Picture" data-scry-meta="image[src]">
        <time data-scry-sort="date:2024-05-01">May</time><span data-scry-sort="rank">3</span>
        <span data-scry-meta=":nokey">x</span><span data-scry-meta="img[nope]">y</span></body>"#,
    );
    assert_eq!(
        p.facets,
        vec![
            ("topic".into(), "boats".into()),
            ("topic".into(), "tides and moons".into())
        ]
    );
    assert_eq!(
        p.meta,
        vec![
            ("author".into(), "Ann Lee".into()),
            ("image".into(), "/a.png".into())
        ]
    );
    assert_eq!(
        p.sort_keys,
        vec![
            ("date".into(), "2024-05-01".into()),
            ("rank".into(), "3".into())
        ]
    );
    assert_eq!(p.notes.len(), 2, "{:?}", p.notes);
    // The text stays searchable; the header is still left out of the body.
    assert!(body(&p).contains("tides and moons"));
    assert!(!body(&p).contains("Ann Lee"));
    assert!(body(&p).contains("Picture"), "alt text is page text");
}

#[test]
fn data_scry_weight_marks_spans() {
    let p = page(
        r#"<p>plain</p><div data-scry-weight="4"><p>heavy</p></div><p>plain again</p><p data-scry-weight="x">bad</p>"#,
    );
    let spans: Vec<(String, Option<f32>)> =
        p.spans.iter().map(|s| (s.text.clone(), s.weight)).collect();
    assert_eq!(
        spans,
        vec![
            ("plain".into(), None),
            ("heavy".into(), Some(4.0)),
            ("plain again bad".into(), None)
        ]
    );
    assert_eq!(p.notes.len(), 1);
}

#[test]
fn headings_become_sections_with_anchors() {
    let p = page(
        r#"<h1 id="top">Top of the page</h1><p>intro</p><h2 id="own">Own id</h2><p>a</p>
        <h2><a id="child"></a>Child anchor</h2><p>b</p>
        <a name="before"></a><h2>Anchor before</h2><p>c</p>
        <section id="sec"><h2>Enclosing section</h2><p>d</p><h3>Second in section</h3><p>e</p></section>
        <div class="sect1" id="deep"><div class="titlepage"><div><h2>Deep enclosing</h2></div></div><p>f</p></div>
        <div id="late"><p>text first</p><h2>Not the div's</h2></div>
        <dl><dt id="json.dumps">json.dumps(obj)</dt><dd>Serialize obj.</dd></dl>
        <h4></h4><h5>No anchor</h5><p>g</p>"#,
    );
    assert_eq!(
        headings(&p),
        vec![
            ("Top of the page".into(), None),
            ("Own id".into(), Some("own".into())),
            ("Child anchor".into(), Some("child".into())),
            ("Anchor before".into(), Some("before".into())),
            ("Enclosing section".into(), Some("sec".into())),
            ("Second in section".into(), None),
            ("Deep enclosing".into(), Some("deep".into())),
            ("Not the div's".into(), None),
            ("json.dumps(obj)".into(), Some("json.dumps".into())),
            ("No anchor".into(), None),
        ]
    );
    assert!(body(&p).contains("Serialize obj."));
}

#[test]
fn blocks_break_words_inline_does_not_and_entities_decode() {
    let p = page(
        "<table><tr><td>a</td><td>b</td></tr></table><p>x<b>y</b>z<br>w</p><ul><li>one<li>two</ul>\
         <p>Caf&eacute; &amp; &lt;tag&gt; &#8212; &copy 2024&nbsp;x &unknown; std::<wbr>vec</p>\n\n  <p>  spaced \t out  </p>",
    );
    assert_eq!(
        body(&p),
        "a b xyz w one two Café & <tag> — © 2024 x &unknown; std::vec spaced out"
    );
}

#[test]
fn language_redirects_and_noindex_are_noticed() {
    assert_eq!(
        page(r#"<html lang="en-US"><p>x</p>"#).lang.as_deref(),
        Some("en")
    );
    assert_eq!(
        page(r#"<html xml:lang="fr"><p>x</p>"#).lang.as_deref(),
        Some("fr")
    );
    assert_eq!(page("<html><p>x</p>").lang, None);
    assert!(page(r#"<meta http-equiv="refresh" content="0;URL=a.html">"#).redirect);
    assert!(!page(r#"<meta http-equiv="refresh" content="30">"#).redirect);
    assert!(page(r#"<meta name="robots" content="noindex, follow">"#).noindex);
}

#[test]
fn long_pages_are_cut_and_flagged() {
    let html = format!("<title>Big</title><p>{}</p>", "word ".repeat(100_000));
    let p = extract(
        &html,
        &ExtractOptions {
            max_text_bytes: 1000,
            ..Default::default()
        },
    );
    assert!(p.truncated);
    assert!(p.text_len() <= 1000 + p.title.len());
    assert_eq!(p.title, "Big");
}

#[test]
fn deep_nesting_and_unclosed_tags_are_harmless() {
    let n = 100_000;
    let html = format!(
        "<title>Deep</title>{}deepword{}<p>after",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let p = page(&html);
    assert_eq!(body(&p), "deepword after");
    let p = page("<p>one<p>two<li>three<h2>four</h2><nav>hidden<p>still hidden</nav><p>five");
    assert_eq!(body(&p), "one two three | five");
}

#[test]
fn script_in_title_is_inert_text() {
    let p = page("<title>Beware <script>alert(1)</script></title><p>x</p>");
    assert_eq!(p.title, "Beware <script>alert(1)</script>");
}

#[test]
fn urls_come_from_paths() {
    assert_eq!(url_for(Path::new("index.html"), ""), "/");
    assert_eq!(url_for(Path::new("a/index.html"), ""), "/a/");
    assert_eq!(url_for(Path::new("a/index.htm"), ""), "/a/");
    assert_eq!(url_for(Path::new("b.html"), ""), "/b.html");
    assert_eq!(url_for(Path::new("a b/c?.html"), ""), "/a%20b/c%3F.html");
}
