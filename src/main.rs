//! Parse the command line, dispatch, print the error chain once, set the exit code.

use clap::Parser;
use mailbook::cli::{Cli, Command};
use mailbook::cmd;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root;
    let result = match cli.command {
        Command::Check {
            format,
            external,
            today,
            verification,
        } => cmd::check::run(&root, format, external, today, verification.as_deref()),
        Command::New { id, name } => cmd::new::run(&root, &id, name.as_deref()),
        Command::Schema { kind } => cmd::schema::run(kind),
        Command::Translate(command) => cmd::translate::run(&root, command),
        Command::Build {
            out,
            base_url,
            templates,
            verification,
            today,
        } => cmd::build::run(
            &root,
            &out,
            base_url.as_deref(),
            templates.as_deref(),
            verification.as_deref(),
            today,
        ),
        Command::Verify(args) => cmd::verify::run(&root, args),
        Command::Serve { port, bind, open } => cmd::serve::run(&root, bind, port, open),
        Command::Drift(args) => cmd::drift::run(&root, args),
        Command::Discover(args) => cmd::discover::run(&root, args),
        Command::Import(kind) => cmd::import::run(&root, kind),
        Command::Completions { shell } => cmd::completions(shell),
        Command::Man => cmd::man(),
    };
    match result {
        Ok(code) => code,
        // The reader of our output went away (`| head`): nothing failed.
        Err(error) if mailbook::text::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}
