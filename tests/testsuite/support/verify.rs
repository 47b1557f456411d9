//! Running `mailbook verify` on the verify fixture project (`tests/fixtures/verify`), whose
//! recipes document `*.test.example` hosts reached through `--connect-to`, and reading what
//! it produced (exit code, output, JSON report, JUnit), never showing the test secret.

use super::Cmd;
use super::smtp::{Harness, pki};
use serde_json::{Value, json};
use std::path::Path;
use std::sync::OnceLock;

pub const SECRET: &str = "Zebra-Secret-Kx7q-Zebra";
pub const USER: &str = "shop@test.example";
pub const FIXTURE: &str = "tests/fixtures/verify";

/// One `mailbook verify` run and everything it produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub report: Value,
    pub report_text: String,
    pub junit: String,
}

impl Run {
    pub fn checks(&self, provider: &str) -> Vec<Value> {
        let p = self.report["providers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == provider)
            .unwrap_or_else(|| panic!("no provider {provider} in {}", self.report_text));
        p["servers"][0]["checks"].as_array().unwrap().clone()
    }

    pub fn check(&self, provider: &str, phase: &str) -> Value {
        self.checks(provider)
            .into_iter()
            .find(|c| c["phase"] == phase)
            .unwrap()
    }

    pub fn status(&self, provider: &str, phase: &str) -> String {
        self.check(provider, phase)["status"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The secret must appear in nothing the run produced.
    pub fn assert_no_secret(&self) {
        for (what, text) in [
            ("stdout", &self.stdout),
            ("stderr", &self.stderr),
            ("report", &self.report_text),
            ("junit", &self.junit),
        ] {
            assert!(!text.contains(SECRET), "secret in {what}:\n{text}");
            assert!(
                !text.contains("Zebra-Secret"),
                "part of the secret in {what}"
            );
        }
    }
}

pub fn verify(args: &[&str], env: &[(&str, &str)], report_path: Option<&Path>) -> Run {
    verify_in(Path::new(FIXTURE), args, env, report_path)
}

/// `verify` in the project at `root`.
pub fn verify_in(
    root: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    report_path: Option<&Path>,
) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let report = report_path
        .map(Path::to_path_buf)
        .unwrap_or_else(|| dir.path().join("report.json"));
    let junit = dir.path().join("junit.xml");
    let mut cmd = Cmd::new()
        .arg("--root")
        .arg(root)
        .arg("verify")
        .args(args)
        .arg("--report")
        .arg(&report)
        .arg("--junit")
        .arg(&junit)
        .env_remove("NO_COLOR");
    for (k, v) in env {
        cmd = cmd.env(k, v);
    }
    let out = cmd.run();
    let report_text = std::fs::read_to_string(&report).unwrap_or_default();
    let run = Run {
        code: out.code,
        stdout: out.stdout,
        stderr: out.stderr,
        report: serde_json::from_str(&report_text).unwrap_or(Value::Null),
        report_text,
        junit: std::fs::read_to_string(&junit).unwrap_or_default(),
    };
    run.assert_no_secret();
    if std::env::var_os("SHOW_VERIFY").is_some() {
        eprintln!("{}\n{}\n{}", run.stdout, run.stderr, run.junit);
    }
    run
}

pub fn connect(host: &str, documented_port: u16, port: u16) -> String {
    format!("{host}:{documented_port}:127.0.0.1:{port}")
}

pub fn creds(prefix: &str, password: &str) -> Vec<(String, String)> {
    vec![
        (format!("MAILBOOK_{prefix}_USERNAME"), USER.to_string()),
        (format!("MAILBOOK_{prefix}_PASSWORD"), password.to_string()),
    ]
}

/// `verify implicit` with the test credentials against a scripted fake listening on `port`.
pub fn verify_implicit_fake(port: u16) -> Run {
    let c = connect("smtp.implicit.test.example", 465, port);
    let env = creds("IMPLICIT", SECRET);
    let ca = pki().ca();
    let args = [
        "implicit",
        "--connect-to",
        &c,
        "--cacert",
        &ca,
        "--timeout",
        "5",
    ];
    verify(&args, &refs(&env), None)
}

pub fn refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

pub fn starttls_server(name: &str, extra: Value) -> Value {
    let mut s = json!({"name": name, "mode": "starttls", "users": {USER: SECRET}});
    if let Value::Object(m) = extra {
        for (k, v) in m {
            s[k] = v;
        }
    }
    s
}

/// A copy of the verify fixture project, to change.
pub fn project_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    std::fs::create_dir(dir.path().join("recipes")).unwrap();
    std::fs::copy(src.join("mailbook.yaml"), dir.path().join("mailbook.yaml")).unwrap();
    for entry in std::fs::read_dir(src.join("recipes")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            dir.path().join("recipes").join(entry.file_name()),
        )
        .unwrap();
    }
    dir
}

/// Real servers started once per run and shared by the tests that only read verify's report
/// (never the servers' logs, never a queue id): `s` (STARTTLS, the test user and secret, the
/// `good` certificate), `expired` and `soon` (the same with those certificates). The Python
/// process ends with the test binary: it serves until its stdin closes.
pub fn shared_servers() -> &'static Harness {
    static SHARED: OnceLock<Harness> = OnceLock::new();
    SHARED.get_or_init(|| {
        Harness::start(
            pki(),
            vec![
                starttls_server("s", json!({})),
                starttls_server("expired", json!({"cert": "expired"})),
                starttls_server("soon", json!({"cert": "soon"})),
            ],
        )
    })
}
