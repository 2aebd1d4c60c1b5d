//! The dataset's domain types: owners, models, areas, the duty catalogue and services.
//!
//! Files are parsed into the raw structs of [`raw`], then turned into these types by
//! [`Dataset::from_files`], which checks every rule of `data/README.md` and reports each problem
//! with its file and field. A [`Dataset`] is therefore valid by construction. This module knows
//! nothing about tantivy or HTTP.

mod alias;
mod files;
mod matrix;
mod overlay;
mod raw;
mod resource_types;
mod stats;
mod validate;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use alias::{is_cjk, normalize_name, words};
pub use files::{files_in, slash_path};
pub use matrix::{Matrix, MatrixRow};
pub use overlay::merge_files;
pub use resource_types::{ResourceTypes, TypeTarget};
pub use stats::{CellCounts, DatasetStats};
pub use validate::{Problem, ValidationError};

/// Who carries a duty: AWS, the customer, or both.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    Aws,
    Customer,
    Shared,
}

impl Owner {
    pub const ALL: [Owner; 3] = [Owner::Aws, Owner::Customer, Owner::Shared];

    pub fn as_str(self) -> &'static str {
        match self {
            Owner::Aws => "aws",
            Owner::Customer => "customer",
            Owner::Shared => "shared",
        }
    }

    /// The phrase used in composed answers ("AWS", "the customer", "shared between ...").
    pub fn phrase(self) -> &'static str {
        match self {
            Owner::Aws => "AWS",
            Owner::Customer => "the customer",
            Owner::Shared => "shared between AWS and the customer",
        }
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Owner {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "aws" => Ok(Owner::Aws),
            "customer" => Ok(Owner::Customer),
            "shared" => Ok(Owner::Shared),
            other => Err(format!(
                "`{other}` is not an owner; use aws, customer or shared"
            )),
        }
    }
}

/// How much of the stack AWS runs for a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ServiceModel {
    /// The customer runs the guest operating system (EC2, Lightsail, WorkSpaces).
    Infrastructure,
    /// AWS runs the OS and platform; the customer configures the platform (RDS, EMR).
    Container,
    /// AWS runs everything below the API (S3, DynamoDB, Lambda).
    Abstracted,
}

impl ServiceModel {
    pub const ALL: [ServiceModel; 3] = [
        ServiceModel::Infrastructure,
        ServiceModel::Container,
        ServiceModel::Abstracted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceModel::Infrastructure => "infrastructure",
            ServiceModel::Container => "container",
            ServiceModel::Abstracted => "abstracted",
        }
    }
}

impl fmt::Display for ServiceModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ServiceModel {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "infrastructure" => Ok(ServiceModel::Infrastructure),
            "container" => Ok(ServiceModel::Container),
            "abstracted" => Ok(ServiceModel::Abstracted),
            other => Err(format!(
                "`{other}` is not a model; use infrastructure, container or abstracted"
            )),
        }
    }
}

/// Whether a service, or a feature of one, can still be used.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum AvailabilityStatus {
    Available,
    /// Existing customers keep using it; new ones cannot start.
    ClosedToNewCustomers,
    /// AWS has announced the date support ends.
    EndOfSupportAnnounced,
    /// No longer offered; the record stays so that a lookup explains.
    Retired,
}

impl AvailabilityStatus {
    pub const ALL: [AvailabilityStatus; 4] = [
        AvailabilityStatus::Available,
        AvailabilityStatus::ClosedToNewCustomers,
        AvailabilityStatus::EndOfSupportAnnounced,
        AvailabilityStatus::Retired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AvailabilityStatus::Available => "available",
            AvailabilityStatus::ClosedToNewCustomers => "closed-to-new-customers",
            AvailabilityStatus::EndOfSupportAnnounced => "end-of-support-announced",
            AvailabilityStatus::Retired => "retired",
        }
    }

    /// How the status reads in a sentence ("closed to new customers").
    pub fn phrase(self) -> &'static str {
        match self {
            AvailabilityStatus::Available => "available",
            AvailabilityStatus::ClosedToNewCustomers => "closed to new customers",
            AvailabilityStatus::EndOfSupportAnnounced => "at announced end of support",
            AvailabilityStatus::Retired => "retired",
        }
    }
}

impl fmt::Display for AvailabilityStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AvailabilityStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AvailabilityStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "`{s}` is not an availability status; use available, closed-to-new-customers, end-of-support-announced or retired"
                )
            })
    }
}

/// The availability of a service or feature, with the AWS page that announced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Availability {
    pub status: AvailabilityStatus,
    /// The day the status took effect (YYYY-MM-DD); absent for `available`.
    pub since: Option<String>,
    /// The service id AWS points customers to instead.
    pub successor: Option<String>,
    /// The AWS page that says so.
    pub source: Option<String>,
    pub note: Option<String>,
}

impl Availability {
    /// The status of everything nobody said otherwise of.
    pub fn available() -> Availability {
        Availability {
            status: AvailabilityStatus::Available,
            since: None,
            successor: None,
            source: None,
            note: None,
        }
    }

    pub fn is_available(&self) -> bool {
        self.status == AvailabilityStatus::Available
    }
}

/// A named part of a service with an availability of its own (CloudTrail Lake).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Feature {
    pub name: String,
    pub availability: Availability,
}

/// What a duty entry's owner rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// A statement or a cited AWS page supports the owner for this service.
    Documented,
    /// The service model's default, not checked for this service: an assumption.
    ModelDefault,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Documented => "documented",
            Basis::ModelDefault => "model-default",
        }
    }
}

/// An area of the Well-Architected security pillar.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Area {
    pub id: String,
    pub title: String,
    pub description: String,
    pub aliases: Vec<String>,
}

/// A service category.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub title: String,
}

/// The owner and reason a duty has by default for one service model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DutyDefault {
    pub owner: Owner,
    pub summary: String,
}

/// An entry of the duty catalogue.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Duty {
    pub id: String,
    pub title: String,
    pub area: String,
    pub description: String,
    pub synonyms: Vec<String>,
    pub general_owner: Owner,
    /// NIST SP 800-53 Rev. 5 controls or families (`SI-2`, `PE`).
    pub nist: Vec<String>,
    /// Cloud Security Alliance Cloud Controls Matrix v4 control ids (`TVM-04`).
    pub ccm: Vec<String>,
    pub defaults: DutyDefaults,
    /// Questions the duty answers when no service is named.
    pub asks: Vec<String>,
    /// True when an overlay added or changed this duty.
    pub overlay: bool,
}

/// A duty's default for each service model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DutyDefaults {
    pub infrastructure: DutyDefault,
    pub container: DutyDefault,
    pub abstracted: DutyDefault,
}

impl DutyDefaults {
    pub fn for_model(&self, model: ServiceModel) -> &DutyDefault {
        match model {
            ServiceModel::Infrastructure => &self.infrastructure,
            ServiceModel::Container => &self.container,
            ServiceModel::Abstracted => &self.abstracted,
        }
    }
}

/// A documentation page a service's facts come from.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    pub title: String,
    pub url: String,
}

/// One service-specific fact that decides a duty, with the party that acts on it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Statement {
    pub owner: Owner,
    pub text: String,
    /// AWS Security Hub control ids that check this fact (`S3.1`).
    pub controls: Vec<String>,
    /// The page this fact comes from, when it is not the service's main source.
    pub source: Option<String>,
    /// Extra words people use for this fact; they feed search and answers.
    pub keywords: Vec<String>,
    /// Other control references, such as an organisation's internal control ids.
    pub references: Vec<String>,
    /// Questions this fact answers, in the words people use.
    pub asks: Vec<String>,
    /// The availability of the feature the fact is about, when it is not simply available.
    pub availability: Option<Availability>,
    /// True when an overlay added this statement.
    pub overlay: bool,
}

/// A catalogue duty as it applies to one service.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DutyEntry {
    pub id: String,
    pub title: String,
    pub area: String,
    /// The owner for the service as a whole.
    pub owner: Owner,
    pub summary: String,
    /// True when the service file says nothing about this duty: it is the model default.
    pub inherited: bool,
    /// Whether a statement or an AWS page supports the owner, or it is an unchecked default.
    pub basis: Basis,
    /// The AWS page showing the owner holds for this service, when no statement says so.
    pub source: Option<String>,
    /// Questions about this duty on this service, in the words people use.
    pub asks: Vec<String>,
    /// True when an overlay added or changed this entry.
    pub overlay: bool,
    pub statements: Vec<Statement>,
}

/// A service record with every catalogue duty resolved for it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub aliases: Vec<String>,
    pub category: String,
    pub model: ServiceModel,
    pub summary: String,
    pub docs_url: String,
    pub sources: Vec<Source>,
    /// The day the facts were last checked (YYYY-MM-DD).
    pub reviewed: String,
    pub availability: Availability,
    /// Parts of the service, named among its aliases, whose availability differs.
    pub features: Vec<Feature>,
    /// True when an overlay added or changed this record.
    pub overlay: bool,
    pub duties: Vec<DutyEntry>,
}

impl Service {
    pub fn duty(&self, duty_id: &str) -> Option<&DutyEntry> {
        self.duties.iter().find(|entry| entry.id == duty_id)
    }

    /// Every name the service answers to: id, name, short name and aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        [
            self.id.as_str(),
            self.name.as_str(),
            self.short_name.as_str(),
        ]
        .into_iter()
        .chain(self.aliases.iter().map(String::as_str))
    }
}

/// Extra vocabulary for understanding questions, kept as data (`data/vocabulary.toml`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Vocabulary {
    /// Words that carry no meaning in a question ("who", "is", "responsible").
    pub stopwords: Vec<String>,
    /// Words too general to pick a duty ("security", "protect").
    pub generic: Vec<String>,
    /// Service names that are also ordinary English words ("support", "config").
    pub ambiguous_names: Vec<String>,
    /// Phrases that offer the choice of owners ("AWS, me, or both?").
    pub broad: Vec<String>,
    /// Phrases that ask about a service as a whole ("overall", "as a whole").
    pub overall: Vec<String>,
    /// Groups of words that mean the same thing in a search.
    pub synonyms: Vec<Vec<String>>,
    /// Names of other clouds and their products: a question about them is not about AWS.
    pub other_clouds: Vec<String>,
    /// Words and phrases that make a question one about security, besides the duty
    /// catalogue's titles and synonyms and the statements' keywords.
    pub security_terms: Vec<String>,
    /// Words of the duty catalogue too common outside security to tell on their own
    /// ("region", "code").
    pub not_security_terms: Vec<String>,
    /// Words and phrases that ask who does something ("who", "do I have to", "does AWS"):
    /// with a service named, they make a question one about responsibility.
    pub responsibility_cues: Vec<String>,
    /// Words and phrases that ask what happens by default ("by default", "on its own",
    /// "without a trail").
    pub default_cues: Vec<String>,
    /// Words and phrases of facts that say what happens by default, or until the customer
    /// acts ("by default", "automatically", "until the customer").
    pub default_markers: Vec<String>,
}

/// A word list of the vocabulary as a set, for lookups.
pub fn word_set(list: &[String]) -> std::collections::HashSet<&str> {
    list.iter().map(String::as_str).collect()
}

/// One question of a security design review (`data/review.toml`) and the duties that bear
/// on it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ReviewQuestion {
    pub id: String,
    pub question: String,
    pub duties: Vec<String>,
}

/// Words of other languages for one English term (`data/translations.toml`): a question
/// that uses one of them is matched as if it said the English term.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Translation {
    pub en: String,
    pub words: Vec<String>,
}

/// Why a catalogue entry of the AWS SDK has no record of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExclusionReason {
    /// A companion API or older version of another service, resolved as its alias.
    Alias,
    /// The service is discontinued.
    Retired,
    /// An internal, partner-only or plumbing API with no duties of its own.
    NotCustomerFacing,
}

/// A catalogue entry deliberately not given a record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Excluded {
    pub cli_name: String,
    pub reason: ExclusionReason,
    /// For aliases: the service id the name resolves to.
    pub of: Option<String>,
    pub note: String,
}

/// One of the most used services, which the dataset covers in depth.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TopService {
    pub id: String,
    pub reason: String,
}

/// The whole validated dataset.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Dataset {
    pub version: String,
    pub date: String,
    pub areas: Vec<Area>,
    pub categories: Vec<Category>,
    pub duties: Vec<Duty>,
    /// Sorted by id.
    pub services: Vec<Service>,
    pub vocabulary: Vocabulary,
    /// Other languages' words for the English terms questions are matched by.
    pub translations: Vec<Translation>,
    /// Which service each CloudFormation and Terraform resource type belongs to.
    pub resource_types: ResourceTypes,
    /// The questions a security design review answers, with the duties that bear on each.
    pub review: Vec<ReviewQuestion>,
    /// Catalogue entries with no record, and why (`data/excluded.toml`).
    pub excluded: Vec<Excluded>,
    /// The most used services, covered in depth (`data/top-services.toml`).
    pub top_services: Vec<TopService>,
    /// Hex digest of every file the dataset was read from.
    pub fingerprint: String,
    /// Normalized name -> index into `services`.
    names: HashMap<String, usize>,
    /// Every word of the duty catalogue, the areas, the stopwords and the generic words.
    duty_words: HashSet<String>,
    /// The vocabulary's stopwords and ambiguous names as sets, looked up by every question.
    stopword_set: HashSet<String>,
    ambiguous_name_set: HashSet<String>,
}

impl Dataset {
    /// The service whose id or alias is `key`, ignoring case, spacing, punctuation and a
    /// leading "Amazon" or "AWS".
    pub fn service(&self, key: &str) -> Option<&Service> {
        self.service_position(key)
            .and_then(|position| self.services.get(position))
    }

    /// The position in `services` of the service whose id or alias is `key` (see
    /// [`Dataset::service`]).
    pub fn service_position(&self, key: &str) -> Option<usize> {
        self.names.get(&normalize_name(key)).copied()
    }

    pub fn duty(&self, id: &str) -> Option<&Duty> {
        let id = id.trim().to_ascii_lowercase();
        self.duties.iter().find(|duty| duty.id == id)
    }

    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|area| area.id == id)
    }

    /// Every normalized name with the service it resolves to.
    pub fn name_table(&self) -> impl Iterator<Item = (&str, &Service)> {
        self.names
            .iter()
            .map(|(name, &index)| (name.as_str(), &self.services[index]))
    }

    /// The words duties and areas are described with, plus the vocabulary's stopwords and
    /// generic words: a service name made only of these is weak evidence in a question.
    pub fn duty_words(&self) -> &HashSet<String> {
        &self.duty_words
    }

    /// Whether `word` is one of the vocabulary's stopwords.
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopword_set.contains(word)
    }

    /// Whether `name` is one of the vocabulary's ambiguous names: an ordinary word that is
    /// also a service's name.
    pub fn is_ambiguous_name(&self, name: &str) -> bool {
        self.ambiguous_name_set.contains(name)
    }

    /// Up to `max` service ids whose names are closest to `key`, for "did you mean".
    pub fn suggest_services(&self, key: &str, max: usize) -> Vec<String> {
        let key = normalize_name(key);
        let candidates = self
            .name_table()
            .map(|(name, service)| (name.to_string(), service.id.clone()));
        alias::closest(&key, candidates, max)
    }

    /// Up to `max` duty ids closest to `key`.
    pub fn suggest_duties(&self, key: &str, max: usize) -> Vec<String> {
        let key = normalize_name(key);
        let candidates = self
            .duties
            .iter()
            .map(|duty| (normalize_name(&duty.id), duty.id.clone()));
        alias::closest(&key, candidates, max)
    }

    /// Services grouped by the owner they give a duty.
    pub fn owners_of(&self, duty_id: &str) -> HashMap<Owner, Vec<String>> {
        let mut owners: HashMap<Owner, Vec<String>> = Owner::ALL
            .iter()
            .map(|&owner| (owner, Vec::new()))
            .collect();
        for service in &self.services {
            if let Some(entry) = service.duty(duty_id) {
                owners
                    .entry(entry.owner)
                    .or_default()
                    .push(service.id.clone());
            }
        }
        owners
    }
}
