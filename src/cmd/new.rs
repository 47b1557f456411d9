//! `mailbook new`: write a commented recipe skeleton.
//!
//! The comments are the `///` docs of the recipe types, read from the generated JSON Schema,
//! so the skeleton never disagrees with the format. Values the writer must supply are
//! placeholders (`TODO:` text, `example.invalid` hosts and URLs) that `check` reports until
//! they are replaced.

use crate::recipe::docs::{field_doc, recipe_schema, variants};
use crate::recipe::{PLACEHOLDER, RECIPES_DIR, rules::is_slug};
use anyhow::{Context, bail};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The skeleton. A line `@path` becomes the documentation of that field (or type, for
/// `@Type`) as `#` comments, indented like the next line. `{id}`, `{name}`, `{today}` and
/// `{todo}` are filled in.
const SKELETON: &str = r#"# yaml-language-server: $schema=../schemas/recipe.schema.json
@
#
# Written by `mailbook new`. Replace every `{todo}` text and every `example.invalid` host or
# URL, then run `mailbook check` until it reports no problems. Optional fields are commented
# out: remove the `#` to use one.

@id
id: {id}
@name
name: {name}
@aliases
aliases: []
@domains
domains: [{id}.example.invalid]
@domain_suffixes
domain_suffixes: []
@mx_patterns
mx_patterns: []
@message_hints
message_hints: []
@dots_ignored
# dots_ignored: false
@status
status: unverified
@hint
# hint: "{todo} what the reader must know before starting"
@summary
summary: "{todo} one sentence shown on the provider card"
@reviewed
reviewed: {today}
@sources
sources:
  @sources.url
  - url: https://{id}.example.invalid/help/smtp
    @sources.title
    title: "{todo} the page's title"

@links
links:
  @links.register
  register: https://{id}.example.invalid/signup
  @links.app_passwords
  # app_passwords: https://{id}.example.invalid/app-passwords
  @links.security
  # security: https://{id}.example.invalid/security
  @links.smtp_help
  smtp_help: https://{id}.example.invalid/help/smtp

@requires
requires:
  @requires.two_step_verification
  # two_step_verification: true
  @requires.app_password
  app_password: false
  @requires.app_password_format
  # app_password_format: { pattern: "^[a-z]{16}$", looks_like: "16 letters", example: "abcd efgh ijkl mnop" }
  @requires.oauth2_only
  oauth2_only: false
  @requires.enable
  enable: []

@steps
steps:
  @steps.id
  - id: sign-in
    @steps.title
    title: "{todo} short imperative title, e.g. Turn on 2-step verification"
    @steps.link
    # link: https://{id}.example.invalid/security
    @steps.body
    body: |
      {todo} what to do, in Markdown. Link to another step with [its title](#sign-in).
    @steps.image
    # image: { src: images/{id}/sign-in.png, alt: What the screenshot shows }

@smtp
smtp:
  @smtp.host
  - host: smtp.{id}.example.invalid
    @smtp.port
    port: 587
    @smtp.security
    security: starttls
    @smtp.auth
    auth: [PLAIN, LOGIN]
    @smtp.username
    username: "{email}"
    @smtp.password
    password: app_password
    @smtp.preferred
    preferred: true

@limits
# limits:
#   messages_per_day: 500

@notes
notes: []

@troubleshooting
troubleshooting: []
#  - id: bad-credentials
#    match: { phase: auth, code: 535, enhanced: 5.7.8 }
#    symptom: "535 5.7.8 Authentication failed"
#    cause: Why it happens.
#    fix: What to do, e.g. [sign in again](#sign-in).

@checks
checks: {}

@changelog
changelog: []
"#;

/// Run `new`.
pub fn run(root: &Path, id: &str, name: Option<&str>) -> anyhow::Result<ExitCode> {
    check_new(root, id)?;
    // Without --name the display name is a placeholder too, so `check` asks for it.
    let placeholder = format!("{PLACEHOLDER} display name, e.g. Yahoo Mail");
    let text = skeleton(id, name.unwrap_or(&placeholder));
    write_new(root, id, &text)?;
    eprintln!(
        "wrote {RECIPES_DIR}/{id}.yaml: fill in the `{PLACEHOLDER}` and `example.invalid` placeholders, then run `mailbook check`"
    );
    Ok(ExitCode::SUCCESS)
}

/// Refuse an id that is not a slug, or a folder that is not a project.
pub fn check_new(root: &Path, id: &str) -> anyhow::Result<()> {
    if !is_slug(id) {
        bail!(
            "`{id}` is not a valid recipe id: use lowercase letters, digits and single dashes, e.g. `yahoo` or `gmx-net`"
        );
    }
    if !root.join(crate::recipe::CONFIG_FILE).is_file() {
        bail!(
            "{} has no {}: run `mailbook new` in the project folder, or pass --root DIR",
            root.display(),
            crate::recipe::CONFIG_FILE
        );
    }
    Ok(())
}

/// Write `recipes/<id>.yaml`, never replacing an existing file.
pub fn write_new(root: &Path, id: &str, text: &str) -> anyhow::Result<()> {
    let dir = root.join(RECIPES_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(format!("{id}.yaml"));
    // `create_new` refuses to replace an existing recipe, even one created a moment ago.
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => bail!(
            "{RECIPES_DIR}/{id}.yaml already exists; `mailbook new` never overwrites a recipe (edit it, or pick another id)"
        ),
        Err(e) => return Err(e).with_context(|| format!("cannot write {}", path.display())),
    };
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The skeleton text for a recipe.
pub fn skeleton(id: &str, name: &str) -> String {
    let schema = recipe_schema();
    let today = jiff::Zoned::now().date().to_string();
    let lines: Vec<&str> = SKELETON.lines().collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if let Some(path) = trimmed.strip_prefix('@') {
            let next = lines.get(i + 1).copied().unwrap_or_default();
            let indent = &next[..next.len() - next.trim_start().len()];
            let indent = if next.trim_start().starts_with('#') && path.is_empty() {
                ""
            } else {
                indent
            };
            for doc in describe(schema, path).lines() {
                out.push_str(indent);
                out.push_str("# ");
                out.push_str(doc);
                out.push('\n');
            }
            continue;
        }
        out.push_str(
            &line
                .replace("{id}", id)
                .replace("{name}", &yaml_string(name))
                .replace("{today}", &today)
                .replace("{todo}", PLACEHOLDER),
        );
        out.push('\n');
    }
    out
}

/// A YAML scalar for any display name (quoted when plain style would change its meaning).
fn yaml_string(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || " .-_()".contains(c))
        && !s.starts_with([' ', '-'])
        && !s.ends_with(' ')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~"
        )
        && s.parse::<f64>().is_err();
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// The documentation of a field path (`smtp.host`), or of the recipe for the empty path,
/// with the allowed values of an enum listed one per line.
fn describe(schema: &Value, path: &str) -> String {
    let mut text = if path.is_empty() {
        schema
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    } else {
        field_doc(schema, path).unwrap_or_default()
    };
    for (value, doc) in variants(schema, path) {
        text.push_str(&format!("\n  {value}: {doc}"));
    }
    wrap(&text, 92)
}

/// Wrap each paragraph line at `width` columns.
fn wrap(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for para in text.lines() {
        let indent = &para[..para.len() - para.trim_start().len()];
        let mut line = indent.to_string();
        for word in para.split_whitespace() {
            if line.trim().len() + word.len() + 1 > width && !line.trim().is_empty() {
                out.push(line);
                line = if indent.is_empty() {
                    String::new()
                } else {
                    format!("{indent}    ")
                };
            }
            if !line.trim().is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push(line);
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_recipe_field_is_in_the_skeleton() {
        let schema = serde_json::to_value(schemars::schema_for!(crate::recipe::Recipe)).unwrap();
        let props = schema["properties"].as_object().unwrap();
        for key in props.keys() {
            assert!(
                SKELETON.contains(&format!("@{key}\n")),
                "the skeleton does not document `{key}`"
            );
        }
    }

    #[test]
    fn comments_come_from_the_types() {
        let text = skeleton("yahoo", "Yahoo Mail");
        assert!(text.contains("# Display name of the provider, e.g. `Gmail`."));
        assert!(text.contains("#   starttls: Plain connection upgraded with the STARTTLS command"));
        assert!(text.contains("name: Yahoo Mail\n"));
        let parsed: crate::recipe::Recipe = serde_saphyr::from_str(&text).unwrap();
        assert_eq!(parsed.id, "yahoo");
    }

    #[test]
    fn without_a_name_the_name_is_a_placeholder() {
        let placeholder = format!("{PLACEHOLDER} display name");
        let text = skeleton("gmx", &placeholder);
        assert!(text.contains("name: \"TODO: display name\"\n"), "{text}");
    }

    #[test]
    fn names_are_quoted_when_needed() {
        assert_eq!(yaml_string("Yahoo Mail"), "Yahoo Mail");
        assert_eq!(yaml_string("yes"), "\"yes\"");
        assert_eq!(yaml_string("GMX: mail"), "\"GMX: mail\"");
    }
}
