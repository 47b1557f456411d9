//! The site-wide pages and files: index, general requirements, error lookup, 404, sitemap,
//! robots.txt, `providers.json` and `search-index.json`. Each is one `render_*` step of the
//! [`SiteBuild`].

use super::error_list::ErrorGroup;
use super::markdown;
use super::pages::{LinkOrigin, SiteView};
use super::provider::Card;
use super::search;
use super::site::SiteBuild;
use super::write;
use crate::config::SiteConfig;
use serde::Serialize;

/// Page metadata every template gets as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
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

impl SiteBuild<'_> {
    /// The index: a card per provider.
    pub fn render_index(&mut self) -> anyhow::Result<()> {
        let config = self.config;
        let cards: Vec<&Card> = self.outputs.iter().map(|o| &o.card).collect();
        let mut cx = base_context(
            &self.site,
            "",
            page_meta(&self.site, &config.title, &config.description, "", "index"),
        );
        cx.insert("providers", &cards);
        let html = self.theme.render("index.html", &cx)?;
        self.write_page("index.html", html, true)
    }

    /// The general requirements and the admin panel's input rules (Markdown from
    /// `mailbook.yaml`, whose links are checked at their source like a recipe's).
    pub fn render_requirements(&mut self) -> anyhow::Result<()> {
        let (general, rules, origins) = requirements_sections(self.config);
        let mut cx = base_context(
            &self.site,
            "../",
            page_meta(
                &self.site,
                "General requirements",
                "What every mailbox needs before the shop can send through it, and the admin panel's own input rules.",
                "requirements/",
                "requirements",
            ),
        );
        cx.insert("requirements", &general);
        cx.insert("rules", &rules);
        let html = self.theme.render("requirements.html", &cx)?;
        self.write_page("requirements/index.html", html, true)?;
        self.config_origins = origins;
        Ok(())
    }

    /// Every known error, grouped by provider (plain HTML); the error lookup runs on top of it
    /// in the browser, on the search index.
    pub fn render_error_lookup(&mut self) -> anyhow::Result<()> {
        let groups: Vec<ErrorGroup> = self
            .outputs
            .iter()
            .filter(|o| !o.errors.is_empty())
            .map(|o| ErrorGroup {
                id: o.card.id.clone(),
                name: o.card.name.clone(),
                page: super::provider_path(&o.card.id),
                entries: o.errors.clone(),
            })
            .collect();
        let mut cx = base_context(
            &self.site,
            "../",
            page_meta(
                &self.site,
                "Known errors",
                "Every SMTP error message we know, by provider and code, with its cause and fix; paste yours to find it.",
                "errors/",
                "errors",
            ),
        );
        cx.insert("groups", &groups);
        let html = self.theme.render("errors.html", &cx)?;
        self.write_page("errors/index.html", html, true)
    }

    /// The 404 page. It is served at any path, so its links are absolute from the site's
    /// path and are not resolved relative to the page (nor checked).
    pub fn render_not_found(&mut self) -> anyhow::Result<()> {
        let cx = base_context(
            &self.site,
            &self.site.base_path,
            page_meta(
                &self.site,
                "Page not found",
                &self.config.description,
                "404.html",
                "404",
            ),
        );
        let html = self.theme.render("404.html", &cx)?;
        self.write_page("404.html", html, false)
    }

    /// `sitemap.xml` and `robots.txt`.
    pub fn render_sitemap(&mut self) -> anyhow::Result<()> {
        let base_url = &self.base_url;
        let mut urls: Vec<SitemapUrl> = ["", "requirements/", "errors/"]
            .into_iter()
            .map(|path| SitemapUrl {
                loc: format!("{base_url}{path}"),
                lastmod: None,
            })
            .collect();
        urls.extend(self.outputs.iter().map(|o| SitemapUrl {
            loc: format!("{base_url}{}/", o.card.id),
            lastmod: Some(o.card.reviewed.clone()),
        }));
        let mut cx = tera::Context::new();
        cx.insert("urls", &urls);
        cx.insert("base_url", base_url);
        let sitemap = self.theme.render("sitemap.xml", &cx)?;
        self.write_page("sitemap.xml", sitemap, false)?;
        let robots = self.theme.render("robots.txt", &cx)?;
        self.write_page("robots.txt", robots, false)
    }

    /// `providers.json` and `search-index.json`, and the marker that says the folder is ours.
    pub fn render_machine_files(&mut self) -> anyhow::Result<()> {
        let recipes: Vec<&crate::recipe::Recipe> =
            self.project.recipes.iter().map(|l| &l.recipe).collect();
        let providers = to_json(&search::providers_json(&recipes, &self.base_url))?;
        self.write_page("providers.json", providers, false)?;
        let index = to_json(&search::search_index(
            &recipes,
            &self.config.app.security_labels,
        ))?;
        self.write_page("search-index.json", index, false)?;
        self.files.insert(write::MARKER.to_string());
        Ok(())
    }
}

/// The context every page template starts from.
pub fn base_context(site: &SiteView, root: &str, page: PageMeta) -> tera::Context {
    let mut cx = tera::Context::new();
    cx.insert("site", site);
    cx.insert("root", root);
    cx.insert("page", &page);
    cx
}

/// A page's metadata; the canonical URL is the base URL plus `path`.
pub fn page_meta(
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

fn to_json<T: Serialize>(value: &T) -> anyhow::Result<String> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
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
        let shared: std::sync::Arc<str> = body.into();
        origins.extend(r.links.into_iter().map(|href| LinkOrigin {
            body: shared.clone(),
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
