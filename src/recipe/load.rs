//! Loading `mailbook.yaml` and `recipes/*.yaml` into typed values, keeping each file's text
//! so that any later problem can be shown with its line.
//!
//! Hostile or broken files are expected: every file is read safely ([`super::read`]: size
//! checked from the metadata, bounded, UTF-8) and parsed under serde-saphyr's budgets
//! ([`super::parse`], errors in the writer's words by [`super::yaml_error`]), so no input
//! makes `check` panic, hang or run out of memory. Every problem of every file is collected;
//! one bad file never hides another.

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::recipe::Recipe;
use crate::recipe::parse::parse_source;
use crate::recipe::read::{is_hidden_or_backup, read_source};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The name of the site configuration file at the project root.
pub const CONFIG_FILE: &str = "mailbook.yaml";
/// The folder holding the recipes, relative to the project root.
pub const RECIPES_DIR: &str = "recipes";
/// The largest file `mailbook` reads: a real recipe is a few kilobytes, so anything bigger
/// is a mistake (or an attack) and is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A file's path (as shown to the user) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the project root, e.g. `recipes/gmail.yaml`.
    pub path: PathBuf,
    /// The file's full text.
    pub text: String,
}

/// A recipe with the file it came from.
#[derive(Debug, Clone)]
pub struct LoadedRecipe {
    /// The file.
    pub source: SourceFile,
    /// The parsed recipe.
    pub recipe: Recipe,
}

/// Everything a command reads: the site configuration and every recipe, sorted by id.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project root (the folder holding `mailbook.yaml`).
    pub root: PathBuf,
    /// `mailbook.yaml`.
    pub config_source: SourceFile,
    /// The parsed site configuration.
    pub config: SiteConfig,
    /// Every recipe, sorted by file name.
    pub recipes: Vec<LoadedRecipe>,
    /// Every translation file, sorted by path.
    pub translations: Vec<crate::translate::LoadedTranslation>,
}

/// What [`load_all`] could read: whatever parsed, plus a diagnostic for everything that did
/// not. `check` validates the parts that loaded, so one broken file hides nothing else.
#[derive(Debug, Clone)]
pub struct LoadOutcome {
    /// The project root.
    pub root: PathBuf,
    /// `mailbook.yaml` and its parsed value, when it loaded.
    pub config: Option<(SourceFile, SiteConfig)>,
    /// Every recipe that loaded, sorted by file name.
    pub recipes: Vec<LoadedRecipe>,
    /// Every translation file that loaded, sorted by path.
    pub translations: Vec<crate::translate::LoadedTranslation>,
    /// Every problem met while reading and parsing, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    /// Load the configuration and every recipe under `root`, reporting every problem found.
    pub fn load(root: &Path) -> Result<Project, Diagnostics> {
        Project::load_reusing(root, &[])
    }

    /// [`Project::load`] for a session that loads the same project again and again
    /// (`mailbook serve`): a recipe whose file has the same path and byte-identical text as
    /// one in `previous` is taken from there instead of being parsed again. Parsing depends
    /// on nothing but the path and the text, so the result is the same either way.
    pub fn load_reusing(root: &Path, previous: &[LoadedRecipe]) -> Result<Project, Diagnostics> {
        let outcome = load_all_reusing(root, previous);
        match outcome.config {
            Some((config_source, config)) if outcome.diagnostics.is_empty() => Ok(Project {
                root: root.to_path_buf(),
                config_source,
                config,
                recipes: outcome.recipes,
                translations: outcome.translations,
            }),
            _ => Err(Diagnostics(outcome.diagnostics)),
        }
    }
}

/// Read and parse `mailbook.yaml` and every recipe, in parallel, collecting every problem.
pub fn load_all(root: &Path) -> LoadOutcome {
    load_all_reusing(root, &[])
}

/// [`load_all`], reusing the recipes of `previous` whose text is unchanged (see
/// [`Project::load_reusing`]).
pub(crate) fn load_all_reusing(root: &Path, previous: &[LoadedRecipe]) -> LoadOutcome {
    let mut diagnostics = Vec::new();
    let config = match load_file::<SiteConfig>(root, Path::new(CONFIG_FILE)) {
        Ok(c) => Some(c),
        Err(mut d) => {
            diagnostics.append(&mut d);
            None
        }
    };
    let mut recipes = Vec::new();
    match recipe_paths(root) {
        Ok(paths) => {
            let previous: HashMap<&Path, &LoadedRecipe> = previous
                .iter()
                .map(|l| (l.source.path.as_path(), l))
                .collect();
            for result in parse_in_parallel(root, &paths, &previous) {
                match result {
                    Ok((source, recipe)) => recipes.push(LoadedRecipe { source, recipe }),
                    Err(mut d) => diagnostics.append(&mut d),
                }
            }
        }
        Err(d) => diagnostics.push(*d),
    }
    let (translations, problems) = crate::translate::load_translations(root);
    diagnostics.extend(problems);
    LoadOutcome {
        root: root.to_path_buf(),
        config,
        recipes,
        translations,
        diagnostics,
    }
}

type Parsed = Result<(SourceFile, Recipe), Vec<Diagnostic>>;

/// Parse the recipes on every core; results keep the order of `paths`. A recipe whose text
/// equals its entry in `previous` is cloned from there instead.
fn parse_in_parallel(
    root: &Path,
    paths: &[PathBuf],
    previous: &HashMap<&Path, &LoadedRecipe>,
) -> Vec<Parsed> {
    let load = |path: &PathBuf| -> Parsed {
        let source = read_source(root, path).map_err(|d| vec![*d])?;
        match previous.get(path.as_path()) {
            Some(old) if old.source.text == source.text => Ok((source, old.recipe.clone())),
            _ => parse_source(source),
        }
    };
    use rayon::prelude::*;
    paths
        .par_iter()
        .map(|p| {
            // A parse never panics; if it ever did, say so instead of aborting the run.
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| load(p))).unwrap_or_else(
                |_| {
                    Err(vec![
                        Diagnostic::error(
                            p,
                            "internal error while reading this recipe (please report this)",
                        )
                        .code("internal"),
                    ])
                },
            )
        })
        .collect()
}

/// The recipe files under `root/recipes`, relative to `root`, sorted.
fn recipe_paths(root: &Path) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let dir = root.join(RECIPES_DIR);
    let entries = std::fs::read_dir(&dir).map_err(|e| {
        Diagnostic::error(RECIPES_DIR, format!("cannot read the recipes folder: {e}"))
            .code("unreadable")
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| !is_hidden_or_backup(p))
        .filter(|p| !p.is_dir() && p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .filter_map(|p| p.strip_prefix(root).ok().map(Path::to_path_buf))
        .collect();
    paths.sort();
    Ok(paths)
}

/// Read, check and parse one file.
fn load_file<T: DeserializeOwned>(
    root: &Path,
    path: &Path,
) -> Result<(SourceFile, T), Vec<Diagnostic>> {
    let source = read_source(root, path).map_err(|d| vec![*d])?;
    parse_source(source)
}
