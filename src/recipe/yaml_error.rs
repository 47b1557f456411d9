//! Error translation: a serde-saphyr error becomes one diagnostic in the writer's words,
//! with the field path (from [`PathMap`]), what the field accepts and how to fix it. An
//! indentation mistake found behind the error replaces it (see [`super::indent`]).

use crate::diagnostic::Diagnostic;
use crate::recipe::load::{CONFIG_FILE, SourceFile};
use crate::recipe::locate::{PathMap, parent};
use crate::recipe::suggest::did_you_mean;
use serde_saphyr::Error as E;
use std::path::Path;

/// What a Rust target type accepts, in words.
fn expected_for(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "u8" => "a whole number from 0 to 255",
        "u16" => "a whole number from 0 to 65535",
        "u32" => "a whole number from 0 to 4294967295",
        "u64" | "usize" => "a whole number, 0 or more",
        "i32" | "i64" => "a whole number",
        "bool" | "boolean" => "true or false",
        "f32" | "f64" => "a number",
        _ => return None,
    })
}

/// Turn a serde-saphyr error into one diagnostic.
pub(super) fn describe(error: &serde_saphyr::Error, source: &SourceFile) -> Diagnostic {
    let (line, column) = error.location().map_or((0, 0), |l| (l.line(), l.column()));
    let at = At {
        source,
        line,
        column,
    };
    let d = match translate(innermost(error), &at) {
        Translated::Located(d) => return d,
        Translated::Here(d) => d,
    };
    let d = d.at(line, column).with_source(&source.text);
    match crate::recipe::indent::explain(&d, &source.text, line) {
        Some(better) => better.with_source(&source.text),
        None => d,
    }
}

/// Where the parser stopped.
struct At<'a> {
    source: &'a SourceFile,
    line: u64,
    column: u64,
}

impl At<'_> {
    fn file(&self) -> &Path {
        &self.source.path
    }
    fn map(&self) -> PathMap {
        PathMap::new(&self.source.text)
    }
    /// The field path of the node at the error.
    fn path(&self) -> String {
        self.map()
            .path_at(self.line, self.column)
            .unwrap_or_default()
            .to_string()
    }
    fn schema(&self) -> &'static serde_json::Value {
        schema_of(self.file())
    }
}

/// A translated error: to be located at the error, or already located elsewhere.
enum Translated {
    Here(Diagnostic),
    Located(Diagnostic),
}

/// One diagnostic per kind of parser error.
fn translate(inner: &serde_saphyr::Error, at: &At<'_>) -> Translated {
    let d = match inner {
        E::SerdeUnknownField {
            field, expected, ..
        } => unknown_field(at, field, expected),
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => unknown_variant(at, variant, expected),
        E::SerdeMissingField { field, .. } => return missing_field(at, field),
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => wrong_type(
            at,
            format!("wrong type: found {unexpected}"),
            expected.clone(),
        ),
        E::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => wrong_type(at, format!("invalid value: {unexpected}"), expected.clone()),
        E::InvalidBooleanStrict { .. } => wrong_type(
            at,
            "this value is not true or false".into(),
            "true or false".into(),
        )
        .help("write `true` or `false`; words such as `yes`, `no` and `on` are not booleans here"),
        E::InvalidScalar { ty, .. } => invalid_scalar(at, ty),
        E::Unexpected { expected, .. } => unexpected(at, expected),
        E::NullIntoString { .. } => Diagnostic::error(at.file(), "this value is empty")
            .code("empty-value")
            .expected("a text value")
            .path(at.path())
            .help("write the value after the colon, or remove the line if the field is optional"),
        E::DuplicateMappingKey { key, .. } => {
            let name = key.clone().unwrap_or_else(|| "?".to_string());
            Diagnostic::error(at.file(), format!("duplicate key `{name}`"))
                .code("duplicate-key")
                .path(at.path())
                .help("each key may appear only once in a mapping; keep one and delete the other")
        }
        E::ExternalMessage { msg, .. } => syntax(at, msg),
        other => limits(at.file(), other).unwrap_or_else(|| anything_else(at, other)),
    };
    Translated::Here(d)
}

fn unknown_field(at: &At<'_>, field: &str, expected: &[&str]) -> Diagnostic {
    let path = at
        .map()
        .key_at(at.line, at.column)
        .map(str::to_string)
        .unwrap_or_else(|| field.to_string());
    // Sorted: easier to scan, and the same order as the schema-based pass.
    let mut names = expected.to_vec();
    names.sort_unstable();
    let mut d = Diagnostic::error(at.file(), format!("unknown field `{field}`"))
        .code("unknown-field")
        .path(path)
        .expected(format!("one of {}", names.join(", ")));
    if let Some(s) = did_you_mean(field, expected) {
        d = d.help(format!("did you mean `{s}`?"));
    }
    d
}

fn unknown_variant(at: &At<'_>, variant: &str, expected: &[&str]) -> Diagnostic {
    let mut d = Diagnostic::error(at.file(), format!("unknown value `{variant}`"))
        .code("unknown-value")
        .expected(format!("one of {}", expected.join(", ")));
    if let Some(help) = crate::recipe::rules::enum_help(variant, expected) {
        d = d.help(help);
    }
    d.path(at.path())
}

/// A missing field, shown at the mapping it belongs in (not at whatever key came last),
/// with the field's own documentation as the help.
fn missing_field(at: &At<'_>, field: &str) -> Translated {
    // The location is the mapping the field is missing from (its last key or its start).
    let m = at.map();
    let container = match m.key_at(at.line, at.column) {
        Some(key) => parent(key).unwrap_or_default().to_string(),
        None => m
            .path_at(at.line, at.column)
            .unwrap_or_default()
            .to_string(),
    };
    let (path, place) = if container.is_empty() {
        (field.to_string(), "at the top level")
    } else {
        (format!("{container}.{field}"), "to this mapping")
    };
    let help = match crate::recipe::docs::field_doc(at.schema(), &path) {
        Some(doc) => format!("add `{field}:` {place}: {doc}"),
        None => format!("add `{field}:` {place}"),
    };
    let d = Diagnostic::error(at.file(), format!("missing field `{field}`"))
        .code("missing-field")
        .path(path)
        .help(help);
    match m.value(&container) {
        Some((l, c)) => Translated::Located(d.at(l, c).with_source(&at.source.text)),
        None => Translated::Here(d),
    }
}

fn wrong_type(at: &At<'_>, message: String, expected: String) -> Diagnostic {
    Diagnostic::error(at.file(), message)
        .code("wrong-type")
        .expected(expected)
        .path(at.path())
}

fn invalid_scalar(at: &At<'_>, ty: &str) -> Diagnostic {
    let what = match ty {
        "bool" | "boolean" => "true or false".to_string(),
        t if t.starts_with('u') || t.starts_with('i') => "a whole number".to_string(),
        t => format!("a valid {t}"),
    };
    let mut d = Diagnostic::error(at.file(), format!("this value is not {what}"))
        .code("wrong-type")
        .path(at.path());
    if let Some(x) = expected_for(ty) {
        d = d.expected(x);
    }
    d
}

fn unexpected(at: &At<'_>, expected: &str) -> Diagnostic {
    let what = match expected {
        "sequence start" => "a list (`[a, b]`, or one `- item` per line)",
        "mapping start" => "a mapping (`key: value` lines)",
        "string scalar" | "scalar" => "a single text value, not a list or mapping",
        other => other,
    };
    Diagnostic::error(at.file(), "wrong type of value")
        .code("wrong-type")
        .expected(what)
        .path(at.path())
}

/// The parser's budgets (size, aliases) and a second document.
fn limits(file: &Path, error: &serde_saphyr::Error) -> Option<Diagnostic> {
    Some(match error {
        E::Budget { breach, .. } => Diagnostic::error(
            file,
            format!("the document is too complex to read safely ({breach:?})"),
        )
        .code("too-complex")
        .help(
            "recipes need no anchors/aliases (`&a`, `*a`) and little nesting; write the values out",
        ),
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => Diagnostic::error(
            file,
            "the document expands aliases (`*name`) too many times to read safely",
        )
        .code("too-complex")
        .help("recipes need no anchors/aliases (`&a`, `*a`); write the values out"),
        E::MultipleDocuments { .. } => Diagnostic::error(
            file,
            "the file holds more than one YAML document (a second `---`)",
        )
        .code("multiple-documents")
        .help("one recipe per file: remove the extra `---` or move the rest to its own file"),
        _ => return None,
    })
}

/// A YAML syntax error, with a hint at an unclosed bracket or an unquoted `: `.
fn syntax(at: &At<'_>, msg: &str) -> Diagnostic {
    let mut d = Diagnostic::error(at.file(), format!("invalid YAML: {}", strip_location(msg)))
        .code("yaml-syntax")
        .path(at.path());
    if let Some(open) = unclosed_bracket(&at.source.text, at.line) {
        d = d.help(open);
    } else if msg.contains("mapping values are not allowed") {
        d = d.help("a value containing `: ` must be quoted, e.g. `name: \"Acme: Mail\"`");
    }
    d
}

/// Any other error: a bad date in a date field, else the parser's own words.
fn anything_else(at: &At<'_>, other: &serde_saphyr::Error) -> Diagnostic {
    let opts = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
    let text = strip_location(&strip_location_prefix(&other.render_with_options(opts)));
    let path = at.path();
    if is_date_field(at.file(), &path) {
        let value = source_token(&at.source.text, at.line, at.column);
        Diagnostic::error(at.file(), format!("`{value}` is not a date"))
            .code("not-a-date")
            .expected("a date written YYYY-MM-DD, e.g. 2026-11-26")
            .path(path)
    } else {
        Diagnostic::error(at.file(), text).path(path)
    }
}

/// The generated schema of the file at `file` (the configuration or a recipe).
pub(super) fn schema_of(file: &Path) -> &'static serde_json::Value {
    if crate::translate::is_site_translation(file) {
        crate::recipe::docs::site_translation_schema()
    } else if crate::translate::is_translation(file) {
        crate::recipe::docs::recipe_translation_schema()
    } else if file == Path::new(CONFIG_FILE) {
        crate::recipe::docs::config_schema()
    } else {
        crate::recipe::docs::recipe_schema()
    }
}

/// Whether the schema says the field at `path` holds a date.
fn is_date_field(file: &Path, path: &str) -> bool {
    crate::recipe::docs::field_format(schema_of(file), path).as_deref() == Some("date")
}

/// The plain token written at a location (for quoting a bad value back).
fn source_token(text: &str, line: u64, column: u64) -> String {
    let Some(l) = text.lines().nth(line.saturating_sub(1) as usize) else {
        return String::new();
    };
    l.chars()
        .skip(column.saturating_sub(1) as usize)
        .take_while(|c| !c.is_whitespace() && *c != ',' && *c != ']' && *c != '}')
        .collect()
}

/// A hint when a `[`, `{` or quote opened on an earlier line is never closed there: the
/// usual cause of a syntax error reported further down.
fn unclosed_bracket(text: &str, error_line: u64) -> Option<String> {
    for (i, line) in text.lines().enumerate().take(error_line as usize) {
        let code = line.split(" #").next().unwrap_or(line);
        let mut depth = 0i32;
        let mut quote: Option<char> = None;
        for c in code.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if depth > 0 => quote = Some(c),
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth -= 1,
                _ => {}
            }
        }
        if depth > 0 && (i as u64 + 1) < error_line {
            return Some(format!(
                "a `[` or `{{` on line {} is not closed on that line",
                i + 1
            ));
        }
    }
    None
}

/// `... at line 4, column 8` → `...`.
fn strip_location(text: &str) -> String {
    match text.rfind(" at line ") {
        Some(i) if text[i..].contains(", column ") => text[..i].to_string(),
        _ => text.to_string(),
    }
}

/// The error without snippet/alias wrappers.
fn innermost(error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    match error {
        E::WithSnippet { error, .. } | E::AliasError { error, .. } => innermost(error),
        other => other,
    }
}

/// `error: line 4 column 8: mapping values ...` → `mapping values ...`.
fn strip_location_prefix(text: &str) -> String {
    let first = text.lines().next().unwrap_or(text);
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let rest = match first.strip_prefix("line ") {
        Some(r) => r.split_once(": ").map_or(first, |(_, m)| m),
        None => first,
    };
    rest.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn location_prefix_is_removed() {
        assert_eq!(
            strip_location_prefix("error: line 4 column 8: mapping values are not allowed"),
            "mapping values are not allowed"
        );
    }

    #[test]
    fn budgets_stop_alias_bombs_and_deep_nesting() {
        let source = |text: String| SourceFile {
            path: PathBuf::from("recipes/x.yaml"),
            text,
        };
        let mut bomb = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        for pair in names.windows(2) {
            let refs = vec![format!("*{}", pair[0]); 9].join(", ");
            bomb.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
        }
        // Into an untyped value the bomb would expand to 9^10 strings; the budget stops it.
        let bomb = source(bomb);
        let e = serde_saphyr::from_str::<serde_json::Value>(&bomb.text).unwrap_err();
        let d = describe(&e, &bomb);
        assert!(
            d.message.contains("too complex") || d.message.contains("aliases"),
            "{d:?}"
        );
        let deep = source(format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)));
        let e = serde_saphyr::from_str::<serde_json::Value>(&deep.text).unwrap_err();
        let d = describe(&e, &deep);
        assert_eq!(d.line, 1, "{d:?}");
    }

    #[test]
    fn unclosed_brackets_are_pointed_out() {
        assert_eq!(
            unclosed_bracket("a: [x\nb: 1\n", 2).as_deref(),
            Some("a `[` or `{` on line 1 is not closed on that line")
        );
        assert_eq!(unclosed_bracket("a: [x]\nb: 1\n", 2), None);
    }
}
