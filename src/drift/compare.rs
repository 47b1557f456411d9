//! Field-by-field comparison of a recipe with what a source publishes. Each difference is a
//! [`Finding`]: the recipe field, what the recipe says, what the source says, which source,
//! and (when one value can be swapped for another) the replacement `--suggest` proposes.

use super::autoconfig::{Published, PublishedServer, socket_type};
use crate::recipe::{AuthMechanism, Recipe};

/// One difference between a recipe and a source.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The recipe field, e.g. `smtp[0].port`.
    pub path: String,
    /// What the recipe says.
    pub recipe_says: String,
    /// What the source says.
    pub source_says: String,
    /// The source, e.g. `autoconfig https://autoconfig.example.com/mail/config-v1.1.xml`.
    pub source: String,
    /// Whether the source could not be read (a warning) rather than disagreeing (drift).
    pub unreadable: bool,
    /// The YAML text that would replace the field's value, for `--suggest`.
    #[serde(rename = "proposed", skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
}

impl Finding {
    /// A difference.
    pub fn drift(
        path: impl Into<String>,
        recipe_says: impl Into<String>,
        source_says: impl Into<String>,
        source: &str,
    ) -> Finding {
        Finding {
            path: path.into(),
            recipe_says: recipe_says.into(),
            source_says: source_says.into(),
            source: source.to_string(),
            unreadable: false,
            replacement: None,
        }
    }

    /// A source that could not be read or understood.
    pub fn unreadable(path: impl Into<String>, why: impl Into<String>, source: &str) -> Finding {
        Finding {
            unreadable: true,
            ..Finding::drift(path, "", why, source)
        }
    }

    /// Propose `yaml` as the field's new value.
    pub fn replace_with(mut self, yaml: impl Into<String>) -> Finding {
        self.replacement = Some(yaml.into());
        self
    }
}

/// Compare a parsed autoconfig/ISPDB file with the recipe: its domains and SMTP servers.
pub fn published(recipe: &Recipe, published: &Published, source: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let missing: Vec<&str> = published
        .domains
        .iter()
        .filter(|d| !recipe.domains.contains(d))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        out.push(Finding::drift(
            "domains",
            format!("[{}]", recipe.domains.join(", ")),
            format!(
                "[{}] (not in the recipe: {})",
                published.domains.join(", "),
                missing.join(", ")
            ),
            source,
        ));
    }
    out.extend(servers(recipe, &published.servers, source));
    out
}

/// Compare published SMTP servers with the recipe's `smtp` list.
pub fn servers(recipe: &Recipe, published: &[PublishedServer], source: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut taken = vec![false; recipe.smtp.len()];
    // Exact host and port first, so a recipe documenting 465 and 587 matches both.
    let mut pairs: Vec<(usize, &PublishedServer)> = Vec::new();
    let mut unmatched = Vec::new();
    for p in published {
        match recipe
            .smtp
            .iter()
            .position(|s| s.host.eq_ignore_ascii_case(&p.host) && s.port == p.port)
        {
            Some(i) => {
                taken[i] = true;
                pairs.push((i, p));
            }
            None => unmatched.push(p),
        }
    }
    for p in unmatched {
        let same_host = (0..recipe.smtp.len())
            .find(|&i| !taken[i] && recipe.smtp[i].host.eq_ignore_ascii_case(&p.host));
        match same_host {
            Some(i) => {
                taken[i] = true;
                let s = &recipe.smtp[i];
                out.push(
                    Finding::drift(
                        format!("smtp[{i}].port"),
                        s.port.to_string(),
                        p.port.to_string(),
                        source,
                    )
                    .replace_with(p.port.to_string()),
                );
                pairs.push((i, p));
            }
            None if published.len() == 1 && recipe.smtp.len() == 1 => {
                let s = &recipe.smtp[0];
                out.push(
                    Finding::drift("smtp[0].host", &s.host, &p.host, source)
                        .replace_with(p.host.clone()),
                );
                if s.port != p.port {
                    out.push(
                        Finding::drift(
                            "smtp[0].port",
                            s.port.to_string(),
                            p.port.to_string(),
                            source,
                        )
                        .replace_with(p.port.to_string()),
                    );
                }
                pairs.push((0, p));
            }
            None => out.push(Finding::drift(
                "smtp",
                "no such server",
                format!("{}:{} {}", p.host, p.port, socket_type(p.security)),
                source,
            )),
        }
    }
    pairs.sort_by_key(|(i, _)| *i);
    for (i, p) in pairs {
        out.extend(server_fields(recipe, i, p, source));
    }
    out
}

/// Security, AUTH and user name of one matched server.
fn server_fields(recipe: &Recipe, i: usize, p: &PublishedServer, source: &str) -> Vec<Finding> {
    let s = &recipe.smtp[i];
    let mut out = Vec::new();
    if s.security != p.security {
        out.push(
            Finding::drift(
                format!("smtp[{i}].security"),
                format!("{} ({})", s.security.as_str(), socket_type(s.security)),
                format!("{} ({})", p.security.as_str(), socket_type(p.security)),
                source,
            )
            .replace_with(p.security.as_str()),
        );
    }
    if let Some(auth) = &p.auth
        && !auth.is_empty()
    {
        let password = |m: &AuthMechanism| !m.uses_token();
        let recipe_pw = s.auth.iter().any(password);
        let source_pw = auth.iter().any(password);
        let recipe_token = s.auth.iter().any(|m| m.uses_token());
        let source_token = auth.iter().any(|m| m.uses_token());
        // Autoconfig names kinds of sign-in, not mechanisms: compare the kinds.
        if recipe_pw != source_pw || (source_token && !recipe_token) {
            out.push(Finding::drift(
                format!("smtp[{i}].auth"),
                mechanism_list(&s.auth),
                mechanism_list(auth),
                source,
            ));
        }
    }
    if let Some(user) = &p.username
        && user != &s.username
    {
        out.push(
            Finding::drift(format!("smtp[{i}].username"), &s.username, user, source)
                .replace_with(format!("\"{user}\"")),
        );
    }
    out
}

/// `[PLAIN, LOGIN]`, as written in recipes.
pub fn mechanism_list(mechs: &[AuthMechanism]) -> String {
    let names: Vec<&str> = mechs.iter().map(|m| m.smtp_name()).collect();
    format!("[{}]", names.join(", "))
}
