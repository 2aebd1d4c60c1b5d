//! Terraform: a plan (`terraform show -json PLAN`: `resource_changes`, else `planned_values`
//! with its child modules) or state (`terraform show -json`: `values`; or a raw `.tfstate`:
//! `resources` with their instances). Managed resources count; data sources only read.

use super::tree::Node;
use super::{DocumentKind, Found, Resource};

/// A plan or state, read.
pub(super) struct Plan {
    pub kind: DocumentKind,
    pub found: Vec<Found>,
    pub data_sources: usize,
}

/// The plan or state `root` is, or `None`.
pub(super) fn read(root: &Node) -> Option<Plan> {
    let mut plan = Plan {
        kind: DocumentKind::TerraformPlan,
        found: Vec::new(),
        data_sources: 0,
    };
    if let Some(Node::List(changes)) = root.get("resource_changes") {
        for change in changes {
            add(&mut plan, change, "address");
        }
    } else if let Some(module) = root
        .get("planned_values")
        .and_then(|v| v.get("root_module"))
    {
        walk_module(&mut plan, module);
    } else if let Some(module) = root.get("values").and_then(|v| v.get("root_module")) {
        plan.kind = DocumentKind::TerraformState;
        walk_module(&mut plan, module);
    } else if let (Some(Node::List(resources)), Some(_)) =
        (root.get("resources"), root.get("version"))
    {
        plan.kind = DocumentKind::TerraformState;
        for resource in resources {
            add_state_resource(&mut plan, resource);
        }
    } else {
        return None;
    }
    Some(plan)
}

/// A module of `planned_values` or `values`: its resources, then its child modules'.
fn walk_module(plan: &mut Plan, module: &Node) {
    for resource in module.get("resources").map(Node::items).unwrap_or_default() {
        add(plan, resource, "address");
    }
    for child in module
        .get("child_modules")
        .map(Node::items)
        .unwrap_or_default()
    {
        walk_module(plan, child);
    }
}

/// One resource entry with a `mode`, a `type` and its address under `address_key`.
fn add(plan: &mut Plan, entry: &Node, address_key: &str) {
    let Some(type_name) = entry.get("type").and_then(Node::as_str) else {
        return;
    };
    match entry.get("mode").and_then(Node::as_str) {
        Some("data") => plan.data_sources += 1,
        _ => plan.found.push(Found {
            resource: Resource {
                id: entry
                    .get(address_key)
                    .and_then(Node::as_str)
                    .unwrap_or(type_name)
                    .to_string(),
                type_name: type_name.to_string(),
            },
            implies: Vec::new(),
        }),
    }
}

/// A resource of a raw state file: `module`, `mode`, `type`, `name`.
fn add_state_resource(plan: &mut Plan, resource: &Node) {
    let (Some(type_name), Some(name)) = (
        resource.get("type").and_then(Node::as_str),
        resource.get("name").and_then(Node::as_str),
    ) else {
        return;
    };
    if resource.get("mode").and_then(Node::as_str) == Some("data") {
        plan.data_sources += 1;
        return;
    }
    let address = match resource.get("module").and_then(Node::as_str) {
        Some(module) => format!("{module}.{type_name}.{name}"),
        None => format!("{type_name}.{name}"),
    };
    plan.found.push(Found {
        resource: Resource {
            id: address,
            type_name: type_name.to_string(),
        },
        implies: Vec::new(),
    });
}
