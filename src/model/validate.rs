//! Turning the dataset's files into a [`Dataset`], checking every rule on the way.
//!
//! Every problem is collected, not just the first, so `srmap validate` can list them all by
//! file and field.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::alias::{normalize_name, words};
use super::raw::{
    RawAreas, RawCategories, RawDatasetInfo, RawDuties, RawDuty, RawExcludedList, RawService,
    RawTopServices, RawVocabulary,
};
use super::{
    Area, Category, Dataset, Duty, DutyDefault, DutyDefaults, DutyEntry, Excluded, ExclusionReason,
    Owner, Service, ServiceModel, Source, Statement, TopService, Vocabulary,
};

/// Bumped when the way files turn into a dataset or an index changes, so that on-disk indexes
/// built by an older binary are not reused.
const FORMAT_VERSION: &str = "srmap-dataset-1";

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
                    .map(|span| {
                        let line = text[..span.start.min(text.len())].lines().count().max(1);
                        format!("line {line}")
                    })
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
        if !is_identifier(value) {
            self.report(
                file,
                field,
                format!("`{value}` must be lowercase letters, digits and single hyphens"),
            );
        }
    }

    fn aws_url(&mut self, file: &str, field: &str, value: &str, docs_only: bool) {
        if let Err(message) = check_aws_url(value, docs_only) {
            self.report(file, field, message);
        }
    }
}

fn is_identifier(value: &str) -> bool {
    !value.is_empty()
        && !value.starts_with('-')
        && !value.ends_with('-')
        && !value.contains("--")
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `https` on an AWS domain; with `docs_only`, on docs.aws.amazon.com.
fn check_aws_url(value: &str, docs_only: bool) -> Result<(), String> {
    let url = url::Url::parse(value).map_err(|error| format!("`{value}` is not a URL: {error}"))?;
    if url.scheme() != "https" {
        return Err(format!("`{value}` must use https"));
    }
    let host = url.host_str().unwrap_or_default();
    let on_aws = host == "aws.amazon.com"
        || host.ends_with(".aws.amazon.com")
        || host.ends_with(".amazonaws.com")
        || host.ends_with(".amazonaws.cn");
    if docs_only && host != "docs.aws.amazon.com" {
        return Err(format!("`{value}` must be a page on docs.aws.amazon.com"));
    }
    if !on_aws {
        return Err(format!("`{value}` is not on an AWS domain"));
    }
    Ok(())
}

/// `S3.1`, `RDS.13`, `APIGateway.9`.
fn is_control_id(value: &str) -> bool {
    match value.split_once('.') {
        Some((prefix, number)) => {
            !prefix.is_empty()
                && prefix.chars().all(|c| c.is_ascii_alphanumeric())
                && prefix.starts_with(|c: char| c.is_ascii_uppercase())
                && !number.is_empty()
                && number.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// `SI-2`, `AC-6(1)` or a family such as `PE`.
fn is_nist_control(value: &str) -> bool {
    let (family, rest) = value.split_at(value.len().min(2));
    family.len() == 2
        && family.chars().all(|c| c.is_ascii_uppercase())
        && (rest.is_empty()
            || (rest.starts_with('-')
                && rest[1..].starts_with(|c: char| c.is_ascii_digit())
                && rest[1..]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '(' || c == ')')))
}

/// `TVM-04`, `IAM-02`: three capital letters, a hyphen, two digits.
fn is_ccm_control(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 6
        && bytes[..3].iter().all(u8::is_ascii_uppercase)
        && bytes[3] == b'-'
        && bytes[4..].iter().all(u8::is_ascii_digit)
}

fn date_only(value: &toml::value::Datetime) -> Option<String> {
    match (value.date, value.time) {
        (Some(date), None) => Some(date.to_string()),
        _ => None,
    }
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
            })
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
        let top_services = by_path
            .get("top-services.toml")
            .and_then(|text| checker.parse::<RawTopServices>("top-services.toml", text))
            .map(|raw| check_top_services(&mut checker, raw, &services))
            .unwrap_or_default();

        if !checker.problems.is_empty() {
            return Err(ValidationError {
                problems: checker.problems,
            });
        }
        let duty_words = duty_words(&duties, &areas, &vocabulary);
        Ok(Dataset {
            version,
            date,
            areas,
            categories,
            duties,
            services,
            duty_words,
            vocabulary,
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

fn check_info(checker: &mut Checker, info: RawDatasetInfo) -> (String, String) {
    let parts: Vec<&str> = info.version.split('.').collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|part| part.is_empty() || !part.chars().all(|c| c.is_ascii_digit()))
    {
        checker.report(
            "dataset.toml",
            "version",
            format!(
                "`{}` must be a semantic version such as 1.2.3",
                info.version
            ),
        );
    }
    let date = date_only(&info.date).unwrap_or_else(|| {
        checker.report("dataset.toml", "date", "must be a date such as 2026-11-28");
        String::new()
    });
    (info.version, date)
}

fn check_areas(checker: &mut Checker, raw: RawAreas) -> Vec<Area> {
    let mut seen = HashSet::new();
    let mut areas = Vec::new();
    for (i, area) in raw.area.into_iter().enumerate() {
        let field = format!("area[{i}]");
        checker.identifier("areas.toml", &format!("{field}.id"), &area.id);
        checker.non_empty("areas.toml", &format!("{field}.title"), &area.title);
        if !seen.insert(area.id.clone()) {
            checker.report(
                "areas.toml",
                format!("{field}.id"),
                format!("`{}` is listed twice", area.id),
            );
        }
        areas.push(Area {
            id: area.id,
            title: area.title,
            description: area.description,
            aliases: area.aliases,
        });
    }
    areas
}

fn check_categories(checker: &mut Checker, raw: RawCategories) -> Vec<Category> {
    let mut seen = HashSet::new();
    let mut categories = Vec::new();
    for (i, category) in raw.category.into_iter().enumerate() {
        let field = format!("category[{i}].id");
        checker.identifier("categories.toml", &field, &category.id);
        if !seen.insert(category.id.clone()) {
            checker.report(
                "categories.toml",
                field,
                format!("`{}` is listed twice", category.id),
            );
        }
        categories.push(Category {
            id: category.id,
            title: category.title,
        });
    }
    categories
}

fn check_duties(checker: &mut Checker, raw: RawDuties, area_ids: &HashSet<&str>) -> Vec<Duty> {
    const FILE: &str = "duties.toml";
    let mut seen = HashSet::new();
    let mut duties = Vec::new();
    for duty in raw.duty {
        let field = format!("duty[{}]", duty.id);
        checker.identifier(FILE, &format!("{field}.id"), &duty.id);
        checker.non_empty(FILE, &format!("{field}.title"), &duty.title);
        checker.non_empty(FILE, &format!("{field}.description"), &duty.description);
        if !seen.insert(duty.id.clone()) {
            checker.report(FILE, format!("{field}.id"), "the duty is listed twice");
        }
        if !area_ids.contains(duty.area.as_str()) {
            checker.report(
                FILE,
                format!("{field}.area"),
                format!("`{}` is not an area of areas.toml", duty.area),
            );
        }
        for control in &duty.nist {
            if !is_nist_control(control) {
                checker.report(
                    FILE,
                    format!("{field}.nist"),
                    format!("`{control}` is not a NIST SP 800-53 control id such as SI-2"),
                );
            }
        }
        for control in &duty.ccm {
            if !is_ccm_control(control) {
                checker.report(
                    FILE,
                    format!("{field}.ccm"),
                    format!("`{control}` is not a CSA CCM v4 control id such as TVM-04"),
                );
            }
        }
        if let Some(duty) = build_duty(checker, &field, duty) {
            duties.push(duty);
        }
    }
    duties
}

fn build_duty(checker: &mut Checker, field: &str, duty: RawDuty) -> Option<Duty> {
    const FILE: &str = "duties.toml";
    let general_owner = checker.owner(FILE, &format!("{field}.general_owner"), &duty.general_owner);
    let mut default_for = |model: &str, raw: super::raw::RawDutyDefault| {
        let owner = checker.owner(FILE, &format!("{field}.defaults.{model}.owner"), &raw.owner);
        checker.non_empty(
            FILE,
            &format!("{field}.defaults.{model}.summary"),
            &raw.summary,
        );
        owner.map(|owner| DutyDefault {
            owner,
            summary: raw.summary,
        })
    };
    let infrastructure = default_for("infrastructure", duty.defaults.infrastructure);
    let container = default_for("container", duty.defaults.container);
    let abstracted = default_for("abstracted", duty.defaults.abstracted);
    Some(Duty {
        id: duty.id,
        title: duty.title,
        area: duty.area,
        description: duty.description,
        synonyms: duty.synonyms,
        general_owner: general_owner?,
        nist: duty.nist,
        ccm: duty.ccm,
        overlay: duty.overlay,
        defaults: DutyDefaults {
            infrastructure: infrastructure?,
            container: container?,
            abstracted: abstracted?,
        },
    })
}

struct ServiceContext<'a> {
    category_ids: &'a HashSet<&'a str>,
    duties: &'a [Duty],
}

fn check_service(
    checker: &mut Checker,
    path: &str,
    raw: RawService,
    context: &ServiceContext<'_>,
) -> Option<Service> {
    let stem = path
        .trim_start_matches("services/")
        .trim_end_matches(".toml");
    checker.identifier(path, "id", &raw.id);
    if raw.id != stem {
        checker.report(
            path,
            "id",
            format!("`{}` must equal the file name `{stem}`", raw.id),
        );
    }
    for (field, value) in [
        ("name", &raw.name),
        ("short_name", &raw.short_name),
        ("summary", &raw.summary),
    ] {
        checker.non_empty(path, field, value);
    }
    if !context.category_ids.contains(raw.category.as_str()) {
        checker.report(
            path,
            "category",
            format!("`{}` is not a category of categories.toml", raw.category),
        );
    }
    let model = raw
        .model
        .parse::<ServiceModel>()
        .map_err(|message| checker.report(path, "model", message))
        .ok();
    checker.aws_url(path, "docs_url", &raw.docs_url, true);
    if raw.sources.is_empty() {
        checker.report(path, "sources", "cite at least one AWS documentation page");
    }
    for (i, source) in raw.sources.iter().enumerate() {
        checker.non_empty(path, &format!("sources[{i}].title"), &source.title);
        checker.aws_url(path, &format!("sources[{i}].url"), &source.url, false);
    }
    let reviewed = date_only(&raw.reviewed).unwrap_or_else(|| {
        checker.report(path, "reviewed", "must be a date such as 2026-11-28");
        String::new()
    });
    for (i, alias) in raw.aliases.iter().enumerate() {
        if normalize_name(alias).is_empty() {
            checker.report(
                path,
                format!("aliases[{i}]"),
                "must contain letters or digits",
            );
        }
    }
    let control_prefixes: Vec<String> = if raw.control_prefixes.is_empty() {
        std::iter::once(&raw.id)
            .chain(&raw.aliases)
            .map(|name| normalize_name(name))
            .collect()
    } else {
        raw.control_prefixes
            .iter()
            .map(|p| normalize_name(p))
            .collect()
    };

    let mut overrides = HashMap::new();
    for (i, entry) in raw.duties.into_iter().enumerate() {
        let field = format!("duties[{i}]");
        if !context.duties.iter().any(|duty| duty.id == entry.id) {
            checker.report(
                path,
                format!("{field}.id"),
                format!("`{}` is not a duty of duties.toml", entry.id),
            );
            continue;
        }
        let field = format!("duties[{}]", entry.id);
        if entry.owner.is_some() && entry.summary.is_none() {
            checker.report(
                path,
                &field,
                "a changed `owner` needs a `summary` giving the reason",
            );
        }
        let owner = entry
            .owner
            .as_deref()
            .and_then(|owner| checker.owner(path, &format!("{field}.owner"), owner));
        let mut statements = Vec::new();
        for (j, statement) in entry.statements.into_iter().enumerate() {
            let field = format!("{field}.statements[{j}]");
            checker.non_empty(path, &format!("{field}.text"), &statement.text);
            for control in &statement.controls {
                check_control(checker, path, &field, control, &control_prefixes);
            }
            if let Some(url) = &statement.source {
                checker.aws_url(path, &format!("{field}.source"), url, false);
            }
            if let Some(owner) = checker.owner(path, &format!("{field}.owner"), &statement.owner) {
                statements.push(Statement {
                    owner,
                    text: statement.text,
                    controls: statement.controls,
                    source: statement.source,
                    keywords: statement.keywords,
                    references: statement.references,
                    overlay: statement.overlay,
                });
            }
        }
        let change = EntryChange {
            owner,
            summary: entry.summary,
            overlay: entry.overlay,
            statements,
        };
        if overrides.insert(entry.id.clone(), change).is_some() {
            checker.report(path, field, "the duty is listed twice");
        }
    }

    let model = model?;
    let duties: Vec<DutyEntry> = context
        .duties
        .iter()
        .map(|duty| {
            let default = duty.defaults.for_model(model);
            match overrides.remove(&duty.id) {
                Some(change) => DutyEntry {
                    id: duty.id.clone(),
                    title: duty.title.clone(),
                    area: duty.area.clone(),
                    owner: change.owner.unwrap_or(default.owner),
                    summary: change.summary.unwrap_or_else(|| default.summary.clone()),
                    inherited: false,
                    overlay: change.overlay,
                    statements: change.statements,
                },
                None => DutyEntry {
                    id: duty.id.clone(),
                    title: duty.title.clone(),
                    area: duty.area.clone(),
                    owner: default.owner,
                    summary: default.summary.clone(),
                    inherited: true,
                    overlay: false,
                    statements: Vec::new(),
                },
            }
        })
        .collect();
    for owner in [Owner::Aws, Owner::Customer] {
        if !duties.iter().any(|entry| entry.owner == owner) {
            checker.report(path, "duties", format!("no duty is owned by `{owner}`"));
        }
    }
    Some(Service {
        id: raw.id,
        name: raw.name,
        short_name: raw.short_name,
        aliases: raw.aliases,
        category: raw.category,
        model,
        summary: raw.summary,
        docs_url: raw.docs_url,
        sources: raw
            .sources
            .into_iter()
            .map(|source| Source {
                title: source.title,
                url: source.url,
            })
            .collect(),
        reviewed,
        overlay: raw.overlay,
        duties,
    })
}

/// What a service file says about one duty.
struct EntryChange {
    owner: Option<Owner>,
    summary: Option<String>,
    overlay: bool,
    statements: Vec<Statement>,
}

fn check_control(
    checker: &mut Checker,
    path: &str,
    field: &str,
    control: &str,
    prefixes: &[String],
) {
    if !is_control_id(control) {
        checker.report(
            path,
            format!("{field}.controls"),
            format!("`{control}` is not a Security Hub control id such as S3.1"),
        );
        return;
    }
    let prefix = control.split('.').next().unwrap_or_default();
    if !prefixes.contains(&normalize_name(prefix)) {
        checker.report(
            path,
            format!("{field}.controls"),
            format!(
                "`{control}` belongs to another service; list `{prefix}` in control_prefixes if this service uses it"
            ),
        );
    }
}

/// Service-specific statements every record needs.
pub const MIN_STATEMENTS: usize = 3;
/// Statements each of the most used services needs.
pub const MIN_TOP_STATEMENTS: usize = 8;

fn statement_count(service: &Service) -> usize {
    service
        .duties
        .iter()
        .map(|entry| entry.statements.len())
        .sum()
}

/// Facts that hold for every service whatever its documentation says, so a record that
/// breaks one is wrong: AWS owns physical security, the customer owns identity and access
/// management, the guest OS is the customer's on infrastructure services and AWS's on
/// abstracted ones.
fn check_invariants(checker: &mut Checker, services: &[Service]) {
    for service in services {
        let path = format!("services/{}.toml", service.id);
        let mut expect = |duty: &str, owner: Owner, why: &str| {
            if let Some(entry) = service.duty(duty)
                && entry.owner != owner
            {
                checker.report(
                    &path,
                    format!("duties[{duty}].owner"),
                    format!("must be `{owner}` {why}; it is `{}`", entry.owner),
                );
            }
        };
        expect("physical-security", Owner::Aws, "on every service");
        expect(
            "identity-access-management",
            Owner::Customer,
            "on every service",
        );
        match service.model {
            ServiceModel::Infrastructure => expect(
                "os-patching",
                Owner::Customer,
                "on an infrastructure service",
            ),
            ServiceModel::Abstracted => {
                expect("os-patching", Owner::Aws, "on an abstracted service")
            }
            ServiceModel::Container => {}
        }
        let count = statement_count(service);
        if count < MIN_STATEMENTS {
            checker.report(
                &path,
                "duties",
                format!("has {count} statements; every service needs at least {MIN_STATEMENTS}"),
            );
        }
    }
}

fn check_excluded(
    checker: &mut Checker,
    raw: RawExcludedList,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Vec<Excluded> {
    const FILE: &str = "excluded.toml";
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for entry in raw.excluded {
        let field = format!("excluded[{}]", entry.cli_name);
        if !seen.insert(entry.cli_name.clone()) {
            checker.report(FILE, &field, "listed twice");
        }
        let reason = match entry.reason.as_str() {
            "alias" => ExclusionReason::Alias,
            "retired" => ExclusionReason::Retired,
            "not-customer-facing" => ExclusionReason::NotCustomerFacing,
            other => {
                checker.report(
                    FILE,
                    format!("{field}.reason"),
                    format!("`{other}` is not a reason; use alias, retired or not-customer-facing"),
                );
                continue;
            }
        };
        let resolved = resolve(&entry.cli_name);
        match (reason, entry.of.as_deref()) {
            (ExclusionReason::Alias, Some(of)) => {
                if resolved.as_deref() != Some(of) {
                    checker.report(
                        FILE,
                        format!("{field}.of"),
                        format!("`{}` must be an alias of service `{of}`", entry.cli_name),
                    );
                }
            }
            (ExclusionReason::Alias, None) => {
                checker.report(
                    FILE,
                    format!("{field}.of"),
                    "an alias names the service it belongs to",
                );
            }
            (_, _) => {
                if let Some(id) = resolved {
                    checker.report(
                        FILE,
                        &field,
                        format!(
                            "`{}` is a name of service `{id}`; list it as an alias",
                            entry.cli_name
                        ),
                    );
                }
            }
        }
        out.push(Excluded {
            cli_name: entry.cli_name,
            reason,
            of: entry.of,
            note: entry.note,
        });
    }
    out
}

fn check_top_services(
    checker: &mut Checker,
    raw: RawTopServices,
    services: &[Service],
) -> Vec<TopService> {
    const FILE: &str = "top-services.toml";
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for entry in raw.service {
        let field = format!("service[{}]", entry.id);
        if !seen.insert(entry.id.clone()) {
            checker.report(FILE, &field, "listed twice");
        }
        checker.non_empty(FILE, &format!("{field}.reason"), &entry.reason);
        match services.iter().find(|service| service.id == entry.id) {
            None => checker.report(FILE, &field, format!("`{}` is not a service id", entry.id)),
            Some(service) => {
                let count = statement_count(service);
                if count < MIN_TOP_STATEMENTS {
                    checker.report(
                        &format!("services/{}.toml", service.id),
                        "duties",
                        format!(
                            "has {count} statements; a most-used service needs at least {MIN_TOP_STATEMENTS}"
                        ),
                    );
                }
            }
        }
        out.push(TopService {
            id: entry.id,
            reason: entry.reason,
        });
    }
    out
}

/// Builds the name table and reports names shared by two services.
fn check_names(checker: &mut Checker, services: &[Service]) -> HashMap<String, usize> {
    let mut names: HashMap<String, usize> = HashMap::new();
    // Ids win over aliases, so claim them first.
    for (index, service) in services.iter().enumerate() {
        names.insert(normalize_name(&service.id), index);
    }
    for (index, service) in services.iter().enumerate() {
        let path = format!("services/{}.toml", service.id);
        for name in service.names().skip(1) {
            let key = normalize_name(name);
            if key.is_empty() {
                continue;
            }
            match names.get(&key) {
                Some(&other) if other != index => {
                    let owner = &services[other];
                    let what = if normalize_name(&owner.id) == key {
                        "the id"
                    } else {
                        "a name"
                    };
                    checker.report(
                        &path,
                        "aliases",
                        format!("`{name}` is already {what} of service `{}`", owner.id),
                    );
                }
                Some(_) => {}
                None => {
                    names.insert(key, index);
                }
            }
        }
    }
    names
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
    fn control_ids_need_a_prefix_a_dot_and_a_number() {
        for (value, ok) in [
            ("S3.1", true),
            ("APIGateway.9", true),
            ("s3.1", false),
            ("S3", false),
            ("S3.x", false),
        ] {
            assert_eq!(is_control_id(value), ok, "{value}");
        }
    }

    #[test]
    fn nist_ids_are_a_family_or_a_control() {
        for (value, ok) in [
            ("PE", true),
            ("SI-2", true),
            ("AC-6(1)", true),
            ("si-2", false),
            ("SI2", false),
        ] {
            assert_eq!(is_nist_control(value), ok, "{value}");
        }
    }

    #[test]
    fn urls_must_be_https_on_an_aws_domain() {
        assert!(check_aws_url("https://docs.aws.amazon.com/x.html", true).is_ok());
        assert!(check_aws_url("http://docs.aws.amazon.com/x.html", true).is_err());
        assert!(check_aws_url("https://aws.amazon.com/compliance/", true).is_err());
        assert!(check_aws_url("https://aws.amazon.com/compliance/", false).is_ok());
        assert!(check_aws_url("https://example.com/aws.amazon.com", false).is_err());
        assert!(check_aws_url("https://evilaws.amazon.com.example.com/", false).is_err());
    }
}
