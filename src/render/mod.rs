//! Rendering the help center: markdown, templates, pages, search index, link check, atomic write.
//!
//! [`build`] is the whole pipeline: load and validate the project, prepare a view per recipe
//! (Markdown rendered once), render every page with one shared tera instance on all cores,
//! check internal links and anchors on the rendered HTML, then swap the staged site into place.
//! [`build_incremental`] is the same pipeline for `mailbook serve`, reusing what the rule in
//! [`incremental`] allows of the previous build; [`build`] is it with an empty cache.
//!
//! With `MAILBOOK_TIMINGS` set, each phase's time is printed to stderr.

pub mod incremental;
pub mod links;
pub mod markdown;
pub mod pages;
pub mod search;
pub mod templates;
pub mod write;

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::recipe::Project;
use crate::report::{ProviderReport, Report};
use anyhow::Context as _;
use pages::{LinkOrigin, ProviderView, SiteView, VerifiedView};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use templates::Theme;

pub use incremental::BuildCache;
use incremental::SharedInputs;

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
pub const RESERVED_IDS: &[&str] = &["requirements", "errors", "static", "media", "404.html"];

/// Page metadata every template gets as `page`.
#[derive(Debug, Clone, Serialize)]
struct PageMeta {
    /// `<title>` (without the site title).
    title: String,
    /// Meta description.
    description: String,
    /// Path below the site root (`gmail/`), empty for the index.
    path: String,
    /// Absolute canonical URL.
    canonical: String,
    /// Which navigation entry is current (`index`, `requirements`, `errors`, `provider`).
    nav: &'static str,
}

/// A provider card on the index: all a page needs to know of the other providers (the full
/// views, with their rendered Markdown, are dropped as soon as each page is written).
#[derive(Debug, Clone, Serialize)]
struct Card {
    id: String,
    name: String,
    status: &'static str,
    status_label: &'static str,
    hint: Option<String>,
    summary: String,
    domains: Vec<String>,
    aliases: Vec<String>,
    verified: Option<VerifiedView>,
    reviewed: String,
}

/// A general requirement or input rule on the requirements page.
#[derive(Debug, Clone, Serialize)]
struct Section {
    id: String,
    title: String,
    body: String,
    field: Option<&'static str>,
    /// An input rule's evidence (`seed guide, 2020, unconfirmed`).
    evidence: Option<String>,
    /// False for an input rule nobody confirmed on today's application: shown as
    /// "reported, not confirmed" instead of as fact.
    confirmed: bool,
}

/// A sitemap entry.
#[derive(Debug, Clone, Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

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
    let project = Project::load_reusing(&options.root, cache.recipes())?;
    t.lap("load");
    let mut problems = crate::recipe::validate(&project);
    problems.extend(reserved_id_problems(&project));
    t.lap("validate");
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Diagnostics(problems).into());
    }

    let config = &project.config;
    let base_url = normalize_base_url(options.base_url.as_deref().unwrap_or(&config.base_url));
    anyhow::ensure!(
        base_url.starts_with("https://") || base_url.starts_with("http://"),
        "the base URL `{base_url}` must be absolute, e.g. `https://help.example.com/mail/`"
    );
    let site = site_view(config, &base_url);
    let (reports, report_text) = match &options.verification {
        Some(path) => {
            let (reports, text) = load_report(path)?;
            (reports, Some(text))
        }
        None => (HashMap::new(), None),
    };
    let override_dir = match &options.templates {
        Some(dir) => {
            anyhow::ensure!(
                dir.is_dir(),
                "templates folder `{}` not found",
                dir.display()
            );
            Some(dir.clone())
        }
        None => Some(options.root.join("templates")).filter(|d| d.is_dir()),
    };
    let theme = Theme::load(override_dir.as_deref())?;
    let recipes_dir = options.root.join("recipes");
    let inputs = SharedInputs {
        root: options.root.clone(),
        config: project.config_source.text.clone(),
        base_url: base_url.clone(),
        theme: theme.override_files().to_vec(),
        verification: report_text,
    };
    let reusable = cache.reusable(&inputs);

    let staging = write::Staging::new(&options.out)?;

    // Provider pages, on every core. Each worker reuses or renders, scans and writes its
    // pages; only the small link lists and the index cards come back.
    let n = project.recipes.len();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Arc<ProviderOutput>>>> =
        Mutex::new((0..n).map(|_| None).collect());
    let first_error: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(n.max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let loaded = &project.recipes[i];
                    if let Some(out) = reusable.as_ref().and_then(|r| r.reuse(loaded, &staging)) {
                        results.lock().expect("no panics while locked")[i] = Some(out);
                        continue;
                    }
                    let verified = reports
                        .get(loaded.recipe.id.as_str())
                        .map(|(r, finished)| pages::verified_view(r, *finished));
                    match render_provider(
                        loaded,
                        config,
                        &recipes_dir,
                        verified,
                        &site,
                        &theme,
                        &staging,
                    ) {
                        Ok(out) => {
                            results.lock().expect("no panics while locked")[i] =
                                Some(Arc::new(out));
                        }
                        Err(e) => {
                            first_error
                                .lock()
                                .expect("no panics while locked")
                                .get_or_insert(e);
                            next.store(n, Ordering::Relaxed);
                        }
                    }
                }
            });
        }
    });
    drop(reusable);
    if let Some(e) = first_error.into_inner().expect("no panics while locked") {
        return Err(e);
    }
    let outputs: Vec<Arc<ProviderOutput>> = results
        .into_inner()
        .expect("no panics while locked")
        .into_iter()
        .map(|o| o.expect("every recipe rendered"))
        .collect();
    t.lap("provider pages");

    problems.extend(outputs.iter().flat_map(|o| o.problems.iter().cloned()));
    let mut files: HashSet<String> = HashSet::new();
    let mut origins: HashMap<&str, (&Path, &str, &[LinkOrigin])> = HashMap::new();
    for (o, loaded) in outputs.iter().zip(&project.recipes) {
        files.insert(o.links.page.clone());
        origins.insert(
            &o.links.page,
            (&loaded.source.path, &loaded.source.text, &o.origins),
        );
    }

    // Images, each once, in path order.
    let mut images: BTreeMap<&str, &Path> = BTreeMap::new();
    for o in &outputs {
        for image in &o.images {
            images.insert(&image.site_path, &image.from);
        }
    }
    for (site_path, from) in images {
        staging.copy(from, site_path)?;
        files.insert(site_path.to_string());
    }
    for (name, bytes) in theme.statics() {
        staging.write(name, bytes)?;
        files.insert(name.to_string());
    }

    // Site-wide pages.
    let mut site_links: Vec<links::PageLinks> = Vec::new();
    let mut write_page = |rel: &str, html: String, check: bool| -> anyhow::Result<()> {
        if check {
            site_links.push(links::scan(rel, &html));
        }
        files.insert(rel.to_string());
        staging.write(rel, html.as_bytes())
    };
    let cards: Vec<&Card> = outputs.iter().map(|o| &o.card).collect();
    let mut cx = base_context(
        &site,
        "",
        page_meta(&site, &config.title, &config.description, "", "index"),
    );
    cx.insert("providers", &cards);
    write_page("index.html", theme.render("index.html", &cx)?, true)?;

    let (general, rules, config_origins) = requirements_sections(config);
    let mut cx = base_context(
        &site,
        "../",
        page_meta(
            &site,
            "General requirements",
            "What every mailbox needs before the shop can send through it, and the admin panel's own input rules.",
            "requirements/",
            "requirements",
        ),
    );
    cx.insert("requirements", &general);
    cx.insert("rules", &rules);
    write_page(
        "requirements/index.html",
        theme.render("requirements.html", &cx)?,
        true,
    )?;
    origins.insert(
        "requirements/index.html",
        (
            &project.config_source.path,
            &project.config_source.text,
            &config_origins,
        ),
    );

    let cx = base_context(
        &site,
        "../",
        page_meta(
            &site,
            "Error lookup",
            "Paste an SMTP error message and find its cause and fix for your provider.",
            "errors/",
            "errors",
        ),
    );
    write_page("errors/index.html", theme.render("errors.html", &cx)?, true)?;

    // The 404 page is served at any path, so its links are absolute from the site's path and
    // are not resolved relative to the page.
    let cx = base_context(
        &site,
        &site.base_path,
        page_meta(
            &site,
            "Page not found",
            &config.description,
            "404.html",
            "404",
        ),
    );
    write_page("404.html", theme.render("404.html", &cx)?, false)?;

    let mut urls = vec![
        SitemapUrl {
            loc: base_url.clone(),
            lastmod: None,
        },
        SitemapUrl {
            loc: format!("{base_url}requirements/"),
            lastmod: None,
        },
        SitemapUrl {
            loc: format!("{base_url}errors/"),
            lastmod: None,
        },
    ];
    urls.extend(outputs.iter().map(|o| SitemapUrl {
        loc: format!("{base_url}{}/", o.card.id),
        lastmod: Some(o.card.reviewed.clone()),
    }));
    let mut cx = tera::Context::new();
    cx.insert("urls", &urls);
    cx.insert("base_url", &base_url);
    write_page("sitemap.xml", theme.render("sitemap.xml", &cx)?, false)?;
    write_page("robots.txt", theme.render("robots.txt", &cx)?, false)?;

    let recipes: Vec<&crate::recipe::Recipe> = project.recipes.iter().map(|l| &l.recipe).collect();
    let providers = search::providers_json(&recipes, &base_url);
    write_page("providers.json", to_json(&providers)?, false)?;
    let index = search::search_index(&recipes);
    write_page("search-index.json", to_json(&index)?, false)?;
    files.insert(write::MARKER.to_string());
    t.lap("site pages");

    // Internal links and anchors.
    let page_links: Vec<&links::PageLinks> = outputs
        .iter()
        .map(|o| &o.links)
        .chain(&site_links)
        .collect();
    for page in &page_links {
        for id in links::duplicate_ids(page) {
            let diagnostic = match origins.get(page.page.as_str()) {
                Some((file, text, _)) => {
                    let (line, column) =
                        pages::locate(text, &[&format!("id: {id}\n"), &format!("id: {id}")]);
                    Diagnostic::error(*file, format!("the anchor `#{id}` is used twice on the page `{}`", page.page))
                        .at(line, column)
                        .help("step, troubleshooting and heading ids must be unique on a page and differ from the page's section ids")
                }
                None => Diagnostic::error(
                    "templates",
                    format!(
                        "the anchor `#{id}` is used twice on the page `{}`",
                        page.page
                    ),
                ),
            };
            problems.push(diagnostic);
        }
    }
    for broken in links::check(&page_links, &files, &site.base_path) {
        let origin = origins
            .get(broken.page.as_str())
            .and_then(|(file, text, list)| {
                list.iter()
                    .find(|o| o.href == broken.href)
                    .map(|o| (*file, *text, o.field.clone()))
            });
        let mut d = match origin {
            Some((file, text, field)) => {
                let (line, column) =
                    pages::locate(text, &[&format!("({})", broken.href), &broken.href]);
                Diagnostic::error(
                    file,
                    format!("broken link `{}`: {}", broken.href, broken.reason),
                )
                .at(line, column)
                .path(field)
            }
            None => Diagnostic::error(
                "templates",
                format!(
                    "the page `{}` has a broken link `{}`: {}",
                    broken.page, broken.href, broken.reason
                ),
            ),
        };
        if let Some(s) = broken.suggestion {
            d = d.help(format!("did you mean `{s}`?"));
        }
        problems.push(d);
    }
    t.lap("link check");
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Diagnostics(problems).into());
    }

    let pages = n + 4;
    let file_count = files.len();
    drop((page_links, origins));
    staging.commit()?;
    t.lap("commit");
    cache.store(inputs, &options.out, project, outputs);
    Ok(BuildSummary {
        pages,
        files: file_count,
        warnings: problems,
    })
}

/// What one provider page produced.
#[derive(Debug)]
struct ProviderOutput {
    card: Card,
    links: links::PageLinks,
    origins: Vec<LinkOrigin>,
    images: Vec<pages::ImageCopy>,
    problems: Vec<Diagnostic>,
}

#[allow(clippy::too_many_arguments)]
fn render_provider(
    loaded: &crate::recipe::LoadedRecipe,
    config: &SiteConfig,
    recipes_dir: &Path,
    verified: Option<VerifiedView>,
    site: &SiteView,
    theme: &Theme,
    staging: &write::Staging,
) -> anyhow::Result<ProviderOutput> {
    let prepared = pages::prepare_provider(loaded, config, recipes_dir, verified);
    let view = prepared.view;
    let rel = format!("{}index.html", provider_path(&view.id));
    let mut cx = base_context(
        site,
        "../",
        page_meta(
            site,
            &format!("{} SMTP settings", view.name),
            &view.summary,
            &provider_path(&view.id),
            "provider",
        ),
    );
    cx.insert("provider", &view);
    let html = theme
        .render("provider.html", &cx)
        .with_context(|| format!("rendering the page of `{}`", loaded.source.path.display()))?;
    let links = links::scan(&rel, &html);
    staging.write(&rel, html.as_bytes())?;
    Ok(ProviderOutput {
        card: card(view),
        links,
        origins: prepared.links,
        images: prepared.images,
        problems: prepared.problems,
    })
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
    }
}

fn base_context(site: &SiteView, root: &str, page: PageMeta) -> tera::Context {
    let mut cx = tera::Context::new();
    cx.insert("site", site);
    cx.insert("root", root);
    cx.insert("page", &page);
    cx
}

fn page_meta(
    site: &SiteView,
    title: &str,
    description: &str,
    path: &str,
    nav: &'static str,
) -> PageMeta {
    PageMeta {
        title: title.to_string(),
        description: description.to_string(),
        path: path.to_string(),
        canonical: format!("{}{}", site.base_url, path),
        nav,
    }
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

fn site_view(config: &SiteConfig, base_url: &str) -> SiteView {
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
        language: config.language.clone(),
        app_name: config.app.name.clone(),
        app_location: config.app.location.clone(),
    }
}

fn to_json<T: Serialize>(value: &T) -> anyhow::Result<String> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
}

/// The report's providers by id, and the report's text (an input of every provider page).
type Reports = HashMap<String, (ProviderReport, jiff::Timestamp)>;

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

fn reserved_id_problems(project: &Project) -> Vec<Diagnostic> {
    project
        .recipes
        .iter()
        .filter(|l| RESERVED_IDS.contains(&l.recipe.id.as_str()))
        .map(|l| {
            let (line, column) = pages::locate(&l.source.text, &[&format!("id: {}", l.recipe.id)]);
            Diagnostic::error(
                &l.source.path,
                format!("the id `{}` is used by the site itself", l.recipe.id),
            )
            .at(line, column)
            .path("id")
            .help(format!(
                "choose another id; reserved: {}",
                RESERVED_IDS.join(", ")
            ))
        })
        .collect()
}

fn requirements_sections(config: &SiteConfig) -> (Vec<Section>, Vec<Section>, Vec<LinkOrigin>) {
    let mut origins = Vec::new();
    let mut md = |field: String, body: &str, prefix: &str| -> String {
        let mut no_images = |src: &str| -> Result<markdown::ImageInfo, String> {
            Err(format!(
                "image `{src}`: images are not supported in mailbook.yaml"
            ))
        };
        let mut cx = markdown::MarkdownContext {
            id_prefix: prefix,
            heading_offset: 2,
            root: "../",
            images: &mut no_images,
        };
        let r = markdown::render(body, &mut cx);
        origins.extend(r.links.into_iter().map(|href| LinkOrigin {
            href,
            field: field.clone(),
        }));
        r.html
    };
    let general = config
        .general_requirements
        .iter()
        .enumerate()
        .map(|(i, g)| Section {
            id: g.id.clone(),
            title: g.title.clone(),
            body: md(
                format!("general_requirements[{i}].body"),
                &g.body,
                &format!("{}-", g.id),
            ),
            field: None,
            evidence: None,
            confirmed: true,
        })
        .collect();
    let rules = config
        .app
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| Section {
            id: r.id.clone(),
            title: r.message.clone(),
            body: md(format!("app.rules[{i}].fix"), &r.fix, &format!("{}-", r.id)),
            field: Some(field_name(r.field)),
            evidence: Some(r.evidence_line()),
            confirmed: r.confirmed(),
        })
        .collect();
    (general, rules, origins)
}

fn field_name(field: crate::config::FieldValue) -> &'static str {
    use crate::config::FieldValue;
    match field {
        FieldValue::Host => "SMTP server",
        FieldValue::Port => "port",
        FieldValue::Security => "security",
        FieldValue::Username => "user name",
        FieldValue::Password => "password",
        FieldValue::Email => "email",
        FieldValue::Sender => "sender",
    }
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
