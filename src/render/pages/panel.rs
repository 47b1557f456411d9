//! What the provider page's script needs to fill in the reader's own address and to check
//! the values typed in the panel: the servers, the user-name rule, the app-password format
//! and the panel's input rules. Written into the page as a JSON data block (never run as a
//! script), so the page stays self-contained and nothing the reader types leaves it.

use crate::config::{SiteConfig, UsernameForm};
use crate::recipe::{AppPasswordFormat, Recipe};
use serde::Serialize;

/// One server, as the check compares it.
#[derive(Debug, Serialize)]
struct PanelServer<'a> {
    host: &'a str,
    port: u16,
    /// `starttls`, `tls` or `none`.
    security: &'static str,
    /// The panel's label for `security`.
    label: &'a str,
    preferred: bool,
}

/// One input rule of the panel.
#[derive(Debug, Serialize)]
struct PanelRule<'a> {
    id: &'a str,
    /// `username`, `password`, `email` or `sender`.
    field: &'static str,
    pattern: &'a str,
    message: &'a str,
    confirmed: bool,
}

/// The whole data block.
#[derive(Debug, Serialize)]
struct PanelData<'a> {
    provider: &'a str,
    domains: &'a [String],
    servers: Vec<PanelServer<'a>>,
    /// The server's user-name template (`{email}`).
    username: Option<&'a str>,
    /// The panel's own user-name form, when a rule gives one.
    username_form: Option<UsernameForm>,
    dots_ignored: bool,
    /// `app_password`, `account_password` or `oauth2_token`.
    password: Option<&'static str>,
    app_password: Option<&'a AppPasswordFormat>,
    rules: Vec<PanelRule<'a>>,
    /// The panel's label of each mode.
    security_labels: &'a crate::config::SecurityLabels,
}

/// The JSON of the data block, safe inside `<script type="application/json">`.
pub fn panel_data(recipe: &Recipe, config: &SiteConfig) -> String {
    let labels = &config.app.security_labels;
    let preferred = recipe.preferred_server();
    let data = PanelData {
        provider: &recipe.id,
        domains: &recipe.domains,
        servers: recipe
            .smtp
            .iter()
            .map(|s| PanelServer {
                host: &s.host,
                port: s.port,
                security: s.security.as_str(),
                label: labels.label(s.security),
                preferred: preferred.is_some_and(|p| std::ptr::eq(p, s)),
            })
            .collect(),
        username: preferred.map(|s| s.username.as_str()),
        username_form: config.app.rules.iter().find_map(|r| r.username),
        dots_ignored: recipe.dots_ignored,
        password: preferred.map(|s| crate::words::word(&s.password)),
        app_password: recipe.requires.app_password_format.as_ref(),
        rules: config
            .app
            .rules
            .iter()
            .map(|r| PanelRule {
                id: &r.id,
                field: crate::words::word(&r.field),
                pattern: &r.pattern,
                message: &r.message,
                confirmed: r.confirmed(),
            })
            .collect(),
        security_labels: labels,
    };
    let json = serde_json::to_string(&data).expect("plain data serializes");
    // `</script>` or `<!--` inside a value must not end the block.
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    #[test]
    fn angle_brackets_cannot_end_the_data_block() {
        let json = serde_json::to_string("</script>")
            .unwrap()
            .replace('<', "\\u003c");
        assert!(!json.contains("</"));
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), "</script>");
    }
}
