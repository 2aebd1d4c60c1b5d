//! Where the dataset's files come from: the copy of `data/` embedded in the binary at build
//! time, or a folder on disk given with `--data`. Checking them is `model`'s job.

use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::index::SearchIndex;
pub use crate::model::files_in;
use crate::model::{Dataset, ValidationError, merge_files, slash_path};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data");

/// The embedded dataset and its index as the build script worked them out (`build.rs`);
/// empty when the embedded data did not validate then.
static PREBUILT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/prebuilt.bin"));

/// The embedded dataset alone, as the build checked it; `None` as for [`prebuilt`].
pub fn prebuilt_dataset() -> Option<Dataset> {
    if PREBUILT.is_empty() {
        return None;
    }
    match SearchIndex::prebuilt_dataset(PREBUILT) {
        Ok(dataset) => Some(dataset),
        Err(error) => {
            tracing::warn!(%error, "the prebuilt dataset could not be read; reading the files");
            None
        }
    }
}

/// The embedded dataset with its index, opened from what the build prepared: the fast path of
/// every start on the embedded data. `None` when the build could not prepare them; the caller
/// then loads and indexes the embedded files, which reports why they are invalid.
pub fn prebuilt() -> Option<(Dataset, SearchIndex)> {
    if PREBUILT.is_empty() {
        return None;
    }
    match SearchIndex::open_prebuilt(PREBUILT) {
        Ok(opened) => Some(opened),
        Err(error) => {
            tracing::warn!(%error, "the prebuilt index could not be opened; indexing afresh");
            None
        }
    }
}

/// The files of the embedded dataset as `(relative path, contents)` pairs.
pub fn embedded_files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    collect_embedded(&EMBEDDED, &mut files);
    files.sort();
    files
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<(String, String)>) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            out.push((slash_path(file.path()), text.to_string()));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// Loads and validates the dataset from `dir` (the embedded one when `None`), with the
/// folder `overlay` merged over it when given. An unreadable folder is an `Err` of the outer
/// result; invalid data of the inner one.
pub fn load(
    dir: Option<&Path>,
    overlay: Option<&Path>,
) -> anyhow::Result<Result<Dataset, ValidationError>> {
    let mut files = match dir {
        Some(dir) => files_in(dir)?,
        None => embedded_files(),
    };
    if let Some(overlay) = overlay {
        let extra = files_in(overlay)?;
        files = match merge_files(&files, &extra) {
            Ok(merged) => merged,
            Err(error) => return Ok(Err(error)),
        };
    }
    Ok(Dataset::from_files(&files))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bad record fails `cargo test` here, with its file and field, before it can fail at
    /// start-up.
    #[test]
    fn embedded_dataset_validates() {
        if let Err(error) = Dataset::from_files(&embedded_files()) {
            panic!("{error}");
        }
    }

    /// The index the build prepared is the one a start would build from the embedded files:
    /// the same dataset, documents and vectors, and the same results and answers.
    #[test]
    fn the_prebuilt_index_equals_a_fresh_build_of_the_embedded_dataset() {
        let (prebuilt_dataset, prebuilt) = prebuilt().expect("the build prebuilt the dataset");
        let dataset = Dataset::from_files(&embedded_files()).expect("the dataset validates");
        let fresh = SearchIndex::build_in_ram(&dataset).expect("the index builds");

        assert_eq!(prebuilt_dataset.fingerprint, dataset.fingerprint);
        // Field by field: the maps among them would serialise in any order.
        let json = |value: &Dataset| {
            serde_json::to_string(&(
                (&value.version, &value.date, &value.areas, &value.categories),
                (&value.duties, &value.services, &value.vocabulary),
                (&value.translations, &value.review, &value.excluded),
                &value.top_services,
            ))
            .expect("the dataset serialises as JSON")
        };
        assert_eq!(json(&prebuilt_dataset), json(&dataset));
        let names = |value: &Dataset| -> std::collections::BTreeMap<String, String> {
            value
                .name_table()
                .map(|(name, service)| (name.to_string(), service.id.clone()))
                .collect()
        };
        assert_eq!(names(&prebuilt_dataset), names(&dataset));
        assert_eq!(prebuilt_dataset.duty_words(), dataset.duty_words());
        for (cloudformation, terraform) in [
            ("AWS::S3::Bucket", "aws_s3_bucket"),
            ("AWS::Lambda::Function", "aws_lambda_function"),
            ("AWS::EC2::SecurityGroup", "aws_security_group"),
        ] {
            let types = (&prebuilt_dataset.resource_types, &dataset.resource_types);
            assert_eq!(
                types.0.cloudformation(cloudformation),
                types.1.cloudformation(cloudformation)
            );
            assert_eq!(types.0.terraform(terraform), types.1.terraform(terraform));
            assert!(
                types.0.terraform(terraform).is_some(),
                "{terraform} resolves"
            );
        }
        assert_eq!(prebuilt.num_docs(), fresh.num_docs());
        assert_eq!(prebuilt.num_vectors(), fresh.num_vectors());
        for query in [
            "who patches the operating system",
            "encryption at rest with KMS keys",
            "s3 bucket public access",
            "backups of rds databases",
            "ssh keys for ec2",
        ] {
            let request = crate::index::SearchRequest {
                query: query.to_string(),
                limit: 20,
                ..Default::default()
            };
            let results = |index: &SearchIndex| {
                let found = index.search(&request).expect("the search runs");
                serde_json::to_string(&found).expect("results serialise")
            };
            assert_eq!(results(&prebuilt), results(&fresh), "search `{query}`");
        }
        for question in [
            "Who patches the OS on RDS?",
            "Does AWS rotate the aws/ebs key for me?",
            "who configures security groups on ec2 instances",
            "is S3 data encrypted by default?",
            "what is the weather in Paris?",
        ] {
            let reply = |dataset: &Dataset, index: &SearchIndex| {
                let found = crate::answer::answer(dataset, index, question).expect("answers");
                serde_json::to_string(&found).expect("answers serialise")
            };
            assert_eq!(
                reply(&prebuilt_dataset, &prebuilt),
                reply(&dataset, &fresh),
                "answer to `{question}`"
            );
        }
    }
}
