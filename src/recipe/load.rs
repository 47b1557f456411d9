//! Reading `mailbook.yaml` and `recipes/*.yaml` into typed values, keeping each file's text
//! so that any later problem can be shown with its line.

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::recipe::Recipe;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// The name of the site configuration file at the project root.
pub const CONFIG_FILE: &str = "mailbook.yaml";
/// The folder holding the recipes, relative to the project root.
pub const RECIPES_DIR: &str = "recipes";

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
}

impl Project {
    /// Load the configuration and every recipe under `root`, reporting every problem found.
    pub fn load(root: &Path) -> Result<Project, Diagnostics> {
        let mut diagnostics = Vec::new();
        let config = read_source(root, Path::new(CONFIG_FILE))
            .and_then(|source| parse::<SiteConfig>(&source).map(|c| (source, c)));
        let config = match config {
            Ok(c) => Some(c),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        };
        let mut recipes = Vec::new();
        match recipe_paths(root) {
            Ok(paths) => {
                for path in paths {
                    match read_source(root, &path)
                        .and_then(|source| parse::<Recipe>(&source).map(|r| (source, r)))
                    {
                        Ok((source, recipe)) => recipes.push(LoadedRecipe { source, recipe }),
                        Err(d) => diagnostics.push(d),
                    }
                }
            }
            Err(d) => diagnostics.push(d),
        }
        match config {
            Some((config_source, config)) if diagnostics.is_empty() => Ok(Project {
                root: root.to_path_buf(),
                config_source,
                config,
                recipes,
            }),
            _ => Err(Diagnostics(diagnostics)),
        }
    }
}

/// The recipe files under `root/recipes`, relative to `root`, sorted.
fn recipe_paths(root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let dir = root.join(RECIPES_DIR);
    let entries = std::fs::read_dir(&dir).map_err(|e| {
        Diagnostic::error(RECIPES_DIR, format!("cannot read the recipes folder: {e}"))
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .filter_map(|p| p.strip_prefix(root).ok().map(Path::to_path_buf))
        .collect();
    paths.sort();
    Ok(paths)
}

fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(root.join(path))
        .map_err(|e| Diagnostic::error(path, format!("cannot read file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(
            path,
            format!(
                "file is not valid UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    Ok(SourceFile {
        path: path.to_path_buf(),
        text,
    })
}

fn parse<T: DeserializeOwned>(source: &SourceFile) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(&source.text).map_err(|e| {
        let opts = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
        let mut d = Diagnostic::error(&source.path, e.render_with_options(opts));
        if let Some(loc) = e.location() {
            d = d.at(loc.line(), loc.column());
        }
        d
    })
}
