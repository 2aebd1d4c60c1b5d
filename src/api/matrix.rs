//! `/v1/matrix`: the duties of several services side by side, as JSON, CSV or Markdown.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::params::{self, Format};
use super::{ApiError, AppState, SharedState};
use crate::cache::Rendered;
use crate::model::{Matrix, Service};

/// The most services one matrix may hold.
pub const MAX_MATRIX_SERVICES: usize = 100;

/// What a matrix can be written as; `format=` or the `Accept` header picks one.
const MATRIX_FORMATS: [Format; 3] = [Format::Json, Format::Csv, Format::Markdown];

/// Query of `GET /v1/matrix` (and the `format` of `POST /v1/matrix`).
#[derive(Debug, Deserialize)]
pub struct MatrixQuery {
    /// Comma-separated service ids or aliases, e.g. `ec2,rds,s3`.
    services: Option<String>,
    /// json (default), csv or markdown; wins over the `Accept` header.
    format: Option<String>,
}

/// Body of `POST /v1/matrix`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixBody {
    services: Vec<String>,
    format: Option<String>,
}

/// The matrix of `services` in `format`, from the cache when it was asked for before.
fn respond(
    state: &AppState,
    services: &[&Service],
    format: Format,
) -> Result<HttpResponse, ApiError> {
    let rendered = state.responses.get_or_render(
        || {
            let ids: Vec<&str> = services.iter().map(|service| service.id.as_str()).collect();
            format!("matrix {format:?} {}", ids.join(","))
        },
        || -> Result<Rendered, ApiError> {
            let matrix = Matrix::for_services(&state.dataset, services);
            Ok(match format {
                Format::Json => Rendered::json(&matrix)?,
                Format::Csv => Rendered::text("text/csv; charset=utf-8", matrix.to_csv()),
                Format::Markdown => {
                    Rendered::text("text/markdown; charset=utf-8", matrix.to_markdown())
                }
            })
        },
    )?;
    let mut response = HttpResponse::Ok();
    // The same URL answers in several formats, so caches must key on `Accept` too.
    response.insert_header((header::VARY, "Accept"));
    if format == Format::Csv {
        response.insert_header((
            "Content-Disposition",
            "attachment; filename=\"srmap-matrix.csv\"",
        ));
    }
    Ok(super::send(response, rendered))
}

#[tracing::instrument(skip_all, fields(services = ?query.services))]
pub async fn matrix_get(
    state: SharedState,
    request: HttpRequest,
    query: web::Query<MatrixQuery>,
) -> Result<HttpResponse, ApiError> {
    let format = params::response_format(
        query.format.as_deref(),
        params::accept(&request),
        &MATRIX_FORMATS,
    )?;
    let keys: Vec<String> = query
        .services
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::to_string)
        .collect();
    let services = params::services(&state.dataset, &keys)?;
    respond(&state, &services, format)
}

#[tracing::instrument(skip_all)]
pub async fn matrix_post(
    state: SharedState,
    request: HttpRequest,
    query: web::Query<MatrixQuery>,
    body: web::Json<MatrixBody>,
) -> Result<HttpResponse, ApiError> {
    let format = params::response_format(
        body.format.as_deref().or(query.format.as_deref()),
        params::accept(&request),
        &MATRIX_FORMATS,
    )?;
    let services = params::services(&state.dataset, &body.services)?;
    respond(&state, &services, format)
}
