//! `mailbook discover`: which recipe serves an address, and why.
//!
//! A domain listed by a recipe answers at once, without the network. Otherwise the domain's
//! MX records are matched against each recipe's `mx_patterns` (a custom domain on Google
//! Workspace or Microsoft 365). When nothing matches, what the domain publishes (MX,
//! autoconfig, SRV) is reported so a writer knows which recipe to write.

use crate::drift::autoconfig::{self, PublishedServer};
use crate::drift::dns::{self, Dns, Mx, Srv};
use crate::drift::http::{Fetched, Http};
use crate::recipe::Recipe;
use serde::Serialize;

/// What `discover` found.
#[derive(Debug, Clone, Serialize)]
pub struct Discovery {
    /// The domain asked about (the part after `@` of an address), lowercase.
    pub domain: String,
    /// The recipe that serves it, if any.
    pub recipe: Option<String>,
    /// Why: `listed domain` or `MX HOST matches PATTERN`.
    pub reason: Option<String>,
    /// The MX records, when they were looked up.
    pub mx: Vec<Mx>,
    /// The SRV records for submission found, when looked up.
    pub srv: Vec<SrvAnswer>,
    /// Autoconfig files found, with their SMTP servers.
    pub autoconfig: Vec<AutoconfigAnswer>,
    /// Questions that got no usable answer.
    pub errors: Vec<String>,
}

/// The SRV records of one name.
#[derive(Debug, Clone, Serialize)]
pub struct SrvAnswer {
    /// E.g. `_submission._tcp.example.com`.
    pub name: String,
    /// The records, by priority.
    pub records: Vec<Srv>,
}

/// An autoconfig file that was found.
#[derive(Debug, Clone, Serialize)]
pub struct AutoconfigAnswer {
    /// Where it was found.
    pub url: String,
    /// Its SMTP servers.
    pub servers: Vec<PublishedServer>,
}

/// The domain of an address or domain argument, or why it is not one.
pub fn domain_of(query: &str) -> Result<String, String> {
    let domain = query.rsplit_once('@').map_or(query, |(_, d)| d);
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    let valid = !domain.is_empty()
        && domain.len() <= 253
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if valid {
        Ok(domain)
    } else {
        Err(format!(
            "`{}` is not an email address or domain name",
            query.escape_debug()
        ))
    }
}

/// The recipe that lists `domain`, or a parent of it in `domain_suffixes` (the nearest parent
/// wins, as `docs/providers-json.md` tells the panel to look it up), and why.
fn listed<'r>(recipes: &[&'r Recipe], domain: &str) -> Option<(&'r Recipe, String)> {
    if let Some(r) = recipes
        .iter()
        .find(|r| r.domains.iter().any(|d| d == domain))
    {
        return Some((r, "listed domain".to_string()));
    }
    let parents = domain.char_indices().filter(|&(_, c)| c == '.');
    parents.map(|(i, _)| &domain[i + 1..]).find_map(|parent| {
        let r = recipes
            .iter()
            .find(|r| r.domain_suffixes.iter().any(|s| s == parent))?;
        Some((*r, format!("subdomain of the listed suffix {parent}")))
    })
}

/// Find the recipe for `domain`; `net` is asked only when no recipe lists the domain.
pub fn discover(recipes: &[&Recipe], domain: &str, net: Option<(&Dns, &Http)>) -> Discovery {
    let mut found = Discovery {
        domain: domain.to_string(),
        recipe: None,
        reason: None,
        mx: Vec::new(),
        srv: Vec::new(),
        autoconfig: Vec::new(),
        errors: Vec::new(),
    };
    if let Some((r, reason)) = listed(recipes, domain) {
        found.recipe = Some(r.id.clone());
        found.reason = Some(reason);
        return found;
    }
    let Some((dns, http)) = net else {
        return found;
    };
    match dns.mx(domain) {
        Ok(mx) => found.mx = mx,
        Err(e) => found.errors.push(e),
    }
    for mx in &found.mx {
        for r in recipes {
            if let Some(p) = r
                .mx_patterns
                .iter()
                .find(|p| dns::matches_pattern(&mx.host, p))
            {
                found.recipe = Some(r.id.clone());
                found.reason = Some(format!("MX {} matches {p}", mx.host));
                return found;
            }
        }
    }
    published(&mut found, dns, http);
    found
}

/// SRV and autoconfig, for a domain no recipe serves.
fn published(found: &mut Discovery, dns: &Dns, http: &Http) {
    let domain = found.domain.clone();
    for name in [
        format!("_submissions._tcp.{domain}"),
        format!("_submission._tcp.{domain}"),
    ] {
        match dns.srv(&name) {
            Ok(records) if !records.is_empty() => found.srv.push(SrvAnswer { name, records }),
            Ok(_) => {}
            Err(e) => found.errors.push(e),
        }
    }
    for url in [
        format!("https://autoconfig.{domain}/mail/config-v1.1.xml"),
        format!("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml"),
    ] {
        match http.fetch(&url) {
            Fetched::Body { text, .. } => match autoconfig::parse(&text) {
                Ok(p) => found.autoconfig.push(AutoconfigAnswer {
                    url,
                    servers: p.servers,
                }),
                Err(e) => found.errors.push(format!("{url}: {e}")),
            },
            Fetched::Failed(e) if e.contains("larger than") => {
                found.errors.push(format!("{url}: {e}"));
            }
            Fetched::Status(_) | Fetched::Failed(_) => {}
        }
    }
}

/// The text form.
pub fn text(d: &Discovery) -> String {
    let mut out = String::new();
    match (&d.recipe, &d.reason) {
        (Some(id), Some(reason)) => {
            out.push_str(&format!("{}: recipe `{id}` ({reason})\n", d.domain));
        }
        _ => out.push_str(&format!("{}: no recipe serves this domain\n", d.domain)),
    }
    if d.recipe.is_some() {
        return out;
    }
    if d.mx.is_empty() {
        out.push_str("  MX: none\n");
    }
    for mx in &d.mx {
        out.push_str(&format!("  MX {} {}\n", mx.preference, mx.host));
    }
    for answer in &d.srv {
        for r in &answer.records {
            out.push_str(&format!(
                "  SRV {} {} {}:{}\n",
                answer.name, r.priority, r.host, r.port
            ));
        }
    }
    for answer in &d.autoconfig {
        let url = &answer.url;
        for s in &answer.servers {
            out.push_str(&format!(
                "  autoconfig {url}: {}:{} {}\n",
                s.host,
                s.port,
                autoconfig::socket_type(s.security)
            ));
        }
    }
    if d.srv.is_empty() && d.autoconfig.is_empty() {
        out.push_str("  no autoconfig file and no submission SRV records\n");
    }
    for e in &d.errors {
        out.push_str(&format!("  error: {e}\n"));
    }
    out.push_str("  write a recipe for it (`mailbook new`, or `mailbook import ispdb FILE`), or add the domain or an mx_patterns entry to an existing one\n");
    out
}
