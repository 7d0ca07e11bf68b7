//! One small in-place sort for the query path.
//!
//! The standard library's sorts are fast but large: each element type instantiates several kilobytes
//! of driftsort or ipnsort, and the query engine sorts a dozen types — over 40 KiB of the wasm
//! module. A heapsort is a few hundred bytes per type, needs no buffer, and is `O(n log n)` in the
//! worst case. Callers give total orders (ties broken by doc id or index), so stability is moot.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, in place.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let mut less = |a: &T, b: &T| cmp(a, b) == Ordering::Less;
    let n = v.len();
    if n < 2 {
        return;
    }
    for start in (0..n / 2).rev() {
        sift_down(v, start, n, &mut less);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end, &mut less);
    }
}

fn sift_down<T>(v: &mut [T], mut node: usize, end: usize, less: &mut impl FnMut(&T, &T) -> bool) {
    loop {
        let mut child = 2 * node + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[node], &v[child]) {
            return;
        }
        v.swap(node, child);
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
