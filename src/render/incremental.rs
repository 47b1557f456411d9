//! What a long-running session (`mailbook serve`) keeps from its last good build, so that a
//! rebuild after saving one recipe redoes only what that save can change.
//!
//! # The invalidation rule (the only one)
//!
//! A rebuild starts from the last *successful* build, and reuses:
//!
//! 1. **a parsed recipe** when its file has the same path and byte-identical text (parsing
//!    depends on nothing else; see [`Project::load_reusing`]);
//! 2. **a provider page** (its HTML file, hard-linked from the previous output folder, and
//!    what rendering it produced: index card, ids and links, images) when
//!    - its recipe file has the same path and byte-identical text, and
//!    - the [`SharedInputs`] of every provider page are equal: project folder, the text of
//!      `mailbook.yaml`, the base URL, the files of the template override folder and the
//!      text of the verification report, and
//!    - for a `broken` provider's page, the providers it offers instead are the same
//!      ([`super::pages::alternatives`], the one thing a page shows of other recipes), and
//!    - every image the page shows still has the size written into the page, and
//!    - the previous HTML file can be hard-linked (else the page is simply rendered).
//!
//! That a provider page depends on nothing else is a property of [`super::provider::render_provider`]:
//! its template context is the recipe's own view, the site view and the page metadata. A
//! change that lets a provider page show anything of another recipe must extend this rule
//! (as the alternatives did).
//!
//! Everything else is redone on every build, because it is cheap or spans all recipes:
//! loading and validating the whole project (cross-file rules, warnings), the index,
//! `search-index.json`, `providers.json`, the sitemap and the other site pages, copying
//! images and static files, and the link and anchor check over every page. The cache is
//! replaced only after a build succeeded and was committed, so a failed build never leaves
//! it pointing at a folder that was thrown away. A full build is the same code with an empty
//! cache, so the two cannot drift apart (`tests/build.rs` compares them byte for byte).

use super::{ProviderOutput, write::Staging};
use crate::recipe::{LoadedRecipe, Project};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a session keeps between builds; start with `BuildCache::default()` and pass the same
/// value to every [`super::build_incremental`] call.
#[derive(Debug, Default)]
pub struct BuildCache {
    previous: Option<Previous>,
}

/// The last successful build.
#[derive(Debug)]
struct Previous {
    /// What every provider page of that build depended on.
    inputs: SharedInputs,
    /// The folder it was committed to.
    out: PathBuf,
    /// Its recipes, in load order.
    recipes: Vec<LoadedRecipe>,
    /// `pages[i]` is what rendering `recipes[i]` produced.
    pages: Vec<Arc<ProviderOutput>>,
}

/// Everything a provider page depends on besides its own recipe and its images.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SharedInputs {
    /// The project folder (images are resolved below it).
    pub root: PathBuf,
    /// The text of `mailbook.yaml`.
    pub config: String,
    /// The base URL in effect.
    pub base_url: String,
    /// The files of the template override folder (name, content).
    pub theme: Vec<(String, Vec<u8>)>,
    /// The text of the verification report, when one is given.
    pub verification: Option<String>,
    /// The day the site is built for (announced changes switch on it).
    pub today: jiff::civil::Date,
    /// What a broken provider's page offers instead: drawn from every recipe, so only the
    /// pages of broken providers depend on it (not part of the equality of the rest).
    pub alternatives: Vec<super::pages::Alternative>,
}

impl SharedInputs {
    /// Equal in everything every provider page depends on.
    fn same_for_every_page(&self, other: &SharedInputs) -> bool {
        self.root == other.root
            && self.config == other.config
            && self.base_url == other.base_url
            && self.theme == other.theme
            && self.verification == other.verification
            && self.today == other.today
    }
}

/// The pages of the previous build that this build may reuse.
pub(super) struct Reusable<'a> {
    previous: &'a Previous,
    /// Recipe path → index in `previous.recipes`.
    by_path: HashMap<&'a Path, usize>,
    /// The alternatives differ, so no broken provider's page can be reused.
    alternatives_changed: bool,
}

impl BuildCache {
    /// The recipes of the last good build, for [`Project::load_reusing`].
    pub(super) fn recipes(&self) -> &[LoadedRecipe] {
        self.previous.as_ref().map_or(&[], |p| &p.recipes)
    }

    /// The previous pages, when their shared inputs equal this build's.
    pub(super) fn reusable(&self, inputs: &SharedInputs) -> Option<Reusable<'_>> {
        let previous = self
            .previous
            .as_ref()
            .filter(|p| p.inputs.same_for_every_page(inputs))?;
        let by_path = previous
            .recipes
            .iter()
            .enumerate()
            .map(|(i, l)| (l.source.path.as_path(), i))
            .collect();
        Some(Reusable {
            previous,
            by_path,
            alternatives_changed: previous.inputs.alternatives != inputs.alternatives,
        })
    }

    /// Remember a build that succeeded and was committed to `out`.
    pub(super) fn store(
        &mut self,
        inputs: SharedInputs,
        out: &Path,
        project: Project,
        pages: Vec<Arc<ProviderOutput>>,
    ) {
        self.previous = Some(Previous {
            inputs,
            out: out.to_path_buf(),
            recipes: project.recipes,
            pages,
        });
    }
}

impl Reusable<'_> {
    /// The previous page of `loaded`, linked into `staging`, if the rule above allows it.
    pub(super) fn reuse(
        &self,
        loaded: &LoadedRecipe,
        staging: &Staging,
    ) -> Option<Arc<ProviderOutput>> {
        if self.alternatives_changed && loaded.recipe.status == crate::recipe::Status::Broken {
            return None;
        }
        let &i = self.by_path.get(loaded.source.path.as_path())?;
        if self.previous.recipes[i].source.text != loaded.source.text {
            return None;
        }
        let page = &self.previous.pages[i];
        let images_unchanged = page.images.iter().all(|image| {
            imagesize::size(&image.from).is_ok_and(|s| (s.width, s.height) == image.size)
        });
        if !images_unchanged {
            return None;
        }
        let rel = &page.links.page;
        staging.link(&self.previous.out.join(rel), rel).ok()?;
        Some(Arc::clone(page))
    }
}
