//! Cross-cutting HTTP behaviour that every route shares, in one layer: request ids, the
//! header size limit, the security headers, the dataset version header, conditional GETs
//! (ETag and 304), and request metrics.
//!
//! Handlers know nothing of these; `startup` wraps the app with [`common`]. They are one
//! middleware rather than a stack of them because each layer costs a boxed future and a
//! service call per request, which a profile showed to matter next to handlers that answer
//! from memory.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{
    self, EntityTag, Header, HeaderMap, HeaderName, HeaderValue, IfNoneMatch,
};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, ResponseError, web};
use tracing::Instrument;

use crate::api::ApiError;
use crate::metrics::Metrics;
use crate::state::{AppState, LiveState};

/// The header that carries a request's id, in and out.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// The header that names the dataset version a response was built from.
pub const DATASET_VERSION: HeaderName = HeaderName::from_static("x-dataset-version");
/// Longest incoming request id kept as it is; longer or odd ones are replaced.
const MAX_REQUEST_ID_CHARS: usize = 128;
/// Largest total size of a request's header names and values.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// How long clients and proxies may reuse a data response without asking again.
const DATA_CACHE_CONTROL: HeaderValue = HeaderValue::from_static("public, max-age=300");
/// Headers every response carries unless its handler set them: no script, no framing, no
/// sniffing, no referrer.
const SECURITY_HEADERS: [(HeaderName, HeaderValue); 4] = [
    (
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(crate::web::CONTENT_SECURITY_POLICY),
    ),
    (
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ),
    (
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    ),
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
];

/// A usable incoming id: printable ASCII without spaces, not too long.
fn acceptable_request_id(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_REQUEST_ID_CHARS
        && bytes.iter().all(|b| b.is_ascii_graphic())
}

/// The caller's `X-Request-Id` when it is usable, a new UUID otherwise (also written into
/// the request, so handlers and logs see the same id).
fn settle_request_id(request: &mut ServiceRequest) -> HeaderValue {
    match request.headers().get(REQUEST_ID) {
        Some(value) if acceptable_request_id(value) => value.clone(),
        _ => {
            let mut buffer = uuid::Uuid::encode_buffer();
            let fresh = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut buffer);
            // A UUID is always a valid header value.
            let value = HeaderValue::from_str(fresh).unwrap_or(HeaderValue::from_static("-"));
            request.headers_mut().insert(REQUEST_ID, value.clone());
            value
        }
    }
}

fn header_bytes(headers: &HeaderMap) -> usize {
    headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum()
}

/// The entity tag of a data response: the dataset it comes from, the URL, and the `Accept`
/// header (some routes answer JSON or Markdown by it). Same inputs, same bytes out.
fn entity_tag(fingerprint: &str, request: &ServiceRequest) -> EntityTag {
    let mut hasher = DefaultHasher::new();
    request.uri().path().hash(&mut hasher);
    request.uri().query().hash(&mut hasher);
    request
        .headers()
        .get(header::ACCEPT)
        .map(HeaderValue::as_bytes)
        .hash(&mut hasher);
    let dataset = fingerprint.get(..16).unwrap_or(fingerprint);
    EntityTag::new_strong(format!("{dataset}-{:016x}", hasher.finish()))
}

/// Whether the request's `If-None-Match` names `tag` (weak comparison, RFC 9110 13.1.2) or `*`.
fn matches_tag(request: &ServiceRequest, tag: &EntityTag) -> bool {
    match IfNoneMatch::parse(request) {
        Ok(IfNoneMatch::Any) => true,
        Ok(IfNoneMatch::Items(tags)) => tags.iter().any(|candidate| candidate.weak_eq(tag)),
        Err(_) => false,
    }
}

/// Every route's shared behaviour, around the handler:
///
/// - an id for every request: the caller's `X-Request-Id` when usable, a new UUID otherwise,
///   in the log span and back in the response;
/// - a 431 JSON error when the headers add up to more than [`MAX_HEADER_BYTES`] (nothing
///   srmap serves needs more, and large headers only cost memory);
/// - `X-Dataset-Version` on every response, and on successful `GET`s of the JSON API an
///   `ETag` and `Cache-Control`, answering `304 Not Modified` without running the handler
///   when `If-None-Match` already names the current tag;
/// - `HEAD` answered wherever `GET` is;
/// - the security headers;
/// - a count and a latency per route pattern, method and status in `/metrics`.
pub async fn common(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let id = settle_request_id(&mut request);
    // The route is known cheaply only once the router has run; it is recorded then.
    let span = tracing::info_span!(
        "request",
        method = %request.method(),
        route = tracing::field::Empty,
        request_id = id.to_str().unwrap_or("-"),
        status = tracing::field::Empty,
    );
    let metrics = request.app_data::<web::Data<Metrics>>().cloned();
    let state = request
        .app_data::<web::Data<LiveState>>()
        .map(|live| live.current());
    let method = request.method().clone();
    if method == Method::HEAD {
        // Every GET route answers HEAD too: routed as the GET, while actix-http, which saw
        // the HEAD, sends the headers without the body.
        request.head_mut().method = Method::GET;
    }

    let outcome = respond(request, next, state.as_deref())
        .instrument(span.clone())
        .await;

    let (route, status) = match &outcome {
        Ok(response) => (response.request().match_pattern(), response.status()),
        Err(error) => (None, error.as_response_error().status_code()),
    };
    let route = route.as_deref().unwrap_or("unmatched");
    span.record("route", route);
    span.record("status", status.as_u16());
    if status.is_server_error() {
        span.in_scope(|| tracing::error!(status = status.as_u16(), "request failed"));
    } else {
        span.in_scope(|| tracing::debug!(status = status.as_u16(), "request served"));
    }
    if let Some(metrics) = metrics {
        metrics.observe(route, method.as_str(), status.as_str(), started.elapsed());
    }
    let mut response = outcome?;
    let headers = response.headers_mut();
    headers.insert(REQUEST_ID, id);
    if let Some(version) = state
        .as_deref()
        .and_then(|state| HeaderValue::from_str(&state.dataset.version).ok())
    {
        headers.insert(DATASET_VERSION, version);
    }
    for (name, value) in SECURITY_HEADERS {
        if !headers.contains_key(&name) {
            headers.insert(name, value);
        }
    }
    Ok(response)
}

/// The handler's response, or the header-limit error, or a 304; with the caching headers of
/// data responses.
async fn respond(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    state: Option<&AppState>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if header_bytes(request.headers()) > MAX_HEADER_BYTES {
        let response = ApiError::HeadersTooLarge(MAX_HEADER_BYTES).error_response();
        return Ok(request.into_response(response));
    }
    let cacheable = request.method() == Method::GET
        && (request.path().starts_with("/v1/") || request.path() == "/openapi.yaml");
    let tag = state
        .filter(|_| cacheable)
        .map(|state| entity_tag(&state.dataset.fingerprint, &request));
    if let Some(tag) = &tag
        && matches_tag(&request, tag)
    {
        let mut response = HttpResponse::NotModified();
        response.insert_header(header::ETag(tag.clone()));
        response.insert_header((header::CACHE_CONTROL, DATA_CACHE_CONTROL));
        return Ok(request.into_response(response.finish()));
    }
    let mut response = next.call(request).await?.map_into_boxed_body();
    if let Some(tag) = tag
        && response.status() == StatusCode::OK
        && let Ok(value) = HeaderValue::from_str(&tag.to_string())
    {
        let headers = response.headers_mut();
        headers.insert(header::ETAG, value);
        headers.insert(header::CACHE_CONTROL, DATA_CACHE_CONTROL);
    }
    Ok(response)
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
