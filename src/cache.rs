//! Rendered responses of the query routes (search, answer, matrix), kept by request.
//!
//! The dataset is immutable between reloads, so the same validated request always renders the
//! same bytes. Keys start with the dataset fingerprint: after a reload the old entries are
//! never asked for again and age out. The cache is bounded by the bytes it holds; a size of 0
//! turns it off (useful to measure the engine itself).

use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use quick_cache::Weighter;
use quick_cache::sync::Cache;

/// Default size of the cache, in mebibytes: room for thousands of pages and answers, while
/// the process stays well under 100 MB resident.
pub const DEFAULT_RESPONSE_CACHE_MB: u64 = 16;
/// A guess at the average entry, to size the cache's table: search pages run to a few KB.
const TYPICAL_ENTRY_BYTES: u64 = 8 * 1024;

/// What an entry costs besides its key and body: the table slot, the `Rendered` and the
/// allocator's rounding of the two allocations, so that the cache's size is its memory.
const ENTRY_OVERHEAD_BYTES: u64 = 128;

/// One rendered response body and its media type.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub content_type: &'static str,
    pub body: Bytes,
}

impl Rendered {
    pub fn json(value: &impl serde::Serialize) -> Result<Rendered, serde_json::Error> {
        Ok(Rendered {
            content_type: "application/json",
            body: Bytes::from(serde_json::to_vec(value)?),
        })
    }

    pub fn text(content_type: &'static str, body: String) -> Rendered {
        Rendered {
            content_type,
            body: Bytes::from(body),
        }
    }

    /// The same response in an allocation of exactly its size. Bodies are rendered into
    /// growing buffers whose spare capacity (up to as much again as the body) the cache would
    /// otherwise hold without weighing it.
    fn compact(self) -> Rendered {
        Rendered {
            content_type: self.content_type,
            body: Bytes::copy_from_slice(&self.body),
        }
    }
}

#[derive(Clone)]
struct ByBytes;

impl Weighter<String, Rendered> for ByBytes {
    fn weight(&self, key: &String, value: &Rendered) -> u64 {
        (key.len() + value.body.len()) as u64 + ENTRY_OVERHEAD_BYTES
    }
}

/// The bounded cache of rendered responses.
pub struct ResponseCache {
    entries: Option<Cache<String, Rendered, ByBytes>>,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// What the cache holds and how often it helped, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    pub entries: u64,
    pub bytes: u64,
    pub hits: u64,
    pub misses: u64,
}

impl ResponseCache {
    /// A cache holding up to `megabytes` MiB of keys and bodies; 0 turns it off.
    pub fn new(megabytes: u64) -> ResponseCache {
        let bytes = megabytes.saturating_mul(1024 * 1024);
        let entries = (bytes > 0).then(|| {
            let items = (bytes / TYPICAL_ENTRY_BYTES).max(16) as usize;
            Cache::with_weighter(items, bytes, ByBytes)
        });
        ResponseCache {
            entries,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            entries: self.entries.as_ref().map_or(0, |c| c.len() as u64),
            bytes: self.entries.as_ref().map_or(0, |c| c.weight()),
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }

    /// The response kept under `key`, or the one `render` makes, kept for next time. Errors
    /// are not kept. Concurrent misses of one key render it once; the others wait for it.
    pub fn get_or_render<E>(
        &self,
        key: impl FnOnce() -> String,
        render: impl FnOnce() -> Result<Rendered, E>,
    ) -> Result<Rendered, E> {
        let Some(entries) = &self.entries else {
            return render();
        };
        let key = key();
        let mut rendered_now = false;
        let rendered = entries.get_or_insert_with(&key, || {
            rendered_now = true;
            render().map(Rendered::compact)
        })?;
        let counter = if rendered_now {
            &self.misses
        } else {
            &self.hits
        };
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(rendered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Result<Rendered, std::convert::Infallible> {
        Ok(Rendered::text("text/plain", text.to_string()))
    }

    #[test]
    fn renders_once_per_key_and_not_at_all_when_off() {
        let cache = ResponseCache::new(1);
        let first = cache.get_or_render(|| "a".into(), || body("one")).unwrap();
        assert_eq!(first.body.as_ref(), b"one");
        let second = cache.get_or_render(|| "a".into(), || body("two")).unwrap();
        assert_eq!(second.body.as_ref(), b"one");
        let stats = cache.stats();
        assert_eq!((stats.entries, stats.hits, stats.misses), (1, 1, 1));

        let off = ResponseCache::new(0);
        off.get_or_render(|| "a".into(), || body("one")).unwrap();
        let again = off.get_or_render(|| "a".into(), || body("two")).unwrap();
        assert_eq!(again.body.as_ref(), b"two");
        assert_eq!(
            off.stats(),
            CacheStats {
                entries: 0,
                bytes: 0,
                hits: 0,
                misses: 0
            }
        );
    }

    #[test]
    fn an_entry_weighs_its_key_its_body_and_its_overhead() {
        let cache = ResponseCache::new(1);
        cache
            .get_or_render(|| "key".into(), || body("12345"))
            .unwrap();
        assert_eq!(cache.stats().bytes, 3 + 5 + ENTRY_OVERHEAD_BYTES);
    }

    #[test]
    fn errors_are_not_kept() {
        let cache = ResponseCache::new(1);
        let failed: Result<_, &str> = cache.get_or_render(|| "k".into(), || Err("no"));
        assert!(failed.is_err());
        let kept = cache.get_or_render(|| "k".into(), || body("yes")).unwrap();
        assert_eq!(kept.body.as_ref(), b"yes");
        assert_eq!(cache.stats().entries, 1);
    }

    #[test]
    fn stays_within_its_size() {
        let cache = ResponseCache::new(1);
        let big = "x".repeat(100 * 1024);
        for n in 0..50 {
            cache
                .get_or_render(|| format!("key{n}"), || body(&big))
                .unwrap();
        }
        let held = cache.entries.as_ref().map_or(0, |entries| entries.weight());
        assert!(held <= 1024 * 1024, "holds {held} bytes");
    }
}
