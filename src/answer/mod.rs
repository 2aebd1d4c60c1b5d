//! Answering a question in plain language: which service it names, which duty or fact it
//! asks about, who owns it, and how likely that owner is right.
//!
//! The steps ([`answer_explained`]):
//! 1. read the question ([`question`]): its words, English counterparts of words of other
//!    languages, the services it names ([`recognize`]), the words left once those names are
//!    gone, and whether it is about AWS security at all (a question that is not gets no
//!    owner and says so);
//! 2. rank the named service's duty entries and statements (or, with no service, the duty
//!    catalogue) by words and by meaning, fused ([`rank`]): facts carry the questions they
//!    answer (`asks`), so wording people use meets the fact that answers it;
//! 3. answer with the first fact's owner: a statement's own, or the duty entry's for the
//!    service as a whole; a question about the service overall gets `shared`;
//! 4. estimate the probability that the owner is right ([`calibrate`]); below
//!    [`MIN_CONFIDENCE`] the owner is null, with the competing facts as alternatives.

mod calibrate;
mod compose;
mod question;
mod rank;
mod recognize;

use schemars::JsonSchema;
use serde::Serialize;

use crate::index::{DocKind, SearchIndex, embed};
use crate::model::{Availability, Basis, Dataset, Duty, DutyEntry, Owner, Service};

pub use calibrate::Features;
pub use recognize::{Mention, MentionKind};

use question::Question;
use rank::Scored;

/// Below this confidence the answer gives no owner. Set where, on the tune half, the answers
/// below it were right less often than not.
pub const MIN_CONFIDENCE: f32 = 0.5;
/// The page on the model itself, cited when no service is named.
const MODEL_SOURCE_URL: &str = "https://aws.amazon.com/compliance/shared-responsibility-model/";
const MODEL_SOURCE_TITLE: &str = "AWS Shared Responsibility Model";
/// Services of a question compared for which one it is about: a question about a security
/// service often names three resources it guards before it.
const MAX_COMPARED_SERVICES: usize = 4;
/// Weight of a service named after the first: it must fit clearly better to win.
const LATER_MENTION_PRIOR: f32 = 0.85;
/// Weight of a security service named beside others: a question about Shield, Inspector or
/// Security Lake names the resources it protects, and is about the security service. Tuned on
/// the tune half (1.0 to 1.3; 1.15 best, two more services recognised).
const SECURITY_SERVICE_PRIOR: f32 = 1.15;
/// The category of the services [`SECURITY_SERVICE_PRIOR`] favours.
const SECURITY_CATEGORY: &str = "security-identity-compliance";
/// Most alternatives listed.
const MAX_ALTERNATIVES: usize = 4;
/// Most sources cited: the page the answer rests on, then the service's security chapter
/// and one more page about the same duty.
pub const MAX_SOURCES: usize = 3;
/// How much better than any catalogue duty one service's fact must match a question that
/// names no service for srmap to take the question as being about that service.
const INFERENCE_RATIO: f32 = 2.0;
/// For a question that asks for the verdict on a duty ("AWS, me, or both?"), how close to the
/// top fact the duty entry must rank to answer instead of it. Tuned on the tune half (0.6 to
/// 0.75 alike; from 0.85 the entry rarely wins).
const VERDICT_ENTRY_RATIO: f32 = 0.75;
/// Candidates shown by `--explain`.
const MAX_CANDIDATES: usize = 8;

/// A cited page.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, JsonSchema)]
pub struct SourceLink {
    pub title: String,
    pub url: String,
}

/// Another reading of the question: another service it names, or a competing fact.
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
    /// Null when srmap is not sure, and always for a question that is not about AWS security.
    pub owner: Option<Owner>,
    pub service_id: Option<String>,
    pub duty_id: Option<String>,
    /// The statement the answer rests on, when the question was that specific.
    pub statement: Option<String>,
    /// From 0 to 1: the estimated probability that the owner is right.
    pub confidence: f32,
    /// The page the answer rests on first, then at most two more.
    pub sources: Vec<SourceLink>,
    pub alternatives: Vec<Alternative>,
    /// Whether the duty entry's owner is documented for the service or its model's default.
    pub basis: Option<Basis>,
    /// The service's or feature's availability, when it is not simply available.
    pub availability: Option<Availability>,
    /// False for a question that is not about AWS security responsibilities.
    pub about_aws_security: bool,
}

/// One candidate the answer was chosen from, for `srmap ask --explain`.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub fused: f32,
    pub lexical: f32,
    pub semantic: f32,
    pub kind: DocKind,
    pub duty_id: Option<String>,
    pub owner: Option<Owner>,
    pub text: String,
}

/// How an answer was reached: its candidates and the features its confidence came from.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Explanation {
    /// The question's words the facts were matched by: in English, without stopwords and
    /// the services' names.
    pub matched_words: Vec<String>,
    pub candidates: Vec<Candidate>,
    pub features: Features,
}

/// What the question was found to ask about.
pub(super) enum Finding<'a> {
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
    General { duty: &'a Duty },
    /// The service as a whole.
    Overall { service: &'a Service },
}

/// Answers `question` from the dataset. Never fails on any text; errors are internal.
pub fn answer(dataset: &Dataset, index: &SearchIndex, question: &str) -> tantivy::Result<Answer> {
    answer_explained(dataset, index, question).map(|(reply, _)| reply)
}

/// Which rankings an answer is found with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ranking {
    /// Words and meaning, fused: what every face uses.
    Fused,
    /// Words only, for measuring what the semantic ranking adds (`srmap eval --lexical-only`).
    LexicalOnly,
}

/// Like [`answer`], also returning how the answer was reached.
pub fn answer_explained(
    dataset: &Dataset,
    index: &SearchIndex,
    text: &str,
) -> tantivy::Result<(Answer, Explanation)> {
    answer_ranked(dataset, index, text, Ranking::Fused)
}

/// Like [`answer_explained`], with the rankings given.
pub fn answer_ranked(
    dataset: &Dataset,
    index: &SearchIndex,
    text: &str,
    ranking: Ranking,
) -> tantivy::Result<(Answer, Explanation)> {
    let mut question = Question::read(dataset, index, text);
    if !question.is_about_aws_security() {
        return Ok((
            not_about_aws_security(text, &question),
            Explanation::default(),
        ));
    }
    let specific = question.specific.join(" ");
    // The question's meaning: its words without the services' names, stopwords kept, since
    // they carry the question's shape ("does ... by default?").
    let meaning = match ranking {
        Ranking::Fused => embed(&question.matter.join(" ")),
        Ranking::LexicalOnly => None,
    };
    let meaning = meaning.as_deref();
    // With no service named, or only by ordinary words ("a brand new account"), the service
    // whose facts fit the question far better is a candidate too.
    let only_weak = question
        .mentions
        .iter()
        .all(|mention| mention.kind == MentionKind::Weak);
    if only_weak
        && !specific.is_empty()
        && !question.asks_overall
        && let Some(service_id) = infer_service(index, &specific)?
        && !question.mentions.iter().any(|m| m.service_id == service_id)
    {
        question.mentions.push(Mention {
            service_id,
            start: 0,
            len: 0,
            kind: MentionKind::Inferred,
            by_name: false,
        });
    }
    let kinds = [DocKind::Entry, DocKind::Statement];
    let mut mentions = question.mentions.clone();
    let mut ranked_for_primary = None;
    if !question.asks_overall && !specific.is_empty() && mentions.len() > 1 {
        // Several services named: the answer is about the one whose facts fit the question
        // best, the first named winning near-ties ("MySQL on EC2 or RDS" vs "metrics from
        // EC2 in CloudWatch").
        let mut best: Option<(usize, f32, Vec<Scored<'_>>)> = None;
        for (position, mention) in mentions.iter().enumerate().take(MAX_COMPARED_SERVICES) {
            let ranked = rank::rank(
                index,
                &specific,
                meaning,
                Some(&mention.service_id),
                &kinds,
                question.asks_default,
            )?;
            let weight = ranked
                .first()
                .map_or(0.0, |top| strength(top.lexical) + top.semantic)
                * mention.confidence()
                * mention_prior(dataset, position, &mention.service_id);
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
    let mut features = Features {
        translated: f32::from(u8::from(question.translated)),
        ..Features::default()
    };
    match mentions.first().map(|m| m.kind) {
        Some(MentionKind::Exact) => features.named = 1.0,
        Some(MentionKind::Weak | MentionKind::Fuzzy) => features.loosely_named = 1.0,
        Some(MentionKind::Inferred) => features.inferred = 1.0,
        None => {}
    }
    let (finding, ranked) = match primary {
        Some(service) if question.asks_overall || specific.is_empty() => {
            // Nothing left but the service's name reads as a question about the service as a
            // whole, unless the rest was words srmap could not read: then it is not sure.
            let understood = question.asks_overall || !question.has_unspaced_words;
            if understood {
                features.owner_margin = 1.0;
                features.rankings_agree = 1.0;
            }
            (Some(Finding::Overall { service }), Vec::new())
        }
        Some(service) => {
            let ranked = match ranked_for_primary {
                Some(ranked) => ranked,
                None => rank::rank(
                    index,
                    &specific,
                    meaning,
                    Some(&service.id),
                    &kinds,
                    question.asks_default,
                )?,
            };
            (
                finding_for_service(service, &ranked, question.asks_verdict),
                ranked,
            )
        }
        None => {
            let ranked = rank::rank(index, &specific, meaning, None, &[DocKind::Duty], false)?;
            let finding = ranked
                .first()
                .and_then(|top| top.doc.duty_id.as_deref())
                .and_then(|id| dataset.duty(id))
                .map(|duty| Finding::General { duty });
            (finding, ranked)
        }
    };
    if !ranked.is_empty() {
        describe(&ranked, &mut features);
        if question.asks_default {
            let answered = ranked.first().is_some_and(|top| top.doc.states_default);
            features.default_answered = f32::from(u8::from(answered));
            features.default_unanswered = f32::from(u8::from(!answered));
        }
    }
    let confidence = if finding.is_some() {
        (calibrate::confidence(&features) * 100.0).round() / 100.0
    } else {
        0.0
    };
    let mut reply = compose::compose(text, finding, confidence);
    if reply.owner.is_none() && reply.service_id.is_some() {
        reply.alternatives = compose::competing(dataset, &ranked);
    } else if let Some(duty_id) = reply.duty_id.clone() {
        reply.alternatives = mentions
            .iter()
            .skip(1)
            .filter_map(|m| dataset.service(&m.service_id))
            .take(MAX_ALTERNATIVES)
            .map(|service| compose::alternative(service, &duty_id))
            .collect();
    }
    let explanation = Explanation {
        matched_words: question.specific,
        candidates: ranked
            .iter()
            .take(MAX_CANDIDATES)
            .map(|scored| Candidate {
                fused: scored.fused,
                lexical: scored.lexical,
                semantic: scored.semantic,
                kind: scored.doc.kind,
                duty_id: scored.doc.duty_id.clone(),
                owner: scored.doc.owner,
                text: scored.doc.text.clone(),
            })
            .collect(),
        features,
    };
    Ok((reply, explanation))
}

/// The reply to a question that is not about AWS security responsibilities.
fn not_about_aws_security(text: &str, question: &Question) -> Answer {
    let why = if question.other_cloud {
        "it is about another cloud, not AWS"
    } else {
        "it names no security duty"
    };
    Answer {
        query: text.to_string(),
        answer: format!(
            "This does not look like a question about who secures what on AWS ({why}). srmap answers which security duties of an AWS service are AWS's and which are the customer's, for example \"who patches the OS on RDS?\"."
        ),
        about_aws_security: false,
        ..Answer::default()
    }
}

/// The service a question that names none is about, when one service's statement matches it
/// far better than any general duty does.
fn infer_service(index: &SearchIndex, specific: &str) -> tantivy::Result<Option<String>> {
    let general = index.best_for_answer(specific, None, &[DocKind::Duty])?;
    let fact = index.best_for_answer(specific, None, &[DocKind::Statement])?;
    let general_best = general.map_or(0.0, |top| top.score);
    Ok(fact
        .filter(|fact| fact.score > INFERENCE_RATIO * general_best)
        .and_then(|fact| fact.doc.service_id.clone()))
}

/// How much a named service's fit counts when several are compared: less when named after
/// the first, more for a security service named beside the resources it guards.
fn mention_prior(dataset: &Dataset, position: usize, service_id: &str) -> f32 {
    let order = if position == 0 {
        1.0
    } else {
        LATER_MENTION_PRIOR
    };
    let security = dataset
        .service(service_id)
        .is_some_and(|service| service.category == SECURITY_CATEGORY);
    if security {
        order * SECURITY_SERVICE_PRIOR
    } else {
        order
    }
}

/// The lexical score at which [`strength`] is one half: a fact that shares a telling phrase
/// with the question scores in the tens to hundreds (BM25 over its questions, keywords and
/// text, times its coverage of the question's words).
const LEXICAL_HALF: f32 = 20.0;

/// How strongly a lexical score says the question is about the document, from 0 to 1.
fn strength(score: f32) -> f32 {
    score / (score + LEXICAL_HALF)
}

/// The finding for a service: the first-ranked fact, a statement or a duty entry; the duty
/// entry when the question asks for the verdict on the duty.
fn finding_for_service<'a>(
    service: &'a Service,
    ranked: &[Scored<'_>],
    asks_verdict: bool,
) -> Option<Finding<'a>> {
    let top = ranked.first()?;
    let entry = top.doc.duty_id.as_deref().and_then(|id| service.duty(id))?;
    // The verdict is the entry's when the entry itself ranks close to the fact on top.
    let verdict = asks_verdict
        && ranked.iter().any(|scored| {
            scored.doc.kind == DocKind::Entry
                && scored.doc.duty_id == top.doc.duty_id
                && scored.fused >= VERDICT_ENTRY_RATIO * top.fused
        });
    match (top.doc.kind, top.doc.statement) {
        (DocKind::Statement, Some(position)) if position < entry.statements.len() && !verdict => {
            Some(Finding::Statement {
                service,
                entry,
                position,
            })
        }
        _ => Some(Finding::Entry { service, entry }),
    }
}

/// Fills in the features of the first-ranked fact against the rest.
fn describe(ranked: &[Scored<'_>], features: &mut Features) {
    let Some(top) = ranked.first() else {
        return;
    };
    features.lexical = strength(top.lexical);
    features.semantic = top.semantic.max(0.0);
    features.statement = f32::from(u8::from(top.doc.kind == DocKind::Statement));
    features.rankings_agree = f32::from(u8::from(
        top.lexical_rank == Some(1) && top.semantic_rank == Some(1),
    ));
    features.owner_margin = match ranked
        .iter()
        .skip(1)
        .find(|other| other.doc.owner != top.doc.owner)
    {
        Some(other) if top.fused > 0.0 => ((top.fused - other.fused) / top.fused).clamp(0.0, 1.0),
        Some(_) => 0.0,
        None => 1.0,
    };
}
