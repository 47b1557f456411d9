//! Carrying `last_passed` and `failing_since` over from the previous report at `--report`, so
//! the site can say "verified on DATE" or "failing since DATE" across runs.

use crate::report::{Outcome, ProviderReport, Report};
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

/// Fill `last_passed` / `failing_since` of this run's providers from `previous`, and keep the
/// previous results of providers not verified this time (when their recipe still exists),
/// so a run for one provider does not erase the others from the site.
pub fn carry_over(report: &mut Report, previous: Option<&Report>, known: &[String]) {
    let started = report.started_at;
    for provider in &mut report.providers {
        let before = previous.and_then(|p| p.providers.iter().find(|q| q.id == provider.id));
        match provider.outcome {
            Outcome::Pass => {
                provider.last_passed = Some(started);
                provider.failing_since = None;
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    fn provider(id: &str, outcome: Outcome) -> ProviderReport {
        ProviderReport {
            id: id.into(),
            outcome,
            last_passed: None,
            failing_since: None,
            servers: vec![],
            notes: Vec::new(),
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
}
