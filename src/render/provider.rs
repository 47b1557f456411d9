//! One provider page: its view prepared, rendered with the shared theme, scanned for links
//! and ids, and written to the staging folder. A provider page depends on its recipe, the
//! site view and the page metadata only (the rule [`super::incremental`] relies on).

use super::pages::{self, LinkOrigin, ProviderView, SiteView, VerifiedView};
use super::site_pages::{base_context, page_meta};
use super::templates::Theme;
use super::{links, provider_path, write};
use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::recipe::LoadedRecipe;
use crate::report::{Outcome, ProviderReport};
use anyhow::Context as _;
use serde::Serialize;
use std::path::Path;

/// What one provider page produced: all the rest of the build needs of it (the full view,
/// with its rendered Markdown, is dropped as soon as the page is written).
#[derive(Debug)]
pub struct ProviderOutput {
    /// Its card on the index.
    pub card: Card,
    /// The page's links and ids.
    pub links: links::PageLinks,
    /// Where each link written in the recipe's Markdown comes from.
    pub origins: Vec<LinkOrigin>,
    /// Images to copy.
    pub images: Vec<pages::ImageCopy>,
    /// Problems found while rendering.
    pub problems: Vec<Diagnostic>,
    /// Its troubleshooting entries as the errors page shows them.
    pub errors: Vec<super::error_list::ErrorCard>,
}

/// A provider card on the index: all a page needs to know of the other providers.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub id: String,
    pub name: String,
    pub status: &'static str,
    pub status_label: String,
    pub hint: Option<String>,
    pub summary: String,
    pub domains: Vec<String>,
    pub aliases: Vec<String>,
    pub verified: Option<VerifiedView>,
    pub reviewed: String,
    /// Numbered steps on its page (the "Ready in N steps" badge).
    pub step_count: usize,
}

/// What every provider page of a build shares.
pub struct PageEnv<'a> {
    /// The site configuration.
    pub config: &'a SiteConfig,
    /// `recipes/`, where images are resolved.
    pub recipes_dir: &'a Path,
    /// Site-wide values.
    pub site: &'a SiteView,
    /// The templates.
    pub theme: &'a Theme,
    /// Where pages are written.
    pub staging: &'a write::Staging,
    /// The page's language.
    pub words: super::catalogue::Words<'a>,
}

/// Render, scan and write the page of `loaded`.
pub fn render_provider(
    loaded: &LoadedRecipe,
    verified: Option<VerifiedView>,
    fallbacks: Option<&crate::translate::apply::Fallbacks>,
    report: Option<&(ProviderReport, jiff::Timestamp)>,
    env: &PageEnv<'_>,
) -> anyhow::Result<ProviderOutput> {
    let prepared =
        pages::prepare_provider(loaded, env.config, env.recipes_dir, verified, env.words);
    let mut view = prepared.view;
    if let Some(fb) = fallbacks {
        pages::mark_fallbacks(&mut view, fb);
    }
    add_evidence(&mut view, loaded, report, env.site);
    for c in &mut view.changelog {
        c.days_left = c
            .date
            .parse()
            .ok()
            .map(|date| crate::recipe::policy::days_until(env.site.today, date))
            .filter(|days| *days > 0);
    }
    let rel = format!("{}{}index.html", env.site.prefix, provider_path(&view.id));
    let mut cx = base_context(
        env.site,
        "../",
        page_meta(
            env.site,
            &env.words.with("provider-title", &[("name", &view.name)]),
            &view.summary,
            &provider_path(&view.id),
            "provider",
        ),
    );
    cx.insert("provider", &view);
    let html = env
        .theme
        .render("provider.html", &cx)
        .with_context(|| format!("rendering the page of `{}`", loaded.source.path.display()))?;
    let links = links::scan(&rel, &html);
    env.staging.write(&rel, html.as_bytes())?;
    let errors = super::error_list::entries(&view.id, &view.troubleshooting);
    Ok(ProviderOutput {
        card: card(view),
        links,
        origins: prepared.links,
        images: prepared.images,
        problems: prepared.problems,
        errors,
    })
}

/// The verification strip and transcript, and the ticket-reply texts with their stamp.
fn add_evidence(
    view: &mut ProviderView,
    loaded: &LoadedRecipe,
    report: Option<&(ProviderReport, jiff::Timestamp)>,
    site: &SiteView,
) {
    view.evidence = report.map(|(r, finished)| pages::evidence_view(r, *finished));
    let last_passed = report.and_then(|(r, finished)| match r.outcome {
        Outcome::Pass => Some(r.last_passed.unwrap_or(*finished)),
        Outcome::Fail => r.last_passed,
    });
    let failing_since = report.and_then(|(r, finished)| match r.outcome {
        Outcome::Fail => Some(r.failing_since.unwrap_or(*finished)),
        Outcome::Pass => None,
    });
    let url = format!("{}{}", site.base_url, provider_path(&view.id));
    view.ticket = pages::ticket_view(
        &loaded.recipe,
        &url,
        &site.base_url,
        (last_passed, failing_since),
        site.today,
    );
}

fn card(view: ProviderView) -> Card {
    Card {
        id: view.id,
        name: view.name,
        status: view.status,
        status_label: view.status_label,
        hint: view.hint,
        summary: view.summary,
        domains: view.domains,
        aliases: view.aliases,
        verified: view.verified,
        reviewed: view.reviewed,
        step_count: view.step_count,
    }
}
