//! Carrying `last_passed`, `failing_since` and the daily `history` over from the previous
//! report at `--report`, so the site can say "verified on DATE" or "failing since DATE" and
//! draw the last [`HISTORY_DAYS`] days across runs, with no file but the report.

use crate::report::{
    CheckStatus, DayOutcome, HISTORY_DAYS, HistoryDay, Outcome, ProviderReport, Report,
};
use anyhow::Context;
use std::path::Path;

/// Read the previous report, if the file exists.
pub fn read_previous(path: &Path) -> anyhow::Result<Option<Report>> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .with_context(|| format!("{} is not a mailbook verify report", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Fill `last_passed` / `failing_since` / `history` of this run's providers from `previous`,
/// and keep the previous results of providers not verified this time (when their recipe
/// still exists), so a run for one provider does not erase the others from the site.
pub fn carry_over(report: &mut Report, previous: Option<&Report>, known: &[String]) {
    let started = report.started_at;
    let day = started.to_zoned(jiff::tz::TimeZone::UTC).date();
    for provider in &mut report.providers {
        let before = previous.and_then(|p| p.providers.iter().find(|q| q.id == provider.id));
        provider.history = before.map(|b| b.history.clone()).unwrap_or_default();
        provider.history.retain(|h| h.date != day);
        provider.history.push(today_in_history(provider, day));
        provider.history.sort_by_key(|h| h.date);
        match provider.outcome {
            Outcome::Pass => {
                provider.last_passed = Some(started);
                provider.failing_since = None;
            }
            // "Try again later" twice proves nothing either way: a run that failed only
            // temporarily neither starts a run of failures nor ends one.
            Outcome::Fail if only_temporary(provider) => {
                provider.last_passed = before.and_then(|b| b.last_passed);
                provider.failing_since = before
                    .filter(|b| b.outcome == Outcome::Fail)
                    .and_then(|b| b.failing_since);
            }
            Outcome::Fail => {
                provider.last_passed = before.and_then(|b| b.last_passed);
                provider.failing_since = Some(
                    before
                        .filter(|b| b.outcome == Outcome::Fail)
                        .and_then(|b| b.failing_since)
                        .unwrap_or(started),
                );
            }
        }
    }
    for provider in &mut report.providers {
        let before = previous.and_then(|p| p.providers.iter().find(|q| q.id == provider.id));
        carry_confirmations(provider, before);
    }
    if let Some(previous) = previous {
        let kept: Vec<ProviderReport> = previous
            .providers
            .iter()
            .filter(|p| known.contains(&p.id))
            .filter(|p| !report.providers.iter().any(|q| q.id == p.id))
            .cloned()
            .collect();
        report.providers.extend(kept);
        report.providers.sort_by(|a, b| a.id.cmp(&b.id));
    }
    for provider in &mut report.providers {
        drop_old_days(&mut provider.history, day);
    }
}

/// This run's day for `provider`: fail (with the first failed phase), skipped when no check
/// of any server ran, pass otherwise.
fn today_in_history(provider: &ProviderReport, day: jiff::civil::Date) -> HistoryDay {
    let mut checks = provider.servers.iter().flat_map(|s| s.checks.iter());
    let (outcome, failed_phase) = match provider.outcome {
        Outcome::Fail => (
            DayOutcome::Fail,
            checks.find(|c| c.status.failed()).map(|c| c.phase),
        ),
        Outcome::Pass if checks.all(|c| c.status == CheckStatus::Skip) => {
            (DayOutcome::Skipped, None)
        }
        Outcome::Pass => (DayOutcome::Pass, None),
    };
    HistoryDay {
        date: day,
        outcome,
        failed_phase,
    }
}

/// Keep the days of the [`HISTORY_DAYS`] days that end on `day` (a report from a clock set
/// back keeps its later days too: they are dropped when they fall out of a later window).
fn drop_old_days(history: &mut Vec<HistoryDay>, day: jiff::civil::Date) {
    let first = day
        .checked_sub(jiff::Span::new().days(HISTORY_DAYS - 1))
        .unwrap_or(day);
    history.retain(|h| h.date >= first);
}

/// Without `--confirm-errors` this run, the previous confirmations stand; with it, an entry
/// not confirmed this time keeps the date it was last confirmed on.
fn carry_confirmations(provider: &mut ProviderReport, before: Option<&ProviderReport>) {
    let Some(before) = before else { return };
    if provider.confirmations.is_empty() {
        provider.confirmations = before.confirmations.clone();
        return;
    }
    for c in &mut provider.confirmations {
        if c.confirmed_at.is_none() {
            c.confirmed_at = before
                .confirmations
                .iter()
                .find(|b| b.entry == c.entry)
                .and_then(|b| b.confirmed_at);
        }
    }
}

/// Every failed check of `provider` failed temporarily.
fn only_temporary(provider: &ProviderReport) -> bool {
    let failed = || {
        provider
            .servers
            .iter()
            .flat_map(|s| &s.checks)
            .filter(|c| c.status.failed())
    };
    failed().next().is_some() && failed().all(|c| c.status == CheckStatus::Temporary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    fn provider(id: &str, outcome: Outcome) -> ProviderReport {
        ProviderReport {
            confirmations: vec![],
            id: id.into(),
            outcome,
            last_passed: None,
            failing_since: None,
            servers: vec![],
            notes: Vec::new(),
            history: vec![],
        }
    }

    fn report(at: &str, providers: Vec<ProviderReport>) -> Report {
        let t: Timestamp = at.parse().unwrap();
        Report {
            schema_version: 1,
            mailbook_version: "test".into(),
            started_at: t,
            finished_at: t,
            providers,
        }
    }

    #[test]
    fn a_temporary_failure_starts_no_failing_streak_and_confirmations_carry() {
        use crate::report::{CheckResult, ConfirmStatus, Confirmation, ServerReport, SmtpReply};
        let t1: Timestamp = "2026-11-01T00:00:00Z".parse().unwrap();
        let mut first = report("2026-11-01T00:00:00Z", vec![provider("a", Outcome::Pass)]);
        first.providers[0].confirmations = vec![Confirmation {
            entry: "bad-credentials".into(),
            provoke: crate::recipe::Provoke::WrongPassword,
            status: ConfirmStatus::Confirmed,
            summary: "confirmed".into(),
            reply: None,
            confirmed_at: Some(t1),
        }];
        carry_over(&mut first, None, &["a".into()]);
        let mut temp = provider("a", Outcome::Fail);
        temp.servers = vec![ServerReport {
            host: "h".into(),
            port: 587,
            security: crate::recipe::Security::Starttls,
            connected_to: None,
            outcome: Outcome::Fail,
            checks: vec![CheckResult {
                phase: crate::recipe::Phase::Send,
                status: CheckStatus::Temporary,
                duration_ms: 0,
                summary: "MAIL FROM refused".into(),
                evidence: vec![],
                reply: Some(SmtpReply {
                    code: 421,
                    enhanced: None,
                    text: "busy".into(),
                }),
                troubleshooting: None,
                cause: None,
                fix: None,
                link: None,
            }],
        }];
        let mut second = report("2026-11-02T00:00:00Z", vec![temp]);
        carry_over(&mut second, Some(&first), &["a".into()]);
        let a = &second.providers[0];
        assert_eq!(
            a.failing_since, None,
            "a temporary failure starts no streak"
        );
        assert_eq!(a.last_passed, Some(t1));
        assert_eq!(
            a.confirmations.len(),
            1,
            "confirmations stand without a new one"
        );
        assert_eq!(a.confirmations[0].confirmed_at, Some(t1));
    }

    #[test]
    fn dates_carry_over() {
        let t1: Timestamp = "2026-11-01T00:00:00Z".parse().unwrap();
        let t2: Timestamp = "2026-11-02T00:00:00Z".parse().unwrap();
        let mut first = report(
            "2026-11-01T00:00:00Z",
            vec![provider("a", Outcome::Pass), provider("b", Outcome::Fail)],
        );
        carry_over(&mut first, None, &[]);
        assert_eq!(first.providers[0].last_passed, Some(t1));
        assert_eq!(first.providers[1].failing_since, Some(t1));

        let mut second = report(
            "2026-11-02T00:00:00Z",
            vec![provider("a", Outcome::Fail), provider("b", Outcome::Fail)],
        );
        carry_over(&mut second, Some(&first), &["a".into(), "b".into()]);
        // a just started failing; it last passed on day 1.
        assert_eq!(second.providers[0].failing_since, Some(t2));
        assert_eq!(second.providers[0].last_passed, Some(t1));
        // b keeps failing since day 1.
        assert_eq!(second.providers[1].failing_since, Some(t1));

        let mut third = report("2026-11-03T00:00:00Z", vec![provider("b", Outcome::Pass)]);
        carry_over(&mut third, Some(&second), &["a".into(), "b".into()]);
        assert_eq!(
            third.providers.len(),
            2,
            "a is kept from the previous report"
        );
        assert_eq!(third.providers[0].id, "a");
        assert_eq!(third.providers[0].failing_since, Some(t2));
        assert_eq!(third.providers[1].failing_since, None);
        assert!(third.providers[1].last_passed.is_some());
    }

    fn day(at: &str) -> jiff::civil::Date {
        at.parse().unwrap()
    }

    fn failing_at_auth(id: &str) -> ProviderReport {
        use crate::report::{CheckResult, ServerReport};
        let check = |phase, status| CheckResult {
            phase,
            status,
            duration_ms: 1,
            summary: String::new(),
            evidence: vec![],
            reply: None,
            troubleshooting: None,
            cause: None,
            fix: None,
            link: None,
        };
        let mut p = provider(id, Outcome::Fail);
        p.servers.push(ServerReport {
            host: "smtp.example".into(),
            port: 587,
            security: crate::recipe::Security::Starttls,
            connected_to: None,
            outcome: Outcome::Fail,
            checks: vec![
                check(crate::recipe::Phase::Tcp, CheckStatus::Pass),
                check(crate::recipe::Phase::Auth, CheckStatus::Fail),
            ],
        });
        p
    }

    #[test]
    fn history_gets_a_day_per_run_keeps_the_last_run_of_a_day_and_drops_old_days() {
        // On 2026-11-30 the 90-day window starts on 2026-09-02: 09-01 falls out, 09-02 stays.
        let mut previous = report("2026-11-29T06:00:00Z", vec![provider("a", Outcome::Pass)]);
        previous.providers[0].history = vec![
            HistoryDay {
                date: day("2026-09-01"),
                outcome: DayOutcome::Pass,
                failed_phase: None,
            },
            HistoryDay {
                date: day("2026-09-02"),
                outcome: DayOutcome::Pass,
                failed_phase: None,
            },
            HistoryDay {
                date: day("2026-11-30"),
                outcome: DayOutcome::Pass,
                failed_phase: None,
            },
        ];
        let mut run = report("2026-11-30T23:00:00Z", vec![failing_at_auth("a")]);
        carry_over(&mut run, Some(&previous), &["a".into()]);
        let history = &run.providers[0].history;
        assert_eq!(history.len(), 2, "{history:?}");
        assert_eq!(history[0].date, day("2026-09-02"));
        // The same day's earlier pass is replaced by this run's failure.
        assert_eq!(history[1].date, day("2026-11-30"));
        assert_eq!(history[1].outcome, DayOutcome::Fail);
        assert_eq!(history[1].failed_phase, Some(crate::recipe::Phase::Auth));

        // A provider without a single check that ran is a skipped day.
        let mut next = report("2026-12-01T06:00:00Z", vec![provider("b", Outcome::Pass)]);
        carry_over(&mut next, Some(&run), &["a".into(), "b".into()]);
        assert_eq!(next.providers[1].history[0].outcome, DayOutcome::Skipped);
        // a was not verified: no day added, and its oldest day fell out of the window.
        let a = &next.providers[0].history;
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].date, day("2026-11-30"));
    }
}
