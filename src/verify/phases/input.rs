//! `input`: the credentials as the admin panel would take them, before anything is sent: no
//! control characters, the user name in the recipe's format, and the panel's own input
//! rules from `mailbook.yaml`.

use super::{Out, Runner, State};
use crate::config::FieldValue;
use crate::verify::credentials::{self, Credentials};

/// What the checks found: failures (with their causes and fixes) and evidence.
#[derive(Default)]
struct Findings {
    failures: Vec<String>,
    /// Breaches of rules nobody confirmed on today's panel: reported, never a failure.
    doubts: Vec<String>,
    causes: Vec<String>,
    fixes: Vec<String>,
    evidence: Vec<String>,
}

pub(super) fn input(r: &mut Runner<'_>, _st: &mut State) -> Out {
    let creds = r.creds;
    let Some(username) = creds.username.as_deref().filter(|_| creds.usable()) else {
        return Out::skip(no_credentials(&r.recipe.id));
    };
    if let Some(problem) = credential_problem(creds) {
        let mut out = Out::fail(format!(
            "the panel would reject these credentials (not sent to the server): {problem}"
        ));
        out.fix = Some(
            "Give each value alone on one line: no line break before or after it (in a \
             credentials file, a plain or quoted scalar rather than a `|` block)."
                .to_string(),
        );
        return out;
    }
    let mut f = Findings::default();
    username_format(r, username, &mut f);
    panel_rules(r, username, &mut f);
    // mailbook cannot tell an app password from an account password; say what the recipe
    // expects so a later 535 is read the right way.
    if r.recipe.requires.app_password {
        f.evidence.push(
            "the recipe requires an app password: the account's normal password fails at auth"
                .to_string(),
        );
    }
    if r.recipe.requires.oauth2_only && creds.token.is_none() {
        f.evidence.push(format!(
            "the recipe accepts only OAuth2: set {}TOKEN",
            credentials::env_prefix(&r.recipe.id)
        ));
    }
    if f.failures.is_empty() && f.doubts.is_empty() {
        return Out::pass("the panel would accept these credentials").evidence(f.evidence);
    }
    if f.failures.is_empty() {
        let mut out = Out::warn(format!(
            "the panel may reject these credentials: {}",
            f.doubts.join("; ")
        ))
        .evidence(f.evidence);
        out.cause = Some(f.causes.join("\n\n"));
        out.fix = Some(f.fixes.join("\n\n"));
        return out;
    }
    f.failures.append(&mut f.doubts);
    let mut out = Out::fail(format!(
        "the panel would reject these credentials (not sent to the server): {}",
        f.failures.join("; ")
    ))
    .evidence(f.evidence);
    out.cause = (!f.causes.is_empty()).then(|| f.causes.join("\n\n"));
    out.fix = Some(f.fixes.join("\n\n"));
    out
}

/// The user name follows the recipe's template for the account's address.
fn username_format(r: &Runner<'_>, username: &str, f: &mut Findings) {
    let template = &r.server.username;
    match r.creds.address() {
        Some(address) => {
            let expected = r.server.username_for(address);
            if expected == username {
                f.evidence.push(format!(
                    "user name `{username}` follows the recipe's `{template}`"
                ));
            } else {
                f.failures.push(format!(
                    "the user name `{username}` does not follow the recipe's format `{template}` \
                     (expected `{expected}`)"
                ));
                f.fixes.push(format!("Type `{expected}` as the user name."));
            }
        }
        None if template.contains("{email}") => {
            f.failures.push(format!(
                "the user name `{username}` is not an email address, but the recipe's format \
                 is `{template}` (the full address)"
            ));
            f.fixes
                .push("Use the full email address as the user name.".to_string());
        }
        None => f.evidence.push(format!(
            "user name `{username}` not compared with `{template}`: no address known \
             (set {}EMAIL)",
            credentials::env_prefix(&r.recipe.id)
        )),
    }
}

/// The admin panel's input rules, each on the value it applies to.
fn panel_rules(r: &Runner<'_>, username: &str, f: &mut Findings) {
    let creds = r.creds;
    for (rule, re) in &r.opts.rules {
        let value = match rule.field {
            FieldValue::Username => Some(username),
            FieldValue::Password => creds.password.as_ref().map(|p| p.expose()),
            FieldValue::Email | FieldValue::Sender => creds.address(),
            FieldValue::Host | FieldValue::Port | FieldValue::Security => None,
        };
        let Some(value) = value else { continue };
        // Rules never quote the value: for the password it is the secret itself.
        if re.is_match(value) {
            f.evidence.push(format!(
                "panel rule `{}` ({}): accepted",
                rule.id,
                format!("{:?}", rule.field).to_lowercase()
            ));
        } else if rule.confirmed() {
            f.failures
                .push(format!("panel rule `{}`: {}", rule.id, rule.message));
            f.causes.push(rule.message.clone());
            f.fixes.push(rule.fix.trim().to_string());
        } else {
            f.doubts.push(format!(
                "panel rule `{}` (reported, not confirmed: {}): {}",
                rule.id,
                rule.evidence_line(),
                rule.message
            ));
            f.causes
                .push(format!("Reported, not confirmed: {}", rule.message));
            f.fixes.push(rule.fix.trim().to_string());
        }
    }
}

pub(super) fn no_credentials(recipe_id: &str) -> String {
    let p = credentials::env_prefix(recipe_id);
    format!(
        "no credentials: set {p}USERNAME and {p}PASSWORD (or {p}TOKEN), or pass --credentials FILE"
    )
}

/// Why the credentials cannot be used as they are: a control character (a line break
/// pasted along, a YAML `|` block's final newline, an escape sequence). The user name is
/// quoted escaped, never raw; a secret is never quoted at all.
pub(super) fn credential_problem(creds: &Credentials) -> Option<String> {
    let username = creds.username.as_deref().unwrap_or_default();
    if username.chars().any(char::is_control) {
        return Some(format!(
            "the user name contains control characters (a line break or similar): `{}`",
            username.escape_debug()
        ));
    }
    for (what, secret) in [("password", &creds.password), ("token", &creds.token)] {
        if secret
            .as_ref()
            .is_some_and(|s| s.expose().chars().any(char::is_control))
        {
            return Some(format!(
                "the {what} contains control characters (often a line break copied with it, \
                 or the final newline of a YAML `|` block)"
            ));
        }
    }
    None
}
