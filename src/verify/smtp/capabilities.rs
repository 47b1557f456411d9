//! EHLO and what it says: our EHLO name, the capability lines, the SASL mechanisms offered.

use super::{Reply, Session, SessionError};
use std::net::SocketAddr;

/// The EHLO argument: our address literal (RFC 5321 4.1.3), as we have no public name.
pub fn ehlo_name(local: Option<SocketAddr>) -> String {
    match local {
        Some(SocketAddr::V4(a)) => format!("[{}]", a.ip()),
        Some(SocketAddr::V6(a)) => format!("[IPv6:{}]", a.ip()),
        None => "[127.0.0.1]".to_string(),
    }
}

/// Send EHLO and return the capability lines (without the first, the server's name).
pub fn send_ehlo(
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
pub fn auth_mechanisms(caps: &[String]) -> Vec<String> {
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

/// Whether a capability (its first word) is offered, in any case.
pub fn has_cap(caps: &[String], name: &str) -> bool {
    caps.iter().any(|c| {
        c.split_whitespace()
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case(name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mechanisms_and_capabilities() {
        let caps = vec![
            "SIZE 1000".to_string(),
            "AUTH LOGIN PLAIN".to_string(),
            "AUTH=LOGIN".to_string(),
            "STARTTLS".to_string(),
        ];
        assert_eq!(auth_mechanisms(&caps), vec!["LOGIN", "PLAIN"]);
        assert!(has_cap(&caps, "starttls"));
        assert!(!has_cap(&caps, "pipelining"));
    }
}
