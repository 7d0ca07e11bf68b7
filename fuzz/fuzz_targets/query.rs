//! The query parser and engine over a fixed small index: arbitrary query text and, after the first
//! NUL byte, arbitrary options JSON (as the browser's worker receives them). Work counters must stay
//! within the engine's bounds; results, excerpts and their JSON must be consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    scry_fuzz::targets::run("query", data);
});
