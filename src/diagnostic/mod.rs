//! One place that turns a problem and its location into what the user reads.
//!
//! `check`, `build`, `serve` (terminal and browser overlay) and `--format json` all print
//! [`Diagnostic`]s through this module, so a writer sees the same message everywhere: the
//! value and its builders here, the text, JSON and GitHub forms in [`output`].

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

mod output;

pub use crate::text::use_color;

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

impl std::error::Error for Diagnostics {}
