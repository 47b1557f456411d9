//! Names the site itself uses: recipe ids that would collide with the site's own pages, and
//! the anchors of a provider page's sections, with which sections a recipe renders.

use super::{Annotate, Found};
use crate::recipe::Recipe;

/// Recipe ids the site uses for its own pages and folders (`errors/`, `static/`, …).
pub const RESERVED_IDS: &[&str] = &["requirements", "errors", "static", "media", "404.html"];

/// Anchors of the sections of a provider page, so recipes may link to them
/// (`[settings](#settings)`) and the build must render them with these ids. Each section's
/// heading has the id `<section>-title`.
pub const PAGE_ANCHORS: &[&str] = &[
    "settings",
    "alternatives",
    "check",
    "requirements",
    "steps",
    "form",
    "notes",
    "troubleshooting",
    "limits",
    "changelog",
    "sources",
];

/// The sections of [`PAGE_ANCHORS`] that the page of `r` renders: the ones whose content is
/// optional are only there when the recipe has that content, so only those may be linked.
pub fn rendered_sections(r: &Recipe) -> Vec<&'static str> {
    let q = &r.requires;
    let has_requirements = q.two_step_verification.is_some()
        || q.app_password
        || q.oauth2_only
        || !q.enable.is_empty();
    PAGE_ANCHORS
        .iter()
        .copied()
        .filter(|s| match *s {
            // A broken provider's page offers other providers instead of the form.
            "alternatives" => r.status == crate::recipe::Status::Broken,
            "form" | "check" => r.status != crate::recipe::Status::Broken,
            "requirements" => has_requirements,
            "steps" => !r.steps.is_empty(),
            "notes" => !r.notes.is_empty(),
            "troubleshooting" => !r.troubleshooting.is_empty(),
            "limits" => r.limits.is_some(),
            "changelog" => !r.changelog.is_empty(),
            _ => true,
        })
        .collect()
}

/// Whether `id` is taken on every provider page: a section or its heading.
pub fn is_page_anchor(id: &str) -> bool {
    PAGE_ANCHORS.contains(&id)
        || id
            .strip_suffix("-title")
            .is_some_and(|s| PAGE_ANCHORS.contains(&s))
}

/// A recipe id must not be one the site uses itself.
pub fn check(r: &Recipe, f: &mut Found<'_>) {
    if RESERVED_IDS.contains(&r.id.as_str()) {
        f.error(
            "reserved-id",
            "id",
            format!("the id `{}` is used by the site itself", r.id),
        )
        .help(format!(
            "choose another id; reserved: {}",
            RESERVED_IDS.join(", ")
        ));
    }
}
