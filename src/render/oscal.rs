//! OSCAL: the matrix as an OSCAL 1.1 component definition, for compliance tools
//! (compliance-trestle, FedRAMP's tooling). One component per service; for each duty with
//! NIST SP 800-53 rev. 5 controls, an implemented requirement per control with its
//! responsible role (AWS, the customer, or both) and what srmap says of it. UUIDs are derived
//! from the dataset's fingerprint, so they are stable for a dataset version.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::model::{Dataset, Matrix, Owner, Service};

/// The OSCAL version the document follows.
const OSCAL_VERSION: &str = "1.1.2";
/// The catalog the control ids refer to.
const NIST_CATALOG: &str = "https://raw.githubusercontent.com/usnistgov/oscal-content/main/nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_catalog.json";
/// Namespace of srmap's own properties.
const NAMESPACE: &str = "urn:srmap:oscal";
/// Namespace of srmap's UUIDs (version 5).
const UUID_NAMESPACE: Uuid = Uuid::from_u128(0x5a7e_1c0d_9b4f_4c51_8a2e_31f0_6d2c_9e47);

/// A stable UUID for `parts` of dataset `fingerprint`.
fn stable_uuid(fingerprint: &str, parts: &[&str]) -> String {
    let name = format!("{fingerprint}/{}", parts.join("/"));
    Uuid::new_v5(&UUID_NAMESPACE, name.as_bytes()).to_string()
}

/// The OSCAL id of a NIST control written as srmap writes it (`AC-6(1)` is `ac-6.1`);
/// `None` for a family (`PE`), which is not a control.
fn control_id(control: &str) -> Option<String> {
    let lower = control.to_lowercase();
    let (base, enhancement) = match lower.split_once('(') {
        Some((base, rest)) => (
            base.to_string(),
            Some(rest.trim_end_matches(')').to_string()),
        ),
        None => (lower, None),
    };
    if !base.contains('-') {
        return None;
    }
    Some(match enhancement {
        Some(number) => format!("{base}.{number}"),
        None => base,
    })
}

fn roles(owner: Owner) -> Vec<Value> {
    let ids: &[&str] = match owner {
        Owner::Aws => &["aws"],
        Owner::Customer => &["customer"],
        Owner::Shared => &["aws", "customer"],
    };
    ids.iter().map(|id| json!({"role-id": id})).collect()
}

/// The component definition of `matrix`'s services.
pub fn component_definition(dataset: &Dataset, matrix: &Matrix, title: &str) -> Value {
    let fingerprint = &dataset.fingerprint;
    let components: Vec<Value> = matrix
        .services
        .iter()
        .filter_map(|id| dataset.service(id))
        .map(|service| component(dataset, service))
        .collect();
    json!({
        "component-definition": {
            "uuid": stable_uuid(fingerprint, &["definition", &matrix.services.join(",")]),
            "metadata": {
                "title": title,
                "last-modified": format!("{}T00:00:00Z", dataset.date),
                "version": dataset.version,
                "oscal-version": OSCAL_VERSION,
                "roles": [
                    {"id": "aws", "title": "AWS", "description": "Amazon Web Services, the cloud provider: security of the cloud."},
                    {"id": "customer", "title": "Customer", "description": "The AWS customer: security in the cloud."},
                ],
                "remarks": "Made by srmap from its dataset of the AWS Shared Responsibility Model. A duty whose owner is the service model's default, not checked for the service, says so in its props.",
            },
            "components": components,
        }
    })
}

fn component(dataset: &Dataset, service: &Service) -> Value {
    let fingerprint = &dataset.fingerprint;
    let mut requirements = Vec::new();
    for entry in &service.duties {
        let Some(duty) = dataset.duty(&entry.id) else {
            continue;
        };
        let customer: Vec<&str> = entry
            .statements
            .iter()
            .filter(|statement| statement.owner != Owner::Aws)
            .map(|statement| statement.text.as_str())
            .collect();
        let mut description = format!(
            "{} (owner: {}). {}",
            duty.title,
            entry.owner.phrase(),
            entry.summary
        );
        if !customer.is_empty() {
            description.push_str(" The customer: ");
            description.push_str(&customer.join(" "));
        }
        for control in duty.nist.iter().filter_map(|c| control_id(c)) {
            requirements.push(json!({
                "uuid": stable_uuid(fingerprint, &[&service.id, &entry.id, &control]),
                "control-id": control,
                "description": description,
                "props": [
                    {"name": "duty", "ns": NAMESPACE, "value": entry.id},
                    {"name": "owner", "ns": NAMESPACE, "value": entry.owner.as_str()},
                    {"name": "basis", "ns": NAMESPACE, "value": entry.basis.as_str()},
                ],
                "responsible-roles": roles(entry.owner),
            }));
        }
    }
    json!({
        "uuid": stable_uuid(fingerprint, &["component", &service.id]),
        "type": "service",
        "title": service.name,
        "description": service.summary,
        "props": [
            {"name": "service-id", "ns": NAMESPACE, "value": service.id},
            {"name": "model", "ns": NAMESPACE, "value": service.model.as_str()},
            {"name": "availability", "ns": NAMESPACE, "value": service.availability.status.as_str()},
        ],
        "links": [{"href": service.docs_url, "rel": "reference"}],
        "control-implementations": [{
            "uuid": stable_uuid(fingerprint, &["implementation", &service.id]),
            "source": NIST_CATALOG,
            "description": format!("NIST SP 800-53 rev. 5 controls of the security duties of {}, with who carries each under the AWS Shared Responsibility Model.", service.short_name),
            "implemented-requirements": requirements,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_ids_follow_oscal() {
        assert_eq!(control_id("SI-2").as_deref(), Some("si-2"));
        assert_eq!(control_id("AC-6(1)").as_deref(), Some("ac-6.1"));
        assert_eq!(control_id("PE"), None);
    }

    #[test]
    fn uuids_are_stable_and_distinct() {
        assert_eq!(stable_uuid("f", &["a"]), stable_uuid("f", &["a"]));
        assert_ne!(stable_uuid("f", &["a"]), stable_uuid("f", &["b"]));
        assert_ne!(stable_uuid("f", &["a"]), stable_uuid("g", &["a"]));
    }
}
