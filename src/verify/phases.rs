//! The checks of one SMTP server, in phase order: dns → tcp → tls → certificate → ehlo →
//! input → auth → send. Each phase runs under its own deadline (`--timeout`), produces one
//! [`CheckResult`], and a failure stops the phases that need it (the connection is never
//! continued past a failed TLS or certificate check, and AUTH is only ever sent encrypted).

use super::credentials::{Credentials, Secret};
use super::session::{Reply, Session, SessionError, TlsInfo};
use super::tls::{self, CertFacts, Recorder, Trust};
use super::{target, troubleshoot};
use crate::config::{FieldValue, InputRule};
use crate::recipe::{AuthMechanism, Phase, Recipe, Security, SmtpServer};
use crate::report::{CheckResult, CheckStatus, Outcome, ServerReport, SmtpReply};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use regex::Regex;
use std::collections::BTreeSet;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Certificates expiring sooner than this many days are reported as a warning.
pub const EXPIRY_WARN_DAYS: i64 = 21;

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

/// What a phase found, before timing and troubleshooting are added.
struct Out {
    status: CheckStatus,
    summary: String,
    evidence: Vec<String>,
    reply: Option<Reply>,
    cause: Option<String>,
    fix: Option<String>,
}

impl Out {
    fn new(status: CheckStatus, summary: impl Into<String>) -> Out {
        Out {
            status,
            summary: summary.into(),
            evidence: Vec::new(),
            reply: None,
            cause: None,
            fix: None,
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
    fn reply(mut self, r: Reply) -> Out {
        self.reply = Some(r);
        self
    }
    /// A failure on a server reply: `what` says which step, the reply says why.
    fn refused(what: &str, r: Reply) -> Out {
        Out::fail(format!("{what}: {}", r.one_line())).reply(r)
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
    session: Option<Session>,
    local: Option<SocketAddr>,
    tls: Option<TlsInfo>,
    recorder: Option<Arc<Recorder>>,
    cert_rejected: Option<rustls::Error>,
    offered: Vec<String>,
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
    /// Strings never to be shown (secrets and their encodings), kept as [`Secret`] so a
    /// `Debug` of the runner could not print them.
    scrub: Vec<Secret>,
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
            return false;
        }
        if needs == Needs::Connection
            && let Some(why) = &self.blocked
        {
            let why = why.clone();
            self.record(phase, Duration::ZERO, Out::skip(format!("not run: {why}")));
            return false;
        }
        let skip = self.recipe_skip(phase).cloned();
        if let Some(skip) = &skip
            && skip.until < self.opts.today
        {
            let out = Out::fail(format!(
                "the recipe's skip of this check expired on {} (reason was: {}); re-check \
                 the provider, then remove the skip or renew it",
                skip.until, skip.reason
            ));
            self.record(phase, Duration::ZERO, out);
            self.blocked = Some(format!("{phase} failed"));
            return false;
        }
        // Phases the connection depends on still run under a recipe skip (later phases need
        // them, and a security failure is never hidden); only their verdict is replaced.
        let carries_connection = matches!(
            phase,
            Phase::Dns | Phase::Tcp | Phase::Tls | Phase::Certificate | Phase::Ehlo
        );
        if let Some(skip) = &skip
            && !carries_connection
        {
            let out = Out::skip(format!(
                "skipped by the recipe until {}: {}",
                skip.until, skip.reason
            ));
            self.record(phase, Duration::ZERO, out);
            if phase != Phase::Input {
                self.blocked
                    .get_or_insert_with(|| format!("{phase} is skipped by the recipe"));
            }
            return false;
        }
        let started = Instant::now();
        let mut out = run(self, st);
        let elapsed = started.elapsed();
        if let Some(skip) = &skip
            && out.status != CheckStatus::Fail
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
            CheckStatus::Fail => {
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

    fn record(&mut self, phase: Phase, elapsed: Duration, out: Out) {
        let clean = |s: &str| scrub(s, &self.scrub);
        let reply = out.reply.map(|r| SmtpReply {
            code: r.code,
            enhanced: r.enhanced(),
            text: clean(&r.text()),
        });
        let summary = clean(&out.summary);
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
        if result.status == CheckStatus::Fail
            && let Some(entry) =
                troubleshoot::find(self.recipe, phase, result.reply.as_ref(), &result.summary)
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
        (self.progress)(&result);
        self.checks.push(result);
    }
}

/// Replace every sensitive string by `***`, however short (a very short password makes
/// the output odd, never revealing).
fn scrub(text: &str, secrets: &[Secret]) -> String {
    let mut out = text.to_string();
    for s in secrets.iter().map(Secret::expose).filter(|s| !s.is_empty()) {
        out = out.replace(s, "***");
    }
    out
}

/// Run every phase against one server of `recipe`.
pub fn run_server(
    opts: &RunOptions,
    recipe: &Recipe,
    server: &SmtpServer,
    creds: &Credentials,
    progress: &(dyn Fn(&CheckResult) + Sync),
) -> ServerReport {
    let (host, port, redirected) = target::resolve(&opts.connect_to, &server.host, server.port);
    let mut r = Runner {
        opts,
        recipe,
        server,
        creds,
        checks: Vec::new(),
        blocked: None,
        scrub: creds.secrets().into_iter().map(Secret::new).collect(),
        progress,
    };
    let mut st = State::default();

    r.step(Phase::Dns, Needs::Connection, &mut st, |r, st| {
        dns(
            &host,
            port,
            r.opts.timeout,
            st,
            redirected.then_some(server),
        )
    });
    r.step(Phase::Tcp, Needs::Connection, &mut st, |r, st| {
        tcp(r, st, server.security)
    });
    r.step(Phase::Tls, Needs::Connection, &mut st, tls_phase);
    r.step(Phase::Certificate, Needs::Connection, &mut st, certificate);
    r.step(Phase::Ehlo, Needs::Connection, &mut st, ehlo);
    r.step(Phase::Input, Needs::Nothing, &mut st, input);
    r.step(Phase::Auth, Needs::Connection, &mut st, auth);
    r.step(Phase::Send, Needs::Connection, &mut st, send);
    if let Some(session) = st.session.take() {
        session.quit(Duration::from_secs(2).min(opts.timeout));
    }

    let outcome = if r.checks.iter().any(|c| c.status == CheckStatus::Fail) {
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
        checks: r.checks,
    }
}

fn dns(
    host: &str,
    port: u16,
    timeout: Duration,
    st: &mut State,
    redirected_from: Option<&SmtpServer>,
) -> Out {
    let (tx, rx) = std::sync::mpsc::channel();
    let name = host.to_string();
    // std's resolver has no timeout; the thread is left to finish on its own if it hangs.
    std::thread::spawn(move || {
        let _ = tx.send(
            (name.as_str(), port)
                .to_socket_addrs()
                .map(|a| a.collect::<Vec<_>>()),
        );
    });
    let mut evidence = Vec::new();
    if let Some(s) = redirected_from {
        evidence.push(format!(
            "--connect-to: {}:{} is reached at {host}:{port}; TLS names are checked for {}",
            s.host, s.port, s.host
        ));
    }
    match rx.recv_timeout(timeout) {
        Ok(Ok(addrs)) if !addrs.is_empty() => {
            let list: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
            evidence.extend(list.iter().map(|a| format!("address {a}")));
            st.addrs = addrs;
            let name = match redirected_from {
                Some(s) => format!("{host} (--connect-to for {})", s.host),
                None => host.to_string(),
            };
            Out::pass(format!("{name} resolves to {}", list.join(", "))).evidence(evidence)
        }
        Ok(Ok(_)) => Out::fail(format!("{host} has no addresses")).evidence(evidence),
        Ok(Err(e)) => Out::fail(format!("{host} does not resolve: {e}")).evidence(evidence),
        Err(_) => Out::fail(format!(
            "{host} did not resolve within {} s",
            timeout.as_secs_f64()
        ))
        .evidence(evidence),
    }
}

fn tcp(r: &mut Runner<'_>, st: &mut State, security: Security) -> Out {
    let deadline = r.phase_deadline();
    let mut errors = Vec::new();
    let mut connected = None;
    for addr in &st.addrs {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            errors.push(format!("{addr}: time limit reached"));
            break;
        }
        match TcpStream::connect_timeout(addr, left) {
            Ok(s) => {
                connected = Some((s, *addr));
                break;
            }
            Err(e) => errors.push(format!("{addr}: {e}")),
        }
    }
    let Some((stream, addr)) = connected else {
        return Out::fail(format!("cannot connect: {}", errors.join("; "))).evidence(errors);
    };
    let _ = stream.set_nodelay(true);
    st.local = stream.local_addr().ok();
    let mut session = Session::new(stream, deadline);
    for secret in &r.scrub {
        session.redact(secret.expose());
    }
    let mut evidence = vec![format!("connected to {addr}")];
    // With implicit TLS the greeting comes after the handshake (read in `ehlo`).
    if security != Security::Tls {
        match session.read_reply() {
            Ok(reply) if reply.code == 220 => {
                evidence.push(format!("greeting: {}", reply.one_line()));
            }
            Ok(reply) => {
                return Out::refused("the server refused the session", reply).evidence(evidence);
            }
            Err(e) => {
                return Out::broken(
                    &format!("connected to {addr}, but no greeting"),
                    &e,
                    r.opts.timeout,
                )
                .evidence(evidence);
            }
        }
    }
    st.session = Some(session);
    Out::pass(format!("connected to {addr}")).evidence(evidence)
}

/// The EHLO argument: our address literal (RFC 5321 4.1.3), as we have no public name.
fn ehlo_name(st: &State) -> String {
    match st.local {
        Some(SocketAddr::V4(a)) => format!("[{}]", a.ip()),
        Some(SocketAddr::V6(a)) => format!("[IPv6:{}]", a.ip()),
        None => "[127.0.0.1]".to_string(),
    }
}

/// Send EHLO and return the capability lines (without the first, the server's name).
fn send_ehlo(
    session: &mut Session,
    name: &str,
) -> Result<Result<Vec<String>, Reply>, SessionError> {
    let reply = session.command(&format!("EHLO {name}"))?;
    if reply.code != 250 {
        return Ok(Err(reply));
    }
    Ok(Ok(reply.lines.into_iter().skip(1).collect()))
}

/// SASL mechanisms from the capability lines (`AUTH PLAIN LOGIN`, also the old `AUTH=`).
fn auth_mechanisms(caps: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in caps {
        let upper = line.to_ascii_uppercase();
        let rest = upper
            .strip_prefix("AUTH ")
            .or_else(|| upper.strip_prefix("AUTH="));
        if let Some(rest) = rest {
            for m in rest.split_whitespace() {
                if !out.iter().any(|o| o == m) {
                    out.push(m.to_string());
                }
            }
        }
    }
    out
}

fn has_cap(caps: &[String], name: &str) -> bool {
    caps.iter().any(|c| {
        c.split_whitespace()
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case(name))
    })
}

fn tls_phase(r: &mut Runner<'_>, st: &mut State) -> Out {
    let timeout = r.opts.timeout;
    let server = r.server;
    if server.security == Security::None {
        let reason = server
            .plaintext_reason
            .as_deref()
            .unwrap_or("no reason given");
        return Out::warn(format!(
            "the recipe documents this server without encryption ({reason}); mailbook will \
             not log in or send over it"
        ));
    }
    let name = ehlo_name(st);
    let Some(session) = st.session.as_mut() else {
        return Out::fail("no connection");
    };
    session.set_deadline(Instant::now() + timeout);
    let mut evidence = Vec::new();
    if server.security == Security::Starttls {
        let caps = match send_ehlo(session, &name) {
            Ok(Ok(caps)) => caps,
            Ok(Err(reply)) => return Out::refused("EHLO refused", reply),
            Err(e) => return Out::broken("EHLO before STARTTLS", &e, timeout),
        };
        evidence.push(format!("capabilities before TLS: {}", caps.join(", ")));
        if !has_cap(&caps, "STARTTLS") {
            let mut out = Out::fail(
                "the server does not offer STARTTLS; mailbook never continues without \
                 encryption",
            );
            if !auth_mechanisms(&caps).is_empty() {
                evidence.push(
                    "the server offers AUTH on the unencrypted connection; mailbook did not use it"
                        .to_string(),
                );
            }
            out.evidence = evidence;
            return out;
        }
        match session.command("STARTTLS") {
            Ok(reply) if reply.code == 220 => {}
            Ok(reply) => return Out::refused("STARTTLS refused", reply).evidence(evidence),
            Err(e) => return Out::broken("STARTTLS", &e, timeout).evidence(evidence),
        }
        // Anything already received was sent before the handshake and could have been
        // injected by someone on the path (CVE-2011-0411 style): refuse it.
        if session.buffered() > 0 {
            return Out::fail(
                "the server sent data after its STARTTLS reply, before the TLS handshake; \
                 refusing to continue (possible command injection)",
            )
            .evidence(evidence);
        }
    }
    let (config, recorder) = match r.opts.trust.client_config() {
        Ok(c) => c,
        Err(e) => return Out::fail(format!("{e:#}")),
    };
    st.recorder = Some(recorder.clone());
    let how = match server.security {
        Security::Starttls => "STARTTLS",
        _ => "implicit TLS",
    };
    match session.start_tls(config, &server.host) {
        Ok(info) => {
            let summary = format!("{how}: {} {}", info.version, info.cipher);
            evidence.push(format!("protocol {}", info.version));
            evidence.push(format!("cipher {}", info.cipher));
            evidence.push(format!("server name (SNI) {}", server.host));
            st.tls = Some(info);
            Out::pass(summary).evidence(evidence)
        }
        Err(SessionError::Tls(e @ rustls::Error::InvalidCertificate(_))) => {
            st.cert_rejected = Some(e);
            st.session = None;
            Out::pass(format!(
                "{how}: the handshake reached the server's certificate, which was rejected \
                 (see certificate); the connection was closed"
            ))
            .evidence(evidence)
        }
        Err(e) => Out::broken(&format!("{how} handshake failed"), &e, timeout).evidence(evidence),
    }
}

fn certificate(r: &mut Runner<'_>, st: &mut State) -> Out {
    let host = &r.server.host;
    if r.server.security == Security::None {
        return Out::skip("no TLS (security: none)");
    }
    let seen = st.recorder.as_ref().and_then(|rec| rec.seen());
    let facts = seen
        .as_ref()
        .and_then(|s| s.chain.first())
        .and_then(|c| CertFacts::parse(c));
    let mut evidence = Vec::new();
    if let Some(f) = &facts {
        evidence.push(format!("subject {}", f.subject));
        evidence.push(format!("issuer {}", f.issuer));
        evidence.push(format!("names {}", f.names.join(", ")));
        if let Ok(t) = jiff::Timestamp::from_second(f.not_after) {
            evidence.push(format!("not after {t}"));
        }
    }
    if let Some(s) = &seen {
        evidence.push(format!("chain of {} certificate(s) sent", s.chain.len()));
    }
    if let Some(tls) = &st.tls {
        evidence.push(format!("protocol {}", tls.version));
    }
    if let Some(err) = st
        .cert_rejected
        .as_ref()
        .or(seen.as_ref().and_then(|s| s.error.as_ref()))
    {
        return Out::fail(tls::explain(err, host, facts.as_ref())).evidence(evidence);
    }
    let Some(f) = facts else {
        return Out::fail("the server's certificate could not be read").evidence(evidence);
    };
    let now = jiff::Timestamp::now().as_second();
    let days = f.days_left(now);
    let until = jiff::Timestamp::from_second(f.not_after)
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let version = st.tls.as_ref().map(|t| t.version.as_str()).unwrap_or("TLS");
    let summary = format!("valid for {host}, expires {until} ({days} days), {version}");
    if days < EXPIRY_WARN_DAYS {
        Out::warn(format!(
            "{summary}: expires in less than {EXPIRY_WARN_DAYS} days"
        ))
        .evidence(evidence)
    } else {
        Out::pass(summary).evidence(evidence)
    }
}

fn ehlo(r: &mut Runner<'_>, st: &mut State) -> Out {
    let timeout = r.opts.timeout;
    let name = ehlo_name(st);
    let Some(session) = st.session.as_mut() else {
        return Out::fail("no connection");
    };
    session.set_deadline(Instant::now() + timeout);
    let mut evidence = Vec::new();
    if r.server.security == Security::Tls {
        match session.read_reply() {
            Ok(reply) if reply.code == 220 => {
                evidence.push(format!("greeting: {}", reply.one_line()));
            }
            Ok(reply) => return Out::refused("the server refused the session", reply),
            Err(e) => return Out::broken("no greeting after the TLS handshake", &e, timeout),
        }
    }
    let caps = match send_ehlo(session, &name) {
        Ok(Ok(caps)) => caps,
        Ok(Err(reply)) => return Out::refused("EHLO refused", reply).evidence(evidence),
        Err(e) => return Out::broken("EHLO", &e, timeout).evidence(evidence),
    };
    evidence.extend(caps.iter().map(|c| format!("capability {c}")));
    let offered = auth_mechanisms(&caps);
    st.offered = offered.clone();
    let documented: Vec<&str> = r.server.auth.iter().map(|m| m.smtp_name()).collect();
    let missing: Vec<&str> = documented
        .iter()
        .copied()
        .filter(|d| !offered.iter().any(|o| o == d))
        .collect();
    let extra: Vec<&str> = offered
        .iter()
        .map(String::as_str)
        .filter(|o| !documented.contains(o))
        .collect();
    let where_ = if r.server.security == Security::None {
        "without TLS"
    } else {
        "after TLS"
    };
    if offered.is_empty() {
        return Out::warn(format!(
            "AUTH drift: the server offers no AUTH {where_}; the recipe documents {}",
            documented.join(" ")
        ))
        .evidence(evidence);
    }
    if missing.is_empty() && extra.is_empty() {
        return Out::pass(format!(
            "AUTH {} {where_}, as documented",
            offered.join(" ")
        ))
        .evidence(evidence);
    }
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("not offered: {}", missing.join(" ")));
    }
    if !extra.is_empty() {
        parts.push(format!("not documented: {}", extra.join(" ")));
    }
    Out::warn(format!(
        "AUTH drift: the server offers {}, the recipe documents {} ({})",
        offered.join(" "),
        documented.join(" "),
        parts.join("; ")
    ))
    .evidence(evidence)
}

fn no_credentials(recipe_id: &str) -> String {
    let p = super::credentials::env_prefix(recipe_id);
    format!(
        "no credentials: set {p}USERNAME and {p}PASSWORD (or {p}TOKEN), or pass --credentials FILE"
    )
}

fn input(r: &mut Runner<'_>, _st: &mut State) -> Out {
    let creds = r.creds;
    let Some(username) = creds.username.as_deref().filter(|_| creds.usable()) else {
        return Out::skip(no_credentials(&r.recipe.id));
    };
    if let Some(problem) = credential_problem(creds) {
        let mut out = Out::fail(format!(
            "the panel would reject these credentials (not sent to the server): {problem}"
        ));
        out.fix = Some(
            "Give each value alone on one line: no line break before or after it (in a \
             credentials file, a plain or quoted scalar rather than a `|` block)."
                .to_string(),
        );
        return out;
    }
    let mut failures: Vec<String> = Vec::new();
    // Breaches of rules nobody confirmed on today's panel: reported, never a failure.
    let mut doubts: Vec<String> = Vec::new();
    let mut causes = Vec::new();
    let mut fixes = Vec::new();
    let mut evidence = Vec::new();
    let template = &r.server.username;
    match creds.address() {
        Some(address) => {
            let expected = r.server.username_for(address);
            if expected == username {
                evidence.push(format!(
                    "user name `{username}` follows the recipe's `{template}`"
                ));
            } else {
                failures.push(format!(
                    "the user name `{username}` does not follow the recipe's format `{template}` \
                     (expected `{expected}`)"
                ));
                fixes.push(format!("Type `{expected}` as the user name."));
            }
        }
        None if template.contains("{email}") => {
            failures.push(format!(
                "the user name `{username}` is not an email address, but the recipe's format \
                 is `{template}` (the full address)"
            ));
            fixes.push("Use the full email address as the user name.".to_string());
        }
        None => evidence.push(format!(
            "user name `{username}` not compared with `{template}`: no address known \
             (set {}EMAIL)",
            super::credentials::env_prefix(&r.recipe.id)
        )),
    }
    for (rule, re) in &r.opts.rules {
        let value = match rule.field {
            FieldValue::Username => Some(username),
            FieldValue::Password => creds.password.as_ref().map(|p| p.expose()),
            FieldValue::Email | FieldValue::Sender => creds.address(),
            FieldValue::Host | FieldValue::Port | FieldValue::Security => None,
        };
        let Some(value) = value else { continue };
        // Rules never quote the value: for the password it is the secret itself.
        if re.is_match(value) {
            evidence.push(format!(
                "panel rule `{}` ({}): accepted",
                rule.id,
                format!("{:?}", rule.field).to_lowercase()
            ));
        } else if rule.confirmed() {
            failures.push(format!("panel rule `{}`: {}", rule.id, rule.message));
            causes.push(rule.message.clone());
            fixes.push(rule.fix.trim().to_string());
        } else {
            doubts.push(format!(
                "panel rule `{}` (reported, not confirmed: {}): {}",
                rule.id,
                rule.evidence_line(),
                rule.message
            ));
            causes.push(format!("Reported, not confirmed: {}", rule.message));
            fixes.push(rule.fix.trim().to_string());
        }
    }
    // mailbook cannot tell an app password from an account password; say what the recipe
    // expects so a later 535 is read the right way.
    if r.recipe.requires.app_password {
        evidence.push(
            "the recipe requires an app password: the account's normal password fails at auth"
                .to_string(),
        );
    }
    if r.recipe.requires.oauth2_only && creds.token.is_none() {
        evidence.push(format!(
            "the recipe accepts only OAuth2: set {}TOKEN",
            super::credentials::env_prefix(&r.recipe.id)
        ));
    }
    if failures.is_empty() && doubts.is_empty() {
        return Out::pass("the panel would accept these credentials").evidence(evidence);
    }
    if failures.is_empty() {
        let mut out = Out::warn(format!(
            "the panel may reject these credentials: {}",
            doubts.join("; ")
        ))
        .evidence(evidence);
        out.cause = Some(causes.join("\n\n"));
        out.fix = Some(fixes.join("\n\n"));
        return out;
    }
    failures.extend(doubts);
    let mut out = Out::fail(format!(
        "the panel would reject these credentials (not sent to the server): {}",
        failures.join("; ")
    ))
    .evidence(evidence);
    out.cause = (!causes.is_empty()).then(|| causes.join("\n\n"));
    out.fix = Some(fixes.join("\n\n"));
    out
}

/// Pick the mechanism: the recipe's order, among what the server offers and what our
/// credentials can do.
fn choose_mechanism(
    documented: &[AuthMechanism],
    offered: &[String],
    creds: &Credentials,
) -> Result<AuthMechanism, NoMechanism> {
    // Mechanisms verify cannot exercise (CRAM-MD5, PLAIN-CLIENTTOKEN, …) are never tried.
    let implemented = |m: AuthMechanism| m.exercised_with().is_some();
    let usable = |m: AuthMechanism| {
        if m.uses_token() {
            creds.token.is_some()
        } else {
            creds.password.is_some()
        }
    };
    let on_server: Vec<AuthMechanism> = documented
        .iter()
        .copied()
        .filter(|m| offered.iter().any(|o| o == m.smtp_name()))
        .collect();
    if let Some(m) = on_server
        .iter()
        .copied()
        .find(|m| implemented(*m) && usable(*m))
    {
        return Ok(m);
    }
    if on_server.is_empty() {
        return Err(NoMechanism::NotOffered(format!(
            "the server offers none of the documented mechanisms ({}); it offers {}",
            documented
                .iter()
                .map(|m| m.smtp_name())
                .collect::<Vec<_>>()
                .join(" "),
            if offered.is_empty() {
                "no AUTH".to_string()
            } else {
                offered.join(" ")
            }
        )));
    }
    let names: Vec<&str> = on_server.iter().map(|m| m.smtp_name()).collect();
    Err(NoMechanism::NoSecret(format!(
        "none of {} can be used with the credentials given: token mechanisms need a \
         …_TOKEN, password mechanisms a …_PASSWORD (mailbook logs in with PLAIN, LOGIN, \
         XOAUTH2 and OAUTHBEARER only)",
        names.join(" ")
    )))
}

/// Why no mechanism could be chosen.
enum NoMechanism {
    /// The server offers none of the documented mechanisms: a failure.
    NotOffered(String),
    /// We lack the kind of secret the offered mechanisms need: a skip.
    NoSecret(String),
}

fn auth(r: &mut Runner<'_>, st: &mut State) -> Out {
    let timeout = r.opts.timeout;
    let creds = r.creds;
    if !creds.usable() {
        return Out::skip(no_credentials(&r.recipe.id));
    }
    if r.server.security == Security::None {
        return Out::skip(
            "mailbook never sends credentials over an unencrypted connection (security: none)",
        );
    }
    let Some(session) = st.session.as_mut() else {
        return Out::fail("no connection");
    };
    // The hard guard: whatever happened before, AUTH only ever goes over TLS.
    if !session.is_tls() {
        return Out::fail("refusing to log in: the connection is not encrypted");
    }
    // SASL payloads carry the values encoded, but XOAUTH2 separates fields with ^A and
    // reports quote the user name: values with control characters are refused, not sent.
    if let Some(problem) = credential_problem(creds) {
        return Out::fail(format!("refusing to log in: {problem}"));
    }
    let mechanism = match choose_mechanism(&r.server.auth, &st.offered, creds) {
        Ok(m) => m,
        Err(NoMechanism::NoSecret(why)) => return Out::skip(why),
        Err(NoMechanism::NotOffered(why)) => return Out::fail(why),
    };
    session.set_deadline(Instant::now() + timeout);
    let user = creds.username.as_deref().unwrap_or_default();
    let secret = |token: bool| {
        if token {
            creds.token.as_ref().map(|t| t.expose()).unwrap_or_default()
        } else {
            creds
                .password
                .as_ref()
                .map(|p| p.expose())
                .unwrap_or_default()
        }
    };
    let result = match mechanism {
        AuthMechanism::Plain => {
            let blob = B64.encode(format!("\0{user}\0{}", secret(false)));
            session.redact(&blob);
            r.scrub.push(Secret::new(blob.clone()));
            session.command(&format!("AUTH PLAIN {blob}"))
        }
        AuthMechanism::Login => {
            let pass = B64.encode(secret(false));
            session.redact(&pass);
            r.scrub.push(Secret::new(pass.clone()));
            login(session, user, &pass)
        }
        AuthMechanism::Xoauth2 | AuthMechanism::Oauthbearer => {
            let payload = if mechanism == AuthMechanism::Xoauth2 {
                format!("user={user}\x01auth=Bearer {}\x01\x01", secret(true))
            } else {
                format!("n,a={user},\x01auth=Bearer {}\x01\x01", secret(true))
            };
            let blob = B64.encode(payload);
            session.redact(&blob);
            r.scrub.push(Secret::new(blob.clone()));
            match session.command(&format!("AUTH {} {blob}", mechanism.smtp_name())) {
                // On failure both mechanisms send a 334 with an error document and expect
                // an empty line before the final reply.
                Ok(reply) if reply.code == 334 => session.command(""),
                other => other,
            }
        }
        AuthMechanism::Other(name) => {
            return Out::skip(format!("mailbook cannot log in with AUTH {name}"));
        }
    };
    let what = format!("AUTH {} as {user}", mechanism.smtp_name());
    match result {
        Ok(reply) if reply.code == 235 => {
            st.authed = Some(mechanism);
            Out::pass(format!("logged in with {what}"))
                .evidence([format!("reply {}", reply.one_line())])
        }
        Ok(reply) => Out::refused(&format!("{what} refused"), reply),
        Err(e) => Out::broken(&what, &e, timeout),
    }
}

fn login(session: &mut Session, user: &str, pass_b64: &str) -> Result<Reply, SessionError> {
    let reply = session.command("AUTH LOGIN")?;
    if reply.code != 334 {
        return Ok(reply);
    }
    let reply = session.command(&B64.encode(user))?;
    if reply.code != 334 {
        return Ok(reply);
    }
    session.command(pass_b64)
}

fn send(r: &mut Runner<'_>, st: &mut State) -> Out {
    let timeout = r.opts.timeout;
    let recipe = r.recipe;
    let server = r.server;
    let Some(mechanism) = st.authed else {
        return Out::skip("not logged in, so no test mail");
    };
    let Some(from) = r.creds.address() else {
        return Out::skip(format!(
            "no sender address: set {}EMAIL",
            super::credentials::env_prefix(&recipe.id)
        ));
    };
    if !plausible_address(from) {
        return Out::fail(format!(
            "the sender address `{}` is not a plain mailbox address",
            from.escape_debug()
        ));
    }
    let to = r.opts.to.clone().unwrap_or_else(|| from.to_string());
    let Some(session) = st.session.as_mut() else {
        return Out::fail("no connection");
    };
    session.set_deadline(Instant::now() + timeout);
    let now = jiff::Timestamp::now();
    let domain = from
        .rsplit_once('@')
        .map(|(_, d)| d)
        .unwrap_or("mailbook.invalid");
    let message_id = format!(
        "<mailbook.{}.{}.{:016x}@{domain}>",
        recipe.id,
        now.as_nanosecond(),
        random_u64()
    );
    // Recipe text must not be able to add header lines.
    let subject = format!(
        "mailbook verify: {} via {}:{} at {}",
        recipe.name,
        server.host,
        server.port,
        now.strftime("%Y-%m-%d %H:%M:%S UTC")
    )
    .replace(|c: char| c.is_control(), " ");
    let mut evidence = vec![
        format!("Message-ID {message_id}"),
        format!("Subject {subject}"),
        format!("from {from} to {to}"),
    ];
    let steps: [(String, &[u16]); 3] = [
        (format!("MAIL FROM:<{from}>"), &[250]),
        (format!("RCPT TO:<{to}>"), &[250, 251]),
        ("DATA".to_string(), &[354]),
    ];
    for (command, ok) in steps {
        match session.command(&command) {
            Ok(reply) if ok.contains(&reply.code) => {}
            Ok(reply) => {
                return Out::refused(&format!("{command} refused"), reply).evidence(evidence);
            }
            Err(e) => return Out::broken(&command, &e, timeout).evidence(evidence),
        }
    }
    let body = format!(
        "This is a test message from `mailbook verify`, checking that the documented\n\
         settings for {} still work: {}:{} ({}), AUTH {}.\n\nYou can delete it.\n",
        recipe.name,
        server.host,
        server.port,
        server.security.as_str(),
        mechanism.smtp_name()
    );
    let message = format!(
        "From: <{from}>\nTo: <{to}>\nSubject: {}\nDate: {}\nMessage-ID: {message_id}\n\
         MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\
         Content-Transfer-Encoding: 8bit\nX-Mailbook-Recipe: {}\n\n{body}",
        encode_header(&subject),
        now.strftime("%a, %d %b %Y %H:%M:%S +0000"),
        recipe.id
    );
    let mut data = String::new();
    for line in message.lines() {
        // Recipe text (name, host) must not end the message early: a bare CR or any other
        // control character could be read as a line end by some servers (SMTP smuggling).
        let line = crate::text::replace_controls(line, &['\t'], ' ');
        if line.starts_with('.') {
            data.push('.');
        }
        data.push_str(&line);
        data.push_str("\r\n");
    }
    data.push_str(".\r\n");
    let result = session
        .send_raw(data.as_bytes())
        .and_then(|()| session.read_reply());
    match result {
        Ok(reply) if reply.code == 250 => {
            evidence.push(format!("accepted: {}", reply.one_line()));
            let queue = queue_id(&reply.text());
            if let Some(q) = &queue {
                evidence.push(format!("queue id {q}"));
            }
            let summary = match queue {
                Some(q) => format!("test mail to {to} accepted, queue id {q}"),
                None => format!("test mail to {to} accepted: {}", reply.one_line()),
            };
            Out::pass(summary).evidence(evidence)
        }
        Ok(reply) => Out::refused("the message was refused", reply).evidence(evidence),
        Err(SessionError::Closed) => {
            Out::fail("the server closed the connection before accepting the message (during DATA)")
                .evidence(evidence)
        }
        Err(e) => {
            Out::broken("waiting for the message to be accepted", &e, timeout).evidence(evidence)
        }
    }
}

/// Why the credentials cannot be used as they are: a control character (a line break
/// pasted along, a YAML `|` block's final newline, an escape sequence). The user name is
/// quoted escaped, never raw; a secret is never quoted at all.
fn credential_problem(creds: &Credentials) -> Option<String> {
    let username = creds.username.as_deref().unwrap_or_default();
    if username.chars().any(char::is_control) {
        return Some(format!(
            "the user name contains control characters (a line break or similar): `{}`",
            username.escape_debug()
        ));
    }
    for (what, secret) in [("password", &creds.password), ("token", &creds.token)] {
        if secret
            .as_ref()
            .is_some_and(|s| s.expose().chars().any(char::is_control))
        {
            return Some(format!(
                "the {what} contains control characters (often a line break copied with it, \
                 or the final newline of a YAML `|` block)"
            ));
        }
    }
    None
}

/// An address we can put in `MAIL FROM:<…>` without changing the command: one `@`, no
/// spaces, control characters or angle brackets.
pub fn plausible_address(address: &str) -> bool {
    address.matches('@').count() == 1
        && !address.starts_with('@')
        && !address.ends_with('@')
        && !address
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

/// The queue id in an acceptance reply: `queued as X`, `id=X`, or Gmail's trailing token.
fn queue_id(text: &str) -> Option<String> {
    let re = Regex::new(r"(?i)(?:queued as|\bid[=:])\s*([A-Za-z0-9._-]+)").ok()?;
    if let Some(c) = re.captures(text) {
        return Some(c[1].to_string());
    }
    text.split_whitespace()
        .last()
        .filter(|w| w.len() >= 6 && w.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_string)
}

/// RFC 2047 for non-ASCII header values.
fn encode_header(value: &str) -> String {
    if value.is_ascii() {
        value.to_string()
    } else {
        format!("=?UTF-8?B?{}?=", B64.encode(value))
    }
}

/// Randomness for Message-IDs without another dependency: std's per-process random hash keys.
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.finish()
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

    #[test]
    fn capabilities_and_queue_ids() {
        let caps = vec![
            "SIZE 1000".to_string(),
            "AUTH LOGIN PLAIN".to_string(),
            "AUTH=LOGIN".to_string(),
            "STARTTLS".to_string(),
        ];
        assert_eq!(auth_mechanisms(&caps), vec!["LOGIN", "PLAIN"]);
        assert!(has_cap(&caps, "starttls"));
        assert_eq!(
            queue_id("Ok: queued as MB000001").as_deref(),
            Some("MB000001")
        );
        assert_eq!(
            queue_id("OK  1764124800 d2e1a72fcca58-7b9c1d5a3f2sm1234567pgb.12 - gsmtp"),
            None
        );
        assert_eq!(
            queue_id("OK 1764124800 d2e1a72fcca58-7b9c1d5a3f2sm1234567pgb.12").as_deref(),
            Some("d2e1a72fcca58-7b9c1d5a3f2sm1234567pgb.12")
        );
        assert_eq!(scrub("x c2VjcmV0 y", &[Secret::new("c2VjcmV0")]), "x *** y");
        assert_eq!(
            scrub("pw 7q here", &[Secret::new("7q"), Secret::new("")]),
            "pw *** here"
        );
        assert!(plausible_address("a.b@example.com"));
        assert!(!plausible_address("a@b>\r\nRCPT TO:<c@d"));
        assert!(!plausible_address("no-at-sign"));
    }
}
