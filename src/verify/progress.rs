//! The live progress of `verify` on a terminal: one line per provider (indicatif's
//! `MultiProgress` on stderr) saying which server and phase it is at, then its verdict.
//!
//! Only people at a terminal see it. When stderr is not a terminal, or `NO_COLOR` is set, or
//! `TERM=dumb`, nothing is drawn at all: CI logs and pipes get the table on stdout alone.

use super::Event;
use super::output::one_line;
use crate::recipe::Phase;
use crate::report::{CheckStatus, Outcome};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Whether live progress should be drawn: stderr is a terminal that can move the cursor,
/// and the user has not asked for plain output with `NO_COLOR`.
pub fn wanted(stderr_is_terminal: bool) -> bool {
    crate::text::use_color(stderr_is_terminal)
}

/// One line per provider, drawn on stderr.
pub struct Live {
    multi: MultiProgress,
    lines: HashMap<String, Line>,
}

struct Line {
    bar: ProgressBar,
    counts: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    started: Option<Instant>,
    pass: usize,
    warn: usize,
    fail: usize,
    skip: usize,
}

impl Live {
    /// A line for each provider id, in this order, each saying `queued` until it starts.
    pub fn new(ids: &[&str]) -> Live {
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let width = ids.iter().map(|id| id.chars().count()).max().unwrap_or(0);
        // The template is a constant; should it ever fail to parse, fall back to the default.
        let style = ProgressStyle::with_template("{prefix} {spinner} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner())
            .tick_strings(&["-", "\\", "|", "/", " "]);
        let lines = ids
            .iter()
            .map(|id| {
                let bar = multi.add(ProgressBar::new_spinner().with_style(style.clone()));
                bar.set_prefix(format!("{:<width$}", one_line(id)));
                bar.set_message("queued");
                let line = Line {
                    bar,
                    counts: Mutex::new(Counts::default()),
                };
                (id.to_string(), line)
            })
            .collect();
        Live { multi, lines }
    }

    /// Update the provider's line.
    pub fn event(&self, provider: &str, event: Event<'_>) {
        let Some(line) = self.lines.get(provider) else {
            return;
        };
        let Ok(mut counts) = line.counts.lock() else {
            return;
        };
        match event {
            Event::Started => {
                counts.started = Some(Instant::now());
                line.bar.enable_steady_tick(Duration::from_millis(120));
                line.bar.set_message("dns…");
            }
            Event::Check { server, check } => {
                match check.status {
                    CheckStatus::Pass => counts.pass += 1,
                    CheckStatus::Warn => counts.warn += 1,
                    CheckStatus::Fail | CheckStatus::Temporary => counts.fail += 1,
                    CheckStatus::Skip => counts.skip += 1,
                }
                line.bar.set_message(running_message(
                    server,
                    check.phase,
                    check.status,
                    counts.fail,
                ));
            }
            Event::Finished(report) => {
                let secs = counts
                    .started
                    .map(|t| t.elapsed().as_secs_f64())
                    .unwrap_or_default();
                let verdict = match report.outcome {
                    Outcome::Pass => "pass",
                    Outcome::Fail => "FAIL",
                };
                // Counted from the report: a server retried after a temporary failure
                // reported its first attempt's checks too.
                let checks: Vec<CheckStatus> = report
                    .servers
                    .iter()
                    .flat_map(|s| s.checks.iter().map(|c| c.status))
                    .collect();
                let n = |f: fn(CheckStatus) -> bool| checks.iter().filter(|c| f(**c)).count();
                line.bar.finish_with_message(format!(
                    "{verdict}: {} pass, {} warn, {} fail, {} skip ({secs:.1} s)",
                    n(|c| c == CheckStatus::Pass),
                    n(|c| c == CheckStatus::Warn),
                    n(CheckStatus::failed),
                    n(|c| c == CheckStatus::Skip)
                ));
            }
        }
    }

    /// Stop drawing; the final lines stay above the table.
    pub fn finish(self) {
        for line in self.lines.values() {
            if !line.bar.is_finished() {
                line.bar.abandon();
            }
        }
        drop(self.multi);
        // indicatif leaves the cursor at the end of the last line; the table starts below.
        eprintln!();
    }
}

/// `smtp.example.com:587 certificate… (tls pass, 0 failed)`: the phase now running, after
/// the one that just finished.
fn running_message(server: &str, done: Phase, status: CheckStatus, failed: usize) -> String {
    let next = Phase::ALL
        .iter()
        .position(|p| *p == done)
        .and_then(|i| Phase::ALL.get(i + 1));
    let status = format!("{status:?}").to_lowercase();
    let now = match next {
        Some(p) => format!("{p}…"),
        None => "closing…".to_string(),
    };
    let failed = match failed {
        0 => String::new(),
        n => format!(", {n} failed"),
    };
    format!("{} {now} ({done} {status}{failed})", one_line(server))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_the_next_phase() {
        assert_eq!(
            running_message("smtp.x.example:587", Phase::Tls, CheckStatus::Pass, 0),
            "smtp.x.example:587 certificate… (tls pass)"
        );
        assert_eq!(
            running_message("h:465", Phase::Send, CheckStatus::Fail, 2),
            "h:465 closing… (send fail, 2 failed)"
        );
    }
}
