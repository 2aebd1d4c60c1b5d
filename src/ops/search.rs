//! Search: words and filters in, a page of hits with facets out.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::error::{Param, RequestError};
use super::input::{self, WholeNumber};
use crate::index::{Facets, SearchHit, SearchRequest};
use crate::model::Dataset;

/// Hits per page when the request does not say.
pub const DEFAULT_LIMIT: usize = 20;
/// The most hits one page may hold.
pub const MAX_LIMIT: usize = 500;

/// What a search asks for, as every face receives it.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
pub struct SearchParams {
    /// Words to look for, e.g. "rds encryption" or "maintenance window". At most 1000
    /// characters; query syntax characters are ignored.
    #[serde(alias = "q")]
    pub query: Option<String>,
    /// Only hits with this owner: "aws", "customer" or "shared".
    #[schemars(extend("enum" = ["aws", "customer", "shared"]))]
    pub owner: Option<String>,
    /// Only hits of this Well-Architected security area (id or alias, e.g. "data-protection"
    /// or "detective controls").
    pub area: Option<String>,
    /// Only hits of services of this model: "infrastructure", "container" or "abstracted".
    #[schemars(extend("enum" = ["infrastructure", "container", "abstracted"]))]
    pub model: Option<String>,
    /// Only hits of services of this category id, e.g. "database".
    pub category: Option<String>,
    /// Only hits of this service (id or alias).
    pub service: Option<String>,
    /// Only hits of this kind: "service", "duty" (catalogue entry), "entry" (a duty on one
    /// service) or "statement" (a service-specific fact).
    #[schemars(extend("enum" = ["service", "duty", "entry", "statement"]))]
    pub kind: Option<String>,
    /// Hits per page, from 1 to 500; 20 when absent.
    #[schemars(range(min = 1, max = 500))]
    pub limit: Option<WholeNumber>,
    /// Hits to skip before the page starts; 0 when absent.
    #[schemars(range(min = 0, max = 1_000_000))]
    pub offset: Option<WholeNumber>,
}

impl SearchParams {
    /// The checked request.
    pub fn parse(&self, dataset: &Dataset) -> Result<SearchRequest, RequestError> {
        Ok(SearchRequest {
            query: input::query_text(Param::Query, self.query.as_deref())?,
            owner: input::owner(self.owner.as_deref())?,
            area: input::area(dataset, self.area.as_deref())?,
            model: input::model(self.model.as_deref())?,
            category: input::category(dataset, self.category.as_deref())?,
            service: input::service_filter(dataset, self.service.as_deref())?,
            kind: input::kind(self.kind.as_deref())?,
            limit: input::limit(self.limit.as_ref(), DEFAULT_LIMIT, MAX_LIMIT)?,
            offset: input::offset(self.offset.as_ref())?,
        })
    }
}

/// A page of hits: the body of `GET /v1/search` and the result of the MCP tool `search_duties`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SearchResponse {
    pub query: String,
    /// Hits over all pages.
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
    pub hits: Vec<SearchHit>,
    /// Counts per owner and per area over all pages.
    pub facets: Facets,
    /// Service ids close to the query, when nothing matched.
    pub suggestions: Vec<String>,
}

/// Runs `request`, adding "did you mean" service ids when nothing matched.
pub fn run(state: &AppState, request: &SearchRequest) -> anyhow::Result<SearchResponse> {
    let results = state.index.search(request)?;
    let suggestions = if results.total == 0 {
        state.dataset.suggest_services(&request.query, 3)
    } else {
        Vec::new()
    };
    Ok(SearchResponse {
        query: request.query.clone(),
        total: results.total,
        limit: request.limit,
        offset: request.offset,
        hits: results.hits,
        facets: results.facets,
        suggestions,
    })
}
