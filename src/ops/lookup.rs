//! Lookup: one service by id or alias, its duties optionally filtered by owner and area.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::error::RequestError;
use super::input;
use crate::model::{Dataset, DutyEntry, Owner, Service};

/// What a lookup asks for, as every face receives it.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
pub struct LookupParams {
    /// The service's id (its AWS SDK client name: "s3", "ec2", "cognito-idp") or any alias
    /// ("Amazon S3", "Simple Storage Service", "s3api"); case and spacing do not matter.
    #[serde(alias = "key")]
    pub service: String,
    /// Only duties with this owner: "aws", "customer" or "shared".
    #[schemars(extend("enum" = ["aws", "customer", "shared"]))]
    pub owner: Option<String>,
    /// Only duties of this Well-Architected security area: "security-foundations",
    /// "identity-and-access-management", "detection", "infrastructure-protection",
    /// "data-protection", "incident-response" or "application-security" (aliases such as
    /// "detective controls" work too).
    pub area: Option<String>,
}

/// A checked lookup.
#[derive(Debug, Clone, PartialEq)]
pub struct Lookup {
    /// Position of the service in the dataset.
    pub position: usize,
    pub owner: Option<Owner>,
    pub area: Option<String>,
}

impl LookupParams {
    pub fn parse(&self, dataset: &Dataset) -> Result<Lookup, RequestError> {
        Ok(Lookup {
            owner: input::owner(self.owner.as_deref())?,
            area: input::area(dataset, self.area.as_deref())?,
            position: input::service_position(dataset, &self.service)?,
        })
    }
}

/// A service and the duties that pass the filters.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceDuties<'a> {
    pub service: &'a Service,
    pub duties: Vec<&'a DutyEntry>,
}

impl ServiceDuties<'_> {
    /// The service record with only the duties that passed the filters.
    pub fn record(&self) -> Service {
        let mut record = self.service.clone();
        record.duties = self.duties.iter().map(|&entry| entry.clone()).collect();
        record
    }
}

pub fn run<'a>(dataset: &'a Dataset, lookup: &Lookup) -> ServiceDuties<'a> {
    let service = &dataset.services[lookup.position];
    let duties = service
        .duties
        .iter()
        .filter(|entry| lookup.owner.is_none_or(|owner| entry.owner == owner))
        .filter(|entry| lookup.area.as_deref().is_none_or(|area| entry.area == area))
        .collect();
    ServiceDuties { service, duties }
}
