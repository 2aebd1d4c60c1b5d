//! `/v1/duties`: the duty catalogue, and one duty with its owners across services.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use serde::Serialize;

use super::{ApiError, SharedState};
use crate::model::{Duty, Owner};

#[derive(Serialize)]
struct DutyList<'a> {
    total: usize,
    items: &'a [Duty],
}

#[tracing::instrument(skip_all)]
pub async fn list_duties(state: SharedState) -> Result<HttpResponse, ApiError> {
    let duties = &state.dataset.duties;
    Ok(HttpResponse::Ok().json(DutyList {
        total: duties.len(),
        items: duties,
    }))
}

#[derive(Serialize)]
struct DutyWithOwners<'a> {
    #[serde(flatten)]
    duty: &'a Duty,
    /// Owner -> ids of the services that give the duty that owner.
    owners: BTreeMap<Owner, Vec<String>>,
}

#[tracing::instrument(skip_all, fields(id = %id))]
pub async fn get_duty(state: SharedState, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let dataset = &state.dataset;
    let duty = dataset.duty(&id).ok_or_else(|| ApiError::DutyNotFound {
        key: id.to_string(),
        suggestions: dataset.suggest_duties(&id, 5),
    })?;
    Ok(HttpResponse::Ok().json(DutyWithOwners {
        duty,
        owners: dataset.owners_of(&duty.id).into_iter().collect(),
    }))
}
