//! Machine-readable outputs: `search-index.json` (what the in-browser search and the error
//! lookup load) and `providers.json` (domain → SMTP settings, for the admin panel to pre-fill
//! its form; documented in `docs/providers-json.md`).
//!
//! Both are serialised from `BTreeMap`s and ordered vectors so that two builds are identical.

use crate::config::SecurityLabels;
use crate::recipe::{Recipe, Security};
use serde::Serialize;
use std::collections::BTreeMap;

/// Version of the `providers.json` format; bumped only on incompatible changes.
pub const PROVIDERS_JSON_VERSION: u32 = 1;

/// One searchable document.
#[derive(Debug, Clone, Serialize)]
pub struct SearchDoc {
    /// Unique number (MiniSearch needs an id field).
    pub id: usize,
    /// `provider`, `error` or `page`.
    pub kind: &'static str,
    /// Result title.
    pub title: String,
    /// URL relative to the site root.
    pub url: String,
    /// Provider display name (for `error` documents) or empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub provider: String,
    /// Other names, space-separated.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub aliases: String,
    /// Email domains, space-separated.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub domains: String,
    /// SMTP host names, space-separated.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hosts: String,
    /// Section and step headings, troubleshooting symptoms.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub headings: String,
    /// SMTP reply codes and enhanced codes, space-separated.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub codes: String,
    /// The settings in the words merchants search for: ports, modes (`starttls`, `ssl`, the
    /// panel's labels), the password kind (`app password`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub settings: String,
    /// The servers in one line, shown under a result found by its settings
    /// (`smtp.gmail.com: port 587, Transport Layer Security (TLS) · …`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ports: String,
    /// A one-line excerpt shown under the result.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// For `error` documents: the match criteria (the error lookup applies them in the browser).
    #[serde(skip_serializing_if = "Option::is_none", rename = "match")]
    pub matches: Option<MatchDoc>,
}

/// A troubleshooting entry's match criteria, as in the recipe, and its recipe id (the error
/// lookup ranks the provider in question first).
#[derive(Debug, Clone, Serialize)]
pub struct MatchDoc {
    /// The entry's recipe id.
    pub recipe: String,
    /// Verify phase (not knowable from a pasted message: the lookup ignores it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<&'static str>,
    /// Three-digit reply code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<u16>,
    /// Enhanced status code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enhanced: Option<String>,
    /// Case-insensitive substring.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// `search-index.json`.
#[derive(Debug, Clone, Serialize)]
pub struct SearchIndex {
    /// Format version.
    pub version: u32,
    /// The fields MiniSearch indexes (the browser reads this list, so it lives in one place).
    pub fields: &'static [&'static str],
    /// The troubleshooting matcher's weights and patterns: the error lookup runs verify's
    /// algorithm on them (`crate::verify::troubleshoot`).
    pub matcher: crate::verify::troubleshoot::Matcher,
    /// Recipe id → what, found in a pasted message, names that provider
    /// ([`crate::verify::troubleshoot::hints`]).
    pub recognize: BTreeMap<String, Vec<String>>,
    /// The documents.
    pub documents: Vec<SearchDoc>,
}

/// Fields indexed for full-text search.
pub const SEARCH_FIELDS: &[&str] = &[
    "title", "aliases", "domains", "hosts", "headings", "codes", "settings", "provider",
];

/// Build the search index: a document per provider, per troubleshooting entry, and the three
/// general pages; `labels` are the panel's names of the security modes. Each recipe comes with
/// the search words of the index's language (a translation's `keywords`, e.g. `хотмейл`),
/// indexed with its aliases; `words` is the index's language.
pub fn search_index(
    recipes: &[(&Recipe, &[String])],
    labels: &SecurityLabels,
    words: super::catalogue::Words<'_>,
) -> SearchIndex {
    let mut documents = Vec::new();
    documents.push(SearchDoc {
        id: 0,
        kind: "page",
        title: words.get("requirements-title"),
        url: "requirements/".into(),
        provider: String::new(),
        aliases: String::new(),
        domains: String::new(),
        hosts: String::new(),
        headings: words.get("search-requirements-words"),
        codes: String::new(),
        settings: format!(
            "ssl tls starttls port 465 587 encryption {} {}",
            labels.starttls, labels.tls
        ),
        ports: String::new(),
        summary: words.get("search-requirements-summary"),
        matches: None,
    });
    documents.push(SearchDoc {
        id: 1,
        kind: "page",
        title: words.get("errors-title"),
        url: "errors/".into(),
        provider: String::new(),
        aliases: String::new(),
        domains: String::new(),
        hosts: String::new(),
        headings: words.get("search-errors-words"),
        codes: String::new(),
        settings: String::new(),
        ports: String::new(),
        summary: words.get("search-errors-summary"),
        matches: None,
    });
    for (recipe, keywords) in recipes {
        let mut doc = provider_doc(documents.len(), recipe, labels);
        for k in *keywords {
            doc.aliases.push(' ');
            doc.aliases.push_str(k);
        }
        doc.aliases = doc.aliases.trim_start().to_string();
        documents.push(doc);
        for t in &recipe.troubleshooting {
            documents.push(error_doc(documents.len(), recipe, t));
        }
    }
    SearchIndex {
        version: 1,
        fields: SEARCH_FIELDS,
        matcher: crate::verify::troubleshoot::MATCHER,
        recognize: recipes
            .iter()
            .map(|(r, _)| (r.id.clone(), crate::verify::troubleshoot::hints(r)))
            .collect(),
        documents,
    }
}

/// A provider's document: names, domains, hosts, headings and the reply codes it explains.
fn provider_doc(id: usize, recipe: &Recipe, labels: &SecurityLabels) -> SearchDoc {
    let mut hosts: Vec<&str> = recipe.smtp.iter().map(|s| s.host.as_str()).collect();
    hosts.dedup();
    let mut codes: Vec<String> = recipe
        .troubleshooting
        .iter()
        .flat_map(|t| entry_codes(&t.matches))
        .collect();
    codes.sort();
    codes.dedup();
    let mut headings: Vec<&str> = recipe.steps.iter().map(|s| s.title.as_str()).collect();
    headings.extend(recipe.troubleshooting.iter().map(|t| t.symptom.as_str()));
    SearchDoc {
        id,
        kind: "provider",
        title: recipe.name.clone(),
        url: super::provider_path(&recipe.id),
        provider: String::new(),
        aliases: recipe.aliases.join(" "),
        domains: recipe
            .domains
            .iter()
            .chain(&recipe.domain_suffixes)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" "),
        hosts: hosts.join(" "),
        headings: headings.join(" · "),
        codes: codes.join(" "),
        settings: settings_words(recipe, labels),
        ports: ports_line(recipe, labels),
        summary: recipe.summary.clone(),
        matches: None,
    }
}

/// A troubleshooting entry's document, with the criteria the error lookup applies.
fn error_doc(id: usize, recipe: &Recipe, t: &crate::recipe::Troubleshooting) -> SearchDoc {
    SearchDoc {
        id,
        kind: "error",
        title: t.symptom.clone(),
        url: format!("{}#{}", super::provider_path(&recipe.id), t.id),
        provider: recipe.name.clone(),
        aliases: recipe.aliases.join(" "),
        domains: String::new(),
        hosts: String::new(),
        headings: String::new(),
        codes: entry_codes(&t.matches).join(" "),
        settings: String::new(),
        ports: String::new(),
        summary: String::new(),
        matches: Some(MatchDoc {
            recipe: recipe.id.clone(),
            phase: t.matches.phase.map(|p| p.as_str()),
            code: t.matches.code,
            enhanced: t.matches.enhanced.clone(),
            text: t.matches.text.clone(),
        }),
    }
}

/// A security mode in the words merchants use: the panel's label, and "SSL" for TLS from the
/// first byte (what most forms and guides call it).
fn security_words(security: Security, labels: &SecurityLabels) -> String {
    match security {
        Security::Starttls => format!("starttls tls {}", labels.starttls),
        Security::Tls => format!("ssl tls implicit {}", labels.tls),
        Security::None => labels.none.clone(),
    }
}

/// Every server's port and mode, and the password kind, as search words.
fn settings_words(recipe: &Recipe, labels: &SecurityLabels) -> String {
    let mut words: Vec<String> = Vec::new();
    for s in &recipe.smtp {
        words.push(format!("port {}", s.port));
        words.push(security_words(s.security, labels));
        words.push(crate::words::word(&s.password).replace('_', " "));
    }
    words.dedup();
    words.join(" ")
}

/// The settings as one line, shown under a result found by them: the preferred host, each
/// port with its mode (the panel's label, then the word guides use), the password kind:
/// `smtp.gmail.com · port 587: Transport Layer Security (TLS), STARTTLS · … · app password`.
fn ports_line(recipe: &Recipe, labels: &SecurityLabels) -> String {
    let Some(preferred) = recipe.preferred_server() else {
        return String::new();
    };
    let mode = |s: Security| match s {
        Security::Starttls => format!("{}, STARTTLS", labels.starttls),
        Security::Tls => format!("{}, implicit TLS", labels.tls),
        Security::None => labels.none.clone(),
    };
    let mut parts = vec![preferred.host.clone()];
    for s in &recipe.smtp {
        let part = format!("port {}: {}", s.port, mode(s.security));
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    parts.push(crate::words::word(&preferred.password).replace('_', " "));
    parts.join(" · ")
}

/// The reply code and enhanced code an entry matches, in that order.
fn entry_codes(m: &crate::recipe::ErrorMatch) -> Vec<String> {
    m.code
        .map(|c| c.to_string())
        .into_iter()
        .chain(m.enhanced.clone())
        .collect()
}

/// `providers.json`: see `docs/providers-json.md`.
#[derive(Debug, Clone, Serialize)]
pub struct ProvidersJson {
    /// Format version ([`PROVIDERS_JSON_VERSION`]).
    pub version: u32,
    /// Email domain → the preferred settings for it.
    pub domains: BTreeMap<String, DomainSettings>,
    /// Parent domain → the preferred settings for every subdomain of it
    /// (`onmicrosoft.com` serves `contoso.onmicrosoft.com`); consulted when `domains` has no entry.
    pub domain_suffixes: BTreeMap<String, DomainSettings>,
    /// Recipe id → the provider with all its servers.
    pub providers: BTreeMap<String, ProviderSettings>,
}

/// The settings the admin panel pre-fills for one email domain.
#[derive(Debug, Clone, Serialize)]
pub struct DomainSettings {
    /// Recipe id (key into `providers`).
    pub provider: String,
    /// Preferred server host.
    pub host: String,
    /// Preferred server port.
    pub port: u16,
    /// `starttls`, `tls` or `none`.
    pub security: &'static str,
    /// User name template: `{email}`, `{local}`, `{domain}`.
    pub username: String,
    /// `app_password`, `account_password` or `oauth2_token`.
    pub password: &'static str,
}

/// One provider.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderSettings {
    /// Display name.
    pub name: String,
    /// `ok`, `preparation`, `broken`, `unverified` or `deprecated`.
    pub status: &'static str,
    /// The status explanation, when the status is not `ok`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Help page, relative to the site root.
    pub page: String,
    /// Absolute help page URL.
    pub url: String,
    /// Email domains.
    pub domains: Vec<String>,
    /// Glob patterns of MX hosts (`*.mail.protection.outlook.com`): a custom domain whose MX
    /// matches one is hosted by this provider.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mx_patterns: Vec<String>,
    /// Every server, preferred first.
    pub smtp: Vec<ServerSettings>,
}

/// One SMTP server.
#[derive(Debug, Clone, Serialize)]
pub struct ServerSettings {
    /// Host.
    pub host: String,
    /// Port.
    pub port: u16,
    /// `starttls`, `tls` or `none`.
    pub security: &'static str,
    /// SASL mechanisms in order.
    pub auth: Vec<&'static str>,
    /// User name template.
    pub username: String,
    /// Password kind.
    pub password: &'static str,
    /// Whether this is the recommended server.
    pub preferred: bool,
    /// The recipe's remark on this server (when to use it), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Build `providers.json`.
pub fn providers_json(recipes: &[&Recipe], base_url: &str) -> ProvidersJson {
    let mut domains = BTreeMap::new();
    let mut domain_suffixes = BTreeMap::new();
    let mut providers = BTreeMap::new();
    for recipe in recipes {
        let preferred = recipe.preferred_server();
        let is_preferred =
            |s: &crate::recipe::SmtpServer| preferred.is_some_and(|p| std::ptr::eq(p, s));
        let mut servers: Vec<&crate::recipe::SmtpServer> = recipe.smtp.iter().collect();
        // Preferred first; otherwise recipe order (stable sort).
        servers.sort_by_key(|s| !is_preferred(s));
        if let Some(p) = recipe.preferred_server() {
            let settings = || DomainSettings {
                provider: recipe.id.clone(),
                host: p.host.clone(),
                port: p.port,
                security: p.security.as_str(),
                username: p.username.clone(),
                password: crate::words::word(&p.password),
            };
            for domain in &recipe.domains {
                domains.insert(domain.to_ascii_lowercase(), settings());
            }
            for suffix in &recipe.domain_suffixes {
                domain_suffixes.insert(suffix.to_ascii_lowercase(), settings());
            }
        }
        providers.insert(
            recipe.id.clone(),
            ProviderSettings {
                name: recipe.name.clone(),
                status: recipe.status.as_str(),
                hint: recipe.hint.clone(),
                page: super::provider_path(&recipe.id),
                url: format!("{base_url}{}/", recipe.id),
                domains: recipe.domains.clone(),
                mx_patterns: recipe.mx_patterns.clone(),
                smtp: servers
                    .into_iter()
                    .map(|s| ServerSettings {
                        host: s.host.clone(),
                        port: s.port,
                        security: s.security.as_str(),
                        auth: s.auth.iter().map(|a| a.smtp_name()).collect(),
                        username: s.username.clone(),
                        password: crate::words::word(&s.password),
                        preferred: is_preferred(s),
                        note: s.note.clone(),
                    })
                    .collect(),
            },
        );
    }
    ProvidersJson {
        version: PROVIDERS_JSON_VERSION,
        domains,
        domain_suffixes,
        providers,
    }
}
