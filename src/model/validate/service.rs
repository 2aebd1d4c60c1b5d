//! One service file into a [`Service`]: its fields, its duty entries resolved against the
//! catalogue and its model's defaults, its statements, and its availability.

use std::collections::{HashMap, HashSet};

use super::super::alias::normalize_name;
use super::super::raw::{RawAlias, RawAvailability, RawDutyEntry, RawService, RawStatement};
use super::super::{
    Availability, AvailabilityStatus, Basis, Duty, DutyEntry, Feature, Owner, Service,
    ServiceModel, Source, Statement,
};
use super::Checker;
use super::formats::{date_only, is_control_id};
use super::rules::names_both_parties;

pub(super) struct ServiceContext<'a> {
    pub category_ids: &'a HashSet<&'a str>,
    pub duties: &'a [Duty],
}

pub(super) fn check_service(
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
    let availability = match raw.availability {
        Some(raw) => check_availability(checker, path, "availability", raw),
        None => Some(Availability::available()),
    }
    .unwrap_or_else(Availability::available);
    let (aliases, features) = check_aliases(checker, path, raw.aliases);
    let control_prefixes: Vec<String> = if raw.control_prefixes.is_empty() {
        std::iter::once(&raw.id)
            .chain(&aliases)
            .map(|name| normalize_name(name))
            .collect()
    } else {
        raw.control_prefixes
            .iter()
            .map(|p| normalize_name(p))
            .collect()
    };
    let actor_names = actor_names(&raw.id, &raw.short_name);
    let entry_context = EntryContext {
        path,
        control_prefixes: &control_prefixes,
        actor_names: &actor_names,
    };

    let mut overrides = HashMap::new();
    for (i, entry) in raw.duties.into_iter().enumerate() {
        if !context.duties.iter().any(|duty| duty.id == entry.id) {
            checker.report(
                path,
                format!("duties[{i}].id"),
                format!("`{}` is not a duty of duties.toml", entry.id),
            );
            continue;
        }
        let id = entry.id.clone();
        let change = check_entry(checker, &entry_context, entry);
        if overrides.insert(id.clone(), change).is_some() {
            checker.report(path, format!("duties[{id}]"), "the duty is listed twice");
        }
    }

    let model = model?;
    let duties: Vec<DutyEntry> = context
        .duties
        .iter()
        .map(|duty| resolve_entry(duty, model, overrides.remove(&duty.id)))
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
        aliases,
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
        availability,
        features,
        overlay: raw.overlay,
        duties,
    })
}

/// The service's names, and the features among them that carry an availability.
fn check_aliases(
    checker: &mut Checker,
    path: &str,
    raw: Vec<RawAlias>,
) -> (Vec<String>, Vec<Feature>) {
    let mut aliases = Vec::new();
    let mut features = Vec::new();
    for (i, alias) in raw.into_iter().enumerate() {
        let field = format!("aliases[{i}]");
        let name = match alias {
            RawAlias::Name(name) => name,
            RawAlias::Feature(feature) => {
                if let Some(availability) = check_availability(
                    checker,
                    path,
                    &format!("{field}.availability"),
                    feature.availability,
                ) {
                    features.push(Feature {
                        name: feature.name.clone(),
                        availability,
                    });
                }
                feature.name
            }
        };
        if normalize_name(&name).is_empty() {
            checker.report(path, field, "must contain letters or digits");
        }
        aliases.push(name);
    }
    (aliases, features)
}

/// An availability: a known status, and for anything but `available` the AWS page that says
/// so, with the day it took effect when the page gives one.
pub(super) fn check_availability(
    checker: &mut Checker,
    path: &str,
    field: &str,
    raw: RawAvailability,
) -> Option<Availability> {
    let status = raw
        .status
        .parse::<AvailabilityStatus>()
        .map_err(|message| checker.report(path, format!("{field}.status"), message))
        .ok()?;
    let since = match &raw.since {
        Some(value) => {
            let date = date_only(value);
            if date.is_none() {
                checker.report(
                    path,
                    format!("{field}.since"),
                    "must be a date such as 2026-11-28",
                );
            }
            date
        }
        None => None,
    };
    // `since` may be unknown (an AWS banner without a date); the page saying so may not.
    if status != AvailabilityStatus::Available && raw.source.is_none() {
        checker.report(
            path,
            format!("{field}.source"),
            "cite the AWS page that announced it",
        );
    }
    if let Some(url) = &raw.source {
        checker.aws_url(path, &format!("{field}.source"), url, false);
    }
    if let Some(successor) = &raw.successor {
        checker.identifier(path, &format!("{field}.successor"), successor);
    }
    Some(Availability {
        status,
        since,
        successor: raw.successor,
        source: raw.source,
        note: raw.note,
    })
}

/// What a service's entries are checked against.
struct EntryContext<'a> {
    path: &'a str,
    control_prefixes: &'a [String],
    /// How statements name the service as an actor (see [`names_both_parties`]).
    actor_names: &'a [String],
}

/// What a service file says about one duty.
struct EntryChange {
    owner: Option<Owner>,
    summary: Option<String>,
    source: Option<String>,
    asks: Vec<String>,
    overlay: bool,
    statements: Vec<Statement>,
}

fn check_entry(
    checker: &mut Checker,
    context: &EntryContext<'_>,
    entry: RawDutyEntry,
) -> EntryChange {
    let path = context.path;
    let field = format!("duties[{}]", entry.id);
    if entry.owner.is_some() && entry.summary.is_none() {
        checker.report(
            path,
            &field,
            "a changed `owner` needs a `summary` giving the reason",
        );
    }
    if !entry.overlay
        && entry.owner.is_some()
        && entry.statements.is_empty()
        && entry.source.is_none()
    {
        checker.report(
            path,
            &field,
            "a changed `owner` needs a statement or a `source` that supports it",
        );
    }
    if let Some(url) = &entry.source {
        checker.aws_url(path, &format!("{field}.source"), url, false);
    }
    checker.asks(path, &field, &entry.asks, false);
    let owner = entry
        .owner
        .as_deref()
        .and_then(|owner| checker.owner(path, &format!("{field}.owner"), owner));
    let statements = entry
        .statements
        .into_iter()
        .enumerate()
        .filter_map(|(j, statement)| {
            check_statement(
                checker,
                context,
                &format!("{field}.statements[{j}]"),
                statement,
            )
        })
        .collect();
    EntryChange {
        owner,
        summary: entry.summary,
        source: entry.source,
        asks: entry.asks,
        overlay: entry.overlay,
        statements,
    }
}

fn check_statement(
    checker: &mut Checker,
    context: &EntryContext<'_>,
    field: &str,
    statement: RawStatement,
) -> Option<Statement> {
    let path = context.path;
    checker.non_empty(path, &format!("{field}.text"), &statement.text);
    for control in &statement.controls {
        check_control(checker, path, field, control, context.control_prefixes);
    }
    match &statement.source {
        Some(url) => checker.aws_url(path, &format!("{field}.source"), url, false),
        None if !statement.overlay => checker.report(
            path,
            format!("{field}.source"),
            "cite the AWS page this fact comes from",
        ),
        None => {}
    }
    checker.asks(path, field, &statement.asks, !statement.overlay);
    if !statement.overlay
        && !statement.actors_reviewed
        && names_both_parties(&statement.text, context.actor_names)
    {
        checker.report(
            path,
            format!("{field}.text"),
            "names both AWS (or the service) and the customer: split it into one statement per actor, or mark `actors_reviewed = true` if only one of them acts",
        );
    }
    let availability = statement
        .availability
        .and_then(|raw| check_availability(checker, path, &format!("{field}.availability"), raw));
    let owner = checker.owner(path, &format!("{field}.owner"), &statement.owner)?;
    Some(Statement {
        owner,
        text: statement.text,
        controls: statement.controls,
        source: statement.source,
        keywords: statement.keywords,
        references: statement.references,
        asks: statement.asks,
        availability,
        overlay: statement.overlay,
    })
}

/// The catalogue duty as it applies to a service of `model`, with what its file says.
fn resolve_entry(duty: &Duty, model: ServiceModel, change: Option<EntryChange>) -> DutyEntry {
    let default = duty.defaults.for_model(model);
    match change {
        Some(change) => {
            let basis = if change.statements.is_empty() && change.source.is_none() {
                Basis::ModelDefault
            } else {
                Basis::Documented
            };
            DutyEntry {
                id: duty.id.clone(),
                title: duty.title.clone(),
                area: duty.area.clone(),
                owner: change.owner.unwrap_or(default.owner),
                summary: change.summary.unwrap_or_else(|| default.summary.clone()),
                inherited: change.owner.is_none() && change.statements.is_empty(),
                basis,
                source: change.source,
                asks: change.asks,
                overlay: change.overlay,
                statements: change.statements,
            }
        }
        None => DutyEntry {
            id: duty.id.clone(),
            title: duty.title.clone(),
            area: duty.area.clone(),
            owner: default.owner,
            summary: default.summary.clone(),
            inherited: true,
            basis: Basis::ModelDefault,
            source: None,
            asks: Vec::new(),
            overlay: false,
            statements: Vec::new(),
        },
    }
}

/// The lowercase words by which a statement names the service as the one acting: its id and
/// its short name without the brand ("rds", "s3", "elastic beanstalk").
fn actor_names(id: &str, short_name: &str) -> Vec<String> {
    let short = short_name
        .split_whitespace()
        .skip_while(|word| word.eq_ignore_ascii_case("amazon") || word.eq_ignore_ascii_case("aws"))
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut names = vec![id.replace('-', " ")];
    if !short.is_empty() && !names.contains(&short) {
        names.push(short);
    }
    names
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
