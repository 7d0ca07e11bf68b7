//! The library's import graph, checked: no loop between files and no import up a layer.
//!
//! It reads `src/` as text (no compiler needed): every `crate::…`, `super::…`, `self::…` path and
//! every path through a child module, outside comments, strings and test-only (`#[cfg(test)]`)
//! items, is an edge from the file that writes it to the file that defines what it names
//! (re-exports followed).
//! Declaring a module (`mod x;`) and re-exporting from it (`pub use x::Y;`) in a parent are not
//! edges: that is the parent's facade, not a use.
//!
//! `SCRY_IMPORTS=1 cargo test --test layers -- --nocapture` prints the whole graph.
//! The layers are listed in `LAYERS` below and in ARCHITECTURE.md; keep the two in step.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules, bottom first. A module may import from its own layer's other leaves only when
/// they are listed on the same line (and then only without a loop), and from any layer below.
const LAYERS: &[&[&str]] = &[
    &["json", "hash", "document", "sort", "tokenize", "automaton"],
    &["error"],
    &["format"],
    &["index"],
    &["query"],
    &["api", "dir"],
    &["wasm"],
    &["lib"],
];

fn layer_of(top: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&top))
}

/// A source file: its module path (`index::reader`), the modules it declares, its code.
struct File {
    module: Vec<String>,
    children: BTreeSet<String>,
    code: String,
}

fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().map(String::as_str) == Some("mod") {
        parts.pop();
    }
    if parts == ["lib"] {
        parts.clear();
    }
    parts
}

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "lib".into()
    } else {
        module.join("::")
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code with comments, string and char literals blanked (lengths kept).
fn strip(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c[i] == 'r'
            && (c.get(i + 1) == Some(&'"') || c.get(i + 1) == Some(&'#'))
            && (i == 0 || !(c[i - 1].is_alphanumeric() || c[i - 1] == '_'))
        {
            let mut j = i + 1;
            let mut hashes = 0;
            while c.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if c.get(j) != Some(&'"') {
                out.push(c[i]);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= c.len() {
                    break;
                }
                if c[j] == '"' && (0..hashes).all(|k| c.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c[i] == '\'' {
            // A char literal ('a', '\n', '\u{1F600}') or a lifetime ('a).
            if c.get(i + 1) == Some(&'\\') {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else {
                out.push(c[i]);
                i += 1;
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// Removes `#[cfg(test)]`- and `#[cfg(all(test, …))]`-gated items (test modules and test-only
/// functions).
fn drop_tests(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = [rest.find("#[cfg(test)]"), rest.find("#[cfg(all(test,")]
        .into_iter()
        .flatten()
        .min()
    {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // The item ends at its first `;` before any `{`, or at the `}` closing its first `{`.
        let brace = after.find('{');
        let semi = after.find(';');
        let end = match (brace, semi) {
            (Some(b), Some(s)) if s < b => s + 1,
            (Some(b), _) => {
                let mut depth = 0;
                let mut end = after.len();
                for (k, ch) in after[b..].char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (None, Some(s)) => s + 1,
            (None, None) => after.len(),
        };
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn is_ident(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// Declared child modules (`mod x;`, `pub mod x;`, `pub(crate) mod x;`), not inline `mod x { … }`.
fn declared_children(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in code.lines() {
        let t = line.trim();
        let t = t
            .strip_prefix("pub(crate) ")
            .or_else(|| t.strip_prefix("pub "))
            .unwrap_or(t);
        if let Some(rest) = t.strip_prefix("mod ") {
            if let Some(n) = rest.strip_suffix(';') {
                out.insert(n.trim().to_string());
            }
        }
    }
    out
}

/// Expands a `use` tree or a path starting at `start` into full paths (segments), e.g.
/// `crate::format::{self, shard::Columns}` → [crate, format, self], [crate, format, shard, Columns].
fn paths_at(code: &str, start: usize) -> Vec<Vec<String>> {
    fn tree(chars: &[char], i: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        let mut path = prefix;
        loop {
            while *i < chars.len() && chars[*i].is_whitespace() {
                *i += 1;
            }
            if *i < chars.len() && chars[*i] == '{' {
                *i += 1;
                loop {
                    while *i < chars.len() && (chars[*i].is_whitespace() || chars[*i] == ',') {
                        *i += 1;
                    }
                    if *i >= chars.len() || chars[*i] == '}' {
                        *i += 1;
                        return;
                    }
                    tree(chars, i, path.clone(), out);
                }
            }
            let s = *i;
            while *i < chars.len() && (is_ident(chars[*i]) || chars[*i] == '*') {
                *i += 1;
            }
            if *i == s {
                out.push(path);
                return;
            }
            path.push(chars[s..*i].iter().collect());
            let mut j = *i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            if chars.get(j) == Some(&':') && chars.get(j + 1) == Some(&':') {
                *i = j + 2;
            } else {
                // `as alias` and anything else end the path.
                out.push(path);
                while *i < chars.len() && !matches!(chars[*i], ',' | '}' | ';' | '\n') {
                    if chars[*i] == '{' {
                        break;
                    }
                    *i += 1;
                }
                return;
            }
        }
    }
    let chars: Vec<char> = code[start..].chars().take(2000).collect();
    let mut out = Vec::new();
    let mut i = 0;
    tree(&chars, &mut i, Vec::new(), &mut out);
    out
}

struct Crate {
    files: BTreeMap<String, File>,
}

impl Crate {
    fn read(src: &Path) -> Crate {
        let mut paths = Vec::new();
        rust_files(src, &mut paths);
        let mut files = BTreeMap::new();
        for p in paths {
            let module = module_path(src, &p);
            // Unit-test files (`#[cfg(test)] mod tests;`) are not part of the library.
            if module.iter().any(|m| m == "tests") {
                continue;
            }
            let code = drop_tests(&strip(&std::fs::read_to_string(&p).unwrap()));
            let children = declared_children(&code);
            files.insert(
                name(&module),
                File {
                    module,
                    children,
                    code,
                },
            );
        }
        Crate { files }
    }

    fn module(&self, path: &[String]) -> Option<&File> {
        self.files.get(&name(path))
    }

    /// The file defining `path` (absolute segments, no `crate`), following `pub use` re-exports.
    fn resolve(&self, path: &[String], depth: usize) -> Option<String> {
        // The longest prefix naming a module file.
        let mut k = path.len();
        while k > 0 && self.module(&path[..k]).is_none() {
            k -= 1;
        }
        let module = &path[..k];
        let file = self.module(module)?;
        let Some(item) = path.get(k) else {
            return Some(name(module));
        };
        if depth < 4 {
            // A re-export `pub use child::…::item;` (or `{…, item, …}`) in that module.
            for line in file.code.split(';') {
                let t = line.trim();
                let Some(at) = t.find("use ") else { continue };
                if !t[..at].trim_start().starts_with("pub") {
                    continue;
                }
                for p in paths_at(t, at + 4) {
                    if p.last() == Some(item) && p.len() > 1 {
                        let target: Vec<String> = match p[0].as_str() {
                            "crate" => p[1..].to_vec(),
                            "self" => [module, &p[1..]].concat(),
                            "super" => {
                                [&module[..module.len().saturating_sub(1)], &p[1..]].concat()
                            }
                            _ => [module, &p[..]].concat(),
                        };
                        if let Some(f) = self.resolve(&target, depth + 1) {
                            return Some(f);
                        }
                    }
                }
            }
        }
        Some(name(module))
    }

    /// Edges: file → files it imports from.
    fn edges(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut graph = BTreeMap::new();
        for (fname, f) in &self.files {
            let mut targets = BTreeSet::new();
            // A parent's re-exports of its own children (`pub use child::Item;`) are its facade,
            // not a use: blank them.
            let mut body = f.code.clone();
            let mut from = 0;
            while let Some(at) = body[from..].find("use ").map(|k| k + from) {
                from = at + 4;
                if at > 0 && is_ident(body.as_bytes()[at - 1] as char) {
                    continue;
                }
                let before = body[..at].trim_end();
                let vis = if before.ends_with("pub(crate)") {
                    before.len() - "pub(crate)".len()
                } else if before.ends_with("pub") {
                    before.len() - "pub".len()
                } else {
                    continue;
                };
                let Some(end) = body[at..].find(';').map(|k| k + at + 1) else {
                    continue;
                };
                let tree = body[at + 4..end].trim_start();
                let tree = tree.strip_prefix("self::").unwrap_or(tree);
                let own = f.children.iter().any(|c| {
                    tree.starts_with(c.as_str()) && tree[c.len()..].trim_start().starts_with("::")
                });
                if own {
                    let blank = " ".repeat(end - vis);
                    body.replace_range(vis..end, &blank);
                }
            }
            let bytes = body.as_bytes();
            let here = &f.module;
            // A file's own module, and its parent (for `super`).
            let parent: Vec<String> = here[..here.len().saturating_sub(1)].to_vec();
            for (pos, _) in body.char_indices() {
                if pos > 0 && (is_ident(bytes[pos - 1] as char) || bytes[pos - 1] == b':') {
                    continue;
                }
                let rest = &body[pos..];
                let (base, skip): (Vec<String>, usize) = if rest.starts_with("crate::") {
                    (Vec::new(), 7)
                } else if rest.starts_with("super::") {
                    (parent.clone(), 7)
                } else if rest.starts_with("self::") {
                    (here.clone(), 6)
                } else if f.children.iter().any(|c| {
                    rest.starts_with(c.as_str()) && rest[c.len()..].trim_start().starts_with("::")
                }) {
                    (here.clone(), 0)
                } else {
                    continue;
                };
                for p in paths_at(&body, pos + skip) {
                    let p: Vec<String> = p.into_iter().filter(|s| s != "self").collect();
                    let full = [&base[..], &p[..]].concat();
                    if let Some(t) = self.resolve(&full, 0) {
                        if &t != fname {
                            targets.insert(t);
                        }
                    }
                }
            }
            graph.insert(fname.clone(), targets);
        }
        graph
    }
}

fn top(file: &str) -> &str {
    file.split("::").next().unwrap()
}

/// Strongly connected components with more than one file (Tarjan).
fn loops(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        t.index.insert(v, t.next);
        t.low.insert(v, t.next);
        t.next += 1;
        t.stack.push(v);
        t.on.insert(v);
        for w in t.g.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low[v];
                t.low.insert(v, lv.min(lw));
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low[v];
                t.low.insert(v, lv.min(iw));
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            loop {
                let w = t.stack.pop().unwrap();
                t.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        g: graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn report(graph: &BTreeMap<String, BTreeSet<String>>) -> (Vec<String>, Vec<Vec<String>>) {
    let mut problems = Vec::new();
    for (from, tos) in graph {
        let Some(lf) = layer_of(top(from)) else {
            problems.push(format!("{from}: module `{}` is in no layer", top(from)));
            continue;
        };
        for to in tos {
            let Some(lt) = layer_of(top(to)) else {
                continue;
            };
            if lt > lf {
                problems.push(format!(
                    "{from} imports {to}: up from layer {} to layer {}",
                    lf + 1,
                    lt + 1
                ));
            }
        }
    }
    (problems, loops(graph))
}

#[test]
fn no_loop_and_no_upward_import() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let krate = Crate::read(&src);
    let graph = krate.edges();
    if std::env::var_os("SCRY_IMPORTS").is_some() {
        for (from, tos) in &graph {
            let tos: Vec<&str> = tos.iter().map(String::as_str).collect();
            println!("{from} -> {}", tos.join(", "));
        }
    }
    let (mut problems, cycles) = report(&graph);
    for c in &cycles {
        problems.push(format!("import loop: {}", c.join(" <-> ")));
    }
    for p in &problems {
        println!("{p}");
    }
    assert!(problems.is_empty(), "{} layering problems", problems.len());
}

/// The checker itself finds what it is for.
#[test]
fn the_checker_sees_loops_and_upward_imports() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("index")).unwrap();
    std::fs::write(
        src.join("lib.rs"),
        "pub mod index; pub mod query; mod json;",
    )
    .unwrap();
    std::fs::write(
        src.join("index/mod.rs"),
        "mod reader;\npub use reader::Index;\npub struct Outcome;",
    )
    .unwrap();
    std::fs::write(
        src.join("index/reader.rs"),
        "// use crate::json::nothing;\nuse crate::query::{self, expand::Walk};\nconst S: &str = \"crate::json\";\npub struct Index;\n#[cfg(test)]\nmod tests { use crate::json::x; }",
    )
    .unwrap();
    std::fs::create_dir_all(src.join("query")).unwrap();
    std::fs::write(
        src.join("query/mod.rs"),
        "pub mod expand;\nuse crate::index::{Index, Outcome};",
    )
    .unwrap();
    std::fs::write(src.join("query/expand.rs"), "pub struct Walk;").unwrap();
    std::fs::write(src.join("json.rs"), "").unwrap();
    let graph = Crate::read(src).edges();
    let edges = |f: &str| graph[f].iter().cloned().collect::<Vec<_>>();
    assert_eq!(edges("index::reader"), ["query", "query::expand"]);
    assert_eq!(edges("query"), ["index", "index::reader"]);
    assert!(
        edges("index").is_empty(),
        "a facade's re-export is not a use"
    );
    let (problems, cycles) = report(&graph);
    assert_eq!(
        problems,
        [
            "index::reader imports query: up from layer 4 to layer 5",
            "index::reader imports query::expand: up from layer 4 to layer 5"
        ]
    );
    assert_eq!(
        cycles,
        [vec!["index::reader".to_string(), "query".to_string()]]
    );
}

/// The CLI crate has no layer table, but no loop either.
#[test]
fn cli_crate_has_no_loop() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("build-index/src");
    let graph = Crate::read(&src).edges();
    if std::env::var_os("SCRY_IMPORTS").is_some() {
        for (from, tos) in &graph {
            let tos: Vec<&str> = tos.iter().map(String::as_str).collect();
            println!("{from} -> {}", tos.join(", "));
        }
    }
    let cycles = loops(&graph);
    for c in &cycles {
        println!("import loop: {}", c.join(" <-> "));
    }
    assert!(cycles.is_empty(), "{} import loops", cycles.len());
}
