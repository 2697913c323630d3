//! Per-thread caches of answers by word, each for one owner (a gazetteer) at a time: words
//! repeat across a corpus, and most answers take a dictionary or index look-up to work
//! out. The analyser's own cache ([`crate::morph::Morph::analyze_cached`]) keeps the same
//! [`LIMIT`] in a layout of its own.

use std::cell::RefCell;
use std::thread::LocalKey;

use compact_str::CompactString;
use rustc_hash::FxHashMap;

/// A per-thread cache: the owner whose answers it holds, and the answers by word.
pub type WordCache<K, V> = (K, FxHashMap<CompactString, V>);

/// Most words a cache holds before it is emptied.
pub const LIMIT: usize = 50_000;

/// `compute()`, kept in `cache` under `word` for `owner`. The cache is emptied when another
/// owner uses it or when it holds [`LIMIT`] words. While the thread is being torn down the
/// answer is computed and not kept.
pub fn cached<K: Copy + PartialEq + 'static, V: Clone + 'static>(
    cache: &'static LocalKey<RefCell<WordCache<K, V>>>,
    owner: K,
    word: &str,
    compute: impl FnOnce() -> V,
) -> V {
    let hit = cache.try_with(|cache| {
        let cache = cache.borrow();
        (cache.0 == owner)
            .then(|| cache.1.get(word).cloned())
            .flatten()
    });
    if let Ok(Some(value)) = hit {
        return value;
    }
    let value = compute();
    let _ = cache.try_with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.0 != owner || cache.1.len() >= LIMIT {
            cache.0 = owner;
            cache.1.clear();
        }
        cache.1.insert(word.into(), value.clone());
    });
    value
}
