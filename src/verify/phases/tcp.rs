//! `tcp`: a connection to one of the addresses, and the greeting (after the handshake for
//! implicit TLS, so read in `ehlo` then).
//!
//! A connection that fails is told apart: refused (nothing listens there), timed out (no
//! answer at all: what a firewall dropping an outbound port looks like, typical of shop
//! hosting blocking 587 or 465) and unreachable (no route from this machine). Only the first
//! can be the recipe's business. A port that never greets although the recipe says STARTTLS
//! is asked whether it waits for a TLS handshake: then the recipe's port and mode don't match.

use super::{Advice, Out, Runner, State};
use crate::recipe::{Phase, Security};
use crate::report::{CheckResult, CheckStatus, ServerReport};
use crate::verify::probe;
use crate::verify::smtp::{Session, SessionError};
use std::io::ErrorKind;
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// How every timed-out connection's summary starts (the provider's conclusion looks for it).
const TIMED_OUT: &str = "cannot connect: timed out";

/// Why connecting to one address failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Failure {
    Refused,
    Unreachable,
    TimedOut,
    Other,
}

fn failure(kind: ErrorKind) -> Failure {
    match kind {
        ErrorKind::ConnectionRefused => Failure::Refused,
        ErrorKind::TimedOut | ErrorKind::WouldBlock => Failure::TimedOut,
        ErrorKind::HostUnreachable | ErrorKind::NetworkUnreachable => Failure::Unreachable,
        _ => Failure::Other,
    }
}

pub(super) fn tcp(r: &mut Runner<'_>, st: &mut State, security: Security) -> Out {
    let deadline = r.phase_deadline();
    let mut errors: Vec<(Failure, String)> = Vec::new();
    let mut connected = None;
    for addr in &st.addrs {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            errors.push((Failure::TimedOut, format!("{addr}: time limit reached")));
            break;
        }
        match TcpStream::connect_timeout(addr, left) {
            Ok(s) => {
                connected = Some((s, *addr));
                break;
            }
            Err(e) => errors.push((failure(e.kind()), format!("{addr}: {e}"))),
        }
    }
    let Some((stream, addr)) = connected else {
        // The port connected to (--connect-to may have changed the documented one).
        let port = st.addrs.first().map_or(r.server.port, SocketAddr::port);
        return not_connected(&errors, port, r.opts.timeout);
    };
    let _ = stream.set_nodelay(true);
    st.local = stream.local_addr().ok();
    st.peer = Some(addr);
    let mut session = Session::new(stream, deadline);
    session.scrub_with(r.scrub.clone());
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
            // A server waiting for a ClientHello answers one at once: a short probe.
            Err(SessionError::Timeout)
                if probe::speaks_tls(addr, &r.server.host, probe_limit(r.opts.timeout)) =>
            {
                return Out::fail(format!(
                    "connected to {addr}, but no greeting: port {} waits for a TLS handshake \
                     (implicit TLS), the recipe says {}: port and encryption mode don't match",
                    r.server.port,
                    security.as_str()
                ))
                .advice(Advice::As(Phase::Tls))
                .evidence(evidence);
            }
            Err(e) => {
                return Out::broken(
                    &format!("connected to {addr}, but no greeting"),
                    &e,
                    r.opts.timeout,
                )
                .advice(Advice::Specific)
                .evidence(evidence);
            }
        }
    }
    st.session = Some(session);
    Out::pass(format!("connected to {addr}")).evidence(evidence)
}

/// Time for the implicit-TLS probe after a missing greeting.
fn probe_limit(timeout: Duration) -> Duration {
    (timeout / 2).min(Duration::from_secs(3))
}

/// The failure when no address took the connection, named after the most telling reason:
/// a timeout (a blocked port) over unreachable over refused.
fn not_connected(errors: &[(Failure, String)], port: u16, timeout: Duration) -> Out {
    let evidence: Vec<String> = errors.iter().map(|(_, e)| e.clone()).collect();
    let worst = errors
        .iter()
        .map(|(f, _)| *f)
        .max()
        .unwrap_or(Failure::Other);
    let list = evidence.join("; ");
    let out = match worst {
        Failure::TimedOut => Out::fail(format!(
            "{TIMED_OUT}: no answer within {} s ({list}); connections to port {port} are \
             probably blocked between this machine and the server",
            timeout.as_secs_f64()
        ))
        .advice(Advice::None)
        .explain(
            format!(
                "Nothing answered the connection request: a firewall dropped it. Shop \
                 hosting often blocks outbound port {port}; the recipe is not known to be \
                 wrong."
            ),
            format!(
                "Ask the hosting provider to open outbound port {port}, or use another \
                 port the recipe documents if it works from here."
            ),
        ),
        Failure::Unreachable => Out::fail(format!(
            "cannot connect: unreachable from this machine ({list})"
        ))
        .advice(Advice::None)
        .explain(
            "This machine has no route to the server's address: its network (or IPv6 \
             setup) is the problem, not the recipe.",
            "Check the machine's network connection and routes.",
        ),
        Failure::Refused => Out::fail(format!(
            "cannot connect: refused, nothing listens there ({list})"
        ))
        .advice(Advice::Specific),
        Failure::Other => Out::fail(format!("cannot connect: {list}")).advice(Advice::Specific),
    };
    out.evidence(evidence)
}

/// Whether a check is a connection that timed out (a port blocked on the way).
fn timed_out(c: &CheckResult) -> bool {
    c.phase == Phase::Tcp && c.status == CheckStatus::Fail && c.summary.starts_with(TIMED_OUT)
}

/// What the servers of one provider say together about this machine's network: a port that
/// timed out while another port of the same provider connected ("587 is blocked here; 465
/// works"), or every port timing out.
pub fn conclusions(servers: &[ServerReport]) -> Vec<String> {
    let blocked: Vec<&ServerReport> = servers
        .iter()
        .filter(|s| s.checks.iter().any(timed_out))
        .collect();
    if blocked.is_empty() {
        return Vec::new();
    }
    let works: Vec<&ServerReport> = servers
        .iter()
        .filter(|s| {
            s.checks.iter().any(|c| {
                c.phase == Phase::Tcp
                    && c.status != CheckStatus::Fail
                    && c.status != CheckStatus::Skip
            })
        })
        .collect();
    let ports = |list: &[&ServerReport]| {
        let mut p: Vec<String> = list.iter().map(|s| s.port.to_string()).collect();
        p.dedup();
        p.join(", ")
    };
    if works.is_empty() {
        if blocked.len() == servers.len() && servers.len() > 1 {
            return vec![format!(
                "every port of this provider timed out ({}): this machine's outbound \
                 connections are probably blocked; the recipe is not known to be wrong",
                ports(&blocked)
            )];
        }
        return Vec::new();
    }
    vec![format!(
        "{} is blocked here; {} works (connections to port {} time out from this machine \
         while port {} connects: a firewall, not the recipe)",
        ports(&blocked),
        ports(&works),
        ports(&blocked),
        ports(&works)
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe::Security;
    use crate::report::Outcome;

    fn server(port: u16, tcp: CheckStatus, summary: &str) -> ServerReport {
        ServerReport {
            host: "smtp.example.com".into(),
            port,
            security: Security::Starttls,
            connected_to: None,
            outcome: Outcome::Fail,
            checks: vec![CheckResult {
                phase: Phase::Tcp,
                status: tcp,
                duration_ms: 0,
                summary: summary.into(),
                evidence: Vec::new(),
                reply: None,
                troubleshooting: None,
                cause: None,
                fix: None,
                link: None,
            }],
        }
    }

    #[test]
    fn a_blocked_port_is_concluded_across_servers() {
        let blocked = format!("{TIMED_OUT}: no answer within 2 s");
        let both = [
            server(587, CheckStatus::Fail, &blocked),
            server(465, CheckStatus::Pass, "connected"),
        ];
        let notes = conclusions(&both);
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].starts_with("587 is blocked here; 465 works"),
            "{notes:?}"
        );
        let all = [
            server(587, CheckStatus::Fail, &blocked),
            server(465, CheckStatus::Fail, &blocked),
        ];
        assert!(
            conclusions(&all)[0].starts_with("every port of this provider timed out (587, 465)")
        );
        let refused = [
            server(587, CheckStatus::Fail, "cannot connect: refused"),
            server(465, CheckStatus::Pass, "connected"),
        ];
        assert!(conclusions(&refused).is_empty());
    }

    #[test]
    fn connection_failures_are_told_apart() {
        assert_eq!(failure(ErrorKind::ConnectionRefused), Failure::Refused);
        assert_eq!(failure(ErrorKind::TimedOut), Failure::TimedOut);
        assert_eq!(failure(ErrorKind::NetworkUnreachable), Failure::Unreachable);
        assert_eq!(failure(ErrorKind::HostUnreachable), Failure::Unreachable);
        let out = not_connected(
            &[
                (Failure::Refused, "[::1]:587: refused".into()),
                (Failure::TimedOut, "127.0.0.1:587: timed out".into()),
            ],
            587,
            Duration::from_secs(2),
        );
        assert!(out.summary.starts_with(TIMED_OUT), "{}", out.summary);
        assert!(out.advice == Advice::None);
    }
}
