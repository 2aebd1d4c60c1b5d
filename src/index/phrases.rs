//! The vocabulary's cue phrases ("by default", "who", "as a whole"), each list matched against
//! a question in one pass.
//!
//! A question was checked against every phrase of every list in turn, a substring search set
//! up afresh for each of some 130 phrases; that was a tenth of an answer's cost. One
//! Aho-Corasick automaton per list, built when the index is, finds whether any phrase occurs.

use aho_corasick::AhoCorasick;

use crate::model::{Vocabulary, is_cjk};

/// A list of phrases, and whether a text holds any of them.
pub(crate) struct PhraseSet {
    matcher: Matcher,
}

enum Matcher {
    Automaton(AhoCorasick),
    /// The patterns themselves, searched one by one: only if the automaton could not be
    /// built (it has size limits far above a vocabulary list's).
    Patterns(Vec<String>),
}

impl PhraseSet {
    /// Phrases matched as whole words in a padded text (words between single spaces, a space
    /// at each end): each pattern is the lowercased phrase between spaces.
    fn whole_words<'a>(phrases: impl IntoIterator<Item = &'a String>) -> PhraseSet {
        PhraseSet::of(
            phrases
                .into_iter()
                .filter(|phrase| !phrase.trim().is_empty())
                .map(|phrase| format!(" {} ", phrase.to_lowercase()))
                .collect(),
        )
    }

    /// Phrases matched anywhere in a lowercased text, lowercased.
    fn anywhere<'a>(phrases: impl IntoIterator<Item = &'a String>) -> PhraseSet {
        PhraseSet::of(
            phrases
                .into_iter()
                .filter(|phrase| !phrase.trim().is_empty())
                .map(|phrase| phrase.to_lowercase())
                .collect(),
        )
    }

    fn of(patterns: Vec<String>) -> PhraseSet {
        let matcher = match AhoCorasick::new(&patterns) {
            Ok(automaton) => Matcher::Automaton(automaton),
            Err(_) => Matcher::Patterns(patterns),
        };
        PhraseSet { matcher }
    }

    /// Whether `text` holds any of the phrases.
    pub(crate) fn is_in(&self, text: &str) -> bool {
        match &self.matcher {
            Matcher::Automaton(automaton) => automaton.is_match(text),
            Matcher::Patterns(patterns) => patterns.iter().any(|pattern| text.contains(pattern)),
        }
    }
}

/// The vocabulary's cue lists a question is read with, each as a [`PhraseSet`]. The
/// whole-word sets take the question's English words joined by single spaces with a space at
/// each end; `other_clouds_unspaced` takes the lowercased question as written.
pub(crate) struct QuestionCues {
    pub overall: PhraseSet,
    pub responsibility: PhraseSet,
    pub default: PhraseSet,
    pub broad: PhraseSet,
    /// Other clouds' names written with spaces between words, matched as whole words.
    pub other_clouds: PhraseSet,
    /// Other clouds' names in a script written without spaces, matched anywhere.
    pub other_clouds_unspaced: PhraseSet,
}

impl QuestionCues {
    pub(crate) fn of(vocabulary: &Vocabulary) -> QuestionCues {
        let unspaced = |name: &&String| name.chars().any(is_cjk);
        QuestionCues {
            overall: PhraseSet::whole_words(&vocabulary.overall),
            responsibility: PhraseSet::whole_words(&vocabulary.responsibility_cues),
            default: PhraseSet::whole_words(&vocabulary.default_cues),
            broad: PhraseSet::whole_words(&vocabulary.broad),
            other_clouds: PhraseSet::whole_words(
                vocabulary
                    .other_clouds
                    .iter()
                    .filter(|name| !unspaced(name)),
            ),
            other_clouds_unspaced: PhraseSet::anywhere(
                vocabulary.other_clouds.iter().filter(unspaced),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn whole_word_phrases_match_as_a_padded_contains_would() {
        let set = PhraseSet::whole_words(&strings(&["By Default", "who", "on rds by"]));
        let padded = " who patches the os on rds by default ";
        assert!(set.is_in(padded));
        assert!(!set.is_in(" whom patches it "));
        assert!(set.is_in(" is it on by default "));
        assert!(!set.is_in(" default "));
        let padded_words = PhraseSet::whole_words(&strings(&["patch"]));
        assert!(!padded_words.is_in(padded));
        let empty = PhraseSet::whole_words(&strings(&["", "  "]));
        assert!(!empty.is_in(padded));
    }

    #[test]
    fn unspaced_names_match_anywhere() {
        let set = PhraseSet::anywhere(&strings(&["阿里云"]));
        assert!(set.is_in("我们用阿里云的对象存储"));
        assert!(!set.is_in("we use aws"));
    }
}
