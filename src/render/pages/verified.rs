//! The verified badge of a provider page, from a `mailbook verify` report.

use crate::report::{CheckResult, CheckStatus, ConfirmStatus, Outcome, ProviderReport};
use serde::Serialize;

/// A verified badge, from a `mailbook verify` report.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct VerifiedView {
    /// `pass` or `fail`.
    pub outcome: &'static str,
    /// The badge text, e.g. `verified on 2026-11-20` or `failing since 2026-11-19: auth, 535 5.7.8`.
    pub text: String,
    /// The troubleshooting entry matching the failure, if any (an anchor on the provider page).
    pub troubleshooting: Option<String>,
    /// Where the test mail arrived, for a passing provider whose `receipt` check found it:
    /// `delivered to the inbox in 4 s on 2026-11-20`.
    pub delivered: Option<DeliveredView>,
    /// The same per SMTP server of the report, in recipe order.
    pub servers: Vec<ServerVerifiedView>,
    /// Per troubleshooting entry id, what `verify --confirm-errors` last found.
    pub confirmed: std::collections::BTreeMap<String, String>,
}

/// The delivery badge next to "verified on DATE".
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DeliveredView {
    /// `delivered to the inbox in 4 s on 2026-11-20` (or `to the spam folder`).
    pub text: String,
    /// Whether it landed in the junk folder (shown as a warning).
    pub spam: bool,
}

/// The delivery badge from the first server whose test mail was found. A provider whose
/// mail was accepted but never arrived has failed (`receipt`), so it never gets here.
fn delivered(
    report: &ProviderReport,
    words: crate::render::catalogue::Words<'_>,
) -> Option<DeliveredView> {
    let d = report.servers.iter().find_map(|s| s.delivery.as_ref())?;
    // Whole seconds, rounded up (0 = under one second), as `report::delay_words` counts them.
    let secs = i64::try_from(d.delay_ms.div_ceil(1000)).unwrap_or(i64::MAX);
    let key = if d.spam {
        "delivered-spam"
    } else {
        "delivered-inbox"
    };
    let date = d.arrived_at.to_zoned(jiff::tz::TimeZone::UTC).date();
    Some(DeliveredView {
        text: words.with(
            key,
            &[
                ("delay", &words.count("delivery-delay", secs)),
                ("date", &date.to_string()),
            ],
        ),
        spam: d.spam,
    })
}

/// One server's line under a verified badge.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ServerVerifiedView {
    /// Documented host.
    pub host: String,
    /// Documented port.
    pub port: u16,
    /// `pass` or `fail`.
    pub outcome: &'static str,
    /// `verified on 2026-11-20` or `failing since 2026-11-19: tls`.
    pub text: String,
}

/// The badge for a provider from a verification report, and a line per server.
/// `finished` (the report's end) is only the fallback: a provider carried over from an
/// earlier run keeps the date it was last verified (`last_passed`), not the date of the
/// report it was carried into.
pub fn verified_view(
    report: &ProviderReport,
    finished: jiff::Timestamp,
    words: crate::render::catalogue::Words<'_>,
) -> VerifiedView {
    let date = |t: jiff::Timestamp| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string();
    let on = |t: jiff::Timestamp| words.with("verified-on", &[("date", &date(t))]);
    let verified_on = on(report.last_passed.unwrap_or(finished));
    let failing_since = words.with(
        "failing-since",
        &[("date", &date(report.failing_since.unwrap_or(finished)))],
    );
    let servers: Vec<ServerVerifiedView> = report
        .servers
        .iter()
        .map(|server| {
            let (outcome, text) = match server.outcome {
                Outcome::Pass if report.outcome == Outcome::Pass => ("pass", verified_on.clone()),
                // Passed in a run where another server failed: that run's date.
                Outcome::Pass => ("pass", on(finished)),
                Outcome::Fail => (
                    "fail",
                    failing_since.clone() + &failure(&server.checks, words).0,
                ),
            };
            ServerVerifiedView {
                host: server.host.clone(),
                port: server.port,
                outcome,
                text,
            }
        })
        .collect();
    let confirmed = report
        .confirmations
        .iter()
        .filter_map(|c| {
            let text = match (c.status, c.confirmed_at) {
                (ConfirmStatus::Confirmed, Some(t)) => {
                    words.with("confirmed-on", &[("date", &date(t))])
                }
                (ConfirmStatus::Changed, _) => words.with(
                    "confirm-changed",
                    &[("date", &date(finished)), ("summary", &c.summary)],
                ),
                (_, Some(t)) => words.with("last-confirmed-on", &[("date", &date(t))]),
                _ => return None,
            };
            Some((c.entry.clone(), text))
        })
        .collect();
    let mut view = match report.outcome {
        Outcome::Pass => VerifiedView {
            outcome: "pass",
            text: verified_on,
            troubleshooting: None,
            delivered: delivered(report, words),
            servers,
            confirmed: Default::default(),
        },
        Outcome::Fail => {
            let checks: Vec<CheckResult> = report
                .servers
                .iter()
                .flat_map(|s| s.checks.iter().cloned())
                .collect();
            let (what, troubleshooting) = failure(&checks, words);
            VerifiedView {
                outcome: "fail",
                text: failing_since + &what,
                troubleshooting,
                delivered: None,
                servers,
                confirmed: Default::default(),
            }
        }
    };
    view.confirmed = confirmed;
    view
}

/// `: auth, 535 5.7.8` for the first failed check (empty when none failed), and its
/// troubleshooting entry.
fn failure(
    checks: &[CheckResult],
    words: crate::render::catalogue::Words<'_>,
) -> (String, Option<String>) {
    let Some(check) = checks.iter().find(|c| c.status.failed()) else {
        return (String::new(), None);
    };
    let mut text = format!(": {}", check.phase.as_str());
    if let Some(reply) = &check.reply {
        text.push_str(&format!(", {}", reply.code));
        if let Some(e) = &reply.enhanced {
            text.push_str(&format!(" {e}"));
        }
    }
    if check.status == CheckStatus::Temporary {
        text.push_str(&format!(" ({})", words.get("failure-temporary")));
    }
    (text, check.troubleshooting.clone())
}
