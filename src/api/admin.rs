//! `POST /admin/reload`: reloading the dataset without a restart. The route exists only when
//! an admin token is configured, and answers only to `Authorization: Bearer <token>`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use subtle::ConstantTimeEq;

use super::ApiError;
use crate::state::{LiveState, ReloadError};

/// The secret that authorises admin requests.
#[derive(Clone)]
pub struct AdminToken(String);

impl AdminToken {
    pub fn new(token: String) -> AdminToken {
        AdminToken(token)
    }

    /// Compares in constant time, so the answer's timing tells nothing about the token.
    fn matches(&self, candidate: &str) -> bool {
        self.0.as_bytes().ct_eq(candidate.as_bytes()).into()
    }
}

/// Mounts `/admin/reload` when `token` is set; without one the route does not exist.
pub fn configure_admin(cfg: &mut web::ServiceConfig, token: Option<AdminToken>) {
    if let Some(token) = token {
        cfg.service(
            web::resource("/admin/reload")
                .app_data(web::Data::new(token))
                .route(web::post().to(reload)),
        );
    }
}

fn authorize(request: &HttpRequest, token: &AdminToken) -> Result<(), ApiError> {
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or(ApiError::MissingToken)?;
    if token.matches(given.trim()) {
        Ok(())
    } else {
        Err(ApiError::InvalidToken)
    }
}

#[tracing::instrument(skip_all)]
async fn reload(
    request: HttpRequest,
    token: web::Data<AdminToken>,
    live: web::Data<LiveState>,
) -> Result<HttpResponse, ApiError> {
    authorize(&request, &token)?;
    let live = live.into_inner();
    let outcome = web::block(move || live.reload()).await.map_err(|error| {
        ApiError::Internal(anyhow::Error::new(error).context("running the reload"))
    })?;
    match outcome {
        Ok(report) => Ok(HttpResponse::Ok().json(serde_json::json!({
            "status": "reloaded",
            "dataset_version": report.dataset_version,
            "previous_version": report.previous_version,
            "services": report.services,
            "documents": report.documents,
            "build_seconds": report.build_seconds,
        }))),
        Err(ReloadError::Invalid(error)) => {
            tracing::warn!(problems = ?error.problems, "reload refused: invalid dataset");
            Err(ApiError::InvalidDataset(error.problems))
        }
        Err(ReloadError::Busy) => Err(ApiError::ReloadInProgress),
        Err(ReloadError::Failed(error)) => Err(ApiError::Internal(error)),
    }
}
