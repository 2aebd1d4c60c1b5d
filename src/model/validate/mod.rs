//! Turning the dataset's files into a [`Dataset`], checking every rule on the way.
//!
//! Every problem is collected, not just the first, so `srmap validate` can list them all by
//! file and field. The work is split by what is checked: [`formats`] (ids, URLs, control ids,
//! dates, asks), [`catalogue`] (dataset info, areas, categories, duties), [`service`] (one
//! service file into a [`Service`]), and [`rules`] (what must hold across services: the
//! model's invariants, unique names, the most used services, exclusions).

mod catalogue;
mod formats;
mod rules;
mod service;

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::alias::{normalize_name, words};
use super::raw::{
    RawAreas, RawCategories, RawDatasetInfo, RawDuties, RawExcludedList, RawReview, RawService,
    RawTopServices, RawTranslations, RawVocabulary,
};
use super::{Area, Dataset, Duty, Owner, Vocabulary};
use catalogue::{check_areas, check_categories, check_duties, check_info};
use rules::{check_excluded, check_invariants, check_names, check_successors, check_top_services};
use service::{ServiceContext, check_service};

/// Bumped when the way files turn into a dataset or an index changes, so that on-disk indexes
/// built by an older binary are not reused.
const FORMAT_VERSION: &str = "srmap-dataset-2";

/// One thing wrong with the dataset, located by file and field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub file: String,
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.file, self.field, self.message)
    }
}

/// The dataset did not validate; `problems` lists every reason.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the dataset has {} problem(s):\n{}", .problems.len(), render(.problems))]
pub struct ValidationError {
    pub problems: Vec<Problem>,
}

fn render(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|problem| format!("  {problem}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Collects problems while the dataset is read.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn report(&mut self, file: &str, field: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: file.to_string(),
            field: field.into(),
            message: message.into(),
        });
    }

    fn parse<T: DeserializeOwned>(&mut self, file: &str, text: &str) -> Option<T> {
        match toml::from_str(text) {
            Ok(value) => Some(value),
            Err(error) => {
                let message = error.message().to_string();
                let field = error
                    .span()
                    .map(|span| format!("line {}", line_of(text, span.start)))
                    .unwrap_or_else(|| "(file)".to_string());
                self.report(file, field, message);
                None
            }
        }
    }

    fn owner(&mut self, file: &str, field: &str, value: &str) -> Option<Owner> {
        value
            .parse()
            .map_err(|message: String| self.report(file, field, message))
            .ok()
    }

    fn non_empty(&mut self, file: &str, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.report(file, field, "must not be empty");
        }
    }

    fn identifier(&mut self, file: &str, field: &str, value: &str) {
        if !formats::is_identifier(value) {
            self.report(
                file,
                field,
                format!("`{value}` must be lowercase letters, digits and single hyphens"),
            );
        }
    }

    fn aws_url(&mut self, file: &str, field: &str, value: &str, docs_only: bool) {
        if let Err(message) = formats::check_aws_url(value, docs_only) {
            self.report(file, field, message);
        }
    }

    fn asks(&mut self, file: &str, field: &str, asks: &[String], required: bool) {
        if let Err(message) = formats::check_asks(asks, required) {
            self.report(file, format!("{field}.asks"), message);
        }
    }
}

/// The line (from 1) of the byte offset `at` in `text`, for parse errors. Counts bytes rather
/// than slicing the text, so an offset inside a character cannot panic.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(at)
        .filter(|&&byte| byte == b'\n')
        .count()
        + 1
}

impl Dataset {
    /// Reads and checks a dataset from `(path, contents)` pairs, paths relative to the data
    /// folder with `/` separators (`services/s3.toml`). Files other than the known TOML files
    /// (README, CHANGELOG) are ignored. Returns every problem found when any rule is broken.
    pub fn from_files(files: &[(String, String)]) -> Result<Dataset, ValidationError> {
        let mut checker = Checker::default();
        let by_path: HashMap<&str, &str> = files
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_str()))
            .collect();
        let mut required = |path: &str| -> Option<&str> {
            let text = by_path.get(path).copied();
            if text.is_none() {
                checker.report(path, "(file)", "the file is missing");
            }
            text
        };
        let info_text = required("dataset.toml");
        let areas_text = required("areas.toml");
        let categories_text = required("categories.toml");
        let duties_text = required("duties.toml");

        let info = info_text.and_then(|text| checker.parse::<RawDatasetInfo>("dataset.toml", text));
        let (version, date) = info
            .map(|info| check_info(&mut checker, info))
            .unwrap_or_default();
        let areas = areas_text
            .and_then(|text| checker.parse::<RawAreas>("areas.toml", text))
            .map(|raw| check_areas(&mut checker, raw))
            .unwrap_or_default();
        let categories = categories_text
            .and_then(|text| checker.parse::<RawCategories>("categories.toml", text))
            .map(|raw| check_categories(&mut checker, raw))
            .unwrap_or_default();
        let area_ids: HashSet<&str> = areas.iter().map(|area| area.id.as_str()).collect();
        let duties = duties_text
            .and_then(|text| checker.parse::<RawDuties>("duties.toml", text))
            .map(|raw| check_duties(&mut checker, raw, &area_ids))
            .unwrap_or_default();
        let vocabulary = by_path
            .get("vocabulary.toml")
            .and_then(|text| checker.parse::<RawVocabulary>("vocabulary.toml", text))
            .map(|raw| Vocabulary {
                stopwords: raw.stopwords,
                generic: raw.generic,
                ambiguous_names: raw.ambiguous_names,
                broad: raw.broad,
                overall: raw.overall,
                synonyms: raw.synonyms,
                other_clouds: raw.other_clouds,
                security_terms: raw.security_terms,
                not_security_terms: raw.not_security_terms,
                responsibility_cues: raw.responsibility_cues,
                default_cues: raw.default_cues,
                default_markers: raw.default_markers,
            })
            .unwrap_or_default();
        let translations = by_path
            .get("translations.toml")
            .and_then(|text| checker.parse::<RawTranslations>("translations.toml", text))
            .map(|raw| catalogue::check_translations(&mut checker, raw))
            .unwrap_or_default();

        let category_ids: HashSet<&str> = categories.iter().map(|c| c.id.as_str()).collect();
        let mut service_files: Vec<(&str, &str)> = files
            .iter()
            .filter(|(path, _)| path.starts_with("services/") && path.ends_with(".toml"))
            .map(|(path, text)| (path.as_str(), text.as_str()))
            .collect();
        service_files.sort();
        let context = ServiceContext {
            category_ids: &category_ids,
            duties: &duties,
        };
        let mut services = Vec::new();
        for (path, text) in service_files {
            if let Some(raw) = checker.parse::<RawService>(path, text)
                && let Some(service) = check_service(&mut checker, path, raw, &context)
            {
                services.push(service);
            }
        }
        if services.is_empty() {
            checker.report("services/", "(folder)", "no service files were found");
        }
        services.sort_by(|a, b| a.id.cmp(&b.id));
        let names = check_names(&mut checker, &services);
        check_invariants(&mut checker, &services);
        check_successors(&mut checker, &services);
        let resolve = |key: &str| {
            names
                .get(&normalize_name(key))
                .map(|&i| services[i].id.clone())
        };
        let excluded = by_path
            .get("excluded.toml")
            .and_then(|text| checker.parse::<RawExcludedList>("excluded.toml", text))
            .map(|raw| check_excluded(&mut checker, raw, &resolve))
            .unwrap_or_default();
        let resource_types = by_path
            .get("resource-types.toml")
            .and_then(|text| {
                checker
                    .parse::<super::resource_types::RawResourceTypes>("resource-types.toml", text)
            })
            .map(|raw| {
                let resolve_type = |name: &str| -> Option<Result<String, String>> {
                    if let Some(id) = resolve(name) {
                        return Some(Ok(id));
                    }
                    excluded
                        .iter()
                        .find(|entry| entry.cli_name == name)
                        .map(|entry| Err(entry.note.clone()))
                };
                let (types, problems) = raw.check(&resolve_type);
                for (field, message) in problems {
                    checker.report("resource-types.toml", field, message);
                }
                types
            })
            .unwrap_or_default();
        let review = by_path
            .get("review.toml")
            .and_then(|text| checker.parse::<RawReview>("review.toml", text))
            .map(|raw| catalogue::check_review(&mut checker, raw, &duties))
            .unwrap_or_default();
        let top_services = by_path
            .get("top-services.toml")
            .and_then(|text| checker.parse::<RawTopServices>("top-services.toml", text))
            .map(|raw| check_top_services(&mut checker, raw, &services, &duties))
            .unwrap_or_default();

        if !checker.problems.is_empty() {
            return Err(ValidationError {
                problems: checker.problems,
            });
        }
        let duty_words = duty_words(&duties, &areas, &vocabulary);
        let stopword_set = vocabulary.stopwords.iter().cloned().collect();
        let ambiguous_name_set = vocabulary.ambiguous_names.iter().cloned().collect();
        Ok(Dataset {
            version,
            date,
            areas,
            categories,
            duties,
            services,
            duty_words,
            stopword_set,
            ambiguous_name_set,
            vocabulary,
            translations,
            resource_types,
            review,
            excluded,
            top_services,
            fingerprint: fingerprint(files),
            names,
        })
    }
}

/// See [`Dataset::duty_words`].
fn duty_words(duties: &[Duty], areas: &[Area], vocabulary: &Vocabulary) -> HashSet<String> {
    let duty_texts = duties.iter().flat_map(|duty| {
        [&duty.title, &duty.description]
            .into_iter()
            .chain(&duty.synonyms)
    });
    let area_texts = areas
        .iter()
        .flat_map(|area| [&area.title, &area.description]);
    duty_texts
        .chain(area_texts)
        .chain(&vocabulary.stopwords)
        .chain(&vocabulary.generic)
        .flat_map(|text| words(text))
        .collect()
}

fn fingerprint(files: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort();
    let mut hasher = Sha256::new();
    hasher.update(FORMAT_VERSION.as_bytes());
    for (path, text) in sorted {
        hasher.update((path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parse_error_names_its_line_even_inside_a_multibyte_character() {
        assert_eq!(line_of("a\nb\nc", 4), 3);
        assert_eq!(line_of("é\n", 1), 1);
        assert_eq!(line_of("x", 99), 1);
    }
}
