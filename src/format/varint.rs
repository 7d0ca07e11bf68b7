//! LEB128 variable-length integers: 7 bits a byte, low bits first.

/// Appends `v` to `out`.
pub fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads one varint from `bytes` at `*pos`, advancing it; `None` when truncated or over 64 bits.
pub fn get(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    let mut shift = 0u32;
    loop {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        if shift == 63 && b > 1 {
            return None;
        }
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

/// Reads postcard's layout by hand (varints; byte strings and strings as a varint length and the
/// bytes): for the small payloads whose serde code would cost the wasm module more than this.
pub struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Cursor<'a> {
        Cursor { bytes, pos: 0 }
    }

    /// The next varint.
    pub fn u64(&mut self) -> Option<u64> {
        get(self.bytes, &mut self.pos)
    }

    /// The next byte string.
    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = usize::try_from(self.u64()?).ok()?;
        let out = self.bytes.get(self.pos..self.pos.checked_add(len)?)?;
        self.pos += len;
        Some(out)
    }

    /// The next string.
    pub fn string(&mut self) -> Option<String> {
        core::str::from_utf8(self.bytes()?).ok().map(String::from)
    }

    /// The length of a sequence whose items take at least one byte each: `None` when fewer bytes
    /// are left (a damaged count never makes a reader allocate more than its input).
    pub fn count(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?)
            .ok()
            .filter(|&n| n <= self.bytes.len() - self.pos)
    }

    /// Whether every byte was read.
    pub fn done(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

/// Reads a varint that must fit in a `u32`.
pub fn get32(bytes: &[u8], pos: &mut usize) -> Option<u32> {
    get(bytes, pos).and_then(|v| u32::try_from(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_at_the_edges() {
        for v in [0, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            let mut out = Vec::new();
            put(&mut out, v);
            let mut pos = 0;
            assert_eq!(get(&out, &mut pos), Some(v));
            assert_eq!(pos, out.len());
        }
    }

    #[test]
    fn truncated_and_overlong_varints_are_rejected() {
        assert_eq!(get(&[0x80], &mut 0), None);
        assert_eq!(get(&[0xff; 11], &mut 0), None);
        assert_eq!(get32(&[0xff, 0xff, 0xff, 0xff, 0x7f], &mut 0), None);
    }
}
