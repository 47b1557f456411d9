//! View models: what each template receives. A recipe (plus the site configuration and an
//! optional verification report) becomes a [`ProviderView`]; Markdown is rendered here, once,
//! so templates only place values. Problems found on the way (a missing image, a forbidden
//! link scheme) become diagnostics that point into the recipe file.

use crate::config::{FieldValue, SiteConfig};
use crate::diagnostic::Diagnostic;
use crate::recipe::{LoadedRecipe, NoteKind, PasswordKind, Recipe, Security, SmtpServer, Status};
use crate::render::markdown::{self, ImageInfo, MarkdownContext};
use crate::report::{CheckResult, CheckStatus, Outcome, ProviderReport};
use serde::Serialize;
use std::path::Path;

/// Site-wide values every page gets as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Title shown in every header.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// Absolute published URL, ending in `/`.
    pub base_url: String,
    /// Path part of `base_url` (`/mail/`), for pages that can be served at any path (404).
    pub base_path: String,
    /// `lang` of the pages.
    pub language: String,
    /// The target application's name.
    pub app_name: String,
    /// Where the application's form is.
    pub app_location: String,
}

/// A verified badge, from a `mailbook verify` report.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct VerifiedView {
    /// `pass` or `fail`.
    pub outcome: &'static str,
    /// The badge text, e.g. `verified on 2026-11-20` or `failing since 2026-11-19: auth, 535 5.7.8`.
    pub text: String,
    /// The troubleshooting entry matching the failure, if any (an anchor on the provider page).
    pub troubleshooting: Option<String>,
    /// The same per SMTP server of the report, in recipe order.
    pub servers: Vec<ServerVerifiedView>,
}

/// One server's line under a verified badge.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ServerVerifiedView {
    /// Documented host.
    pub host: String,
    /// Documented port.
    pub port: u16,
    /// `pass` or `fail`.
    pub outcome: &'static str,
    /// `verified on 2026-11-20` or `failing since 2026-11-19: tls`.
    pub text: String,
}

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
    pub security_name: &'static str,
    /// The user name template as written (`{email}`).
    pub username_template: String,
    /// What to type as the user name, in words.
    pub username_text: String,
    /// The password kind (`app_password` …).
    pub password: &'static str,
    /// What goes into the password field, in words.
    pub password_text: &'static str,
    /// SASL mechanisms, in order.
    pub auth: Vec<&'static str>,
    /// Recommended server.
    pub preferred: bool,
    /// Remark.
    pub note: Option<String>,
}

/// A requirement line on a provider page.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementView {
    /// The text (plain).
    pub text: String,
    /// Where to do it (absolute URL).
    pub link: Option<String>,
    /// Link label.
    pub link_text: Option<String>,
}

/// A screenshot.
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// URL relative to the page.
    pub src: String,
    /// Alt text.
    pub alt: String,
    /// Pixel width.
    pub width: usize,
    /// Pixel height.
    pub height: usize,
}

/// A numbered step.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    /// 1-based number.
    pub number: usize,
    /// Anchor.
    pub id: String,
    /// Title.
    pub title: String,
    /// Body HTML (rendered Markdown).
    pub body: String,
    /// Deep link to where the step is done.
    pub link: Option<String>,
    /// Screenshot.
    pub image: Option<ImageView>,
}

/// One field of the admin-form preview.
#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    /// The form's label.
    pub label: String,
    /// The value filled in.
    pub value: String,
    /// `text` or `password` (password values are shown as a description, not a secret).
    pub kind: &'static str,
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
}

/// A callout.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    /// `note`, `tip`, `important`, `warning`, `caution`.
    pub kind: &'static str,
    /// Visible label.
    pub label: &'static str,
    /// Body HTML.
    pub body: String,
}

/// A troubleshooting entry.
#[derive(Debug, Clone, Serialize)]
pub struct TroubleView {
    /// Anchor.
    pub id: String,
    /// The error as the merchant sees it.
    pub symptom: String,
    /// Verify phase, if given.
    pub phase: Option<&'static str>,
    /// SMTP reply code, if given.
    pub code: Option<u16>,
    /// Enhanced status code, if given.
    pub enhanced: Option<String>,
    /// Text pattern, if given.
    pub text: Option<String>,
    /// Cause HTML.
    pub cause: String,
    /// Fix HTML.
    pub fix: String,
}

/// A row of the limits table.
#[derive(Debug, Clone, Serialize)]
pub struct LimitRow {
    /// What is limited.
    pub label: &'static str,
    /// The limit.
    pub value: String,
}

/// Sending limits.
#[derive(Debug, Clone, Serialize)]
pub struct LimitsView {
    /// Rows.
    pub rows: Vec<LimitRow>,
    /// Remark HTML.
    pub note: Option<String>,
}

/// A changelog line.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// HTML (inline).
    pub change: String,
    /// Announcement URL.
    pub source: Option<String>,
}

/// A link to the provider's own pages.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Label.
    pub label: &'static str,
    /// Absolute URL.
    pub url: String,
}

/// A source.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// URL.
    pub url: String,
    /// Title.
    pub title: String,
}

/// Everything a provider page (and its index card) shows.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderView {
    /// Recipe id (URL segment).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Email domains.
    pub domains: Vec<String>,
    /// Status word.
    pub status: &'static str,
    /// Status in words for the badge.
    pub status_label: &'static str,
    /// Hint next to the status.
    pub hint: Option<String>,
    /// One sentence.
    pub summary: String,
    /// Review date.
    pub reviewed: String,
    /// Recipe path (`recipes/gmail.yaml`).
    pub source_path: String,
    /// "Edit this page" URL.
    pub edit_url: Option<String>,
    /// Verified badge.
    pub verified: Option<VerifiedView>,
    /// The preferred server (quick-settings card).
    pub quick: Option<ServerView>,
    /// All servers.
    pub servers: Vec<ServerView>,
    /// Requirements.
    pub requirements: Vec<RequirementView>,
    /// Steps.
    pub steps: Vec<StepView>,
    /// Form preview.
    pub form: FormView,
    /// Callouts.
    pub notes: Vec<NoteView>,
    /// Troubleshooting entries.
    pub troubleshooting: Vec<TroubleView>,
    /// Limits.
    pub limits: Option<LimitsView>,
    /// Changelog, newest first.
    pub changelog: Vec<ChangeView>,
    /// Sources.
    pub sources: Vec<SourceView>,
    /// Provider links.
    pub links: Vec<LinkView>,
}

/// A link written in recipe Markdown, remembered so a broken one can be reported at its source.
#[derive(Debug, Clone)]
pub struct LinkOrigin {
    /// The link target as written.
    pub href: String,
    /// The field path, e.g. `steps[1].body`.
    pub field: String,
}

/// The result of preparing one recipe.
#[derive(Debug)]
pub struct PreparedProvider {
    /// The view.
    pub view: ProviderView,
    /// Links written in its Markdown.
    pub links: Vec<LinkOrigin>,
    /// Images to copy into the site.
    pub images: Vec<ImageCopy>,
    /// Problems found.
    pub problems: Vec<Diagnostic>,
}

/// An image to copy into the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImageCopy {
    /// Absolute path of the source file.
    pub from: std::path::PathBuf,
    /// Path below the site root.
    pub site_path: String,
    /// Width and height in pixels as read from the file (they are written into the page).
    pub size: (usize, usize),
}

/// Status word → badge text.
pub fn status_label(status: Status) -> &'static str {
    match status {
        Status::Ok => "Works",
        Status::Preparation => "Needs preparation",
        Status::Broken => "Not working",
        Status::Unverified => "Not yet verified",
        Status::Deprecated => "Going away",
    }
}

fn security_name(s: Security) -> &'static str {
    match s {
        Security::Starttls => "STARTTLS",
        Security::Tls => "SSL/TLS",
        Security::None => "none",
    }
}

fn password_text(p: PasswordKind) -> &'static str {
    match p {
        PasswordKind::AppPassword => "An app password (not your normal password)",
        PasswordKind::AccountPassword => "Your mailbox password",
        PasswordKind::Oauth2Token => "An OAuth2 token (the form cannot hold one)",
    }
}

fn password_kind(p: PasswordKind) -> &'static str {
    match p {
        PasswordKind::AppPassword => "app_password",
        PasswordKind::AccountPassword => "account_password",
        PasswordKind::Oauth2Token => "oauth2_token",
    }
}

fn username_text(template: &str) -> String {
    match template {
        "{email}" => "Your full email address".to_string(),
        "{local}" => "The part of your address before the @".to_string(),
        other => format!("`{other}` with your address filled in"),
    }
}

/// The view of one SMTP server.
pub fn server_view(server: &SmtpServer, config: &SiteConfig) -> ServerView {
    ServerView {
        host: server.host.clone(),
        port: server.port,
        security: server.security.as_str(),
        security_label: config
            .app
            .security_labels
            .label(server.security)
            .to_string(),
        security_name: security_name(server.security),
        username_template: server.username.clone(),
        username_text: username_text(&server.username),
        password: password_kind(server.password),
        password_text: password_text(server.password),
        auth: server.auth.iter().map(|a| a.smtp_name()).collect(),
        preferred: server.preferred,
        note: server.note.clone(),
    }
}

/// The badge for a provider from a verification report, and a line per server.
/// `finished` (the report's end) is only the fallback: a provider carried over from an
/// earlier run keeps the date it was last verified (`last_passed`), not the date of the
/// report it was carried into.
pub fn verified_view(report: &ProviderReport, finished: jiff::Timestamp) -> VerifiedView {
    let date = |t: jiff::Timestamp| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string();
    let verified_on = format!(
        "verified on {}",
        date(report.last_passed.unwrap_or(finished))
    );
    let failing_since = format!(
        "failing since {}",
        date(report.failing_since.unwrap_or(finished))
    );
    let servers: Vec<ServerVerifiedView> = report
        .servers
        .iter()
        .map(|server| {
            let (outcome, text) = match server.outcome {
                Outcome::Pass if report.outcome == Outcome::Pass => ("pass", verified_on.clone()),
                // Passed in a run where another server failed: that run's date.
                Outcome::Pass => ("pass", format!("verified on {}", date(finished))),
                Outcome::Fail => ("fail", failing_since.clone() + &failure(&server.checks).0),
            };
            ServerVerifiedView {
                host: server.host.clone(),
                port: server.port,
                outcome,
                text,
            }
        })
        .collect();
    match report.outcome {
        Outcome::Pass => VerifiedView {
            outcome: "pass",
            text: verified_on,
            troubleshooting: None,
            servers,
        },
        Outcome::Fail => {
            let checks: Vec<CheckResult> = report
                .servers
                .iter()
                .flat_map(|s| s.checks.iter().cloned())
                .collect();
            let (what, troubleshooting) = failure(&checks);
            VerifiedView {
                outcome: "fail",
                text: failing_since + &what,
                troubleshooting,
                servers,
            }
        }
    }
}

/// `: auth, 535 5.7.8` for the first failed check (empty when none failed), and its
/// troubleshooting entry.
fn failure(checks: &[CheckResult]) -> (String, Option<String>) {
    let Some(check) = checks.iter().find(|c| c.status == CheckStatus::Fail) else {
        return (String::new(), None);
    };
    let mut text = format!(": {}", check.phase.as_str());
    if let Some(reply) = &check.reply {
        text.push_str(&format!(", {}", reply.code));
        if let Some(e) = &reply.enhanced {
            text.push_str(&format!(" {e}"));
        }
    }
    (text, check.troubleshooting.clone())
}

/// Locate `needle` in a recipe's text as a 1-based line and column (0:0 when absent), so a
/// problem in a Markdown field points at the line the writer must edit.
pub fn locate(text: &str, needles: &[&str]) -> (u64, u64) {
    for needle in needles {
        if needle.is_empty() {
            continue;
        }
        if let Some(offset) = text.find(needle) {
            let before = &text[..offset];
            let line = before.matches('\n').count() as u64 + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
            return (line, column);
        }
    }
    (0, 0)
}

/// Resolve an image path written in a recipe (relative to the recipes folder) into a copy
/// job and its size. Paths must stay inside the recipes folder.
pub fn resolve_image(recipes_dir: &Path, src: &str) -> Result<(ImageInfo, ImageCopy), String> {
    let rel = Path::new(src);
    let inside = !src.is_empty()
        && !src.contains('\\')
        && rel
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if src.contains("://") || src.starts_with("data:") {
        return Err(format!(
            "image `{src}` is not a local file: the site makes no request outside itself, so put the image under `recipes/images/`"
        ));
    }
    if !inside {
        return Err(format!(
            "image `{src}` must be a relative path inside the recipes folder, e.g. `images/gmail/step.png`"
        ));
    }
    let from = recipes_dir.join(rel);
    let size = imagesize::size(&from).map_err(|e| match e {
        imagesize::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::NotFound => {
            format!("image `{src}` not found (looked for `recipes/{src}`)")
        }
        other => format!("image `{src}` cannot be read as an image: {other}"),
    })?;
    // Under `media/`, keeping the recipe-relative path, so two sources never share a target.
    let site_path = format!("media/{src}");
    Ok((
        ImageInfo {
            site_path: site_path.clone(),
            width: size.width,
            height: size.height,
        },
        ImageCopy {
            from,
            site_path,
            size: (size.width, size.height),
        },
    ))
}

/// Render the Markdown fields of a recipe and assemble its view.
pub fn prepare_provider(
    loaded: &LoadedRecipe,
    config: &SiteConfig,
    recipes_dir: &Path,
    verified: Option<VerifiedView>,
) -> PreparedProvider {
    let recipe: &Recipe = &loaded.recipe;
    let file = &loaded.source.path;
    let text = &loaded.source.text;
    let mut links: Vec<LinkOrigin> = Vec::new();
    let mut images: Vec<ImageCopy> = Vec::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let root = "../";

    let mut md = |field: String, body: &str, prefix: &str, offset: u8| -> String {
        let mut found: Vec<ImageCopy> = Vec::new();
        let mut resolver = |src: &str| -> Result<ImageInfo, String> {
            let (info, copy) = resolve_image(recipes_dir, src)?;
            found.push(copy);
            Ok(info)
        };
        let mut cx = MarkdownContext {
            id_prefix: prefix,
            heading_offset: offset,
            root,
            images: &mut resolver,
        };
        let rendered = markdown::render(body, &mut cx);
        images.extend(found);
        for message in rendered.problems {
            let quoted = message.split('`').nth(1).unwrap_or("").to_string();
            let (line, column) = locate(text, &[&quoted]);
            problems.push(
                Diagnostic::error(file, message)
                    .at(line, column)
                    .path(field.clone()),
            );
        }
        links.extend(rendered.links.into_iter().map(|href| LinkOrigin {
            href,
            field: field.clone(),
        }));
        rendered.html
    };

    let steps = recipe
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let body = md(
                format!("steps[{i}].body"),
                &step.body,
                &format!("{}-", step.id),
                3,
            );
            StepView {
                number: i + 1,
                id: step.id.clone(),
                title: step.title.clone(),
                body,
                link: step.link.clone(),
                image: None,
            }
        })
        .collect::<Vec<_>>();

    let notes = recipe
        .notes
        .iter()
        .enumerate()
        .map(|(i, note)| {
            let (kind, label) = note_kind(note.kind);
            NoteView {
                kind,
                label,
                body: md(
                    format!("notes[{i}].body"),
                    &note.body,
                    &format!("note-{}-", i + 1),
                    3,
                ),
            }
        })
        .collect::<Vec<_>>();

    let troubleshooting = recipe
        .troubleshooting
        .iter()
        .enumerate()
        .map(|(i, t)| TroubleView {
            id: t.id.clone(),
            symptom: t.symptom.clone(),
            phase: t.matches.phase.map(|p| p.as_str()),
            code: t.matches.code,
            enhanced: t.matches.enhanced.clone(),
            text: t.matches.text.clone(),
            cause: md(
                format!("troubleshooting[{i}].cause"),
                &t.cause,
                &format!("{}-cause-", t.id),
                3,
            ),
            fix: md(
                format!("troubleshooting[{i}].fix"),
                &t.fix,
                &format!("{}-fix-", t.id),
                3,
            ),
        })
        .collect::<Vec<_>>();

    let limits = recipe.limits.as_ref().map(|l| {
        let mut rows = Vec::new();
        if let Some(n) = l.messages_per_day {
            rows.push(LimitRow {
                label: "Messages per day",
                value: n.to_string(),
            });
        }
        if let Some(n) = l.recipients_per_day {
            rows.push(LimitRow {
                label: "Recipients per day",
                value: n.to_string(),
            });
        }
        if let Some(n) = l.recipients_per_message {
            rows.push(LimitRow {
                label: "Recipients per message",
                value: n.to_string(),
            });
        }
        if let Some(n) = l.message_size_mb {
            rows.push(LimitRow {
                label: "Largest message",
                value: format!("{n} MB"),
            });
        }
        LimitsView {
            rows,
            note: l
                .note
                .as_ref()
                .map(|n| md("limits.note".into(), n, "limits-", 2)),
        }
    });

    let mut changelog = recipe
        .changelog
        .iter()
        .enumerate()
        .map(|(i, c)| ChangeView {
            date: c.date.to_string(),
            change: strip_paragraph(md(
                format!("changelog[{i}].change"),
                &c.change,
                &format!("change-{}-", i + 1),
                3,
            )),
            source: c.source.clone(),
        })
        .collect::<Vec<_>>();
    // Newest first; the sort is stable so same-day entries keep recipe order.
    changelog.sort_by(|a, b| b.date.cmp(&a.date));

    // Step screenshots (typed field, not Markdown).
    let mut steps = steps;
    for (i, step) in recipe.steps.iter().enumerate() {
        if let Some(image) = &step.image {
            match resolve_image(recipes_dir, &image.src) {
                Ok((info, copy)) => {
                    images.push(copy);
                    steps[i].image = Some(ImageView {
                        src: format!("{root}{}", info.site_path),
                        alt: image.alt.clone(),
                        width: info.width,
                        height: info.height,
                    });
                }
                Err(message) => {
                    let (line, column) =
                        locate(text, &[&format!("src: {}", image.src), &image.src]);
                    problems.push(
                        Diagnostic::error(file, message)
                            .at(line, column)
                            .path(format!("steps[{i}].image.src")),
                    );
                }
            }
        }
    }

    let servers: Vec<ServerView> = recipe.smtp.iter().map(|s| server_view(s, config)).collect();
    let quick = recipe.preferred_server().map(|s| server_view(s, config));
    let form = form_view(recipe, config);

    let mut requirements = Vec::new();
    let r = &recipe.requires;
    match r.two_step_verification {
        Some(true) => requirements.push(RequirementView {
            text: "2-step verification must be turned on.".into(),
            link: recipe.links.security.clone(),
            link_text: Some("Security settings".into()),
        }),
        Some(false) => requirements.push(RequirementView {
            text: "2-step verification must be turned off.".into(),
            link: recipe.links.security.clone(),
            link_text: Some("Security settings".into()),
        }),
        None => {}
    }
    if r.app_password {
        requirements.push(RequirementView {
            text: "An app password: your normal password is refused for sending from other applications.".into(),
            link: recipe.links.app_passwords.clone(),
            link_text: Some("App passwords".into()),
        });
    }
    if r.oauth2_only {
        requirements.push(RequirementView {
            text: format!(
                "Only OAuth2 sign-in is accepted: no password works, so the {} form cannot use this mailbox.",
                config.app.name
            ),
            link: None,
            link_text: None,
        });
    }
    for toggle in &r.enable {
        requirements.push(RequirementView {
            text: format!("Turn on “{}” in the mailbox settings.", toggle.setting),
            link: toggle.link.clone(),
            link_text: toggle.link.as_ref().map(|_| "Open the setting".to_string()),
        });
    }

    let mut provider_links = Vec::new();
    for (label, url) in [
        ("Create a mailbox", &recipe.links.register),
        ("App passwords", &recipe.links.app_passwords),
        ("Security settings", &recipe.links.security),
        ("Official SMTP help", &recipe.links.smtp_help),
    ] {
        if let Some(url) = url {
            provider_links.push(LinkView {
                label,
                url: url.clone(),
            });
        }
    }

    // Typed URL fields become `href`s: only web links, so no recipe can smuggle in a
    // `javascript:` or `data:` URL (the validator says so too; this is defence in depth).
    let mut urls: Vec<(String, &str)> = Vec::new();
    for (i, s) in recipe.steps.iter().enumerate() {
        if let Some(l) = &s.link {
            urls.push((format!("steps[{i}].link"), l));
        }
    }
    for (i, s) in recipe.sources.iter().enumerate() {
        urls.push((format!("sources[{i}].url"), &s.url));
    }
    for (name, l) in [
        ("register", &recipe.links.register),
        ("app_passwords", &recipe.links.app_passwords),
        ("security", &recipe.links.security),
        ("smtp_help", &recipe.links.smtp_help),
    ] {
        if let Some(l) = l {
            urls.push((format!("links.{name}"), l));
        }
    }
    for (i, t) in recipe.requires.enable.iter().enumerate() {
        if let Some(l) = &t.link {
            urls.push((format!("requires.enable[{i}].link"), l));
        }
    }
    for (i, c) in recipe.changelog.iter().enumerate() {
        if let Some(l) = &c.source {
            urls.push((format!("changelog[{i}].source"), l));
        }
    }
    for (field, url) in urls {
        if !is_web_url(url) {
            let (line, column) = locate(text, &[url]);
            problems.push(
                Diagnostic::error(file, format!("`{url}` is not a web address"))
                    .at(line, column)
                    .path(field)
                    .help("write an absolute `https://` URL"),
            );
        }
    }

    let source_path = file.to_string_lossy().replace('\\', "/");
    let view = ProviderView {
        id: recipe.id.clone(),
        name: recipe.name.clone(),
        aliases: recipe.aliases.clone(),
        domains: recipe.domains.clone(),
        status: recipe.status.as_str(),
        status_label: status_label(recipe.status),
        hint: recipe.hint.clone(),
        summary: recipe.summary.clone(),
        reviewed: recipe.reviewed.to_string(),
        edit_url: config
            .edit_url
            .as_ref()
            .map(|t| t.replace("{path}", &source_path)),
        source_path,
        verified,
        quick,
        servers,
        requirements,
        steps,
        form,
        notes,
        troubleshooting,
        limits,
        changelog,
        sources: recipe
            .sources
            .iter()
            .map(|s| SourceView {
                url: s.url.clone(),
                title: s.title.clone(),
            })
            .collect(),
        links: provider_links,
    };
    images.sort();
    images.dedup();
    PreparedProvider {
        view,
        links,
        images,
        problems,
    }
}

/// `https://…` or `http://…` with a host.
fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["https://", "http://"].iter().any(|p| {
        lower.starts_with(p) && lower.len() > p.len() && !lower[p.len()..].starts_with('/')
    })
}

/// A recipe note's class and label: the same as the Markdown callout of that kind, so a
/// `notes:` entry and a `> [!TIP]` in a step look alike.
fn note_kind(kind: NoteKind) -> (&'static str, &'static str) {
    use pulldown_cmark::BlockQuoteKind;
    markdown::callout_label(match kind {
        NoteKind::Note => BlockQuoteKind::Note,
        NoteKind::Tip => BlockQuoteKind::Tip,
        NoteKind::Important => BlockQuoteKind::Important,
        NoteKind::Warning => BlockQuoteKind::Warning,
        NoteKind::Caution => BlockQuoteKind::Caution,
    })
}

/// `<p>x</p>\n` → `x`, for one-sentence fields shown inline.
fn strip_paragraph(html: String) -> String {
    let trimmed = html.trim_end();
    if let Some(inner) = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        && !inner.contains("<p>")
    {
        return inner.to_string();
    }
    html
}

/// The *User name* for `email`: as the application's user-name rule says, else as the
/// server's template says.
fn username_value(
    server: &crate::recipe::SmtpServer,
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
pub fn form_view(recipe: &Recipe, config: &SiteConfig) -> FormView {
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
            let (value, kind) = match (field.value, server) {
                (FieldValue::Host, Some(s)) => (s.host.clone(), "text"),
                (FieldValue::Port, Some(s)) => (s.port.to_string(), "text"),
                (FieldValue::Security, Some(s)) => (
                    config.app.security_labels.label(s.security).to_string(),
                    "text",
                ),
                (FieldValue::Username, Some(s)) => {
                    (username_value(s, &example_email, username_form), "text")
                }
                (FieldValue::Password, Some(s)) => {
                    (password_text(s.password).to_string(), "password")
                }
                (FieldValue::Email | FieldValue::Sender, _) => (example_email.clone(), "text"),
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
                value,
                kind,
                help,
                id: format!("form-field-{}", i + 1),
            }
        })
        .collect();
    let warning = if recipe.requires.oauth2_only
        || server.is_some_and(|s| s.password == PasswordKind::Oauth2Token)
    {
        Some(format!(
            "{name} only accepts OAuth2 sign-in for SMTP. The {app} form has a password field only, so it cannot send through {name} today.",
            name = recipe.name,
            app = config.app.name
        ))
    } else if server.is_none() {
        Some("This recipe lists no SMTP server.".to_string())
    } else {
        None
    };
    FormView {
        app_name: config.app.name.clone(),
        location: config.app.location.clone(),
        fields,
        example_email,
        warning,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_line_and_column() {
        assert_eq!(locate("a\nbc [x](#y)\n", &["(#y)"]), (2, 7));
        assert_eq!(locate("abc", &["zzz"]), (0, 0));
    }

    #[test]
    fn strip_paragraph_only_strips_a_single_paragraph() {
        assert_eq!(
            strip_paragraph("<p>x <em>y</em></p>\n".into()),
            "x <em>y</em>"
        );
        assert_eq!(
            strip_paragraph("<p>a</p>\n<p>b</p>\n".into()),
            "<p>a</p>\n<p>b</p>\n"
        );
    }

    #[test]
    fn only_web_urls_are_links() {
        assert!(is_web_url("https://support.google.com/x"));
        assert!(is_web_url("HTTP://example.com"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("https:///x"));
        assert!(!is_web_url("data:text/html,x"));
    }

    #[test]
    fn images_must_stay_inside_the_recipes_folder() {
        let dir = Path::new("/nonexistent");
        assert!(
            resolve_image(dir, "../secret.png")
                .unwrap_err()
                .contains("inside")
        );
        assert!(
            resolve_image(dir, "/etc/passwd")
                .unwrap_err()
                .contains("inside")
        );
        assert!(
            resolve_image(dir, "https://x/y.png")
                .unwrap_err()
                .contains("not a local")
        );
        assert!(
            resolve_image(dir, "images/x.png")
                .unwrap_err()
                .contains("not found")
        );
    }
}
