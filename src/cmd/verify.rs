//! `mailbook verify`: run each recipe's checks against the real servers.

use crate::cli::VerifyArgs;
use std::path::Path;
use std::process::ExitCode;

/// Run `verify`.
pub fn run(_root: &Path, _args: VerifyArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`mailbook verify` is not available yet")
}
