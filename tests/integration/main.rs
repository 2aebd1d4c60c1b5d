//! Black-box tests: one test binary, one module per feature. The HTTP tests talk to a real
//! server on a free port; the CLI tests run the built binary.

mod answer;
mod architecture;
mod cli;
mod contract;
mod crossface;
mod dataset;
mod errors;
mod hardening;
mod helpers;
mod matrix;
mod mcp;
mod mcp_node;
mod operations;
mod pages;
mod search;
mod services;
