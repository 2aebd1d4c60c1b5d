//! Reading an architecture from infrastructure as code: CloudFormation and SAM templates (JSON
//! or YAML, CDK output included), Terraform plans (`terraform show -json PLAN`) and state, into
//! the services it uses, each with the resources that bring it.
//!
//! Only resource types are read (plus the few properties that make SAM create something more,
//! such as a function's implied execution role). Each type is mapped to a service through
//! `data/resource-types.toml`; a type the mapping does not know, or knows as no service of its
//! own, is listed as unknown with the reason, never dropped.

mod cloudformation;
mod terraform;
mod tree;

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::{Dataset, TypeTarget};

pub use tree::{MAX_DEPTH, Node, ReadError};

/// The syntax a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

impl Syntax {
    /// JSON when the text starts like a JSON object, YAML otherwise.
    pub fn sniff(text: &str) -> Syntax {
        if text.trim_start().starts_with('{') {
            Syntax::Json
        } else {
            Syntax::Yaml
        }
    }
}

/// What kind of document it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    Cloudformation,
    /// A SAM template (`Transform: AWS::Serverless-2016-10-31`).
    Sam,
    TerraformPlan,
    TerraformState,
}

/// A resource of the document: its logical id (CloudFormation) or address (Terraform).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Resource {
    pub id: String,
    #[serde(rename = "type")]
    pub type_name: String,
}

/// A service the architecture uses.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ServiceUse {
    pub id: String,
    /// The resources whose types belong to it.
    pub resources: Vec<Resource>,
    /// Why the service is used although no resource type names it (a SAM function without
    /// a `Role` gets an execution role from IAM).
    pub implied_by: Vec<String>,
}

/// A resource whose type names no service of the dataset, and why.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Unknown {
    pub id: String,
    #[serde(rename = "type")]
    pub type_name: String,
    pub reason: String,
}

/// A nested stack (`AWS::CloudFormation::Stack`, or a SAM application), whose own resources
/// are in another template.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct NestedStack {
    pub id: String,
    pub template_url: Option<String>,
}

/// What a document was read as.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Reading {
    pub kind: DocumentKind,
    /// Services in order of first appearance.
    pub services: Vec<ServiceUse>,
    pub unknown: Vec<Unknown>,
    pub nested_stacks: Vec<NestedStack>,
    /// Terraform data sources: they read, they create nothing, so they bring no service.
    pub data_sources: usize,
}

/// Why a document is no architecture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IacError {
    /// The text is not valid JSON or YAML.
    Unreadable(ReadError),
    /// It is valid but neither a template nor a plan or state.
    NotATemplate(String),
}

/// A resource found, before its type is mapped.
pub(crate) struct Found {
    pub resource: Resource,
    /// A service it implies besides its type's, with the reason.
    pub implies: Vec<(&'static str, String)>,
}

/// Reads `text` (in `syntax`, or sniffed) and maps its resources to services of `dataset`.
pub fn read(dataset: &Dataset, text: &str, syntax: Option<Syntax>) -> Result<Reading, IacError> {
    let syntax = syntax.unwrap_or_else(|| Syntax::sniff(text));
    let root = match syntax {
        Syntax::Json => tree::from_json(text),
        Syntax::Yaml => tree::from_yaml(text),
    }
    .map_err(IacError::Unreadable)?;
    let (kind, found, nested_stacks, data_sources) = if let Some(template) =
        cloudformation::read(&root)
    {
        (template.kind, template.found, template.nested_stacks, 0)
    } else if let Some(plan) = terraform::read(&root) {
        (plan.kind, plan.found, Vec::new(), plan.data_sources)
    } else {
        return Err(IacError::NotATemplate(
            "it has no CloudFormation `Resources` with `Type`s, and no Terraform `resource_changes`, `planned_values`, `values` or `resources`".to_string(),
        ));
    };
    Ok(map_services(
        dataset,
        kind,
        found,
        nested_stacks,
        data_sources,
    ))
}

fn map_services(
    dataset: &Dataset,
    kind: DocumentKind,
    found: Vec<Found>,
    nested_stacks: Vec<NestedStack>,
    data_sources: usize,
) -> Reading {
    let mut services: Vec<ServiceUse> = Vec::new();
    let mut unknown = Vec::new();
    /// The position of service `id` in `services`, added when new.
    fn use_service(services: &mut Vec<ServiceUse>, id: &str) -> usize {
        match services.iter().position(|service| service.id == id) {
            Some(position) => position,
            None => {
                services.push(ServiceUse {
                    id: id.to_string(),
                    resources: Vec::new(),
                    implied_by: Vec::new(),
                });
                services.len() - 1
            }
        }
    }
    let terraform = matches!(
        kind,
        DocumentKind::TerraformPlan | DocumentKind::TerraformState
    );
    for item in found {
        let target = if terraform {
            dataset.resource_types.terraform(&item.resource.type_name)
        } else {
            dataset
                .resource_types
                .cloudformation(&item.resource.type_name)
        };
        match target {
            Some(TypeTarget::Service(id)) => {
                let position = use_service(&mut services, id);
                services[position].resources.push(item.resource.clone());
            }
            Some(TypeTarget::NoService(note)) => unknown.push(Unknown {
                id: item.resource.id.clone(),
                type_name: item.resource.type_name.clone(),
                reason: note.clone(),
            }),
            None => unknown.push(Unknown {
                id: item.resource.id.clone(),
                type_name: item.resource.type_name.clone(),
                reason: if terraform && !item.resource.type_name.starts_with("aws_") {
                    "not a resource of the AWS provider".to_string()
                } else {
                    "no AWS service is known for this type".to_string()
                },
            }),
        }
        for (implied, why) in item.implies {
            let Some(service) = dataset.service(implied) else {
                continue;
            };
            let position = use_service(&mut services, &service.id);
            if !services[position].implied_by.contains(&why) {
                services[position].implied_by.push(why);
            }
        }
    }
    Reading {
        kind,
        services,
        unknown,
        nested_stacks,
        data_sources,
    }
}
