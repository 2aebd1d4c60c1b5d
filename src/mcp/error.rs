//! MCP's words for request errors: tool results flagged `isError` and JSON-RPC errors whose
//! text starts with the same code as every other face.

use std::fmt::Write;

use rmcp::ErrorData;
use serde_json::json;

use crate::ops::{Param, ParamNames, RequestError};

/// The names of the MCP tools' arguments.
pub(crate) struct McpNames;

impl ParamNames for McpNames {
    fn name(&self, param: Param) -> &'static str {
        match param {
            Param::Query => "query",
            Param::Question => "question",
            Param::ServiceKey | Param::ServiceFilter => "service",
            Param::Services => "services",
            Param::Duty => "duty",
            Param::Owner => "owner",
            Param::Area => "area",
            Param::Model => "model",
            Param::Category => "category",
            Param::Kind => "kind",
            Param::Availability => "availability",
            Param::Limit => "limit",
            Param::Offset | Param::Page => "offset",
            Param::Format => "format",
            Param::Template => "template",
        }
    }
}

/// `code: message`, then the suggestions, as one line a model can act on.
pub(crate) fn error_text(error: &RequestError) -> String {
    let mut text = format!("{}: {}", error.code(), error.message(&McpNames));
    let suggestions = error.suggestions();
    if !suggestions.is_empty() {
        let _ = write!(text, " Did you mean: {}?", suggestions.join(", "));
    }
    text
}

/// A JSON-RPC "invalid params" error for `error` (prompts have no `isError` result).
pub(crate) fn invalid_params(error: &RequestError) -> ErrorData {
    ErrorData::invalid_params(
        error_text(error),
        Some(json!({"code": error.code(), "suggestions": error.suggestions()})),
    )
}

/// A JSON-RPC "resource not found" error for `error`, naming the URI.
pub(crate) fn resource_not_found(error: &RequestError, uri: &str) -> ErrorData {
    ErrorData::resource_not_found(
        error_text(error),
        Some(json!({
            "code": error.code(),
            "uri": uri,
            "suggestions": error.suggestions(),
        })),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_text_starts_with_the_code_names_the_argument_and_ends_with_suggestions() {
        let error = RequestError::ServiceNotFound {
            key: "lamda".into(),
            suggestions: vec!["lambda".into()],
        };
        assert_eq!(
            error_text(&error),
            "service_not_found: No service is called `lamda`. Did you mean: lambda?"
        );
        let empty = RequestError::MissingQuery {
            param: Param::Question,
        };
        assert!(error_text(&empty).starts_with("missing_query: `question` is required"));
    }
}
