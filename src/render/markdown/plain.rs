//! Markdown → plain text, for text pasted where Markdown is not read (a reply in a support
//! ticket): paragraphs on their own lines, list items as `- `, a link as its text followed by
//! its absolute address, everything else as the words it holds.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The plain text of `markdown`; relative links are resolved against `page` (the absolute URL
/// of the page the text is shown on) and `base` (the site's absolute URL, ending in `/`).
pub fn plain_text(markdown: &str, page: &str, base: &str) -> String {
    let mut out = String::new();
    let mut links: Vec<String> = Vec::new();
    for event in Parser::new_ext(markdown, super::options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t);
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("- "),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(absolute(&dest_url, page, base)),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop() {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::End(TagEnd::TableCell) => out.push_str(" | "),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::TableHead
                | TagEnd::TableRow,
            ) => out.push('\n'),
            _ => {}
        }
    }
    let lines: Vec<&str> = out
        .lines()
        .map(|l| l.trim_end().trim_end_matches(" |"))
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// A link target as an absolute address: as written when it has a scheme, else resolved
/// against the page (`#entry`, `step/`) or the site root (`../requirements/`).
fn absolute(href: &str, page: &str, base: &str) -> String {
    if href.contains("://") || href.starts_with("mailto:") {
        href.to_string()
    } else if let Some(rest) = href.strip_prefix("../") {
        format!("{base}{rest}")
    } else {
        format!("{page}{href}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_absolute_addresses_and_markup_goes() {
        let text = plain_text(
            "Use an *app password*: see [the rules](../requirements/#tls) and\n[step 2](#create) or [Google](https://support.google.com/x).\n\n- one `code`\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |",
            "https://h.example/mail/gmail/",
            "https://h.example/mail/",
        );
        assert_eq!(
            text,
            "Use an app password: see the rules (https://h.example/mail/requirements/#tls) and step 2 (https://h.example/mail/gmail/#create) or Google (https://support.google.com/x).\n- one code\n- two\na | b\n1 | 2"
        );
    }
}
