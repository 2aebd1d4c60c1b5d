//! `Settings`: the validated configuration the server runs with, built from CLI flags and
//! their environment fallbacks.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::state::DataSource;

/// What `Application::build` needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address to listen on; port 0 picks a free port (tests).
    pub bind: SocketAddr,
    /// A dataset folder to serve instead of the embedded one.
    pub data_dir: Option<PathBuf>,
    /// An organisation's folder merged over the dataset.
    pub overlay_dir: Option<PathBuf>,
    /// Where to keep the on-disk index; `None` builds it in RAM.
    pub index_dir: Option<PathBuf>,
    /// HTTP worker threads; `None` uses one per core.
    pub workers: Option<usize>,
    /// Host names `/mcp` accepts besides the loopback names and a specific bind address
    /// (see `mcp::allowed_hosts`).
    pub mcp_allowed_hosts: Vec<String>,
    /// Bearer token that enables `POST /admin/reload`; `None` leaves the route out entirely.
    pub admin_token: Option<String>,
    /// Origins allowed to call the API from a browser; empty turns CORS off.
    pub cors_origins: Vec<String>,
    /// How long a client may take to send a request's headers.
    pub request_timeout: Duration,
    /// MiB of rendered search, answer and matrix responses kept per dataset; 0 turns it off.
    pub response_cache_mb: u64,
    /// How many MCP sessions `/mcp` keeps, and for how long an idle one lives.
    pub mcp_limits: crate::mcp::McpLimits,
}

/// Shortest admin token accepted: a guessable token is worse than none.
pub const MIN_ADMIN_TOKEN_CHARS: usize = 16;
/// Default of `request_timeout`.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

impl Settings {
    /// Settings for the embedded dataset on `bind`, index in RAM.
    pub fn new(bind: SocketAddr) -> Settings {
        Settings {
            bind,
            data_dir: None,
            overlay_dir: None,
            index_dir: None,
            workers: None,
            mcp_allowed_hosts: Vec::new(),
            admin_token: None,
            cors_origins: Vec::new(),
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            response_cache_mb: crate::cache::DEFAULT_RESPONSE_CACHE_MB,
            mcp_limits: crate::mcp::McpLimits::default(),
        }
    }

    /// Checks what a typo or a weak secret could get wrong before anything starts.
    pub fn validate(&self) -> anyhow::Result<()> {
        if let Some(token) = &self.admin_token
            && token.chars().count() < MIN_ADMIN_TOKEN_CHARS
        {
            anyhow::bail!(
                "the admin token must be at least {MIN_ADMIN_TOKEN_CHARS} characters long"
            );
        }
        for origin in &self.cors_origins {
            let valid = origin == "*"
                || url::Url::parse(origin)
                    .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.path() == "/");
            if !valid {
                anyhow::bail!(
                    "`{origin}` is not an origin such as https://example.com (or `*` for any)"
                );
            }
        }
        Ok(())
    }

    /// Where the served dataset comes from.
    pub fn source(&self) -> DataSource {
        DataSource {
            data_dir: self.data_dir.clone(),
            overlay_dir: self.overlay_dir.clone(),
            index_dir: self.index_dir.clone(),
        }
    }
}
