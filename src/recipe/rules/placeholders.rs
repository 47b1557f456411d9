//! Text not written yet: the placeholders `mailbook new` writes (values starting with
//! `TODO:`, hosts and URLs under `example.invalid`), and a writer's own `TODO` notes anywhere
//! in a text.

use super::{Annotate, Found};
use crate::recipe::Recipe;

/// The marker `mailbook new` writes at the start of text it cannot know; `check` rejects any
/// value that still starts with it. Host names and URLs use the reserved `example.invalid`
/// domain ([`PLACEHOLDER_DOMAIN`]) instead, so they still look like host names and URLs.
pub const PLACEHOLDER: &str = "TODO:";

/// The domain `mailbook new` uses in placeholder hosts, domains and URLs (RFC 2606 reserves
/// `.invalid`, so it can never be real).
pub const PLACEHOLDER_DOMAIN: &str = "example.invalid";

/// Every string value of `r` with its field path, in document order.
fn strings(r: &Recipe) -> Vec<(String, String)> {
    let Ok(value) = serde_json::to_value(r) else {
        return Vec::new();
    };
    let mut stack = vec![(String::new(), &value)];
    let mut out = Vec::new();
    while let Some((path, v)) = stack.pop() {
        match v {
            serde_json::Value::String(s) => out.push((path, s.clone())),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((format!("{path}[{i}]"), item));
                }
            }
            serde_json::Value::Object(map) => {
                for (k, item) in map.iter().rev() {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    stack.push((p, item));
                }
            }
            _ => {}
        }
    }
    out
}

/// Where a writer's own `TODO` note starts in `text` (the word `TODO` in capitals, followed
/// by `:` or a space), as a character offset.
pub fn todo_note(text: &str) -> Option<usize> {
    text.match_indices("TODO")
        .find(|(b, _)| {
            let before = text[..*b].chars().next_back();
            let after = text[b + 4..].chars().next();
            before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| c == ':' || c.is_whitespace())
        })
        .map(|(b, _)| text[..b].chars().count())
}

/// Any text value still holding a `mailbook new` placeholder or a `TODO` note.
pub fn check(r: &Recipe, f: &mut Found<'_>) {
    // Most recipes hold neither: their JSON text (which writes both markers as they are)
    // rules that out far cheaper than the walk below, which names every field it passes.
    let Ok(json) = serde_json::to_string(r) else {
        return;
    };
    if !json.contains("TODO") && !json.contains(PLACEHOLDER_DOMAIN) {
        return;
    }
    for (path, text) in strings(r) {
        let first_line = text.lines().next().unwrap_or_default();
        let shown: String = first_line.chars().take(60).collect();
        let ellipsis = if shown.len() < first_line.len() {
            "…"
        } else {
            ""
        };
        if text.trim_start().starts_with(PLACEHOLDER) || text.contains(PLACEHOLDER_DOMAIN) {
            let d = f.error(
                "placeholder",
                &path,
                format!("`{shown}{ellipsis}` is a placeholder from `mailbook new`"),
            );
            if text.trim_start().starts_with(PLACEHOLDER) {
                d.within(text.chars().take_while(|c| c.is_whitespace()).count());
            }
            match crate::recipe::docs::field_doc(crate::recipe::docs::recipe_schema(), &path) {
                Some(doc) => d.help(format!("replace it with the real value: {doc}")),
                None => d.help("replace it with the real value"),
            };
        } else if let Some(at) = todo_note(&text) {
            f.error("todo-note", &path, "the text still has a `TODO` note")
                .within(at)
                .help("finish the text and remove the note; readers would see it on the page");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::todo_note;

    #[test]
    fn todo_notes_are_words() {
        assert_eq!(todo_note("Open the page. TODO: screenshot"), Some(15));
        assert_eq!(todo_note("TODO check the port"), Some(0));
        assert_eq!(todo_note("TODOS and MASTODON:"), None);
    }
}
