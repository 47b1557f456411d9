//! `mailbook drift`: load the recipes, ask every source, print the differences.

use crate::cli::{DriftArgs, NetArgs, ReportFormat};
use crate::diagnostic::{Diagnostics, use_color};
use crate::drift::{self, dns::Dns, http::Http, probe::Sources};
use crate::recipe::{LoadedRecipe, Phase, Project};
use crate::verify::phases::{self, RunOptions};
use crate::verify::target::ConnectTo;
use crate::verify::tls::Trust;
use anyhow::bail;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// Run `drift`.
pub fn run(root: &Path, args: DriftArgs) -> anyhow::Result<ExitCode> {
    let color = use_color(std::io::stderr().is_terminal());
    let project = match Project::load(root) {
        Ok(project) => project,
        Err(diagnostics) => {
            eprintln!("{}", diagnostics.render_text(color));
            eprintln!("drift: not run, the project has errors (see `mailbook check`)");
            return Ok(ExitCode::from(2));
        }
    };
    if args.jobs == 0 {
        bail!("--jobs must be at least 1");
    }
    let recipes = select(&project, &args.providers)?;
    let (dns, http, connect_to) = network(&args.net)?;
    let smtp = (!args.no_ehlo)
        .then(|| -> anyhow::Result<RunOptions> {
            Ok(RunOptions {
                timeout: Duration::from_secs(args.net.timeout),
                wanted: phases::wanted_phases(&[], Some(Phase::Ehlo)),
                connect_to,
                trust: Trust::new(args.net.cacert.as_deref())?,
                to: None,
                base_url: String::new(),
                rules: Vec::new(),
                today: jiff::Zoned::now().date(),
                confirm_errors: false,
                resolver: crate::verify::resolve::Resolver::new(
                    args.net.dns_server,
                    Duration::from_secs(args.net.timeout),
                ),
            })
        })
        .transpose()?;
    let sources = Sources {
        dns,
        http,
        ispdb: args.ispdb.as_deref().map(drift::probe::Ispdb::parse),
        smtp,
    };
    let found = drift::probe::run(&recipes, &sources, args.jobs);
    let mut diagnostics = Vec::new();
    let mut report = Vec::new();
    let mut diff = String::new();
    for (loaded, findings) in recipes.iter().zip(found) {
        diagnostics.extend(drift::diagnostics(loaded, &findings));
        if args.suggest {
            diff.push_str(&drift::suggest::diff(loaded, &findings));
        }
        report.push(drift::RecipeDrift {
            id: loaded.recipe.id.clone(),
            findings,
        });
    }
    // Field order within a file, as `check` prints; the sort is stable, so one field's
    // sources keep their order.
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    let diagnostics = Diagnostics(diagnostics);
    print_findings(&args, &diagnostics, &report, diff, recipes.len(), color)?;
    Ok(if diagnostics.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Diagnostics on stderr (text) or one JSON document on stdout; the `--suggest` diff on
/// stdout (inside the JSON document with `--format json`).
fn print_findings(
    args: &DriftArgs,
    diagnostics: &Diagnostics,
    report: &[drift::RecipeDrift],
    diff: String,
    compared: usize,
    color: bool,
) -> anyhow::Result<()> {
    match args.format {
        ReportFormat::Text => {
            if diagnostics.0.is_empty() {
                eprintln!(
                    "compared {compared} recipe{}: every source agrees",
                    if compared == 1 { "" } else { "s" }
                );
            } else {
                eprintln!("{}", diagnostics.render_text(color));
            }
            if args.suggest {
                crate::text::print_out(&diff)?;
            }
        }
        ReportFormat::Json => {
            let mut doc = serde_json::json!({
                "recipes": report,
                "diagnostics": diagnostics.0,
                "errors": diagnostics.error_count(),
                "warnings": diagnostics.0.len() - diagnostics.error_count(),
            });
            if args.suggest {
                doc["suggest"] = serde_json::Value::String(diff);
            }
            crate::text::print_out(&format!("{}\n", serde_json::to_string_pretty(&doc)?))?;
        }
    }
    Ok(())
}

/// The DNS resolver, the HTTPS client and the `--connect-to` rules of `drift` and `discover`.
pub fn network(net: &NetArgs) -> anyhow::Result<(Arc<Dns>, Http, Vec<ConnectTo>)> {
    if net.timeout == 0 {
        bail!("--timeout must be at least 1 second");
    }
    let timeout = Duration::from_secs(net.timeout);
    let connect_to = net
        .connect_to
        .iter()
        .map(|s| ConnectTo::parse(s))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let dns = Arc::new(Dns::new(net.dns_server, timeout)?);
    // With --dns-server, web hosts are looked up there too (a test's own zone).
    let http = Http::new(
        &connect_to,
        net.cacert.as_deref(),
        timeout,
        net.dns_server.map(|_| dns.clone()),
    )?;
    Ok((dns, http, connect_to))
}

/// The named recipes (each must exist), else all.
fn select<'p>(project: &'p Project, names: &[String]) -> anyhow::Result<Vec<&'p LoadedRecipe>> {
    if names.is_empty() {
        return Ok(project.recipes.iter().collect());
    }
    let ids: Vec<&str> = project
        .recipes
        .iter()
        .map(|r| r.recipe.id.as_str())
        .collect();
    let mut out: Vec<&LoadedRecipe> = Vec::new();
    for name in names {
        let Some(found) = project.recipes.iter().find(|r| &r.recipe.id == name) else {
            let hint = crate::text::closest(name, ids.iter().copied())
                .map(|id| format!(" (did you mean `{id}`?)"))
                .unwrap_or_default();
            bail!(
                "no recipe `{name}`{hint}; known recipes: {}",
                ids.join(", ")
            );
        };
        if !out.iter().any(|r| r.recipe.id == found.recipe.id) {
            out.push(found);
        }
    }
    Ok(out)
}
