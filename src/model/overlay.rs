//! Merging an organisation's overlay folder over the dataset's files, before validation.
//!
//! Rules (also in the README): a file of the overlay that the dataset lacks is added whole; a
//! file both have is merged key by key. Tables merge recursively; a value of the overlay
//! replaces the dataset's; arrays of tables that have an `id` (duties, duty entries, areas,
//! categories, top services) or a `cli_name` (excluded entries) merge item by item on that key;
//! other arrays (aliases, sources, statements, synonyms) get the overlay's items appended.
//! Everything the overlay contributes to a service or duty is marked `overlay = true`, so
//! responses can say where it came from. The result is validated like any dataset.

use toml::{Table, Value};

use super::ValidationError;
use super::validate::Problem;

/// Files of a dataset folder: `(relative path, contents)`.
type Files = Vec<(String, String)>;

/// `base` with `overlay` merged over it; only `.toml` files of the overlay take part.
pub fn merge_files(
    base: &[(String, String)],
    overlay: &[(String, String)],
) -> Result<Files, ValidationError> {
    let mut merged: Files = base.to_vec();
    let mut problems = Vec::new();
    for (path, text) in overlay.iter().filter(|(path, _)| path.ends_with(".toml")) {
        let mut over = match text.parse::<Table>() {
            Ok(table) => table,
            Err(error) => {
                problems.push(Problem {
                    file: format!("overlay/{path}"),
                    field: "(file)".to_string(),
                    message: error.message().to_string(),
                });
                continue;
            }
        };
        mark(path, &mut over);
        let slot = merged.iter_mut().find(|(base_path, _)| base_path == path);
        let result = match slot {
            Some((_, base_text)) => match base_text.parse::<Table>() {
                // A base file that does not parse is reported by validation; keep it as it is.
                Err(_) => continue,
                Ok(mut table) => {
                    merge_tables(&mut table, over);
                    toml::to_string(&table).map(|text| *base_text = text)
                }
            },
            None => toml::to_string(&over).map(|text| merged.push((path.clone(), text))),
        };
        if let Err(error) = result {
            problems.push(Problem {
                file: format!("overlay/{path}"),
                field: "(file)".to_string(),
                message: format!("could not be merged: {error}"),
            });
        }
    }
    if problems.is_empty() {
        Ok(merged)
    } else {
        Err(ValidationError { problems })
    }
}

/// Marks what an overlay file contributes: a service and its duty entries and statements, or
/// catalogue duties.
fn mark(path: &str, table: &mut Table) {
    let flag = || Value::Boolean(true);
    if path.starts_with("services/") {
        table.insert("overlay".into(), flag());
        for entry in tables_in(table, "duties") {
            entry.insert("overlay".into(), flag());
            for statement in tables_in(entry, "statements") {
                statement.insert("overlay".into(), flag());
            }
        }
    } else if path == "duties.toml" {
        for duty in tables_in(table, "duty") {
            duty.insert("overlay".into(), flag());
        }
    }
}

fn tables_in<'a>(table: &'a mut Table, key: &str) -> impl Iterator<Item = &'a mut Table> {
    table
        .get_mut(key)
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
        .filter_map(Value::as_table_mut)
}

/// The key that identifies an item of an array of tables, if it has one.
fn item_key(value: &Value) -> Option<&str> {
    let table = value.as_table()?;
    table
        .get("id")
        .or_else(|| table.get("cli_name"))
        .and_then(Value::as_str)
}

fn merge_tables(base: &mut Table, over: Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(base_table)), Value::Table(over_table)) => {
                merge_tables(base_table, over_table)
            }
            (Some(Value::Array(base_items)), Value::Array(over_items)) => {
                merge_arrays(base_items, over_items)
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn merge_arrays(base: &mut Vec<Value>, over: Vec<Value>) {
    for item in over {
        let existing = item_key(&item).and_then(|key| {
            base.iter_mut()
                .find(|candidate| item_key(candidate) == Some(key))
        });
        match (existing, item) {
            (Some(Value::Table(base_table)), Value::Table(over_table)) => {
                merge_tables(base_table, over_table)
            }
            (_, item) => {
                if !base.contains(&item) {
                    base.push(item);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> (String, String) {
        (path.to_string(), text.to_string())
    }

    #[test]
    fn overlay_entries_merge_by_id_and_lists_append() {
        let base = [file(
            "services/s3.toml",
            "id = \"s3\"\naliases = [\"S3\"]\n[[duties]]\nid = \"a\"\nowner = \"aws\"\n[[duties.statements]]\ntext = \"one\"\n",
        )];
        let overlay = [file(
            "services/s3.toml",
            "aliases = [\"Buckets\"]\n[[duties]]\nid = \"a\"\nowner = \"shared\"\n[[duties.statements]]\ntext = \"two\"\n",
        )];

        let merged = merge_files(&base, &overlay).unwrap();

        let table: Table = merged[0].1.parse().unwrap();
        assert_eq!(table["aliases"].as_array().unwrap().len(), 2);
        assert_eq!(table["overlay"].as_bool(), Some(true));
        let entry = table["duties"].as_array().unwrap()[0].as_table().unwrap();
        assert_eq!(entry["owner"].as_str(), Some("shared"));
        let statements = entry["statements"].as_array().unwrap();
        assert_eq!(statements.len(), 2);
        assert!(statements[0].get("overlay").is_none());
        assert_eq!(statements[1]["overlay"].as_bool(), Some(true));
    }

    #[test]
    fn new_overlay_files_are_added_and_bad_ones_reported() {
        let base = [file("dataset.toml", "version = \"1.0.0\"\n")];
        let added = merge_files(&base, &[file("services/x.toml", "id = \"x\"\n")]).unwrap();
        let broken = merge_files(&base, &[file("services/y.toml", "id = ")]).unwrap_err();

        assert_eq!(added.len(), 2);
        assert_eq!(broken.problems[0].file, "overlay/services/y.toml");
    }
}
