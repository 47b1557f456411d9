//! Temporary replies (4xx: greylisting's 450/451, a busy server's 421) say "not now", not
//! "not like this". The server is tried once more, on a fresh connection, after the wait its
//! reply asks for ("try again in 30 seconds") or a short delay, never longer than one phase
//! deadline (`--timeout`), so a daily job does not flap on greylisting and a run stays
//! bounded. The report says when a check passed only on the retry.

use crate::report::{CheckResult, CheckStatus, SmtpReply};
use regex::Regex;
use std::sync::OnceLock;
use std::time::Duration;

/// The wait when the reply names none.
const DEFAULT_WAIT: Duration = Duration::from_secs(5);

/// The longest wait ever, whatever the server asks for.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// How long to wait before the retry: the reply's hint or [`DEFAULT_WAIT`], capped by the
/// phase deadline `timeout` and [`MAX_WAIT`].
pub(super) fn wait(reply: Option<&SmtpReply>, timeout: Duration) -> Duration {
    let hinted = reply.and_then(|r| hint(&r.text));
    hinted.unwrap_or(DEFAULT_WAIT).min(timeout).min(MAX_WAIT)
}

/// "try again in 30 seconds", "retry in 5 min", "please wait 2 minutes": the wait a reply
/// asks for.
fn hint(text: &str) -> Option<Duration> {
    static HINT: OnceLock<Regex> = OnceLock::new();
    let re = HINT.get_or_init(|| {
        Regex::new(
            r"(?i)\b(?:again|retry|wait)\b[^0-9]{0,20}?(\d{1,6})\s*(s|secs?|seconds?|m|mins?|minutes?)\b",
        )
        .expect("valid pattern")
    });
    let caps = re.captures(text)?;
    let n: u64 = caps[1].parse().ok()?;
    let unit = if caps[2].to_lowercase().starts_with('m') {
        60
    } else {
        1
    };
    Some(Duration::from_secs(n.saturating_mul(unit)))
}

/// Say on the retried attempt's check of the same phase what happened the first time.
pub(super) fn annotate(checks: &mut [CheckResult], first: &CheckResult, waited: Duration) {
    let Some(check) = checks.iter_mut().find(|c| c.phase == first.phase) else {
        return;
    };
    let secs = waited.as_secs_f64();
    check.evidence.push(format!(
        "first attempt: temporary failure: {}; tried again after {secs} s",
        first.summary
    ));
    match check.status {
        CheckStatus::Pass | CheckStatus::Warn => {
            check.summary = format!(
                "{} (passed on the retry after a temporary failure)",
                check.summary
            );
        }
        CheckStatus::Temporary => {
            check.summary = format!(
                "{} (temporary failure, also on the retry after {secs} s)",
                check.summary
            );
        }
        CheckStatus::Fail | CheckStatus::Skip => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(text: &str) -> SmtpReply {
        SmtpReply {
            code: 451,
            enhanced: Some("4.7.1".into()),
            text: text.into(),
        }
    }

    #[test]
    fn the_wait_follows_the_hint_within_the_caps() {
        let t = Duration::from_secs(30);
        let w = |text: &str| wait(Some(&reply(text)), t);
        assert_eq!(
            w("Greylisted, try again in 2 seconds"),
            Duration::from_secs(2)
        );
        assert_eq!(w("Please retry in 1 min"), Duration::from_secs(30));
        assert_eq!(w("try again later"), DEFAULT_WAIT);
        assert_eq!(wait(None, Duration::from_secs(2)), Duration::from_secs(2));
        assert_eq!(
            wait(Some(&reply("wait 300 s")), Duration::from_secs(600)),
            MAX_WAIT
        );
        // A number that is not a wait (an address, a code) is no hint.
        assert_eq!(w("4.7.1 greylisted by 10.0.0.1 for 300"), DEFAULT_WAIT);
    }
}
