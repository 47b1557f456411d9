//! `mailbook verify`: run each recipe's checks against the real servers. This file only
//! wires: the project (refused with its diagnostics when it has errors), a
//! [`Plan`] built from the arguments, live progress, the outputs.
//!
//! Exit codes: 0 when every check passed (warnings and skips allowed), 1 when any failed,
//! 2 for usage or configuration errors (returned as `Err`, which `main` maps to 2; a project
//! with errors prints its diagnostics and returns 2 itself).

use crate::cli::{VerifyArgs, VerifyFormat};
use crate::diagnostic::{Diagnostic, Diagnostics, use_color};
use crate::recipe::Project;
use crate::verify::output::{self, Style};
use crate::verify::plan::{self, Plan};
use crate::verify::{self, progress};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

/// Run `verify`.
pub fn run(root: &Path, args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let Some(mut project) = load(root) else {
        eprintln!("verify: not run, the project has errors (see `mailbook check`)");
        return Ok(ExitCode::from(2));
    };
    // The recipes as they stand on the day: an announced change is expected from its date on.
    let today = args.today.unwrap_or_else(|| jiff::Zoned::now().date());
    crate::recipe::policy::apply_all(&mut project.recipes, today);
    let plan = Plan::from_args(&project, &args)?;

    // A line per provider on a terminal; nothing at all in CI logs and pipes.
    let live = progress::wanted(std::io::stderr().is_terminal()).then(|| {
        let ids: Vec<&str> = plan.recipes.iter().map(|r| r.id.as_str()).collect();
        progress::Live::new(&ids)
    });
    let report = plan.run(&|provider: &str, event: verify::Event<'_>| {
        if let Some(live) = &live {
            live.event(provider, event);
        }
    });
    if let Some(live) = live {
        live.finish();
    }
    let report = plan.carry_over(report, args.report.as_deref())?;
    if let Some(path) = &args.junit {
        plan::write_file(path, &output::junit(&report))?;
    }
    let text = match args.format {
        VerifyFormat::Text => output::text(
            &report,
            Style::for_terminal(std::io::stdout().is_terminal()),
        ),
        VerifyFormat::Json => output::json(&report),
        VerifyFormat::Junit => output::junit(&report),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(if plan::failed(&report) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The project, or `None` after printing why it cannot be verified. Recipes with errors are
/// not run: their pages would not build either, and a check driven by a broken recipe
/// proves nothing. Warnings are shown and do not stop the run.
fn load(root: &Path) -> Option<Project> {
    let color = use_color(std::io::stderr().is_terminal());
    let project = match Project::load(root) {
        Ok(project) => project,
        Err(diagnostics) => {
            eprintln!("{}", diagnostics.render_text(color));
            return None;
        }
    };
    let diagnostics = blocking(crate::recipe::validate(&project));
    if !diagnostics.0.is_empty() {
        eprintln!("{}", diagnostics.render_text(color));
        if diagnostics.has_errors() {
            return None;
        }
    }
    Some(project)
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
    d.code == crate::recipe::rules::skips::SKIP_EXPIRED
}
