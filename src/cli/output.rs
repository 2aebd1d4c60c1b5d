//! Plain-text renderings of records for the terminal.

use std::fmt::Write;

use crate::answer::Answer;
use crate::model::{DutyEntry, Matrix, Service};
use crate::ops::architecture::Architecture;
use crate::ops::search::SearchResponse;

/// Pads `cells` into columns separated by two spaces.
fn columns(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; width];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<w$}  ", w = widths[i]);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

pub(super) fn service_table(service: &Service, entries: &[&DutyEntry]) -> String {
    let mut out = format!(
        "{} ({}), {} model\n{}\nDocs: {}\n\n",
        service.name, service.id, service.model, service.summary, service.docs_url
    );
    let mut rows = vec![vec![
        "OWNER".to_string(),
        "AREA".to_string(),
        "DUTY".to_string(),
    ]];
    for entry in entries {
        rows.push(vec![
            entry.owner.to_string(),
            entry.area.clone(),
            entry.title.clone(),
        ]);
        for statement in &entry.statements {
            rows.push(vec![
                String::new(),
                format!("  {}", statement.owner),
                statement.text.clone(),
            ]);
        }
    }
    out.push_str(&columns(&rows));
    out
}

pub(super) fn search_table(results: &SearchResponse) -> String {
    let mut rows = vec![vec![
        "KIND".to_string(),
        "SERVICE".to_string(),
        "OWNER".to_string(),
        "TITLE".to_string(),
    ]];
    for hit in &results.hits {
        rows.push(vec![
            hit.kind.as_str().to_string(),
            hit.service_id.clone().unwrap_or_default(),
            hit.owner.map(|owner| owner.to_string()).unwrap_or_default(),
            format!("{}: {}", hit.title, hit.fragment),
        ]);
    }
    format!("{} hits\n{}", results.total, columns(&rows))
}

pub(super) fn answer_text(reply: &Answer) -> String {
    let owner = reply
        .owner
        .map(|owner| owner.to_string())
        .unwrap_or_else(|| "unknown".to_string());
    let mut out = format!(
        "Owner: {owner}\nService: {}\nDuty: {}\nConfidence: {:.2}\n\n{}\n",
        reply.service_id.as_deref().unwrap_or("-"),
        reply.duty_id.as_deref().unwrap_or("-"),
        reply.confidence,
        reply.answer
    );
    for source in &reply.sources {
        let _ = writeln!(out, "Source: {} <{}>", source.title, source.url);
    }
    out
}

pub(super) fn matrix_table(matrix: &Matrix) -> String {
    let mut header = vec!["DUTY".to_string()];
    header.extend(matrix.services.iter().cloned());
    let mut rows = vec![header];
    for row in &matrix.rows {
        let mut cells = vec![row.duty_id.clone()];
        cells.extend(matrix.services.iter().map(|id| {
            row.owners
                .get(id)
                .map(|owner| owner.to_string())
                .unwrap_or_default()
        }));
        rows.push(cells);
    }
    columns(&rows)
}

/// The services of an architecture with the resources that bring them, and its unknown types.
pub(super) fn architecture_services(architecture: &Architecture) -> String {
    let mut rows = vec![vec!["SERVICE".to_string(), "RESOURCES".to_string()]];
    for used in &architecture.services {
        let mut brought: Vec<String> = used
            .resources
            .iter()
            .map(|resource| format!("{} ({})", resource.id, resource.type_name))
            .collect();
        brought.extend(used.implied_by.iter().cloned());
        rows.push(vec![used.id.clone(), brought.join(", ")]);
    }
    let mut out = columns(&rows);
    for unknown in &architecture.unknown {
        let _ = writeln!(
            out,
            "unknown: {} ({}): {}",
            unknown.id, unknown.type_name, unknown.reason
        );
    }
    for nested in &architecture.nested_stacks {
        let _ = writeln!(
            out,
            "nested stack: {} ({})",
            nested.id,
            nested
                .template_url
                .as_deref()
                .unwrap_or("template not given")
        );
    }
    out.push('\n');
    out
}
