//! The contract test: schemathesis (PyPI) generates requests for every operation of
//! `openapi.yaml` and checks the shared test server's answers against the document (no 5xx;
//! status, media type, headers and body as declared; 405 with `Allow` for other methods).
//!
//! The checks themselves live in `tests/contract/check_contract.py`. The Python used is
//! `SRMAP_TEST_PYTHON`, else `target/ci-venv/bin/python` (which `.ci/run` fills), else
//! `python3`, whichever first can import `schemathesis`. With none, the test says why and
//! passes, except under `CI`, where it fails.

use std::time::Duration;

use crate::helpers::{python_with, required, run_python_check, spawn_app};

/// The longest the run may take before it counts as hung; a normal run takes well under a
/// minute, even beside the rest of the suite.
const CONTRACT_TIMEOUT: Duration = Duration::from_secs(170);
/// Generated test cases per operation: enough to reach the edges of every parameter, few
/// enough to keep the run short.
const EXAMPLES_PER_OPERATION: &str = "50";

#[test]
fn every_operation_answers_as_openapi_yaml_declares_and_never_with_a_5xx() {
    let Some(python) = required(python_with(&["schemathesis"])) else {
        return;
    };
    let app = spawn_app();

    run_python_check(
        &python,
        "tests/contract/check_contract.py",
        &["--api", &app.address, "--examples", EXAMPLES_PER_OPERATION],
        CONTRACT_TIMEOUT,
        "contract checks succeeded",
    );
}

/// A client generated from `openapi.yaml` by openapi-python-client gets typed answers (an
/// `Answer` model, not a string) from the running server.
#[test]
fn a_client_generated_from_openapi_yaml_gets_typed_answers() {
    let Some(python) = required(python_with(&["openapi_python_client"])) else {
        return;
    };
    let app = spawn_app();
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.yaml");
    run_python_check(
        &python,
        "tests/contract/check_generated_client.py",
        &["--api", &app.address, "--spec", spec.to_str().unwrap()],
        std::time::Duration::from_secs(300),
        "the generated client gets typed answers",
    );
}
