//! Matrix: the duties of several services side by side.

use schemars::JsonSchema;
use serde::Deserialize;

use super::error::RequestError;
use super::input::{self, ServiceKeys};
use crate::model::{Dataset, Matrix, Service};

/// The most services one matrix may hold.
pub const MAX_MATRIX_SERVICES: usize = 100;

/// What a matrix asks for, as every face receives it.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
pub struct MatrixParams {
    /// The services of the architecture, by id or alias, 1 to 100 of them, e.g.
    /// ["ec2", "rds", "s3"] (or "ec2,rds,s3"). Repeats are dropped.
    #[serde(default)]
    pub services: ServiceKeys,
}

impl MatrixParams {
    /// The positions of the named services in the dataset, in order, without repeats.
    pub fn parse(&self, dataset: &Dataset) -> Result<Vec<usize>, RequestError> {
        resolve(dataset, &self.services.keys())
    }
}

/// Resolves `keys` to service positions, in order and without repeats.
pub fn resolve(dataset: &Dataset, keys: &[&str]) -> Result<Vec<usize>, RequestError> {
    if keys.is_empty() {
        return Err(RequestError::MissingServices);
    }
    if keys.len() > MAX_MATRIX_SERVICES {
        return Err(RequestError::TooManyServices {
            count: keys.len(),
            max: MAX_MATRIX_SERVICES,
        });
    }
    let mut positions = Vec::new();
    for key in keys {
        let position = input::service_position(dataset, key)?;
        if !positions.contains(&position) {
            positions.push(position);
        }
    }
    Ok(positions)
}

/// The services at `positions`.
pub fn services<'a>(dataset: &'a Dataset, positions: &[usize]) -> Vec<&'a Service> {
    positions
        .iter()
        .filter_map(|&position| dataset.services.get(position))
        .collect()
}

pub fn run(dataset: &Dataset, positions: &[usize]) -> Matrix {
    Matrix::for_services(dataset, &services(dataset, positions))
}
