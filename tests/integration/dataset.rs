//! Invariants of the dataset, checked through the API rather than trusted to validation:
//! a record that breaks one is wrong whatever its source says.

use std::collections::HashMap;

use serde_json::Value;

use crate::helpers::{TestApp, spawn_app};

async fn all_services(app: &TestApp) -> Vec<Value> {
    let list = app.get("/v1/services?limit=500").await.json();
    let mut records = Vec::new();
    for item in list["items"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        records.push(app.get(&format!("/v1/services/{id}")).await.json());
    }
    records
}

fn owner_of<'a>(service: &'a Value, duty: &str) -> &'a Value {
    &service["duties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["id"] == duty)
        .unwrap_or_else(|| panic!("{} lacks {duty}", service["id"]))["owner"]
}

#[tokio::test]
async fn ownership_invariants_hold_for_every_service() {
    let app = spawn_app();

    for service in all_services(&app).await {
        let id = &service["id"];
        assert_eq!(owner_of(&service, "physical-security"), "aws", "{id}");
        assert_eq!(
            owner_of(&service, "identity-access-management"),
            "customer",
            "{id}"
        );
        match service["model"].as_str().unwrap() {
            "infrastructure" => assert_eq!(owner_of(&service, "os-patching"), "customer", "{id}"),
            "abstracted" => assert_eq!(owner_of(&service, "os-patching"), "aws", "{id}"),
            _ => {}
        }
        let owners: Vec<&Value> = service["duties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| &d["owner"])
            .collect();
        assert!(owners.iter().any(|o| *o == "aws"), "{id} has an aws duty");
        assert!(
            owners.iter().any(|o| *o == "customer"),
            "{id} has a customer duty"
        );
    }
}

#[tokio::test]
async fn every_alias_resolves_to_exactly_its_own_service() {
    let app = spawn_app();
    let services = all_services(&app).await;
    let ids: Vec<&str> = services.iter().map(|s| s["id"].as_str().unwrap()).collect();

    let mut seen: HashMap<String, String> = HashMap::new();
    for service in &services {
        let id = service["id"].as_str().unwrap();
        for alias in service["aliases"].as_array().unwrap() {
            let alias = alias.as_str().unwrap();
            let key = srmap::model::normalize_name(alias);
            if let Some(other) = seen.insert(key.clone(), id.to_string()) {
                assert_eq!(other, id, "alias {alias:?} belongs to {other} and {id}");
            }
            assert!(
                !ids.iter()
                    .any(|other| *other != id && srmap::model::normalize_name(other) == key),
                "alias {alias:?} of {id} is another service's id"
            );
            let reply = app.get_with("/v1/matrix", &[("services", alias)]).await;
            if reply.status == 200 {
                assert_eq!(reply.json()["services"][0], id, "alias {alias:?}");
            } else {
                // Aliases with a comma cannot be passed in a comma-separated list.
                assert!(
                    alias.contains(','),
                    "alias {alias:?} of {id}: {}",
                    reply.text
                );
            }
        }
    }
}

#[tokio::test]
async fn controls_are_well_formed_and_urls_are_https_on_aws_domains() {
    let app = spawn_app();

    for service in all_services(&app).await {
        let id = service["id"].as_str().unwrap();
        let mut urls = vec![service["docs_url"].as_str().unwrap().to_string()];
        urls.extend(
            service["sources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["url"].as_str().unwrap().to_string()),
        );
        for entry in service["duties"].as_array().unwrap() {
            for statement in entry["statements"].as_array().unwrap() {
                if let Some(url) = statement["source"].as_str() {
                    urls.push(url.to_string());
                }
                for control in statement["controls"].as_array().unwrap() {
                    let control = control.as_str().unwrap();
                    let (prefix, number) = control
                        .split_once('.')
                        .unwrap_or_else(|| panic!("{id}: {control}"));
                    assert!(
                        prefix.chars().all(|c| c.is_ascii_alphanumeric()),
                        "{id}: {control}"
                    );
                    assert!(number.parse::<u32>().is_ok(), "{id}: {control}");
                }
            }
        }
        for url in urls {
            let host = url
                .strip_prefix("https://")
                .unwrap_or_else(|| panic!("{id}: {url} is not https"))
                .split('/')
                .next()
                .unwrap();
            assert!(
                host == "aws.amazon.com"
                    || host.ends_with(".aws.amazon.com")
                    || host.ends_with(".amazonaws.com")
                    || host.ends_with(".amazonaws.cn"),
                "{id}: {url} is not on an AWS domain"
            );
        }
    }
}

#[tokio::test]
async fn nist_references_find_their_duties() {
    let app = spawn_app();

    for (query, duty) in [
        ("SI-2", "os-patching"),
        ("AU-6", "logging-monitoring"),
        ("SC-28", "encryption-at-rest"),
    ] {
        let body = app
            .get_with("/v1/search", &[("q", query), ("kind", "duty")])
            .await
            .json();

        let duties: Vec<&Value> = body["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| &h["duty_id"])
            .collect();
        assert!(duties.iter().any(|d| *d == duty), "{query}: {body}");
        assert!(
            duties.len() <= 3,
            "{query} finds only the duties citing it: {duties:?}"
        );
    }
}

#[tokio::test]
async fn security_hub_control_ids_are_searchable() {
    let app = spawn_app();

    let body = app
        .get_with("/v1/search", &[("q", "S3.1"), ("kind", "statement")])
        .await
        .json();

    assert_eq!(body["hits"][0]["service_id"], "s3", "{body}");
}

/// Every entry of the AWS SDK service catalogue is either a record (by id or alias) or listed
/// in data/excluded.toml with its reason.
#[tokio::test]
async fn every_catalogue_service_has_a_record_or_a_reason() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/aws-services.tsv");
    let Ok(catalogue) = std::fs::read_to_string(&path) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "under CI the service catalogue must be present"
        );
        eprintln!("skipped: {} is not present", path.display());
        return;
    };
    let excluded_text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/excluded.toml"),
    )
    .unwrap();
    let excluded: Vec<&str> = excluded_text
        .lines()
        .filter_map(|line| line.strip_prefix("cli_name = \""))
        .map(|rest| rest.trim_end_matches('"'))
        .collect();
    let app = spawn_app();
    let meta = app.get("/v1/meta").await.json();

    let mut missing = Vec::new();
    for cli_name in catalogue
        .lines()
        .skip(1)
        .filter_map(|line| line.split('\t').next())
    {
        if excluded.contains(&cli_name) {
            continue;
        }
        let reply = app.get(&format!("/v1/services/{cli_name}")).await;
        if reply.status != 200 {
            missing.push(cli_name.to_string());
        }
    }

    assert!(missing.is_empty(), "no record and no reason: {missing:?}");
    assert_eq!(meta["excluded"].as_u64().unwrap() as usize, excluded.len());
    assert!(meta["services"].as_u64().unwrap() >= 250, "{meta}");
    assert_eq!(meta["top_services"], 60);
}
