//! `mailbook verify` end to end, on 127.0.0.1 only: real SMTP servers (Python's aiosmtpd,
//! started from tests/harness/smtp_servers.py) with real TLS from a throwaway CA made here,
//! reached through `--connect-to` while the recipes document `*.test.example` hosts.
//!
//! Scripted fakes (named `fake_*`) are used only for what real server software will not do:
//! a tarpit that never greets, a garbage reply, a connection dropped mid-DATA.

use assert_cmd::Command;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const SECRET: &str = "Zebra-Secret-Kx7q-Zebra";
const USER: &str = "shop@test.example";
const FIXTURE: &str = "tests/fixtures/verify";

/// A throwaway CA and leaf certificates, written as PEM files.
struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    fn new() -> Pki {
        let dir = tempfile::tempdir().unwrap();
        let ca_key = KeyPair::generate().unwrap();
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "mailbook test CA");
        let ca_cert = ca.self_signed(&ca_key).unwrap();
        std::fs::write(dir.path().join("ca.pem"), ca_cert.pem()).unwrap();
        let issuer = Issuer::from_params(&ca, &ca_key);
        let names = [
            "smtp.test.example",
            "smtp.implicit.test.example",
            "smtp.oauth.test.example",
            "smtp.expired.test.example",
            // The repository's own Gmail recipe, reached through --connect-to.
            "smtp.gmail.com",
        ];
        let soon = jiff::Zoned::now().date() + jiff::Span::new().days(10);
        let leaf = |file: &str, names: &[&str], expired: bool| {
            let key = KeyPair::generate().unwrap();
            let mut p =
                CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                    .unwrap();
            p.distinguished_name.push(DnType::CommonName, names[0]);
            if expired {
                p.not_before = rcgen::date_time_ymd(2020, 1, 1);
                p.not_after = rcgen::date_time_ymd(2021, 1, 1);
            } else {
                p.not_before = rcgen::date_time_ymd(2025, 1, 1);
                p.not_after = rcgen::date_time_ymd(2099, 1, 1);
            }
            let cert = p.signed_by(&key, &issuer).unwrap();
            std::fs::write(dir.path().join(format!("{file}.pem")), cert.pem()).unwrap();
            std::fs::write(dir.path().join(format!("{file}.key")), key.serialize_pem()).unwrap();
        };
        leaf("good", &names, false);
        leaf("other", &["mail.other.example"], false);
        // Valid for the address --connect-to reaches, not for the documented host.
        leaf("loopback", &["127.0.0.1", "localhost"], false);
        leaf("expired", &names, true);
        // Valid, but expiring in 10 days (under the 21-day warning).
        let key = KeyPair::generate().unwrap();
        let mut p = CertificateParams::new(vec![names[0].to_string()]).unwrap();
        p.not_before = rcgen::date_time_ymd(2025, 1, 1);
        p.not_after =
            rcgen::date_time_ymd(soon.year().into(), soon.month() as u8, soon.day() as u8);
        let cert = p.signed_by(&key, &issuer).unwrap();
        std::fs::write(dir.path().join("soon.pem"), cert.pem()).unwrap();
        std::fs::write(dir.path().join("soon.key"), key.serialize_pem()).unwrap();
        Pki { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    fn ca(&self) -> String {
        self.path("ca.pem")
    }
}

/// aiosmtpd servers running in a Python child process.
struct Harness {
    child: Child,
    out: tempfile::TempDir,
    ports: std::collections::HashMap<String, u16>,
}

impl Harness {
    /// `servers`: JSON objects as documented in smtp_servers.py; cert paths are filled in.
    fn start(pki: &Pki, servers: Vec<Value>) -> Harness {
        let out = tempfile::tempdir().unwrap();
        let servers: Vec<Value> = servers
            .into_iter()
            .map(|mut s| {
                let cert = s["cert"].as_str().unwrap_or("good").to_string();
                s["cert"] = json!(pki.path(&format!("{cert}.pem")));
                s["key"] = json!(pki.path(&format!("{cert}.key")));
                s
            })
            .collect();
        let config = json!({"out_dir": out.path(), "servers": servers});
        let config_path = out.path().join("config.json");
        std::fs::write(&config_path, config.to_string()).unwrap();
        let mut child = std::process::Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/smtp_servers.py"))
            .arg(&config_path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 is needed (scripts/setup installs aiosmtpd)");
        let mut ports = std::collections::HashMap::new();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        loop {
            let line = lines
                .next()
                .expect("harness exited early: is aiosmtpd installed? run scripts/setup")
                .unwrap();
            if line == "READY" {
                break;
            }
            let v: Value = serde_json::from_str(&line).unwrap();
            ports.insert(
                v["name"].as_str().unwrap().to_string(),
                v["port"].as_u64().unwrap() as u16,
            );
        }
        Harness { child, out, ports }
    }

    fn port(&self, name: &str) -> u16 {
        self.ports[name]
    }

    fn jsonl(&self, file: &str) -> Vec<Value> {
        std::fs::read_to_string(self.out.path().join(file))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    fn commands(&self, name: &str) -> Vec<Value> {
        self.jsonl(&format!("{name}.commands.jsonl"))
    }

    fn messages(&self, name: &str) -> Vec<Value> {
        self.jsonl(&format!("{name}.messages.jsonl"))
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        // Closing stdin ends the harness; kill (our own child, by handle) if it lingers.
        drop(self.child.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One `mailbook verify` run and everything it produced.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    report: Value,
    report_text: String,
    junit: String,
}

impl Run {
    fn checks(&self, provider: &str) -> Vec<Value> {
        let p = self.report["providers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == provider)
            .unwrap_or_else(|| panic!("no provider {provider} in {}", self.report_text));
        p["servers"][0]["checks"].as_array().unwrap().clone()
    }

    fn check(&self, provider: &str, phase: &str) -> Value {
        self.checks(provider)
            .into_iter()
            .find(|c| c["phase"] == phase)
            .unwrap()
    }

    fn status(&self, provider: &str, phase: &str) -> String {
        self.check(provider, phase)["status"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The secret must appear in nothing the run produced.
    fn assert_no_secret(&self) {
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

fn verify(args: &[&str], env: &[(&str, &str)], report_path: Option<&Path>) -> Run {
    verify_in(Path::new(FIXTURE), args, env, report_path)
}

/// `verify` in the project at `root`.
fn verify_in(root: &Path, args: &[&str], env: &[(&str, &str)], report_path: Option<&Path>) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let report = report_path
        .map(Path::to_path_buf)
        .unwrap_or_else(|| dir.path().join("report.json"));
    let junit = dir.path().join("junit.xml");
    let mut cmd = Command::cargo_bin("mailbook").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("--root")
        .arg(root)
        .arg("verify")
        .args(args)
        .arg("--report")
        .arg(&report)
        .arg("--junit")
        .arg(&junit)
        .env_remove("NO_COLOR");
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("MAILBOOK_")) {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.timeout(Duration::from_secs(60)).output().unwrap();
    let report_text = std::fs::read_to_string(&report).unwrap_or_default();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
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

fn connect(host: &str, documented_port: u16, port: u16) -> String {
    format!("{host}:{documented_port}:127.0.0.1:{port}")
}

fn creds(prefix: &str, password: &str) -> Vec<(String, String)> {
    vec![
        (format!("MAILBOOK_{prefix}_USERNAME"), USER.to_string()),
        (format!("MAILBOOK_{prefix}_PASSWORD"), password.to_string()),
    ]
}

/// `verify implicit` with the test credentials against a scripted fake listening on `port`.
fn verify_implicit_fake(pki: &Pki, port: u16) -> Run {
    let c = connect("smtp.implicit.test.example", 465, port);
    let env = creds("IMPLICIT", SECRET);
    let args = [
        "implicit",
        "--connect-to",
        &c,
        "--cacert",
        &pki.ca(),
        "--timeout",
        "5",
    ];
    verify(&args, &refs(&env), None)
}

fn refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

fn starttls_server(name: &str, extra: Value) -> Value {
    let mut s = json!({"name": name, "mode": "starttls", "users": {USER: SECRET}});
    if let Value::Object(m) = extra {
        for (k, v) in m {
            s[k] = v;
        }
    }
    s
}

#[test]
fn starttls_auth_and_send_reaches_the_server() {
    let pki = Pki::new();
    let h = Harness::start(&pki, vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", SECRET);
    let run = verify(
        &[
            "starttls",
            "--connect-to",
            &c,
            "--cacert",
            &pki.ca(),
            "--timeout",
            "10",
        ],
        &refs(&env),
        None,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    for phase in [
        "dns",
        "tcp",
        "tls",
        "certificate",
        "ehlo",
        "input",
        "auth",
        "send",
    ] {
        assert_eq!(
            run.status("starttls", phase),
            "pass",
            "{phase}: {}",
            run.stdout
        );
    }
    let server = &run.report["providers"][0]["servers"][0];
    assert_eq!(server["host"], "smtp.test.example");
    assert_eq!(server["connected_to"], format!("127.0.0.1:{}", h.port("s")));
    let cert = run.check("starttls", "certificate");
    assert!(
        cert["summary"]
            .as_str()
            .unwrap()
            .contains("valid for smtp.test.example")
    );

    // The server really received the mail, with the subject naming the provider.
    let messages = h.messages("s");
    assert_eq!(messages.len(), 1, "{messages:?}");
    let subject = messages[0]["subject"].as_str().unwrap();
    assert!(
        subject.starts_with("mailbook verify: Test STARTTLS Mail via smtp.test.example:587 at "),
        "{subject}"
    );
    assert_eq!(messages[0]["rcpt_tos"], json!([USER]));
    assert_eq!(messages[0]["mail_from"], USER);
    assert_eq!(messages[0]["authenticated"], true);
    let send = run.check("starttls", "send");
    let evidence = send["evidence"].to_string();
    let message_id = messages[0]["message_id"].as_str().unwrap();
    assert!(evidence.contains(message_id), "{evidence} vs {message_id}");
    assert!(
        send["summary"]
            .as_str()
            .unwrap()
            .contains("queue id MB000001"),
        "{send}"
    );
    // AUTH went over TLS only.
    let auths: Vec<Value> = h
        .commands("s")
        .into_iter()
        .filter(|c| c["verb"] == "AUTH")
        .collect();
    assert_eq!(auths.len(), 1);
    assert_eq!(auths[0]["tls"], true);
    assert_eq!(auths[0]["arg"], "PLAIN");
    // Text output is a table; JUnit has a test case per phase.
    assert!(run.stdout.contains("PROVIDER") && run.stdout.contains("1 provider: 1 passed"));
    assert_eq!(run.junit.matches("<testcase ").count(), 8, "{}", run.junit);
    assert!(!run.junit.contains("<failure"));
    assert!(run.report["providers"][0]["last_passed"].is_string());
}

#[test]
fn implicit_tls_succeeds() {
    let pki = Pki::new();
    let h = Harness::start(
        &pki,
        vec![json!({"name": "i", "mode": "tls", "users": {USER: SECRET}})],
    );
    let c = connect("smtp.implicit.test.example", 465, h.port("i"));
    let env = creds("IMPLICIT", SECRET);
    let run = verify(
        &[
            "implicit",
            "--connect-to",
            &c,
            "--cacert",
            &pki.ca(),
            "--format",
            "json",
            "--to",
            "qa@inbox.test.example",
        ],
        &refs(&env),
        None,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let stdout: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(stdout["providers"][0]["outcome"], "pass");
    assert!(
        run.check("implicit", "tls")["summary"]
            .as_str()
            .unwrap()
            .starts_with("implicit TLS: TLSv1.")
    );
    assert!(
        run.check("implicit", "ehlo")["evidence"]
            .to_string()
            .contains("greeting: 220")
    );
    let messages = h.messages("i");
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["rcpt_tos"], json!(["qa@inbox.test.example"]));
}

#[test]
fn wrong_password_fails_at_auth_with_the_troubleshooting_entry_and_carries_dates() {
    let pki = Pki::new();
    let h = Harness::start(
        &pki,
        vec![json!({"name": "s", "mode": "starttls", "users": {USER: "the-right-one"}})],
    );
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", SECRET);
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let args = ["starttls", "--connect-to", &c, "--cacert", &pki.ca()];
    let run = verify(&args, &refs(&env), Some(&report));
    assert_eq!(run.code, 1, "{}", run.stdout);
    let auth = run.check("starttls", "auth");
    assert_eq!(auth["status"], "fail");
    assert_eq!(auth["reply"]["code"], 535);
    assert_eq!(auth["reply"]["enhanced"], "5.7.8");
    assert_eq!(auth["troubleshooting"], "bad-credentials");
    assert_eq!(
        auth["link"],
        "https://help.test.example/mail/starttls/#bad-credentials"
    );
    assert_eq!(run.status("starttls", "send"), "skip");
    assert!(
        run.stdout.contains("server replied: 535 5.7.8"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("troubleshooting: bad-credentials"));
    assert!(run.stdout.contains("cause: The account password was used"));
    assert!(run.stdout.contains("fix: Create a new app password"));
    assert!(
        run.stdout
            .contains("see: https://help.test.example/mail/starttls/#bad-credentials")
    );
    assert!(
        run.junit
            .contains("<failure message=\"AUTH PLAIN as shop@test.example refused: 535 5.7.8")
    );
    assert!(h.messages("s").is_empty());
    let since = run.report["providers"][0]["failing_since"].clone();
    assert!(since.is_string());

    // A second failing run keeps the date the failures began; `--base-url` points the
    // troubleshooting link at a site built with `build --base-url`.
    let mut staged = args.to_vec();
    staged.extend(["--base-url", "https://staging.test.example/help/"]);
    let again = verify(&staged, &refs(&env), Some(&report));
    assert_eq!(again.code, 1);
    assert_eq!(
        again.check("starttls", "auth")["link"],
        "https://staging.test.example/help/starttls/#bad-credentials"
    );
    assert_eq!(again.report["providers"][0]["failing_since"], since);
    assert_ne!(again.report["started_at"], run.report["started_at"]);
}

#[test]
fn server_without_starttls_fails_at_tls_and_never_sees_auth() {
    let pki = Pki::new();
    let h = Harness::start(
        &pki,
        vec![json!({"name": "p", "mode": "plain", "users": {USER: SECRET}})],
    );
    let c = connect("smtp.test.example", 587, h.port("p"));
    let env = creds("STARTTLS", SECRET);
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    assert_eq!(run.code, 1);
    let tls = run.check("starttls", "tls");
    assert_eq!(tls["status"], "fail");
    assert!(
        tls["summary"]
            .as_str()
            .unwrap()
            .contains("does not offer STARTTLS")
    );
    assert!(
        tls["evidence"]
            .to_string()
            .contains("offers AUTH on the unencrypted connection")
    );
    assert_eq!(tls["troubleshooting"], "no-starttls");
    for phase in ["certificate", "ehlo", "auth", "send"] {
        assert_eq!(run.status("starttls", phase), "skip", "{phase}");
    }
    let verbs: Vec<String> = h
        .commands("p")
        .iter()
        .map(|c| c["verb"].as_str().unwrap().to_string())
        .collect();
    assert!(verbs.contains(&"EHLO".to_string()), "{verbs:?}");
    assert!(!verbs.contains(&"AUTH".to_string()), "{verbs:?}");
    assert!(!verbs.contains(&"MAIL".to_string()), "{verbs:?}");
}

#[test]
fn security_none_server_never_gets_credentials() {
    let pki = Pki::new();
    let h = Harness::start(
        &pki,
        vec![json!({"name": "p", "mode": "plain", "users": {USER: SECRET}})],
    );
    let c = connect("relay.plain.test.example", 25, h.port("p"));
    let env = creds("PLAINTEXT", SECRET);
    let run = verify(&["plaintext", "--connect-to", &c], &refs(&env), None);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.status("plaintext", "tls"), "warn");
    assert_eq!(run.status("plaintext", "certificate"), "skip");
    assert_eq!(run.status("plaintext", "ehlo"), "pass");
    let auth = run.check("plaintext", "auth");
    assert_eq!(auth["status"], "skip");
    assert!(
        auth["summary"]
            .as_str()
            .unwrap()
            .contains("never sends credentials over an unencrypted")
    );
    assert_eq!(run.status("plaintext", "send"), "skip");
    assert!(
        h.commands("p")
            .iter()
            .all(|c| c["verb"] != "AUTH" && c["verb"] != "MAIL")
    );
}

#[test]
fn certificate_for_another_name_fails_at_certificate() {
    let pki = Pki::new();
    let h = Harness::start(&pki, vec![starttls_server("s", json!({"cert": "other"}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", SECRET);
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.status("starttls", "tls"), "pass");
    let cert = run.check("starttls", "certificate");
    assert_eq!(cert["status"], "fail", "{cert}");
    let summary = cert["summary"].as_str().unwrap();
    assert!(
        summary.contains("not valid for smtp.test.example")
            && summary.contains("mail.other.example"),
        "{summary}"
    );
    assert_eq!(cert["troubleshooting"], "certificate-name");
    assert!(h.commands("s").iter().all(|c| c["verb"] != "AUTH"));
}

#[test]
fn expired_certificate_fails_at_certificate() {
    let pki = Pki::new();
    let h = Harness::start(&pki, vec![starttls_server("s", json!({"cert": "expired"}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &[],
        None,
    );
    assert_eq!(run.code, 1);
    let cert = run.check("starttls", "certificate");
    assert_eq!(cert["status"], "fail");
    assert!(
        cert["summary"]
            .as_str()
            .unwrap()
            .contains("certificate expired on 2021-01-01"),
        "{cert}"
    );
    assert_eq!(run.status("starttls", "ehlo"), "skip");
}

#[test]
fn certificate_expiring_soon_is_a_warning() {
    let pki = Pki::new();
    let h = Harness::start(&pki, vec![starttls_server("s", json!({"cert": "soon"}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &[],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let cert = run.check("starttls", "certificate");
    assert_eq!(cert["status"], "warn", "{cert}");
    let summary = cert["summary"].as_str().unwrap();
    assert!(
        summary.contains("(9 days)") || summary.contains("(10 days)"),
        "{summary}"
    );
    assert!(summary.contains("less than 21 days"), "{summary}");
}

#[test]
fn unknown_ca_fails_without_cacert() {
    let pki = Pki::new();
    let h = Harness::start(&pki, vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let run = verify(&["starttls", "--connect-to", &c], &[], None);
    assert_eq!(run.code, 1);
    let cert = run.check("starttls", "certificate");
    assert!(
        cert["summary"].as_str().unwrap().contains("unknown issuer"),
        "{cert}"
    );
}

#[test]
fn other_auth_mechanisms_are_reported_as_drift() {
    let pki = Pki::new();
    let h = Harness::start(
        &pki,
        vec![starttls_server("s", json!({"exclude": ["PLAIN"]}))],
    );
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", SECRET);
    let run = verify(
        &[
            "starttls",
            "--connect-to",
            &c,
            "--cacert",
            &pki.ca(),
            "--quit-after",
            "auth",
        ],
        &refs(&env),
        None,
    );
    assert_eq!(run.code, 0, "warnings do not fail: {}", run.stdout);
    let ehlo = run.check("starttls", "ehlo");
    assert_eq!(ehlo["status"], "warn");
    let summary = ehlo["summary"].as_str().unwrap();
    assert!(
        summary.contains("AUTH drift") && summary.contains("not offered: PLAIN"),
        "{summary}"
    );
    // Falls back to the next documented mechanism; --quit-after auth sends nothing.
    assert!(
        run.check("starttls", "auth")["summary"]
            .as_str()
            .unwrap()
            .contains("AUTH LOGIN")
    );
    assert_eq!(run.status("starttls", "send"), "skip");
    assert!(h.messages("s").is_empty());
    assert!(run.junit.contains("warning: AUTH drift"));
}

#[test]
fn credentials_the_panel_rejects_are_reported_before_login() {
    let pki = Pki::new();
    let bad = "9Zebra-Secret-Kx7q-Zebra"; // begins with a digit: breaks password-letters
    let h = Harness::start(
        &pki,
        vec![json!({"name": "s", "mode": "starttls", "users": {USER: bad}})],
    );
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", bad);
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    assert_eq!(run.code, 1);
    let input = run.check("starttls", "input");
    assert_eq!(input["status"], "fail");
    assert!(
        input["summary"]
            .as_str()
            .unwrap()
            .contains("password-letters"),
        "{input}"
    );
    assert!(
        input["fix"]
            .as_str()
            .unwrap()
            .contains("begins and ends with a letter")
    );
    assert_eq!(run.status("starttls", "auth"), "skip");
    assert!(
        h.commands("s").iter().all(|c| c["verb"] != "AUTH"),
        "no login attempted"
    );
    assert!(!run.stdout.contains(bad) && !run.report_text.contains(bad));
}

#[test]
fn without_credentials_login_and_send_are_skipped_not_passed() {
    let pki = Pki::new();
    let h = Harness::start(&pki, vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &[],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    for phase in ["input", "auth", "send"] {
        assert_eq!(run.status("starttls", phase), "skip", "{phase}");
    }
    assert!(
        run.check("starttls", "auth")["summary"]
            .as_str()
            .unwrap()
            .contains("MAILBOOK_STARTTLS_PASSWORD")
    );
    assert_eq!(run.status("starttls", "ehlo"), "pass");

    // --only: the selected phases and what they need; nothing after them.
    let run = verify(
        &[
            "starttls",
            "--connect-to",
            &c,
            "--cacert",
            &pki.ca(),
            "--only",
            "certificate",
        ],
        &[],
        None,
    );
    assert_eq!(run.code, 0);
    assert_eq!(run.status("starttls", "tls"), "pass");
    assert_eq!(run.status("starttls", "certificate"), "pass");
    let ehlo = run.check("starttls", "ehlo");
    assert_eq!(ehlo["status"], "skip");
    assert!(ehlo["summary"].as_str().unwrap().contains("not selected"));
}

#[test]
fn xoauth2_token_and_recipe_skips() {
    let pki = Pki::new();
    let h = Harness::start(
        &pki,
        vec![
            json!({"name": "o", "mode": "starttls", "tokens": {USER: SECRET}}),
            starttls_server("e", json!({})),
        ],
    );
    let env = [
        ("MAILBOOK_OAUTH_USERNAME", USER),
        ("MAILBOOK_OAUTH_TOKEN", SECRET),
    ];
    let co = connect("smtp.oauth.test.example", 587, h.port("o"));
    let ce = connect("smtp.expired.test.example", 587, h.port("e"));
    let run = verify(
        &[
            "oauth",
            "expiredskip",
            "--connect-to",
            &co,
            "--connect-to",
            &ce,
            "--cacert",
            &pki.ca(),
            "--jobs",
            "2",
        ],
        &env,
        None,
    );
    assert_eq!(run.code, 1, "the expired skip fails: {}", run.stdout);
    let auth = run.check("oauth", "auth");
    assert_eq!(auth["status"], "pass", "{auth}");
    assert!(auth["summary"].as_str().unwrap().contains("AUTH XOAUTH2"));
    let send = run.check("oauth", "send");
    assert_eq!(send["status"], "skip");
    assert!(send["summary"].as_str().unwrap().contains("rate limited"));
    assert!(h.messages("o").is_empty());
    let ehlo = run.check("expiredskip", "ehlo");
    assert_eq!(ehlo["status"], "fail");
    assert!(
        ehlo["summary"]
            .as_str()
            .unwrap()
            .contains("expired on 2020-01-31"),
        "{ehlo}"
    );
    assert_eq!(
        run.report["providers"][1]["outcome"], "pass",
        "oauth passes"
    );
}

#[test]
fn credentials_file_must_be_private() {
    use std::os::unix::fs::PermissionsExt;
    let pki = Pki::new();
    let h = Harness::start(&pki, vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("credentials.yaml");
    std::fs::write(
        &file,
        format!("starttls:\n  username: {USER}\n  password: {SECRET}\n"),
    )
    .unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let f = file.display().to_string();
    let args = [
        "starttls",
        "--connect-to",
        &c,
        "--cacert",
        &pki.ca(),
        "--credentials",
        &f,
        "--quit-after",
        "auth",
    ];
    let run = verify(&args, &[], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("readable by group or others"));
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = verify(&args, &[], None);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.status("starttls", "auth"), "pass");
}

#[test]
fn report_matches_the_published_schema() {
    let pki = Pki::new();
    let h = Harness::start(&pki, vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", "wrong-password");
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    let schema = Command::cargo_bin("mailbook")
        .unwrap()
        .args(["schema", "report"])
        .output()
        .unwrap();
    let schema: Value = serde_json::from_slice(&schema.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&run.report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

// ---- Scripted fakes: only for behaviour real server software will not show. ----

/// Fake: accepts connections and never says anything (a tarpit).
fn fake_tarpit() -> (u16, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let t = std::thread::spawn(move || {
        if let Ok((s, _)) = listener.accept() {
            std::thread::sleep(Duration::from_secs(8));
            drop(s);
        }
    });
    (port, t)
}

#[test]
fn fake_tarpit_that_never_greets_fails_within_the_timeout() {
    let (port, _t) = fake_tarpit();
    let c = connect("smtp.test.example", 587, port);
    let started = Instant::now();
    let run = verify(
        &["starttls", "--connect-to", &c, "--timeout", "2"],
        &[],
        None,
    );
    let elapsed = started.elapsed();
    assert_eq!(run.code, 1);
    let tcp = run.check("starttls", "tcp");
    assert_eq!(tcp["status"], "fail");
    assert!(
        tcp["summary"]
            .as_str()
            .unwrap()
            .contains("no greeting: no answer within 2 s"),
        "{tcp}"
    );
    // 2 s for the greeting, plus start-up; no polite QUIT to a server that never spoke.
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[test]
fn fake_garbage_reply_fails_clearly() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n");
            std::thread::sleep(Duration::from_secs(2));
        }
    });
    let c = connect("smtp.test.example", 587, port);
    let run = verify(
        &["starttls", "--connect-to", &c, "--timeout", "5"],
        &[],
        None,
    );
    let tcp = run.check("starttls", "tcp");
    assert_eq!(tcp["status"], "fail");
    assert!(
        tcp["summary"]
            .as_str()
            .unwrap()
            .contains("not an SMTP reply: `HTTP/1.1 400 Bad Request`"),
        "{tcp}"
    );
}

#[test]
fn fake_starttls_reply_with_injected_data_is_refused() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let Ok((mut s, _)) = listener.accept() else {
            return;
        };
        let mut r = BufReader::new(s.try_clone().unwrap());
        let mut line = String::new();
        let _ = s.write_all(b"220 fake.test ESMTP\r\n");
        let _ = r.read_line(&mut line);
        let _ = s.write_all(b"250-fake.test\r\n250 STARTTLS\r\n");
        line.clear();
        let _ = r.read_line(&mut line);
        // What a man in the middle would add: a reply smuggled in before the handshake.
        let _ = s.write_all(b"220 go ahead\r\n235 2.7.0 injected\r\n");
        std::thread::sleep(Duration::from_secs(2));
    });
    let c = connect("smtp.test.example", 587, port);
    let run = verify(
        &["starttls", "--connect-to", &c, "--timeout", "5"],
        &[],
        None,
    );
    let tls = run.check("starttls", "tls");
    assert_eq!(tls["status"], "fail");
    assert!(
        tls["summary"]
            .as_str()
            .unwrap()
            .contains("possible command injection"),
        "{tls}"
    );
}

/// Fake: implicit TLS server that accepts everything, then drops the connection mid-DATA.
fn fake_drop_mid_data(pki: &Pki) -> u16 {
    fake_tls(pki, |_| None)
}

/// A scripted implicit-TLS server: `special` may answer a command line itself; otherwise
/// it accepts everything and drops the connection in the middle of DATA.
fn fake_tls(pki: &Pki, special: fn(&str) -> Option<String>) -> u16 {
    let certs: Vec<rustls_pki_types::CertificateDer<'static>> = {
        use rustls_pki_types::pem::PemObject;
        rustls_pki_types::CertificateDer::pem_file_iter(pki.path("good.pem"))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let key = {
        use rustls_pki_types::pem::PemObject;
        rustls_pki_types::PrivateKeyDer::from_pem_file(pki.path("good.key")).unwrap()
    };
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let Ok((tcp, _)) = listener.accept() else {
            return;
        };
        let conn = rustls::ServerConnection::new(config).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        let say = |tls: &mut rustls::StreamOwned<_, _>, s: &str| {
            let _ = tls.write_all(s.as_bytes());
            let _ = tls.flush();
        };
        say(&mut tls, "220 fake.test ESMTP\r\n");
        // One command line at a time, however TLS records split or join them.
        let mut pending: Vec<u8> = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let Some(pos) = pending.iter().position(|&b| b == b'\n') else {
                match tls.read(&mut buf) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => pending.extend_from_slice(&buf[..n]),
                }
                continue;
            };
            let line: Vec<u8> = pending.drain(..=pos).collect();
            let raw = String::from_utf8_lossy(&line).into_owned();
            if let Some(answer) = special(&raw) {
                say(&mut tls, &answer);
                continue;
            }
            let line = raw.to_uppercase();
            if line.starts_with("EHLO") {
                say(&mut tls, "250-fake.test\r\n250 AUTH PLAIN LOGIN\r\n");
            } else if line.starts_with("AUTH") {
                say(&mut tls, "235 2.7.0 ok\r\n");
            } else if line.starts_with("MAIL") || line.starts_with("RCPT") {
                say(&mut tls, "250 2.1.0 ok\r\n");
            } else if line.starts_with("DATA") {
                say(&mut tls, "354 go ahead\r\n");
                // Read part of the message, then vanish without a reply.
                let _ = tls.read(&mut buf);
                return;
            }
        }
    });
    port
}

#[test]
fn fake_connection_dropped_mid_data_fails_at_send() {
    let pki = Pki::new();
    let port = fake_drop_mid_data(&pki);
    let run = verify_implicit_fake(&pki, port);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.status("implicit", "auth"), "pass");
    let send = run.check("implicit", "send");
    assert_eq!(send["status"], "fail");
    assert!(
        send["summary"]
            .as_str()
            .unwrap()
            .contains("closed the connection"),
        "{send}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let run = verify(&["nosuch"], &[], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no recipe `nosuch`"), "{}", run.stderr);
    let run = verify(&["starttls", "--connect-to", "bad"], &[], None);
    assert_eq!(run.code, 2);
    let run = verify(&["starttls", "--to", "a@b>\r\nRCPT TO:<c@d"], &[], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("expected one plain email address"),
        "{}",
        run.stderr
    );
    // Phases that exclude each other leave nothing to run: not a pass.
    let run = verify(
        &["starttls", "--only", "send", "--quit-after", "auth"],
        &[],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("no phase is left to run"),
        "{}",
        run.stderr
    );
    let _ = PathBuf::new();
}

// ---- Second pass: downgrade, injection and leak attempts; refusal of broken projects;
// ---- progress; the text and JUnit outputs QA reads.

#[test]
fn starttls_answered_with_454_fails_at_tls_and_never_sends_auth() {
    let pki = Pki::new();
    // aiosmtpd advertises STARTTLS, then its own handler answers 454 (TLS setup broken).
    let h = Harness::start(
        &pki,
        vec![starttls_server("s", json!({"tls_unavailable": true}))],
    );
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", SECRET);
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let tls = run.check("starttls", "tls");
    assert_eq!(tls["status"], "fail", "{tls}");
    assert_eq!(tls["reply"]["code"], 454, "{tls}");
    assert!(
        tls["summary"]
            .as_str()
            .unwrap()
            .starts_with("STARTTLS refused: 454"),
        "{tls}"
    );
    for phase in ["certificate", "ehlo", "auth", "send"] {
        assert_eq!(run.status("starttls", phase), "skip", "{phase}");
    }
    let verbs: Vec<String> = h
        .commands("s")
        .iter()
        .map(|c| c["verb"].as_str().unwrap().to_string())
        .collect();
    assert!(verbs.contains(&"STARTTLS".to_string()), "{verbs:?}");
    assert!(
        !verbs.iter().any(|v| v == "AUTH" || v == "MAIL"),
        "{verbs:?}"
    );
    assert!(run.stdout.contains("server replied: 454"), "{}", run.stdout);
}

#[test]
fn certificate_for_the_connect_to_address_is_not_the_documented_host() {
    // --connect-to reaches 127.0.0.1, whose certificate is valid for 127.0.0.1: the name is
    // still checked against the documented host, so this must fail.
    let pki = Pki::new();
    let h = Harness::start(
        &pki,
        vec![starttls_server("s", json!({"cert": "loopback"}))],
    );
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", SECRET);
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let cert = run.check("starttls", "certificate");
    assert_eq!(cert["status"], "fail", "{cert}");
    let summary = cert["summary"].as_str().unwrap();
    assert!(
        summary.contains("not valid for smtp.test.example") && summary.contains("127.0.0.1"),
        "{summary}"
    );
    assert_eq!(run.status("starttls", "auth"), "skip");
    assert!(h.commands("s").iter().all(|c| c["verb"] != "AUTH"));
}

#[test]
fn user_name_with_a_line_break_is_refused_and_never_sent() {
    let pki = Pki::new();
    let h = Harness::start(&pki, vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let user = format!("{USER}\r\nMAIL FROM:<evil@attacker.example>\x1b[2J");
    let env = [
        ("MAILBOOK_STARTTLS_USERNAME", user.as_str()),
        ("MAILBOOK_STARTTLS_PASSWORD", SECRET),
    ];
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &env,
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let input = run.check("starttls", "input");
    assert_eq!(input["status"], "fail", "{input}");
    assert!(
        input["summary"]
            .as_str()
            .unwrap()
            .contains("contains control characters"),
        "{input}"
    );
    assert_eq!(run.status("starttls", "auth"), "skip");
    assert!(
        h.commands("s")
            .iter()
            .all(|c| c["verb"] != "AUTH" && c["verb"] != "MAIL")
    );
    // Nothing from the user name reaches the terminal raw.
    for (what, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(
            !text.contains('\r') && !text.contains('\x1b'),
            "control character in {what}: {text:?}"
        );
    }
}

#[test]
fn recipe_text_cannot_end_the_test_mail_early() {
    // A recipe name carrying CR/LF and a lone dot: the SMTP smuggling shape.
    let project = project_copy();
    let recipe = std::fs::read_to_string(project.path().join("recipes/starttls.yaml"))
        .unwrap()
        .replace(
            "name: Test STARTTLS Mail",
            "name: \"Test\\r.\\rMAIL FROM:<evil@attacker.example>\\n.\\nX\"",
        );
    std::fs::write(project.path().join("recipes/starttls.yaml"), recipe).unwrap();
    let pki = Pki::new();
    let h = Harness::start(&pki, vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", SECRET);
    let run = verify_in(
        project.path(),
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    if run.code == 2 {
        // The recipe checks refused the name before anything was sent: also safe.
        assert!(h.commands("s").is_empty());
        return;
    }
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let messages = h.messages("s");
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0]["bare_cr_or_lf"], false, "{messages:?}");
    let mails: Vec<Value> = h
        .commands("s")
        .into_iter()
        .filter(|c| c["verb"] == "MAIL")
        .collect();
    assert_eq!(mails.len(), 1, "one MAIL FROM only: {mails:?}");
    assert!(!run.stdout.contains('\r'), "{:?}", run.stdout);
}

/// Fake: implicit TLS server that answers AUTH with a malformed line quoting the command,
/// long enough that the quote is cut in the middle of the credentials.
fn fake_echo_auth(pki: &Pki) -> u16 {
    fake_tls(pki, |line| {
        if line.to_uppercase().starts_with("AUTH") {
            Some(format!(
                "?? {} unrecognised: {}\r\n",
                "-".repeat(61),
                line.trim_end()
            ))
        } else {
            None
        }
    })
}

#[test]
fn fake_garbage_echo_of_auth_never_shows_the_encoded_secret() {
    use base64::Engine;
    let pki = Pki::new();
    let port = fake_echo_auth(&pki);
    let run = verify_implicit_fake(&pki, port);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let auth = run.check("implicit", "auth");
    assert_eq!(auth["status"], "fail", "{auth}");
    assert!(
        auth["summary"]
            .as_str()
            .unwrap()
            .contains("unrecognised: AUTH PLAIN ***"),
        "{auth}"
    );
    let blob = base64::engine::general_purpose::STANDARD.encode(format!("\0{USER}\0{SECRET}"));
    let windows: Vec<&str> = (0..blob.len() - 12).map(|i| &blob[i..i + 12]).collect();
    for (what, text) in [
        ("stdout", &run.stdout),
        ("stderr", &run.stderr),
        ("report", &run.report_text),
        ("junit", &run.junit),
    ] {
        for w in &windows {
            assert!(
                !text.contains(w),
                "part of the AUTH PLAIN blob in {what}: {w}"
            );
        }
    }
}

/// A copy of the verify fixture project, to change.
fn project_copy() -> tempfile::TempDir {
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

#[test]
fn a_project_with_recipe_errors_is_not_verified() {
    let project = project_copy();
    let path = project.path().join("recipes/starttls.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("reviewed: 2026-11-26", "reviewed: 2999-01-01"),
    )
    .unwrap();
    let h_pki = Pki::new();
    let h = Harness::start(&h_pki, vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.implicit.test.example", 465, h.port("s"));
    // Even a recipe without errors is not run while another has them.
    let run = verify_in(project.path(), &["implicit", "--connect-to", &c], &[], None);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("the review date 2999-01-01 is in the future"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("recipes/starttls.yaml:7:11"),
        "file:line:col: {}",
        run.stderr
    );
    assert!(run.stderr.contains("not run, the project has errors"));
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.report_text.is_empty(), "no report is written");
    assert!(h.commands("s").is_empty(), "nothing was contacted");

    // A file that does not parse: the loader's diagnostics, also exit 2.
    std::fs::write(&path, "id: [unclosed\n").unwrap();
    let run = verify_in(project.path(), &["implicit"], &[], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("recipes/starttls.yaml:"),
        "{}",
        run.stderr
    );
}

#[test]
fn recipe_warnings_are_shown_but_do_not_stop_the_run() {
    let project = project_copy();
    let path = project.path().join("recipes/starttls.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("reviewed: 2026-11-26", "reviewed: 2019-01-01"),
    )
    .unwrap();
    let pki = Pki::new();
    let h = Harness::start(&pki, vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let run = verify_in(
        project.path(),
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &[],
        None,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("warning") && run.stderr.contains("last reviewed on 2019-01-01"),
        "{}",
        run.stderr
    );
    assert_eq!(run.status("starttls", "ehlo"), "pass");
}

#[test]
fn unknown_provider_exits_2_with_a_suggestion() {
    let run = verify(&["starttsl"], &[], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("no recipe `starttsl` (did you mean `starttls`?)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("known recipes: "), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("expiredskip, implicit, oauth, plaintext, starttls"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    // Nothing close: no suggestion, but the list.
    let run = verify(&["zzzz"], &[], None);
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
}

/// Run `verify` under a pseudo-terminal (util-linux `script`), returning what it drew.
fn on_terminal(args: &[&str], extra_env: &[(&str, &str)]) -> String {
    let bin = assert_cmd::cargo::cargo_bin("mailbook");
    let mut line = format!("{} --root {FIXTURE} verify", bin.display());
    for a in args {
        line.push(' ');
        line.push_str(a);
    }
    let mut cmd = std::process::Command::new("script");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-qec", &line, "/dev/null"])
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let out = cmd
        .output()
        .expect("`script` (util-linux/bsdutils) runs the command on a terminal");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn live_progress_only_on_a_terminal() {
    let pki = Pki::new();
    // Each reply takes 300 ms, so the line is drawn while EHLO is under way (indicatif
    // draws at most 20 times a second; a phase of a millisecond may never show).
    let h = Harness::start(&pki, vec![starttls_server("s", json!({"delay_ms": 300}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let ca = pki.ca();
    let args = ["starttls", "--connect-to", &c, "--cacert", &ca];
    let drawn = on_terminal(&args, &[]);
    // The provider's line moves through the phases and ends with its verdict.
    assert!(
        drawn.contains("smtp.test.example:587 ehlo… (certificate pass)"),
        "{drawn:?}"
    );
    assert!(drawn.contains("starttls   pass: "), "{drawn:?}");
    assert!(
        drawn.contains("\x1b[1A") || drawn.contains("\x1b[2K"),
        "{drawn:?}"
    );
    // The table follows on a line of its own.
    assert!(drawn.contains("\nPROVIDER"), "{drawn:?}");

    for env in [("NO_COLOR", "1"), ("TERM", "dumb")] {
        let drawn = on_terminal(&args, &[env]);
        assert!(drawn.contains("PROVIDER"), "{drawn:?}");
        assert!(!drawn.contains("ehlo…"), "{env:?}: {drawn:?}");
        assert!(!drawn.contains("\x1b["), "{env:?}: {drawn:?}");
    }
    // Not a terminal (every other test): stderr stays empty.
    let run = verify(&args, &[], None);
    assert_eq!(run.stderr, "", "{}", run.stderr);
}

/// The report behind a run, with what changes from run to run fixed, rendered as text.
fn normalised_text(run: &Run) -> String {
    use mailbook::report::Report;
    use mailbook::verify::output::{Style, text};
    let mut report: Report = serde_json::from_str(&run.report_text).unwrap();
    // The run printed exactly what the report holds.
    assert_eq!(text(&report, Style::plain()), run.stdout);
    let t: jiff::Timestamp = "2026-11-26T12:00:00Z".parse().unwrap();
    report.started_at = t;
    report.finished_at = t;
    for p in &mut report.providers {
        for s in &mut p.servers {
            for c in &mut s.checks {
                c.duration_ms = 0;
            }
        }
    }
    text(&report, Style::plain())
}

fn snapshot_filters() -> Vec<(&'static str, &'static str)> {
    vec![
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[port]"),
        (r"\(\d+ days\)", "([n] days)"),
        (r"TLSv1\.[23] TLS[0-9A-Z_]+", "[tls version] [cipher]"),
        (r"TLSv1\.[23]", "[tls version]"),
    ]
}

#[test]
fn text_output_of_a_passing_run() {
    let pki = Pki::new();
    let h = Harness::start(&pki, vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", SECRET);
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    insta::with_settings!({filters => snapshot_filters()}, {
        insta::assert_snapshot!("text-pass", normalised_text(&run));
    });
}

#[test]
fn text_output_and_junit_of_an_auth_failure() {
    let pki = Pki::new();
    let h = Harness::start(
        &pki,
        vec![json!({"name": "s", "mode": "starttls", "users": {USER: "the-right-one"}})],
    );
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", SECRET);
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    insta::with_settings!({filters => snapshot_filters()}, {
        insta::assert_snapshot!("text-auth-failure", normalised_text(&run));
    });

    // The JUnit file is well-formed XML (parsed by Python's xml.etree) and its failure
    // carries the message and the troubleshooting entry's cause, fix and link.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("junit.xml");
    std::fs::write(&file, &run.junit).unwrap();
    let parsed = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import json, sys, xml.etree.ElementTree as ET\n\
             root = ET.parse(sys.argv[1]).getroot()\n\
             cases = root.findall('./testsuite/testcase')\n\
             out = {'root': root.tag, 'tests': root.get('tests'), 'failures': root.get('failures'),\n\
                    'cases': [c.get('classname') + '/' + c.get('name') for c in cases],\n\
                    'failed': [{'name': c.get('name'), 'message': f.get('message'), 'type': f.get('type'),\n\
                                'text': f.text} for c in cases for f in c.findall('failure')],\n\
                    'skipped': [c.get('name') for c in cases if c.find('skipped') is not None]}\n\
             print(json.dumps(out))",
        )
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        parsed.status.success(),
        "JUnit XML does not parse: {}\n{}",
        String::from_utf8_lossy(&parsed.stderr),
        run.junit
    );
    let j: Value = serde_json::from_slice(&parsed.stdout).unwrap();
    assert_eq!(j["root"], "testsuites");
    assert_eq!(j["tests"], "8");
    assert_eq!(j["failures"], "1");
    assert_eq!(j["cases"][0], "starttls.smtp.test.example:587/dns");
    assert_eq!(j["skipped"], json!(["send"]));
    let failed = j["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{j}");
    let f = &failed[0];
    assert_eq!(f["name"], "auth");
    assert_eq!(f["type"], "auth");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .starts_with("AUTH PLAIN as shop@test.example refused: 535 5.7.8"),
        "{f}"
    );
    let body = f["text"].as_str().unwrap();
    for part in [
        "server replied: 535 5.7.8",
        "troubleshooting: bad-credentials",
        "cause: The account password was used",
        "fix: Create a new app password",
        "see: https://help.test.example/mail/starttls/#bad-credentials",
    ] {
        assert!(body.contains(part), "{part} missing in {body}");
    }
}

#[test]
fn password_with_the_newline_of_a_yaml_block_is_caught_before_login() {
    use std::os::unix::fs::PermissionsExt;
    let pki = Pki::new();
    let h = Harness::start(&pki, vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("credentials.yaml");
    // `|` keeps the final newline: the value is SECRET + "\n", which no panel accepts.
    std::fs::write(
        &file,
        format!("starttls:\n  username: {USER}\n  password: |\n    {SECRET}\n"),
    )
    .unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let f = file.display().to_string();
    let run = verify(
        &[
            "starttls",
            "--connect-to",
            &c,
            "--cacert",
            &pki.ca(),
            "--credentials",
            &f,
        ],
        &[],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let input = run.check("starttls", "input");
    assert_eq!(input["status"], "fail", "{input}");
    assert!(
        input["summary"]
            .as_str()
            .unwrap()
            .contains("the password contains control characters"),
        "{input}"
    );
    assert!(
        input["fix"].as_str().unwrap().contains("`|` block"),
        "{input}"
    );
    assert_eq!(run.status("starttls", "auth"), "skip");
    assert!(h.commands("s").iter().all(|c| c["verb"] != "AUTH"));
}

#[test]
fn a_provider_named_twice_is_verified_once() {
    let run = verify(
        &[
            "plaintext",
            "plaintext",
            "--connect-to",
            "::127.0.0.1:1",
            "--timeout",
            "2",
        ],
        &[],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.report["providers"].as_array().unwrap().len(), 1);
    assert_eq!(run.status("plaintext", "tcp"), "fail");
}

#[test]
fn the_report_of_a_real_run_becomes_badges_on_the_built_site() {
    // verify against real servers writes --report; build --verification shows it: a pass as
    // "verified on DATE", a failure as "failing since DATE: phase, code" linking its fix.
    let pki = Pki::new();
    let h = Harness::start(
        &pki,
        vec![
            json!({"name": "i", "mode": "tls", "users": {USER: SECRET}}),
            json!({"name": "s", "mode": "starttls", "users": {USER: "the-right-one"}}),
        ],
    );
    let project = project_copy();
    // An expired skip is a recipe error; this test is about the other recipes.
    std::fs::remove_file(project.path().join("recipes/expiredskip.yaml")).unwrap();
    let report = project.path().join("report.json");
    let ci = connect("smtp.implicit.test.example", 465, h.port("i"));
    let cs = connect("smtp.test.example", 587, h.port("s"));
    let mut env = creds("IMPLICIT", SECRET);
    env.extend(creds("STARTTLS", SECRET));
    let run = verify_in(
        project.path(),
        &[
            "implicit",
            "starttls",
            "--connect-to",
            &ci,
            "--connect-to",
            &cs,
            "--cacert",
            &pki.ca(),
        ],
        &refs(&env),
        Some(&report),
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.status("implicit", "send"), "pass", "{}", run.stdout);
    assert_eq!(run.status("starttls", "auth"), "fail", "{}", run.stdout);
    let link = run.check("starttls", "auth")["link"]
        .as_str()
        .unwrap()
        .to_string();

    let out = Command::cargo_bin("mailbook")
        .unwrap()
        .arg("--root")
        .arg(project.path())
        .args(["build", "--verification"])
        .arg(&report)
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = project.path().join("site");
    let read = |rel: &str| std::fs::read_to_string(site.join(rel)).unwrap();
    // The dates are those of the run (UTC), whatever day the test runs on.
    let day = |field: &Value| field.as_str().unwrap()[..10].to_string();
    assert_eq!(run.report["providers"][0]["id"], "implicit");
    let verified = format!(
        "verified on {}",
        day(&run.report["providers"][0]["last_passed"])
    );
    let failing = format!(
        "failing since {}: auth, 535 5.7.8",
        day(&run.report["providers"][1]["failing_since"])
    );
    assert_eq!(run.report["providers"][1]["id"], "starttls");
    let index = read("index.html");
    assert!(index.contains(&verified), "{verified} not on the index");
    assert!(index.contains(&failing), "{failing} not on the index");
    let implicit = read("implicit/index.html");
    assert!(implicit.contains(&verified), "{verified} not on implicit");
    assert!(!implicit.contains("failing since"));
    let starttls = read("starttls/index.html");
    assert!(starttls.contains(&failing), "{failing} not on starttls");
    assert!(!starttls.contains("verified on"));
    assert!(starttls.contains(r##"<a href="#bad-credentials">What this failure means</a>"##));
    // The link verify printed names this page and an id on it.
    assert_eq!(
        link,
        "https://help.test.example/mail/starttls/#bad-credentials"
    );
    assert!(starttls.contains(r#" id="bad-credentials""#));
    // Pages that were not verified carry no badge.
    assert!(!read("oauth/index.html").contains("verified on"));
    for page in ["index.html", "implicit/index.html", "starttls/index.html"] {
        assert!(!read(page).contains(SECRET), "secret on {page}");
    }
}

/// The repository's own `recipes/gmail.yaml` against servers that advertise exactly the AUTH
/// mechanisms smtp.gmail.com advertises after TLS (`LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN
/// OAUTHBEARER XOAUTH`, in aiosmtpd's own sorted order): no AUTH drift on either documented
/// server, and verify logs in with a mechanism it can exercise and sends the test mail.
#[test]
fn the_gmail_recipe_matches_gmails_real_auth_list_without_drift() {
    let pki = Pki::new();
    // aiosmtpd offers LOGIN and PLAIN itself; the other four are advertised and refuse.
    let gmail = json!({"refuse": ["XOAUTH2", "PLAIN-CLIENTTOKEN", "OAUTHBEARER", "XOAUTH"]});
    let mut implicit = gmail.clone();
    implicit["name"] = json!("g465");
    implicit["mode"] = json!("tls");
    implicit["users"] = json!({USER: SECRET});
    let h = Harness::start(&pki, vec![starttls_server("g587", gmail), implicit]);
    let c587 = connect("smtp.gmail.com", 587, h.port("g587"));
    let c465 = connect("smtp.gmail.com", 465, h.port("g465"));
    let env = creds("GMAIL", SECRET);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args = [
        "gmail",
        "--connect-to",
        &c587,
        "--connect-to",
        &c465,
        "--cacert",
        &pki.ca(),
    ];
    let run = verify_in(root, &args, &refs(&env), None);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let servers = run.report["providers"][0]["servers"].as_array().unwrap();
    assert_eq!(servers.len(), 2, "{}", run.report_text);
    for server in servers {
        let ehlo = server["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["phase"] == "ehlo")
            .unwrap();
        assert_eq!(ehlo["status"], "pass", "{ehlo}");
        let summary = ehlo["summary"].as_str().unwrap();
        assert!(!summary.contains("drift"), "{summary}");
        for mechanism in ["PLAIN-CLIENTTOKEN", "OAUTHBEARER", "XOAUTH2", "XOAUTH "] {
            assert!(
                summary.contains(mechanism),
                "{mechanism} missing: {summary}"
            );
        }
    }
    // LOGIN comes first in the recipe, as Gmail advertises it; the refusing mechanisms are
    // never tried.
    for name in ["g587", "g465"] {
        let auth: Vec<Value> = h
            .commands(name)
            .into_iter()
            .filter(|c| c["verb"] == "AUTH")
            .collect();
        assert_eq!(auth.len(), 1, "{name}: {auth:?}");
        assert_eq!(auth[0]["arg"], "LOGIN");
        assert_eq!(h.messages(name).len(), 1, "{name}");
    }
}

/// A value that breaks a panel rule nobody confirmed (the repository's `mailbook.yaml` marks
/// every rule unconfirmed) is a warning: verify still logs in and sends.
#[test]
fn an_unconfirmed_panel_rule_is_a_warning_not_a_failure() {
    let pki = Pki::new();
    let bad = "9Zebra-Secret-Kx7q-Zebra"; // begins with a digit: breaks password-letters
    let gmail = json!({"users": {USER: bad}});
    let h = Harness::start(&pki, vec![starttls_server("g587", gmail)]);
    let c587 = connect("smtp.gmail.com", 587, h.port("g587"));
    let env = creds("GMAIL", bad);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args = [
        "gmail",
        "--connect-to",
        &c587,
        "--connect-to",
        // Port 465 goes nowhere: only the first server matters here.
        "smtp.gmail.com:465:127.0.0.1:9",
        "--cacert",
        &pki.ca(),
        "--timeout",
        "5",
    ];
    let run = verify_in(root, &args, &refs(&env), None);
    let server = &run.report["providers"][0]["servers"][0];
    let input = server["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["phase"] == "input")
        .unwrap()
        .clone();
    assert_eq!(input["status"], "warn", "{input}");
    let summary = input["summary"].as_str().unwrap();
    assert!(
        summary.contains("password-letters") && summary.contains("reported, not confirmed"),
        "{summary}"
    );
    assert!(!summary.contains(bad) && !run.report_text.contains("9Zebra"));
    assert_eq!(h.messages("g587").len(), 1, "login and send still ran");
}
