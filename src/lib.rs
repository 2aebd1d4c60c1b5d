//! # srmap
//!
//! srmap answers one question for every AWS service: which security duties are AWS's and
//! which are the customer's, under the AWS Shared Responsibility Model.
//!
//! The curated dataset in `data/` is embedded in the binary ([`dataset`]), checked and turned
//! into domain types ([`model`]), indexed with tantivy ([`index`]), and served over HTTP
//! ([`api`], composed in [`startup`]) and on the command line ([`cli`]). [`answer`] reads a
//! question in plain language and finds the service, duty and owner it asks about. [`web`]
//! renders the same data as HTML pages. [`mcp`] serves it to chatbots and agents over the
//! Model Context Protocol, on stdio and at `/mcp`.
//!
//! Dependencies point one way (see ARCHITECTURE.md): [`model`] <- [`index`] <- [`answer`] <-
//! [`ops`] <- [`render`] <- the faces ([`api`], [`web`], [`mcp`], [`cli`]) <- [`startup`].
//! [`ops`] holds every operation once, with its input checks and its `RequestError`, so the
//! faces accept the same input and give the same errors. [`iac`] reads templates and plans
//! for [`ops::architecture`]. `model` and `index` know nothing of HTTP or rendering.

pub mod answer;
pub mod api;
pub mod cache;
pub mod cli;
pub mod config;
pub mod dataset;
pub mod eval;
pub mod extract;
pub mod iac;
pub mod index;
pub mod mcp;
pub mod metrics;
pub mod middleware;
pub mod model;
pub mod ops;
pub mod render;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod web;
