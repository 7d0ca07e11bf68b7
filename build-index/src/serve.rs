//! A small static file server for previewing a site on 127.0.0.1.
//!
//! GET and HEAD only, one thread per connection (at most [`MAX_CONNECTIONS`] at once), `Connection:
//! close`. Paths are percent-decoded and resolved inside the served folder: `..` segments are refused
//! and a symbolic link that leads outside the folder is not followed. Index files are served as
//! written (gzip bytes, no `Content-Encoding`): the browser side inflates them itself, as on any host.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};

/// Connections served at once; more get `503`.
pub const MAX_CONNECTIONS: usize = 64;

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

/// Serves `root` on `listener` until the process ends.
pub fn serve(root: &Path, listener: TcpListener) -> Result<()> {
    let root = Arc::new(
        root.canonicalize()
            .with_context(|| format!("cannot serve {}", root.display()))?,
    );
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            let _ = respond(&mut stream, 503, "text/plain", b"busy\n", false, &[]);
            continue;
        }
        let root = root.clone();
        let active = active.clone();
        std::thread::spawn(move || {
            let _ = handle(&root, stream);
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
    Ok(())
}

fn handle(root: &Path, mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(64 * 1024));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read (and ignore) the headers.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let head = method == "HEAD";
    if method != "GET" && !head {
        return respond(
            &mut stream,
            405,
            "text/plain",
            b"only GET and HEAD\n",
            false,
            &[("Allow", "GET, HEAD")],
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(path) = percent_decode(path) else {
        return respond(&mut stream, 400, "text/plain", b"bad path\n", head, &[]);
    };
    match resolve(root, &path) {
        Resolved::File(file) => match std::fs::read(&file) {
            Ok(bytes) => respond(&mut stream, 200, content_type(&file), &bytes, head, &[]),
            Err(_) => respond(&mut stream, 404, "text/plain", b"not found\n", head, &[]),
        },
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
    /// A folder asked for without its trailing slash.
    Redirect(String),
    /// Outside the folder.
    Forbidden,
    /// Nothing there.
    NotFound,
}

/// Resolves a decoded request path inside `root` (which must be canonical).
pub fn resolve(root: &Path, path: &str) -> Resolved {
    if !path.starts_with('/') || path.contains('\0') || path.contains('\\') {
        return Resolved::Forbidden;
    }
    let mut file = root.to_path_buf();
    for seg in path.split('/').filter(|s| !s.is_empty() && *s != ".") {
        if seg == ".." {
            return Resolved::Forbidden;
        }
        file.push(seg);
    }
    let Ok(real) = file.canonicalize() else {
        return Resolved::NotFound;
    };
    if !real.starts_with(root) {
        return Resolved::Forbidden;
    }
    if real.is_dir() {
        if !path.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
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
}
