//! One place that turns a problem and its location into what the user reads.
//!
//! `check`, `build`, `serve` (terminal and browser overlay) and `--format json` all print
//! [`Diagnostic`]s through this module, so a writer sees the same message everywhere.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;

/// How bad a problem is: errors fail the command, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails `check` and `build`.
    Error,
    /// Reported, but the command still succeeds.
    Warning,
}

/// A problem in a recipe or the site configuration, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable machine name for the kind of problem (`skip-expired`, `reserved-id`, …):
    /// what scripts and callers match on, never the wording of `message`.
    pub code: &'static str,
    /// The file, as given to the command (e.g. `recipes/gmail.yaml`).
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: u64,
    /// 1-based column; 0 when the problem concerns the whole file.
    pub column: u64,
    /// The field path, e.g. `smtp[0].port`; empty for the document itself.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What was expected or how to fix it, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// What the field accepts, e.g. `one of starttls, tls`, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The text of line `line` of the file, for the snippet under the message. Filled by
    /// [`Diagnostic::with_source`]; not part of the JSON output (the location is).
    #[serde(skip)]
    pub source_line: Option<String>,
    /// Where inside the field's value the problem is, in characters from the value's first
    /// character (a link inside Markdown); the locator turns it into a line and column.
    #[serde(skip)]
    pub within: Option<usize>,
}

impl Diagnostic {
    /// An error at a location.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: "invalid",
            file: file.into(),
            line: 0,
            column: 0,
            path: String::new(),
            message: message.into(),
            help: None,
            expected: None,
            source_line: None,
            within: None,
        }
    }

    /// A warning at a location.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Set the line and column.
    pub fn at(mut self, line: u64, column: u64) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Set the machine code (see [`Diagnostic::code`]).
    pub fn code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    /// Point at the character `offset` inside the field's value instead of its start.
    pub fn within(mut self, offset: usize) -> Self {
        self.within = Some(offset);
        self
    }

    /// [`Diagnostic::within`] when the offset is known.
    pub fn within_opt(mut self, offset: Option<usize>) -> Self {
        self.within = offset;
        self
    }

    /// Set the field path.
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Set the help text.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Set what the field accepts.
    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Keep the text of line `line` of `source` (the whole file's text) for the snippet.
    pub fn with_source(mut self, source: &str) -> Self {
        if self.line > 0 {
            self.source_line = source
                .lines()
                .nth((self.line - 1) as usize)
                .map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// The one-line form: `recipes/x.yaml:12:5: error: smtp[0].port: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        write!(f, ": {level}: ")?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

/// Diagnostics that stopped a command, carried through `anyhow` as one error.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }
}

impl Diagnostics {
    /// The form people read in a terminal or the serve overlay: one block per diagnostic
    /// (location, source line, caret, field path, expected values, help), then a count.
    ///
    /// With `color`, ANSI colours are used (callers decide: only on a terminal, never with
    /// `NO_COLOR`; see [`use_color`]).
    pub fn render_text(&self, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&render_one(&renderer, d));
            out.push_str("\n\n");
        }
        out.push_str(&self.summary());
        out
    }

    /// `N errors, M warnings` (or `no problems`).
    pub fn summary(&self) -> String {
        let errors = self.error_count();
        let warnings = self.0.len() - errors;
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        match (errors, warnings) {
            (0, 0) => "no problems".to_string(),
            (e, 0) => plural(e, "error"),
            (0, w) => plural(w, "warning"),
            (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
        }
    }

    /// One JSON document with every diagnostic and the counts, for machines:
    /// `{"diagnostics": [{severity, code, file, line, column, path, message, expected?, help?}], "errors": N, "warnings": M}`.
    pub fn render_json(&self) -> String {
        #[derive(Serialize)]
        struct Document<'a> {
            diagnostics: &'a [Diagnostic],
            errors: usize,
            warnings: usize,
        }
        let errors = self.error_count();
        let doc = Document {
            diagnostics: &self.0,
            errors,
            warnings: self.0.len() - errors,
        };
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    }

    /// GitHub Actions workflow commands, one line per diagnostic:
    /// `::error file=recipes/x.yaml,line=12,col=5,title=smtp[0].port::message`.
    pub fn render_github(&self) -> String {
        let mut out = String::new();
        for d in &self.0 {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut props = vec![format!(
                "file={}",
                gh_property(&d.file.display().to_string())
            )];
            if d.line > 0 {
                props.push(format!("line={}", d.line));
                props.push(format!("col={}", d.column));
            }
            if !d.path.is_empty() {
                props.push(format!("title={}", gh_property(&d.path)));
            }
            let mut message = d.message.clone();
            if let Some(expected) = &d.expected {
                message.push_str(&format!("\nexpected: {expected}"));
            }
            if let Some(help) = &d.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            out.push_str(&format!(
                "::{level} {}::{}\n",
                props.join(","),
                gh_data(&message)
            ));
        }
        out
    }
}

pub use crate::text::use_color;

/// Replace control characters (ANSI escapes, carriage returns, ...) so recipe text cannot
/// drive the terminal. Tabs are kept; the renderer expands them.
fn sanitize(s: &str) -> Cow<'_, str> {
    crate::text::replace_controls(s, &['\t', '\n'], '\u{FFFD}')
}

/// The byte range to underline on a source line, starting at the 1-based character column:
/// a quoted string to its closing quote, a key without its colon, a block value to the end
/// of the line (before a comment), anything else to the next separator. At least the
/// position itself when the line ends there (a missing value).
fn caret_range(line: &str, column: u64) -> std::ops::Range<usize> {
    let col = column.max(1) as usize - 1;
    let start = line
        .char_indices()
        .nth(col)
        .map(|(i, _)| i)
        .unwrap_or(line.len());
    let before = &line[..start];
    let rest = &line[start..];
    let len = match rest.chars().next() {
        None => 0,
        Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(rest.len(), |i| i + 2),
        Some(_) => {
            // A `)` ends the token unless the token opened it: `(#anchor)` vs `alert(1)`.
            let mut parens = 0i32;
            let token_end = rest
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '(' => parens += 1,
                        ')' if parens > 0 => parens -= 1,
                        ')' => return true,
                        _ => {}
                    }
                    c.is_whitespace() || c == ',' || c == ']' || c == '}'
                })
                .map_or(rest.len(), |(i, _)| i);
            let token = &rest[..token_end];
            let in_flow = before.contains(['[', '{']);
            let block_value = !in_flow
                && (before.trim_end().ends_with(':') || before.trim_end().ends_with('-'))
                && !token.ends_with(':');
            if token.ends_with(':') {
                token.len() - 1
            } else if block_value {
                let end = rest.find(" #").unwrap_or(rest.len());
                rest[..end].trim_end().len()
            } else {
                token.trim_end_matches(':').len()
            }
        }
    };
    start..start + len
}

fn render_one(renderer: &Renderer, d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let message = sanitize(&d.message);
    let file = d.file.display().to_string();
    let source_line = d.source_line.as_deref().map(sanitize);
    let mut group = Group::with_title(level.primary_title(message.as_ref()));
    match (&source_line, d.line) {
        (Some(text), line) if line > 0 => {
            group = group.element(
                Snippet::source(text.as_ref())
                    .line_start(line as usize)
                    .path(file.as_str())
                    .fold(false)
                    .annotation(AnnotationKind::Primary.span(caret_range(text, d.column))),
            );
        }
        (_, line) if line > 0 => {
            group = group.element(
                Origin::path(file.as_str())
                    .line(line as usize)
                    .char_column(d.column.max(1) as usize),
            );
        }
        _ => group = group.element(Origin::path(file.as_str())),
    }
    let path = sanitize(&d.path);
    if !d.path.is_empty() {
        group = group.element(Level::NOTE.with_name("field").message(path.as_ref()));
    }
    let expected = d.expected.as_deref().map(sanitize);
    if let Some(expected) = &expected {
        group = group.element(Level::NOTE.with_name("expected").message(expected.as_ref()));
    }
    let help = d.help.as_deref().map(sanitize);
    if let Some(help) = &help {
        group = group.element(Level::HELP.message(help.as_ref()));
    }
    renderer.render(&[group])
}

/// Escape a value for a workflow-command property (`file=`, `title=`).
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Escape workflow-command data (the message).
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let errors = self.error_count();
        write!(f, "{errors} error{}", if errors == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "id: x\nsmtp:\n  - host: a\n    securty: starttls\n";

    fn sample() -> Diagnostic {
        Diagnostic::error("recipes/x.yaml", "unknown field `securty`")
            .at(4, 5)
            .path("smtp[0].securty")
            .expected("one of host, security")
            .help("did you mean `security`?")
            .with_source(SOURCE)
    }

    #[test]
    fn text_has_location_snippet_caret_and_footers() {
        let text = Diagnostics(vec![sample()]).render_text(false);
        assert_eq!(
            text,
            "error: unknown field `securty`\n --> recipes/x.yaml:4:5\n  |\n4 |     securty: starttls\n  |     ^^^^^^^\n  |\n  = field: smtp[0].securty\n  = expected: one of host, security\n  = help: did you mean `security`?\n\n1 error"
        );
        assert!(!text.contains('\u{1b}'));
        assert!(
            Diagnostics(vec![sample()])
                .render_text(true)
                .contains('\u{1b}')
        );
    }

    #[test]
    fn recipe_text_cannot_drive_the_terminal() {
        let d = Diagnostic::error("recipes/x.yaml", "bad \u{1b}[31mred")
            .at(1, 1)
            .with_source("name: \u{1b}]0;owned\u{7}\n");
        let text = Diagnostics(vec![d]).render_text(false);
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert!(!text.contains('\u{7}'), "{text:?}");
    }

    #[test]
    fn carets_cover_the_token() {
        let line = "    securty: starttls";
        assert_eq!(&line[caret_range(line, 5)], "securty");
        assert_eq!(&line[caret_range(line, 14)], "starttls");
        let line = "summary: \"TODO: one sentence\" # note";
        assert_eq!(&line[caret_range(line, 10)], "\"TODO: one sentence\"");
        let line = "title: Create an app password # why";
        assert_eq!(&line[caret_range(line, 8)], "Create an app password");
        let line = "domains: [acme.test, Acme.test]";
        assert_eq!(&line[caret_range(line, 22)], "Acme.test");
        assert_eq!(caret_range("name:", 6), 5..5);
        let line = "see [step](#step-two)) and [x](javascript:alert(1)) too";
        assert_eq!(&line[caret_range(line, 12)], "#step-two");
        assert_eq!(&line[caret_range(line, 32)], "javascript:alert(1)");
    }

    #[test]
    fn github_annotations_escape_their_fields() {
        let d = Diagnostic::warning("recipes/a,b.yaml", "50%\nnext")
            .at(2, 3)
            .path("links.register");
        let out = Diagnostics(vec![d]).render_github();
        assert_eq!(
            out,
            "::warning file=recipes/a%2Cb.yaml,line=2,col=3,title=links.register::50%25%0Anext\n"
        );
    }

    #[test]
    fn summary_counts_both_kinds() {
        let w = Diagnostic::warning("a", "w");
        assert_eq!(Diagnostics(vec![]).summary(), "no problems");
        assert_eq!(Diagnostics(vec![w.clone()]).summary(), "1 warning");
        assert_eq!(
            Diagnostics(vec![sample(), sample(), w]).summary(),
            "2 errors, 1 warning"
        );
    }

    #[test]
    fn colour_needs_a_terminal_and_no_no_color() {
        assert!(!use_color(false));
        // NO_COLOR and TERM are read from the environment; the test decides only the terminal.
        if std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        {
            assert!(use_color(true));
        } else {
            assert!(!use_color(true));
        }
    }
}
