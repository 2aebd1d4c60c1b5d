//! An answer as short Markdown, for chat platforms that paste a reply as it is: the owner in
//! bold, the answer sentence, and the source links.

use std::fmt::Write;

use super::Answer;
use crate::model::Owner;

/// Source links shown; the most specific come first, and a chat reply stays short.
const MAX_SOURCES: usize = 3;

impl Answer {
    /// The answer as Markdown: a bold owner line (with the service, duty and confidence),
    /// the sentence, what other services the question names get, and the first sources as links.
    ///
    /// ```
    /// # use srmap::answer::{Answer, SourceLink};
    /// # use srmap::model::Owner;
    /// let answer = Answer {
    ///     query: "who patches the OS on RDS".into(),
    ///     answer: "On Amazon RDS, OS patching is AWS's responsibility.".into(),
    ///     owner: Some(Owner::Aws),
    ///     service_id: Some("rds".into()),
    ///     duty_id: Some("os-patching".into()),
    ///     statement: None,
    ///     confidence: 0.9,
    ///     sources: vec![SourceLink { title: "Security in Amazon RDS".into(), url: "https://docs.aws.amazon.com/rds".into() }],
    ///     alternatives: vec![],
    /// };
    /// let markdown = answer.to_markdown();
    /// assert!(markdown.starts_with("**Owner: AWS**"));
    /// assert!(markdown.contains("- [Security in Amazon RDS](https://docs.aws.amazon.com/rds)"));
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut out = format!("**Owner: {}**", owner_label(self.owner));
        let mut facts = Vec::new();
        if let Some(service) = &self.service_id {
            facts.push(format!("service `{service}`"));
        }
        if let Some(duty) = &self.duty_id {
            facts.push(format!("duty `{duty}`"));
        }
        facts.push(format!("confidence {:.2}", self.confidence));
        let _ = write!(out, " ({})\n\n{}\n", facts.join(", "), escape(&self.answer));
        let others: Vec<_> = self
            .alternatives
            .iter()
            .filter(|alternative| !alternative.answer.is_empty())
            .collect();
        if !others.is_empty() {
            out.push_str("\nOther services in the question:\n");
            for alternative in others {
                let _ = writeln!(out, "- {}", escape(&alternative.answer));
            }
        }
        if !self.sources.is_empty() {
            out.push_str("\nSources:\n");
            for source in self.sources.iter().take(MAX_SOURCES) {
                let _ = writeln!(out, "- [{}]({})", escape(&source.title), link(&source.url));
            }
            let more = self.sources.len().saturating_sub(MAX_SOURCES);
            if more > 0 {
                let _ = writeln!(out, "- and {more} more in the JSON answer");
            }
        }
        out
    }
}

fn owner_label(owner: Option<Owner>) -> &'static str {
    match owner {
        Some(Owner::Aws) => "AWS",
        Some(Owner::Customer) => "Customer",
        Some(Owner::Shared) => "Shared (AWS and the customer)",
        None => "not sure",
    }
}

/// Escapes the characters that would turn dataset text into Markdown markup or HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A URL safe inside `(...)` of a Markdown link.
fn link(url: &str) -> String {
    url.replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::Alternative;

    fn unsure() -> Answer {
        Answer {
            query: "who does the thing".into(),
            answer: "Not sure: the *thing* is [unclear].".into(),
            owner: None,
            service_id: None,
            duty_id: None,
            statement: None,
            confidence: 0.1,
            sources: Vec::new(),
            alternatives: vec![Alternative {
                service_id: "ec2".into(),
                duty_id: Some("os-patching".into()),
                owner: Some(Owner::Customer),
                answer: "On Amazon EC2, OS patching is the customer's responsibility.".into(),
            }],
        }
    }

    #[test]
    fn markdown_says_when_srmap_is_not_sure_and_escapes_the_sentence() {
        let markdown = unsure().to_markdown();

        assert!(
            markdown.starts_with("**Owner: not sure** (confidence 0.10)\n\n"),
            "{markdown}"
        );
        assert!(
            markdown.contains("the \\*thing\\* is \\[unclear\\]."),
            "{markdown}"
        );
        assert!(markdown.contains("\nOther services in the question:\n- On Amazon EC2"));
        assert!(!markdown.contains("Sources:"));
    }

    #[test]
    fn link_keeps_a_url_with_parentheses_inside_the_link() {
        assert_eq!(
            link("https://x.test/a_(b) c"),
            "https://x.test/a_%28b%29%20c"
        );
    }
}
