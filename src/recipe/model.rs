//! The recipe format: one YAML file per email provider.
//!
//! These types *are* the schema. Every field's `///` comment becomes its JSON Schema
//! description (`mailbook schema`), the editor tooltip and the scaffold comment written by
//! `mailbook new`. Keep field documentation here and nowhere else.

pub use crate::recipe::fields::{Markdown, WebUrl};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::sasl::AuthMechanism;

/// A provider recipe: the settings, the steps a merchant follows, and the checks `verify` runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("if" = {"properties": {"status": {"enum": ["preparation", "broken", "deprecated"]}}, "required": ["status"]}, "then" = {"required": ["hint"]}))]
pub struct Recipe {
    /// Stable identifier, lowercase letters, digits and dashes; must equal the file name
    /// (`recipes/gmail.yaml` has `id: gmail`). Used in URLs, so never rename it lightly.
    #[schemars(pattern(crate::recipe::rules::SLUG_PATTERN))]
    pub id: String,
    /// Display name of the provider, e.g. `Gmail`.
    #[schemars(pattern(crate::recipe::rules::identity::NON_BLANK_PATTERN))]
    pub name: String,
    /// Other names readers search for, e.g. `Hotmail`, `Google Mail`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Email domains this provider serves, lowercase (`gmail.com`). Unique across all recipes.
    /// May be empty when `domain_suffixes` or `mx_patterns` say which addresses it serves.
    #[serde(default)]
    #[schemars(inner(pattern(crate::recipe::rules::identity::DOMAIN_PATTERN)))]
    pub domains: Vec<String>,
    /// Parent domains whose every subdomain this provider serves, lowercase: `onmicrosoft.com`
    /// covers `contoso.onmicrosoft.com` (not `onmicrosoft.com` itself). Published in
    /// `providers.json` under `domain_suffixes`. Unique across all recipes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(pattern(crate::recipe::rules::identity::DOMAIN_PATTERN)))]
    pub domain_suffixes: Vec<String>,
    /// Glob patterns of MX host names that mean "a custom domain hosted here", e.g. `*.google.com`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mx_patterns: Vec<String>,
    /// Words and names that, found in an error message a merchant pastes into the site's error
    /// lookup, show that the message comes from this provider, lowercase: `gsmtp`,
    /// `google.com`, `@hotmail.com`. The SMTP hosts count without being listed. A hint that
    /// begins or ends with a letter or digit is found only whole (`aol` is not in `paola`);
    /// begin one with `@` to find it only in addresses (`@outlook.com`, not `prod.outlook.com`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub message_hints: Vec<String>,
    /// Dots before the `@` do not matter to this provider: `shop.mail@gmail.com` and
    /// `shopmail@gmail.com` are the same mailbox. The help center then fills in and checks the
    /// address without them when the admin panel rejects dots. Only for the domains in
    /// `domains` (Gmail's, not company domains on Google Workspace).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dots_ignored: bool,
    /// Whether the documented settings work today.
    pub status: Status,
    /// One sentence shown on the provider card and at the top of the page.
    #[schemars(pattern(crate::recipe::rules::identity::NON_BLANK_PATTERN))]
    pub summary: String,
    /// A short plain-text warning shown next to the status. Required when `status` is
    /// `preparation`, `broken` or `deprecated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The day a person last re-read the provider's official help against this recipe.
    pub reviewed: Date,
    /// Official help pages that back the facts in this recipe.
    pub sources: Vec<Source>,
    /// Links to the provider's own pages.
    #[serde(default)]
    pub links: Links,
    /// What the account needs before the admin panel can send mail through it.
    pub requires: Requirements,
    /// The steps a merchant follows, in order.
    pub steps: Vec<Step>,
    /// SMTP submission servers, in the order they are offered. Mark one `preferred`.
    pub smtp: Vec<SmtpServer>,
    /// Sending limits documented by the provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<Limits>,
    /// Callouts shown on the page (tips, warnings).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Known errors, each matched by verify phase and SMTP reply, with cause and fix.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub troubleshooting: Vec<Troubleshooting>,
    /// Which `verify` checks apply to this recipe.
    #[serde(default)]
    pub checks: Checks,
    /// Dated changes in the provider's policy, newest last or first (rendered newest first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changelog: Vec<Change>,
}

/// Whether the documented way of sending works today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The settings work as documented.
    Ok,
    /// Works, but only after preparation the merchant must do first (see `hint`).
    Preparation,
    /// The documented way does not work for the admin panel today (see `hint`).
    Broken,
    /// Newly added and not yet checked by `verify` or a reviewer.
    Unverified,
    /// The provider or this way of sending is going away (see `hint`).
    Deprecated,
}

impl Status {
    /// The status word as written in recipes (serde's name for it: [`crate::words`]).
    pub fn as_str(self) -> &'static str {
        crate::words::word(&self)
    }

    /// Statuses that must explain themselves with a `hint`.
    pub fn needs_hint(self) -> bool {
        matches!(
            self,
            Status::Preparation | Status::Broken | Status::Deprecated
        )
    }
}

/// An official page that backs this recipe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Absolute `https://` URL of the page.
    pub url: WebUrl,
    /// What the page is, e.g. `Sign in with app passwords`.
    pub title: String,
}

/// Links to the provider's own pages. All optional; each must be an absolute URL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Links {
    /// Where a new mailbox is registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register: Option<WebUrl>,
    /// Where app passwords are created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_passwords: Option<WebUrl>,
    /// The account's security settings (2-step verification).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<WebUrl>,
    /// The provider's official page with SMTP settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smtp_help: Option<WebUrl>,
}

/// What the account needs before the admin panel can send through it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// 2-step verification must be ON (`true`), must be OFF (`false`), or does not matter (absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_step_verification: Option<bool>,
    /// The account password is refused for SMTP; an app password must be created and used.
    #[serde(default)]
    pub app_password: bool,
    /// What the provider's app passwords look like, so the help center can tell one from an
    /// account password typed by mistake ("Check my values") and show a masked example.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_password_format: Option<AppPasswordFormat>,
    /// Only OAuth2 (XOAUTH2) is accepted: no password of any kind works for SMTP.
    #[serde(default)]
    pub oauth2_only: bool,
    /// Settings the merchant must switch on in the mailbox first (e.g. "POP/IMAP access").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enable: Vec<Toggle>,
}

/// The shape of a provider's app passwords.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppPasswordFormat {
    /// A regular expression an app password matches once spaces are removed, e.g.
    /// `^[a-z]{16}$` (Google) or `^[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}$` (Apple). Written for
    /// both Rust's `regex` and the browser: anchors, classes and counts only.
    pub pattern: String,
    /// How the provider shows it, in words completing "An app password looks like …",
    /// e.g. `16 letters, shown in four groups of four`.
    pub looks_like: String,
    /// A made-up example in that shape (never a real password), e.g. `abcd efgh ijkl mnop`;
    /// the form preview shows it masked, with its length.
    pub example: String,
}

/// A setting the merchant must switch on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Toggle {
    /// The setting's name as the provider's UI shows it.
    pub setting: String,
    /// Where the setting is (absolute URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<WebUrl>,
}

/// One step of the setup, rendered as a numbered section with a stable anchor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Anchor of the step (`#create-app-password`), unique within the recipe.
    #[schemars(pattern(crate::recipe::rules::SLUG_PATTERN))]
    pub id: String,
    /// Short imperative title, e.g. `Create an app password`.
    pub title: String,
    /// What to do, in Markdown. Callouts: `> [!NOTE]`, `> [!TIP]`, `> [!WARNING]`.
    pub body: Markdown,
    /// Deep link to the page where the step is done (absolute URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<WebUrl>,
    /// A screenshot, relative to the recipes folder (`images/gmail/app-password.png`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
}

/// A screenshot or illustration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// Path relative to the recipes folder; must stay inside it.
    pub src: String,
    /// What the image shows, for readers who cannot see it. Required and never empty.
    pub alt: String,
}

/// An SMTP submission server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("if" = {"properties": {"security": {"const": "none"}}, "required": ["security"]}, "then" = {"required": ["plaintext_reason"]}))]
pub struct SmtpServer {
    /// Host name, e.g. `smtp.gmail.com`.
    pub host: String,
    /// TCP port: 587 for STARTTLS, 465 for implicit TLS.
    #[schemars(range(min = 1))]
    pub port: u16,
    /// How the connection is encrypted.
    pub security: Security,
    /// Why an unencrypted connection is documented. Required when `security` is `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plaintext_reason: Option<String>,
    /// SASL mechanisms exactly as the server advertises them after TLS (its `250-AUTH` line),
    /// so `verify` can report drift. `verify` logs in with the first one listed that it can
    /// exercise (PLAIN, LOGIN, XOAUTH2, OAUTHBEARER) and never tries the others.
    pub auth: Vec<AuthMechanism>,
    /// The user name to type: a template using `{email}` (the full address), `{local}` (the
    /// part before `@`) and `{domain}`.
    pub username: String,
    /// What goes in the password field.
    pub password: PasswordKind,
    /// The server the help center recommends. Exactly one server is preferred.
    #[serde(default)]
    pub preferred: bool,
    /// A short remark shown next to this server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Transport security of an SMTP server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// Plain connection upgraded with the STARTTLS command (usually port 587).
    Starttls,
    /// TLS from the first byte, "SSL" in many forms (usually port 465).
    Tls,
    /// No encryption. Only with an explicit `plaintext_reason`; `verify` never logs in over it.
    None,
}

impl Security {
    /// The word as written in recipes (serde's name for it: [`crate::words`]).
    pub fn as_str(self) -> &'static str {
        crate::words::word(&self)
    }
}

/// What the merchant types into the password field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PasswordKind {
    /// An app password created in the provider's security settings.
    AppPassword,
    /// The mailbox's normal password.
    AccountPassword,
    /// An OAuth2 access token; a password form field cannot hold it.
    Oauth2Token,
}

/// Sending limits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Messages per rolling day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages_per_day: Option<u32>,
    /// Recipients per rolling day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients_per_day: Option<u32>,
    /// Recipients (To + Cc + Bcc) in one message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients_per_message: Option<u32>,
    /// Largest message, in megabytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_size_mb: Option<u32>,
    /// Markdown remark about the limits (what happens when one is exceeded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Markdown>,
}

/// A callout on the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// How loud the callout is.
    pub kind: NoteKind,
    /// The text, in Markdown.
    pub body: Markdown,
}

/// Callout kinds, as in GitHub's `> [!NOTE]` alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// Useful information.
    Note,
    /// Advice that makes things easier.
    Tip,
    /// Something the reader must know to succeed.
    Important,
    /// Something that can go wrong.
    Warning,
    /// Something with risky consequences.
    Caution,
}

/// A known error with its cause and fix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Troubleshooting {
    /// Anchor of the entry (`#bad-credentials`), unique within the recipe. Support agents link to it.
    #[schemars(pattern(crate::recipe::rules::SLUG_PATTERN))]
    pub id: String,
    /// When this entry applies; at least one criterion.
    #[serde(rename = "match")]
    pub matches: ErrorMatch,
    /// The error as the merchant sees it, e.g. `535-5.7.8 Username and Password not accepted`.
    pub symptom: String,
    /// Why it happens (Markdown).
    pub cause: Markdown,
    /// What to do (Markdown). May link to a step: `[Create an app password](#create-app-password)`.
    pub fix: Markdown,
    /// How `mailbook verify --confirm-errors` can provoke this error safely, to confirm the
    /// server still answers as documented. Left out: the entry is not provokable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provoke: Option<Provoke>,
}

/// A failure `verify --confirm-errors` provokes without risk to the account.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Provoke {
    /// AUTH over TLS with the account's user name and a deliberately wrong password, once
    /// per run (never repeated, to stay clear of lockouts).
    WrongPassword,
    /// `MAIL FROM` over TLS before logging in.
    MailBeforeAuth,
    /// After logging in, `MAIL FROM` a sender address the account does not own
    /// (`mailbook-foreign-sender@example.com`); no message is sent.
    ForeignSender,
}

impl Provoke {
    /// The name as written in a recipe.
    pub fn as_str(self) -> &'static str {
        match self {
            Provoke::WrongPassword => "wrong-password",
            Provoke::MailBeforeAuth => "mail-before-auth",
            Provoke::ForeignSender => "foreign-sender",
        }
    }

    /// The phases in which an entry provoked this way can be observed.
    pub fn phases(self) -> &'static [Phase] {
        match self {
            Provoke::WrongPassword => &[Phase::Auth],
            Provoke::MailBeforeAuth => &[Phase::Auth, Phase::Send],
            Provoke::ForeignSender => &[Phase::Send],
        }
    }
}

/// Criteria matched against a failure. Every criterion given must match.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorMatch {
    /// The verify phase that failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// The three-digit SMTP reply code, e.g. `535`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 200, max = 599))]
    pub code: Option<u16>,
    /// The enhanced status code (RFC 3463), e.g. `5.7.8`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(pattern(crate::recipe::rules::troubleshooting::ENHANCED_PATTERN))]
    pub enhanced: Option<String>,
    /// Text the reply contains, case-insensitive (a plain substring, not a regex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The phases of `mailbook verify`, in the order they run.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The host name resolves.
    Dns,
    /// A TCP connection opens.
    Tcp,
    /// Implicit TLS handshake, or STARTTLS offered and completed.
    Tls,
    /// Certificate chain, host name and expiry.
    Certificate,
    /// Capabilities and AUTH mechanisms after TLS.
    Ehlo,
    /// The credentials satisfy the admin panel's input rules.
    Input,
    /// AUTH with the documented mechanism (log in).
    Auth,
    /// A test mail is accepted (MAIL FROM, RCPT TO, DATA).
    Send,
}

impl Phase {
    /// Every phase, in run order.
    pub const ALL: [Phase; 8] = [
        Phase::Dns,
        Phase::Tcp,
        Phase::Tls,
        Phase::Certificate,
        Phase::Ehlo,
        Phase::Input,
        Phase::Auth,
        Phase::Send,
    ];

    /// The phase word as written in recipes and reports (serde's name for it: [`crate::words`]).
    pub fn as_str(self) -> &'static str {
        crate::words::word(&self)
    }
}

impl std::fmt::Display for Phase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Phase {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Phase::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Phase::ALL.iter().map(|p| p.as_str()).collect();
                format!("unknown phase `{s}`, expected one of {}", names.join(", "))
            })
    }
}

/// Which verify checks apply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checks {
    /// Checks skipped on purpose, each with a reason and an expiry date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skip: Vec<Skip>,
}

/// A check that `verify` skips until a date; once expired, the skip itself fails.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Skip {
    /// The phase to skip.
    pub check: Phase,
    /// Limit the skip to one server (`host:port`); all servers when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// Why the check is skipped.
    pub reason: String,
    /// Last day the skip applies (`YYYY-MM-DD`).
    pub until: Date,
}

/// A dated change in the provider's policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// When the change took effect (`YYYY-MM-DD`).
    pub date: Date,
    /// What changed, in one sentence (Markdown).
    pub change: Markdown,
    /// Where it was announced (absolute URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<WebUrl>,
    /// What the change does to this recipe from `date` on, for an announced change dated in
    /// the future: the site, `providers.json` and `verify` switch to these values on that
    /// day without anyone editing the file. Before it, the page shows a dated banner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<Effect>,
}

/// The fields an announced change replaces on its date. At least one must be given.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Effect {
    /// The recipe's `status` from the date on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The recipe's `hint` from the date on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The `auth` list of the servers from the date on, e.g. `[xoauth2]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<Vec<AuthMechanism>>,
    /// Limit `auth` to this server (`host:port`); every server when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// `requires.oauth2_only` from the date on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2_only: Option<bool>,
}

impl Recipe {
    /// The server the help center recommends: the one marked `preferred`, else the first.
    pub fn preferred_server(&self) -> Option<&SmtpServer> {
        self.smtp
            .iter()
            .find(|s| s.preferred)
            .or_else(|| self.smtp.first())
    }
}

impl SmtpServer {
    /// Fill the user name template for a mailbox address.
    pub fn username_for(&self, email: &str) -> String {
        let (local, domain) = email.split_once('@').unwrap_or((email, ""));
        self.username
            .replace("{email}", email)
            .replace("{local}", local)
            .replace("{domain}", domain)
    }
}
