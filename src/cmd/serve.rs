//! `mailbook serve`: live preview.

use crate::serve::{ServeOptions, run as serve};
use std::net::IpAddr;
use std::path::Path;
use std::process::ExitCode;

/// Run `serve` until Ctrl-C; recipe errors are shown in the browser and the terminal, never
/// fatal.
pub fn run(root: &Path, bind: IpAddr, port: u16, open: bool) -> anyhow::Result<ExitCode> {
    serve(&ServeOptions {
        root: root.to_path_buf(),
        bind,
        port,
        open,
    })?;
    Ok(ExitCode::SUCCESS)
}
