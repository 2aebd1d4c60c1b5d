//! `Settings`: the validated configuration the server runs with, built from CLI flags and
//! their environment fallbacks.

use std::net::SocketAddr;
use std::path::PathBuf;

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
}

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
        }
    }
}
