//! Reading query parameters: every value arrives as text and is checked here, so that a bad
//! value gets an error that names the parameter and says what would be right.

use std::str::FromStr;

use actix_web::HttpRequest;
use actix_web::http::header;

use super::ApiError;
use super::matrix::MAX_MATRIX_SERVICES;
use crate::index::{DocKind, MAX_QUERY_CHARS};
use crate::model::{Dataset, Owner, Service, ServiceModel};

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

impl Format {
    /// The value of `format=` that asks for this format.
    fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
        }
    }

    /// The media type an `Accept` header names this format by.
    fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Csv => "text/csv",
            Format::Markdown => "text/markdown",
        }
    }
}

/// `format`: one of `offered` (`md` is short for `markdown`); JSON when absent.
pub(crate) fn format(value: Option<&str>, offered: &[Format]) -> Result<Format, ApiError> {
    let wanted = match value
        .map(|text| text.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("") | Some("json") => Some(Format::Json),
        Some("csv") => Some(Format::Csv),
        Some("markdown") | Some("md") => Some(Format::Markdown),
        Some(_) => None,
    };
    wanted
        .filter(|format| offered.contains(format))
        .ok_or_else(|| ApiError::InvalidParameter {
            name: "format",
            message: format!(
                "`{}` is not a format here; use {}",
                value.unwrap_or_default(),
                one_of(
                    &offered
                        .iter()
                        .map(|format| format.name())
                        .collect::<Vec<_>>()
                )
            ),
        })
}

/// The request's `Accept` header, when it has a readable one.
pub(crate) fn accept(request: &HttpRequest) -> Option<&str> {
    request
        .headers()
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
}

/// "a", "a or b", "a, b or c".
fn one_of(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [only] => (*only).to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The format of a response: the `format` parameter when the request has one, otherwise the
/// first of `offered` that the `Accept` header ranks highest. Only an exact media type selects
/// a format other than JSON, so `*/*` and headers naming none of `offered` get JSON rather
/// than a 406: chat platforms that paste text send `Accept: text/markdown`, browsers send
/// `text/html,...,*/*`.
pub(crate) fn response_format(
    value: Option<&str>,
    accept: Option<&str>,
    offered: &[Format],
) -> Result<Format, ApiError> {
    if value.is_some_and(|text| !text.trim().is_empty()) {
        return format(value, offered);
    }
    let Some(accept) = accept else {
        return Ok(Format::Json);
    };
    let mut best = (Format::Json, 0.0_f32);
    for &format in offered {
        let quality = accept_quality(accept, format);
        if quality > best.1 {
            best = (format, quality);
        }
    }
    Ok(best.0)
}

/// How much an `Accept` header wants `format`, from 0 (not at all) to 1. Wildcards count for
/// JSON only, the default.
fn accept_quality(accept: &str, format: Format) -> f32 {
    let mut best = 0.0_f32;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let matches = media == format.media_type()
            || (format == Format::Json && (media == "*/*" || media == "application/*"));
        if !matches {
            continue;
        }
        let quality = parts
            .filter_map(|param| param.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0)
            .clamp(0.0, 1.0);
        best = best.max(quality);
    }
    best
}

/// `services` of a matrix: every key resolved to a service, in order and without repeats;
/// blank keys are skipped.
pub(crate) fn services<'a>(
    dataset: &'a Dataset,
    keys: &[String],
) -> Result<Vec<&'a Service>, ApiError> {
    let keys: Vec<&str> = keys
        .iter()
        .map(|key| key.trim())
        .filter(|key| !key.is_empty())
        .collect();
    if keys.is_empty() {
        return Err(ApiError::MissingServices);
    }
    if keys.len() > MAX_MATRIX_SERVICES {
        return Err(ApiError::TooManyServices {
            count: keys.len(),
            max: MAX_MATRIX_SERVICES,
        });
    }
    let mut services: Vec<&Service> = Vec::new();
    for key in keys {
        let service = dataset
            .service(key)
            .ok_or_else(|| service_not_found(dataset, key))?;
        if !services.iter().any(|known| known.id == service.id) {
            services.push(service);
        }
    }
    Ok(services)
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

    #[test]
    fn response_format_prefers_the_parameter_then_an_exact_accept_then_json() {
        let offered = [Format::Json, Format::Csv, Format::Markdown];
        for (value, accept, expected) in [
            (None, None, Format::Json),
            (None, Some("text/markdown"), Format::Markdown),
            (None, Some("Text/Markdown; charset=utf-8"), Format::Markdown),
            (None, Some("text/markdown, */*;q=0.1"), Format::Markdown),
            (None, Some("application/json, text/markdown"), Format::Json),
            (
                None,
                Some("application/json;q=0.5, text/markdown"),
                Format::Markdown,
            ),
            (None, Some("text/markdown;q=0, text/csv"), Format::Csv),
            (None, Some("*/*"), Format::Json),
            (None, Some("text/*"), Format::Json),
            (
                None,
                Some("text/html,application/xhtml+xml,*/*;q=0.8"),
                Format::Json,
            ),
            (Some("json"), Some("text/markdown"), Format::Json),
            (Some("md"), None, Format::Markdown),
        ] {
            assert_eq!(
                response_format(value, accept, &offered).ok(),
                Some(expected),
                "format={value:?} accept={accept:?}"
            );
        }
    }

    #[test]
    fn format_rejects_a_format_the_route_does_not_offer() {
        let answer_formats = [Format::Json, Format::Markdown];
        let error = format(Some("csv"), &answer_formats).unwrap_err();
        assert_eq!(error.code(), "invalid_parameter");
        assert!(error.to_string().contains("json or markdown"), "{error}");
        assert!(format(Some("yaml"), &answer_formats).is_err());
    }
}
