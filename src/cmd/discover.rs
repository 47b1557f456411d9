//! `mailbook discover ADDRESS|DOMAIN`.

use crate::cli::{DiscoverArgs, ReportFormat};
use crate::diagnostic::use_color;
use crate::discover;
use crate::recipe::Project;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// Run `discover`.
pub fn run(root: &Path, args: DiscoverArgs) -> anyhow::Result<ExitCode> {
    let project = match Project::load(root) {
        Ok(project) => project,
        Err(diagnostics) => {
            eprintln!(
                "{}",
                diagnostics.render_text(use_color(std::io::stderr().is_terminal()))
            );
            eprintln!("discover: not run, the project has errors (see `mailbook check`)");
            return Ok(ExitCode::from(2));
        }
    };
    let domain = discover::domain_of(&args.query).map_err(anyhow::Error::msg)?;
    let recipes: Vec<_> = project.recipes.iter().map(|r| &r.recipe).collect();
    let listed = discover::discover(&recipes, &domain, None);
    let found = if listed.recipe.is_some() {
        listed
    } else {
        let (dns, http, _) = super::drift::network(&args.net)?;
        discover::discover(&recipes, &domain, Some((&dns, &http)))
    };
    match args.format {
        ReportFormat::Text => crate::text::print_out(&discover::text(&found))?,
        ReportFormat::Json => {
            crate::text::print_out(&format!("{}\n", serde_json::to_string_pretty(&found)?))?
        }
    }
    Ok(if found.recipe.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
