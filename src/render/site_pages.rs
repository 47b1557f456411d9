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
    /// The same page in every language of the site (for `hreflang` and the switcher).
    alternates: Vec<Alternate>,
}

/// The same page in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// Language code (`ru`).
    lang: String,
    /// The language's own name (`Русский`).
    name: String,
    /// Absolute URL.
    url: String,
    /// Path below the site root (`ru/gmail/`); templates prefix it with `assets`.
    path: String,
    /// Whether it is the page itself.
    current: bool,
}

/// A general requirement or input rule on the requirements page.
#[derive(Debug, Clone, Serialize)]
struct Section {
    id: String,
    title: String,
    body: String,
    field: Option<String>,
    /// An input rule's evidence (`seed guide, 2020, unconfirmed`).
    evidence: Option<String>,
    /// False for an input rule nobody confirmed on today's application: shown as
    /// "reported, not confirmed" instead of as fact.
    confirmed: bool,
    /// Set when the section is shown in the default language on a translated page.
    fallback: Option<crate::translate::apply::Fallback>,
}

/// A sitemap entry.
#[derive(Debug, Clone, Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
    /// The same page in every language (`hreflang` alternates), when there are several.
    alternates: Vec<(String, String)>,
}

impl SiteBuild<'_> {
    /// The index: a card per provider.
    pub fn render_index(&mut self) -> anyhow::Result<()> {
        let cards: Vec<&Card> = self.outputs.iter().map(|o| &o.card).collect();
        let (title, description) = (&self.config.title, &self.config.description);
        let mut cx = base_context(
            &self.site,
            "",
            page_meta(&self.site, title, description, "", "index"),
        );
        cx.insert("providers", &cards);
        let html = self.theme.render("index.html", &cx)?;
        self.write_page(&format!("{}index.html", self.site.prefix), html, true)
    }

    /// The general requirements and the admin panel's input rules (Markdown from
    /// `mailbook.yaml`, whose links are checked at their source like a recipe's).
    pub fn render_requirements(&mut self) -> anyhow::Result<()> {
        let words = self.lang.words(self.theme.catalogues());
        let (general, rules, origins) =
            requirements_sections(&self.config, words, &self.lang.site_fallbacks);
        let mut cx = base_context(
            &self.site,
            "../",
            page_meta(
                &self.site,
                &words.get("requirements-title"),
                &words.get("requirements-description"),
                "requirements/",
                "requirements",
            ),
        );
        cx.insert("requirements", &general);
        cx.insert("rules", &rules);
        let html = self.theme.render("requirements.html", &cx)?;
        let page = format!("{}requirements/index.html", self.site.prefix);
        self.write_page(&page, html, true)?;
        self.config_origins.push((page, origins));
        Ok(())
    }

    /// Every known error, grouped by provider (plain HTML); the error lookup runs on top of it
    /// in the browser, on the search index.
    pub fn render_error_lookup(&mut self) -> anyhow::Result<()> {
        let words = self.lang.words(self.theme.catalogues());
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
                &words.get("errors-title"),
                &words.get("errors-description"),
                "errors/",
                "errors",
            ),
        );
        cx.insert("groups", &groups);
        let html = self.theme.render("errors.html", &cx)?;
        self.write_page(
            &format!("{}errors/index.html", self.site.prefix),
            html,
            true,
        )
    }

    /// The 404 page. It is served at any path, so its links are absolute from the site's
    /// path and are not resolved relative to the page (nor checked).
    pub fn render_not_found(&mut self) -> anyhow::Result<()> {
        let cx = base_context(
            &self.site,
            &self.site.base_path,
            page_meta(
                &self.site,
                &self
                    .lang
                    .words(self.theme.catalogues())
                    .get("not-found-title"),
                &self.config.description.clone(),
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
        let languages = &self.site.languages;
        let prefix = |i: usize| {
            if i == 0 {
                String::new()
            } else {
                format!("{}/", languages[i].0)
            }
        };
        let alternates = |path: &str| -> Vec<(String, String)> {
            if languages.len() < 2 {
                return Vec::new();
            }
            (0..languages.len())
                .map(|i| {
                    (
                        languages[i].0.clone(),
                        format!("{base_url}{}{path}", prefix(i)),
                    )
                })
                .collect()
        };
        let mut paths: Vec<(String, Option<String>)> = ["", "requirements/", "errors/"]
            .into_iter()
            .map(|p| (p.to_string(), None))
            .collect();
        paths.extend(
            self.outputs
                .iter()
                .map(|o| (format!("{}/", o.card.id), Some(o.card.reviewed.clone()))),
        );
        let mut urls = Vec::new();
        for i in 0..languages.len() {
            urls.extend(paths.iter().map(|(path, lastmod)| SitemapUrl {
                loc: format!("{base_url}{}{path}", prefix(i)),
                lastmod: lastmod.clone(),
                alternates: alternates(path),
            }));
        }
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
        self.files.insert(write::MARKER.to_string());
        Ok(())
    }

    /// The search index of the language being rendered (`search-index.json`,
    /// `ru/search-index.json`): its own titles, headings and search words.
    pub fn render_search_index(&mut self) -> anyhow::Result<()> {
        let recipes = self.lang.recipes(&self.project.recipes);
        let docs: Vec<(&crate::recipe::Recipe, &[String])> = recipes
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let words = self.lang.keywords.get(i).map_or(&[][..], Vec::as_slice);
                (&l.recipe, words)
            })
            .collect();
        let words = self.lang.words(self.theme.catalogues());
        let labels = &self.config.app.security_labels;
        let index = to_json(&search::search_index(&docs, labels, words))?;
        self.write_page(
            &format!("{}search-index.json", self.site.prefix),
            index,
            false,
        )
    }
}

/// The context every page template starts from.
pub fn base_context(site: &SiteView, root: &str, page: PageMeta) -> tera::Context {
    let mut cx = tera::Context::new();
    // Static files and providers.json are at the site root, once for every language.
    let assets = if site.prefix.is_empty() || root.starts_with('/') {
        root.to_string()
    } else {
        format!("{root}../")
    };
    cx.insert("site", site);
    cx.insert("root", root);
    cx.insert("assets", &assets);
    cx.insert("lang", &site.language);
    cx.insert("messages", &site.messages);
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
    let alternates = if site.languages.len() < 2 || nav == "404" {
        Vec::new()
    } else {
        site.languages
            .iter()
            .enumerate()
            .map(|(i, (lang, name))| {
                let full = if i == 0 {
                    path.to_string()
                } else {
                    format!("{lang}/{path}")
                };
                Alternate {
                    lang: lang.clone(),
                    name: name.clone(),
                    url: format!("{}{full}", site.base_url),
                    path: full,
                    current: *lang == site.language,
                }
            })
            .collect()
    };
    PageMeta {
        title: title.to_string(),
        description: description.to_string(),
        path: path.to_string(),
        canonical: format!("{}{}{}", site.base_url, site.prefix, path),
        nav,
        alternates,
    }
}

fn to_json<T: Serialize>(value: &T) -> anyhow::Result<String> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
}

fn requirements_sections(
    config: &SiteConfig,
    words: super::catalogue::Words<'_>,
    fallbacks: &crate::translate::apply::Fallbacks,
) -> (Vec<Section>, Vec<Section>, Vec<LinkOrigin>) {
    let labels = markdown::callout_labels(words);
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
            labels: Some(&labels),
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
            fallback: fallbacks.get(&format!("general_requirements[{}]", g.id)),
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
            field: Some(words.get(&format!("field-{}", crate::words::word(&r.field)))),
            evidence: Some(r.evidence_line()),
            confirmed: r.confirmed(),
            fallback: fallbacks.get(&format!("app.rules[{}]", r.id)),
        })
        .collect();
    (general, rules, origins)
}
