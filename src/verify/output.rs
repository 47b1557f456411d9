//! What `verify` prints: a table for people (with the troubleshooting entry under each
//! failure), the JSON report and JUnit XML (a test case per provider, server and phase).
//! Live progress is in [`super::progress`].

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

    for p in &report.providers {
        for s in &p.servers {
            for c in s.checks.iter().filter(|c| c.status == CheckStatus::Fail) {
                let _ = writeln!(
                    out,
                    "\n{} {} failed: {}",
                    one_line(&format!("{} {}:{}", p.id, s.host, s.port)),
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
                if let Some(cause) = &c.cause {
                    let _ = writeln!(out, "  cause: {}", indent(&paragraph(cause)));
                }
                if let Some(fix) = &c.fix {
                    let _ = writeln!(out, "  fix: {}", indent(&paragraph(fix)));
                }
                if let Some(link) = &c.link {
                    let _ = writeln!(out, "  see: {}", one_line(link));
                }
                // What the phase saw (capabilities, certificate names, greeting), for
                // whoever digs further.
                if !c.evidence.is_empty() {
                    let _ = writeln!(out, "  evidence:");
                    for e in &c.evidence {
                        let _ = writeln!(out, "    {}", one_line(e));
                    }
                }
            }
        }
    }
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
    out
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

/// JUnit XML: a `testsuite` per provider and a `testcase` per server and phase.
pub fn junit(report: &Report) -> String {
    let all: Vec<&CheckResult> = report
        .providers
        .iter()
        .flat_map(|p| &p.servers)
        .flat_map(|s| &s.checks)
        .collect();
    let count =
        |checks: &[&CheckResult], st: CheckStatus| checks.iter().filter(|c| c.status == st).count();
    let secs =
        |checks: &[&CheckResult]| checks.iter().map(|c| c.duration_ms).sum::<u64>() as f64 / 1000.0;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"mailbook verify\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{:.3}\">",
        all.len(),
        count(&all, CheckStatus::Fail),
        count(&all, CheckStatus::Skip),
        secs(&all)
    );
    for p in &report.providers {
        let checks: Vec<&CheckResult> = p.servers.iter().flat_map(|s| &s.checks).collect();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.3}\" timestamp=\"{}\">",
            xml(&p.id),
            checks.len(),
            count(&checks, CheckStatus::Fail),
            count(&checks, CheckStatus::Skip),
            secs(&checks),
            xml(&report.started_at.to_string())
        );
        for s in &p.servers {
            let classname = format!("{}.{}:{}", p.id, s.host, s.port);
            for c in &s.checks {
                let _ = write!(
                    out,
                    "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\">",
                    xml(&classname),
                    c.phase,
                    c.duration_ms as f64 / 1000.0
                );
                match c.status {
                    CheckStatus::Fail => {
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
                        let _ = write!(
                            out,
                            "\n      <failure message=\"{}\" type=\"{}\">{}</failure>",
                            xml(&c.summary),
                            c.phase,
                            xml(&body)
                        );
                    }
                    CheckStatus::Skip => {
                        let _ = write!(out, "\n      <skipped message=\"{}\"/>", xml(&c.summary));
                    }
                    CheckStatus::Warn | CheckStatus::Pass => {}
                }
                let mut system_out = String::new();
                if c.status == CheckStatus::Warn {
                    let _ = writeln!(system_out, "warning: {}", c.summary);
                }
                for e in &c.evidence {
                    let _ = writeln!(system_out, "{e}");
                }
                if !system_out.is_empty() {
                    let _ = write!(out, "\n      <system-out>{}</system-out>", xml(&system_out));
                }
                let close_indent = if matches!(c.status, CheckStatus::Pass) && system_out.is_empty()
                {
                    ""
                } else {
                    "\n    "
                };
                let _ = writeln!(out, "{close_indent}</testcase>");
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Escape for XML text and attributes; drops characters XML 1.0 cannot hold.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping() {
        assert_eq!(
            xml("a<b>&\"'\u{1}\u{FFFF}"),
            "a&lt;b&gt;&amp;&quot;&apos;??"
        );
    }
}
