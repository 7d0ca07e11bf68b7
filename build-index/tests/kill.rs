//! A build killed at any point (SIGKILL: no cleanup runs) leaves the previous output untouched, and the
//! next build succeeds and cleans up after the killed one.

mod common;

use common::*;
use std::path::Path;
use std::time::Instant;

fn big_site(site: &Path, pages: usize) {
    for i in 0..pages {
        let dir = site.join(format!("d{:03}", i / 500));
        if i % 500 == 0 {
            std::fs::create_dir_all(&dir).unwrap();
        }
        let words: String = (0..200)
            .map(|j| format!("w{} ", (i * 7 + j * 13) % 5000))
            .collect();
        std::fs::write(
            dir.join(format!("p{i}.html")),
            format!("<html lang=en><title>Page {i}</title><body><h2 id=s>Section {i}</h2><p>{words}</p></body></html>"),
        )
        .unwrap();
    }
}

fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

#[test]
fn killing_a_build_keeps_the_previous_output() {
    let (dir, site) = temp_tree(
        "site",
        &[(
            "index.html",
            "<html lang=en><title>First</title><p>Cormorant</p>",
        )],
    );
    let out = dir.path().join("out");
    assert_ok(&build_site(&site, Some(&out), &[]));
    let mut before = snapshot(&out);

    big_site(&site, 3_000);
    // How long a whole build takes here, to spread the kills over it.
    let t = Instant::now();
    let probe = dir.path().join("probe");
    assert_ok(&build_site(&site, Some(&probe), &["--quiet"]));
    let full = t.elapsed();

    let mut killed = 0;
    for fraction in [0.1, 0.5, 0.8, 0.95] {
        let mut child = bin()
            .args(["--site", arg(&site), "--out", arg(&out), "--quiet"])
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            // It finished before the kill: the new index is complete; start again from the old one.
            assert_eq!(search(&out, "cormorant", &[]).0, 1);
            assert!(search(&out, "w42", &[]).0 > 0);
            before = snapshot(&out);
            continue;
        }
        killed += 1;
        assert_eq!(
            snapshot(&out),
            before,
            "killed at {fraction} of the build: the previous output changed"
        );
        assert_eq!(
            search(&out, "cormorant", &[]).0,
            1,
            "the previous index still answers"
        );
    }
    assert!(
        killed >= 2,
        "only {killed} builds were killed before they finished"
    );

    assert_ok(&build_site(&site, Some(&out), &[]));
    assert!(search(&out, "w4999", &[]).0 > 0);
    assert_eq!(search(&out, "cormorant", &[]).0, 1);
    assert_eq!(
        leftovers(dir.path()),
        Vec::<String>::new(),
        "temporary folders of killed builds are removed"
    );
}
