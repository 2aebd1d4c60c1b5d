//! The full-text index over the dataset, built with tantivy.
//!
//! Four kinds of document are indexed: services, catalogue duties, duty entries (a duty on one
//! service) and statements. Each document carries its filter values (owner, area, model,
//! category, service, kind) as untokenized terms and its text in stemmed fields. Only a
//! position into [`SearchIndex`]'s own document list is stored in tantivy; everything shown
//! is read from that list, which is rebuilt from the dataset in the same order every time.
//!
//! The index lives in RAM by default. [`SearchIndex::open_or_build`] keeps one on disk next to
//! a fingerprint of the dataset, reusing it when the fingerprint matches.

mod build;
mod phrases;
mod prebuilt;
mod query;
mod schema;
mod semantic;
mod snippet;
mod stemmer;
mod translate;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexReader};

use crate::model::{Dataset, Owner, word_set};
use semantic::SemanticIndex;
use translate::Translator;

pub use build::{DocumentText, document_texts};
pub(crate) use phrases::QuestionCues;
pub(crate) use query::RankedDoc;
pub use query::{Facets, SearchHit, SearchRequest, SearchResults};
use query::{Synonym, TextFields};
pub(crate) use schema::Fields;
pub(crate) use semantic::embed;
pub use semantic::load_model_in_background;

/// The kinds of indexed document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Service,
    Duty,
    Entry,
    Statement,
}

impl DocKind {
    pub const ALL: [DocKind; 4] = [
        DocKind::Service,
        DocKind::Duty,
        DocKind::Entry,
        DocKind::Statement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Service => "service",
            DocKind::Duty => "duty",
            DocKind::Entry => "entry",
            DocKind::Statement => "statement",
        }
    }
}

impl std::str::FromStr for DocKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == s)
            .ok_or_else(|| format!("`{s}` is not a kind; use service, duty, entry or statement"))
    }
}

/// What the index knows of one document, kept beside tantivy in document order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct IndexedDoc {
    pub kind: DocKind,
    pub service_id: Option<String>,
    pub duty_id: Option<String>,
    pub owner: Option<Owner>,
    pub area: Option<String>,
    pub title: String,
    /// The text snippets are cut from.
    pub text: String,
    /// For statements: the position of the statement in its duty entry.
    pub statement: Option<usize>,
    /// The fact says what happens by default, or what stays off until the customer acts
    /// (its text, keywords or questions use a default marker of the vocabulary).
    pub states_default: bool,
    /// The stemmed words of the document's keywords and text, as ascending positions in the
    /// index's [`StemTable`]; shared by the documents with the same words (a duty every
    /// service inherits unchanged). A prebuilt index keeps each distinct list once and shares
    /// them again when opened.
    #[serde(skip)]
    pub stems: Arc<[u32]>,
}

/// Every distinct stem of the documents, sorted, with its inverse document frequency.
/// Documents hold positions in it rather than strings of their own: opening the prebuilt
/// index then reads a few thousand words, not a copy of each for every list it is in.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct StemTable {
    words: Vec<String>,
    idf: Vec<f32>,
}

impl StemTable {
    /// The position of `stem`, when some document has it.
    pub(crate) fn position(&self, stem: &str) -> Option<u32> {
        let position = self
            .words
            .binary_search_by(|word| word.as_str().cmp(stem))
            .ok()?;
        u32::try_from(position).ok()
    }

    /// The inverse document frequency of the stem at `position`.
    pub(crate) fn idf(&self, position: u32) -> f32 {
        self.idf.get(position as usize).copied().unwrap_or(0.0)
    }
}

/// Runs `work` with this thread's analyzer of the text fields.
fn with_analyzer<T>(work: impl FnOnce(&mut tantivy::tokenizer::TextAnalyzer) -> T) -> T {
    thread_local! {
        // Building an analyzer (its stemmer above all) costs far more than using one, and a
        // request or an index build stems thousands of times.
        static ANALYZER: std::cell::RefCell<tantivy::tokenizer::TextAnalyzer> =
            std::cell::RefCell::new(schema::text_analyzer());
    }
    ANALYZER.with_borrow_mut(work)
}

/// The stemmed words of `text`, as the text fields index them.
pub(crate) fn stems(text: &str) -> Vec<String> {
    let mut out = with_analyzer(|analyzer| {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    });
    out.sort();
    out.dedup();
    out
}

/// Whether the index is one segment of `count` documents whose ids are their positions (the
/// `ord` fast field), as one writer thread and one commit make it.
fn doc_ids_are_positions(searcher: &tantivy::Searcher, count: usize) -> bool {
    let [segment] = searcher.segment_readers() else {
        return false;
    };
    let Ok(ords) = segment.fast_fields().u64("ord") else {
        return false;
    };
    segment.num_docs() as usize == count
        && segment.max_doc() as usize == count
        && (0..segment.max_doc()).all(|doc| ords.first(doc) == Some(u64::from(doc)))
}

/// The distinct areas of `docs` and each document's area as a position in that list (a
/// handful of Well-Architected areas, so a byte holds it).
fn area_codes(docs: &[IndexedDoc]) -> (Vec<String>, Vec<Option<u8>>) {
    let mut names: Vec<String> = docs.iter().filter_map(|doc| doc.area.clone()).collect();
    names.sort();
    names.dedup();
    let codes = docs
        .iter()
        .map(|doc| {
            let area = doc.area.as_ref()?;
            let position = names.binary_search(area).ok()?;
            u8::try_from(position).ok()
        })
        .collect();
    (names, codes)
}

/// The words that make a question one about security: the vocabulary's security terms and
/// the duty catalogue's one-word synonyms as single stems; duty titles, longer synonyms and
/// statement keywords of several words as phrases, all of whose stems must appear. A one-word
/// keyword is often a product or a parameter name ("s3", "region"), so it does not count.
fn security_lexicon(dataset: &Dataset) -> (HashSet<String>, Vec<Vec<String>>) {
    let stopwords: HashSet<&str> = word_set(&dataset.vocabulary.stopwords);
    let weak: HashSet<&str> = word_set(&dataset.vocabulary.not_security_terms);
    // Content words only: no stopwords, no numbers, no service names ("S3 storage" is a
    // phrase about storage, not about S3), no words too weak to tell on their own.
    let content = |text: &str| -> Vec<String> {
        let kept: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .filter(|word| {
                !word.is_empty()
                    && !stopwords.contains(word.as_str())
                    && !weak.contains(word.as_str())
                    && !word.chars().all(|c| c.is_ascii_digit())
                    && dataset.service(word).is_none()
            })
            .collect();
        stems(&kept.join(" "))
    };
    let mut words = HashSet::new();
    let mut phrases: HashSet<Vec<String>> = HashSet::new();
    let mut add = |found: Vec<String>, single_counts: bool| match found.len() {
        0 => {}
        1 if single_counts => words.extend(found),
        1 => {}
        _ => {
            phrases.insert(found);
        }
    };
    for term in &dataset.vocabulary.security_terms {
        // The vocabulary's own terms count whole, stopwords included ("responsible").
        add(stems(term), true);
    }
    // A single word counts alone only if the text was one word: "shield standard" without
    // its service name is not evidence that "standard" means security.
    let one_word = |text: &str| text.split_whitespace().count() == 1;
    for duty in &dataset.duties {
        add(content(&duty.title), one_word(&duty.title));
        for synonym in &duty.synonyms {
            add(content(synonym), one_word(synonym));
        }
    }
    for statement in dataset
        .services
        .iter()
        .flat_map(|service| &service.duties)
        .flat_map(|entry| &entry.statements)
    {
        for keyword in &statement.keywords {
            add(content(keyword), false);
        }
    }
    let mut phrases: Vec<Vec<String>> = phrases.into_iter().collect();
    phrases.sort();
    (words, phrases)
}

/// What an index works out from its documents and the dataset: word tables, the service
/// ranges, the security lexicon and the translations. A prebuilt index keeps it whole.
#[derive(Serialize, Deserialize)]
struct Tables {
    stems: StemTable,
    /// Every word of the indexed text as written (lowercased, not stemmed), sorted.
    words: Vec<String>,
    services: HashMap<String, std::ops::Range<usize>>,
    security_words: HashSet<String>,
    security_phrases: HashMap<String, Vec<Vec<String>>>,
    translator: Translator,
}

impl Tables {
    /// `stem_words` are the sorted stems the documents' stem lists point into.
    fn of(docs: &[IndexedDoc], stem_words: Vec<String>, dataset: &Dataset) -> Tables {
        // Documents share their stems and texts with many others; count each distinct list
        // once, times the documents that have it.
        let mut lists: HashMap<*const [u32], (&[u32], u32)> = HashMap::new();
        for doc in docs {
            lists
                .entry(Arc::as_ptr(&doc.stems))
                .or_insert((&doc.stems, 0))
                .1 += 1;
        }
        let mut frequency = vec![0u32; stem_words.len()];
        for (stems, documents) in lists.values() {
            for &stem in *stems {
                if let Some(count) = frequency.get_mut(stem as usize) {
                    *count += documents;
                }
            }
        }
        let total = docs.len() as f32;
        let idf = frequency
            .into_iter()
            .map(|count| (1.0 + total / count.max(1) as f32).ln())
            .collect();
        let stems = StemTable {
            words: stem_words,
            idf,
        };
        let texts: HashSet<&str> = docs
            .iter()
            .flat_map(|doc| [doc.title.as_str(), doc.text.as_str()])
            .collect();
        let mut words: Vec<String> = texts
            .into_iter()
            .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase)
            .collect();
        words.sort_unstable();
        words.dedup();
        let translator = Translator::new(&dataset.translations, &|word| {
            words
                .binary_search_by(|known| known.as_str().cmp(word))
                .is_ok()
        });
        let mut services: HashMap<String, std::ops::Range<usize>> = HashMap::new();
        for (ord, doc) in docs.iter().enumerate() {
            if let Some(id) = &doc.service_id {
                services
                    .entry(id.clone())
                    .and_modify(|range| range.end = ord + 1)
                    .or_insert(ord..ord + 1);
            }
        }
        let (security_words, phrases) = security_lexicon(dataset);
        let mut security_phrases: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        for phrase in phrases {
            if let Some(first) = phrase.first() {
                security_phrases
                    .entry(first.clone())
                    .or_default()
                    .push(phrase);
            }
        }
        Tables {
            stems,
            words,
            services,
            security_words,
            security_phrases,
            translator,
        }
    }
}

/// Errors of building or opening the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// tantivy failed to write or read the index.
    #[error("the search index failed: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index folder could not be read or written.
    #[error("the index folder {path} could not be used: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The index built at compile time could not be written or read back.
    #[error("the prebuilt index could not be used: {0}")]
    Prebuilt(String),
    /// The thread embedding the documents stopped without its vectors.
    #[error("embedding the documents for matching by meaning failed")]
    Embedding,
}

/// The searchable dataset: a tantivy index plus the documents it points to.
pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    docs: Vec<IndexedDoc>,
    /// The documents' stems and their inverse document frequencies, for weighting word
    /// coverage.
    stems: StemTable,
    /// Groups of words that mean the same thing (`data/vocabulary.toml`), stemmed once here
    /// rather than on every query.
    synonyms: Vec<Vec<Synonym>>,
    /// The free-text fields a search looks in, with their boosts and parser.
    search_fields: TextFields,
    /// The duty wording an answer ranks by, with its boosts and parser.
    answer_fields: TextFields,
    /// Words that carry no meaning in a query (`data/vocabulary.toml`).
    stopwords: HashSet<String>,
    /// Every word of the indexed text as written (lowercased, not stemmed), sorted.
    words: Vec<String>,
    /// Service id -> the positions of its documents, which are contiguous.
    services: HashMap<String, std::ops::Range<usize>>,
    /// The vectors of the documents' questions and wording.
    semantic: SemanticIndex,
    /// Stems that make a text one about security, alone or as phrases (filed by their first
    /// stem, so a question checks only the phrases that can match).
    security_words: HashSet<String>,
    security_phrases: HashMap<String, Vec<Vec<String>>>,
    /// The translations, filed by first word.
    translator: Translator,
    /// The distinct areas of the documents, and each document's area as a position in that
    /// list, for counting facets without comparing strings.
    area_names: Vec<String>,
    area_codes: Vec<Option<u8>>,
    /// Each document's owner, side by side, for counting facets without reading whole
    /// documents.
    owners: Vec<Option<Owner>>,
    /// Each document's tokens for highlighting, worked out when it is first a hit.
    snippet_tokens: snippet::SnippetTokens,
    /// The index is one segment whose document ids are the positions in `docs`, so a
    /// service's documents are a contiguous range of ids (see `scored_in_range`).
    doc_ids_are_positions: bool,
    /// The vocabulary's cue phrases a question is read with.
    cues: QuestionCues,
}

impl SearchIndex {
    /// Builds the index in RAM.
    pub fn build_in_ram(dataset: &Dataset) -> Result<SearchIndex, IndexError> {
        let (schema, fields) = schema::build_schema();
        let index = Index::create_in_ram(schema);
        schema::use_text_analyzer(&index);
        let (docs, stem_words, semantic) = build::write_documents(&index, fields, dataset)?;
        SearchIndex::with_index(index, fields, docs, stem_words, semantic, dataset)
    }

    /// Indexes `dataset` and encodes it with its index, for [`SearchIndex::open_prebuilt`]
    /// (the build script does this for the embedded dataset).
    pub fn prebuild(dataset: Dataset) -> Result<Vec<u8>, IndexError> {
        prebuilt::prebuild(dataset)
    }

    /// The dataset and index that [`SearchIndex::prebuild`] encoded in `bytes`.
    pub fn open_prebuilt(bytes: &'static [u8]) -> Result<(Dataset, SearchIndex), IndexError> {
        prebuilt::open(bytes)
    }

    /// Only the dataset that [`SearchIndex::prebuild`] encoded in `bytes`.
    pub fn prebuilt_dataset(bytes: &[u8]) -> Result<Dataset, IndexError> {
        prebuilt::dataset(bytes)
    }

    /// Opens the index in `dir` when it was built from this very dataset, and otherwise builds
    /// it there afresh (in a temporary folder that then replaces `dir`). Returns the index and
    /// whether it was rebuilt.
    pub fn open_or_build(dataset: &Dataset, dir: &Path) -> Result<(SearchIndex, bool), IndexError> {
        if let Some(index) = build::open_matching(dataset, dir) {
            return Ok((index, false));
        }
        build::write_to_dir(dataset, dir)?;
        let index = build::open_matching(dataset, dir).ok_or_else(|| IndexError::Io {
            path: dir.display().to_string(),
            source: std::io::Error::other("the index just written could not be opened"),
        })?;
        Ok((index, true))
    }

    fn with_index(
        index: Index,
        fields: Fields,
        docs: Vec<IndexedDoc>,
        stem_words: Vec<String>,
        semantic: SemanticIndex,
        dataset: &Dataset,
    ) -> Result<SearchIndex, IndexError> {
        let tables = Tables::of(&docs, stem_words, dataset);
        SearchIndex::assemble(index, fields, docs, semantic, tables, dataset)
    }

    /// The index over tantivy's `index` and what was worked out beside it.
    fn assemble(
        index: Index,
        fields: Fields,
        docs: Vec<IndexedDoc>,
        semantic: SemanticIndex,
        tables: Tables,
        dataset: &Dataset,
    ) -> Result<SearchIndex, IndexError> {
        let reader = index.reader()?;
        let (area_names, area_codes) = area_codes(&docs);
        let owners = docs.iter().map(|doc| doc.owner).collect();
        let snippet_tokens = snippet::SnippetTokens::new(docs.len());
        let doc_ids_are_positions = doc_ids_are_positions(&reader.searcher(), docs.len());
        let Tables {
            stems,
            words,
            services,
            security_words,
            security_phrases,
            translator,
        } = tables;
        Ok(SearchIndex {
            reader,
            fields,
            services,
            security_words,
            security_phrases,
            semantic,
            translator,
            docs,
            stems,
            words,
            synonyms: dataset
                .vocabulary
                .synonyms
                .iter()
                .map(|group| group.iter().map(|member| Synonym::new(member)).collect())
                .collect(),
            search_fields: TextFields::for_search(&index, fields),
            answer_fields: TextFields::for_answer(&index, fields),
            stopwords: dataset.vocabulary.stopwords.iter().cloned().collect(),
            area_names,
            area_codes,
            owners,
            snippet_tokens,
            doc_ids_are_positions,
            cues: QuestionCues::of(&dataset.vocabulary),
        })
    }

    /// The vocabulary's cue phrases, each list ready to match a question in one pass.
    pub(crate) fn cues(&self) -> &QuestionCues {
        &self.cues
    }

    /// The question's words with foreign phrases replaced by their English terms, and
    /// whether any was (see [`Translator::translate`]).
    pub(crate) fn translate(&self, lowered: &str, original: &[String]) -> (Vec<String>, bool) {
        self.translator.translate(lowered, original)
    }

    /// True when `word`, spelled exactly so, occurs somewhere in the indexed text.
    pub(crate) fn knows_word(&self, word: &str) -> bool {
        let word = word.to_lowercase();
        self.words
            .binary_search_by(|known| known.as_str().cmp(&word))
            .is_ok()
    }

    /// The number of indexed documents.
    pub fn num_docs(&self) -> usize {
        self.docs.len()
    }

    /// How many security terms the stemmed words of a text hold: single words and whole
    /// phrases (see [`security_lexicon`]).
    pub(crate) fn security_terms_in(&self, stems: &HashSet<String>) -> usize {
        let words = stems
            .iter()
            .filter(|stem| self.security_words.contains(*stem))
            .count();
        // Every stem of a phrase must be in the text, its first one included.
        let phrases = stems
            .iter()
            .filter_map(|stem| self.security_phrases.get(stem))
            .flatten()
            .filter(|phrase| phrase.iter().all(|stem| stems.contains(stem)))
            .count();
        words + phrases
    }

    /// Distinct texts embedded for matching by meaning.
    pub fn num_vectors(&self) -> usize {
        self.semantic.len()
    }

    /// Documents of the given kinds (within one service when given), each with the best
    /// cosine between `question` (a unit vector) and its texts, best first.
    pub(crate) fn rank_by_meaning(
        &self,
        question: &[f32],
        service: Option<&str>,
        kinds: &[DocKind],
    ) -> Vec<RankedDoc<'_>> {
        let range = match service {
            Some(id) => self.services.get(id).cloned().unwrap_or(0..0),
            None => 0..self.docs.len(),
        };
        let mut ranked: Vec<RankedDoc<'_>> = range
            .filter_map(|ord| self.docs.get(ord).map(|doc| (ord, doc)))
            .filter(|(_, doc)| kinds.contains(&doc.kind))
            .map(|(ord, doc)| RankedDoc {
                score: self.semantic.similarity(ord, question),
                ord,
                doc,
            })
            .collect();
        ranked.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(a.ord.cmp(&b.ord)));
        ranked
    }
}
