//! `mailbook build`: render the help center into a static site.

use crate::render::{BuildOptions, build};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// Run `build`.
pub fn run(
    root: &Path,
    out: &Path,
    base_url: Option<&str>,
    templates: Option<&Path>,
    verification: Option<&Path>,
    today: Option<jiff::civil::Date>,
) -> anyhow::Result<ExitCode> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        out: root.join(out),
        base_url: base_url.map(str::to_string),
        templates: templates.map(Path::to_path_buf),
        verification: verification.map(Path::to_path_buf),
        today,
    };
    // Colour only on a terminal, and never with NO_COLOR (the rule every command shares).
    let color = crate::text::use_color(std::io::stderr().is_terminal());
    match build(&options) {
        Ok(summary) => {
            if !summary.warnings.is_empty() {
                eprintln!(
                    "{}",
                    crate::diagnostic::Diagnostics(summary.warnings.clone()).render_text(color)
                );
            }
            eprintln!(
                "built {} pages into {}",
                summary.pages,
                options.out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => match e.downcast::<crate::diagnostic::Diagnostics>() {
            Ok(diagnostics) => {
                eprintln!("{}", diagnostics.render_text(color));
                Ok(ExitCode::from(1))
            }
            Err(e) => Err(e),
        },
    }
}
