//! `scry serve`: a static server that previews a folder on 127.0.0.1 and never leaves it.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary with `args`, which must print where it serves as its first line of stderr;
/// the server and that line.
fn spawn_server(args: &[&str]) -> (Server, String) {
    let mut child = bin().args(args).stderr(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (Server(child), line)
}

/// The port in a line such as `Serving DIR at http://127.0.0.1:PORT/`.
fn port_in(line: &str) -> u16 {
    line.rsplit(':')
        .next()
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{line}"))
}

/// Starts `scry serve DIR --port 0`; the server and its port.
fn start(root: &std::path::Path) -> (Server, u16) {
    let (server, line) = spawn_server(&["serve", arg(root), "--port", "0"]);
    (server, port_in(&line))
}

/// A raw response → status, head and body.
fn parse_response(raw: &[u8]) -> (u16, String, Vec<u8>) {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head: {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head, raw[split + 4..].to_vec())
}

/// `GET path` read to the end; status, head and body.
fn get(port: u16, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    parse_response(&raw)
}

/// Sends `raw` as the whole request; status, head and body.
fn request(port: u16, raw: &[u8]) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(raw).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    parse_response(&out)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn serves_files_with_their_types_and_stays_inside_the_folder() {
    let (dir, root) = temp_tree(
        "www",
        &[
            ("index.html", "<p>home</p>"),
            ("docs/index.html", "<p>docs</p>"),
            ("m.wasm", "\0asm"),
            ("a b.js", "export {}"),
        ],
    );
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    let (_server, port) = start(&root);

    let (status, head, body) = get(port, "/");
    assert_eq!((status, body.as_slice()), (200, &b"<p>home</p>"[..]));
    assert!(head.contains("Content-Type: text/html"), "{head}");
    let (status, head, _) = get(port, "/m.wasm");
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: application/wasm"), "{head}");
    let (status, head, _) = get(port, "/a%20b.js?v=1");
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: text/javascript"), "{head}");
    let (status, head, _) = get(port, "/docs");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /docs/"), "{head}");
    assert_eq!(get(port, "/docs/").2, b"<p>docs</p>");
    assert_eq!(get(port, "/nope.html").0, 404);
    for evil in [
        "/../secret.txt",
        "/docs/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
    ] {
        let (status, _, body) = get(port, evil);
        assert!(status == 403 || status == 404, "{evil} gave {status}");
        assert_ne!(body, b"secret");
    }
}

#[test]
fn site_serve_builds_then_serves_the_site_with_its_index() {
    let (_dir, site) = temp_tree(
        "site",
        &[(
            "index.html",
            "<html lang=en><title>Home</title><p>Guillemot</p>",
        )],
    );
    let (_server, line) =
        spawn_server(&["--site", arg(&site), "--serve", "--port", "0", "--quiet"]);
    assert!(line.starts_with("Serving"), "{line}");
    let port = port_in(&line);
    assert_eq!(get(port, "/").0, 200);
    let (status, head, body) = get(port, "/scry/manifest.bin");
    assert_eq!(status, 200);
    assert!(
        head.contains("Content-Type: application/octet-stream"),
        "{head}"
    );
    assert!(
        !head.contains("Content-Encoding"),
        "index files are served as written: {head}"
    );
    assert_eq!(body, std::fs::read(site.join("scry/manifest.bin")).unwrap());
}

#[test]
fn refuses_dotfiles_foreign_hosts_open_redirects_and_huge_heads() {
    let (_dir, root) = temp_tree(
        "www",
        &[
            (".env", "SECRET=1"),
            (".git/config", "[core]"),
            ("index.html", "home"),
        ],
    );
    std::fs::create_dir_all(root.join("sub")).unwrap();
    let (_server, port) = start(&root);

    for path in ["/.env", "/.git/config", "/sub/../.env", "/%2eenv"] {
        let (status, _, body) = get(port, path);
        assert!(status == 404 || status == 403, "{path} gave {status}");
        assert_ne!(body, b"SECRET=1");
    }
    // DNS rebinding: a page of evil.example whose name now points at 127.0.0.1.
    let (status, _, body) = request(port, b"GET / HTTP/1.1\r\nHost: evil.example:1414\r\n\r\n");
    assert_eq!(status, 421);
    assert_ne!(body, b"home");
    for host in ["127.0.0.1:9", "localhost", "[::1]:9"] {
        let raw = format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");
        assert_eq!(request(port, raw.as_bytes()).0, 200, "{host}");
    }
    // `//sub` must not redirect to `//sub/`: a browser reads that as the host "sub".
    let (status, head, _) = get(port, "//sub");
    assert_eq!(status, 301);
    assert_eq!(header(&head, "Location"), Some("/sub/"));
    // A request line past the limit is refused, not cut and served.
    let long = format!(
        "GET /{} HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "a".repeat(70_000)
    );
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let _ = s.write_all(long.as_bytes());
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("HTTP/1.1 431"), "{text}");
    assert_eq!(
        request(
            port,
            b"GET / HTTP/1.1\r\nHost: a\r\nHost: localhost\r\n\r\n"
        )
        .0,
        400
    );
}

#[test]
fn content_named_files_are_immutable_and_revalidate_with_304() {
    let (_dir, root) = temp_tree(
        "www",
        &[
            ("scry/t3-0123456789ab.bin", "shard"),
            ("scry/manifest.bin", "manifest"),
        ],
    );
    let (_server, port) = start(&root);

    let (status, head, body) = get(port, "/scry/t3-0123456789ab.bin");
    assert_eq!((status, body.as_slice()), (200, &b"shard"[..]));
    assert_eq!(header(&head, "ETag"), Some("\"0123456789ab\""));
    assert!(
        header(&head, "Cache-Control")
            .unwrap()
            .contains("immutable"),
        "{head}"
    );
    let raw = "GET /scry/t3-0123456789ab.bin HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: \"0123456789ab\"\r\n\r\n";
    let (status, _, body) = request(port, raw.as_bytes());
    assert_eq!((status, body.len()), (304, 0));

    let (status, head, _) = get(port, "/scry/manifest.bin");
    assert_eq!(status, 200);
    assert_eq!(header(&head, "Cache-Control"), Some("no-cache"), "{head}");
    let etag = header(&head, "ETag").expect("a validator").to_string();
    let raw = format!(
        "GET /scry/manifest.bin HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: {etag}\r\n\r\n"
    );
    assert_eq!(request(port, raw.as_bytes()).0, 304);
    // A rebuilt manifest has a new validator.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(root.join("scry/manifest.bin"), "manifest 2").unwrap();
    assert_eq!(request(port, raw.as_bytes()).0, 200);
}

#[test]
#[cfg(target_os = "linux")]
fn big_files_are_streamed_to_clients_that_do_not_read() {
    let (_dir, root) = temp_tree("www", &[]);
    const SIZE: u64 = 128 << 20;
    // Sparse: no disk space used.
    std::fs::File::create(root.join("big.bin"))
        .unwrap()
        .set_len(SIZE)
        .unwrap();
    let (server, port) = start(&root);
    let pid = server.0.id();
    // Ten clients ask for it and never read; ten more ask for its head only.
    let mut idle = Vec::new();
    for i in 0..20 {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let method = if i % 2 == 0 { "GET" } else { "HEAD" };
        write!(s, "{method} /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        idle.push(s);
    }
    std::thread::sleep(std::time::Duration::from_millis(800));
    let peak = peak_rss_mib(pid).unwrap();
    assert!(peak < 64, "the server grew to {peak} MiB");
    // HEAD answers the size at once; a client that reads gets every byte.
    let (status, head, body) = request(port, b"HEAD /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert_eq!((status, body.len()), (200, 0));
    assert_eq!(
        header(&head, "Content-Length"),
        Some(SIZE.to_string().as_str())
    );
    let (status, _, body) = get(port, "/big.bin");
    assert_eq!((status, body.len() as u64), (200, SIZE));
    assert!(body.iter().all(|&b| b == 0));
    let peak = peak_rss_mib(pid).unwrap();
    assert!(peak < 64, "the server grew to {peak} MiB");
    drop(idle);
}

#[test]
fn slow_clients_cannot_hold_the_server_down() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::{Duration, Instant};
    let (_dir, root) = temp_tree("www", &[("index.html", "home")]);
    let (_server, port) = start(&root);
    // A second server, that only the trickling client below uses (the attack on the first would
    // make room by cutting it off before its deadline).
    let (_other, other_port) = start(&root);

    // A client that sends its head one byte a second is cut off by the whole-head deadline (5 s),
    // however long it keeps sending.
    let trickle = std::thread::spawn(move || {
        let start = Instant::now();
        let mut s = TcpStream::connect(("127.0.0.1", other_port)).unwrap();
        s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
        let mut buf = [0u8; 64];
        for b in b"GET /index.html HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa"
            .iter()
            .cycle()
        {
            if start.elapsed() > Duration::from_secs(9) || s.write_all(&[*b]).is_err() {
                break;
            }
            match s.read(&mut buf) {
                Ok(n) => {
                    // The close, or the answer that the head took too long.
                    let answer = String::from_utf8_lossy(&buf[..n]);
                    assert!(n == 0 || answer.starts_with("HTTP/1.1 408"), "{answer}");
                    break;
                }
                Err(_) => std::thread::sleep(Duration::from_millis(950)),
            }
        }
        start.elapsed()
    });
    // 80 slow clients, more than the server's connection limit, each sending a byte every second
    // and coming back whenever they are cut off.
    let stop = Arc::new(AtomicBool::new(false));
    let attack = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let connect = || {
                let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
                s.write_all(b"GET / HTTP/1.1\r\n").ok()?;
                Some(s)
            };
            let mut conns: Vec<Option<TcpStream>> = (0..80).map(|_| connect()).collect();
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_secs(1));
                for c in conns.iter_mut() {
                    let alive = c.as_mut().is_some_and(|s| s.write_all(b"X").is_ok());
                    if !alive {
                        *c = connect();
                    }
                }
            }
        })
    };
    std::thread::sleep(Duration::from_millis(1200));
    let mut statuses = Vec::new();
    for _ in 0..15 {
        statuses.push(get(port, "/").0);
        std::thread::sleep(Duration::from_millis(120));
    }
    stop.store(true, Ordering::Relaxed);
    attack.join().unwrap();
    assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
    let held = trickle.join().unwrap();
    assert!(
        held < Duration::from_secs(7),
        "a trickling client held on for {held:?}"
    );
}
