//! SASL for SMTP AUTH (RFC 4954): the payload of each mechanism and its exchange. Every
//! payload is a secret: callers redact it from quoted output before sending it.

use super::{Reply, Session, SessionError};
use crate::recipe::AuthMechanism;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

/// `AUTH PLAIN`'s initial response: authorisation id (empty), user, password.
pub fn plain_payload(user: &str, password: &str) -> String {
    B64.encode(format!("\0{user}\0{password}"))
}

/// `AUTH LOGIN`'s answer to the password prompt.
pub fn login_password(password: &str) -> String {
    B64.encode(password)
}

/// The bearer-token payload of XOAUTH2 or OAUTHBEARER (RFC 7628).
pub fn bearer_payload(mechanism: AuthMechanism, user: &str, token: &str) -> String {
    let payload = if mechanism == AuthMechanism::Xoauth2 {
        format!("user={user}\x01auth=Bearer {token}\x01\x01")
    } else {
        format!("n,a={user},\x01auth=Bearer {token}\x01\x01")
    };
    B64.encode(payload)
}

/// `AUTH PLAIN` with its initial response.
pub fn plain(session: &mut Session, payload: &str) -> Result<Reply, SessionError> {
    session.command(&format!("AUTH PLAIN {payload}"))
}

/// `AUTH LOGIN`: user name and password each after a `334` prompt.
pub fn login(session: &mut Session, user: &str, pass_b64: &str) -> Result<Reply, SessionError> {
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

/// XOAUTH2 or OAUTHBEARER with its initial response. On failure both mechanisms send a
/// `334` with an error document and expect an empty line before the final reply.
pub fn bearer(
    session: &mut Session,
    mechanism: AuthMechanism,
    payload: &str,
) -> Result<Reply, SessionError> {
    match session.command(&format!("AUTH {} {payload}", mechanism.smtp_name())) {
        Ok(reply) if reply.code == 334 => session.command(""),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads() {
        assert_eq!(plain_payload("u", "p"), B64.encode("\0u\0p"));
        assert_eq!(login_password("p"), "cA==");
        let x = B64
            .decode(bearer_payload(AuthMechanism::Xoauth2, "u@x", "t"))
            .unwrap();
        assert_eq!(x, b"user=u@x\x01auth=Bearer t\x01\x01");
        let o = B64
            .decode(bearer_payload(AuthMechanism::Oauthbearer, "u@x", "t"))
            .unwrap();
        assert_eq!(o, b"n,a=u@x,\x01auth=Bearer t\x01\x01");
    }
}
