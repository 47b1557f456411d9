//! Bench (not a test): `cargo bench --bench verify`.
//!
//! Starts 20 real SMTP servers (aiosmtpd via tests/harness/smtp_servers.py, STARTTLS with a
//! throwaway CA) that each wait 200 ms before every reply and deliver what they accept by LMTP
//! into one real Dovecot mailbox (tests/harness/imap_server.py), reached over IMAPS through a
//! proxy that also waits 200 ms before every reply. Writes a project with one recipe per
//! server, runs `mailbook verify` (login, test mail and its receipt included) with several
//! `--jobs` values and prints the wall time against the sum of the per-provider times, the
//! receipt column (slowest receipt check) and the wall time over the slowest provider (goal
//! at `--jobs 20`: at most 1.3×).

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

const SERVERS: usize = 20;
const DELAY_MS: u64 = 200;
const IMAP_HOST: &str = "imap.bench.example";
const MAILBOX: &str = "inbox@bench.example";

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        // `cargo test --all-targets` runs bench targets too; the bench is only for `cargo bench`.
        println!("verify bench: run with `cargo bench --bench verify`");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();

    // Throwaway CA and one certificate for every documented host.
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(DnType::CommonName, "bench CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    std::fs::write(root.join("ca.pem"), ca_cert.pem()).unwrap();
    let hosts: Vec<String> = (0..SERVERS)
        .map(|i| format!("smtp.p{i:02}.bench.example"))
        .collect();
    let key = KeyPair::generate().unwrap();
    let names: Vec<String> = hosts
        .iter()
        .cloned()
        .chain([IMAP_HOST.to_string()])
        .collect();
    let leaf = CertificateParams::new(names)
        .unwrap()
        .signed_by(&key, &Issuer::from_params(&ca, &ca_key))
        .unwrap();
    std::fs::write(root.join("leaf.pem"), leaf.pem()).unwrap();
    std::fs::write(root.join("leaf.key"), key.serialize_pem()).unwrap();

    // Project: the test fixture's mailbook.yaml and one recipe per server.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/verify");
    std::fs::copy(fixture.join("mailbook.yaml"), root.join("mailbook.yaml")).unwrap();
    std::fs::create_dir(root.join("recipes")).unwrap();
    for (i, host) in hosts.iter().enumerate() {
        let recipe = format!(
            "id: p{i:02}\nname: Bench {i:02}\ndomains: [p{i:02}.bench.example]\nstatus: ok\n\
             summary: Bench provider.\nreviewed: 2026-11-26\nsources:\n  - url: https://bench.example/\n    \
             title: Bench\nrequires: {{}}\nsteps:\n  - id: s\n    title: S\n    body: S.\nsmtp:\n  \
             - host: {host}\n    port: 587\n    security: starttls\n    auth: [plain, login]\n    \
             username: \"{{email}}\"\n    password: account_password\n"
        );
        std::fs::write(root.join(format!("recipes/p{i:02}.yaml")), recipe).unwrap();
    }

    // The mailbox: Dovecot, behind a proxy adding the same latency.
    let imap_dir = root.join("imap");
    std::fs::create_dir(&imap_dir).unwrap();
    let imap_config = root.join("imap.json");
    std::fs::write(
        &imap_config,
        json!({"dir": imap_dir, "cert": root.join("leaf.pem"), "key": root.join("leaf.key"),
               "users": {MAILBOX: "Imappassword"}, "delay_ms": DELAY_MS})
        .to_string(),
    )
    .unwrap();
    let (mut imap, imap_ports) = harness("imap_server.py", &imap_config);
    let lmtp = imap_ports["lmtp"];
    let imaps_slow = imap_ports["imaps_slow"];

    // The servers.
    let out = root.join("out");
    std::fs::create_dir(&out).unwrap();
    let servers: Vec<Value> = (0..SERVERS)
        .map(|i| {
            json!({"name": format!("p{i:02}"), "mode": "starttls",
                   "cert": root.join("leaf.pem"), "key": root.join("leaf.key"),
                   "users": {format!("shop@p{i:02}.bench.example"): "Benchpassword"},
                   "delay_ms": DELAY_MS, "deliver": {"lmtp_port": lmtp}})
        })
        .collect();
    let config = root.join("servers.json");
    std::fs::write(
        &config,
        json!({"out_dir": out, "servers": servers}).to_string(),
    )
    .unwrap();
    let (mut harness, ports) = harness("smtp_servers.py", &config);
    let mut connect_to: Vec<String> = ports
        .iter()
        .map(|(name, port)| {
            let i: usize = name[1..].parse().unwrap();
            format!("{}:587:127.0.0.1:{port}", hosts[i])
        })
        .collect();
    connect_to.push(format!("{IMAP_HOST}:993:127.0.0.1:{imaps_slow}"));

    println!(
        "{SERVERS} providers, STARTTLS + AUTH + test mail + receipt over IMAPS (one Dovecot \
         mailbox), {DELAY_MS} ms before every SMTP and IMAP server reply"
    );
    for jobs in [1, 8, 20] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mailbook"));
        cmd.arg("--root")
            .arg(root)
            .arg("verify")
            .arg("--format")
            .arg("json");
        cmd.arg("--cacert")
            .arg(root.join("ca.pem"))
            .arg("--jobs")
            .arg(jobs.to_string());
        for c in &connect_to {
            cmd.arg("--connect-to").arg(c);
        }
        for i in 0..SERVERS {
            cmd.env(
                format!("MAILBOOK_P{i:02}_USERNAME"),
                format!("shop@p{i:02}.bench.example"),
            );
            cmd.env(format!("MAILBOOK_P{i:02}_PASSWORD"), "Benchpassword");
        }
        cmd.env("MAILBOOK_RECEIPT_HOST", IMAP_HOST)
            .env("MAILBOOK_RECEIPT_USERNAME", MAILBOX)
            .env("MAILBOOK_RECEIPT_PASSWORD", "Imappassword");
        let started = Instant::now();
        let output = cmd.output().unwrap();
        let wall = started.elapsed().as_secs_f64();
        let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
        let per_provider: Vec<f64> = report["providers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p["servers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .flat_map(|s| s["checks"].as_array().unwrap().iter())
                    .map(|c| c["duration_ms"].as_f64().unwrap_or(0.0))
                    .sum::<f64>()
                    / 1000.0
            })
            .collect();
        let passed = report["providers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["outcome"] == "pass")
            .count();
        let receipts: Vec<f64> = report["providers"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["servers"].as_array().unwrap().iter())
            .flat_map(|s| s["checks"].as_array().unwrap().iter())
            .filter(|c| c["phase"] == "receipt" && c["status"] == "pass")
            .map(|c| c["duration_ms"].as_f64().unwrap_or(0.0) / 1000.0)
            .collect();
        let sum: f64 = per_provider.iter().sum();
        let slowest = per_provider.iter().cloned().fold(0.0, f64::max);
        let receipt = receipts.iter().cloned().fold(0.0, f64::max);
        println!(
            "--jobs {jobs:>2}: wall {wall:6.2} s | sum of per-provider times {sum:6.2} s | slowest provider {slowest:5.2} s | receipt (slowest) {receipt:4.2} s, {}/{SERVERS} delivered | wall/slowest {:4.2}x | speed-up {:4.1}x | {passed}/{SERVERS} passed",
            receipts.len(),
            wall / slowest,
            sum / wall
        );
    }
    for child in [&mut harness, &mut imap] {
        drop(child.stdin.take());
        let _ = child.wait();
    }
}

/// Start a harness script from tests/harness with its config; its listeners by name.
fn harness(script: &str, config: &Path) -> (Child, BTreeMap<String, u16>) {
    let mut child = Command::new("python3")
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/harness")
                .join(script),
        )
        .arg(config)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 with aiosmtpd and Dovecot (scripts/setup)");
    let mut ports = BTreeMap::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if line == "READY" {
            break;
        }
        let v: Value = serde_json::from_str(&line).unwrap();
        ports.insert(
            v["name"].as_str().unwrap().to_string(),
            v["port"].as_u64().unwrap() as u16,
        );
    }
    (child, ports)
}
