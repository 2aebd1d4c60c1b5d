//! Answering a question in plain language: which service it names, which duty it asks about,
//! and who owns that duty.
//!
//! The steps are: find service names anywhere in the question ([`recognize`]), drop those
//! words and the stopwords of `data/vocabulary.toml`, then rank the named service's duty
//! entries and statements (or, with no service, the catalogue duties) against what is left.
//! A statement that ranks first answers with its own owner; otherwise the duty entry does.
//! Weak evidence gives a low confidence and a null owner rather than a guess.

mod recognize;

use schemars::JsonSchema;
use serde::Serialize;

use crate::index::{DocKind, RankedDoc, SearchIndex, stems};
use crate::model::{Availability, Basis, Dataset, DutyEntry, Owner, Service};

pub use recognize::{Mention, MentionKind};

/// Below this confidence the answer gives no owner.
pub const MIN_CONFIDENCE: f32 = 0.3;
/// The page on the model itself, cited when no service is named.
const MODEL_SOURCE_URL: &str = "https://aws.amazon.com/compliance/shared-responsibility-model/";
const MODEL_SOURCE_TITLE: &str = "AWS Shared Responsibility Model";
/// Services of a question compared for which one it is about.
const MAX_COMPARED_SERVICES: usize = 3;
/// Weight of a service named after the first: it must fit clearly better to win.
const LATER_MENTION_PRIOR: f32 = 0.85;
/// Most alternatives listed.
const MAX_ALTERNATIVES: usize = 4;

/// A cited page.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, JsonSchema)]
pub struct SourceLink {
    pub title: String,
    pub url: String,
}

/// Another reading of the question: another service it names.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Alternative {
    pub service_id: String,
    pub duty_id: Option<String>,
    pub owner: Option<Owner>,
    pub answer: String,
}

/// The reply to a question.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Answer {
    pub query: String,
    /// One or two sentences composed from the data.
    pub answer: String,
    /// Null when the evidence is too weak to say.
    pub owner: Option<Owner>,
    pub service_id: Option<String>,
    pub duty_id: Option<String>,
    /// The statement the answer rests on, when the question was that specific.
    pub statement: Option<String>,
    /// From 0 to 1: how sure srmap is of the service and the duty together.
    pub confidence: f32,
    pub sources: Vec<SourceLink>,
    pub alternatives: Vec<Alternative>,
    /// Whether the duty entry's owner is documented for the service or its model's default.
    pub basis: Option<Basis>,
    /// The service's or feature's availability, when it is not simply available.
    pub availability: Option<Availability>,
}

/// What the question was found to ask about.
enum Finding<'a> {
    /// A statement of a duty entry of a service.
    Statement {
        service: &'a Service,
        entry: &'a DutyEntry,
        position: usize,
    },
    /// A duty entry of a service.
    Entry {
        service: &'a Service,
        entry: &'a DutyEntry,
    },
    /// A catalogue duty, no service named.
    General { duty: &'a crate::model::Duty },
    /// The service as a whole.
    Overall { service: &'a Service },
}

/// One candidate the answer was chosen from, for `srmap ask --explain`.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub score: f32,
    pub kind: DocKind,
    pub duty_id: Option<String>,
    pub owner: Option<Owner>,
    pub text: String,
}

/// Answers `question` from the dataset. Never fails on any text; errors are internal.
pub fn answer(dataset: &Dataset, index: &SearchIndex, question: &str) -> tantivy::Result<Answer> {
    answer_explained(dataset, index, question).map(|(reply, _)| reply)
}

/// Like [`answer`], also returning the best-ranked candidates it chose from.
pub fn answer_explained(
    dataset: &Dataset,
    index: &SearchIndex,
    question: &str,
) -> tantivy::Result<(Answer, Vec<Candidate>)> {
    let mut candidates = Vec::new();
    let words = recognize::words(question);
    let mut mentions = recognize::services(dataset, &words, &|word| index.knows_word(word));
    let vocabulary = &dataset.vocabulary;
    let remainder: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, _)| !mentions.iter().any(|m| m.by_name && m.covers(*i)))
        .map(|(_, word)| word.as_str())
        .filter(|word| !vocabulary.stopwords.iter().any(|stop| stop == word))
        .collect();
    let specific: Vec<&str> = remainder
        .iter()
        .copied()
        .filter(|word| !vocabulary.generic.iter().any(|generic| generic == word))
        .collect();
    let lowered = format!(" {} ", words.join(" "));
    let has_phrase = |phrases: &[String]| {
        phrases
            .iter()
            .any(|phrase| lowered.contains(&format!(" {phrase} ")))
    };
    let asks_overall = has_phrase(&vocabulary.overall);
    let asks_verdict = has_phrase(&vocabulary.broad);

    if mentions.is_empty()
        && !specific.is_empty()
        && !asks_overall
        && let Some(service_id) = infer_service(index, &specific.join(" "))?
    {
        mentions.push(Mention {
            service_id,
            start: 0,
            len: 0,
            kind: MentionKind::Inferred,
            by_name: false,
        });
    }
    let mut ranked_for_primary = None;
    if !asks_overall && !specific.is_empty() && mentions.len() > 1 {
        // Several services named: the answer is about the one whose facts fit the question
        // best, the first named winning near-ties ("MySQL on EC2 or RDS" vs "metrics from
        // EC2 in CloudWatch").
        let mut best: Option<(usize, f32, Vec<RankedDoc<'_>>)> = None;
        for (position, mention) in mentions.iter().enumerate().take(MAX_COMPARED_SERVICES) {
            let ranked = index.rank_for_answer(
                &specific.join(" "),
                Some(&mention.service_id),
                &[DocKind::Entry, DocKind::Statement],
            )?;
            let prior = if position == 0 {
                1.0
            } else {
                LATER_MENTION_PRIOR
            };
            let weight = ranked.first().map_or(0.0, |top| strength(top.score))
                * mention.confidence()
                * prior;
            if best.as_ref().is_none_or(|(_, score, _)| weight > *score) {
                best = Some((position, weight, ranked));
            }
        }
        if let Some((position, _, ranked)) = best {
            let chosen = mentions.remove(position);
            mentions.insert(0, chosen);
            ranked_for_primary = Some(ranked);
        }
    }
    let primary = mentions
        .first()
        .and_then(|m| dataset.service(&m.service_id));
    let (finding, match_strength) = match primary {
        Some(service) if asks_overall || specific.is_empty() => {
            (Some(Finding::Overall { service }), 1.0)
        }
        Some(service) => {
            let ranked = match ranked_for_primary {
                Some(ranked) => ranked,
                None => index.rank_for_answer(
                    &specific.join(" "),
                    Some(&service.id),
                    &[DocKind::Entry, DocKind::Statement],
                )?,
            };
            candidates = to_candidates(&ranked);
            let question_stems = if asks_verdict {
                Vec::new()
            } else {
                stems(&specific.join(" "))
            };
            best_for_service(dataset, service, &ranked, &question_stems)
        }
        None if specific.is_empty() => (None, 0.0),
        None => {
            let ranked = index.rank_for_answer(&specific.join(" "), None, &[DocKind::Duty])?;
            candidates = to_candidates(&ranked);
            best_general(dataset, &ranked)
        }
    };
    let service_confidence = match mentions.first() {
        Some(mention) => mention.confidence(),
        None => 0.9,
    };
    let confidence = if finding.is_some() {
        (service_confidence * match_strength).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let confidence = (confidence * 100.0).round() / 100.0;
    let mut reply = compose(question, finding, confidence);
    if let Some(duty_id) = reply.duty_id.clone() {
        reply.alternatives = mentions
            .iter()
            .skip(1)
            .filter_map(|m| dataset.service(&m.service_id))
            .take(MAX_ALTERNATIVES)
            .map(|service| alternative(service, &duty_id))
            .collect();
    } else {
        reply.alternatives = mentions
            .iter()
            .skip(1)
            .take(MAX_ALTERNATIVES)
            .map(|m| Alternative {
                service_id: m.service_id.clone(),
                duty_id: None,
                owner: None,
                answer: String::new(),
            })
            .collect();
    }
    Ok((reply, candidates))
}

/// How much better than any catalogue duty one service's fact must match a question that
/// names no service for srmap to take the question as being about that service.
const INFERENCE_RATIO: f32 = 2.0;

/// The service a question that names none is about, when one service's statement matches it
/// far better than any general duty does.
fn infer_service(index: &SearchIndex, specific: &str) -> tantivy::Result<Option<String>> {
    let general = index.rank_for_answer(specific, None, &[DocKind::Duty])?;
    let facts = index.rank_for_answer(specific, None, &[DocKind::Statement])?;
    let general_best = general.first().map_or(0.0, |top| top.score);
    Ok(facts
        .first()
        .filter(|fact| fact.score > INFERENCE_RATIO * general_best)
        .and_then(|fact| fact.doc.service_id.clone()))
}

/// Candidates shown by `--explain`.
const MAX_CANDIDATES: usize = 8;

fn to_candidates(ranked: &[RankedDoc<'_>]) -> Vec<Candidate> {
    ranked
        .iter()
        .take(MAX_CANDIDATES)
        .map(|ranked| Candidate {
            score: ranked.score,
            kind: ranked.doc.kind,
            duty_id: ranked.doc.duty_id.clone(),
            owner: ranked.doc.owner,
            text: ranked.doc.text.clone(),
        })
        .collect()
}

/// How strongly a BM25 score says the question is about the document, from 0 to 1.
fn strength(score: f32) -> f32 {
    score / (score + 2.0)
}

/// The finding for a service: the duty of the best-ranked document, answered by its best
/// statement when the question names something more specific than the duty itself (a word
/// that is not in the duty's title or synonyms, and that the statement has), and by the duty
/// entry otherwise. "Backups for RDS?" is the entry; "who sets the RDS backup window?" the
/// statement that names the window.
fn best_for_service<'a>(
    dataset: &Dataset,
    service: &'a Service,
    ranked: &[RankedDoc<'_>],
    question_stems: &[String],
) -> (Option<Finding<'a>>, f32) {
    let Some(top) = ranked.first() else {
        return (None, 0.0);
    };
    let Some(entry) = top.doc.duty_id.as_deref().and_then(|id| service.duty(id)) else {
        return (None, 0.0);
    };
    let duty_words: Vec<String> = dataset
        .duty(&entry.id)
        .map(|duty| {
            stems(&format!(
                "{} {} {}",
                duty.id.replace('-', " "),
                duty.title,
                duty.synonyms.join(" ")
            ))
        })
        .unwrap_or_default();
    let beyond_duty: Vec<&String> = question_stems
        .iter()
        .filter(|stem| duty_words.binary_search(stem).is_err())
        .collect();
    let statement = ranked.iter().find(|candidate| {
        candidate.doc.kind == DocKind::Statement
            && candidate.doc.duty_id.as_deref() == Some(entry.id.as_str())
            && beyond_duty
                .iter()
                .any(|stem| candidate.doc.stems.binary_search(stem).is_ok())
    });
    let (chosen_owner, finding) = match statement.and_then(|s| s.doc.statement.map(|p| (s, p))) {
        Some((candidate, position)) if position < entry.statements.len() => (
            candidate.doc.owner,
            Finding::Statement {
                service,
                entry,
                position,
            },
        ),
        _ => (Some(entry.owner), Finding::Entry { service, entry }),
    };
    // A close second with another owner makes the answer less certain.
    let contested = ranked
        .iter()
        .skip(1)
        .take(3)
        .any(|other| other.doc.owner != chosen_owner && other.score > top.score * 0.9);
    let margin = if contested { 0.75 } else { 1.0 };
    (Some(finding), strength(top.score) * margin)
}

fn best_general<'a>(dataset: &'a Dataset, ranked: &[RankedDoc<'_>]) -> (Option<Finding<'a>>, f32) {
    let Some(top) = ranked.first() else {
        return (None, 0.0);
    };
    let Some(duty) = top.doc.duty_id.as_deref().and_then(|id| dataset.duty(id)) else {
        return (None, 0.0);
    };
    let contested = ranked
        .iter()
        .skip(1)
        .take(2)
        .any(|other| other.doc.owner != top.doc.owner && other.score > top.score * 0.9);
    let margin = if contested { 0.75 } else { 1.0 };
    (
        Some(Finding::General { duty }),
        strength(top.score) * margin,
    )
}

fn owner_noun(owner: Owner) -> &'static str {
    match owner {
        Owner::Aws => "AWS's responsibility",
        Owner::Customer => "the customer's responsibility",
        Owner::Shared => "a shared responsibility",
    }
}

fn service_sources(service: &Service, extra: Option<&str>) -> Vec<SourceLink> {
    let mut links = Vec::new();
    if let Some(url) = extra {
        links.push(SourceLink {
            title: format!("{} documentation", service.short_name),
            url: url.to_string(),
        });
    }
    links.push(SourceLink {
        title: format!("Security in {}", service.short_name),
        url: service.docs_url.clone(),
    });
    for source in &service.sources {
        links.push(SourceLink {
            title: source.title.clone(),
            url: source.url.clone(),
        });
    }
    let mut seen = std::collections::HashSet::new();
    links.retain(|link| seen.insert(link.url.clone()));
    links
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn compose(question: &str, finding: Option<Finding<'_>>, confidence: f32) -> Answer {
    let sure = confidence >= MIN_CONFIDENCE;
    let mut reply = Answer {
        query: question.to_string(),
        confidence,
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
            reply.sources = service_sources(service, statement.source.as_deref());
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
            reply.sources = service_sources(service, None);
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
            reply.sources = service_sources(service, None);
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

/// The service's availability, when it is not simply available.
fn unavailable(service: &Service) -> Option<Availability> {
    (!service.availability.is_available()).then(|| service.availability.clone())
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

fn alternative(service: &Service, duty_id: &str) -> Alternative {
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
