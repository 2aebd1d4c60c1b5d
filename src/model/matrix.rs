//! The responsibility matrix: every catalogue duty against a chosen list of services. Its
//! renderings (CSV, Markdown, spreadsheets) live in `render`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::{AvailabilityStatus, Basis, Dataset, Owner, Service};

/// Duties as rows, services as columns, owners in the cells.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Matrix {
    /// Service ids in the order asked for.
    pub services: Vec<String>,
    /// Service id -> whether it is still available to new customers.
    pub availability: BTreeMap<String, AvailabilityStatus>,
    pub rows: Vec<MatrixRow>,
}

/// One duty across the matrix's services.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MatrixRow {
    pub duty_id: String,
    pub title: String,
    pub area: String,
    /// Service id -> owner of this duty on that service.
    pub owners: BTreeMap<String, Owner>,
    /// Service id -> whether that owner is documented or an unchecked model default.
    pub basis: BTreeMap<String, Basis>,
}

impl Matrix {
    /// Builds the matrix for `services`, already resolved and without repeats.
    pub fn for_services(dataset: &Dataset, services: &[&Service]) -> Matrix {
        let rows = dataset
            .duties
            .iter()
            .map(|duty| MatrixRow {
                duty_id: duty.id.clone(),
                title: duty.title.clone(),
                area: duty.area.clone(),
                owners: services
                    .iter()
                    .filter_map(|service| {
                        service
                            .duty(&duty.id)
                            .map(|entry| (service.id.clone(), entry.owner))
                    })
                    .collect(),
                basis: services
                    .iter()
                    .filter_map(|service| {
                        service
                            .duty(&duty.id)
                            .map(|entry| (service.id.clone(), entry.basis))
                    })
                    .collect(),
            })
            .collect();
        Matrix {
            services: services.iter().map(|service| service.id.clone()).collect(),
            availability: services
                .iter()
                .map(|service| (service.id.clone(), service.availability.status))
                .collect(),
            rows,
        }
    }

    /// The owner of each service in column order (`None` where the service has no such duty),
    /// with whether the cell is an unchecked model default.
    pub fn cells<'a>(
        &'a self,
        row: &'a MatrixRow,
    ) -> impl Iterator<Item = Option<(Owner, Basis)>> + 'a {
        self.services.iter().map(move |id| {
            row.owners.get(id).map(|&owner| {
                let basis = row.basis.get(id).copied().unwrap_or(Basis::ModelDefault);
                (owner, basis)
            })
        })
    }

    /// Whether any cell of the matrix is a model default.
    pub fn has_model_defaults(&self) -> bool {
        self.rows.iter().any(|row| {
            row.basis
                .values()
                .any(|&basis| basis == Basis::ModelDefault)
        })
    }
}
