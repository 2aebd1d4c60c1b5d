//! The responsibility matrix: every catalogue duty against a chosen list of services, and its
//! CSV and Markdown renderings.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::{Dataset, Owner, Service};

/// Duties as rows, services as columns, owners in the cells.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Matrix {
    /// Service ids in the order asked for.
    pub services: Vec<String>,
    pub rows: Vec<MatrixRow>,
}

/// One duty across the matrix's services.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MatrixRow {
    pub duty_id: String,
    pub title: String,
    pub area: String,
    /// Service id -> owner of this duty on that service.
    pub owners: BTreeMap<String, Owner>,
}

impl Matrix {
    /// Builds the matrix for `services`, already resolved and without repeats.
    pub fn for_services(dataset: &Dataset, services: &[&Service]) -> Matrix {
        let rows = dataset
            .duties
            .iter()
            .map(|duty| MatrixRow {
                duty_id: duty.id.clone(),
                title: duty.title.clone(),
                area: duty.area.clone(),
                owners: services
                    .iter()
                    .filter_map(|service| {
                        service
                            .duty(&duty.id)
                            .map(|entry| (service.id.clone(), entry.owner))
                    })
                    .collect(),
            })
            .collect();
        Matrix {
            services: services.iter().map(|service| service.id.clone()).collect(),
            rows,
        }
    }

    /// The owners of `row`, one per service in column order ("" where none).
    fn cells(&self, row: &MatrixRow) -> Vec<&'static str> {
        self.services
            .iter()
            .map(|id| row.owners.get(id).map(|owner| owner.as_str()).unwrap_or(""))
            .collect()
    }

    /// RFC 4180 CSV with a header row: `duty_id,title,area,<service ids...>`.
    pub fn to_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let header = ["duty_id", "title", "area"]
            .into_iter()
            .chain(self.services.iter().map(String::as_str));
        // Writing to a Vec cannot fail for I/O reasons, and every record has the same length.
        let _ = writer.write_record(header);
        for row in &self.rows {
            let mut record = vec![row.duty_id.as_str(), row.title.as_str(), row.area.as_str()];
            record.extend(self.cells(row));
            let _ = writer.write_record(record);
        }
        let bytes = writer.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }

    /// A GitHub-flavoured Markdown table, one row per duty.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("| Duty | Area |");
        for id in &self.services {
            out.push_str(&format!(" {} |", escape_markdown(id)));
        }
        out.push_str("\n|---|---|");
        for _ in &self.services {
            out.push_str("---|");
        }
        out.push('\n');
        for row in &self.rows {
            out.push_str(&format!(
                "| {} | {} |",
                escape_markdown(&row.title),
                escape_markdown(&row.area)
            ));
            for cell in self.cells(row) {
                out.push_str(&format!(" {cell} |"));
            }
            out.push('\n');
        }
        out
    }
}

/// Escapes the characters that would break a Markdown table cell.
pub(crate) fn escape_markdown(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Matrix {
        Matrix {
            services: vec!["ec2".into(), "s3".into()],
            rows: vec![MatrixRow {
                duty_id: "os-patching".into(),
                title: "Operating system patching, \"guest\"".into(),
                area: "infrastructure-protection".into(),
                owners: [("ec2".into(), Owner::Customer), ("s3".into(), Owner::Aws)].into(),
            }],
        }
    }

    #[test]
    fn csv_quotes_fields_and_keeps_service_order() {
        let csv = sample().to_csv();
        assert_eq!(
            csv,
            "duty_id,title,area,ec2,s3\nos-patching,\"Operating system patching, \"\"guest\"\"\",infrastructure-protection,customer,aws\n"
        );
    }

    #[test]
    fn markdown_has_a_header_separator_and_a_row_per_duty() {
        let markdown = sample().to_markdown();
        let lines: Vec<&str> = markdown.lines().collect();
        assert_eq!(lines[0], "| Duty | Area | ec2 | s3 |");
        assert_eq!(lines[1], "|---|---|---|---|");
        assert!(lines[2].ends_with("| customer | aws |"));
    }
}
