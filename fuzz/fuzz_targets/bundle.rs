//! A bundle of stored documents: the fuzzed bytes are its payload (document count, documents),
//! wrapped in the header the reader checks (build set, bundle index, checksum); then every
//! document's view is computed for a few queries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    scry_fuzz::targets::run("bundle", data);
});
