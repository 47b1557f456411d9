//! One thin file per subcommand: each wires modules together and returns an exit code.

pub mod build;
pub mod check;
pub mod discover;
pub mod drift;
pub mod import;
pub mod new;
pub mod schema;
pub mod serve;
pub mod translate;
pub mod verify;

use clap::CommandFactory;
use std::process::ExitCode;

/// `mailbook completions SHELL`.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut command = crate::cli::Cli::command();
    clap_complete::generate(shell, &mut command, "mailbook", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

/// `mailbook man`.
pub fn man() -> anyhow::Result<ExitCode> {
    let page = clap_mangen::Man::new(crate::cli::Cli::command());
    page.render(&mut std::io::stdout())?;
    Ok(ExitCode::SUCCESS)
}
