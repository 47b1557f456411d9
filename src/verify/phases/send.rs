//! `send`: the test mail through the logged-in session (`MAIL FROM`, `RCPT TO`, `DATA`), to
//! the account itself unless `--to` says otherwise. The message is composed in
//! [`crate::verify::smtp::message`], its envelope in [`crate::verify::smtp::envelope`]:
//! an address with a non-ASCII local part is sent with `SMTPUTF8` when the server offers
//! it, and not at all when it does not (our side's problem, not the provider's).

use super::{Out, Runner, State, plausible_address};
use crate::verify::credentials;
use crate::verify::smtp::capabilities::has_cap;
use crate::verify::smtp::envelope::Envelope;
use crate::verify::smtp::message::{self, TestMail};
use crate::verify::smtp::{Session, SessionError};
use std::time::{Duration, Instant};

pub(super) fn send(r: &mut Runner<'_>, st: &mut State) -> Out {
    let timeout = r.opts.timeout;
    let recipe = r.recipe;
    let server = r.server;
    let Some(mechanism) = st.authed else {
        return Out::skip("not logged in, so no test mail");
    };
    let Some(from) = r.creds.address() else {
        return Out::skip(format!(
            "no sender address: set {}EMAIL",
            credentials::env_prefix(&recipe.id)
        ));
    };
    if !plausible_address(from) {
        return Out::fail(format!(
            "the sender address `{}` is not a plain mailbox address",
            from.escape_debug()
        ));
    }
    let to = r.opts.to.clone().unwrap_or_else(|| from.to_string());
    let env = match envelope_for(from, &to, &st.caps) {
        Ok(env) => env,
        Err(out) => return *out,
    };
    let Some(session) = st.session.as_mut() else {
        return Out::fail("no connection");
    };
    session.set_deadline(Instant::now() + timeout);
    let mail = TestMail {
        recipe_id: &recipe.id,
        recipe_name: &recipe.name,
        host: &server.host,
        port: server.port,
        security: server.security,
        mechanism,
        from,
        to: &to,
    };
    let composed = match mail.compose(jiff::Timestamp::now()) {
        Ok(c) => c,
        Err(why) => return Out::fail(why),
    };
    let mut evidence = vec![
        format!("Message-ID {}", composed.message_id),
        format!("Subject {}", composed.subject),
        format!("from {from} to {to}"),
    ];
    evidence.extend(env.notes.iter().cloned());
    if env.needs_smtputf8 {
        evidence.push("MAIL FROM declares SMTPUTF8 (a local part is not ASCII)".to_string());
    }
    if let Some(out) = envelope(session, &env, timeout) {
        return out.evidence(evidence);
    }
    let result = session
        .send_raw(&composed.data)
        .and_then(|()| session.read_reply());
    match result {
        Ok(reply) if reply.code == 250 => {
            evidence.push(format!("accepted: {}", reply.one_line()));
            let queue = message::queue_id(&reply.text());
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

/// The envelope, or the failure when it needs SMTPUTF8 and the server (capabilities
/// `caps`) does not offer it: nothing is sent then, and it is not the provider's fault.
fn envelope_for(from: &str, to: &str, caps: &[String]) -> Result<Envelope, Box<Out>> {
    let ours = |summary: String| {
        let mut out = Out::fail(summary);
        out.ours = true;
        Box::new(out)
    };
    let env = Envelope::new(from, to).map_err(ours)?;
    if env.needs_smtputf8 && !has_cap(caps, "SMTPUTF8") {
        let mut out = ours(format!(
            "not sent: {} needs SMTPUTF8 (a non-ASCII local part), which this server does not \
             offer",
            env.utf8_addresses().join(" and ")
        ));
        out.cause = Some(
            "This is about the test's addresses, not the provider's settings: a mailbox name \
             with non-ASCII characters can only be sent to servers that offer SMTPUTF8 \
             (RFC 6531). A non-ASCII domain is not a problem: it is sent as punycode."
                .to_string(),
        );
        out.fix = Some(
            "Verify with a sender (`…_EMAIL`) and recipient (`--to`) whose part before the @ \
             is ASCII."
                .to_string(),
        );
        return Err(out);
    }
    Ok(env)
}

/// `MAIL FROM`, `RCPT TO` and `DATA`, each answered as expected; the failure, if not.
fn envelope(session: &mut Session, env: &Envelope, timeout: Duration) -> Option<Out> {
    let steps: [(String, &[u16]); 3] = [
        (env.mail_from(), &[250]),
        (format!("RCPT TO:<{}>", env.to), &[250, 251]),
        ("DATA".to_string(), &[354]),
    ];
    for (command, ok) in steps {
        match session.command(&command) {
            Ok(reply) if ok.contains(&reply.code) => {}
            Ok(reply) => return Some(Out::refused(&format!("{command} refused"), reply)),
            Err(e) => return Some(Out::broken(&command, &e, timeout)),
        }
    }
    None
}
