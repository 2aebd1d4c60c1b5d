//! MCP as Node clients see it: the official conformance suite
//! (`@modelcontextprotocol/conformance`, its scenarios that apply to srmap) over Streamable
//! HTTP, and a client script on the official TypeScript SDK (`tests/node/check_client.mjs`)
//! over stdio and HTTP. Both live in `tests/node` with their lock file; `.ci/run` installs
//! them and Node 22 from the npm registry. The Node used is `SRMAP_TEST_NODE`, else
//! `target/node/node_modules/.bin/node`, else `node`, whichever first is version 22 or later.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::helpers::{required, spawn_app, wait_with_timeout};

/// The conformance scenarios that test a server without test fixtures of their own (the
/// others call tools, prompts and resources named `test_*` that only the suite's reference
/// server has, or capabilities srmap does not offer: logging, completion, sampling,
/// elicitation, subscriptions).
const SCENARIOS: [&str; 6] = [
    "server-initialize",
    "ping",
    "tools-list",
    "resources-list",
    "prompts-list",
    "dns-rebinding-protection",
];
/// The longest one Node run may take before it counts as hung.
const NODE_TIMEOUT: Duration = Duration::from_secs(300);

fn checks_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node")
}

/// The major version `node --version` prints, if it runs.
fn major_version(node: &Path) -> Option<u32> {
    let output = Command::new(node).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.trim()
        .trim_start_matches('v')
        .split('.')
        .next()?
        .parse()
        .ok()
}

/// A Node of version 22 or later, with the checks' packages installed, or why there is none.
fn node() -> Result<PathBuf, String> {
    if !checks_folder()
        .join("node_modules/@modelcontextprotocol/sdk")
        .is_dir()
    {
        return Err(
            "tests/node has no node_modules; run `npm ci` there (`bash .ci/run` does)".into(),
        );
    }
    let candidates: Vec<PathBuf> = match std::env::var_os("SRMAP_TEST_NODE") {
        Some(chosen) => vec![PathBuf::from(chosen)],
        None => vec![
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/node/node_modules/.bin/node"),
            PathBuf::from("node"),
        ],
    };
    candidates
        .into_iter()
        .find(|node| major_version(node).is_some_and(|major| major >= 22))
        .ok_or_else(|| {
            "no Node.js 22 or later; `bash .ci/run` installs one into target/node".into()
        })
}

/// Runs `args` with `node`, its folder first on `PATH` (the suite's bin scripts start with
/// `#!/usr/bin/env node`), and fails unless it succeeds having printed `marker`.
fn run_node(node: &Path, args: &[&str], marker: &str) -> String {
    let folder = node.parent().map(Path::to_path_buf).unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(folder).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH joins");
    let child = Command::new(node)
        .args(args)
        .current_dir(checks_folder())
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let (success, stdout, stderr) = wait_with_timeout(child, NODE_TIMEOUT);
    print!("{stdout}");
    assert!(
        success,
        "node {args:?} failed or timed out:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(marker),
        "node {args:?}:\n{stdout}\n{stderr}"
    );
    stdout
}

#[test]
fn the_conformance_suite_passes_its_applicable_scenarios_over_http() {
    let Some(node) = required(node()) else {
        return;
    };
    let app = spawn_app();
    let url = format!("{}/mcp", app.address);
    let suite =
        checks_folder().join("node_modules/@modelcontextprotocol/conformance/dist/index.js");
    for scenario in SCENARIOS {
        let output = run_node(
            &node,
            &[
                suite.to_str().unwrap(),
                "server",
                "--url",
                &url,
                "--scenario",
                scenario,
            ],
            "Test Results:",
        );
        assert!(output.contains(" 0 failed"), "{scenario}:\n{output}");
    }
}

#[test]
fn the_typescript_sdk_client_passes_over_stdio() {
    let Some(node) = required(node()) else {
        return;
    };
    run_node(
        &node,
        &["check_client.mjs", "--stdio", env!("CARGO_BIN_EXE_srmap")],
        "all TypeScript SDK checks succeeded",
    );
}

#[test]
fn the_typescript_sdk_client_passes_over_http() {
    let Some(node) = required(node()) else {
        return;
    };
    let app = spawn_app();
    run_node(
        &node,
        &[
            "check_client.mjs",
            "--http",
            &format!("{}/mcp", app.address),
        ],
        "all TypeScript SDK checks succeeded",
    );
}
