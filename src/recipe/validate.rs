//! Rules beyond the types: within a recipe (unique step ids, links to anchors that exist,
//! status-dependent fields) and across recipes (unique ids and domains), plus the site
//! configuration's own rules.
//!
//! Rules name the field path of what they complain about; the location (line, column and
//! the source line) is looked up afterwards, and only for files that have a problem.

use crate::config::{FieldValue, SiteConfig};
use crate::diagnostic::Diagnostic;
use crate::recipe::locate::PathMap;
use crate::recipe::{
    AuthMechanism, LoadedRecipe, Project, RECIPES_DIR, Recipe, Security, SourceFile,
};
use jiff::civil::Date;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path};

/// Anchors every provider page has besides its step and troubleshooting ids, so recipes may
/// link to them (`[settings](#settings)`) and the build must render them with these ids.
pub const PAGE_ANCHORS: &[&str] = &[
    "settings",
    "requirements",
    "steps",
    "form",
    "notes",
    "troubleshooting",
    "limits",
    "changelog",
    "sources",
];

/// The marker `mailbook new` writes into text it cannot know; `check` rejects any value that
/// still starts with it. Host names and URLs use the reserved `example.invalid` domain
/// ([`PLACEHOLDER_DOMAIN`]) instead, so they still look like host names and URLs.
pub const PLACEHOLDER: &str = "TODO:";

/// The domain `mailbook new` uses in placeholder hosts, domains and URLs (RFC 2606 reserves
/// `.invalid`, so it can never be real).
pub const PLACEHOLDER_DOMAIN: &str = "example.invalid";

/// The user name template placeholders.
const USERNAME_PLACEHOLDERS: &[&str] = &["{email}", "{local}", "{domain}"];

/// Every rule over a loaded project; errors and warnings, in file order.
pub fn validate(project: &Project) -> Vec<Diagnostic> {
    validate_loaded(
        &project.root,
        Some((&project.config_source, &project.config)),
        &project.recipes,
    )
}

/// Every rule over whatever loaded (the configuration may be missing when it failed to
/// parse; then the rules that need it are skipped). Diagnostics come back located and in
/// file order.
pub fn validate_loaded(
    root: &Path,
    config: Option<(&SourceFile, &SiteConfig)>,
    recipes: &[LoadedRecipe],
) -> Vec<Diagnostic> {
    let today = jiff::Zoned::now().date();
    let mut out = Vec::new();
    if let Some((source, config)) = config {
        let mut f = Found::new(&source.path);
        check_config(config, &mut f);
        out.extend(f.locate(source));
    }
    let max_age = config.map_or(365, |(_, c)| c.review_max_age_days);
    let recipes_dir = root.join(RECIPES_DIR);
    // The rules within one recipe, on every core; then the rules across recipes, in order.
    let found = in_parallel(recipes, |loaded| {
        let mut f = Found::new(&loaded.source.path);
        check_recipe(&loaded.recipe, &loaded.source.path, today, max_age, &mut f);
        check_images(&loaded.recipe, &recipes_dir, &mut f);
        f
    });
    let mut ids: HashMap<&str, &Path> = HashMap::new();
    let mut domains: HashMap<String, &Path> = HashMap::new();
    for (loaded, mut f) in recipes.iter().zip(found) {
        let r = &loaded.recipe;
        if let Some(first) = ids.insert(&r.id, &loaded.source.path) {
            f.error(
                "id",
                format!("the id `{}` is also used by {}", r.id, first.display()),
            )
            .help("every recipe needs its own id");
        }
        let listed = r
            .domains
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("domains[{i}]"), d, ""));
        // Suffixes get their own key space: `onmicrosoft.com` as a suffix and as a domain
        // are different claims.
        let suffixes = r
            .domain_suffixes
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("domain_suffixes[{i}]"), d, "*."));
        for (path, domain, kind) in listed.chain(suffixes) {
            let key = format!("{kind}{}", domain.to_lowercase());
            match domains.get(&key).copied() {
                Some(first) if first != loaded.source.path.as_path() => {
                    f.error(
                        path,
                        format!("the domain `{domain}` is also claimed by {}", first.display()),
                    )
                    .help("a domain belongs to exactly one provider; remove it from one of the recipes");
                }
                Some(_) => {}
                None => {
                    domains.insert(key, &loaded.source.path);
                }
            }
        }
        out.extend(f.locate(&loaded.source));
    }
    out.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    out
}

/// `check` applied to every recipe, on every core; the results keep the order of `recipes`.
fn in_parallel<'a, T: Send>(
    recipes: &'a [LoadedRecipe],
    check: impl Fn(&'a LoadedRecipe) -> T + Sync,
) -> Vec<T> {
    super::parallel::map_chunks(recipes, check)
        .into_iter()
        // The checks do not panic; if one ever did, the build should stop loudly.
        .flat_map(|chunk| chunk.expect("a validation thread panicked"))
        .collect()
}

/// Collects the diagnostics of one file (paths only; locations come later).
struct Found<'a> {
    file: &'a Path,
    out: Vec<Diagnostic>,
    /// Diagnostic index → text to point at inside the field's value (a link in Markdown).
    needles: HashMap<usize, String>,
    /// Diagnostic index → a field whose location stands in for a missing one.
    near: HashMap<usize, String>,
}

impl<'a> Found<'a> {
    fn new(file: &'a Path) -> Self {
        Found {
            file,
            out: Vec::new(),
            needles: HashMap::new(),
            near: HashMap::new(),
        }
    }

    fn push(&mut self, d: Diagnostic) -> &mut Diagnostic {
        self.out.push(d);
        self.out.last_mut().expect("just pushed")
    }

    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic::error(self.file, message).path(path))
    }

    fn warning(&mut self, path: impl Into<String>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic::warning(self.file, message).path(path))
    }

    /// Point the last diagnostic at `text` inside its field's value.
    fn needle(&mut self, text: impl Into<String>) {
        self.needles.insert(self.out.len() - 1, text.into());
    }

    /// Show the last diagnostic at `path` (for a missing field, where it belongs).
    fn near(&mut self, path: impl Into<String>) {
        self.near.insert(self.out.len() - 1, path.into());
    }

    /// Give each diagnostic its line, column and source line.
    fn locate(self, source: &SourceFile) -> Vec<Diagnostic> {
        if self.out.is_empty() {
            return self.out;
        }
        let map = PathMap::new(&source.text);
        let lines: Vec<&str> = source.text.lines().collect();
        let (needles, near) = (self.needles, self.near);
        self.out
            .into_iter()
            .enumerate()
            .map(|(i, d)| {
                let path = near.get(&i).map_or(d.path.as_str(), String::as_str);
                let Some((mut line, mut column)) = map.locate(path) else {
                    return d;
                };
                if let Some(needle) = needles.get(&i)
                    && let Some(at) = find_after(&lines, line, column, needle)
                {
                    (line, column) = at;
                }
                d.at(line, column).with_source(&source.text)
            })
            .collect()
    }
}

/// The first place `needle` is written at or after `line`:`column` (within a few dozen
/// lines: a field's value), as 1-based line and character column.
fn find_after(lines: &[&str], line: u64, column: u64, needle: &str) -> Option<(u64, u64)> {
    let first = line.checked_sub(1)? as usize;
    for (i, text) in lines.iter().enumerate().skip(first).take(60) {
        let from = if i == first {
            text.char_indices()
                .nth(column.saturating_sub(1) as usize)
                .map_or(text.len(), |(b, _)| b)
        } else {
            0
        };
        if let Some(b) = text[from..].find(needle) {
            let col = text[..from + b].chars().count() as u64 + 1;
            return Some((i as u64 + 1, col));
        }
    }
    None
}

/// In-place builder helpers so rules read as one expression.
trait Annotate {
    fn help(&mut self, help: impl Into<String>) -> &mut Self;
    fn expected(&mut self, expected: impl Into<String>) -> &mut Self;
}

impl Annotate for Diagnostic {
    fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
    fn expected(&mut self, expected: impl Into<String>) -> &mut Self {
        self.expected = Some(expected.into());
        self
    }
}

/// `gmail`, `create-app-password`: lowercase letters and digits, single dashes between.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

const SLUG_EXPECTED: &str =
    "lowercase letters, digits and single dashes, e.g. `create-app-password`";

fn check_recipe(r: &Recipe, file: &Path, today: Date, max_age: u32, f: &mut Found<'_>) {
    // Identity.
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if !is_slug(&r.id) {
        f.error("id", format!("the id `{}` is not a valid id", r.id))
            .expected(SLUG_EXPECTED);
    } else if r.id != stem {
        f.error(
            "id",
            format!("the id `{}` does not match the file name", r.id),
        )
        .expected(format!("`{stem}` (the file is {})", file.display()))
        .help(format!(
            "rename the file to {RECIPES_DIR}/{}.yaml or set `id: {stem}`",
            r.id
        ));
    }
    if r.domains.is_empty() && r.domain_suffixes.is_empty() && r.mx_patterns.is_empty() {
        f.error("domains", "no domains are listed")
            .help("list the email domains this provider serves, e.g. `[gmail.com]` (or `domain_suffixes` / `mx_patterns` for custom domains)");
    }
    let mut seen = HashSet::new();
    let listed = r.domains.iter().map(|d| ("domains", d));
    let suffixes = r.domain_suffixes.iter().map(|d| ("domain_suffixes", d));
    let mut index = HashMap::new();
    for (field, d) in listed.chain(suffixes) {
        let i = index.entry(field).or_insert(0);
        let p = format!("{field}[{i}]");
        *i += 1;
        if d != &d.to_lowercase() {
            f.error(&p, format!("the domain `{d}` has capital letters"))
                .expected(format!("`{}`", d.to_lowercase()));
        } else if !is_domain(d) {
            f.error(&p, format!("`{d}` is not a domain name"))
                .expected("a domain such as `gmail.com`, without `@` or `http://`");
        }
        if !seen.insert(d.to_lowercase()) {
            f.error(&p, format!("the domain `{d}` is listed twice"));
        }
    }
    if r.status.needs_hint() && r.hint.as_deref().is_none_or(|h| h.trim().is_empty()) {
        f.error(
            "hint",
            format!("status `{}` needs a `hint`", r.status.as_str()),
        )
        .help("add `hint:` with one sentence telling the reader what to expect or do first");
        f.near("status");
    }
    // Review date.
    if r.reviewed > today {
        f.error(
            "reviewed",
            format!("the review date {} is in the future", r.reviewed),
        )
        .help("write the day the recipe was last checked against the provider's help");
    } else if let Ok(span) = today.since(r.reviewed)
        && i64::from(span.get_days()) > i64::from(max_age)
    {
        f.warning(
            "reviewed",
            format!(
                "the recipe was last reviewed on {}, more than {max_age} days ago",
                r.reviewed
            ),
        )
        .help("re-read the provider's official help against this recipe, then update `reviewed`");
    }
    // URLs in typed fields.
    if r.sources.is_empty() {
        f.error("sources", "no sources are listed")
            .help("list the provider's official help pages that back this recipe");
    }
    for (path, url) in url_fields(r) {
        check_url(url, &path, f);
    }
    // Anchors: steps and troubleshooting entries share the page with the fixed sections.
    let mut anchors: HashMap<&str, String> = PAGE_ANCHORS
        .iter()
        .map(|a| (*a, "a section of every provider page".to_string()))
        .collect();
    if r.steps.is_empty() {
        f.error("steps", "no steps are listed")
            .help("describe what the merchant does, one step per action");
    }
    let entries = r
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("steps[{i}]"), s.id.as_str()))
        .chain(
            r.troubleshooting
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("troubleshooting[{i}]"), t.id.as_str())),
        )
        .collect::<Vec<_>>();
    for (at, id) in &entries {
        let p = format!("{at}.id");
        if !is_slug(id) {
            f.error(&p, format!("`{id}` is not a valid anchor id"))
                .expected(SLUG_EXPECTED);
        } else if let Some(first) = anchors.get(id) {
            f.error(&p, format!("the anchor `{id}` is already used by {first}"))
                .help("step and troubleshooting ids share one page, so each must be unique");
        } else {
            anchors.insert(id, at.clone());
        }
    }
    // Markdown fields: anchors exist, no script links.
    let mut markdown: Vec<(String, &str)> = Vec::new();
    for (i, s) in r.steps.iter().enumerate() {
        markdown.push((format!("steps[{i}].body"), &s.body));
    }
    for (i, n) in r.notes.iter().enumerate() {
        markdown.push((format!("notes[{i}].body"), &n.body));
    }
    for (i, t) in r.troubleshooting.iter().enumerate() {
        markdown.push((format!("troubleshooting[{i}].cause"), &t.cause));
        markdown.push((format!("troubleshooting[{i}].fix"), &t.fix));
    }
    if let Some(note) = r.limits.as_ref().and_then(|l| l.note.as_deref()) {
        markdown.push(("limits.note".to_string(), note));
    }
    for (i, c) in r.changelog.iter().enumerate() {
        markdown.push((format!("changelog[{i}].change"), &c.change));
    }
    for (path, text) in &markdown {
        check_markdown_links(text, path, &anchors, f);
    }
    // SMTP servers.
    check_servers(r, f);
    // Troubleshooting criteria.
    for (i, t) in r.troubleshooting.iter().enumerate() {
        let m = &t.matches;
        let p = format!("troubleshooting[{i}].match");
        if m.phase.is_none() && m.code.is_none() && m.enhanced.is_none() && m.text.is_none() {
            f.error(&p, "the entry matches nothing")
                .expected("at least one of phase, code, enhanced, text");
        }
        if let Some(code) = m.code
            && !(200..=599).contains(&code)
        {
            f.error(
                format!("{p}.code"),
                format!("`{code}` is not an SMTP reply code"),
            )
            .expected("a three-digit code from 200 to 599, e.g. 535");
        }
        if let Some(e) = &m.enhanced
            && !is_enhanced_code(e)
        {
            f.error(
                format!("{p}.enhanced"),
                format!("`{e}` is not an enhanced status code"),
            )
            .expected("class.subject.detail as in RFC 3463, e.g. `5.7.8`");
        }
        if m.text.as_deref().is_some_and(|t| t.trim().is_empty()) {
            f.error(format!("{p}.text"), "the text to match is empty");
        }
    }
    // Skips.
    for (i, s) in r.checks.skip.iter().enumerate() {
        let p = format!("checks.skip[{i}]");
        if s.until < today {
            f.error(
                format!("{p}.until"),
                format!("the skip of `{}` expired on {}", s.check, s.until),
            )
            .help("check whether the reason still holds: remove the skip, or extend `until` with a fresh reason");
        }
        if s.reason.trim().is_empty() {
            f.error(format!("{p}.reason"), "the reason is empty");
        }
        if let Some(server) = &s.server
            && !r
                .smtp
                .iter()
                .any(|x| format!("{}:{}", x.host, x.port) == *server)
        {
            let known: Vec<_> = r
                .smtp
                .iter()
                .map(|x| format!("{}:{}", x.host, x.port))
                .collect();
            f.error(
                format!("{p}.server"),
                format!("`{server}` is not one of this recipe's servers"),
            )
            .expected(format!("one of {}", known.join(", ")));
        }
    }
    for (i, s) in r.steps.iter().enumerate() {
        if s.title.trim().is_empty() {
            f.error(format!("steps[{i}].title"), "the title is empty");
        }
    }
    check_placeholders(r, f);
}

fn check_servers(r: &Recipe, f: &mut Found<'_>) {
    if r.smtp.is_empty() {
        f.error("smtp", "no SMTP server is listed").help(
            "add the provider's submission server (host, port, security, auth, username, password)",
        );
    }
    let preferred = r.smtp.iter().filter(|s| s.preferred).count();
    if r.smtp.len() > 1 && preferred != 1 {
        f.error(
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
        let p = format!("smtp[{i}]");
        if s.host.trim().is_empty() || s.host.contains(['/', ':', ' ', '@']) {
            f.error(
                format!("{p}.host"),
                format!("`{}` is not a host name", s.host),
            )
            .expected("a host name such as `smtp.gmail.com`, without `https://` or a port");
        }
        if s.port == 0 {
            f.error(format!("{p}.port"), "port 0 is not a usable port")
                .expected("587 (STARTTLS) or 465 (TLS), as the provider documents");
        }
        if s.security == Security::None
            && s.plaintext_reason
                .as_deref()
                .is_none_or(|r| r.trim().is_empty())
        {
            f.error(
                format!("{p}.security"),
                "`security: none` sends the password unencrypted",
            )
            .help("use `starttls` or `tls`; if the provider really offers nothing else, explain why in `plaintext_reason`");
        }
        if s.auth.is_empty() {
            f.error(format!("{p}.auth"), "no authentication mechanism is listed")
                .expected("one or more of plain, login, xoauth2, oauthbearer, cram-md5");
        }
        if r.requires.oauth2_only && !s.auth.contains(&AuthMechanism::Xoauth2) {
            f.error(
                format!("{p}.auth"),
                "`requires.oauth2_only` is set but this server does not list `xoauth2`",
            )
            .help("add `xoauth2` to `auth`, or drop `oauth2_only` if passwords work");
        }
        check_username(&s.username, &format!("{p}.username"), f);
    }
}

fn check_username(template: &str, path: &str, f: &mut Found<'_>) {
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            f.error(path, "unbalanced `}` in the user name template")
                .expected("a template using {email}, {local} and {domain}");
            return;
        }
        let Some(close) = rest[open..].find('}') else {
            f.error(path, "unclosed `{` in the user name template")
                .expected("a template using {email}, {local} and {domain}");
            return;
        };
        let placeholder = &rest[open..open + close + 1];
        if !USERNAME_PLACEHOLDERS.contains(&placeholder) {
            let names: Vec<&str> = USERNAME_PLACEHOLDERS.to_vec();
            let d = f
                .error(
                    path,
                    format!("unknown placeholder `{placeholder}` in the user name template"),
                )
                .expected("{email} (the full address), {local} (before the @) or {domain}");
            if let Some(s) = crate::recipe::did_you_mean(placeholder, &names) {
                d.help(format!("did you mean `{s}`?"));
            }
        }
        rest = &rest[open + close + 1..];
    }
}

/// RFC 3463 `class.subject.detail`: `5.7.8`, `4.7.0`, `5.7.139`.
fn is_enhanced_code(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    let digits = |p: &str, max: usize| {
        !p.is_empty() && p.len() <= max && p.chars().all(|c| c.is_ascii_digit())
    };
    parts.len() == 3
        && parts[0].len() == 1
        && digits(parts[0], 1)
        && digits(parts[1], 3)
        && digits(parts[2], 3)
}

fn is_domain(s: &str) -> bool {
    s.contains('.')
        && s.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Every typed URL field of a recipe with its field path: what `check` requires to be
/// absolute `https://` addresses and what `check --external` probes (with Markdown links).
pub(crate) fn url_fields(r: &Recipe) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    for (i, s) in r.sources.iter().enumerate() {
        out.push((format!("sources[{i}].url"), s.url.as_str()));
    }
    for (name, url) in [
        ("register", &r.links.register),
        ("app_passwords", &r.links.app_passwords),
        ("security", &r.links.security),
        ("smtp_help", &r.links.smtp_help),
    ] {
        if let Some(url) = url {
            out.push((format!("links.{name}"), url.as_str()));
        }
    }
    for (i, t) in r.requires.enable.iter().enumerate() {
        if let Some(url) = &t.link {
            out.push((format!("requires.enable[{i}].link"), url.as_str()));
        }
    }
    for (i, s) in r.steps.iter().enumerate() {
        if let Some(url) = &s.link {
            out.push((format!("steps[{i}].link"), url.as_str()));
        }
    }
    for (i, c) in r.changelog.iter().enumerate() {
        if let Some(url) = &c.source {
            out.push((format!("changelog[{i}].source"), url.as_str()));
        }
    }
    out
}

/// An absolute `https://` URL; `http://` is only a warning.
fn check_url(url: &str, path: &str, f: &mut Found<'_>) {
    let rest = url
        .strip_prefix("https://")
        .map(|r| (r, true))
        .or_else(|| url.strip_prefix("http://").map(|r| (r, false)));
    match rest {
        Some((rest, secure)) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            if host.is_empty() || url.contains(char::is_whitespace) {
                f.error(path, format!("`{url}` is not a valid URL"))
                    .expected("an absolute URL such as `https://support.example.com/page`");
            } else if !secure {
                f.warning(path, format!("`{url}` uses plain `http:`"))
                    .help("use the `https://` address of the page");
            }
        }
        None => {
            f.error(path, format!("`{url}` is not an absolute web address"))
                .expected("an absolute URL starting with `https://`");
        }
    }
}

/// Links in Markdown: `#anchor` must exist on the page; `javascript:` and similar are refused.
fn check_markdown_links(
    text: &str,
    path: &str,
    anchors: &HashMap<&str, String>,
    f: &mut Found<'_>,
) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    // Every link and image in Markdown starts with `[` (`![`) or `<` (autolinks; there are
    // no bare-URL links without the GFM autolink extension, which pulldown-cmark lacks), so
    // text with neither needs no parse: this runs over every field of every recipe.
    if !text.contains(['[', '<']) {
        return;
    }
    for event in Parser::new_ext(text, Options::ENABLE_GFM) {
        let dest = match &event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url.to_string(),
            _ => continue,
        };
        if let Some(anchor) = dest.strip_prefix('#') {
            if !anchors.contains_key(anchor) {
                let mut known: Vec<&str> = anchors.keys().copied().collect();
                known.sort_unstable();
                let d = f
                    .error(
                        path,
                        format!("the link `#{anchor}` points at no step or troubleshooting entry"),
                    )
                    .expected(format!("one of {}", known.join(", ")));
                if let Some(s) = crate::recipe::did_you_mean(anchor, &known) {
                    d.help(format!("did you mean `#{s}`?"));
                }
                f.needle(format!("#{anchor}"));
            }
            continue;
        }
        // Read as the renderer and browsers read it, so `java&#9;script:` is refused here too.
        match crate::text::link_scheme(&dest).as_deref() {
            Some("https") | Some("mailto") => {}
            None => {
                // A relative link would resolve against wherever the page is published.
                f.error(
                    path,
                    format!("the link `{dest}` is neither a page anchor nor a web address"),
                )
                .expected(
                    "`#step-id`, a page section such as `#settings`, or an absolute `https://` URL",
                );
                f.needle(dest.clone());
            }
            Some("http") => {
                f.warning(path, format!("the link `{dest}` uses plain `http:`"))
                    .help("use the `https://` address of the page");
                f.needle(dest.clone());
            }
            Some(other) => {
                f.error(
                    path,
                    format!("the link `{dest}` uses `{other}:`, which is not allowed"),
                )
                .expected("an `https://` link, a `mailto:` link or a `#anchor` on the page");
                f.needle(format!("{}:", dest.split(':').next().unwrap_or(other)));
            }
        }
    }
}

/// Images stay inside `recipes/` (no `..`, no absolute path, no symlink out), exist, and
/// describe themselves.
fn check_images(r: &Recipe, recipes_dir: &Path, f: &mut Found<'_>) {
    for (i, step) in r.steps.iter().enumerate() {
        let Some(image) = &step.image else { continue };
        let p = format!("steps[{i}].image");
        if image.alt.trim().is_empty() {
            f.error(format!("{p}.alt"), "the image has no alt text")
                .help("describe what the screenshot shows, for readers who cannot see it");
        }
        let src = Path::new(&image.src);
        let escapes = image.src.contains('\\')
            || src.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::RootDir | Component::Prefix(_)
                )
            });
        if image.src.trim().is_empty() {
            f.error(format!("{p}.src"), "the image path is empty");
            continue;
        }
        if escapes || image.src.contains("://") {
            f.error(
                format!("{p}.src"),
                format!("the image path `{}` leaves the recipes folder", image.src),
            )
            .expected(format!(
                "a path inside {RECIPES_DIR}/, e.g. `images/{}/step.png`",
                r.id
            ));
            continue;
        }
        let full = recipes_dir.join(src);
        match (full.canonicalize(), recipes_dir.canonicalize()) {
            (Ok(real), Ok(base)) if real.starts_with(&base) && real.is_file() => {}
            (Ok(real), Ok(base)) if !real.starts_with(&base) => {
                f.error(
                    format!("{p}.src"),
                    format!(
                        "the image `{}` is a link to a file outside the recipes folder",
                        image.src
                    ),
                )
                .help("copy the image into the recipes folder instead of linking to it");
            }
            _ => {
                f.error(
                    format!("{p}.src"),
                    format!("the image `{RECIPES_DIR}/{}` does not exist", image.src),
                )
                .help("image paths are relative to the recipes folder");
            }
        }
    }
}

/// Any text value still holding a `mailbook new` placeholder.
fn check_placeholders(r: &Recipe, f: &mut Found<'_>) {
    // Most recipes hold none: their JSON text (which writes both markers as they are) rules
    // that out far cheaper than the walk below, which names every field it passes.
    let Ok(json) = serde_json::to_string(r) else {
        return;
    };
    if !json.contains(PLACEHOLDER) && !json.contains(PLACEHOLDER_DOMAIN) {
        return;
    }
    let Ok(value) = serde_json::to_value(r) else {
        return;
    };
    let mut stack = vec![(String::new(), &value)];
    let mut hits = Vec::new();
    while let Some((path, v)) = stack.pop() {
        match v {
            serde_json::Value::String(s)
                if s.trim_start().starts_with(PLACEHOLDER) || s.contains(PLACEHOLDER_DOMAIN) =>
            {
                hits.push((path, s.clone()));
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((format!("{path}[{i}]"), item));
                }
            }
            serde_json::Value::Object(map) => {
                for (k, item) in map {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    stack.push((p, item));
                }
            }
            _ => {}
        }
    }
    hits.sort();
    for (path, text) in hits {
        let shown: String = text
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(60)
            .collect();
        let ellipsis = if shown.len() < text.lines().next().unwrap_or_default().len() {
            "…"
        } else {
            ""
        };
        let d = f.error(
            &path,
            format!("`{shown}{ellipsis}` is a placeholder from `mailbook new`"),
        );
        match crate::recipe::docs::field_doc(crate::recipe::docs::recipe_schema(), &path) {
            Some(doc) => d.help(format!("replace it with the real value: {doc}")),
            None => d.help("replace it with the real value"),
        };
        if text.contains(PLACEHOLDER) {
            f.needle(PLACEHOLDER);
        }
    }
}

fn check_config(c: &SiteConfig, f: &mut Found<'_>) {
    if !(c.base_url.starts_with("https://") || c.base_url.starts_with("http://"))
        || !c.base_url.ends_with('/')
    {
        f.error(
            "base_url",
            format!("`{}` is not a usable base URL", c.base_url),
        )
        .expected("an absolute URL ending in `/`, e.g. `https://help.example.com/mail/`");
    }
    if let Some(url) = &c.edit_url {
        check_url(url, "edit_url", f);
        if !url.contains("{path}") {
            f.error("edit_url", "the edit URL does not contain `{path}`")
                .help("`{path}` is replaced by the recipe's path, e.g. `recipes/gmail.yaml`");
        }
    }
    let present: HashSet<FieldValue> = c.app.fields.iter().map(|x| x.value).collect();
    for needed in [
        FieldValue::Host,
        FieldValue::Port,
        FieldValue::Security,
        FieldValue::Username,
        FieldValue::Password,
    ] {
        if !present.contains(&needed) {
            let name = serde_json::to_value(needed)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            f.error(
                "app.fields",
                format!("the form has no field filled with `{name}`"),
            )
            .expected("fields for host, port, security, username and password at least");
        }
    }
    let mut ids = HashSet::new();
    for (i, rule) in c.app.rules.iter().enumerate() {
        let p = format!("app.rules[{i}]");
        if let Err(e) = regex::Regex::new(&rule.pattern) {
            let first = e.to_string().lines().last().unwrap_or_default().to_string();
            f.error(
                format!("{p}.pattern"),
                "the pattern is not a valid regular expression",
            )
            .help(first);
        }
        if !is_slug(&rule.id) {
            f.error(
                format!("{p}.id"),
                format!("`{}` is not a valid id", rule.id),
            )
            .expected(SLUG_EXPECTED);
        } else if !ids.insert(rule.id.as_str()) {
            f.error(
                format!("{p}.id"),
                format!("the id `{}` is used twice", rule.id),
            );
        }
    }
    for (i, g) in c.general_requirements.iter().enumerate() {
        let p = format!("general_requirements[{i}].id");
        if !is_slug(&g.id) {
            f.error(p, format!("`{}` is not a valid id", g.id))
                .expected(SLUG_EXPECTED);
        } else if !ids.insert(g.id.as_str()) {
            f.error(p, format!("the id `{}` is used twice", g.id));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("gmail"));
        assert!(is_slug("create-app-password"));
        assert!(is_slug("o365"));
        for bad in ["", "Gmail", "-a", "a-", "a--b", "a_b", "a b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn enhanced_codes() {
        assert!(is_enhanced_code("5.7.8"));
        assert!(is_enhanced_code("5.7.139"));
        for bad in ["5.7", "57.1.1", "5.7.1234", "a.b.c", "5.7.8."] {
            assert!(!is_enhanced_code(bad), "{bad}");
        }
    }
}
