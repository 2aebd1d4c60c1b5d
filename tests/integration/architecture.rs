//! `POST /v1/architecture`, `srmap matrix --from` and the compare page's template form: real
//! public templates and plans in, the services they use, the matrix and the review out; bad
//! input refused with a clear 4xx; the exports opened by openpyxl and compliance-trestle.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::helpers::{Server, python_with, required, run_python_check, spawn_app};

/// The public templates and plans of `../shared/fixtures/iac/`, with the services each uses.
fn fixtures() -> Option<(PathBuf, serde_json::Map<String, Value>)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/iac");
    let Ok(text) = std::fs::read_to_string(folder.join("expected.json")) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "under CI the IaC fixtures must be present"
        );
        eprintln!("skipped: {} is not present", folder.display());
        return None;
    };
    let expected: Value = serde_json::from_str(&text).expect("expected.json is JSON");
    Some((folder, expected.as_object().cloned().unwrap_or_default()))
}

/// The example template kept in the repository (a real public SAM template).
fn example_template() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/architecture/shoppingcart-service.yaml")
}

fn media_type_of(name: &str) -> &'static str {
    if name.ends_with(".json") {
        "application/json"
    } else {
        "application/yaml"
    }
}

#[tokio::test]
async fn every_fixture_gives_its_expected_services_and_says_why_for_any_more() {
    let Some((folder, expected)) = fixtures() else {
        return;
    };
    assert!(expected.len() >= 13, "{} fixtures", expected.len());
    let app = spawn_app();
    for (name, services) in &expected {
        let body = std::fs::read_to_string(folder.join(name)).expect("the fixture is readable");
        let reply = app
            .post("/v1/architecture", media_type_of(name), body)
            .await;
        assert_eq!(reply.status, 200, "{name}: {}", reply.text);
        let architecture = reply.json();
        let got: BTreeSet<String> = architecture["services"]
            .as_array()
            .unwrap()
            .iter()
            .map(|used| used["id"].as_str().unwrap().to_string())
            .collect();
        let wanted: BTreeSet<String> = services
            .as_array()
            .unwrap()
            .iter()
            .map(|id| id.as_str().unwrap().to_string())
            .collect();
        assert!(
            wanted.is_subset(&got),
            "{name}: wanted {wanted:?}, got {got:?}"
        );
        for used in architecture["services"].as_array().unwrap() {
            let id = used["id"].as_str().unwrap();
            if !wanted.contains(id) {
                assert!(
                    !used["implied_by"].as_array().unwrap().is_empty(),
                    "{name}: `{id}` is not among the expected services and no reason is given: {used}"
                );
            }
            for resource in used["resources"].as_array().unwrap() {
                assert!(
                    resource["id"].is_string() && resource["type"].is_string(),
                    "{resource}"
                );
            }
        }
        assert!(architecture["unknown"].is_array(), "{name}");
        let columns = architecture["matrix"]["services"].as_array().unwrap().len();
        assert_eq!(columns, got.len(), "{name}: one matrix column per service");
    }
}

#[tokio::test]
async fn nested_stacks_and_unknown_types_are_listed_not_dropped() {
    let app = spawn_app();
    let template = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://example.com/child.yaml\n  Thing:\n    Type: Acme::Widget::Gadget\n  Bucket:\n    Type: AWS::S3::Bucket\n";

    let architecture = app
        .post("/v1/architecture", "application/yaml", template)
        .await
        .json();

    assert_eq!(architecture["kind"], "cloudformation");
    assert_eq!(architecture["nested_stacks"][0]["id"], "Child");
    assert_eq!(
        architecture["nested_stacks"][0]["template_url"],
        "https://example.com/child.yaml"
    );
    let unknown = architecture["unknown"].as_array().unwrap();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert_eq!(unknown[0]["type"], "Acme::Widget::Gadget");
    assert!(!unknown[0]["reason"].as_str().unwrap().is_empty());
    assert!(
        architecture["services"]
            .as_array()
            .unwrap()
            .iter()
            .any(|used| used["id"] == "s3")
    );
}

#[tokio::test]
async fn the_review_answers_the_seven_questions_with_duties_and_controls() {
    let app = spawn_app();
    let template = std::fs::read_to_string(example_template()).unwrap();

    let architecture = app
        .post("/v1/architecture", "application/yaml", template)
        .await
        .json();

    let services: BTreeSet<&str> = architecture["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|used| used["id"].as_str().unwrap())
        .collect();
    let review = architecture["review"].as_array().unwrap();
    assert_eq!(review.len(), 7, "{review:?}");
    let questions: Vec<&str> = review
        .iter()
        .map(|answer| answer["question"].as_str().unwrap())
        .collect();
    for (question, starts) in questions.iter().zip([
        "Who needs access",
        "What do they need to access",
        "How do they access it",
        "Does access come from inside or outside the network",
        "What is the minimum access",
        "How is that access enforced",
        "How is compliance monitored",
    ]) {
        assert!(question.starts_with(starts), "{question}");
    }
    let mut controls = BTreeSet::new();
    for answer in review {
        assert!(!answer["duties"].as_array().unwrap().is_empty(), "{answer}");
        let answered: BTreeSet<&str> = answer["services"]
            .as_array()
            .unwrap()
            .iter()
            .map(|service| service["id"].as_str().unwrap())
            .collect();
        assert_eq!(answered, services, "every service answers every question");
        for service in answer["services"].as_array().unwrap() {
            assert!(["aws", "customer", "shared"].contains(&service["owner"].as_str().unwrap()));
            for statement in service["statements"].as_array().unwrap() {
                assert_ne!(statement["owner"], "aws", "only what the customer acts on");
            }
            for control in service["controls"].as_array().unwrap() {
                controls.insert(control.as_str().unwrap().to_string());
            }
        }
    }
    assert!(
        controls
            .iter()
            .any(|control| control.starts_with("DynamoDB.")),
        "the review names the Security Hub controls that check the customer's duties: {controls:?}"
    );
}

#[tokio::test]
async fn bad_templates_get_a_clear_4xx() {
    let app = spawn_app();

    let message = app
        .post(
            "/v1/architecture",
            "application/yaml",
            "Resources:\n  Bucket:\n    Type: [AWS::S3::Bucket\n",
        )
        .await
        .assert_error(400, "invalid_template");
    assert!(
        message.contains("line") && message.contains("column"),
        "{message}"
    );

    let message = app
        .post(
            "/v1/architecture",
            "application/json",
            "{\"Resources\": {\"B\": }",
        )
        .await
        .assert_error(400, "invalid_template");
    assert!(
        message.contains("line 1") && message.contains("column"),
        "{message}"
    );

    let bomb = "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\nResources: *i\n";
    let message = app
        .post("/v1/architecture", "application/yaml", bomb)
        .await
        .assert_error(400, "invalid_template");
    assert!(message.contains("alias"), "{message}");

    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    app.post("/v1/architecture", "application/json", deep)
        .await
        .assert_error(400, "invalid_template");
    let deep_yaml = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    app.post("/v1/architecture", "application/yaml", deep_yaml)
        .await
        .assert_error(400, "invalid_template");

    let large = format!("Resources: {{}}\n#{}\n", "x".repeat(2 * 1024 * 1024));
    app.post("/v1/architecture", "application/yaml", large)
        .await
        .assert_error(413, "payload_too_large");

    app.post(
        "/v1/architecture",
        "application/json",
        "{\"hello\": \"world\"}",
    )
    .await
    .assert_error(422, "not_a_template");
    app.post("/v1/architecture", "application/yaml", "- just\n- a list\n")
        .await
        .assert_error(422, "not_a_template");
    app.post("/v1/architecture", "application/yaml", "  \n")
        .await
        .assert_error(400, "missing_template");
    app.post("/v1/architecture", "text/plain", "Resources: {}")
        .await
        .assert_error(415, "unsupported_media_type");
    app.post(
        "/v1/architecture?format=pdf",
        "application/yaml",
        "Resources: {}",
    )
    .await
    .assert_error(400, "invalid_parameter");
}

/// A template of `count` resources, types cycling over a few services.
fn template_of(count: usize) -> String {
    let types = [
        "AWS::S3::Bucket",
        "AWS::SQS::Queue",
        "AWS::Lambda::Function",
        "AWS::DynamoDB::Table",
        "Acme::Unknown::Thing",
    ];
    let mut text = String::from("Resources:\n");
    for number in 0..count {
        text.push_str(&format!(
            "  Resource{number}:\n    Type: {}\n    Properties:\n      Name: !Sub '${{AWS::StackName}}-{number}'\n",
            types[number % types.len()]
        ));
    }
    text
}

#[tokio::test]
async fn ten_thousand_resources_are_answered_in_bounded_memory() {
    let server = Server::start(&[]);
    let client = reqwest::Client::new();
    let template = template_of(10_000);
    assert!(template.len() < 2 * 1024 * 1024, "{} bytes", template.len());
    let before = server.resident_kib();

    for _ in 0..3 {
        let reply = client
            .post(server.url("/v1/architecture"))
            .header("Content-Type", "application/yaml")
            .body(template.clone())
            .send()
            .await
            .expect("the request is answered");
        assert_eq!(reply.status().as_u16(), 200);
        let architecture: Value = reply.json().await.expect("JSON");
        let resources: usize = architecture["services"]
            .as_array()
            .unwrap()
            .iter()
            .map(|used| used["resources"].as_array().unwrap().len())
            .sum();
        assert_eq!(resources, 8_000);
        assert_eq!(architecture["unknown"].as_array().unwrap().len(), 2_000);
    }

    let growth = server.resident_kib().saturating_sub(before);
    assert!(
        growth < 256 * 1024,
        "reading 10,000 resources three times grew the server by {growth} KiB"
    );
}

/// Runs the built binary with `args` and `stdin`.
fn srmap(args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_srmap"))
        .env("RUST_LOG", "error")
        .env_remove("SRMAP_DATA")
        .env_remove("SRMAP_OVERLAY")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).expect("stdin is written");
    }
    drop(input);
    child.wait_with_output().expect("the binary exits")
}

#[test]
fn matrix_from_a_template_file_or_stdin_in_every_format() {
    let template = example_template();
    let path = template.to_str().unwrap();

    let markdown = srmap(&["matrix", "--from", path, "--format", "markdown"], None);
    assert!(
        markdown.status.success(),
        "{}",
        String::from_utf8_lossy(&markdown.stderr)
    );
    let text = String::from_utf8_lossy(&markdown.stdout);
    assert!(text.starts_with("## Architecture: "), "{text}");
    assert!(
        text.contains("`dynamodb`: `DynamoDBShoppingCartTable`"),
        "{text}"
    );
    assert!(text.contains("### What the customer must do"), "{text}");
    assert!(text.contains("### Review"), "{text}");

    let table = srmap(
        &["matrix", "--from", "-"],
        Some(&std::fs::read_to_string(&template).unwrap()),
    );
    assert!(table.status.success());
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("CartApi (AWS::Serverless::Api)"), "{text}");
    assert!(text.contains("os-patching"), "{text}");

    let folder = tempfile::tempdir().unwrap();
    let workbook = folder.path().join("matrix.xlsx");
    let saved = srmap(
        &[
            "matrix",
            "--from",
            path,
            "--format",
            "xlsx",
            "--output",
            workbook.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        saved.status.success(),
        "{}",
        String::from_utf8_lossy(&saved.stderr)
    );
    assert!(
        std::fs::read(&workbook).unwrap().starts_with(b"PK"),
        "a zip archive"
    );

    let oscal = srmap(&["matrix", "ec2", "rds", "--format", "oscal"], None);
    assert!(oscal.status.success());
    let document: Value = serde_json::from_slice(&oscal.stdout).expect("OSCAL is JSON");
    assert_eq!(
        document["component-definition"]["components"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn matrix_from_a_bad_template_exits_2_with_the_code() {
    let broken = srmap(&["matrix", "--from", "-"], Some("Resources: [\n"));
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&broken.stderr).contains("[invalid_template]"),
        "{}",
        String::from_utf8_lossy(&broken.stderr)
    );

    let data = srmap(
        &["matrix", "--from", "-"],
        Some("{\"not\": \"a template\"}"),
    );
    assert_eq!(data.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&data.stderr).contains("[not_a_template]"));

    let both = srmap(&["matrix", "ec2", "--from", "-"], Some("Resources: {}"));
    assert_eq!(
        both.status.code(),
        Some(2),
        "services and --from exclude each other"
    );
}

#[tokio::test]
async fn the_compare_page_reads_an_uploaded_or_pasted_template() {
    let app = spawn_app();
    let template = std::fs::read(example_template()).unwrap();

    let uploaded = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(template.clone()).file_name("shoppingcart-service.yaml"),
    );
    let reply = app
        .client
        .post(format!("{}/compare", app.address))
        .multipart(uploaded)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 200);
    let page = reply.text().await.unwrap();
    assert!(page.contains("Resources of the template"), "{page}");
    assert!(page.contains("<code>DynamoDBShoppingCartTable</code> (AWS::DynamoDB::Table)"));
    assert!(page.contains("How is compliance monitored"));

    let pasted = reqwest::multipart::Form::new()
        .text("template", String::from_utf8(template).unwrap())
        .text("format", "xlsx");
    let reply = app
        .client
        .post(format!("{}/compare", app.address))
        .multipart(pasted)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 200);
    assert!(
        reply.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );

    let broken = reqwest::multipart::Form::new().text("template", "Resources: [");
    let reply = app
        .client
        .post(format!("{}/compare", app.address))
        .multipart(broken)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 400);
    assert!(reply.text().await.unwrap().contains("invalid_template"));
}

#[test]
fn exports_open_in_openpyxl_and_validate_with_compliance_trestle() {
    let Some(python) = required(python_with(&["openpyxl", "trestle"])) else {
        return;
    };
    let app = spawn_app();
    run_python_check(
        &python,
        "tests/exports/check_exports.py",
        &[
            "--api",
            &app.address,
            "--template",
            example_template().to_str().unwrap(),
        ],
        Duration::from_secs(300),
        "all export checks succeeded",
    );
}
