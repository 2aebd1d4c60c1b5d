//! Prometheus metrics: request counts and latencies per route and status, and the size and
//! build time of the dataset being served, rendered in the text exposition format (the API
//! serves them at `GET /metrics`).

use std::time::Duration;

use prometheus::{
    Encoder, GaugeVec, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

use crate::state::LiveState;

/// Latency buckets in seconds: most answers take well under a millisecond.
const LATENCY_BUCKETS: [f64; 12] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
];

/// The process's metrics and the registry they are exposed from.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    dataset: IntGaugeVec,
    sizes: IntGaugeVec,
    build_seconds: GaugeVec,
    cache: IntGaugeVec,
}

impl Metrics {
    /// Registers every metric in a fresh registry.
    pub fn new() -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new_custom(Some("srmap".to_string()), None)?;
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by route, method and status.",
            ),
            &["route", "method", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "Time to answer an HTTP request, by route and method.",
            )
            .buckets(LATENCY_BUCKETS.to_vec()),
            &["route", "method"],
        )?;
        let dataset = IntGaugeVec::new(
            Opts::new(
                "dataset_info",
                "The dataset being served; the value is always 1.",
            ),
            &["version", "date"],
        )?;
        let sizes = IntGaugeVec::new(
            Opts::new(
                "dataset_items",
                "Items of the dataset being served, by kind.",
            ),
            &["kind"],
        )?;
        let build_seconds = GaugeVec::new(
            Opts::new(
                "index_build_seconds",
                "Time it took to load, validate and index the dataset being served.",
            ),
            &[],
        )?;
        let cache = IntGaugeVec::new(
            Opts::new(
                "response_cache",
                "The response cache of the dataset being served: entries, bytes, hits and misses since it was loaded.",
            ),
            &["measure"],
        )?;
        registry.register(Box::new(cache.clone()))?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(dataset.clone()))?;
        registry.register(Box::new(sizes.clone()))?;
        registry.register(Box::new(build_seconds.clone()))?;
        Ok(Metrics {
            registry,
            requests,
            latency,
            dataset,
            sizes,
            build_seconds,
            cache,
        })
    }

    /// Records one answered request. `route` is the route pattern, never the raw path, so the
    /// number of series stays bounded whatever clients send.
    pub fn observe(&self, route: &str, method: &str, status: &str, elapsed: Duration) {
        self.requests
            .with_label_values(&[route, method, status])
            .inc();
        self.latency
            .with_label_values(&[route, method])
            .observe(elapsed.as_secs_f64());
    }

    /// The exposition text, with the dataset gauges taken from what is served now.
    pub(crate) fn render(&self, live: &LiveState) -> Result<String, prometheus::Error> {
        let state = live.current();
        let dataset = &state.dataset;
        self.dataset.reset();
        self.dataset
            .with_label_values(&[dataset.version.as_str(), dataset.date.as_str()])
            .set(1);
        let statements: usize = dataset
            .services
            .iter()
            .flat_map(|service| &service.duties)
            .map(|entry| entry.statements.len())
            .sum();
        for (kind, count) in [
            ("services", dataset.services.len()),
            ("duties", dataset.duties.len()),
            ("statements", statements),
            ("documents", state.index.num_docs()),
        ] {
            self.sizes.with_label_values(&[kind]).set(count as i64);
        }
        self.build_seconds
            .with_label_values(&[] as &[&str])
            .set(state.build_seconds);
        let cache = state.responses.stats();
        for (measure, value) in [
            ("entries", cache.entries),
            ("bytes", cache.bytes),
            ("hits", cache.hits),
            ("misses", cache.misses),
        ] {
            self.cache
                .with_label_values(&[measure])
                .set(i64::try_from(value).unwrap_or(i64::MAX));
        }
        let mut buffer = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buffer)?;
        Ok(String::from_utf8_lossy(&buffer).into_owned())
    }
}
