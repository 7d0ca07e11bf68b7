//! Runs saved inputs through a fuzz target without libFuzzer (any build, any profile):
//! `cargo run --release --manifest-path fuzz/Cargo.toml --bin replay -- shard fuzz/artifacts/shard/*`.

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(target) = args.next() else {
        eprintln!(
            "usage: replay <target> <input>...   targets: {}",
            scry_fuzz::targets::NAMES.join(", ")
        );
        std::process::exit(2);
    };
    for path in args {
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        if !scry_fuzz::targets::run(&target, &data) {
            eprintln!("unknown target {target}");
            std::process::exit(2);
        }
        println!("{path}: ok");
    }
}
