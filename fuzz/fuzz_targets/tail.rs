//! A tail file (the text of long documents past their head): the fuzzed bytes are its payload
//! (item count, items), wrapped in the header the reader checks (build set, index, checksum); then
//! every document's view is computed, for queries that need the tail.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    scry_fuzz::targets::run("tail", data);
});
