//! The internal link and anchor check, run on the rendered pages (so links written by
//! templates are checked as well as links written in recipes).
//!
//! Each page is scanned once, right after rendering, for its `id`s and `href`s; only those
//! small lists are kept. After every file is known, each internal `href` is resolved against
//! its page and must name a file of the site, and its `#fragment` an id on that page.

use std::collections::{HashMap, HashSet};

/// The ids and links of one rendered page.
#[derive(Debug, Clone, Default)]
pub struct PageLinks {
    /// The page's path below the site root, e.g. `gmail/index.html`.
    pub page: String,
    /// Every `id` attribute.
    pub ids: Vec<String>,
    /// Every `href` attribute (entities decoded).
    pub hrefs: Vec<String>,
}

/// Scan rendered HTML. Text content is escaped by the renderer, so `id="` and `href="` only
/// occur as real attributes.
pub fn scan(page: &str, html: &str) -> PageLinks {
    PageLinks {
        page: page.to_string(),
        ids: attribute_values(html, "id=\""),
        hrefs: attribute_values(html, "href=\""),
    }
}

/// Values of one double-quoted attribute (`pattern` is `name="`), preceded by whitespace.
/// A plain substring search: this runs over every page of the site, so it stays cheap.
fn attribute_values(html: &str, pattern: &str) -> Vec<String> {
    let mut values = Vec::new();
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(found) = html[from..].find(pattern) {
        let start = from + found;
        let value_start = start + pattern.len();
        let Some(len) = html[value_start..].find('"') else {
            break;
        };
        if start > 0 && bytes[start - 1].is_ascii_whitespace() {
            values.push(decode(&html[value_start..value_start + len]));
        }
        from = value_start + len + 1;
    }
    values
}

fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A link that points nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page holding the link.
    pub page: String,
    /// The link as written.
    pub href: String,
    /// What is missing.
    pub reason: String,
    /// A close id or page, when there is one.
    pub suggestion: Option<String>,
}

/// Whether a link leaves the site (and so is not checked here).
pub fn is_external(href: &str) -> bool {
    href.starts_with("//") || crate::text::link_scheme(href).is_some()
}

/// Resolve `href` from `page` into (target file, fragment); `None` target when it leaves the
/// site root.
fn resolve(page: &str, href: &str, base_path: &str) -> (Option<String>, Option<String>) {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return (Some(page.to_string()), fragment);
    }
    let mut parts: Vec<&str> = Vec::new();
    let rest = if let Some(abs) = path.strip_prefix('/') {
        // Root-absolute links only work when the site is published at `base_path`.
        match format!("/{abs}").strip_prefix(base_path) {
            Some(r) => r.to_string(),
            None => return (None, fragment),
        }
    } else {
        parts.extend(page.split('/'));
        parts.pop(); // the page's file name
        path.to_string()
    };
    for seg in rest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return (None, fragment);
                }
            }
            s => parts.push(s),
        }
    }
    let mut target = parts.join("/");
    if rest.ends_with('/') || rest.is_empty() || target.is_empty() {
        if !target.is_empty() {
            target.push('/');
        }
        target.push_str("index.html");
    }
    (Some(target), fragment)
}

/// Check every internal link of every page against the files and ids of the site.
pub fn check(pages: &[&PageLinks], files: &HashSet<String>, base_path: &str) -> Vec<BrokenLink> {
    let ids: HashMap<&str, HashSet<&str>> = pages
        .iter()
        .map(|p| (p.page.as_str(), p.ids.iter().map(String::as_str).collect()))
        .collect();
    let mut broken = Vec::new();
    for page in pages {
        let own_ids = &ids[page.page.as_str()];
        for href in &page.hrefs {
            if is_external(href) || href == "#" {
                continue;
            }
            // Most links are to an anchor on the same page; when it exists, that is all.
            if href
                .strip_prefix('#')
                .is_some_and(|id| own_ids.contains(id))
            {
                continue;
            }
            let (target, fragment) = resolve(&page.page, href, base_path);
            let Some(mut target) = target else {
                broken.push(BrokenLink {
                    page: page.page.clone(),
                    href: href.clone(),
                    reason: "it points outside the site".into(),
                    suggestion: None,
                });
                continue;
            };
            if !files.contains(&target) {
                let as_dir = format!("{target}/index.html");
                if files.contains(&as_dir) {
                    target = as_dir;
                } else {
                    let suggestion = crate::text::closest(
                        target.trim_end_matches("index.html").trim_end_matches('/'),
                        pages
                            .iter()
                            .map(|p| p.page.trim_end_matches("index.html").trim_end_matches('/')),
                    )
                    .map(|s| format!("{s}/"));
                    broken.push(BrokenLink {
                        page: page.page.clone(),
                        href: href.clone(),
                        reason: format!("no page or file `{target}` in the site"),
                        suggestion,
                    });
                    continue;
                }
            }
            let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
                continue;
            };
            let Some(target_ids) = ids.get(target.as_str()) else {
                continue; // not an HTML page (a JSON or image file): no anchors to check
            };
            if !target_ids.contains(fragment.as_str()) {
                let suggestion = crate::text::closest(&fragment, target_ids.iter().copied())
                    .map(|s| format!("#{s}"));
                broken.push(BrokenLink {
                    page: page.page.clone(),
                    href: href.clone(),
                    reason: format!("no anchor `#{fragment}` on `{target}`"),
                    suggestion,
                });
            }
        }
    }
    broken
}

/// Duplicate ids on one page (two anchors with the same name make deep links ambiguous).
pub fn duplicate_ids(page: &PageLinks) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut dups: Vec<String> = page
        .ids
        .iter()
        .filter(|id| !seen.insert(id.as_str()))
        .cloned()
        .collect();
    dups.sort();
    dups.dedup();
    dups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(name: &str, ids: &[&str], hrefs: &[&str]) -> PageLinks {
        PageLinks {
            page: name.into(),
            ids: ids.iter().map(|s| s.to_string()).collect(),
            hrefs: hrefs.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn scan_reads_attributes_not_text() {
        let p = scan(
            "index.html",
            r#"<a href="gmail/#x&amp;y" id="top">id="fake" &quot;</a><p>href=&quot;nope&quot;</p>"#,
        );
        assert_eq!(p.ids, vec!["top"]);
        assert_eq!(p.hrefs, vec!["gmail/#x&y"]);
    }

    #[test]
    fn resolves_relative_and_checks_anchors() {
        let pages = [
            page(
                "index.html",
                &["main"],
                &[
                    "gmail/",
                    "gmail/#steps",
                    "static/site.js",
                    "https://x.org/",
                    "gmail/#nope",
                ],
            ),
            page(
                "gmail/index.html",
                &["steps", "create-app-password"],
                &[
                    "../",
                    "#create-app-pasword",
                    "../outlook/",
                    "../../x",
                    "/mail/gmail/",
                ],
            ),
        ];
        let files: HashSet<String> = ["index.html", "gmail/index.html", "static/site.js"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let pages: Vec<&PageLinks> = pages.iter().collect();
        let broken = check(&pages, &files, "/mail/");
        let hrefs: Vec<&str> = broken.iter().map(|b| b.href.as_str()).collect();
        assert_eq!(
            hrefs,
            vec![
                "gmail/#nope",
                "#create-app-pasword",
                "../outlook/",
                "../../x"
            ]
        );
        assert_eq!(
            broken[1].suggestion.as_deref(),
            Some("#create-app-password")
        );
        assert!(
            broken[2].reason.contains("outlook/index.html"),
            "{:?}",
            broken[2]
        );
        assert!(broken[3].reason.contains("outside"), "{:?}", broken[3]);
    }

    #[test]
    fn external_links_are_recognised() {
        assert!(is_external("https://a/b"));
        assert!(is_external("mailto:x@y"));
        assert!(is_external("//cdn.example/x.js"));
        assert!(!is_external("../a:b"));
        assert!(!is_external("#x"));
    }

    #[test]
    fn duplicate_ids_are_found() {
        assert_eq!(duplicate_ids(&page("a", &["x", "y", "x"], &[])), vec!["x"]);
    }
}
