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

mod endpoint;
mod error;
mod prompts;
mod resources;
mod schema;
mod tools;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use anyhow::Context;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::model::{
    CacheScope, CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock,
    GetPromptRequestParams, GetPromptResponse, Implementation, ListPromptsResult,
    ListResourceTemplatesResult, ListResourcesResult, ListToolsResult, PaginatedRequestParams,
    ProtocolVersion, ReadResourceRequestParams, ReadResourceResponse, ResultType,
    ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};

use crate::state::LiveState;

pub use endpoint::{McpEndpoint, McpLimits, defaults as endpoint_defaults};

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
    /// The tools as clients see them: the router's, with schemas every client accepts.
    tools: Arc<Vec<Tool>>,
}

impl McpServer {
    /// A server over `state`, the same state the HTTP API reads.
    pub fn new(live: Arc<LiveState>) -> McpServer {
        let tool_router = McpServer::tool_router();
        let tools = tool_router
            .list_all()
            .into_iter()
            .map(|mut tool| {
                tool.input_schema = Arc::new(schema::strict_input(&tool.input_schema));
                tool.output_schema = tool
                    .output_schema
                    .map(|output| Arc::new(schema::portable_output(&output)));
                tool
            })
            .collect();
        McpServer {
            live,
            tool_router,
            tools: Arc::new(tools),
        }
    }

    fn tool(&self, name: &str) -> Option<&Tool> {
        self.tools.iter().find(|tool| tool.name == name)
    }
}

/// The JSON-RPC error for a call to a tool that does not exist: "invalid params", as the
/// protocol says, with our `not_found` code first and the tools that do exist.
fn unknown_tool(name: &str, tools: &[Tool]) -> ErrorData {
    let names: Vec<String> = tools.iter().map(|tool| tool.name.to_string()).collect();
    ErrorData::invalid_params(
        format!(
            "not_found: No tool is called `{name}`; use one of {}.",
            names.join(", ")
        ),
        Some(serde_json::json!({"code": "not_found", "tools": names})),
    )
}

/// A tool result flagged `isError` whose text starts with `invalid_parameter`.
fn invalid_arguments(detail: &str) -> CallToolResponse {
    CallToolResult::error(vec![ContentBlock::text(format!(
        "invalid_parameter: The arguments do not fit the tool's input schema: {detail}."
    ))])
    .into()
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
        let Some(tool) = self.tool(&request.name) else {
            return Err(unknown_tool(&request.name, &self.tools));
        };
        // Checked against the schema first, so that a wrong argument is named in MCP's words
        // rather than a deserializer's.
        if let Err(detail) = schema::check_arguments(&tool.input_schema, request.arguments.as_ref())
        {
            return Ok(invalid_arguments(&detail));
        }
        let call = ToolCallContext::new(self, request, context);
        self.tool_router.call(call).await
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let mut result = ListToolsResult::with_all_items(self.tools.to_vec());
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
        self.tool(name).cloned()
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
