//! The cross-face test: `tests/crossface/check_faces.py` sends one table of inputs through the
//! HTTP API, MCP (the official Python SDK against the real binary), the CLI (the real binary)
//! and the HTML pages, and every face must give the same result or the same error code.

use std::time::Duration;

use crate::helpers::{python_with, required, run_python_check, spawn_app};

#[test]
fn every_face_gives_the_same_result_or_error_for_the_same_input() {
    let Some(python) = required(python_with(&["mcp"])) else {
        return;
    };
    let app = spawn_app();
    run_python_check(
        &python,
        "tests/crossface/check_faces.py",
        &[
            "--api",
            &app.address,
            "--binary",
            env!("CARGO_BIN_EXE_srmap"),
        ],
        Duration::from_secs(600),
        "all cross-face cases agree",
    );
}
