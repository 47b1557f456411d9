//! Screenshots: an image path written in a recipe becomes a copy job into the site's
//! `media/` folder and the size written into the page.

use crate::render::markdown::ImageInfo;
use std::path::Path;

/// An image to copy into the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImageCopy {
    /// Absolute path of the source file.
    pub from: std::path::PathBuf,
    /// Path below the site root.
    pub site_path: String,
    /// Width and height in pixels as read from the file (they are written into the page).
    pub size: (usize, usize),
}

/// Resolve an image path written in a recipe (relative to the recipes folder) into a copy
/// job and its size. Paths must stay inside the recipes folder.
pub fn resolve_image(recipes_dir: &Path, src: &str) -> Result<(ImageInfo, ImageCopy), String> {
    let rel = Path::new(src);
    let inside = !src.is_empty()
        && !src.contains('\\')
        && rel
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if src.contains("://") || src.starts_with("data:") {
        return Err(format!(
            "image `{src}` is not a local file: the site makes no request outside itself, so put the image under `recipes/images/`"
        ));
    }
    if !inside {
        return Err(format!(
            "image `{src}` must be a relative path inside the recipes folder, e.g. `images/gmail/step.png`"
        ));
    }
    let from = recipes_dir.join(rel);
    let size = imagesize::size(&from).map_err(|e| match e {
        imagesize::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::NotFound => {
            format!("image `{src}` not found (looked for `recipes/{src}`)")
        }
        other => format!("image `{src}` cannot be read as an image: {other}"),
    })?;
    // Under `media/`, keeping the recipe-relative path, so two sources never share a target.
    let site_path = format!("media/{src}");
    Ok((
        ImageInfo {
            site_path: site_path.clone(),
            width: size.width,
            height: size.height,
        },
        ImageCopy {
            from,
            site_path,
            size: (size.width, size.height),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_must_stay_inside_the_recipes_folder() {
        let dir = Path::new("/nonexistent");
        assert!(
            resolve_image(dir, "../secret.png")
                .unwrap_err()
                .contains("inside")
        );
        assert!(
            resolve_image(dir, "/etc/passwd")
                .unwrap_err()
                .contains("inside")
        );
        assert!(
            resolve_image(dir, "https://x/y.png")
                .unwrap_err()
                .contains("not a local")
        );
        assert!(
            resolve_image(dir, "images/x.png")
                .unwrap_err()
                .contains("not found")
        );
    }
}
