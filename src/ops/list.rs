//! List: the services, filtered by category, model and availability, a page at a time.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::error::RequestError;
use super::input::{self, WholeNumber};
use crate::model::{AvailabilityStatus, Dataset, ServiceModel};

/// Services per page when the request does not say.
pub const DEFAULT_LIMIT: usize = 50;
/// The most services one page may hold.
pub const MAX_LIMIT: usize = 500;

/// What a service list asks for, as every face receives it.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
pub struct ListParams {
    /// Only services of this category id, e.g. "database", "storage", "compute".
    pub category: Option<String>,
    /// Only services of this model: "infrastructure" (the customer runs the guest OS),
    /// "container" (AWS runs OS and platform) or "abstracted" (AWS runs everything below the
    /// API).
    #[schemars(extend("enum" = ["infrastructure", "container", "abstracted"]))]
    pub model: Option<String>,
    /// Only services with this availability: "available", "closed-to-new-customers",
    /// "end-of-support-announced" or "retired".
    #[schemars(extend("enum" = ["available", "closed-to-new-customers", "end-of-support-announced", "retired"]))]
    pub availability: Option<String>,
    /// Services per page, from 1 to 500; 50 when absent.
    #[schemars(range(min = 1, max = 500))]
    pub limit: Option<WholeNumber>,
    /// Services to skip before the page starts; 0 when absent.
    #[schemars(range(min = 0, max = 1_000_000))]
    pub offset: Option<WholeNumber>,
}

/// A checked service list request.
#[derive(Debug, Clone, PartialEq)]
pub struct ListRequest {
    pub category: Option<String>,
    pub model: Option<ServiceModel>,
    pub availability: Option<AvailabilityStatus>,
    pub limit: usize,
    pub offset: usize,
}

impl ListParams {
    pub fn parse(&self, dataset: &Dataset) -> Result<ListRequest, RequestError> {
        Ok(ListRequest {
            category: input::category(dataset, self.category.as_deref())?,
            model: input::model(self.model.as_deref())?,
            availability: input::availability(self.availability.as_deref())?,
            limit: input::limit(self.limit.as_ref(), DEFAULT_LIMIT, MAX_LIMIT)?,
            offset: input::offset(self.offset.as_ref())?,
        })
    }
}

/// One service of a list.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ServiceSummary {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub category: String,
    pub model: ServiceModel,
    pub availability: AvailabilityStatus,
}

/// A page of services.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ServicePage {
    /// Services that pass the filters, over all pages.
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
    pub items: Vec<ServiceSummary>,
}

pub fn run(dataset: &Dataset, request: &ListRequest) -> ServicePage {
    let matching: Vec<_> = dataset
        .services
        .iter()
        .filter(|service| {
            request
                .category
                .as_deref()
                .is_none_or(|c| service.category == c)
        })
        .filter(|service| request.model.is_none_or(|m| service.model == m))
        .filter(|service| {
            request
                .availability
                .is_none_or(|status| service.availability.status == status)
        })
        .collect();
    let items = matching
        .iter()
        .skip(request.offset)
        .take(request.limit)
        .map(|service| ServiceSummary {
            id: service.id.clone(),
            name: service.name.clone(),
            short_name: service.short_name.clone(),
            category: service.category.clone(),
            model: service.model,
            availability: service.availability.status,
        })
        .collect();
    ServicePage {
        total: matching.len(),
        limit: request.limit,
        offset: request.offset,
        items,
    }
}
