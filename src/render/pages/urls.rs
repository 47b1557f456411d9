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
    pub label: String,
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
pub fn provider_links(
    recipe: &Recipe,
    words: crate::render::catalogue::Words<'_>,
) -> Vec<LinkView> {
    [
        ("link-register", &recipe.links.register),
        ("link-app-passwords", &recipe.links.app_passwords),
        ("link-security-settings", &recipe.links.security),
        ("link-smtp-help", &recipe.links.smtp_help),
    ]
    .into_iter()
    .filter_map(|(label, url)| {
        url.as_ref().map(|url| LinkView {
            label: words.get(label),
            url: url.to_string(),
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
            url: s.url.to_string(),
            title: s.title.clone(),
        })
        .collect()
}

/// Typed URL fields become `href`s: only web links, so no recipe can smuggle in a
/// `javascript:` or `data:` URL (the validator says so too; this is defence in depth).
pub fn url_problems(recipe: &Recipe, file: &Path) -> Vec<Diagnostic> {
    let urls = crate::recipe::rules::links::url_fields(recipe);
    let mut problems = Vec::new();
    for (field, url) in urls {
        if !is_web_url(&url) {
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
