//! A small static file server for previewing a site on 127.0.0.1.
//!
//! GET and HEAD only, one thread per connection, `Connection: close`. Paths are percent-decoded and
//! resolved inside the served folder: `..` segments are refused, dotfiles (`.env`, `.git/`) are not
//! served, and a symbolic link that leads outside the folder is not followed. Index files are served
//! as written (gzip bytes, no `Content-Encoding`): the browser side inflates them itself, as on any
//! host.
//!
//! Hand-written rather than a crate: the maintained servers (hyper, axum) bring an async runtime that
//! would double the binary for a preview command, and the small synchronous ones still leave the
//! parts that matter here (path resolution, the Host check, deadlines that cover a whole request) to
//! the caller. What keeps it up under abuse:
//!
//! - a whole-request deadline for the request head ([`HEAD_DEADLINE`], [`MAX_HEAD`] bytes), not a
//!   per-read timeout, so a client sending one byte every few seconds is cut off;
//! - at most [`MAX_CONNECTIONS`] at once, and when they are all taken, the connection that has made
//!   no progress for longest (a head still arriving, a response nobody reads) is dropped for the new
//!   one, so slow clients cannot hold the server down;
//! - files streamed in small chunks (HEAD and `304` never read the file), so memory does not grow
//!   with file size or with clients that do not read;
//! - the Host header must name a loopback host, so a page on another site cannot read the folder
//!   through DNS rebinding; redirects stay on this server.
//!
//! Caching: content-hashed index files (`t3-0123456789ab.bin`) get their hash as a strong `ETag` and
//! `immutable`; everything else `no-cache` with a validator, so a reload costs `304`s.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, UNIX_EPOCH};

use anyhow::{Context, Result};

/// Connections served at once; when all are busy, the most stalled one makes room, else `503`.
pub const MAX_CONNECTIONS: usize = 64;
/// The whole request head (request line and headers) must arrive within this.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(5);
/// The largest request head read; longer gets `431`.
pub const MAX_HEAD: usize = 16 * 1024;
/// A connection with no progress for this long may be dropped to make room for a new one.
const STALLED: Duration = Duration::from_millis(500);
/// A single write that blocks this long ends the response.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Bytes read from a file per write.
const CHUNK: usize = 64 * 1024;

/// The `Content-Type` for a file name.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "txt" | "md" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "gz" => "application/gzip",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Binds `127.0.0.1:port` (port 0: any free port). When `port` is taken and `fallback` is true, the
/// next few ports are tried.
pub fn bind(port: u16, fallback: bool) -> Result<TcpListener> {
    let tries = if fallback && port != 0 { 20 } else { 1 };
    let mut last = None;
    for p in 0..tries {
        match TcpListener::bind(("127.0.0.1", port.saturating_add(p))) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap()).with_context(|| format!("cannot listen on 127.0.0.1:{port}"))
}

/// A connection being served: the socket (to cut it off) and when it last made progress.
struct Conn {
    id: u64,
    stream: TcpStream,
    /// Milliseconds since the server started.
    progress: AtomicU64,
}

/// The connections being served.
struct Slots {
    start: Instant,
    conns: Mutex<Vec<Arc<Conn>>>,
    next: AtomicU64,
}

impl Slots {
    fn now(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }

    /// A slot for `stream`, dropping the most stalled connection when all are taken; `None`: busy.
    fn admit(&self, stream: &TcpStream) -> Option<Arc<Conn>> {
        let now = self.now();
        let mut conns = self.conns.lock().unwrap_or_else(|e| e.into_inner());
        if conns.len() >= MAX_CONNECTIONS {
            let (at, oldest) = conns
                .iter()
                .enumerate()
                .min_by_key(|(_, c)| c.progress.load(Ordering::Relaxed))?;
            if now.saturating_sub(oldest.progress.load(Ordering::Relaxed))
                < STALLED.as_millis() as u64
            {
                return None;
            }
            // Its thread sees the error at its next read or write and ends.
            let _ = oldest.stream.shutdown(Shutdown::Both);
            conns.swap_remove(at);
        }
        let conn = Arc::new(Conn {
            id: self.next.fetch_add(1, Ordering::Relaxed),
            stream: stream.try_clone().ok()?,
            progress: AtomicU64::new(now),
        });
        conns.push(conn.clone());
        Some(conn)
    }

    fn leave(&self, id: u64) {
        let mut conns = self.conns.lock().unwrap_or_else(|e| e.into_inner());
        conns.retain(|c| c.id != id);
    }
}

/// Serves `root` on `listener` until the process ends.
pub fn serve(root: &Path, listener: TcpListener) -> Result<()> {
    let root = Arc::new(
        root.canonicalize()
            .with_context(|| format!("cannot serve {}", root.display()))?,
    );
    let slots = Arc::new(Slots {
        start: Instant::now(),
        conns: Mutex::new(Vec::new()),
        next: AtomicU64::new(0),
    });
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let Some(conn) = slots.admit(&stream) else {
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = respond(&mut stream, 503, "text/plain", b"busy\n", false, &[]);
            continue;
        };
        let root = root.clone();
        let slots = slots.clone();
        std::thread::spawn(move || {
            let _ = handle(&root, stream, &conn, &slots);
            slots.leave(conn.id);
        });
    }
    Ok(())
}

/// A parsed request head.
struct Request {
    method: String,
    target: String,
    host: Option<String>,
    if_none_match: Option<String>,
}

enum HeadError {
    TooLarge,
    Timeout,
    Malformed,
    Io,
}

/// Reads the request head, all of it within [`HEAD_DEADLINE`].
fn read_head(stream: &mut TcpStream) -> Result<Request, HeadError> {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let end = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        if buf.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::Timeout);
        }
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| HeadError::Io)?;
        match stream.read(&mut chunk) {
            Ok(0) => return Err(HeadError::Malformed),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(HeadError::Timeout)
            }
            Err(_) => return Err(HeadError::Io),
        }
    };
    if end > MAX_HEAD {
        return Err(HeadError::TooLarge);
    }
    let head = std::str::from_utf8(&buf[..end]).map_err(|_| HeadError::Malformed)?;
    let mut lines = head.split("\r\n");
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (method, target, version) = (parts.next(), parts.next(), parts.next());
    let (Some(method), Some(target), Some(version), None) = (method, target, version, parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(HeadError::Malformed);
    }
    let mut req = Request {
        method: method.to_string(),
        target: target.to_string(),
        host: None,
        if_none_match: None,
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(HeadError::Malformed);
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("host") {
            if req.host.is_some() {
                return Err(HeadError::Malformed);
            }
            req.host = Some(value.to_string());
        } else if name.eq_ignore_ascii_case("if-none-match") {
            req.if_none_match = Some(value.to_string());
        }
    }
    Ok(req)
}

/// True when `host` (a Host header: name and optional port) names this machine.
pub fn loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((name, port)) if port.is_empty() || port.starts_with(':') => name,
            _ => return false,
        }
    } else {
        host.split(':').next().unwrap_or("")
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name == "::1"
        || name
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|a| a.is_loopback())
}

fn handle(root: &Path, mut stream: TcpStream, conn: &Conn, slots: &Slots) -> std::io::Result<()> {
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let req = match read_head(&mut stream) {
        Ok(r) => r,
        Err(HeadError::TooLarge) => {
            let body = b"request head too large\n";
            return respond(&mut stream, 431, "text/plain", body, false, &[]);
        }
        Err(HeadError::Timeout) => {
            return respond(&mut stream, 408, "text/plain", b"too slow\n", false, &[])
        }
        Err(HeadError::Malformed) => {
            return respond(&mut stream, 400, "text/plain", b"bad request\n", false, &[])
        }
        Err(HeadError::Io) => return Ok(()),
    };
    conn.progress.store(slots.now(), Ordering::Relaxed);
    let head = req.method == "HEAD";
    if req.method != "GET" && !head {
        return respond(
            &mut stream,
            405,
            "text/plain",
            b"only GET and HEAD\n",
            false,
            &[("Allow", "GET, HEAD")],
        );
    }
    if !req.host.as_deref().is_none_or(loopback_host) {
        let body = b"this preview server answers only to 127.0.0.1 and localhost\n";
        return respond(&mut stream, 421, "text/plain", body, head, &[]);
    }
    let path = req.target.split(['?', '#']).next().unwrap_or("");
    let Some(path) = percent_decode(path) else {
        return respond(&mut stream, 400, "text/plain", b"bad path\n", head, &[]);
    };
    match resolve(root, &path) {
        Resolved::File(file) => send_file(&mut stream, &file, &req, head, conn, slots),
        Resolved::Redirect(to) => respond(
            &mut stream,
            301,
            "text/plain",
            b"moved\n",
            head,
            &[("Location", &to)],
        ),
        Resolved::Forbidden => respond(&mut stream, 403, "text/plain", b"forbidden\n", head, &[]),
        Resolved::NotFound => respond(&mut stream, 404, "text/plain", b"not found\n", head, &[]),
    }
}

/// The hash of a content-named index file (`t3-0123456789ab.bin` → `0123456789ab`).
pub fn content_hash(name: &str) -> Option<&str> {
    let stem = name.strip_suffix(".bin")?;
    let (kind, hash) = stem.split_once('-')?;
    let mut k = kind.chars();
    let ok = k.next().is_some_and(|c| c.is_ascii_lowercase())
        && k.all(|c| c.is_ascii_digit())
        && hash.len() >= 12
        && hash.bytes().all(|b| b.is_ascii_hexdigit());
    ok.then_some(hash)
}

fn send_file(
    stream: &mut TcpStream,
    path: &Path,
    req: &Request,
    head: bool,
    conn: &Conn,
    slots: &Slots,
) -> std::io::Result<()> {
    let Ok(mut file) = std::fs::File::open(path) else {
        return respond(stream, 404, "text/plain", b"not found\n", head, &[]);
    };
    let meta = file.metadata()?;
    let len = meta.len();
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let (etag, cache) = match content_hash(name) {
        Some(hash) => (format!("\"{hash}\""), "public, max-age=31536000, immutable"),
        None => {
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            (format!("W/\"{len:x}-{mtime:x}\""), "no-cache")
        }
    };
    let matches = req.if_none_match.as_deref().is_some_and(|v| {
        v == "*"
            || v.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == etag.trim_start_matches("W/"))
    });
    if matches {
        let h = format!(
            "HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nCache-Control: {cache}\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(h.as_bytes())?;
        return stream.flush();
    }
    let h = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {len}\r\nETag: {etag}\r\nCache-Control: {cache}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        content_type(path)
    );
    stream.write_all(h.as_bytes())?;
    if head {
        return stream.flush();
    }
    // As long as a file of this size takes at 256 KiB/s, plus a minute.
    let deadline = Instant::now() + Duration::from_secs(60 + len / (256 * 1024));
    let mut buf = vec![0u8; CHUNK];
    let mut left = len;
    while left > 0 {
        let n = file.read(&mut buf[..CHUNK.min(left as usize)])?;
        if n == 0 {
            break; // the file shrank: the client sees a short body, as it should
        }
        stream.write_all(&buf[..n])?;
        conn.progress.store(slots.now(), Ordering::Relaxed);
        left -= n as u64;
        if Instant::now() > deadline {
            return Ok(());
        }
    }
    stream.flush()
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    ctype: &str,
    body: &[u8],
    head: bool,
    extra: &[(&str, &str)],
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    };
    let mut h = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in extra {
        h.push_str(&format!("{k}: {v}\r\n"));
    }
    h.push_str("\r\n");
    stream.write_all(h.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// What a request path leads to.
#[derive(Debug, PartialEq)]
pub enum Resolved {
    /// A file inside the folder.
    File(PathBuf),
    /// A folder asked for without its trailing slash: the path to redirect to (always on this
    /// server: one leading slash).
    Redirect(String),
    /// Outside the folder.
    Forbidden,
    /// Nothing there (or a dotfile, which is never served).
    NotFound,
}

/// Resolves a decoded request path inside `root` (which must be canonical).
pub fn resolve(root: &Path, path: &str) -> Resolved {
    if !path.starts_with('/') || path.contains('\0') || path.contains('\\') {
        return Resolved::Forbidden;
    }
    let segs: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    let mut file = root.to_path_buf();
    for seg in &segs {
        if *seg == ".." {
            return Resolved::Forbidden;
        }
        // .env, .git/, editor backups: never served (.well-known is meant to be).
        if seg.starts_with('.') && *seg != ".well-known" {
            return Resolved::NotFound;
        }
        file.push(seg);
    }
    let Ok(real) = file.canonicalize() else {
        return Resolved::NotFound;
    };
    if !real.starts_with(root) {
        return Resolved::Forbidden;
    }
    // A symbolic link to a dotfile inside the folder leads there too.
    let hidden = real.strip_prefix(root).is_ok_and(|rel| {
        rel.components().any(|c| {
            let c = c.as_os_str().to_string_lossy();
            c.starts_with('.') && c != ".well-known"
        })
    });
    if hidden {
        return Resolved::NotFound;
    }
    if real.is_dir() {
        if !path.ends_with('/') {
            let mut to = String::new();
            for seg in &segs {
                to.push('/');
                to.push_str(&percent_encode(seg));
            }
            to.push('/');
            return Resolved::Redirect(to);
        }
        let index = real.join("index.html");
        return if index.is_file() {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    Resolved::File(real)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn percent_encode(seg: &str) -> String {
    let mut out = String::with_capacity(seg.len());
    for &b in seg.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_the_folder_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::write(root.join("a/index.html"), "x").unwrap();
        std::fs::write(root.join("b c.js"), "x").unwrap();
        assert_eq!(
            resolve(&root, "/a/"),
            Resolved::File(root.join("a/index.html"))
        );
        assert_eq!(resolve(&root, "/a"), Resolved::Redirect("/a/".into()));
        assert_eq!(
            resolve(&root, &percent_decode("/b%20c.js").unwrap()),
            Resolved::File(root.join("b c.js"))
        );
        assert_eq!(resolve(&root, "/../etc/passwd"), Resolved::Forbidden);
        assert_eq!(resolve(&root, "/a/../../x"), Resolved::Forbidden);
        assert_eq!(resolve(&root, "/nope"), Resolved::NotFound);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", root.join("out")).unwrap();
            assert_eq!(resolve(&root, "/out/passwd"), Resolved::Forbidden);
        }
        assert_eq!(content_type(Path::new("x.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("x.js")),
            "text/javascript; charset=utf-8"
        );
    }

    #[test]
    fn dotfiles_are_not_served_and_redirects_stay_on_this_server() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("sub dir")).unwrap();
        std::fs::create_dir_all(root.join(".well-known")).unwrap();
        std::fs::write(root.join(".env"), "SECRET=1").unwrap();
        std::fs::write(root.join(".git/config"), "x").unwrap();
        std::fs::write(root.join(".well-known/security.txt"), "x").unwrap();
        assert_eq!(resolve(&root, "/.env"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/.git/config"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/sub dir/../.env"), Resolved::Forbidden);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join(".git"), root.join("g")).unwrap();
            assert_eq!(resolve(&root, "/g/config"), Resolved::NotFound);
        }
        assert_eq!(
            resolve(&root, "/.well-known/security.txt"),
            Resolved::File(root.join(".well-known/security.txt"))
        );
        // `//sub dir` would be a protocol-relative URL: another host.
        assert_eq!(
            resolve(&root, "//sub dir"),
            Resolved::Redirect("/sub%20dir/".into())
        );
        assert_eq!(
            resolve(&root, "///sub dir"),
            Resolved::Redirect("/sub%20dir/".into())
        );
    }

    #[test]
    fn only_loopback_host_names_are_answered() {
        for ok in [
            "localhost",
            "localhost:1414",
            "127.0.0.1:8080",
            "127.1.2.3",
            "[::1]:1414",
            "[::1]",
            "docs.localhost:1414",
            "LOCALHOST.",
        ] {
            assert!(loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1414",
            "localhost.evil.example",
            "10.0.0.1",
            "[::2]:1",
            "[::1]x",
            "",
            "127.0.0.1.evil.example",
        ] {
            assert!(!loopback_host(bad), "{bad}");
        }
    }

    #[test]
    fn content_named_files_are_recognised() {
        assert_eq!(content_hash("t3-0123456789ab.bin"), Some("0123456789ab"));
        assert_eq!(
            content_hash("d-0123456789abcdef.bin"),
            Some("0123456789abcdef")
        );
        assert_eq!(content_hash("manifest.bin"), None);
        assert_eq!(content_hash("t3-0123.bin"), None);
        assert_eq!(content_hash("scry.js"), None);
        assert_eq!(content_hash("T3-0123456789ab.bin"), None);
    }
}
