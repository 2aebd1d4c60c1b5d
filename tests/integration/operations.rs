//! Health, readiness, metadata, the dataset version header and the OpenAPI contract.

use std::collections::BTreeSet;

use crate::helpers::spawn_app;

#[tokio::test]
async fn health_and_readiness_answer_200() {
    let app = spawn_app();

    let health = app.get("/healthz").await;
    let ready = app.get("/readyz").await;

    assert_eq!(health.status, 200);
    assert_eq!(health.json()["status"], "ok");
    assert_eq!(ready.status, 200);
    assert_eq!(ready.json()["status"], "ready");
}

#[tokio::test]
async fn meta_gives_the_dataset_version_and_size_and_every_response_carries_it() {
    let app = spawn_app();

    let reply = app.get("/v1/meta").await;

    let meta = reply.json();
    let version = meta["dataset_version"].as_str().unwrap().to_string();
    assert_eq!(version.split('.').count(), 3, "semver: {version}");
    assert!(meta["services"].as_u64().unwrap() >= 26);
    assert!(meta["duties"].as_u64().unwrap() >= 20);
    assert_eq!(reply.headers["x-dataset-version"], version.as_str());
    let other = app.get("/v1/services/nosuch").await;
    assert_eq!(other.headers["x-dataset-version"], version.as_str());
}

/// `(METHOD, path)` pairs of the OpenAPI document's `paths`.
fn spec_routes(spec: &str) -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    let mut in_paths = false;
    let mut path = String::new();
    for line in spec.lines() {
        if !line.starts_with(' ') {
            in_paths = line.trim_end() == "paths:";
            continue;
        }
        if !in_paths {
            continue;
        }
        if let Some(rest) = line.strip_prefix("  ")
            && !rest.starts_with(' ')
            && rest.ends_with(':')
        {
            path = rest.trim_end_matches(':').to_string();
        } else if let Some(rest) = line.strip_prefix("    ")
            && !rest.starts_with(' ')
        {
            let method = rest.trim_end_matches(':');
            if ["get", "post", "put", "patch", "delete"].contains(&method) {
                routes.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    routes
}

#[tokio::test]
async fn openapi_document_is_served_and_lists_exactly_the_registered_routes() {
    let app = spawn_app();

    let reply = app.get("/openapi.yaml").await;

    assert_eq!(reply.status, 200);
    assert!(reply.content_type.starts_with("application/yaml"));
    assert!(reply.text.starts_with("openapi: 3.1"));
    let documented = spec_routes(&reply.text);
    let registered: BTreeSet<(String, String)> = srmap::api::ROUTES
        .iter()
        .map(|route| (route.method.to_string(), route.path.to_string()))
        .collect();
    assert_eq!(documented, registered);
    for operation in reply.text.matches("operationId:") {
        assert_eq!(operation, "operationId:");
    }
    assert_eq!(
        reply.text.matches("operationId:").count(),
        registered.len(),
        "one operationId per route"
    );
}

#[tokio::test]
async fn every_registered_get_route_answers_without_a_route_error() {
    let app = spawn_app();

    for route in srmap::api::ROUTES.iter().filter(|r| r.method == "GET") {
        let path = route
            .path
            .replace("{key}", "s3")
            .replace("{id}", "os-patching");
        let query = if path.ends_with("/search") || path.ends_with("/answer") {
            "?q=encryption"
        } else if path.ends_with("/matrix") {
            "?services=s3"
        } else {
            ""
        };

        let reply = app.get(&format!("{path}{query}")).await;

        assert_eq!(reply.status, 200, "{path}: {}", reply.text);
    }
}
