//! The site configuration's own rules: base URL, edit URL, the form's fields, input rules
//! and requirement ids.

use super::{Annotate, Found, SLUG_EXPECTED, is_slug};
use crate::config::{FieldValue, SiteConfig};
use std::collections::HashSet;

/// Every rule about the site configuration.
pub fn check(c: &SiteConfig, f: &mut Found<'_>) {
    urls(c, f);
    languages(c, f);
    form_fields(c, f);
    ids(c, f);
}

/// The base URL and the edit URL.
fn urls(c: &SiteConfig, f: &mut Found<'_>) {
    if !(c.base_url.starts_with("https://") || c.base_url.starts_with("http://"))
        || !c.base_url.ends_with('/')
    {
        f.error(
            "bad-base-url",
            "base_url",
            format!("`{}` is not a usable base URL", c.base_url),
        )
        .expected("an absolute URL ending in `/`, e.g. `https://help.example.com/mail/`");
    }
    if let Some(url) = &c.edit_url {
        super::links::check_url(url, "edit_url", f);
        if !url.contains("{path}") {
            f.error(
                "edit-url-without-path",
                "edit_url",
                "the edit URL does not contain `{path}`",
            )
            .help("`{path}` is replaced by the recipe's path, e.g. `recipes/gmail.yaml`");
        }
    }
}

/// Language codes: `en`, `ru`, `pt-br`; each once, and the default not among the others.
fn languages(c: &SiteConfig, f: &mut Found<'_>) {
    let good = |code: &str| {
        let mut parts = code.split('-');
        parts.next().is_some_and(|p| {
            (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase())
        }) && parts
            .all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
    };
    if !good(&c.language) {
        f.error(
            "bad-language",
            "language",
            format!("`{}` is not a language code", c.language),
        )
        .expected("a lowercase language code such as `en` or `ru`");
    }
    let mut seen = HashSet::new();
    for (i, code) in c.languages.iter().enumerate() {
        let path = format!("languages[{i}]");
        if !good(code) {
            f.error(
                "bad-language",
                path,
                format!("`{code}` is not a language code"),
            )
            .expected("a lowercase language code such as `ru` or `pt-br`");
        } else if *code == c.language {
            f.error(
                "bad-language",
                path,
                format!("`{code}` is the default language"),
            )
            .help("`languages` lists the other languages; the default one is `language`");
        } else if !seen.insert(code.as_str()) {
            f.error("bad-language", path, format!("`{code}` is listed twice"));
        }
    }
}

/// The admin form fills host, port, security, username and password at least.
fn form_fields(c: &SiteConfig, f: &mut Found<'_>) {
    let present: HashSet<FieldValue> = c.app.fields.iter().map(|x| x.value).collect();
    for needed in [
        FieldValue::Host,
        FieldValue::Port,
        FieldValue::Security,
        FieldValue::Username,
        FieldValue::Password,
    ] {
        if !present.contains(&needed) {
            let name = crate::words::word(&needed);
            f.error(
                "form-field-missing",
                "app.fields",
                format!("the form has no field filled with `{name}`"),
            )
            .expected("fields for host, port, security, username and password at least");
        }
    }
}

/// Input rules' patterns, and the ids of input rules and general requirements (slugs, unique).
fn ids(c: &SiteConfig, f: &mut Found<'_>) {
    let mut ids = HashSet::new();
    for (i, rule) in c.app.rules.iter().enumerate() {
        let p = format!("app.rules[{i}]");
        if let Err(e) = regex::Regex::new(&rule.pattern) {
            let first = e.to_string().lines().last().unwrap_or_default().to_string();
            f.error(
                "bad-pattern",
                format!("{p}.pattern"),
                "the pattern is not a valid regular expression",
            )
            .help(first);
        }
        if !is_slug(&rule.id) {
            f.error(
                "id-not-slug",
                format!("{p}.id"),
                format!("`{}` is not a valid id", rule.id),
            )
            .expected(SLUG_EXPECTED);
        } else if !ids.insert(rule.id.as_str()) {
            f.error(
                "duplicate-id",
                format!("{p}.id"),
                format!("the id `{}` is used twice", rule.id),
            );
        }
    }
    for (i, g) in c.general_requirements.iter().enumerate() {
        let p = format!("general_requirements[{i}].id");
        if !is_slug(&g.id) {
            f.error("id-not-slug", p, format!("`{}` is not a valid id", g.id))
                .expected(SLUG_EXPECTED);
        } else if !ids.insert(g.id.as_str()) {
            f.error(
                "duplicate-id",
                p,
                format!("the id `{}` is used twice", g.id),
            );
        }
    }
}
