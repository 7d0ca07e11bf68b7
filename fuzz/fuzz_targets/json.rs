//! The JSON reader of the wasm binding: `json::parse` and `json::options_from_json` on arbitrary
//! text; a value that parses must serialize (through the options) without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    scry_fuzz::targets::run("json", data);
});
