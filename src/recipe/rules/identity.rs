//! Who a recipe is: its id (equal to the file name), name, aliases, domains, summary, status
//! hint and review date, and the rules across recipes (ids, domains and names unique).

use super::{Annotate, Found, SLUG_EXPECTED, is_slug};
use crate::recipe::{LoadedRecipe, RECIPES_DIR, Recipe};
use jiff::civil::Date;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Characters that look like nothing or reorder text: zero-width spaces and joiners, the
/// byte-order mark, and the bidirectional controls (a right-to-left override in a name makes
/// `gmail` display as something else).
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}' | '\u{00AD}')
}

/// The first control or invisible character in a one-line value, with its character offset.
pub fn hidden_char(value: &str) -> Option<(usize, char)> {
    value
        .chars()
        .enumerate()
        .find(|&(_, c)| c.is_control() || is_invisible(c))
}

/// `U+200B` for a character the reader cannot see.
pub fn describe_char(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Refuse control and invisible characters in a one-line value.
pub fn check_one_line(value: &str, path: &str, f: &mut Found<'_>) {
    if let Some((at, c)) = hidden_char(value) {
        f.error(
            "hidden-character",
            path,
            format!(
                "the value contains the invisible or control character {}",
                describe_char(c)
            ),
        )
        .within(at)
        .help("retype the value; it was probably pasted with a hidden character");
    }
}

/// The rules about one recipe's identity.
pub fn check(r: &Recipe, file: &Path, today: Date, max_age: u32, f: &mut Found<'_>) {
    check_id(r, file, f);
    for (path, value) in [("name", &r.name), ("summary", &r.summary)] {
        if value.trim().is_empty() {
            f.error("empty-value", path, format!("`{path}` is empty"))
                .help("write what readers see on the provider's card");
        }
        check_one_line(value, path, f);
    }
    for (i, alias) in r.aliases.iter().enumerate() {
        let p = format!("aliases[{i}]");
        if alias.trim().is_empty() {
            f.error("empty-value", &p, "the alias is empty");
        }
        check_one_line(alias, &p, f);
    }
    check_domains(r, f);
    check_hint(r, f);
    check_reviewed(r, today, max_age, f);
}

fn check_id(r: &Recipe, file: &Path, f: &mut Found<'_>) {
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if !is_slug(&r.id) {
        f.error(
            "id-not-slug",
            "id",
            format!("the id `{}` is not a valid id", r.id),
        )
        .expected(SLUG_EXPECTED);
    } else if r.id != stem {
        f.error(
            "id-not-file-name",
            "id",
            format!("the id `{}` does not match the file name", r.id),
        )
        .expected(format!("`{stem}` (the file is {})", file.display()))
        .help(format!(
            "rename the file to {RECIPES_DIR}/{}.yaml or set `id: {stem}`",
            r.id
        ));
    }
}

fn check_domains(r: &Recipe, f: &mut Found<'_>) {
    if r.domains.is_empty() && r.domain_suffixes.is_empty() && r.mx_patterns.is_empty() {
        f.error("no-domains", "domains", "no domains are listed")
            .help("list the email domains this provider serves, e.g. `[gmail.com]` (or `domain_suffixes` / `mx_patterns` for custom domains)");
    }
    let mut seen = HashSet::new();
    let listed = r
        .domains
        .iter()
        .enumerate()
        .map(|(i, d)| (format!("domains[{i}]"), d));
    let suffixes = r
        .domain_suffixes
        .iter()
        .enumerate()
        .map(|(i, d)| (format!("domain_suffixes[{i}]"), d));
    for (p, d) in listed.chain(suffixes) {
        if d != &d.to_lowercase() {
            f.error(
                "domain-case",
                &p,
                format!("the domain `{d}` has capital letters"),
            )
            .expected(format!("`{}`", d.to_lowercase()));
        } else if !is_domain(d) {
            f.error(
                "not-a-domain",
                &p,
                format!("`{}` is not a domain name", d.escape_debug()),
            )
            .expected("a domain such as `gmail.com`, without `@` or `http://`");
        }
        if !seen.insert(d.to_lowercase()) {
            f.error(
                "duplicate-domain",
                &p,
                format!("the domain `{d}` is listed twice"),
            );
        }
    }
}

/// `hint` must be there when the status needs it, and is plain text (it is shown as is).
fn check_hint(r: &Recipe, f: &mut Found<'_>) {
    if r.status.needs_hint() && r.hint.as_deref().is_none_or(|h| h.trim().is_empty()) {
        f.error(
            "status-needs-hint",
            "hint",
            format!("status `{}` needs a `hint`", r.status.as_str()),
        )
        .help("add `hint:` with one sentence telling the reader what to expect or do first");
        f.near("status");
    }
    if let Some(hint) = &r.hint {
        if let Some(at) = markdown_syntax(hint) {
            f.error("markdown-in-plain-text", "hint", "`hint` is plain text, but this looks like Markdown")
                .within(at)
                .help("write the hint without `**`, `_`, backticks or `[text](link)`; it is shown exactly as written");
        }
        check_one_line(hint, "hint", f);
    }
}

/// Where Markdown markup starts in text that is shown as plain text, if it has any.
pub fn markdown_syntax(text: &str) -> Option<usize> {
    const MARKS: &[&str] = &["**", "__", "`", "](", "<http", "![", "~~"];
    MARKS
        .iter()
        .filter_map(|m| text.find(m))
        .min()
        .map(|byte| text[..byte].chars().count())
}

fn check_reviewed(r: &Recipe, today: Date, max_age: u32, f: &mut Found<'_>) {
    if r.reviewed > today {
        f.error(
            "reviewed-in-future",
            "reviewed",
            format!("the review date {} is in the future", r.reviewed),
        )
        .help("write the day the recipe was last checked against the provider's help");
    } else if let Ok(span) = today.since(r.reviewed)
        && i64::from(span.get_days()) > i64::from(max_age)
    {
        f.warning(
            "review-old",
            "reviewed",
            format!(
                "the recipe was last reviewed on {}, more than {max_age} days ago",
                r.reviewed
            ),
        )
        .help("re-read the provider's official help against this recipe, then update `reviewed`");
    }
}

/// `gmail.com`: dot-separated labels of ASCII letters, digits and inner dashes.
pub fn is_domain(s: &str) -> bool {
    s.contains('.')
        && s.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// The JSON Schema pattern for text that must not be blank (`name`, `summary`).
pub const NON_BLANK_PATTERN: &str = "\\S";

/// The JSON Schema pattern equal to [`is_domain`] for lowercase domains.
pub const DOMAIN_PATTERN: &str =
    "^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$";

/// The rules across recipes: ids, domains and names (id, name, aliases) each belong to one
/// recipe. Fed the recipes in order.
#[derive(Default)]
pub struct Across<'a> {
    ids: HashMap<&'a str, &'a Path>,
    domains: HashMap<String, &'a Path>,
    /// Lowercased id or name → the recipe that has it.
    names: HashMap<String, &'a Path>,
    /// Lowercased alias → the recipe that has it.
    aliases: HashMap<String, &'a Path>,
}

impl<'a> Across<'a> {
    /// Check `loaded` against the recipes seen before it.
    pub fn check(&mut self, loaded: &'a LoadedRecipe, f: &mut Found<'_>) {
        let r = &loaded.recipe;
        let file = loaded.source.path.as_path();
        let duplicate = self.ids.contains_key(r.id.as_str());
        if let Some(first) = self.ids.insert(&r.id, file) {
            f.error(
                "duplicate-id",
                "id",
                format!("the id `{}` is also used by {}", r.id, first.display()),
            )
            .help("every recipe needs its own id");
        }
        let listed = r
            .domains
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("domains[{i}]"), d, ""));
        // Suffixes get their own key space: `onmicrosoft.com` as a suffix and as a domain
        // are different claims.
        let suffixes = r
            .domain_suffixes
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("domain_suffixes[{i}]"), d, "*."));
        for (path, domain, kind) in listed.chain(suffixes) {
            let key = format!("{kind}{}", domain.to_lowercase());
            match self.domains.get(&key).copied() {
                Some(first) if first != file => {
                    f.error(
                        "domain-claimed-twice",
                        path,
                        format!("the domain `{domain}` is also claimed by {}", first.display()),
                    )
                    .help("a domain belongs to exactly one provider; remove it from one of the recipes");
                }
                Some(_) => {}
                None => {
                    self.domains.insert(key, file);
                }
            }
        }
        if !duplicate {
            // A second recipe with the same id is one problem, not also a name clash.
            self.check_names(r, file, f);
        }
    }

    /// An alias equal to another recipe's id or name sends searchers to the wrong page.
    fn check_names(&mut self, r: &'a Recipe, file: &'a Path, f: &mut Found<'_>) {
        for (i, alias) in r.aliases.iter().enumerate() {
            if let Some(other) = self.names.get(&alias.to_lowercase())
                && *other != file
            {
                f.error(
                    "alias-taken",
                    format!("aliases[{i}]"),
                    format!(
                        "the alias `{alias}` is the id or name of {}",
                        other.display()
                    ),
                )
                .help("an alias leads searchers to one provider; remove it here");
            }
        }
        for (path, name) in [("id", &r.id), ("name", &r.name)] {
            if let Some(other) = self.aliases.get(&name.to_lowercase())
                && *other != file
            {
                f.error(
                    "alias-taken",
                    path,
                    format!("`{name}` is an alias of {}", other.display()),
                )
                .help("an alias leads searchers to one provider; remove it there");
            }
        }
        for name in [&r.id, &r.name] {
            self.names.entry(name.to_lowercase()).or_insert(file);
        }
        for alias in &r.aliases {
            self.aliases.entry(alias.to_lowercase()).or_insert(file);
        }
    }
}
