//! Counts over the dataset: how many duty cells are documented and how many are unchecked
//! model defaults, overall and for the most used services, and services by availability.
//! `srmap validate --stats` prints them and `GET /v1/meta` returns them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::{Basis, Dataset, Service};

/// Duty cells (a duty on one service) by basis.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CellCounts {
    pub documented: usize,
    pub model_default: usize,
}

impl CellCounts {
    fn of<'a>(services: impl Iterator<Item = &'a Service>) -> CellCounts {
        let mut counts = CellCounts::default();
        for entry in services.flat_map(|service| &service.duties) {
            match entry.basis {
                Basis::Documented => counts.documented += 1,
                Basis::ModelDefault => counts.model_default += 1,
            }
        }
        counts
    }

    /// The share of cells that are model defaults, from 0 to 1.
    pub fn model_default_share(&self) -> f64 {
        let total = self.documented + self.model_default;
        if total == 0 {
            0.0
        } else {
            self.model_default as f64 / total as f64
        }
    }
}

/// What `srmap validate --stats` prints.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DatasetStats {
    pub services: usize,
    pub duties: usize,
    pub statements: usize,
    /// Questions written on statements, duty entries and catalogue duties.
    pub asks: usize,
    /// Every duty cell of every service.
    pub cells: CellCounts,
    /// The cells of the most used services (`data/top-services.toml`).
    pub top_cells: CellCounts,
    /// Service count per availability status.
    pub availability: BTreeMap<String, usize>,
}

impl DatasetStats {
    pub fn of(dataset: &Dataset) -> DatasetStats {
        let is_top = |service: &&Service| dataset.top_services.iter().any(|t| t.id == service.id);
        let statements = dataset
            .services
            .iter()
            .flat_map(|service| &service.duties)
            .map(|entry| entry.statements.len())
            .sum();
        let asks = dataset
            .services
            .iter()
            .flat_map(|service| &service.duties)
            .map(|entry| {
                entry.asks.len()
                    + entry
                        .statements
                        .iter()
                        .map(|statement| statement.asks.len())
                        .sum::<usize>()
            })
            .sum::<usize>()
            + dataset
                .duties
                .iter()
                .map(|duty| duty.asks.len())
                .sum::<usize>();
        let mut availability = BTreeMap::new();
        for service in &dataset.services {
            *availability
                .entry(service.availability.status.as_str().to_string())
                .or_insert(0) += 1;
        }
        DatasetStats {
            services: dataset.services.len(),
            duties: dataset.duties.len(),
            statements,
            asks,
            cells: CellCounts::of(dataset.services.iter()),
            top_cells: CellCounts::of(dataset.services.iter().filter(is_top)),
            availability,
        }
    }

    /// The counts as lines of text.
    pub fn to_text(&self) -> String {
        let line = |label: &str, counts: &CellCounts| {
            format!(
                "{label}: {} documented, {} model-default ({:.1}% model-default)\n",
                counts.documented,
                counts.model_default,
                100.0 * counts.model_default_share()
            )
        };
        let mut text = format!(
            "services: {}\nduties: {}\nstatements: {}\nasks: {}\n",
            self.services, self.duties, self.statements, self.asks
        );
        text.push_str(&line("cells", &self.cells));
        text.push_str(&line("cells of the top services", &self.top_cells));
        for (status, count) in &self.availability {
            text.push_str(&format!("services {status}: {count}\n"));
        }
        text
    }
}
