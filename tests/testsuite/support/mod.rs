//! The test harness every module shares, in the style of mdBook's `tests/testsuite`: a
//! fixture project copied into a temporary folder, edited in place, the real `mailbook`
//! binary run on it with arguments and environment, and chainable assertions on the exit
//! code, the (root-normalised) output and the files it built:
//!
//! ```ignore
//! Project::fixture("basic")
//!     .edit("recipes/gmail.yaml", "port: 587", "port: 25")
//!     .run(&["check"])
//!     .code(1)
//!     .stderr_has("port");
//! ```
//!
//! `radar` holds the DNS and HTTPS side of `drift` and `discover` (dnsmasq, the HTTPS
//! harness, a scripted fake DNS server). `smtp` holds the SMTP side: the throwaway CA, the real aiosmtpd servers and the one
//! scripted fake; `imap` the Dovecot mailbox of the receipt tests; `web` a loopback static file server for built sites.

#![allow(dead_code)]

pub mod imap;
pub mod network;
pub mod process;
pub mod radar;
pub mod smtp;
pub mod verify;
pub mod web;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The repository root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// A fixture project copied into a temp folder, so tests can change it freely.
pub struct Project {
    /// Keeps the temp folder alive.
    pub dir: tempfile::TempDir,
}

impl Project {
    /// Copy `tests/fixtures/NAME` (a path below `tests/fixtures`, e.g. `invalid/empty-file`).
    /// A project without its own `mailbook.yaml` gets the shared `tests/fixtures/mailbook.yaml`.
    pub fn fixture(name: &str) -> Project {
        Project::copy_of(&fixtures().join(name))
    }

    /// Copy any folder as a project (with the shared configuration if it has none).
    pub fn copy_of(from: &Path) -> Project {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(from, dir.path());
        if !dir.path().join("mailbook.yaml").exists() {
            std::fs::copy(
                fixtures().join("mailbook.yaml"),
                dir.path().join("mailbook.yaml"),
            )
            .unwrap();
        }
        Project { dir }
    }

    /// The repository's own `mailbook.yaml`, `recipes/` and `templates/`.
    pub fn repository() -> Project {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            repo().join("mailbook.yaml"),
            dir.path().join("mailbook.yaml"),
        )
        .unwrap();
        for folder in ["recipes", "templates", "translations"] {
            if repo().join(folder).is_dir() {
                copy_tree(&repo().join(folder), &dir.path().join(folder));
            }
        }
        Project { dir }
    }

    /// The project root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The project root (as `TempDir::path`, for tests written against a bare temp folder).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write (or replace) a file in the project.
    pub fn write(&self, rel: &str, text: &str) -> &Project {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Replace text in a project file (the text must be there).
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Project {
        let path = self.root().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "`{from}` not in {rel}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// Remove a file from the project.
    pub fn remove(&self, rel: &str) -> &Project {
        std::fs::remove_file(self.root().join(rel)).unwrap();
        self
    }

    /// A project file as text.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// A built file (`site/REL`) as text.
    pub fn site(&self, rel: &str) -> String {
        self.read(&format!("site/{rel}"))
    }

    /// `mailbook --root ROOT`, run in the project root, ready for more arguments.
    pub fn cmd(&self) -> Cmd {
        Cmd::at(self.root())
    }

    /// Run `mailbook ARGS` on the project.
    pub fn run(&self, args: &[&str]) -> Ran {
        self.cmd().args(args).run()
    }

    /// `mailbook build ARGS` on the project.
    pub fn build(&self, args: &[&str]) -> Ran {
        self.cmd().arg("build").args(args).run()
    }
}

/// The real binary, without colours.
pub fn mailbook() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_mailbook"));
    cmd.env("NO_COLOR", "1");
    cmd
}

/// A `mailbook` command being put together.
pub struct Cmd {
    inner: std::process::Command,
    root: Option<PathBuf>,
    timeout: Duration,
}

impl Cmd {
    /// `mailbook` with no arguments, run in the repository root.
    pub fn new() -> Cmd {
        let mut inner = mailbook();
        inner.current_dir(repo());
        // The caller's own MAILBOOK_* settings must not leak into a test.
        for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("MAILBOOK_")) {
            inner.env_remove(k);
        }
        Cmd {
            inner,
            root: None,
            // Never hangs: a run that takes this long is a failure.
            timeout: Duration::from_secs(60),
        }
    }

    /// `mailbook --root ROOT`, run in `ROOT`; `ROOT` shows as `[ROOT]` in the output.
    pub fn at(root: &Path) -> Cmd {
        let mut cmd = Cmd::new();
        cmd.root = Some(root.to_path_buf());
        cmd.inner.current_dir(root).arg("--root").arg(root);
        cmd
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Cmd {
        self.inner.arg(arg);
        self
    }

    pub fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Cmd {
        self.inner.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Cmd {
        self.inner.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: &str) -> Cmd {
        self.inner.env_remove(key);
        self
    }

    /// Run and collect everything (bounded by a timeout).
    pub fn run(self) -> Ran {
        let out = assert_cmd::Command::from_std(self.inner)
            .timeout(self.timeout)
            .output()
            .unwrap();
        let clean = |b: &[u8]| {
            let text = String::from_utf8_lossy(b).into_owned();
            match &self.root {
                Some(root) => text.replace(&root.display().to_string(), "[ROOT]"),
                None => text,
            }
        };
        Ran {
            code: out.status.code().unwrap_or(-1),
            stdout: clean(&out.stdout),
            stderr: clean(&out.stderr),
        }
    }
}

/// A finished run: exit code and output, the project folder shown as `[ROOT]`.
#[derive(Debug)]
pub struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    /// Assert the exit code (the output is shown when it differs).
    pub fn code(&self, expected: i32) -> &Ran {
        assert_eq!(
            self.code, expected,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Assert exit code 0.
    pub fn success(&self) -> &Ran {
        self.code(0)
    }

    /// Assert a non-zero exit code (the output is shown when it is 0).
    pub fn failure(&self) -> &Ran {
        assert_ne!(
            self.code, 0,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn stderr_has(&self, text: &str) -> &Ran {
        assert!(
            self.stderr.contains(text),
            "`{text}` not in stderr:\n{}",
            self.stderr
        );
        self
    }

    pub fn stdout_has(&self, text: &str) -> &Ran {
        assert!(
            self.stdout.contains(text),
            "`{text}` not in stdout:\n{}",
            self.stdout
        );
        self
    }

    pub fn no_panic(&self) -> &Ran {
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        self
    }
}

/// Copy a folder recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir` (relative path → bytes).
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// A synthetic recipe of about 4–5 KB (settings, 6 steps, 8 troubleshooting entries, a
/// callout, a changelog), the same shape `benches/build.sh` generates.
pub fn synthetic_recipe(i: usize) -> String {
    let mut s = format!(
        "id: p{i:05}\nname: Provider {i}\naliases: [Alias {i}]\ndomains: [p{i:05}.example]\nstatus: ok\n\
         summary: Send through Provider {i} with an app password over STARTTLS.\nreviewed: 2026-11-01\n\
         sources:\n  - url: https://help.p{i}.example/smtp\n    title: SMTP settings\n\
         requires:\n  app_password: true\nsteps:\n"
    );
    for n in 1..=6 {
        s.push_str(&format!(
            "  - id: step-{n}\n    title: Do step {n} at Provider {i}\n    link: https://p{i}.example/step{n}\n    body: |\n      \
             Open the **settings** of your mailbox and choose *Security*, then follow the\n      \
             on-screen instructions for step {n}. Copy the value shown and keep the page open\n      \
             until the admin panel confirms it; see [the form](#form) for where it goes.\n"
        ));
    }
    s.push_str(
        "smtp:\n  - host: smtp.example.net\n    port: 587\n    security: starttls\n    auth: [plain, login]\n    \
         username: \"{email}\"\n    password: app_password\n    preferred: true\n\
         notes:\n  - kind: warning\n    body: Revoking the app password stops the shop's mail at once; create a new one first.\n\
         troubleshooting:\n",
    );
    for n in 1..=8 {
        s.push_str(&format!(
            "  - id: error-{n}\n    match: {{ phase: auth, code: 535, enhanced: 5.7.{n} }}\n    \
             symptom: \"535 5.7.{n} Authentication failed ({n})\"\n    cause: The password was wrong or revoked, case {n}.\n    \
             fix: Create a new app password ([step 2](#step-2)) and paste it without spaces.\n"
        ));
    }
    s.push_str(
        "changelog:\n  - date: 2024-01-01\n    change: App passwords required.\n  - date: 2025-06-01\n    change: Port 25 closed for submission.\n",
    );
    s
}

/// A project with `n` synthetic recipes and the fixture's `mailbook.yaml`.
pub fn synthetic_project(n: usize) -> Project {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("basic/mailbook.yaml"),
        dir.path().join("mailbook.yaml"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("recipes")).unwrap();
    for i in 0..n {
        std::fs::write(
            dir.path().join(format!("recipes/p{i:05}.yaml")),
            synthetic_recipe(i),
        )
        .unwrap();
    }
    Project { dir }
}
