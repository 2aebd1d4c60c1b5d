//! Turning the dataset into documents, and keeping an index on disk in step with the dataset.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::{Index, IndexWriter, TantivyDocument};

use super::schema::{Fields, build_schema};
use super::semantic::SemanticIndex;
use super::{DocKind, IndexError, IndexedDoc, SearchIndex, stems};
use crate::model::{Dataset, Service};

/// Name of the file that records which dataset an on-disk index was built from.
const FINGERPRINT_FILE: &str = "srmap-fingerprint";
/// Indexing threads. One: each thread writes its own segment, and every query pays per
/// segment (term lookups, typo automata). Measured on 2 cores: two threads started 40 ms
/// sooner but made searches and answers 20-40% slower, and merging the two segments cost
/// more than the second thread saved. The stems are worked out on the calling thread
/// meanwhile, so start-up still uses both cores.
const WRITER_THREADS: usize = 1;
/// Memory budget of the indexing threads together.
const WRITER_MEMORY: usize = 50_000_000;

/// A document under construction: its display record and its searchable text.
struct DocBuilder {
    doc: IndexedDoc,
    model: Option<&'static str>,
    category: Option<String>,
    names: String,
    keywords: String,
    body: String,
    /// The questions the document answers, for the `asks` field.
    asks: String,
    /// The texts embedded for matching by meaning: its questions and its own wording.
    meaning: Vec<String>,
}

/// The default markers of the vocabulary as they are looked for: lowercase words between
/// spaces, so that a marker matches whole words only.
fn marker_phrases(markers: &[String]) -> Vec<String> {
    markers
        .iter()
        .map(|marker| crate::model::words(marker).join(" "))
        .filter(|phrase| !phrase.is_empty())
        .map(|phrase| format!(" {phrase} "))
        .collect()
}

/// Whether any of `texts` uses one of `markers` (from [`marker_phrases`]) as a whole phrase.
fn states_default(markers: &[String], texts: &[&str]) -> bool {
    let words: Vec<String> = texts
        .iter()
        .flat_map(|text| crate::model::words(text))
        .collect();
    let joined = format!(" {} ", words.join(" "));
    markers
        .iter()
        .any(|marker| joined.contains(marker.as_str()))
}

fn service_names(service: &Service) -> String {
    service.names().collect::<Vec<_>>().join(" ; ")
}

/// Every document of the dataset, in a fixed order.
fn documents(dataset: &Dataset) -> Vec<DocBuilder> {
    let mut out = Vec::new();
    let markers = marker_phrases(&dataset.vocabulary.default_markers);
    for service in &dataset.services {
        let names = service_names(service);
        // Entries and statements carry the service's id and short name only: every alias on
        // each of a service's thousands of documents would triple the indexing time, and the
        // service document itself carries them all.
        let short_names = format!("{} ; {}", service.id, service.short_name);
        out.push(DocBuilder {
            doc: IndexedDoc {
                kind: DocKind::Service,
                service_id: Some(service.id.clone()),
                duty_id: None,
                owner: None,
                area: None,
                title: service.name.clone(),
                text: service.summary.clone(),
                statement: None,
                states_default: false,
                stems: Arc::from([]),
            },
            model: Some(service.model.as_str()),
            category: Some(service.category.clone()),
            names: names.clone(),
            keywords: format!("{} {}", service.category, service.model),
            body: service.summary.clone(),
            asks: String::new(),
            meaning: Vec::new(),
        });
        for entry in &service.duties {
            let synonyms = dataset
                .duty(&entry.id)
                .map(|duty| duty.synonyms.join(" ; "))
                .unwrap_or_default();
            let controls: Vec<&str> = entry
                .statements
                .iter()
                .flat_map(|statement| statement.controls.iter().map(String::as_str))
                .collect();
            out.push(DocBuilder {
                doc: IndexedDoc {
                    kind: DocKind::Entry,
                    service_id: Some(service.id.clone()),
                    duty_id: Some(entry.id.clone()),
                    owner: Some(entry.owner),
                    area: Some(entry.area.clone()),
                    title: format!("{}: {}", service.short_name, entry.title),
                    text: entry.summary.clone(),
                    statement: None,
                    states_default: states_default(
                        &markers,
                        &[&entry.summary, &entry.asks.join(" ; ")],
                    ),
                    stems: Arc::from([]),
                },
                model: Some(service.model.as_str()),
                category: Some(service.category.clone()),
                names: short_names.clone(),
                keywords: format!(
                    "{} ; {synonyms} ; {}",
                    entry.id.replace('-', " "),
                    controls.join(" ; ")
                ),
                body: format!("{} {}", entry.title, entry.summary),
                asks: entry.asks.join(" ; "),
                meaning: entry
                    .asks
                    .iter()
                    .cloned()
                    .chain([format!("{}: {}", entry.title, entry.summary)])
                    .collect(),
            });
            for (position, statement) in entry.statements.iter().enumerate() {
                out.push(DocBuilder {
                    doc: IndexedDoc {
                        kind: DocKind::Statement,
                        service_id: Some(service.id.clone()),
                        duty_id: Some(entry.id.clone()),
                        owner: Some(statement.owner),
                        area: Some(entry.area.clone()),
                        title: format!("{}: {}", service.short_name, entry.title),
                        text: statement.text.clone(),
                        statement: Some(position),
                        states_default: states_default(
                            &markers,
                            &[
                                &statement.text,
                                &statement.keywords.join(" ; "),
                                &statement.asks.join(" ; "),
                            ],
                        ),
                        stems: Arc::from([]),
                    },
                    model: Some(service.model.as_str()),
                    category: Some(service.category.clone()),
                    names: short_names.clone(),
                    keywords: format!(
                        "{} ; {} ; {}",
                        statement.keywords.join(" ; "),
                        statement.controls.join(" ; "),
                        statement.references.join(" ; ")
                    ),
                    body: statement.text.clone(),
                    asks: statement.asks.join(" ; "),
                    meaning: statement
                        .asks
                        .iter()
                        .cloned()
                        .chain([statement.text.clone()])
                        .collect(),
                });
            }
        }
    }
    for duty in &dataset.duties {
        let area_title = dataset
            .area(&duty.area)
            .map(|area| area.title.as_str())
            .unwrap_or_default();
        out.push(DocBuilder {
            doc: IndexedDoc {
                kind: DocKind::Duty,
                service_id: None,
                duty_id: Some(duty.id.clone()),
                owner: Some(duty.general_owner),
                area: Some(duty.area.clone()),
                title: duty.title.clone(),
                text: duty.description.clone(),
                statement: None,
                states_default: false,
                stems: Arc::from([]),
            },
            model: None,
            category: None,
            names: String::new(),
            keywords: format!(
                "{} ; {} ; {} ; {} ; {}",
                duty.id.replace('-', " "),
                duty.synonyms.join(" ; "),
                duty.nist.join(" ; "),
                duty.ccm.join(" ; "),
                area_title
            ),
            body: format!("{} {}", duty.title, duty.description),
            asks: duty.asks.join(" ; "),
            meaning: duty
                .asks
                .iter()
                .cloned()
                .chain([format!("{}: {}", duty.title, duty.description)])
                .collect(),
        });
    }
    out
}

/// The searchable text of one document, field by field as the index holds it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocumentText {
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    pub names: String,
    pub title: String,
    pub keywords: String,
    pub body: String,
    pub asks: String,
}

/// Every document's searchable text, in index order: for running another search engine on
/// the same documents (`benches/tantivy_cli.sh`).
pub fn document_texts(dataset: &Dataset) -> Vec<DocumentText> {
    documents(dataset)
        .into_iter()
        .map(|builder| DocumentText {
            kind: builder.doc.kind.as_str(),
            service_id: builder.doc.service_id,
            names: builder.names,
            title: builder.doc.title,
            keywords: builder.keywords,
            body: builder.body,
            asks: builder.asks,
        })
        .collect()
}

/// Fills in each document's stems and returns the sorted stems their positions point into.
/// Entries a service inherits unchanged share their words with every other service of the
/// same model, so each distinct text is stemmed once and its list shared.
fn fill_stems(builders: &mut [DocBuilder]) -> Vec<String> {
    let mut stemmed: HashMap<String, usize> = HashMap::new();
    let mut lists: Vec<Vec<String>> = Vec::new();
    let mut list_of = Vec::with_capacity(builders.len());
    let mut text = String::new();
    for builder in builders.iter() {
        text.clear();
        text.push_str(&builder.keywords);
        text.push(' ');
        text.push_str(&builder.body);
        text.push(' ');
        text.push_str(&builder.asks);
        let list = match stemmed.get(&text) {
            Some(&known) => known,
            None => {
                lists.push(stems(&text));
                stemmed.insert(text.clone(), lists.len() - 1);
                lists.len() - 1
            }
        };
        list_of.push(list);
    }
    let mut words: Vec<String> = lists.iter().flatten().cloned().collect();
    words.sort_unstable();
    words.dedup();
    // Each list is sorted and so is `words`: the positions come out ascending.
    let shared: Vec<Arc<[u32]>> = lists
        .iter()
        .map(|list| {
            list.iter()
                .filter_map(|stem| words.binary_search(stem).ok())
                .filter_map(|position| u32::try_from(position).ok())
                .collect()
        })
        .collect();
    for (builder, list) in builders.iter_mut().zip(list_of) {
        if let Some(stems) = shared.get(list) {
            builder.doc.stems = stems.clone();
        }
    }
    words
}

fn to_tantivy(fields: Fields, ord: usize, builder: &DocBuilder) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_u64(fields.ord, ord as u64);
    doc.add_text(fields.kind, builder.doc.kind.as_str());
    let optional = [
        (fields.service_id, builder.doc.service_id.as_deref()),
        (fields.duty_id, builder.doc.duty_id.as_deref()),
        (fields.owner, builder.doc.owner.map(|owner| owner.as_str())),
        (fields.area, builder.doc.area.as_deref()),
        (fields.model, builder.model),
        (fields.category, builder.category.as_deref()),
    ];
    for (field, value) in optional {
        if let Some(value) = value {
            doc.add_text(field, value);
        }
    }
    doc.add_text(fields.names, &builder.names);
    doc.add_text(fields.title, &builder.doc.title);
    doc.add_text(fields.keywords, &builder.keywords);
    doc.add_text(fields.body, &builder.body);
    doc.add_text(fields.asks, &builder.asks);
    doc
}

/// Writes every document into `index` in one commit. Each document carries its position in
/// the list, which ranking ties are broken by, so the result is the same on every run.
pub(super) fn write_documents(
    index: &Index,
    fields: Fields,
    dataset: &Dataset,
) -> Result<(Vec<IndexedDoc>, Vec<String>, SemanticIndex), IndexError> {
    let mut builders = documents(dataset);
    let mut writer: IndexWriter = index.writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY)?;
    for (ord, builder) in builders.iter().enumerate() {
        writer.add_document(to_tantivy(fields, ord, builder))?;
    }
    // tantivy indexes on its own thread; the vectors are worked out on another and the
    // stems on this one meanwhile.
    let texts: Vec<Vec<String>> = builders.iter().map(|b| b.meaning.clone()).collect();
    let (stem_words, semantic) = std::thread::scope(|scope| {
        let vectors = scope.spawn(|| SemanticIndex::build(&texts));
        let stem_words = fill_stems(&mut builders);
        vectors.join().map(|semantic| (stem_words, semantic))
    })
    .map_err(|_| IndexError::Embedding)?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok((
        builders.into_iter().map(|builder| builder.doc).collect(),
        stem_words,
        semantic,
    ))
}

/// The vectors of every document's questions and wording.
fn meaning_of(builders: &[DocBuilder]) -> SemanticIndex {
    let texts: Vec<Vec<String>> = builders.iter().map(|b| b.meaning.clone()).collect();
    SemanticIndex::build(&texts)
}

/// The index in `dir`, if it exists, opens, and was built from exactly this dataset.
pub(super) fn open_matching(dataset: &Dataset, dir: &Path) -> Option<SearchIndex> {
    let recorded = std::fs::read_to_string(dir.join(FINGERPRINT_FILE)).ok()?;
    if recorded.trim() != dataset.fingerprint {
        return None;
    }
    let index = Index::open_in_dir(dir).ok()?;
    super::schema::use_text_analyzer(&index);
    let (schema, fields) = build_schema();
    if index.schema() != schema {
        return None;
    }
    let mut builders = documents(dataset);
    let stem_words = fill_stems(&mut builders);
    let semantic = meaning_of(&builders);
    let docs = builders.into_iter().map(|b| b.doc).collect::<Vec<_>>();
    let search =
        SearchIndex::with_index(index, fields, docs, stem_words, semantic, dataset).ok()?;
    // A damaged or foreign index must not be served: check it holds what we expect.
    (search.reader.searcher().num_docs() as usize == search.docs.len()).then_some(search)
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Builds the index in a temporary folder beside `dir`, then moves it into place, so a reader
/// never sees a half-written index.
pub(super) fn write_to_dir(dataset: &Dataset, dir: &Path) -> Result<(), IndexError> {
    let parent = match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io_error(&parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".srmap-index-")
        .tempdir_in(&parent)
        .map_err(io_error(&parent))?;
    let (schema, fields) = build_schema();
    let index = Index::create_in_dir(staging.path(), schema)?;
    super::schema::use_text_analyzer(&index);
    write_documents(&index, fields, dataset)?;
    drop(index);
    std::fs::write(staging.path().join(FINGERPRINT_FILE), &dataset.fingerprint)
        .map_err(io_error(staging.path()))?;
    // The folder keeps files that are not ours (its tracked README), so the index files are
    // renamed in one by one. The fingerprint goes first on the way out and last on the way
    // in: an interrupted swap leaves no matching fingerprint, and the next start rebuilds.
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    remove_index_files(dir)?;
    let mut staged: Vec<PathBuf> = std::fs::read_dir(staging.path())
        .map_err(io_error(staging.path()))?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()
        .map_err(io_error(staging.path()))?;
    staged.sort_by_key(|path| path.ends_with(FINGERPRINT_FILE));
    for path in staged {
        let target = dir.join(path.file_name().unwrap_or_default());
        std::fs::rename(&path, &target).map_err(io_error(&target))?;
    }
    Ok(())
}

/// Removes what an earlier build left in `dir`: tantivy's files and our fingerprint.
fn remove_index_files(dir: &Path) -> Result<(), IndexError> {
    let fingerprint = dir.join(FINGERPRINT_FILE);
    if fingerprint.exists() {
        std::fs::remove_file(&fingerprint).map_err(io_error(dir))?;
    }
    for entry in std::fs::read_dir(dir).map_err(io_error(dir))? {
        let entry = entry.map_err(io_error(dir))?;
        let name = entry.file_name().to_string_lossy().to_string();
        let ours = name == FINGERPRINT_FILE
            || name == "meta.json"
            || name == ".managed.json"
            || name == ".tantivy-meta.lock"
            || name == ".tantivy-writer.lock"
            || name.contains('.') && name.split('.').next().is_some_and(|stem| stem.len() == 32);
        if ours && entry.path().is_file() {
            std::fs::remove_file(entry.path()).map_err(io_error(dir))?;
        }
    }
    Ok(())
}
