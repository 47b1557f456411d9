//! The "before you start" list of a provider page.

use crate::config::SiteConfig;
use crate::recipe::Recipe;
use crate::render::catalogue::Words;
use serde::Serialize;

/// A requirement line on a provider page.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementView {
    /// The text (plain).
    pub text: String,
    /// Where to do it (absolute URL).
    pub link: Option<String>,
    /// Link label.
    pub link_text: Option<String>,
}

/// What must be done at the provider before the form can work, in a fixed order: 2-step
/// verification, an app password, OAuth2-only, then each setting to turn on.
pub fn requirements_view(
    recipe: &Recipe,
    config: &SiteConfig,
    words: Words<'_>,
) -> Vec<RequirementView> {
    let mut requirements = Vec::new();
    let r = &recipe.requires;
    let security = |key: &str| RequirementView {
        text: words.get(key),
        link: recipe.links.security.as_ref().map(ToString::to_string),
        link_text: Some(words.get("link-security-settings")),
    };
    match r.two_step_verification {
        Some(true) => requirements.push(security("requirement-2sv-on")),
        Some(false) => requirements.push(security("requirement-2sv-off")),
        None => {}
    }
    if r.app_password {
        requirements.push(RequirementView {
            text: words.get("requirement-app-password"),
            link: recipe.links.app_passwords.as_ref().map(ToString::to_string),
            link_text: Some(words.get("link-app-passwords")),
        });
    }
    if r.oauth2_only {
        requirements.push(RequirementView {
            text: words.with("requirement-oauth2-only", &[("app", &config.app.name)]),
            link: None,
            link_text: None,
        });
    }
    for toggle in &r.enable {
        requirements.push(RequirementView {
            text: words.with("requirement-enable", &[("setting", &toggle.setting)]),
            link: toggle.link.as_ref().map(ToString::to_string),
            link_text: toggle.link.as_ref().map(|_| words.get("link-open-setting")),
        });
    }
    requirements
}
