//! Operational routes: liveness, readiness, dataset metadata and the OpenAPI document.

use actix_web::HttpResponse;
use serde_json::json;

use super::{ApiError, SharedState};

/// The OpenAPI description of this API, embedded at build time.
pub const OPENAPI_YAML: &str = include_str!("../../openapi.yaml");

pub async fn health_check() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// Ready once the dataset is loaded and indexed, which happens before the server binds.
pub async fn ready_check(state: SharedState) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "status": "ready",
        "dataset_version": state.dataset.version,
    }))
}

pub async fn meta(state: SharedState) -> Result<HttpResponse, ApiError> {
    let dataset = &state.dataset;
    let statements = dataset
        .services
        .iter()
        .flat_map(|service| &service.duties)
        .flat_map(|entry| &entry.statements);
    Ok(HttpResponse::Ok().json(json!({
        "dataset_version": dataset.version,
        "dataset_date": dataset.date,
        "services": dataset.services.len(),
        "duties": dataset.duties.len(),
        "statements": statements.clone().count(),
        "controls": statements.map(|statement| statement.controls.len()).sum::<usize>(),
        "excluded": dataset.excluded.len(),
        "top_services": dataset.top_services.len(),
        "documents": state.index.num_docs(),
        "fingerprint": dataset.fingerprint,
    })))
}

pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/yaml")
        .body(OPENAPI_YAML)
}
