//! `mailbook check`: load and validate everything, write nothing.
//!
//! Every problem in every file is reported in one run: files that fail to parse are reported
//! and the others are still validated. The rules are the rulebook's
//! ([`crate::recipe::rules`]), the same `build`, `serve` and `verify` run.

use crate::cli::CheckFormat;
use crate::diagnostic::{Diagnostics, use_color};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// Run `check`.
pub fn run(
    root: &Path,
    format: CheckFormat,
    external: bool,
    today: Option<jiff::civil::Date>,
    verification: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    // A report that cannot be read is a usage error, found before anything is checked.
    let report =
        match verification {
            Some(path) => Some(crate::verify::carry::read_previous(path)?.ok_or_else(|| {
                anyhow::anyhow!("--verification {}: no such file", path.display())
            })?),
            None => None,
        };
    let checked = crate::recipe::rules::check(root, &[]);
    let recipes = checked.outcome.recipes.len();
    let mut diagnostics = checked.diagnostics;
    let warn_days = checked
        .outcome
        .config
        .as_ref()
        .map_or(30, |(_, c)| c.deadline_warning_days);
    let today = today.unwrap_or_else(|| jiff::Zoned::now().date());
    diagnostics.extend(crate::recipe::policy::check(
        &checked.outcome.recipes,
        today,
        warn_days,
    ));
    if let Some(report) = &report {
        let max_age = checked
            .outcome
            .config
            .as_ref()
            .map_or(365, |(_, c)| c.review_max_age_days);
        diagnostics.extend(crate::recipe::confirmed::check(
            &checked.outcome.recipes,
            report,
            today,
            max_age,
        ));
    }
    if external {
        diagnostics.extend(crate::recipe::external::probe(&checked.outcome.recipes));
    }
    crate::recipe::rules::sort(&mut diagnostics);
    let diagnostics = Diagnostics(diagnostics);
    match format {
        CheckFormat::Text => {
            if diagnostics.0.is_empty() {
                eprintln!(
                    "checked {recipes} recipe{} and {}: no problems",
                    if recipes == 1 { "" } else { "s" },
                    crate::recipe::CONFIG_FILE
                );
            } else {
                let color = use_color(std::io::stderr().is_terminal());
                eprintln!("{}", diagnostics.render_text(color));
            }
        }
        CheckFormat::Json => crate::text::print_out(&format!("{}\n", diagnostics.render_json()))?,
        CheckFormat::Github => crate::text::print_out(&diagnostics.render_github())?,
    }
    Ok(if diagnostics.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
