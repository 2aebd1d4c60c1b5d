//! MCP (Model Context Protocol): srmap for chatbots and agents.
//!
//! One [`McpServer`] answers over two transports: standard input and output (`srmap mcp`,
//! [`serve_stdio`]) and streamable HTTP at [`MCP_PATH`] on the API's own port
//! ([`McpEndpoint`]). rmcp negotiates the protocol revision: `2026-07-28` (no handshake; every
//! request carries its own `_meta`, and HTTP is stateless) and the handshake revisions up to
//! `2025-11-25` (an `initialize` request first; HTTP keeps a session).
//!
//! What the server offers:
//! - tools ([`tools`]): `answer_question`, `lookup_service`, `search_duties`,
//!   `responsibility_matrix`, `list_services`; each returns Markdown text for the model to
//!   read and the same data as the HTTP API as structured content;
//! - resources ([`resources`]): every service record as `srmap://services/{id}` and the duty
//!   catalogue as `srmap://duties`;
//! - one prompt ([`prompts`]): `responsibility_review`, an architecture review of a list of
//!   services.
//!
//! Errors come in two kinds, as the protocol says. A request that cannot be routed (an unknown
//! tool or prompt, a malformed request) is a JSON-RPC error. A known tool that fails (unknown
//! service, bad owner value, empty question, arguments that do not fit the input schema)
//! returns a normal result with `isError: true` whose text starts with the HTTP API's error
//! code (`service_not_found: ...`), so that a model can read it and try again.
//!
//! The server reads the same [`LiveState`] as the HTTP API, so a reload reaches it too; it
//! never writes.

mod prompts;
mod resources;
mod tools;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use actix_web::web;
use anyhow::Context;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::model::{
    CacheScope, CallToolRequestParams, CallToolResponse, GetPromptRequestParams, GetPromptResponse,
    Implementation, ListPromptsResult, ListResourceTemplatesResult, ListResourcesResult,
    ListToolsResult, PaginatedRequestParams, ProtocolVersion, ReadResourceRequestParams,
    ReadResourceResponse, ResultType, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use rmcp_actix_web::transport::{LocalSessionManager, StreamableHttpService};

use crate::api::MAX_JSON_BYTES;
use crate::state::LiveState;

/// Where the MCP endpoint is mounted on the HTTP server.
pub const MCP_PATH: &str = "/mcp";

/// Host names every `/mcp` request may name in its `Host` header, whatever the bind address.
const LOOPBACK_HOSTS: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// What the server tells a client about itself when the session starts.
const INSTRUCTIONS: &str = "srmap says who secures what on AWS under the AWS Shared \
Responsibility Model: for each AWS service and security duty, whether AWS, the customer or both \
(`shared`) own it, with the service-specific facts that decide it and the AWS documentation \
they come from. Use `answer_question` for a question in plain language, `lookup_service` for \
one service's duties, `search_duties` to find duties and facts by words, \
`responsibility_matrix` to compare the services of an architecture, and `list_services` to \
find service ids. Quote the owner as srmap gives it and cite the source links. A tool error \
starts with a stable code (`service_not_found`, `invalid_parameter`, `missing_query`, ...) and \
often suggests the right value.";

/// The MCP server: tools, resources and prompts over the shared dataset and index.
#[derive(Clone)]
pub struct McpServer {
    live: Arc<LiveState>,
    tool_router: ToolRouter<McpServer>,
}

impl McpServer {
    /// A server over `state`, the same state the HTTP API reads.
    pub fn new(live: Arc<LiveState>) -> McpServer {
        McpServer {
            live,
            tool_router: McpServer::tool_router(),
        }
    }
}

/// Whether `context` belongs to a peer that takes the cache hints of 2026-07-28.
fn takes_cache_hints(context: &RequestContext<RoleServer>) -> bool {
    context
        .protocol_version()
        .is_some_and(|version| version >= ProtocolVersion::V_2026_07_28)
}

impl ServerHandler for McpServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .enable_prompts()
                .build(),
        )
        .with_server_info(
            Implementation::new("srmap", env!("CARGO_PKG_VERSION"))
                .with_title("srmap: the AWS Shared Responsibility Model per service"),
        )
        .with_instructions(INSTRUCTIONS)
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        if !self.tool_router.has_route(&request.name) {
            return Err(tools::unknown_tool(&request.name, &self.tool_router));
        }
        // The router answers arguments that do not fit the input schema with a tool error,
        // which `with_error_code` gives our code.
        let call = ToolCallContext::new(self, request, context);
        let response = self.tool_router.call(call).await?;
        Ok(tools::with_error_code(response))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let mut result = ListToolsResult::with_all_items(self.tool_router.list_all());
        result.result_type = Some(ResultType::COMPLETE);
        if takes_cache_hints(&context) {
            // The tool list never changes while the process runs, but a client should still
            // ask again after a restart with another dataset: no caching beyond the reply.
            result.ttl_ms = Some(0);
            result.cache_scope = Some(CacheScope::Public);
        }
        Ok(result)
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.tool_router.get(name).cloned()
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        Ok(ListResourcesResult::with_all_items(resources::list(
            &self.live.current(),
        )))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        Ok(ListResourceTemplatesResult::with_all_items(
            resources::templates(),
        ))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        resources::read(&self.live.current(), &request.uri).map(ReadResourceResponse::from)
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, ErrorData> {
        Ok(ListPromptsResult::with_all_items(prompts::list()))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        prompts::get(
            &self.live.current(),
            &request.name,
            request.arguments.as_ref(),
        )
        .map(GetPromptResponse::from)
    }
}

/// Serves MCP on standard input and output until the client closes its end. Logs must go to
/// stderr: stdout carries the protocol.
pub async fn serve_stdio(state: Arc<LiveState>) -> anyhow::Result<()> {
    let running = match McpServer::new(state).serve(rmcp::transport::stdio()).await {
        Ok(running) => running,
        // A client that goes away before its first request has nothing left to serve.
        Err(rmcp::service::ServerInitializeError::ConnectionClosed(reason)) => {
            tracing::info!(%reason, "the MCP client closed the connection before starting");
            return Ok(());
        }
        Err(error) => return Err(error).context("starting the MCP session on stdio"),
    };
    let reason = running.waiting().await.context("serving MCP on stdio")?;
    tracing::info!(?reason, "the MCP session on stdio ended");
    Ok(())
}

/// The `/mcp` endpoint: one streamable HTTP service, built once and shared by every worker so
/// that a session opened on one worker is found by the others.
#[derive(Clone)]
pub struct McpEndpoint {
    service: StreamableHttpService<McpServer, LocalSessionManager>,
}

impl McpEndpoint {
    /// The endpoint over `state`, accepting requests whose `Host` header names one of
    /// `allowed_hosts` (see [`allowed_hosts`]).
    pub fn new(state: Arc<LiveState>, allowed_hosts: Vec<String>) -> McpEndpoint {
        let service = StreamableHttpService::builder()
            .service_factory(Arc::new(move || Ok(McpServer::new(state.clone()))))
            .session_manager(Arc::new(LocalSessionManager::default()))
            // Every tool answers at once, so a plain JSON reply serves clients that do not
            // read event streams (curl, chat platforms) as well as those that do.
            .json_response(true)
            .max_request_body_bytes(MAX_JSON_BYTES)
            .allowed_hosts(allowed_hosts)
            .build();
        McpEndpoint { service }
    }

    /// Mounts the endpoint at [`MCP_PATH`] (with or without a trailing slash).
    pub fn configure(&self, cfg: &mut web::ServiceConfig) {
        cfg.service(self.service.clone().scope_with_path(MCP_PATH));
    }
}

/// The `Host` header values `/mcp` accepts on a server bound to `bind`, for rmcp's defence
/// against DNS rebinding (a web page making a browser post to a server on the user's machine).
///
/// Always the loopback names (`localhost`, `127.0.0.1`, `::1`); also the bound address itself
/// when it is a specific non-loopback one (`--bind 10.0.0.5:8080` accepts `Host: 10.0.0.5:8080`);
/// and every name in `extra` (`--mcp-allowed-hosts`), which is how a server bound to
/// `0.0.0.0` or `[::]` and reached by a DNS name must be told that name. Names without a port
/// match any port.
pub fn allowed_hosts(bind: SocketAddr, extra: &[String]) -> Vec<String> {
    let mut hosts: Vec<String> = LOOPBACK_HOSTS.iter().map(|host| host.to_string()).collect();
    let ip = bind.ip();
    if !ip.is_loopback() && !ip.is_unspecified() {
        hosts.push(match ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => v6.to_string(),
        });
    }
    for host in extra.iter().map(|host| host.trim()) {
        if !host.is_empty() && !hosts.iter().any(|known| known == host) {
            hosts.push(host.to_string());
        }
    }
    if ip.is_unspecified() && extra.is_empty() {
        tracing::warn!(
            %bind,
            "/mcp accepts only requests that name a loopback host (localhost, 127.0.0.1, ::1); \
             pass --mcp-allowed-hosts (SRMAP_MCP_ALLOWED_HOSTS) with the names clients use"
        );
    }
    hosts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bind(text: &str) -> SocketAddr {
        text.parse().expect("a socket address")
    }

    #[test]
    fn allowed_hosts_are_the_loopback_names_for_a_loopback_bind() {
        assert_eq!(
            allowed_hosts(bind("127.0.0.1:8080"), &[]),
            ["localhost", "127.0.0.1", "::1"]
        );
        assert_eq!(allowed_hosts(bind("[::1]:0"), &[]).len(), 3);
    }

    #[test]
    fn allowed_hosts_add_a_specific_bind_address_and_the_extra_names_once() {
        let extra = vec!["srmap.example.com".to_string(), " localhost ".to_string()];

        let hosts = allowed_hosts(bind("10.1.2.3:8080"), &extra);

        assert_eq!(
            hosts,
            [
                "localhost",
                "127.0.0.1",
                "::1",
                "10.1.2.3",
                "srmap.example.com"
            ]
        );
    }

    #[test]
    fn allowed_hosts_never_accept_any_host_for_an_unspecified_bind() {
        let hosts = allowed_hosts(bind("0.0.0.0:8080"), &[]);

        assert_eq!(hosts, ["localhost", "127.0.0.1", "::1"]);
        assert!(!hosts.iter().any(|host| host == "0.0.0.0"));
    }
}
