//! `scry --site` end to end on the hostile corpus: every good page is indexed, every bad one is
//! named, and the build still succeeds.

mod common;

use common::*;
use std::io::Write;

/// The committed hostile site plus the generated parts: a 50 MB page and 100,000 nested elements.
fn hostile_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixture("hostile-site"), &site);
    let mut huge = std::io::BufWriter::new(std::fs::File::create(site.join("huge.html")).unwrap());
    write!(huge, "<html lang=\"en\"><head><title>Huge page</title></head><body><p>Albatross opening words.</p>").unwrap();
    let para = "<p>filler text about wandering seabirds and the southern ocean winds</p>\n";
    for _ in 0..(50 << 20) / para.len() {
        huge.write_all(para.as_bytes()).unwrap();
    }
    write!(huge, "<p>zeppelinending</p></body></html>").unwrap();
    drop(huge);
    let n = 100_000;
    std::fs::write(
        site.join("nested.html"),
        format!(
            "<html lang=\"en\"><title>Nested</title><body>{}Petrel deep inside{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        ),
    )
    .unwrap();
    dir
}

#[test]
fn hostile_site_builds_the_good_pages_and_names_the_bad_ones() {
    let dir = hostile_site();
    let site = dir.path().join("site");
    let err = assert_ok(&build_site(&site, None, &[]));
    let out = site.join("scry");
    assert!(out.join("manifest.bin").is_file());

    // Every bad file is named, with what was wrong.
    for (file, why) in [
        ("binary.html", "binary"),
        ("empty.html", "empty file"),
        ("blank.html", "no text"),
        ("invalid-utf8.html", "invalid UTF-8"),
        ("huge.html", "indexed its first"),
        ("dup/index.html", "already taken"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(file) && l.starts_with("warning:"));
        assert!(
            line.is_some_and(|l| l.contains(why)),
            "no warning naming {file} ({why}):\n{err}"
        );
    }
    assert!(
        !err.contains("redirect.html"),
        "redirects are skipped quietly:\n{err}"
    );
    assert!(err.contains("Skipped 1 redirect page"), "{err}");
    assert!(err.contains("Indexed 9 pages"), "{err}");

    // The good pages are searchable.
    for (query, url) in [
        ("lighthouse", "/"),
        ("soundings", "/guide/"),
        ("gamma delta", "/table.html"),
        ("jellyfish", "/script-title.html"),
        ("barnacle", "/invalid-utf8.html"),
        ("cormorant façade", "/latin1.html"),
        ("shipwright", "/dup/"),
        ("albatross", "/huge.html"),
        ("petrel", "/nested.html"),
    ] {
        let (total, rows) = search(&out, query, &[]);
        assert!(
            total >= 1 && rows.iter().any(|r| r.0 == url),
            "{query:?} should find {url}: {rows:?}"
        );
    }
    // Left out: chrome, code, ignored regions, the part of the page outside data-scry-body, the text
    // of a 50 MB page past the cap, attributes.
    for word in [
        "headerword",
        "navword",
        "footerword",
        "needleinscript",
        "ignoredword",
        "outsideword",
        "zeppelinending",
        "onclick",
    ] {
        let (total, rows) = search(&out, word, &[]);
        assert_eq!(total, 0, "{word:?} should not be indexed: {rows:?}");
    }
    // Word breaks between cells; entities decoded.
    let (_, rows) = search(&out, "\"alpha beta\"", &[]);
    assert_eq!(rows.first().map(|r| r.0.as_str()), Some("/table.html"));
    // The title with a script is kept as inert text, never markup; the site-name suffix is removed.
    let (_, rows) = search(&out, "jellyfish", &[]);
    assert_eq!(
        rows[0].1,
        "Beware <script>alert(\"title\")</script> <b>bold</b>"
    );
    let (_, rows) = search(&out, "lighthouse", &[]);
    assert_eq!(rows[0].1, "Harbour Almanac | Tidewater");
    // data-scry-filter values filter.
    let (total, _) = search(&out, "lighthouse", &["--filter", "topic:boats"]);
    assert_eq!(total, 1);
    let (total, _) = search(&out, "lighthouse", &["--filter", "topic:planes"]);
    assert_eq!(total, 0);
}

#[test]
fn default_output_is_excluded_from_the_next_crawl_and_rebuilds_replace_it() {
    let (_dir, site) = temp_tree(
        "site",
        &[(
            "index.html",
            "<html lang=en><title>One</title><p>Puffin</p>",
        )],
    );
    assert!(build_site(&site, None, &["--quiet"]).status.success());
    // A page inside the output folder (e.g. a demo page among the assets) must not be crawled.
    write_files(
        &site,
        &[
            ("scry/stray.html", "<title>Stray</title><p>stray</p>"),
            (
                "index.html",
                "<html lang=en><title>Two</title><p>Gannet</p>",
            ),
        ],
    );
    let err = assert_ok(&build_site(&site, None, &[]));
    assert!(err.contains("Indexed 1 page "), "{err}");
    assert_eq!(search(&site.join("scry"), "gannet", &[]).0, 1);
    assert_eq!(search(&site.join("scry"), "puffin", &[]).0, 0);
    assert!(
        !site.join("scry/stray.html").exists(),
        "the old folder was replaced whole"
    );
    let names: Vec<String> = std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "no temporary folder left: {names:?}"
    );
}

#[test]
fn nothing_usable_fails_and_keeps_the_previous_index() {
    let (dir, site) = temp_tree(
        "site",
        &[(
            "index.html",
            "<html lang=en><title>Good</title><p>Kittiwake</p>",
        )],
    );
    let out = dir.path().join("out");
    assert!(build_site(&site, Some(&out), &[]).status.success());
    let before = snapshot(&out);

    write_files(
        &site,
        &[("index.html", "\x00\x01\x02 binary"), ("other.html", "")],
    );
    let err = assert_fails(&build_site(&site, Some(&out), &[]));
    assert!(
        err.contains("index.html") && err.contains("other.html"),
        "{err}"
    );
    assert!(err.contains("Nothing to index"), "{err}");
    assert_eq!(
        snapshot(&out),
        before,
        "the previous index must be untouched"
    );

    // No pages at all is an error too, and says what was looked for.
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let err = assert_fails(&build_site(&empty, None, &[]));
    assert!(err.contains("no pages found"), "{err}");
}

#[test]
fn refuses_to_overwrite_a_folder_that_is_not_an_index() {
    let (dir, site) = temp_tree("site", &[("index.html", "<title>x</title><p>Skua</p>")]);
    assert_fails(&build_site(&site, Some(&site), &[]));
    assert!(std::fs::read_to_string(site.join("index.html"))
        .unwrap()
        .contains("Skua"));
    let other = dir.path().join("docs");
    write_files(&other, &[("notes.txt", "mine")]);
    let err = assert_fails(&build_site(&site, Some(&other), &[]));
    assert!(err.contains("refusing"), "{err}");
    assert_eq!(
        std::fs::read_to_string(other.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn config_globs_selectors_and_language_apply() {
    let (dir, site) = temp_tree(
        "site",
        &[
            (
                "a.html",
                "<html lang=de><title>A</title><p>Running runners</p><aside class=ad>Adword</aside>",
            ),
            ("drafts/b.html", "<title>B</title><p>Draftword</p>"),
        ],
    );
    let config = dir.path().join("scry.toml");
    let build_with = |toml: &str| {
        std::fs::write(&config, toml).unwrap();
        build_site(&site, None, &["--config", arg(&config)])
    };
    let err = assert_ok(&build_with(
        "language = \"en\"\n[site]\nexclude = [\"drafts/**\"]\nignore = [\"aside.ad\"]\n",
    ));
    assert!(err.contains("language: en, from scry.toml"), "{err}");
    let out = site.join("scry");
    assert_eq!(search(&out, "draftword", &[]).0, 0);
    assert_eq!(search(&out, "adword", &[]).0, 0);
    assert_eq!(
        search(&out, "run", &[]).0,
        1,
        "English stemming from scry.toml"
    );

    assert_ok(&build_with("[site]\nbase_url = \"/docs/\"\n"));
    let (_, rows) = search(&out, "draftword", &[]);
    assert_eq!(rows[0].0, "/docs/drafts/b.html");

    let err = assert_fails(&build_with("[site]\nexlude = []\n"));
    assert!(err.contains("exlude"), "a typo is named: {err}");
}

#[test]
fn error_and_search_pages_are_left_out_by_default() {
    let (dir, site) = temp_tree("site", &[]);
    for rel in [
        "index.html",
        "guide/cliffs.html",
        "404.html",
        "fr/404.html",
        "404/index.html",
        "search.html",
        "search/index.html",
        "genindex.html",
        "genindex-K.html",
        "py-modindex.html",
        "50x.html",
    ] {
        let page =
            format!("<html lang=en><title>{rel}</title><p>Kittiwake colonies nest on {rel}</p>");
        write_files(&site, &[(rel, &page)]);
    }
    let out = dir.path().join("out");
    let config = dir.path().join("scry.toml");
    let build = |toml: &str| {
        std::fs::write(&config, toml).unwrap();
        assert_ok(&build_site(&site, Some(&out), &["--config", arg(&config)]));
        search(&out, "kittiwake", &[]).0
    };
    assert_eq!(build(""), 2, "only index.html and guide/cliffs.html");
    assert_eq!(build("[site]\ndefault_exclude = false\n"), 11);
}

#[test]
fn search_takes_minus_words_without_a_double_dash() {
    let (dir, site) = temp_tree(
        "site",
        &[
            (
                "a.html",
                "<html lang=en><title>Floats</title><p>floating point decimal</p>",
            ),
            (
                "b.html",
                "<html lang=en><title>Binary</title><p>floating point binary</p>",
            ),
        ],
    );
    let out = dir.path().join("out");
    assert!(build_site(&site, Some(&out), &[]).status.success());
    let o = run_search(&out, &["--json", "floating", "point", "-decimal"]);
    assert_ok(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["total"], 1);
    assert_eq!(v["results"][0]["title"], "Binary");
}

#[test]
fn help_teaches_the_forms_and_the_config() {
    let o = run(&["--help"]);
    assert!(o.status.success());
    let help = String::from_utf8_lossy(&o.stdout);
    for needle in [
        "--site",
        "--records",
        "--serve",
        "search",
        "serve",
        "data-scry-body",
        "data-scry-filter",
        "[records]",
        "title_from",
        "<scry-search>",
    ] {
        assert!(help.contains(needle), "--help should mention {needle}");
    }
    // Piped (as here, not a terminal), the scry.toml reference is printed as written: valid TOML.
    let at = help.find("# scry.toml").expect("the reference is printed");
    let reference: String = help[at..]
        .lines()
        .map(|l| format!("{}\n", l.strip_prefix("  ").unwrap_or(l)))
        .collect();
    assert_eq!(
        reference.trim_end(),
        build_index::config::REFERENCE.trim_end()
    );
    assert!(help.contains("A worked example"), "{help}");
    let o = run(&["search", "--help"]);
    let search_help = String::from_utf8_lossy(&o.stdout);
    assert!(search_help.contains("--filter"));
    assert!(
        !search_help.contains("# scry.toml"),
        "the reference only with scry --help"
    );
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2), "no arguments is a usage error");
}

#[test]
fn browser_assets_are_copied_verbatim() {
    let (_dir, site) = temp_tree(
        "site",
        &[("index.html", "<html lang=en><title>A</title><p>Fulmar</p>")],
    );
    assert_ok(&build_site(&site, None, &[]));
    assert!(build_index::output::ASSETS.len() >= 5);
    let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    for (name, bytes) in build_index::output::ASSETS {
        assert_eq!(
            &std::fs::read(site.join("scry").join(name)).unwrap(),
            bytes,
            "{name} copied verbatim"
        );
        assert_eq!(
            &std::fs::read(assets.join(name)).unwrap(),
            bytes,
            "{name} is the file in assets/"
        );
    }
}

#[test]
#[cfg(unix)]
fn links_out_of_the_site_are_not_followed_and_odd_names_are_printed_safely() {
    use std::os::unix::ffi::OsStrExt;
    let (dir, site) = temp_tree(
        "site",
        &[
            (
                "index.html",
                "<html lang=en><title>Home</title><p>shearwater</p>",
            ),
            // A name with an escape sequence and a newline (a forged warning line).
            (
                "bad\x1b[2Jname\nwarning: forged.html",
                "<html lang=en><title>Odd</title><p>fulmar</p>",
            ),
        ],
    );
    let outside = dir.path().join("private");
    write_files(
        &outside,
        &[(
            "secret.html",
            "<html lang=en><title>Secret</title><p>razorbill</p>",
        )],
    );
    std::os::unix::fs::symlink(&outside, site.join("linked")).unwrap();
    // And one not UTF-8.
    let latin1 = std::ffi::OsStr::from_bytes(b"caf\xe9.html");
    std::fs::write(
        site.join(latin1),
        "<html lang=en><title>Cafe</title><p>gannet</p>",
    )
    .unwrap();
    // An unreadable page gets a warning that names it: make the odd name appear in one.
    let out = dir.path().join("out");
    let err = assert_ok(&build_site(&site, Some(&out), &[]));
    assert!(
        err.contains("linked") && err.contains("symbolic link out of the site"),
        "{err}"
    );
    assert_eq!(
        search(&out, "razorbill", &[]).0,
        0,
        "the linked folder was indexed"
    );
    assert_eq!(search(&out, "shearwater", &[]).0, 1);
    assert!(err.contains("not UTF-8"), "{err}");
    let (_, rows) = search(&out, "gannet", &[]);
    assert_eq!(rows[0].0, "/caf%E9.html", "the URL is the file's bytes");
    assert!(
        !err.contains('\x1b'),
        "an escape sequence reached the terminal: {err:?}"
    );
    assert!(
        !err.lines().any(|l| l.starts_with("warning: forged")),
        "a file name forged a line: {err}"
    );
    // Followed when the config says so.
    let config = dir.path().join("scry.toml");
    std::fs::write(&config, "[site]\nfollow_links_outside = true\n").unwrap();
    assert_ok(&build_site(&site, Some(&out), &["--config", arg(&config)]));
    assert_eq!(search(&out, "razorbill", &[]).0, 1);
}

#[test]
#[cfg(unix)]
fn search_survives_a_closed_pipe_and_limit_zero_gives_the_count() {
    use std::io::Read;
    let (dir, site) = temp_tree("site", &[]);
    for i in 0..40 {
        let page = format!("<html lang=en><title>Page {i}</title><p>petrel number {i}</p>");
        write_files(&site, &[(&format!("p{i}.html"), &page)]);
    }
    let out = dir.path().join("out");
    assert!(build_site(&site, Some(&out), &[]).status.success());
    let o = run_search(&out, &["--limit", "0", "petrel"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("40 results") && text.contains("none shown"),
        "{text}"
    );
    // `| head -c 1`: the reader goes away after one byte.
    let mut child = spawn_piped(&["search", "--index", arg(&out), "--limit", "40", "petrel"]);
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
}
