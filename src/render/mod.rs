//! Rendering the help center: markdown, templates, pages, search index, link check, atomic write.

use crate::diagnostic::Diagnostics;
use crate::recipe::Project;
use std::path::PathBuf;

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
}

/// Build the site. Recipe problems come back as a [`Diagnostics`] error (downcast it from the
/// `anyhow::Error`); the previous output is left untouched on any error.
pub fn build(options: &BuildOptions) -> anyhow::Result<BuildSummary> {
    // Placeholder renderer until the real theme lands: one page per recipe.
    let project = Project::load(&options.root)?;
    let problems = crate::recipe::validate(&project);
    if problems.iter().any(|d| d.is_error()) {
        return Err(Diagnostics(problems).into());
    }
    std::fs::create_dir_all(&options.out)?;
    let mut index = String::from("<!doctype html><title>mailbook</title><ul>");
    for loaded in &project.recipes {
        let r = &loaded.recipe;
        let dir = options.out.join(&r.id);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(
            dir.join("index.html"),
            format!(
                "<!doctype html><title>{}</title><h1>{}</h1><p>{}</p>",
                r.name, r.name, r.summary
            ),
        )?;
        index.push_str(&format!("<li><a href=\"{}/\">{}</a></li>", r.id, r.name));
    }
    index.push_str("</ul>");
    std::fs::write(options.out.join("index.html"), index)?;
    Ok(BuildSummary {
        pages: project.recipes.len() + 1,
        files: project.recipes.len() + 1,
    })
}
