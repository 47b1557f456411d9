//! The network `verify` runs on, for real on loopback: a project with one two-port provider
//! (`net`: 587 STARTTLS and 465 implicit TLS on one host, with a "mode mismatch" and a
//! "server not found" entry as the real recipes have), dnsmasq answering for it, a resolver
//! that never answers, and a listener whose backlog is full (a connection to it times out,
//! as through a firewall dropping the port).

use super::verify::{Run, verify_in};
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, UdpSocket};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The `net` recipe with `host` as its servers' host.
pub fn recipe(host: &str) -> String {
    format!(
        r#"# Test provider: one host, two ports.
id: net
name: Test Network Mail
domains: [net.test]
status: ok
summary: Two ports of one provider, for the network tests.
reviewed: 2026-11-26
sources:
  - url: https://help.net.test/source
    title: Test source
requires: {{}}
steps:
  - id: sign-in
    title: Sign in
    body: Sign in.
smtp:
  - host: {host}
    port: 587
    security: starttls
    auth: [plain, login]
    username: "{{email}}"
    password: account_password
    preferred: true
  - host: {host}
    port: 465
    security: tls
    auth: [plain, login]
    username: "{{email}}"
    password: account_password
troubleshooting:
  - id: tls-mode-mismatch
    match: {{ phase: tls }}
    symptom: The connection closes right after the panel connects.
    cause: |
      Port and encryption mode don't match: port `465` needs *SSL* from the first byte, port
      `587` needs **TLS** (STARTTLS).
    fix: Use the port and mode pairs from the [settings](#settings).
  - id: server-not-found
    match: {{ phase: dns }}
    symptom: The panel cannot find the SMTP server.
    cause: The server name is mistyped.
    fix: Copy the host from the [settings](#settings) instead of typing it.
"#
    )
}

/// A copy of the verify fixture project with the `net` recipe for `host`.
pub fn project(host: &str) -> tempfile::TempDir {
    let dir = super::verify::project_copy();
    std::fs::write(dir.path().join("recipes/net.yaml"), recipe(host)).unwrap();
    dir
}

/// `verify net` in a project whose servers are on `host`.
pub fn verify_net(host: &str, args: &[&str]) -> Run {
    let dir = project(host);
    let mut all = vec!["net"];
    all.extend_from_slice(args);
    verify_in(dir.path(), &all, &[], None)
}

/// The checks of server `port` of `net`.
pub fn server(run: &Run, port: u16) -> serde_json::Value {
    run.report["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "net")
        .unwrap_or_else(|| panic!("no net in {}", run.report_text))["servers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["port"] == port)
        .unwrap()
        .clone()
}

/// Check `phase` of server `port` of `net`.
pub fn check(run: &Run, port: u16, phase: &str) -> serde_json::Value {
    server(run, port)["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["phase"] == phase)
        .unwrap_or_else(|| panic!("no {phase} in {}", run.report_text))
        .clone()
}

/// A loopback UDP port that takes questions and never answers (a dead resolver); the
/// socket lives as long as the value.
pub struct Silent {
    _udp: UdpSocket,
    pub port: u16,
}

impl Silent {
    pub fn new() -> Silent {
        let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
        let port = udp.local_addr().unwrap().port();
        Silent { _udp: udp, port }
    }
}

/// A loopback port nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// A listener whose accept queue is full (tests/harness/full_backlog.py): the kernel drops
/// further connection requests, so connecting times out, as through a firewall.
pub struct FullBacklog {
    child: Child,
    pub port: u16,
}

impl FullBacklog {
    pub fn start() -> FullBacklog {
        let mut child = Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/full_backlog.py"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 is needed");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let port: u16 = lines.next().unwrap().unwrap().trim().parse().unwrap();
        assert_eq!(lines.next().unwrap().unwrap(), "READY");
        FullBacklog { child, port }
    }
}

impl Drop for FullBacklog {
    fn drop(&mut self) {
        super::process::stop_harness(&mut self.child);
    }
}

/// Troubleshooting text in the terminal is plain: no Markdown link, emphasis or code marks.
pub fn assert_plain(stdout: &str) {
    for mark in ["](", "*", "`"] {
        assert!(!stdout.contains(mark), "`{mark}` in:\n{stdout}");
    }
}
