//! The servers of a provider page: the quick-settings card, the "All servers" table and the
//! admin form filled in with the preferred server's values.

use crate::config::{FieldValue, SiteConfig};
use crate::recipe::{PasswordKind, Recipe, Security, SmtpServer};
use crate::render::catalogue::Words;
use serde::Serialize;

/// One SMTP server as shown on the page.
#[derive(Debug, Clone, Serialize)]
pub struct ServerView {
    /// Host name.
    pub host: String,
    /// Port.
    pub port: u16,
    /// `starttls`, `tls` or `none`.
    pub security: &'static str,
    /// The form's label for the security mode.
    pub security_label: String,
    /// Short technical name (`STARTTLS`, `SSL/TLS`, `none`).
    pub security_name: String,
    /// The user name template as written (`{email}`).
    pub username_template: String,
    /// What to type as the user name, in words.
    pub username_text: String,
    /// The password kind (`app_password` …).
    pub password: &'static str,
    /// What goes into the password field, in words.
    pub password_text: String,
    /// SASL mechanisms, in order.
    pub auth: Vec<&'static str>,
    /// Recommended server.
    pub preferred: bool,
    /// Remark.
    pub note: Option<String>,
}

/// One choice of the form's SSL/TLS select.
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceView {
    /// The form's label for the mode.
    pub label: String,
    /// The mode this provider's preferred server uses.
    pub selected: bool,
}

/// One field of the admin-form preview.
#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    /// The form's label.
    pub label: String,
    /// What the field holds (`host`, `port`, `security`, `username`, `password`, `email`,
    /// `sender`), for the script that fills in the reader's own address.
    pub field: &'static str,
    /// The value filled in; for the password, a made-up example shown masked.
    pub value: String,
    /// `text`, `select` or `password` (the password is a masked example, explained beside).
    pub kind: &'static str,
    /// The select's choices (`kind` `select`).
    pub choices: Vec<ChoiceView>,
    /// The value can be copied as it is (not the password: only the reader has it).
    pub copy: bool,
    /// For the password: what goes in it, in words.
    pub explanation: Option<String>,
    /// Help text under the field.
    pub help: Option<String>,
    /// An id for the input, unique on the page.
    pub id: String,
}

/// The admin-form preview.
#[derive(Debug, Clone, Serialize)]
pub struct FormView {
    /// The application's name.
    pub app_name: String,
    /// Where the form is.
    pub location: String,
    /// Fields in form order.
    pub fields: Vec<FieldView>,
    /// Example mailbox used to fill the fields.
    pub example_email: String,
    /// Set when the form cannot work with this provider (OAuth2 only, no server).
    pub warning: Option<String>,
    /// The password kind word (`app_password` …), empty without a server.
    pub password: &'static str,
    /// What the provider's app passwords look like.
    pub app_password: Option<crate::recipe::AppPasswordFormat>,
}

fn security_name(s: Security, words: Words<'_>) -> String {
    match s {
        Security::Starttls => "STARTTLS".to_string(),
        Security::Tls => "SSL/TLS".to_string(),
        Security::None => words.get("security-none"),
    }
}

fn password_text(p: PasswordKind, words: Words<'_>) -> String {
    words.get(match p {
        PasswordKind::AppPassword => "password-app",
        PasswordKind::AccountPassword => "password-account",
        PasswordKind::Oauth2Token => "password-oauth2",
    })
}

fn username_text(template: &str, words: Words<'_>) -> String {
    match template {
        "{email}" => words.get("username-email"),
        "{local}" => words.get("username-local"),
        other => words.with("username-template", &[("template", other)]),
    }
}

/// The view of one SMTP server.
pub fn server_view(server: &SmtpServer, config: &SiteConfig, words: Words<'_>) -> ServerView {
    ServerView {
        host: server.host.clone(),
        port: server.port,
        security: server.security.as_str(),
        security_label: config
            .app
            .security_labels
            .label(server.security)
            .to_string(),
        security_name: security_name(server.security, words),
        username_template: server.username.clone(),
        username_text: username_text(&server.username, words),
        password: crate::words::word(&server.password),
        password_text: password_text(server.password, words),
        auth: server.auth.iter().map(|a| a.smtp_name()).collect(),
        preferred: server.preferred,
        note: server.note.clone(),
    }
}

/// The *User name* for `email`: as the application's user-name rule says, else as the
/// server's template says.
fn username_value(
    server: &SmtpServer,
    email: &str,
    form: Option<crate::config::UsernameForm>,
) -> String {
    use crate::config::UsernameForm;
    match form {
        Some(UsernameForm::Email) => email.to_string(),
        Some(UsernameForm::Local) => email.split('@').next().unwrap_or(email).to_string(),
        None => server.username_for(email),
    }
}

/// The admin form filled in with this provider's values, for an example mailbox.
pub fn form_view(recipe: &Recipe, config: &SiteConfig, words: Words<'_>) -> FormView {
    let domain = match (recipe.domains.first(), recipe.domain_suffixes.first()) {
        (Some(d), _) => d.clone(),
        (None, Some(suffix)) => format!("yourcompany.{suffix}"),
        (None, None) => "example.com".to_string(),
    };
    let example_email = format!("yourshop@{domain}");
    // The application's user-name rule, when it has one, decides what goes into *User name*.
    let username_form = config.app.rules.iter().find_map(|r| r.username);
    let server = recipe.preferred_server();
    let fields = config
        .app
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let filled = Filled {
                email: &example_email,
                username_form,
                words,
            };
            field_view(i, field, recipe, config, &filled)
        })
        .collect();
    let warning = if recipe.requires.oauth2_only
        || server.is_some_and(|s| s.password == PasswordKind::Oauth2Token)
    {
        Some(words.with(
            "form-oauth2-only",
            &[("name", &recipe.name), ("app", &config.app.name)],
        ))
    } else if server.is_none() {
        Some(words.get("form-no-server"))
    } else {
        None
    };
    FormView {
        app_name: config.app.name.clone(),
        location: config.app.location.clone(),
        fields,
        example_email,
        warning,
        password: server.map_or("", |s| crate::words::word(&s.password)),
        app_password: recipe.requires.app_password_format.clone(),
    }
}

/// A stand-in password for the masked example: the provider's own example (spaces removed,
/// as the panel receives it) or twelve characters.
fn example_password(recipe: &Recipe) -> String {
    recipe
        .requires
        .app_password_format
        .as_ref()
        .map_or_else(|| "x".repeat(12), |f| f.example.replace(' ', ""))
}

/// One field of the form, filled in with the preferred server's values for `email`.
/// What every field of one form is filled from.
struct Filled<'a> {
    email: &'a str,
    username_form: Option<crate::config::UsernameForm>,
    words: Words<'a>,
}

fn field_view(
    i: usize,
    field: &crate::config::FormField,
    recipe: &Recipe,
    config: &SiteConfig,
    filled: &Filled<'_>,
) -> FieldView {
    let (email, username_form) = (filled.email, filled.username_form);
    let server = recipe.preferred_server();
    let mut choices = Vec::new();
    let mut explanation = None;
    let (value, kind) = match (field.value, server) {
        (FieldValue::Host, Some(s)) => (s.host.clone(), "text"),
        (FieldValue::Port, Some(s)) => (s.port.to_string(), "text"),
        (FieldValue::Security, Some(s)) => {
            let labels = &config.app.security_labels;
            choices = [Security::Starttls, Security::Tls, Security::None]
                .into_iter()
                .map(|mode| ChoiceView {
                    label: labels.label(mode).to_string(),
                    selected: mode == s.security,
                })
                .collect();
            (labels.label(s.security).to_string(), "select")
        }
        (FieldValue::Username, Some(s)) => (username_value(s, email, username_form), "text"),
        (FieldValue::Password, Some(s)) => {
            explanation = Some(password_text(s.password, filled.words));
            (example_password(recipe), "password")
        }
        (FieldValue::Email | FieldValue::Sender, _) => (email.to_string(), "text"),
        (_, None) => ("—".to_string(), "text"),
    };
    // The password help speaks of app passwords: it would mislead on a page whose
    // provider takes the account password, or no password at all (Outlook.com).
    let help = match (field.value, server) {
        (FieldValue::Password, Some(s)) if s.password != PasswordKind::AppPassword => None,
        (FieldValue::Password, _) if recipe.requires.oauth2_only => None,
        _ => field.help.clone(),
    };
    FieldView {
        label: field.label.clone(),
        field: crate::words::word(&field.value),
        copy: kind != "password" && server.is_some(),
        value,
        kind,
        choices,
        explanation,
        help,
        id: format!("form-field-{}", i + 1),
    }
}
