//! `mailbook build`: render the help center into a static site.

use std::path::Path;
use std::process::ExitCode;

/// Run `build`.
pub fn run(
    _root: &Path,
    _out: &Path,
    _base_url: Option<&str>,
    _templates: Option<&Path>,
    _verification: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`mailbook build` is not available yet")
}
