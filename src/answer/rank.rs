//! Ranking the facts a question may be about, by words and by meaning, fused.
//!
//! The lexical ranking is BM25 over the facts' questions, keywords and text (weighted by how
//! many of the question's telling words a fact holds); the semantic ranking is the cosine
//! between the question's vector and the fact's questions and text. Each is scaled to 0..1
//! over the candidates (lexical by its best score and raised to [`LEXICAL_POWER`], semantic
//! between its worst and best) and the two are added with [`LEXICAL_SHARE`]. On the tune
//! half this beat reciprocal rank fusion (RRF) by 10 questions of 218: RRF throws away how
//! far ahead the best match is.

use std::collections::HashMap;

use crate::index::{DocKind, IndexedDoc, SearchIndex};

/// The lexical ranking's share of the fused score; the semantic one has the rest. Tuned on
/// the tune half: 0.4 to 0.6 were within two questions, 0.5 best; lexical alone was 3 worse.
const LEXICAL_SHARE: f32 = 0.5;
/// The power the lexical score, scaled by the best, is raised to: below 1 it narrows a lead
/// won by repeating the question's incidental words ("create", "parameter group") over a
/// fact that fits by meaning. Tuned on the tune half (0.6 to 1.5; 0.8 best, 1 cost one right
/// answer and four more confidently wrong ones).
const LEXICAL_POWER: f32 = 0.8;
/// How much a fact that says what happens by default gains when the question asks what
/// happens by default ("is it on by default?", "does it ... on its own?"): such a question is
/// answered by the default, not by what someone may configure. Tuned on the tune half (0.1
/// to 0.5; 0.25 best).
const DEFAULT_BOOST: f32 = 0.25;

/// One fact with its place in each ranking.
#[derive(Debug, Clone)]
pub(crate) struct Scored<'a> {
    pub doc: &'a IndexedDoc,
    /// The lexical score (0 when the fact holds none of the words) and its rank from 1.
    pub lexical: f32,
    pub lexical_rank: Option<usize>,
    /// The best cosine with the fact's texts and its rank from 1.
    pub semantic: f32,
    pub semantic_rank: Option<usize>,
    /// The fused score.
    pub fused: f32,
}

impl<'a> Scored<'a> {
    /// A fact before either ranking has scored it.
    fn unranked(doc: &'a IndexedDoc) -> Scored<'a> {
        Scored {
            doc,
            lexical: 0.0,
            lexical_rank: None,
            semantic: 0.0,
            semantic_rank: None,
            fused: 0.0,
        }
    }
}

/// The facts of `kinds` (within `service` when given), fused from the lexical ranking of
/// `text` and the semantic ranking of `meaning`, best first.
pub(crate) fn rank<'a>(
    index: &'a SearchIndex,
    text: &str,
    meaning: Option<&[f32]>,
    service: Option<&str>,
    kinds: &[DocKind],
    asks_default: bool,
) -> tantivy::Result<Vec<Scored<'a>>> {
    let mut scored: HashMap<usize, Scored<'a>> = HashMap::new();
    if !text.trim().is_empty() {
        for (rank, ranked) in index
            .rank_for_answer(text, service, kinds)?
            .into_iter()
            .enumerate()
        {
            let entry = scored
                .entry(ranked.ord)
                .or_insert_with(|| Scored::unranked(ranked.doc));
            entry.lexical = ranked.score;
            entry.lexical_rank = Some(rank + 1);
        }
    }
    if let Some(meaning) = meaning {
        for (rank, ranked) in index
            .rank_by_meaning(meaning, service, kinds)
            .into_iter()
            .enumerate()
        {
            let entry = scored
                .entry(ranked.ord)
                .or_insert_with(|| Scored::unranked(ranked.doc));
            entry.semantic = ranked.score;
            entry.semantic_rank = Some(rank + 1);
        }
    }
    let mut ranked: Vec<(usize, Scored<'a>)> = scored.into_iter().collect();
    let lexical_best = ranked
        .iter()
        .map(|(_, s)| s.lexical)
        .fold(0.0_f32, f32::max);
    let (semantic_worst, semantic_best) = ranked
        .iter()
        .map(|(_, s)| s.semantic)
        .fold((f32::MAX, f32::MIN), |(low, high), v| {
            (low.min(v), high.max(v))
        });
    for (_, s) in ranked.iter_mut() {
        let lexical = if lexical_best > 0.0 {
            (s.lexical / lexical_best).powf(LEXICAL_POWER)
        } else {
            0.0
        };
        let semantic = if meaning.is_some() && semantic_best > semantic_worst {
            (s.semantic - semantic_worst) / (semantic_best - semantic_worst)
        } else {
            0.0
        };
        let share = if meaning.is_some() {
            LEXICAL_SHARE
        } else {
            1.0
        };
        s.fused = share * lexical + (1.0 - share) * semantic;
        if asks_default && s.doc.states_default {
            s.fused *= 1.0 + DEFAULT_BOOST;
        }
    }
    // Ties go to the better text match, then to document order, so results are stable.
    ranked.sort_unstable_by(|(a_ord, a), (b_ord, b)| {
        b.fused
            .total_cmp(&a.fused)
            .then(b.lexical.total_cmp(&a.lexical))
            .then(a_ord.cmp(b_ord))
    });
    Ok(ranked.into_iter().map(|(_, scored)| scored).collect())
}
