//! `Application`: loads the dataset, builds the index and binds the HTTP server.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Instant;

use actix_web::dev::Server;
use actix_web::middleware::DefaultHeaders;
use actix_web::{App, HttpServer};
use anyhow::Context;
use tracing_actix_web::TracingLogger;

use crate::api::{self, AppState};
use crate::config::Settings;
use crate::dataset;
use crate::index::SearchIndex;
use crate::mcp::{self, McpEndpoint};
use crate::web;

/// A bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Loads and validates the dataset, indexes it and binds `settings.bind`. Fails, listing
    /// every problem, when the dataset does not validate: the server never serves bad data.
    pub fn build(settings: &Settings) -> anyhow::Result<Application> {
        let state = Arc::new(load_state(settings)?);
        let listener = TcpListener::bind(settings.bind)
            .with_context(|| format!("binding {}", settings.bind))?;
        let port = listener
            .local_addr()
            .context("reading the bound address")?
            .port();
        let server = run(
            listener,
            state,
            settings.workers,
            &settings.mcp_allowed_hosts,
        )?;
        Ok(Application { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until the server is stopped (Ctrl-C or SIGTERM finish in-flight requests first).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Loads the dataset named by `settings` and its index.
pub fn load_state(settings: &Settings) -> anyhow::Result<AppState> {
    let started = Instant::now();
    let dataset = dataset::load(
        settings.data_dir.as_deref(),
        settings.overlay_dir.as_deref(),
    )?
    .context("the dataset is invalid")?;
    let index = match &settings.index_dir {
        Some(dir) => {
            let (index, rebuilt) = SearchIndex::open_or_build(&dataset, dir)
                .with_context(|| format!("opening the index in {}", dir.display()))?;
            tracing::info!(dir = %dir.display(), rebuilt, "on-disk index ready");
            index
        }
        None => SearchIndex::build_in_ram(&dataset).context("building the index")?,
    };
    tracing::info!(
        dataset_version = %dataset.version,
        services = dataset.services.len(),
        documents = index.num_docs(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "dataset indexed"
    );
    Ok(AppState { dataset, index })
}

fn run(
    listener: TcpListener,
    state: Arc<AppState>,
    workers: Option<usize>,
    mcp_allowed_hosts: &[String],
) -> anyhow::Result<Server> {
    let version = state.dataset.version.clone();
    let bound = listener.local_addr().context("reading the bound address")?;
    let mcp_endpoint =
        McpEndpoint::new(state.clone(), mcp::allowed_hosts(bound, mcp_allowed_hosts));
    let data = actix_web::web::Data::new(state);
    let mut server = HttpServer::new(move || {
        App::new()
            .wrap(
                DefaultHeaders::new()
                    .add(("X-Dataset-Version", version.clone()))
                    .add(("Content-Security-Policy", web::CONTENT_SECURITY_POLICY))
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("Referrer-Policy", "no-referrer"))
                    .add(("X-Frame-Options", "DENY")),
            )
            .wrap(TracingLogger::default())
            .app_data(data.clone())
            .configure(api::configure)
            .configure(|cfg| mcp_endpoint.configure(cfg))
            .configure(web::configure)
            .default_service(actix_web::web::to(web::not_found))
    })
    .listen(listener)
    .context("listening")?;
    if let Some(workers) = workers {
        server = server.workers(workers);
    }
    Ok(server.run())
}
