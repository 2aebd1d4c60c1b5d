//! The MCP prompt `responsibility_review`: a ready-made request for an architecture review of
//! a list of services, with srmap's matrix and the customer's duties already in it, so that
//! the model reviews facts rather than recalls them.
//!
//! A prompt has no `isError` result, so bad arguments are JSON-RPC "invalid params" errors
//! whose message starts with the HTTP API's code (`missing_services: ...`).

use std::fmt::Write;

use rmcp::ErrorData;
use rmcp::model::{GetPromptResult, JsonObject, Prompt, PromptArgument, PromptMessage, Role};
use serde_json::json;

use crate::api::params;
use crate::api::{ApiError, AppState};
use crate::model::{Matrix, Owner, Service};

/// The one prompt's name.
pub(crate) const REVIEW_PROMPT: &str = "responsibility_review";

/// Every prompt the server offers.
pub(crate) fn list() -> Vec<Prompt> {
    vec![
        Prompt::new(
            REVIEW_PROMPT,
            Some(
                "Review the security responsibilities of an AWS architecture under the Shared \
                 Responsibility Model: what AWS does, what the customer must do, and where the \
                 line moves between its services.",
            ),
            Some(vec![
                PromptArgument::new("services")
                    .with_title("Services")
                    .with_description(
                        "The architecture's AWS services, comma-separated ids or aliases, e.g. \
                         \"ec2,rds,s3\".",
                    )
                    .with_required(true),
                PromptArgument::new("focus")
                    .with_title("Focus")
                    .with_description(
                        "Optional: a concern to stress, e.g. \"data protection\" or \"patching\".",
                    )
                    .with_required(false),
            ]),
        )
        .with_title("Shared-responsibility review of an architecture"),
    ]
}

/// The prompt `name` with `arguments` filled in.
pub(crate) fn get(
    state: &AppState,
    name: &str,
    arguments: Option<&JsonObject>,
) -> Result<GetPromptResult, ErrorData> {
    if name != REVIEW_PROMPT {
        return Err(ErrorData::invalid_params(
            format!("not_found: No prompt is called `{name}`; use `{REVIEW_PROMPT}`."),
            Some(json!({"code": "not_found", "prompts": [REVIEW_PROMPT]})),
        ));
    }
    let argument = |key: &str| {
        arguments
            .and_then(|arguments| arguments.get(key))
            .and_then(|value| value.as_str())
            .unwrap_or_default()
    };
    let keys: Vec<String> = argument("services")
        .split(',')
        .map(str::to_string)
        .collect();
    let services = params::services(&state.dataset, &keys).map_err(invalid_params)?;
    let focus = argument("focus").trim();
    Ok(GetPromptResult::new(vec![PromptMessage::new_text(
        Role::User,
        review_request(state, &services, focus),
    )])
    .with_description(format!(
        "Shared-responsibility review of {}",
        services
            .iter()
            .map(|service| service.short_name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

fn invalid_params(error: ApiError) -> ErrorData {
    ErrorData::invalid_params(
        format!("{}: {error}", error.code()),
        Some(json!({"code": error.code(), "suggestions": error.suggestions()})),
    )
}

/// The user message: the task, the matrix, and the duties the customer carries or shares.
fn review_request(state: &AppState, services: &[&Service], focus: &str) -> String {
    let dataset = &state.dataset;
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
        Matrix::for_services(dataset, services).to_markdown()
    );
    out.push_str("## What the customer must do (customer and shared duties)\n");
    for service in services {
        let _ = write!(out, "\n### {} (`{}`)\n\n", service.name, service.id);
        for entry in service
            .duties
            .iter()
            .filter(|entry| entry.owner != Owner::Aws)
        {
            let _ = writeln!(
                out,
                "- **{}** {} (`{}`): {}",
                entry.owner, entry.title, entry.id, entry.summary
            );
            for statement in &entry.statements {
                let controls = if statement.controls.is_empty() {
                    String::new()
                } else {
                    format!(" [Security Hub: {}]", statement.controls.join(", "))
                };
                let _ = writeln!(out, "  - {}: {}{controls}", statement.owner, statement.text);
            }
        }
        let _ = writeln!(out, "\nSecurity chapter: {}", service.docs_url);
    }
    out.push_str(
        "\n## The review to write\n\n\
         1. For each service, what AWS does and what the customer must do, in a few bullets.\n\
         2. Where the line moves between these services (the same duty with different owners) \
         and what that means for the team running them.\n\
         3. The customer's duties as a checklist, with the AWS Security Hub controls that check \
         them.\n\
         4. The AWS documentation to read, from the links above.\n",
    );
    if !focus.is_empty() {
        let _ = write!(out, "\nStress this concern throughout: {focus}.\n");
    }
    out
}
