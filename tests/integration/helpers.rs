//! `spawn_app()` and `TestApp`: the real server, started once per test binary on a free port.

use std::net::SocketAddr;
use std::sync::LazyLock;
use std::sync::mpsc;

use serde_json::Value;
use srmap::config::Settings;
use srmap::startup::Application;
use srmap::telemetry::{LogFormat, get_subscriber, init_subscriber};

/// Logs stay quiet unless `TEST_LOG` is set.
fn init_logging() {
    if std::env::var_os("TEST_LOG").is_some() {
        init_subscriber(get_subscriber("debug", LogFormat::Text, std::io::stdout));
    } else {
        init_subscriber(get_subscriber("error", LogFormat::Text, std::io::sink));
    }
}

/// The port of the one server shared by every test in this binary. Building the index once
/// keeps the suite fast; the server only reads, so tests cannot disturb each other.
static SERVER_PORT: LazyLock<u16> = LazyLock::new(|| {
    init_logging();
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
