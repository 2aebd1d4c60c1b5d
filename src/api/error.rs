//! `ApiError`: every answer of the HTTP API other than success, and the one place that
//! decides status codes and error codes.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

use crate::index::MAX_LIMIT;

/// Everything the HTTP API can answer with, other than success.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A query parameter has a value outside its domain.
    #[error("`{name}`: {message}")]
    InvalidParameter { name: &'static str, message: String },
    /// `limit` is not a whole number in range.
    #[error("`limit` must be a whole number between 1 and {max}; got `{0}`.", max = MAX_LIMIT)]
    InvalidLimit(String),
    /// `offset` is not a whole number in range.
    #[error("`offset` must be a whole number from 0; got `{0}`.")]
    InvalidOffset(String),
    /// `q` is missing or blank.
    #[error("`q` is required: pass the words or question to look for, e.g. `q=who patches rds`.")]
    MissingQuery,
    /// `q` is longer than allowed.
    #[error("`q` is {0} characters long; the most accepted is {1}.")]
    QueryTooLong(usize, usize),
    /// No service id or alias matches.
    #[error("No service is called `{key}`.")]
    ServiceNotFound {
        key: String,
        suggestions: Vec<String>,
    },
    /// No duty has this id.
    #[error("No duty has the id `{key}`.")]
    DutyNotFound {
        key: String,
        suggestions: Vec<String>,
    },
    /// A matrix request named no service.
    #[error("Name at least one service, e.g. `services=ec2,rds,s3`.")]
    MissingServices,
    /// A matrix request named too many services.
    #[error("A matrix takes at most {max} services; got {count}.")]
    TooManyServices { count: usize, max: usize },
    /// The query string could not be decoded.
    #[error("The query string could not be read: {0}")]
    InvalidQueryString(String),
    /// The JSON body could not be read.
    #[error("The JSON body could not be read: {0}")]
    InvalidJson(String),
    /// The body is larger than allowed.
    #[error("The request body is larger than {0} bytes.")]
    PayloadTooLarge(usize),
    /// The body is not JSON.
    #[error("Send the body as `application/json`.")]
    UnsupportedMediaType,
    /// A path parameter could not be read.
    #[error("The path could not be read: {0}")]
    InvalidPath(String),
    /// No route has this path.
    #[error("There is no route `{0}`. See /openapi.yaml for the routes.")]
    RouteNotFound(String),
    /// The route exists but not for this method.
    #[error("`{method}` is not allowed on `{path}`.")]
    MethodNotAllowed { method: String, path: String },
    /// A failure on our side; details go to the log, not the client.
    #[error("Something went wrong on our side.")]
    Internal(#[from] anyhow::Error),
}

impl From<tantivy::TantivyError> for ApiError {
    fn from(error: tantivy::TantivyError) -> Self {
        ApiError::Internal(anyhow::Error::new(error).context("searching the index"))
    }
}

impl ApiError {
    /// Stable, machine-readable code. Clients match on this; never rename one.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidParameter { .. } => "invalid_parameter",
            Self::InvalidLimit(_) => "invalid_limit",
            Self::InvalidOffset(_) => "invalid_offset",
            Self::MissingQuery => "missing_query",
            Self::QueryTooLong(..) => "query_too_long",
            Self::ServiceNotFound { .. } => "service_not_found",
            Self::DutyNotFound { .. } => "duty_not_found",
            Self::MissingServices => "missing_services",
            Self::TooManyServices { .. } => "too_many_services",
            Self::InvalidQueryString(_) => "invalid_query_string",
            Self::InvalidJson(_) => "invalid_json",
            Self::PayloadTooLarge(_) => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::InvalidPath(_) => "invalid_path",
            Self::RouteNotFound(_) => "not_found",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::Internal(_) => "internal",
        }
    }

    /// Near matches ("did you mean") for an unknown service or duty; empty otherwise.
    pub fn suggestions(&self) -> &[String] {
        match self {
            Self::ServiceNotFound { suggestions, .. } | Self::DutyNotFound { suggestions, .. } => {
                suggestions
            }
            _ => &[],
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::InvalidParameter { .. }
            | Self::InvalidLimit(_)
            | Self::InvalidOffset(_)
            | Self::MissingQuery
            | Self::MissingServices
            | Self::TooManyServices { .. }
            | Self::InvalidQueryString(_)
            | Self::InvalidJson(_)
            | Self::InvalidPath(_) => StatusCode::BAD_REQUEST,
            Self::QueryTooLong(..) => StatusCode::URI_TOO_LONG,
            Self::ServiceNotFound { .. } | Self::DutyNotFound { .. } | Self::RouteNotFound(_) => {
                StatusCode::NOT_FOUND
            }
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(error) = self {
            tracing::error!(error = ?error, "request failed");
        }
        HttpResponse::build(self.status_code()).json(json!({
            "error": {
                "code": self.code(),
                "message": self.to_string(),
                "suggestions": self.suggestions(),
            }
        }))
    }
}
