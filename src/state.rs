//! The dataset and index being served, and swapping them for a new version without a restart.
//!
//! [`LiveState`] holds the current [`AppState`] behind an atomic pointer. Every request takes
//! one snapshot when it starts and keeps it to the end, so an in-flight request never sees
//! two dataset versions, and a reload never waits for requests to finish. A reload builds the
//! new state aside (load, validate, index) and swaps it in only when all of that succeeded;
//! a dataset that fails validation is refused with its problems, and the old one keeps serving.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use anyhow::Context;
use arc_swap::ArcSwap;
use serde::Serialize;

use bytes::Bytes;

use crate::cache::{DEFAULT_RESPONSE_CACHE_MB, ResponseCache};
use crate::dataset;
use crate::index::SearchIndex;
use crate::model::{Dataset, Problem, ValidationError};

/// A dataset and the index built from it: what one request reads.
pub struct AppState {
    pub dataset: Dataset,
    pub index: SearchIndex,
    /// How long loading, validating and indexing took.
    pub build_seconds: f64,
    /// Rendered responses of the query routes for this dataset.
    pub responses: ResponseCache,
    /// Each service record as JSON, rendered on first request: records never change while
    /// this state is served. Same order as `dataset.services`.
    service_json: Vec<OnceLock<Bytes>>,
}

impl AppState {
    /// The state for `dataset` and its `index`, with a response cache of `response_cache_mb`.
    pub fn new(
        dataset: Dataset,
        index: SearchIndex,
        build_seconds: f64,
        response_cache_mb: u64,
    ) -> AppState {
        let service_json = dataset.services.iter().map(|_| OnceLock::new()).collect();
        AppState {
            dataset,
            index,
            build_seconds,
            responses: ResponseCache::new(response_cache_mb),
            service_json,
        }
    }

    /// The state for `dataset`, indexed in RAM.
    pub fn in_ram(dataset: Dataset) -> anyhow::Result<AppState> {
        let started = Instant::now();
        let index = SearchIndex::build_in_ram(&dataset).context("building the index")?;
        let build_seconds = started.elapsed().as_secs_f64();
        Ok(AppState::new(
            dataset,
            index,
            build_seconds,
            DEFAULT_RESPONSE_CACHE_MB,
        ))
    }

    /// The record of the service at `position` in `dataset.services` as JSON, or `None` when
    /// there is no such position.
    pub fn service_json(&self, position: usize) -> Option<Result<Bytes, serde_json::Error>> {
        let (slot, service) = self
            .service_json
            .get(position)
            .zip(self.dataset.services.get(position))?;
        if let Some(json) = slot.get() {
            return Some(Ok(json.clone()));
        }
        Some(serde_json::to_vec(service).map(|json| slot.get_or_init(|| Bytes::from(json)).clone()))
    }
}

/// Where the served dataset comes from, so that a reload reads the same places.
#[derive(Debug, Clone, Default)]
pub struct DataSource {
    /// A dataset folder, or `None` for the embedded dataset.
    pub data_dir: Option<PathBuf>,
    /// An organisation's folder merged over it.
    pub overlay_dir: Option<PathBuf>,
    /// Where to keep the index on disk, or `None` for RAM.
    pub index_dir: Option<PathBuf>,
}

/// Why a reload did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    /// The new dataset did not validate; the old one keeps serving.
    #[error("the new dataset is invalid; the previous one keeps serving")]
    Invalid(#[from] ValidationError),
    /// Reading the files or building the index failed.
    #[error("the dataset could not be loaded: {0:#}")]
    Failed(anyhow::Error),
    /// Another reload is running.
    #[error("a reload is already running")]
    Busy,
}

impl ReloadError {
    /// The problems of an invalid dataset, by file and field.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ReloadError::Invalid(error) => &error.problems,
            _ => &[],
        }
    }
}

/// What a successful reload reports.
#[derive(Debug, Clone, Serialize)]
pub struct ReloadReport {
    pub dataset_version: String,
    pub previous_version: String,
    pub services: usize,
    pub documents: usize,
    pub build_seconds: f64,
}

/// The state being served, swappable as a whole.
pub struct LiveState {
    current: ArcSwap<AppState>,
    source: DataSource,
    /// Held while a reload runs, so two reloads never race.
    reloading: Mutex<()>,
    /// Size of each state's response cache, in MiB.
    response_cache_mb: u64,
}

impl LiveState {
    /// Loads, validates and indexes the dataset named by `source`; each dataset served gets
    /// a response cache of `response_cache_mb` MiB.
    pub fn load(source: DataSource, response_cache_mb: u64) -> anyhow::Result<LiveState> {
        let state = build(&source, response_cache_mb)?.context("the dataset is invalid")?;
        Ok(LiveState {
            current: ArcSwap::from_pointee(state),
            source,
            reloading: Mutex::new(()),
            response_cache_mb,
        })
    }

    /// Serves `state`; a reload reads `source`.
    pub fn with_state(state: AppState, source: DataSource) -> LiveState {
        LiveState {
            current: ArcSwap::from_pointee(state),
            source,
            reloading: Mutex::new(()),
            response_cache_mb: DEFAULT_RESPONSE_CACHE_MB,
        }
    }

    /// The state to use for one whole request.
    pub fn current(&self) -> Arc<AppState> {
        self.current.load_full()
    }

    /// Loads the dataset again from its source and swaps it in if it validates. Blocking: run
    /// it off the async workers (`spawn_blocking`).
    pub fn reload(&self) -> Result<ReloadReport, ReloadError> {
        let _guard = self.reloading.try_lock().map_err(|_| ReloadError::Busy)?;
        let previous_version = self.current().dataset.version.clone();
        let state = build(&self.source, self.response_cache_mb).map_err(ReloadError::Failed)??;
        let report = ReloadReport {
            dataset_version: state.dataset.version.clone(),
            previous_version,
            services: state.dataset.services.len(),
            documents: state.index.num_docs(),
            build_seconds: state.build_seconds,
        };
        self.current.store(Arc::new(state));
        tracing::info!(
            dataset_version = %report.dataset_version,
            previous_version = %report.previous_version,
            "dataset reloaded"
        );
        Ok(report)
    }
}

/// The dataset of `source` and its index. The embedded dataset, with no overlay and no index
/// folder, is opened as the build prepared it; any other is loaded, checked and indexed now
/// (on disk when `source.index_dir` is given). The outer error is an I/O or index failure, the
/// inner one an invalid dataset.
pub fn load_indexed(
    source: &DataSource,
) -> anyhow::Result<Result<(Dataset, SearchIndex), ValidationError>> {
    let embedded =
        source.data_dir.is_none() && source.overlay_dir.is_none() && source.index_dir.is_none();
    if embedded && let Some(prebuilt) = dataset::prebuilt() {
        return Ok(Ok(prebuilt));
    }
    let dataset = match dataset::load(source.data_dir.as_deref(), source.overlay_dir.as_deref())? {
        Ok(dataset) => dataset,
        Err(error) => return Ok(Err(error)),
    };
    let index = match &source.index_dir {
        Some(dir) => {
            let (index, rebuilt) = SearchIndex::open_or_build(&dataset, dir)
                .with_context(|| format!("opening the index in {}", dir.display()))?;
            tracing::info!(dir = %dir.display(), rebuilt, "on-disk index ready");
            index
        }
        None => SearchIndex::build_in_ram(&dataset).context("building the index")?,
    };
    Ok(Ok((dataset, index)))
}

/// Loads and indexes the dataset of `source`. The outer error is an I/O or index failure, the
/// inner one an invalid dataset.
fn build(
    source: &DataSource,
    response_cache_mb: u64,
) -> anyhow::Result<Result<AppState, ValidationError>> {
    let started = Instant::now();
    let (dataset, index) = match load_indexed(source)? {
        Ok(loaded) => loaded,
        Err(error) => return Ok(Err(error)),
    };
    let build_seconds = started.elapsed().as_secs_f64();
    tracing::info!(
        dataset_version = %dataset.version,
        services = dataset.services.len(),
        documents = index.num_docs(),
        elapsed_ms = (build_seconds * 1000.0) as u64,
        "dataset indexed"
    );
    Ok(Ok(AppState::new(
        dataset,
        index,
        build_seconds,
        response_cache_mb,
    )))
}
