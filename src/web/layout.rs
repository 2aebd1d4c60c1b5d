//! What every page shares: the layout's fields, rendering a template, service links, the
//! categories and the home page's diagram.

use actix_web::HttpResponse;
use askama::Template;

use super::STYLESHEET_PATH;
use super::error::PageError;
use crate::model::{Dataset, Service, ServiceModel};

/// The parts of the layout every page shares.
pub(super) struct Layout {
    pub(super) css_path: &'static str,
    pub(super) query: String,
    pub(super) dataset_version: String,
}

impl Layout {
    pub(super) fn new(dataset: &Dataset, query: &str) -> Layout {
        Layout {
            css_path: STYLESHEET_PATH.as_str(),
            query: query.to_string(),
            dataset_version: dataset.version.clone(),
        }
    }

    /// Used where no dataset is at hand (error pages raised before a handler ran).
    pub(super) fn bare() -> Layout {
        Layout {
            css_path: STYLESHEET_PATH.as_str(),
            query: String::new(),
            dataset_version: String::new(),
        }
    }
}

/// A rendered page with status 200.
pub(super) fn html(page: impl Template) -> Result<HttpResponse, PageError> {
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page.render()?))
}

/// A service, as listed on pages.
pub(super) struct ServiceLink {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) short_name: String,
    pub(super) model: ServiceModel,
}

impl ServiceLink {
    pub(super) fn of(service: &Service) -> ServiceLink {
        ServiceLink {
            id: service.id.clone(),
            name: service.name.clone(),
            short_name: service.short_name.clone(),
            model: service.model,
        }
    }
}

pub(super) struct CategoryGroup {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) services: Vec<ServiceLink>,
}

pub(super) fn by_category(dataset: &Dataset) -> Vec<CategoryGroup> {
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

pub(super) struct DiagramLayer {
    pub(super) name: &'static str,
    pub(super) owner: &'static str,
    pub(super) y: u32,
}

pub(super) struct DiagramColumn {
    pub(super) title: &'static str,
    pub(super) example: &'static str,
    pub(super) x: u32,
    pub(super) layers: Vec<DiagramLayer>,
}

/// The layers of the home page's diagram, top to bottom, and who owns each per model.
pub(super) fn diagram() -> Vec<DiagramColumn> {
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
