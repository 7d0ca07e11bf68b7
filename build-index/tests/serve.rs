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

fn get(port: u16, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head, raw[split + 4..].to_vec())
}

#[test]
fn serves_files_with_their_types_and_stays_inside_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("www");
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::write(root.join("index.html"), "<p>home</p>").unwrap();
    std::fs::write(root.join("docs/index.html"), "<p>docs</p>").unwrap();
    std::fs::write(root.join("m.wasm"), b"\0asm").unwrap();
    std::fs::write(root.join("a b.js"), "export {}").unwrap();
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();

    let mut child = bin()
        .args(["serve", root.to_str().unwrap(), "--port", "0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _server = Server(child);
    let port: u16 = line
        .rsplit(':')
        .next()
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{line}"));

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
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(
        site.join("index.html"),
        "<html lang=en><title>Home</title><p>Guillemot</p>",
    )
    .unwrap();
    let mut child = bin()
        .args([
            "--site",
            site.to_str().unwrap(),
            "--serve",
            "--port",
            "0",
            "--quiet",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _server = Server(child);
    assert!(line.starts_with("Serving"), "{line}");
    let port: u16 = line
        .rsplit(':')
        .next()
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
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
