//! Renderings the faces share: Markdown for chat and MCP ([`markdown`]), CSV for spreadsheets
//! ([`csv`]) and HTML fragments for search snippets ([`html`]). Each is written by one module
//! with one escaper, so the same record reads the same wherever it is shown.
//!
//! Rendering reads the results of `ops` and the model; nothing below `ops` renders.

pub mod csv;
pub mod html;
pub mod markdown;
pub mod oscal;
pub mod xlsx;

/// The mark a model-default cell carries in text renderings, and its legend.
pub const MODEL_DEFAULT_MARK: &str = "*";
pub const MODEL_DEFAULT_LEGEND: &str =
    "model default: the service model's usual owner, not checked for this service";

use crate::model::{Dataset, Matrix};
use crate::ops::Format;
use crate::ops::architecture::Architecture;

/// A matrix written out in one format: what the HTTP API sends and the CLI prints or saves.
pub struct Document {
    pub media_type: &'static str,
    pub body: Vec<u8>,
    /// The file name a download is offered as (CSV, XLSX and OSCAL).
    pub file_name: Option<&'static str>,
}

/// `matrix` (with its `architecture`, when it came from one) in `format`: JSON, CSV,
/// Markdown, an XLSX workbook or an OSCAL component definition. The command line's table is
/// not a document; it is written by the CLI.
pub fn matrix_document(
    dataset: &Dataset,
    matrix: &Matrix,
    format: Format,
    architecture: Option<&Architecture>,
) -> anyhow::Result<Document> {
    use anyhow::Context as _;
    let (body, file_name) = match format {
        Format::Csv => (
            csv::matrix(matrix).context("writing CSV")?.into_bytes(),
            Some("srmap-matrix.csv"),
        ),
        Format::Markdown => (
            match architecture {
                Some(architecture) => markdown::architecture(architecture, true),
                None => markdown::matrix(matrix),
            }
            .into_bytes(),
            None,
        ),
        Format::Xlsx => {
            let resources = architecture.map(|a| xlsx::Resources {
                services: &a.services,
                unknown: &a.unknown,
            });
            (
                xlsx::workbook(dataset, matrix, resources).context("writing the workbook")?,
                Some("srmap-matrix.xlsx"),
            )
        }
        Format::Oscal => {
            let title = match architecture {
                Some(_) => "Shared responsibility of an AWS architecture",
                None => "Shared responsibility of AWS services",
            };
            let document = oscal::component_definition(dataset, matrix, title);
            (
                serde_json::to_vec_pretty(&document).context("writing OSCAL")?,
                Some("srmap-component-definition.json"),
            )
        }
        Format::Json | Format::Table => (
            match architecture {
                Some(architecture) => serde_json::to_vec(architecture),
                None => serde_json::to_vec(matrix),
            }
            .context("writing JSON")?,
            None,
        ),
    };
    let media_type = match format {
        Format::Csv => "text/csv; charset=utf-8",
        Format::Markdown => "text/markdown; charset=utf-8",
        Format::Table => Format::Json.media_type(),
        other => other.media_type(),
    };
    Ok(Document {
        media_type,
        body,
        file_name,
    })
}

/// A one-row matrix of EC2 (documented) and S3 (a model default) that the format tests
/// write out.
#[cfg(test)]
pub(crate) fn two_service_matrix(
    title: &str,
    s3_availability: crate::model::AvailabilityStatus,
) -> crate::model::Matrix {
    use crate::model::{AvailabilityStatus, Basis, MatrixRow, Owner};
    crate::model::Matrix {
        services: vec!["ec2".into(), "s3".into()],
        availability: [
            ("ec2".to_string(), AvailabilityStatus::Available),
            ("s3".to_string(), s3_availability),
        ]
        .into(),
        rows: vec![MatrixRow {
            duty_id: "os-patching".into(),
            title: title.into(),
            area: "infrastructure-protection".into(),
            owners: [("ec2".into(), Owner::Customer), ("s3".into(), Owner::Aws)].into(),
            basis: [
                ("ec2".into(), Basis::Documented),
                ("s3".into(), Basis::ModelDefault),
            ]
            .into(),
        }],
    }
}
