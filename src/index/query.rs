//! Searching the index: one [`SearchRequest`] from every front end, one [`SearchResults`] back.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EnableScoring, FuzzyTermQuery, Occur, Query, QueryParser,
    TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DocId, DocSet, Index, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED, Term,
};

use super::{DocKind, Fields, IndexedDoc, SearchIndex};
use crate::model::{Owner, ServiceModel};

/// Weight of a fact's own questions in answer ranking, above its keywords (2.0) and text
/// (1.0): they are worded as people ask.
const ASKS_BOOST: f32 = 2.5;
/// Extra weight of two neighbouring query words found side by side.
const PHRASE_BOOST: f32 = 2.0;
/// Weight of words found through a synonym group rather than typed.
const SYNONYM_BOOST: f32 = 0.5;
/// Weight of a near spelling of a word no document contains.
const FUZZY_BOOST: f32 = 0.5;
/// Shortest word that gets typo tolerance.
const MIN_FUZZY_CHARS: usize = 4;
/// Words this long or longer tolerate two edits, shorter ones one.
const LONG_WORD_CHARS: usize = 8;
/// Most words of one query that get typo tolerance. Each costs a Levenshtein automaton and a
/// walk of the term dictionary per field; a real query has a few unknown words, and this
/// bounds what a long run of gibberish costs.
const MAX_FUZZY_WORDS: usize = 16;
/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 180;

/// A search, as every front end (JSON API, CLI) expresses it. Filters are exact values and are
/// combined with AND; `service` is an already resolved service id.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    pub owner: Option<Owner>,
    pub area: Option<String>,
    pub model: Option<ServiceModel>,
    pub category: Option<String>,
    pub service: Option<String>,
    pub kind: Option<DocKind>,
    pub limit: usize,
    pub offset: usize,
}

/// One search hit.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SearchHit {
    pub kind: DocKind,
    pub service_id: Option<String>,
    pub duty_id: Option<String>,
    pub owner: Option<Owner>,
    pub area: Option<String>,
    pub title: String,
    /// The best fragment of the hit's text, as plain text.
    pub fragment: String,
    /// Byte ranges of `fragment` that matched the query.
    pub highlights: Vec<[usize; 2]>,
    pub score: f32,
}

/// Counts of hits per owner and per area over the whole result set, not just the page.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Facets {
    pub owner: BTreeMap<String, usize>,
    pub area: BTreeMap<String, usize>,
}

impl Facets {
    /// Counts the documents at `ords` by owner and area. A broad query matches thousands of
    /// documents but there are only three owners and a handful of areas: the owners are kept
    /// in a short list, the areas counted by their codes (comparing area names was a fifth
    /// of an uncached search).
    fn count(index: &SearchIndex, ords: impl Iterator<Item = usize>) -> Facets {
        let mut owners: Vec<(Owner, usize)> = Vec::new();
        let mut areas = vec![0_usize; index.area_names.len()];
        for ord in ords {
            if let Some(owner) = index.owners.get(ord).copied().flatten() {
                match owners.iter_mut().find(|(known, _)| *known == owner) {
                    Some((_, count)) => *count += 1,
                    None => owners.push((owner, 1)),
                }
            }
            if let Some(count) = index
                .area_codes
                .get(ord)
                .copied()
                .flatten()
                .and_then(|code| areas.get_mut(usize::from(code)))
            {
                *count += 1;
            }
        }
        Facets {
            owner: owners
                .into_iter()
                .map(|(owner, count)| (owner.to_string(), count))
                .collect(),
            area: index
                .area_names
                .iter()
                .zip(areas)
                .filter(|(_, count)| *count > 0)
                .map(|(area, count)| (area.clone(), count))
                .collect(),
        }
    }
}

/// A page of hits.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<SearchHit>,
    pub facets: Facets,
}

/// A document matched by an internal ranking (answers), with its score.
#[derive(Debug, Clone)]
pub(crate) struct RankedDoc<'a> {
    pub score: f32,
    /// The document's position in the index, which identifies it.
    pub ord: usize,
    pub doc: &'a IndexedDoc,
}

/// Weighted free-text fields and the query parser over them, built once per index.
pub(super) struct TextFields {
    fields: Vec<(Field, Score)>,
    parser: QueryParser,
}

impl TextFields {
    fn new(index: &Index, fields: Vec<(Field, Score)>) -> TextFields {
        let mut parser = QueryParser::for_index(index, fields.iter().map(|(f, _)| *f).collect());
        for &(field, boost) in &fields {
            parser.set_field_boost(field, boost);
        }
        TextFields { fields, parser }
    }

    /// The fields a search looks in: names count most.
    pub(super) fn for_search(index: &Index, f: Fields) -> TextFields {
        TextFields::new(
            index,
            vec![
                (f.names, 4.0),
                (f.title, 2.0),
                (f.keywords, 1.5),
                (f.body, 1.0),
            ],
        )
    }

    /// The fields an answer ranks by: the questions a fact answers first, then its wording;
    /// not service names.
    pub(super) fn for_answer(index: &Index, f: Fields) -> TextFields {
        TextFields::new(
            index,
            vec![
                (f.asks, ASKS_BOOST),
                (f.title, 1.5),
                (f.keywords, 2.0),
                (f.body, 1.0),
            ],
        )
    }
}

/// One member of a synonym group: its stems, to see whether a query uses it, and the phrase
/// that adds it to a query.
pub(super) struct Synonym {
    stems: Vec<String>,
    phrase: String,
}

impl Synonym {
    pub(super) fn new(member: &str) -> Synonym {
        Synonym {
            stems: super::stems(member),
            phrase: quoted(&sanitize_query(member)),
        }
    }

    /// True when the sorted `stems` hold every stem of this member.
    fn is_in(&self, stems: &[String]) -> bool {
        contains_all(stems, &self.stems)
    }
}

/// Characters that mean something to tantivy's query grammar. Users never type them on
/// purpose, so they become spaces; balanced double quotes are kept for phrases.
const SYNTAX_CHARACTERS: &[char] = &[
    ':', '+', '(', ')', '[', ']', '{', '}', '^', '~', '*', '!', '\\', '/', '<', '>', '=', '&', '|',
    '\'', '`', '?', ',', ';',
];

/// Makes any user text safe for the query parser: syntax characters become spaces, operators
/// (`AND`, `OR`, `NOT`) become ordinary words, and unbalanced quotes are dropped. Words joined
/// by hyphens or dots (`SI-2`, `S3.1`, `cognito-idp`) become phrases, so their parts must
/// appear together.
pub(crate) fn sanitize_query(text: &str) -> String {
    let mut cleaned: String = text
        .chars()
        .map(|c| {
            if SYNTAX_CHARACTERS.contains(&c) || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    if cleaned.matches('"').count() % 2 == 1 {
        cleaned = cleaned.replace('"', " ");
    }
    let mut quoted = false;
    let mut words = Vec::new();
    for word in cleaned.split_whitespace() {
        let toggles = word.matches('"').count() % 2 == 1;
        let joined = |c: char| c == '-' || c == '.';
        if quoted || word.contains('"') {
            words.push(word.replace(joined, " "));
        } else {
            let inner = word.trim_matches(joined);
            if inner.contains(joined) {
                words.push(format!("\"{}\"", inner.replace(joined, " ")));
            } else if !inner.is_empty() {
                words.push(inner.to_string());
            }
        }
        if toggles {
            quoted = !quoted;
        }
    }
    words.join(" ").to_lowercase()
}

impl SearchIndex {
    /// The query for free text over `fields`: the words themselves, neighbouring words as
    /// boosted phrases, the other words of any synonym group the text uses (weighted less),
    /// and, for words no document contains, near spellings (weighted less again). Exact
    /// matches therefore rank above synonyms and typos.
    fn text_query(&self, text: &str, fields: &TextFields) -> Box<dyn Query> {
        let parser = &fields.parser;
        let cleaned = self.without_stopwords(&sanitize_query(text));
        if cleaned.trim().is_empty() {
            // Only pages browse by filters alone; the API requires words.
            return Box::new(AllQuery);
        }
        let (exact, _ignored) = parser.parse_query_lenient(&with_phrase_boosts(&cleaned));
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, exact)];
        if let Some(related) = self.related_synonyms(&cleaned) {
            let (query, _ignored) = parser.parse_query_lenient(&related);
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(query, SYNONYM_BOOST)),
            ));
        }
        for (fuzzy, factor) in self.near_spellings(&cleaned, fields) {
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(fuzzy), factor)),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The other members of every synonym group `cleaned` uses, as query text; `None` when
    /// it uses none.
    fn related_synonyms(&self, cleaned: &str) -> Option<String> {
        let found = super::stems(cleaned);
        let related: Vec<&str> = self
            .synonyms
            .iter()
            .filter(|group| group.iter().any(|member| member.is_in(&found)))
            .flatten()
            .filter(|member| !member.is_in(&found))
            .map(|member| member.phrase.as_str())
            .collect();
        (!related.is_empty()).then(|| related.join(" "))
    }

    /// Typo-tolerant queries, one per field, for each word of `cleaned` that no document
    /// contains, with the factor each counts with.
    fn near_spellings(&self, cleaned: &str, fields: &TextFields) -> Vec<(FuzzyTermQuery, Score)> {
        let unquoted = cleaned.replace('"', " ");
        let unknown = unquoted
            .split_whitespace()
            .flat_map(super::stems)
            .filter(|stem| {
                stem.chars().count() >= MIN_FUZZY_CHARS && self.stems.position(stem).is_none()
            })
            .take(MAX_FUZZY_WORDS);
        let mut queries = Vec::new();
        for stem in unknown {
            let length = stem.chars().count();
            let distance = if length >= LONG_WORD_CHARS { 2 } else { 1 };
            for &(field, boost) in &fields.fields {
                let fuzzy =
                    FuzzyTermQuery::new(Term::from_field_text(field, &stem), distance, true);
                queries.push((fuzzy, boost * FUZZY_BOOST));
            }
        }
        queries
    }

    /// The clauses of [`SearchIndex::text_query`] as a flat list of leaf queries, each with
    /// the factor its score counts with: the text query's score of a document is the sum of
    /// its matching leaves' scores times their factors. `None` for a text with no words.
    fn text_clauses(
        &self,
        text: &str,
        fields: &TextFields,
    ) -> Option<Vec<(Box<dyn Query>, Score)>> {
        let parser = &fields.parser;
        let cleaned = self.without_stopwords(&sanitize_query(text));
        if cleaned.trim().is_empty() {
            return None;
        }
        let mut clauses = Vec::new();
        flatten(parser.parse_query_lenient(&cleaned).0, 1.0, &mut clauses);
        // The query parser keeps one of identical clauses: a pair that comes twice counts once.
        // All the pairs are parsed together: parsing is a large part of a query's cost.
        let mut pairs = neighbour_phrases(&cleaned);
        pairs.sort();
        pairs.dedup();
        if !pairs.is_empty() {
            flatten(
                parser.parse_query_lenient(&pairs.join(" ")).0,
                PHRASE_BOOST,
                &mut clauses,
            );
        }
        if let Some(related) = self.related_synonyms(&cleaned) {
            flatten(
                parser.parse_query_lenient(&related).0,
                SYNONYM_BOOST,
                &mut clauses,
            );
        }
        for (fuzzy, factor) in self.near_spellings(&cleaned, fields) {
            clauses.push((Box::new(fuzzy), factor));
        }
        Some(clauses)
    }

    /// `cleaned` without the vocabulary's stopwords ("who", "the"), unless nothing else is
    /// left; words inside quotes stay, since a phrase needs all its words.
    fn without_stopwords(&self, cleaned: &str) -> String {
        let mut quoted = false;
        let kept: Vec<&str> = cleaned
            .split_whitespace()
            .filter(|word| {
                let keep = quoted || word.contains('"') || !self.stopwords.contains(*word);
                if word.matches('"').count() % 2 == 1 {
                    quoted = !quoted;
                }
                keep
            })
            .collect();
        if kept.is_empty() {
            cleaned.to_string()
        } else {
            kept.join(" ")
        }
    }

    fn term_filter(&self, field: Field, value: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        ))
    }

    /// Every document matching `text` and the filters, as (score, position), in no order.
    fn matches(
        &self,
        searcher: &Searcher,
        text_query: Box<dyn Query>,
        filters: Vec<Box<dyn Query>>,
    ) -> tantivy::Result<Vec<(Score, usize)>> {
        let query: Box<dyn Query> = if filters.is_empty() {
            text_query
        } else {
            let clauses = std::iter::once((Occur::Must, text_query))
                .chain(filters.into_iter().map(|filter| (Occur::Must, filter)))
                .collect();
            Box::new(BooleanQuery::new(clauses))
        };
        searcher.search(&query, &EveryMatch)
    }

    /// Runs `request`. Any text is accepted: syntax characters are neutralised first, so the
    /// only errors are internal ones.
    pub fn search(&self, request: &SearchRequest) -> tantivy::Result<SearchResults> {
        let f = self.fields;
        // The text's leaf clauses, parsed once: they score the matches and name the words to
        // highlight. Without words (only pages browse by filters alone) every document matches.
        let clauses = self.text_clauses(&request.query, &self.search_fields);
        let text_query: Box<dyn Query> = match &clauses {
            Some(clauses) => Box::new(BooleanQuery::new(
                clauses
                    .iter()
                    .map(|(clause, factor)| {
                        let boosted: Box<dyn Query> =
                            Box::new(BoostQuery::new(clause.box_clone(), *factor));
                        (Occur::Should, boosted)
                    })
                    .collect(),
            )),
            None => Box::new(AllQuery),
        };
        let mut filters = Vec::new();
        let wanted = [
            (
                f.owner,
                request.owner.map(|owner| owner.as_str().to_string()),
            ),
            (f.area, request.area.clone()),
            (
                f.model,
                request.model.map(|model| model.as_str().to_string()),
            ),
            (f.category, request.category.clone()),
            (f.service_id, request.service.clone()),
            (f.kind, request.kind.map(|kind| kind.as_str().to_string())),
        ];
        for (field, value) in wanted {
            if let Some(value) = value {
                filters.push(self.term_filter(field, &value));
            }
        }
        let searcher = self.reader.searcher();
        // Scored clause by clause over the whole index when document ids are positions: the
        // same matches and sums as the boolean query, without its nested unions refilling and
        // scoring a window of documents for every word in every field.
        let by_clause = match &clauses {
            Some(clauses) if self.doc_ids_are_positions => {
                let groups: Vec<Vec<Box<dyn Query>>> = filters
                    .iter()
                    .map(|filter| vec![filter.box_clone()])
                    .collect();
                self.scored_by_clause(&searcher, clauses, 0..self.docs.len(), &groups)?
            }
            _ => None,
        };
        let mut ranked = match by_clause {
            Some(ranked) => ranked,
            None => self.matches(&searcher, text_query.box_clone(), filters)?,
        };
        // Counted before ordering, while the matches are in document order.
        let facets = Facets::count(self, ranked.iter().map(|&(_, ord)| ord));
        // Only the requested page needs ordering: a broad query matches thousands.
        best_first(&mut ranked, request.offset.saturating_add(request.limit));
        let terms = super::snippet::query_terms(&searcher, &*text_query, f.body, &self.stems)?;
        let hits = ranked
            .iter()
            .skip(request.offset)
            .take(request.limit)
            .map(|&(score, ord)| {
                let doc = &self.docs[ord];
                let fragment = self
                    .snippet_tokens
                    .best_fragment(ord, &doc.text, &self.stems, &terms, SNIPPET_CHARS)
                    .and_then(|found| {
                        let text = doc.text.get(found.range)?;
                        Some((text.to_string(), found.highlighted))
                    });
                let (fragment, highlights) = match fragment {
                    Some((text, highlighted)) => (
                        text,
                        highlighted
                            .iter()
                            .map(|range| [range.start, range.end])
                            .collect(),
                    ),
                    None => (doc.text.chars().take(SNIPPET_CHARS).collect(), Vec::new()),
                };
                SearchHit {
                    kind: doc.kind,
                    service_id: doc.service_id.clone(),
                    duty_id: doc.duty_id.clone(),
                    owner: doc.owner,
                    area: doc.area.clone(),
                    title: doc.title.clone(),
                    fragment,
                    highlights,
                    score,
                }
            })
            .collect();
        Ok(SearchResults {
            total: ranked.len(),
            hits,
            facets,
        })
    }

    /// Ranks documents of the given kinds against `text` by their duty and statement wording
    /// only (not service names), optionally within one service. Used to find what a question
    /// asks about once its service is known.
    pub(crate) fn rank_for_answer(
        &self,
        text: &str,
        service: Option<&str>,
        kinds: &[DocKind],
    ) -> tantivy::Result<Vec<RankedDoc<'_>>> {
        let mut ranked = self.scored_for_answer(text, service, kinds)?;
        ranked.sort_unstable_by(answer_order);
        Ok(ranked
            .into_iter()
            .map(|(score, _, ord)| RankedDoc {
                score,
                ord,
                doc: &self.docs[ord],
            })
            .collect())
    }

    /// The first of [`SearchIndex::rank_for_answer`]'s ranking, without ordering the rest.
    pub(crate) fn best_for_answer(
        &self,
        text: &str,
        service: Option<&str>,
        kinds: &[DocKind],
    ) -> tantivy::Result<Option<RankedDoc<'_>>> {
        let ranked = self.scored_for_answer(text, service, kinds)?;
        Ok(ranked
            .into_iter()
            .min_by(answer_order)
            .map(|(score, _, ord)| RankedDoc {
                score,
                ord,
                doc: &self.docs[ord],
            }))
    }

    /// The documents matching `text`, as (score weighed by coverage, text score, position).
    fn scored_for_answer(
        &self,
        text: &str,
        service: Option<&str>,
        kinds: &[DocKind],
    ) -> tantivy::Result<Vec<(Score, Score, usize)>> {
        let f = self.fields;
        // Each group of filters must match with one of its members, which adds its score.
        let mut filter_groups: Vec<Vec<Box<dyn Query>>> = Vec::new();
        if let Some(service) = service {
            filter_groups.push(vec![self.term_filter(f.service_id, service)]);
        }
        if !kinds.is_empty() {
            filter_groups.push(
                kinds
                    .iter()
                    .map(|kind| self.term_filter(f.kind, kind.as_str()))
                    .collect(),
            );
        }
        let searcher = self.reader.searcher();
        let wanted = super::stems(text);
        let weighted = WeightedStems::new(&self.stems, &wanted);
        let in_range = match service.and_then(|id| self.services.get(id)) {
            Some(range) if self.doc_ids_are_positions => self.scored_in_range(
                &searcher,
                text,
                &self.answer_fields,
                range.clone(),
                &filter_groups,
            )?,
            _ => None,
        };
        let matched = match in_range {
            Some(matched) => matched,
            None => {
                let filters = filter_groups
                    .into_iter()
                    .map(|mut group| match group.len() {
                        1 => group.remove(0),
                        _ => Box::new(BooleanQuery::new(
                            group.into_iter().map(|q| (Occur::Should, q)).collect(),
                        )) as Box<dyn Query>,
                    })
                    .collect();
                let text_query = self.text_query(text, &self.answer_fields);
                self.matches(&searcher, text_query, filters)?
            }
        };
        Ok(matched
            .into_iter()
            .map(|(score, ord)| {
                let stems = &self.docs[ord].stems;
                let weighed = score * weighted.coverage(stems).powi(2);
                (weighed, score, ord)
            })
            .collect())
    }
}

impl SearchIndex {
    /// The documents at positions `range` that match `text` and a member of every one of
    /// `filter_groups`, as
    /// (score, position), scored clause by clause: the text's leaf clauses, then the filters,
    /// each skipped straight to the range. A service's documents are a few dozen contiguous
    /// ones, where a boolean query's unions refill and score a window of 4,096 documents for
    /// every nested clause. The sums are the boolean query's, added in another order. `None`
    /// when the text has no words, which the boolean query handles.
    fn scored_in_range(
        &self,
        searcher: &Searcher,
        text: &str,
        fields: &TextFields,
        range: std::ops::Range<usize>,
        filter_groups: &[Vec<Box<dyn Query>>],
    ) -> tantivy::Result<Option<Vec<(Score, usize)>>> {
        let Some(clauses) = self.text_clauses(text, fields) else {
            return Ok(None);
        };
        self.scored_by_clause(searcher, &clauses, range, filter_groups)
    }

    /// [`SearchIndex::scored_in_range`] with the text's clauses already made.
    fn scored_by_clause(
        &self,
        searcher: &Searcher,
        clauses: &[(Box<dyn Query>, Score)],
        range: std::ops::Range<usize>,
        filter_groups: &[Vec<Box<dyn Query>>],
    ) -> tantivy::Result<Option<Vec<(Score, usize)>>> {
        let [segment] = searcher.segment_readers() else {
            return Ok(None);
        };
        let (Ok(start), Ok(end)) = (DocId::try_from(range.start), DocId::try_from(range.end))
        else {
            return Ok(None);
        };
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let Ok(group_count) = u16::try_from(filter_groups.len()) else {
            return Ok(None);
        };
        SCORE_SLOTS.with_borrow_mut(|slots| {
            slots.clear();
            slots.resize(range.len(), ScoreSlot::default());
            for (clause, factor) in clauses {
                let weight = clause.weight(scoring)?;
                for_each_in(&*weight, segment, start, end, |at, score| {
                    if let Some(slot) = slots.get_mut(at) {
                        slot.text += factor * score;
                        slot.text_matched = true;
                    }
                })?;
            }
            for (group, marker) in filter_groups.iter().zip(1..=group_count) {
                for filter in group {
                    let weight = filter.weight(scoring)?;
                    for_each_in(&*weight, segment, start, end, |at, score| {
                        if let Some(slot) = slots.get_mut(at) {
                            slot.filter += score;
                            if slot.last_group != marker {
                                slot.last_group = marker;
                                slot.groups += 1;
                            }
                        }
                    })?;
                }
            }
            Ok(Some(
                slots
                    .iter()
                    .enumerate()
                    .filter(|(_, slot)| slot.text_matched && slot.groups == group_count)
                    .map(|(at, slot)| (slot.text + slot.filter, range.start + at))
                    .collect(),
            ))
        })
    }
}

/// What scoring clause by clause gathers for one document.
#[derive(Debug, Clone, Copy, Default)]
struct ScoreSlot {
    text: Score,
    filter: Score,
    text_matched: bool,
    /// The filter groups matched, and the last group (counted from 1) that matched, so a
    /// group with several matching members counts once.
    groups: u16,
    last_group: u16,
}

thread_local! {
    // One document's worth of scores for every document of the index, kept between requests:
    // allocating and freeing it for each search made the allocator hand pages back to the
    // system and fetch them again.
    static SCORE_SLOTS: std::cell::RefCell<Vec<ScoreSlot>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Calls `found(position - start, score)` for each document of `weight` in `start..end`.
fn for_each_in(
    weight: &dyn Weight,
    segment: &SegmentReader,
    start: DocId,
    end: DocId,
    mut found: impl FnMut(usize, Score),
) -> tantivy::Result<()> {
    let mut scorer = weight.scorer(segment, 1.0)?;
    let mut doc = scorer.doc();
    if doc < start {
        doc = scorer.seek(start);
    }
    while doc != TERMINATED && doc < end {
        found((doc - start) as usize, scorer.score());
        doc = scorer.advance();
    }
    Ok(())
}

/// Adds `query`'s leaves to `out` with `factor`: a boolean query of optional clauses scores
/// the sum of its matching clauses, so its clauses stand for it.
fn flatten(query: Box<dyn Query>, factor: Score, out: &mut Vec<(Box<dyn Query>, Score)>) {
    match query.downcast_ref::<BooleanQuery>() {
        Some(boolean)
            if boolean
                .clauses()
                .iter()
                .all(|(occur, _)| *occur == Occur::Should) =>
        {
            for (_, clause) in boolean.clauses() {
                flatten(clause.box_clone(), factor, out);
            }
        }
        _ => out.push((query, factor)),
    }
}

/// Best first; ties go to the better text match, then to document order.
fn answer_order(a: &(Score, Score, usize), b: &(Score, Score, usize)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0)
        .then(b.1.total_cmp(&a.1))
        .then(a.2.cmp(&b.2))
}

/// Puts the best `count` of `ranked` first, best first; ties go by document position, so
/// results never depend on how documents fall into segments.
fn best_first(ranked: &mut [(Score, usize)], count: usize) {
    let order = |a: &(Score, usize), b: &(Score, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if count == 0 {
        return;
    }
    if count < ranked.len() {
        ranked.select_nth_unstable_by(count - 1, order);
    }
    let end = count.min(ranked.len());
    ranked[..end].sort_unstable_by(order);
}

/// Collects every matching document as (score, position in `SearchIndex::docs`). The
/// position comes from the `ord` fast field, opened once per segment: opening a column costs
/// far more than reading one value from it.
struct EveryMatch;

struct EveryMatchInSegment {
    ords: tantivy::columnar::Column<u64>,
    found: Vec<(Score, usize)>,
}

impl Collector for EveryMatch {
    type Fruit = Vec<(Score, usize)>;
    type Child = EveryMatchInSegment;

    fn for_segment(
        &self,
        _segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<EveryMatchInSegment> {
        Ok(EveryMatchInSegment {
            ords: segment.fast_fields().u64("ord")?,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<Vec<(Score, usize)>>) -> tantivy::Result<Self::Fruit> {
        Ok(segments.concat())
    }
}

impl SegmentCollector for EveryMatchInSegment {
    type Fruit = Vec<(Score, usize)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(ord) = self.ords.first(doc) {
            self.found.push((score, ord as usize));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.found
    }
}

/// True when every stem of `wanted` is in the sorted `have`.
fn contains_all(have: &[String], wanted: &[String]) -> bool {
    !wanted.is_empty() && wanted.iter().all(|stem| have.binary_search(stem).is_ok())
}

/// The share of the question's words that a document contains, from 0 to 1. BM25 alone lets
/// a document that repeats two of the words beat one that has all of them; this is the
/// classic coordination factor that corrects it.
/// Words are weighted by their rarity, so missing a telling word ("custom") costs more than
/// missing a common one ("update").
/// The question's stems with their weights (inverse document frequency), worked out once per
/// question rather than once per matching document.
struct WeightedStems {
    /// Positions in the stem table, with their weights.
    stems: Vec<(u32, f32)>,
    total: f32,
}

impl WeightedStems {
    fn new(table: &super::StemTable, wanted: &[String]) -> WeightedStems {
        // A word no document has tells nothing about which document fits: it weighs nothing.
        let stems: Vec<(u32, f32)> = wanted
            .iter()
            .filter_map(|stem| table.position(stem))
            .map(|position| (position, table.idf(position)))
            .collect();
        let total = stems.iter().map(|(_, weight)| weight).sum();
        WeightedStems { stems, total }
    }

    /// The weighted share of the stems found in `have` (a document's ascending stem
    /// positions).
    fn coverage(&self, have: &[u32]) -> f32 {
        if self.total <= 0.0 {
            return 1.0;
        }
        let found: f32 = self
            .stems
            .iter()
            .filter(|(stem, _)| have.binary_search(stem).is_ok())
            .map(|(_, weight)| weight)
            .sum();
        found / self.total
    }
}

/// The sanitized query followed by each pair of neighbouring words as a boosted phrase, so
/// that a document saying "custom AMI" outranks one that says "custom" and "AMI" apart.
fn with_phrase_boosts(cleaned: &str) -> String {
    let mut query = cleaned.to_string();
    for phrase in neighbour_phrases(cleaned) {
        query.push_str(&format!(" {phrase}^{PHRASE_BOOST}"));
    }
    query
}

/// Each pair of neighbouring words of `cleaned` as a phrase query text, in order.
fn neighbour_phrases(cleaned: &str) -> Vec<String> {
    let plain = cleaned.replace('"', " ");
    let words: Vec<&str> = plain.split_whitespace().collect();
    words
        .windows(2)
        // A slop of 1 lets "encryption rest" (stopword dropped) meet "encryption at rest".
        .map(|pair| format!("\"{} {}\"~1", pair[0], pair[1]))
        .collect()
}

/// Quotes a phrase of several words for the query parser.
fn quoted(phrase: &str) -> String {
    if phrase.contains(' ') {
        format!("\"{phrase}\"")
    } else {
        phrase.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts that two sets of (score, position) matches hold the same documents with the
    /// same scores, up to the rounding of adding in another order.
    fn assert_same_matches(
        mut by_clause: Vec<(Score, usize)>,
        mut boolean: Vec<(Score, usize)>,
        label: &str,
    ) {
        by_clause.sort_by_key(|&(_, ord)| ord);
        boolean.sort_by_key(|&(_, ord)| ord);
        let ords = |found: &[(Score, usize)]| found.iter().map(|&(_, o)| o).collect::<Vec<_>>();
        assert_eq!(ords(&by_clause), ords(&boolean), "{label}");
        for (&(a, ord), &(b, _)) in by_clause.iter().zip(&boolean) {
            assert!(
                (a - b).abs() <= 1e-4 * b.abs().max(1.0),
                "{label}: {ord}: {a} != {b}"
            );
        }
    }

    #[test]
    fn searching_clause_by_clause_gives_the_boolean_querys_matches_and_scores() {
        let (_, index) = crate::dataset::prebuilt().expect("the embedded dataset is prebuilt");
        let searcher = index.reader.searcher();
        let f = index.fields;
        let texts = [
            "s3 encryption at rest",
            "who patches the OS on RDS",
            "lamda patching",
            "\"custom AMI\" kms key rotation",
            "SI-2 cognito-idp S3.1",
            "mfa root account",
        ];
        let filter_sets: Vec<Vec<Box<dyn Query>>> = vec![
            Vec::new(),
            vec![index.term_filter(f.owner, "customer")],
            vec![
                index.term_filter(f.service_id, "rds"),
                index.term_filter(f.kind, "statement"),
            ],
        ];
        for text in texts {
            for filters in &filter_sets {
                let clauses = index
                    .text_clauses(text, &index.search_fields)
                    .expect("a text with words");
                let groups: Vec<Vec<Box<dyn Query>>> = filters
                    .iter()
                    .map(|filter| vec![filter.box_clone()])
                    .collect();
                let by_clause = index
                    .scored_by_clause(&searcher, &clauses, 0..index.docs.len(), &groups)
                    .expect("scored")
                    .expect("one segment");
                let query = index.text_query(text, &index.search_fields);
                let cloned = filters.iter().map(|filter| filter.box_clone()).collect();
                let boolean = index.matches(&searcher, query, cloned).expect("matched");
                assert!(!filters.is_empty() || !boolean.is_empty(), "{text}");
                assert_same_matches(by_clause, boolean, text);
            }
        }
    }

    #[test]
    fn fragments_are_the_ones_tantivys_snippet_generator_gives() {
        let (_, index) = crate::dataset::prebuilt().expect("the embedded dataset is prebuilt");
        let searcher = index.reader.searcher();
        let f = index.fields;
        for text in [
            "s3 encryption at rest",
            "who patches the OS on RDS",
            "lamda patching runtime",
            "\"maintenance window\" backups retention",
            "mfa root account access keys",
        ] {
            let query = index.text_query(text, &index.search_fields);
            let mut generator =
                tantivy::snippet::SnippetGenerator::create(&searcher, &*query, f.body)
                    .expect("a generator");
            generator.set_max_num_chars(SNIPPET_CHARS);
            let terms =
                super::super::snippet::query_terms(&searcher, &*query, f.body, &index.stems)
                    .expect("the query's terms");
            let mut compared = 0;
            for (ord, doc) in index.docs.iter().enumerate().step_by(7) {
                let expected = generator.snippet(&doc.text);
                let found = index.snippet_tokens.best_fragment(
                    ord,
                    &doc.text,
                    &index.stems,
                    &terms,
                    SNIPPET_CHARS,
                );
                match found {
                    None => assert!(expected.fragment().is_empty(), "{text}: {ord}"),
                    Some(found) => {
                        compared += 1;
                        assert_eq!(
                            doc.text.get(found.range),
                            Some(expected.fragment()),
                            "{text}"
                        );
                        assert_eq!(found.highlighted, expected.highlighted(), "{text}: {ord}");
                    }
                }
            }
            assert!(compared > 50, "{text}: {compared} fragments compared");
        }
    }

    #[test]
    fn scoring_a_service_clause_by_clause_gives_the_boolean_querys_matches_and_scores() {
        let (_, index) = crate::dataset::prebuilt().expect("the embedded dataset is prebuilt");
        assert!(index.doc_ids_are_positions);
        let searcher = index.reader.searcher();
        let f = index.fields;
        let kinds = [DocKind::Entry, DocKind::Statement];
        let texts = [
            "who patches the os",
            "server access logs server access logging",
            "encryption at rest and key rotation by default",
            "dynamdb encrypshun backups",
            "\"maintenance window\" patch",
            "who rotates aws/ebs",
            "SI-2 and S3.1 controls",
            "wer verschlüsselt die Daten",
        ];
        for service in ["rds", "s3", "ec2", "lambda", "kms", "iam", "eks"] {
            let range = index.services.get(service).expect("a service").clone();
            let groups = vec![
                vec![index.term_filter(f.service_id, service)],
                kinds
                    .iter()
                    .map(|kind| index.term_filter(f.kind, kind.as_str()))
                    .collect(),
            ];
            for text in texts {
                let by_clause = index
                    .scored_in_range(
                        &searcher,
                        text,
                        &index.answer_fields,
                        range.clone(),
                        &groups,
                    )
                    .expect("scored")
                    .expect("a text with words");
                let filters: Vec<Box<dyn Query>> = vec![
                    index.term_filter(f.service_id, service),
                    Box::new(BooleanQuery::new(
                        kinds
                            .iter()
                            .map(|kind| (Occur::Should, index.term_filter(f.kind, kind.as_str())))
                            .collect(),
                    )),
                ];
                let query = index.text_query(text, &index.answer_fields);
                let boolean = index.matches(&searcher, query, filters).expect("matched");
                assert_same_matches(by_clause, boolean, &format!("{service}: {text}"));
            }
        }
    }

    #[test]
    fn sanitize_query_neutralises_syntax_and_operators() {
        for (input, expected) in [
            ("who:patches \"rds", "who patches rds"),
            ("(a OR b) AND NOT c", "a or b and not c"),
            ("\"maintenance window\"", "\"maintenance window\""),
            ("field:[a TO b]", "field a to b"),
            ("SI-2 and S3.1", "\"si 2\" and \"s3 1\""),
            ("- -- x-", "x"),
        ] {
            assert_eq!(sanitize_query(input), expected, "input {input:?}");
        }
    }
}
