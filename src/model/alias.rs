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
    let budget = (key.chars().count() / 3).max(2);
    // id -> best distance; BTreeMap keeps ties in id order so suggestions are stable.
    let mut best: BTreeMap<String, usize> = BTreeMap::new();
    for (name, id) in candidates {
        let mut distance = strsim::damerau_levenshtein(key, &name);
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
