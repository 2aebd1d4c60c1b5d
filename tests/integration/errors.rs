//! Bad input of every kind gets a 4xx JSON error naming the problem, never a 5xx.

use crate::helpers::spawn_app;

#[tokio::test]
async fn bad_parameters_get_400_with_a_code_and_a_message() {
    let app = spawn_app();
    let cases = [
        (
            "/v1/search?q=rds&owner=amazon",
            "invalid_parameter",
            "owner",
        ),
        ("/v1/search?q=rds&limit=-1", "invalid_limit", "limit"),
        ("/v1/search?q=rds&limit=0", "invalid_limit", "limit"),
        ("/v1/search?q=rds&limit=100000", "invalid_limit", "limit"),
        ("/v1/search?q=rds&offset=-3", "invalid_offset", "offset"),
        ("/v1/search?q=rds&area=physics", "invalid_parameter", "area"),
        (
            "/v1/search?q=rds&model=serverless",
            "invalid_parameter",
            "model",
        ),
        ("/v1/search?q=rds&kind=page", "invalid_parameter", "kind"),
        (
            "/v1/search?q=rds&category=toys",
            "invalid_parameter",
            "category",
        ),
        ("/v1/services?limit=501", "invalid_limit", "limit"),
        (
            "/v1/services/ec2/duties?owner=me",
            "invalid_parameter",
            "owner",
        ),
        ("/v1/search?q=", "missing_query", "q"),
        ("/v1/search?q=%20%20", "missing_query", "q"),
        ("/v1/search", "missing_query", "q"),
        ("/v1/answer", "missing_query", "q"),
    ];
    for (path, code, name) in cases {
        let reply = app.get(path).await;

        let message = reply.assert_error(400, code);
        assert!(
            message.contains(name),
            "{path}: message {message:?} names `{name}`"
        );
    }
}

#[tokio::test]
async fn unknown_service_filter_in_search_is_404() {
    let app = spawn_app();

    app.get("/v1/search?q=rds&service=nosuch")
        .await
        .assert_error(404, "service_not_found");
}

#[tokio::test]
async fn a_10000_character_query_is_refused_with_414() {
    let app = spawn_app();
    let long = "a".repeat(10_000);

    app.get_with("/v1/search", &[("q", &long)])
        .await
        .assert_error(414, "query_too_long");
    app.get_with("/v1/answer", &[("q", &long)])
        .await
        .assert_error(414, "query_too_long");
}

#[tokio::test]
async fn invalid_percent_encoding_is_400_or_answered_never_5xx() {
    let app = spawn_app();

    for path in [
        "/v1/search?q=%ff%fe",
        "/v1/answer?q=%E0%A4%A",
        "/v1/search?q=%zz",
        "/v1/services/%ff",
    ] {
        let reply = app.get(path).await;

        assert!(
            reply.status < 500,
            "{path}: {} {}",
            reply.status,
            reply.text
        );
        assert!(
            reply.content_type.starts_with("application/json"),
            "{path}: {}",
            reply.content_type
        );
        if reply.status >= 400 {
            assert!(
                reply.json()["error"]["code"].is_string(),
                "{path}: {}",
                reply.text
            );
        }
    }
}

#[tokio::test]
async fn query_syntax_in_plain_questions_is_answered() {
    let app = spawn_app();

    for q in [
        "who:patches \"rds",
        "((who patches rds",
        "rds)))",
        "\"\"\"",
        "NOT AND OR",
        "-",
        "^~*",
    ] {
        let reply = app.get_with("/v1/answer", &[("q", q)]).await;

        assert_eq!(reply.status, 200, "q={q}: {}", reply.text);
    }
}

#[tokio::test]
async fn unknown_routes_and_methods_get_json_errors() {
    let app = spawn_app();

    app.get("/v2/nothing").await.assert_error(404, "not_found");
    let reply = app.post("/v1/services", "application/json", "{}").await;
    let message = reply.assert_error(405, "method_not_allowed");
    assert_eq!(message, "`POST` is not allowed on `/v1/services`; use GET.");
    assert_eq!(
        reply.headers["allow"], "GET",
        "a 405 lists the allowed methods"
    );
}
