//! XLSX: a customer responsibility matrix workbook, as auditors file them: a matrix sheet, a
//! sheet of the customer's duties with their statements, Security Hub controls and sources,
//! and a sheet of the resources that bring each service. Header rows are frozen and filtered;
//! owners are text.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::MODEL_DEFAULT_LEGEND;
use crate::iac::{ServiceUse, Unknown};
use crate::model::{Basis, Dataset, Matrix, Owner};

/// Column width for long text (statements), in characters.
const WIDE: f64 = 80.0;
/// Column width for ids and owners.
const NARROW: f64 = 18.0;
/// The matrix sheet's first service column, after the duty's id, title and area.
const SERVICE_COLUMN: u16 = 3;

/// The resources of an architecture, when the workbook is for one.
pub struct Resources<'a> {
    pub services: &'a [ServiceUse],
    pub unknown: &'a [Unknown],
}

/// The workbook of `matrix` (its services in `dataset`), with `resources` when given.
pub fn workbook(
    dataset: &Dataset,
    matrix: &Matrix,
    resources: Option<Resources<'_>>,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    matrix_sheet(book.add_worksheet(), matrix, &bold)?;
    duties_sheet(book.add_worksheet(), dataset, matrix, &bold, &wrap)?;
    resources_sheet(book.add_worksheet(), resources, &bold)?;
    book.save_to_buffer()
}

fn header(sheet: &mut Worksheet, titles: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (column, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *title, bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn matrix_sheet(sheet: &mut Worksheet, matrix: &Matrix, bold: &Format) -> Result<(), XlsxError> {
    sheet.set_name("Matrix")?;
    let mut titles = vec!["Duty id", "Duty", "Area"];
    titles.extend(matrix.services.iter().map(String::as_str));
    header(sheet, &titles, bold)?;
    sheet.set_freeze_panes(1, 2)?;
    sheet.set_column_width(0, NARROW + 8.0)?;
    sheet.set_column_width(1, 40.0)?;
    sheet.set_column_width(2, 28.0)?;
    let mut row = 1;
    for duty in &matrix.rows {
        sheet.write_string(row, 0, &duty.duty_id)?;
        sheet.write_string(row, 1, &duty.title)?;
        sheet.write_string(row, 2, &duty.area)?;
        for (column, cell) in matrix.cells(duty).enumerate() {
            let text = match cell {
                Some((owner, Basis::ModelDefault)) => format!("{owner} (model default)"),
                Some((owner, Basis::Documented)) => owner.to_string(),
                None => String::new(),
            };
            sheet.write_string(row, column as u16 + SERVICE_COLUMN, text)?;
        }
        row += 1;
    }
    let last = matrix.services.len() as u16 + SERVICE_COLUMN - 1;
    sheet.autofilter(0, 0, row - 1, last)?;
    sheet.write_string_with_format(row, 1, "Availability to new customers", bold)?;
    for (column, id) in matrix.services.iter().enumerate() {
        let status = matrix
            .availability
            .get(id)
            .map(|status| status.to_string())
            .unwrap_or_default();
        sheet.write_string(row, column as u16 + SERVICE_COLUMN, status)?;
    }
    sheet.write_string(
        row + 2,
        0,
        format!(
            "Cells marked (model default): {}",
            MODEL_DEFAULT_LEGEND.trim_start_matches("model default: ")
        ),
    )?;
    Ok(())
}

fn duties_sheet(
    sheet: &mut Worksheet,
    dataset: &Dataset,
    matrix: &Matrix,
    bold: &Format,
    wrap: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Customer duties")?;
    let titles = [
        "Service",
        "Duty",
        "Area",
        "Duty owner",
        "Basis",
        "What the customer does",
        "Security Hub controls",
        "Source",
    ];
    header(sheet, &titles, bold)?;
    for column in [0, 1, 2, 3, 4, 6] {
        sheet.set_column_width(column, NARROW)?;
    }
    sheet.set_column_width(5, WIDE)?;
    sheet.set_column_width(7, 50.0)?;
    let mut row = 1;
    for service in matrix.services.iter().filter_map(|id| dataset.service(id)) {
        for entry in service.duties.iter().filter(|e| e.owner != Owner::Aws) {
            let customer: Vec<_> = entry
                .statements
                .iter()
                .filter(|statement| statement.owner != Owner::Aws)
                .collect();
            let lines: Vec<(String, String, String)> = if customer.is_empty() {
                vec![(
                    entry.summary.clone(),
                    String::new(),
                    entry
                        .source
                        .clone()
                        .unwrap_or_else(|| service.docs_url.clone()),
                )]
            } else {
                customer
                    .iter()
                    .map(|statement| {
                        (
                            statement.text.clone(),
                            statement.controls.join(", "),
                            statement
                                .source
                                .clone()
                                .unwrap_or_else(|| service.docs_url.clone()),
                        )
                    })
                    .collect()
            };
            for (text, controls, source) in lines {
                sheet.write_string(row, 0, &service.id)?;
                sheet.write_string(row, 1, &entry.id)?;
                sheet.write_string(row, 2, &entry.area)?;
                sheet.write_string(row, 3, entry.owner.as_str())?;
                sheet.write_string(row, 4, entry.basis.as_str())?;
                sheet.write_string_with_format(row, 5, text, wrap)?;
                sheet.write_string(row, 6, controls)?;
                sheet.write_string(row, 7, source)?;
                row += 1;
            }
        }
    }
    sheet.autofilter(0, 0, row.max(1) - 1, (titles.len() - 1) as u16)?;
    Ok(())
}

fn resources_sheet(
    sheet: &mut Worksheet,
    resources: Option<Resources<'_>>,
    bold: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Resources")?;
    let titles = ["Service", "Resource", "Type", "Note"];
    header(sheet, &titles, bold)?;
    sheet.set_column_width(0, NARROW)?;
    sheet.set_column_width(1, 40.0)?;
    sheet.set_column_width(2, 40.0)?;
    sheet.set_column_width(3, WIDE)?;
    let mut row = 1;
    match resources {
        None => {
            sheet.write_string(
                row,
                3,
                "The matrix was asked for by service; no template gave resources.",
            )?;
            row += 1;
        }
        Some(resources) => {
            for service in resources.services {
                for resource in &service.resources {
                    sheet.write_string(row, 0, &service.id)?;
                    sheet.write_string(row, 1, &resource.id)?;
                    sheet.write_string(row, 2, &resource.type_name)?;
                    row += 1;
                }
                for why in &service.implied_by {
                    sheet.write_string(row, 0, &service.id)?;
                    sheet.write_string(row, 3, why)?;
                    row += 1;
                }
            }
            for unknown in resources.unknown {
                sheet.write_string(row, 0, "(unknown)")?;
                sheet.write_string(row, 1, &unknown.id)?;
                sheet.write_string(row, 2, &unknown.type_name)?;
                sheet.write_string(row, 3, &unknown.reason)?;
                row += 1;
            }
        }
    }
    sheet.autofilter(0, 0, row.max(1) - 1, 3)?;
    Ok(())
}
