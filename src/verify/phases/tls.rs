//! `tls`: STARTTLS (after an EHLO that must offer it) or the implicit-TLS handshake, with
//! the STARTTLS-injection guard. A certificate refused during the handshake is passed on to
//! `certificate`, which explains it.

use super::{Out, Runner, State};
use crate::recipe::Security;
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
        Ok(Err(reply)) => return Some(Out::refused("EHLO refused", reply)),
        Err(e) => return Some(Out::broken("EHLO before STARTTLS", &e, timeout)),
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
            return Some(Out::refused("STARTTLS refused", reply).evidence(evidence.clone()));
        }
        Err(e) => return Some(Out::broken("STARTTLS", &e, timeout).evidence(evidence.clone())),
    }
    // Anything already received was sent before the handshake and could have been
    // injected by someone on the path (CVE-2011-0411 style): refuse it.
    if session.buffered() > 0 {
        return Some(
            Out::fail(
                "the server sent data after its STARTTLS reply, before the TLS handshake; \
             refusing to continue (possible command injection)",
            )
            .evidence(evidence.clone()),
        );
    }
    None
}
