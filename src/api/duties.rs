//! `/v1/duties`: the duty catalogue, and one duty with its owners across services.

use actix_web::{HttpResponse, web};

use super::ApiError;
use crate::extract::SharedState;
use crate::ops::duties;

#[tracing::instrument(skip_all)]
pub async fn list_duties(state: SharedState) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(duties::list(&state.dataset)))
}

#[tracing::instrument(skip_all, fields(id = %id))]
pub async fn get_duty(state: SharedState, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(duties::get(&state.dataset, &id)?))
}
