//! Which service each infrastructure-as-code resource type belongs to
//! (`data/resource-types.toml`): CloudFormation namespaces with per-type exceptions, and
//! Terraform resource-name patterns with per-type exceptions.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// What a resource type is found to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TypeTarget {
    /// A service of the dataset, by id.
    Service(String),
    /// Not an AWS service of its own, or one the dataset has no record of; the note says why.
    NoService(String),
}

/// One Terraform pattern.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pattern {
    text: String,
    /// Compiled when the file is checked, or on first use in a dataset the build checked:
    /// most starts never read a template, and compiling 350 patterns costs milliseconds.
    #[serde(skip)]
    regex: OnceLock<Option<Regex>>,
    target: TypeTarget,
    implemented: bool,
}

impl Pattern {
    fn regex(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| Regex::new(&self.text).ok())
            .as_ref()
    }
}

/// The validated mapping.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ResourceTypes {
    cloudformation_namespaces: HashMap<String, TypeTarget>,
    cloudformation_types: HashMap<String, TypeTarget>,
    terraform_types: HashMap<String, TypeTarget>,
    terraform_patterns: Vec<Pattern>,
}

/// The type that stands for every custom resource.
const CUSTOM_PATTERN: &str = "Custom::*";

impl ResourceTypes {
    /// The target of a CloudFormation type: the exact type, then a custom resource, then its
    /// namespace (`AWS::S3` of `AWS::S3::Bucket`).
    pub fn cloudformation(&self, type_name: &str) -> Option<&TypeTarget> {
        if let Some(target) = self.cloudformation_types.get(type_name) {
            return Some(target);
        }
        if type_name.starts_with("Custom::") {
            return self.cloudformation_types.get(CUSTOM_PATTERN);
        }
        let mut parts = type_name.split("::");
        let namespace = format!("{}::{}", parts.next()?, parts.next()?);
        self.cloudformation_namespaces.get(&namespace)
    }

    /// The target of a Terraform type: the exact type, then the longest pattern match (an
    /// implemented package before a name-only one on a tie).
    pub fn terraform(&self, type_name: &str) -> Option<&TypeTarget> {
        if let Some(target) = self.terraform_types.get(type_name) {
            return Some(target);
        }
        self.terraform_patterns
            .iter()
            .filter_map(|pattern| {
                pattern
                    .regex()?
                    .find(type_name)
                    .filter(|found| found.start() == 0)
                    .map(|found| (found.len(), pattern.implemented, &pattern.target))
            })
            .max_by_key(|(len, implemented, _)| (*len, *implemented))
            .map(|(_, _, target)| target)
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawResourceTypes {
    #[serde(default)]
    cloudformation_namespace: Vec<RawNamespace>,
    #[serde(default)]
    cloudformation_type: Vec<RawType>,
    #[serde(default)]
    terraform_prefix: Vec<RawPattern>,
    #[serde(default)]
    terraform_type: Vec<RawType>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNamespace {
    namespace: String,
    service: Option<String>,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawType {
    #[serde(rename = "type")]
    type_name: String,
    service: Option<String>,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    pattern: String,
    service: Option<String>,
    implemented: bool,
    #[serde(default)]
    note: String,
}

/// A problem of the mapping: field and message.
pub(crate) type MappingProblem = (String, String);

impl RawResourceTypes {
    /// The validated mapping. `resolve` turns a service name into a dataset id (`None` for a
    /// name the dataset neither has nor excludes with a reason, `Some(Err(note))` for an
    /// excluded one).
    pub(crate) fn check(
        self,
        resolve: &dyn Fn(&str) -> Option<Result<String, String>>,
    ) -> (ResourceTypes, Vec<MappingProblem>) {
        let mut problems = Vec::new();
        let mut target = |field: String, service: Option<String>, note: String| match service {
            None => TypeTarget::NoService(note),
            Some(name) => {
                match resolve(&name) {
                    Some(Ok(id)) => TypeTarget::Service(id),
                    Some(Err(why)) => TypeTarget::NoService(format!("{name}: {why}")),
                    None => {
                        problems.push((
                        field,
                        format!("`{name}` is not a service id or alias, nor an excluded catalogue entry"),
                    ));
                        TypeTarget::NoService(note)
                    }
                }
            }
        };
        let mut out = ResourceTypes::default();
        let mut bad_patterns = Vec::new();
        for (i, row) in self.cloudformation_namespace.into_iter().enumerate() {
            let found = target(
                format!("cloudformation_namespace[{i}]"),
                row.service,
                row.note,
            );
            out.cloudformation_namespaces.insert(row.namespace, found);
        }
        for (i, row) in self.cloudformation_type.into_iter().enumerate() {
            let found = target(format!("cloudformation_type[{i}]"), row.service, row.note);
            out.cloudformation_types.insert(row.type_name, found);
        }
        for (i, row) in self.terraform_type.into_iter().enumerate() {
            let found = target(format!("terraform_type[{i}]"), row.service, row.note);
            out.terraform_types.insert(row.type_name, found);
        }
        for (i, row) in self.terraform_prefix.into_iter().enumerate() {
            let field = format!("terraform_prefix[{i}]");
            let found = target(field.clone(), row.service, row.note);
            match Regex::new(&row.pattern) {
                Ok(regex) => out.terraform_patterns.push(Pattern {
                    text: row.pattern,
                    regex: OnceLock::from(Some(regex)),
                    target: found,
                    implemented: row.implemented,
                }),
                Err(error) => bad_patterns.push((
                    format!("{field}.pattern"),
                    format!("`{}` is not a pattern: {error}", row.pattern),
                )),
            }
        }
        problems.extend(bad_patterns);
        (out, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ResourceTypes {
        let raw: RawResourceTypes = toml::from_str(
            r#"
            [[cloudformation_namespace]]
            namespace = "AWS::EC2"
            service = "ec2"
            [[cloudformation_type]]
            type = "AWS::EC2::VPC"
            service = "vpc"
            [[cloudformation_type]]
            type = "Custom::*"
            service = "cloudformation"
            [[terraform_prefix]]
            pattern = "^aws_vpc"
            service = "vpc"
            implemented = true
            [[terraform_prefix]]
            pattern = "^aws_vpclattice_"
            service = "vpc-lattice"
            implemented = true
            [[terraform_type]]
            type = "aws_region"
            note = "data source"
            "#,
        )
        .unwrap();
        let (types, problems) = raw.check(&|name| Some(Ok(name.to_string())));
        assert!(problems.is_empty(), "{problems:?}");
        types
    }

    #[test]
    fn cloudformation_types_take_their_exception_then_their_namespace() {
        let types = sample();
        let service = |t: &str| types.cloudformation(t).cloned();

        assert_eq!(
            service("AWS::EC2::VPC"),
            Some(TypeTarget::Service("vpc".into()))
        );
        assert_eq!(
            service("AWS::EC2::Instance"),
            Some(TypeTarget::Service("ec2".into()))
        );
        assert_eq!(
            service("Custom::Thing"),
            Some(TypeTarget::Service("cloudformation".into()))
        );
        assert_eq!(service("AWS::Nothing::Here"), None);
        assert_eq!(service("garbage"), None);
    }

    #[test]
    fn terraform_types_take_the_longest_pattern() {
        let types = sample();

        assert_eq!(
            types.terraform("aws_vpclattice_service").cloned(),
            Some(TypeTarget::Service("vpc-lattice".into()))
        );
        assert_eq!(
            types.terraform("aws_vpc").cloned(),
            Some(TypeTarget::Service("vpc".into()))
        );
        assert!(matches!(
            types.terraform("aws_region"),
            Some(TypeTarget::NoService(_))
        ));
        assert_eq!(types.terraform("random_id"), None);
    }
}
