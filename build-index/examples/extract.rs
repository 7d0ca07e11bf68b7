//! Shows what `scry` reads from pages: title, language, sections with their anchors, text,
//! filters and meta. For tuning `[site] ignore` selectors or checking a theme's markup.
//!
//!     cargo run -p scry-search --example extract -- public/index.html [more.html…]

use build_index::html::{extract, ExtractOptions};

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: extract PAGE.html [PAGE.html…]");
        std::process::exit(2);
    }
    for path in paths {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let decoded = match build_index::source::decode(&bytes) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{path}: {e:?}");
                continue;
            }
        };
        let p = extract(&decoded.text, &ExtractOptions::default());
        println!("== {path}");
        println!("title: {:?}  lang: {:?}", p.title, p.lang);
        if p.redirect || p.noindex || p.truncated {
            println!(
                "redirect: {}  noindex: {}  truncated: {}",
                p.redirect, p.noindex, p.truncated
            );
        }
        for (label, list) in [
            ("filter", &p.facets),
            ("meta", &p.meta),
            ("sort", &p.sort_keys),
        ] {
            for (k, v) in list {
                println!("{label}: {k} = {v:?}");
            }
        }
        for n in &p.notes {
            println!("note: {n}");
        }
        for s in &p.spans {
            if s.heading {
                println!("\n## {}  #{}", s.text, s.anchor.as_deref().unwrap_or("-"));
            } else {
                let weight = s
                    .weight
                    .map(|w| format!("[weight {w}] "))
                    .unwrap_or_default();
                println!("{weight}{}", s.text);
            }
        }
        println!();
    }
}
