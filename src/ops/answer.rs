//! Answer: a question in plain language in, an owner with its reason and sources out.

use schemars::JsonSchema;
use serde::Deserialize;

use super::AppState;
use super::error::{Param, RequestError};
use super::input;
use crate::answer::Answer;

/// What a question asks, as every face receives it.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
pub struct AnswerParams {
    /// The question in plain language, naming the AWS service and the security task, e.g.
    /// "who patches the OS on RDS?" or "who encrypts data at rest in S3?". At most 1000
    /// characters.
    #[serde(alias = "q")]
    pub question: Option<String>,
}

impl AnswerParams {
    /// The checked question.
    pub fn parse(&self) -> Result<String, RequestError> {
        input::query_text(Param::Question, self.question.as_deref())
    }
}

/// Answers `question`.
pub fn run(state: &AppState, question: &str) -> anyhow::Result<Answer> {
    Ok(crate::answer::answer(
        &state.dataset,
        &state.index,
        question,
    )?)
}
