//! The Markdown parts of a provider page: steps (with their screenshots), callouts,
//! troubleshooting, limits and changelog. Each builder renders its fields through one
//! [`MarkdownFields`], which remembers the links, images and problems they hold.

use super::LinkOrigin;
use super::images::{ImageCopy, resolve_image};
use crate::diagnostic::Diagnostic;
use crate::recipe::{Markdown, NoteKind, Recipe};
use crate::render::markdown::{self, ImageInfo, MarkdownContext};
use serde::Serialize;
use std::path::Path;

/// A screenshot.
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// URL relative to the page.
    pub src: String,
    /// Alt text.
    pub alt: String,
    /// Pixel width.
    pub width: usize,
    /// Pixel height.
    pub height: usize,
}

/// A numbered step.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    /// 1-based number.
    pub number: usize,
    /// Anchor.
    pub id: String,
    /// Title.
    pub title: String,
    /// Body HTML (rendered Markdown).
    pub body: String,
    /// Deep link to where the step is done.
    pub link: Option<String>,
    /// Screenshot.
    pub image: Option<ImageView>,
    /// Set when the step is shown in the default language on a translated page.
    pub fallback: Option<super::Fallback>,
}

/// A callout.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    /// `note`, `tip`, `important`, `warning`, `caution`.
    pub kind: &'static str,
    /// Visible label.
    pub label: String,
    /// Body HTML.
    pub body: String,
    /// Set when the callout is shown in the default language on a translated page.
    pub fallback: Option<super::Fallback>,
}

/// A troubleshooting entry.
#[derive(Debug, Clone, Serialize)]
pub struct TroubleView {
    /// Anchor.
    pub id: String,
    /// The error as the merchant sees it.
    pub symptom: String,
    /// Verify phase, if given.
    pub phase: Option<&'static str>,
    /// SMTP reply code, if given.
    pub code: Option<u16>,
    /// Enhanced status code, if given.
    pub enhanced: Option<String>,
    /// Text pattern, if given.
    pub text: Option<String>,
    /// Cause HTML.
    pub cause: String,
    /// Fix HTML.
    pub fix: String,
    /// Set when the entry is shown in the default language on a translated page.
    pub fallback: Option<super::Fallback>,
    /// What `verify --confirm-errors` last found for a provokable entry: `confirmed on
    /// DATE`, or `no longer matches (DATE): the server now says …`.
    pub confirmed: Option<String>,
}

/// A row of the limits table.
#[derive(Debug, Clone, Serialize)]
pub struct LimitRow {
    /// What is limited.
    pub label: String,
    /// The limit.
    pub value: String,
}

/// Sending limits.
#[derive(Debug, Clone, Serialize)]
pub struct LimitsView {
    /// Rows.
    pub rows: Vec<LimitRow>,
    /// Remark HTML.
    pub note: Option<String>,
    /// Set when the remark is shown in the default language on a translated page.
    pub fallback: Option<super::Fallback>,
}

/// A changelog line.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// HTML (inline).
    pub change: String,
    /// Announcement URL.
    pub source: Option<String>,
    /// Whether the entry carries an `effect` that switches the recipe on its date.
    pub announced: bool,
    /// Days until the date, when it is still ahead (filled in by the renderer).
    pub days_left: Option<i64>,
    /// The entry's position in the recipe.
    pub index: usize,
    /// Set when the entry is shown in the default language on a translated page.
    pub fallback: Option<super::Fallback>,
}

/// A recipe note's class and label: the same as the Markdown callout of that kind, so a
/// `notes:` entry and a `> [!TIP]` in a step look alike.
fn note_kind(kind: NoteKind, labels: &markdown::CalloutLabels) -> (&'static str, String) {
    use pulldown_cmark::BlockQuoteKind;
    let (class, _) = markdown::callout_label(match kind {
        NoteKind::Note => BlockQuoteKind::Note,
        NoteKind::Tip => BlockQuoteKind::Tip,
        NoteKind::Important => BlockQuoteKind::Important,
        NoteKind::Warning => BlockQuoteKind::Warning,
        NoteKind::Caution => BlockQuoteKind::Caution,
    });
    let index = ["note", "tip", "important", "warning", "caution"]
        .iter()
        .position(|c| *c == class)
        .unwrap_or(0);
    (class, labels[index].clone())
}

/// `<p>x</p>\n` → `x`, for one-sentence fields shown inline.
fn strip_paragraph(html: String) -> String {
    let trimmed = html.trim_end();
    if let Some(inner) = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        && !inner.contains("<p>")
    {
        return inner.to_string();
    }
    html
}

/// Renders a recipe's Markdown fields and keeps what they hold: the links (so a broken one is
/// reported at its field), the images to copy, and the problems found.
pub struct MarkdownFields<'a> {
    recipes_dir: &'a Path,
    file: &'a Path,
    /// The page's language.
    pub words: crate::render::catalogue::Words<'a>,
    /// Its callout labels.
    labels: markdown::CalloutLabels,
    /// Links written in the fields rendered so far.
    pub links: Vec<LinkOrigin>,
    /// Images to copy into the site.
    pub images: Vec<ImageCopy>,
    /// Problems found.
    pub problems: Vec<Diagnostic>,
}

impl<'a> MarkdownFields<'a> {
    /// Nothing rendered yet, for the recipe `file`.
    pub fn new(
        recipes_dir: &'a Path,
        file: &'a Path,
        words: crate::render::catalogue::Words<'a>,
    ) -> MarkdownFields<'a> {
        MarkdownFields {
            recipes_dir,
            file,
            words,
            labels: markdown::callout_labels(words),
            links: Vec::new(),
            images: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Render the field at `field` (a field path such as `steps[1].body`); heading ids get
    /// `prefix`, headings are pushed down by `offset` levels.
    /// Only a field the model declares [`Markdown`] can be rendered as Markdown.
    pub fn render(&mut self, field: String, body: &Markdown, prefix: &str, offset: u8) -> String {
        let recipes_dir = self.recipes_dir;
        let mut found: Vec<ImageCopy> = Vec::new();
        let mut resolver = |src: &str| -> Result<ImageInfo, String> {
            let (info, copy) = resolve_image(recipes_dir, src)?;
            found.push(copy);
            Ok(info)
        };
        let mut cx = MarkdownContext {
            id_prefix: prefix,
            heading_offset: offset,
            root: PAGE_ROOT,
            images: &mut resolver,
            labels: Some(&self.labels),
        };
        let rendered = markdown::render(body, &mut cx);
        self.images.extend(found);
        for message in rendered.problems {
            self.problems.push(
                Diagnostic::error(self.file, message)
                    .code("render-markdown")
                    .path(field.clone()),
            );
        }
        let shared: std::sync::Arc<str> = if rendered.links.is_empty() {
            "".into()
        } else {
            (**body).into()
        };
        self.links
            .extend(rendered.links.into_iter().map(|href| LinkOrigin {
                body: shared.clone(),
                href,
                field: field.clone(),
            }));
        rendered.html
    }
}

/// A provider page's path back to the site root.
const PAGE_ROOT: &str = "../";

/// The numbered steps (screenshots are added by [`step_images`]).
pub fn steps_view(recipe: &Recipe, md: &mut MarkdownFields<'_>) -> Vec<StepView> {
    recipe
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| StepView {
            number: i + 1,
            id: step.id.clone(),
            title: step.title.clone(),
            body: md.render(
                format!("steps[{i}].body"),
                &step.body,
                &format!("{}-", step.id),
                3,
            ),
            link: step.link.as_ref().map(ToString::to_string),
            image: None,
            fallback: None,
        })
        .collect()
}

/// Step screenshots (a typed field, not Markdown): resolved, sized and queued for copying.
pub fn step_images(recipe: &Recipe, steps: &mut [StepView], md: &mut MarkdownFields<'_>) {
    for (i, step) in recipe.steps.iter().enumerate() {
        let Some(image) = &step.image else { continue };
        match resolve_image(md.recipes_dir, &image.src) {
            Ok((info, copy)) => {
                md.images.push(copy);
                steps[i].image = Some(ImageView {
                    src: format!("{PAGE_ROOT}{}", info.site_path),
                    alt: image.alt.clone(),
                    width: info.width,
                    height: info.height,
                });
            }
            Err(message) => {
                md.problems.push(
                    Diagnostic::error(md.file, message)
                        .code("render-image")
                        .path(format!("steps[{i}].image.src")),
                );
            }
        }
    }
}

/// The callouts ("Good to know").
pub fn notes_view(recipe: &Recipe, md: &mut MarkdownFields<'_>) -> Vec<NoteView> {
    recipe
        .notes
        .iter()
        .enumerate()
        .map(|(i, note)| {
            let (kind, label) = note_kind(note.kind, &md.labels);
            NoteView {
                kind,
                label,
                body: md.render(
                    format!("notes[{i}].body"),
                    &note.body,
                    &format!("note-{}-", i + 1),
                    3,
                ),
                fallback: None,
            }
        })
        .collect()
}

/// The troubleshooting entries.
pub fn troubleshooting_view(recipe: &Recipe, md: &mut MarkdownFields<'_>) -> Vec<TroubleView> {
    recipe
        .troubleshooting
        .iter()
        .enumerate()
        .map(|(i, t)| TroubleView {
            id: t.id.clone(),
            symptom: t.symptom.clone(),
            phase: t.matches.phase.map(|p| p.as_str()),
            code: t.matches.code,
            enhanced: t.matches.enhanced.clone(),
            text: t.matches.text.clone(),
            cause: md.render(
                format!("troubleshooting[{i}].cause"),
                &t.cause,
                &format!("{}-cause-", t.id),
                3,
            ),
            fix: md.render(
                format!("troubleshooting[{i}].fix"),
                &t.fix,
                &format!("{}-fix-", t.id),
                3,
            ),
            fallback: None,
            confirmed: None,
        })
        .collect()
}

/// The sending limits table, when the recipe documents limits.
pub fn limits_view(recipe: &Recipe, md: &mut MarkdownFields<'_>) -> Option<LimitsView> {
    let l = recipe.limits.as_ref()?;
    let w = md.words;
    let rows = [
        (
            "limit-messages-per-day",
            l.messages_per_day.map(|n| n.to_string()),
        ),
        (
            "limit-recipients-per-day",
            l.recipients_per_day.map(|n| n.to_string()),
        ),
        (
            "limit-recipients-per-message",
            l.recipients_per_message.map(|n| n.to_string()),
        ),
        (
            "limit-message-size",
            l.message_size_mb
                .map(|n| w.count("limit-megabytes", i64::from(n))),
        ),
    ]
    .into_iter()
    .filter_map(|(label, value)| {
        value.map(|value| LimitRow {
            label: w.get(label),
            value,
        })
    })
    .collect();
    Some(LimitsView {
        rows,
        note: l
            .note
            .as_ref()
            .map(|n| md.render("limits.note".into(), n, "limits-", 2)),
        fallback: None,
    })
}

/// The changelog, newest first.
pub fn changelog_view(recipe: &Recipe, md: &mut MarkdownFields<'_>) -> Vec<ChangeView> {
    let mut changelog = recipe
        .changelog
        .iter()
        .enumerate()
        .map(|(i, c)| ChangeView {
            date: c.date.to_string(),
            change: strip_paragraph(md.render(
                format!("changelog[{i}].change"),
                &c.change,
                &format!("change-{}-", i + 1),
                3,
            )),
            source: c.source.as_ref().map(ToString::to_string),
            announced: c.effect.is_some(),
            days_left: None,
            index: i,
            fallback: None,
        })
        .collect::<Vec<_>>();
    // Newest first; the sort is stable so same-day entries keep recipe order.
    changelog.sort_by(|a, b| b.date.cmp(&a.date));
    changelog
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_paragraph_only_strips_a_single_paragraph() {
        assert_eq!(
            strip_paragraph("<p>x <em>y</em></p>\n".into()),
            "x <em>y</em>"
        );
        assert_eq!(
            strip_paragraph("<p>a</p>\n<p>b</p>\n".into()),
            "<p>a</p>\n<p>b</p>\n"
        );
    }
}
