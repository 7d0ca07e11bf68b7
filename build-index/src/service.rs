//! `scry service`: how the Node and Python APIs drive this binary, so that they and the command line
//! can never disagree (one implementation, three ways in).
//!
//! One process holds one index. Requests are JSON objects, one per line on stdin; each gets exactly
//! one JSON line on stdout, in order, echoing its `id`:
//!
//! ```text
//! → {"id":1,"op":"create","config":{"weights":{"title":8}}}     (or "configFile":"scry.toml")
//! ← {"id":1,"errors":[]}
//! → {"id":2,"op":"addDirectory","path":"public","glob":"**/*.html"}
//! ← {"id":2,"errors":[],"pageCount":12}
//! → {"id":3,"op":"addHTMLFile","url":"/extra/","content":"<html>…"}
//! → {"id":4,"op":"addRecord","record":{"id":"a1","title":"…"}}    (an index of records instead)
//! → {"id":5,"op":"writeFiles","outputPath":"public/scry"}
//! ← {"id":5,"errors":[],"outputPath":"…","documents":13,"files":40,"bytes":123456}
//! → {"id":6,"op":"getFiles"}
//! ← {"id":6,"errors":[],"files":[{"path":"manifest.bin","content":"<base64>"}…]}
//! → {"id":7,"op":"close"}
//! ```
//!
//! Errors are values: a bad input, a bad option or a failed write answers `errors: ["…"]` naming the
//! input, and the process goes on. The builds themselves are [`crate::run::build_with`], as on the
//! command line: an index from one folder is built from that folder; pages from several folders or
//! given as text are first laid out in a temporary site folder; records are written to a temporary
//! JSON Lines file in the order they were added (so `record N` in a warning is the Nth added).

use std::io::{BufRead, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result};
use serde_json::{json, Map, Value};

use crate::cli::BuildArgs;
use crate::config::Config;
use crate::console::Console;
use crate::records::kind;
use crate::run::build_with;

/// Reads requests from stdin until `close` or the end of input.
pub fn run() -> Result<()> {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    let mut service = Service::default();
    for line in stdin.lock().lines() {
        let line = line.context("reading a request")?;
        if line.trim().is_empty() {
            continue;
        }
        let (reply, done) = match serde_json::from_str::<Value>(&line) {
            Ok(Value::Object(req)) => service.handle(&req),
            Ok(_) | Err(_) => (
                json!({"id": null, "errors": ["scry service: a request is one JSON object per line"]}),
                false,
            ),
        };
        writeln!(stdout, "{reply}").context("writing a reply")?;
        stdout.flush().context("writing a reply")?;
        if done {
            break;
        }
    }
    Ok(())
}

/// What an index has been given so far.
#[derive(Default)]
struct Service {
    config: Option<Config>,
    /// Folders, each with its page glob (None: the configured include globs).
    dirs: Vec<(PathBuf, Option<String>)>,
    /// Pages given as text: (path in the site, content, how the caller named it).
    pages: Vec<(String, String, String)>,
    /// Records, serialized as JSON Lines.
    records: Vec<String>,
}

type Reply = Map<String, Value>;

fn err(msg: impl Into<String>) -> Result<Reply, String> {
    Err(msg.into())
}

impl Service {
    fn handle(&mut self, req: &Map<String, Value>) -> (Value, bool) {
        let id = req.get("id").cloned().unwrap_or(Value::Null);
        let op = req.get("op").and_then(Value::as_str).unwrap_or("");
        let result = match op {
            "create" => self.create(req),
            "addDirectory" => self.add_directory(req),
            "addHTMLFile" => self.add_html_file(req),
            "addRecord" => self.add_record(req),
            "writeFiles" => self.write_files(req),
            "getFiles" => self.get_files(),
            "close" => Ok(Reply::new()),
            "" => err("scry service: a request needs \"op\""),
            other => err(format!("scry service: unknown op {other:?}")),
        };
        let mut reply = match result {
            Ok(r) => r,
            Err(e) => {
                let mut r = Reply::new();
                r.insert("errors".into(), json!([e]));
                r
            }
        };
        reply.entry("errors").or_insert_with(|| json!([]));
        reply.insert("id".into(), id);
        (Value::Object(reply), op == "close")
    }

    fn config(&self) -> Config {
        self.config.clone().unwrap_or_default()
    }

    fn create(&mut self, req: &Map<String, Value>) -> Result<Reply, String> {
        let config = match (req.get("config"), req.get("configFile")) {
            (Some(c), Some(f)) if !c.is_null() && !f.is_null() => {
                return err("createIndex: give config or configFile, not both")
            }
            (Some(c), _) if !c.is_null() => {
                if !c.is_object() {
                    return err("createIndex: config must be an object (the keys of scry.toml)");
                }
                let config: Config = serde_json::from_value(c.clone())
                    .map_err(|e| format!("createIndex: config: {e}"))?;
                config
                    .check()
                    .map_err(|e| format!("createIndex: config: {e:#}"))?;
                config
            }
            (_, Some(f)) if !f.is_null() => {
                let path = f
                    .as_str()
                    .ok_or("createIndex: configFile must be a path (a string)")?;
                Config::load(Path::new(path)).map_err(|e| format!("createIndex: {e:#}"))?
            }
            _ => Config::default(),
        };
        *self = Service {
            config: Some(config),
            ..Service::default()
        };
        Ok(Reply::new())
    }

    fn add_directory(&mut self, req: &Map<String, Value>) -> Result<Reply, String> {
        let path = req
            .get("path")
            .and_then(Value::as_str)
            .ok_or("addDirectory: path must be a folder's path (a string)")?;
        let glob = match req.get("glob") {
            None | Some(Value::Null) => None,
            Some(Value::String(g)) => {
                globset::Glob::new(g).map_err(|e| format!("addDirectory: glob {g:?}: {e}"))?;
                Some(g.clone())
            }
            Some(_) => return err("addDirectory: glob must be a string"),
        };
        if !self.records.is_empty() {
            return err(mixed());
        }
        let dir = PathBuf::from(path);
        if !dir.is_dir() {
            return err(format!("addDirectory: {path} is not a folder"));
        }
        let console = Console::capturing();
        let site = self.site_config(&glob);
        let pages = crate::site::find_pages(&dir, &site, &[], &console)
            .map_err(|e| format!("addDirectory: {path}: {e:#}"))?;
        if pages.is_empty() {
            return err(format!(
                "addDirectory: no page under {path} matches {}",
                glob.as_deref()
                    .map(|g| format!("{g:?}"))
                    .unwrap_or_else(|| format!("{:?}", site.include))
            ));
        }
        self.dirs.push((dir, glob));
        let mut r = Reply::new();
        r.insert("pageCount".into(), json!(pages.len()));
        Ok(r)
    }

    fn site_config(&self, glob: &Option<String>) -> crate::config::SiteConfig {
        let mut site = self.config().site;
        if let Some(g) = glob {
            site.include = vec![g.clone()];
        }
        site
    }

    fn add_html_file(&mut self, req: &Map<String, Value>) -> Result<Reply, String> {
        let content = match req.get("content") {
            Some(Value::String(s)) => s.clone(),
            _ => return err("addHTMLFile: content must be the page's HTML (a string)"),
        };
        let str_of = |k: &str| match req.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("addHTMLFile: {k} must be a string")),
        };
        let (rel, name) = match (str_of("sourcePath")?, str_of("url")?) {
            (Some(p), _) => (site_path_of_file(&p)?, p),
            (None, Some(u)) => (site_path_of_url(&u)?, u),
            (None, None) => return err("addHTMLFile: give url (\"/guide/\") or sourcePath"),
        };
        if !self.records.is_empty() {
            return err(mixed());
        }
        if let Some(i) = self.pages.iter().position(|(r, _, _)| *r == rel) {
            self.pages.remove(i);
        }
        self.pages.push((rel.clone(), content, name));
        let mut r = Reply::new();
        r.insert("path".into(), json!(rel));
        Ok(r)
    }

    fn add_record(&mut self, req: &Map<String, Value>) -> Result<Reply, String> {
        let n = self.records.len() + 1;
        let record = match req.get("record") {
            Some(Value::Object(m)) => m,
            Some(other) => {
                return err(format!(
                    "addRecord: record {n} must be an object, not {}",
                    kind(other)
                ))
            }
            None => return err("addRecord: give the record as {record: {...}}"),
        };
        if !self.dirs.is_empty() || !self.pages.is_empty() {
            return err(mixed());
        }
        let config = self.config();
        let rc = &config.records;
        let id_field = rc.id.clone().unwrap_or_else(|| "id".into());
        match record.get(&id_field) {
            Some(Value::String(s)) if !s.trim().is_empty() => {}
            Some(Value::Number(_)) => {}
            Some(other) => {
                return err(format!(
                "addRecord: record {n}: {id_field:?} (its id) must be a string or a number, not {}",
                kind(other)
            ))
            }
            None if rc.id.is_none()
                && (record.contains_key("slug") || record.contains_key("key")) => {}
            None => {
                return err(format!(
                    "addRecord: record {n} has no {id_field:?} field (its unique id{})",
                    if rc.id.is_none() {
                        "; set records.id in the config to use another field"
                    } else {
                        ", from records.id"
                    }
                ))
            }
        }
        for (what, field) in [("title", &rc.title), ("url", &rc.url)] {
            let Some(f) = field else { continue };
            if f.contains('{') {
                continue;
            }
            if let Some(v) = record.get(f) {
                if !v.is_string() && !v.is_null() {
                    return err(format!(
                        "addRecord: record {n}: {f:?} (its {what}) must be a string, not {}",
                        kind(v)
                    ));
                }
            }
        }
        if rc.title.is_none() && rc.title_from.is_none() {
            if let Some(v) = record.get("title") {
                if !v.is_string() && !v.is_null() {
                    return err(format!(
                        "addRecord: record {n}: \"title\" must be a string, not {}",
                        kind(v)
                    ));
                }
            }
        }
        self.records
            .push(serde_json::to_string(record).map_err(|e| e.to_string())?);
        let mut r = Reply::new();
        r.insert("recordCount".into(), json!(n));
        Ok(r)
    }

    fn write_files(&mut self, req: &Map<String, Value>) -> Result<Reply, String> {
        let out = match req.get("outputPath") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if !s.is_empty() => Some(PathBuf::from(s)),
            Some(_) => return err("writeFiles: outputPath must be a folder's path (a string)"),
        };
        let out = match out {
            Some(o) => o,
            None if self.pages.is_empty() && self.dirs.len() == 1 => self.dirs[0].0.join("scry"),
            None => {
                return err("writeFiles: give outputPath (the index goes into a folder of its own)")
            }
        };
        self.build(&out, "writeFiles")
    }

    fn get_files(&mut self) -> Result<Reply, String> {
        let tmp = Scratch::new().map_err(|e| format!("getFiles: {e:#}"))?;
        let out = tmp.path.join("out");
        let mut reply = self.build(&out, "getFiles")?;
        let mut files = Vec::new();
        list_files(&out, &out, &mut files).map_err(|e| format!("getFiles: {e:#}"))?;
        files.sort();
        let mut list = Vec::new();
        for rel in files {
            let bytes = std::fs::read(out.join(&rel))
                .map_err(|e| format!("getFiles: cannot read {rel}: {e}"))?;
            list.push(json!({"path": rel, "content": base64(&bytes)}));
        }
        reply.remove("outputPath");
        reply.insert("files".into(), Value::Array(list));
        Ok(reply)
    }

    /// Builds into `out` through the command line's own build.
    fn build(&self, out: &Path, what: &str) -> Result<Reply, String> {
        let mut config = self.config();
        let console = Console::capturing();
        let scratch = Scratch::new().map_err(|e| format!("{what}: {e:#}"))?;
        let mut labels: Vec<(String, String)> = Vec::new();
        let mut args = BuildArgs {
            site: None,
            records: None,
            out: Some(out.to_path_buf()),
            config: None,
            serve: false,
            port: None,
            jobs: None,
            watch: false,
        };
        if !self.records.is_empty() {
            let file = scratch.path.join("records.jsonl");
            let mut text = self.records.join("\n");
            text.push('\n');
            std::fs::write(&file, text).map_err(|e| format!("{what}: {e}"))?;
            labels.push((format!("{}:", file.display()), "record ".into()));
            args.records = Some(file);
        } else if self.pages.is_empty() && self.dirs.len() == 1 {
            let (dir, glob) = &self.dirs[0];
            config.site = self.site_config(glob);
            args.site = Some(dir.clone());
        } else if !self.pages.is_empty() || !self.dirs.is_empty() {
            let site = scratch.path.join("site");
            self.lay_out(&site, &config, &mut labels)
                .map_err(|e| format!("{what}: {e:#}"))?;
            config.site.include = vec!["**/*".into()];
            args.site = Some(site);
        } else {
            return err(format!(
                "{what}: nothing to index: add pages (addDirectory, addHTMLFile) or records (addRecord)"
            ));
        }
        let built = build_with(&args, &config, &console);
        let mut errors: Vec<String> = console
            .take_warnings()
            .into_iter()
            .map(|w| relabel(&w, &labels))
            .collect();
        match built {
            Ok(Some(b)) => {
                let mut r = Reply::new();
                r.insert("errors".into(), json!(errors));
                r.insert(
                    "outputPath".into(),
                    json!(std::path::absolute(&b.out)
                        .unwrap_or(b.out)
                        .display()
                        .to_string()),
                );
                r.insert("documents".into(), json!(b.stats.documents));
                r.insert("files".into(), json!(b.files));
                r.insert("bytes".into(), json!(b.bytes));
                Ok(r)
            }
            Ok(None) => {
                errors.push(format!(
                    "{what}: nothing usable to index (see the other errors); {} is left as it was",
                    out.display()
                ));
                Err(errors.join("\n"))
            }
            Err(e) => {
                errors.push(format!("{what}: {}", relabel(&format!("{e:#}"), &labels)));
                Err(errors.join("\n"))
            }
        }
    }

    /// Copies the pages of every folder, then the pages given as text, into one site folder.
    fn lay_out(
        &self,
        site: &Path,
        config: &Config,
        labels: &mut Vec<(String, String)>,
    ) -> Result<()> {
        let console = Console::capturing();
        for (dir, glob) in &self.dirs {
            let sc = self.site_config(glob);
            let _ = config;
            for rel in crate::site::find_pages(dir, &sc, &[], &console)? {
                let to = site.join(&rel);
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::copy(dir.join(&rel), &to)
                    .with_context(|| format!("cannot copy {}", dir.join(&rel).display()))?;
                labels.push((
                    format!("{}", to.display()),
                    format!("{}", dir.join(&rel).display()),
                ));
            }
        }
        for (rel, content, name) in &self.pages {
            let to = site.join(rel);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&to, content)?;
            labels.push((format!("{}", to.display()), format!("addHTMLFile {name}")));
        }
        Ok(())
    }
}

fn mixed() -> String {
    "an index holds either pages (addDirectory, addHTMLFile) or records (addRecord), not both: \
     create another index for the other"
        .into()
}

/// Puts back the caller's names for temporary paths in a message (the longest match first).
fn relabel(msg: &str, labels: &[(String, String)]) -> String {
    let mut best: Option<&(String, String)> = None;
    for l in labels {
        if msg.contains(&l.0) && best.is_none_or(|b| l.0.len() > b.0.len()) {
            best = Some(l);
        }
    }
    match best {
        Some((from, to)) => msg.replace(from.as_str(), to),
        None => msg.to_string(),
    }
}

/// `/guide/` → `guide/index.html`, `/a/b.html` → `a/b.html`.
fn site_path_of_url(url: &str) -> Result<String, String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return err_s(format!(
            "addHTMLFile: url {url:?} must be a path on the site, starting with /"
        ));
    }
    let trimmed = path.trim_start_matches('/');
    let rel = if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else if trimmed.ends_with(".html") || trimmed.ends_with(".htm") {
        trimmed.to_string()
    } else {
        format!("{trimmed}/index.html")
    };
    checked(&rel, "url", url)
}

/// A relative file path in the site (`guide/index.html`).
fn site_path_of_file(p: &str) -> Result<String, String> {
    let rel = p.trim_start_matches("./").replace('\\', "/");
    if !(rel.ends_with(".html") || rel.ends_with(".htm")) {
        return err_s(format!(
            "addHTMLFile: sourcePath {p:?} must name an .html file"
        ));
    }
    checked(&rel, "sourcePath", p)
}

fn checked(rel: &str, key: &str, given: &str) -> Result<String, String> {
    let ok = !rel.is_empty()
        && !rel.contains('\0')
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(rel.to_string())
    } else {
        err_s(format!(
            "addHTMLFile: {key} {given:?} must stay inside the site (no .., no absolute path)"
        ))
    }
}

fn err_s(msg: String) -> Result<String, String> {
    Err(msg)
}

fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            list_files(root, &path, out)?;
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
    }
    Ok(())
}

/// A temporary folder, removed when dropped.
struct Scratch {
    path: PathBuf,
}

impl Scratch {
    fn new() -> Result<Scratch> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "scry-service-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path)
            .with_context(|| format!("cannot make a temporary folder {}", path.display()))?;
        Ok(Scratch { path })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                s.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn page_urls_become_paths_inside_the_site() {
        assert_eq!(site_path_of_url("/").unwrap(), "index.html");
        assert_eq!(site_path_of_url("/guide/").unwrap(), "guide/index.html");
        assert_eq!(site_path_of_url("/guide").unwrap(), "guide/index.html");
        assert_eq!(site_path_of_url("/a/b.html?x#y").unwrap(), "a/b.html");
        assert!(site_path_of_url("guide/").is_err());
        assert!(site_path_of_url("/../etc/").is_err());
        assert!(site_path_of_file("../x.html").is_err());
        assert!(site_path_of_file("a/x.txt").is_err());
        assert_eq!(site_path_of_file("./a/x.html").unwrap(), "a/x.html");
    }

    #[test]
    fn messages_name_the_callers_inputs() {
        let labels = vec![("/tmp/s/records.jsonl:".to_string(), "record ".to_string())];
        assert_eq!(
            relabel("/tmp/s/records.jsonl:3: no id", &labels),
            "record 3: no id"
        );
    }
}
