//! CSV: the matrix as a spreadsheet imports it.

use crate::model::{Basis, Matrix};

/// RFC 4180 CSV with a header row `duty_id,title,area,` then, per service, its owner column
/// and its basis column (`documented` or `model-default`), and a last row giving each
/// service's availability.
pub fn matrix(matrix: &Matrix) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["duty_id".to_string(), "title".into(), "area".into()];
    for id in &matrix.services {
        header.push(id.clone());
        header.push(format!("{id} basis"));
    }
    writer.write_record(&header)?;
    for row in &matrix.rows {
        let mut record = vec![row.duty_id.clone(), row.title.clone(), row.area.clone()];
        for cell in matrix.cells(row) {
            match cell {
                Some((owner, basis)) => {
                    record.push(owner.to_string());
                    record.push(basis_text(basis).to_string());
                }
                None => record.extend([String::new(), String::new()]),
            }
        }
        writer.write_record(&record)?;
    }
    let mut availability = vec![
        "availability".to_string(),
        "Availability to new customers".into(),
        String::new(),
    ];
    for id in &matrix.services {
        availability.push(
            matrix
                .availability
                .get(id)
                .map(|status| status.to_string())
                .unwrap_or_default(),
        );
        availability.push(String::new());
    }
    writer.write_record(&availability)?;
    let bytes = writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))?;
    // Every field written is a Rust string, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn basis_text(basis: Basis) -> &'static str {
    basis.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AvailabilityStatus;

    #[test]
    fn csv_quotes_fields_keeps_service_order_and_says_the_basis() {
        let matrix = crate::render::two_service_matrix(
            "Operating system patching, \"guest\"",
            AvailabilityStatus::Available,
        );

        let csv = matrix_csv(&matrix);

        assert_eq!(
            csv,
            "duty_id,title,area,ec2,ec2 basis,s3,s3 basis\n\
             os-patching,\"Operating system patching, \"\"guest\"\"\",infrastructure-protection,customer,documented,aws,model-default\n\
             availability,Availability to new customers,,available,,available,\n"
        );
    }

    fn matrix_csv(matrix: &Matrix) -> String {
        super::matrix(matrix).unwrap()
    }
}
