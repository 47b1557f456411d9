//! The translation file formats: prose only, keyed by the ids the source already has.
//!
//! A recipe translation (`translations/ru/recipes/gmail.yaml`) and a site translation
//! (`translations/ru/mailbook.yaml`) hold nothing but text a reader reads. Hosts, ports,
//! security modes, codes, dates and URLs exist once, in the recipe; a translation that
//! tries to set one is refused with its file, line and column. These types *are* the
//! schema (`mailbook schema translation`, `mailbook schema site-translation`).

use crate::recipe::Markdown;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which version of the source text each translated field translates: field key → hash of
/// the source text. Written by `mailbook translate update`, never by hand.
pub type TranslatedFrom = BTreeMap<String, String>;

/// The translation of one recipe into one language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecipeTranslation {
    /// Words readers of this language search for, e.g. `[хотмейл, аутлук]` (search only,
    /// never shown).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// The recipe's `summary`, translated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The recipe's `hint`, translated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The names of the settings to switch on, as the provider's interface shows them in
    /// this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires: Option<RequiresText>,
    /// Steps by their id (`create-app-password`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub steps: BTreeMap<String, StepText>,
    /// The servers' remarks, in the recipe's server order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub smtp: Vec<ServerText>,
    /// The limits' remark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<LimitsText>,
    /// The callouts, in the recipe's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<NoteText>,
    /// Troubleshooting entries by their id (`bad-credentials`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub troubleshooting: BTreeMap<String, TroubleText>,
    /// The changelog entries, in the recipe's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changelog: Vec<ChangeText>,
    /// Written by `mailbook translate update`: the hash of the source text each field
    /// translates, so `check` can say which translations went stale. Do not edit.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translated_from: TranslatedFrom,
}

/// What the account needs, in words.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequiresText {
    /// The settings to switch on, in the recipe's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enable: Vec<ToggleText>,
}

/// A setting's name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ToggleText {
    /// The setting's name as the provider's interface shows it in this language.
    pub setting: String,
}

/// A step's prose.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepText {
    /// The step's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The step's body (Markdown; link to the same `#anchors` as the source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Markdown>,
    /// The screenshot's alt text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageText>,
}

/// A screenshot's text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageText {
    /// What the image shows.
    pub alt: String,
}

/// A server's remark.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServerText {
    /// The server's `note`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The limits' remark.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitsText {
    /// The limits' `note` (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Markdown>,
}

/// A callout's text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteText {
    /// The callout's body (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Markdown>,
}

/// A troubleshooting entry's prose.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TroubleText {
    /// The symptom, when it is a description; a server's reply quoted word for word stays
    /// as it is (leave it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symptom: Option<String>,
    /// Why it happens (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Markdown>,
    /// What to do (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Markdown>,
}

/// A changelog entry's text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeText {
    /// What changed (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Markdown>,
}

/// The translation of `mailbook.yaml`'s prose into one language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteTranslation {
    /// The help center's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The one-line description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The application and its form, as readers of this language see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<AppText>,
    /// General requirements by their id (`dedicated-mailbox`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub general_requirements: BTreeMap<String, RequirementText>,
    /// Written by `mailbook translate update`: the hash of the source text each field
    /// translates. Do not edit.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translated_from: TranslatedFrom,
}

/// The application's prose.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppText {
    /// The application's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where the form is, as the application's menus read in this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The form's fields by the value that fills them (`host`, `password`, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<crate::config::FieldValue, FieldText>,
    /// The form's labels of the security modes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_labels: Option<SecurityLabelsText>,
    /// The input rules by their id (`password-letters`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, RuleText>,
}

/// A form field's prose.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldText {
    /// The label as the form shows it in this language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The help under the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// The security modes' labels.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityLabelsText {
    /// The STARTTLS option's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starttls: Option<String>,
    /// The implicit TLS option's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<String>,
    /// The no-encryption option's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub none: Option<String>,
}

/// An input rule's prose.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleText {
    /// What the form requires, in one sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What the merchant can do about it (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Markdown>,
}

/// A general requirement's prose.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequirementText {
    /// The heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The requirement (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Markdown>,
}
