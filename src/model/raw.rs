//! Serde mirrors of the TOML files, exactly as people write them. Nothing here is checked
//! beyond TOML syntax and field types; `validate` turns these into model types.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDatasetInfo {
    pub version: String,
    pub date: toml::value::Datetime,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAreas {
    pub area: Vec<RawArea>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawArea {
    pub id: String,
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCategories {
    pub category: Vec<RawCategory>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCategory {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDuties {
    pub duty: Vec<RawDuty>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDuty {
    pub id: String,
    pub title: String,
    pub area: String,
    pub description: String,
    #[serde(default)]
    pub synonyms: Vec<String>,
    pub general_owner: String,
    #[serde(default)]
    pub nist: Vec<String>,
    #[serde(default)]
    pub ccm: Vec<String>,
    pub defaults: RawDutyDefaults,
    /// General questions the duty answers when no service is named.
    #[serde(default)]
    pub asks: Vec<String>,
    #[serde(default)]
    pub overlay: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDutyDefaults {
    pub infrastructure: RawDutyDefault,
    pub container: RawDutyDefault,
    pub abstracted: RawDutyDefault,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDutyDefault {
    pub owner: String,
    pub summary: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawVocabulary {
    #[serde(default)]
    pub stopwords: Vec<String>,
    #[serde(default)]
    pub generic: Vec<String>,
    #[serde(default)]
    pub ambiguous_names: Vec<String>,
    #[serde(default)]
    pub broad: Vec<String>,
    #[serde(default)]
    pub overall: Vec<String>,
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
    #[serde(default)]
    pub other_clouds: Vec<String>,
    #[serde(default)]
    pub security_terms: Vec<String>,
    #[serde(default)]
    pub not_security_terms: Vec<String>,
    #[serde(default)]
    pub responsibility_cues: Vec<String>,
    #[serde(default)]
    pub default_cues: Vec<String>,
    #[serde(default)]
    pub default_markers: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReview {
    #[serde(default)]
    pub question: Vec<RawReviewQuestion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReviewQuestion {
    pub id: String,
    pub question: String,
    pub duties: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTranslations {
    #[serde(default)]
    pub term: Vec<RawTerm>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTerm {
    pub en: String,
    pub words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawService {
    pub id: String,
    pub name: String,
    pub short_name: String,
    #[serde(default)]
    pub aliases: Vec<RawAlias>,
    pub category: String,
    pub model: String,
    pub summary: String,
    pub docs_url: String,
    pub reviewed: toml::value::Datetime,
    pub availability: Option<RawAvailability>,
    #[serde(default)]
    pub control_prefixes: Vec<String>,
    /// Set by the loader on records that an overlay added or changed.
    #[serde(default)]
    pub overlay: bool,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub duties: Vec<RawDutyEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSource {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDutyEntry {
    pub id: String,
    #[serde(default)]
    pub overlay: bool,
    pub owner: Option<String>,
    pub summary: Option<String>,
    /// An AWS page showing that the owner holds for this service, when no statement does.
    pub source: Option<String>,
    #[serde(default)]
    pub asks: Vec<String>,
    #[serde(default)]
    pub statements: Vec<RawStatement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStatement {
    pub owner: String,
    pub text: String,
    #[serde(default)]
    pub controls: Vec<String>,
    pub source: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub asks: Vec<String>,
    pub availability: Option<RawAvailability>,
    /// Set by a reviewer: the text names both AWS and the customer, but only one acts.
    #[serde(default)]
    pub actors_reviewed: bool,
    #[serde(default)]
    pub overlay: bool,
}

/// A name a service answers to: plain, or a sub-feature's name with its own availability
/// (`{ name = "CloudTrail Lake", availability = { ... } }`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawAlias {
    Name(String),
    Feature(RawFeature),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFeature {
    pub name: String,
    pub availability: RawAvailability,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAvailability {
    pub status: String,
    pub since: Option<toml::value::Datetime>,
    pub successor: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExcludedList {
    #[serde(default)]
    pub excluded: Vec<RawExcluded>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExcluded {
    pub cli_name: String,
    pub reason: String,
    pub of: Option<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTopServices {
    #[serde(default)]
    pub service: Vec<RawTopService>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTopService {
    pub id: String,
    pub reason: String,
}
