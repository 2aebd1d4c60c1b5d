//! Reading query parameters: every value arrives as text and is checked here, so that a bad
//! value gets an error that names the parameter and says what would be right.

use std::str::FromStr;

use super::ApiError;
use crate::index::{DocKind, MAX_QUERY_CHARS};
use crate::model::{Dataset, Owner, ServiceModel};

/// `limit`: a whole number from 1 to `max`, `default` when absent.
pub(crate) fn limit(value: Option<&str>, default: usize, max: usize) -> Result<usize, ApiError> {
    match value {
        None => Ok(default),
        Some(text) => match text.trim().parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::InvalidLimit(text.to_string())),
        },
    }
}

/// `offset`: a whole number from 0, 0 when absent.
pub(crate) fn offset(value: Option<&str>) -> Result<usize, ApiError> {
    match value {
        None => Ok(0),
        Some(text) => text
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|&n| n <= 1_000_000)
            .ok_or_else(|| ApiError::InvalidOffset(text.to_string())),
    }
}

fn parsed<T: FromStr<Err = String>>(
    name: &'static str,
    value: Option<&str>,
) -> Result<Option<T>, ApiError> {
    value
        .filter(|text| !text.is_empty())
        .map(|text| text.trim().to_ascii_lowercase().parse::<T>())
        .transpose()
        .map_err(|message| ApiError::InvalidParameter { name, message })
}

pub(crate) fn owner(value: Option<&str>) -> Result<Option<Owner>, ApiError> {
    parsed("owner", value)
}

pub(crate) fn model(value: Option<&str>) -> Result<Option<ServiceModel>, ApiError> {
    parsed("model", value)
}

pub(crate) fn kind(value: Option<&str>) -> Result<Option<DocKind>, ApiError> {
    parsed("kind", value)
}

/// `area`: an area id, or one of its aliases ("detective controls" is `detection`).
pub(crate) fn area(dataset: &Dataset, value: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(text) = value.filter(|text| !text.is_empty()) else {
        return Ok(None);
    };
    let wanted = text.trim().to_lowercase().replace(['_', ' '], "-");
    dataset
        .areas
        .iter()
        .find(|area| {
            area.id == wanted
                || area
                    .aliases
                    .iter()
                    .any(|alias| alias.to_lowercase().replace(' ', "-") == wanted)
        })
        .map(|area| Some(area.id.clone()))
        .ok_or_else(|| ApiError::InvalidParameter {
            name: "area",
            message: format!(
                "`{text}` is not an area; use one of {}",
                dataset
                    .areas
                    .iter()
                    .map(|area| area.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
}

/// `category`: a category id.
pub(crate) fn category(dataset: &Dataset, value: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(text) = value.filter(|text| !text.is_empty()) else {
        return Ok(None);
    };
    let wanted = text.trim().to_lowercase();
    if dataset
        .categories
        .iter()
        .any(|category| category.id == wanted)
    {
        Ok(Some(wanted))
    } else {
        Err(ApiError::InvalidParameter {
            name: "category",
            message: format!(
                "`{text}` is not a category; use one of {}",
                dataset
                    .categories
                    .iter()
                    .map(|category| category.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
    }
}

/// `service`: resolved to a service id through ids and aliases.
pub(crate) fn service(dataset: &Dataset, value: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(text) = value.filter(|text| !text.is_empty()) else {
        return Ok(None);
    };
    dataset
        .service(text)
        .map(|service| Some(service.id.clone()))
        .ok_or_else(|| service_not_found(dataset, text))
}

pub(crate) fn service_not_found(dataset: &Dataset, key: &str) -> ApiError {
    ApiError::ServiceNotFound {
        key: key.to_string(),
        suggestions: dataset.suggest_services(key, 5),
    }
}

/// `q`: present, not blank, and not too long.
pub(crate) fn query(value: Option<&str>) -> Result<String, ApiError> {
    let text = value.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Err(ApiError::MissingQuery);
    }
    let chars = text.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(ApiError::QueryTooLong(chars, MAX_QUERY_CHARS));
    }
    Ok(text.to_string())
}

/// Response formats of routes that offer more than JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Csv,
    Markdown,
}

pub(crate) fn format(value: Option<&str>) -> Result<Format, ApiError> {
    match value
        .map(|text| text.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("") | Some("json") => Ok(Format::Json),
        Some("csv") => Ok(Format::Csv),
        Some("markdown") | Some("md") => Ok(Format::Markdown),
        Some(_) => Err(ApiError::InvalidParameter {
            name: "format",
            message: format!(
                "`{}` is not a format; use json, csv or markdown",
                value.unwrap_or_default()
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::MAX_LIMIT;

    #[test]
    fn limit_rejects_zero_negative_and_too_large() {
        for (value, ok) in [
            ("1", true),
            ("500", true),
            ("0", false),
            ("-1", false),
            ("501", false),
            ("x", false),
        ] {
            assert_eq!(
                limit(Some(value), 50, MAX_LIMIT).is_ok(),
                ok,
                "limit={value}"
            );
        }
        assert_eq!(limit(None, 50, MAX_LIMIT).ok(), Some(50));
    }
}
