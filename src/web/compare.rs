//! The compare page: the matrix of the services picked, over the same matrix operation as
//! `GET /v1/matrix`.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::error::PageError;
use super::layout::{Layout, ServiceLink, html};
use crate::extract::SharedState;
use crate::model::{Matrix, Service};
use crate::ops;

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

/// The query string as pairs, keeping repeated keys (`pick=ec2&pick=s3`).
type Pairs = web::Query<Vec<(String, String)>>;

pub(super) async fn compare(state: SharedState, pairs: Pairs) -> Result<HttpResponse, PageError> {
    let dataset = &state.dataset;
    let keys: Vec<&str> = pairs
        .iter()
        .filter(|(name, _)| name == "services" || name == "pick")
        .flat_map(|(_, value)| value.split(','))
        .map(str::trim)
        .filter(|key| !key.is_empty())
        .collect();
    let chosen: Vec<&Service> = if keys.is_empty() {
        Vec::new()
    } else {
        ops::matrix::services(dataset, &ops::matrix::resolve(dataset, &keys)?)
    };
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
