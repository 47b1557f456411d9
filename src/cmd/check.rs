//! `mailbook check`: load and validate everything, write nothing.

use crate::cli::CheckFormat;
use crate::recipe::Project;
use std::path::Path;
use std::process::ExitCode;

/// Run `check`.
pub fn run(root: &Path, _format: CheckFormat, _external: bool) -> anyhow::Result<ExitCode> {
    match Project::load(root) {
        Ok(project) => {
            eprintln!("checked {} recipes: no problems", project.recipes.len());
            Ok(ExitCode::SUCCESS)
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            Ok(ExitCode::from(1))
        }
    }
}
