//! The JSON HTTP API (`/v1`) and the operational routes.
//!
//! Each handler deserializes its parameters into an operation's `*Params` (`crate::ops`),
//! which checks them and answers a 4xx [`ApiError`] naming the problem, runs the operation,
//! and writes the result as JSON, CSV or Markdown. [`ROUTES`] is the single list of routes: `configure`
//! registers exactly those, and a test holds them equal to `openapi.yaml`.

mod admin;
mod answer;
mod architecture;
mod duties;
mod error;
mod health;
mod matrix;
mod negotiate;
mod search;
mod services;

use actix_web::{HttpRequest, HttpResponse, Resource, web};

use crate::cache::Rendered;
use crate::ops::MAX_JSON_BYTES;

pub use admin::{AdminToken, configure_admin};
pub use error::ApiError;
pub(crate) use error::request_status;
pub use health::OPENAPI_YAML;

/// Sends a rendered (possibly cached) body with `response`'s status and headers.
fn send(mut response: actix_web::HttpResponseBuilder, rendered: Rendered) -> HttpResponse {
    response
        .content_type(rendered.content_type)
        .body(rendered.body)
}

/// One route: its method and path as `openapi.yaml` writes them, and how to mount it.
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
    mount: fn(Resource) -> Resource,
}

/// Every route the server answers, in the order of DESIGN.md.
pub static ROUTES: &[RouteSpec] = &[
    RouteSpec {
        method: "GET",
        path: "/v1/services",
        mount: |r| r.route(web::get().to(services::list_services)),
    },
    RouteSpec {
        method: "GET",
        path: "/v1/services/{key}",
        mount: |r| r.route(web::get().to(services::get_service)),
    },
    RouteSpec {
        method: "GET",
        path: "/v1/services/{key}/duties",
        mount: |r| r.route(web::get().to(services::list_service_duties)),
    },
    RouteSpec {
        method: "GET",
        path: "/v1/duties",
        mount: |r| r.route(web::get().to(duties::list_duties)),
    },
    RouteSpec {
        method: "GET",
        path: "/v1/duties/{id}",
        mount: |r| r.route(web::get().to(duties::get_duty)),
    },
    RouteSpec {
        method: "GET",
        path: "/v1/search",
        mount: |r| r.route(web::get().to(search::search)),
    },
    RouteSpec {
        method: "GET",
        path: "/v1/answer",
        mount: |r| r.route(web::get().to(answer::answer_question)),
    },
    RouteSpec {
        method: "GET",
        path: "/v1/matrix",
        mount: |r| r.route(web::get().to(matrix::matrix_get)),
    },
    RouteSpec {
        method: "POST",
        path: "/v1/matrix",
        mount: |r| r.route(web::post().to(matrix::matrix_post)),
    },
    RouteSpec {
        method: "POST",
        path: "/v1/architecture",
        mount: |r| r.route(web::post().to(architecture::architecture)),
    },
    RouteSpec {
        method: "GET",
        path: "/v1/meta",
        mount: |r| r.route(web::get().to(health::meta)),
    },
    RouteSpec {
        method: "GET",
        path: "/healthz",
        mount: |r| r.route(web::get().to(health::health_check)),
    },
    RouteSpec {
        method: "GET",
        path: "/readyz",
        mount: |r| r.route(web::get().to(health::ready_check)),
    },
    RouteSpec {
        method: "GET",
        path: "/metrics",
        mount: |r| r.route(web::get().to(health::metrics)),
    },
    RouteSpec {
        method: "GET",
        path: "/openapi.yaml",
        mount: |r| r.route(web::get().to(health::openapi)),
    },
];

/// Mounts every route of [`ROUTES`], the extractor error handlers, and JSON 405 answers.
/// Paths no route has are answered by the app's default service (`web::not_found`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::QueryConfig::default()
            .error_handler(|error, _| ApiError::InvalidQueryString(error.to_string()).into()),
    )
    .app_data(
        web::PathConfig::default()
            .error_handler(|error, _| ApiError::InvalidPath(error.to_string()).into()),
    )
    .app_data(
        web::JsonConfig::default()
            .limit(MAX_JSON_BYTES)
            .error_handler(|error, _| json_error(error).into()),
    );
    let mut paths: Vec<&'static str> = Vec::new();
    for route in ROUTES {
        if !paths.contains(&route.path) {
            paths.push(route.path);
        }
    }
    for path in paths {
        let mut resource = web::resource(path).default_service(web::to(method_not_allowed));
        for route in ROUTES.iter().filter(|route| route.path == path) {
            resource = (route.mount)(resource);
        }
        cfg.service(resource);
    }
}

fn json_error(error: actix_web::error::JsonPayloadError) -> ApiError {
    use actix_web::error::JsonPayloadError;
    match error {
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::PayloadTooLarge(MAX_JSON_BYTES)
        }
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType("`application/json`"),
        other => ApiError::InvalidJson(other.to_string()),
    }
}

async fn method_not_allowed(request: HttpRequest) -> Result<HttpResponse, ApiError> {
    let pattern = request.match_pattern();
    let allow: Vec<&str> = ROUTES
        .iter()
        .filter(|route| pattern.as_deref() == Some(route.path))
        .map(|route| route.method)
        .collect();
    Err(ApiError::MethodNotAllowed {
        method: request.method().to_string(),
        path: request.path().to_string(),
        allow: allow.join(", "),
    })
}
