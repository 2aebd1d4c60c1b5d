//! `/v1/services`: the service list, one service record, and a service's duties.

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::ApiError;
use crate::extract::SharedState;
use crate::model::DutyEntry;
use crate::ops::list::{self, ListParams};
use crate::ops::lookup::{self, LookupParams};
use crate::ops::service_not_found;

#[tracing::instrument(skip_all)]
pub async fn list_services(
    state: SharedState,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let request = params.parse(&state.dataset)?;
    Ok(HttpResponse::Ok().json(list::run(&state.dataset, &request)))
}

#[tracing::instrument(skip_all, fields(key = %key))]
pub async fn get_service(
    state: SharedState,
    key: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let json = state
        .dataset
        .service_position(&key)
        .and_then(|position| state.service_json(position))
        .ok_or_else(|| service_not_found(&state.dataset, &key))??;
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(json))
}

/// Query of `GET /v1/services/{key}/duties`.
#[derive(Debug, Deserialize)]
pub struct DutiesQuery {
    /// Only duties with this owner.
    owner: Option<String>,
    /// Only duties of this area (id or alias).
    area: Option<String>,
}

#[derive(Serialize)]
struct ServiceDuties<'a> {
    service_id: &'a str,
    items: Vec<&'a DutyEntry>,
}

#[tracing::instrument(skip_all, fields(key = %key))]
pub async fn list_service_duties(
    state: SharedState,
    key: web::Path<String>,
    query: web::Query<DutiesQuery>,
) -> Result<HttpResponse, ApiError> {
    let DutiesQuery { owner, area } = query.into_inner();
    let params = LookupParams {
        service: key.into_inner(),
        owner,
        area,
    };
    let request = params.parse(&state.dataset)?;
    let view = lookup::run(&state.dataset, &request);
    Ok(HttpResponse::Ok().json(ServiceDuties {
        service_id: &view.service.id,
        items: view.duties,
    }))
}
