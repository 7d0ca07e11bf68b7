//! `Index::open` on arbitrary bytes (the manifest is the first thing fetched from the network);
//! when a mutated manifest opens, the base build's files are fed to it and queries run.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    scry_fuzz::targets::run("manifest", data);
});
