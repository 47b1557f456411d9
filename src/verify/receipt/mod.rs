//! Delivery proof: after `send`, the `receipt` phase logs into the recipient's mailbox over
//! IMAP and looks for the test mail by its Message-ID, in the inbox and in the junk folder.
//!
//! - this module: the recipient account (`MAILBOOK_RECEIPT_…` or the credentials file's
//!   `receipt:` entry, never arguments) and the run's receipt options;
//! - [`imap`]: the IMAP dialogue (async-imap over tokio-rustls, same trust as SMTP);
//! - [`headers`]: what the delivered header says (Authentication-Results, From, Received).

pub mod headers;
pub mod imap;

use super::credentials::Secret;
use crate::recipe::Security;
use anyhow::bail;
use serde::Deserialize;
use std::time::Duration;

/// The environment variable prefix of the recipient mailbox.
pub const ENV_PREFIX: &str = "MAILBOOK_RECEIPT_";

/// The recipient mailbox as configured: every field optional, so the environment can
/// complete or override the credentials file's `receipt:` entry field by field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptEntry {
    /// IMAP server host name.
    #[serde(default)]
    pub host: Option<String>,
    /// IMAP port; 993 for `tls`, 143 for `starttls` when absent.
    #[serde(default)]
    pub port: Option<u16>,
    /// `tls` (implicit, the default) or `starttls`; never plaintext.
    #[serde(default)]
    pub security: Option<String>,
    /// IMAP user name.
    #[serde(default)]
    pub username: Option<String>,
    /// IMAP password (or app password).
    #[serde(default)]
    pub password: Option<Secret>,
    /// The mailbox's address (where the test mail goes unless `--to` is given); the user
    /// name when that is an address.
    #[serde(default)]
    pub email: Option<String>,
}

impl ReceiptEntry {
    /// The entry from the environment (through `get`); empty variables count as unset.
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> anyhow::Result<ReceiptEntry> {
        let var = |name: &str| get(&format!("{ENV_PREFIX}{name}")).filter(|v| !v.is_empty());
        let port = match var("PORT") {
            Some(p) => match p.parse::<u16>() {
                Ok(n) if n > 0 => Some(n),
                _ => bail!("{ENV_PREFIX}PORT `{p}`: expected a port number (1-65535)"),
            },
            None => None,
        };
        Ok(ReceiptEntry {
            host: var("HOST"),
            port,
            security: var("SECURITY"),
            username: var("USERNAME"),
            password: var("PASSWORD").map(Secret::new),
            email: var("EMAIL"),
        })
    }

    /// Fields of `other` override ours.
    pub fn overlay(self, other: ReceiptEntry) -> ReceiptEntry {
        ReceiptEntry {
            host: other.host.or(self.host),
            port: other.port.or(self.port),
            security: other.security.or(self.security),
            username: other.username.or(self.username),
            password: other.password.or(self.password),
            email: other.email.or(self.email),
        }
    }

    /// The account, `None` when nothing at all is configured; an error naming what is
    /// missing or wrong when the configuration is partial.
    pub fn account(self) -> anyhow::Result<Option<ReceiptAccount>> {
        if self == ReceiptEntry::default() {
            return Ok(None);
        }
        let missing: Vec<&str> = [
            ("HOST", self.host.is_none()),
            ("USERNAME", self.username.is_none()),
            ("PASSWORD", self.password.is_none()),
        ]
        .into_iter()
        .filter(|(_, m)| *m)
        .map(|(n, _)| n)
        .collect();
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(|n| format!("{ENV_PREFIX}{n}")).collect();
            bail!(
                "the recipient mailbox for the receipt check is only partly configured: set {} \
                 (or host, username and password in the credentials file's `receipt:` entry)",
                names.join(", ")
            );
        }
        let security = match self.security.as_deref().map(str::to_ascii_lowercase) {
            None => Security::Tls,
            Some(s) if s == "tls" => Security::Tls,
            Some(s) if s == "starttls" => Security::Starttls,
            Some(other) => bail!(
                "{ENV_PREFIX}SECURITY `{}`: expected `tls` or `starttls` (mailbook never logs in \
                 to a mailbox without TLS)",
                other.escape_debug()
            ),
        };
        let (Some(host), Some(username), Some(password)) =
            (self.host, self.username, self.password)
        else {
            bail!("the recipient mailbox is only partly configured");
        };
        let email = self
            .email
            .or_else(|| username.contains('@').then(|| username.clone()));
        Ok(Some(ReceiptAccount {
            port: self.port.unwrap_or(match security {
                Security::Starttls => 143,
                _ => 993,
            }),
            host,
            security,
            username,
            password,
            email,
        }))
    }
}

/// A complete recipient mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptAccount {
    /// IMAP host (checked against the certificate; `--connect-to` may redirect it).
    pub host: String,
    /// IMAP port.
    pub port: u16,
    /// [`Security::Tls`] or [`Security::Starttls`], never [`Security::None`].
    pub security: Security,
    /// IMAP user name.
    pub username: String,
    /// IMAP password.
    pub password: Secret,
    /// The mailbox's address, when known.
    pub email: Option<String>,
}

/// The receipt options of a run.
#[derive(Debug, Clone, Default)]
pub struct ReceiptOptions {
    /// The recipient mailbox; the phase is skipped without it.
    pub account: Option<ReceiptAccount>,
    /// How long to wait for the test mail to arrive (`--receipt-timeout`).
    pub timeout: Duration,
    /// Leave the test mail in the mailbox (`--keep-test-mail`).
    pub keep: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_and_file_overlay_into_an_account() {
        let env = |k: &str| match k {
            "MAILBOOK_RECEIPT_PASSWORD" => Some("pw".to_string()),
            "MAILBOOK_RECEIPT_SECURITY" => Some("STARTTLS".to_string()),
            _ => None,
        };
        let file = ReceiptEntry {
            host: Some("imap.example.org".into()),
            username: Some("in@example.org".into()),
            password: Some(Secret::new("old")),
            ..ReceiptEntry::default()
        };
        let a = file
            .overlay(ReceiptEntry::from_env(env).unwrap())
            .account()
            .unwrap()
            .unwrap();
        assert_eq!(a.password.expose(), "pw");
        assert_eq!((a.port, a.security), (143, Security::Starttls));
        assert_eq!(a.email.as_deref(), Some("in@example.org"));
        assert_eq!(ReceiptEntry::default().account().unwrap(), None);
    }

    #[test]
    fn partial_or_plaintext_configuration_is_refused() {
        let partial = ReceiptEntry {
            host: Some("imap.example.org".into()),
            ..ReceiptEntry::default()
        };
        let err = partial.account().unwrap_err().to_string();
        assert!(
            err.contains("MAILBOOK_RECEIPT_USERNAME, MAILBOOK_RECEIPT_PASSWORD"),
            "{err}"
        );
        let plain = ReceiptEntry {
            host: Some("h".into()),
            username: Some("u".into()),
            password: Some(Secret::new("p")),
            security: Some("none".into()),
            ..ReceiptEntry::default()
        };
        let err = plain.account().unwrap_err().to_string();
        assert!(err.contains("never logs in"), "{err}");
        let bad_port = |k: &str| (k == "MAILBOOK_RECEIPT_PORT").then(|| "99999".to_string());
        assert!(ReceiptEntry::from_env(bad_port).is_err());
    }
}
