//! `mailbook new`: write a commented recipe skeleton.

use std::path::Path;
use std::process::ExitCode;

/// Run `new`.
pub fn run(_root: &Path, _id: &str, _name: Option<&str>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`mailbook new` is not available yet")
}
