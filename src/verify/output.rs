//! What `verify` prints: a table for people (with the troubleshooting entry under each
//! failure), the JSON report and JUnit XML (a test case per provider, server and phase).
//! Live progress is in [`super::progress`].

use super::plain::plain;
use crate::report::{CheckResult, CheckStatus, Outcome, Report};
use crate::text::replace_controls;
use std::fmt::Write as _;

/// ANSI colours, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    color: bool,
}

impl Style {
    /// Colour only on a terminal, never with `NO_COLOR` set or on a `TERM=dumb` terminal
    /// (the rule every command shares: [`crate::text::use_color`]).
    pub fn for_terminal(is_terminal: bool) -> Style {
        Style {
            color: crate::text::use_color(is_terminal),
        }
    }

    /// No colour.
    pub fn plain() -> Style {
        Style { color: false }
    }

    fn status(&self, status: CheckStatus) -> String {
        let (word, code) = match status {
            CheckStatus::Pass => ("pass", "32"),
            CheckStatus::Warn => ("warn", "33"),
            CheckStatus::Fail => ("FAIL", "31;1"),
            CheckStatus::Temporary => ("temporary", "33;1"),
            CheckStatus::Skip => ("skip", "2"),
        };
        if self.color {
            format!("\x1b[{code}m{word}\x1b[0m")
        } else {
            word.to_string()
        }
    }
}

/// Text for one table cell or line: control characters (escape sequences a server or a
/// recipe could send to the terminal, line breaks that would break the table) become `?`.
pub(crate) fn one_line(s: &str) -> String {
    replace_controls(s, &[], '?').into_owned()
}

/// Like [`one_line`], but keeps line breaks (for cause and fix paragraphs).
fn paragraph(s: &str) -> String {
    replace_controls(s, &['\n'], '?').into_owned()
}

/// The table for people, then the details of every failure.
pub fn text(report: &Report, style: Style) -> String {
    let mut out = table(report, style);
    for p in &report.providers {
        for s in &p.servers {
            for c in s.checks.iter().filter(|c| c.status.failed()) {
                let where_ = format!("{} {}:{}", p.id, s.host, s.port);
                failure_details(&mut out, &where_, c);
            }
        }
        // What the servers say together (a port blocked here while another works).
        for note in &p.notes {
            let _ = writeln!(out, "\n{} network: {}", one_line(&p.id), one_line(note));
        }
    }
    confirmations(&mut out, report);
    totals(&mut out, report);
    out
}

/// The documented errors provoked by `--confirm-errors` (or carried over), one line each.
fn confirmations(out: &mut String, report: &Report) {
    let all: Vec<_> = report
        .providers
        .iter()
        .flat_map(|p| p.confirmations.iter().map(move |c| (&p.id, c)))
        .collect();
    if all.is_empty() {
        return;
    }
    let _ = writeln!(out, "\ndocumented errors (--confirm-errors):");
    for (id, c) in all {
        let last = c
            .confirmed_at
            .map(|t| format!(" (last confirmed {})", t.strftime("%Y-%m-%d")))
            .filter(|_| c.status != crate::report::ConfirmStatus::Confirmed)
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} #{} ({}): {}{last}",
            one_line(id),
            one_line(&c.entry),
            c.provoke.as_str(),
            one_line(&c.summary)
        );
    }
}

/// A row per provider, server and phase, columns aligned.
fn table(report: &Report, style: Style) -> String {
    let mut rows: Vec<[String; 6]> = Vec::new();
    for p in &report.providers {
        for s in &p.servers {
            for c in &s.checks {
                rows.push([
                    one_line(&p.id),
                    one_line(&format!("{}:{}", s.host, s.port)),
                    c.phase.to_string(),
                    format!("{:?}", c.status).to_lowercase(),
                    format!("{} ms", c.duration_ms),
                    one_line(&c.summary),
                ]);
            }
        }
    }
    let header = ["PROVIDER", "SERVER", "PHASE", "RESULT", "TIME", "DETAILS"].map(String::from);
    let mut widths = [0usize; 5];
    for row in std::iter::once(&header).chain(rows.iter()) {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |row: &[String; 6], status: Option<CheckStatus>| {
        let mut l = String::new();
        for (i, cell) in row.iter().enumerate().take(5) {
            let shown = match (i, status) {
                (3, Some(st)) => style.status(st),
                _ => cell.clone(),
            };
            let pad = " ".repeat(widths[i].saturating_sub(cell.chars().count()));
            // Durations right-aligned, so their magnitudes line up.
            if i == 4 && status.is_some() {
                let _ = write!(l, "{pad}{shown}  ");
            } else {
                let _ = write!(l, "{shown}{pad}  ");
            }
        }
        l.push_str(&row[5]);
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(&header, None);
    let mut statuses = report
        .providers
        .iter()
        .flat_map(|p| &p.servers)
        .flat_map(|s| &s.checks)
        .map(|c| c.status);
    for row in &rows {
        line(row, statuses.next());
    }
    out
}

/// Under the table, each failure with the server's reply and its troubleshooting entry.
fn failure_details(out: &mut String, where_: &str, c: &CheckResult) {
    let how = match c.status {
        CheckStatus::Temporary => "temporary failure",
        _ => "failed",
    };
    let _ = writeln!(
        out,
        "\n{} {} {how}: {}",
        one_line(where_),
        c.phase,
        one_line(&c.summary)
    );
    if let Some(r) = &c.reply {
        let enhanced = r
            .enhanced
            .as_deref()
            .map(|e| format!(" {e}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  server replied: {}{} {}",
            r.code,
            one_line(&enhanced),
            one_line(&r.text)
        );
    }
    if let Some(id) = &c.troubleshooting {
        let _ = writeln!(out, "  troubleshooting: {}", one_line(id));
    }
    // The recipe's Markdown as plain text, its `#anchor` links on the provider's page.
    let page = c.link.as_deref().and_then(|l| l.split('#').next());
    if let Some(cause) = &c.cause {
        let _ = writeln!(out, "  cause: {}", indent(&paragraph(&plain(cause, page))));
    }
    if let Some(fix) = &c.fix {
        let _ = writeln!(out, "  fix: {}", indent(&paragraph(&plain(fix, page))));
    }
    if let Some(link) = &c.link {
        let _ = writeln!(out, "  see: {}", one_line(link));
    }
    // What the phase saw (capabilities, certificate names, greeting), for whoever digs
    // further.
    if !c.evidence.is_empty() {
        let _ = writeln!(out, "  evidence:");
        for e in &c.evidence {
            let _ = writeln!(out, "    {}", one_line(e));
        }
    }
}

/// The closing line: providers passed and failed, checks by status, wall time.
fn totals(out: &mut String, report: &Report) {
    let total = report.providers.len();
    let failed = report
        .providers
        .iter()
        .filter(|p| p.outcome == Outcome::Fail)
        .count();
    let secs = (report.finished_at - report.started_at)
        .total(jiff::Unit::Millisecond)
        .unwrap_or(0.0)
        / 1000.0;
    // Skips are counted apart: a run without credentials passes, but QA must see that
    // login and sending were not tried.
    let checks: Vec<CheckStatus> = report
        .providers
        .iter()
        .flat_map(|p| &p.servers)
        .flat_map(|s| &s.checks)
        .map(|c| c.status)
        .collect();
    let n = |st: CheckStatus| checks.iter().filter(|c| **c == st).count();
    let _ = writeln!(
        out,
        "\n{total} provider{}: {} passed, {failed} failed; checks: {} pass, {} warn, {} fail, \
         {} skip ({secs:.1} s)",
        if total == 1 { "" } else { "s" },
        total - failed,
        n(CheckStatus::Pass),
        n(CheckStatus::Warn),
        n(CheckStatus::Fail),
        n(CheckStatus::Skip),
    );
    // Only when there were any, so the usual line stays as it was.
    if n(CheckStatus::Temporary) > 0 {
        out.pop();
        let _ = writeln!(
            out,
            "; {} temporary failure(s): the server said to try again later",
            n(CheckStatus::Temporary)
        );
    }
}

fn indent(text: &str) -> String {
    text.trim()
        .lines()
        .map(|l| if l.trim().is_empty() { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n    ")
        .replace("\n    \n", "\n\n")
}

/// The JSON report.
pub fn json(report: &Report) -> String {
    // Serialising plain data types cannot fail.
    serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
}

/// JUnit XML (written by quick-junit): a `testsuite` per provider and a `testcase` per
/// server and phase, its class name `provider.host:port`. A failure carries the server's
/// reply and the troubleshooting entry; a warning and the evidence go to `system-out`.
pub fn junit(report: &Report) -> String {
    let mut junit = quick_junit::Report::new("mailbook verify");
    let started =
        chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::from(report.started_at));
    for p in &report.providers {
        let mut suite = quick_junit::TestSuite::new(p.id.as_str());
        suite.set_timestamp(started);
        for s in &p.servers {
            let classname = format!("{}.{}:{}", p.id, s.host, s.port);
            suite.add_test_cases(s.checks.iter().map(|c| junit_case(&classname, c)));
        }
        let time = p
            .servers
            .iter()
            .flat_map(|s| &s.checks)
            .map(|c| c.duration_ms)
            .sum();
        suite.add_test_cases(p.confirmations.iter().map(|c| confirmation_case(&p.id, c)));
        suite.set_time(std::time::Duration::from_millis(time));
        if !p.notes.is_empty() {
            suite.set_system_out(p.notes.join("\n"));
        }
        junit.add_test_suite(suite);
    }
    let total = report
        .providers
        .iter()
        .flat_map(|p| &p.servers)
        .flat_map(|s| &s.checks);
    junit.set_time(std::time::Duration::from_millis(
        total.map(|c| c.duration_ms).sum(),
    ));
    // Serialising into memory only fails on a bug in the writer; an empty file then says so
    // no less clearly than a panic would.
    junit.to_string().unwrap_or_default()
}

fn junit_case(classname: &str, c: &CheckResult) -> quick_junit::TestCase {
    use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus};
    let mut status = match c.status {
        CheckStatus::Fail => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(c.summary.as_str())
                .set_type(c.phase.as_str())
                .set_description(failure_text(c));
            status
        }
        // Not the server's verdict on the settings: a JUnit error, not a failure.
        CheckStatus::Temporary => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status
                .set_message(c.summary.as_str())
                .set_type("temporary failure")
                .set_description(failure_text(c));
            status
        }
        CheckStatus::Skip => TestCaseStatus::skipped(),
        CheckStatus::Warn | CheckStatus::Pass => TestCaseStatus::success(),
    };
    if c.status == CheckStatus::Skip {
        status.set_message(c.summary.as_str());
    }
    let mut case = TestCase::new(c.phase.as_str(), status);
    case.set_classname(classname)
        .set_time(std::time::Duration::from_millis(c.duration_ms));
    let mut system_out = String::new();
    if c.status == CheckStatus::Warn {
        let _ = writeln!(system_out, "warning: {}", c.summary);
    }
    for e in &c.evidence {
        let _ = writeln!(system_out, "{e}");
    }
    if !system_out.is_empty() {
        case.set_system_out(system_out);
    }
    case
}

/// A documented error provoked by `--confirm-errors`: a failure when the server's reply no
/// longer matches the entry (the recipe needs an update), skipped when not provoked.
fn confirmation_case(provider: &str, c: &crate::report::Confirmation) -> quick_junit::TestCase {
    use crate::report::ConfirmStatus;
    use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus};
    let mut status = match c.status {
        ConfirmStatus::Confirmed => TestCaseStatus::success(),
        ConfirmStatus::Changed => {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            s.set_type("documented error changed");
            s
        }
        ConfirmStatus::NotProvoked => TestCaseStatus::skipped(),
    };
    if c.status != ConfirmStatus::Confirmed {
        status.set_message(c.summary.as_str());
    }
    let mut case = TestCase::new(format!("confirm #{}", c.entry), status);
    case.set_classname(format!("{provider}.troubleshooting"));
    case.set_system_out(format!("{} ({})\n", c.summary, c.provoke.as_str()));
    case
}

/// The body of a failure: the summary, the server's reply and the troubleshooting entry.
fn failure_text(c: &CheckResult) -> String {
    let mut body = c.summary.clone();
    if let Some(r) = &c.reply {
        let _ = write!(
            body,
            "\nserver replied: {} {} {}",
            r.code,
            r.enhanced.as_deref().unwrap_or(""),
            r.text
        );
    }
    for (label, v) in [
        ("troubleshooting", &c.troubleshooting),
        ("cause", &c.cause),
        ("fix", &c.fix),
        ("see", &c.link),
    ] {
        if let Some(v) = v {
            let _ = write!(body, "\n{label}: {v}");
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe::{Phase, Security};
    use crate::report::{ProviderReport, ServerReport};

    fn check(phase: Phase, status: CheckStatus, summary: &str) -> CheckResult {
        CheckResult {
            phase,
            status,
            duration_ms: 1500,
            summary: summary.to_string(),
            evidence: vec!["greeting: 220 <ok> & \u{1}".to_string()],
            reply: None,
            troubleshooting: None,
            cause: None,
            fix: None,
            link: None,
        }
    }

    #[test]
    fn junit_has_a_suite_per_provider_and_a_case_per_server_and_phase() {
        let report = Report {
            schema_version: crate::report::REPORT_SCHEMA_VERSION,
            mailbook_version: "0".into(),
            started_at: "2026-11-20T10:00:00Z".parse().unwrap(),
            finished_at: "2026-11-20T10:00:05Z".parse().unwrap(),
            providers: vec![ProviderReport {
                confirmations: vec![],
                id: "a".into(),
                outcome: Outcome::Fail,
                last_passed: None,
                failing_since: None,
                notes: Vec::new(),
                history: vec![],
                servers: vec![ServerReport {
                    host: "smtp.a.example".into(),
                    port: 587,
                    security: Security::Starttls,
                    connected_to: None,
                    outcome: Outcome::Fail,
                    checks: vec![
                        check(Phase::Tcp, CheckStatus::Pass, "connected"),
                        check(
                            Phase::Auth,
                            CheckStatus::Fail,
                            "AUTH refused: 535 \"no\" <x>",
                        ),
                        check(Phase::Send, CheckStatus::Skip, "not run: auth failed"),
                    ],
                }],
            }],
        };
        let xml = junit(&report);
        assert_eq!(xml.matches("<testsuite ").count(), 1, "{xml}");
        assert_eq!(xml.matches("<testcase ").count(), 3, "{xml}");
        assert!(xml.contains(r#"classname="a.smtp.a.example:587""#), "{xml}");
        assert!(
            xml.contains(
                r#"<failure message="AUTH refused: 535 &quot;no&quot; &lt;x&gt;" type="auth">"#
            ),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<skipped message="not run: auth failed"/>"#),
            "{xml}"
        );
        assert!(xml.contains("greeting: 220 &lt;ok&gt; &amp; "), "{xml}");
        assert!(!xml.contains('\u{1}'), "{xml}");
    }
}
