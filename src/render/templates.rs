//! The theme: tera templates and static files.
//!
//! The default theme lives in the repository's `templates/` folder and is embedded in the
//! binary under the reserved prefix [`BUILTIN_PREFIX`]. A project's own `templates/` folder
//! (or `--templates DIR`) overrides any template or static file by name: tera's fallback
//! prefixes look up `page.html` first and `__mailbook/page.html` second, for `render`,
//! `{% extends %}` and `{% include %}` alike. Building the mailbook repository itself
//! "overrides" the theme with identical files, which is harmless by construction.

use anyhow::Context as _;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;
use tera::{Context, Tera};

/// Prefix of the embedded default templates; a local template of the same name (without
/// the prefix) wins.
pub const BUILTIN_PREFIX: &str = "__mailbook/";

macro_rules! theme_templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name)))),*]
    };
}

macro_rules! theme_statics {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../templates/", $name)) as &[u8])),*]
    };
}

/// The embedded default templates, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = theme_templates![
    "base.html",
    "index.html",
    "provider.html",
    "requirements.html",
    "errors.html",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "feed.xml",
    "partials/badges.html",
    "partials/quick-settings.html",
    "partials/provider-requirements.html",
    "partials/steps.html",
    "partials/form-preview.html",
    "partials/check-values.html",
    "partials/callouts.html",
    "partials/troubleshooting.html",
    "partials/limits.html",
    "partials/changelog.html",
    "partials/sources.html",
    "partials/evidence.html",
    "partials/ticket-reply.html",
];

/// The embedded static files, by path below the site root. `static/vendor/minisearch.js` is
/// MiniSearch 7.2.0 from npm (`dist/umd/index.js`, MIT, license next to it) with only its
/// `sourceMappingURL` comment removed, so no browser asks for a map the site does not have.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = theme_statics![
    "static/style.css",
    "static/site.js",
    "static/search.js",
    "static/lookup.js",
    "static/values.js",
    "static/noscript.css",
    "static/favicon.svg",
    "static/ticket.js",
    "static/vendor/minisearch.js",
    "static/vendor/minisearch.LICENSE.txt",
];

/// Which files of an override folder are templates (the rest of `static/` is copied as is).
fn is_template_name(name: &str) -> bool {
    !name.starts_with("static/")
        && (name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt"))
}

/// A ready theme: one tera instance (shared by every rendering thread) and the static files.
pub struct Theme {
    tera: Tera,
    /// The message catalogues (`locales/LANG.ftl`), shared with the `t()` function.
    catalogues: std::sync::Arc<super::catalogue::Catalogues>,
    statics: BTreeMap<String, Cow<'static, [u8]>>,
    /// Every file taken from the override folder (name, content), in name order.
    overrides: Vec<(String, Vec<u8>)>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("statics", &self.statics.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Theme {
    /// The embedded theme, overridden by the templates and `static/` files found in
    /// `overrides` (if given).
    pub fn load(overrides: Option<&Path>) -> anyhow::Result<Theme> {
        let mut tera = Tera::new();
        tera.set_fallback_prefixes([BUILTIN_PREFIX])
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        // Templates are checked for the functions they call when added: `t` comes first, its
        // catalogues once the override folder has been read.
        let shared: Shared = Default::default();
        register_t(&mut tera, shared.clone());
        tera.add_raw_templates(
            DEFAULT_TEMPLATES
                .iter()
                .map(|(name, text)| (format!("{BUILTIN_PREFIX}{name}"), *text)),
        )
        .map_err(|e| anyhow::anyhow!("the built-in theme does not compile: {e}"))?;
        let mut statics: BTreeMap<String, Cow<'static, [u8]>> = DEFAULT_STATIC
            .iter()
            .map(|(name, bytes)| ((*name).to_string(), Cow::Borrowed(*bytes)))
            .collect();

        let mut used = Vec::new();
        let mut locales: BTreeMap<String, String> = super::catalogue::DEFAULT_CATALOGUES
            .iter()
            .map(|(l, t)| ((*l).to_string(), (*t).to_string()))
            .collect();
        if let Some(dir) = overrides {
            let mut local = Vec::new();
            for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
                let entry = entry.with_context(|| format!("reading `{}`", dir.display()))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry
                    .path()
                    .strip_prefix(dir)
                    .expect("walkdir yields paths below its root");
                let name = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if name.starts_with('.') || name.contains("/.") {
                    continue;
                }
                let bytes = std::fs::read(entry.path())
                    .with_context(|| format!("reading `{}`", entry.path().display()))?;
                let catalogue = name
                    .strip_prefix("locales/")
                    .and_then(|n| n.strip_suffix(".ftl"))
                    .filter(|n| !n.contains('/'));
                if is_template_name(&name) || name.starts_with("static/") || catalogue.is_some() {
                    used.push((name.clone(), bytes.clone()));
                }
                if let Some(lang) = catalogue {
                    let text = String::from_utf8(bytes).map_err(|_| {
                        anyhow::anyhow!("`{}` is not valid UTF-8", entry.path().display())
                    })?;
                    locales.insert(lang.to_string(), text);
                } else if is_template_name(&name) {
                    let text = String::from_utf8(bytes).map_err(|_| {
                        anyhow::anyhow!("template `{}` is not valid UTF-8", entry.path().display())
                    })?;
                    local.push((name, text));
                } else if name.starts_with("static/") {
                    statics.insert(name, Cow::Owned(bytes));
                }
            }
            // One batch, so inheritance between local templates resolves regardless of order.
            tera.add_raw_templates(local.iter().map(|(n, t)| (n.as_str(), t.as_str())))
                .map_err(|e| {
                    anyhow::anyhow!("a template in `{}` does not compile:\n{e}", dir.display())
                })?;
        }
        let catalogues = std::sync::Arc::new(super::catalogue::Catalogues::new(&locales, "en")?);
        let _ = shared.set(catalogues.clone());
        Ok(Theme {
            tera,
            catalogues,
            statics,
            overrides: used,
        })
    }

    /// The message catalogues.
    pub fn catalogues(&self) -> &super::catalogue::Catalogues {
        &self.catalogues
    }

    /// The files taken from the override folder (name and content, in name order). With the
    /// theme embedded in the binary they determine every template and static file, so two
    /// themes with equal override files render alike.
    pub fn override_files(&self) -> &[(String, Vec<u8>)] {
        &self.overrides
    }

    /// Render a template (a page or a partial) with a context.
    pub fn render(&self, name: &str, context: &Context) -> anyhow::Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| anyhow::anyhow!("rendering template `{name}` failed:\n{e}"))
    }

    /// Render a template with any serialisable value as its context.
    pub fn render_value<T: serde::Serialize>(
        &self,
        name: &str,
        value: &T,
    ) -> anyhow::Result<String> {
        let context = Context::from_serialize(value)
            .map_err(|e| anyhow::anyhow!("building the context of `{name}`: {e}"))?;
        self.render(name, &context)
    }

    /// The static files (path below the site root → bytes), in path order.
    pub fn statics(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.statics.iter().map(|(k, v)| (k.as_str(), v.as_ref()))
    }
}

/// `t(key="nav-providers")`, `t(key="verified-days-ago", count=3)`: the message `key` of
/// the page's language (the context's `lang`) from the catalogues, with every other
/// argument as a Fluent variable. The catalogue is the theme's own HTML (a message may hold
/// a link), so the result is not escaped again; the arguments are escaped here.
struct Translate(Shared);

impl tera::Function<tera::TeraResult<String>> for Translate {
    fn call(&self, kwargs: tera::Kwargs, state: &tera::State<'_>) -> tera::TeraResult<String> {
        let key: String = kwargs.must_get::<String>("key")?;
        let lang = state
            .get::<String>("lang")?
            .unwrap_or_else(|| "en".to_string());
        let mut args = fluent_bundle::FluentArgs::new();
        for (name, value) in kwargs.iter() {
            // `html` is accepted for templates written when it marked link-holding messages.
            let Some(name) = name.as_str().filter(|n| *n != "key" && *n != "html") else {
                continue;
            };
            if let Some(n) = value.as_i64() {
                args.set(name.to_string(), n);
            } else if let Some(n) = value.as_f64() {
                args.set(name.to_string(), n);
            } else {
                let text = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_string);
                let mut buf = Vec::new();
                let _ = tera::escape_html(&text, &mut buf);
                args.set(name.to_string(), String::from_utf8(buf).unwrap_or_default());
            }
        }
        let catalogues = self
            .0
            .get()
            .ok_or_else(|| tera::Error::message("the message catalogues are not loaded"))?;
        Ok(catalogues.message(&lang, &key, Some(&args)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

type Shared = std::sync::Arc<std::sync::OnceLock<std::sync::Arc<super::catalogue::Catalogues>>>;

fn register_t(tera: &mut Tera, catalogues: Shared) {
    tera.register_function("t", Translate(catalogues));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_template_overrides_builtin_by_name_and_extends_reach_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("robots.txt"), "LOCAL {{ base_url }}").unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        std::fs::write(dir.path().join("static/extra.css"), "a{}").unwrap();
        let theme = Theme::load(Some(dir.path())).unwrap();
        let mut cx = Context::new();
        cx.insert("base_url", "https://x/");
        assert_eq!(theme.render("robots.txt", &cx).unwrap(), "LOCAL https://x/");
        assert!(theme.statics().any(|(n, _)| n == "static/extra.css"));
        assert!(theme.statics().any(|(n, _)| n == "static/site.js"));
    }

    #[test]
    fn the_repository_theme_overriding_itself_compiles() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        Theme::load(Some(&dir)).unwrap();
    }

    #[test]
    fn broken_local_template_is_reported_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "{% if x %}oops").unwrap();
        let err = Theme::load(Some(dir.path())).unwrap_err().to_string();
        assert!(err.contains("index.html"), "{err}");
    }
}
