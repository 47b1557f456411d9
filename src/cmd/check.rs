//! `mailbook check`: load and validate everything, write nothing.
//!
//! Every problem in every file is reported in one run: files that fail to parse are reported
//! and the others are still validated.

use crate::cli::CheckFormat;
use crate::diagnostic::{Diagnostics, use_color};
use crate::recipe::{load_all, validate_loaded};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// Run `check`.
pub fn run(
    root: &Path,
    format: CheckFormat,
    external: bool,
    today: Option<jiff::civil::Date>,
) -> anyhow::Result<ExitCode> {
    let outcome = load_all(root);
    let mut diagnostics = outcome.diagnostics;
    diagnostics.extend(validate_loaded(
        root,
        outcome.config.as_ref().map(|(s, c)| (s, c)),
        &outcome.recipes,
    ));
    let warn_days = outcome
        .config
        .as_ref()
        .map_or(30, |(_, c)| c.deadline_warning_days);
    let today = today.unwrap_or_else(|| jiff::Zoned::now().date());
    diagnostics.extend(crate::recipe::policy::check(
        &outcome.recipes,
        today,
        warn_days,
    ));
    if external {
        diagnostics.extend(crate::recipe::external::probe(&outcome.recipes));
    }
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    let diagnostics = Diagnostics(diagnostics);
    match format {
        CheckFormat::Text => {
            if diagnostics.0.is_empty() {
                eprintln!(
                    "checked {} recipe{} and {}: no problems",
                    outcome.recipes.len(),
                    if outcome.recipes.len() == 1 { "" } else { "s" },
                    crate::recipe::CONFIG_FILE
                );
            } else {
                let color = use_color(std::io::stderr().is_terminal());
                eprintln!("{}", diagnostics.render_text(color));
            }
        }
        CheckFormat::Json => println!("{}", diagnostics.render_json()),
        CheckFormat::Github => print!("{}", diagnostics.render_github()),
    }
    Ok(if diagnostics.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
