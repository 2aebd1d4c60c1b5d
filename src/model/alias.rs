//! How service names are compared: one normal form for every way of writing a name, and
//! "did you mean" suggestions by edit distance over those forms.

use std::collections::BTreeMap;

/// Words that only brand a name; "Amazon S3", "AWS S3" and "S3" are the same service.
const BRAND_WORDS: [&str; 2] = ["amazon", "aws"];

/// The normal form of a service name: lowercase ASCII letters and digits only, without a
/// leading "Amazon" or "AWS" (`"Amazon  Simple-Storage Service"` -> `"simplestorageservice"`).
pub fn normalize_name(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    while words.len() > 1 && BRAND_WORDS.contains(&words[0]) {
        words.remove(0);
    }
    words.concat()
}

/// The ids of up to `max` candidates whose normalized name is nearest to `key`: within an edit
/// distance of a third of the key's length (at least 2), or sharing a prefix of 3 or more.
pub(crate) fn closest(
    key: &str,
    candidates: impl Iterator<Item = (String, String)>,
    max: usize,
) -> Vec<String> {
    if key.is_empty() {
        return Vec::new();
    }
    let key_chars = key.chars().count();
    let budget = (key_chars / 3).max(2);
    // id -> best distance; BTreeMap keeps ties in id order so suggestions are stable.
    let mut best: BTreeMap<String, usize> = BTreeMap::new();
    for (name, id) in candidates {
        // The length difference is a lower bound of the edit distance: past the budget it
        // decides as well as `damerau_levenshtein` would, without its cost of key length
        // times name length. An 8 KB key in a URL took 0.7 s of CPU without this.
        let gap = key_chars.abs_diff(name.chars().count());
        let mut distance = if gap > budget {
            gap
        } else {
            strsim::damerau_levenshtein(key, &name)
        };
        if distance > budget && key.len() >= 3 && (name.starts_with(key) || key.starts_with(&name))
        {
            distance = budget;
        }
        if distance <= budget {
            let entry = best.entry(id).or_insert(distance);
            *entry = (*entry).min(distance);
        }
    }
    let mut ranked: Vec<(usize, String)> = best.into_iter().map(|(id, d)| (d, id)).collect();
    ranked.sort();
    ranked.into_iter().take(max).map(|(_, id)| id).collect()
}

/// The words of `text`: lowercase runs of letters and digits.
pub fn words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    let mut word = String::new();
    let mut word_is_cjk = false;
    for c in lower.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            continue;
        }
        // Scripts written without spaces start a new word where they meet another script:
        // "rdsのバックアップ" is "rds" and "のバックアップ".
        let cjk = is_cjk(c);
        if !word.is_empty() && cjk != word_is_cjk {
            out.push(std::mem::take(&mut word));
        }
        word_is_cjk = cjk;
        word.push(c);
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Han, kana and Hangul: scripts whose sentences have no spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
            | 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF | 0xFF66..=0xFF9F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_where_a_script_without_spaces_meets_another() {
        assert_eq!(words("RDSのバックアップは？"), ["rds", "のバックアップは"]);
        assert_eq!(words("Sécurité d'S3"), ["sécurité", "d", "s3"]);
        assert_eq!(words("S3 버킷 암호화"), ["s3", "버킷", "암호화"]);
    }

    #[test]
    fn normalize_name_drops_brand_case_spacing_and_punctuation() {
        for (input, expected) in [
            ("Amazon S3", "s3"),
            ("AWS  Lambda", "lambda"),
            ("Simple-Storage Service", "simplestorageservice"),
            ("cognito-idp", "cognitoidp"),
            ("AWS", "aws"),
            ("Amazon Aurora", "aurora"),
        ] {
            assert_eq!(normalize_name(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn closest_suggests_near_names_first() {
        let candidates = [
            ("lambda", "lambda"),
            ("lightsail", "lightsail"),
            ("s3", "s3"),
        ]
        .map(|(name, id)| (name.to_string(), id.to_string()));
        assert_eq!(closest("lamda", candidates.into_iter(), 3), vec!["lambda"]);
    }

    #[test]
    fn closest_skips_names_too_different_in_length_but_keeps_prefixes_of_long_keys() {
        let candidates = || {
            [("lambda", "lambda"), ("s3", "s3")]
                .map(|(name, id)| (name.to_string(), id.to_string()))
                .into_iter()
        };
        let long_key = format!("lambda{}", "x".repeat(8000));

        assert_eq!(closest(&long_key, candidates(), 3), vec!["lambda"]);
        assert!(closest(&"q".repeat(8000), candidates(), 3).is_empty());
        assert_eq!(closest("s4", candidates(), 3), vec!["s3"]);
    }
}
