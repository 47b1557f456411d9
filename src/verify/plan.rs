//! A verify run planned from the command line: which recipes, which phases, the credentials,
//! the trust store and the panel's input rules, all checked before anything connects. Then
//! the run itself and the report with its dates carried over. `cmd/verify.rs` only wires
//! these together.

use super::carry;
use super::credentials::CredentialStore;
use super::phases::{self, RunOptions};
use super::target::ConnectTo;
use super::tls::Trust;
use crate::cli::VerifyArgs;
use crate::recipe::{Project, Recipe};
use crate::report::{Outcome, Report};
use anyhow::{Context as _, bail};
use std::path::Path;
use std::time::Duration;

/// Everything a run needs, checked.
pub struct Plan<'p> {
    /// The recipes to verify, in the order asked for.
    pub recipes: Vec<&'p Recipe>,
    /// Where credentials come from besides the environment.
    pub store: CredentialStore,
    /// Phases, deadlines, trust, rules.
    pub opts: RunOptions,
    /// Providers verified at once.
    pub jobs: usize,
    /// The report file's previous content (`--report`), read before anything connects.
    previous: Option<Report>,
    /// Every recipe id of the project (a previous report's other providers are kept only
    /// while their recipe exists).
    known: Vec<String>,
}

impl<'p> Plan<'p> {
    /// Check the arguments against the project; every usage error is found here, before a
    /// connection is made.
    pub fn from_args(project: &'p Project, args: &VerifyArgs) -> anyhow::Result<Plan<'p>> {
        if args.timeout == 0 {
            bail!("--timeout must be at least 1 second");
        }
        if args.jobs == 0 {
            bail!("--jobs must be at least 1");
        }
        let wanted = phases::wanted_phases(&args.only, args.quit_after);
        // `--only send --quit-after auth` would run nothing and still report the provider as
        // passed: a check that cannot fail.
        if wanted.is_empty() {
            let only: Vec<&str> = args.only.iter().map(|p| p.as_str()).collect();
            bail!(
                "--only {} with --quit-after {}: no phase is left to run",
                only.join(","),
                args.quit_after.map_or("", |p| p.as_str())
            );
        }
        let recipes = select(project, &args.providers)?;
        if let Some(to) = &args.to
            && !phases::plausible_address(to)
        {
            bail!(
                "--to `{}`: expected one plain email address",
                to.escape_debug()
            );
        }
        let connect_to = args
            .connect_to
            .iter()
            .map(|s| ConnectTo::parse(s))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let trust = Trust::new(args.cacert.as_deref())?;
        let store = match &args.credentials {
            Some(path) => CredentialStore::from_file(path)?,
            None => CredentialStore::default(),
        };
        let rules = input_rules(project)?;
        let previous = match &args.report {
            Some(path) => carry::read_previous(path)?,
            None => None,
        };
        let opts = RunOptions {
            timeout: Duration::from_secs(args.timeout),
            wanted,
            connect_to,
            trust,
            to: args.to.clone(),
            base_url: args
                .base_url
                .clone()
                .unwrap_or_else(|| project.config.base_url.clone()),
            rules,
            today: args.today.unwrap_or_else(|| jiff::Zoned::now().date()),
            confirm_errors: args.confirm_errors,
            resolver: super::resolve::Resolver::new(
                args.dns_server,
                Duration::from_secs(args.timeout),
            ),
        };
        Ok(Plan {
            recipes,
            store,
            opts,
            jobs: args.jobs,
            previous,
            known: project
                .recipes
                .iter()
                .map(|r| r.recipe.id.clone())
                .collect(),
        })
    }

    /// Run every provider; `progress` hears of each step.
    pub fn run(&self, progress: super::Progress<'_>) -> Report {
        let env = |name: &str| std::env::var(name).ok();
        super::run(
            &self.recipes,
            &self.store,
            &env,
            &self.opts,
            self.jobs,
            progress,
        )
    }

    /// Fill in `last_passed` / `failing_since`: from the report file at `path` as it was
    /// before the run (it is rewritten with this run merged in), else from this run alone.
    pub fn carry_over(&self, mut report: Report, path: Option<&Path>) -> anyhow::Result<Report> {
        let Some(path) = path else {
            carry::carry_over(&mut report, None, &self.known);
            return Ok(report);
        };
        let mut saved = report.clone();
        carry::carry_over(&mut saved, self.previous.as_ref(), &self.known);
        write_file(path, &super::output::json(&saved))?;
        // stdout shows the same dates as the file for the providers of this run.
        for p in &mut report.providers {
            if let Some(s) = saved.providers.iter().find(|s| s.id == p.id) {
                p.last_passed = s.last_passed;
                p.failing_since = s.failing_since;
            }
        }
        Ok(report)
    }
}

/// Whether any provider failed.
pub fn failed(report: &Report) -> bool {
    report.providers.iter().any(|p| p.outcome == Outcome::Fail)
}

/// The admin panel's input rules from `mailbook.yaml`, compiled.
fn input_rules(project: &Project) -> anyhow::Result<Vec<(crate::config::InputRule, regex::Regex)>> {
    project
        .config
        .app
        .rules
        .iter()
        .map(|rule| {
            regex::Regex::new(&rule.pattern)
                .map(|re| (rule.clone(), re))
                .with_context(|| {
                    format!(
                        "mailbook.yaml: app.rules `{}`: pattern is not a valid regular expression",
                        rule.id
                    )
                })
        })
        .collect()
}

/// The recipes to verify: the named ones (each must exist; a repeated name counts once),
/// else all.
fn select<'p>(project: &'p Project, names: &[String]) -> anyhow::Result<Vec<&'p Recipe>> {
    if names.is_empty() {
        return Ok(project.recipes.iter().map(|r| &r.recipe).collect());
    }
    let mut seen = std::collections::BTreeSet::new();
    names
        .iter()
        .filter(|name| seen.insert(name.as_str()))
        .map(|name| {
            project
                .recipes
                .iter()
                .map(|r| &r.recipe)
                .find(|r| &r.id == name)
                .ok_or_else(|| {
                    let ids: Vec<&str> = project
                        .recipes
                        .iter()
                        .map(|r| r.recipe.id.as_str())
                        .collect();
                    let hint = crate::text::closest(name, ids.iter().copied())
                        .map(|id| format!(" (did you mean `{id}`?)"))
                        .unwrap_or_default();
                    anyhow::anyhow!(
                        "no recipe `{name}`{hint}; known recipes: {}",
                        ids.join(", ")
                    )
                })
        })
        .collect()
}

/// Write a file via a temporary sibling and rename, so readers never see half a report.
pub fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp~");
    std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}
