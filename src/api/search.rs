//! `GET /v1/search`: full-text search over services, duties, duty entries and statements.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{ApiError, AppState, SharedState, params};
use crate::cache::Rendered;
use crate::index::{DEFAULT_LIMIT, Facets, MAX_LIMIT, SearchHit, SearchRequest};

/// Query of `GET /v1/search`.
#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    /// Words to look for; any text is accepted (query syntax characters are ignored).
    q: Option<String>,
    /// Only hits with this owner: aws, customer or shared.
    owner: Option<String>,
    /// Only hits of this security area (id or alias).
    area: Option<String>,
    /// Only hits of services of this model.
    model: Option<String>,
    /// Only hits of services of this category.
    category: Option<String>,
    /// Only hits of this service (id or alias).
    service: Option<String>,
    /// Only hits of this kind: service, duty, entry or statement.
    kind: Option<String>,
    /// Page size, 1 to 500, default 20.
    limit: Option<String>,
    /// Hits to skip, default 0.
    offset: Option<String>,
}

impl SearchQuery {
    fn to_request(&self, state: &SharedState) -> Result<SearchRequest, ApiError> {
        let dataset = &state.dataset;
        Ok(SearchRequest {
            query: params::query(self.q.as_deref())?,
            owner: params::owner(self.owner.as_deref())?,
            area: params::area(dataset, self.area.as_deref())?,
            model: params::model(self.model.as_deref())?,
            category: params::category(dataset, self.category.as_deref())?,
            service: params::service(dataset, self.service.as_deref())?,
            kind: params::kind(self.kind.as_deref())?,
            limit: params::limit(self.limit.as_deref(), DEFAULT_LIMIT, MAX_LIMIT)?,
            offset: params::offset(self.offset.as_deref())?,
        })
    }
}

/// The body of `GET /v1/search`, and the result of the MCP tool `search_duties`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub(crate) struct SearchResponse {
    pub(crate) query: String,
    /// Hits over all pages.
    pub(crate) total: usize,
    pub(crate) limit: usize,
    pub(crate) offset: usize,
    pub(crate) hits: Vec<SearchHit>,
    /// Counts per owner and per area over all pages.
    pub(crate) facets: Facets,
    /// Service ids close to the query, when nothing matched.
    pub(crate) suggestions: Vec<String>,
}

#[tracing::instrument(skip_all, fields(q = ?query.q))]
pub async fn search(
    state: SharedState,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, ApiError> {
    let request = query.to_request(&state)?;
    let rendered = state.responses.get_or_render(
        || format!("search {request:?}"),
        || -> Result<Rendered, ApiError> {
            Ok(Rendered::json(&SearchResponse::run(
                &state,
                request.clone(),
            )?)?)
        },
    )?;
    Ok(super::send(HttpResponse::Ok(), rendered))
}

impl SearchResponse {
    /// Runs `request` and adds "did you mean" service ids when nothing matched.
    pub(crate) fn run(
        state: &AppState,
        request: SearchRequest,
    ) -> Result<SearchResponse, tantivy::TantivyError> {
        let results = state.index.search(&request)?;
        let suggestions = if results.total == 0 {
            state.dataset.suggest_services(&request.query, 3)
        } else {
            Vec::new()
        };
        Ok(SearchResponse {
            query: request.query,
            total: results.total,
            limit: request.limit,
            offset: request.offset,
            hits: results.hits,
            facets: results.facets,
            suggestions,
        })
    }
}
