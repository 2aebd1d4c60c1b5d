//! One handler per page, each turning its query into the same domain calls the JSON API makes
//! and rendering an askama template.

use std::collections::BTreeMap;
use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, ResponseError, web};
use askama::Template;

use super::STYLESHEET_PATH;
use crate::answer::{self, Answer};
use crate::api::SharedState;
use crate::index::{DocKind, SearchRequest};
use crate::model::{Area, Dataset, Duty, DutyEntry, Matrix, Owner, Service, ServiceModel};

/// Hits per search page.
const PAGE_SIZE: usize = 20;
/// The last search page that may be asked for.
const MAX_PAGE: usize = 50;
/// Most services on one compare page.
const MAX_COMPARE: usize = 30;

/// Everything a page can fail with; rendered as an HTML page with the same status.
#[derive(Debug)]
pub enum PageError {
    /// A parameter has a value outside its domain.
    BadRequest(String),
    /// No such service, duty or page.
    NotFound {
        message: String,
        suggestions: Vec<String>,
        search: String,
    },
    /// A failure on our side; details go to the log.
    Internal(anyhow::Error),
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageError::BadRequest(message) => f.write_str(message),
            PageError::NotFound { message, .. } => f.write_str(message),
            PageError::Internal(_) => f.write_str("Something went wrong on our side."),
        }
    }
}

impl From<askama::Error> for PageError {
    fn from(error: askama::Error) -> Self {
        PageError::Internal(anyhow::Error::new(error).context("rendering a page"))
    }
}

impl From<tantivy::TantivyError> for PageError {
    fn from(error: tantivy::TantivyError) -> Self {
        PageError::Internal(anyhow::Error::new(error).context("searching the index"))
    }
}

/// The parts of the layout every page shares.
struct Layout {
    css_path: &'static str,
    query: String,
    dataset_version: String,
}

impl Layout {
    fn new(dataset: &Dataset, query: &str) -> Layout {
        Layout {
            css_path: STYLESHEET_PATH.as_str(),
            query: query.to_string(),
            dataset_version: dataset.version.clone(),
        }
    }

    /// Used where no dataset is at hand (error pages raised before a handler ran).
    fn bare() -> Layout {
        Layout {
            css_path: STYLESHEET_PATH.as_str(),
            query: String::new(),
            dataset_version: String::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    heading: String,
    message: String,
    suggestions: Vec<String>,
    search: String,
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::BadRequest(_) => StatusCode::BAD_REQUEST,
            PageError::NotFound { .. } => StatusCode::NOT_FOUND,
            PageError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let PageError::Internal(error) = self {
            tracing::error!(error = ?error, "page failed");
        }
        let (heading, suggestions, search) = match self {
            PageError::BadRequest(_) => ("Bad request", Vec::new(), String::new()),
            PageError::NotFound {
                suggestions,
                search,
                ..
            } => ("Not found", suggestions.clone(), search.clone()),
            PageError::Internal(_) => ("Something went wrong", Vec::new(), String::new()),
        };
        let page = ErrorPage {
            layout: Layout::bare(),
            heading: heading.to_string(),
            message: self.to_string(),
            suggestions,
            search,
        };
        let body = page
            .render()
            .unwrap_or_else(|_| format!("<!DOCTYPE html><title>{heading}</title><p>{heading}</p>"));
        HttpResponse::build(self.status_code())
            .content_type("text/html; charset=utf-8")
            .body(body)
    }
}

fn html(page: impl Template) -> Result<HttpResponse, PageError> {
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page.render()?))
}

/// The query string as pairs, keeping repeated keys (`pick=ec2&pick=s3`).
type Pairs = web::Query<Vec<(String, String)>>;

fn first<'a>(pairs: &'a Pairs, key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(name, value)| name == key && !value.trim().is_empty())
        .map(|(_, value)| value.trim())
}

/// A service, as listed on pages.
struct ServiceLink {
    id: String,
    name: String,
    short_name: String,
    model: ServiceModel,
}

impl ServiceLink {
    fn of(service: &Service) -> ServiceLink {
        ServiceLink {
            id: service.id.clone(),
            name: service.name.clone(),
            short_name: service.short_name.clone(),
            model: service.model,
        }
    }
}

struct CategoryGroup {
    id: String,
    title: String,
    services: Vec<ServiceLink>,
}

fn by_category(dataset: &Dataset) -> Vec<CategoryGroup> {
    dataset
        .categories
        .iter()
        .map(|category| CategoryGroup {
            id: category.id.clone(),
            title: category.title.clone(),
            services: dataset
                .services
                .iter()
                .filter(|service| service.category == category.id)
                .map(ServiceLink::of)
                .collect(),
        })
        .filter(|group| !group.services.is_empty())
        .collect()
}

struct DiagramLayer {
    name: &'static str,
    owner: &'static str,
    y: u32,
}

struct DiagramColumn {
    title: &'static str,
    example: &'static str,
    x: u32,
    layers: Vec<DiagramLayer>,
}

/// The layers of the home page's diagram, top to bottom, and who owns each per model.
fn diagram() -> Vec<DiagramColumn> {
    const LAYERS: [&str; 7] = [
        "Your data and its classification",
        "Identities, access and keys",
        "Applications and code",
        "Platform and runtime",
        "Guest operating system",
        "Hosts and virtualization",
        "Physical facilities",
    ];
    let column = |title, example, x, customer_layers: usize| DiagramColumn {
        title,
        example,
        x,
        layers: LAYERS
            .iter()
            .enumerate()
            .map(|(i, name)| DiagramLayer {
                name,
                owner: if i < customer_layers {
                    "customer"
                } else {
                    "aws"
                },
                y: 52 + 40 * i as u32,
            })
            .collect(),
    };
    vec![
        column("Infrastructure", "EC2, Lightsail, WorkSpaces", 0, 5),
        column("Container", "RDS, EMR, Elastic Beanstalk", 250, 3),
        column("Abstracted", "S3, DynamoDB, Lambda", 500, 3),
    ]
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    layout: Layout,
    diagram: Vec<DiagramColumn>,
    areas: &'a [Area],
    categories: Vec<CategoryGroup>,
    service_count: usize,
}

pub(super) async fn home(state: SharedState) -> Result<HttpResponse, PageError> {
    let dataset = &state.dataset;
    html(HomePage {
        layout: Layout::new(dataset, ""),
        diagram: diagram(),
        areas: &dataset.areas,
        categories: by_category(dataset),
        service_count: dataset.services.len(),
    })
}

#[derive(Template)]
#[template(path = "services.html")]
struct ServicesPage {
    layout: Layout,
    categories: Vec<CategoryGroup>,
    service_count: usize,
}

pub(super) async fn services(state: SharedState) -> Result<HttpResponse, PageError> {
    let dataset = &state.dataset;
    html(ServicesPage {
        layout: Layout::new(dataset, ""),
        categories: by_category(dataset),
        service_count: dataset.services.len(),
    })
}

struct AreaGroup<'a> {
    id: String,
    title: String,
    entries: Vec<&'a DutyEntry>,
}

#[derive(Template)]
#[template(path = "service.html")]
struct ServicePage<'a> {
    layout: Layout,
    service: &'a Service,
    category: String,
    groups: Vec<AreaGroup<'a>>,
    counts: (usize, usize, usize),
}

fn service_not_found(dataset: &Dataset, key: &str) -> PageError {
    PageError::NotFound {
        message: format!("No service is called \u{201c}{key}\u{201d}."),
        suggestions: dataset.suggest_services(key, 5),
        search: key.to_string(),
    }
}

pub(super) async fn service(
    state: SharedState,
    key: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let dataset = &state.dataset;
    let service = dataset
        .service(&key)
        .ok_or_else(|| service_not_found(dataset, &key))?;
    if service.id != *key {
        // One URL per service: aliases redirect to the id.
        return Ok(HttpResponse::PermanentRedirect()
            .insert_header((header::LOCATION, format!("/services/{}", service.id)))
            .finish());
    }
    let groups = dataset
        .areas
        .iter()
        .map(|area| AreaGroup {
            id: area.id.clone(),
            title: area.title.clone(),
            entries: service
                .duties
                .iter()
                .filter(|entry| entry.area == area.id)
                .collect(),
        })
        .filter(|group| !group.entries.is_empty())
        .collect();
    let count = |owner: Owner| service.duties.iter().filter(|e| e.owner == owner).count();
    html(ServicePage {
        layout: Layout::new(dataset, ""),
        service,
        category: dataset
            .categories
            .iter()
            .find(|category| category.id == service.category)
            .map(|category| category.title.clone())
            .unwrap_or_default(),
        groups,
        counts: (
            count(Owner::Aws),
            count(Owner::Customer),
            count(Owner::Shared),
        ),
    })
}

struct OwnerGroup {
    owner: &'static str,
    services: Vec<ServiceLink>,
}

#[derive(Template)]
#[template(path = "duty.html")]
struct DutyPage<'a> {
    layout: Layout,
    duty: &'a Duty,
    area_title: String,
    owners: Vec<OwnerGroup>,
}

pub(super) async fn duty(
    state: SharedState,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let dataset = &state.dataset;
    let duty = dataset.duty(&id).ok_or_else(|| PageError::NotFound {
        message: format!("No duty has the id \u{201c}{id}\u{201d}."),
        suggestions: Vec::new(),
        search: id.replace('-', " "),
    })?;
    let owners = Owner::ALL
        .iter()
        .map(|&owner| OwnerGroup {
            owner: owner.as_str(),
            services: dataset
                .services
                .iter()
                .filter(|service| service.duty(&duty.id).is_some_and(|e| e.owner == owner))
                .map(ServiceLink::of)
                .collect(),
        })
        .filter(|group| !group.services.is_empty())
        .collect();
    html(DutyPage {
        layout: Layout::new(dataset, ""),
        duty,
        area_title: dataset
            .area(&duty.area)
            .map(|area| area.title.clone())
            .unwrap_or_default(),
        owners,
    })
}

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
    fn href(&self, page: usize) -> String {
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
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        let encoded: Vec<String> = pairs
            .into_iter()
            .map(|(key, value)| format!("{key}={}", encode(&value)))
            .collect();
        format!("/search?{}", encoded.join("&"))
    }
}

/// Percent-encodes a query-string value.
fn encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

fn parse_filters(dataset: &Dataset, pairs: &Pairs) -> Result<(SearchFilters, usize), PageError> {
    let query: String = first(pairs, "q")
        .unwrap_or_default()
        .chars()
        .take(crate::index::MAX_QUERY_CHARS)
        .collect();
    let owner = first(pairs, "owner")
        .map(|text| text.parse::<Owner>().map_err(PageError::BadRequest))
        .transpose()?;
    let kind = first(pairs, "kind")
        .map(|text| text.parse::<DocKind>().map_err(PageError::BadRequest))
        .transpose()?;
    let area = first(pairs, "area")
        .map(|text| {
            dataset
                .area(text)
                .map(|area| area.id.clone())
                .ok_or_else(|| PageError::BadRequest(format!("`{text}` is not a security area.")))
        })
        .transpose()?;
    let service = first(pairs, "service")
        .map(|text| {
            dataset
                .service(text)
                .map(|service| service.id.clone())
                .ok_or_else(|| service_not_found(dataset, text))
        })
        .transpose()?;
    let page = match first(pairs, "page") {
        None => 1,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|page| (1..=MAX_PAGE).contains(page))
            .ok_or_else(|| {
                PageError::BadRequest(format!("`page` must be a number from 1 to {MAX_PAGE}."))
            })?,
    };
    Ok((
        SearchFilters {
            query,
            owner,
            area,
            kind,
            service,
        },
        page,
    ))
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
                href: next.href(1),
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

pub(super) async fn search(state: SharedState, pairs: Pairs) -> Result<HttpResponse, PageError> {
    let dataset = &state.dataset;
    let (filters, page) = parse_filters(dataset, &pairs)?;
    let filtered = filters.owner.is_some()
        || filters.area.is_some()
        || filters.kind.is_some()
        || filters.service.is_some();
    let layout = Layout::new(dataset, &filters.query);
    if filters.query.trim().is_empty() && !filtered {
        return html(SearchPage {
            layout,
            query: String::new(),
            owner_options: owner_options(None),
            filtered,
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
    let request = SearchRequest {
        query: filters.query.clone(),
        owner: filters.owner,
        area: filters.area.clone(),
        model: None,
        category: None,
        service: filters.service.clone(),
        kind: filters.kind,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
    };
    let results = state.index.search(&request)?;
    let answer = if page == 1 && !filters.query.trim().is_empty() {
        Some(answer::answer(dataset, &state.index, &filters.query)?)
    } else {
        None
    };
    let hits = results
        .hits
        .iter()
        .map(|hit| HitView {
            title: hit.title.clone(),
            href: hit_href(hit.kind, hit.service_id.as_deref(), hit.duty_id.as_deref()),
            snippet: hit.snippet.clone(),
            owner: hit.owner,
            area: hit.area.clone(),
            kind: hit.kind.as_str(),
        })
        .collect();
    let suggestions = if results.total == 0 {
        dataset.suggest_services(&filters.query, 3)
    } else {
        Vec::new()
    };
    let last_page = results.total.div_ceil(PAGE_SIZE).clamp(1, MAX_PAGE);
    html(SearchPage {
        layout,
        query: filters.query.clone(),
        owner_options: owner_options(filters.owner),
        filtered,
        answer,
        total: results.total,
        hits,
        facets: facets(&filters, &results.facets.owner, &results.facets.area),
        suggestions,
        page,
        first: (page - 1) * PAGE_SIZE + 1,
        previous: (page > 1).then(|| filters.href(page - 1)),
        next: (page < last_page).then(|| filters.href(page + 1)),
    })
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    layout: Layout,
    matrix: Option<Matrix>,
    names: Vec<String>,
    ids: String,
    selected: Vec<String>,
    all_services: Vec<ServiceLink>,
}

pub(super) async fn compare(state: SharedState, pairs: Pairs) -> Result<HttpResponse, PageError> {
    let dataset = &state.dataset;
    let keys: Vec<&str> = pairs
        .iter()
        .filter(|(name, _)| name == "services" || name == "pick")
        .flat_map(|(_, value)| value.split(','))
        .map(str::trim)
        .filter(|key| !key.is_empty())
        .collect();
    if keys.len() > MAX_COMPARE {
        return Err(PageError::BadRequest(format!(
            "Compare at most {MAX_COMPARE} services at once."
        )));
    }
    let mut chosen: Vec<&Service> = Vec::new();
    for key in keys {
        let service = dataset
            .service(key)
            .ok_or_else(|| service_not_found(dataset, key))?;
        if !chosen.iter().any(|known| known.id == service.id) {
            chosen.push(service);
        }
    }
    let selected: Vec<String> = chosen.iter().map(|service| service.id.clone()).collect();
    html(ComparePage {
        layout: Layout::new(dataset, ""),
        matrix: (!chosen.is_empty()).then(|| Matrix::for_services(dataset, &chosen)),
        names: chosen
            .iter()
            .map(|service| service.short_name.clone())
            .collect(),
        ids: selected.join(","),
        selected,
        all_services: dataset.services.iter().map(ServiceLink::of).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_escapes_everything_but_unreserved_characters() {
        assert_eq!(encode("who patches <rds>&x"), "who+patches+%3Crds%3E%26x");
    }
}
