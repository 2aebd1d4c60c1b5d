//! Composing the reply: the sentence, the sources (the page the answer rests on first), and
//! the alternatives when srmap is not sure.

use super::rank::Scored;
use super::{
    Alternative, Answer, Finding, MAX_SOURCES, MIN_CONFIDENCE, MODEL_SOURCE_TITLE,
    MODEL_SOURCE_URL, SourceLink,
};
use crate::model::{Availability, Basis, Dataset, DutyEntry, Owner, Service};

/// When srmap is not sure of the owner: the best facts with each other owner.
pub(super) fn competing(dataset: &Dataset, ranked: &[Scored<'_>]) -> Vec<Alternative> {
    let mut seen: Vec<Option<Owner>> = Vec::new();
    let mut out = Vec::new();
    for scored in ranked {
        if seen.contains(&scored.doc.owner) {
            continue;
        }
        seen.push(scored.doc.owner);
        let Some(service) = scored
            .doc
            .service_id
            .as_deref()
            .and_then(|id| dataset.service(id))
        else {
            continue;
        };
        out.push(Alternative {
            service_id: service.id.clone(),
            duty_id: scored.doc.duty_id.clone(),
            owner: scored.doc.owner,
            answer: format!(
                "On {}, {}: {}",
                service.short_name,
                scored.doc.owner.map_or("unknown", owner_noun),
                scored.doc.text
            ),
        });
        if out.len() == 2 {
            break;
        }
    }
    out
}

fn owner_noun(owner: Owner) -> &'static str {
    match owner {
        Owner::Aws => "AWS's responsibility",
        Owner::Customer => "the customer's responsibility",
        Owner::Shared => "a shared responsibility",
    }
}

/// The sources of an answer about `service`: `first` (the page of the fact used) when given,
/// then the service's security chapter, then `more`, at most [`MAX_SOURCES`], no repeats.
fn sources<'a>(
    service: &Service,
    first: Option<&str>,
    more: impl Iterator<Item = &'a str>,
) -> Vec<SourceLink> {
    let title_of = |url: &str| {
        service
            .sources
            .iter()
            .find(|source| source.url == url)
            .map(|source| source.title.clone())
            .unwrap_or_else(|| format!("{} documentation", service.short_name))
    };
    let mut links: Vec<SourceLink> = Vec::new();
    let mut push = |link: SourceLink| {
        if links.len() < MAX_SOURCES && !links.iter().any(|known| known.url == link.url) {
            links.push(link);
        }
    };
    if let Some(url) = first {
        push(SourceLink {
            title: title_of(url),
            url: url.to_string(),
        });
    }
    push(SourceLink {
        title: format!("Security in {}", service.short_name),
        url: service.docs_url.clone(),
    });
    for url in more {
        push(SourceLink {
            title: title_of(url),
            url: url.to_string(),
        });
    }
    links
}

/// The pages the statements of `entry` cite, for sources after the first.
fn entry_pages(entry: &DutyEntry) -> impl Iterator<Item = &str> {
    entry
        .source
        .as_deref()
        .into_iter()
        .chain(entry.statements.iter().filter_map(|s| s.source.as_deref()))
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The service's availability, when it is not simply available.
fn unavailable(service: &Service) -> Option<Availability> {
    (!service.availability.is_available()).then(|| service.availability.clone())
}

pub(super) fn compose(question: &str, finding: Option<Finding<'_>>, confidence: f32) -> Answer {
    let sure = confidence >= MIN_CONFIDENCE;
    let mut reply = Answer {
        query: question.to_string(),
        confidence,
        about_aws_security: true,
        ..Answer::default()
    };
    match finding {
        None => {
            reply.answer = "srmap could not tell which responsibility the question is about. Name an AWS service and a duty, for example \"who patches the OS on RDS\".".to_string();
        }
        Some(Finding::Statement {
            service,
            entry,
            position,
        }) => {
            let statement = &entry.statements[position];
            reply.basis = Some(Basis::Documented);
            reply.availability = statement
                .availability
                .clone()
                .or_else(|| unavailable(service));
            reply.service_id = Some(service.id.clone());
            reply.duty_id = Some(entry.id.clone());
            reply.statement = Some(statement.text.clone());
            let others = entry
                .statements
                .iter()
                .filter_map(|s| s.source.as_deref())
                .chain(entry.source.as_deref());
            reply.sources = sources(service, statement.source.as_deref(), others);
            reply.answer = format!(
                "On {}, this is {}: {}",
                service.short_name,
                owner_noun(statement.owner),
                statement.text
            );
            if sure {
                reply.owner = Some(statement.owner);
            }
        }
        Some(Finding::Entry { service, entry }) => {
            reply.basis = Some(entry.basis);
            reply.availability = unavailable(service);
            reply.service_id = Some(service.id.clone());
            reply.duty_id = Some(entry.id.clone());
            let mut pages = entry_pages(entry);
            let first = pages.next();
            reply.sources = sources(service, first, pages);
            reply.answer = format!(
                "On {}, {} is {}. {}",
                service.short_name,
                lower_first(&entry.title),
                owner_noun(entry.owner),
                entry.summary
            );
            if sure {
                reply.owner = Some(entry.owner);
            }
        }
        Some(Finding::General { duty }) => {
            reply.duty_id = Some(duty.id.clone());
            reply.sources = vec![SourceLink {
                title: MODEL_SOURCE_TITLE.to_string(),
                url: MODEL_SOURCE_URL.to_string(),
            }];
            reply.answer = format!(
                "In general, {} is {}. {}",
                lower_first(&duty.title),
                owner_noun(duty.general_owner),
                duty.description
            );
            if sure {
                reply.owner = Some(duty.general_owner);
            }
        }
        Some(Finding::Overall { service }) => {
            reply.availability = unavailable(service);
            reply.service_id = Some(service.id.clone());
            reply.sources = sources(service, None, std::iter::empty());
            reply.answer = overall_sentence(service);
            if sure {
                reply.owner = Some(Owner::Shared);
            }
        }
    }
    if !sure && reply.owner.is_none() && !reply.answer.is_empty() && confidence > 0.0 {
        reply.answer = format!("Not sure: {}", reply.answer);
    }
    reply
}

/// "Security on X is shared: AWS owns ..., the customer owns ..."
fn overall_sentence(service: &Service) -> String {
    let titles = |owner: Owner| -> Vec<String> {
        service
            .duties
            .iter()
            .filter(|entry| entry.owner == owner)
            .map(|entry| lower_first(&entry.title))
            .collect()
    };
    let (aws, customer, shared) = (
        titles(Owner::Aws),
        titles(Owner::Customer),
        titles(Owner::Shared),
    );
    let sample = |items: &[String]| items.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    format!(
        "Security on {} is a shared responsibility ({} model): AWS owns {} of its duties (such as {}), the customer owns {} (such as {}), and {} are shared.",
        service.short_name,
        service.model,
        aws.len(),
        sample(&aws),
        customer.len(),
        sample(&customer),
        shared.len()
    )
}

pub(super) fn alternative(service: &Service, duty_id: &str) -> Alternative {
    match service.duty(duty_id) {
        Some(entry) => Alternative {
            service_id: service.id.clone(),
            duty_id: Some(entry.id.clone()),
            owner: Some(entry.owner),
            answer: format!(
                "On {}, {} is {}.",
                service.short_name,
                lower_first(&entry.title),
                owner_noun(entry.owner)
            ),
        },
        None => Alternative {
            service_id: service.id.clone(),
            duty_id: None,
            owner: None,
            answer: String::new(),
        },
    }
}
