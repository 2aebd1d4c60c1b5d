//! Reading a question before anything is ranked: its words, their English counterparts when
//! it is in another language (`data/translations.toml`), the services it names, the words
//! left to match duties by, and whether it is about AWS security at all.

use std::collections::HashSet;

use super::recognize::{self, Mention, MentionKind};
use crate::index::{SearchIndex, stems};
use crate::model::{Dataset, is_cjk, words};

/// A question, read.
pub(crate) struct Question {
    /// The services it names, strongest evidence first.
    pub mentions: Vec<Mention>,
    /// Its words in English (foreign words replaced by the terms they translate), without
    /// the services' names: what duties and statements are matched by.
    pub matter: Vec<String>,
    /// `matter` without stopwords and words too general to pick a duty.
    pub specific: Vec<String>,
    /// It asks about a service as a whole ("overall", "as a whole").
    pub asks_overall: bool,
    /// It names another cloud ("Azure", "Google Cloud") and not AWS.
    pub other_cloud: bool,
    /// How many security terms it uses (duty titles and synonyms, statement keywords, the
    /// vocabulary's security terms), in any language.
    pub security_terms: usize,
    /// It asks who does something ("who", "do I have to", "does AWS ... for me").
    pub asks_who: bool,
    /// It asks what happens by default ("is it on by default?", "does it ... on its own?").
    pub asks_default: bool,
    /// It offers the choice of owners ("AWS, me, or both?", "only on AWS?"): it asks for the
    /// verdict on a duty, which its duty entry gives.
    pub asks_verdict: bool,
    /// It uses words of another language that were translated.
    pub translated: bool,
    /// It has words in a script written without spaces (Japanese, Chinese, Korean), which
    /// are matched only through their translations: what none covers is not understood.
    pub has_unspaced_words: bool,
}

/// How the alias of an AWS managed KMS key begins ("aws/ebs").
const MANAGED_KEY_PREFIX: &str = "aws/";
/// The service AWS managed keys belong to.
const KMS: &str = "kms";

impl Question {
    pub(crate) fn read(dataset: &Dataset, index: &SearchIndex, text: &str) -> Question {
        let lowered = text.to_lowercase();
        let original = words(text);
        let (english, translated) = index.translate(&lowered, &original);
        let mut mentions = recognize::services(dataset, &english, &|word| index.knows_word(word));
        // "aws/ebs", "aws/s3": the alias of an AWS managed KMS key names KMS, whatever service
        // the key serves.
        if lowered.contains(MANAGED_KEY_PREFIX)
            && !mentions.iter().any(|m| m.service_id == KMS)
            && dataset.service(KMS).is_some()
        {
            mentions.insert(
                0,
                Mention {
                    service_id: KMS.to_string(),
                    start: 0,
                    len: 0,
                    kind: MentionKind::Exact,
                    by_name: false,
                },
            );
        }
        let vocabulary = &dataset.vocabulary;
        let matter: Vec<String> = english
            .iter()
            .enumerate()
            .filter(|(i, _)| !mentions.iter().any(|m| m.by_name && m.covers(*i)))
            .map(|(_, word)| word.clone())
            .collect();
        let specific: Vec<String> = matter
            .iter()
            .filter(|word| !dataset.is_stopword(word))
            .filter(|word| !vocabulary.generic.iter().any(|generic| generic == *word))
            .cloned()
            .collect();
        let joined = format!(" {} ", english.join(" "));
        let cues = index.cues();
        let names_aws = original
            .iter()
            .any(|word| word == "aws" || word == "amazon");
        let other_cloud = !names_aws
            && (cues.other_clouds.is_in(&joined) || cues.other_clouds_unspaced.is_in(&lowered));
        let question_stems: HashSet<String> = stems(&english.join(" ")).into_iter().collect();
        Question {
            asks_overall: cues.overall.is_in(&joined),
            asks_who: cues.responsibility.is_in(&joined),
            asks_default: cues.default.is_in(&joined),
            asks_verdict: cues.broad.is_in(&joined),
            security_terms: index.security_terms_in(&question_stems),
            other_cloud,
            mentions,
            matter,
            has_unspaced_words: original.iter().any(|word| word.chars().any(is_cjk)),
            specific,
            translated,
        }
    }

    /// Whether the question is about AWS security responsibilities at all: it uses a security
    /// term, or it names a service and asks who does something there ("who wipes the
    /// Snowball device?"), and it is not about another cloud.
    pub(crate) fn is_about_aws_security(&self) -> bool {
        let names_service = self.mentions.iter().any(|m| m.kind != MentionKind::Weak);
        !self.other_cloud && (self.security_terms > 0 || (names_service && self.asks_who))
    }
}
