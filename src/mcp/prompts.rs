//! The MCP prompt `responsibility_review`: a ready-made request for an architecture review of
//! a list of services, with srmap's matrix and the customer's duties already in it, so that
//! the model reviews facts rather than recalls them.
//!
//! A prompt has no `isError` result, so bad arguments are JSON-RPC "invalid params" errors
//! whose message starts with the HTTP API's code (`missing_services: ...`).

use rmcp::ErrorData;
use rmcp::model::{GetPromptResult, JsonObject, Prompt, PromptArgument, PromptMessage, Role};
use serde_json::json;

use super::error::invalid_params;
use crate::ops::{AppState, ServiceKeys, architecture, matrix};
use crate::render;

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
    let keys = ServiceKeys(vec![argument("services").to_string()]);
    let positions = matrix::MatrixParams { services: keys }
        .parse(&state.dataset)
        .map_err(|error| invalid_params(&error))?;
    let services = matrix::services(&state.dataset, &positions);
    let focus = argument("focus").trim();
    Ok(GetPromptResult::new(vec![PromptMessage::new_text(
        Role::User,
        render::markdown::review_request(
            &state.dataset,
            &services,
            &architecture::review(&state.dataset, &services),
            focus,
        ),
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
