//! The autoconfig format (Thunderbird's ISPDB, the IETF mailmaint autoconfig draft): an
//! `<emailProvider>` with its domains, servers and documentation links. Parsed with
//! quick-xml's serde support; only the parts mailbook compares are read.

use crate::recipe::{AuthMechanism, Security};
use serde::Deserialize;

/// `<clientConfig>`.
#[derive(Debug, Clone, Deserialize)]
struct ClientConfig {
    #[serde(rename = "emailProvider")]
    provider: Option<EmailProvider>,
}

/// `<emailProvider id="…">`.
#[derive(Debug, Clone, Deserialize)]
struct EmailProvider {
    #[serde(rename = "domain", default)]
    domains: Vec<String>,
    #[serde(rename = "displayName", default)]
    display_name: Option<String>,
    #[serde(rename = "outgoingServer", default)]
    outgoing: Vec<XmlServer>,
    #[serde(default)]
    documentation: Vec<Documentation>,
}

/// `<outgoingServer type="smtp">`.
#[derive(Debug, Clone, Deserialize)]
struct XmlServer {
    #[serde(rename = "@type", default)]
    kind: String,
    hostname: String,
    port: String,
    #[serde(rename = "socketType", default)]
    socket_type: String,
    #[serde(rename = "authentication", default)]
    authentication: Vec<String>,
    #[serde(default)]
    username: Option<String>,
}

/// `<documentation url="…"><descr>…</descr></documentation>`.
#[derive(Debug, Clone, Deserialize)]
struct Documentation {
    #[serde(rename = "@url")]
    url: String,
    #[serde(default)]
    descr: Vec<String>,
}

/// What an autoconfig file says about sending mail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Published {
    /// `<displayName>`.
    pub name: Option<String>,
    /// `<domain>` entries, lowercase.
    pub domains: Vec<String>,
    /// The SMTP servers, in the file's order.
    pub servers: Vec<PublishedServer>,
    /// `<documentation>` links with their first description.
    pub documentation: Vec<(String, String)>,
}

/// An SMTP server as a source publishes it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PublishedServer {
    /// Host name, lowercase.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// `SSL` → tls, `STARTTLS` → starttls, `plain` → none.
    pub security: Security,
    /// The mechanisms the `<authentication>` values stand for; `None` when the source does
    /// not say (SRV records).
    pub auth: Option<Vec<AuthMechanism>>,
    /// The user name as a recipe template (`%EMAILADDRESS%` → `{email}`).
    pub username: Option<String>,
}

/// Parse an autoconfig document; the error says what is wrong, never panics.
pub fn parse(text: &str) -> Result<Published, String> {
    let config: ClientConfig =
        quick_xml::de::from_str(text).map_err(|e| format!("not a valid autoconfig file: {e}"))?;
    let provider = config
        .provider
        .ok_or("not a valid autoconfig file: no <emailProvider> element")?;
    let mut servers = Vec::new();
    for s in provider.outgoing.iter().filter(|s| s.kind == "smtp") {
        let port: u16 = s.port.trim().parse().map_err(|_| {
            format!(
                "not a valid autoconfig file: port `{}` of {} is not a number",
                s.port, s.hostname
            )
        })?;
        let security = match s.socket_type.trim() {
            "SSL" | "TLS" => Security::Tls,
            "STARTTLS" => Security::Starttls,
            "plain" => Security::None,
            other => {
                return Err(format!(
                    "not a valid autoconfig file: socketType `{other}` of {}",
                    s.hostname
                ));
            }
        };
        servers.push(PublishedServer {
            host: s.hostname.trim().to_ascii_lowercase(),
            port,
            security,
            auth: Some(mechanisms(&s.authentication)),
            username: s.username.as_deref().map(username_template),
        });
    }
    Ok(Published {
        name: provider.display_name.map(|n| n.trim().to_string()),
        domains: provider
            .domains
            .iter()
            .map(|d| d.trim().to_ascii_lowercase())
            .collect(),
        servers,
        documentation: provider
            .documentation
            .into_iter()
            .map(|d| {
                let title = d.descr.first().map(|t| t.trim().to_string());
                (d.url, title.unwrap_or_default())
            })
            .collect(),
    })
}

/// Autoconfig `<authentication>` values as the SASL mechanisms they stand for.
fn mechanisms(values: &[String]) -> Vec<AuthMechanism> {
    let mut out = Vec::new();
    for v in values {
        let add: Vec<AuthMechanism> = match v.trim() {
            "password-cleartext" => vec![AuthMechanism::Plain, AuthMechanism::Login],
            "password-encrypted" => AuthMechanism::from_name("CRAM-MD5").into_iter().collect(),
            "OAuth2" => vec![AuthMechanism::Xoauth2, AuthMechanism::Oauthbearer],
            _ => Vec::new(),
        };
        for m in add {
            if !out.contains(&m) {
                out.push(m);
            }
        }
    }
    out
}

/// `%EMAILADDRESS%` → `{email}`, `%EMAILLOCALPART%` → `{local}`, `%EMAILDOMAIN%` → `{domain}`.
fn username_template(value: &str) -> String {
    value
        .trim()
        .replace("%EMAILADDRESS%", "{email}")
        .replace("%EMAILLOCALPART%", "{local}")
        .replace("%EMAILDOMAIN%", "{domain}")
}

/// The autoconfig word for a recipe's security.
pub fn socket_type(security: Security) -> &'static str {
    match security {
        Security::Tls => "SSL",
        Security::Starttls => "STARTTLS",
        Security::None => "plain",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_outgoing_servers() {
        let xml = r#"<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="example.com">
  <domain>example.com</domain><domain>Example.NET</domain>
  <displayName>Example Mail</displayName>
  <incomingServer type="imap"><hostname>imap.example.com</hostname><port>993</port>
    <socketType>SSL</socketType><authentication>password-cleartext</authentication>
    <username>%EMAILADDRESS%</username></incomingServer>
  <outgoingServer type="smtp"><hostname>smtp.example.com</hostname><port>465</port>
    <socketType>SSL</socketType><authentication>password-cleartext</authentication>
    <authentication>OAuth2</authentication><username>%EMAILADDRESS%</username></outgoingServer>
  <documentation url="https://example.com/help"><descr lang="en">Help</descr></documentation>
</emailProvider></clientConfig>"#;
        let p = parse(xml).unwrap();
        assert_eq!(p.domains, ["example.com", "example.net"]);
        assert_eq!(p.servers.len(), 1);
        assert_eq!(p.servers[0].port, 465);
        assert_eq!(p.servers[0].security, Security::Tls);
        assert_eq!(p.servers[0].username.as_deref(), Some("{email}"));
        assert_eq!(p.documentation[0].1, "Help");
        assert!(parse("<clientConfig><emailProvider>").is_err());
        assert!(parse("not xml at all").is_err());
    }
}
