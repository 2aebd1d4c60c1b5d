//! `/v1/matrix`: the duties of several services side by side, as JSON, CSV or Markdown.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::{ApiError, negotiate};
use crate::cache::Rendered;
use crate::extract::SharedState;
use crate::ops::matrix::{self, MatrixParams};
use crate::ops::{AppState, Format, ServiceKeys};
use crate::render;

/// What a matrix can be written as; `format=` or the `Accept` header picks one.
const MATRIX_FORMATS: [Format; 3] = [Format::Json, Format::Csv, Format::Markdown];

/// Query of `GET /v1/matrix` (and the `format` of `POST /v1/matrix`).
#[derive(Debug, Deserialize)]
pub struct MatrixQuery {
    /// Comma-separated service ids or aliases, e.g. `ec2,rds,s3`.
    services: Option<ServiceKeys>,
    /// json (default), csv or markdown; wins over the `Accept` header.
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
            Ok(match format {
                Format::Csv => Rendered::text(
                    "text/csv; charset=utf-8",
                    render::csv::matrix(&matrix).map_err(anyhow::Error::new)?,
                ),
                Format::Markdown => Rendered::text(
                    "text/markdown; charset=utf-8",
                    render::markdown::matrix(&matrix),
                ),
                _ => Rendered::json(&matrix)?,
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
