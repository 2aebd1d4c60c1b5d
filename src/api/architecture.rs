//! `POST /v1/architecture`: a CloudFormation or SAM template or a Terraform plan or state as
//! the body; the services it uses with their resources, unknown types, the matrix and the
//! design review, as JSON, CSV, Markdown, XLSX or OSCAL.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use serde::Deserialize;

use super::matrix::MATRIX_FORMATS;
use super::{ApiError, negotiate};
use crate::extract::SharedState;
use crate::iac::Syntax;
use crate::ops::RequestError;
use crate::ops::architecture::{self, ArchitectureParams, MAX_TEMPLATE_BYTES};

/// Query of `POST /v1/architecture`.
#[derive(Debug, Deserialize)]
pub struct ArchitectureQuery {
    /// json (default), csv, markdown, xlsx or oscal; wins over the `Accept` header.
    format: Option<String>,
}

/// The syntax a media type names: JSON or YAML; anything else is refused.
fn syntax_of(request: &HttpRequest) -> Result<Syntax, ApiError> {
    let media = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|value| value.trim().to_ascii_lowercase())
        .unwrap_or_default();
    match media.as_str() {
        "application/json" => Ok(Syntax::Json),
        "application/yaml" | "text/yaml" | "application/x-yaml" | "text/x-yaml" => Ok(Syntax::Yaml),
        _ => Err(ApiError::UnsupportedMediaType(
            "`application/json` (a template or plan in JSON) or `application/yaml` (a template in YAML)",
        )),
    }
}

/// The body, read up to [`MAX_TEMPLATE_BYTES`].
async fn read_body(mut payload: web::Payload) -> Result<String, ApiError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|error| ApiError::InvalidJson(error.to_string()))?;
        if body.len() + chunk.len() > MAX_TEMPLATE_BYTES {
            return Err(ApiError::PayloadTooLarge(MAX_TEMPLATE_BYTES));
        }
        body.extend_from_slice(&chunk);
    }
    String::from_utf8(body.to_vec()).map_err(|_| {
        ApiError::Request(RequestError::InvalidTemplate {
            message: "the body is not UTF-8 text".to_string(),
        })
    })
}

#[tracing::instrument(skip_all)]
pub async fn architecture(
    state: SharedState,
    request: HttpRequest,
    query: web::Query<ArchitectureQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let syntax = syntax_of(&request)?;
    let format = negotiate::response_format(query.format.as_deref(), &request, &MATRIX_FORMATS)?;
    let template = read_body(payload).await?;
    let checked = ArchitectureParams { template }.parse(Some(syntax))?;
    let dataset = &state.dataset;
    let result = architecture::run(dataset, &checked)?;
    super::matrix::formatted(dataset, &result.matrix, format, Some(&result))
}
