//! The embedded dataset with its index, worked out once by the build script (`build.rs`) and
//! read back from the binary at start. Opening it takes milliseconds, where parsing, checking,
//! stemming, embedding and indexing the dataset takes about half a second.
//!
//! The bytes are the postcard encoding of [`Prebuilt`]: the validated dataset, tantivy's
//! files, the document list with each distinct stem list once, the vectors and the tables.
//! Everything here is a copy of what a build in RAM works out, so the two answer alike (a test
//! of `dataset` compares them).

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::Index;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, WatchCallback, WatchHandle, WritePtr,
};

use super::schema::{build_schema, use_text_analyzer};
use super::semantic::SemanticIndex;
use super::{IndexError, IndexedDoc, SearchIndex, Tables, build};
use crate::model::Dataset;

/// tantivy's lock files: held only while a writer runs, never part of a finished index.
const LOCK_FILES: [&str; 2] = [".tantivy-meta.lock", ".tantivy-writer.lock"];

#[derive(Serialize, Deserialize)]
struct Prebuilt<'a> {
    /// First, so that [`dataset`] can read it alone.
    dataset: Dataset,
    files: Vec<TantivyFile<'a>>,
    docs: Vec<IndexedDoc>,
    /// For each document, the position of its stems in `stem_lists`.
    doc_stems: Vec<u32>,
    /// Each distinct list of stem positions (in the tables' stem table) once.
    stem_lists: Vec<Vec<u32>>,
    semantic: SemanticIndex,
    /// The vectors' codes, which the opened index reads in place.
    #[serde(borrow, with = "serde_bytes")]
    vector_codes: &'a [u8],
    tables: Tables,
}

/// One file of tantivy's index folder.
#[derive(Serialize, Deserialize)]
struct TantivyFile<'a> {
    name: String,
    #[serde(borrow, with = "serde_bytes")]
    bytes: &'a [u8],
}

fn failed(what: &str, detail: impl std::fmt::Display) -> IndexError {
    IndexError::Prebuilt(format!("{what}: {detail}"))
}

/// Indexes `dataset` (in a temporary folder, whose files are then kept) and returns the
/// dataset and everything its index is made of, as bytes.
pub fn prebuild(dataset: Dataset) -> Result<Vec<u8>, IndexError> {
    let staging = tempfile::tempdir().map_err(|source| IndexError::Io {
        path: std::env::temp_dir().display().to_string(),
        source,
    })?;
    let (schema, fields) = build_schema();
    let index = Index::create_in_dir(staging.path(), schema)?;
    use_text_analyzer(&index);
    let (docs, stem_words, semantic) = build::write_documents(&index, fields, &dataset)?;
    drop(index);
    let tables = Tables::of(&docs, stem_words, &dataset);
    let files = read_files(staging.path())?;
    let mut positions: HashMap<*const [u32], u32> = HashMap::new();
    let mut stem_lists: Vec<Vec<u32>> = Vec::new();
    let doc_stems = docs
        .iter()
        .map(|doc| {
            *positions.entry(Arc::as_ptr(&doc.stems)).or_insert_with(|| {
                stem_lists.push(doc.stems.to_vec());
                (stem_lists.len() - 1) as u32
            })
        })
        .collect();
    let vector_codes = semantic.codes().to_vec();
    let prebuilt = Prebuilt {
        dataset,
        files: files
            .iter()
            .map(|(name, bytes)| TantivyFile {
                name: name.clone(),
                bytes,
            })
            .collect(),
        docs,
        doc_stems,
        stem_lists,
        vector_codes: &vector_codes,
        semantic,
        tables,
    };
    postcard::to_stdvec(&prebuilt).map_err(|error| failed("encoding", error))
}

/// The finished index's files in `dir`, as (name, contents), by name.
fn read_files(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, IndexError> {
    let io = |source| IndexError::Io {
        path: dir.display().to_string(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().to_string())
            .unwrap_or_default();
        if !path.is_file() || LOCK_FILES.contains(&name.as_str()) {
            continue;
        }
        files.push((name, std::fs::read(&path).map_err(io)?));
    }
    files.sort();
    Ok(files)
}

/// Only the dataset of what [`prebuild`] encoded in `bytes`, for commands that need no index.
pub fn dataset(bytes: &[u8]) -> Result<Dataset, IndexError> {
    postcard::take_from_bytes::<Dataset>(bytes)
        .map(|(dataset, _rest)| dataset)
        .map_err(|error| failed("decoding the dataset", error))
}

/// The dataset and index encoded in `bytes` by [`prebuild`]; tantivy's files and the vectors
/// are read where they lie in `bytes`.
pub fn open(bytes: &'static [u8]) -> Result<(Dataset, SearchIndex), IndexError> {
    let Prebuilt {
        dataset,
        files,
        mut docs,
        doc_stems,
        stem_lists,
        semantic,
        vector_codes,
        tables,
    } = postcard::from_bytes(bytes).map_err(|error| failed("decoding", error))?;
    let semantic = semantic
        .with_codes(vector_codes)
        .ok_or_else(|| failed("vectors", "the codes do not fit the vectors"))?;
    let directory = StaticDirectory {
        files: Arc::new(
            files
                .iter()
                .map(|file| (PathBuf::from(&file.name), file.bytes))
                .collect(),
        ),
    };
    let index = Index::open(directory)?;
    use_text_analyzer(&index);
    let (schema, fields) = build_schema();
    if index.schema() != schema {
        return Err(failed(
            "schema",
            "the prebuilt index has other fields than this build",
        ));
    }
    if doc_stems.len() != docs.len() {
        return Err(failed(
            "documents",
            format_args!(
                "{} stem lists for {} documents",
                doc_stems.len(),
                docs.len()
            ),
        ));
    }
    let lists: Vec<Arc<[u32]>> = stem_lists.into_iter().map(Arc::from).collect();
    for (doc, position) in docs.iter_mut().zip(doc_stems) {
        doc.stems = lists
            .get(position as usize)
            .cloned()
            .ok_or_else(|| failed("documents", format_args!("no stem list at {position}")))?;
    }
    let search = SearchIndex::assemble(index, fields, docs, semantic, tables, &dataset)?;
    let indexed = search.reader.searcher().num_docs() as usize;
    if indexed != search.docs.len() {
        return Err(failed(
            "documents",
            format_args!(
                "tantivy holds {indexed} documents, the list {}",
                search.docs.len()
            ),
        ));
    }
    Ok((dataset, search))
}

/// The files of a prebuilt index, read where they lie in the binary: nothing is copied at
/// start, and nothing can be written (the embedded index never changes).
#[derive(Clone)]
struct StaticDirectory {
    files: Arc<HashMap<PathBuf, &'static [u8]>>,
}

impl StaticDirectory {
    fn file(&self, path: &Path) -> Result<&'static [u8], OpenReadError> {
        self.files
            .get(path)
            .copied()
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))
    }
}

fn read_only() -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        "the embedded index is read-only",
    )
}

impl std::fmt::Debug for StaticDirectory {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("StaticDirectory")
            .field("files", &self.files.len())
            .finish()
    }
}

impl Directory for StaticDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        Ok(Arc::new(self.file(path)?))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(read_only()),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.files.contains_key(path))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(read_only()),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        Ok(self.file(path)?.to_vec())
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// Locks keep writers apart, and there are none: every reader may go ahead.
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    /// Nothing ever changes, so there is nothing to report.
    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}
