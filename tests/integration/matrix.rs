//! `/v1/matrix`: JSON, CSV and Markdown, by GET and POST.

use crate::helpers::spawn_app;

#[tokio::test]
async fn matrix_json_has_a_row_per_duty_and_a_column_per_service() {
    let app = spawn_app();

    let body = app.get("/v1/matrix?services=ec2,rds,s3").await.json();
    let catalogue = app.get("/v1/duties").await.json();

    assert_eq!(body["services"], serde_json::json!(["ec2", "rds", "s3"]));
    let rows = body["rows"].as_array().unwrap();
    assert_eq!(rows.len(), catalogue["items"].as_array().unwrap().len());
    let patching = rows.iter().find(|r| r["duty_id"] == "os-patching").unwrap();
    assert_eq!(patching["owners"]["ec2"], "customer");
    assert_eq!(patching["owners"]["rds"], "aws");
    assert_eq!(patching["owners"]["s3"], "aws");
    let physical = rows
        .iter()
        .find(|r| r["duty_id"] == "physical-security")
        .unwrap();
    assert!(
        ["ec2", "rds", "s3"]
            .iter()
            .all(|s| physical["owners"][s] == "aws")
    );
}

#[tokio::test]
async fn matrix_resolves_aliases_and_drops_repeats() {
    let app = spawn_app();

    let body = app
        .get_with(
            "/v1/matrix",
            &[("services", "Amazon EC2, ec2 ,Simple Storage Service")],
        )
        .await
        .json();

    assert_eq!(body["services"], serde_json::json!(["ec2", "s3"]));
}

#[tokio::test]
async fn matrix_csv_is_a_table_with_a_header_and_a_line_per_duty() {
    let app = spawn_app();

    let reply = app.get("/v1/matrix?services=ec2,rds,s3&format=csv").await;

    assert_eq!(reply.status, 200);
    assert!(
        reply.content_type.starts_with("text/csv"),
        "{}",
        reply.content_type
    );
    let lines: Vec<&str> = reply.text.lines().collect();
    assert_eq!(
        lines[0],
        "duty_id,title,area,ec2,ec2 basis,rds,rds basis,s3,s3 basis"
    );
    let patching = lines
        .iter()
        .find(|l| l.starts_with("os-patching,"))
        .unwrap();
    let cells: Vec<&str> = patching.split(',').collect();
    assert_eq!(
        [cells[3], cells[5], cells[7]],
        ["customer", "aws", "aws"],
        "{patching}"
    );
    assert!(
        cells[4..]
            .iter()
            .step_by(2)
            .all(|basis| ["documented", "model-default"].contains(basis)),
        "{patching}"
    );
}

#[tokio::test]
async fn matrix_markdown_is_a_table() {
    let app = spawn_app();

    let reply = app.get("/v1/matrix?services=ec2,s3&format=markdown").await;

    assert_eq!(reply.status, 200);
    assert!(
        reply.content_type.starts_with("text/markdown"),
        "{}",
        reply.content_type
    );
    assert!(
        reply
            .text
            .starts_with("| Duty | Area | ec2 | s3 |\n|---|---|---|---|\n")
    );
}

#[tokio::test]
async fn matrix_post_takes_a_json_body() {
    let app = spawn_app();

    let json = app
        .post(
            "/v1/matrix",
            "application/json",
            r#"{"services":["ec2","rds"]}"#,
        )
        .await;
    let csv = app
        .post(
            "/v1/matrix",
            "application/json",
            r#"{"services":["ec2"],"format":"csv"}"#,
        )
        .await;

    assert_eq!(json.status, 200, "{}", json.text);
    assert_eq!(json.json()["services"], serde_json::json!(["ec2", "rds"]));
    assert!(csv.text.starts_with("duty_id,title,area,ec2,ec2 basis\n"));
}

#[tokio::test]
async fn matrix_errors_name_the_problem() {
    let app = spawn_app();

    app.get("/v1/matrix")
        .await
        .assert_error(400, "missing_services");
    app.get("/v1/matrix?services=,,")
        .await
        .assert_error(400, "missing_services");
    let unknown = app.get("/v1/matrix?services=ec2,lamda").await;
    unknown.assert_error(404, "service_not_found");
    assert_eq!(unknown.json()["error"]["suggestions"][0], "lambda");
    app.get("/v1/matrix?services=ec2&format=pdf")
        .await
        .assert_error(400, "invalid_parameter");
    let many = vec!["ec2"; 101].join(",");
    app.get(&format!("/v1/matrix?services={many}"))
        .await
        .assert_error(400, "too_many_services");
    app.post("/v1/matrix", "application/json", "{not json")
        .await
        .assert_error(400, "invalid_json");
    app.post("/v1/matrix", "application/json", r#"{"services":5}"#)
        .await
        .assert_error(400, "invalid_json");
    app.post("/v1/matrix", "text/plain", r#"{"services":["ec2"]}"#)
        .await
        .assert_error(415, "unsupported_media_type");
    let huge = format!(r#"{{"services":["{}"]}}"#, "a".repeat(100_000));
    app.post("/v1/matrix", "application/json", huge)
        .await
        .assert_error(413, "payload_too_large");
}

#[tokio::test]
async fn matrix_answers_markdown_to_an_accept_header_as_to_the_format_parameter() {
    let app = spawn_app();

    let by_accept = app
        .get_accepting("/v1/matrix?services=ec2,rds,s3", "text/markdown")
        .await;
    let by_parameter = app
        .get("/v1/matrix?services=ec2,rds,s3&format=markdown")
        .await;
    let csv = app
        .get_accepting("/v1/matrix?services=ec2,rds,s3", "text/csv")
        .await;

    assert_eq!(by_accept.status, 200, "{}", by_accept.text);
    assert!(by_accept.content_type.starts_with("text/markdown"));
    assert_eq!(by_accept.headers["vary"], "Accept");
    assert_eq!(by_accept.text, by_parameter.text);
    assert!(
        by_accept
            .text
            .starts_with("| Duty | Area | ec2 | rds | s3 |")
    );
    assert!(
        csv.content_type.starts_with("text/csv"),
        "{}",
        csv.content_type
    );
}
