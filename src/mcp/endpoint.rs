//! The `/mcp` endpoint: rmcp's streamable HTTP service behind a guard of our own.
//!
//! rmcp checks the `Host` header (DNS rebinding) and the `Origin` header (a web page posting
//! to a server on the user's machine); both lists are built from the bind address and
//! `--mcp-allowed-hosts`. The guard in front reads each `POST` body once, so that malformed
//! JSON is a `400` with a JSON-RPC parse error (rmcp answers `415`), and so that an
//! `initialize` beyond [`McpLimits::max_sessions`] live sessions is refused with `503` rather
//! than holding more memory. Sessions idle for [`McpLimits::session_idle`] end, and their
//! memory goes back to the allocator.

use std::sync::Arc;
use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::{Next, from_fn};
use actix_web::{Error, HttpMessage, HttpResponse, web};
use futures_util::StreamExt;
use rmcp::model::{ClientJsonRpcMessage, ClientRequest};
use rmcp_actix_web::transport::{LocalSessionManager, StreamableHttpService};
use serde_json::{Value, json};

use super::{MCP_PATH, McpServer};
use crate::ops::architecture::MAX_TEMPLATE_BYTES;
use crate::state::LiveState;

/// The largest MCP request body: a template of [`MAX_TEMPLATE_BYTES`] for
/// `architecture_matrix`, with room for the JSON escapes of its quotes and line ends.
const MAX_BODY_BYTES: usize = MAX_TEMPLATE_BYTES + MAX_TEMPLATE_BYTES / 4;

/// How many sessions and for how long.
#[derive(Debug, Clone, Copy)]
pub struct McpLimits {
    /// Live sessions (protocol revisions with a handshake) at most; each holds a worker task
    /// and its buffers.
    pub max_sessions: usize,
    /// A session nobody used for this long ends.
    pub session_idle: Duration,
}

impl Default for McpLimits {
    fn default() -> Self {
        McpLimits {
            max_sessions: DEFAULT_MAX_SESSIONS,
            session_idle: DEFAULT_SESSION_IDLE,
        }
    }
}

/// Enough for every client of a team's deployment, bounded so that a client opening sessions
/// in a loop cannot exhaust memory (each costs tens of kilobytes).
pub const DEFAULT_MAX_SESSIONS: usize = defaults::MAX_SESSIONS as usize;
/// rmcp's own default: a chat client keeps using its session within minutes.
pub const DEFAULT_SESSION_IDLE: Duration = Duration::from_secs(defaults::SESSION_IDLE_SECONDS);

/// The defaults as the command line gives them.
pub mod defaults {
    /// See [`super::DEFAULT_MAX_SESSIONS`].
    pub const MAX_SESSIONS: u64 = 1000;
    /// See [`super::DEFAULT_SESSION_IDLE`].
    pub const SESSION_IDLE_SECONDS: u64 = 300;
}
/// The header that names a legacy session.
const SESSION_HEADER: &str = "mcp-session-id";

/// The `/mcp` endpoint: one streamable HTTP service, built once and shared by every worker so
/// that a session opened on one worker is found by the others.
#[derive(Clone)]
pub struct McpEndpoint {
    service: StreamableHttpService<McpServer, LocalSessionManager>,
    sessions: Arc<LocalSessionManager>,
    limits: McpLimits,
}

impl McpEndpoint {
    /// The endpoint over `state`, accepting requests whose `Host` header names one of
    /// `allowed_hosts` (see [`super::allowed_hosts`]) and whose `Origin`, when present, is
    /// on one of those hosts.
    pub fn new(
        state: Arc<LiveState>,
        allowed_hosts: Vec<String>,
        limits: McpLimits,
    ) -> McpEndpoint {
        let mut manager = LocalSessionManager::default();
        manager.session_config.keep_alive = Some(limits.session_idle);
        let sessions = Arc::new(manager);
        // One server, cloned for each session: building its tool router (and the tools'
        // schemas) per session cost more memory than the session itself.
        let server = McpServer::new(state);
        let service = StreamableHttpService::builder()
            .service_factory(Arc::new(move || Ok(server.clone())))
            .session_manager(sessions.clone())
            // Every tool answers at once, so a plain JSON reply serves clients that do not
            // read event streams (curl, chat platforms) as well as those that do.
            .json_response(true)
            .max_request_body_bytes(MAX_BODY_BYTES)
            .allowed_origins(allowed_origins(&allowed_hosts))
            .allowed_hosts(allowed_hosts)
            .build();
        McpEndpoint {
            service,
            sessions,
            limits,
        }
    }

    /// Live legacy sessions.
    pub async fn live_sessions(&self) -> usize {
        self.sessions.sessions.read().await.len()
    }

    /// Mounts the endpoint at [`MCP_PATH`] (with or without a trailing slash).
    pub fn configure(&self, cfg: &mut web::ServiceConfig) {
        let guard = Guard {
            sessions: self.sessions.clone(),
            limits: self.limits,
        };
        cfg.service(
            self.service
                .clone()
                .scope_with_path(MCP_PATH)
                .app_data(web::Data::new(guard))
                .wrap(from_fn(check_body)),
        );
    }
}

/// The origins `/mcp` accepts: every allowed host over http and https, on any port unless
/// the host names one.
fn allowed_origins(hosts: &[String]) -> Vec<String> {
    let mut origins = Vec::new();
    for host in hosts {
        let colons = host.matches(':').count();
        let authority = if colons > 1 && !host.starts_with('[') {
            // A bare IPv6 address: bracketed, any port.
            format!("[{host}]:*")
        } else if colons == 1 || host.contains("]:") {
            host.clone()
        } else {
            format!("{host}:*")
        };
        for scheme in ["http", "https"] {
            origins.push(format!("{scheme}://{authority}"));
        }
    }
    origins
}

/// What the body guard needs.
struct Guard {
    sessions: Arc<LocalSessionManager>,
    limits: McpLimits,
}

/// A JSON-RPC error as its own HTTP response.
fn rpc_error(status: StatusCode, code: i64, message: String) -> HttpResponse {
    HttpResponse::build(status).json(json!({
        "jsonrpc": "2.0",
        "id": Value::Null,
        "error": {"code": code, "message": message},
    }))
}

/// Reads a `POST` body (at most [`MAX_BODY_BYTES`]), answers malformed JSON and messages with
/// a `400`, an `initialize` over the session cap with a `503`, and hands everything else on
/// with the body put back.
async fn check_body(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .split(';')
                .next()
                .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
        });
    if request.method() != Method::POST || !is_json {
        return Ok(next.call(request).await?.map_into_boxed_body());
    }
    let mut payload = request.take_payload();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk?;
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            let response = rpc_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                -32600,
                format!(
                    "payload_too_large: The request body is larger than {MAX_BODY_BYTES} bytes."
                ),
            );
            return Ok(request.into_response(response));
        }
        body.extend_from_slice(&chunk);
    }
    let body = body.freeze();
    let value: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(error) => {
            let response = rpc_error(
                StatusCode::BAD_REQUEST,
                -32700,
                format!("parse_error: The body is not valid JSON: {error}."),
            );
            return Ok(request.into_response(response));
        }
    };
    let message: ClientJsonRpcMessage = match serde_json::from_value(value) {
        Ok(message) => message,
        Err(error) => {
            let response = rpc_error(
                StatusCode::BAD_REQUEST,
                -32600,
                format!("invalid_request: The body is not a JSON-RPC message MCP knows: {error}."),
            );
            return Ok(request.into_response(response));
        }
    };
    let opens_session = !request.headers().contains_key(SESSION_HEADER)
        && matches!(
            &message,
            ClientJsonRpcMessage::Request(rpc) if matches!(rpc.request, ClientRequest::InitializeRequest(_))
        );
    if opens_session && let Some(guard) = request.app_data::<web::Data<Guard>>() {
        let live = guard.sessions.sessions.read().await.len();
        if live >= guard.limits.max_sessions {
            let mut response = rpc_error(
                StatusCode::SERVICE_UNAVAILABLE,
                -32000,
                format!(
                    "too_many_sessions: {live} MCP sessions are open, the most this server keeps; \
                     close one (DELETE with its Mcp-Session-Id), wait for idle ones to end, or \
                     speak protocol 2026-07-28, which needs no session."
                ),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("30"));
            return Ok(request.into_response(response));
        }
    }
    request.set_payload(body.into());
    Ok(next.call(request).await?.map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_the_allowed_hosts_over_http_and_https() {
        let hosts = vec![
            "localhost".to_string(),
            "::1".to_string(),
            "srmap.example.com:8443".to_string(),
        ];

        assert_eq!(
            allowed_origins(&hosts),
            [
                "http://localhost:*",
                "https://localhost:*",
                "http://[::1]:*",
                "https://[::1]:*",
                "http://srmap.example.com:8443",
                "https://srmap.example.com:8443",
            ]
        );
    }
}
