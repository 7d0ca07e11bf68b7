//! `--watch`: rebuild the index whenever its input changes.
//!
//! The input is polled (every [`POLL`]) rather than watched through the OS's notification API: it
//! works the same on every system and file system (network mounts, containers, editors that save by
//! renaming), costs no dependency, and a site's file list is cheap to stat. What is compared is a
//! fingerprint of every file's path, size and modification time; the index's own output folder and
//! hidden entries (where the next index is written before its swap) are left out, so a build never
//! triggers the next one. A change starts a rebuild only once the input has been quiet for
//! [`QUIET`], so a generator rewriting a thousand pages causes one rebuild, not a thousand.
//!
//! Each rebuild is an ordinary build: written beside the output and swapped in whole, so the served
//! folder always holds a complete index; a rebuild that fails (a broken `scry.toml`, no pages left)
//! says why and leaves the last good index in place.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::cli::BuildArgs;
use crate::console::Console;
use crate::run;

/// How often the input is looked at.
pub const POLL: Duration = Duration::from_millis(400);
/// How long the input must stay unchanged before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(300);

/// Builds, serves (with `--serve`) and rebuilds on every change until the process ends.
pub fn run(args: &BuildArgs, console: &Arc<Console>) -> Result<()> {
    let out = run::output_folder(args)?;
    let watched = Watched {
        site: args.site.clone(),
        records: args.records.clone(),
        config: run::config_path(args.config.as_deref()),
        out: std::path::absolute(&out).unwrap_or(out),
    };
    let mut seen = watched.fingerprint();
    let first = run::build_once(args, console);
    report(&first, console);
    if args.serve {
        let root = run::serve_root(args)?;
        if !root.is_dir() {
            std::fs::create_dir_all(&root)?;
        }
        let port = args.port;
        let console = console.clone();
        std::thread::spawn(move || {
            if let Err(e) = run::serve_folder(&root, port, &console) {
                eprintln!("error: {e:#}");
                std::process::exit(1);
            }
        });
    }
    console.info(format!(
        "Watching {} for changes (Ctrl-C to stop)",
        watched.describe()
    ));
    loop {
        std::thread::sleep(POLL);
        let now = watched.fingerprint();
        if now == seen {
            continue;
        }
        // Wait for the writer to finish: the input must stay unchanged for QUIET.
        let mut last = now;
        let mut stable_since = Instant::now();
        while stable_since.elapsed() < QUIET {
            std::thread::sleep(QUIET / 3);
            let again = watched.fingerprint();
            if again != last {
                last = again;
                stable_since = Instant::now();
            }
        }
        seen = last;
        console.info("Change seen: rebuilding…");
        // A fresh console: warnings are counted per build.
        let fresh = Console::new(console.verbosity());
        let result = run::build_once(args, &fresh);
        report(&result, &fresh);
    }
}

fn report(result: &Result<Option<run::Built>>, console: &Console) {
    match result {
        Ok(Some(_)) => {}
        Ok(None) => console.warn_general("the rebuild made no index; the last one is still served"),
        Err(e) => {
            console.clear_progress();
            eprintln!("error: {e:#}");
            console.warn_general("the rebuild failed; the last index is still served");
        }
    }
}

/// What a build reads.
struct Watched {
    site: Option<PathBuf>,
    records: Option<PathBuf>,
    config: Option<PathBuf>,
    /// The output folder (absolute), never watched.
    out: PathBuf,
}

impl Watched {
    fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for p in [&self.site, &self.records, &self.config]
            .into_iter()
            .flatten()
        {
            parts.push(p.display().to_string());
        }
        parts.join(" and ")
    }

    /// A hash of every watched file's path, size and modification time.
    fn fingerprint(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for file in [&self.records, &self.config].into_iter().flatten() {
            stamp(file, &mut h);
        }
        // A config that appears later (./scry.toml) counts too.
        Path::new("scry.toml").is_file().hash(&mut h);
        if let Some(site) = &self.site {
            let walker = walkdir::WalkDir::new(site)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    let hidden =
                        e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'));
                    let output = e.file_type().is_dir()
                        && std::path::absolute(e.path()).is_ok_and(|p| p == self.out);
                    !hidden && !output
                });
            for entry in walker.flatten() {
                if entry.file_type().is_file() {
                    stamp(entry.path(), &mut h);
                }
            }
        }
        h.finish()
    }
}

fn stamp(path: &Path, h: &mut impl Hasher) {
    path.hash(h);
    if let Ok(m) = std::fs::metadata(path) {
        m.len().hash(h);
        m.modified().ok().hash(h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_folder_and_hidden_files_do_not_change_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("scry")).unwrap();
        std::fs::write(site.join("a.html"), "a").unwrap();
        let w = Watched {
            site: Some(site.clone()),
            records: None,
            config: None,
            out: std::path::absolute(site.join("scry")).unwrap(),
        };
        let before = w.fingerprint();
        std::fs::write(site.join("scry/manifest.bin"), "x").unwrap();
        std::fs::create_dir_all(site.join(".scry.tmp-1")).unwrap();
        std::fs::write(site.join(".scry.tmp-1/t-1.bin"), "x").unwrap();
        assert_eq!(w.fingerprint(), before);
        std::fs::write(site.join("b.html"), "b").unwrap();
        let added = w.fingerprint();
        assert_ne!(added, before);
        std::fs::write(site.join("b.html"), "bb").unwrap();
        assert_ne!(w.fingerprint(), added);
    }
}
