//! How values are written, beyond what serde sees: YAML tags (`!!binary`) and numbers or
//! booleans in quotes are refused, found with the one locator's walk over the events.

use crate::diagnostic::Diagnostic;
use crate::recipe::locate::PathMap;
use crate::recipe::{CONFIG_FILE, SourceFile};
use std::path::Path;

/// A diagnostic for each node written with a YAML tag: recipes are plain data, and a tag
/// would change a value without the page showing it.
pub(super) fn tag_problems(map: &PathMap, source: &SourceFile) -> Vec<Diagnostic> {
    map.tagged()
        .map(|(path, tag, line, column)| {
            Diagnostic::error(&source.path, format!("the YAML tag `{tag}` is not allowed"))
                .code("yaml-tag")
                .path(path)
                .at(line, column)
                .with_source(&source.text)
                .help("remove the tag and write the value as plain text")
        })
        .collect()
}

/// Whether some value is written `: "465"` or `: 'true'` (a cheap test before the walk).
pub(super) fn quotes_a_number_or_boolean(text: &str) -> bool {
    [": \"", ": '"].iter().any(|open| {
        text.match_indices(open).any(|(at, m)| {
            let rest = &text[at + m.len()..];
            let quote = m.chars().last().unwrap_or('"');
            let inner = rest.split(quote).next().unwrap_or_default();
            inner.parse::<i64>().is_ok()
                || matches!(inner.to_ascii_lowercase().as_str(), "true" | "false")
        })
    })
}

/// A number or boolean written in quotes is text, as the JSON Schema says: `port: "465"`
/// and `preferred: "true"` are refused instead of read out of their quotes.
pub(super) fn quoted_problems(map: &PathMap, source: &SourceFile) -> Vec<Diagnostic> {
    let schema = if source.path == Path::new(CONFIG_FILE) {
        crate::recipe::docs::config_schema()
    } else {
        crate::recipe::docs::recipe_schema()
    };
    map.quoted()
        .filter_map(|(path, line, column)| {
            let ty = crate::recipe::docs::field_type(schema, path)?;
            let (what, example) = match ty.as_str() {
                "integer" => ("a whole number", "`port: 465`"),
                "boolean" => ("true or false", "`preferred: true`"),
                _ => return None,
            };
            Some(
                Diagnostic::error(&source.path, "this value is text in quotes")
                    .code("wrong-type")
                    .path(path)
                    .at(line, column)
                    .with_source(&source.text)
                    .expected(format!("{what}, without quotes"))
                    .help(format!("remove the quotes, e.g. {example}")),
            )
        })
        .collect()
}
