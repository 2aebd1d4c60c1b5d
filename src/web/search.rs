//! The search page: an answer to the question, hits with highlighted snippets, owner and area
//! facets as links, and paging, over the same search operation as `GET /v1/search`.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::error::PageError;
use super::layout::{Layout, html};
use crate::answer::Answer;
use crate::extract::SharedState;
use crate::index::DocKind;
use crate::model::Owner;
use crate::ops::search::{DEFAULT_LIMIT, SearchParams};
use crate::ops::{self, Param, RequestError, WholeNumber};
use crate::render;

/// Hits per search page unless `limit` says otherwise: the API's default page size.
const PAGE_SIZE: usize = DEFAULT_LIMIT;
/// The last search page that may be asked for.
const MAX_PAGE: usize = 50;

struct FacetLink {
    label: String,
    count: usize,
    href: String,
    active: bool,
}

struct Facet {
    name: &'static str,
    links: Vec<FacetLink>,
}

struct HitView {
    title: String,
    href: String,
    /// Escaped by tantivy; matches in `<mark>`.
    snippet: String,
    owner: Option<Owner>,
    area: Option<String>,
    kind: &'static str,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    query: String,
    /// Each owner value with whether it is the active filter.
    owner_options: Vec<(&'static str, bool)>,
    filtered: bool,
    answer: Option<Answer>,
    total: usize,
    hits: Vec<HitView>,
    facets: Vec<Facet>,
    suggestions: Vec<String>,
    page: usize,
    first: usize,
    previous: Option<String>,
    next: Option<String>,
}

/// The search page's filters, as they appear in its links.
#[derive(Clone, Default)]
struct SearchFilters {
    query: String,
    owner: Option<Owner>,
    area: Option<String>,
    kind: Option<DocKind>,
    service: Option<String>,
}

impl SearchFilters {
    fn href(&self, page: usize, page_size: usize) -> String {
        let mut pairs = vec![("q", self.query.clone())];
        if let Some(owner) = self.owner {
            pairs.push(("owner", owner.to_string()));
        }
        if let Some(area) = &self.area {
            pairs.push(("area", area.clone()));
        }
        if let Some(kind) = self.kind {
            pairs.push(("kind", kind.as_str().to_string()));
        }
        if let Some(service) = &self.service {
            pairs.push(("service", service.clone()));
        }
        if page_size != PAGE_SIZE {
            pairs.push(("limit", page_size.to_string()));
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        format!("/search?{query}")
    }
}

fn owner_options(active: Option<Owner>) -> Vec<(&'static str, bool)> {
    Owner::ALL
        .iter()
        .map(|&owner| (owner.as_str(), Some(owner) == active))
        .collect()
}

fn hit_href(kind: DocKind, service: Option<&str>, duty: Option<&str>) -> String {
    match (kind, service, duty) {
        (DocKind::Service, Some(service), _) => format!("/services/{service}"),
        (DocKind::Entry | DocKind::Statement, Some(service), Some(duty)) => {
            format!("/services/{service}#duty-{duty}")
        }
        (_, _, Some(duty)) => format!("/duties/{duty}"),
        _ => "/services".to_string(),
    }
}

/// One link per value of a facet: to filter by it, or to clear it when it is the active one.
fn facet_links(
    filters: &SearchFilters,
    counts: &BTreeMap<String, usize>,
    active: Option<&str>,
    set: impl Fn(&mut SearchFilters, Option<&str>),
) -> Vec<FacetLink> {
    counts
        .iter()
        .map(|(value, &count)| {
            let is_active = active == Some(value.as_str());
            let mut next = filters.clone();
            set(&mut next, (!is_active).then_some(value.as_str()));
            FacetLink {
                label: value.clone(),
                count,
                href: next.href(1, PAGE_SIZE),
                active: is_active,
            }
        })
        .collect()
}

fn facets(
    filters: &SearchFilters,
    owner: &BTreeMap<String, usize>,
    area: &BTreeMap<String, usize>,
) -> Vec<Facet> {
    let owner_links = facet_links(
        filters,
        owner,
        filters.owner.map(|o| o.as_str()),
        |next, value| next.owner = value.and_then(|v| v.parse().ok()),
    );
    let area_links = facet_links(filters, area, filters.area.as_deref(), |next, value| {
        next.area = value.map(str::to_string)
    });
    vec![
        Facet {
            name: "owner",
            links: owner_links,
        },
        Facet {
            name: "area",
            links: area_links,
        },
    ]
    .into_iter()
    .filter(|facet| !facet.links.is_empty())
    .collect()
}

/// Query of the search page: the search's parameters and a page number.
#[derive(Debug, Deserialize)]
pub(super) struct SearchPageQuery {
    #[serde(flatten)]
    params: SearchParams,
    /// The page of hits, from 1 to [`MAX_PAGE`].
    page: Option<WholeNumber>,
}

/// The page number asked for, from 1 to [`MAX_PAGE`].
fn page_number(page: Option<&WholeNumber>) -> Result<usize, RequestError> {
    match page {
        None => Ok(1),
        Some(number) => number
            .within(1, MAX_PAGE)
            .ok_or_else(|| RequestError::InvalidValue {
                param: Param::Page,
                given: number.as_str().to_string(),
                expected: format!("is not a page; use a whole number from 1 to {MAX_PAGE}"),
            }),
    }
}

pub(super) async fn search(
    state: SharedState,
    query: web::Query<SearchPageQuery>,
) -> Result<HttpResponse, PageError> {
    let dataset = &state.dataset;
    let SearchPageQuery { params, page } = query.into_inner();
    let page = page_number(page.as_ref())?;
    if params.query.is_none() {
        // No question at all: the search form, not an error. Blank words are an error, as on
        // every face.
        return html(SearchPage {
            layout: Layout::new(dataset, ""),
            query: String::new(),
            owner_options: owner_options(None),
            filtered: false,
            answer: None,
            total: 0,
            hits: Vec::new(),
            facets: Vec::new(),
            suggestions: Vec::new(),
            page: 1,
            first: 1,
            previous: None,
            next: None,
        });
    }
    // `limit` is the page size, as on the API (20 unless given); `page` picks the page.
    let mut request = params.parse(dataset)?;
    let page_size = request.limit;
    request.offset = (page - 1) * page_size;
    let filters = SearchFilters {
        query: request.query.clone(),
        owner: request.owner,
        area: request.area.clone(),
        kind: request.kind,
        service: request.service.clone(),
    };
    let filtered = filters.owner.is_some()
        || filters.area.is_some()
        || filters.kind.is_some()
        || filters.service.is_some();
    let results = ops::search::run(&state, &request)?;
    let answer = if page == 1 {
        Some(ops::answer::run(&state, &request.query)?)
    } else {
        None
    };
    let hits = results
        .hits
        .iter()
        .map(|hit| HitView {
            title: hit.title.clone(),
            href: hit_href(hit.kind, hit.service_id.as_deref(), hit.duty_id.as_deref()),
            snippet: render::html::snippet(&hit.fragment, &hit.highlights),
            owner: hit.owner,
            area: hit.area.clone(),
            kind: hit.kind.as_str(),
        })
        .collect();
    let last_page = results.total.div_ceil(page_size).clamp(1, MAX_PAGE);
    html(SearchPage {
        layout: Layout::new(dataset, &filters.query),
        query: filters.query.clone(),
        owner_options: owner_options(filters.owner),
        filtered,
        answer,
        total: results.total,
        hits,
        facets: facets(&filters, &results.facets.owner, &results.facets.area),
        suggestions: results.suggestions.clone(),
        page,
        first: (page - 1) * page_size + 1,
        previous: (page > 1).then(|| filters.href(page - 1, page_size)),
        next: (page < last_page).then(|| filters.href(page + 1, page_size)),
    })
}
