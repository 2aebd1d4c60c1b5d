//! Markdown of an architecture read from a template (its services, resources, the customer's
//! duties, the matrix and the review) and of the `responsibility_review` prompt.

use std::fmt::Write;

use super::{escape, matrix};
use crate::iac::DocumentKind;
use crate::model::{Dataset, Matrix, Owner, Service};
use crate::ops::architecture::{Architecture, ReviewAnswer};

/// An architecture read from a template or plan: its services with the resources that bring
/// them, the unknown types, and what the customer must do on each service (its customer and
/// shared duties). With `full`, also the matrix and the review of the design's questions;
/// without, short enough for a model's context.
pub fn architecture(architecture: &Architecture, full: bool) -> String {
    let resources: usize = architecture
        .services
        .iter()
        .map(|service| service.resources.len())
        .sum();
    let mut out = format!(
        "## Architecture: {} services from {} resources ({})\n\n",
        architecture.services.len(),
        resources + architecture.unknown.len(),
        match architecture.kind {
            DocumentKind::Cloudformation => "CloudFormation template",
            DocumentKind::Sam => "SAM template",
            DocumentKind::TerraformPlan => "Terraform plan",
            DocumentKind::TerraformState => "Terraform state",
        }
    );
    for service in &architecture.services {
        let ids: Vec<String> = service
            .resources
            .iter()
            .take(MAX_RESOURCES_LISTED)
            .map(|resource| format!("`{}`", resource.id))
            .collect();
        let more = service.resources.len().saturating_sub(MAX_RESOURCES_LISTED);
        let _ = write!(out, "- `{}`: {}", service.id, ids.join(", "));
        if more > 0 {
            let _ = write!(out, " and {more} more");
        }
        // Our own notes, which quote resource ids in code spans as the list above does.
        if !service.implied_by.is_empty() {
            let _ = write!(out, "; {}", service.implied_by.join("; "));
        }
        out.push('\n');
    }
    if !architecture.unknown.is_empty() {
        out.push_str("\nTypes that name no service:\n");
        for unknown in architecture.unknown.iter().take(MAX_RESOURCES_LISTED) {
            let _ = writeln!(
                out,
                "- `{}` ({}): {}",
                unknown.id,
                unknown.type_name,
                escape(&unknown.reason)
            );
        }
    }
    if !architecture.nested_stacks.is_empty() {
        let ids: Vec<String> = architecture
            .nested_stacks
            .iter()
            .map(|stack| format!("`{}`", stack.id))
            .collect();
        let _ = writeln!(
            out,
            "\nNested stacks (their resources are in other templates): {}",
            ids.join(", ")
        );
    }
    out.push_str("\n### What the customer must do\n\n");
    for duty in &architecture.matrix.rows {
        let owners: Vec<String> = architecture
            .matrix
            .cells(duty)
            .zip(&architecture.matrix.services)
            .filter_map(|(cell, id)| match cell {
                Some((Owner::Customer, _)) => Some(format!("`{id}`")),
                Some((Owner::Shared, _)) => Some(format!("`{id}` (shared)")),
                _ => None,
            })
            .collect();
        if !owners.is_empty() {
            let _ = writeln!(out, "- {}: {}", escape(&duty.title), owners.join(", "));
        }
    }
    if full {
        let _ = write!(
            out,
            "\n### Responsibility matrix\n\n{}",
            matrix(&architecture.matrix)
        );
        out.push_str("\n### Review\n");
        for answer in &architecture.review {
            let _ = write!(out, "\n**{}**\n\n", escape(&answer.question));
            for service in &answer.services {
                let _ = write!(out, "- `{}`: {}", service.id, service.owner);
                if !service.controls.is_empty() {
                    let _ = write!(out, " (Security Hub: {})", service.controls.join(", "));
                }
                out.push('\n');
                for statement in &service.statements {
                    let _ = writeln!(out, "  - {}", escape(&statement.text));
                }
            }
        }
    }
    out
}

/// Resources listed per service in an architecture summary.
const MAX_RESOURCES_LISTED: usize = 8;

/// The request of the `responsibility_review` prompt: the task, the matrix, the duties the
/// customer carries or shares on each service, and the questions of a secure design with
/// each service's owner of the duties that bear on them.
pub fn review_request(
    dataset: &Dataset,
    services: &[&Service],
    review: &[ReviewAnswer],
    focus: &str,
) -> String {
    let names: Vec<String> = services
        .iter()
        .map(|service| {
            format!(
                "{} (`{}`, {} model)",
                service.name, service.id, service.model
            )
        })
        .collect();
    let mut out = format!(
        "Review the security responsibilities of an AWS architecture made of {} under the AWS \
         Shared Responsibility Model.\n\n\
         Use only the facts below, from srmap dataset {} ({}); call srmap's tools \
         (`lookup_service`, `answer_question`) for more detail.\n\n\
         ## Responsibility matrix\n\n{}\n",
        names.join(", "),
        dataset.version,
        dataset.date,
        matrix(&Matrix::for_services(dataset, services))
    );
    out.push_str("## What the customer must do (customer and shared duties)\n");
    for service in services {
        let _ = write!(
            out,
            "\n### {} (`{}`)\n\n",
            escape(&service.name),
            service.id
        );
        for entry in service
            .duties
            .iter()
            .filter(|entry| entry.owner != Owner::Aws)
        {
            let _ = writeln!(
                out,
                "- **{}** {} (`{}`): {}",
                entry.owner,
                escape(&entry.title),
                entry.id,
                escape(&entry.summary)
            );
            for statement in &entry.statements {
                let controls = if statement.controls.is_empty() {
                    String::new()
                } else {
                    format!(" [Security Hub: {}]", statement.controls.join(", "))
                };
                let _ = writeln!(
                    out,
                    "  - {}: {}{controls}",
                    statement.owner,
                    escape(&statement.text)
                );
            }
        }
        let _ = writeln!(out, "\nSecurity chapter: {}", service.docs_url);
    }
    out.push_str("\n## The questions a secure design answers\n");
    for answer in review {
        let _ = write!(
            out,
            "\n### {}\n\nDuties: {}\n\n",
            escape(&answer.question),
            answer
                .duties
                .iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for service in &answer.services {
            let _ = write!(out, "- `{}`: {}", service.id, service.owner);
            if !service.controls.is_empty() {
                let _ = write!(out, " (Security Hub: {})", service.controls.join(", "));
            }
            out.push('\n');
        }
    }
    out.push_str(
        "\n## The review to write\n\n\
         1. For each service, what AWS does and what the customer must do, in a few bullets.\n\
         2. Where the line moves between these services (the same duty with different owners) \
         and what that means for the team running them.\n\
         3. The answer to each of the questions above for this architecture: who needs access, \
         to what, how, from inside or outside the network, the minimum access, how it is \
         enforced and how compliance is monitored, from the customer's duties that bear on it.\n\
         4. The customer's duties as a checklist, with the AWS Security Hub controls that check \
         them.\n\
         5. The AWS documentation to read, from the links above.\n",
    );
    if !focus.is_empty() {
        let _ = write!(
            out,
            "\nStress this concern throughout: {}.\n",
            escape(focus)
        );
    }
    out
}
