//! One stable insertion sort for the short lists the crate sorts (rebases, exclusions,
//! annotations, populations, areas, reconciliation months, group starts; each limited to a
//! few hundred items and usually already in order, where it is linear).
//!
//! Why not `slice::sort_by_key`: every call site instantiates the standard library's driftsort
//! (or ipnsort for the unstable sorts) anew, about 3 KB of wasm each; the nine sorts of the
//! browser module were some 30 KB, most of it never needed for lists this short.

/// Sorts `v` by `key`, keeping the order of equal keys (as `sort_by_key` does).
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && key(&v[j - 1]) > key(&v[j]) {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sort_by_key;

    #[test]
    fn sorts_and_keeps_equal_keys_in_order() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e'), (2, 'f')];
        let mut expected = v.clone();
        expected.sort_by_key(|p| p.0);
        sort_by_key(&mut v, |p| p.0);
        assert_eq!(v, expected);
        let mut empty: Vec<u8> = Vec::new();
        sort_by_key(&mut empty, |x| *x);
        assert!(empty.is_empty());
    }
}
