//! `auth`: log in over TLS only, with the first mechanism of the recipe's order that the
//! server offers and our credentials can do. The SASL payloads are in
//! [`crate::verify::smtp::sasl`]; every payload is scrubbed from what is recorded, and the
//! text of the server's replies to AUTH is never recorded (only their codes).

use super::input::{credential_problem, no_credentials};
use super::{Out, Runner, State};
use crate::recipe::{AuthMechanism, Security};
use crate::verify::credentials::Credentials;
use crate::verify::scrub::Scrubber;
use crate::verify::smtp::{Reply, Session, SessionError, sasl};
use std::time::Instant;

pub(super) fn auth(r: &mut Runner<'_>, st: &mut State) -> Out {
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
    if mechanism.exercised_with().is_none() {
        return Out::skip(format!(
            "mailbook cannot log in with AUTH {}",
            mechanism.smtp_name()
        ));
    }
    session.set_deadline(Instant::now() + timeout);
    let user = creds.username.as_deref().unwrap_or_default();
    let result = exchange(session, mechanism, creds, &mut r.scrub);
    let what = format!("AUTH {} as {user}", mechanism.smtp_name());
    match result {
        Ok(reply) if reply.code == 235 => {
            st.authed = Some(mechanism);
            Out::pass(format!("logged in with {what}"))
                .evidence([format!("reply {}", reply.withheld_line())])
        }
        Ok(reply) => Out::refused_auth(&format!("{what} refused"), reply),
        // A line that is not SMTP is not quoted either: it answers AUTH.
        Err(SessionError::Garbage(_)) => Out::fail(format!(
            "{what}: the answer was not an SMTP reply {}",
            crate::verify::smtp::reply::WITHHELD
        )),
        Err(e) => Out::broken(&what, &e, timeout),
    }
}

/// The SASL exchange of `mechanism`; its payload is redacted from the session's quotes and
/// added to `scrub` before it is sent.
fn exchange(
    session: &mut Session,
    mechanism: AuthMechanism,
    creds: &Credentials,
    scrub: &mut Scrubber,
) -> Result<Reply, SessionError> {
    let user = creds.username.as_deref().unwrap_or_default();
    let password = creds
        .password
        .as_ref()
        .map(|p| p.expose())
        .unwrap_or_default();
    let token = creds.token.as_ref().map(|t| t.expose()).unwrap_or_default();
    let payload = match mechanism {
        AuthMechanism::Plain => sasl::plain_payload(user, password),
        AuthMechanism::Login => sasl::login_password(password),
        _ => sasl::bearer_payload(mechanism, user, token),
    };
    session.redact(&payload);
    scrub.add(&payload);
    match mechanism {
        AuthMechanism::Plain => sasl::plain(session, &payload),
        AuthMechanism::Login => sasl::login(session, user, &payload),
        _ => sasl::bearer(session, mechanism, &payload),
    }
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
