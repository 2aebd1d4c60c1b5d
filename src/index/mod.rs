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
mod query;
mod schema;
mod stemmer;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Serialize;
use tantivy::{Index, IndexReader};

use crate::model::{Dataset, Owner};

pub(crate) use query::RankedDoc;
pub use query::{Facets, SearchHit, SearchRequest, SearchResults};
use query::{Synonym, TextFields};
pub(crate) use schema::Fields;

/// The kinds of indexed document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
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
#[derive(Debug, Clone)]
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
    /// The stemmed words of the document's keywords and text, sorted, without repeats; shared
    /// by the documents with the same words (a duty every service inherits unchanged).
    pub stems: Arc<[String]>,
}

/// The stemmed words of `text`, as the text fields index them.
pub(crate) fn stems(text: &str) -> Vec<String> {
    thread_local! {
        // Building an analyzer (its stemmer above all) costs far more than using one, and a
        // request or an index build stems thousands of times.
        static ANALYZER: std::cell::RefCell<tantivy::tokenizer::TextAnalyzer> =
            std::cell::RefCell::new(schema::text_analyzer());
    }
    let mut out = ANALYZER.with_borrow_mut(|analyzer| {
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
}

/// The searchable dataset: a tantivy index plus the documents it points to.
pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    docs: Vec<IndexedDoc>,
    /// Stem -> inverse document frequency over `docs`, for weighting word coverage.
    idf: HashMap<String, f32>,
    /// Groups of words that mean the same thing (`data/vocabulary.toml`), stemmed once here
    /// rather than on every query.
    synonyms: Vec<Vec<Synonym>>,
    /// The free-text fields a search looks in, with their boosts and parser.
    search_fields: TextFields,
    /// The duty wording an answer ranks by, with its boosts and parser.
    answer_fields: TextFields,
    /// Words that carry no meaning in a query (`data/vocabulary.toml`).
    stopwords: HashSet<String>,
    /// Every word of the indexed text as written (lowercased, not stemmed).
    words: HashSet<String>,
}

impl SearchIndex {
    /// Builds the index in RAM.
    pub fn build_in_ram(dataset: &Dataset) -> Result<SearchIndex, IndexError> {
        let (schema, fields) = schema::build_schema();
        let index = Index::create_in_ram(schema);
        schema::use_text_analyzer(&index);
        let docs = build::write_documents(&index, fields, dataset)?;
        SearchIndex::with_index(index, fields, docs, dataset)
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
        dataset: &Dataset,
    ) -> Result<SearchIndex, IndexError> {
        let reader = index.reader()?;
        // Documents share their stems and texts with many others; count each distinct list
        // once, times the documents that have it.
        let mut lists: HashMap<*const [String], (&[String], u32)> = HashMap::new();
        for doc in &docs {
            lists
                .entry(Arc::as_ptr(&doc.stems))
                .or_insert((&doc.stems, 0))
                .1 += 1;
        }
        let mut frequency: HashMap<&str, u32> = HashMap::new();
        for (stems, documents) in lists.values() {
            for stem in *stems {
                *frequency.entry(stem).or_default() += documents;
            }
        }
        let total = docs.len() as f32;
        let idf = frequency
            .into_iter()
            .map(|(stem, count)| (stem.to_string(), (1.0 + total / count as f32).ln()))
            .collect();
        let texts: HashSet<&str> = docs
            .iter()
            .flat_map(|doc| [doc.title.as_str(), doc.text.as_str()])
            .collect();
        let words = texts
            .into_iter()
            .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase)
            .collect();
        Ok(SearchIndex {
            reader,
            fields,
            docs,
            idf,
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
        })
    }

    /// True when `word`, spelled exactly so, occurs somewhere in the indexed text.
    pub(crate) fn knows_word(&self, word: &str) -> bool {
        self.words.contains(&word.to_lowercase())
    }

    /// The number of indexed documents.
    pub fn num_docs(&self) -> usize {
        self.docs.len()
    }
}
