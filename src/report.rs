//! The verification report: what `mailbook verify` writes with `--format json` / `--report`,
//! and what `mailbook build --verification` reads to show "verified on DATE" badges.
//!
//! This is a published format: change it only by adding optional fields, or bump
//! [`REPORT_SCHEMA_VERSION`].

use crate::recipe::{Phase, Provoke, Security};
use jiff::Timestamp;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the report format written by this build of mailbook.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// One run of `mailbook verify`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Format version, currently 1.
    pub schema_version: u32,
    /// The mailbook version that wrote the report.
    pub mailbook_version: String,
    /// When the run started (RFC 3339, UTC).
    #[schemars(with = "String")]
    pub started_at: Timestamp,
    /// When the run ended (RFC 3339, UTC).
    #[schemars(with = "String")]
    pub finished_at: Timestamp,
    /// One entry per verified provider, sorted by id.
    pub providers: Vec<ProviderReport>,
}

/// The result for one provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderReport {
    /// The recipe id.
    pub id: String,
    /// Pass if every server passed (warnings and skips allowed), fail otherwise.
    pub outcome: Outcome,
    /// When this provider last passed completely, carried over from the previous report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub last_passed: Option<Timestamp>,
    /// When the current run of failures began, carried over from the previous report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub failing_since: Option<Timestamp>,
    /// One entry per SMTP server of the recipe, in recipe order.
    pub servers: Vec<ServerReport>,
    /// One entry per provokable troubleshooting entry (`provoke`), from
    /// `verify --confirm-errors` or carried over from the previous report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confirmations: Vec<Confirmation>,
    /// The outcome of each UTC day this provider was verified in the last
    /// [`HISTORY_DAYS`] days, oldest first, carried over from the previous report: the last
    /// run of a day stands for the day, days without a run have no entry, older days drop off.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryDay>,
    /// What the servers say together about the network `verify` ran on, e.g. `587 is
    /// blocked here; 465 works`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Whether a documented error still looks as documented: the troubleshooting entry's
/// failure provoked on purpose and the server's reply compared with the entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    /// The troubleshooting entry's id.
    pub entry: String,
    /// How the failure was provoked.
    pub provoke: Provoke,
    /// The verdict of the last attempt.
    pub status: ConfirmStatus,
    /// One line: `confirmed`, `no longer matches: the server now says …`, or why the error
    /// could not be provoked.
    pub summary: String,
    /// The server's reply to the provocation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<SmtpReply>,
    /// When the server last answered as the entry documents (this run, or carried over
    /// from an earlier report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub confirmed_at: Option<Timestamp>,
}

/// The verdict on one provoked error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConfirmStatus {
    /// The server's reply matches the entry.
    Confirmed,
    /// The server's reply no longer matches the entry: the recipe needs an update.
    Changed,
    /// The failure could not be provoked (no connection, no credentials, the server accepted).
    NotProvoked,
}

/// How many days of history a report keeps per provider, the run's own day included.
pub const HISTORY_DAYS: i64 = 90;

/// One day of a provider's verification history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryDay {
    /// The UTC day of the run (`YYYY-MM-DD`).
    #[schemars(with = "String")]
    pub date: jiff::civil::Date,
    /// How the provider's check ended that day.
    pub outcome: DayOutcome,
    /// The phase of the first failed check, on a failing day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_phase: Option<Phase>,
}

/// The outcome of one day of history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayOutcome {
    /// Every check that ran passed.
    Pass,
    /// A check failed.
    Fail,
    /// Nothing was checked: every check of every server was skipped.
    Skipped,
}

/// The result for one SMTP server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServerReport {
    /// Documented host.
    pub host: String,
    /// Documented port.
    pub port: u16,
    /// Documented security.
    pub security: Security,
    /// Where the checks actually connected, when `--connect-to` redirected them (`host:port`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected_to: Option<String>,
    /// Pass, or fail at the first failing check.
    pub outcome: Outcome,
    /// One entry per phase that ran or was skipped, in phase order.
    pub checks: Vec<CheckResult>,
}

/// Overall pass or fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Everything that ran passed.
    Pass,
    /// At least one check failed.
    Fail,
}

/// The verdict of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// The check passed.
    Pass,
    /// The check passed with a finding worth attention (e.g. certificate expires soon, AUTH drift).
    Warn,
    /// The check failed.
    Fail,
    /// The check failed on a temporary (4xx) reply, also when tried again once after the
    /// server's hint or a short delay: greylisting (450/451), a busy server (421).
    Temporary,
    /// The check did not run (no credentials, a recipe skip, `--only`, an earlier failure).
    Skip,
}

impl CheckStatus {
    /// A failure, final or temporary.
    pub fn failed(self) -> bool {
        matches!(self, CheckStatus::Fail | CheckStatus::Temporary)
    }
}

/// One check of one server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckResult {
    /// The phase.
    pub phase: Phase,
    /// The verdict.
    pub status: CheckStatus,
    /// Wall time spent, in milliseconds.
    pub duration_ms: u64,
    /// One line saying what was found, e.g. `TLSv1.3, certificate valid for 61 days`.
    pub summary: String,
    /// Facts gathered (addresses, capabilities, certificate subject, queue id), never secrets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// The server's reply when the check failed on one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<SmtpReply>,
    /// The id of the recipe's troubleshooting entry that matches this failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub troubleshooting: Option<String>,
    /// Why the failure happens: the matching troubleshooting entry's cause, or the input
    /// rule's message (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// What to do about it: the matching entry's or input rule's fix (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Address of the matching troubleshooting entry on the site (`<base_url><id>/#<entry>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// An SMTP reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SmtpReply {
    /// Three-digit reply code.
    pub code: u16,
    /// Enhanced status code (RFC 3463), when the server sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enhanced: Option<String>,
    /// The reply text, lines joined with a space.
    pub text: String,
}
