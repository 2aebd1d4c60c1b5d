//! Cross-cutting HTTP behaviour that every route shares: request ids, the dataset version
//! header, conditional GETs (ETag and 304), and request metrics.
//!
//! Handlers know nothing of these; `startup` wraps the app with them.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, ResponseError, web};
use tracing::Span;
use tracing_actix_web::RootSpanBuilder;

use crate::api::ApiError;
use crate::metrics::Metrics;
use crate::state::LiveState;

/// The header that carries a request's id, in and out.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// The header that names the dataset version a response was built from.
pub const DATASET_VERSION: HeaderName = HeaderName::from_static("x-dataset-version");
/// Longest incoming request id kept as it is; longer or odd ones are replaced.
const MAX_REQUEST_ID_CHARS: usize = 128;
/// Largest total size of a request's header names and values.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// How long clients and proxies may reuse a data response without asking again.
const DATA_CACHE_CONTROL: &str = "public, max-age=300";

/// A usable incoming id: printable ASCII without spaces, not too long.
fn acceptable_request_id(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_REQUEST_ID_CHARS
        && bytes.iter().all(|b| b.is_ascii_graphic())
}

/// Gives every request an id: the caller's `X-Request-Id` when it is usable, a new UUID
/// otherwise. The id goes into the log span and back in the response.
pub async fn request_id(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let id = match request.headers().get(REQUEST_ID) {
        Some(value) if acceptable_request_id(value) => value.clone(),
        _ => {
            let fresh = uuid::Uuid::new_v4().to_string();
            // A UUID is always a valid header value.
            let value = HeaderValue::from_str(&fresh).unwrap_or(HeaderValue::from_static("-"));
            request.headers_mut().insert(REQUEST_ID, value.clone());
            value
        }
    };
    let mut response = next.call(request).await?.map_into_boxed_body();
    response.headers_mut().insert(REQUEST_ID, id);
    Ok(response)
}

/// Refuses requests whose headers add up to more than [`MAX_HEADER_BYTES`] with a 431 JSON
/// error: nothing srmap serves needs more, and large headers only cost memory.
pub async fn limit_headers(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let size: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if size > MAX_HEADER_BYTES {
        let response = ApiError::HeadersTooLarge(MAX_HEADER_BYTES).error_response();
        return Ok(request.into_response(response));
    }
    Ok(next.call(request).await?.map_into_boxed_body())
}

/// The root span of each request, carrying the request id that [`request_id`] settled on.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let id = request
            .headers()
            .get(REQUEST_ID)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("-");
        tracing::info_span!(
            "request",
            method = %request.method(),
            route = request.match_pattern().as_deref().unwrap_or("unmatched"),
            request_id = %id,
            status = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let status = match outcome {
            Ok(response) => response.status(),
            Err(error) => error.as_response_error().status_code(),
        };
        span.record("status", status.as_u16());
        if status.is_server_error() {
            span.in_scope(|| tracing::error!(status = status.as_u16(), "request failed"));
        } else {
            span.in_scope(|| tracing::debug!(status = status.as_u16(), "request served"));
        }
    }
}

/// The entity tag of a data response: the dataset it comes from, the URL, and the `Accept`
/// header (some routes answer JSON or Markdown by it). Same inputs, same bytes out.
fn entity_tag(fingerprint: &str, request: &ServiceRequest) -> String {
    let mut hasher = DefaultHasher::new();
    request.uri().to_string().hash(&mut hasher);
    request
        .headers()
        .get(header::ACCEPT)
        .map(HeaderValue::as_bytes)
        .hash(&mut hasher);
    let dataset: String = fingerprint.chars().take(16).collect();
    format!("\"{dataset}-{:016x}\"", hasher.finish())
}

fn matches_tag(request: &ServiceRequest, tag: &str) -> bool {
    request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .split(',')
                .map(|candidate| candidate.trim().trim_start_matches("W/"))
                .any(|candidate| candidate == tag || candidate == "*")
        })
}

/// Adds `X-Dataset-Version` to every response, and to successful `GET`s of the JSON API an
/// `ETag` and `Cache-Control`, answering `304 Not Modified` when `If-None-Match` already
/// names the current tag (the handler does not run then).
pub async fn dataset_headers(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(live) = request.app_data::<web::Data<LiveState>>().cloned() else {
        return Ok(next.call(request).await?.map_into_boxed_body());
    };
    let state = live.current();
    let version = HeaderValue::from_str(&state.dataset.version).ok();
    let cacheable = request.method() == Method::GET
        && (request.path().starts_with("/v1/") || request.path() == "/openapi.yaml");
    let tag = cacheable.then(|| entity_tag(&state.dataset.fingerprint, &request));
    if let Some(tag) = &tag
        && matches_tag(&request, tag)
    {
        let mut response = HttpResponse::NotModified();
        response.insert_header((header::ETAG, tag.as_str()));
        response.insert_header((header::CACHE_CONTROL, DATA_CACHE_CONTROL));
        if let Some(version) = &version {
            response.insert_header((DATASET_VERSION, version.clone()));
        }
        return Ok(request.into_response(response.finish()));
    }
    let mut response = next.call(request).await?.map_into_boxed_body();
    let headers = response.headers_mut();
    if let Some(version) = version {
        headers.insert(DATASET_VERSION, version);
    }
    if let Some(tag) = tag
        && response.status() == StatusCode::OK
        && let Ok(value) = HeaderValue::from_str(&tag)
    {
        let headers = response.headers_mut();
        headers.insert(header::ETAG, value);
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(DATA_CACHE_CONTROL),
        );
    }
    Ok(response)
}

/// Counts every request and its latency by route pattern, method and status.
pub async fn record_metrics(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let metrics = request.app_data::<web::Data<Metrics>>().cloned();
    let method = request.method().to_string();
    let started = Instant::now();
    let outcome = next.call(request).await;
    if let Some(metrics) = metrics {
        let (route, status) = match &outcome {
            Ok(response) => (
                response
                    .request()
                    .match_pattern()
                    .unwrap_or_else(|| "unmatched".to_string()),
                response.status(),
            ),
            Err(error) => (
                "unmatched".to_string(),
                error.as_response_error().status_code(),
            ),
        };
        metrics.observe(&route, &method, status.as_u16(), started.elapsed());
    }
    Ok(outcome?.map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_must_be_short_printable_ascii() {
        for (value, ok) in [
            ("abc-123", true),
            ("", false),
            ("has space", false),
            (&"x".repeat(129), false),
        ] {
            let header = HeaderValue::from_str(value).unwrap();
            assert_eq!(acceptable_request_id(&header), ok, "{value:?}");
        }
    }
}
