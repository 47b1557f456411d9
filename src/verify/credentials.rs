//! Credentials for `verify`: only from the environment (`MAILBOOK_<ID>_USERNAME`, `_PASSWORD`,
//! `_TOKEN`, `_EMAIL`; the receipt mailbox `MAILBOOK_RECEIPT_…`) or from a credentials file
//! that only its owner can read. Never from the
//! command line, where other users could read them in the process list.
//!
//! Secrets live in [`Secret`], whose `Debug` and `Display` print `***`, so a stray `{:?}` in
//! a log line or a panic message cannot reveal them.

use super::receipt::{ReceiptAccount, ReceiptEntry};
use anyhow::{Context, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// A password or token. Formatting it never shows the value; use [`Secret::expose`] at the one
/// place the value must go on the wire.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wrap a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself, for the SMTP dialogue and the panel's input rules only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// What `verify` knows about one provider's test account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    /// The user name exactly as typed into the panel.
    #[serde(default)]
    pub username: Option<String>,
    /// The mailbox address (sender of the test mail); defaults to the user name when that
    /// is an address.
    #[serde(default)]
    pub email: Option<String>,
    /// Password or app password.
    #[serde(default)]
    pub password: Option<Secret>,
    /// OAuth2 access token for XOAUTH2 / OAUTHBEARER.
    #[serde(default)]
    pub token: Option<Secret>,
}

impl Credentials {
    /// Whether there is enough to log in: a user name and a password or token.
    pub fn usable(&self) -> bool {
        self.username.is_some() && (self.password.is_some() || self.token.is_some())
    }

    /// The mailbox address: `email`, else the user name when it contains `@`.
    pub fn address(&self) -> Option<&str> {
        self.email
            .as_deref()
            .or_else(|| self.username.as_deref().filter(|u| u.contains('@')))
    }

    /// Every secret value, for scrubbing server replies that might echo them.
    pub fn secrets(&self) -> Vec<&str> {
        [&self.password, &self.token]
            .into_iter()
            .flatten()
            .map(Secret::expose)
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// Fields from `other` override ours.
    fn overlay(mut self, other: Credentials) -> Credentials {
        if other.username.is_some() {
            self.username = other.username;
        }
        if other.email.is_some() {
            self.email = other.email;
        }
        if other.password.is_some() {
            self.password = other.password;
        }
        if other.token.is_some() {
            self.token = other.token;
        }
        self
    }
}

/// The environment variable prefix for a recipe id: `gmail` → `MAILBOOK_GMAIL_`,
/// `ms-365` → `MAILBOOK_MS_365_`.
pub fn env_prefix(id: &str) -> String {
    format!("MAILBOOK_{}_", id.to_uppercase().replace('-', "_"))
}

/// Credentials from the environment (through `get`, so tests need not touch the real one).
/// Empty variables count as unset.
pub fn from_env(id: &str, get: impl Fn(&str) -> Option<String>) -> Credentials {
    let prefix = env_prefix(id);
    let var = |name: &str| get(&format!("{prefix}{name}")).filter(|v| !v.is_empty());
    Credentials {
        username: var("USERNAME"),
        email: var("EMAIL"),
        password: var("PASSWORD").map(Secret),
        token: var("TOKEN").map(Secret),
    }
}

/// All credentials sources for the run.
#[derive(Debug, Default)]
pub struct CredentialStore {
    file: BTreeMap<String, Credentials>,
    /// The `receipt:` entry: the recipient mailbox of the receipt check.
    receipt: ReceiptEntry,
}

/// The credentials file: recipe id → credentials, plus the recipient mailbox.
#[derive(Deserialize)]
struct FileShape {
    #[serde(default)]
    receipt: Option<ReceiptEntry>,
    #[serde(flatten)]
    providers: BTreeMap<String, Credentials>,
}

impl CredentialStore {
    /// Read a credentials file: YAML mapping recipe id → `{username, email, password, token}`.
    /// Refused when group or others may read it.
    pub fn from_file(path: &Path) -> anyhow::Result<CredentialStore> {
        use std::io::Read;
        // Checked on the open handle, so the file read is the file checked.
        let mut file = std::fs::File::open(path)
            .with_context(|| format!("cannot read credentials file {}", path.display()))?;
        let meta = file
            .metadata()
            .with_context(|| format!("cannot read credentials file {}", path.display()))?;
        if !meta.is_file() {
            bail!("credentials file {} is not a regular file", path.display());
        }
        check_private(path, &meta)?;
        let mut text = String::new();
        file.read_to_string(&mut text)
            .with_context(|| format!("cannot read credentials file {}", path.display()))?;
        // The parser's message may quote a value from the file, i.e. a secret: show only where.
        let file: FileShape = serde_saphyr::from_str(&text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(":{}:{}", l.line(), l.column()))
                .unwrap_or_default();
            anyhow::anyhow!(
                "{}{at}: expected a mapping of recipe id to username, email, password and \
                     token, and optionally `receipt:` with host, port, security, username, \
                     password and email (the parser's details are withheld because this file \
                     holds secrets)",
                path.display()
            )
        })?;
        Ok(CredentialStore {
            file: file.providers,
            receipt: file.receipt.unwrap_or_default(),
        })
    }

    /// The recipient mailbox of the receipt check: the file's `receipt:` entry, overridden
    /// field by field by `MAILBOOK_RECEIPT_…`; `None` when neither configures one.
    pub fn receipt(
        &self,
        get: impl Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Option<ReceiptAccount>> {
        self.receipt
            .clone()
            .overlay(ReceiptEntry::from_env(get)?)
            .account()
    }

    /// The credentials for one recipe: the file's entry, overridden field by field by the
    /// environment.
    pub fn for_recipe(&self, id: &str, get: impl Fn(&str) -> Option<String>) -> Credentials {
        let base = self.file.get(id).cloned().unwrap_or_default();
        base.overlay(from_env(id, get))
    }
}

#[cfg(unix)]
fn check_private(path: &Path, meta: &std::fs::Metadata) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        bail!(
            "credentials file {} is readable by group or others (mode {mode:03o}); \
             run `chmod 600 {}` first",
            path.display(),
            path.display()
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _meta: &std::fs::Metadata) -> anyhow::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_formats_its_value() {
        let c = Credentials {
            username: Some("u@example.com".into()),
            email: None,
            password: Some(Secret::new("hunter2-secret")),
            token: Some(Secret::new("tok-secret")),
        };
        let shown = format!(
            "{c:?} {} {}",
            c.password.as_ref().unwrap(),
            Secret::new("x")
        );
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("tok-secret"), "{shown}");
        assert!(shown.contains("u@example.com"));
    }

    #[test]
    fn env_names_and_overlay() {
        assert_eq!(env_prefix("ms-365"), "MAILBOOK_MS_365_");
        let env = |k: &str| match k {
            "MAILBOOK_GMAIL_PASSWORD" => Some("p".to_string()),
            "MAILBOOK_GMAIL_TOKEN" => Some(String::new()),
            _ => None,
        };
        let mut store = CredentialStore::default();
        store.file.insert(
            "gmail".into(),
            Credentials {
                username: Some("a@gmail.com".into()),
                password: Some(Secret::new("old")),
                ..Credentials::default()
            },
        );
        let c = store.for_recipe("gmail", env);
        assert_eq!(c.username.as_deref(), Some("a@gmail.com"));
        assert_eq!(c.password.as_ref().map(Secret::expose), Some("p"));
        assert!(c.token.is_none(), "empty variables count as unset");
        assert!(c.usable());
        assert_eq!(c.address(), Some("a@gmail.com"));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_readable_file_and_hides_parse_details() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("creds.yaml");
        std::fs::write(&path, "gmail:\n  password: [not, a, string-secret]\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = CredentialStore::from_file(&path).unwrap_err().to_string();
        assert!(err.contains("readable by group or others"), "{err}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let err = CredentialStore::from_file(&path).unwrap_err().to_string();
        assert!(!err.contains("string-secret"), "{err}");
        assert!(err.contains("creds.yaml:"), "{err}");
        let err = CredentialStore::from_file(dir.path())
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a regular file"), "{err}");
    }
}
