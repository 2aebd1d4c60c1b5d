//! Markdown: answers, service records, search hits, service lists and matrices, for chat
//! platforms that paste text and for MCP clients whose model reads it. One escaper,
//! [`escape`], for text; [`cell`] for table cells; [`link`] for URLs.

use std::fmt::Write;

use super::{MODEL_DEFAULT_LEGEND, MODEL_DEFAULT_MARK};
use crate::answer::Answer;
use crate::model::{Availability, Basis, DutyEntry, Matrix, Owner};
use crate::ops::list::ServicePage;
use crate::ops::lookup::ServiceDuties;
use crate::ops::search::SearchResponse;

mod architecture;

pub use architecture::{architecture, review_request};

/// Source links an answer shows: the page it rests on first; a chat reply stays short.
pub const MAX_ANSWER_SOURCES: usize = 3;

/// Escapes the characters that would turn dataset text into Markdown markup or HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// Text for one cell of a table: escaped, on one line.
pub fn cell(text: &str) -> String {
    escape(text)
}

/// A URL safe inside `(...)` of a Markdown link.
pub fn link(url: &str) -> String {
    url.replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
}

/// The owner as a word.
pub fn owner_label(owner: Option<Owner>) -> &'static str {
    match owner {
        Some(Owner::Aws) => "AWS",
        Some(Owner::Customer) => "Customer",
        Some(Owner::Shared) => "Shared (AWS and the customer)",
        None => "not sure",
    }
}

/// "Closed to new customers since 2026-07-31; AWS points to `quick`."
pub fn availability_line(name: &str, availability: &Availability) -> String {
    let mut line = format!("{name} is {}", availability.status.phrase());
    if let Some(since) = &availability.since {
        let _ = write!(line, " since {since}");
    }
    if let Some(successor) = &availability.successor {
        let _ = write!(line, "; AWS points customers to `{successor}`");
    }
    line.push('.');
    line
}

/// An answer: a bold owner line (service, duty, confidence), the sentence, availability and
/// basis notes, other services the question names, and the sources the answer rests on.
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
///     sources: vec![SourceLink { title: "Security in Amazon RDS".into(), url: "https://docs.aws.amazon.com/rds".into() }],
///     confidence: 0.9,
///     ..Answer::default()
/// };
/// let markdown = srmap::render::markdown::answer(&answer);
/// assert!(markdown.starts_with("**Owner: AWS**"));
/// assert!(markdown.contains("- [Security in Amazon RDS](https://docs.aws.amazon.com/rds)"));
/// ```
pub fn answer(answer: &Answer) -> String {
    let mut out = format!("**Owner: {}**", owner_label(answer.owner));
    let mut facts = Vec::new();
    if let Some(service) = &answer.service_id {
        facts.push(format!("service `{service}`"));
    }
    if let Some(duty) = &answer.duty_id {
        facts.push(format!("duty `{duty}`"));
    }
    facts.push(format!("confidence {:.2}", answer.confidence));
    let _ = write!(
        out,
        " ({})\n\n{}\n",
        facts.join(", "),
        escape(&answer.answer)
    );
    if let Some(availability) = &answer.availability {
        let name = answer.service_id.as_deref().unwrap_or("The service");
        let _ = write!(
            out,
            "\n{}\n",
            escape(&availability_line(name, availability))
        );
    }
    if answer.basis == Some(Basis::ModelDefault) {
        out.push_str(
            "\nThis owner is the service model's default, not checked for this service.\n",
        );
    }
    let others: Vec<_> = answer
        .alternatives
        .iter()
        .filter(|alternative| !alternative.answer.is_empty())
        .collect();
    if !others.is_empty() {
        out.push_str("\nAlso possible:\n");
        for alternative in others {
            let _ = writeln!(out, "- {}", escape(&alternative.answer));
        }
    }
    if !answer.sources.is_empty() {
        out.push_str("\nSources:\n");
        for source in answer.sources.iter().take(MAX_ANSWER_SOURCES) {
            let _ = writeln!(out, "- [{}]({})", escape(&source.title), link(&source.url));
        }
    }
    out
}

/// The owner as a word in bold.
fn bold_owner(owner: Owner) -> &'static str {
    match owner {
        Owner::Aws => "**AWS**",
        Owner::Customer => "**Customer**",
        Owner::Shared => "**Shared**",
    }
}

fn basis_mark(entry: &DutyEntry) -> &'static str {
    if entry.basis == Basis::ModelDefault {
        MODEL_DEFAULT_MARK
    } else {
        ""
    }
}

/// A service and its (filtered) duties. Brief by default: the duties grouped by owner, one
/// line each, with its reason for the shared ones. With `detail`, every duty with its reason
/// and statements.
pub fn service(view: &ServiceDuties<'_>, detail: bool) -> String {
    let service = view.service;
    let mut out = format!(
        "## {} (`{}`)\n\n{}\n\nModel: {} · category: {} · facts checked {} · [security chapter]({})\n",
        escape(&service.name),
        service.id,
        escape(&service.summary),
        service.model,
        service.category,
        service.reviewed,
        link(&service.docs_url)
    );
    if !service.availability.is_available() {
        let _ = writeln!(
            out,
            "\n**{}**",
            escape(&availability_line(
                &service.short_name,
                &service.availability
            ))
        );
    }
    if view.duties.is_empty() {
        out.push_str("\nNo duty matches the filters.\n");
        return out;
    }
    if detail {
        out.push('\n');
        for entry in &view.duties {
            duty_detail(&mut out, entry);
        }
    } else {
        for owner in Owner::ALL {
            let entries: Vec<&&DutyEntry> = view
                .duties
                .iter()
                .filter(|entry| entry.owner == owner)
                .collect();
            if entries.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{} ({}):", bold_owner(owner), entries.len());
            for entry in entries {
                let _ = write!(
                    out,
                    "- {}{} (`{}`)",
                    escape(&entry.title),
                    basis_mark(entry),
                    entry.id
                );
                // Only a shared duty needs its reason in the brief form: it says where the
                // line falls. The others are wholly one side's; `detail` gives every reason.
                if owner == Owner::Shared {
                    let _ = write!(out, ": {}", escape(&entry.summary));
                }
                out.push('\n');
            }
        }
    }
    if view
        .duties
        .iter()
        .any(|entry| entry.basis == Basis::ModelDefault)
    {
        let _ = writeln!(out, "\n{MODEL_DEFAULT_MARK} {MODEL_DEFAULT_LEGEND}.");
    }
    out
}

fn duty_detail(out: &mut String, entry: &DutyEntry) {
    let _ = writeln!(
        out,
        "- {} {}{} (`{}`, {}): {}",
        bold_owner(entry.owner),
        escape(&entry.title),
        basis_mark(entry),
        entry.id,
        entry.area,
        escape(&entry.summary)
    );
    for statement in &entry.statements {
        let controls = if statement.controls.is_empty() {
            String::new()
        } else {
            format!(" [{}]", statement.controls.join(", "))
        };
        let _ = writeln!(
            out,
            "  - {}: {}{controls}",
            statement.owner.phrase(),
            escape(&statement.text)
        );
    }
}

/// Search hits as a numbered list with their owner, ids and fragment.
pub fn search(output: &SearchResponse) -> String {
    if output.total == 0 {
        let mut out = format!("No hit for \"{}\".", escape(&output.query));
        if !output.suggestions.is_empty() {
            let _ = write!(
                out,
                " Services with a close name: {}.",
                output.suggestions.join(", ")
            );
        }
        out.push('\n');
        return out;
    }
    let shown_to = output.offset + output.hits.len();
    let mut out = format!(
        "{} hits for \"{}\" (showing {} to {}):\n\n",
        output.total,
        escape(&output.query),
        (output.offset + 1).min(shown_to),
        shown_to
    );
    for (position, hit) in output.hits.iter().enumerate() {
        let owner = hit.owner.map(bold_owner).unwrap_or("—");
        let place: Vec<String> = [&hit.service_id, &hit.duty_id]
            .into_iter()
            .flatten()
            .map(|id| format!("`{id}`"))
            .collect();
        let _ = writeln!(
            out,
            "{}. {owner} {} ({}{}): {}",
            output.offset + position + 1,
            escape(&hit.title),
            hit.kind.as_str(),
            if place.is_empty() {
                String::new()
            } else {
                format!(", {}", place.join(" "))
            },
            escape(&hit.fragment)
        );
    }
    out
}

/// A page of services, one compact line each.
pub fn services(page: &ServicePage) -> String {
    let shown_to = page.offset + page.items.len();
    let mut out = format!(
        "{} services (showing {} to {}).\n\n",
        page.total,
        (page.offset + 1).min(shown_to),
        shown_to
    );
    for item in &page.items {
        let _ = write!(
            out,
            "- `{}` {} ({}, {})",
            item.id,
            escape(&item.short_name),
            item.category,
            item.model
        );
        if item.availability != crate::model::AvailabilityStatus::Available {
            let _ = write!(out, ", {}", item.availability.phrase());
        }
        out.push('\n');
    }
    if shown_to < page.total {
        let _ = writeln!(out, "\nMore with offset {shown_to}.");
    }
    out
}

/// A GitHub-flavoured Markdown table, one row per duty, model-default cells marked, and the
/// services not open to new customers named below it.
pub fn matrix(matrix: &Matrix) -> String {
    let mut out = String::from("| Duty | Area |");
    for id in &matrix.services {
        let _ = write!(out, " {} |", cell(id));
    }
    out.push_str("\n|---|---|");
    for _ in &matrix.services {
        out.push_str("---|");
    }
    out.push('\n');
    for row in &matrix.rows {
        let _ = write!(out, "| {} | {} |", cell(&row.title), cell(&row.area));
        for value in matrix.cells(row) {
            match value {
                Some((owner, basis)) => {
                    let mark = if basis == Basis::ModelDefault {
                        "\\*"
                    } else {
                        ""
                    };
                    let _ = write!(out, " {owner}{mark} |");
                }
                None => out.push_str("  |"),
            }
        }
        out.push('\n');
    }
    if matrix.has_model_defaults() {
        let _ = write!(out, "\n\\* {MODEL_DEFAULT_LEGEND}.\n");
    }
    for (id, status) in &matrix.availability {
        if *status != crate::model::AvailabilityStatus::Available {
            let _ = writeln!(out, "\n`{id}` is {}.", status.phrase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::Alternative;
    use crate::model::AvailabilityStatus;

    #[test]
    fn an_unsure_answer_says_so_and_escapes_the_sentence() {
        let reply = Answer {
            query: "who does the thing".into(),
            answer: "Not sure: the *thing* is [unclear].".into(),
            confidence: 0.1,
            alternatives: vec![Alternative {
                service_id: "ec2".into(),
                duty_id: Some("os-patching".into()),
                owner: Some(Owner::Customer),
                answer: "On Amazon EC2, OS patching is the customer's responsibility.".into(),
            }],
            ..Answer::default()
        };

        let markdown = answer(&reply);

        assert!(
            markdown.starts_with("**Owner: not sure** (confidence 0.10)\n\n"),
            "{markdown}"
        );
        assert!(
            markdown.contains("the \\*thing\\* is \\[unclear\\]."),
            "{markdown}"
        );
        assert!(markdown.contains("\nAlso possible:\n- On Amazon EC2"));
        assert!(!markdown.contains("Sources:"));
    }

    #[test]
    fn link_keeps_a_url_with_parentheses_inside_the_link() {
        assert_eq!(
            link("https://x.test/a_(b) c"),
            "https://x.test/a_%28b%29%20c"
        );
    }

    #[test]
    fn a_matrix_table_marks_model_defaults_and_has_a_legend() {
        let matrix =
            crate::render::two_service_matrix("OS | patching", AvailabilityStatus::Retired);

        let markdown = super::matrix(&matrix);
        let lines: Vec<&str> = markdown.lines().collect();

        assert_eq!(lines[0], "| Duty | Area | ec2 | s3 |");
        assert_eq!(lines[1], "|---|---|---|---|");
        assert_eq!(
            lines[2],
            "| OS \\| patching | infrastructure-protection | customer | aws\\* |"
        );
        assert!(markdown.contains("\\* model default"), "{markdown}");
        assert!(markdown.contains("`s3` is retired."), "{markdown}");
    }
}
