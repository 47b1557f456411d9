//! SMTP servers: one preferred, host names, ports that agree with their security, plaintext
//! only with a reason, authentication, and the user-name template.

use super::identity::check_one_line;
use super::{Annotate, Found};
use crate::recipe::{AuthMechanism, Recipe, Security, SmtpServer};

/// The user name template placeholders.
pub const USERNAME_PLACEHOLDERS: &[&str] = &["{email}", "{local}", "{domain}"];

/// Every rule about the SMTP servers of one recipe.
pub fn check(r: &Recipe, f: &mut Found<'_>) {
    if r.smtp.is_empty() {
        f.error("no-servers", "smtp", "no SMTP server is listed").help(
            "add the provider's submission server (host, port, security, auth, username, password)",
        );
    }
    let preferred = r.smtp.iter().filter(|s| s.preferred).count();
    if r.smtp.len() > 1 && preferred != 1 {
        f.error(
            "preferred-count",
            "smtp",
            format!(
                "{preferred} of the {} servers are marked `preferred`",
                r.smtp.len()
            ),
        )
        .expected("exactly one server with `preferred: true`")
        .help("the help center recommends the preferred server in the admin-panel values");
    }
    for (i, s) in r.smtp.iter().enumerate() {
        check_server(r, s, &format!("smtp[{i}]"), f);
    }
    check_app_password_format(r, f);
}

/// `requires.app_password_format`: a pattern both Rust and the browser can run, matched by
/// its own example (spaces removed, as the panel receives it).
fn check_app_password_format(r: &Recipe, f: &mut Found<'_>) {
    let Some(format) = &r.requires.app_password_format else {
        return;
    };
    let path = "requires.app_password_format";
    let browser_safe = !format.pattern.contains("(?") && !format.pattern.contains("\\p");
    match regex::Regex::new(&format.pattern) {
        Err(e) => {
            f.error(
                "app-password-pattern",
                format!("{path}.pattern"),
                format!("`{}` is not a regular expression: {e}", format.pattern),
            )
            .expected("e.g. `^[a-z]{16}$`");
        }
        Ok(_) if !browser_safe => {
            f.error(
                "app-password-pattern",
                format!("{path}.pattern"),
                format!(
                    "`{}` uses syntax the browser may read differently",
                    format.pattern
                ),
            )
            .expected("anchors, character classes and counts only, e.g. `^[a-z]{16}$`");
        }
        Ok(re) if !re.is_match(&format.example.replace(' ', "")) => {
            f.error(
                "app-password-example",
                format!("{path}.example"),
                format!(
                    "the example `{}` does not match the pattern `{}`",
                    format.example, format.pattern
                ),
            )
            .expected("an example in the provider's format, spaces allowed");
        }
        Ok(_) => {}
    }
    if !r.requires.app_password {
        f.error(
            "app-password-format-unused",
            path,
            "an app password format is given but `requires.app_password` is false",
        )
        .expected("`app_password: true`, or no `app_password_format`");
    }
}

fn check_server(r: &Recipe, s: &SmtpServer, p: &str, f: &mut Found<'_>) {
    // Plain text by design: the page and `providers.json` show it as written.
    if let Some(note) = &s.note
        && (note.contains(['*', '`']) || note.contains("]("))
    {
        f.error(
            "server-note-markdown",
            format!("{p}.note"),
            "a server note is plain text, but this one holds Markdown (`*`, `` ` `` or a link)",
        )
        .expected("plain text, e.g. `Choose Secure Sockets Layer (SSL) in the panel.`");
    }
    if s.host.trim().is_empty() || s.host.contains(['/', ':', ' ', '@']) {
        f.error(
            "not-a-host",
            format!("{p}.host"),
            format!("`{}` is not a host name", s.host.escape_debug()),
        )
        .expected("a host name such as `smtp.gmail.com`, without `https://` or a port");
    } else {
        check_one_line(&s.host, &format!("{p}.host"), f);
    }
    check_port(s, p, f);
    if s.security == Security::None
        && s.plaintext_reason
            .as_deref()
            .is_none_or(|r| r.trim().is_empty())
    {
        f.error(
            "plaintext-without-reason",
            format!("{p}.security"),
            "`security: none` sends the password unencrypted",
        )
        .help("use `starttls` or `tls`; if the provider really offers nothing else, explain why in `plaintext_reason`");
    }
    if s.auth.is_empty() {
        f.error(
            "no-auth",
            format!("{p}.auth"),
            "no authentication mechanism is listed",
        )
        .expected("one or more of plain, login, xoauth2, oauthbearer, cram-md5");
    }
    if r.requires.oauth2_only && !s.auth.contains(&AuthMechanism::Xoauth2) {
        f.error(
            "oauth2-only-without-xoauth2",
            format!("{p}.auth"),
            "`requires.oauth2_only` is set but this server does not list `xoauth2`",
        )
        .help("add `xoauth2` to `auth`, or drop `oauth2_only` if passwords work");
    }
    check_username(&s.username, &format!("{p}.username"), f);
}

/// What a security label written the way mail programs and the admin panel write it means
/// in recipe words (`SSL` → `tls`, `TLS` → ask which one).
pub fn security_word_help(word: &str) -> Option<String> {
    const LABELS: &str = "in the admin panel, \"SSL\" is `tls` (encrypted from the first byte, usually port 465) and \"TLS\" is `starttls` (upgraded after connecting, usually port 587)";
    let key: String = word
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let advice = match key.as_str() {
        "ssl" | "ssltls" | "tlsssl" | "smtps" | "implicittls" => "write `tls`",
        "tls" => {
            "write `tls` if the provider means encryption from the first byte (port 465), `starttls` if it means upgrading after connecting (port 587)"
        }
        "starttls" | "explicittls" => "write `starttls`",
        "plain" | "plaintext" | "no" | "off" | "unencrypted" => {
            "write `none` (and explain it in `plaintext_reason`)"
        }
        _ => return None,
    };
    Some(format!("{advice}; {LABELS}"))
}

/// Port 0 is unusable; 465 and 587 each go with one kind of security.
fn check_port(s: &SmtpServer, p: &str, f: &mut Found<'_>) {
    if s.port == 0 {
        f.error(
            "port-zero",
            format!("{p}.port"),
            "port 0 is not a usable port",
        )
        .expected("587 (STARTTLS) or 465 (TLS), as the provider documents");
        return;
    }
    let usual = match (s.port, s.security) {
        (587, Security::Tls) => {
            Some("`port: 587` goes with `security: starttls`, `port: 465` with `security: tls`")
        }
        (465, Security::Starttls) => {
            Some("`port: 465` goes with `security: tls`, `port: 587` with `security: starttls`")
        }
        _ => None,
    };
    if let Some(usual) = usual {
        f.warning(
            "port-security-mismatch",
            format!("{p}.port"),
            format!(
                "port {} with `security: {}` is unusual",
                s.port,
                s.security.as_str()
            ),
        )
        .help(format!(
            "{usual}; check both values against the provider's help"
        ));
    }
}

fn check_username(template: &str, path: &str, f: &mut Found<'_>) {
    let mut rest = template;
    let mut offset = 0;
    while let Some(open) = rest.find(['{', '}']) {
        let at = offset + rest[..open].chars().count();
        if rest[open..].starts_with('}') {
            f.error(
                "username-template",
                path,
                "unbalanced `}` in the user name template",
            )
            .expected("a template using {email}, {local} and {domain}")
            .within(at);
            return;
        }
        let Some(close) = rest[open..].find('}') else {
            f.error(
                "username-template",
                path,
                "unclosed `{` in the user name template",
            )
            .expected("a template using {email}, {local} and {domain}")
            .within(at);
            return;
        };
        let placeholder = &rest[open..open + close + 1];
        if !USERNAME_PLACEHOLDERS.contains(&placeholder) {
            let d = f
                .error(
                    "username-template",
                    path,
                    format!("unknown placeholder `{placeholder}` in the user name template"),
                )
                .expected("{email} (the full address), {local} (before the @) or {domain}")
                .within(at);
            if let Some(s) = crate::recipe::did_you_mean(placeholder, USERNAME_PLACEHOLDERS) {
                d.help(format!("did you mean `{s}`?"));
            }
        }
        offset += rest[..open + close + 1].chars().count();
        rest = &rest[open + close + 1..];
    }
}
