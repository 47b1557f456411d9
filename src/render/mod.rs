//! Rendering the help center: markdown, templates, pages, search index, link check, atomic write.
//!
//! [`build`] is the whole pipeline, read top to bottom in [`build_incremental`]: load and
//! validate the project, then a short sequence of `render_*` steps on one [`site::SiteBuild`]
//! (provider pages on all cores, assets, the site-wide pages, the machine-readable files, the
//! link and anchor check over every page), then swap the staged site into place.
//! [`build_incremental`] reuses what the rule in [`incremental`] allows of the previous build
//! for `mailbook serve`; [`build`] is it with an empty cache.
//!
//! - [`pages`]: the view of each provider page, one builder per part;
//! - [`provider`]: one provider page rendered and scanned;
//! - [`site`]: the site build and its steps; [`site_pages`]: index, requirements, error
//!   lookup, 404, sitemap and the JSON files; [`feed`]: the Atom feed of status changes; [`link_check`]: broken links and anchors;
//! - [`markdown`], [`templates`], [`search`], [`links`], [`write`]: the parts they use.
//!
//! With `MAILBOOK_TIMINGS` set, each phase's time is printed to stderr.

pub mod catalogue;
mod error_list;
mod feed;
pub mod incremental;
mod languages;
mod link_check;
pub mod links;
pub mod markdown;
pub mod pages;
mod provider;
pub mod search;
mod site;
mod site_pages;
pub mod templates;
pub mod write;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::recipe::policy;
use std::path::PathBuf;

pub use incremental::BuildCache;
pub(crate) use provider::ProviderOutput;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Project root (holds `mailbook.yaml`, `recipes/`, optionally `templates/`).
    pub root: PathBuf,
    /// Output folder, replaced atomically.
    pub out: PathBuf,
    /// Overrides `base_url` from `mailbook.yaml`.
    pub base_url: Option<String>,
    /// Template override folder; `root/templates` when `None` and it exists.
    pub templates: Option<PathBuf>,
    /// A verification report to show as badges.
    pub verification: Option<PathBuf>,
    /// Build as on this day (announced changes dated on or before it are in force); today
    /// when `None`.
    pub today: Option<jiff::civil::Date>,
}

/// What a build produced.
#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    /// HTML pages written.
    pub pages: usize,
    /// All files written.
    pub files: usize,
    /// Warnings found on the way (they do not stop the build; show them to the writer).
    pub warnings: Vec<Diagnostic>,
}

/// Top-level names a recipe id cannot take, because the site uses them itself.
pub use crate::recipe::RESERVED_IDS;

/// Build the site. Recipe problems come back as a [`Diagnostics`] error (downcast it from the
/// `anyhow::Error`); the previous output is left untouched on any error.
pub fn build(options: &BuildOptions) -> anyhow::Result<BuildSummary> {
    build_incremental(options, &mut BuildCache::default())
}

/// [`build`] for a session that builds the same project again and again (`mailbook serve`):
/// what `cache` holds of the last successful build is reused where the rule in
/// [`incremental`] allows, and `cache` is updated when this build succeeds. The output is
/// byte for byte what [`build`] writes, and errors are the same.
pub fn build_incremental(
    options: &BuildOptions,
    cache: &mut BuildCache,
) -> anyhow::Result<BuildSummary> {
    let mut t = Timings::start();
    // The rulebook runs first; rendering only reports what rendering alone can know.
    let mut project = crate::recipe::ValidProject::load(&options.root, cache.recipes())?;
    t.lap("load and validate");
    let today = options.today.unwrap_or_else(|| jiff::Zoned::now().date());
    let mut problems = project.warnings().to_vec();
    problems.extend(policy::check(
        &project.recipes,
        today,
        project.config.deadline_warning_days,
    ));
    if problems.iter().any(Diagnostic::is_error) {
        crate::recipe::rules::sort(&mut problems);
        return Err(Diagnostics(problems).into());
    }

    // Pages and providers.json show the recipes as they stand on the day; the cache keeps
    // the files' own values.
    let originals = project.apply_announced(today);
    let mut site = site::SiteBuild::prepare(options, &project, problems)?;
    site.render_provider_pages(cache)?;
    t.lap("provider pages");
    site.render_assets()?;
    site.render_index()?;
    site.render_requirements()?;
    site.render_error_lookup()?;
    site.render_not_found()?;
    site.render_feed()?;
    site.render_machine_files()?;
    site.render_search_index()?;
    for code in project.config.languages.clone() {
        site.render_language(&code)?;
    }
    site.render_sitemap()?;
    t.lap("site pages");
    site.render_link_check();
    t.lap("link check");
    let (summary, inputs, outputs) = site.commit()?;
    t.lap("commit");
    project.restore_announced(originals);
    cache.store(inputs, &options.out, project.into_project(), outputs);
    Ok(summary)
}

/// The address of a provider's page relative to the site root (`gmail/`). Every link to a
/// provider page, in the site, its search index and verify's output, is built here.
pub fn provider_path(id: &str) -> String {
    format!("{id}/")
}

/// `https://x/mail` → `https://x/mail/`.
pub fn normalize_base_url(url: &str) -> String {
    let mut url = url.trim().to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

/// Phase timings printed to stderr when `MAILBOOK_TIMINGS` is set, to see where a build's
/// time goes without a profiler.
struct Timings {
    enabled: bool,
    last: std::time::Instant,
}

impl Timings {
    fn start() -> Timings {
        Timings {
            enabled: std::env::var_os("MAILBOOK_TIMINGS").is_some(),
            last: std::time::Instant::now(),
        }
    }

    fn lap(&mut self, phase: &str) {
        if self.enabled {
            let now = std::time::Instant::now();
            eprintln!(
                "timing: {phase:<16} {:7.1} ms",
                (now - self.last).as_secs_f64() * 1000.0
            );
            self.last = now;
        }
    }
}
