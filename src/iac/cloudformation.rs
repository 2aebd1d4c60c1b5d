//! CloudFormation and SAM templates: every `Type` under `Resources`, loops of
//! `Fn::ForEach` included, nested stacks listed, and what SAM's function type implies.

use super::tree::Node;
use super::{DocumentKind, Found, NestedStack, Resource};

/// The SAM transform's name, as `Transform` gives it (a text or a list).
const SAM_TRANSFORM: &str = "AWS::Serverless-2016-10-31";
/// The key prefix of a CloudFormation loop (`Fn::ForEach::Topics`).
const FOR_EACH: &str = "Fn::ForEach";

/// A template, read.
pub(super) struct Template {
    pub kind: DocumentKind,
    pub found: Vec<Found>,
    pub nested_stacks: Vec<NestedStack>,
}

/// The template `root` is, or `None` when it has no `Resources` map with a `Type`.
pub(super) fn read(root: &Node) -> Option<Template> {
    let resources = root.get("Resources")?;
    if !matches!(resources, Node::Map(_)) {
        return None;
    }
    let sam = match root.get("Transform") {
        Some(Node::Scalar(name)) => name == SAM_TRANSFORM,
        Some(Node::List(names)) => names.iter().any(|n| n.as_str() == Some(SAM_TRANSFORM)),
        _ => false,
    };
    let mut template = Template {
        kind: if sam {
            DocumentKind::Sam
        } else {
            DocumentKind::Cloudformation
        },
        found: Vec::new(),
        nested_stacks: Vec::new(),
    };
    collect(resources, &mut template);
    // A map of resources none of which has a type is not a template (a config file that
    // happens to have a `Resources` key).
    let typed = template.found.len() + template.nested_stacks.len();
    (typed > 0 || resources.entries().is_empty()).then_some(template)
}

fn collect(resources: &Node, template: &mut Template) {
    for (id, resource) in resources.entries() {
        if id.starts_with(FOR_EACH) {
            // [identifier, collection, {templated resources}]
            if let Some(body) = resource.items().get(2) {
                collect(body, template);
            }
            continue;
        }
        let Some(type_name) = resource.get("Type").and_then(Node::as_str) else {
            continue;
        };
        let properties = resource.get("Properties");
        let mut implies = Vec::new();
        match type_name {
            "AWS::CloudFormation::Stack" | "AWS::Serverless::Application" => {
                let url = properties
                    .and_then(|p| p.get("TemplateURL").or_else(|| p.get("Location")))
                    .and_then(Node::as_str)
                    .map(str::to_string);
                template.nested_stacks.push(NestedStack {
                    id: id.clone(),
                    template_url: url,
                });
            }
            "AWS::Serverless::Function" if properties.and_then(|p| p.get("Role")).is_none() => {
                implies.push((
                    "iam",
                    format!(
                        "SAM creates an IAM execution role for function `{id}`, which names no `Role`"
                    ),
                ));
            }
            _ => {}
        }
        template.found.push(Found {
            resource: Resource {
                id: id.clone(),
                type_name: type_name.to_string(),
            },
            implies,
        });
    }
}
