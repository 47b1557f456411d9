//! Parsing one file's text into a typed value under serde-saphyr's budgets (aliases, depth,
//! nodes), and the checks on how values are written that serde cannot see (tags, quoted
//! numbers). A failure becomes diagnostics with location and field path: tabs and
//! indentation first (they explain everything after them), then the schema-based structure
//! pass, then serde's own finding (see [`super::yaml_error`]).

use crate::diagnostic::Diagnostic;
use crate::recipe::load::{CONFIG_FILE, SourceFile};
use crate::recipe::locate::PathMap;
use crate::recipe::yaml_error::{describe, schema_of};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Check and parse one file's text.
pub(crate) fn parse_source<T: DeserializeOwned>(
    source: SourceFile,
) -> Result<(SourceFile, T), Vec<Diagnostic>> {
    let path = source.path.as_path();
    if is_blank(&source.text) {
        let what = if path == Path::new(CONFIG_FILE) {
            "the site configuration is empty"
        } else {
            "the recipe file is empty"
        };
        let help = if path == Path::new(CONFIG_FILE) {
            "it needs at least title, description, base_url, app and general_requirements"
        } else {
            "run `mailbook new ID` to write a commented skeleton to start from"
        };
        return Err(vec![
            Diagnostic::error(path, what).code("empty-file").help(help),
        ]);
    }
    match parse::<T>(&source) {
        Ok(value) => Ok((source, value)),
        Err(d) => Err(d),
    }
}

/// Whether a file holds no YAML at all (only blank lines and comments).
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim_start_matches('\u{feff}').trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    })
}

/// Parse YAML into `T`, turning a failure into diagnostics with location and field path.
pub(super) fn parse<T: DeserializeOwned>(source: &SourceFile) -> Result<T, Vec<Diagnostic>> {
    let value = parse_value(source)?;
    // Every tag starts with `!`, and a quoted number or boolean with a quote after `: `; text
    // without them needs no walk.
    let text = &source.text;
    let tagged = text.starts_with('!') || [": !", "- !", "\n!"].iter().any(|m| text.contains(m));
    let quoted = super::written::quotes_a_number_or_boolean(text);
    if tagged || quoted {
        let map = PathMap::new(&source.text);
        let mut problems = if tagged {
            super::written::tag_problems(&map, source)
        } else {
            Vec::new()
        };
        if quoted {
            problems.extend(super::written::quoted_problems(&map, source));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
    }
    Ok(value)
}

fn parse_value<T: DeserializeOwned>(source: &SourceFile) -> Result<T, Vec<Diagnostic>> {
    // YAML 1.2 booleans only (`yes` is text, as the schema says), and no tags: a `!!binary`
    // or application tag would otherwise be dropped or decoded without a word.
    let options = serde_saphyr::options! {
        strict_booleans: true,
        reject_unsupported_tags: true,
        ignore_binary_tag_for_string: false,
    };
    serde_saphyr::from_str_with_options::<T>(&source.text, options).map_err(|e| {
        let tabs = tab_indentation(source);
        if !tabs.is_empty() {
            // The parser's own message about a tab is cryptic; say what to do instead.
            return tabs;
        }
        let first = describe(&e, source);
        if first.code == "indentation" {
            // What the structure pass would add is the same mistake seen from elsewhere.
            return vec![first];
        }
        let schema = schema_of(&source.path);
        let mut all = crate::recipe::structure::problems(&source.path, &source.text, schema);
        // serde's own finding stays unless the schema pass reported the same place.
        if !all
            .iter()
            .any(|d| (d.line, d.column) == (first.line, first.column))
        {
            all.push(first);
        }
        all.sort_by_key(|d| (d.line, d.column));
        // An indentation mistake explains the rest: say that instead.
        for d in &all {
            if let Some(better) = crate::recipe::indent::explain(d, &source.text, d.line) {
                return vec![better.with_source(&source.text)];
            }
        }
        all
    })
}

/// A diagnostic for each line indented with a tab (YAML allows only spaces there).
fn tab_indentation(source: &SourceFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let map = PathMap::new(&source.text);
    for (i, line) in source.text.lines().enumerate() {
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        if let Some(col) = indent.chars().position(|c| c == '\t')
            && !map.in_block_scalar(i as u64 + 1)
        {
            out.push(
                Diagnostic::error(&source.path, "a tab is used for indentation")
                    .code("tab-indentation")
                    .at(i as u64 + 1, col as u64 + 1)
                    .with_source(&source.text)
                    .help("YAML indentation must use spaces; replace the tab with spaces"),
            );
            if out.len() == 10 {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_means_comments_only() {
        assert!(is_blank("# only a comment\n\n---\n"));
        assert!(!is_blank("id: x\n"));
    }
}
