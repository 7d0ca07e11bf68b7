//! A facet file, decoded behind the integrity check: the manifest is rewritten to list the fuzzed
//! bytes' hash and size, then every query and document view runs over them. Also, the same bytes under
//! the real file's name must be rejected by the check, never accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    scry_fuzz::targets::run("facet", data);
});
