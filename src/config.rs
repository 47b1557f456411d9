//! The site configuration, `mailbook.yaml`: the help center's title and URL, and the target
//! application whose SMTP form merchants fill (its fields, how each is filled from a recipe,
//! and its own input rules). It is read by `check`, `build` and `verify`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `mailbook.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The help center's title, shown in every page header.
    pub title: String,
    /// A one-line description used on the index and in `<meta name="description">`.
    pub description: String,
    /// Absolute URL the site is published at, ending in `/`; used for `sitemap.xml` and
    /// canonical links. `mailbook build --base-url` overrides it.
    pub base_url: String,
    /// The default language of the site, the one the recipes and this file are written in
    /// (`lang` attribute, e.g. `en`). Its pages are at the site root.
    #[serde(default = "default_language")]
    pub language: String,
    /// The other languages the site is built in, e.g. `[ru]`. Each gets its pages under
    /// `/CODE/`, built from the translations in `translations/CODE/` (prose only; every
    /// setting comes from the recipe) and the theme's message catalogue for CODE. A section
    /// without a current translation is shown in the default language with a note.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// Recipes whose `reviewed` date is older than this many days get a warning from `check`.
    #[serde(default = "default_review_max_age_days")]
    pub review_max_age_days: u32,
    /// An announced change (a changelog entry with an `effect`) gets a warning from `check`
    /// from this many days before its date.
    #[serde(default = "default_deadline_warning_days")]
    pub deadline_warning_days: u32,
    /// URL template for an "edit this page" link, with `{path}` standing for the recipe's
    /// path, e.g. `https://git.example.com/mailbook/edit/main/{path}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit_url: Option<String>,
    /// The application whose form merchants fill.
    pub app: TargetApp,
    /// Requirements that hold for every provider, rendered on the general-requirements page.
    pub general_requirements: Vec<GeneralRequirement>,
}

fn default_language() -> String {
    "en".to_string()
}

fn default_review_max_age_days() -> u32 {
    365
}

fn default_deadline_warning_days() -> u32 {
    30
}

/// The target application (e.g. the OT Box admin panel) and its SMTP form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetApp {
    /// The application's name, e.g. `OT Box admin panel`.
    pub name: String,
    /// Where the form is, e.g. `Configuration → System → General`.
    pub location: String,
    /// The form's fields, in the order the form shows them.
    pub fields: Vec<FormField>,
    /// How the form labels each transport security mode.
    pub security_labels: SecurityLabels,
    /// The application's own input rules; `verify` applies them to the credentials it is given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<InputRule>,
}

/// One field of the target application's SMTP form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormField {
    /// The field's label exactly as the form shows it, e.g. `SMTP server`.
    pub label: String,
    /// Which value fills it.
    pub value: FieldValue,
    /// A short help text shown under the field in the preview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// The value a form field is filled with.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FieldValue {
    /// The preferred server's host.
    Host,
    /// The preferred server's port.
    Port,
    /// The preferred server's security, as labelled by `security_labels`.
    Security,
    /// The user name, from the server's `username` template.
    Username,
    /// The password kind (app password, account password).
    Password,
    /// The mailbox address.
    Email,
    /// The sender's address; must be the mailbox itself or an alias set up with the provider.
    Sender,
}

/// Labels the form uses for each security mode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityLabels {
    /// Label of the STARTTLS option, e.g. `Transport Layer Security (TLS)`.
    pub starttls: String,
    /// Label of the implicit TLS option, e.g. `Secure Sockets Layer (SSL)`.
    pub tls: String,
    /// Label of the no-encryption option.
    pub none: String,
}

/// An input rule of the target application: a value the form rejects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InputRule {
    /// Stable identifier, used as an anchor on the general-requirements page.
    pub id: String,
    /// The field the rule applies to (`username`, `password`, `email`, `sender`).
    pub field: FieldValue,
    /// A regular expression the value must match to be accepted by the form.
    pub pattern: String,
    /// What the form requires, in one sentence, e.g. `The password must begin and end with a letter.`
    pub message: String,
    /// What the merchant can do about it (Markdown).
    pub fix: String,
    /// Where the rule comes from, and whether anyone confirmed it on today's application.
    /// Unconfirmed rules show on the site as "reported, not confirmed", and `verify` reports a
    /// value that breaks one as a warning, not a failure.
    pub evidence: Evidence,
    /// For a rule on the `username` field: which form of the address the application takes as
    /// the user name. The form preview fills *User name* this way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<UsernameForm>,
}

/// The evidence behind an input rule, e.g. `{ source: seed guide, year: 2020, status: unconfirmed }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Where the rule was seen or stated, e.g. `seed guide (screenshot captions)`.
    pub source: String,
    /// The year of that source, e.g. `2020`.
    #[schemars(range(min = 1990, max = 2100))]
    pub year: u16,
    /// Whether the rule was confirmed on the application as it is today.
    pub status: EvidenceStatus,
}

/// How sure we are of an input rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceStatus {
    /// Tried on the application as it is today: the site states it as fact, `verify` fails on it.
    Confirmed,
    /// Only reported (an old guide, a screenshot): the site says "reported, not confirmed",
    /// `verify` warns.
    Unconfirmed,
}

/// The form of the address a user-name rule asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UsernameForm {
    /// The whole address, `name@domain`.
    Email,
    /// Only the part before the `@`.
    Local,
}

impl InputRule {
    /// Whether the rule was confirmed on today's application.
    pub fn confirmed(&self) -> bool {
        self.evidence.status == EvidenceStatus::Confirmed
    }

    /// The evidence in one line, e.g. `seed guide, 2020, unconfirmed`.
    pub fn evidence_line(&self) -> String {
        let status = crate::words::word(&self.evidence.status);
        format!("{}, {}, {status}", self.evidence.source, self.evidence.year)
    }
}

/// A requirement that holds for every provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GeneralRequirement {
    /// Anchor on the general-requirements page.
    pub id: String,
    /// Heading.
    pub title: String,
    /// The requirement, in Markdown.
    pub body: String,
}

impl SecurityLabels {
    /// The label for one security mode.
    pub fn label(&self, security: crate::recipe::Security) -> &str {
        use crate::recipe::Security;
        match security {
            Security::Starttls => &self.starttls,
            Security::Tls => &self.tls,
            Security::None => &self.none,
        }
    }
}
