//! The pages that browse the dataset: home, the service list, one service, one duty.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::error::PageError;
use super::layout::{
    CategoryGroup, DiagramColumn, Layout, ServiceLink, by_category, diagram, html,
};
use crate::extract::SharedState;
use crate::model::{Area, Duty, DutyEntry, Owner, Service};
use crate::ops;

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

pub(super) async fn service(
    state: SharedState,
    key: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let dataset = &state.dataset;
    let position = ops::lookup::LookupParams {
        service: key.to_string(),
        ..Default::default()
    }
    .parse(dataset)?
    .position;
    let service = &dataset.services[position];
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
    let duty = ops::duties::get(dataset, &id)?.duty;
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
