//! `ApiError`: every answer of the HTTP API other than success, and the one place that
//! decides status codes. Request errors come from `ops` as [`RequestError`], in HTTP's words;
//! the other variants are what only HTTP has (bodies, paths, methods, tokens, headers).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

use crate::ops::{HttpNames, RequestError};

/// Everything the HTTP API can answer with, other than success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The input of an operation is wrong.
    #[error("{}", .0.message(&HttpNames))]
    Request(#[from] RequestError),
    /// The query string could not be decoded.
    #[error("The query string could not be read: {0}")]
    InvalidQueryString(String),
    /// The JSON body could not be read.
    #[error("The JSON body could not be read: {0}")]
    InvalidJson(String),
    /// The body is larger than allowed.
    #[error("The request body is larger than {0} bytes.")]
    PayloadTooLarge(usize),
    /// The body is not of a media type the route reads.
    #[error("Send the body as {0}.")]
    UnsupportedMediaType(&'static str),
    /// A path parameter could not be read.
    #[error("The path could not be read: {0}")]
    InvalidPath(String),
    /// No route has this path.
    #[error("There is no route `{0}`. See /openapi.yaml for the routes.")]
    RouteNotFound(String),
    /// The route exists but not for this method; `allow` lists the methods it has.
    #[error("`{method}` is not allowed on `{path}`; use {allow}.")]
    MethodNotAllowed {
        method: String,
        path: String,
        allow: String,
    },
    /// An admin request without a bearer token.
    #[error("Send the admin token as `Authorization: Bearer <token>`.")]
    MissingToken,
    /// An admin request with the wrong token.
    #[error("The admin token is not valid.")]
    InvalidToken,
    /// A reload found the new dataset invalid; the old one keeps serving.
    #[error("The new dataset has {} problem(s); the previous dataset keeps serving.", .0.len())]
    InvalidDataset(Vec<crate::model::Problem>),
    /// A reload is already running.
    #[error("A reload is already running; try again when it has finished.")]
    ReloadInProgress,
    /// The request's headers are larger than allowed.
    #[error("The request headers are larger than {0} bytes.")]
    HeadersTooLarge(usize),
    /// A failure on our side; details go to the log, not the client.
    #[error("Something went wrong on our side.")]
    Internal(#[from] anyhow::Error),
}

impl From<serde_json::Error> for ApiError {
    fn from(error: serde_json::Error) -> Self {
        ApiError::Internal(anyhow::Error::new(error).context("writing JSON"))
    }
}

impl ApiError {
    /// Stable, machine-readable code. Clients match on this; never rename one.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Request(error) => error.code(),
            Self::InvalidQueryString(_) => "invalid_query_string",
            Self::InvalidJson(_) => "invalid_json",
            Self::PayloadTooLarge(_) => "payload_too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::InvalidPath(_) => "invalid_path",
            Self::RouteNotFound(_) => "not_found",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::MissingToken => "missing_token",
            Self::InvalidToken => "invalid_token",
            Self::InvalidDataset(_) => "invalid_dataset",
            Self::ReloadInProgress => "reload_in_progress",
            Self::HeadersTooLarge(_) => "headers_too_large",
            Self::Internal(_) => "internal",
        }
    }

    /// Near matches ("did you mean") for an unknown service or duty; empty otherwise.
    pub fn suggestions(&self) -> &[String] {
        match self {
            Self::Request(error) => error.suggestions(),
            _ => &[],
        }
    }
}

/// The status of a request error: the one mapping from `ops` codes to HTTP.
pub(crate) fn request_status(error: &RequestError) -> StatusCode {
    match error {
        RequestError::InvalidValue { .. }
        | RequestError::InvalidLimit { .. }
        | RequestError::InvalidOffset { .. }
        | RequestError::MissingQuery { .. }
        | RequestError::MissingServices
        | RequestError::TooManyServices { .. }
        | RequestError::InvalidTemplate { .. }
        | RequestError::MissingTemplate => StatusCode::BAD_REQUEST,
        RequestError::TemplateTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        RequestError::QueryTooLong { .. } => StatusCode::URI_TOO_LONG,
        RequestError::ServiceNotFound { .. } | RequestError::DutyNotFound { .. } => {
            StatusCode::NOT_FOUND
        }
        RequestError::NotATemplate { .. } => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Request(error) => request_status(error),
            Self::InvalidQueryString(_) | Self::InvalidJson(_) | Self::InvalidPath(_) => {
                StatusCode::BAD_REQUEST
            }
            Self::RouteNotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::MissingToken => StatusCode::UNAUTHORIZED,
            Self::InvalidToken => StatusCode::FORBIDDEN,
            Self::InvalidDataset(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::ReloadInProgress => StatusCode::CONFLICT,
            Self::HeadersTooLarge(_) => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(error) = self {
            tracing::error!(error = ?error, "request failed");
        }
        let mut error = json!({
            "code": self.code(),
            "message": self.to_string(),
            "suggestions": self.suggestions(),
        });
        if let Self::InvalidDataset(problems) = self {
            error["problems"] = json!(problems);
        }
        let mut response = HttpResponse::build(self.status_code());
        if let Self::MissingToken = self {
            response.insert_header((actix_web::http::header::WWW_AUTHENTICATE, "Bearer"));
        }
        // RFC 9110, section 15.5.6: a 405 must list the methods the resource supports.
        if let Self::MethodNotAllowed { allow, .. } = self {
            response.insert_header((actix_web::http::header::ALLOW, allow.as_str()));
        }
        response.json(json!({ "error": error }))
    }
}
