//! Step screenshots: inside `recipes/` (no `..`, no absolute path, no symlink out), present,
//! and described.

use super::{Annotate, Found};
use crate::recipe::{RECIPES_DIR, Recipe};
use std::path::{Component, Path};

/// Images stay inside `recipes/` (no `..`, no absolute path, no symlink out), exist, and
/// describe themselves.
pub fn check(r: &Recipe, recipes_dir: &Path, f: &mut Found<'_>) {
    for (i, step) in r.steps.iter().enumerate() {
        let Some(image) = &step.image else { continue };
        let p = format!("steps[{i}].image");
        if image.alt.trim().is_empty() {
            f.error(
                "image-no-alt",
                format!("{p}.alt"),
                "the image has no alt text",
            )
            .help("describe what the screenshot shows, for readers who cannot see it");
        }
        let src = Path::new(&image.src);
        let escapes = image.src.contains('\\')
            || src.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::RootDir | Component::Prefix(_)
                )
            });
        if image.src.trim().is_empty() {
            f.error("empty-value", format!("{p}.src"), "the image path is empty");
            continue;
        }
        if escapes || image.src.contains("://") {
            f.error(
                "image-outside",
                format!("{p}.src"),
                format!("the image path `{}` leaves the recipes folder", image.src),
            )
            .expected(format!(
                "a path inside {RECIPES_DIR}/, e.g. `images/{}/step.png`",
                r.id
            ));
            continue;
        }
        let full = recipes_dir.join(src);
        match (full.canonicalize(), recipes_dir.canonicalize()) {
            (Ok(real), Ok(base)) if real.starts_with(&base) && real.is_file() => {}
            (Ok(real), Ok(base)) if !real.starts_with(&base) => {
                f.error(
                    "image-outside",
                    format!("{p}.src"),
                    format!(
                        "the image `{}` is a link to a file outside the recipes folder",
                        image.src
                    ),
                )
                .help("copy the image into the recipes folder instead of linking to it");
            }
            _ => {
                f.error(
                    "image-missing",
                    format!("{p}.src"),
                    format!("the image `{RECIPES_DIR}/{}` does not exist", image.src),
                )
                .help("image paths are relative to the recipes folder");
            }
        }
    }
}
