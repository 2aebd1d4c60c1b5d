//! `GET /v1/search`: full-text search over services, duties, duty entries and statements.

use actix_web::{HttpResponse, web};
use serde::Serialize;

use super::ApiError;
use crate::cache::Rendered;
use crate::extract::SharedState;
use crate::index::{Facets, SearchHit};
use crate::ops::search::{self, SearchParams, SearchResponse};
use crate::render;

/// The body of `GET /v1/search`: the operation's result, each hit with its fragment also as
/// HTML (`snippet`: escaped, matches in `<mark>`).
#[derive(Serialize)]
struct SearchBody<'a> {
    query: &'a str,
    total: usize,
    limit: usize,
    offset: usize,
    hits: Vec<HitBody<'a>>,
    facets: &'a Facets,
    suggestions: &'a [String],
}

#[derive(Serialize)]
struct HitBody<'a> {
    #[serde(flatten)]
    hit: &'a SearchHit,
    snippet: String,
}

impl<'a> SearchBody<'a> {
    fn of(response: &'a SearchResponse) -> SearchBody<'a> {
        SearchBody {
            query: &response.query,
            total: response.total,
            limit: response.limit,
            offset: response.offset,
            hits: response
                .hits
                .iter()
                .map(|hit| HitBody {
                    hit,
                    snippet: render::html::snippet(&hit.fragment, &hit.highlights),
                })
                .collect(),
            facets: &response.facets,
            suggestions: &response.suggestions,
        }
    }
}

#[tracing::instrument(skip_all, fields(q = ?params.query))]
pub async fn search(
    state: SharedState,
    params: web::Query<SearchParams>,
) -> Result<HttpResponse, ApiError> {
    let request = params.parse(&state.dataset)?;
    let rendered = state.responses.get_or_render(
        || format!("search {request:?}"),
        || -> Result<Rendered, ApiError> {
            let response = search::run(&state, &request)?;
            Ok(Rendered::json(&SearchBody::of(&response))?)
        },
    )?;
    Ok(super::send(HttpResponse::Ok(), rendered))
}
