//! Per-recipe work spread over the cores, for loading and validating many recipes.

/// `f` applied to every item, on up to one thread per core in contiguous chunks (one thread
/// when there are too few items to pay for more). The chunks come back in the order of
/// `items`, each as its thread's result, so a caller decides what a panicked chunk means.
pub(crate) fn map_chunks<'a, I: Sync, T: Send>(
    items: &'a [I],
    f: impl Fn(&'a I) -> T + Sync,
) -> Vec<std::thread::Result<Vec<T>>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Threads only pay off with enough items to share.
    let threads = cores.min(items.len() / 32).max(1);
    if threads == 1 {
        return vec![Ok(items.iter().map(f).collect())];
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<T>>()))
            .collect();
        handles.into_iter().map(|h| h.join()).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::map_chunks;

    #[test]
    fn results_keep_the_order_of_the_items() {
        for n in [0, 1, 31, 64, 1000] {
            let items: Vec<usize> = (0..n).collect();
            let out: Vec<usize> = map_chunks(&items, |i| i * 2)
                .into_iter()
                .flat_map(|chunk| chunk.expect("no panic"))
                .collect();
            assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>(), "{n}");
        }
    }
}
