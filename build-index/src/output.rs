//! Writing the output folder so that a reader never sees a half-written index.
//!
//! Everything is written into a temporary folder next to the output (`.NAME.tmp-PID`, on the same
//! file system), which is swapped in only when complete: on Linux with one atomic `renameat2`
//! exchange, elsewhere with two renames. A failed build removes its temporary folder; a killed one
//! leaves it behind, and the next build removes it (if the process that made it is gone). The
//! previous output stays in place, and served, until the swap.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The index's entry point; an existing folder without it is not replaced.
pub use scry::format::MANIFEST;

/// Files queued for the writer thread.
const QUEUE: usize = 64;

/// Writes files on its own thread, so the builder's compression and the file system overlap.
struct Writer {
    tx: Option<std::sync::mpsc::SyncSender<(PathBuf, Vec<u8>)>>,
    handle: Option<std::thread::JoinHandle<io::Result<()>>>,
}

impl Writer {
    fn new() -> Writer {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(PathBuf, Vec<u8>)>(QUEUE);
        let handle = std::thread::spawn(move || -> io::Result<()> {
            for (path, bytes) in rx {
                fs::write(&path, &bytes)
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            }
            Ok(())
        });
        Writer {
            tx: Some(tx),
            handle: Some(handle),
        }
    }

    fn send(&mut self, path: PathBuf, bytes: Vec<u8>) -> io::Result<()> {
        let sent = self
            .tx
            .as_ref()
            .is_some_and(|tx| tx.send((path, bytes)).is_ok());
        if sent {
            Ok(())
        } else {
            // The thread stopped: report why.
            self.finish()?;
            Err(io::Error::other("the file writer stopped"))
        }
    }

    /// Waits for every queued file; the first error, if any.
    fn finish(&mut self) -> io::Result<()> {
        self.tx.take();
        match self.handle.take() {
            Some(h) => h
                .join()
                .map_err(|_| io::Error::other("the file writer panicked"))?,
            None => Ok(()),
        }
    }
}

/// The output folder being written: files go into a temporary folder, swapped in by
/// [`OutputFolder::commit`] (removed instead when dropped uncommitted).
pub struct OutputFolder {
    out: PathBuf,
    tmp: PathBuf,
    committed: bool,
    writer: Writer,
    names: std::collections::HashSet<String>,
    /// Files written.
    pub files: u64,
    /// Bytes written.
    pub bytes: u64,
}

impl OutputFolder {
    /// Prepares to write `out`: checks that it may be replaced, removes stale temporary folders of
    /// earlier builds, and creates a fresh temporary folder.
    pub fn begin(out: &Path) -> Result<OutputFolder> {
        let out = absolute(out)?;
        let name = out
            .file_name()
            .and_then(|n| n.to_str())
            .with_context(|| format!("{} cannot be an output folder", out.display()))?
            .to_string();
        if out.is_file() {
            bail!("{} is a file; the output must be a folder", out.display());
        }
        if out.is_dir() && !out.join(MANIFEST).is_file() && fs::read_dir(&out)?.next().is_some() {
            bail!(
                "refusing to replace {}: it is not empty and holds no scry index (no {MANIFEST}); \
                 choose another --out, or empty it first",
                out.display()
            );
        }
        let parent = out
            .parent()
            .context("the output folder has no parent")?
            .to_path_buf();
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        clean_stale(&parent, &name, &out);
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).with_context(|| format!("cannot remove {}", tmp.display()))?;
        }
        fs::create_dir(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        Ok(OutputFolder {
            out,
            tmp,
            committed: false,
            writer: Writer::new(),
            names: Default::default(),
            files: 0,
            bytes: 0,
        })
    }

    /// The final folder.
    pub fn path(&self) -> &Path {
        &self.out
    }

    /// The temporary folder being written.
    pub fn temp_path(&self) -> &Path {
        &self.tmp
    }

    /// Writes one file (`name` relative, `/`-separated, no `..`).
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let bad = name.is_empty()
            || name.starts_with('/')
            || name.contains('\\')
            || name
                .split('/')
                .any(|p| p.is_empty() || p == "." || p == "..");
        if bad {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("bad output file name {name:?}"),
            ));
        }
        let path = self.tmp.join(name);
        if let Some(dir) = path.parent() {
            if dir != self.tmp {
                fs::create_dir_all(dir)?;
            }
        }
        if !self.names.insert(name.to_string()) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{name} written twice"),
            ));
        }
        self.writer.send(path, bytes.to_vec())?;
        self.files += 1;
        self.bytes += bytes.len() as u64;
        Ok(())
    }

    /// Copies the embedded browser assets; returns how many (the build fails to compile without
    /// them: see build.rs). Index files of the same name win.
    pub fn write_assets(&mut self) -> Result<usize> {
        let mut n = 0;
        for (name, bytes) in ASSETS {
            if self.names.contains(*name) {
                continue;
            }
            self.write(name, bytes)
                .with_context(|| format!("cannot write {name}"))?;
            n += 1;
        }
        Ok(n)
    }

    /// Waits until every file written so far is on disk (or failed).
    pub fn flush(&mut self) -> Result<()> {
        self.writer
            .finish()
            .context("cannot write the index files")?;
        self.writer = Writer::new();
        Ok(())
    }

    /// Swaps the finished folder in.
    pub fn commit(mut self) -> Result<()> {
        self.writer
            .finish()
            .context("cannot write the index files")?;
        swap(&self.tmp, &self.out)
            .with_context(|| format!("cannot move the new index into {}", self.out.display()))?;
        self.committed = true;
        // After an exchange the old output sits at the temporary path.
        if self.tmp.exists() {
            let _ = fs::remove_dir_all(&self.tmp);
        }
        Ok(())
    }
}

impl Drop for OutputFolder {
    fn drop(&mut self) {
        let _ = self.writer.finish();
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

fn absolute(p: &Path) -> Result<PathBuf> {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()?.join(p)
    };
    // Resolve `.` and `..` lexically, so that `out/..` has a usable name and parent.
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    Ok(out)
}

#[cfg(target_os = "linux")]
fn swap(tmp: &Path, out: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    if !out.exists() {
        return fs::rename(tmp, out);
    }
    match renameat_with(CWD, tmp, CWD, out, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        // File systems without RENAME_EXCHANGE: two renames.
        Err(_) => swap_by_renames(tmp, out),
    }
}

#[cfg(not(target_os = "linux"))]
fn swap(tmp: &Path, out: &Path) -> io::Result<()> {
    if !out.exists() {
        return fs::rename(tmp, out);
    }
    swap_by_renames(tmp, out)
}

fn swap_by_renames(tmp: &Path, out: &Path) -> io::Result<()> {
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let old = out.with_file_name(format!(".{name}.old-{}", std::process::id()));
    fs::rename(out, &old)?;
    if let Err(e) = fs::rename(tmp, out) {
        let _ = fs::rename(&old, out);
        return Err(e);
    }
    // Leave the old folder where `commit` cleans up.
    fs::rename(&old, tmp).or_else(|_| fs::remove_dir_all(&old))
}

/// Removes temporary folders of builds that are no longer running, and puts back an old output that
/// a build killed between its two renames left aside.
fn clean_stale(parent: &Path, name: &str, out: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let tmp_prefix = format!(".{name}.tmp-");
    let old_prefix = format!(".{name}.old-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else {
            continue;
        };
        let (is_old, pid) = if let Some(pid) = n.strip_prefix(&tmp_prefix) {
            (false, pid)
        } else if let Some(pid) = n.strip_prefix(&old_prefix) {
            (true, pid)
        } else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && process_alive(pid) {
            continue;
        }
        if is_old && !out.exists() {
            let _ = fs::rename(entry.path(), out);
        } else {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32) -> bool {
    // Without a cheap check, assume a build that left a folder behind is gone.
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_in_and_keeps_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("idx");
        let mut o = OutputFolder::begin(&out).unwrap();
        o.write(MANIFEST, b"one").unwrap();
        o.write("sub/x.bin", b"x").unwrap();
        assert!(o.write("../evil", b"x").is_err());
        o.commit().unwrap();
        assert_eq!(fs::read(out.join(MANIFEST)).unwrap(), b"one");

        let mut o = OutputFolder::begin(&out).unwrap();
        o.write(MANIFEST, b"two").unwrap();
        // Not committed: the old output stays.
        drop(o);
        assert_eq!(fs::read(out.join(MANIFEST)).unwrap(), b"one");

        let mut o = OutputFolder::begin(&out).unwrap();
        o.write(MANIFEST, b"three").unwrap();
        o.commit().unwrap();
        assert_eq!(fs::read(out.join(MANIFEST)).unwrap(), b"three");
        assert!(!out.join("sub").exists());
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("idx")]);
    }

    #[test]
    fn refuses_to_replace_a_folder_that_is_not_an_index() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("index.html"), "hi").unwrap();
        let e = OutputFolder::begin(dir.path()).err().unwrap();
        assert!(e.to_string().contains("refusing"), "{e}");
    }

    #[test]
    fn stale_temporary_folders_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".idx.tmp-999999999");
        fs::create_dir(&stale).unwrap();
        let o = OutputFolder::begin(&dir.path().join("idx")).unwrap();
        assert!(!stale.exists());
        drop(o);
    }
}
