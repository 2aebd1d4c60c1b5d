//! Measuring answers against labelled questions (`srmap eval FILE.jsonl`).
//!
//! A question file is JSON Lines in the format of the shared evaluation set: `q`,
//! `accept_services` (ids that count as the right service; empty when any will do), `owner`
//! (`aws`, `customer`, `shared`, or null for a question that is not about AWS security),
//! plus the optional `style` and `lang` that the report breaks figures down by. Other fields
//! (`basis`, `source`, `origin`, `checked`) are the label's evidence and are ignored here.
//!
//! An answer is right when its service is accepted and its owner is the label's; for a
//! question without an owner, when it gives none. It is *confidently wrong* when its owner is
//! wrong (or given where none should be) at a confidence of [`CONFIDENT`] or more.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::answer::{Answer, Features};
use crate::model::Owner;

/// The confidence from which a wrong owner counts as confidently wrong.
pub const CONFIDENT: f32 = 0.8;
/// Upper edges of the confidence bands of the calibration table; the last band ends at 1.
const BAND_EDGES: [f32; 6] = [0.2, 0.4, 0.6, 0.8, 0.9, 0.95];

/// One labelled question.
#[derive(Debug, Clone, Deserialize)]
pub struct Question {
    pub q: String,
    #[serde(default)]
    pub accept_services: Vec<String>,
    pub owner: Option<Owner>,
    #[serde(default)]
    pub style: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
}

/// Why a question file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct QuestionFileError {
    pub line: usize,
    pub message: String,
}

/// Reads the questions of a JSON Lines text; blank lines are skipped.
pub fn parse_questions(text: &str) -> Result<Vec<Question>, QuestionFileError> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|error| QuestionFileError {
                line: i + 1,
                message: error.to_string(),
            })
        })
        .collect()
}

/// How one answer fared.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub q: String,
    pub style: String,
    pub lang: String,
    pub expected_owner: Option<Owner>,
    pub accept_services: Vec<String>,
    pub owner: Option<Owner>,
    pub service_id: Option<String>,
    pub duty_id: Option<String>,
    pub confidence: f32,
    pub service_right: bool,
    pub owner_right: bool,
    pub right: bool,
    pub confidently_wrong: bool,
    /// What the confidence was computed from, for fitting the calibration.
    pub features: Features,
}

impl Outcome {
    /// Scores `answer` against `question`.
    pub fn score(question: &Question, answer: &Answer, features: Features) -> Outcome {
        let service_right = question.accept_services.is_empty()
            || answer
                .service_id
                .as_ref()
                .is_some_and(|id| question.accept_services.contains(id));
        let owner_right = answer.owner == question.owner;
        let right = owner_right && (question.owner.is_none() || service_right);
        let confidently_wrong =
            answer.owner.is_some() && !owner_right && answer.confidence >= CONFIDENT;
        Outcome {
            q: question.q.clone(),
            style: question.style.clone().unwrap_or_else(|| "-".to_string()),
            lang: question.lang.clone().unwrap_or_else(|| "en".to_string()),
            expected_owner: question.owner,
            accept_services: question.accept_services.clone(),
            owner: answer.owner,
            service_id: answer.service_id.clone(),
            duty_id: answer.duty_id.clone(),
            confidence: answer.confidence,
            service_right,
            owner_right,
            right,
            confidently_wrong,
            features,
        }
    }
}

/// Counts over a group of questions.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tally {
    pub questions: usize,
    pub right: usize,
    /// Questions that name a service, and how many of those got it.
    pub with_service: usize,
    pub service_right: usize,
    pub owner_right: usize,
    pub confidently_wrong: usize,
}

impl Tally {
    fn add(&mut self, outcome: &Outcome) {
        self.questions += 1;
        self.right += usize::from(outcome.right);
        self.owner_right += usize::from(outcome.owner_right);
        self.confidently_wrong += usize::from(outcome.confidently_wrong);
        if !outcome.accept_services.is_empty() {
            self.with_service += 1;
            self.service_right += usize::from(outcome.service_right);
        }
    }
}

/// One band of the calibration table: answers that gave an owner at a confidence in
/// `[low, high)`, and how many of those owners were right.
#[derive(Debug, Clone, Serialize)]
pub struct Band {
    pub low: f32,
    pub high: f32,
    pub answers: usize,
    pub mean_confidence: f32,
    pub owner_right: usize,
}

/// Everything `srmap eval` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub overall: Tally,
    /// Questions labelled as not about AWS security, and how many got no owner.
    pub off_topic: usize,
    pub off_topic_without_owner: usize,
    /// Non-English questions answered with a wrong owner at [`CONFIDENT`] or more.
    pub non_english_confidently_wrong: usize,
    pub calibration: Vec<Band>,
    pub by_style: BTreeMap<String, Tally>,
    pub by_lang: BTreeMap<String, Tally>,
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// The report over `outcomes`.
    pub fn new(outcomes: Vec<Outcome>) -> Report {
        let mut overall = Tally::default();
        let mut by_style: BTreeMap<String, Tally> = BTreeMap::new();
        let mut by_lang: BTreeMap<String, Tally> = BTreeMap::new();
        for outcome in &outcomes {
            overall.add(outcome);
            by_style
                .entry(outcome.style.clone())
                .or_default()
                .add(outcome);
            by_lang
                .entry(outcome.lang.clone())
                .or_default()
                .add(outcome);
        }
        let off_topic = outcomes
            .iter()
            .filter(|o| o.expected_owner.is_none())
            .count();
        let off_topic_without_owner = outcomes
            .iter()
            .filter(|o| o.expected_owner.is_none() && o.owner.is_none())
            .count();
        let non_english_confidently_wrong = outcomes
            .iter()
            .filter(|o| o.lang != "en" && o.confidently_wrong)
            .count();
        Report {
            overall,
            off_topic,
            off_topic_without_owner,
            non_english_confidently_wrong,
            calibration: calibration(&outcomes),
            by_style,
            by_lang,
            outcomes,
        }
    }

    /// The report as a readable text: totals, calibration, styles, languages, and every
    /// question answered wrongly.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let o = &self.overall;
        let _ = writeln!(out, "questions              {}", o.questions);
        let _ = writeln!(
            out,
            "right (service+owner)  {}",
            share(o.right, o.questions)
        );
        let _ = writeln!(
            out,
            "service recognised     {}",
            share(o.service_right, o.with_service)
        );
        let _ = writeln!(
            out,
            "owner right            {}",
            share(o.owner_right, o.questions)
        );
        let _ = writeln!(
            out,
            "confidently wrong      {} (wrong owner at confidence >= {CONFIDENT})",
            share(o.confidently_wrong, o.questions)
        );
        let _ = writeln!(
            out,
            "off-topic, no owner    {}",
            share(self.off_topic_without_owner, self.off_topic)
        );
        let _ = writeln!(
            out,
            "non-English conf. wrong {}",
            self.non_english_confidently_wrong
        );
        let _ = writeln!(out, "\ncalibration (answers that gave an owner)");
        let _ = writeln!(out, "  band        answers  mean conf  owner right");
        for band in &self.calibration {
            let _ = writeln!(
                out,
                "  {:.2}-{:.2}  {:>7}  {:>9.2}  {}",
                band.low,
                band.high,
                band.answers,
                band.mean_confidence,
                share(band.owner_right, band.answers)
            );
        }
        for (title, groups) in [("style", &self.by_style), ("language", &self.by_lang)] {
            let _ = writeln!(out, "\nby {title}");
            for (name, tally) in groups {
                let _ = writeln!(
                    out,
                    "  {name:<14} {:>4}  right {}  confidently wrong {}",
                    tally.questions,
                    share(tally.right, tally.questions),
                    tally.confidently_wrong
                );
            }
        }
        let wrong: Vec<&Outcome> = self.outcomes.iter().filter(|o| !o.right).collect();
        if !wrong.is_empty() {
            let _ = writeln!(out, "\nwrong answers");
            for o in wrong {
                let _ = writeln!(
                    out,
                    "  {}{} [{}] expected {} / {}, got {} / {} ({}) {:.2}",
                    if o.confidently_wrong { "!" } else { " " },
                    o.q.chars().take(90).collect::<String>(),
                    o.style,
                    o.accept_services.join("|"),
                    owner_text(o.expected_owner),
                    o.service_id.as_deref().unwrap_or("-"),
                    owner_text(o.owner),
                    o.duty_id.as_deref().unwrap_or("-"),
                    o.confidence
                );
            }
        }
        out
    }
}

fn owner_text(owner: Option<Owner>) -> &'static str {
    owner.map_or("none", Owner::as_str)
}

fn share(count: usize, of: usize) -> String {
    if of == 0 {
        return "-".to_string();
    }
    format!("{count}/{of} ({:.1}%)", 100.0 * count as f64 / of as f64)
}

fn calibration(outcomes: &[Outcome]) -> Vec<Band> {
    let mut lows = vec![0.0];
    lows.extend(BAND_EDGES);
    let mut highs = BAND_EDGES.to_vec();
    highs.push(1.0);
    lows.into_iter()
        .zip(highs)
        .map(|(low, high)| {
            let inside: Vec<&Outcome> = outcomes
                .iter()
                .filter(|o| o.owner.is_some())
                .filter(|o| o.confidence >= low && (o.confidence < high || high >= 1.0))
                .collect();
            let answers = inside.len();
            let mean_confidence = if answers == 0 {
                0.0
            } else {
                inside.iter().map(|o| o.confidence).sum::<f32>() / answers as f32
            };
            Band {
                low,
                high,
                answers,
                mean_confidence,
                owner_right: inside.iter().filter(|o| o.owner_right).count(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Outcome {
        fn score_plain(question: &Question, answer: &Answer) -> Outcome {
            Outcome::score(question, answer, Features::default())
        }
    }

    fn answer(owner: Option<Owner>, service: Option<&str>, confidence: f32) -> Answer {
        Answer {
            owner,
            service_id: service.map(str::to_string),
            confidence,
            ..Answer::default()
        }
    }

    #[test]
    fn a_wrong_owner_at_high_confidence_is_confidently_wrong() {
        let question = &parse_questions(
            r#"{"q":"who patches rds","accept_services":["rds"],"owner":"aws","style":"terse"}"#,
        )
        .unwrap()[0];

        let wrong =
            Outcome::score_plain(question, &answer(Some(Owner::Customer), Some("rds"), 0.9));
        let right = Outcome::score_plain(question, &answer(Some(Owner::Aws), Some("rds"), 0.9));
        let wrong_service =
            Outcome::score_plain(question, &answer(Some(Owner::Aws), Some("ec2"), 0.9));

        assert!(wrong.confidently_wrong && !wrong.right);
        assert!(right.right && !right.confidently_wrong);
        assert!(!wrong_service.right && wrong_service.owner_right);
    }

    #[test]
    fn an_off_topic_question_is_right_only_without_an_owner() {
        let question = &parse_questions(r#"{"q":"weather in Paris","owner":null}"#).unwrap()[0];

        assert!(Outcome::score_plain(question, &answer(None, None, 0.0)).right);
        let owned = Outcome::score_plain(question, &answer(Some(Owner::Aws), Some("s3"), 0.85));
        assert!(!owned.right && owned.confidently_wrong);
    }

    #[test]
    fn a_bad_line_is_reported_with_its_number() {
        let error = parse_questions("{\"q\":\"a\",\"owner\":\"aws\"}\n\nnot json").unwrap_err();

        assert_eq!(error.line, 3);
    }
}
