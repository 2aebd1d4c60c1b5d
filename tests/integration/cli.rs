//! The `srmap` binary: output, formats and exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::helpers::copy_of_data;

/// Runs the built binary with `args`, with no `SRMAP_*` variable leaking in from the shell.
fn srmap(args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_srmap"));
    for (name, _) in std::env::vars() {
        if name.starts_with("SRMAP_") {
            command.env_remove(name);
        }
    }
    command
        .env("RUST_LOG", "error")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

#[test]
fn validate_accepts_the_embedded_and_the_checked_out_dataset() {
    let embedded = srmap(&["validate"]);
    let from_dir = srmap(&["validate", "--data", data_dir().to_str().unwrap()]);

    assert!(embedded.status.success(), "{}", stderr(&embedded));
    assert!(stdout(&embedded).starts_with("ok: dataset"));
    assert!(from_dir.status.success(), "{}", stderr(&from_dir));
}

#[test]
fn validate_lists_every_problem_by_file_and_field_and_exits_1() {
    let copy = copy_of_data();
    let s3 = copy.path().join("services/s3.toml");
    let text = std::fs::read_to_string(&s3).unwrap();
    let broken = text
        .replacen("model = \"abstracted\"", "model = \"serverless\"", 1)
        .replacen("docs_url = \"https://", "docs_url = \"http://", 1);
    std::fs::write(&s3, broken).unwrap();
    std::fs::write(copy.path().join("services/bad.toml"), "id = \"bad\"\n").unwrap();

    let output = srmap(&["validate", "--data", copy.path().to_str().unwrap()]);

    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(errors.contains("services/s3.toml: model:"), "{errors}");
    assert!(errors.contains("services/s3.toml: docs_url:"), "{errors}");
    assert!(errors.contains("services/bad.toml"), "{errors}");
}

#[test]
fn validate_rejects_an_alias_used_by_two_services() {
    let copy = copy_of_data();
    let ec2 = copy.path().join("services/ec2.toml");
    let text = std::fs::read_to_string(&ec2).unwrap();
    std::fs::write(
        &ec2,
        text.replacen("aliases = [", "aliases = [\"Simple Storage Service\", ", 1),
    )
    .unwrap();

    let output = srmap(&["validate", "--data", copy.path().to_str().unwrap()]);

    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(
        errors.contains("aliases: `Simple Storage Service` is already a name of service"),
        "{errors}"
    );
}

#[test]
fn serve_refuses_to_start_on_invalid_data() {
    let copy = copy_of_data();
    std::fs::write(copy.path().join("duties.toml"), "[[duty]]\nid = 1\n").unwrap();

    let output = srmap(&[
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--data",
        copy.path().to_str().unwrap(),
    ]);

    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("duties.toml"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn lookup_prints_a_table_and_json() {
    let table = srmap(&["lookup", "Amazon S3"]);
    let json = srmap(&["lookup", "ec2", "--owner", "customer", "--format", "json"]);

    assert!(table.status.success(), "{}", stderr(&table));
    assert!(stdout(&table).contains("Amazon Simple Storage Service (s3)"));
    assert!(stdout(&table).contains("OWNER"));
    let record: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(record["id"], "ec2");
    assert!(
        record["duties"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["owner"] == "customer")
    );
}

#[test]
fn lookup_of_an_unknown_service_exits_1_with_suggestions() {
    let output = srmap(&["lookup", "dynamdb"]);

    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("Did you mean: dynamodb"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(srmap(&["lookup"]).status.code(), Some(2));
    assert_eq!(
        srmap(&["search", "rds", "--owner", "amazon"]).status.code(),
        Some(2)
    );
    assert_eq!(srmap(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn search_ask_and_matrix_print_results() {
    let search = srmap(&["search", "rds", "maintenance", "window", "--format", "json"]);
    let ask = srmap(&["ask", "who", "patches", "the", "OS", "on", "RDS?"]);
    let ask_json = srmap(&["ask", "--format", "json", "who patches the guest OS on EC2"]);
    let csv = srmap(&["matrix", "ec2,rds", "s3", "--format", "csv"]);
    let table = srmap(&["matrix", "ec2", "s3"]);

    let results: serde_json::Value = serde_json::from_slice(&search.stdout).unwrap();
    assert!(results["total"].as_u64().unwrap() > 0);
    assert!(
        stdout(&ask).starts_with("Owner: aws\nService: rds\n"),
        "{}",
        stdout(&ask)
    );
    let reply: serde_json::Value = serde_json::from_slice(&ask_json.stdout).unwrap();
    assert_eq!(reply["owner"], "customer");
    assert!(
        stdout(&csv).starts_with("duty_id,title,area,ec2,ec2 basis,rds,rds basis,s3,s3 basis\n")
    );
    assert!(stdout(&table).contains("os-patching"));
}

#[test]
fn index_writes_an_on_disk_index_that_serve_reuses_until_the_data_changes() {
    let folder = tempfile::tempdir().unwrap();
    let index_dir = folder.path().join("index");
    let dir = index_dir.to_str().unwrap();

    let first = srmap(&["index", "--index-dir", dir]);
    let second = srmap(&["index", "--index-dir", dir]);
    let copy = copy_of_data();
    std::fs::write(
        copy.path().join("dataset.toml"),
        "version = \"9.9.9\"\ndate = 2026-11-28\n",
    )
    .unwrap();
    let changed = srmap(&[
        "index",
        "--index-dir",
        dir,
        "--data",
        copy.path().to_str().unwrap(),
    ]);

    assert!(
        stdout(&first).starts_with("built:"),
        "{}{}",
        stdout(&first),
        stderr(&first)
    );
    assert!(
        stdout(&second).starts_with("up to date:"),
        "{}",
        stdout(&second)
    );
    assert!(
        stdout(&changed).starts_with("built:"),
        "{}",
        stdout(&changed)
    );
    assert!(index_dir.join("srmap-fingerprint").exists());
    let leftovers: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        vec![std::ffi::OsString::from("index")],
        "no staging folder is left behind"
    );
}

#[test]
fn a_damaged_index_folder_is_rebuilt_not_served() {
    let folder = tempfile::tempdir().unwrap();
    let index_dir = folder.path().join("index");
    let dir = index_dir.to_str().unwrap();
    srmap(&["index", "--index-dir", dir]);
    std::fs::write(index_dir.join("meta.json"), "{ broken").unwrap();

    let again = srmap(&["index", "--index-dir", dir]);

    assert!(
        stdout(&again).starts_with("built:"),
        "{}{}",
        stdout(&again),
        stderr(&again)
    );
}

fn overlay_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/overlay")
}

#[test]
fn the_example_overlay_validates_and_its_entries_are_marked() {
    let overlay = overlay_dir();
    let overlay = overlay.to_str().unwrap();

    let validate = srmap(&["--overlay", overlay, "validate"]);
    let ledger = srmap(&["--overlay", overlay, "lookup", "ledger", "--format", "json"]);
    let s3 = srmap(&[
        "--overlay",
        overlay,
        "lookup",
        "company buckets",
        "--format",
        "json",
    ]);
    let plain = srmap(&["lookup", "s3", "--format", "json"]);

    assert!(validate.status.success(), "{}", stderr(&validate));
    let ledger: serde_json::Value = serde_json::from_slice(&ledger.stdout).unwrap();
    assert_eq!(ledger["id"], "acme-ledger");
    assert_eq!(ledger["overlay"], true);
    let s3: serde_json::Value = serde_json::from_slice(&s3.stdout).unwrap();
    assert_eq!(s3["overlay"], true);
    let statements: Vec<&serde_json::Value> = s3["duties"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["statements"].as_array().unwrap())
        .collect();
    let added = statements
        .iter()
        .find(|s| s["references"][0] == "ACME-DATA-07")
        .unwrap();
    assert_eq!(added["overlay"], true);
    assert!(
        statements.iter().filter(|s| s["overlay"] == false).count() >= 8,
        "the embedded statements stay"
    );
    let plain: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(plain["overlay"], false);
}

#[test]
fn a_broken_overlay_is_reported_like_bad_data() {
    let overlay = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(overlay.path().join("services")).unwrap();
    std::fs::write(
        overlay.path().join("services/s3.toml"),
        "[[duties]]\nid = \"no-such-duty\"\n",
    )
    .unwrap();
    std::fs::write(overlay.path().join("services/x.toml"), "id = ").unwrap();

    let output = srmap(&["--overlay", overlay.path().to_str().unwrap(), "validate"]);

    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("overlay/services/x.toml"),
        "{}",
        stderr(&output)
    );
}

/// An overlay duty whose NIST and CCM ids hold characters of several bytes: once a panic in
/// `validate`, now a listed problem.
fn overlay_with_non_ascii_ids() -> tempfile::TempDir {
    let overlay = tempfile::tempdir().unwrap();
    std::fs::write(
        overlay.path().join("duties.toml"),
        "[[duty]]\nid = \"vendor-review\"\ntitle = \"Vendor review\"\narea = \"security-foundations\"\n\
         description = \"Reviewing a vendor.\"\ngeneral_owner = \"customer\"\nnist = [\"ÅC-2\", \"AC-é\", \"计划\"]\n\
         ccm = [\"IAM-ü1\"]\n\
         defaults.infrastructure = { owner = \"customer\", summary = \"Ours.\" }\n\
         defaults.container = { owner = \"customer\", summary = \"Ours.\" }\n\
         defaults.abstracted = { owner = \"customer\", summary = \"Ours.\" }\n",
    )
    .unwrap();
    overlay
}

#[test]
fn non_ascii_control_ids_in_an_overlay_are_listed_problems_not_a_panic() {
    let overlay = overlay_with_non_ascii_ids();

    let output = srmap(&["--overlay", overlay.path().to_str().unwrap(), "validate"]);

    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let problems = stderr(&output);
    assert!(!problems.contains("panicked"), "{problems}");
    for id in ["ÅC-2", "AC-é", "计划", "IAM-ü1"] {
        assert!(problems.contains(id), "`{id}` is named: {problems}");
    }
    assert!(problems.contains("duty[vendor-review].nist"), "{problems}");
    assert!(problems.contains("duty[vendor-review].ccm"), "{problems}");
}
