//! Fuzzes query parsing and answering: any UTF-8 text goes to `answer::answer` (as a
//! question) and to `SearchIndex::search` (as the `q` of a search, unfiltered and filtered),
//! the two places where untrusted words meet tantivy's query parser.
//!
//! Beyond "no panic", it checks the promises the API documents: neither function errors on
//! any text, the confidence is between 0 and 1 and no owner is given below
//! `MIN_CONFIDENCE`, a page never holds more than its limit, and highlight ranges are byte
//! ranges of their fragment that fall on character boundaries.
//!
//! Run it with `fuzz/run.sh` (see the README, "Fuzzing").

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use srmap::answer::{MIN_CONFIDENCE, answer};
use srmap::index::{DEFAULT_LIMIT, DocKind, SearchIndex, SearchRequest};
use srmap::model::{Dataset, Owner};

/// The embedded dataset and its index, built once per fuzzing process: building takes far
/// longer than running one input, and every input only reads them.
static STATE: LazyLock<(Dataset, SearchIndex)> = LazyLock::new(|| {
    let dataset = srmap::dataset::load(None, None)
        .expect("the embedded dataset is readable")
        .expect("the embedded dataset validates");
    let index = SearchIndex::build_in_ram(&dataset).expect("the embedded dataset indexes");
    (dataset, index)
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (dataset, index) = &*STATE;

    let reply = answer(dataset, index, text).expect("answering never fails on any text");
    assert!(
        (0.0..=1.0).contains(&reply.confidence),
        "confidence {} out of range",
        reply.confidence
    );
    if reply.confidence < MIN_CONFIDENCE {
        assert!(
            reply.owner.is_none(),
            "an owner below the minimum confidence"
        );
    }

    // The service the question names, if any, makes a filtered search as the API would
    // build it from `service=`; the input's length picks the other filters and the page.
    let filtered = SearchRequest {
        query: text.to_string(),
        owner: [
            None,
            Some(Owner::Aws),
            Some(Owner::Customer),
            Some(Owner::Shared),
        ][data.len() % 4],
        kind: [None, Some(DocKind::Statement), Some(DocKind::Entry)][data.len() % 3],
        service: reply.service_id.clone(),
        limit: 1 + data.len() % 7,
        offset: data.len() % 5,
        ..SearchRequest::default()
    };
    let plain = SearchRequest {
        query: text.to_string(),
        limit: DEFAULT_LIMIT,
        ..SearchRequest::default()
    };
    for request in [plain, filtered] {
        let results = index
            .search(&request)
            .expect("searching never fails on any text");
        assert!(results.hits.len() <= request.limit, "a page over its limit");
        assert!(results.total >= results.hits.len(), "total below the page");
        for hit in &results.hits {
            for &[start, end] in &hit.highlights {
                assert!(
                    start <= end
                        && end <= hit.fragment.len()
                        && hit.fragment.is_char_boundary(start)
                        && hit.fragment.is_char_boundary(end),
                    "highlight {start}..{end} is not a range of the fragment {:?}",
                    hit.fragment
                );
            }
        }
    }
});
