//! HTML fragments: search snippets with their matches marked.

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// `fragment` escaped, with the byte ranges of `highlights` in `<mark>`. Ranges out of order,
/// overlapping, or not on character boundaries are skipped rather than trusted.
pub fn snippet(fragment: &str, highlights: &[[usize; 2]]) -> String {
    let mut out = String::with_capacity(fragment.len() + highlights.len() * 13);
    let mut at = 0;
    for &[start, end] in highlights {
        let (Some(before), Some(marked)) = (fragment.get(at..start), fragment.get(start..end))
        else {
            continue;
        };
        out.push_str(&escape(before));
        out.push_str("<mark>");
        out.push_str(&escape(marked));
        out.push_str("</mark>");
        at = end;
    }
    out.push_str(&escape(fragment.get(at..).unwrap_or_default()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_escapes_text_and_marks_ranges() {
        assert_eq!(
            snippet("a <b> & rds", &[[8, 11]]),
            "a &lt;b&gt; &amp; <mark>rds</mark>"
        );
    }

    #[test]
    fn snippet_skips_ranges_inside_a_character_or_out_of_order() {
        assert_eq!(snippet("é rds", &[[1, 2], [3, 6]]), "é <mark>rds</mark>");
        assert_eq!(snippet("ab", &[[1, 2], [0, 1]]), "a<mark>b</mark>");
    }
}
