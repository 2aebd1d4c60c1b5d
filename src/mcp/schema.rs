//! Tool schemas that every client accepts, and arguments checked against them.
//!
//! schemars writes JSON Schema 2020-12 with formats of its own (`uint`, `float`) that a
//! default-configured Ajv refuses, and optional properties that OpenAI's strict mode refuses
//! (it wants every property listed in `required`). [`strict_input`] rewrites an input schema
//! into the form all of them take: no `$schema`, no non-standard `format`, every property
//! required, optional ones nullable (`"type": ["string", "null"]`, with `null` in an `enum`),
//! and `additionalProperties: false`. [`portable_output`] only drops what Ajv refuses.
//! [`check_arguments`] then holds a call to its tool's input schema, so a wrong argument gets
//! an error that names it in MCP's words rather than a deserializer's.

use rmcp::model::JsonObject;
use serde_json::{Map, Value};

/// The `format` values JSON Schema defines; any other is dropped.
const STANDARD_FORMATS: [&str; 6] = ["date", "date-time", "email", "uri", "uuid", "time"];

/// Drops `$schema`, non-standard `format`s and null `default`s, everywhere in `value`.
fn drop_unportable(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.remove("$schema");
            if object
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|format| !STANDARD_FORMATS.contains(&format))
            {
                object.remove("format");
            }
            if object.get("default").is_some_and(Value::is_null) {
                object.remove("default");
            }
            for child in object.values_mut() {
                drop_unportable(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(drop_unportable),
        _ => {}
    }
}

/// The JSON types a property schema allows, `null` among them or not.
fn types_of(schema: &Map<String, Value>) -> Vec<String> {
    match schema.get("type") {
        Some(Value::String(kind)) => vec![kind.clone()],
        Some(Value::Array(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => schema
            .get("anyOf")
            .and_then(Value::as_array)
            .map(|alternatives| {
                alternatives
                    .iter()
                    .filter_map(Value::as_object)
                    .flat_map(types_of)
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// A property schema with one non-null type: a nullable `anyOf` is folded into its one
/// non-null alternative, a type list loses `null`.
fn without_null(schema: &Map<String, Value>) -> Map<String, Value> {
    let mut out = schema.clone();
    if let Some(Value::Array(alternatives)) = out.remove("anyOf") {
        let real: Vec<&Value> = alternatives
            .iter()
            .filter(|alternative| alternative.get("type") != Some(&Value::from("null")))
            .collect();
        match real.as_slice() {
            [only] => {
                if let Some(inner) = only.as_object() {
                    for (key, value) in inner {
                        out.entry(key.clone()).or_insert_with(|| value.clone());
                    }
                }
            }
            _ => {
                out.insert(
                    "anyOf".into(),
                    Value::from(real.into_iter().cloned().collect::<Vec<_>>()),
                );
            }
        }
    }
    let kinds: Vec<String> = types_of(&out)
        .into_iter()
        .filter(|kind| kind != "null")
        .collect();
    if let [only] = kinds.as_slice() {
        out.insert("type".into(), Value::from(only.clone()));
    }
    if let Some(Value::Array(values)) = out.get_mut("enum") {
        values.retain(|value| !value.is_null());
    }
    out
}

/// An input schema every client accepts (see the module docs).
pub(crate) fn strict_input(schema: &JsonObject) -> JsonObject {
    let mut root = Value::Object(schema.clone());
    drop_unportable(&mut root);
    let Value::Object(mut root) = root else {
        return schema.clone();
    };
    let required: Vec<String> = root
        .get("required")
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let mut names = Vec::new();
    if let Some(Value::Object(properties)) = root.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            names.push(Value::from(name.clone()));
            let Some(object) = property.as_object() else {
                continue;
            };
            let mut strict = without_null(object);
            if !required.contains(name) {
                if let Some(Value::String(kind)) = strict.get("type").cloned() {
                    strict.insert("type".into(), Value::from(vec![kind, "null".to_string()]));
                }
                if let Some(Value::Array(values)) = strict.get_mut("enum") {
                    values.push(Value::Null);
                }
            }
            *property = Value::Object(strict);
        }
    }
    root.insert("type".into(), Value::from("object"));
    root.insert("required".into(), Value::from(names));
    root.insert("additionalProperties".into(), Value::Bool(false));
    root
}

/// An output schema a default-configured Ajv compiles.
pub(crate) fn portable_output(schema: &JsonObject) -> JsonObject {
    let mut root = Value::Object(schema.clone());
    drop_unportable(&mut root);
    match root {
        Value::Object(object) => object,
        _ => schema.clone(),
    }
}

fn type_word(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Whether `value` is of the JSON Schema type `kind` (an integer may be written `3.0`).
fn is_of(value: &Value, kind: &str) -> bool {
    match kind {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "string" => value.is_string(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "number" => value.is_number(),
        "integer" => value.as_f64().is_some_and(|number| number.fract() == 0.0),
        _ => true,
    }
}

/// Checks `arguments` against a tool's (strict) input schema: no unknown argument, every
/// required non-null one present, each of an allowed type. The message names the argument.
pub(crate) fn check_arguments(
    schema: &JsonObject,
    arguments: Option<&JsonObject>,
) -> Result<(), String> {
    let empty = Map::new();
    let arguments = arguments.unwrap_or(&empty);
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let known: Vec<&str> = properties.keys().map(String::as_str).collect();
    for name in arguments.keys() {
        if !properties.contains_key(name) {
            return Err(format!(
                "there is no argument `{name}`; the arguments are {}",
                crate::ops::one_of(&known)
            ));
        }
    }
    for (name, property) in properties {
        let kinds = property.as_object().map(types_of).unwrap_or_default();
        match arguments.get(name) {
            None | Some(Value::Null) if !kinds.iter().any(|kind| kind == "null") => {
                return Err(format!("`{name}` is required"));
            }
            // Any number passes where a whole number is wanted: the operation checks it
            // (whole, within range) and answers with its own code, as on every face.
            Some(Value::Number(_)) if kinds.iter().any(|kind| kind == "integer") => {}
            Some(value) if !kinds.is_empty() && !kinds.iter().any(|kind| is_of(value, kind)) => {
                let wanted: Vec<&str> = kinds
                    .iter()
                    .filter(|kind| *kind != "null")
                    .map(|kind| match kind.as_str() {
                        "string" => "text",
                        "integer" => "a whole number",
                        "array" => "a list",
                        "boolean" => "true or false",
                        other => other,
                    })
                    .collect();
                return Err(format!(
                    "`{name}` must be {}, not {}",
                    crate::ops::one_of(&wanted),
                    type_word(value)
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> JsonObject {
        value.as_object().cloned().unwrap_or_default()
    }

    fn sample() -> JsonObject {
        object(json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {
                "question": {"type": "string", "description": "The question."},
                "owner": {"type": ["string", "null"], "enum": ["aws", "customer"]},
                "limit": {"anyOf": [{"type": "integer", "format": "uint"}, {"type": "null"}], "minimum": 1},
            },
            "required": ["question"],
        }))
    }

    #[test]
    fn strict_inputs_require_every_property_and_make_optional_ones_nullable() {
        let strict = strict_input(&sample());

        assert_eq!(
            Value::Object(strict),
            json!({
                "type": "object",
                "properties": {
                    "question": {"type": "string", "description": "The question."},
                    "owner": {"type": ["string", "null"], "enum": ["aws", "customer", null]},
                    "limit": {"type": ["integer", "null"], "minimum": 1},
                },
                "required": ["question", "owner", "limit"],
                "additionalProperties": false,
            })
        );
    }

    #[test]
    fn arguments_are_checked_by_name_and_type() {
        let schema = strict_input(&sample());
        let args = |value: Value| object(value);

        assert!(
            check_arguments(&schema, Some(&args(json!({"question": "x", "limit": 3.0})))).is_ok()
        );
        assert!(
            check_arguments(
                &schema,
                Some(&args(json!({"question": "x", "owner": null})))
            )
            .is_ok()
        );
        assert_eq!(
            check_arguments(&schema, Some(&args(json!({"question": "x", "colour": 1}))))
                .unwrap_err(),
            "there is no argument `colour`; the arguments are question, owner or limit"
        );
        assert_eq!(
            check_arguments(&schema, Some(&args(json!({})))).unwrap_err(),
            "`question` is required"
        );
        assert_eq!(
            check_arguments(&schema, Some(&args(json!({"question": ["a"]})))).unwrap_err(),
            "`question` must be text, not a list"
        );
        // A fraction is left to the operation, which refuses it with its own code.
        assert!(
            check_arguments(&schema, Some(&args(json!({"question": "x", "limit": 2.5})))).is_ok()
        );
        assert_eq!(
            check_arguments(&schema, Some(&args(json!({"question": "x", "limit": "3"}))))
                .unwrap_err(),
            "`limit` must be a whole number, not text"
        );
    }
}
