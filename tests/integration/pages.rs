//! HTML pages: status, content type and landmarks over plain HTTP, then the rendered DOM in
//! headless Chromium (`tests/browser/check_pages.py`, through WebDriver).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::helpers::{python_with, required, run_python_check, spawn_app};

/// The longest the browser checks may take before they count as hung.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(300);

#[tokio::test]
async fn every_page_type_answers_html_with_its_landmarks() {
    let app = spawn_app();
    let pages = [
        ("/", "Who secures what on AWS"),
        ("/services", "<h1>Services</h1>"),
        ("/services/s3", "Amazon Simple Storage Service"),
        ("/duties/os-patching", "Operating system patching"),
        ("/search?q=who+patches+rds", "results for"),
        ("/search", "<h1>Search</h1>"),
        ("/compare?services=ec2,rds,s3", "id=\"matrix\""),
        ("/compare", "Pick the services"),
    ];
    for (path, landmark) in pages {
        let reply = app.get(path).await;

        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply.content_type.starts_with("text/html"),
            "{path}: {}",
            reply.content_type
        );
        assert!(reply.text.contains(landmark), "{path} shows {landmark:?}");
        assert!(!reply.text.contains("<script"), "{path} has no script");
        assert!(
            reply.headers["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
        assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    }
}

#[tokio::test]
async fn page_errors_are_html_pages_with_the_right_status() {
    let app = spawn_app();

    let unknown_service = app.get("/services/lamda").await;
    let unknown_duty = app.get("/duties/nothing").await;
    let bad_filter = app.get("/search?q=rds&owner=amazon").await;
    let bad_page = app.get("/search?q=rds&page=0").await;

    assert_eq!(unknown_service.status, 404);
    assert!(unknown_service.content_type.starts_with("text/html"));
    assert!(
        unknown_service.text.contains("href=\"/services/lambda\""),
        "suggests lambda"
    );
    assert_eq!(unknown_duty.status, 404);
    assert_eq!(bad_filter.status, 400);
    assert_eq!(bad_page.status, 400);
}

#[tokio::test]
async fn user_text_is_escaped_in_pages() {
    let app = spawn_app();

    let reply = app
        .get_with("/search", &[("q", "<script>alert(1)</script>\"'&")])
        .await;

    assert_eq!(reply.status, 200);
    assert!(!reply.text.contains("<script>alert(1)"));
    assert!(
        reply
            .text
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;")
    );
}

#[tokio::test]
async fn aliases_redirect_to_the_one_url_of_a_service() {
    let app = spawn_app();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let reply = client
        .get(format!("{}/services/Amazon%20S3", app.address))
        .send()
        .await
        .unwrap();

    assert_eq!(reply.status().as_u16(), 308);
    assert_eq!(reply.headers()["location"], "/services/s3");
}

#[tokio::test]
async fn the_stylesheet_is_versioned_and_cached_for_a_year() {
    let app = spawn_app();
    let home = app.get("/").await.text;
    let start = home
        .find("/static/style.")
        .expect("the stylesheet is linked");
    let path: String = home[start..].chars().take_while(|c| *c != '"').collect();

    let reply = app.get(&path).await;

    assert_eq!(reply.status, 200);
    assert!(reply.content_type.starts_with("text/css"));
    assert!(
        reply.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age=31536000")
    );
    assert_eq!(
        app.get("/static/style.css").await.status,
        404,
        "only the versioned name is served"
    );
}

/// Chromium and its WebDriver, or why they are missing.
fn browser() -> Result<(), String> {
    for tool in ["chromium", "chromedriver"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !found {
            return Err(format!(
                "`{tool}` is not installed (Debian packages chromium and chromium-driver)"
            ));
        }
    }
    Ok(())
}

#[test]
fn pages_render_and_behave_in_headless_chromium() {
    let Some(python) = required(python_with(&["selenium"])) else {
        return;
    };
    if required(browser()).is_none() {
        return;
    }
    let Some(axe) = required(axe_core()) else {
        return;
    };
    let app = spawn_app();
    let screenshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");

    run_python_check(
        &python,
        "tests/browser/check_pages.py",
        &[
            "--url",
            &app.address,
            "--screenshots",
            screenshots.to_str().unwrap(),
            "--axe",
            axe.to_str().unwrap(),
        ],
        BROWSER_TIMEOUT,
        "page checks succeeded",
    );
}

/// axe-core's script, installed from the npm registry into `tests/node` (`npm ci` there).
fn axe_core() -> Result<std::path::PathBuf, String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/node_modules/axe-core/axe.min.js");
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing; run `npm ci` in tests/node (`bash .ci/run` does)",
            path.display()
        ))
    }
}

#[tokio::test]
async fn service_pages_say_which_owners_are_unchecked_defaults_and_when_a_service_closed() {
    let app = spawn_app();

    let documented = app.get("/services/s3").await.text;
    let long_tail = app.get("/services/appflow").await.text;
    let closed = app.get("/services/auditmanager").await.text;

    let marker = "(model default: the usual owner";
    assert!(!documented.contains(marker), "every S3 cell is documented");
    assert!(
        long_tail.contains(marker),
        "AppFlow keeps unchecked defaults"
    );
    assert!(long_tail.contains("A duty marked “model default”"));
    assert!(
        closed.contains("is closed to new customers since 2026-04-30"),
        "the notice names the status and the day"
    );
    assert!(closed.contains("audit-manager-availability-change.html"));
}
