//! MCP over stdio (`srmap mcp`) and over HTTP (`/mcp` on the test server).
//!
//! The client is the official MCP Python SDK, driven by `tests/mcp/check_server.py`, once per
//! transport and protocol revision (2026-07-28 and 2025-11-25); it compares every answer with
//! the HTTP API's. The Python used is `SRMAP_TEST_PYTHON`, else `target/ci-venv/bin/python`
//! (which `.ci/run` fills), else `python3`, whichever first has an `mcp` package that speaks
//! 2026-07-28. With none, the SDK tests say why and pass, except under `CI`, where they fail.
//! The other tests here speak raw JSON-RPC and need no Python.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{run_python_check, spawn_app};

/// The longest a Python check run may take before it counts as hung.
const PYTHON_TIMEOUT: Duration = Duration::from_secs(300);
/// The longest `srmap mcp` may take to answer one raw request, or to exit after stdin closes.
const STDIO_TIMEOUT: Duration = Duration::from_secs(60);

/// Asks `python` whether it can import an `mcp` SDK that speaks protocol 2026-07-28.
fn has_mcp_sdk(python: &Path) -> bool {
    Command::new(python)
        .args([
            "-c",
            "import mcp, mcp_types.version as v; assert '2026-07-28' in v.MODERN_PROTOCOL_VERSIONS",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// The Python to run the SDK client with, or why there is none.
fn python_with_mcp() -> Result<PathBuf, String> {
    if let Some(chosen) = std::env::var_os("SRMAP_TEST_PYTHON") {
        let chosen = PathBuf::from(chosen);
        assert!(
            has_mcp_sdk(&chosen),
            "SRMAP_TEST_PYTHON={} has no `mcp` package speaking protocol 2026-07-28",
            chosen.display()
        );
        return Ok(chosen);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-venv/bin/python");
    [venv, PathBuf::from("python3")]
        .into_iter()
        .find(|python| has_mcp_sdk(python))
        .ok_or_else(|| {
            "no Python with the `mcp` package (>= 2.3, protocol 2026-07-28) was found in \
             SRMAP_TEST_PYTHON, target/ci-venv/bin/python or python3; run `bash .ci/run` once, \
             or `pip install mcp==2.3.0`"
                .to_string()
        })
}

/// Runs `tests/mcp/check_server.py` with `transport_args` against the shared test server's API.
fn run_python_checks(protocol: &str, transport_args: &[&str]) {
    let python = match python_with_mcp() {
        Ok(python) => python,
        Err(reason) if std::env::var_os("CI").is_some() => panic!("under CI: {reason}"),
        Err(reason) => {
            eprintln!("skipped: {reason}");
            return;
        }
    };
    let app = spawn_app();
    let mut args = vec!["--protocol", protocol, "--api", app.address.as_str()];
    args.extend_from_slice(transport_args);

    run_python_check(
        &python,
        "tests/mcp/check_server.py",
        &args,
        PYTHON_TIMEOUT,
        "MCP checks succeeded",
    );
}

#[test]
fn python_sdk_client_passes_every_check_over_stdio_with_protocol_2026_07_28() {
    run_python_checks(
        "2026-07-28",
        &[
            "--transport",
            "stdio",
            "--command",
            env!("CARGO_BIN_EXE_srmap"),
        ],
    );
}

#[test]
fn python_sdk_client_passes_every_check_over_stdio_with_protocol_2025_11_25() {
    run_python_checks(
        "2025-11-25",
        &[
            "--transport",
            "stdio",
            "--command",
            env!("CARGO_BIN_EXE_srmap"),
        ],
    );
}

#[test]
fn python_sdk_client_passes_every_check_over_http_with_protocol_2026_07_28() {
    let url = format!("{}/mcp", spawn_app().address);
    run_python_checks("2026-07-28", &["--transport", "http", "--url", &url]);
}

#[test]
fn python_sdk_client_passes_every_check_over_http_with_protocol_2025_11_25() {
    let url = format!("{}/mcp", spawn_app().address);
    run_python_checks("2025-11-25", &["--transport", "http", "--url", &url]);
}

/// The `_meta` every 2026-07-28 request carries in place of a handshake.
fn request_meta() -> Value {
    json!({
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientInfo": {"name": "srmap-tests", "version": "0"},
        "io.modelcontextprotocol/clientCapabilities": {},
    })
}

/// `srmap mcp` with its stdout read line by line on a thread.
struct StdioServer {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl StdioServer {
    fn start() -> StdioServer {
        let mut child = Command::new(env!("CARGO_BIN_EXE_srmap"))
            .arg("mcp")
            .env("RUST_LOG", "error")
            .env_remove("SRMAP_DATA")
            .env_remove("SRMAP_OVERLAY")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("srmap mcp starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        StdioServer { child, lines }
    }

    fn send(&mut self, line: &str) {
        let stdin = self.child.stdin.as_mut().expect("stdin is open");
        writeln!(stdin, "{line}").expect("srmap mcp reads stdin");
        stdin.flush().expect("stdin flushes");
    }

    /// The next message on stdout, which must be one JSON-RPC 2.0 object on one line.
    fn receive(&self) -> Value {
        let line = self
            .lines
            .recv_timeout(STDIO_TIMEOUT)
            .expect("srmap mcp answers in time");
        let message: Value = serde_json::from_str(&line)
            .unwrap_or_else(|error| panic!("stdout carries only JSON-RPC ({error}): {line}"));
        assert_eq!(message["jsonrpc"], "2.0", "{message}");
        message
    }

    /// Closes stdin and waits for a clean exit, with nothing more on stdout.
    fn finish(mut self) {
        drop(self.child.stdin.take());
        let deadline = Instant::now() + STDIO_TIMEOUT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("srmap mcp can be waited for") {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "srmap mcp exits after stdin closes"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "srmap mcp exits 0: {status}");
        let rest: Vec<String> = self.lines.try_iter().collect();
        assert!(rest.is_empty(), "nothing more on stdout: {rest:?}");
    }
}

#[test]
fn stdio_server_answers_malformed_calls_with_jsonrpc_errors_and_keeps_serving() {
    let mut server = StdioServer::start();
    let meta = request_meta();

    // Not JSON at all: rmcp drops the line; the session must go on.
    server.send("{not json");
    for (id, params) in [
        (1, json!({"_meta": meta, "name": 5})),
        (
            2,
            json!({"_meta": meta, "name": "answer_question", "arguments": "who"}),
        ),
        (
            3,
            json!({"_meta": meta, "name": "no_such_tool", "arguments": {}}),
        ),
    ] {
        server.send(
            &json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": params})
                .to_string(),
        );
        let reply = server.receive();
        assert_eq!(reply["id"], id, "{reply}");
        assert!(reply["error"]["code"].is_i64(), "a JSON-RPC error: {reply}");
        assert!(reply.get("result").is_none(), "{reply}");
    }
    server.send(
        &json!({"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {
            "_meta": meta, "name": "lookup_service", "arguments": {"service": "s3", "owner": "bogus"}
        }})
        .to_string(),
    );
    let failed = server.receive();
    server.send(
        &json!({"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {
            "_meta": meta, "name": "answer_question", "arguments": {"question": "who patches the OS on EC2"}
        }})
        .to_string(),
    );
    let answered = server.receive();

    assert_eq!(failed["result"]["isError"], true, "{failed}");
    let text = failed["result"]["content"][0]["text"].as_str().unwrap();
    assert!(text.starts_with("invalid_parameter: `owner`"), "{text}");
    assert_eq!(answered["result"]["isError"], false, "{answered}");
    assert_eq!(answered["result"]["structuredContent"]["owner"], "customer");
    server.finish();
}

#[test]
fn stdio_server_honours_the_global_data_flag() {
    let missing = std::env::temp_dir().join("srmap-no-such-dataset-folder");

    let output = Command::new(env!("CARGO_BIN_EXE_srmap"))
        .args(["--data", missing.to_str().unwrap(), "mcp"])
        .env("RUST_LOG", "error")
        .stdin(Stdio::null())
        .output()
        .expect("srmap mcp runs");

    assert_eq!(output.status.code(), Some(1));
    assert!(
        output.stdout.is_empty(),
        "stdout carries only protocol messages"
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("srmap-no-such-dataset-folder"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// POSTs one JSON-RPC message to the test server's `/mcp` with `headers`.
async fn post_mcp(body: &Value, headers: &[(&str, &str)]) -> reqwest::Response {
    let app = spawn_app();
    let mut request = app
        .client
        .post(format!("{}/mcp", app.address))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request
        .json(body)
        .send()
        .await
        .expect("the request is sent")
}

#[tokio::test]
async fn http_endpoint_answers_a_stateless_2026_07_28_call_with_plain_json() {
    let body = json!({"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {
        "_meta": request_meta(), "name": "responsibility_matrix", "arguments": {"services": ["ec2", "s3"]}
    }});

    let response = post_mcp(
        &body,
        &[
            ("MCP-Protocol-Version", "2026-07-28"),
            ("Mcp-Method", "tools/call"),
            ("Mcp-Name", "responsibility_matrix"),
        ],
    )
    .await;

    assert_eq!(response.status(), 200);
    assert!(response.headers().get("mcp-session-id").is_none());
    let reply: Value = response.json().await.expect("a JSON body");
    assert_eq!(reply["id"], 7);
    let result = &reply["result"];
    assert_eq!(
        result["structuredContent"]["services"],
        json!(["ec2", "s3"])
    );
    let text = result["content"][0]["text"].as_str().unwrap();
    assert!(text.starts_with("| Duty | Area | ec2 | s3 |"), "{text}");
}

#[tokio::test]
async fn http_endpoint_opens_a_session_for_a_2025_11_25_initialize() {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "srmap-tests", "version": "0"}
    }});

    let response = post_mcp(&body, &[]).await;

    assert_eq!(response.status(), 200);
    assert!(response.headers().get("mcp-session-id").is_some());
    let text = response.text().await.expect("a body");
    assert!(
        text.contains("\"protocolVersion\":\"2025-11-25\""),
        "{text}"
    );
    assert!(text.contains("\"name\":\"srmap\""), "{text}");
}

#[tokio::test]
async fn http_endpoint_refuses_a_host_it_does_not_serve() {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}
    }});

    let response = post_mcp(&body, &[("Host", "attacker.example")]).await;

    // rmcp's defence against DNS rebinding: the test server binds 127.0.0.1.
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn http_endpoint_refuses_a_body_larger_than_a_template_with_its_envelope() {
    // The largest body MCP takes is a template at its limit plus room for JSON escaping.
    let too_large = srmap::ops::architecture::MAX_TEMPLATE_BYTES * 2;
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
        "_meta": request_meta(), "name": "architecture_matrix",
        "arguments": {"template": "x".repeat(too_large)}
    }});

    let response = post_mcp(
        &body,
        &[
            ("MCP-Protocol-Version", "2026-07-28"),
            ("Mcp-Method", "tools/call"),
            ("Mcp-Name", "architecture_matrix"),
        ],
    )
    .await;

    assert_eq!(response.status(), 413);
}

/// A 2025-11-25 `initialize`, which opens a session.
fn initialize() -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}
    }})
}

/// POSTs `body` as raw text to `app`'s `/mcp`.
async fn post_raw(
    app: &crate::helpers::TestApp,
    body: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!("{}/mcp", app.address))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request
        .body(body.to_string())
        .send()
        .await
        .expect("the request is sent")
}

#[tokio::test]
async fn http_endpoint_refuses_a_foreign_origin_and_accepts_a_local_one() {
    let foreign = post_mcp(&initialize(), &[("Origin", "https://attacker.example")]).await;
    let local = post_mcp(&initialize(), &[("Origin", "http://localhost:3000")]).await;

    assert_eq!(foreign.status(), 403);
    assert_eq!(local.status(), 200);
}

#[tokio::test]
async fn http_endpoint_answers_malformed_json_with_400_and_a_parse_error() {
    let app = spawn_app();

    let broken = post_raw(&app, "{\"jsonrpc\": \"2.0\", \"id\": 1,", &[]).await;
    let not_rpc = post_raw(&app, "{\"hello\": \"world\"}", &[]).await;

    assert_eq!(broken.status(), 400);
    let body: Value = broken.json().await.unwrap();
    assert_eq!(body["error"]["code"], -32700, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("parse_error: ")
    );
    assert_eq!(not_rpc.status(), 400);
    let body: Value = not_rpc.json().await.unwrap();
    assert_eq!(body["error"]["code"], -32600, "{body}");
}

#[tokio::test]
async fn http_endpoint_refuses_sessions_beyond_its_cap_with_503() {
    let mut settings = crate::helpers::test_settings();
    settings.mcp_limits.max_sessions = 3;
    let app = crate::helpers::spawn_app_with(settings);
    let body = initialize().to_string();

    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(post_raw(&app, &body, &[]).await.status().as_u16());
    }
    let refused = post_raw(&app, &body, &[]).await;

    assert_eq!(statuses, [200, 200, 200, 503]);
    assert!(refused.headers().get("retry-after").is_some());
    let text = refused.text().await.unwrap();
    assert!(text.contains("too_many_sessions"), "{text}");
}

#[tokio::test]
async fn thousands_of_sessions_left_open_are_released_when_they_expire() {
    // Arrange: the real binary (with its allocator), sessions ending after 2 idle seconds.
    let server =
        crate::helpers::Server::start(&["--mcp-session-idle", "2", "--mcp-max-sessions", "5000"]);
    let client = reqwest::Client::new();
    let url = server.url("/mcp");
    let body = initialize().to_string();
    let open = |client: reqwest::Client| {
        let (url, body) = (url.clone(), body.clone());
        async move {
            let response = client
                .post(url)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .body(body)
                .send()
                .await
                .expect("the request is sent");
            assert_eq!(response.status(), 200);
            response
                .headers()
                .get("mcp-session-id")
                .and_then(|id| id.to_str().ok())
                .map(str::to_string)
                .expect("a session id")
        }
    };
    for _ in 0..20 {
        open(client.clone()).await;
    }
    tokio::time::sleep(Duration::from_secs(4)).await;
    let baseline = server.resident_kib();

    // Act: 3000 sessions opened and left, then their idle time passes.
    let mut first = None;
    for _ in 0..60 {
        let batch: Vec<_> = (0..50)
            .map(|_| tokio::spawn(open(client.clone())))
            .collect();
        for task in batch {
            let id = task.await.expect("the task finishes");
            first.get_or_insert(id);
        }
    }
    let peak = server.resident_kib();
    // The client's pooled connections would hold server memory of their own.
    drop(client);
    tokio::time::sleep(Duration::from_secs(8)).await;
    let after = server.resident_kib();

    // Assert: the sessions are gone and most of their memory went back.
    let first = first.expect("a session was opened");
    let gone = reqwest::Client::new()
        .post(&url)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .header("Mcp-Session-Id", first)
        .header("MCP-Protocol-Version", "2025-11-25")
        .body(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404, "an expired session is not found");
    let grew = peak.saturating_sub(baseline);
    let kept = after.saturating_sub(baseline);
    assert!(
        kept <= grew / 3 + 8 * 1024,
        "baseline {baseline} KiB, peak {peak} KiB, after expiry {after} KiB"
    );
}
