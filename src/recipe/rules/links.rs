//! Links: typed URL fields are absolute `https://` addresses, Markdown links use an allowed
//! scheme or name an anchor the page renders, and anchors (step and troubleshooting ids,
//! explicit heading ids) are unique on the page.

use super::reserved::{is_page_anchor, rendered_sections};
use super::{Annotate, Found, SLUG_EXPECTED, few, is_slug};
use crate::recipe::Recipe;
use crate::recipe::fields::FieldKind;
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::collections::HashMap;

/// The one list of link schemes a page may contain; `check` and the renderer both read it.
/// `http` is allowed but warned about; everything else (`javascript:`, `data:`, `file:` …)
/// is refused.
pub const LINK_SCHEMES: &[&str] = &["https", "http", "mailto", "tel"];

/// The Markdown options the renderer parses with; the rules parse the same way.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Whether a link target may appear on a page: relative (anchors, site paths) or one of
/// [`LINK_SCHEMES`], read the way a browser reads it ([`crate::text::link_scheme`]).
pub fn scheme_allowed(dest: &str) -> bool {
    crate::text::link_scheme(dest).is_none_or(|s| LINK_SCHEMES.contains(&s.as_str()))
}

/// Every Markdown field of a recipe with its field path: the fields the model declares
/// [`crate::recipe::Markdown`] ([`crate::recipe::fields`]).
pub fn markdown_fields(r: &Recipe) -> Vec<(String, String)> {
    declared(r, FieldKind::Markdown)
}

/// Every typed URL field of a recipe with its field path: the fields the model declares
/// [`crate::recipe::WebUrl`]. `check` requires them to be absolute `https://` addresses,
/// `check --external` probes them (with Markdown links) and rendering refuses anything but
/// a web address in them.
pub fn url_fields(r: &Recipe) -> Vec<(String, String)> {
    declared(r, FieldKind::WebUrl)
}

fn declared(r: &Recipe, kind: FieldKind) -> Vec<(String, String)> {
    crate::recipe::fields::fields(r)
        .into_iter()
        .filter(|(k, ..)| *k == kind)
        .map(|(_, path, text)| (path, text))
        .collect()
}

/// The JSON Schema pattern for a typed URL field (an absolute web address).
pub const WEB_URL_PATTERN: &str = "^https?://[^/?#\\s]+[^\\s]*$";

/// An absolute `https://` URL; `http://` is only a warning.
pub fn check_url(url: &str, path: &str, f: &mut Found<'_>) {
    let rest = url
        .strip_prefix("https://")
        .map(|r| (r, true))
        .or_else(|| url.strip_prefix("http://").map(|r| (r, false)));
    match rest {
        Some((rest, secure)) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            if host.is_empty() || url.contains(char::is_whitespace) {
                f.error("bad-url", path, format!("`{url}` is not a valid URL"))
                    .expected("an absolute URL such as `https://support.example.com/page`");
            } else if !secure {
                f.warning("plain-http", path, format!("`{url}` uses plain `http:`"))
                    .help("use the `https://` address of the page");
            }
        }
        None => {
            f.error(
                "url-not-absolute",
                path,
                format!("`{url}` is not an absolute web address"),
            )
            .expected("an absolute URL starting with `https://`");
        }
    }
}

/// Every rule about links and anchors of one recipe.
pub fn check(r: &Recipe, f: &mut Found<'_>) {
    if r.sources.is_empty() {
        f.error("no-sources", "sources", "no sources are listed")
            .help("list the provider's official help pages that back this recipe");
    }
    // One walk over the declared fields serves both kinds.
    let fields = crate::recipe::fields::fields(r);
    for (_, path, url) in fields.iter().filter(|(k, ..)| *k == FieldKind::WebUrl) {
        check_url(url, path, f);
    }
    let anchors = anchors(r, f);
    // Explicit heading ids (`{#id}`) written so far → the field that wrote them first.
    let mut headings: HashMap<String, String> = HashMap::new();
    for (_, path, text) in fields.iter().filter(|(k, ..)| *k == FieldKind::Markdown) {
        check_markdown(text, path, &anchors, &mut headings, f);
    }
}

/// The anchors a recipe's page has: the sections it renders, then each step and
/// troubleshooting id (which must be slugs and unique on the page).
fn anchors(r: &Recipe, f: &mut Found<'_>) -> HashMap<String, String> {
    let mut anchors: HashMap<String, String> = rendered_sections(r)
        .into_iter()
        .map(|a| (a.to_string(), "a section of the page".to_string()))
        .collect();
    if r.steps.is_empty() {
        f.error("no-steps", "steps", "no steps are listed")
            .help("describe what the merchant does, one step per action");
    }
    let steps = r
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("steps[{i}]"), &s.id));
    let entries = r.troubleshooting.iter().enumerate();
    let entries = entries.map(|(i, t)| (format!("troubleshooting[{i}]"), &t.id));
    for (at, id) in steps.chain(entries) {
        let p = format!("{at}.id");
        if !is_slug(id) {
            f.error(
                "bad-anchor-id",
                &p,
                format!("`{}` is not a valid anchor id", super::shorten(id, 80)),
            )
            .expected(SLUG_EXPECTED);
        } else if is_page_anchor(id) || anchors.contains_key(id.as_str()) {
            let first = anchors
                .get(id.as_str())
                .map_or("a section of the page", String::as_str);
            f.error(
                "duplicate-anchor",
                &p,
                format!(
                    "the anchor `{}` is already used by {first}",
                    super::shorten(id, 80)
                ),
            )
            .help("step and troubleshooting ids share one page, so each must be unique");
        } else {
            anchors.insert(id.clone(), at);
        }
    }
    anchors
}

/// Links in Markdown: `#anchor` must be on the page and other links use an allowed scheme;
/// explicit heading ids (`{#id}`) must not take an id the page already has, nor one another
/// heading took (in this field or another: they all share one page).
fn check_markdown(
    text: &str,
    path: &str,
    anchors: &HashMap<String, String>,
    headings: &mut HashMap<String, String>,
    f: &mut Found<'_>,
) {
    // Every link starts with `[` or `<` and every explicit id with `{`; text with none of
    // them needs no parse: this runs over every field of every recipe.
    if !text.contains(['[', '<', '{']) {
        return;
    }
    let chars_before = |byte: usize| text[..byte.min(text.len())].chars().count();
    for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        match &event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                // The destination sits after the link text: find it inside the link's range.
                let span = &text[range.clone()];
                let at = span
                    .rfind(dest_url.as_ref())
                    .map_or(range.start, |b| range.start + b);
                check_link(dest_url, path, chars_before(at), anchors, f);
            }
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                let first = if is_page_anchor(id) || anchors.contains_key(id.as_ref()) {
                    "an anchor of the page".to_string()
                } else if let Some(first) = headings.get(id.as_ref()) {
                    format!("the id of a heading in `{first}`")
                } else {
                    headings.insert(id.to_string(), path.to_string());
                    continue;
                };
                let span = &text[range.clone()];
                let at = span
                    .find(&format!("#{id}"))
                    .map_or(range.start, |b| range.start + b);
                f.error(
                    "duplicate-anchor",
                    path,
                    format!("the heading id `#{id}` is already {first}"),
                )
                .within(chars_before(at))
                .help(
                    "choose another `{#id}`, or leave it out and the heading gets one of its own",
                );
            }
            _ => {}
        }
    }
}

/// Every link and image destination in Markdown `text`, as written, with the character offset
/// where it is written (for locating a problem the renderer finds in one).
pub fn link_offsets(text: &str) -> Vec<(String, usize)> {
    if !text.contains(['[', '<']) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &event {
            let at = text[range.clone()]
                .rfind(dest_url.as_ref())
                .map_or(range.start, |b| range.start + b);
            out.push((dest_url.to_string(), text[..at].chars().count()));
        }
    }
    out
}

fn check_link(
    dest: &str,
    path: &str,
    at: usize,
    anchors: &HashMap<String, String>,
    f: &mut Found<'_>,
) {
    let shown = super::shorten(dest, 80);
    if let Some(anchor) = dest.strip_prefix('#') {
        if !anchors.contains_key(anchor) {
            let mut known: Vec<&str> = anchors.keys().map(String::as_str).collect();
            known.sort_unstable();
            let d = f
                .error(
                    "broken-anchor",
                    path,
                    format!("the link `{shown}` points at nothing on this page"),
                )
                .expected(format!("one of {}", few(&known, 20)))
                .within(at);
            if let Some(s) = crate::recipe::did_you_mean(anchor, &known) {
                d.help(format!("did you mean `#{s}`?"));
            } else if super::reserved::PAGE_ANCHORS.contains(&anchor) {
                d.help(format!(
                    "the page has no `{anchor}` section: this recipe has no content for it"
                ));
            }
        }
        return;
    }
    match crate::text::link_scheme(dest).as_deref() {
        None => {
            // A relative link would resolve against wherever the page is published.
            f.error(
                "relative-link",
                path,
                format!("the link `{shown}` is neither a page anchor nor a web address"),
            )
            .expected(
                "`#step-id`, a page section such as `#settings`, or an absolute `https://` URL",
            )
            .within(at);
        }
        Some("http") => {
            f.warning(
                "plain-http",
                path,
                format!("the link `{dest}` uses plain `http:`"),
            )
            .help("use the `https://` address of the page")
            .within(at);
        }
        Some(s) if LINK_SCHEMES.contains(&s) => {}
        Some(other) => {
            f.error(
                "link-scheme",
                path,
                format!("the link `{shown}` uses `{other}:`, which is not allowed"),
            )
            .expected(format!(
                "a `#anchor` on the page or a link starting with {}",
                LINK_SCHEMES
                    .iter()
                    .map(|s| format!("`{s}:`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .within(at);
        }
    }
}
