//! `tls`: STARTTLS (after an EHLO that must offer it) or the implicit-TLS handshake, with
//! the STARTTLS-injection guard. A certificate refused during the handshake is passed on to
//! `certificate`, which explains it. A server that still accepts TLS 1.0/1.1 is a warning
//! (RFC 8996), found by [`probe`].
//!
//! Only a failure that looks like a port/mode mismatch (no STARTTLS offered, plain text in
//! answer to an implicit-TLS handshake, silence) may get the recipe's catch-all `tls` entry;
//! a `454` to STARTTLS, a refused EHLO, garbage after STARTTLS or a TLS 1.0-only server get
//! their own wording and only an entry that matches them.

use super::{Advice, Out, Runner, State};
use crate::recipe::Security;
use crate::verify::probe;
use crate::verify::smtp::capabilities::{auth_mechanisms, ehlo_name, has_cap, send_ehlo};
use crate::verify::smtp::{Session, SessionError};
use std::time::{Duration, Instant};

pub(super) fn tls(r: &mut Runner<'_>, st: &mut State) -> Out {
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
    let name = ehlo_name(st.local);
    let Some(session) = st.session.as_mut() else {
        return Out::fail("no connection");
    };
    session.set_deadline(Instant::now() + timeout);
    let mut evidence = Vec::new();
    if server.security == Security::Starttls
        && let Some(out) = starttls(session, &name, timeout, &mut evidence)
    {
        return out;
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
            let legacy = st
                .peer
                .map(|addr| probe::legacy_version(addr, server.security, &server.host, timeout));
            match legacy {
                Some(Ok(Some(v))) => {
                    let old = probe::version_name(v);
                    evidence.push(format!(
                        "also accepts {old} (a second connection offering at most TLSv1.1)"
                    ));
                    Out::warn(format!(
                        "{summary}; the server still accepts {old}, deprecated by RFC 8996"
                    ))
                    .evidence(evidence)
                }
                Some(Ok(None)) => {
                    evidence.push("refuses TLSv1.0 and TLSv1.1".to_string());
                    Out::pass(summary).evidence(evidence)
                }
                Some(Err(e)) => {
                    evidence.push(format!("TLSv1.0/1.1 not checked: {e}"));
                    Out::pass(summary).evidence(evidence)
                }
                None => Out::pass(summary).evidence(evidence),
            }
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
        Err(e) => handshake_failed(how, &e, st, server, timeout).evidence(evidence),
    }
}

/// A failed handshake, named after what the server did.
fn handshake_failed(
    how: &str,
    e: &SessionError,
    st: &State,
    server: &crate::recipe::SmtpServer,
    timeout: Duration,
) -> Out {
    let port = server.port;
    match (e, server.security) {
        (SessionError::Tls(rustls::Error::InvalidMessage(_)), Security::Tls) => Out::fail(format!(
            "{how} handshake failed: the server answered in plain text, not TLS; port {port} \
             speaks STARTTLS or plain SMTP: port and encryption mode don't match"
        )),
        (SessionError::Tls(rustls::Error::InvalidMessage(m)), _) => Out::fail(format!(
            "the server agreed to STARTTLS, then sent something that is not TLS ({m:?})"
        ))
        .advice(Advice::Specific),
        (SessionError::Timeout, _) => Out::broken(&format!("{how} handshake failed"), e, timeout),
        // Refused or dropped (an OpenSSL server that knows nothing newer than TLS 1.0 closes
        // without an alert): maybe an outdated server, which a probe tells.
        _ => {
            let legacy = st
                .peer
                .map(|addr| probe::legacy_version(addr, server.security, &server.host, timeout));
            let advice = match e {
                // A closed connection is how some servers answer a mode mismatch.
                SessionError::Closed => Advice::Phase,
                _ => Advice::Specific,
            };
            match legacy {
                Some(Ok(Some(v))) => only_legacy(how, v),
                _ => Out::broken(&format!("{how} handshake failed"), e, timeout).advice(advice),
            }
        }
    }
}

/// The server speaks nothing newer than `version` (TLS 1.0 or 1.1).
fn only_legacy(how: &str, version: u16) -> Out {
    let old = probe::version_name(version);
    Out::fail(format!(
        "{how} handshake failed: the server speaks only {old} (or older); TLS 1.0 and 1.1 are \
         deprecated (RFC 8996) and mailbook requires TLSv1.2 or later"
    ))
    .advice(Advice::None)
    .explain(
        format!(
            "The provider's server only offers {old}. Port and encryption mode are right; \
             the server's TLS is outdated, and many shop platforms refuse it too."
        ),
        "Ask the provider to enable TLS 1.2 or 1.3, or use another server the recipe \
         documents.",
    )
}

/// EHLO, then STARTTLS, up to the point where the handshake may start; the phase's
/// failure, if it cannot.
fn starttls(
    session: &mut Session,
    name: &str,
    timeout: Duration,
    evidence: &mut Vec<String>,
) -> Option<Out> {
    let caps = match send_ehlo(session, name) {
        Ok(Ok(caps)) => caps,
        Ok(Err(reply)) => {
            return Some(Out::refused("EHLO refused", reply).advice(Advice::Specific));
        }
        Err(e) => {
            return Some(Out::broken("EHLO before STARTTLS", &e, timeout).advice(Advice::Specific));
        }
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
        out.evidence = std::mem::take(evidence);
        return Some(out);
    }
    match session.command("STARTTLS") {
        Ok(reply) if reply.code == 220 => {}
        Ok(reply) => {
            let temporary = reply.code / 100 == 4;
            let out = Out::refused("STARTTLS refused", reply)
                .advice(Advice::Specific)
                .evidence(evidence.clone());
            return Some(match temporary {
                true => out.explain(
                    "The server offers STARTTLS but cannot start TLS now: its TLS setup is \
                     broken or unavailable. Port and encryption mode are right; this is the \
                     provider's problem.",
                    "Try again later; if it persists, tell the provider.",
                ),
                false => out,
            });
        }
        Err(e) => {
            return Some(
                Out::broken("STARTTLS", &e, timeout)
                    .advice(Advice::Specific)
                    .evidence(evidence.clone()),
            );
        }
    }
    // Anything already received was sent before the handshake and could have been
    // injected by someone on the path (CVE-2011-0411 style): refuse it.
    if session.buffered() > 0 {
        return Some(
            Out::fail(
                "the server sent data after its STARTTLS reply, before the TLS handshake; \
             refusing to continue (possible command injection)",
            )
            .advice(Advice::Specific)
            .evidence(evidence.clone()),
        );
    }
    None
}
