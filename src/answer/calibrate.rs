//! Confidence: the estimated probability that an answer's owner is right, from features of
//! how the answer was found, by a logistic model fitted on the tune half of the labelled
//! questions (`tests/eval/fit_calibration.py`) and checked on the held-out half.

use serde::Serialize;

/// What the confidence is computed from, each from 0 to 1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Features {
    /// The service was named by one of its own names.
    pub named: f32,
    /// The service was named by a weak name (ordinary words) or a near misspelling.
    pub loosely_named: f32,
    /// No service was named but one service's facts fit far better than any general duty.
    pub inferred: f32,
    /// The answer's fact matched the question's words: BM25 strength `s / (s + 2)`.
    pub lexical: f32,
    /// The cosine between the question and the answer's fact.
    pub semantic: f32,
    /// How far the answer's fact leads the best fact with another owner, as a share of its
    /// fused score (1 when no candidate has another owner).
    pub owner_margin: f32,
    /// The lexical and the semantic rankings put the same fact first.
    pub rankings_agree: f32,
    /// The question was in another language and was matched through translations.
    pub translated: f32,
    /// The answer rests on a statement rather than a duty entry or the general rule.
    pub statement: f32,
    /// The question asks what happens by default and the answer's fact says what does.
    pub default_answered: f32,
    /// The question asks what happens by default and the answer's fact does not say.
    pub default_unanswered: f32,
}

// Coefficients of the logistic model, fitted on the tune half by
// `tests/eval/fit_calibration.py` (logistic regression, L2 0.001); each is the change in
// log-odds of a right owner per unit of its feature. Nearly every tuned question names its
// service, so `NAMED` and `INTERCEPT` share one effect (together -1.23).

/// Log-odds of a right owner with every feature at 0.
const INTERCEPT: f32 = -0.32;
/// A service named by its name; together with the intercept, the base rate.
const NAMED: f32 = -0.91;
/// A loose name (ordinary words, a near misspelling) is a little weaker than a real one.
const LOOSELY_NAMED: f32 = -0.12;
/// An inferred service: the few tuned cases were right when the match was that clear.
const INFERRED: f32 = 0.45;
/// Shared words between question and fact.
const LEXICAL: f32 = 0.26;
/// Shared meaning between question and fact.
const SEMANTIC: f32 = 0.25;
/// A clear lead over the best fact with another owner: the strongest sign of a right owner.
const OWNER_MARGIN: f32 = 2.45;
/// Both rankings put the same fact first.
const RANKINGS_AGREE: f32 = 0.46;
/// Translation loses a little of the question.
const TRANSLATED: f32 = -0.02;
/// A statement answers a specific question more surely than a whole duty entry.
const STATEMENT: f32 = 1.46;
/// A question about a default, answered by a fact about defaults: no surer than others.
const DEFAULT_ANSWERED: f32 = -0.12;
/// A question about a default, answered by a fact that does not say what it is: often wrong.
const DEFAULT_UNANSWERED: f32 = -0.91;

/// The estimated probability that the owner is right.
pub fn confidence(features: &Features) -> f32 {
    let z = INTERCEPT
        + NAMED * features.named
        + LOOSELY_NAMED * features.loosely_named
        + INFERRED * features.inferred
        + LEXICAL * features.lexical
        + SEMANTIC * features.semantic
        + OWNER_MARGIN * features.owner_margin
        + RANKINGS_AGREE * features.rankings_agree
        + TRANSLATED * features.translated
        + STATEMENT * features.statement
        + DEFAULT_ANSWERED * features.default_answered
        + DEFAULT_UNANSWERED * features.default_unanswered;
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_is_a_probability_that_grows_with_the_evidence() {
        let weak = Features {
            named: 1.0,
            ..Features::default()
        };
        let strong = Features {
            named: 1.0,
            lexical: 0.9,
            semantic: 0.8,
            owner_margin: 1.0,
            rankings_agree: 1.0,
            ..Features::default()
        };

        let (low, high) = (confidence(&weak), confidence(&strong));

        assert!((0.0..=1.0).contains(&low) && (0.0..=1.0).contains(&high));
        assert!(high > low + 0.5, "{low} {high}");
    }
}
