//! The provider's own links and sources, and the check that every typed URL field is a web
//! address before it becomes an `href`.

use crate::diagnostic::Diagnostic;
use crate::recipe::Recipe;
use serde::Serialize;
use std::path::Path;

/// A link to the provider's own pages.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Label.
    pub label: &'static str,
    /// Absolute URL.
    pub url: String,
}

/// A source.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// URL.
    pub url: String,
    /// Title.
    pub title: String,
}

/// `https://…` or `http://…` with a host.
fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["https://", "http://"].iter().any(|p| {
        lower.starts_with(p) && lower.len() > p.len() && !lower[p.len()..].starts_with('/')
    })
}

/// The provider's own pages that the recipe links to, in a fixed order.
pub fn provider_links(recipe: &Recipe) -> Vec<LinkView> {
    [
        ("Create a mailbox", &recipe.links.register),
        ("App passwords", &recipe.links.app_passwords),
        ("Security settings", &recipe.links.security),
        ("Official SMTP help", &recipe.links.smtp_help),
    ]
    .into_iter()
    .filter_map(|(label, url)| {
        url.as_ref().map(|url| LinkView {
            label,
            url: url.clone(),
        })
    })
    .collect()
}

/// The sources the recipe was written from.
pub fn sources_view(recipe: &Recipe) -> Vec<SourceView> {
    recipe
        .sources
        .iter()
        .map(|s| SourceView {
            url: s.url.clone(),
            title: s.title.clone(),
        })
        .collect()
}

/// Typed URL fields become `href`s: only web links, so no recipe can smuggle in a
/// `javascript:` or `data:` URL (the validator says so too; this is defence in depth).
pub fn url_problems(recipe: &Recipe, file: &Path) -> Vec<Diagnostic> {
    let mut urls: Vec<(String, &str)> = Vec::new();
    for (i, s) in recipe.steps.iter().enumerate() {
        if let Some(l) = &s.link {
            urls.push((format!("steps[{i}].link"), l));
        }
    }
    for (i, s) in recipe.sources.iter().enumerate() {
        urls.push((format!("sources[{i}].url"), &s.url));
    }
    for (name, l) in [
        ("register", &recipe.links.register),
        ("app_passwords", &recipe.links.app_passwords),
        ("security", &recipe.links.security),
        ("smtp_help", &recipe.links.smtp_help),
    ] {
        if let Some(l) = l {
            urls.push((format!("links.{name}"), l));
        }
    }
    for (i, t) in recipe.requires.enable.iter().enumerate() {
        if let Some(l) = &t.link {
            urls.push((format!("requires.enable[{i}].link"), l));
        }
    }
    for (i, c) in recipe.changelog.iter().enumerate() {
        if let Some(l) = &c.source {
            urls.push((format!("changelog[{i}].source"), l));
        }
    }
    let mut problems = Vec::new();
    for (field, url) in urls {
        if !is_web_url(url) {
            problems.push(
                Diagnostic::error(file, format!("`{url}` is not a web address"))
                    .code("url-not-absolute")
                    .path(field)
                    .help("write an absolute `https://` URL"),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_are_links() {
        assert!(is_web_url("https://support.google.com/x"));
        assert!(is_web_url("HTTP://example.com"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("https:///x"));
        assert!(!is_web_url("data:text/html,x"));
    }
}
