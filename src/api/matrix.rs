//! `/v1/matrix`: the duties of several services side by side, as JSON, CSV or Markdown.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::params::{self, Format};
use super::{ApiError, SharedState};
use crate::model::{Matrix, Service};

/// The most services one matrix may hold.
pub const MAX_MATRIX_SERVICES: usize = 100;

/// Query of `GET /v1/matrix` (and the `format` of `POST /v1/matrix`).
#[derive(Debug, Deserialize)]
pub struct MatrixQuery {
    /// Comma-separated service ids or aliases, e.g. `ec2,rds,s3`.
    services: Option<String>,
    /// json (default), csv or markdown.
    format: Option<String>,
}

/// Body of `POST /v1/matrix`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixBody {
    services: Vec<String>,
    format: Option<String>,
}

/// Resolves every key to a service, in order and without repeats.
fn resolve<'a>(state: &'a SharedState, keys: &[String]) -> Result<Vec<&'a Service>, ApiError> {
    let keys: Vec<&str> = keys
        .iter()
        .map(|key| key.trim())
        .filter(|key| !key.is_empty())
        .collect();
    if keys.is_empty() {
        return Err(ApiError::MissingServices);
    }
    if keys.len() > MAX_MATRIX_SERVICES {
        return Err(ApiError::TooManyServices {
            count: keys.len(),
            max: MAX_MATRIX_SERVICES,
        });
    }
    let mut services: Vec<&Service> = Vec::new();
    for key in keys {
        let service = state
            .dataset
            .service(key)
            .ok_or_else(|| params::service_not_found(&state.dataset, key))?;
        if !services.iter().any(|known| known.id == service.id) {
            services.push(service);
        }
    }
    Ok(services)
}

fn respond(matrix: Matrix, format: Format) -> HttpResponse {
    match format {
        Format::Json => HttpResponse::Ok().json(matrix),
        Format::Csv => HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                "Content-Disposition",
                "attachment; filename=\"srmap-matrix.csv\"",
            ))
            .body(matrix.to_csv()),
        Format::Markdown => HttpResponse::Ok()
            .content_type("text/markdown; charset=utf-8")
            .body(matrix.to_markdown()),
    }
}

#[tracing::instrument(skip_all, fields(services = ?query.services))]
pub async fn matrix_get(
    state: SharedState,
    query: web::Query<MatrixQuery>,
) -> Result<HttpResponse, ApiError> {
    let format = params::format(query.format.as_deref())?;
    let keys: Vec<String> = query
        .services
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::to_string)
        .collect();
    let services = resolve(&state, &keys)?;
    Ok(respond(
        Matrix::for_services(&state.dataset, &services),
        format,
    ))
}

#[tracing::instrument(skip_all)]
pub async fn matrix_post(
    state: SharedState,
    query: web::Query<MatrixQuery>,
    body: web::Json<MatrixBody>,
) -> Result<HttpResponse, ApiError> {
    let format = params::format(body.format.as_deref().or(query.format.as_deref()))?;
    let services = resolve(&state, &body.services)?;
    Ok(respond(
        Matrix::for_services(&state.dataset, &services),
        format,
    ))
}
