//! Indentation mistakes, named as such. YAML reads a line indented one space too far as part
//! of the value above it, a key moved to the `- ` column as a new mapping, and a list item
//! shifted by one space as a broken list; the parser's own message then points at the wrong
//! thing (`465` is not a whole number, missing field `title`, quoting `: `). These
//! heuristics look at the lines around the error and, when the indentation explains it, say
//! so with the line where it went wrong.

use crate::diagnostic::Diagnostic;

fn indent(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ').count()
}

/// `key:` or `key: value` (not a list item, not a comment).
fn key_of(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let (key, rest) = t.split_once(':')?;
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (plain && (rest.is_empty() || rest.starts_with(' '))).then_some(key)
}

/// A better diagnostic for `d` (found at 1-based `line`) when indentation explains it.
pub fn explain(d: &Diagnostic, text: &str, line: u64) -> Option<Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    let at = line.checked_sub(1)? as usize;
    deeper_key(d, &lines, at)
        .or_else(|| key_at_dash_column(d, &lines, at))
        .or_else(|| shifted_item(d, &lines, at))
}

fn retarget(
    d: &Diagnostic,
    line: usize,
    column: usize,
    message: String,
    help: String,
) -> Diagnostic {
    let mut out = d
        .clone()
        .code("indentation")
        .at(line as u64 + 1, column as u64 + 1);
    out.message = message;
    out.help = Some(help);
    out.expected = None;
    out
}

/// `port: 465` then `     security: tls` (one space deeper): read as part of the value.
fn deeper_key(d: &Diagnostic, lines: &[&str], at: usize) -> Option<Diagnostic> {
    let here = lines.get(at)?;
    let key = key_of(here)?;
    let next = lines.get(at + 1)?;
    let inner = key_of(next)?;
    (indent(next) > indent(here) && here.trim_end().len() > key.len() + indent(here) + 1).then(
        || {
            retarget(
                d,
                at + 1,
                indent(next),
                format!(
                    "line {} is indented {} spaces, deeper than `{key}:` above it ({} spaces)",
                    at + 2,
                    indent(next),
                    indent(here)
                ),
                format!(
                    "YAML reads the deeper line as more of `{key}`'s value; indent `{inner}:` by {} spaces like `{key}:`",
                    indent(here)
                ),
            )
        },
    )
}

/// `  - id: x` then `  title: y` (at the dash): the key left the item.
fn key_at_dash_column(d: &Diagnostic, lines: &[&str], at: usize) -> Option<Diagnostic> {
    let field = d
        .message
        .strip_prefix("missing field `")?
        .strip_suffix('`')?;
    let item = lines.get(at)?;
    let dash = item.find("- ")?;
    let (n, line) = lines
        .iter()
        .enumerate()
        .skip(at + 1)
        .take(20)
        .find(|(_, l)| key_of(l) == Some(field))?;
    (indent(line) == dash).then(|| {
        retarget(
            d,
            n,
            indent(line),
            format!(
                "`{field}:` on line {} is indented {} spaces, in line with the `- ` of its item",
                n + 1,
                indent(line)
            ),
            format!(
                "keys of a list item line up after the `- `: indent `{field}:` by {} spaces",
                dash + 2
            ),
        )
    })
}

/// `   - setting: x` (one space off) then `      link: y`: the item's keys do not line up.
fn shifted_item(d: &Diagnostic, lines: &[&str], at: usize) -> Option<Diagnostic> {
    if !d.message.starts_with("invalid YAML") {
        return None;
    }
    let here = lines.get(at)?;
    let (n, item) = lines[..at]
        .iter()
        .enumerate()
        .rev()
        .take(10)
        .find(|(_, l)| l.trim_start().starts_with("- "))?;
    let dash = indent(item);
    let parent = lines[..n].iter().rev().find(|l| !l.trim().is_empty())?;
    let odd = dash % 2 != indent(parent) % 2;
    (odd || indent(here) != dash + 2).then(|| {
        retarget(
            d,
            n,
            dash,
            format!(
                "the list item on line {} starts at column {}, which does not line up with the lines around it",
                n + 1,
                dash + 1
            ),
            format!(
                "indent the `- ` by {} spaces (one step deeper than `{}`), and the item's other keys by two more",
                indent(parent) + 2,
                parent.trim()
            ),
        )
    })
}
