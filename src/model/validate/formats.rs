//! The shapes of single values: identifiers, AWS URLs, control ids, dates and `asks`.

pub(super) fn is_identifier(value: &str) -> bool {
    !value.is_empty()
        && !value.starts_with('-')
        && !value.ends_with('-')
        && !value.contains("--")
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `https` on an AWS domain; with `docs_only`, on docs.aws.amazon.com.
pub(super) fn check_aws_url(value: &str, docs_only: bool) -> Result<(), String> {
    let url = url::Url::parse(value).map_err(|error| format!("`{value}` is not a URL: {error}"))?;
    if url.scheme() != "https" {
        return Err(format!("`{value}` must use https"));
    }
    let host = url.host_str().unwrap_or_default();
    let on_aws = host == "aws.amazon.com"
        || host.ends_with(".aws.amazon.com")
        || host.ends_with(".amazonaws.com")
        || host.ends_with(".amazonaws.cn");
    if docs_only && host != "docs.aws.amazon.com" {
        return Err(format!("`{value}` must be a page on docs.aws.amazon.com"));
    }
    if !on_aws {
        return Err(format!("`{value}` is not on an AWS domain"));
    }
    Ok(())
}

/// `S3.1`, `RDS.13`, `APIGateway.9`.
pub(super) fn is_control_id(value: &str) -> bool {
    match value.split_once('.') {
        Some((prefix, number)) => {
            !prefix.is_empty()
                && prefix.chars().all(|c| c.is_ascii_alphanumeric())
                && prefix.starts_with(|c: char| c.is_ascii_uppercase())
                && !number.is_empty()
                && number.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// `SI-2`, `AC-6(1)` or a family such as `PE`. Reads characters, never byte offsets, so any
/// text an overlay puts here is judged, not a panic.
pub(super) fn is_nist_control(value: &str) -> bool {
    let mut chars = value.chars();
    let family: String = chars.by_ref().take(2).collect();
    let rest: &str = chars.as_str();
    if family.chars().count() != 2 || !family.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    match rest.strip_prefix('-') {
        Some(number) => {
            number.starts_with(|c: char| c.is_ascii_digit())
                && number
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '(' || c == ')')
        }
        None => false,
    }
}

/// `TVM-04`, `IAM-02`: three capital letters, a hyphen, two digits.
pub(super) fn is_ccm_control(value: &str) -> bool {
    let chars: Vec<char> = value.chars().collect();
    chars.len() == 6
        && chars[..3].iter().all(char::is_ascii_uppercase)
        && chars[3] == '-'
        && chars[4..].iter().all(char::is_ascii_digit)
}

pub(super) fn date_only(value: &toml::value::Datetime) -> Option<String> {
    match (value.date, value.time) {
        (Some(date), None) => Some(date.to_string()),
        _ => None,
    }
}

/// The fewest and most questions one item may carry in `asks`.
pub(super) const ASKS_RANGE: (usize, usize) = (2, 4);
/// The longest question accepted in `asks`, in characters.
const MAX_ASK_CHARS: usize = 300;

/// `asks`: two to four distinct questions, each ending in a question mark; with `required`
/// false, none at all is fine too.
pub(super) fn check_asks(asks: &[String], required: bool) -> Result<(), String> {
    let (min, max) = ASKS_RANGE;
    if asks.is_empty() && !required {
        return Ok(());
    }
    if asks.len() < min || asks.len() > max {
        return Err(format!(
            "write {min} to {max} questions this answers; there are {}",
            asks.len()
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for ask in asks {
        let trimmed = ask.trim();
        if !trimmed.ends_with('?') {
            return Err(format!("`{trimmed}` must be a question ending in `?`"));
        }
        if trimmed.chars().count() > MAX_ASK_CHARS {
            return Err(format!(
                "a question is at most {MAX_ASK_CHARS} characters; `{}...` is longer",
                trimmed.chars().take(40).collect::<String>()
            ));
        }
        if !seen.insert(trimmed.to_lowercase()) {
            return Err(format!("`{trimmed}` is listed twice"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_ids_need_a_prefix_a_dot_and_a_number() {
        for (value, ok) in [
            ("S3.1", true),
            ("APIGateway.9", true),
            ("s3.1", false),
            ("S3", false),
            ("S3.x", false),
        ] {
            assert_eq!(is_control_id(value), ok, "{value}");
        }
    }

    #[test]
    fn nist_ids_are_a_family_or_a_control() {
        for (value, ok) in [
            ("PE", true),
            ("SI-2", true),
            ("AC-6(1)", true),
            ("si-2", false),
            ("SI2", false),
        ] {
            assert_eq!(is_nist_control(value), ok, "{value}");
        }
    }

    #[test]
    fn nist_and_ccm_checks_never_slice_inside_a_character() {
        for value in ["ÄB-1", "SÉ-2", "é", "AC-é", "ÅÅÅ-01", "日本"] {
            assert!(!is_nist_control(value), "{value}");
            assert!(!is_ccm_control(value), "{value}");
        }
    }

    #[test]
    fn asks_are_two_to_four_distinct_questions() {
        let asks = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(check_asks(&asks(&["Who patches it?", "Is it automatic?"]), true).is_ok());
        assert!(check_asks(&[], false).is_ok());
        assert!(check_asks(&[], true).is_err());
        assert!(check_asks(&asks(&["Who patches it?"]), false).is_err());
        assert!(check_asks(&asks(&["Who patches it?", "who patches it?"]), true).is_err());
        assert!(check_asks(&asks(&["Who patches it", "Is it automatic?"]), true).is_err());
    }

    #[test]
    fn urls_must_be_https_on_an_aws_domain() {
        assert!(check_aws_url("https://docs.aws.amazon.com/x.html", true).is_ok());
        assert!(check_aws_url("http://docs.aws.amazon.com/x.html", true).is_err());
        assert!(check_aws_url("https://aws.amazon.com/compliance/", true).is_err());
        assert!(check_aws_url("https://aws.amazon.com/compliance/", false).is_ok());
        assert!(check_aws_url("https://example.com/aws.amazon.com", false).is_err());
        assert!(check_aws_url("https://evilaws.amazon.com.example.com/", false).is_err());
    }
}
