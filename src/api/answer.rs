//! `GET /v1/answer`: one question in plain language, one owner with its reason and sources.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::{ApiError, SharedState, params};

/// Query of `GET /v1/answer`.
#[derive(Debug, Deserialize)]
pub struct AnswerQuery {
    /// The question, e.g. "who patches the OS on RDS".
    q: Option<String>,
}

#[tracing::instrument(skip_all, fields(q = ?query.q))]
pub async fn answer_question(
    state: SharedState,
    query: web::Query<AnswerQuery>,
) -> Result<HttpResponse, ApiError> {
    let question = params::query(query.q.as_deref())?;
    let reply = crate::answer::answer(&state.dataset, &state.index, &question)?;
    Ok(HttpResponse::Ok().json(reply))
}
