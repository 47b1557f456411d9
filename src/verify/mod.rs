//! Verification: run each recipe's checks against its SMTP servers, providers concurrently
//! (bounded by `--jobs`), and produce the [`Report`].
//!
//! - [`credentials`]: secrets from the environment or a private file, never printed;
//! - [`scrub`]: every piece of a secret or of its encodings masked in what is recorded;
//! - [`smtp`]: the protocol: session with a deadline per phase, replies, capabilities,
//!   SASL, the test mail (composed with lettre);
//! - [`tls`]: trust store, recording certificate verifier, certificate facts;
//! - [`plan`]: a run planned and checked from the command line, and its report;
//! - [`phases`]: the policy, one file per phase: dns → tcp → tls → certificate → ehlo →
//!   input → auth → send;
//! - [`troubleshoot`]: the recipe's troubleshooting entry for a failure;
//! - [`output`]: text table, JSON, JUnit;
//! - [`progress`]: the live line per provider on a terminal;
//! - [`carry`]: `last_passed` / `failing_since` from the previous report.

pub mod carry;
pub mod credentials;
pub mod output;
pub mod phases;
pub mod plain;
pub mod plan;
pub mod probe;
pub mod progress;
pub mod resolve;
pub mod scrub;
pub mod smtp;
pub mod target;
pub mod tls;
pub mod troubleshoot;

use crate::recipe::Recipe;
use crate::report::{CheckResult, Outcome, ProviderReport, REPORT_SCHEMA_VERSION, Report};
use credentials::CredentialStore;
use phases::RunOptions;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What happened to a provider, for live progress.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// Its first check is about to start (it left the queue).
    Started,
    /// A check finished on server `server` (`host:port`).
    Check {
        /// `host:port` as documented.
        server: &'a str,
        /// The result.
        check: &'a CheckResult,
    },
    /// Every server of the provider has been checked.
    Finished(&'a ProviderReport),
}

/// Called with the provider id and what happened; from several threads at once.
pub type Progress<'a> = &'a (dyn Fn(&str, Event<'_>) + Sync);

/// Verify `recipes` (in the given order), at most `jobs` providers at a time; servers of one
/// provider run one after the other (they share the account).
///
/// This is I/O-bound work on blocking sockets, so it has its own `jobs` scoped threads taking
/// providers from a queue in order, not rayon: rayon's pool is sized for the cores (20 jobs
/// on 2 cores would wait for each other's timeouts) and its work stealing would start
/// providers out of the order the progress lines show.
pub fn run(
    recipes: &[&Recipe],
    store: &CredentialStore,
    env: &(dyn Fn(&str) -> Option<String> + Sync),
    opts: &RunOptions,
    jobs: usize,
    progress: Progress<'_>,
) -> Report {
    let started_at = jiff::Timestamp::now();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<ProviderReport>>> = Mutex::new(vec![None; recipes.len()]);
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, recipes.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(recipe) = recipes.get(i) else { break };
                    let report = verify_provider(recipe, store, env, opts, progress);
                    if let Ok(mut r) = results.lock() {
                        r[i] = Some(report);
                    }
                }
            });
        }
    });
    let mut providers: Vec<ProviderReport> = results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect();
    providers.sort_by(|a, b| a.id.cmp(&b.id));
    Report {
        schema_version: REPORT_SCHEMA_VERSION,
        mailbook_version: env!("CARGO_PKG_VERSION").to_string(),
        started_at,
        finished_at: jiff::Timestamp::now(),
        providers,
    }
}

fn verify_provider(
    recipe: &Recipe,
    store: &CredentialStore,
    env: &(dyn Fn(&str) -> Option<String> + Sync),
    opts: &RunOptions,
    progress: Progress<'_>,
) -> ProviderReport {
    let creds = store.for_recipe(&recipe.id, env);
    progress(&recipe.id, Event::Started);
    let servers: Vec<_> = recipe
        .smtp
        .iter()
        .map(|server| {
            let label = format!("{}:{}", server.host, server.port);
            let report_progress = |c: &CheckResult| {
                progress(
                    &recipe.id,
                    Event::Check {
                        server: &label,
                        check: c,
                    },
                )
            };
            phases::run_server(opts, recipe, server, &creds, &report_progress)
        })
        .collect();
    let confirmations = if opts.confirm_errors {
        phases::confirm_errors(opts, recipe, &creds, &servers)
    } else {
        Vec::new()
    };
    let outcome = if servers.iter().any(|s| s.outcome == Outcome::Fail) {
        Outcome::Fail
    } else {
        Outcome::Pass
    };
    let report = ProviderReport {
        id: recipe.id.clone(),
        outcome,
        last_passed: None,
        failing_since: None,
        notes: phases::conclusions(&servers),
        servers,
        confirmations,
        history: Vec::new(),
    };
    progress(&recipe.id, Event::Finished(&report));
    report
}
