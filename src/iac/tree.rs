//! A document as a tree of maps, lists and scalars, read from JSON or YAML with bounds.
//!
//! YAML goes through serde_norway (libyaml's grammar, which CloudFormation's own parser
//! follows more closely than stricter YAML 1.2 parsers): tags (`!Ref`, `!GetAtt`, `!Sub`) are
//! read as the value underneath, alias bombs and deep nesting are refused by its limits. JSON
//! goes through serde_json, whose recursion limit refuses deep nesting. Both limits are
//! [`MAX_DEPTH`] levels.

use std::rc::Rc;

/// Deepest nesting of maps and lists accepted. Real templates nest a few dozen levels.
pub const MAX_DEPTH: usize = 128;

/// A node of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Scalar(String),
    List(Vec<Rc<Node>>),
    Map(Vec<(String, Rc<Node>)>),
}

impl Node {
    /// The value of `key` when this is a map that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value.as_ref()),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Scalar(text) => Some(text),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[(String, Rc<Node>)] {
        match self {
            Node::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Rc<Node>] {
        match self {
            Node::List(items) => items,
            _ => &[],
        }
    }
}

/// Why a document could not be read: what went wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub message: String,
    /// Line and column, from 1.
    pub at: Option<(usize, usize)>,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{} (line {line}, column {column})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Reads JSON text.
pub fn from_json(text: &str) -> Result<Node, ReadError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| ReadError {
        message: format!("invalid JSON: {error}").replace(
            &format!(" at line {} column {}", error.line(), error.column()),
            "",
        ),
        at: Some((error.line(), error.column())),
    })?;
    Ok(from_value(value))
}

fn from_value(value: serde_json::Value) -> Node {
    match value {
        serde_json::Value::Object(map) => Node::Map(
            map.into_iter()
                .map(|(key, value)| (key, Rc::new(from_value(value))))
                .collect(),
        ),
        serde_json::Value::Array(items) => {
            Node::List(items.into_iter().map(|v| Rc::new(from_value(v))).collect())
        }
        serde_json::Value::String(text) => Node::Scalar(text),
        serde_json::Value::Null => Node::Scalar(String::new()),
        other => Node::Scalar(other.to_string()),
    }
}

/// Reads YAML text: its first document. Tags are dropped, keeping the value underneath;
/// aliases are expanded within serde_norway's repetition limit, past which the document is
/// refused (a "billion laughs" of nested aliases); nesting deeper than its recursion limit
/// (128) is refused with its place.
pub fn from_yaml(text: &str) -> Result<Node, ReadError> {
    let value: serde_norway::Value = serde_norway::from_str(text).map_err(|error| {
        let location = error.location().map(|at| (at.line(), at.column()));
        // The place is given once, from `location`; the message's own copies go (they may
        // count columns from 0 or name where a token began).
        let mut message = strip_places(&error.to_string());
        if message.contains("repetition limit") {
            message =
                "its aliases expand to more than the repetition limit (an alias bomb?)".to_string();
        }
        ReadError {
            message: format!("invalid YAML: {message}"),
            at: location,
        }
    })?;
    Ok(from_yaml_value(value))
}

/// `message` without its " at line L column C" phrases.
fn strip_places(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some((before, after)) = rest.split_once(" at line ") {
        out.push_str(before);
        let place = after
            .split_once(" column ")
            .filter(|(line, _)| !line.is_empty() && line.chars().all(|c| c.is_ascii_digit()))
            .and_then(|(_, column)| {
                let tail = column.trim_start_matches(|c: char| c.is_ascii_digit());
                (tail.len() < column.len()).then_some(tail)
            });
        match place {
            Some(tail) => rest = tail,
            None => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn from_yaml_value(value: serde_norway::Value) -> Node {
    use serde_norway::Value;
    match value {
        Value::Mapping(map) => Node::Map(
            map.into_iter()
                .map(|(key, value)| (scalar_text(&key), Rc::new(from_yaml_value(value))))
                .collect(),
        ),
        Value::Sequence(items) => Node::List(
            items
                .into_iter()
                .map(|item| Rc::new(from_yaml_value(item)))
                .collect(),
        ),
        Value::Tagged(tagged) => from_yaml_value(tagged.value),
        other => Node::Scalar(scalar_text(&other)),
    }
}

/// The text of a scalar (a key is nearly always one); empty for anything else.
fn scalar_text(value: &serde_norway::Value) -> String {
    use serde_norway::Value;
    match value {
        Value::String(text) => text.clone(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::Tagged(tagged) => scalar_text(&tagged.value),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_stripped_from_messages_once_given_apart() {
        assert_eq!(
            strip_places("did not find x, while scanning an alias at line 3 column 1"),
            "did not find x, while scanning an alias"
        );
        assert_eq!(
            strip_places("mapping at line 2 column 7, here"),
            "mapping, here"
        );
        assert_eq!(strip_places("ends at line end"), "ends at line end");
        assert_eq!(strip_places("at line 2 column x"), "at line 2 column x");
    }

    #[test]
    fn yaml_tags_are_read_as_their_values() {
        let node = from_yaml("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${AWS::StackName}-b'\n      Tags: !If [c, a, b]\n").unwrap();

        let bucket = node.get("Resources").and_then(|r| r.get("Bucket")).unwrap();
        assert_eq!(
            bucket.get("Type").and_then(Node::as_str),
            Some("AWS::S3::Bucket")
        );
    }

    #[test]
    fn a_billion_laughs_is_refused() {
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for level in 1..10 {
            let refs = vec![format!("*a{}", level - 1); 9].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }

        let error = from_yaml(&text).unwrap_err();

        assert!(error.message.contains("alias"), "{error}");
    }

    #[test]
    fn deep_nesting_and_bad_syntax_are_errors_with_a_place() {
        let deep = "a: ".to_string() + &"[".repeat(MAX_DEPTH + 5);
        let error = from_yaml(&deep).unwrap_err();
        assert!(error.message.contains("recursion limit"), "{error}");
        let bad = from_yaml("a: b\n c: [d\n").unwrap_err();
        assert!(bad.at.is_some(), "{bad}");
        let json = from_json("{\"a\": [1, 2,, 3]}").unwrap_err();
        assert_eq!(json.at, Some((1, 13)), "{json}");
    }
}
