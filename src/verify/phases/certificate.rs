//! `certificate`: the chain the server presented is valid for the host and not about to
//! expire; a certificate refused during the handshake is explained here.

use super::{Advice, Out, Runner, State};
use crate::recipe::Security;
use crate::verify::tls::{self, CertFacts};

/// Certificates expiring sooner than this many days are reported as a warning.
pub const EXPIRY_WARN_DAYS: i64 = 21;

pub(super) fn certificate(r: &mut Runner<'_>, st: &mut State) -> Out {
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
        let cx = tls::Verdict {
            host,
            facts: facts.as_ref(),
            chain_len: seen.as_ref().map_or(0, |s| s.chain.len()),
            cacert: r.opts.trust.extra,
        };
        let out = Out::fail(tls::explain(err, cx)).evidence(evidence);
        // A certificate without subjectAltName is not "a certificate for another name".
        return match facts.as_ref().is_some_and(|f| !f.has_san) {
            true => out.advice(Advice::Specific),
            false => out,
        };
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
