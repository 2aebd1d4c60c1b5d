//! `Application`: loads the dataset, builds the index and binds the HTTP server with every
//! middleware, the JSON API, the MCP endpoint and the pages.

use std::net::TcpListener;
use std::sync::Arc;

use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::http::{Method, header};
use actix_web::middleware::{Compress, Condition, from_fn};
use actix_web::{App, HttpServer};
use anyhow::Context;

use crate::api;
use crate::config::Settings;
use crate::mcp::{self, McpEndpoint};
use crate::metrics::Metrics;
use crate::middleware;
use crate::state::LiveState;
use crate::web;

/// How long in-flight requests may run on after a stop signal before they are cut.
const SHUTDOWN_GRACE_SECONDS: u64 = 30;

/// A bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    live: Arc<LiveState>,
}

impl Application {
    /// Loads and validates the dataset, indexes it and binds `settings.bind`. Fails, listing
    /// every problem, when the dataset does not validate: the server never serves bad data.
    pub fn build(settings: &Settings) -> anyhow::Result<Application> {
        settings.validate()?;
        let live = Arc::new(LiveState::load(
            settings.source(),
            settings.response_cache_mb,
        )?);
        let listener = TcpListener::bind(settings.bind)
            .with_context(|| format!("binding {}", settings.bind))?;
        let port = listener
            .local_addr()
            .context("reading the bound address")?
            .port();
        let server = run(listener, live.clone(), settings)?;
        Ok(Application { port, server, live })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until the server is stopped. SIGTERM and Ctrl-C stop accepting connections and
    /// let in-flight requests finish; SIGHUP reloads the dataset from its source.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        reload_on_hangup(self.live.clone());
        self.server.await
    }
}

/// Reloads the dataset on every SIGHUP, off the async workers; a failure is logged and the
/// current dataset keeps serving.
fn reload_on_hangup(live: Arc<LiveState>) {
    #[cfg(unix)]
    actix_web::rt::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut hangups) = signal(SignalKind::hangup()) else {
            tracing::warn!("SIGHUP cannot be watched; reload with POST /admin/reload instead");
            return;
        };
        while hangups.recv().await.is_some() {
            let live = live.clone();
            match actix_web::rt::task::spawn_blocking(move || live.reload()).await {
                Ok(Ok(_)) => {}
                Ok(Err(error)) => {
                    tracing::error!(error = %error, problems = ?error.problems(), "reload on SIGHUP refused")
                }
                Err(error) => tracing::error!(error = %error, "reload on SIGHUP failed"),
            }
        }
    });
    #[cfg(not(unix))]
    let _ = live;
}

fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods([Method::GET, Method::POST])
        .allowed_headers([
            header::ACCEPT,
            header::CONTENT_TYPE,
            header::IF_NONE_MATCH,
            middleware::REQUEST_ID,
        ])
        .expose_headers([
            header::ETAG,
            middleware::REQUEST_ID,
            middleware::DATASET_VERSION,
        ])
        .max_age(3600);
    for origin in origins {
        cors = if origin == "*" {
            cors.allow_any_origin()
        } else {
            cors.allowed_origin(origin.trim_end_matches('/'))
        };
    }
    cors
}

fn run(listener: TcpListener, live: Arc<LiveState>, settings: &Settings) -> anyhow::Result<Server> {
    let bound = listener.local_addr().context("reading the bound address")?;
    let mcp_endpoint = McpEndpoint::new(
        live.clone(),
        mcp::allowed_hosts(bound, &settings.mcp_allowed_hosts),
        settings.mcp_limits,
    );
    let live = actix_web::web::Data::from(live);
    let metrics = actix_web::web::Data::new(Metrics::new().context("registering metrics")?);
    let admin_token = settings.admin_token.clone().map(api::AdminToken::new);
    let cors_origins = settings.cors_origins.clone();
    let mut server = HttpServer::new(move || {
        App::new()
            // Inner first: compression sees the handler's body; `common` sees every
            // response, CORS preflights included.
            .wrap(Compress::default())
            .wrap(Condition::new(
                !cors_origins.is_empty(),
                cors(&cors_origins),
            ))
            .wrap(from_fn(middleware::common))
            .app_data(live.clone())
            .app_data(metrics.clone())
            .configure(api::configure)
            .configure(|cfg| api::configure_admin(cfg, admin_token.clone()))
            .configure(|cfg| mcp_endpoint.configure(cfg))
            .configure(web::configure)
            .default_service(actix_web::web::to(web::not_found))
    })
    .client_request_timeout(settings.request_timeout)
    .shutdown_timeout(SHUTDOWN_GRACE_SECONDS)
    .listen(listener)
    .context("listening")?;
    if let Some(workers) = settings.workers {
        server = server.workers(workers);
    }
    Ok(server.run())
}
