//! Recording what each translated field translates: the `translated_from` block at the end
//! of a translation file, rewritten by `mailbook translate update` (never by hand). The
//! rest of the file, comments and all, is left exactly as the translator wrote it.

use super::fields::{Field, State, hash};
use super::model::TranslatedFrom;

/// The block's key.
pub const BLOCK_KEY: &str = "translated_from";

/// What a stamp changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamped {
    /// Fields recorded for the first time.
    pub recorded: Vec<String>,
    /// Stale fields accepted as translating the current text.
    pub accepted: Vec<String>,
    /// Stale fields left stale.
    pub still_stale: Vec<String>,
}

/// The new `translated_from` entries for `fields`: current ones kept, unrecorded ones
/// recorded, stale ones kept stale unless `accept` names them; untranslated ones dropped.
/// Entries are in page order.
pub fn entries(
    fields: &[Field<'_>],
    from: &TranslatedFrom,
    accept: &dyn Fn(&str) -> bool,
) -> (Vec<(String, String)>, Stamped) {
    let mut out = Vec::new();
    let mut what = Stamped::default();
    for f in fields {
        let now = hash(f.source);
        let value = match f.state(from) {
            State::Missing => continue,
            State::Current => now,
            State::Unstamped => {
                what.recorded.push(f.key.clone());
                now
            }
            State::Stale if accept(&f.key) => {
                what.accepted.push(f.key.clone());
                now
            }
            State::Stale => {
                what.still_stale.push(f.key.clone());
                from.get(&f.key).cloned().unwrap_or(now)
            }
        };
        out.push((f.key.clone(), value));
    }
    (out, what)
}

/// `text` with its `translated_from` block replaced by `entries` (removed when empty,
/// appended at the end when there was none).
pub fn rewrite(text: &str, entries: &[(String, String)]) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| {
        l.starts_with(BLOCK_KEY) && l[BLOCK_KEY.len()..].trim_start().starts_with(':')
    });
    let mut kept: Vec<&str> = match start {
        Some(s) => {
            let end = lines[s + 1..]
                .iter()
                .position(|l| !(l.is_empty() || l.starts_with(' ') || l.starts_with('#')))
                .map_or(lines.len(), |i| s + 1 + i);
            lines[..s].iter().chain(&lines[end..]).copied().collect()
        }
        None => lines,
    };
    while kept.last().is_some_and(|l| l.trim().is_empty()) {
        kept.pop();
    }
    let mut out = kept.join("\n");
    if !out.is_empty() {
        out.push('\n');
    }
    if !entries.is_empty() {
        out.push_str(&format!(
            "\n{BLOCK_KEY}: # written by `mailbook translate update`: the text each field translates; do not edit\n"
        ));
        for (key, value) in entries {
            out.push_str(&format!("  {}: \"{value}\"\n", yaml_key(key)));
        }
    }
    out
}

/// A key written plain when YAML reads it back as is, else double-quoted.
fn yaml_key(key: &str) -> String {
    let plain = key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.[]".contains(c));
    if plain {
        key.to_string()
    } else {
        format!("{key:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_is_replaced_and_the_rest_kept() {
        let text =
            "# comment\nsummary: Привет\n\ntranslated_from: # old\n  summary: \"1\"\n  x: \"2\"\n";
        let out = rewrite(text, &[("summary".into(), "abc".into())]);
        assert!(
            out.starts_with("# comment\nsummary: Привет\n\ntranslated_from:"),
            "{out}"
        );
        assert!(out.ends_with("  summary: \"abc\"\n"), "{out}");
        assert!(!out.contains("x: "), "{out}");
        assert_eq!(rewrite(&out, &[]), "# comment\nsummary: Привет\n");
    }

    #[test]
    fn keys_with_brackets_read_back() {
        let text = rewrite(
            "summary: x\n",
            &[("steps[create-app-password].body".into(), "0123".into())],
        );
        let t: crate::translate::RecipeTranslation = serde_saphyr::from_str(&text).unwrap();
        assert_eq!(
            t.translated_from
                .get("steps[create-app-password].body")
                .map(String::as_str),
            Some("0123")
        );
    }
}
