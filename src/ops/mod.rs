//! The operations every face offers, one module each: [`lookup`], [`list`], [`duties`],
//! [`search`], [`answer`], [`matrix`] and [`meta`].
//!
//! Each operation has one raw parameter type (`*Params`) that every face deserializes into
//! (the HTTP query string or JSON body, the MCP tool arguments, the page form) or builds (the
//! CLI from its flags); one `parse` that is the only place its input is checked and normalised
//! (aliases and case of owners, areas and models, limits, lengths), giving a typed request or
//! a [`RequestError`]; and one `run` over the dataset (or, for search and answers, the whole
//! [`AppState`] with its index) giving a typed result. Faces only
//! deserialize and render, so the API, the pages, the CLI and MCP accept the same inputs and
//! give the same errors, each in its own words ([`ParamNames`]).
//!
//! Nothing here knows HTTP, HTML or MCP.

pub mod answer;
pub mod architecture;
pub mod duties;
mod error;
mod input;
pub mod list;
pub mod lookup;
pub mod matrix;
pub mod meta;
pub mod search;

pub use error::{HttpNames, Param, ParamNames, RequestError};
pub use input::{
    Format, MAX_OFFSET, MAX_QUERY_CHARS, ServiceKeys, WholeNumber, format, one_of,
    service_not_found,
};

pub use crate::state::AppState;

/// Largest JSON body accepted (a matrix request, an MCP message), in bytes.
pub const MAX_JSON_BYTES: usize = 64 * 1024;
