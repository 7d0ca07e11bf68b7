//! One small in-place sort for the query path.
//!
//! The standard library's sorts are fast but large: each element type instantiates several kilobytes
//! of driftsort or ipnsort, and the query engine sorts a dozen types — over 40 KiB of the wasm
//! module. A heapsort is a few hundred bytes (once: it sees elements only through an index-based
//! closure), needs no buffer, and is `O(n log n)` in the worst case. Callers give total orders (ties broken by doc id or index), so stability is moot.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, in place.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    heapsort(v.len(), &mut |i, j, swap| {
        if swap {
            v.swap(i, j);
            false
        } else {
            cmp(&v[i], &v[j]) == Ordering::Less
        }
    });
}

/// The heapsort itself, once for all element types: `op(i, j, false)` says whether element `i` is
/// less than element `j`, `op(i, j, true)` swaps them. (Generic, it was instantiated for each of the
/// dozen types the engine sorts; an indirect call per comparison costs little next to that.)
fn heapsort(n: usize, op: &mut dyn FnMut(usize, usize, bool) -> bool) {
    if n < 2 {
        return;
    }
    for start in (0..n / 2).rev() {
        sift_down(start, n, op);
    }
    for end in (1..n).rev() {
        op(0, end, true);
        sift_down(0, end, op);
    }
}

fn sift_down(mut node: usize, end: usize, op: &mut dyn FnMut(usize, usize, bool) -> bool) {
    loop {
        let mut child = 2 * node + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && op(child, child + 1, false) {
            child += 1;
        }
        if !op(node, child, false) {
            return;
        }
        op(node, child, true);
        node = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_library(mut v in proptest::collection::vec(any::<(u8, u16)>(), 0..300)) {
            let mut expected = v.clone();
            expected.sort();
            sort_by(&mut v, |a, b| a.cmp(b));
            prop_assert_eq!(v, expected);
        }
    }
}
