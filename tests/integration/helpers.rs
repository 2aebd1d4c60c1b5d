//! `spawn_app()` and `TestApp`: the real server, started once per test binary on a free port.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::LazyLock;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;
use srmap::config::Settings;
use srmap::startup::Application;
use srmap::telemetry::{LogFormat, get_subscriber, init_subscriber};

/// Logs stay quiet unless `TEST_LOG` is set.
fn init_logging() {
    if std::env::var_os("TEST_LOG").is_some() {
        init_subscriber(get_subscriber(
            "debug",
            LogFormat::Text,
            false,
            std::io::stdout,
        ));
    } else {
        init_subscriber(get_subscriber(
            "error",
            LogFormat::Text,
            false,
            std::io::sink,
        ));
    }
}

/// The port of the one server shared by every test in this binary. Building the index once
/// keeps the suite fast; the server only reads, so tests cannot disturb each other.
static SERVER_PORT: LazyLock<u16> = LazyLock::new(|| {
    init_logging_once();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let settings = Settings::new(SocketAddr::from(([127, 0, 0, 1], 0)));
            let application = Application::build(&settings).expect("the test server builds");
            sender
                .send(application.port())
                .expect("the test thread is waiting for the port");
            application
                .run_until_stopped()
                .await
                .expect("the test server runs");
        });
    });
    receiver.recv().expect("the test server reports its port")
});

/// A client for the shared test server.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
}

pub fn spawn_app() -> TestApp {
    TestApp {
        address: format!("http://127.0.0.1:{}", *SERVER_PORT),
        client: reqwest::Client::new(),
    }
}

/// A response with its body read.
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|error| panic!("body is not JSON ({error}): {}", self.text))
    }

    /// Asserts this is a JSON error with `status` and `code`, and returns its message.
    pub fn assert_error(&self, status: u16, code: &str) -> String {
        assert_eq!(self.status, status, "status of {}", self.text);
        assert!(
            self.content_type.starts_with("application/json"),
            "content type {}",
            self.content_type
        );
        let body = self.json();
        assert_eq!(body["error"]["code"], code, "body {body}");
        let message = body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(!message.is_empty(), "an error message is given");
        assert!(body["error"]["suggestions"].is_array());
        message
    }
}

impl TestApp {
    /// GET `path_and_query` (already encoded) and read the reply.
    pub async fn get(&self, path_and_query: &str) -> Reply {
        let response = self
            .client
            .get(format!("{}{}", self.address, path_and_query))
            .send()
            .await
            .expect("the request is sent");
        read(response).await
    }

    /// GET `path_and_query` (already encoded) with an `Accept` header.
    pub async fn get_accepting(&self, path_and_query: &str, accept: &str) -> Reply {
        let response = self
            .client
            .get(format!("{}{}", self.address, path_and_query))
            .header("Accept", accept)
            .send()
            .await
            .expect("the request is sent");
        read(response).await
    }

    /// GET `path` with `query` pairs encoded by the client.
    pub async fn get_with(&self, path: &str, query: &[(&str, &str)]) -> Reply {
        let response = self
            .client
            .get(format!("{}{}", self.address, path))
            .query(query)
            .send()
            .await
            .expect("the request is sent");
        read(response).await
    }

    pub async fn post(&self, path: &str, content_type: &str, body: impl Into<String>) -> Reply {
        let response = self
            .client
            .post(format!("{}{}", self.address, path))
            .header("Content-Type", content_type)
            .body(body.into())
            .send()
            .await
            .expect("the request is sent");
        read(response).await
    }

    pub async fn answer(&self, question: &str) -> Value {
        let reply = self.get_with("/v1/answer", &[("q", question)]).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json()
    }
}

async fn read(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let content_type = headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = response.text().await.expect("the body is read");
    Reply {
        status,
        content_type,
        headers,
        text,
    }
}

/// Waits for `child` until `timeout`, then kills it. Returns its exit success, stdout and
/// stderr, read on threads so that a full pipe cannot stall the child.
pub fn wait_with_timeout(mut child: Child, timeout: Duration) -> (bool, String, String) {
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + timeout;
    let success = loop {
        match child.try_wait().expect("the child can be waited for") {
            Some(status) => break status.success(),
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break false;
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    (
        success,
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default(),
    )
}

/// The first of `candidates` (after `SRMAP_TEST_PYTHON`, then the CI virtual environment, then
/// `python3`) that can import every module of `modules`, or why there is none.
pub fn python_with(modules: &[&str]) -> Result<PathBuf, String> {
    let imports = format!("import {}", modules.join(", "));
    let works = |python: &Path| {
        Command::new(python)
            .args(["-c", &imports])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    if let Some(chosen) = std::env::var_os("SRMAP_TEST_PYTHON") {
        let chosen = PathBuf::from(chosen);
        return if works(&chosen) {
            Ok(chosen)
        } else {
            Err(format!(
                "SRMAP_TEST_PYTHON={} cannot `{imports}`",
                chosen.display()
            ))
        };
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-venv/bin/python");
    [venv, PathBuf::from("python3")]
        .into_iter()
        .find(|python| works(python))
        .ok_or_else(|| {
            format!("no Python can `{imports}`; run `bash .ci/run` once to set up target/ci-venv")
        })
}

/// Skips (returns `None` after printing why) when an outside tool is missing, except under
/// `CI`, where a missing tool is a failure.
pub fn required<T>(found: Result<T, String>) -> Option<T> {
    match found {
        Ok(value) => Some(value),
        Err(reason) if std::env::var_os("CI").is_some() => panic!("under CI: {reason}"),
        Err(reason) => {
            eprintln!("skipped: {reason}");
            None
        }
    }
}

/// A server of its own, for tests that need settings of their own (a data folder to reload,
/// an admin token, CORS). It runs on its own thread until the test binary exits.
pub fn spawn_app_with(settings: Settings) -> TestApp {
    init_logging_once();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let application = match Application::build(&settings) {
                Ok(application) => application,
                Err(error) => {
                    let _ = sender.send(Err(format!("{error:#}")));
                    return;
                }
            };
            let _ = sender.send(Ok(application.port()));
            let _ = application.run_until_stopped().await;
        });
    });
    let port = receiver
        .recv()
        .expect("the server thread reports")
        .unwrap_or_else(|error| panic!("the test server did not start: {error}"));
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::new(),
    }
}

fn init_logging_once() {
    static LOGGING: LazyLock<()> = LazyLock::new(init_logging);
    LazyLock::force(&LOGGING);
}

/// Settings for a server on a free loopback port.
pub fn test_settings() -> Settings {
    Settings::new(SocketAddr::from(([127, 0, 0, 1], 0)))
}

/// A copy of the dataset in a temporary folder, to change or break on purpose.
pub fn copy_of_data() -> tempfile::TempDir {
    let copy = tempfile::tempdir().expect("a temporary folder");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for (path, text) in srmap::dataset::files_in(&data).expect("data/ is readable") {
        let target = copy.path().join(&path);
        std::fs::create_dir_all(target.parent().expect("a file has a folder")).unwrap();
        std::fs::write(target, text).unwrap();
    }
    copy
}

/// Rewrites the dataset version in the data folder `dir`.
pub fn set_dataset_version(dir: &Path, version: &str) {
    std::fs::write(
        dir.join("dataset.toml"),
        format!("version = \"{version}\"\ndate = 2026-11-28\n"),
    )
    .unwrap();
}

/// Runs the Python check `script` (relative to the repository) with `args`, prints its output,
/// and fails the test unless it exits successfully, within `timeout`, having printed `marker`.
pub fn run_python_check(
    python: &Path,
    script: &str,
    args: &[&str],
    timeout: Duration,
    marker: &str,
) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let child = Command::new(python)
        .arg(root.join(script))
        .args(args)
        .env("PYTHONUNBUFFERED", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python starts");

    let (success, stdout, stderr) = wait_with_timeout(child, timeout);

    print!("{stdout}");
    assert!(success, "{script} failed or timed out:\n{stdout}\n{stderr}");
    assert!(stdout.contains(marker), "{stdout}");
}

/// The real binary serving on a free port, with its port read from its JSON log.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Server {
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_srmap"))
            .args(["--log-format", "json", "serve", "--bind", "127.0.0.1:0"])
            .args(args)
            .env("RUST_LOG", "info")
            .env_remove("SRMAP_BIND")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stderr = child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr).lines();
        let port = loop {
            let line = lines
                .next()
                .expect("the server logs until it serves")
                .unwrap();
            let Ok(event) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            if event["fields"]["message"] == "serving" {
                break event["fields"]["port"].as_u64().unwrap() as u16;
            }
        };
        // Keep draining the log so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, port }
    }

    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([format!("-{name}"), self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Waits for the process to exit, up to `limit`.
    pub fn wait(mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        None
    }

    /// The process's resident memory, in KiB.
    pub fn resident_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the server's /proc status");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("a VmRSS line")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
