//! Highlighted fragments of search hits, from each document's words tokenized once.
//!
//! tantivy's `SnippetGenerator` tokenizes and stems a hit's whole text again for every search
//! that returns it, which was a sixth of an uncached search. Here a document's tokens (their
//! stems as positions in the stem table, and where they sit in the text) are worked out the
//! first time the document is a hit and kept; choosing the fragment follows the generator's
//! rule, so the fragments and highlights are the ones it gives.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::OnceLock;

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::{Score, Searcher, Term};

use super::StemTable;

/// One token of a document's text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SnippetToken {
    /// Position of the token's stem in the stem table; `u32::MAX` for a stem no document's
    /// indexed words hold, which no query term can be.
    stem: u32,
    from: u32,
    to: u32,
}

/// Each document's tokens, filled in the first time it is a hit.
pub(crate) struct SnippetTokens {
    tokens: Vec<OnceLock<Box<[SnippetToken]>>>,
}

/// A fragment being considered: where it starts and stops, its score and what it highlights.
struct Candidate {
    score: Score,
    start: usize,
    stop: usize,
    highlighted: Vec<Range<usize>>,
}

impl Candidate {
    fn new(start: usize) -> Candidate {
        Candidate {
            score: 0.0,
            start,
            stop: start,
            highlighted: Vec::new(),
        }
    }
}

/// The best fragment of a text: its byte range, and the ranges within it that matched.
pub(crate) struct Fragment {
    pub range: Range<usize>,
    pub highlighted: Vec<Range<usize>>,
}

/// The query's terms in `field` that some document holds, as (stem position, weight), sorted
/// by position. The weight is the generator's: rarer terms count more.
pub(crate) fn query_terms(
    searcher: &Searcher,
    query: &dyn Query,
    field: Field,
    table: &StemTable,
) -> tantivy::Result<Vec<(u32, Score)>> {
    let mut terms: BTreeSet<&Term> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term);
        }
    });
    let mut weighted = Vec::new();
    for term in terms {
        let value = term.value();
        let Some(text) = value.as_str() else {
            continue;
        };
        let doc_freq = searcher.doc_freq(term)?;
        if doc_freq > 0
            && let Some(position) = table.position(text)
        {
            weighted.push((position, 1.0 / (1.0 + doc_freq as Score)));
        }
    }
    weighted.sort_by_key(|&(position, _)| position);
    Ok(weighted)
}

impl SnippetTokens {
    pub(crate) fn new(count: usize) -> SnippetTokens {
        SnippetTokens {
            tokens: (0..count).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The best fragment of at most `max_bytes` of document `ord`'s `text` for the query's
    /// `terms`: the one whose matched terms weigh most, the earliest of equals; `None` when no
    /// term matches.
    pub(crate) fn best_fragment(
        &self,
        ord: usize,
        text: &str,
        table: &StemTable,
        terms: &[(u32, Score)],
        max_bytes: usize,
    ) -> Option<Fragment> {
        let tokens = self.tokens.get(ord)?.get_or_init(|| tokenize(text, table));
        let mut best: Option<Candidate> = None;
        let mut keep = |candidate: Candidate| {
            if candidate.score > 0.0 && best.as_ref().is_none_or(|b| candidate.score > b.score) {
                best = Some(candidate);
            }
        };
        let mut current = Candidate::new(0);
        for token in tokens.iter() {
            let (from, to) = (token.from as usize, token.to as usize);
            if to.saturating_sub(current.start) > max_bytes {
                keep(std::mem::replace(&mut current, Candidate::new(from)));
            }
            current.stop = to;
            if let Ok(at) = terms.binary_search_by_key(&token.stem, |&(stem, _)| stem)
                && let Some(&(_, weight)) = terms.get(at)
            {
                current.score += weight;
                current.highlighted.push(from..to);
            }
        }
        keep(current);
        best.map(|candidate| Fragment {
            highlighted: candidate
                .highlighted
                .iter()
                .map(|range| {
                    range.start.saturating_sub(candidate.start)
                        ..range.end.saturating_sub(candidate.start)
                })
                .collect(),
            range: candidate.start..candidate.stop,
        })
    }
}

/// The tokens of `text`, as the text fields' analyzer cuts and stems them.
fn tokenize(text: &str, table: &StemTable) -> Box<[SnippetToken]> {
    super::with_analyzer(|analyzer| {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let token = stream.token();
            let (Ok(from), Ok(to)) = (
                u32::try_from(token.offset_from),
                u32::try_from(token.offset_to),
            ) else {
                break;
            };
            out.push(SnippetToken {
                stem: table.position(&token.text).unwrap_or(u32::MAX),
                from,
                to,
            });
        }
        out.into_boxed_slice()
    })
}
