//! The translations of `data/translations.toml`, prepared once per index: every foreign
//! phrase split into words and filed under its first word, so that reading a question looks
//! up its own words instead of trying every phrase of every language.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{Translation, is_cjk, words};

/// A foreign phrase of one term, at its place in the term's list.
#[derive(Serialize, Deserialize)]
struct Phrase {
    term: usize,
    order: usize,
    words: Vec<String>,
}

/// A word of a script without spaces, found as part of a longer run.
#[derive(Serialize, Deserialize)]
struct Fragment {
    term: usize,
    order: usize,
    text: String,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct Translator {
    /// Each term's English words.
    english: Vec<Vec<String>>,
    /// Phrases of scripts with spaces, by their first word.
    by_first_word: HashMap<String, Vec<Phrase>>,
    fragments: Vec<Fragment>,
}

impl Translator {
    /// Prepares `translations`. A phrase whose words are all in the indexed English text is
    /// left out: it is spelled as in English ("data", "patches"), so it translates to itself
    /// and is no sign the question is in another language.
    pub(crate) fn new(
        translations: &[Translation],
        is_english_word: &dyn Fn(&str) -> bool,
    ) -> Translator {
        let mut by_first_word: HashMap<String, Vec<Phrase>> = HashMap::new();
        let mut fragments = Vec::new();
        let mut english = Vec::with_capacity(translations.len());
        for (term, translation) in translations.iter().enumerate() {
            let own = words(&translation.en);
            for (order, word) in translation.words.iter().enumerate() {
                if word.chars().any(is_cjk) {
                    fragments.push(Fragment {
                        term,
                        order,
                        text: word.to_lowercase(),
                    });
                    continue;
                }
                let phrase = words(word);
                let spelled_as_english = phrase.iter().all(|w| is_english_word(w));
                if phrase.is_empty() || spelled_as_english || phrase == own {
                    continue;
                }
                if let Some(first) = phrase.first() {
                    by_first_word
                        .entry(first.clone())
                        .or_default()
                        .push(Phrase {
                            term,
                            order,
                            words: phrase,
                        });
                }
            }
            english.push(own);
        }
        Translator {
            english,
            by_first_word,
            fragments,
        }
    }

    /// The words of `original` (the question's words; `lowered` is the question in lower case)
    /// with every foreign phrase replaced by its English term, and whether any was. Each term
    /// is taken once, by the first of its words (in the file's order) that the question uses.
    pub(crate) fn translate(&self, lowered: &str, original: &[String]) -> (Vec<String>, bool) {
        // term -> (order of the word found, where its words start and how many there are)
        let mut found: HashMap<usize, (usize, Option<(usize, usize)>)> = HashMap::new();
        let mut keep_first = |term: usize, order: usize, place: Option<(usize, usize)>| {
            let slot = found.entry(term).or_insert((order, place));
            if order < slot.0 {
                *slot = (order, place);
            }
        };
        // Every fragment is in a script without spaces, so a question with none of its
        // characters holds none of them: most questions skip the search.
        if lowered.chars().any(is_cjk) {
            for fragment in &self.fragments {
                if lowered.contains(fragment.text.as_str()) {
                    keep_first(fragment.term, fragment.order, None);
                }
            }
        }
        for (start, word) in original.iter().enumerate() {
            let Some(phrases) = self.by_first_word.get(word) else {
                continue;
            };
            for phrase in phrases {
                let end = start + phrase.words.len();
                if original.get(start..end) == Some(phrase.words.as_slice()) {
                    keep_first(phrase.term, phrase.order, Some((start, phrase.words.len())));
                }
            }
        }
        let mut used = vec![false; original.len()];
        let mut terms: Vec<(usize, Option<(usize, usize)>)> = found
            .into_iter()
            .map(|(term, (_, place))| (term, place))
            .collect();
        terms.sort_unstable_by_key(|(term, _)| *term);
        let mut added = Vec::new();
        for (term, place) in &terms {
            if let Some((start, len)) = place {
                used.iter_mut()
                    .skip(*start)
                    .take(*len)
                    .for_each(|u| *u = true);
            }
            if let Some(english) = self.english.get(*term) {
                added.extend(english.iter().cloned());
            }
        }
        let mut english: Vec<String> = original
            .iter()
            .zip(used)
            .filter(|(word, used)| !used && !word.chars().any(is_cjk))
            .map(|(word, _)| word.clone())
            .collect();
        let translated = !added.is_empty();
        english.extend(added);
        (english, translated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn translator() -> Translator {
        let translations = vec![
            Translation {
                en: "patch".into(),
                words: vec!["patches".into(), "parche".into(), "aplicar parches".into()],
            },
            Translation {
                en: "backup".into(),
                words: vec!["バックアップ".into(), "respaldo".into()],
            },
        ];
        let english = ["patches", "who"];
        Translator::new(&translations, &|word| english.contains(&word))
    }

    #[test]
    fn foreign_phrases_become_their_english_terms_and_english_stays() {
        let translator = translator();
        let question = "quién debe aplicar parches y respaldo";
        let (english, translated) = translator.translate(question, &words(question));
        assert!(translated);
        assert_eq!(english, ["quién", "debe", "y", "patch", "backup"]);

        let question = "who patches rds";
        let (english, translated) = translator.translate(question, &words(question));
        assert!(!translated);
        assert_eq!(english, ["who", "patches", "rds"]);
    }

    #[test]
    fn words_of_scripts_without_spaces_are_found_inside_longer_runs() {
        let translator = translator();
        let question = "rdsのバックアップは誰";
        let (english, translated) = translator.translate(question, &words(question));
        assert!(translated);
        assert_eq!(english, ["rds", "backup"]);
    }
}
