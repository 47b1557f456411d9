//! One site build: what every step needs (the project, the site view, the theme, the staging
//! folder) and what the steps accumulate (provider outputs, files written, links to check,
//! problems). [`super::build_incremental`] calls the `render_*` steps in order; they live
//! next to what they render ([`super::site_pages`], [`super::link_check`]).

use super::incremental::SharedInputs;
use super::pages::{self, LinkOrigin, SiteView};
use super::provider::{PageEnv, ProviderOutput, render_provider};
use super::templates::Theme;
use super::write::{self, Staging};
use super::{BuildCache, BuildOptions, BuildSummary, links, normalize_base_url};
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::recipe::ValidProject;
use crate::report::{ProviderReport, Report};
use anyhow::Context as _;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// The report's providers by id, and the report's text (an input of every provider page).
type Reports = HashMap<String, (ProviderReport, jiff::Timestamp)>;

/// A build in progress.
pub(super) struct SiteBuild<'p> {
    pub project: &'p ValidProject,
    /// The site configuration as the current language shows it.
    pub config: std::borrow::Cow<'p, SiteConfig>,
    /// The language being rendered, its recipes and what of them falls back.
    pub lang: super::languages::LangState,
    pub options: &'p BuildOptions,
    /// Absolute, ending in `/`.
    pub base_url: String,
    pub site: SiteView,
    pub theme: Theme,
    /// The verification report's providers by id (empty without `--verification`).
    pub reports: Reports,
    /// Everything a provider page depends on besides its recipe (see [`super::incremental`]).
    inputs: SharedInputs,
    pub staging: Staging,
    /// One per recipe, in recipe order, for the language being rendered.
    pub outputs: Vec<Arc<ProviderOutput>>,
    /// The outputs of the languages rendered before it (the default language first).
    pub done: Vec<Vec<Arc<ProviderOutput>>>,
    /// Every file written, relative to the site root (the link check's universe).
    pub files: HashSet<String>,
    /// Links and ids of the site-wide pages that are checked.
    pub site_links: Vec<links::PageLinks>,
    /// Where the links written in `mailbook.yaml` come from, per requirements page.
    pub config_origins: Vec<(String, Vec<LinkOrigin>)>,
    /// Warnings so far, and errors found while rendering.
    pub problems: Vec<Diagnostic>,
}

impl<'p> SiteBuild<'p> {
    /// Everything the steps share: the base URL, the site view, the verification report, the
    /// theme, and an empty staging folder.
    pub fn prepare(
        options: &'p BuildOptions,
        project: &'p ValidProject,
        problems: Vec<Diagnostic>,
    ) -> anyhow::Result<SiteBuild<'p>> {
        let config = &project.config;
        let base_url = normalize_base_url(options.base_url.as_deref().unwrap_or(&config.base_url));
        anyhow::ensure!(
            base_url.starts_with("https://") || base_url.starts_with("http://"),
            "the base URL `{base_url}` must be absolute, e.g. `https://help.example.com/mail/`"
        );
        let (reports, report_text) = match &options.verification {
            Some(path) => {
                let (reports, text) = load_report(path)?;
                (reports, Some(text))
            }
            None => (HashMap::new(), None),
        };
        let theme = Theme::load(override_dir(options)?.as_deref())?;
        super::languages::check_catalogues(config, &theme)?;
        let today = options.today.unwrap_or_else(|| jiff::Zoned::now().date());
        let inputs = SharedInputs {
            root: options.root.clone(),
            config: project.config_source.text.clone(),
            base_url: base_url.clone(),
            theme: theme.override_files().to_vec(),
            verification: report_text,
            today,
            alternatives: pages::alternatives(project.recipes.iter().map(|l| &l.recipe)),
        };
        let lang = super::languages::LangState::default_language(config, theme.catalogues());
        Ok(SiteBuild {
            project,
            config: std::borrow::Cow::Borrowed(config),
            options,
            site: site_view(
                config,
                &base_url,
                today,
                inputs.alternatives.clone(),
                &lang,
                theme.catalogues(),
            ),
            lang,
            base_url,
            theme,
            reports,
            inputs,
            staging: write::Staging::new(&options.out)?,
            outputs: Vec::new(),
            done: Vec::new(),
            files: HashSet::new(),
            site_links: Vec::new(),
            config_origins: Vec::new(),
            problems,
        })
    }

    /// Provider pages, on every core (rayon). Each page is reused from the last build where
    /// [`super::incremental`] allows, or rendered, scanned and written; only the small link
    /// lists and the index cards come back. The first error stops the build.
    pub fn render_provider_pages(&mut self, cache: &BuildCache) -> anyhow::Result<()> {
        // Only the default language's pages are reused (a translated page also depends on
        // its translation file).
        let reusable = cache
            .reusable(&self.inputs)
            .filter(|_| self.lang.prefix.is_empty());
        let recipes_dir = self.options.root.join("recipes");
        let words = self.lang.words(self.theme.catalogues());
        let env = PageEnv {
            config: &self.config,
            recipes_dir: &recipes_dir,
            site: &self.site,
            theme: &self.theme,
            staging: &self.staging,
            words,
        };
        let reports = &self.reports;
        let lang = &self.lang;
        let recipes = lang.recipes(&self.project.recipes);
        let outputs: Vec<Arc<ProviderOutput>> = recipes
            .par_iter()
            .enumerate()
            .map(|(i, loaded)| {
                if let Some(out) = reusable.as_ref().and_then(|r| r.reuse(loaded, env.staging)) {
                    return Ok(out);
                }
                let report = reports.get(loaded.recipe.id.as_str());
                let verified =
                    report.map(|(r, finished)| pages::verified_view(r, *finished, words));
                render_provider(loaded, verified, lang.fallbacks.get(i), report, &env).map(Arc::new)
            })
            .collect::<anyhow::Result<_>>()?;
        for o in &outputs {
            self.files.insert(o.links.page.clone());
            self.problems.extend(o.problems.iter().cloned());
        }
        self.outputs = outputs;
        Ok(())
    }

    /// Images (each once, in path order) and the theme's static files.
    pub fn render_assets(&mut self) -> anyhow::Result<()> {
        let mut images: BTreeMap<&str, &Path> = BTreeMap::new();
        for o in &self.outputs {
            for image in &o.images {
                images.insert(&image.site_path, &image.from);
            }
        }
        for (site_path, from) in images {
            self.staging.copy(from, site_path)?;
            self.files.insert(site_path.to_string());
        }
        for (name, bytes) in self.theme.statics() {
            self.staging.write(name, bytes)?;
            self.files.insert(name.to_string());
        }
        Ok(())
    }

    /// Write a site-wide page; `check` adds its links and ids to the link check.
    pub fn write_page(&mut self, rel: &str, text: String, check: bool) -> anyhow::Result<()> {
        if check {
            self.site_links.push(links::scan(rel, &text));
        }
        self.files.insert(rel.to_string());
        self.staging.write(rel, text.as_bytes())
    }

    /// Swap the staged site into place, unless a step found an error. Returns the summary
    /// and what the cache keeps for the next build.
    pub fn commit(
        mut self,
    ) -> anyhow::Result<(BuildSummary, SharedInputs, Vec<Arc<ProviderOutput>>)> {
        // Render-time problems are located by field path, like the rulebook's.
        crate::recipe::locate::locate_project(&mut self.problems, self.project);
        if self.problems.iter().any(Diagnostic::is_error) {
            return Err(Diagnostics(self.problems).into());
        }
        let languages = self.done.len() + 1;
        let summary = BuildSummary {
            pages: (self.outputs.len() + 3) * languages + 1,
            files: self.files.len(),
            warnings: self.problems,
        };
        self.staging.commit()?;
        // The cache keeps the default language's pages (rendered first).
        let default = if self.done.is_empty() {
            self.outputs
        } else {
            self.done.swap_remove(0)
        };
        Ok((summary, self.inputs, default))
    }
}

/// The template override folder: `--templates`, or `templates/` in the project when present.
fn override_dir(options: &BuildOptions) -> anyhow::Result<Option<std::path::PathBuf>> {
    match &options.templates {
        Some(dir) => {
            anyhow::ensure!(
                dir.is_dir(),
                "templates folder `{}` not found",
                dir.display()
            );
            Ok(Some(dir.clone()))
        }
        None => Ok(Some(options.root.join("templates")).filter(|d| d.is_dir())),
    }
}

pub(super) fn site_view(
    config: &SiteConfig,
    base_url: &str,
    today: jiff::civil::Date,
    alternatives: Vec<pages::Alternative>,
    lang: &super::languages::LangState,
    catalogues: &super::catalogue::Catalogues,
) -> SiteView {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let base_path = match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    };
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        base_url: base_url.to_string(),
        base_path,
        language: lang.code.clone(),
        prefix: lang.prefix.clone(),
        languages: super::languages::language_names(config, catalogues),
        messages: super::languages::messages_json(catalogues, &lang.code),
        app_name: config.app.name.clone(),
        app_location: config.app.location.clone(),
        alternatives,
        today,
    }
}

fn load_report(path: &Path) -> anyhow::Result<(Reports, String)> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the verification report `{}`", path.display()))?;
    let report: Report = serde_json::from_str(&text)
        .with_context(|| format!("`{}` is not a mailbook verification report", path.display()))?;
    let reports = report
        .providers
        .into_iter()
        .map(|p| (p.id.clone(), (p, report.finished_at)))
        .collect();
    Ok((reports, text))
}
