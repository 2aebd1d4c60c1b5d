//! `/v1/search`: ranking basics, filters, facets, pagination, snippets and lenient parsing.

use serde_json::Value;

use crate::helpers::spawn_app;

fn hits(body: &Value) -> &Vec<Value> {
    body["hits"].as_array().expect("hits is an array")
}

#[tokio::test]
async fn search_finds_the_named_service_first() {
    let app = spawn_app();

    let body = app
        .get_with("/v1/search", &[("q", "dynamodb encryption")])
        .await
        .json();

    assert!(body["total"].as_u64().unwrap() > 0);
    assert_eq!(hits(&body)[0]["service_id"], "dynamodb", "{body}");
    for key in [
        "kind",
        "service_id",
        "duty_id",
        "owner",
        "area",
        "title",
        "snippet",
        "score",
    ] {
        assert!(hits(&body)[0].get(key).is_some(), "hit has {key}");
    }
}

#[tokio::test]
async fn search_stems_english_words() {
    let app = spawn_app();

    let patched = app
        .get_with("/v1/search", &[("q", "patched"), ("kind", "duty")])
        .await
        .json();
    let patching = app
        .get_with("/v1/search", &[("q", "patching"), ("kind", "duty")])
        .await
        .json();

    assert!(hits(&patched).iter().any(|h| h["duty_id"] == "os-patching"));
    assert_eq!(patched["total"], patching["total"]);
}

#[tokio::test]
async fn search_filters_combine_and_facets_count_the_whole_result_set() {
    let app = spawn_app();

    let all = app
        .get_with("/v1/search", &[("q", "encryption"), ("limit", "1")])
        .await
        .json();
    let customer = app
        .get_with(
            "/v1/search",
            &[
                ("q", "encryption"),
                ("owner", "customer"),
                ("kind", "statement"),
                ("service", "Amazon S3"),
            ],
        )
        .await
        .json();

    let facet_total: u64 = all["facets"]["owner"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert!(
        facet_total > 1,
        "facets count beyond the one-hit page: {}",
        all["facets"]
    );
    assert_eq!(hits(&all).len(), 1);
    assert!(all["facets"]["area"]["data-protection"].as_u64().unwrap() > 0);
    assert!(!hits(&customer).is_empty());
    for hit in hits(&customer) {
        assert_eq!(hit["owner"], "customer");
        assert_eq!(hit["kind"], "statement");
        assert_eq!(hit["service_id"], "s3");
    }
    assert_eq!(customer["facets"]["owner"].as_object().unwrap().len(), 1);
}

#[tokio::test]
async fn search_pages_are_stable_and_disjoint() {
    let app = spawn_app();

    let path = |offset: usize| format!("/v1/search?q=logging&limit=5&offset={offset}");
    let first = app.get(&path(0)).await.json();
    let again = app.get(&path(0)).await.json();
    let second = app.get(&path(5)).await.json();
    let wide = app
        .get_with("/v1/search", &[("q", "logging"), ("limit", "10")])
        .await
        .json();

    assert_eq!(
        first["hits"], again["hits"],
        "the same page twice is identical"
    );
    let key = |h: &Value| {
        format!(
            "{}|{}|{}|{}",
            h["kind"], h["service_id"], h["duty_id"], h["fragment"]
        )
    };
    let joined: Vec<String> = hits(&first).iter().chain(hits(&second)).map(key).collect();
    let expected: Vec<String> = hits(&wide).iter().map(key).collect();
    assert_eq!(joined, expected);
}

#[tokio::test]
async fn search_snippets_mark_matches_and_escape_text() {
    let app = spawn_app();

    let body = app
        .get_with(
            "/v1/search",
            &[("q", "maintenance window"), ("service", "rds")],
        )
        .await
        .json();

    let with_mark = hits(&body)
        .iter()
        .find(|h| h["snippet"].as_str().unwrap().contains("<mark>"));
    let hit = with_mark.expect("a snippet highlights a match");
    let fragment = hit["fragment"].as_str().unwrap();
    let [start, end] = [0, 1].map(|i| hit["highlights"][0][i].as_u64().unwrap() as usize);
    assert!(
        fragment[start..end]
            .to_lowercase()
            .starts_with("maintenance")
            || fragment[start..end].to_lowercase().starts_with("window")
    );
}

#[tokio::test]
async fn search_accepts_query_syntax_as_plain_text() {
    let app = spawn_app();

    for q in [
        "who:patches \"rds",
        "(((",
        "\"unbalanced",
        "a AND OR NOT",
        "title:[a TO z]",
        "*",
        "<script>alert(1)</script>",
        "rds^2~",
        "\\",
    ] {
        let reply = app.get_with("/v1/search", &[("q", q)]).await;

        assert_eq!(reply.status, 200, "q={q}: {}", reply.text);
        assert!(reply.json()["hits"].is_array());
    }
}

#[tokio::test]
async fn search_with_no_hits_is_200_with_suggestions() {
    let app = spawn_app();

    let body = app.get_with("/v1/search", &[("q", "xqzzyv")]).await.json();

    assert_eq!(body["total"], 0);
    assert!(body["suggestions"].is_array());
}
