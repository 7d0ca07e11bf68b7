//! A shard's positions, decoded behind the integrity check: the fuzzed bytes are the position
//! stream, wrapped in a positions file that names the base shard and carries the stream's
//! checksum, its size written into the manifest; then every query (phrases and proximity use
//! positions) and document view runs. Also, the raw bytes under the real file's name must be
//! rejected, never accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    scry_fuzz::targets::run("positions", data);
});
