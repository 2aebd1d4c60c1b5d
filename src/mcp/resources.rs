//! The MCP resources: every service record as `srmap://services/{id}` and the duty catalogue
//! as `srmap://duties`, as JSON (the bodies of `GET /v1/services/{key}` and `GET /v1/duties`).
//!
//! The template `srmap://services/{id}` also takes any alias, percent-encoded
//! (`srmap://services/Amazon%20S3`). An unknown URI is a JSON-RPC "resource not found" error
//! whose message starts with the HTTP API's code (`service_not_found: ...`).

use rmcp::ErrorData;
use rmcp::model::{ReadResourceResult, Resource, ResourceContents, ResourceTemplate};
use serde::Serialize;
use serde_json::json;

use super::error::resource_not_found;
use crate::ops::{AppState, service_not_found};

/// The URI of the duty catalogue.
pub(crate) const DUTIES_URI: &str = "srmap://duties";
/// What every service URI starts with.
pub(crate) const SERVICE_URI_PREFIX: &str = "srmap://services/";
const JSON: &str = "application/json";

/// Every resource: the catalogue, then the services in id order.
pub(crate) fn list(state: &AppState) -> Vec<Resource> {
    let catalogue = Resource::new(DUTIES_URI, "duties")
        .with_title("The duty catalogue")
        .with_description(
            "Every security duty srmap knows, with its area, description, general owner and \
             default owner per service model.",
        )
        .with_mime_type(JSON);
    let services = state.dataset.services.iter().map(|service| {
        Resource::new(format!("{SERVICE_URI_PREFIX}{}", service.id), &service.id)
            .with_title(format!("{} security responsibilities", service.name))
            .with_description(service.summary.clone())
            .with_mime_type(JSON)
    });
    std::iter::once(catalogue).chain(services).collect()
}

/// The template that names any service's record.
pub(crate) fn templates() -> Vec<ResourceTemplate> {
    vec![
        ResourceTemplate::new(format!("{SERVICE_URI_PREFIX}{{id}}"), "service")
            .with_title("One service's security responsibilities")
            .with_description(
                "The full record of an AWS service: model, summary, documentation links and \
                 every duty with its owner (aws, customer or shared) and statements. `id` is the \
                 service id or any alias, percent-encoded.",
            )
            .with_mime_type(JSON),
    ]
}

/// Reads the resource at `uri`.
pub(crate) fn read(state: &AppState, uri: &str) -> Result<ReadResourceResult, ErrorData> {
    let dataset = &state.dataset;
    if uri == DUTIES_URI {
        let catalogue = json!({"total": dataset.duties.len(), "items": dataset.duties});
        return contents(uri, &catalogue);
    }
    let Some(key) = uri.strip_prefix(SERVICE_URI_PREFIX) else {
        return Err(ErrorData::resource_not_found(
            format!(
                "not_found: No resource has the URI `{uri}`; use {SERVICE_URI_PREFIX}{{id}} or {DUTIES_URI}."
            ),
            Some(json!({"code": "not_found", "uri": uri})),
        ));
    };
    let key = percent_decode(key);
    match dataset.service(&key) {
        Some(service) => contents(uri, service),
        None => Err(resource_not_found(&service_not_found(dataset, &key), uri)),
    }
}

fn contents(uri: &str, value: &impl Serialize) -> Result<ReadResourceResult, ErrorData> {
    let text = serde_json::to_string_pretty(value).map_err(|error| {
        tracing::error!(%error, uri, "writing a resource");
        ErrorData::internal_error("internal: Something went wrong on our side.", None)
    })?;
    Ok(ReadResourceResult::new(vec![
        ResourceContents::text(text, uri).with_mime_type(JSON),
    ]))
}

/// Decodes `%XX` escapes; anything malformed is kept as it is, and the lookup then fails with
/// suggestions rather than an error about encoding.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decode_reads_escapes_and_keeps_malformed_ones() {
        assert_eq!(percent_decode("Amazon%20S3"), "Amazon S3");
        assert_eq!(percent_decode("s3"), "s3");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }
}
