//! Architecture: a CloudFormation or SAM template or a Terraform plan or state in; the
//! services it uses (each with the resources that bring it), the types it has that name no
//! service, the responsibility matrix of those services, and the review of the design's seven
//! questions out.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::error::RequestError;
use crate::iac::{self, DocumentKind, IacError, NestedStack, ServiceUse, Syntax, Unknown};
use crate::model::{Dataset, Matrix, Owner, Service};

/// The largest template or plan accepted, in bytes: the biggest real templates are a few
/// hundred kilobytes, and CloudFormation itself takes at most 1 MB.
pub const MAX_TEMPLATE_BYTES: usize = 2 * 1024 * 1024;

/// What an architecture request carries, as every face receives it.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
pub struct ArchitectureParams {
    /// The template or plan itself: a CloudFormation or SAM template (JSON or YAML, CDK output
    /// included) or a Terraform plan or state (`terraform show -json`). At most 2 MiB.
    pub template: String,
}

/// A checked request: the text and its syntax.
#[derive(Debug, Clone)]
pub struct ArchitectureRequest {
    pub text: String,
    pub syntax: Option<Syntax>,
}

impl ArchitectureParams {
    /// The checked request; `syntax` when the face knows it (a media type), else sniffed.
    pub fn parse(self, syntax: Option<Syntax>) -> Result<ArchitectureRequest, RequestError> {
        if self.template.len() > MAX_TEMPLATE_BYTES {
            return Err(RequestError::TemplateTooLarge {
                bytes: self.template.len(),
                max: MAX_TEMPLATE_BYTES,
            });
        }
        if self.template.trim().is_empty() {
            return Err(RequestError::MissingTemplate);
        }
        Ok(ArchitectureRequest {
            text: self.template,
            syntax,
        })
    }
}

/// One statement the customer must act on, under a review question.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ReviewStatement {
    pub duty_id: String,
    pub owner: Owner,
    pub text: String,
    pub controls: Vec<String>,
}

/// How one service bears on a review question.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ReviewService {
    pub id: String,
    /// The owner of the question's duties on this service: theirs when they agree, `shared`
    /// when they do not.
    pub owner: Owner,
    /// The owner of each of the question's duties on this service.
    pub owners: BTreeMap<String, Owner>,
    /// The statements of those duties the customer acts on (customer or shared).
    pub statements: Vec<ReviewStatement>,
    /// The Security Hub controls that check them.
    pub controls: Vec<String>,
}

/// One question of the review, answered for the architecture.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ReviewAnswer {
    pub id: String,
    pub question: String,
    pub duties: Vec<String>,
    pub services: Vec<ReviewService>,
}

/// The architecture, read and reviewed.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Architecture {
    pub kind: DocumentKind,
    pub services: Vec<ServiceUse>,
    pub unknown: Vec<Unknown>,
    pub nested_stacks: Vec<NestedStack>,
    /// Terraform data sources, which read and create nothing.
    pub data_sources: usize,
    pub matrix: Matrix,
    /// The seven questions of a secure design, in order.
    pub review: Vec<ReviewAnswer>,
}

/// Reads and reviews the architecture of `request`.
pub fn run(dataset: &Dataset, request: &ArchitectureRequest) -> Result<Architecture, RequestError> {
    let reading =
        iac::read(dataset, &request.text, request.syntax).map_err(|error| match error {
            IacError::Unreadable(error) => RequestError::InvalidTemplate {
                message: error.to_string(),
            },
            IacError::NotATemplate(message) => RequestError::NotATemplate { message },
        })?;
    let services: Vec<&Service> = reading
        .services
        .iter()
        .filter_map(|used| dataset.service(&used.id))
        .collect();
    Ok(Architecture {
        kind: reading.kind,
        matrix: Matrix::for_services(dataset, &services),
        review: review(dataset, &services),
        services: reading.services,
        unknown: reading.unknown,
        nested_stacks: reading.nested_stacks,
        data_sources: reading.data_sources,
    })
}

/// The review of `services`: for each question of `data/review.toml`, each service's owners
/// of the duties that bear on it, the customer's statements and their controls.
pub fn review(dataset: &Dataset, services: &[&Service]) -> Vec<ReviewAnswer> {
    dataset
        .review
        .iter()
        .map(|question| ReviewAnswer {
            id: question.id.clone(),
            question: question.question.clone(),
            duties: question.duties.clone(),
            services: services
                .iter()
                .map(|service| review_service(service, &question.duties))
                .collect(),
        })
        .collect()
}

fn review_service(service: &Service, duties: &[String]) -> ReviewService {
    let entries: Vec<_> = duties.iter().filter_map(|id| service.duty(id)).collect();
    let owners: BTreeMap<String, Owner> = entries
        .iter()
        .map(|entry| (entry.id.clone(), entry.owner))
        .collect();
    let owner = match owners.values().next() {
        Some(&first) if owners.values().all(|&owner| owner == first) => first,
        _ => Owner::Shared,
    };
    let statements: Vec<ReviewStatement> = entries
        .iter()
        .flat_map(|entry| {
            entry
                .statements
                .iter()
                .filter(|statement| statement.owner != Owner::Aws)
                .map(|statement| ReviewStatement {
                    duty_id: entry.id.clone(),
                    owner: statement.owner,
                    text: statement.text.clone(),
                    controls: statement.controls.clone(),
                })
        })
        .collect();
    let mut controls: Vec<String> = statements
        .iter()
        .flat_map(|statement| statement.controls.iter().cloned())
        .collect();
    controls.sort();
    controls.dedup();
    ReviewService {
        id: service.id.clone(),
        owner,
        owners,
        statements,
        controls,
    }
}
