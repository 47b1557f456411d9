//! `receipt`: the test mail accepted in `send` is looked for in the recipient's mailbox over
//! IMAP (inbox and junk folder, by Message-ID) until `--receipt-timeout`. Found in the inbox
//! passes, in the junk folder warns, not found fails. The IMAP dialogue is in
//! [`crate::verify::receipt::imap`].

use super::{Out, Runner, State};
use crate::report::Delivery;
use crate::verify::receipt::imap::{self, Failure, Found, Mailbox};
use crate::verify::receipt::{ENV_PREFIX, headers};
use crate::verify::target;
use std::time::Instant;

/// What `send` hands on: the accepted test mail.
#[derive(Debug, Clone)]
pub(super) struct Sent {
    pub message_id: String,
    pub from: String,
    pub accepted_at: jiff::Timestamp,
    pub accepted: Instant,
}

pub(super) fn receipt(r: &mut Runner<'_>, st: &mut State) -> Out {
    let opts = &r.opts.receipt;
    let Some(account) = &opts.account else {
        return Out::skip(format!(
            "no recipient mailbox: set {ENV_PREFIX}HOST, {ENV_PREFIX}USERNAME and \
             {ENV_PREFIX}PASSWORD (or a `receipt:` entry in the credentials file)"
        ));
    };
    let Some(sent) = st.sent.clone() else {
        return Out::skip("no test mail was accepted, so there is nothing to look for");
    };
    let (host, port, _) = target::resolve(&r.opts.connect_to, &account.host, account.port);
    let mailbox = Mailbox {
        account,
        connect: (host, port),
        trust: &r.opts.trust,
        timeout: r.opts.timeout,
    };
    // The deadline counts from acceptance: that is the delay the user waits for.
    let until = sent.accepted + opts.timeout;
    let (result, evidence) = imap::find(&mailbox, &sent.message_id, until, opts.keep);
    let out = match result {
        Ok(found) => {
            let (out, delivery) = delivered(&found, &sent);
            st.delivery = Some(delivery);
            out
        }
        Err(Failure::NotFound { folders }) => {
            let mut out = Out::fail(format!(
                "the test mail {} accepted at {} did not arrive in {} within {} s",
                sent.message_id,
                sent.accepted_at.strftime("%H:%M:%S UTC"),
                folders.join(" or "),
                opts.timeout.as_secs()
            ));
            out.cause = Some(
                "The server accepted the mail, but it did not reach this mailbox in time: it is \
                 still queued, was bounced, or was dropped or quarantined by a filter on the \
                 way (an unverified sender address is a common reason)."
                    .into(),
            );
            out.fix = Some(
                "Look for a bounce in the sending account's inbox and for the mail in the \
                 recipient's quarantine or filters; a slow provider may need a longer \
                 `--receipt-timeout`."
                    .into(),
            );
            out
        }
        Err(Failure::Connect(why) | Failure::Login(why) | Failure::Protocol(why)) => Out::fail(why),
    };
    out.evidence(evidence)
}

/// The verdict and the report's record for a mail that was found.
fn delivered(found: &Found, sent: &Sent) -> (Out, Delivery) {
    let facts = headers::read(&found.header, &sent.from);
    // INTERNALDATE has whole seconds and the server's clock: kept between acceptance and
    // the moment we saw the mail.
    let upper = (found.found_at - sent.accepted_at)
        .total(jiff::Unit::Millisecond)
        .unwrap_or(0.0)
        .max(0.0);
    let by_server = found.internal_date.map(|t| {
        (t - sent.accepted_at)
            .total(jiff::Unit::Millisecond)
            .unwrap_or(0.0)
    });
    let delay_ms = by_server.unwrap_or(upper).clamp(0.0, upper) as u64;
    let arrived_at = found.internal_date.unwrap_or(found.found_at);
    let delivery = Delivery {
        folder: found.folder.clone(),
        spam: found.spam,
        arrived_at,
        delay_ms,
        spf: facts.spf.clone(),
        dkim: facts.dkim.clone(),
        dmarc: facts.dmarc.clone(),
        from_rewritten_to: facts.from_rewritten_to.clone(),
        hops: facts.hops,
        disposal: found.disposal.clone(),
    };
    let secs = crate::report::delay_words(delay_ms);
    let place = if found.spam {
        format!("the spam folder ({})", found.folder)
    } else {
        format!("the inbox ({})", found.folder)
    };
    let summary = format!("delivered to {place} in {secs}");
    let verdict = |v: &Option<String>| v.clone().unwrap_or_else(|| "not reported".into());
    let mut evidence = vec![
        format!("arrived {}", arrived_at.strftime("%Y-%m-%d %H:%M:%S UTC")),
        format!(
            "Authentication-Results: spf={} dkim={} dmarc={}",
            verdict(&facts.spf),
            verdict(&facts.dkim),
            verdict(&facts.dmarc)
        ),
        format!("{} Received hop(s)", facts.hops),
        format!("test mail {}", found.disposal),
    ];
    if let Some(to) = &facts.from_rewritten_to {
        evidence.push(format!(
            "From rewritten: sent as {}, delivered as {to}",
            sent.from
        ));
    }
    let out = if found.spam {
        Out::warn(format!(
            "{summary}: filed as spam, so shop mail from this account may go unseen"
        ))
    } else {
        Out::pass(summary)
    };
    (out.evidence(evidence), delivery)
}
