//! Duties: the catalogue, and one duty with the services that give it each owner.

use std::collections::BTreeMap;

use serde::Serialize;

use super::error::RequestError;
use crate::model::{Dataset, Duty, Owner};

/// The catalogue.
#[derive(Debug, Serialize)]
pub struct DutyList<'a> {
    pub total: usize,
    pub items: &'a [Duty],
}

pub fn list(dataset: &Dataset) -> DutyList<'_> {
    DutyList {
        total: dataset.duties.len(),
        items: &dataset.duties,
    }
}

/// One duty and, for each owner, the ids of the services that give it that owner.
#[derive(Debug, Serialize)]
pub struct DutyWithOwners<'a> {
    #[serde(flatten)]
    pub duty: &'a Duty,
    pub owners: BTreeMap<Owner, Vec<String>>,
}

/// The duty `id` (any case), or `duty_not_found` with the closest ids.
pub fn get<'a>(dataset: &'a Dataset, id: &str) -> Result<DutyWithOwners<'a>, RequestError> {
    let duty = dataset.duty(id).ok_or_else(|| RequestError::DutyNotFound {
        key: id.to_string(),
        suggestions: dataset.suggest_duties(id, 5),
    })?;
    Ok(DutyWithOwners {
        duty,
        owners: dataset.owners_of(&duty.id).into_iter().collect(),
    })
}
