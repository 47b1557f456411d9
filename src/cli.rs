//! The command line, clap derive only. Every flag's `///` is its `--help` text; commands in
//! `cmd/` receive plain values, never clap types.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Executable email-provider recipes: a static SMTP help center and the checks that keep it true.
#[derive(Debug, Parser)]
#[command(name = "mailbook", version, about, propagate_version = true)]
pub struct Cli {
    /// Project folder holding `mailbook.yaml` and `recipes/`.
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate every recipe and the site configuration without writing anything.
    Check {
        /// Output format of the diagnostics.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Also probe the documented URLs (reported as warnings, never errors).
        #[arg(long)]
        external: bool,
        /// Judge announced changes (changelog `effect`s) as on this day (`YYYY-MM-DD`)
        /// [default: today].
        #[arg(long, value_name = "DATE")]
        today: Option<jiff::civil::Date>,
        /// A `mailbook verify` JSON report: warn about provokable troubleshooting entries
        /// (`provoke`) it has not confirmed within the review age (`review_max_age_days`).
        #[arg(long, value_name = "REPORT")]
        verification: Option<PathBuf>,
    },
    /// Write a commented recipe skeleton to `recipes/<ID>.yaml`.
    New {
        /// Recipe id: lowercase letters, digits and dashes, e.g. `yahoo`.
        id: String,
        /// Display name, e.g. "Yahoo Mail".
        #[arg(long)]
        name: Option<String>,
    },
    /// Translations: which fields are translated, stale or missing, and recording what a
    /// translation translates.
    #[command(subcommand)]
    Translate(TranslateCommand),
    /// Print a JSON Schema (for editors and CI).
    Schema {
        /// Which file format to describe.
        #[arg(value_enum, default_value_t = SchemaKind::Recipe)]
        kind: SchemaKind,
    },
    /// Render the help center into a static site.
    Build {
        /// Output folder, relative to `--root`; replaced atomically, left untouched when the
        /// build fails.
        #[arg(long, default_value = "site", value_name = "DIR")]
        out: PathBuf,
        /// Published URL of the site, overriding `base_url` in `mailbook.yaml`.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Folder of templates overriding the built-in theme by name [default: `templates/` if present].
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// A `mailbook verify` JSON report; its results are shown as verified badges.
        #[arg(long, value_name = "REPORT")]
        verification: Option<PathBuf>,
        /// Build the site as on this day: announced changes (changelog `effect`s) dated
        /// on or before it are in force (`YYYY-MM-DD`)
        /// [default: today].
        #[arg(long, value_name = "DATE")]
        today: Option<jiff::civil::Date>,
    },
    /// Run each recipe's checks against the real servers and send a test mail.
    ///
    /// Credentials come from the environment (`MAILBOOK_<ID>_USERNAME`, `_PASSWORD`, `_TOKEN`,
    /// `_EMAIL`, with the recipe id upper-cased and dashes as underscores) or from
    /// `--credentials`, never from the command line. Exit status: 0 when no check failed, 1
    /// when one did, 2 when nothing could be run (bad arguments, a project with errors).
    Verify(VerifyArgs),
    /// Live preview: build into a private folder, serve it and reload on every change.
    Serve {
        /// TCP port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Address to bind; anything but loopback is reachable from other machines.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Compare recipes with what providers publish (autoconfig, ISPDB, SRV, MX, EHLO, pages).
    ///
    /// Exit status: 0 when every source agrees with the recipes, 1 on drift, 2 when nothing
    /// could be run.
    Drift(DriftArgs),
    /// Say which recipe serves an address or domain, and why.
    ///
    /// Exit status: 0 when a recipe serves it, 1 when none does, 2 on bad arguments.
    Discover(DiscoverArgs),
    /// Start a recipe from published data.
    #[command(subcommand)]
    Import(ImportKind),
    /// Print shell completions.
    #[command(hide = true)]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(hide = true)]
    Man,
}

/// Arguments of `mailbook verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// Recipe ids to verify; all recipes when none is given.
    #[arg(value_name = "PROVIDER")]
    pub providers: Vec<String>,
    /// Recipient of the test mail [default: the receipt mailbox's address, else the account
    /// itself].
    #[arg(long, value_name = "ADDRESS")]
    pub to: Option<String>,
    /// Run only these phases (comma-separated), and the earlier ones they need:
    /// dns,tcp,tls,certificate,ehlo,input,auth,send,receipt.
    #[arg(long, value_delimiter = ',', value_name = "PHASES")]
    pub only: Vec<crate::recipe::Phase>,
    /// Stop after this phase, e.g. `auth` to log in without sending.
    #[arg(long, value_name = "PHASE")]
    pub quit_after: Option<crate::recipe::Phase>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
    pub format: VerifyFormat,
    /// Also write the JSON report to this file (earlier results in it are carried over).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Also write a JUnit XML report to this file.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Time limit for each phase, in seconds.
    #[arg(long, default_value_t = 20, value_name = "SECS")]
    pub timeout: u64,
    /// Connect to HOST2:PORT2 instead of HOST:PORT, keeping TLS name checks for HOST (as curl).
    #[arg(long, value_name = "HOST:PORT:HOST2:PORT2")]
    pub connect_to: Vec<String>,
    /// Trust this extra CA certificate (PEM).
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,
    /// Ask this DNS server (`ADDR:PORT`) instead of the system's resolvers.
    #[arg(long, value_name = "ADDR:PORT")]
    pub dns_server: Option<std::net::SocketAddr>,
    /// Read credentials from this file (must not be readable by group or others).
    #[arg(long, value_name = "FILE")]
    pub credentials: Option<PathBuf>,
    /// How many providers to check at the same time.
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub jobs: usize,
    /// Published URL of the help center for the troubleshooting links in the output, when the
    /// site is built with `build --base-url` [default: `base_url` in `mailbook.yaml`].
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Expect what the recipes say on this day (`YYYY-MM-DD`): announced changes (changelog
    /// `effect`s) dated on or before it are in force [default: today].
    #[arg(long, value_name = "DATE")]
    pub today: Option<jiff::civil::Date>,
    /// Also provoke the errors the recipes mark `provoke` (a deliberately wrong password once
    /// per provider, MAIL FROM before AUTH, a sender the account does not own; never a sent
    /// message) and record whether each entry still matches the server's reply.
    #[arg(long)]
    pub confirm_errors: bool,
    /// How long the `receipt` check waits for the test mail to arrive in the recipient's
    /// mailbox (`MAILBOOK_RECEIPT_HOST`, `_USERNAME`, `_PASSWORD` or the credentials file's
    /// `receipt:` entry), in seconds from its acceptance.
    #[arg(long, default_value_t = 120, value_name = "SECS")]
    pub receipt_timeout: u64,
    /// Leave the test mail in the recipient's mailbox instead of deleting it once found.
    #[arg(long)]
    pub keep_test_mail: bool,
}

/// Network options shared by `drift` and `discover`.
#[derive(Debug, Clone, clap::Args)]
pub struct NetArgs {
    /// Ask this DNS server (`ADDR:PORT`) instead of the system's resolvers.
    #[arg(long, value_name = "ADDR:PORT")]
    pub dns_server: Option<std::net::SocketAddr>,
    /// Time limit for each DNS, HTTPS or SMTP answer, in seconds.
    #[arg(long, default_value_t = 10, value_name = "SECS")]
    pub timeout: u64,
    /// Connect to HOST2:PORT2 instead of HOST:PORT, keeping TLS name checks for HOST (as curl);
    /// applies to HTTPS and SMTP.
    #[arg(long, value_name = "HOST:PORT:HOST2:PORT2")]
    pub connect_to: Vec<String>,
    /// Trust this CA certificate (PEM): for HTTPS instead of the built-in roots, for SMTP in
    /// addition to them.
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,
}

/// Arguments of `mailbook drift`.
#[derive(Debug, clap::Args)]
pub struct DriftArgs {
    /// Recipe ids to compare; all recipes when none is given.
    #[arg(value_name = "PROVIDER")]
    pub providers: Vec<String>,
    /// Thunderbird's ISPDB: a checkout (files `ispdb/<domain>.xml` or `<domain>.xml`), or the
    /// URL the files are served under (`<URL>/<domain>`, e.g.
    /// `https://autoconfig.thunderbird.net/v1.1`).
    #[arg(long, value_name = "DIR")]
    #[arg(value_name = "DIR|URL")]
    pub ispdb: Option<String>,
    /// Print the proposed recipe changes as a unified diff on stdout (never applied).
    #[arg(long)]
    pub suggest: bool,
    /// Skip the live EHLO/AUTH check of each documented server.
    #[arg(long)]
    pub no_ehlo: bool,
    /// Output format of the findings.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// How many network questions to ask at the same time.
    #[arg(long, default_value_t = 16, value_name = "N")]
    pub jobs: usize,
    /// Network options.
    #[command(flatten)]
    pub net: NetArgs,
}

/// Arguments of `mailbook discover`.
#[derive(Debug, clap::Args)]
pub struct DiscoverArgs {
    /// An email address or a domain, e.g. `shop@example.com`.
    #[arg(value_name = "ADDRESS|DOMAIN")]
    pub query: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Network options.
    #[command(flatten)]
    pub net: NetArgs,
}

/// What `mailbook import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportKind {
    /// Write `recipes/<ID>.yaml` from a Thunderbird ISPDB / autoconfig file.
    Ispdb {
        /// The XML file.
        file: PathBuf,
        /// Recipe id [default: from the file's first domain, e.g. `example-com`].
        #[arg(long)]
        id: Option<String>,
    },
}

/// Output formats of `drift` and `discover`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// For people.
    Text,
    /// One JSON document.
    Json,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// For people: location, source line, caret, expected values.
    Text,
    /// One JSON document with every diagnostic.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
}

/// Output formats of `verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    /// A readable table, with live progress on a terminal.
    Text,
    /// The JSON report.
    Json,
    /// JUnit XML, a test suite per provider and a test case per server and phase.
    Junit,
}

/// The formats `mailbook schema` can describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// A recipe file (`recipes/*.yaml`).
    Recipe,
    /// The site configuration (`mailbook.yaml`).
    Config,
    /// The verification report (`mailbook verify --format json`).
    Report,
    /// A recipe's translation (`translations/LANG/recipes/*.yaml`).
    Translation,
    /// The site configuration's translation (`translations/LANG/mailbook.yaml`).
    SiteTranslation,
}

/// `mailbook translate …`.
#[derive(Debug, Subcommand)]
pub enum TranslateCommand {
    /// Per language: how many fields are translated, stale and missing, and which are stale
    /// (with the translation's and the source's place).
    Status {
        /// Languages to report [default: every language in `mailbook.yaml`].
        languages: Vec<String>,
        /// Also list every missing field.
        #[arg(long)]
        missing: bool,
    },
    /// Record, in each translation file of LANG, which source text every translated field
    /// translates (the `translated_from` block). Fields translated for the first time are
    /// recorded; stale ones stay stale unless named with `--accept`.
    Update {
        /// The language, e.g. `ru`.
        language: String,
        /// A stale field whose translation was revised, as `check` names it:
        /// `gmail:steps[create-app-password].body`, `mailbook:general_requirements[x].body`.
        #[arg(long, value_name = "FILE:FIELD")]
        accept: Vec<String>,
    },
}
