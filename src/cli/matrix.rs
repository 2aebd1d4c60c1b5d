//! `srmap matrix`: services side by side, named or read from a template or plan, as a table,
//! JSON, CSV, Markdown, an XLSX workbook or an OSCAL component definition.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{CliError, MatrixFormat, emit, output};
use crate::model::Dataset;
use crate::ops::architecture::{self, ArchitectureParams, MAX_TEMPLATE_BYTES};
use crate::ops::matrix::MatrixParams;
use crate::ops::{Format, RequestError};
use crate::{ops, render};

/// What the matrix is of.
pub enum Subject {
    Services(MatrixParams),
    /// A template or plan file; `-` is stdin.
    Template(PathBuf),
}

impl MatrixFormat {
    fn format(self) -> Format {
        match self {
            MatrixFormat::Table => Format::Table,
            MatrixFormat::Json => Format::Json,
            MatrixFormat::Csv => Format::Csv,
            MatrixFormat::Markdown => Format::Markdown,
            MatrixFormat::Xlsx => Format::Xlsx,
            MatrixFormat::Oscal => Format::Oscal,
        }
    }
}

pub fn run(
    dataset: &Dataset,
    subject: Subject,
    format: MatrixFormat,
    output: Option<&Path>,
) -> anyhow::Result<()> {
    let (matrix, architecture) = match subject {
        Subject::Services(params) => {
            let positions = params.parse(dataset).map_err(CliError)?;
            (ops::matrix::run(dataset, &positions), None)
        }
        Subject::Template(path) => {
            let template = read_template(&path)?;
            let request = ArchitectureParams { template }
                .parse(None)
                .map_err(CliError)?;
            let architecture = architecture::run(dataset, &request).map_err(CliError)?;
            (architecture.matrix.clone(), Some(architecture))
        }
    };
    let bytes = match format {
        MatrixFormat::Table => {
            let mut text = architecture
                .as_ref()
                .map(output::architecture_services)
                .unwrap_or_default();
            text.push_str(&output::matrix_table(&matrix));
            text.into_bytes()
        }
        other => {
            let mut body =
                render::matrix_document(dataset, &matrix, other.format(), architecture.as_ref())?
                    .body;
            if matches!(other, MatrixFormat::Json) {
                body.push(b'\n');
            }
            body
        }
    };
    match output {
        Some(path) => {
            std::fs::write(path, &bytes).with_context(|| format!("writing {}", path.display()))
        }
        None if format == MatrixFormat::Xlsx && std::io::stdout().is_terminal() => {
            anyhow::bail!("an XLSX workbook is binary: give `--output FILE` or redirect stdout")
        }
        None => match std::str::from_utf8(&bytes) {
            Ok(text) => emit(text),
            Err(_) => emit_bytes(&bytes),
        },
    }
}

/// The template at `path` (stdin for `-`), at most [`MAX_TEMPLATE_BYTES`].
fn read_template(path: &Path) -> anyhow::Result<String> {
    let limit = MAX_TEMPLATE_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .context("reading the template from stdin")?;
    } else {
        std::fs::File::open(path)
            .and_then(|file| file.take(limit).read_to_end(&mut bytes))
            .with_context(|| format!("reading {}", path.display()))?;
    }
    if bytes.len() > MAX_TEMPLATE_BYTES {
        return Err(CliError(RequestError::TemplateTooLarge {
            bytes: bytes.len(),
            max: MAX_TEMPLATE_BYTES,
        })
        .into());
    }
    String::from_utf8(bytes).map_err(|_| {
        CliError(RequestError::InvalidTemplate {
            message: format!("{} is not UTF-8 text", path.display()),
        })
        .into()
    })
}

fn emit_bytes(bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(error).context("writing to stdout")
        }
        _ => Ok(()),
    }
}
