//! Operational routes: liveness, readiness, dataset metadata and the OpenAPI document.

use actix_web::HttpResponse;
use serde_json::json;

use crate::extract::SharedState;

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

pub async fn meta(state: SharedState) -> HttpResponse {
    HttpResponse::Ok().json(crate::ops::meta::run(&state))
}

pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/yaml")
        .body(OPENAPI_YAML)
}

/// `GET /metrics`: the Prometheus text format.
pub async fn metrics(
    metrics: actix_web::web::Data<crate::metrics::Metrics>,
    live: actix_web::web::Data<crate::state::LiveState>,
) -> Result<HttpResponse, super::ApiError> {
    let text = metrics
        .render(&live)
        .map_err(|error| anyhow::Error::new(error).context("rendering metrics"))?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(text))
}
