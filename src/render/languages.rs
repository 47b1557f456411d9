//! The site in every language of `mailbook.yaml`: the default language at the root, each
//! other one under `/CODE/`, built from the same recipes with their translations applied
//! ([`crate::translate::apply`]). Every setting on a translated page comes from the recipe;
//! only prose differs, and a section without a current translation is shown in the default
//! language with a note. Static files and `providers.json` exist once, language-neutral.

use super::catalogue::{Catalogues, Words};
use super::site::SiteBuild;
use crate::config::SiteConfig;
use crate::recipe::LoadedRecipe;
use crate::translate::apply::{self, Fallbacks};
use std::sync::Arc;

/// The language being rendered.
#[derive(Debug, Clone)]
pub struct LangState {
    /// `en`, `ru`.
    pub code: String,
    /// `""` for the default language, `ru/` for the others.
    pub prefix: String,
    /// The recipes as this language shows them (`None`: the project's own, untranslated).
    recipes: Option<Vec<LoadedRecipe>>,
    /// Per recipe, the sections shown in the default language (empty for the default).
    pub fallbacks: Vec<Fallbacks>,
    /// Per recipe, the search words of this language.
    pub keywords: Vec<Vec<String>>,
    /// The sections of `mailbook.yaml` shown in the default language.
    pub site_fallbacks: Fallbacks,
}

impl LangState {
    /// The default language: the project as written.
    pub fn default_language(config: &SiteConfig, _catalogues: &Catalogues) -> LangState {
        LangState {
            code: config.language.clone(),
            prefix: String::new(),
            recipes: None,
            fallbacks: Vec::new(),
            keywords: Vec::new(),
            site_fallbacks: Fallbacks::default(),
        }
    }

    /// The recipes to render.
    pub fn recipes<'a>(&'a self, project: &'a [LoadedRecipe]) -> &'a [LoadedRecipe] {
        self.recipes.as_deref().unwrap_or(project)
    }

    /// The catalogue of this language.
    pub fn words<'a>(&'a self, catalogues: &'a Catalogues) -> Words<'a> {
        Words {
            catalogues,
            lang: &self.code,
        }
    }
}

/// Every language needs a message catalogue: the theme's words would otherwise be missing.
pub fn check_catalogues(
    config: &SiteConfig,
    theme: &super::templates::Theme,
) -> anyhow::Result<()> {
    for lang in std::iter::once(&config.language).chain(&config.languages) {
        anyhow::ensure!(
            theme.catalogues().has(lang),
            "there is no message catalogue for the language `{lang}`: add \
             templates/locales/{lang}.ftl (a copy of the built-in en.ftl, translated)"
        );
    }
    Ok(())
}

/// Every language of the site with its own name, the default first.
pub fn language_names(config: &SiteConfig, catalogues: &Catalogues) -> Vec<(String, String)> {
    std::iter::once(&config.language)
        .chain(&config.languages)
        .map(|l| (l.clone(), catalogues.message(l, "language-name", None)))
        .collect()
}

/// The JavaScript's messages of `lang` as JSON that cannot end its `<script>` element.
pub fn messages_json(catalogues: &Catalogues, lang: &str) -> String {
    serde_json::to_string(&catalogues.js_messages(lang))
        .unwrap_or_else(|_| "{}".to_string())
        .replace("</", "<\\/")
}

impl SiteBuild<'_> {
    /// Render every page of `code` (provider pages, index, requirements, error lookup and
    /// its search index) under `/code/`, after the default language is done.
    pub fn render_language(&mut self, code: &str) -> anyhow::Result<()> {
        use rayon::prelude::*;
        let project = self.project;
        let of: std::collections::HashMap<&std::path::Path, &crate::translate::LoadedTranslation> =
            project
                .translations
                .iter()
                .filter(|t| t.lang == code)
                .map(|t| (t.translates.as_path(), t))
                .collect();
        let site_t = of
            .get(std::path::Path::new(crate::recipe::CONFIG_FILE))
            .and_then(|t| t.site());
        let (config, site_fallbacks) = apply::site(&project.config, site_t);
        let applied: Vec<(LoadedRecipe, Fallbacks, Vec<String>)> = project
            .recipes
            .par_iter()
            .map(|loaded| {
                let t = of
                    .get(loaded.source.path.as_path())
                    .and_then(|t| t.recipe());
                let (recipe, fb) = apply::recipe(&loaded.recipe, t);
                let source = loaded.source.clone();
                let words = t.map(|t| t.keywords.clone()).unwrap_or_default();
                (LoadedRecipe { source, recipe }, fb, words)
            })
            .collect();
        let mut recipes = Vec::with_capacity(applied.len());
        let mut fallbacks = Vec::with_capacity(applied.len());
        let mut keywords = Vec::with_capacity(applied.len());
        for (r, fb, words) in applied {
            recipes.push(r);
            fallbacks.push(fb);
            keywords.push(words);
        }
        self.lang = LangState {
            code: code.to_string(),
            prefix: format!("{code}/"),
            recipes: Some(recipes),
            fallbacks,
            keywords,
            site_fallbacks,
        };
        self.site = super::site::site_view(
            &config,
            &self.base_url,
            self.site.today,
            self.site.alternatives.clone(),
            &self.lang,
            self.theme.catalogues(),
        );
        self.config = std::borrow::Cow::Owned(config);
        let finished: Vec<Arc<super::ProviderOutput>> = std::mem::take(&mut self.outputs);
        self.done.push(finished);
        self.render_provider_pages(&super::BuildCache::default())?;
        self.render_index()?;
        self.render_requirements()?;
        self.render_error_lookup()?;
        self.render_search_index()
    }
}
