//! `src/entities.rs` is generated: it must be exactly what `tools/gen-entities.py` writes (skipped,
//! with a note, where there is no `python3`).

use std::path::Path;
use std::process::Command;

#[test]
fn entities_rs_is_what_its_generator_writes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = match Command::new("python3")
        .arg(dir.join("tools/gen-entities.py"))
        .arg("-")
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!(
                "python3 not found: the entities table was not checked against its generator"
            );
            return;
        }
        Err(e) => panic!("cannot run tools/gen-entities.py: {e}"),
    };
    assert!(
        out.status.success(),
        "tools/gen-entities.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let generated = String::from_utf8(out.stdout).expect("UTF-8");
    let checked_in = std::fs::read_to_string(dir.join("src/entities.rs")).expect("src/entities.rs");
    assert!(
        generated == checked_in,
        "src/entities.rs differs from what tools/gen-entities.py writes: run \
         `python3 build-index/tools/gen-entities.py` to regenerate it"
    );
}
