//! `/v1/matrix`: the duties of several services side by side, as JSON, CSV or Markdown.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{ApiError, negotiate};
use crate::cache::Rendered;
use crate::extract::SharedState;
use crate::model::{Dataset, Matrix};
use crate::ops::architecture::Architecture;
use crate::ops::matrix::{self, MatrixParams};
use crate::ops::{AppState, Format, ServiceKeys};
use crate::render;

/// What a matrix, of services or of an architecture, can be written as; `format=` or the
/// `Accept` header picks one.
pub(super) const MATRIX_FORMATS: [Format; 5] = [
    Format::Json,
    Format::Csv,
    Format::Markdown,
    Format::Xlsx,
    Format::Oscal,
];

/// Query of `GET /v1/matrix` (and the `format` of `POST /v1/matrix`).
#[derive(Debug, Deserialize)]
pub struct MatrixQuery {
    /// Comma-separated service ids or aliases, e.g. `ec2,rds,s3`.
    services: Option<ServiceKeys>,
    /// json (default), csv, markdown, xlsx or oscal; wins over the `Accept` header.
    format: Option<String>,
}

/// Body of `POST /v1/matrix`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixBody {
    services: ServiceKeys,
    format: Option<String>,
}

/// The matrix of the services at `positions` in `format`, from the cache when it was asked
/// for before.
fn respond(
    state: &AppState,
    positions: &[usize],
    format: Format,
) -> Result<HttpResponse, ApiError> {
    if matches!(format, Format::Xlsx | Format::Oscal) {
        // Files to download, rarely asked twice: rendered each time, never kept.
        let matrix = matrix::run(&state.dataset, positions);
        return formatted(&state.dataset, &matrix, format, None);
    }
    let rendered = state.responses.get_or_render(
        || {
            let ids: Vec<&str> = matrix::services(&state.dataset, positions)
                .iter()
                .map(|service| service.id.as_str())
                .collect();
            format!("matrix {format:?} {}", ids.join(","))
        },
        || -> Result<Rendered, ApiError> {
            let matrix = matrix::run(&state.dataset, positions);
            let document = render::matrix_document(&state.dataset, &matrix, format, None)?;
            Ok(Rendered {
                content_type: document.media_type,
                body: document.body.into(),
            })
        },
    )?;
    let mut response = HttpResponse::Ok();
    // The same URL answers in several formats, so caches must key on `Accept` too.
    response.insert_header((header::VARY, "Accept"));
    if format == Format::Csv {
        response.insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"srmap-matrix.csv\"",
        ));
    }
    Ok(super::send(response, rendered))
}

/// A matrix (with its architecture, when it came from one) in `format`, as a response; CSV,
/// XLSX and OSCAL are offered as downloads.
pub(super) fn formatted(
    dataset: &Dataset,
    matrix: &Matrix,
    format: Format,
    architecture: Option<&Architecture>,
) -> Result<HttpResponse, ApiError> {
    let document = render::matrix_document(dataset, matrix, format, architecture)?;
    let mut response = HttpResponse::Ok();
    // The same URL answers in several formats, so caches must key on `Accept` too.
    response.insert_header((header::VARY, "Accept"));
    if let Some(name) = document.file_name {
        response.insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ));
    }
    Ok(response
        .content_type(document.media_type)
        .body(document.body))
}

#[tracing::instrument(skip_all, fields(services = ?query.services))]
pub async fn matrix_get(
    state: SharedState,
    request: HttpRequest,
    query: web::Query<MatrixQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let params = MatrixParams {
        services: query.services.unwrap_or_default(),
    };
    let positions = params.parse(&state.dataset)?;
    let format = negotiate::response_format(query.format.as_deref(), &request, &MATRIX_FORMATS)?;
    respond(&state, &positions, format)
}

#[tracing::instrument(skip_all)]
pub async fn matrix_post(
    state: SharedState,
    request: HttpRequest,
    query: web::Query<MatrixQuery>,
    body: web::Json<MatrixBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let params = MatrixParams {
        services: body.services,
    };
    let positions = params.parse(&state.dataset)?;
    let format = negotiate::response_format(
        body.format.as_deref().or(query.format.as_deref()),
        &request,
        &MATRIX_FORMATS,
    )?;
    respond(&state, &positions, format)
}
