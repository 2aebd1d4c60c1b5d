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

/// The OpenAPI document as `application/yaml` (RFC 9512), or as `text/yaml` for clients that
/// ask for it (generated clients read `text/*` as a string but know no `application/yaml`).
pub async fn openapi(request: actix_web::HttpRequest) -> HttpResponse {
    use actix_web::http::header::{self, Accept, Header};
    let wants_text = Accept::parse(&request).is_ok_and(|accept| {
        let rank = |media: &str| {
            accept
                .iter()
                .filter(|item| item.item.essence_str().eq_ignore_ascii_case(media))
                .map(|item| item.quality)
                .max()
        };
        rank("text/yaml") > rank("application/yaml")
    });
    HttpResponse::Ok()
        .content_type(if wants_text {
            "text/yaml; charset=utf-8"
        } else {
            "application/yaml"
        })
        .insert_header((header::VARY, "Accept"))
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
