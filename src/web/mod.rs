//! Server-rendered HTML pages for people who browse: home, services, one service, one duty,
//! search and compare, plus the one stylesheet they share.
//!
//! Pages load no outside assets and no script; every piece of text goes through askama's HTML
//! escaping. The stylesheet's URL carries a hash of its content, so it can be cached forever.
//! Each page runs the same operation (`crate::ops`) as its JSON route, so it accepts the same
//! input and gives the same errors, as a page with the same status and error code.

mod browse;
mod compare;
mod error;
mod layout;
mod search;

use std::sync::LazyLock;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

use crate::api::ApiError;

pub use error::PageError;

/// The stylesheet, embedded at build time.
const STYLESHEET: &str = include_str!("static/style.css");

/// `/static/style.<hash>.css`: a new URL whenever the stylesheet changes.
static STYLESHEET_PATH: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(STYLESHEET.as_bytes());
    let hash: String = digest
        .iter()
        .take(6)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("/static/style.{hash}.css")
});

/// Content-Security-Policy of every response: no script at all, styles only from this site,
/// no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Mounts the pages and the stylesheet.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(browse::home))
        .route("/services", web::get().to(browse::services))
        .route("/services/{key}", web::get().to(browse::service))
        .route("/duties/{id}", web::get().to(browse::duty))
        .route("/search", web::get().to(search::search))
        .route("/compare", web::get().to(compare::compare))
        .route("/compare", web::post().to(compare::compare_template))
        .route(STYLESHEET_PATH.as_str(), web::get().to(stylesheet))
        .route("/favicon.svg", web::get().to(favicon))
        .route("/robots.txt", web::get().to(robots));
}

/// The icon: the owner colours of the layer diagram, in a square.
const FAVICON: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="8" fill="#d7e8ff"/><rect y="8" width="16" height="8" fill="#fde7c7"/><rect x=".5" y=".5" width="15" height="15" fill="none" stroke="#232f3e"/></svg>"##;

/// Every page may be indexed; the admin route may not.
const ROBOTS: &str = "User-agent: *\nAllow: /\nDisallow: /admin/\n";

async fn favicon() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(FAVICON)
}

async fn robots() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(ROBOTS)
}

async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(STYLESHEET)
}

/// The answer for a path no route has: an HTML page for browsers, JSON for API clients.
pub async fn not_found(request: HttpRequest) -> Result<HttpResponse, actix_web::Error> {
    let path = request.path().to_string();
    if wants_html(&request) && !path.starts_with("/v1/") {
        Err(PageError::NoSuchPage(path).into())
    } else {
        Err(ApiError::RouteNotFound(path).into())
    }
}

fn wants_html(request: &HttpRequest) -> bool {
    request
        .headers()
        .get(header::ACCEPT)
        .and_then(|value: &HeaderValue| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}
