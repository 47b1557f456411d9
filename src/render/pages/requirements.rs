//! The "before you start" list of a provider page.

use crate::config::SiteConfig;
use crate::recipe::Recipe;
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
pub fn requirements_view(recipe: &Recipe, config: &SiteConfig) -> Vec<RequirementView> {
    let mut requirements = Vec::new();
    let r = &recipe.requires;
    let security = |text: &str| RequirementView {
        text: text.into(),
        link: recipe.links.security.clone(),
        link_text: Some("Security settings".into()),
    };
    match r.two_step_verification {
        Some(true) => requirements.push(security("2-step verification must be turned on.")),
        Some(false) => requirements.push(security("2-step verification must be turned off.")),
        None => {}
    }
    if r.app_password {
        requirements.push(RequirementView {
            text: "An app password: your normal password is refused for sending from other applications.".into(),
            link: recipe.links.app_passwords.clone(),
            link_text: Some("App passwords".into()),
        });
    }
    if r.oauth2_only {
        requirements.push(RequirementView {
            text: format!(
                "Only OAuth2 sign-in is accepted: no password works, so the {} form cannot use this mailbox.",
                config.app.name
            ),
            link: None,
            link_text: None,
        });
    }
    for toggle in &r.enable {
        requirements.push(RequirementView {
            text: format!("Turn on “{}” in the mailbox settings.", toggle.setting),
            link: toggle.link.clone(),
            link_text: toggle.link.as_ref().map(|_| "Open the setting".to_string()),
        });
    }
    requirements
}
