//! The event rewriting of [`super::render`], one small step per kind of event: raw HTML
//! becomes text, headings get their ids and level, alerts become callouts, footnotes get
//! prefixed ids and numbers, task markers a labelled symbol, links a scheme check, images
//! their size and alt text.

use super::{MarkdownContext, Rendered, callout_label, escape_html, img_tag, slug};
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// The state of one field's rewrite.
pub(super) struct Rewriter<'c, 'x> {
    cx: &'c mut MarkdownContext<'x>,
    out: Rendered,
    /// Footnote label → its number (references in order, then unreferenced definitions).
    footnote_numbers: HashMap<String, usize>,
    /// Labels referenced somewhere in the field (their definitions get a back-link).
    referenced_anywhere: HashSet<String>,
    /// Labels whose first reference was written already (it carries the back-link target).
    referenced: HashSet<String>,
    /// The footnote definitions being written, innermost last.
    open_footnotes: Vec<String>,
    /// The id of each heading, in order.
    heading_ids: std::vec::IntoIter<String>,
}

impl<'c, 'x> Rewriter<'c, 'x> {
    /// Number the footnotes and give every heading its id; both need the whole field first.
    pub(super) fn new(events: &[Event<'_>], cx: &'c mut MarkdownContext<'x>) -> Self {
        let (footnote_numbers, referenced_anywhere) = footnote_numbers(events);
        let heading_ids = heading_ids(events, cx.id_prefix).into_iter();
        Rewriter {
            cx,
            out: Rendered::default(),
            footnote_numbers,
            referenced_anywhere,
            referenced: HashSet::new(),
            open_footnotes: Vec::new(),
            heading_ids,
        }
    }

    /// Every event rewritten, in order.
    pub(super) fn rewrite_all<'e>(&mut self, events: Vec<Event<'e>>) -> Vec<Event<'e>> {
        let mut rewritten = Vec::with_capacity(events.len());
        let mut iter = events.into_iter();
        while let Some(event) = iter.next() {
            let event = match event {
                Event::Start(Tag::Image { dest_url, .. }) => self.image(&dest_url, &mut iter),
                other => self.rewrite(other),
            };
            rewritten.push(event);
        }
        rewritten
    }

    /// The links and problems found (the HTML is written by the caller).
    pub(super) fn finish(self) -> Rendered {
        self.out
    }

    fn rewrite<'e>(&mut self, event: Event<'e>) -> Event<'e> {
        let offset = self.cx.heading_offset;
        match event {
            // Raw HTML is shown as text: recipe prose must never inject markup or script.
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Start(Tag::Heading { level, classes, .. }) => Event::Start(Tag::Heading {
                level: shift(level, offset),
                id: Some(CowStr::from(self.heading_ids.next().unwrap_or_default())),
                classes,
                attrs: Vec::new(),
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level, offset))),
            Event::Start(Tag::BlockQuote(Some(kind))) => callout_start(kind, self.cx.labels),
            Event::End(TagEnd::BlockQuote(Some(_))) => html("</div>\n".to_string()),
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            Event::Start(Tag::FootnoteDefinition(label)) => self.footnote_start(&label),
            Event::End(TagEnd::FootnoteDefinition) => self.footnote_end(),
            Event::TaskListMarker(done) => task_marker(done),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: self.link(dest_url),
                title,
                id,
            }),
            other => other,
        }
    }

    fn footnote_number(&self, label: &str) -> usize {
        self.footnote_numbers.get(label).copied().unwrap_or(0)
    }

    fn footnote_reference(&mut self, label: &str) -> Event<'static> {
        let n = self.footnote_number(label);
        let prefix = self.cx.id_prefix;
        let name = format!("{prefix}fn-{}", slug(label));
        // Only the first reference carries the back-link target id.
        let id_attr = if self.referenced.insert(label.to_string()) {
            let target = format!("{prefix}fnref-{}", slug(label));
            format!(" id=\"{}\"", escape_html(&target))
        } else {
            String::new()
        };
        self.out.links.push(format!("#{name}"));
        html(format!(
            "<sup class=\"footnote-ref\"><a href=\"#{}\"{id_attr}>{n}</a></sup>",
            escape_html(&name)
        ))
    }

    fn footnote_start(&mut self, label: &str) -> Event<'static> {
        let n = self.footnote_number(label);
        let name = format!("{}fn-{}", self.cx.id_prefix, slug(label));
        self.open_footnotes.push(label.to_string());
        html(format!(
            "<div class=\"footnote\" id=\"{}\"><span class=\"footnote-label\">{n}.</span>\n",
            escape_html(&name)
        ))
    }

    fn footnote_end(&mut self) -> Event<'static> {
        let label = self.open_footnotes.pop().unwrap_or_default();
        let back = if self.referenced_anywhere.contains(&label) {
            let target = format!("{}fnref-{}", self.cx.id_prefix, slug(&label));
            format!(
                " <a class=\"footnote-back\" href=\"#{}\" aria-label=\"Back to the text\">↩</a>",
                escape_html(&target)
            )
        } else {
            String::new()
        };
        html(format!("{back}</div>\n"))
    }

    /// The link target, collected for the link check; a refused scheme becomes `#`.
    fn link<'e>(&mut self, dest_url: CowStr<'e>) -> CowStr<'e> {
        if crate::recipe::rules::links::scheme_allowed(&dest_url) {
            self.out.links.push(dest_url.to_string());
            dest_url
        } else {
            self.out.problems.push(format!(
                "link `{dest_url}` uses a scheme the site does not allow (only relative links, https:, http:, mailto: and tel:)"
            ));
            CowStr::from("#")
        }
    }

    /// An image: its alt text is the text up to its end; written as a sized `<img>`, or as
    /// its alt text when it cannot be resolved.
    fn image<'e>(
        &mut self,
        dest_url: &str,
        rest: &mut impl Iterator<Item = Event<'e>>,
    ) -> Event<'e> {
        let alt = alt_text(rest);
        if alt.is_empty() {
            self.out.problems.push(format!(
                "image `{dest_url}` has no alt text: write what it shows, `![What it shows]({dest_url})`"
            ));
        }
        match (self.cx.images)(dest_url) {
            Ok(info) => html(img_tag(self.cx.root, &info, &alt)),
            Err(message) => {
                self.out.problems.push(message);
                Event::Text(CowStr::from(alt))
            }
        }
    }
}

fn html(text: String) -> Event<'static> {
    Event::Html(CowStr::from(text))
}

/// The opening of a GFM alert's callout, with its visible label.
fn callout_start(kind: BlockQuoteKind, labels: Option<&super::CalloutLabels>) -> Event<'static> {
    let (class, label) = callout_label(kind);
    let index = ["note", "tip", "important", "warning", "caution"]
        .iter()
        .position(|c| *c == class)
        .unwrap_or(0);
    let label = labels.map_or(label, |l| l[index].as_str());
    html(format!(
        "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-label\">{label}</p>\n"
    ))
}

/// A labelled symbol instead of an unlabelled disabled checkbox (accessibility).
fn task_marker(done: bool) -> Event<'static> {
    let (symbol, label) = if done {
        ("☑", "Done")
    } else {
        ("☐", "To do")
    };
    html(format!(
        "<span class=\"task\" role=\"img\" aria-label=\"{label}\">{symbol}</span> "
    ))
}

/// The text of an image up to its end (nested images included), trimmed.
fn alt_text<'e>(rest: &mut impl Iterator<Item = Event<'e>>) -> String {
    let mut alt = String::new();
    let mut depth = 0usize;
    for e in rest.by_ref() {
        match e {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) if depth == 0 => break,
            Event::End(TagEnd::Image) => depth -= 1,
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                alt.push_str(&t)
            }
            _ => {}
        }
    }
    alt.trim().to_string()
}

/// Footnote numbers: references in the order written, then definitions never referenced;
/// and the set of referenced labels.
fn footnote_numbers(events: &[Event<'_>]) -> (HashMap<String, usize>, HashSet<String>) {
    let mut numbers: HashMap<String, usize> = HashMap::new();
    for e in events {
        if let Event::FootnoteReference(label) = e {
            let n = numbers.len() + 1;
            numbers.entry(label.to_string()).or_insert(n);
        }
    }
    let referenced = numbers.keys().cloned().collect();
    for e in events {
        if let Event::Start(Tag::FootnoteDefinition(label)) = e {
            let n = numbers.len() + 1;
            numbers.entry(label.to_string()).or_insert(n);
        }
    }
    (numbers, referenced)
}

/// Every heading's id (the text of a heading is only complete at its end): explicit
/// `{#id}` as written, otherwise prefix + slug, numbered when repeated.
fn heading_ids(events: &[Event<'_>], prefix: &str) -> Vec<String> {
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut ids = Vec::new();
    let mut current: Option<(Option<String>, String)> = None;
    for e in events {
        match e {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some((id.as_ref().map(|i| i.to_string()), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((explicit, text)) = current.take() {
                    let base = explicit.unwrap_or_else(|| format!("{prefix}{}", slug(&text)));
                    let count = used.entry(base.clone()).or_insert(0);
                    *count += 1;
                    ids.push(if *count == 1 {
                        base
                    } else {
                        format!("{base}-{count}")
                    });
                }
            }
            _ => {}
        }
    }
    ids
}

/// A heading level pushed down by `by`, at most `<h6>`.
fn shift(level: HeadingLevel, by: u8) -> HeadingLevel {
    let n = (level as u8).saturating_add(by).min(6);
    HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
}
