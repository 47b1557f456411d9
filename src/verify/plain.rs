//! Troubleshooting text (Markdown in the recipe) as plain text for the terminal: a link
//! becomes `text (URL)`, an in-page anchor (`#settings`) is made absolute against the
//! provider's page when it is known and dropped (the text alone) otherwise; emphasis and code
//! markers go, line breaks and paragraphs stay. Parsed with pulldown-cmark, as the site is.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// `markdown` as plain text; `page` is the provider page's address, for `#anchor` links.
pub fn plain(markdown: &str, page: Option<&str>) -> String {
    let mut out = String::new();
    // Destination and where the link text started, per open link.
    let mut links: Vec<(String, usize)> = Vec::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push('\n'),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push((dest_url.to_string(), out.len()))
            }
            Event::End(TagEnd::Link) => {
                if let Some((dest, start)) = links.pop()
                    && let Some(url) = absolute(&dest, page)
                    && out[start..] != url
                {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::Start(Tag::List(first)) => lists.push(first),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                paragraph_end(&mut out);
            }
            Event::Start(Tag::Item) => {
                let indent = "  ".repeat(lists.len().saturating_sub(1));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{indent}{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str(&format!("{indent}- ")),
                }
            }
            Event::End(TagEnd::Item) if !out.ends_with('\n') => out.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::Heading(_)) => {
                if lists.is_empty() {
                    paragraph_end(&mut out);
                } else if !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

fn paragraph_end(out: &mut String) {
    while !out.ends_with("\n\n") && !out.is_empty() {
        out.push('\n');
    }
}

/// Where a link leads, for someone reading a terminal: absolute URLs as they are, an anchor
/// on the provider's page when the page is known; `None` when it cannot be followed.
fn absolute(dest: &str, page: Option<&str>) -> Option<String> {
    let lower = dest.to_ascii_lowercase();
    if ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return Some(dest.to_string());
    }
    match (dest.strip_prefix('#'), page) {
        (Some(anchor), Some(page)) => Some(format!("{page}#{anchor}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_text_and_url_and_markers_go() {
        let md = "Use port `587` with *Transport Layer Security (TLS)*, as in the \
                  [settings](#settings).\n\nSee **[Google](https://support.google.com/a)** or \
                  <https://x.example/y>.";
        assert_eq!(
            plain(md, Some("https://help.example/gmail/")),
            "Use port 587 with Transport Layer Security (TLS), as in the settings \
             (https://help.example/gmail/#settings).\n\nSee Google \
             (https://support.google.com/a) or https://x.example/y."
        );
        assert_eq!(plain("the [settings](#settings)", None), "the settings");
        assert_eq!(
            plain("Do this:\n\n- one\n- two _now_\n\nThen go.", None),
            "Do this:\n\n- one\n- two now\n\nThen go."
        );
        assert_eq!(plain("line one\nline two", None), "line one\nline two");
    }
}
