//! The raw input types every face deserializes into, and the checks they share: owners,
//! areas, models, kinds, categories, services, limits and query text, each normalised the
//! same way (case, spacing, aliases) wherever it arrives from.

use std::fmt;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

use super::error::{Param, RequestError};
use crate::index::DocKind;
use crate::model::{AvailabilityStatus, Dataset, Owner, ServiceModel};

/// The longest query or question accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// The largest offset accepted.
pub const MAX_OFFSET: usize = 1_000_000;

/// A whole number as a face sends it: text from a query string, a form or a flag ("20"), or
/// a JSON number from MCP (20, or 20.0, which JSON Schema counts as an integer). Checked by
/// [`WholeNumber::within`].
#[derive(Debug, Clone, PartialEq)]
pub struct WholeNumber(String);

impl WholeNumber {
    pub fn new(text: impl Into<String>) -> WholeNumber {
        WholeNumber(text.into())
    }

    /// The number, when it is whole and within `min..=max`.
    pub fn within(&self, min: usize, max: usize) -> Option<usize> {
        let text = self.0.trim();
        let value = match text.parse::<usize>() {
            Ok(value) => value,
            Err(_) => {
                let float = text.parse::<f64>().ok()?;
                if !float.is_finite() || float.fract() != 0.0 || float < 0.0 || float > max as f64 {
                    return None;
                }
                // Whole and within `0..=max` (checked above), so the cast is exact.
                float as usize
            }
        };
        (min..=max).contains(&value).then_some(value)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for WholeNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;

        impl Visitor<'_> for NumberVisitor {
            type Value = WholeNumber;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<WholeNumber, E> {
                Ok(WholeNumber::new(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<WholeNumber, E> {
                Ok(WholeNumber::new(value.to_string()))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<WholeNumber, E> {
                Ok(WholeNumber::new(value.to_string()))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<WholeNumber, E> {
                Ok(WholeNumber::new(value.to_string()))
            }
        }

        deserializer.deserialize_any(NumberVisitor)
    }
}

impl JsonSchema for WholeNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "WholeNumber".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "integer"})
    }
}

/// Service ids or aliases as a face sends them: one comma-separated text (`ec2,rds,s3`, from
/// a query string or a prompt argument) or a list (a JSON array, repeated flags).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceKeys(pub Vec<String>);

impl ServiceKeys {
    /// The keys, split on commas and trimmed, blanks dropped.
    pub fn keys(&self) -> Vec<&str> {
        self.0
            .iter()
            .flat_map(|key| key.split(','))
            .map(str::trim)
            .filter(|key| !key.is_empty())
            .collect()
    }
}

impl<'de> Deserialize<'de> for ServiceKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor;

        impl<'de> Visitor<'de> for KeysVisitor {
            type Value = ServiceKeys;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("service ids as a list, or as one comma-separated text")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<ServiceKeys, E> {
                Ok(ServiceKeys(vec![value.to_string()]))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ServiceKeys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = seq.next_element::<String>()? {
                    keys.push(key);
                }
                Ok(ServiceKeys(keys))
            }
        }

        deserializer.deserialize_any(KeysVisitor)
    }
}

impl JsonSchema for ServiceKeys {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ServiceKeys".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "array",
            "items": {"type": "string"},
            "minItems": 1,
            "maxItems": super::matrix::MAX_MATRIX_SERVICES,
        })
    }
}

/// How a result is written: every face offers some of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Json,
    Csv,
    Markdown,
    /// An Excel workbook.
    Xlsx,
    /// An OSCAL component definition, as JSON.
    Oscal,
    /// A readable table, on the command line only.
    Table,
}

impl Format {
    /// The value of `format=` (or `--format`) that asks for this format.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Xlsx => "xlsx",
            Format::Oscal => "oscal",
            Format::Table => "table",
        }
    }

    /// The media type of a response in this format.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            // The media type NIST gives OSCAL documents in JSON.
            Format::Oscal => "application/oscal+json",
            Format::Csv => "text/csv",
            Format::Markdown => "text/markdown",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Table => "text/plain",
        }
    }
}

/// `format`: one of `offered` (`md` is short for `markdown`), any case; `default` when absent.
pub fn format(
    value: Option<&str>,
    offered: &[Format],
    default: Format,
) -> Result<Format, RequestError> {
    let Some(text) = present(value) else {
        return Ok(default);
    };
    let wanted = match folded(text).as_str() {
        "md" => "markdown".to_string(),
        other => other.to_string(),
    };
    offered
        .iter()
        .copied()
        .find(|format| format.name() == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = offered.iter().map(|format| format.name()).collect();
            invalid(
                Param::Format,
                text,
                format!("is not a format here; use {}", one_of(&names)),
            )
        })
}

/// A present, non-blank value of `value`, trimmed.
fn present(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|text| !text.is_empty())
}

/// The way names of values are compared: case, spaces and underscores do not matter.
fn folded(text: &str) -> String {
    text.trim().to_lowercase().replace(['_', ' '], "-")
}

/// "a", "a or b", "a, b or c".
pub fn one_of(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [only] => (*only).to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn invalid(param: Param, given: &str, expected: String) -> RequestError {
    RequestError::InvalidValue {
        param,
        given: given.to_string(),
        expected,
    }
}

/// `owner`: aws, customer or shared, any case.
pub fn owner(value: Option<&str>) -> Result<Option<Owner>, RequestError> {
    present(value)
        .map(|text| {
            Owner::ALL
                .into_iter()
                .find(|owner| owner.as_str() == folded(text))
                .ok_or_else(|| {
                    invalid(
                        Param::Owner,
                        text,
                        "is not an owner; use aws, customer or shared".to_string(),
                    )
                })
        })
        .transpose()
}

/// `model`: infrastructure, container or abstracted, any case.
pub fn model(value: Option<&str>) -> Result<Option<ServiceModel>, RequestError> {
    present(value)
        .map(|text| {
            ServiceModel::ALL
                .into_iter()
                .find(|model| model.as_str() == folded(text))
                .ok_or_else(|| {
                    invalid(
                        Param::Model,
                        text,
                        "is not a model; use infrastructure, container or abstracted".to_string(),
                    )
                })
        })
        .transpose()
}

/// `kind`: service, duty, entry or statement, any case.
pub fn kind(value: Option<&str>) -> Result<Option<DocKind>, RequestError> {
    present(value)
        .map(|text| {
            DocKind::ALL
                .into_iter()
                .find(|kind| kind.as_str() == folded(text))
                .ok_or_else(|| {
                    invalid(
                        Param::Kind,
                        text,
                        "is not a kind; use service, duty, entry or statement".to_string(),
                    )
                })
        })
        .transpose()
}

/// `availability`: a status, any case.
pub fn availability(value: Option<&str>) -> Result<Option<AvailabilityStatus>, RequestError> {
    present(value)
        .map(|text| {
            AvailabilityStatus::ALL
                .into_iter()
                .find(|status| status.as_str() == folded(text))
                .ok_or_else(|| {
                    invalid(
                        Param::Availability,
                        text,
                        "is not an availability; use available, closed-to-new-customers, end-of-support-announced or retired".to_string(),
                    )
                })
        })
        .transpose()
}

/// `area`: an area id or one of its aliases ("detective controls" is `detection`), any case.
pub fn area(dataset: &Dataset, value: Option<&str>) -> Result<Option<String>, RequestError> {
    let Some(text) = present(value) else {
        return Ok(None);
    };
    let wanted = folded(text);
    dataset
        .areas
        .iter()
        .find(|area| area.id == wanted || area.aliases.iter().any(|alias| folded(alias) == wanted))
        .map(|area| Some(area.id.clone()))
        .ok_or_else(|| {
            let ids: Vec<&str> = dataset.areas.iter().map(|area| area.id.as_str()).collect();
            invalid(
                Param::Area,
                text,
                format!("is not an area; use {}", one_of(&ids)),
            )
        })
}

/// `category`: a category id, any case.
pub fn category(dataset: &Dataset, value: Option<&str>) -> Result<Option<String>, RequestError> {
    let Some(text) = present(value) else {
        return Ok(None);
    };
    let wanted = folded(text);
    dataset
        .categories
        .iter()
        .find(|category| category.id == wanted)
        .map(|category| Some(category.id.clone()))
        .ok_or_else(|| {
            let ids: Vec<&str> = dataset
                .categories
                .iter()
                .map(|category| category.id.as_str())
                .collect();
            invalid(
                Param::Category,
                text,
                format!("is not a category; use {}", one_of(&ids)),
            )
        })
}

/// The position of the service named `key` (id or alias), or `service_not_found` with
/// suggestions.
pub fn service_position(dataset: &Dataset, key: &str) -> Result<usize, RequestError> {
    dataset
        .service_position(key)
        .ok_or_else(|| service_not_found(dataset, key))
}

/// `service_not_found` for `key`, with the closest names.
pub fn service_not_found(dataset: &Dataset, key: &str) -> RequestError {
    RequestError::ServiceNotFound {
        key: key.to_string(),
        suggestions: dataset.suggest_services(key, 5),
    }
}

/// An optional service filter: its id when given.
pub fn service_filter(
    dataset: &Dataset,
    value: Option<&str>,
) -> Result<Option<String>, RequestError> {
    present(value)
        .map(|key| {
            service_position(dataset, key).map(|position| dataset.services[position].id.clone())
        })
        .transpose()
}

/// A query or question: present, not blank, at most [`MAX_QUERY_CHARS`] characters.
pub fn query_text(param: Param, value: Option<&str>) -> Result<String, RequestError> {
    let text = present(value).ok_or(RequestError::MissingQuery { param })?;
    let chars = text.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(RequestError::QueryTooLong {
            param,
            chars,
            max: MAX_QUERY_CHARS,
        });
    }
    Ok(text.to_string())
}

/// A page size from 1 to `max`, `default` when absent.
pub fn limit(
    value: Option<&WholeNumber>,
    default: usize,
    max: usize,
) -> Result<usize, RequestError> {
    match value {
        None => Ok(default),
        Some(number) => number
            .within(1, max)
            .ok_or_else(|| RequestError::InvalidLimit {
                given: number.as_str().to_string(),
                max,
            }),
    }
}

/// An offset from 0 to [`MAX_OFFSET`], 0 when absent.
pub fn offset(value: Option<&WholeNumber>) -> Result<usize, RequestError> {
    match value {
        None => Ok(0),
        Some(number) => number
            .within(0, MAX_OFFSET)
            .ok_or_else(|| RequestError::InvalidOffset {
                given: number.as_str().to_string(),
                max: MAX_OFFSET,
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_accept_text_and_integral_floats_only() {
        for (text, expected) in [
            ("3", Some(3)),
            (" 3 ", Some(3)),
            ("3.0", Some(3)),
            ("3.5", None),
            ("-1", None),
            ("0", None),
            ("501", None),
            ("1e2", Some(100)),
            ("NaN", None),
            ("x", None),
        ] {
            assert_eq!(WholeNumber::new(text).within(1, 500), expected, "{text}");
        }
    }

    #[test]
    fn a_json_float_that_is_whole_is_a_whole_number() {
        let number: WholeNumber = serde_json::from_str("3.0").unwrap();

        assert_eq!(number.within(1, 10), Some(3));
    }

    #[test]
    fn owners_and_models_ignore_case_and_spacing() {
        assert_eq!(owner(Some("AWS")).unwrap(), Some(Owner::Aws));
        assert_eq!(owner(Some(" Customer ")).unwrap(), Some(Owner::Customer));
        assert_eq!(owner(Some("")).unwrap(), None);
        assert_eq!(
            owner(Some("amazon")).unwrap_err().code(),
            "invalid_parameter"
        );
        assert_eq!(
            model(Some("Abstracted")).unwrap(),
            Some(ServiceModel::Abstracted)
        );
        assert_eq!(kind(Some("STATEMENT")).unwrap(), Some(DocKind::Statement));
    }

    #[test]
    fn format_accepts_only_what_is_offered() {
        let offered = [Format::Json, Format::Markdown];
        assert_eq!(
            format(Some("MD"), &offered, Format::Json).unwrap(),
            Format::Markdown
        );
        assert_eq!(format(None, &offered, Format::Json).unwrap(), Format::Json);
        let error = format(Some("csv"), &offered, Format::Json).unwrap_err();
        assert!(error.to_string().contains("json or markdown"), "{error}");
    }

    #[test]
    fn service_keys_come_as_a_list_or_as_comma_separated_text() {
        let text: ServiceKeys = serde_json::from_str("\"ec2, rds,,s3\"").unwrap();
        let list: ServiceKeys = serde_json::from_str("[\"ec2\", \"rds,s3\"]").unwrap();

        assert_eq!(text.keys(), ["ec2", "rds", "s3"]);
        assert_eq!(list.keys(), ["ec2", "rds", "s3"]);
    }

    #[test]
    fn a_query_is_present_and_not_too_long() {
        assert_eq!(
            query_text(Param::Query, Some("  ")).unwrap_err().code(),
            "missing_query"
        );
        let long = "é".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(
            query_text(Param::Query, Some(&long)).unwrap_err().code(),
            "query_too_long"
        );
        assert_eq!(query_text(Param::Query, Some(" rds ")).unwrap(), "rds");
    }
}
