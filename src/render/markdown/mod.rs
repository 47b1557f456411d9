//! Markdown → HTML for recipe prose (step bodies, causes, fixes, notes, general requirements).
//!
//! pulldown-cmark parses; this module rewrites the event stream before the HTML writer sees it:
//! - raw HTML in recipe text is turned into text, so `<script>` or `onerror=` shows as written
//!   and can never run;
//! - GFM alerts (`> [!NOTE]` …) become callouts with a visible label;
//! - headings get ids (prefixed per field, so two steps can both have a "Details" heading)
//!   and are shifted below the page's own headings;
//! - footnote ids are prefixed so they cannot clash between fields or with page anchors;
//! - images are resolved against the recipes folder and written with `width`/`height`,
//!   `loading="lazy"` and their alt text;
//! - every link target is collected for the link check, and script-capable schemes are refused.

mod plain;
mod rewrite;

pub use plain::plain_text;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Options, Parser};
use std::fmt::Write as _;

/// What a caller must supply to render one Markdown field.
pub struct MarkdownContext<'a> {
    /// Prefix for generated ids (headings, footnotes), e.g. `create-app-password-`.
    pub id_prefix: &'a str,
    /// How many levels headings written in the field are pushed down (`#` + 3 → `<h4>`).
    pub heading_offset: u8,
    /// Relative path from the page to the site root (`""` or `"../"`), for image URLs.
    pub root: &'a str,
    /// Resolves an image path written in the recipe to its size; `Err` is a message for the writer.
    pub images: &'a mut dyn FnMut(&str) -> Result<ImageInfo, String>,
    /// The callouts' visible labels in the page's language (note, tip, important, warning,
    /// caution); English when `None`.
    pub labels: Option<&'a CalloutLabels>,
}

/// The visible labels of the five callout kinds, in [`callout_label`]'s order.
pub type CalloutLabels = [String; 5];

/// The callout labels of a language, from its catalogue.
pub fn callout_labels(words: crate::render::catalogue::Words<'_>) -> CalloutLabels {
    ["note", "tip", "important", "warning", "caution"].map(|k| words.get(&format!("callout-{k}")))
}

/// A resolved image: its URL below the site root and its pixel size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInfo {
    /// Path below the site root, e.g. `images/gmail/app-password.png`.
    pub site_path: String,
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
}

/// One rendered field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML, safe to insert into a page unescaped.
    pub html: String,
    /// Every link target written in the field, in order (for the link check).
    pub links: Vec<String>,
    /// Problems the writer must fix (bad image, forbidden link scheme).
    pub problems: Vec<String>,
}

/// The parser options: the rulebook's ([`crate::recipe::rules::links::markdown_options`]),
/// so `check` and the page read a field the same way.
fn options() -> Options {
    crate::recipe::rules::links::markdown_options()
}

/// The one slug function: used for heading ids and wherever an id is derived from text.
/// Lowercase ASCII letters and digits; everything else collapses into single dashes.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            // Keep non-ASCII letters (e.g. Cyrillic) so translated headings still get ids.
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Escape text for HTML element content and double-quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The visible label of a callout kind.
pub fn callout_label(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Render one Markdown field: parse, rewrite the events ([`rewrite`]), escape the text, write.
pub fn render(markdown: &str, cx: &mut MarkdownContext<'_>) -> Rendered {
    // Collect first: footnote numbers depend on reference order, which may follow definitions.
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    let mut rewriter = rewrite::Rewriter::new(&events, cx);
    let rewritten = rewriter.rewrite_all(events);
    let mut out = rewriter.finish();
    // Escape text ourselves, quotes included: the link check then knows that `id="` and
    // `href="` in the output are always real attributes, never recipe text.
    let escaped = rewritten.into_iter().map(|e| match e {
        Event::Text(t) => Event::Html(CowStr::from(escape_html(&t))),
        Event::Code(t) => Event::Html(CowStr::from(format!("<code>{}</code>", escape_html(&t)))),
        other => other,
    });
    pulldown_cmark::html::push_html(&mut out.html, escaped);
    out
}

/// `<img>` with everything a reader and the layout need.
pub fn img_tag(root: &str, info: &ImageInfo, alt: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<img src=\"{}{}\" alt=\"{}\" width=\"{}\" height=\"{}\" loading=\"lazy\" decoding=\"async\">",
        escape_html(root),
        escape_html(&info.site_path),
        escape_html(alt),
        info.width,
        info.height
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> Rendered {
        let mut images = |src: &str| -> Result<ImageInfo, String> {
            if src == "images/ok.png" {
                Ok(ImageInfo {
                    site_path: "images/ok.png".into(),
                    width: 40,
                    height: 20,
                })
            } else {
                Err(format!("image `{src}` not found"))
            }
        };
        let mut cx = MarkdownContext {
            id_prefix: "step-",
            heading_offset: 3,
            root: "../",
            images: &mut images,
            labels: None,
        };
        render(text, &mut cx)
    }

    #[test]
    fn raw_html_is_text() {
        let r = md("<script>alert(1)</script>\n\nHi <img src=x onerror=\"alert(2)\"> there");
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(
            r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("onerror=&quot;alert(2)&quot;"),
            "{}",
            r.html
        );
    }

    #[test]
    fn raw_html_in_heading_is_text() {
        let r = md("# Hi <b onmouseover=x>there</b>");
        assert!(r.html.contains("&lt;b onmouseover=x&gt;"), "{}", r.html);
        assert!(
            r.html.starts_with("<h4 id=\"step-hi-there\">"),
            "{}",
            r.html
        );
    }

    #[test]
    fn alerts_have_labels() {
        for (marker, label) in [
            ("NOTE", "Note"),
            ("TIP", "Tip"),
            ("IMPORTANT", "Important"),
            ("WARNING", "Warning"),
            ("CAUTION", "Caution"),
        ] {
            let r = md(&format!("> [!{marker}]\n> Body text."));
            assert!(
                r.html
                    .contains(&format!("<p class=\"callout-label\">{label}</p>")),
                "{}",
                r.html
            );
            assert!(r.html.contains("<p>Body text.</p>"), "{}", r.html);
            assert!(!r.html.contains("[!"), "{}", r.html);
        }
        let plain = md("> just a quote");
        assert!(plain.html.contains("<blockquote>"), "{}", plain.html);
    }

    #[test]
    fn footnotes_are_prefixed() {
        let r = md("Text[^a] and again[^a].\n\n[^a]: The note.");
        assert!(
            r.html.contains("href=\"#step-fn-a\" id=\"step-fnref-a\""),
            "{}",
            r.html
        );
        assert_eq!(
            r.html.matches("id=\"step-fnref-a\"").count(),
            1,
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<div class=\"footnote\" id=\"step-fn-a\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"#step-fnref-a\""), "{}", r.html);
    }

    #[test]
    fn gfm_extensions() {
        let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~");
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("aria-label=\"Done\""), "{}", r.html);
        assert!(r.html.contains("aria-label=\"To do\""), "{}", r.html);
        assert!(r.html.contains("<del>old</del>"), "{}", r.html);
    }

    #[test]
    fn heading_ids_are_unique_and_explicit_ids_kept() {
        let r = md("## Details\n\n## Details\n\n## Mine {#custom}");
        assert!(r.html.contains("<h5 id=\"step-details\">"), "{}", r.html);
        assert!(r.html.contains("<h5 id=\"step-details-2\">"), "{}", r.html);
        assert!(r.html.contains("<h5 id=\"custom\">"), "{}", r.html);
    }

    #[test]
    fn links_collected_and_bad_schemes_refused() {
        let r = md("[a](#x) [b](../outlook/) [c](javascript:alert(1)) [d](https://e.com/a:b)");
        assert_eq!(r.links, vec!["#x", "../outlook/", "https://e.com/a:b"]);
        assert_eq!(r.problems.len(), 1);
        assert!(r.problems[0].contains("javascript:alert(1)"));
        assert!(!r.html.contains("javascript:"), "{}", r.html);
    }

    #[test]
    fn images_get_size_lazy_and_alt() {
        let r = md("![The form](images/ok.png)");
        assert!(
            r.html.contains("<img src=\"../images/ok.png\" alt=\"The form\" width=\"40\" height=\"20\" loading=\"lazy\""),
            "{}",
            r.html
        );
        let missing = md("![](images/missing.png)");
        assert_eq!(missing.problems.len(), 2, "{:?}", missing.problems);
    }

    #[test]
    fn links_inside_headings_and_footnotes_are_seen() {
        let r = md("## See [x](#a)\n\nText[^n]\n\n[^n]: Go [there](#b) <b>now</b>.");
        assert_eq!(r.links, vec!["#a", "#step-fn-n", "#b"]);
        assert!(r.html.contains("<h5 id=\"step-see-x\">"), "{}", r.html);
        assert!(r.html.contains("&lt;b&gt;now"), "{}", r.html);
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Turn on 2-Step Verification!"),
            "turn-on-2-step-verification"
        );
        assert_eq!(slug("  "), "section");
        assert_eq!(slug("Пароль"), "пароль");
    }
}
