//! Meta: what the served dataset holds.

use schemars::JsonSchema;
use serde::Serialize;

use super::AppState;
use crate::model::DatasetStats;

/// The body of `GET /v1/meta`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Meta {
    pub dataset_version: String,
    pub dataset_date: String,
    pub services: usize,
    pub duties: usize,
    pub statements: usize,
    /// Security Hub control references over all statements.
    pub controls: usize,
    /// AWS SDK catalogue entries with no record of their own, each with a reason.
    pub excluded: usize,
    /// The most used services, covered in depth.
    pub top_services: usize,
    pub documents: usize,
    /// Hex digest of every file the dataset was read from.
    pub fingerprint: String,
    pub index_build_seconds: f64,
    /// Counts of statements, asks, documented and model-default cells, availability.
    pub stats: DatasetStats,
}

pub fn run(state: &AppState) -> Meta {
    let dataset = &state.dataset;
    let statements = dataset
        .services
        .iter()
        .flat_map(|service| &service.duties)
        .flat_map(|entry| &entry.statements);
    Meta {
        statements: statements.clone().count(),
        controls: statements.map(|statement| statement.controls.len()).sum(),
        excluded: dataset.excluded.len(),
        top_services: dataset.top_services.len(),
        fingerprint: dataset.fingerprint.clone(),
        dataset_version: state.dataset.version.clone(),
        dataset_date: state.dataset.date.clone(),
        services: state.dataset.services.len(),
        duties: state.dataset.duties.len(),
        documents: state.index.num_docs(),
        index_build_seconds: state.build_seconds,
        stats: DatasetStats::of(&state.dataset),
    }
}
