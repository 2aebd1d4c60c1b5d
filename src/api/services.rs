//! `/v1/services`: the service list, one service record, and a service's duties.

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{ApiError, SharedState, params};
use crate::model::{DutyEntry, Service, ServiceModel};

/// Services per page when the request does not say.
pub const DEFAULT_SERVICES_LIMIT: usize = 50;
/// The most services one page may hold.
pub const MAX_SERVICES_LIMIT: usize = 500;

/// Query of `GET /v1/services`.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// Only services of this category id.
    category: Option<String>,
    /// Only services of this model: infrastructure, container or abstracted.
    model: Option<String>,
    /// Page size, 1 to 500, default 50.
    limit: Option<String>,
    /// Services to skip, default 0.
    offset: Option<String>,
}

#[derive(Serialize)]
struct ServiceSummary<'a> {
    id: &'a str,
    name: &'a str,
    short_name: &'a str,
    category: &'a str,
    model: ServiceModel,
}

#[derive(Serialize)]
struct ServicePage<'a> {
    total: usize,
    limit: usize,
    offset: usize,
    items: Vec<ServiceSummary<'a>>,
}

#[tracing::instrument(skip_all)]
pub async fn list_services(
    state: SharedState,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let dataset = &state.dataset;
    let category = params::category(dataset, query.category.as_deref())?;
    let model = params::model(query.model.as_deref())?;
    let limit = params::limit(
        query.limit.as_deref(),
        DEFAULT_SERVICES_LIMIT,
        MAX_SERVICES_LIMIT,
    )?;
    let offset = params::offset(query.offset.as_deref())?;
    let matching: Vec<&Service> = dataset
        .services
        .iter()
        .filter(|service| category.as_deref().is_none_or(|c| service.category == c))
        .filter(|service| model.is_none_or(|m| service.model == m))
        .collect();
    let items = matching
        .iter()
        .skip(offset)
        .take(limit)
        .map(|service| ServiceSummary {
            id: &service.id,
            name: &service.name,
            short_name: &service.short_name,
            category: &service.category,
            model: service.model,
        })
        .collect();
    Ok(HttpResponse::Ok().json(ServicePage {
        total: matching.len(),
        limit,
        offset,
        items,
    }))
}

fn find<'a>(state: &'a SharedState, key: &str) -> Result<&'a Service, ApiError> {
    state
        .dataset
        .service(key)
        .ok_or_else(|| params::service_not_found(&state.dataset, key))
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
        .ok_or_else(|| params::service_not_found(&state.dataset, &key))??;
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
    let owner = params::owner(query.owner.as_deref())?;
    let area = params::area(&state.dataset, query.area.as_deref())?;
    let service = find(&state, &key)?;
    let items = service
        .duties
        .iter()
        .filter(|entry| owner.is_none_or(|o| entry.owner == o))
        .filter(|entry| area.as_deref().is_none_or(|a| entry.area == a))
        .collect();
    Ok(HttpResponse::Ok().json(ServiceDuties {
        service_id: &service.id,
        items,
    }))
}
