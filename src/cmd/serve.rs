//! `mailbook serve`: live preview.

use std::net::IpAddr;
use std::path::Path;
use std::process::ExitCode;

/// Run `serve`.
pub fn run(_root: &Path, _bind: IpAddr, _port: u16, _open: bool) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`mailbook serve` is not available yet")
}
