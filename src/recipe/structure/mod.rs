//! Every structural problem of a file at once.
//!
//! serde stops at the first problem in a file: a writer who misspelt three keys would fix
//! them one `check` at a time. When a file fails to deserialize, this pass walks its YAML
//! against the JSON Schema generated from the same types and reports every unknown field,
//! unknown value, missing field and wrong kind of value, with the same wording as the serde
//! path. It runs only on files that already failed, so clean runs never pay for it.

use crate::diagnostic::Diagnostic;
use crate::recipe::did_you_mean;
use serde_json::Value;
use std::path::Path;
use tree::{Node, tree};

mod tree;

/// More problems than this in one file are not worth listing.
const MAX_PROBLEMS: usize = 50;

/// Every structural problem of `text` against `schema`, or nothing when the YAML does not
/// parse or the walk finds nothing (then the caller's serde error stands alone).
pub fn problems(file: &Path, text: &str, schema: &Value) -> Vec<Diagnostic> {
    let Some(root) = tree(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(&Walk { file, schema }, &root, schema, "", &mut out);
    // A file missing most top-level fields is not a recipe at all (a wrong file, or an
    // attack): one line saying so beats a list of every key it has.
    if let Some(i) = out
        .iter()
        .position(|d| d.path.is_empty() && d.message.starts_with("missing fields"))
        && out[i].message.matches('`').count() > 6
    {
        out = vec![out.swap_remove(i)];
    }
    out.truncate(MAX_PROBLEMS);
    out.into_iter().map(|d| d.with_source(text)).collect()
}

struct Walk<'a> {
    file: &'a Path,
    schema: &'a Value,
}

/// Follow `$ref`s and pick the non-null branch of `Option`s.
fn deref<'a>(schema: &'a Value, mut node: &'a Value) -> (&'a Value, bool) {
    let mut nullable = false;
    for _ in 0..8 {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            match schema
                .get("$defs")
                .and_then(|d| d.get(r.trim_start_matches("#/$defs/")))
            {
                Some(def) => node = def,
                None => break,
            }
        } else if let Some(branches) = node.get("anyOf").and_then(Value::as_array) {
            nullable |= branches
                .iter()
                .any(|b| b.get("type") == Some(&Value::from("null")));
            match branches
                .iter()
                .find(|b| b.get("type") != Some(&Value::from("null")))
            {
                Some(b) => node = b,
                None => break,
            }
        } else {
            break;
        }
    }
    (node, nullable)
}

/// The schema's `type`, without `null`; and whether `null` is allowed.
fn kind(node: &Value) -> (Option<&str>, bool) {
    match node.get("type") {
        Some(Value::String(t)) => (Some(t.as_str()), false),
        Some(Value::Array(ts)) => (
            ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
            ts.iter().any(|t| t == "null"),
        ),
        _ => (None, false),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn is_null(value: &str, plain: bool) -> bool {
    plain && matches!(value, "" | "~" | "null" | "Null" | "NULL")
}

fn walk(w: &Walk<'_>, node: &Node, schema_node: &Value, path: &str, out: &mut Vec<Diagnostic>) {
    if out.len() >= MAX_PROBLEMS || matches!(node, Node::Opaque) {
        return;
    }
    let (s, nullable_ref) = deref(w.schema, schema_node);
    let (ty, nullable_ty) = kind(s);
    let nullable = nullable_ref || nullable_ty;
    let (line, column) = node.at();
    let error = |message: String| {
        Diagnostic::error(w.file, message)
            .code("wrong-type")
            .at(line, column)
            .path(path)
    };
    if let Node::Scalar { value, plain, .. } = node
        && is_null(value, *plain)
    {
        if !nullable && ty == Some("string") {
            out.push(
                error("this value is empty".to_string()).code("empty-value")
                    .expected("a text value")
                    .help("write the value after the colon, or remove the line if the field is optional"),
            );
        }
        if nullable || ty == Some("string") {
            return;
        }
    }
    // Enums: one of the documented words.
    if let Some(variants) = s.get("oneOf").and_then(Value::as_array) {
        if let Some(d) = enum_value(variants, node, error) {
            out.push(d);
        }
        return;
    }
    match (ty, node) {
        (Some("object"), Node::Map { entries, at }) => {
            mapping(w, s, entries, *at, path, out);
        }
        (Some("object"), _) => out.push(
            error("wrong type of value".to_string()).expected("a mapping (`key: value` lines)"),
        ),
        (Some("array"), Node::Seq { items, .. }) => {
            let item_schema = s.get("items").unwrap_or(&Value::Null);
            for (i, item) in items.iter().enumerate() {
                walk(w, item, item_schema, &format!("{path}[{i}]"), out);
            }
        }
        (Some("array"), _) => out.push(
            error("wrong type of value".to_string())
                .expected("a list (`[a, b]`, or one `- item` per line)"),
        ),
        (Some(_), Node::Seq { .. } | Node::Map { .. }) => out.push(
            error("wrong type of value".to_string())
                .expected("a single text value, not a list or mapping"),
        ),
        (Some("integer"), Node::Scalar { value, .. }) => {
            if let Some(d) = integer(s, value, error) {
                out.push(d);
            }
        }
        (Some("string"), Node::Scalar { value, .. })
            if s.get("format").and_then(Value::as_str) == Some("date")
                && value.parse::<jiff::civil::Date>().is_err() =>
        {
            out.push(
                error(format!("`{value}` is not a date"))
                    .code("not-a-date")
                    .expected("a date written YYYY-MM-DD, e.g. 2026-11-26"),
            );
        }
        _ => {}
    }
}

/// A mapping against an object schema: each key known (or a did-you-mean), each value
/// walked, every required field present.
fn mapping(
    w: &Walk<'_>,
    s: &Value,
    entries: &[(String, (u64, u64), Node)],
    at: (u64, u64),
    path: &str,
    out: &mut Vec<Diagnostic>,
) {
    let props = s.get("properties").and_then(Value::as_object);
    let closed = s.get("additionalProperties") == Some(&Value::Bool(false));
    let names: Vec<&str> = props
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut seen = Vec::new();
    // Fields a misspelt key probably meant: not reported again as missing.
    let mut suggested: Vec<&str> = Vec::new();
    for (key, key_at, value) in entries {
        let p = join(path, key);
        match props.and_then(|m| m.get(key)) {
            Some(prop) => walk(w, value, prop, &p, out),
            None if closed => {
                // Sorted, as the serde path lists them.
                let mut d = Diagnostic::error(w.file, format!("unknown field `{key}`"))
                    .code("unknown-field")
                    .at(key_at.0, key_at.1)
                    .path(p)
                    .expected(format!("one of {}", names.join(", ")));
                if let Some(s) = did_you_mean(key, &names) {
                    d = d.help(format!("did you mean `{s}`?"));
                    suggested.push(s);
                }
                out.push(d);
            }
            None => {}
        }
        seen.push(key.as_str());
    }
    let required = s.get("required").and_then(Value::as_array);
    let missing: Vec<&str> = required
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|f| !seen.contains(f) && !suggested.contains(f))
        .collect();
    if let Some(d) = missing_fields(w, &missing, at, path) {
        out.push(d);
    }
}

/// One diagnostic for the required fields missing from the mapping at `path`.
fn missing_fields(
    w: &Walk<'_>,
    missing: &[&str],
    at: (u64, u64),
    path: &str,
) -> Option<Diagnostic> {
    let place = if path.is_empty() {
        "at the top level"
    } else {
        "to this mapping"
    };
    match missing {
        [] => None,
        [field] => {
            let p = join(path, field);
            let help = match crate::recipe::docs::field_doc(w.schema, &p) {
                Some(doc) => format!("add `{field}:` {place}: {doc}"),
                None => format!("add `{field}:` {place}"),
            };
            Some(
                Diagnostic::error(w.file, format!("missing field `{field}`"))
                    .code("missing-field")
                    .at(at.0, at.1)
                    .path(p)
                    .help(help),
            )
        }
        many => {
            let names: Vec<String> = many.iter().map(|f| format!("`{f}`")).collect();
            let help = if path.is_empty() && many.len() > 3 {
                "is this a recipe? `mailbook new ID` writes a skeleton with every field documented"
                    .to_string()
            } else {
                format!("add them {place}; `mailbook schema` documents each field")
            };
            Some(
                Diagnostic::error(w.file, format!("missing fields {}", names.join(", ")))
                    .code("missing-field")
                    .at(at.0, at.1)
                    .path(path)
                    .help(help),
            )
        }
    }
}

/// An enum value: one of the documented words.
fn enum_value(
    variants: &[Value],
    node: &Node,
    error: impl Fn(String) -> Diagnostic,
) -> Option<Diagnostic> {
    let word = |v: &Value| v.get("const").and_then(Value::as_str).map(str::to_owned);
    // Deprecated spellings (old lower-case SASL names) are accepted, never suggested.
    let deprecated = |v: &Value| v.get("deprecated") == Some(&Value::Bool(true));
    let owned: Vec<String> = variants
        .iter()
        .filter(|v| !deprecated(v))
        .filter_map(word)
        .collect();
    let words: Vec<&str> = owned.iter().map(String::as_str).collect();
    let old: Vec<String> = variants
        .iter()
        .filter(|v| deprecated(v))
        .filter_map(word)
        .collect();
    match node {
        Node::Scalar { value, .. } if words.contains(&value.as_str()) || old.contains(value) => {
            None
        }
        Node::Scalar { value, .. } => {
            let mut d = error(format!("unknown value `{value}`"))
                .code("unknown-value")
                .expected(format!("one of {}", words.join(", ")));
            if let Some(help) = crate::recipe::rules::enum_help(value, &words) {
                d = d.help(help);
            }
            Some(d)
        }
        _ => Some(
            error("wrong type of value".to_string())
                .expected(format!("one of {}", words.join(", "))),
        ),
    }
}

/// A whole number within the schema's format (`uint16` → at most 65535).
fn integer(s: &Value, value: &str, error: impl Fn(String) -> Diagnostic) -> Option<Diagnostic> {
    let max = match s.get("format").and_then(Value::as_str) {
        Some("uint8") => Some(255),
        Some("uint16") => Some(65_535),
        Some("uint32") => Some(4_294_967_295),
        _ => None,
    };
    let ok = value
        .parse::<u64>()
        .is_ok_and(|n| max.is_none_or(|m| n <= m));
    if ok {
        return None;
    }
    let mut d = error("this value is not a whole number".to_string());
    if let Some(m) = max {
        d = d.expected(format!("a whole number from 0 to {m}"));
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe::docs::recipe_schema;

    #[test]
    fn finds_every_problem_at_once() {
        let text = "id: x\nname: X\ndomains: x.test\nstatus: okay\nsummry: s\nreviewed: 2026-1-1\nsources: []\nsteps: []\nsmtp:\n  - host: h\n    port: 70000\n    security: tls\n    auth: [plain]\n    username: u\n    pasword: app_password\n";
        let found = problems(Path::new("recipes/x.yaml"), text, recipe_schema());
        let summary: Vec<(String, String)> = found
            .iter()
            .map(|d| (d.path.clone(), d.message.clone()))
            .collect();
        for (path, message) in [
            ("domains", "wrong type of value"),
            ("status", "unknown value `okay`"),
            ("summry", "unknown field `summry`"),
            ("reviewed", "`2026-1-1` is not a date"),
            ("smtp[0].port", "this value is not a whole number"),
            ("smtp[0].pasword", "unknown field `pasword`"),
            ("requires", "missing field `requires`"),
        ] {
            assert!(
                summary.contains(&(path.to_string(), message.to_string())),
                "{path}: {message} not in {summary:#?}"
            );
        }
        // The typo explains the missing `password`; it is not reported twice.
        assert!(
            !summary.iter().any(|(p, _)| p == "smtp[0].password"),
            "{summary:#?}"
        );
    }

    #[test]
    fn many_missing_fields_are_one_problem() {
        let found = problems(Path::new("recipes/x.yaml"), "a: 1\n", recipe_schema());
        let missing: Vec<_> = found
            .iter()
            .filter(|d| d.message.starts_with("missing"))
            .collect();
        assert_eq!(missing.len(), 1, "{found:#?}");
        assert!(
            missing[0]
                .message
                .starts_with("missing fields `id`, `name`"),
            "{found:#?}"
        );
    }

    #[test]
    fn a_valid_recipe_has_no_problems() {
        let text = include_str!("../../../tests/fixtures/valid/recipes/acme.yaml");
        assert!(problems(Path::new("recipes/acme.yaml"), text, recipe_schema()).is_empty());
    }
}
