//! What must hold across a service's duties and across services: the model's invariants,
//! unique names, the most used services' depth, exclusions and successors.

use std::collections::{HashMap, HashSet};

use super::super::alias::normalize_name;
use super::super::raw::{RawExcludedList, RawTopServices};
use super::super::{
    Basis, Duty, Excluded, ExclusionReason, Owner, Service, ServiceModel, TopService,
};
use super::Checker;
use super::formats::check_asks;

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
pub(super) fn check_invariants(checker: &mut Checker, services: &[Service]) {
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

pub(super) fn check_excluded(
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

pub(super) fn check_top_services(
    checker: &mut Checker,
    raw: RawTopServices,
    services: &[Service],
    duties: &[Duty],
) -> Vec<TopService> {
    // A duty an overlay adds is the organisation's own: nothing in AWS documentation decides it.
    let own_duties: HashSet<&str> = duties
        .iter()
        .filter(|duty| duty.overlay)
        .map(|duty| duty.id.as_str())
        .collect();
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
            Some(service) => check_top_service(checker, service, &own_duties),
        }
        out.push(TopService {
            id: entry.id,
            reason: entry.reason,
        });
    }
    out
}

/// A most used service: enough statements, and every duty entry documented and carrying the
/// questions it answers.
fn check_top_service(checker: &mut Checker, service: &Service, own_duties: &HashSet<&str>) {
    let path = format!("services/{}.toml", service.id);
    let count = statement_count(service);
    if count < MIN_TOP_STATEMENTS {
        checker.report(
            &path,
            "duties",
            format!(
                "has {count} statements; a most-used service needs at least {MIN_TOP_STATEMENTS}"
            ),
        );
    }
    if service.overlay {
        return;
    }
    for entry in service
        .duties
        .iter()
        .filter(|entry| !own_duties.contains(entry.id.as_str()))
    {
        let field = format!("duties[{}]", entry.id);
        if entry.basis == Basis::ModelDefault {
            checker.report(
                &path,
                &field,
                "a most-used service documents every duty: add a statement, or a `source` showing the default owner holds",
            );
        }
        if let Err(message) = check_asks(&entry.asks, true) {
            checker.report(&path, format!("{field}.asks"), message);
        }
    }
}

/// Every successor named by an availability is a service of the dataset.
pub(super) fn check_successors(checker: &mut Checker, services: &[Service]) {
    let known: HashSet<&str> = services.iter().map(|service| service.id.as_str()).collect();
    for service in services {
        let path = format!("services/{}.toml", service.id);
        let named = std::iter::once(("availability".to_string(), &service.availability))
            .chain(service.features.iter().map(|feature| {
                (
                    format!("aliases[{}].availability", feature.name),
                    &feature.availability,
                )
            }))
            .chain(service.duties.iter().flat_map(|entry| {
                entry
                    .statements
                    .iter()
                    .enumerate()
                    .filter_map(move |(i, statement)| {
                        statement.availability.as_ref().map(|availability| {
                            (
                                format!("duties[{}].statements[{i}].availability", entry.id),
                                availability,
                            )
                        })
                    })
            }));
        for (field, availability) in named {
            if let Some(successor) = &availability.successor
                && !known.contains(successor.as_str())
            {
                checker.report(
                    &path,
                    format!("{field}.successor"),
                    format!("`{successor}` is not a service id"),
                );
            }
        }
    }
}

/// Phrases that name a kind of key or setting, not a party that acts ("customer managed key",
/// "AWS owned key"); left out before looking for actors.
const KEY_TYPE_PHRASES: [&str; 8] = [
    "customer managed",
    "customer-managed",
    "customer provided",
    "customer-provided",
    "aws managed",
    "aws-managed",
    "aws owned",
    "aws-owned",
];
/// Words that name the customer as a party.
const CUSTOMER_WORDS: [&str; 4] = ["customer", "customers", "you", "your"];
/// Words that name AWS as a party, besides the service's own names.
const AWS_WORDS: &[&str] = &["aws", "amazon", "the service"];
/// Words that, right after AWS or the service's name, make it the one acting ("RDS takes",
/// "AWS patches", "S3 automatically ..."). A name followed by a noun ("RDS instances", "AWS
/// KMS keys") is only the setting of a customer action.
const ACTION_WORDS: &[&str] = &[
    "applies",
    "apply",
    "patches",
    "patch",
    "encrypts",
    "encrypt",
    "manages",
    "manage",
    "runs",
    "run",
    "takes",
    "take",
    "keeps",
    "keep",
    "rotates",
    "rotate",
    "replicates",
    "replicate",
    "stores",
    "store",
    "monitors",
    "monitor",
    "handles",
    "handle",
    "operates",
    "operate",
    "maintains",
    "maintain",
    "installs",
    "install",
    "updates",
    "update",
    "upgrades",
    "upgrade",
    "creates",
    "create",
    "deletes",
    "delete",
    "backs",
    "scans",
    "scan",
    "secures",
    "secure",
    "protects",
    "protect",
    "provides",
    "provide",
    "publishes",
    "publish",
    "signs",
    "sign",
    "validates",
    "validate",
    "replaces",
    "replace",
    "records",
    "record",
    "logs",
    "sends",
    "send",
    "generates",
    "generate",
    "retains",
    "retain",
    "performs",
    "perform",
    "scales",
    "scale",
    "isolates",
    "isolate",
    "restarts",
    "restart",
    "detects",
    "detect",
    "blocks",
    "block",
    "enforces",
    "enforce",
    "checks",
    "check",
    "sets",
    "set",
    "picks",
    "pick",
    "chooses",
    "choose",
    "is",
    "are",
    "does",
    "do",
    "has",
    "have",
    "also",
    "automatically",
    "then",
    "will",
    "can",
    "may",
    "still",
    "itself",
    "always",
    "never",
    "only",
    "no",
    "not",
];

/// Forms of "to be" that open a passive clause ("are applied automatically").
const PASSIVE_AUXILIARIES: [&str; 7] = ["is", "are", "be", "been", "get", "gets", "got"];
/// Words that deny a passive clause: no one acts.
const NEGATIONS: [&str; 4] = ["not", "never", "cannot", "no"];
/// Participles that are not "-ed" forms.
const IRREGULAR_PARTICIPLES: [&str; 8] = [
    "taken", "done", "run", "made", "kept", "sent", "set", "built",
];

/// Whether `words` hold a passive clause done automatically, with no actor named: "are
/// applied automatically", "is then renewed on its own". In a text that also names the
/// customer, the unnamed actor is AWS.
fn has_automatic_passive(words: &[&str]) -> bool {
    let participle = |word: &str| {
        (word.len() > 3 && word.ends_with("ed")) || IRREGULAR_PARTICIPLES.contains(&word)
    };
    words.iter().enumerate().any(|(start, word)| {
        // "are never renewed automatically", "cannot be cancelled by itself": nobody acts.
        let negated = |at: usize| words.get(at).is_some_and(|w| NEGATIONS.contains(w));
        if !PASSIVE_AUXILIARIES.contains(word)
            || negated(start + 1)
            || start.checked_sub(1).is_some_and(negated)
        {
            return false;
        }
        // The participle right after the auxiliary or one word later ("are then applied").
        (start + 1..=start + 2).any(|at| {
            words.get(at).is_some_and(|w| participle(w))
                && matches!(
                    words.get(at + 1..),
                    Some(["automatically", ..] | ["on", "its", "own", ..] | ["by", "itself", ..])
                )
        })
    })
}

/// A heuristic for statements that hold two actors: the text names the customer, and names
/// AWS or the service (`service_names`, lowercase) right before an action word, or has an
/// automatic passive clause whose actor can only be AWS ("minor versions are applied
/// automatically only when the customer ..."). A reviewer marks the statements it flags where
/// only one party acts.
pub(super) fn names_both_parties(text: &str, service_names: &[String]) -> bool {
    let mut lower = text.to_lowercase();
    for phrase in KEY_TYPE_PHRASES {
        lower = lower.replace(phrase, " ");
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    if !words.iter().any(|word| CUSTOMER_WORDS.contains(word)) {
        return false;
    }
    if has_automatic_passive(&words) {
        return true;
    }
    AWS_WORDS
        .iter()
        .copied()
        .chain(service_names.iter().map(String::as_str))
        .filter(|name| !name.is_empty())
        .any(|name| {
            let name: Vec<&str> = name.split_whitespace().collect();
            words.windows(name.len() + 1).any(|window| {
                window[..name.len()] == name[..] && ACTION_WORDS.contains(&window[name.len()])
            })
        })
}

/// Builds the name table and reports names shared by two services.
pub(super) fn check_names(checker: &mut Checker, services: &[Service]) -> HashMap<String, usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statement_naming_the_service_and_the_customer_is_flagged() {
        let names = vec!["rds".to_string()];
        for (text, flagged) in [
            (
                "RDS takes backups daily, and the customer sets the retention.",
                true,
            ),
            (
                "AWS patches the host; the customer patches the guest.",
                true,
            ),
            ("The customer sets the backup retention period.", false),
            ("RDS takes an automated backup every day.", false),
            (
                "The customer chooses an AWS managed key or a customer managed key.",
                false,
            ),
            ("The customer picks a key in AWS KMS.", false),
            (
                "The customer turns on RDS encryption for new instances.",
                false,
            ),
            (
                "With no customer action, the service encrypts every table.",
                true,
            ),
            (
                "Minor versions are applied automatically only when the customer turns it on.",
                true,
            ),
            (
                "Certificates are then renewed on its own schedule once the customer validates.",
                true,
            ),
            (
                "The customer sets whether minor versions apply during the window.",
                false,
            ),
            (
                "Imported certificates are never renewed automatically; the customer renews them.",
                false,
            ),
        ] {
            assert_eq!(names_both_parties(text, &names), flagged, "{text}");
        }
    }
}
