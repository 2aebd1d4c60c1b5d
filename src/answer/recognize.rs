//! Finding the services a question names: ids, names and aliases of up to six words anywhere
//! in the sentence, and near misspellings of one-word names.

use std::collections::HashSet;

use crate::model::{Dataset, normalize_name};

/// Longest service name, in words, that is looked for.
const MAX_NAME_WORDS: usize = 6;
/// Words that brand a name: "AWS Support" is the service, "support" alone may not be.
const BRANDS: [&str; 2] = ["aws", "amazon"];
/// Weight of a name made of ordinary words ("backup", "config") against a real name: the
/// question may use the word in its ordinary sense.
const WEAK_MENTION: f32 = 0.7;
/// Weight of a feature's alias against the service's own names.
const FEATURE_ALIAS: f32 = 0.85;
/// Shortest word that may be a misspelled service name.
const MIN_FUZZY_CHARS: usize = 5;
/// Unknown words of a question that may be misspelled service names: the first this many.
/// Each is compared with every service name; a real question has a few unknown words, and
/// this bounds what a long run of gibberish costs.
const MAX_FUZZY_WORDS: usize = 24;

/// How a service was found in the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MentionKind {
    /// A name that is not ordinary duty language ("RDS", "Simple Storage Service").
    Exact,
    /// A near miss of a one-word name ("lamba").
    Fuzzy,
    /// A name made only of words that also describe duties ("logs", "security group").
    Weak,
    /// No name at all: the question's words match one service's facts far better than any
    /// general duty ("role chaining", "MaxSessionDuration" are STS's).
    Inferred,
}

/// A service named in the question, at word positions `start..start + len`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub service_id: String,
    pub start: usize,
    pub len: usize,
    pub kind: MentionKind,
    /// True when the words are one of the service's names (id, name, short name) rather than
    /// an alias for a feature of it ("NAT instance"); feature words still describe the duty.
    pub by_name: bool,
}

impl Mention {
    pub fn covers(&self, position: usize) -> bool {
        (self.start..self.start + self.len).contains(&position)
    }

    /// How sure the recognition is, from 0 to 1.
    pub fn confidence(&self) -> f32 {
        let kind = match self.kind {
            MentionKind::Exact => 1.0,
            MentionKind::Weak => WEAK_MENTION,
            MentionKind::Fuzzy => 0.8,
            MentionKind::Inferred => 0.7,
        };
        // A feature's alias ("route table", "NAT instance") is weaker evidence of the
        // question's subject than a service's own name.
        if self.by_name {
            kind
        } else {
            kind * FEATURE_ALIAS
        }
    }
}

/// Every service named in `words`, strongest evidence first, then in order of appearance.
/// Longer names win over the shorter names inside them; each service is listed once.
/// `known_word` tells whether a word occurs anywhere in the dataset's text: such a word is
/// never taken for a misspelled service name ("cloud" is not "Cloud9").
pub fn services(
    dataset: &Dataset,
    words: &[String],
    known_word: &dyn Fn(&str) -> bool,
) -> Vec<Mention> {
    let language = dataset.duty_words();
    let mut covered = vec![false; words.len()];
    let mut mentions: Vec<Mention> = Vec::new();
    for len in (1..=MAX_NAME_WORDS.min(words.len())).rev() {
        for start in 0..=(words.len() - len) {
            if covered[start..start + len].iter().any(|&c| c) {
                continue;
            }
            let phrase = &words[start..start + len];
            if len == 1 && dataset.is_stopword(&phrase[0]) {
                continue;
            }
            let joined = phrase.join(" ");
            let Some(service) = dataset.service(&joined) else {
                continue;
            };
            let key = normalize_name(&joined);
            let branded = len > 1 && BRANDS.contains(&phrase[0].as_str());
            // Words that only run together into an ordinary one-word name ("back up" is
            // "backup") are a verb or a phrase of the question, not the service.
            if len > 1 && !branded && dataset.is_ambiguous_name(&key) {
                continue;
            }
            let by_name = [&service.id, &service.name, &service.short_name]
                .iter()
                .any(|name| normalize_name(name) == key);
            // A service's own name ("GuardDuty") is strong even where duties mention it; a
            // feature alias made of duty words ("security group") or an ordinary English word
            // ("support") is weak unless branded ("AWS Support").
            let weak = !branded
                && (dataset.is_ambiguous_name(&joined)
                    || (!by_name && phrase.iter().all(|word| language.contains(word))));
            covered[start..start + len]
                .iter_mut()
                .for_each(|c| *c = true);
            mentions.push(Mention {
                service_id: service.id.clone(),
                start,
                len,
                kind: if weak {
                    MentionKind::Weak
                } else {
                    MentionKind::Exact
                },
                by_name,
            });
        }
    }
    let mut unknown_words = 0;
    let unknown: Vec<bool> = words
        .iter()
        .map(|word| {
            let unknown = !dataset.is_stopword(word)
                && !language.contains(word)
                && !known_word(word)
                && !word.chars().all(|c| c.is_ascii_digit());
            unknown_words += usize::from(unknown);
            unknown && unknown_words <= MAX_FUZZY_WORDS
        })
        .collect();
    // Two words first ("Secrets Manger", "Step Fucntions"), then single words ("lamba").
    for len in [2, 1] {
        for start in 0..words.len().saturating_sub(len - 1) {
            let span = start..start + len;
            if !span.clone().any(|p| unknown[p]) || span.clone().any(|p| covered[p]) {
                continue;
            }
            let joined = normalize_name(&words[span.clone()].join(" "));
            if joined.chars().count() < MIN_FUZZY_CHARS {
                continue;
            }
            if let Some(service_id) = fuzzy_service(dataset, &joined) {
                span.clone().for_each(|p| covered[p] = true);
                mentions.push(Mention {
                    service_id,
                    start,
                    len,
                    kind: MentionKind::Fuzzy,
                    by_name: true,
                });
            }
        }
    }
    mentions.sort_by_key(|m| (m.kind, m.start));
    let mut seen = HashSet::new();
    mentions.retain(|m| seen.insert(m.service_id.clone()));
    mentions
}

/// How many letters two ASCII words do not share, counted with repeats: a substitution
/// changes it by at most two and any other edit by at most one, so half of it bounds the edit
/// distance from below, at a fraction of the cost. 0 (no bound) for other scripts.
fn letter_difference(a: &str, b: &str) -> usize {
    if !a.is_ascii() || !b.is_ascii() {
        return 0;
    }
    let mut counts = [0i32; 128];
    for byte in a.bytes() {
        counts[usize::from(byte & 0x7f)] += 1;
    }
    for byte in b.bytes() {
        counts[usize::from(byte & 0x7f)] -= 1;
    }
    counts
        .iter()
        .map(|count| count.unsigned_abs() as usize)
        .sum()
}

/// The one service whose one-word name is nearest `word`, within 1 edit (2 for words of nine
/// characters or more); none when two services tie.
fn fuzzy_service(dataset: &Dataset, word: &str) -> Option<String> {
    let chars = word.chars().count();
    let budget = if chars >= 9 { 2 } else { 1 };
    let mut best: Option<(usize, String)> = None;
    let mut tie = false;
    for (name, service) in dataset.name_table() {
        // The length difference is a lower bound of the edit distance and far cheaper: it
        // skips most names before `damerau_levenshtein`. Without it, a 1000-character
        // question of unknown words compared every word with every name (0.4 s of CPU).
        if name.len() < MIN_FUZZY_CHARS - 1
            || name.chars().count().abs_diff(chars) > budget
            || letter_difference(word, name) > 2 * budget
        {
            continue;
        }
        let distance = strsim::damerau_levenshtein(word, name);
        if distance == 0 || distance > budget {
            continue;
        }
        match &best {
            Some((d, id)) if distance == *d && *id != service.id => tie = true,
            Some((d, _)) if distance >= *d => {}
            _ => {
                best = Some((distance, service.id.clone()));
                tie = false;
            }
        }
    }
    if tie {
        return None;
    }
    best.map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::letter_difference;

    #[test]
    fn the_letter_difference_never_exceeds_twice_the_edit_distance() {
        for (a, b) in [
            ("lamba", "lambda"),
            ("secretsmanger", "secretsmanager"),
            ("stepfucntions", "stepfunctions"),
            ("cloudfrnt", "cloudfront"),
            ("kinesis", "kendra"),
            ("ec2", "ecs"),
        ] {
            let distance = strsim::damerau_levenshtein(a, b);
            assert!(letter_difference(a, b) <= 2 * distance, "{a} / {b}");
        }
        assert_eq!(letter_difference("stepfucntions", "stepfunctions"), 0);
        assert_eq!(letter_difference("lamba", "lambda"), 1);
        assert_eq!(letter_difference("サービス", "lambda"), 0);
    }
}
