//! Renderings the faces share: Markdown for chat and MCP ([`markdown`]), CSV for spreadsheets
//! ([`csv`]) and HTML fragments for search snippets ([`html`]). Each is written by one module
//! with one escaper, so the same record reads the same wherever it is shown.
//!
//! Rendering reads the results of `ops` and the model; nothing below `ops` renders.

pub mod csv;
pub mod html;
pub mod markdown;

/// The mark a model-default cell carries in text renderings, and its legend.
pub const MODEL_DEFAULT_MARK: &str = "*";
pub const MODEL_DEFAULT_LEGEND: &str =
    "model default: the service model's usual owner, not checked for this service";
