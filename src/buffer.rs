//! Sizing of the per-document buffers (tokens, per-token tables, mentions).
//!
//! Each document allocates a few buffers with one slot per token or per byte and frees
//! them when it is done. Sized exactly, two documents of different lengths rarely fall in
//! the same size class of the allocator, and a buffer gets memory that no document has
//! touched for a while, which the processor must fetch again before writing to it.
//! Rounded up to a power of two, documents of like length share a few size classes, and
//! each buffer reuses the memory a recent document left in the cache.

/// The capacity to reserve for a per-document buffer that needs `n` slots.
pub fn capacity_for(n: usize) -> usize {
    n.checked_next_power_of_two().unwrap_or(n)
}

#[cfg(test)]
mod tests {
    use super::capacity_for;

    #[test]
    fn capacities_are_powers_of_two_and_never_short() {
        for n in [0, 1, 2, 3, 255, 256, 257, 1000, 4097] {
            let c = capacity_for(n);
            assert!(c >= n && c.is_power_of_two(), "{n} -> {c}");
            assert!(c < 2 * n.max(1), "{n} -> {c}");
        }
        assert_eq!(capacity_for(usize::MAX), usize::MAX);
    }
}
