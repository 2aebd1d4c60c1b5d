//! The compare page: the matrix of the services picked (`GET`, over the same operation as
//! `GET /v1/matrix`), or of an architecture pasted or uploaded as a template or plan (`POST`,
//! a plain multipart form, over the same operation as `POST /v1/architecture`).

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use futures_util::StreamExt;

use super::error::PageError;
use super::layout::{Layout, ServiceLink, html};
use crate::extract::SharedState;
use crate::model::{Dataset, Matrix, Service};
use crate::ops::architecture::{self, Architecture, ArchitectureParams, MAX_TEMPLATE_BYTES};
use crate::ops::{self, Format, RequestError};
use crate::render;

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    layout: Layout,
    matrix: Option<Matrix>,
    architecture: Option<Architecture>,
    names: Vec<String>,
    /// Area id -> its title, for the matrix's Area column.
    area_titles: std::collections::HashMap<String, String>,
    ids: String,
    selected: Vec<String>,
    all_services: Vec<ServiceLink>,
}

impl ComparePage {
    fn new(dataset: &Dataset, chosen: &[&Service], architecture: Option<Architecture>) -> Self {
        let selected: Vec<String> = chosen.iter().map(|service| service.id.clone()).collect();
        ComparePage {
            layout: Layout::new(dataset, ""),
            matrix: (!chosen.is_empty()).then(|| Matrix::for_services(dataset, chosen)),
            architecture,
            names: chosen
                .iter()
                .map(|service| service.short_name.clone())
                .collect(),
            area_titles: dataset
                .areas
                .iter()
                .map(|area| (area.id.clone(), area.title.clone()))
                .collect(),
            ids: selected.join(","),
            selected,
            all_services: dataset.services.iter().map(ServiceLink::of).collect(),
        }
    }
}

/// The query string as pairs, keeping repeated keys (`pick=ec2&pick=s3`).
type Pairs = web::Query<Vec<(String, String)>>;

pub(super) async fn compare(state: SharedState, pairs: Pairs) -> Result<HttpResponse, PageError> {
    let dataset = &state.dataset;
    let keys: Vec<&str> = pairs
        .iter()
        .filter(|(name, _)| name == "services" || name == "pick")
        .flat_map(|(_, value)| value.split(','))
        .map(str::trim)
        .filter(|key| !key.is_empty())
        .collect();
    let chosen: Vec<&Service> = if keys.is_empty() {
        Vec::new()
    } else {
        ops::matrix::services(dataset, &ops::matrix::resolve(dataset, &keys)?)
    };
    html(ComparePage::new(dataset, &chosen, None))
}

/// What the template form sent.
#[derive(Default)]
struct TemplateForm {
    /// The pasted text.
    pasted: String,
    /// The uploaded file's text, when a file was chosen.
    uploaded: String,
    /// `format`: empty for the page, else a download format.
    format: String,
}

/// Reads the form's fields, at most [`MAX_TEMPLATE_BYTES`] of them all told.
async fn read_form(mut form: Multipart) -> Result<TemplateForm, RequestError> {
    let unreadable = |error: &dyn std::fmt::Display| RequestError::InvalidTemplate {
        message: format!("the form could not be read: {error}"),
    };
    let mut read = TemplateForm::default();
    let mut total = 0usize;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(|error| unreadable(&error))?;
        let name = field.name().unwrap_or_default().to_string();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|error| unreadable(&error))?;
            total += chunk.len();
            if total > MAX_TEMPLATE_BYTES {
                return Err(RequestError::TemplateTooLarge {
                    bytes: total,
                    max: MAX_TEMPLATE_BYTES,
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = String::from_utf8(bytes).map_err(|_| RequestError::InvalidTemplate {
            message: format!("the form field `{name}` is not UTF-8 text"),
        })?;
        match name.as_str() {
            "template" => read.pasted = text,
            "file" => read.uploaded = text,
            "format" => read.format = text,
            _ => {}
        }
    }
    Ok(read)
}

/// Formats the form can download besides the page itself.
const DOWNLOAD_FORMATS: [Format; 5] = [
    Format::Json,
    Format::Csv,
    Format::Markdown,
    Format::Xlsx,
    Format::Oscal,
];

pub(super) async fn compare_template(
    state: SharedState,
    form: Multipart,
) -> Result<HttpResponse, PageError> {
    let dataset = &state.dataset;
    let form = read_form(form).await?;
    let template = if form.uploaded.trim().is_empty() {
        form.pasted
    } else {
        form.uploaded
    };
    let request = ArchitectureParams { template }.parse(None)?;
    let architecture = architecture::run(dataset, &request)?;
    if !form.format.trim().is_empty() && form.format != "html" {
        let format = ops::format(Some(&form.format), &DOWNLOAD_FORMATS, Format::Json)?;
        let document =
            render::matrix_document(dataset, &architecture.matrix, format, Some(&architecture))?;
        let mut response = HttpResponse::Ok();
        if let Some(name) = document.file_name {
            response.insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ));
        }
        return Ok(response
            .content_type(document.media_type)
            .body(document.body));
    }
    let chosen: Vec<&Service> = architecture
        .services
        .iter()
        .filter_map(|used| dataset.service(&used.id))
        .collect();
    html(ComparePage::new(dataset, &chosen, Some(architecture)))
}
