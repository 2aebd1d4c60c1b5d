//! `PageError`: what a page can fail with, rendered as an HTML page with the same status as
//! the JSON API gives and the same error code, shown on the page.

use std::fmt;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use super::layout::Layout;
use crate::ops::{HttpNames, RequestError};

/// Everything a page can fail with.
#[derive(Debug)]
pub enum PageError {
    /// The input of the page's operation is wrong.
    Request(RequestError),
    /// No page has this path.
    NoSuchPage(String),
    /// A failure on our side; details go to the log.
    Internal(anyhow::Error),
}

impl From<RequestError> for PageError {
    fn from(error: RequestError) -> Self {
        PageError::Request(error)
    }
}

impl From<anyhow::Error> for PageError {
    fn from(error: anyhow::Error) -> Self {
        PageError::Internal(error)
    }
}

impl From<askama::Error> for PageError {
    fn from(error: askama::Error) -> Self {
        PageError::Internal(anyhow::Error::new(error).context("rendering a page"))
    }
}

impl PageError {
    /// The stable code every face gives this error.
    pub fn code(&self) -> &'static str {
        match self {
            PageError::Request(error) => error.code(),
            PageError::NoSuchPage(_) => "not_found",
            PageError::Internal(_) => "internal",
        }
    }
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageError::Request(error) => f.write_str(&error.message(&HttpNames)),
            PageError::NoSuchPage(path) => write!(f, "There is no page at {path}."),
            PageError::Internal(_) => f.write_str("Something went wrong on our side."),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    heading: &'static str,
    code: &'static str,
    message: String,
    suggestions: Vec<String>,
    search: String,
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::Request(error) => crate::api::request_status(error),
            PageError::NoSuchPage(_) => StatusCode::NOT_FOUND,
            PageError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let PageError::Internal(error) = self {
            tracing::error!(error = ?error, "page failed");
        }
        let status = self.status_code();
        let heading = match status {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::INTERNAL_SERVER_ERROR => "Something went wrong",
            _ => "Bad request",
        };
        let (suggestions, search) = match self {
            PageError::Request(error @ RequestError::ServiceNotFound { key, .. }) => {
                (error.suggestions().to_vec(), key.clone())
            }
            PageError::Request(error @ RequestError::DutyNotFound { key, .. }) => {
                (error.suggestions().to_vec(), key.replace('-', " "))
            }
            PageError::NoSuchPage(path) => {
                (Vec::new(), path.trim_matches('/').replace(['/', '-'], " "))
            }
            _ => (Vec::new(), String::new()),
        };
        let page = ErrorPage {
            layout: Layout::bare(),
            heading,
            code: self.code(),
            message: self.to_string(),
            suggestions,
            search,
        };
        let body = page
            .render()
            .unwrap_or_else(|_| format!("<!DOCTYPE html><title>{heading}</title><p>{heading}</p>"));
        HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body)
    }
}
