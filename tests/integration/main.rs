//! Black-box tests: one test binary, one module per feature. The HTTP tests talk to a real
//! server on a free port; the CLI tests run the built binary.

mod answer;
mod cli;
mod dataset;
mod errors;
mod helpers;
mod matrix;
mod mcp;
mod operations;
mod pages;
mod search;
mod services;
