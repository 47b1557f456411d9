//! `mailbook import ispdb FILE.xml`: a recipe skeleton (the one `mailbook new` writes) with
//! the data an autoconfig file holds filled in: domains, SMTP servers, documentation pages
//! as sources. Prose stays as the placeholders `check` demands, so a writer starts from
//! data and still writes every sentence.

use crate::drift::autoconfig::Published;
use crate::recipe::AuthMechanism;

/// A recipe id from a domain: `mail.example.com` → `mail-example-com`.
pub fn id_for(domain: &str) -> String {
    domain
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The recipe text: `skeleton` (from `mailbook new`) with `published` filled in.
pub fn fill(skeleton: &str, id: &str, published: &Published) -> Result<String, String> {
    if published.servers.is_empty() {
        return Err("the file lists no SMTP server (<outgoingServer type=\"smtp\">)".into());
    }
    if published.domains.is_empty() {
        return Err("the file lists no <domain>".into());
    }
    let mut text = replace_line(
        skeleton,
        &format!("domains: [{id}.example.invalid]"),
        &format!("domains: [{}]", published.domains.join(", ")),
    )?;
    if let Some(((url, _), rest)) = published.documentation.split_first() {
        let title_line = format!(
            "    title: \"{} the page's title\"",
            crate::recipe::PLACEHOLDER
        );
        let mut titles = String::new();
        titles.push_str(&format!(
            "    title: {}\n",
            title(&published.documentation[0].1)
        ));
        for (url, t) in rest {
            titles.push_str(&format!("  - url: {url}\n    title: {}\n", title(t)));
        }
        text = replace_line(
            &text,
            &format!("  - url: https://{id}.example.invalid/help/smtp"),
            &format!("  - url: {url}"),
        )?;
        text = replace_block(&text, &format!("{title_line}\n"), &titles)?;
    }
    let first = &published.servers[0];
    for (old, new) in [
        (
            format!("  - host: smtp.{id}.example.invalid"),
            format!("  - host: {}", first.host),
        ),
        (
            "    port: 587".to_string(),
            format!("    port: {}", first.port),
        ),
        (
            "    security: starttls".to_string(),
            format!("    security: {}", first.security.as_str()),
        ),
        (
            "    auth: [PLAIN, LOGIN]".to_string(),
            format!("    auth: {}", auth(&first.auth)),
        ),
        (
            "    username: \"{email}\"".to_string(),
            format!(
                "    username: \"{}\"",
                first.username.as_deref().unwrap_or("{email}")
            ),
        ),
    ] {
        text = replace_line(&text, &old, &new)?;
    }
    let mut more = String::new();
    for s in &published.servers[1..] {
        more.push_str(&format!(
            "  - host: {}\n    port: {}\n    security: {}\n    auth: {}\n    username: \"{}\"\n    password: app_password\n",
            s.host,
            s.port,
            s.security.as_str(),
            auth(&s.auth),
            s.username.as_deref().unwrap_or("{email}")
        ));
    }
    replace_block(
        &text,
        "    preferred: true\n",
        &format!("    preferred: true\n{more}"),
    )
}

/// A source title as a YAML string; a placeholder when the file gives none.
fn title(t: &str) -> String {
    let t = if t.is_empty() {
        format!("{} the page's title", crate::recipe::PLACEHOLDER)
    } else {
        t.to_string()
    };
    serde_json::to_string(&t).unwrap_or_default()
}

fn auth(mechs: &Option<Vec<AuthMechanism>>) -> String {
    match mechs {
        Some(m) if !m.is_empty() => crate::drift::compare::mechanism_list(m),
        _ => "[PLAIN, LOGIN]".to_string(),
    }
}

/// Replace the one whole line `old`.
fn replace_line(text: &str, old: &str, new: &str) -> Result<String, String> {
    replace_block(text, &format!("{old}\n"), &format!("{new}\n"))
}

/// Replace the first occurrence of `old`, which the skeleton must contain.
fn replace_block(text: &str, old: &str, new: &str) -> Result<String, String> {
    if !text.contains(old) {
        return Err(format!(
            "internal error: the skeleton has no `{}`",
            old.trim_end()
        ));
    }
    Ok(text.replacen(old, new, 1))
}
