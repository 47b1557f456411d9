//! The evidence of a provider page, from a `mailbook verify` report: the daily pass/fail
//! strip of the last [`HISTORY_DAYS`] days, the last check phase by phase (the report's own
//! words: summaries, evidence and replies, which the report never fills with secrets), and
//! the plain-text parts of the "copy reply for a ticket" buttons. Only data is made here; the
//! words around it are the templates'.

use crate::recipe::Recipe;
use crate::render::markdown::plain_text;
use crate::report::{CheckStatus, DayOutcome, HISTORY_DAYS, Outcome, ProviderReport};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a provider page shows of its verification history.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EvidenceView {
    /// One per day of the window, oldest first.
    pub days: Vec<DayView>,
    /// The first and last day of the window (`YYYY-MM-DD`).
    pub first: String,
    /// The last day of the window: the day of the report.
    pub last: String,
    /// Days the check passed.
    pub passed: usize,
    /// Days it failed.
    pub failed: usize,
    /// Days it ran but checked nothing.
    pub skipped: usize,
    /// Days with a pass or a fail.
    pub checked: usize,
    /// The failing days, oldest first (for the text summary).
    pub failed_days: Vec<DayView>,
    /// The last check, one entry per server.
    pub transcript: Vec<TranscriptServer>,
}

/// One day of the strip.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DayView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `pass`, `fail`, `skipped`, or `none` (no check that day).
    pub outcome: &'static str,
    /// The failing phase, on a failing day.
    pub phase: Option<&'static str>,
}

/// One server of the last check.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TranscriptServer {
    /// Documented host.
    pub host: String,
    /// Documented port.
    pub port: u16,
    /// `pass` or `fail`.
    pub outcome: &'static str,
    /// The phases, in order.
    pub checks: Vec<TranscriptCheck>,
}

/// One phase of the last check.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TranscriptCheck {
    /// Phase word (`tcp`, `tls`, `auth` …).
    pub phase: &'static str,
    /// `pass`, `warn`, `fail` or `skip`.
    pub status: &'static str,
    /// Milliseconds.
    pub duration_ms: u64,
    /// One line saying what was found.
    pub summary: String,
    /// Facts gathered.
    pub evidence: Vec<String>,
    /// The server's reply, `535 5.7.8 text`, when the check failed on one.
    pub reply: Option<String>,
}

/// The evidence for `report`, whose run ended at `finished`.
pub fn evidence_view(report: &ProviderReport, finished: jiff::Timestamp) -> EvidenceView {
    let last = utc_day(finished);
    let first = last
        .checked_sub(jiff::Span::new().days(HISTORY_DAYS - 1))
        .unwrap_or(last);
    let by_date: BTreeMap<Date, _> = report.history.iter().map(|h| (h.date, h)).collect();
    let days: Vec<DayView> = first
        .series(jiff::Span::new().days(1))
        .take_while(|d| *d <= last)
        .map(|date| match by_date.get(&date) {
            Some(h) => DayView {
                date: date.to_string(),
                outcome: match h.outcome {
                    DayOutcome::Pass => "pass",
                    DayOutcome::Fail => "fail",
                    DayOutcome::Skipped => "skipped",
                },
                phase: h.failed_phase.map(|p| p.as_str()),
            },
            None => DayView {
                date: date.to_string(),
                outcome: "none",
                phase: None,
            },
        })
        .collect();
    let count = |o: &str| days.iter().filter(|d| d.outcome == o).count();
    let (passed, failed, skipped) = (count("pass"), count("fail"), count("skipped"));
    EvidenceView {
        failed_days: days
            .iter()
            .filter(|d| d.outcome == "fail")
            .cloned()
            .collect(),
        first: first.to_string(),
        last: last.to_string(),
        passed,
        failed,
        skipped,
        checked: passed + failed,
        transcript: transcript(report),
        days,
    }
}

fn transcript(report: &ProviderReport) -> Vec<TranscriptServer> {
    report
        .servers
        .iter()
        .map(|s| TranscriptServer {
            host: s.host.clone(),
            port: s.port,
            outcome: outcome_word(s.outcome),
            checks: s
                .checks
                .iter()
                .map(|c| TranscriptCheck {
                    phase: c.phase.as_str(),
                    status: match c.status {
                        CheckStatus::Pass => "pass",
                        CheckStatus::Warn => "warn",
                        CheckStatus::Fail => "fail",
                        CheckStatus::Temporary => "temporary",
                        CheckStatus::Skip => "skip",
                    },
                    duration_ms: c.duration_ms,
                    summary: c.summary.clone(),
                    evidence: c.evidence.clone(),
                    reply: c.reply.as_ref().map(|r| match &r.enhanced {
                        Some(e) => format!("{} {e} {}", r.code, r.text),
                        None => format!("{} {}", r.code, r.text),
                    }),
                })
                .collect(),
        })
        .collect()
}

fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Pass => "pass",
        Outcome::Fail => "fail",
    }
}

fn utc_day(t: jiff::Timestamp) -> Date {
    t.to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// The parts of the "copy reply for a ticket" texts made from data: the page's address,
/// the plain text of each step and troubleshooting entry, and the verification stamp.
#[derive(Debug, Clone, Serialize, Default)]
pub struct TicketView {
    /// The page's absolute address (anchors are appended).
    pub url: String,
    /// Step id → its body as plain text.
    pub steps: BTreeMap<String, String>,
    /// Troubleshooting id → its cause as plain text.
    pub causes: BTreeMap<String, String>,
    /// Troubleshooting id → its fix as plain text.
    pub fixes: BTreeMap<String, String>,
    /// When the provider last passed verification, if a report says so.
    pub verified: Option<StampView>,
    /// The day its current run of failures began, when the report says it is failing.
    pub failing_since: Option<String>,
}

/// "verified N days ago".
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StampView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Whole days between that date and the build day (0 = the same day).
    pub days_ago: i64,
}

/// The ticket texts of `recipe`'s page at `url` on the site at `base_url`; `last_passed` from
/// the report, counted in days before `today`, and `failing_since` when it is failing.
pub fn ticket_view(
    recipe: &Recipe,
    url: &str,
    base_url: &str,
    (last_passed, failing_since): (Option<jiff::Timestamp>, Option<jiff::Timestamp>),
    today: Date,
) -> TicketView {
    let text = |md: &str| plain_text(md, url, base_url);
    TicketView {
        url: url.to_string(),
        steps: recipe
            .steps
            .iter()
            .map(|s| (s.id.clone(), text(&s.body)))
            .collect(),
        causes: recipe
            .troubleshooting
            .iter()
            .map(|t| (t.id.clone(), text(&t.cause)))
            .collect(),
        fixes: recipe
            .troubleshooting
            .iter()
            .map(|t| (t.id.clone(), text(&t.fix)))
            .collect(),
        verified: last_passed.map(|t| {
            let date = utc_day(t);
            StampView {
                date: date.to_string(),
                days_ago: i64::from((today - date).get_days().max(0)),
            }
        }),
        failing_since: failing_since.map(|t| utc_day(t).to_string()),
    }
}
