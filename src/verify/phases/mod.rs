//! The checks of one SMTP server, in phase order: dns → tcp → tls → certificate → ehlo →
//! input → auth → send. Each phase runs under its own deadline (`--timeout`), produces one
//! [`CheckResult`], and a failure stops the phases that need it (the connection is never
//! continued past a failed TLS or certificate check, and AUTH is only ever sent encrypted).
//!
//! This module is the policy: which phases run, what blocks what, recipe skips, secrets
//! scrubbed from everything recorded, troubleshooting attached to failures. Each phase is one
//! small file ([`dns`], [`tcp`], [`tls`], [`certificate`], [`ehlo`], [`input`], [`auth`],
//! [`send`]); the SMTP protocol they speak is in [`super::smtp`].

mod auth;
mod certificate;
mod confirm;
mod dns;
mod ehlo;
mod input;
mod retry;
mod send;
mod tcp;
mod tls;

pub use super::smtp::message::plausible_address;

use super::credentials::Credentials;
use super::scrub::Scrubber;
use super::smtp::{Reply, Session, SessionError, TlsInfo};
use super::tls::{Recorder, Trust};
use super::{target, troubleshoot};
use crate::config::InputRule;
use crate::recipe::{AuthMechanism, Phase, Recipe, SmtpServer};
use crate::report::{CheckResult, CheckStatus, Outcome, ServerReport, SmtpReply};
use regex::Regex;
use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use certificate::EXPIRY_WARN_DAYS;
pub use confirm::confirm_errors;
pub use tcp::conclusions;

/// Everything the phases need that is the same for every server of a run.
#[derive(Debug)]
pub struct RunOptions {
    /// Time limit of each phase.
    pub timeout: Duration,
    /// The phases to run (the selected ones and what they depend on).
    pub wanted: BTreeSet<Phase>,
    /// `--connect-to` rules.
    pub connect_to: Vec<target::ConnectTo>,
    /// Trust anchors.
    pub trust: Trust,
    /// Recipient of the test mail; the account itself when `None`.
    pub to: Option<String>,
    /// The site's base URL, for links to troubleshooting entries.
    pub base_url: String,
    /// The target application's input rules, compiled.
    pub rules: Vec<(InputRule, Regex)>,
    /// Today, for the expiry of recipe skips.
    pub today: jiff::civil::Date,
    /// `--confirm-errors`: provoke the recipe's provokable errors ([`confirm_errors`]).
    pub confirm_errors: bool,
    /// The DNS resolver (`--dns-server` or the system's).
    pub resolver: super::resolve::Resolver,
}

/// The phases to run for `--only` and `--quit-after`: the selected phases plus every phase
/// a selected one depends on (all earlier ones, except that nothing depends on `input`
/// alone and `input` needs no connection).
pub fn wanted_phases(only: &[Phase], quit_after: Option<Phase>) -> BTreeSet<Phase> {
    let selected: BTreeSet<Phase> = Phase::ALL
        .into_iter()
        .filter(|p| only.is_empty() || only.contains(p))
        .filter(|p| quit_after.is_none_or(|q| *p <= q))
        .collect();
    Phase::ALL
        .into_iter()
        .filter(|p| selected.contains(p) || selected.iter().any(|q| q > p && *q != Phase::Input))
        .collect()
}

/// Which of the recipe's troubleshooting entries may explain a failure: the entry must fit
/// what was observed, not only the phase it happened in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Advice {
    /// The phase's typical failure: any entry that fits, also one naming the phase alone
    /// (a recipe's "port and encryption mode don't match" for a failed TLS start).
    Phase,
    /// The typical failure of another phase (a STARTTLS recipe aimed at an implicit-TLS
    /// port fails in `tcp`, but it is the mismatch a `tls` entry explains).
    As(Phase),
    /// Something else went wrong in this phase: only an entry that matches the reply or the
    /// text (its code, enhanced code or words), never one that names the phase alone.
    Specific,
    /// Not the recipe's business (this machine's DNS, a blocked port): no entry.
    None,
}

/// What a phase found, before timing and troubleshooting are added.
struct Out {
    status: CheckStatus,
    summary: String,
    evidence: Vec<String>,
    reply: Option<Reply>,
    /// The reply answers AUTH: its text is used to find the troubleshooting entry but never
    /// recorded (a server may echo the credentials in it).
    withheld: bool,
    /// The failure is on mailbook's side (or the test account's address), not the
    /// provider's: no troubleshooting entry of the recipe is attached.
    ours: bool,
    cause: Option<String>,
    fix: Option<String>,
    advice: Advice,
}

impl Out {
    fn new(status: CheckStatus, summary: impl Into<String>) -> Out {
        Out {
            status,
            summary: summary.into(),
            evidence: Vec::new(),
            reply: None,
            withheld: false,
            ours: false,
            cause: None,
            fix: None,
            advice: Advice::Phase,
        }
    }
    fn pass(s: impl Into<String>) -> Out {
        Out::new(CheckStatus::Pass, s)
    }
    fn warn(s: impl Into<String>) -> Out {
        Out::new(CheckStatus::Warn, s)
    }
    fn fail(s: impl Into<String>) -> Out {
        Out::new(CheckStatus::Fail, s)
    }
    fn skip(s: impl Into<String>) -> Out {
        Out::new(CheckStatus::Skip, s)
    }
    fn evidence(mut self, e: impl IntoIterator<Item = String>) -> Out {
        self.evidence.extend(e);
        self
    }
    /// Which entries may explain this failure.
    fn advice(mut self, advice: Advice) -> Out {
        self.advice = advice;
        self
    }
    /// mailbook's own explanation, for a failure no recipe entry is about.
    fn explain(mut self, cause: impl Into<String>, fix: impl Into<String>) -> Out {
        self.cause = Some(cause.into());
        self.fix = Some(fix.into());
        self
    }
    fn reply(mut self, r: Reply) -> Out {
        self.reply = Some(r);
        self
    }
    /// A failure on a server reply: `what` says which step, the reply says why.
    fn refused(what: &str, r: Reply) -> Out {
        Out::fail(format!("{what}: {}", r.one_line())).reply(r)
    }
    /// A failure on the server's reply to AUTH: the code and enhanced code are recorded,
    /// the text is not (it may echo the credentials, cut or re-chunked).
    fn refused_auth(what: &str, r: Reply) -> Out {
        let mut out = Out::fail(format!("{what}: {}", r.withheld_line())).reply(r);
        out.withheld = true;
        out
    }
    /// A failure without a reply (timeout, closed, garbage, TLS).
    fn broken(what: &str, e: &SessionError, timeout: Duration) -> Out {
        match e {
            SessionError::Timeout => Out::fail(format!(
                "{what}: no answer within {} s",
                timeout.as_secs_f64()
            )),
            other => Out::fail(format!("{what}: {other}")),
        }
    }
}

/// Connection state carried from phase to phase.
#[derive(Default)]
struct State {
    addrs: Vec<SocketAddr>,
    /// The address `tcp` connected to.
    peer: Option<SocketAddr>,
    session: Option<Session>,
    local: Option<SocketAddr>,
    tls: Option<TlsInfo>,
    recorder: Option<Arc<Recorder>>,
    cert_rejected: Option<rustls::Error>,
    offered: Vec<String>,
    /// The EHLO capability lines.
    caps: Vec<String>,
    authed: Option<AuthMechanism>,
}

struct Runner<'a> {
    opts: &'a RunOptions,
    recipe: &'a Recipe,
    server: &'a SmtpServer,
    creds: &'a Credentials,
    checks: Vec<CheckResult>,
    /// Why phases that need the connection can no longer run.
    blocked: Option<String>,
    /// Secrets and their encodings, never to be shown, not even in part.
    scrub: Scrubber,
    progress: &'a (dyn Fn(&CheckResult) + Sync),
}

/// How a phase relates to the ones after it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// Needs the connection (or an earlier phase's success).
    Connection,
    /// Runs even when the connection failed (`input` checks values only).
    Nothing,
}

impl Runner<'_> {
    fn phase_deadline(&self) -> Instant {
        Instant::now() + self.opts.timeout
    }

    /// The recipe's skip for this phase and server, if any.
    fn recipe_skip(&self, phase: Phase) -> Option<&crate::recipe::Skip> {
        let here = format!("{}:{}", self.server.host, self.server.port);
        self.recipe
            .checks
            .skip
            .iter()
            .find(|s| s.check == phase && s.server.as_deref().is_none_or(|v| v == here))
    }

    /// Run one phase. Returns whether later phases may build on it.
    fn step(
        &mut self,
        phase: Phase,
        needs: Needs,
        st: &mut State,
        run: impl FnOnce(&mut Self, &mut State) -> Out,
    ) -> bool {
        let Some(skip) = self.admit(phase, needs, st) else {
            return false;
        };
        let started = Instant::now();
        let mut out = run(self, st);
        let elapsed = started.elapsed();
        // A 4xx reply says "not now", not "not like this". Except a 454 to STARTTLS: that
        // is how a server reports a TLS setup that is broken, and stays so.
        if out.status == CheckStatus::Fail
            && phase != Phase::Tls
            && out.reply.as_ref().is_some_and(|r| r.code / 100 == 4)
        {
            out.status = CheckStatus::Temporary;
        }
        if let Some(skip) = &skip
            && !out.status.failed()
        {
            out.status = CheckStatus::Skip;
            out.summary = format!(
                "skipped by the recipe until {}: {} (found: {})",
                skip.until, skip.reason, out.summary
            );
        }
        let status = out.status;
        self.record(phase, elapsed, out);
        match status {
            CheckStatus::Fail | CheckStatus::Temporary => {
                self.blocked = Some(format!("{phase} failed"));
                if let Some(session) = st.session.take() {
                    session.quit(Duration::from_secs(2).min(self.opts.timeout));
                }
                false
            }
            // A phase's own skip (no credentials, no TLS to inspect) blocks nothing: later
            // phases check what they need themselves (send needs a login, ehlo a session).
            CheckStatus::Skip => false,
            CheckStatus::Pass | CheckStatus::Warn => true,
        }
    }

    /// Whether `phase` runs: `None` when it does not (the reason is recorded), else the
    /// recipe's skip to apply to its verdict, if any.
    fn admit(
        &mut self,
        phase: Phase,
        needs: Needs,
        st: &State,
    ) -> Option<Option<crate::recipe::Skip>> {
        // A certificate rejected during the handshake is reported even when the phase was
        // not selected: it is why the connection stopped.
        let forced = phase == Phase::Certificate && st.cert_rejected.is_some();
        if forced {
            self.blocked = None;
        }
        if !forced && !self.opts.wanted.contains(&phase) {
            self.record(
                phase,
                Duration::ZERO,
                Out::skip("not selected (--only / --quit-after)"),
            );
            self.blocked
                .get_or_insert_with(|| format!("{phase} was not selected"));
            return None;
        }
        if needs == Needs::Connection
            && let Some(why) = &self.blocked
        {
            let why = why.clone();
            self.record(phase, Duration::ZERO, Out::skip(format!("not run: {why}")));
            return None;
        }
        let skip = self.recipe_skip(phase).cloned();
        match &skip {
            Some(skip) if skip.until < self.opts.today => {
                let out = Out::fail(format!(
                    "the recipe's skip of this check expired on {} (reason was: {}); re-check \
                     the provider, then remove the skip or renew it",
                    skip.until, skip.reason
                ));
                self.record(phase, Duration::ZERO, out);
                self.blocked = Some(format!("{phase} failed"));
                None
            }
            // Phases the connection depends on still run under a recipe skip (later phases
            // need them, and a security failure is never hidden); only their verdict is
            // replaced.
            Some(skip) if !carries_connection(phase) => {
                let out = Out::skip(format!(
                    "skipped by the recipe until {}: {}",
                    skip.until, skip.reason
                ));
                self.record(phase, Duration::ZERO, out);
                if phase != Phase::Input {
                    self.blocked
                        .get_or_insert_with(|| format!("{phase} is skipped by the recipe"));
                }
                None
            }
            _ => Some(skip),
        }
    }

    fn record(&mut self, phase: Phase, elapsed: Duration, out: Out) {
        let clean = |s: &str| self.scrub.clean(s);
        let withheld = out.withheld;
        let ours = out.ours;
        let reply = out.reply.map(|r| SmtpReply {
            code: r.code,
            enhanced: r.enhanced(),
            text: clean(&r.text()),
        });
        let summary = clean(&out.summary);
        let advice = out.advice;
        let mut result = CheckResult {
            phase,
            status: out.status,
            duration_ms: u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
            summary,
            evidence: out.evidence.iter().map(|e| clean(e)).collect(),
            reply,
            troubleshooting: None,
            cause: out.cause.map(|c| clean(&c)),
            fix: out.fix.map(|f| clean(&f)),
            link: None,
        };
        if result.status.failed()
            && !ours
            && let Some(entry) = self.entry(phase, advice, &result)
        {
            // The recipe's entry comes first; what the phase itself knew (e.g. the fixes of
            // every panel rule broken at once) stays after it.
            let join = |entry: &str, own: Option<String>| match own {
                Some(own) if !own.is_empty() => format!("{}\n\n{own}", entry.trim()),
                _ => entry.trim().to_string(),
            };
            result.troubleshooting = Some(entry.id.clone());
            result.cause = Some(join(&entry.cause, result.cause.take()));
            result.fix = Some(join(&entry.fix, result.fix.take()));
            result.link = Some(troubleshoot::link(
                &self.opts.base_url,
                &self.recipe.id,
                &entry.id,
            ));
        }
        if withheld && let Some(reply) = &mut result.reply {
            reply.text = super::smtp::reply::WITHHELD.to_string();
        }
        (self.progress)(&result);
        self.checks.push(result);
    }
}

impl Runner<'_> {
    /// The recipe's troubleshooting entry for a failed check, as `advice` allows.
    fn entry(
        &self,
        phase: Phase,
        advice: Advice,
        c: &CheckResult,
    ) -> Option<&crate::recipe::Troubleshooting> {
        let (reply, summary) = (c.reply.as_ref(), c.summary.as_str());
        match advice {
            Advice::Phase => troubleshoot::find(self.recipe, phase, reply, summary),
            Advice::As(other) => troubleshoot::find(self.recipe, other, reply, summary),
            Advice::Specific => troubleshoot::find_specific(self.recipe, phase, reply, summary),
            Advice::None => None,
        }
    }
}

/// The phases that carry the connection: they run even under a recipe skip.
fn carries_connection(phase: Phase) -> bool {
    matches!(
        phase,
        Phase::Dns | Phase::Tcp | Phase::Tls | Phase::Certificate | Phase::Ehlo
    )
}

/// Run every phase against one server of `recipe`; when a phase failed on a temporary
/// (4xx) reply, once more after the wait the server asked for ([`retry`]).
pub fn run_server(
    opts: &RunOptions,
    recipe: &Recipe,
    server: &SmtpServer,
    creds: &Credentials,
    progress: &(dyn Fn(&CheckResult) + Sync),
) -> ServerReport {
    let (host, port, redirected) = target::resolve(&opts.connect_to, &server.host, server.port);
    let attempt = || {
        let (checks, mut st) = run_phases(
            opts,
            recipe,
            server,
            creds,
            progress,
            (&host, port, redirected),
            Phase::Send,
        );
        if let Some(session) = st.session.take() {
            session.quit(Duration::from_secs(2).min(opts.timeout));
        }
        checks
    };
    let mut checks = attempt();
    if let Some(first) = checks
        .iter()
        .find(|c| c.status == CheckStatus::Temporary)
        .cloned()
    {
        let wait = retry::wait(first.reply.as_ref(), opts.timeout);
        std::thread::sleep(wait);
        checks = attempt();
        retry::annotate(&mut checks, &first, wait);
    }
    let outcome = if checks.iter().any(|c| c.status.failed()) {
        Outcome::Fail
    } else {
        Outcome::Pass
    };
    ServerReport {
        host: server.host.clone(),
        port: server.port,
        security: server.security,
        connected_to: redirected.then(|| format!("{host}:{port}")),
        outcome,
        checks,
    }
}

/// One attempt: every phase in order up to `until`, on a fresh connection to `target`
/// (host, port, and whether `--connect-to` redirected there). The session is left open in
/// the state returned.
fn run_phases(
    opts: &RunOptions,
    recipe: &Recipe,
    server: &SmtpServer,
    creds: &Credentials,
    progress: &(dyn Fn(&CheckResult) + Sync),
    target: (&str, u16, bool),
    until: Phase,
) -> (Vec<CheckResult>, State) {
    let (host, port, redirected) = target;
    let mut r = Runner {
        opts,
        recipe,
        server,
        creds,
        checks: Vec::new(),
        blocked: None,
        scrub: Scrubber::for_credentials(creds),
        progress,
    };
    let mut st = State::default();

    r.step(Phase::Dns, Needs::Connection, &mut st, |r, st| {
        dns::dns(
            &r.opts.resolver,
            (host, port),
            r.opts.timeout,
            st,
            redirected.then_some(server),
        )
    });
    r.step(Phase::Tcp, Needs::Connection, &mut st, |r, st| {
        tcp::tcp(r, st, server.security)
    });
    r.step(Phase::Tls, Needs::Connection, &mut st, tls::tls);
    r.step(
        Phase::Certificate,
        Needs::Connection,
        &mut st,
        certificate::certificate,
    );
    r.step(Phase::Ehlo, Needs::Connection, &mut st, ehlo::ehlo);
    if until > Phase::Ehlo {
        r.step(Phase::Input, Needs::Nothing, &mut st, input::input);
        r.step(Phase::Auth, Needs::Connection, &mut st, auth::auth);
    }
    if until > Phase::Auth {
        r.step(Phase::Send, Needs::Connection, &mut st, send::send);
    }
    (r.checks, st)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wanted_includes_dependencies() {
        let w = wanted_phases(&[Phase::Certificate], None);
        assert_eq!(
            w.into_iter().collect::<Vec<_>>(),
            vec![Phase::Dns, Phase::Tcp, Phase::Tls, Phase::Certificate]
        );
        let w = wanted_phases(&[Phase::Input], None);
        assert_eq!(w.into_iter().collect::<Vec<_>>(), vec![Phase::Input]);
        let w = wanted_phases(&[], Some(Phase::Auth));
        assert!(w.contains(&Phase::Auth) && !w.contains(&Phase::Send));
    }
}
