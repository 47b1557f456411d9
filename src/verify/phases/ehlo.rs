//! `ehlo`: the server answers EHLO (after TLS), and the AUTH mechanisms it offers match the
//! recipe's (a difference is a warning: "AUTH drift").

use super::{Out, Runner, State};
use crate::recipe::Security;
use crate::verify::smtp::capabilities::{auth_mechanisms, ehlo_name, has_cap, send_ehlo};
use std::time::Instant;

pub(super) fn ehlo(r: &mut Runner<'_>, st: &mut State) -> Out {
    let timeout = r.opts.timeout;
    let name = ehlo_name(st.local);
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
    evidence.extend(capability_evidence(&caps));
    st.caps = caps.clone();
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

/// The extensions a shop's mail depends on, named when the server does not offer them.
const NOTABLE: [&str; 6] = [
    "SIZE",
    "8BITMIME",
    "SMTPUTF8",
    "PIPELINING",
    "CHUNKING",
    "ENHANCEDSTATUSCODES",
];

/// Every capability line (SIZE with its limit in MB), then the notable ones not offered.
fn capability_evidence(caps: &[String]) -> Vec<String> {
    let mut out: Vec<String> = caps
        .iter()
        .map(|c| {
            let mut words = c.split_whitespace();
            let first = words.next().unwrap_or("");
            match words.next().and_then(|n| n.parse::<u64>().ok()) {
                Some(0) if first.eq_ignore_ascii_case("SIZE") => {
                    format!("capability {c} (no fixed size limit)")
                }
                Some(n) if first.eq_ignore_ascii_case("SIZE") => {
                    format!(
                        "capability {c} ({:.1} MB message size limit)",
                        n as f64 / 1e6
                    )
                }
                _ => format!("capability {c}"),
            }
        })
        .collect();
    let missing: Vec<&str> = NOTABLE.into_iter().filter(|n| !has_cap(caps, n)).collect();
    if !missing.is_empty() {
        out.push(format!("not offered: {}", missing.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_in_megabytes_and_what_is_missing() {
        let caps: Vec<String> = ["SIZE 35882577", "8BITMIME", "AUTH PLAIN", "PIPELINING"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            capability_evidence(&caps),
            vec![
                "capability SIZE 35882577 (35.9 MB message size limit)",
                "capability 8BITMIME",
                "capability AUTH PLAIN",
                "capability PIPELINING",
                "not offered: SMTPUTF8, CHUNKING, ENHANCEDSTATUSCODES",
            ]
        );
    }
}
