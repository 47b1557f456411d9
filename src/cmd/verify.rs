//! `mailbook verify`: run each recipe's checks against the real servers.
//!
//! Exit codes: 0 when every check passed (warnings and skips allowed), 1 when any failed,
//! 2 for usage or configuration errors (returned as `Err`, which `main` maps to 2; a project
//! with errors prints its diagnostics and returns 2 itself).

use crate::cli::{VerifyArgs, VerifyFormat};
use crate::diagnostic::{Diagnostic, Diagnostics, use_color};
use crate::recipe::{Project, Recipe};
use crate::verify::credentials::CredentialStore;
use crate::verify::output::{self, Style};
use crate::verify::phases::{self, RunOptions};
use crate::verify::target::ConnectTo;
use crate::verify::tls::Trust;
use crate::verify::{self, carry};
use anyhow::{Context, bail};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// Run `verify`.
pub fn run(root: &Path, args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let color = use_color(std::io::stderr().is_terminal());
    // Recipes with errors are not run: their pages would not build either, and a check
    // driven by a broken recipe proves nothing. Warnings are shown and do not stop the run.
    let project = match Project::load(root) {
        Ok(project) => project,
        Err(diagnostics) => {
            eprintln!("{}", diagnostics.render_text(color));
            eprintln!("verify: not run, the project has errors (see `mailbook check`)");
            return Ok(ExitCode::from(2));
        }
    };
    let diagnostics = blocking(crate::recipe::validate(&project));
    if !diagnostics.0.is_empty() {
        eprintln!("{}", diagnostics.render_text(color));
        if diagnostics.has_errors() {
            eprintln!("verify: not run, the project has errors (see `mailbook check`)");
            return Ok(ExitCode::from(2));
        }
    }
    if args.timeout == 0 {
        bail!("--timeout must be at least 1 second");
    }
    if args.jobs == 0 {
        bail!("--jobs must be at least 1");
    }
    // `--only send --quit-after auth` would run nothing and still report the provider as
    // passed: a check that cannot fail.
    if phases::wanted_phases(&args.only, args.quit_after).is_empty() {
        let only: Vec<&str> = args.only.iter().map(|p| p.as_str()).collect();
        bail!(
            "--only {} with --quit-after {}: no phase is left to run",
            only.join(","),
            args.quit_after.map_or("", |p| p.as_str())
        );
    }
    let today = args.today.unwrap_or_else(|| jiff::Zoned::now().date());
    // The recipes as they stand today: an announced change is expected from its date on.
    let current: Vec<crate::recipe::Recipe> = select(&project, &args.providers)?
        .into_iter()
        .map(|r| crate::recipe::policy::as_of(r, today))
        .collect();
    let recipes: Vec<&crate::recipe::Recipe> = current.iter().collect();
    if let Some(to) = &args.to
        && !phases::plausible_address(to)
    {
        bail!(
            "--to `{}`: expected one plain email address",
            to.escape_debug()
        );
    }
    let connect_to = args
        .connect_to
        .iter()
        .map(|s| ConnectTo::parse(s))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let trust = Trust::new(args.cacert.as_deref())?;
    let store = match &args.credentials {
        Some(path) => CredentialStore::from_file(path)?,
        None => CredentialStore::default(),
    };
    let rules = project
        .config
        .app
        .rules
        .iter()
        .map(|rule| {
            regex::Regex::new(&rule.pattern)
                .map(|re| (rule.clone(), re))
                .with_context(|| {
                    format!(
                        "mailbook.yaml: app.rules `{}`: pattern is not a valid regular expression",
                        rule.id
                    )
                })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let previous = match &args.report {
        Some(path) => carry::read_previous(path)?,
        None => None,
    };
    let opts = RunOptions {
        timeout: Duration::from_secs(args.timeout),
        wanted: phases::wanted_phases(&args.only, args.quit_after),
        connect_to,
        trust,
        to: args.to.clone(),
        base_url: args
            .base_url
            .clone()
            .unwrap_or_else(|| project.config.base_url.clone()),
        rules,
        today,
    };

    // A line per provider on a terminal; nothing at all in CI logs and pipes.
    let live = verify::progress::wanted(std::io::stderr().is_terminal()).then(|| {
        let ids: Vec<&str> = recipes.iter().map(|r| r.id.as_str()).collect();
        verify::progress::Live::new(&ids)
    });
    let progress = |provider: &str, event: verify::Event<'_>| {
        if let Some(live) = &live {
            live.event(provider, event);
        }
    };
    let env = |name: &str| std::env::var(name).ok();
    let mut report = verify::run(&recipes, &store, &env, &opts, args.jobs, &progress);
    if let Some(live) = live {
        live.finish();
    }
    let failed = report
        .providers
        .iter()
        .any(|p| p.outcome == crate::report::Outcome::Fail);

    let known: Vec<String> = project
        .recipes
        .iter()
        .map(|r| r.recipe.id.clone())
        .collect();
    if let Some(path) = &args.report {
        let mut saved = report.clone();
        carry::carry_over(&mut saved, previous.as_ref(), &known);
        write_file(path, &output::json(&saved))?;
        // stdout shows the same dates as the file for the providers of this run.
        for p in &mut report.providers {
            if let Some(s) = saved.providers.iter().find(|s| s.id == p.id) {
                p.last_passed = s.last_passed;
                p.failing_since = s.failing_since;
            }
        }
    } else {
        carry::carry_over(&mut report, None, &known);
    }
    if let Some(path) = &args.junit {
        write_file(path, &output::junit(&report))?;
    }
    let stdout_style = Style::for_terminal(std::io::stdout().is_terminal());
    let text = match args.format {
        VerifyFormat::Text => output::text(&report, stdout_style),
        VerifyFormat::Json => output::json(&report),
        VerifyFormat::Junit => output::junit(&report),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The validation diagnostics that concern `verify`. An expired check skip is left out: the
/// run itself reports it as a failing check of that provider (exit 1), so the day a skip
/// runs out a scheduled job still verifies every provider instead of refusing them all.
fn blocking(diagnostics: Vec<Diagnostic>) -> Diagnostics {
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| !is_expired_skip(d))
        .collect();
    kept.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    Diagnostics(kept)
}

/// `checks.skip[N].until` is in the past.
fn is_expired_skip(d: &Diagnostic) -> bool {
    d.path.starts_with("checks.skip[")
        && d.path.ends_with("].until")
        && d.message.contains("expired")
}

/// The recipes to verify: the named ones (each must exist; a repeated name counts once),
/// else all.
fn select<'p>(project: &'p Project, names: &[String]) -> anyhow::Result<Vec<&'p Recipe>> {
    if names.is_empty() {
        return Ok(project.recipes.iter().map(|r| &r.recipe).collect());
    }
    let mut seen = std::collections::BTreeSet::new();
    names
        .iter()
        .filter(|name| seen.insert(name.as_str()))
        .map(|name| {
            project
                .recipes
                .iter()
                .map(|r| &r.recipe)
                .find(|r| &r.id == name)
                .ok_or_else(|| {
                    let ids: Vec<&str> = project
                        .recipes
                        .iter()
                        .map(|r| r.recipe.id.as_str())
                        .collect();
                    let hint = crate::text::closest(name, ids.iter().copied())
                        .map(|id| format!(" (did you mean `{id}`?)"))
                        .unwrap_or_default();
                    anyhow::anyhow!(
                        "no recipe `{name}`{hint}; known recipes: {}",
                        ids.join(", ")
                    )
                })
        })
        .collect()
}

/// Write a file via a temporary sibling and rename, so readers never see half a report.
fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp~");
    std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}
