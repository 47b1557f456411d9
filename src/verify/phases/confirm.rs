//! `verify --confirm-errors`: provoke the failures the recipe marks provokable
//! (`troubleshooting[].provoke`) and check that the server's reply still matches the entry,
//! with the one matcher of [`crate::verify::troubleshoot`]. Only what cannot hurt the account:
//!
//! - `mail-before-auth`: `MAIL FROM` over TLS before logging in;
//! - `wrong-password`: AUTH over TLS with the account's user name and a deliberately wrong
//!   password, once per provider and run whatever the number of entries (never repeated, to
//!   stay clear of lockouts);
//! - `foreign-sender`: after a real login, `MAIL FROM` an address the account does not own,
//!   then `RSET`: no message is ever sent.
//!
//! The first server of the recipe whose normal run got through EHLO is used. Replies are
//! scrubbed like everything else; the reply to the wrong password is quoted (it answers a
//! throwaway password, never a secret of the account).

use super::{RunOptions, State, run_phases};
use crate::recipe::{AuthMechanism, Phase, Provoke, Recipe, Security};
use crate::report::{CheckStatus, ConfirmStatus, Confirmation, ServerReport, SmtpReply};
use crate::verify::credentials::Credentials;
use crate::verify::scrub::Scrubber;
use crate::verify::smtp::{Reply, Session, sasl};
use crate::verify::troubleshoot::{Observation, fit};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The password sent by the `wrong-password` provocation.
const WRONG_PASSWORD: &str = "mailbook-deliberately-wrong-password";

/// The sender the `foreign-sender` provocation claims (RFC 2606 documentation domain).
const FOREIGN_SENDER: &str = "mailbook-foreign-sender@example.com";

/// What one provocation produced: the reply, or why there is none.
type Provoked = Result<Reply, String>;

/// Provoke every provokable entry of `recipe` and compare; `servers` is this run's report
/// of the recipe's servers, in recipe order.
pub fn confirm_errors(
    opts: &RunOptions,
    recipe: &Recipe,
    creds: &Credentials,
    servers: &[ServerReport],
) -> Vec<Confirmation> {
    let wanted: Vec<Provoke> = {
        let mut w: Vec<Provoke> = recipe
            .troubleshooting
            .iter()
            .filter_map(|t| t.provoke)
            .collect();
        w.sort();
        w.dedup();
        w
    };
    if wanted.is_empty() {
        return Vec::new();
    }
    let usable = recipe.smtp.iter().zip(servers).find(|(s, report)| {
        s.security != Security::None
            && report.checks.iter().any(|c| {
                c.phase == Phase::Ehlo && matches!(c.status, CheckStatus::Pass | CheckStatus::Warn)
            })
    });
    let provoked: BTreeMap<Provoke, Provoked> = match usable {
        Some((server, _)) => {
            let probe = Probe {
                opts,
                recipe,
                server,
                creds,
            };
            wanted
                .iter()
                .map(|&how| (how, probe.provoke(how)))
                .collect()
        }
        None => wanted
            .iter()
            .map(|&how| {
                let why = "no encrypted server got as far as EHLO in this run".to_string();
                (how, Err(why))
            })
            .collect(),
    };
    let scrub = Scrubber::for_credentials(creds);
    recipe
        .troubleshooting
        .iter()
        .filter_map(|entry| {
            let how = entry.provoke?;
            let result = provoked.get(&how)?;
            Some(judge(entry, how, result, &scrub))
        })
        .collect()
}

/// The verdict on `entry` given what provoking it with `how` produced.
fn judge(
    entry: &crate::recipe::Troubleshooting,
    how: Provoke,
    provoked: &Provoked,
    scrub: &Scrubber,
) -> Confirmation {
    let mut c = Confirmation {
        entry: entry.id.clone(),
        provoke: how,
        status: ConfirmStatus::NotProvoked,
        summary: String::new(),
        reply: None,
        confirmed_at: None,
    };
    let reply = match provoked {
        Ok(reply) => reply,
        Err(why) => {
            c.summary = format!("not provoked: {}", scrub.clean(why));
            return c;
        }
    };
    let quoted = scrub.clean(&reply.one_line());
    let recorded = SmtpReply {
        code: reply.code,
        enhanced: reply.enhanced(),
        text: scrub.clean(&reply.text()),
    };
    // The phase is left unknown: the entry is compared on what the server said.
    let seen = Observation {
        phase: None,
        code: Some(recorded.code),
        enhanced: recorded.enhanced.clone(),
        text: recorded.text.to_lowercase(),
    };
    if reply.positive() {
        c.summary = format!("not provoked: the server accepted ({quoted})");
    } else if fit(&entry.matches, &seen).is_some_and(|f| f.exact) {
        c.status = ConfirmStatus::Confirmed;
        c.summary = format!("confirmed: the server says {quoted}");
        c.confirmed_at = Some(jiff::Timestamp::now());
    } else {
        c.status = ConfirmStatus::Changed;
        c.summary = format!("no longer matches: the server now says {quoted}");
    }
    c.reply = Some(recorded);
    c
}

/// Provocations against one server of the recipe.
struct Probe<'a> {
    opts: &'a RunOptions,
    recipe: &'a Recipe,
    server: &'a crate::recipe::SmtpServer,
    creds: &'a Credentials,
}

impl Probe<'_> {
    /// A fresh connection through EHLO (or through AUTH with `login`), quietly: these
    /// phases were reported by the normal run.
    fn connect(&self, login: bool) -> Result<State, String> {
        let (host, port, redirected) = crate::verify::target::resolve(
            &self.opts.connect_to,
            &self.server.host,
            self.server.port,
        );
        let until = if login { Phase::Auth } else { Phase::Ehlo };
        let (checks, st) = run_phases(
            self.opts,
            self.recipe,
            self.server,
            self.creds,
            &|_| {},
            (&host, port, redirected),
            until,
        );
        if let Some(failed) = checks.iter().find(|c| c.status.failed()) {
            return Err(format!("{} failed: {}", failed.phase, failed.summary));
        }
        if login && st.authed.is_none() {
            return Err("could not log in with the account's credentials".to_string());
        }
        match &st.session {
            Some(s) if s.is_tls() => Ok(st),
            _ => Err("no encrypted session".to_string()),
        }
    }

    fn provoke(&self, how: Provoke) -> Provoked {
        let mut st = self.connect(how == Provoke::ForeignSender)?;
        let Some(session) = st.session.as_mut() else {
            return Err("no connection".to_string());
        };
        session.set_deadline(Instant::now() + self.opts.timeout);
        let result = match how {
            Provoke::MailBeforeAuth => {
                let from = self.creds.address().unwrap_or(FOREIGN_SENDER);
                mail_from(session, from)
            }
            Provoke::ForeignSender => mail_from(session, FOREIGN_SENDER),
            Provoke::WrongPassword => self.wrong_password(session, &st.offered),
        };
        if let Some(session) = st.session.take() {
            session.quit(Duration::from_secs(2).min(self.opts.timeout));
        }
        result
    }

    /// One AUTH with the wrong password, with PLAIN or LOGIN as the recipe documents them.
    fn wrong_password(&self, session: &mut Session, offered: &[String]) -> Provoked {
        let user = self
            .creds
            .username
            .as_deref()
            .ok_or("no user name to try a wrong password with")?;
        let mechanism = self
            .server
            .auth
            .iter()
            .copied()
            .filter(|m| matches!(m, AuthMechanism::Plain | AuthMechanism::Login))
            .find(|m| offered.iter().any(|o| o == m.smtp_name()))
            .ok_or("the server offers neither PLAIN nor LOGIN as documented")?;
        // The hard guard of `auth`, again: credentials only ever go encrypted.
        if !session.is_tls() {
            return Err("the connection is not encrypted".to_string());
        }
        let result = match mechanism {
            AuthMechanism::Plain => {
                sasl::plain(session, &sasl::plain_payload(user, WRONG_PASSWORD))
            }
            _ => sasl::login(session, user, &sasl::login_password(WRONG_PASSWORD)),
        };
        result.map_err(|e| format!("AUTH {}: {e}", mechanism.smtp_name()))
    }
}

/// `MAIL FROM:<from>`, then `RSET` whatever the answer, so nothing is ever sent.
fn mail_from(session: &mut Session, from: &str) -> Provoked {
    let reply = session
        .command(&format!("MAIL FROM:<{from}>"))
        .map_err(|e| format!("MAIL FROM: {e}"))?;
    let _ = session.command("RSET");
    Ok(reply)
}
