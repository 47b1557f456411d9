//! View models: what each template receives. A recipe (plus the site configuration and an
//! optional verification report) becomes a [`ProviderView`], composed by [`prepare_provider`]
//! from one small builder per part of the page:
//!
//! - [`server`]: the servers, the quick-settings card and the filled-in admin form;
//! - [`content`]: steps, callouts, troubleshooting, limits and changelog (the Markdown
//!   fields, rendered here once so templates only place values);
//! - [`requirements`]: the "before you start" list;
//! - [`urls`]: the provider's own links, sources, and the check of every typed URL field;
//! - [`images`]: screenshots resolved inside the recipes folder;
//! - [`verified`]: the badge from a verification report;
//! - [`evidence`]: the 90-day strip, the last check's transcript and the ticket-reply texts.
//!
//! Problems found on the way (a missing image, a forbidden link scheme) become diagnostics
//! that point into the recipe file.

pub mod content;
pub mod evidence;
pub mod images;
pub mod panel;
pub mod requirements;
pub mod server;
pub mod urls;
pub mod verified;

pub use content::{ChangeView, ImageView, LimitRow, LimitsView, NoteView, StepView, TroubleView};
pub use evidence::{EvidenceView, TicketView, evidence_view, ticket_view};
pub use images::{ImageCopy, resolve_image};
pub use requirements::RequirementView;
pub use server::{FieldView, FormView, ServerView, form_view, server_view};
pub use urls::{LinkView, SourceView};
pub use verified::{DeliveredView, ServerVerifiedView, VerifiedView, verified_view};

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::recipe::{LoadedRecipe, Recipe, Status};
use crate::render::catalogue::Words;
pub use crate::translate::apply::Fallback;
use content::MarkdownFields;
use serde::Serialize;
use std::path::Path;

/// Site-wide values every page gets as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Title shown in every header.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// Absolute published URL, ending in `/`.
    pub base_url: String,
    /// Path part of `base_url` (`/mail/`), for pages that can be served at any path (404).
    pub base_path: String,
    /// `lang` of the pages: the language being rendered.
    pub language: String,
    /// Where this language's pages are below the site root: `""` for the default language,
    /// `ru/` for Russian.
    pub prefix: String,
    /// Every language of the site (code and own name), the default first.
    pub languages: Vec<(String, String)>,
    /// The catalogue's messages for the page's JavaScript, as JSON safe inside `<script>`.
    #[serde(skip)]
    pub messages: String,
    /// The target application's name.
    pub app_name: String,
    /// Providers that work with the panel and where anyone can open a mailbox: what a page
    /// of a `broken` provider offers instead (see [`alternatives`]).
    pub alternatives: Vec<Alternative>,
    /// Where the application's form is.
    pub app_location: String,
    /// The day the site is built for (`YYYY-MM-DD`).
    pub today: jiff::civil::Date,
}

/// A provider to use instead of a broken one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alternative {
    /// Recipe id (URL segment).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Status word (`ok` or `preparation`).
    pub status: &'static str,
    /// Its numbered steps.
    pub step_count: usize,
}

/// The providers a reader whose provider cannot be used is sent to, decided from the
/// recipes: status `ok` or `preparation`, public domains (an address anyone gets, not a
/// company domain), a sign-up link, and a password the panel can hold. Ready ones first,
/// then fewer steps, then by name.
pub fn alternatives<'a>(recipes: impl IntoIterator<Item = &'a Recipe>) -> Vec<Alternative> {
    use crate::recipe::PasswordKind;
    let mut found: Vec<Alternative> = recipes
        .into_iter()
        .filter(|r| matches!(r.status, Status::Ok | Status::Preparation))
        .filter(|r| !r.domains.is_empty() && r.links.register.is_some())
        .filter(|r| !r.requires.oauth2_only)
        .filter(|r| {
            r.preferred_server()
                .is_some_and(|s| s.password != PasswordKind::Oauth2Token)
        })
        .map(|r| Alternative {
            id: r.id.clone(),
            name: r.name.clone(),
            status: r.status.as_str(),
            step_count: r.steps.len(),
        })
        .collect();
    found.sort_by(|a, b| {
        (a.status != "ok", a.step_count, &a.name).cmp(&(b.status != "ok", b.step_count, &b.name))
    });
    found
}

/// Everything a provider page (and its index card) shows.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderView {
    /// Recipe id (URL segment).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Email domains.
    pub domains: Vec<String>,
    /// Status word.
    pub status: &'static str,
    /// Status in words for the badge.
    pub status_label: String,
    /// Hint next to the status.
    pub hint: Option<String>,
    /// One sentence.
    pub summary: String,
    /// Set when the summary and hint are shown in the default language on a translated page.
    pub fallback: Option<Fallback>,
    /// Review date.
    pub reviewed: String,
    /// Recipe path (`recipes/gmail.yaml`).
    pub source_path: String,
    /// "Edit this page" URL.
    pub edit_url: Option<String>,
    /// Verified badge.
    pub verified: Option<VerifiedView>,
    /// The preferred server (quick-settings card).
    pub quick: Option<ServerView>,
    /// All servers.
    pub servers: Vec<ServerView>,
    /// Requirements.
    pub requirements: Vec<RequirementView>,
    /// Steps.
    pub steps: Vec<StepView>,
    /// Form preview.
    pub form: FormView,
    /// The JSON the page's script reads (see [`panel`]).
    pub panel_data: String,
    /// How many numbered steps the page has (the "Ready in N steps" badge).
    pub step_count: usize,
    /// Callouts.
    pub notes: Vec<NoteView>,
    /// Troubleshooting entries.
    pub troubleshooting: Vec<TroubleView>,
    /// Limits.
    pub limits: Option<LimitsView>,
    /// Changelog, newest first.
    pub changelog: Vec<ChangeView>,
    /// Sources.
    pub sources: Vec<SourceView>,
    /// Provider links.
    pub links: Vec<LinkView>,
    /// The verification history and last check, with a report (filled in by the renderer).
    pub evidence: Option<EvidenceView>,
    /// The data of the "copy reply for a ticket" buttons (filled in by the renderer).
    pub ticket: TicketView,
}

/// A link written in recipe Markdown, remembered so a broken one can be reported at its source.
#[derive(Debug, Clone)]
pub struct LinkOrigin {
    /// The link target as written.
    pub href: String,
    /// The field path, e.g. `steps[1].body`.
    pub field: String,
    /// The field's text, shared by its links: where a broken link is written inside it is
    /// worked out only when one is reported ([`LinkOrigin::within`]).
    pub body: std::sync::Arc<str>,
}

impl LinkOrigin {
    /// Where the link is written inside the field's value, in characters.
    pub fn within(&self) -> Option<usize> {
        crate::recipe::rules::links::link_offsets(&self.body)
            .into_iter()
            .find(|(dest, _)| *dest == self.href)
            .map(|(_, at)| at)
    }
}

/// The result of preparing one recipe.
#[derive(Debug)]
pub struct PreparedProvider {
    /// The view.
    pub view: ProviderView,
    /// Links written in its Markdown.
    pub links: Vec<LinkOrigin>,
    /// Images to copy into the site.
    pub images: Vec<ImageCopy>,
    /// Problems found.
    pub problems: Vec<Diagnostic>,
}

/// Status word → badge text in the page's language.
pub fn status_text(status: Status, words: Words<'_>) -> String {
    words.get(&format!("status-{}", status.as_str()))
}

/// Status word → badge text in English (the feed, which is in the default language; the
/// same words as `status-*` in `templates/locales/en.ftl`).
pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::Ok => "Works",
        Status::Preparation => "Needs preparation",
        Status::Broken => "Not working",
        Status::Unverified => "Not yet verified",
        Status::Deprecated => "Going away",
    }
}

/// Mark the sections of a translated page that are shown in the default language.
pub fn mark_fallbacks(view: &mut ProviderView, fb: &crate::translate::apply::Fallbacks) {
    view.fallback = fb.get("summary").or(fb.get("hint"));
    for s in &mut view.steps {
        s.fallback = fb.get(&format!("steps[{}]", s.id));
    }
    for (i, n) in view.notes.iter_mut().enumerate() {
        n.fallback = fb.get(&format!("notes[{i}]"));
    }
    for t in &mut view.troubleshooting {
        t.fallback = fb.get(&format!("troubleshooting[{}]", t.id));
    }
    if let Some(l) = &mut view.limits {
        l.fallback = fb.get("limits");
    }
    for c in &mut view.changelog {
        c.fallback = fb.get(&format!("changelog[{}]", c.index));
    }
}

/// Render the Markdown fields of a recipe and assemble its view, one builder per part of
/// the page. Problems come out in page order: Markdown fields, step images, URL fields.
pub fn prepare_provider(
    loaded: &LoadedRecipe,
    config: &SiteConfig,
    recipes_dir: &Path,
    verified: Option<VerifiedView>,
    words: Words<'_>,
) -> PreparedProvider {
    let recipe: &Recipe = &loaded.recipe;
    let file = &loaded.source.path;
    let mut md = MarkdownFields::new(recipes_dir, file, words);
    let mut steps = content::steps_view(recipe, &mut md);
    let notes = content::notes_view(recipe, &mut md);
    let mut troubleshooting = content::troubleshooting_view(recipe, &mut md);
    if let Some(v) = &verified {
        for t in &mut troubleshooting {
            t.confirmed = v.confirmed.get(&t.id).cloned();
        }
    }
    let limits = content::limits_view(recipe, &mut md);
    let changelog = content::changelog_view(recipe, &mut md);
    content::step_images(recipe, &mut steps, &mut md);
    let MarkdownFields {
        links,
        mut images,
        mut problems,
        ..
    } = md;
    problems.extend(urls::url_problems(recipe, file));

    let source_path = file.to_string_lossy().replace('\\', "/");
    let view = ProviderView {
        id: recipe.id.clone(),
        name: recipe.name.clone(),
        aliases: recipe.aliases.clone(),
        domains: recipe.domains.clone(),
        status: recipe.status.as_str(),
        status_label: status_text(recipe.status, words),
        hint: recipe.hint.clone(),
        summary: recipe.summary.clone(),
        fallback: None,
        reviewed: recipe.reviewed.to_string(),
        edit_url: config
            .edit_url
            .as_ref()
            .map(|t| t.replace("{path}", &source_path)),
        source_path,
        verified,
        quick: recipe
            .preferred_server()
            .map(|s| server_view(s, config, words)),
        servers: recipe
            .smtp
            .iter()
            .map(|s| server_view(s, config, words))
            .collect(),
        requirements: requirements::requirements_view(recipe, config, words),
        step_count: steps.len(),
        steps,
        form: form_view(recipe, config, words),
        panel_data: panel::panel_data(recipe, config),
        notes,
        troubleshooting,
        limits,
        changelog,
        sources: urls::sources_view(recipe),
        links: urls::provider_links(recipe, words),
        evidence: None,
        ticket: TicketView::default(),
    };
    images.sort();
    images.dedup();
    PreparedProvider {
        view,
        links,
        images,
        problems,
    }
}
