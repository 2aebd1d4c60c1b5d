//! Operating srmap as a shared service: request ids, metrics, caching, compression, CORS,
//! limits, live reload with the admin token, and graceful shutdown of the real binary.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::helpers::{
    Server, copy_of_data, set_dataset_version, spawn_app, spawn_app_with, test_settings,
};

const TOKEN: &str = "a-test-admin-token-0123456789";

#[tokio::test]
async fn every_response_carries_a_request_id_and_echoes_a_usable_one() {
    let app = spawn_app();

    let fresh = app.get("/healthz").await;
    let echoed = app
        .client
        .get(format!("{}/healthz", app.address))
        .header("X-Request-Id", "trace-42")
        .send()
        .await
        .unwrap();
    let replaced = app
        .client
        .get(format!("{}/v1/services/nosuch", app.address))
        .header("X-Request-Id", "x".repeat(500))
        .send()
        .await
        .unwrap();

    let id = fresh.headers["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    assert_eq!(echoed.headers()["x-request-id"], "trace-42");
    assert_eq!(replaced.status().as_u16(), 404);
    assert_eq!(replaced.headers()["x-request-id"].len(), 36);
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern_and_describe_the_dataset() {
    let app = spawn_app();
    app.get("/v1/services/s3").await;
    app.get("/v1/services/ec2").await;
    app.get("/definitely/not/a/route").await;

    let reply = app.get("/metrics").await;

    assert_eq!(reply.status, 200);
    assert!(reply.content_type.starts_with("text/plain"));
    let text = reply.text;
    let line = text
        .lines()
        .find(|l| {
            l.starts_with("srmap_http_requests_total{")
                && l.contains("route=\"/v1/services/{key}\"")
                && l.contains("status=\"200\"")
        })
        .unwrap_or_else(|| panic!("a counter for the route pattern:\n{text}"));
    let count: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(count >= 2.0, "{line}");
    assert!(
        !text.contains("route=\"/v1/services/s3\""),
        "raw paths never become labels"
    );
    assert!(text.contains("route=\"unmatched\""));
    assert!(text.contains("srmap_http_request_duration_seconds_bucket{"));
    assert!(text.contains("srmap_dataset_info{date=\""));
    assert!(text.contains("srmap_dataset_items{kind=\"services\"}"));
    assert!(text.contains("srmap_index_build_seconds"));
}

#[tokio::test]
async fn head_answers_like_get_without_the_body() {
    let app = spawn_app();

    for path in [
        "/v1/services/s3",
        "/v1/search?q=kms",
        "/healthz",
        "/services/rds",
    ] {
        let get = app.get(path).await;
        let head = app
            .client
            .head(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();

        assert_eq!(head.status().as_u16(), 200, "{path}");
        assert_eq!(head.headers()["content-type"], get.headers["content-type"]);
        assert_eq!(
            head.headers().get("etag"),
            get.headers.get("etag"),
            "{path}"
        );
        assert!(head.bytes().await.unwrap().is_empty(), "{path}");
    }
    let missing = app
        .client
        .head(format!("{}/v1/services/nosuch", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);
}

#[tokio::test]
async fn data_responses_have_an_etag_and_answer_304_when_it_matches() {
    let app = spawn_app();

    let first = app.get("/v1/services/s3").await;
    let tag = first.headers["etag"].to_str().unwrap().to_string();
    let again = app
        .client
        .get(format!("{}/v1/services/s3", app.address))
        .header("If-None-Match", &tag)
        .send()
        .await
        .unwrap();
    let markdown = app
        .client
        .get(format!("{}/v1/answer?q=who+patches+rds", app.address))
        .header("Accept", "text/markdown")
        .send()
        .await
        .unwrap();
    let json = app.get("/v1/answer?q=who+patches+rds").await;

    assert!(
        first.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
    assert_eq!(again.status().as_u16(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), tag);
    assert!(again.headers().contains_key("x-dataset-version"));
    assert!(again.bytes().await.unwrap().is_empty());
    assert_ne!(
        markdown.headers()["etag"],
        json.headers["etag"],
        "the Accept header is part of the tag"
    );
    assert!(
        !app.get("/v1/services/nosuch")
            .await
            .headers
            .contains_key("etag"),
        "errors are not cached"
    );
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let app = spawn_app();

    let reply = app
        .client
        .get(format!("{}/v1/services/s3", app.address))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();

    assert_eq!(reply.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn cors_is_off_by_default_and_on_for_configured_origins() {
    let default = spawn_app();
    let mut settings = test_settings();
    settings.cors_origins = vec!["https://chat.example.com".to_string()];
    let configured = spawn_app_with(settings);
    let ask = |app: &crate::helpers::TestApp, origin: &str| {
        app.client
            .get(format!("{}/v1/meta", app.address))
            .header("Origin", origin.to_string())
            .send()
    };

    let off = ask(&default, "https://chat.example.com").await.unwrap();
    let allowed = ask(&configured, "https://chat.example.com").await.unwrap();
    let other = ask(&configured, "https://evil.example.com").await.unwrap();

    assert!(!off.headers().contains_key("access-control-allow-origin"));
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://chat.example.com"
    );
    assert!(!other.headers().contains_key("access-control-allow-origin"));
}

#[test]
fn bad_settings_are_refused_before_anything_starts() {
    let mut short_token = test_settings();
    short_token.admin_token = Some("short".to_string());
    let mut bad_origin = test_settings();
    bad_origin.cors_origins = vec!["chat.example.com/path".to_string()];

    assert!(short_token.validate().is_err());
    assert!(bad_origin.validate().is_err());
}

#[tokio::test]
async fn oversized_headers_get_a_4xx_not_a_5xx() {
    let app = spawn_app();

    let reply = app
        .client
        .get(format!("{}/v1/meta", app.address))
        .header("X-Padding", "p".repeat(64 * 1024))
        .send()
        .await;

    let reply = reply.expect("the server answers");
    assert_eq!(reply.status().as_u16(), 431);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(body["error"]["code"], "headers_too_large");
}

#[test]
fn a_client_that_never_finishes_its_headers_is_timed_out() {
    let mut settings = test_settings();
    settings.request_timeout = Duration::from_secs(1);
    let app = spawn_app_with(settings);
    let address = app.address.trim_start_matches("http://").to_string();
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();

    stream
        .write_all(b"GET /v1/meta HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let started = Instant::now();
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);

    assert!(
        started.elapsed() < Duration::from_secs(8),
        "the server gave up on the client"
    );
    assert!(
        reply.is_empty() || reply.starts_with("HTTP/1.1 408"),
        "{reply}"
    );
}

#[tokio::test]
async fn without_a_token_the_admin_route_does_not_exist() {
    let app = spawn_app();

    let reply = app.post("/admin/reload", "application/json", "").await;

    reply.assert_error(404, "not_found");
}

#[tokio::test]
async fn reload_needs_the_right_token_and_swaps_in_a_valid_dataset() {
    let (data, app) = reloadable_app();
    let reload = |token: Option<&str>| {
        let mut request = app.client.post(format!("{}/admin/reload", app.address));
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        request.send()
    };

    let missing = reload(None).await.unwrap();
    let wrong = reload(Some("not-the-token-at-all-000000")).await.unwrap();
    set_dataset_version(data.path(), "9.8.7");
    let right = reload(Some(TOKEN)).await.unwrap();
    let meta = app.get("/v1/meta").await;

    assert_eq!(missing.status().as_u16(), 401);
    assert_eq!(missing.headers()["www-authenticate"], "Bearer");
    assert_eq!(wrong.status().as_u16(), 403);
    assert_eq!(right.status().as_u16(), 200);
    let report: serde_json::Value = right.json().await.unwrap();
    assert_eq!(report["dataset_version"], "9.8.7");
    assert_eq!(meta.json()["dataset_version"], "9.8.7");
    assert_eq!(meta.headers["x-dataset-version"], "9.8.7");
}

/// A server of its own on a copy of the dataset, with the admin token set.
fn reloadable_app() -> (tempfile::TempDir, crate::helpers::TestApp) {
    let data = copy_of_data();
    let mut settings = test_settings();
    settings.data_dir = Some(data.path().to_path_buf());
    settings.admin_token = Some(TOKEN.to_string());
    let app = spawn_app_with(settings);
    (data, app)
}

/// `POST /admin/reload` with the right token.
async fn reload_with_token(app: &crate::helpers::TestApp) -> reqwest::Response {
    app.client
        .post(format!("{}/admin/reload", app.address))
        .header("Authorization", format!("Bearer {TOKEN}"))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reload_with_invalid_data_is_refused_and_the_old_data_keeps_serving() {
    let (data, app) = reloadable_app();
    let before = app.get("/v1/meta").await.json()["dataset_version"].clone();
    std::fs::write(
        data.path().join("services/s3.toml"),
        "id = \"s3\"\nmodel = \"serverless\"\n",
    )
    .unwrap();

    let refused = reload_with_token(&app).await;
    let after = app.get("/v1/meta").await.json()["dataset_version"].clone();
    let s3 = app.get("/v1/services/s3").await;

    assert_eq!(refused.status().as_u16(), 422);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_dataset");
    let problems = body["error"]["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p["file"] == "services/s3.toml"),
        "{body}"
    );
    assert_eq!(before, after);
    assert_eq!(s3.status, 200, "the old dataset still answers");
}

#[tokio::test]
async fn sighup_reloads_the_data_folder() {
    let data = copy_of_data();
    let server = Server::start(&["--data", data.path().to_str().unwrap()]);
    let client = reqwest::Client::new();
    let version = || async {
        let meta: serde_json::Value = client
            .get(server.url("/v1/meta"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        meta["dataset_version"].as_str().unwrap().to_string()
    };
    let before = version().await;

    set_dataset_version(data.path(), "7.7.7");
    server.signal("HUP");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut now = version().await;
    while now != "7.7.7" && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        now = version().await;
    }

    assert_ne!(before, "7.7.7");
    assert_eq!(now, "7.7.7");
    server.signal("TERM");
    assert!(
        server
            .wait(Duration::from_secs(30))
            .is_some_and(|status| status.success())
    );
}

#[test]
fn sigterm_lets_an_in_flight_request_finish_before_exiting() {
    let server = Server::start(&[]);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let body = br#"{"services":["ec2","rds","s3"]}"#;
    let head = format!(
        "POST /v1/matrix HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    // The request is in its handler, waiting for the rest of its body, when the signal comes.
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&body[..10]).unwrap();
    std::thread::sleep(Duration::from_millis(300));

    server.signal("TERM");
    std::thread::sleep(Duration::from_millis(500));
    let refused = TcpStream::connect(("127.0.0.1", server.port)).is_err();
    stream.write_all(&body[10..]).unwrap();
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    let status = server.wait(Duration::from_secs(40));

    assert!(
        reply.starts_with("HTTP/1.1 200"),
        "the in-flight request was answered: {reply:.200}"
    );
    assert!(reply.contains("\"services\":[\"ec2\",\"rds\",\"s3\"]"));
    assert!(refused, "no new connection is accepted after the signal");
    assert!(
        status.is_some_and(|status| status.success()),
        "the server exits cleanly: {status:?}"
    );
}

/// Requests that cover every cached route and format.
const CACHED_REQUESTS: &[&str] = &[
    "/v1/services/s3",
    "/v1/services/Amazon%20RDS",
    "/v1/search?q=encryption+at+rest&owner=customer&limit=5",
    "/v1/search?q=dynamdb+encrypshun",
    "/v1/answer?q=who+patches+the+OS+on+RDS",
    "/v1/answer?q=who+patches+the+OS+on+RDS&format=markdown",
    "/v1/matrix?services=ec2,rds,s3",
    "/v1/matrix?services=ec2,rds,s3&format=csv",
    "/v1/matrix?services=ec2,rds,s3&format=markdown",
];

fn cache_measure(metrics: &str, measure: &str) -> f64 {
    let prefix = format!("srmap_response_cache{{measure=\"{measure}\"}} ");
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no {prefix} in:\n{metrics}"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn kept_responses_are_byte_for_byte_what_a_fresh_rendering_gives() {
    let cached = spawn_app_with(test_settings());
    let mut settings = test_settings();
    settings.response_cache_mb = 0;
    let uncached = spawn_app_with(settings);

    for path in CACHED_REQUESTS {
        let first = cached.get(path).await;
        let second = cached.get(path).await;
        let fresh = uncached.get(path).await;
        assert_eq!(first.status, 200, "{path}: {}", first.text);
        for reply in [&second, &fresh] {
            assert_eq!(reply.status, 200, "{path}");
            assert_eq!(reply.content_type, first.content_type, "{path}");
            assert_eq!(reply.text, first.text, "{path}");
        }
    }

    let searches_and_more = CACHED_REQUESTS
        .iter()
        .filter(|path| !path.starts_with("/v1/services/"))
        .count() as f64;
    let metrics = cached.get("/metrics").await.text;
    assert_eq!(cache_measure(&metrics, "misses"), searches_and_more);
    assert_eq!(cache_measure(&metrics, "hits"), searches_and_more);
    assert_eq!(cache_measure(&metrics, "entries"), searches_and_more);
    assert!(cache_measure(&metrics, "bytes") > 0.0);
    let metrics = uncached.get("/metrics").await.text;
    assert_eq!(cache_measure(&metrics, "entries"), 0.0);
    assert_eq!(cache_measure(&metrics, "hits"), 0.0);
}

#[tokio::test]
async fn kept_responses_never_outlive_the_dataset_they_came_from() {
    let (data, app) = reloadable_app();
    let record = "/v1/services/s3";
    let search = "/v1/search?q=quokkaword&service=s3";
    let before_record = app.get(record).await.json();
    let before_search = app.get(search).await.json();
    let path = data.path().join("services/s3.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen(
            "summary = \"Object storage",
            "summary = \"Quokkaword object storage",
            1,
        ),
    )
    .unwrap();

    let reload = reload_with_token(&app).await;
    let after_record = app.get(record).await.json();
    let after_search = app.get(search).await.json();

    assert_eq!(reload.status().as_u16(), 200);
    assert!(
        !before_record["summary"]
            .as_str()
            .unwrap()
            .contains("Quokkaword")
    );
    assert!(
        after_record["summary"]
            .as_str()
            .unwrap()
            .starts_with("Quokkaword")
    );
    assert_eq!(before_search["total"], 0);
    assert!(
        after_search["total"].as_u64().unwrap() >= 1,
        "{after_search}"
    );
}

#[tokio::test]
async fn a_reload_with_non_ascii_control_ids_in_the_overlay_is_a_422_and_the_old_data_serves() {
    let overlay = tempfile::tempdir().unwrap();
    let mut settings = test_settings();
    settings.overlay_dir = Some(overlay.path().to_path_buf());
    settings.admin_token = Some(TOKEN.to_string());
    let app = spawn_app_with(settings);
    let before = app.get("/v1/duties").await.json()["total"].clone();
    std::fs::write(
        overlay.path().join("duties.toml"),
        "[[duty]]\nid = \"vendor-review\"\ntitle = \"Vendor review\"\narea = \"security-foundations\"\n\
         description = \"Reviewing a vendor.\"\ngeneral_owner = \"customer\"\nnist = [\"ÅC-2\"]\n\
         defaults.infrastructure = { owner = \"customer\", summary = \"Ours.\" }\n\
         defaults.container = { owner = \"customer\", summary = \"Ours.\" }\n\
         defaults.abstracted = { owner = \"customer\", summary = \"Ours.\" }\n",
    )
    .unwrap();

    let refused = reload_with_token(&app).await;

    assert_eq!(refused.status().as_u16(), 422);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_dataset");
    assert!(
        body.to_string().contains("ÅC-2"),
        "the problem names the id: {body}"
    );
    assert_eq!(app.get("/v1/duties").await.json()["total"], before);
    assert_eq!(
        app.get("/v1/services/s3").await.status,
        200,
        "the old dataset still answers"
    );
}
