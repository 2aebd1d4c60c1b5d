//! Logging: a `tracing` subscriber writing to stderr (or another sink, for tests).

use tracing::Subscriber;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::{EnvFilter, layer::SubscriberExt};

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// A subscriber that logs at `default_filter` unless `RUST_LOG` says otherwise. Text lines
/// carry ANSI colours only when `colours` is true: a terminal reads them, a log file or a
/// collector would keep them as escape codes.
pub fn get_subscriber<Sink>(
    default_filter: &str,
    format: LogFormat,
    colours: bool,
    sink: Sink,
) -> Box<dyn Subscriber + Send + Sync>
where
    Sink: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let registry = tracing_subscriber::registry().with(filter);
    match format {
        LogFormat::Text => Box::new(
            registry.with(
                tracing_subscriber::fmt::layer()
                    .with_writer(sink)
                    .with_ansi(colours)
                    .with_target(false),
            ),
        ),
        LogFormat::Json => Box::new(
            registry.with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .with_writer(sink)
                    .with_current_span(false),
            ),
        ),
    }
}

/// Whether stderr is a terminal, where colours help.
pub fn stderr_is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal()
}

/// Installs `subscriber` as the global default. Call once per process.
pub fn init_subscriber(subscriber: Box<dyn Subscriber + Send + Sync>) {
    // A second call (tests sharing a process) keeps the first subscriber, which is fine.
    let _ = tracing::subscriber::set_global_default(subscriber);
}
