//! `/v1/services`, `/v1/services/{key}`, `/v1/services/{key}/duties` and `/v1/duties`.

use crate::helpers::spawn_app;

#[tokio::test]
async fn services_list_is_sorted_paginated_and_counts_every_service() {
    let app = spawn_app();

    let first = app.get("/v1/services?limit=5").await.json();
    let second = app.get("/v1/services?limit=5&offset=5").await.json();
    let all = app.get("/v1/services?limit=500").await.json();

    let total = all["total"].as_u64().unwrap();
    assert!(
        total >= 26,
        "the first dataset has at least 26 services, got {total}"
    );
    assert_eq!(all["items"].as_array().unwrap().len() as u64, total);
    assert_eq!(first["limit"], 5);
    assert_eq!(first["items"].as_array().unwrap().len(), 5);
    assert_eq!(second["offset"], 5);
    let ids: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "services are sorted by id");
    assert_eq!(first["items"][0]["id"], all["items"][0]["id"]);
    assert_eq!(second["items"][0]["id"], all["items"][5]["id"]);
    for key in ["id", "name", "short_name", "category", "model"] {
        assert!(first["items"][0][key].is_string(), "summary has {key}");
    }
}

#[tokio::test]
async fn services_list_filters_by_model_and_category() {
    let app = spawn_app();

    let infrastructure = app
        .get("/v1/services?model=infrastructure&limit=500")
        .await
        .json();
    let storage = app
        .get("/v1/services?category=storage&limit=500")
        .await
        .json();

    let items = infrastructure["items"].as_array().unwrap();
    assert!(items.iter().any(|s| s["id"] == "ec2"));
    assert!(items.iter().all(|s| s["model"] == "infrastructure"));
    assert!(!items.iter().any(|s| s["id"] == "s3"));
    let items = storage["items"].as_array().unwrap();
    assert!(items.iter().any(|s| s["id"] == "s3"));
    assert!(items.iter().all(|s| s["category"] == "storage"));
}

#[tokio::test]
async fn service_record_has_every_field_of_the_contract() {
    let app = spawn_app();

    let reply = app.get("/v1/services/s3").await;

    assert_eq!(reply.status, 200);
    let s3 = reply.json();
    for key in [
        "id",
        "name",
        "short_name",
        "aliases",
        "category",
        "model",
        "summary",
        "docs_url",
        "sources",
        "duties",
    ] {
        assert!(!s3[key].is_null(), "record has {key}");
    }
    assert_eq!(s3["id"], "s3");
    assert_eq!(s3["model"], "abstracted");
    assert!(
        s3["docs_url"]
            .as_str()
            .unwrap()
            .starts_with("https://docs.aws.amazon.com/")
    );
    let duties = s3["duties"].as_array().unwrap();
    let patching = duties.iter().find(|d| d["id"] == "os-patching").unwrap();
    assert_eq!(patching["owner"], "aws");
    for key in [
        "id",
        "title",
        "area",
        "owner",
        "summary",
        "inherited",
        "statements",
    ] {
        assert!(!patching[key].is_null(), "duty entry has {key}");
    }
    let statement = duties
        .iter()
        .flat_map(|d| d["statements"].as_array().unwrap())
        .next()
        .expect("S3 has statements");
    for key in ["owner", "text", "controls"] {
        assert!(!statement[key].is_null(), "statement has {key}");
    }
}

#[tokio::test]
async fn services_resolve_by_alias_ignoring_case_spacing_hyphens_and_brand() {
    let app = spawn_app();

    for (key, expected) in [
        ("s3", "s3"),
        ("S3", "s3"),
        ("Amazon%20S3", "s3"),
        ("AWS%20S3", "s3"),
        ("amazon-s3", "s3"),
        ("Simple%20Storage%20Service", "s3"),
        ("s3api", "s3"),
        ("Amazon%20Elastic%20Compute%20Cloud", "ec2"),
        ("aws%20lambda", "lambda"),
        ("NAT%20gateway", "vpc"),
        ("security%20groups", "vpc"),
    ] {
        let reply = app.get(&format!("/v1/services/{key}")).await;

        assert_eq!(reply.status, 200, "{key}: {}", reply.text);
        assert_eq!(reply.json()["id"], expected, "{key}");
    }
}

#[tokio::test]
async fn unknown_service_returns_404_with_did_you_mean_suggestions() {
    let app = spawn_app();

    let reply = app.get("/v1/services/lamda").await;

    let message = reply.assert_error(404, "service_not_found");
    assert!(message.contains("lamda"));
    let suggestions = reply.json()["error"]["suggestions"].clone();
    assert_eq!(suggestions[0], "lambda", "{suggestions}");
}

#[tokio::test]
async fn service_duties_filter_by_owner_and_area() {
    let app = spawn_app();

    let all = app.get("/v1/services/ec2/duties").await.json();
    let customer = app
        .get("/v1/services/ec2/duties?owner=customer")
        .await
        .json();
    let data = app
        .get("/v1/services/Amazon%20EC2/duties?area=data-protection")
        .await
        .json();
    let detection = app
        .get("/v1/services/ec2/duties?area=detective%20controls")
        .await
        .json();

    assert_eq!(all["service_id"], "ec2");
    let count = |v: &serde_json::Value| v["items"].as_array().unwrap().len();
    assert!(count(&customer) > 0 && count(&customer) < count(&all));
    assert!(
        customer["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["owner"] == "customer")
    );
    assert!(
        customer["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == "os-patching")
    );
    assert!(
        data["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["area"] == "data-protection")
    );
    assert!(count(&detection) > 0, "the older area name resolves");
    assert!(
        detection["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["area"] == "detection")
    );
}

#[tokio::test]
async fn duty_catalogue_lists_duties_and_one_duty_lists_owners_across_services() {
    let app = spawn_app();

    let catalogue = app.get("/v1/duties").await.json();
    let patching = app.get("/v1/duties/os-patching").await.json();
    let missing = app.get("/v1/duties/os-patchin").await;

    let items = catalogue["items"].as_array().unwrap();
    assert!(items.len() >= 20);
    let areas: std::collections::HashSet<&str> =
        items.iter().map(|d| d["area"].as_str().unwrap()).collect();
    assert_eq!(areas.len(), 7, "the catalogue covers all seven areas");
    assert_eq!(patching["id"], "os-patching");
    assert_eq!(patching["general_owner"], "shared");
    let customer = patching["owners"]["customer"].as_array().unwrap();
    let aws = patching["owners"]["aws"].as_array().unwrap();
    assert!(customer.iter().any(|s| s == "ec2"));
    assert!(aws.iter().any(|s| s == "s3"));
    assert!(aws.iter().any(|s| s == "rds"));
    missing.assert_error(404, "duty_not_found");
    assert_eq!(missing.json()["error"]["suggestions"][0], "os-patching");
}

/// The ownership facts the product promises, checked through the API.
#[tokio::test]
async fn os_patching_owners_agree_with_aws_documentation() {
    let app = spawn_app();
    let cases = [
        ("ec2", "customer"),
        ("lightsail", "customer"),
        ("workspaces", "customer"),
        ("rds", "aws"),
        ("dynamodb", "aws"),
        ("cloudfront", "aws"),
        ("wafv2", "aws"),
        ("fsx", "aws"),
        ("efs", "aws"),
        ("s3", "aws"),
        ("fargate", "aws"),
        ("ecs", "shared"),
        ("eks", "shared"),
    ];
    for (service, owner) in cases {
        let record = app.get(&format!("/v1/services/{service}")).await.json();
        let entry = record["duties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == "os-patching")
            .unwrap()
            .clone();

        assert_eq!(entry["owner"], owner, "os-patching on {service}");
    }
}
