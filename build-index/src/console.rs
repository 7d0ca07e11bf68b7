//! What a person sees on stderr: a progress line, warnings naming the file (and line), a summary.
//!
//! The progress line is redrawn in place only on a terminal (or, with `--verbose`, printed as plain
//! lines every few seconds); warnings clear it first so the two never interleave.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Warnings printed in full before the rest are only counted (unless `--verbose`).
const WARNING_LIMIT: u64 = 100;

/// How chatty to be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Verbosity {
    /// Errors and warnings only.
    Quiet,
    /// Warnings, the summary, a progress line on a terminal.
    #[default]
    Normal,
    /// Everything, including every warning and progress lines when not on a terminal.
    Verbose,
}

/// The shared stderr writer.
pub struct Console {
    verbosity: Verbosity,
    tty: bool,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    progress_shown: bool,
    warnings: u64,
    by_kind: BTreeMap<&'static str, u64>,
    /// With [`Console::capturing`]: every warning, kept instead of printed.
    captured: Option<Vec<String>>,
}

impl Console {
    /// A console writing to stderr.
    pub fn new(verbosity: Verbosity) -> Arc<Console> {
        Arc::new(Console {
            verbosity,
            tty: std::io::stderr().is_terminal(),
            inner: Mutex::new(Inner::default()),
        })
    }

    /// A console that prints nothing and keeps every warning (`file: message`) for
    /// [`Console::take_warnings`]: the `scry service` mode returns them as values.
    pub fn capturing() -> Arc<Console> {
        Arc::new(Console {
            verbosity: Verbosity::Quiet,
            tty: false,
            inner: Mutex::new(Inner {
                captured: Some(Vec::new()),
                ..Inner::default()
            }),
        })
    }

    /// The warnings kept so far by a capturing console (empty for others), and forgets them.
    pub fn take_warnings(&self) -> Vec<String> {
        let mut inner = self.lock();
        inner.warnings = 0;
        inner.by_kind.clear();
        inner
            .captured
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// The verbosity.
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn clear(&self, inner: &mut Inner, err: &mut impl Write) {
        if inner.progress_shown {
            let _ = write!(err, "\r\x1b[2K");
            inner.progress_shown = false;
        }
    }

    /// A line for people, unless `--quiet`.
    pub fn info(&self, msg: impl AsRef<str>) {
        if self.verbosity == Verbosity::Quiet {
            return;
        }
        let mut inner = self.lock();
        let mut err = std::io::stderr().lock();
        self.clear(&mut inner, &mut err);
        let _ = writeln!(err, "{}", msg.as_ref());
    }

    /// A line only with `--verbose`.
    pub fn detail(&self, msg: impl AsRef<str>) {
        if self.verbosity == Verbosity::Verbose {
            self.info(msg);
        }
    }

    /// A warning about one input (`location` is `file` or `file:line`), counted by `kind`.
    pub fn warn(&self, kind: &'static str, location: &str, msg: impl AsRef<str>) {
        let mut inner = self.lock();
        inner.warnings += 1;
        *inner.by_kind.entry(kind).or_default() += 1;
        let n = inner.warnings;
        if let Some(kept) = &mut inner.captured {
            kept.push(format!("{location}: {}", msg.as_ref()));
            return;
        }
        if n <= WARNING_LIMIT || self.verbosity == Verbosity::Verbose {
            let mut err = std::io::stderr().lock();
            self.clear(&mut inner, &mut err);
            let _ = writeln!(
                err,
                "warning: {}: {}",
                printable(location),
                printable(msg.as_ref())
            );
        } else if n == WARNING_LIMIT + 1 {
            let mut err = std::io::stderr().lock();
            self.clear(&mut inner, &mut err);
            let _ = writeln!(
                err,
                "warning: more warnings follow; they are counted below (--verbose lists all)"
            );
        }
    }

    /// A general warning, not about one input.
    pub fn warn_general(&self, msg: impl AsRef<str>) {
        let mut inner = self.lock();
        if let Some(kept) = &mut inner.captured {
            kept.push(msg.as_ref().to_string());
            return;
        }
        let mut err = std::io::stderr().lock();
        self.clear(&mut inner, &mut err);
        let _ = writeln!(err, "warning: {}", printable(msg.as_ref()));
    }

    /// The number of warnings so far, and how many of each kind.
    pub fn warnings(&self) -> (u64, Vec<(&'static str, u64)>) {
        let inner = self.lock();
        (
            inner.warnings,
            inner.by_kind.iter().map(|(k, v)| (*k, *v)).collect(),
        )
    }

    fn draw_progress(&self, line: &str, newline: bool) {
        let mut inner = self.lock();
        let mut err = std::io::stderr().lock();
        if newline {
            let _ = writeln!(err, "{line}");
        } else {
            let _ = write!(err, "\r\x1b[2K{line}");
            let _ = err.flush();
            inner.progress_shown = true;
        }
    }

    /// A transient status line (`writing the index…`), shown where a progress line would be and
    /// cleared by the next output.
    pub fn status(&self, msg: &str) {
        if self.verbosity == Verbosity::Normal && self.tty {
            self.draw_progress(&format!("  {msg}"), false);
        } else if self.verbosity == Verbosity::Verbose {
            self.info(format!("  {msg}"));
        }
    }

    /// Clears the progress line, if one is shown.
    pub fn clear_progress(&self) {
        let mut inner = self.lock();
        let mut err = std::io::stderr().lock();
        self.clear(&mut inner, &mut err);
    }

    /// Starts a progress line counting `unit`s (drawn only when useful; see the module docs).
    pub fn progress(self: &Arc<Self>, unit: &'static str, total: Option<u64>) -> Progress {
        let state = Arc::new(ProgressState {
            done: AtomicU64::new(0),
            stop: AtomicBool::new(false),
        });
        let show = match self.verbosity {
            Verbosity::Quiet => None,
            Verbosity::Normal => self.tty.then_some(false),
            Verbosity::Verbose => Some(!self.tty),
        };
        let ticker = show.map(|plain| {
            let console = self.clone();
            let state = state.clone();
            std::thread::spawn(move || {
                let start = Instant::now();
                let every = if plain {
                    Duration::from_secs(5)
                } else {
                    Duration::from_millis(250)
                };
                let mut next = start + Duration::from_millis(700);
                while !state.stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(50));
                    if Instant::now() < next {
                        continue;
                    }
                    next += every;
                    let done = state.done.load(Ordering::Relaxed);
                    let secs = start.elapsed().as_secs_f64();
                    let rate = done as f64 / secs.max(0.001);
                    let of = match total {
                        Some(t) => format!(" / {}", thousands(t)),
                        None => String::new(),
                    };
                    let eta = match total {
                        Some(t) if rate > 0.0 && done > 0 && t > done => {
                            format!(", about {} left", duration((t - done) as f64 / rate))
                        }
                        _ => String::new(),
                    };
                    let line = format!(
                        "  {}{of} {unit} ({} {unit}/s{eta})",
                        thousands(done),
                        thousands(rate as u64)
                    );
                    console.draw_progress(&line, plain);
                }
            })
        });
        Progress {
            state,
            ticker,
            console: self.clone(),
        }
    }
}

struct ProgressState {
    done: AtomicU64,
    stop: AtomicBool,
}

/// A running progress line; stops and clears itself when dropped.
pub struct Progress {
    state: Arc<ProgressState>,
    ticker: Option<std::thread::JoinHandle<()>>,
    console: Arc<Console>,
}

impl Progress {
    /// Counts `n` more units done.
    pub fn add(&self, n: u64) {
        self.state.done.fetch_add(n, Ordering::Relaxed);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
        self.console.clear_progress();
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `1 page`, `2 pages`, `1,024 files`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `s` safe to print on a terminal: control characters (escape sequences, newlines that would forge
/// a line of output) are shown as `\u{1b}` escapes; everything else as is.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Bytes for people: `1.2 MiB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// Seconds for people: `850 ms`, `2.3 s`, `4 min 05 s`.
pub fn duration(secs: f64) -> String {
    if secs < 1.0 {
        format!("{:.0} ms", secs * 1000.0)
    } else if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        let s = secs.round() as u64;
        format!("{} min {:02} s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_for_people() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1536), "1.5 KiB");
        assert_eq!(duration(0.25), "250 ms");
        assert_eq!(duration(125.0), "2 min 05 s");
    }
}
