//! Bench (not a test): `cargo bench --bench verify`.
//!
//! Starts 20 real SMTP servers (aiosmtpd via tests/harness/smtp_servers.py, STARTTLS with a
//! throwaway CA) that each wait 200 ms before every reply, writes a project with one recipe
//! per server, runs `mailbook verify` (login and test mail included) with several `--jobs`
//! values and prints the wall time against the sum of the per-provider times.

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const SERVERS: usize = 20;
const DELAY_MS: u64 = 200;

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
    let leaf = CertificateParams::new(hosts.clone())
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

    // The servers.
    let out = root.join("out");
    std::fs::create_dir(&out).unwrap();
    let servers: Vec<Value> = (0..SERVERS)
        .map(|i| {
            json!({"name": format!("p{i:02}"), "mode": "starttls",
                   "cert": root.join("leaf.pem"), "key": root.join("leaf.key"),
                   "users": {format!("shop@p{i:02}.bench.example"): "Benchpassword"},
                   "delay_ms": DELAY_MS})
        })
        .collect();
    let config = root.join("servers.json");
    std::fs::write(
        &config,
        json!({"out_dir": out, "servers": servers}).to_string(),
    )
    .unwrap();
    let mut harness = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/smtp_servers.py"))
        .arg(&config)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 with aiosmtpd (scripts/setup)");
    let mut connect_to = Vec::new();
    for line in BufReader::new(harness.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if line == "READY" {
            break;
        }
        let v: Value = serde_json::from_str(&line).unwrap();
        let i: usize = v["name"].as_str().unwrap()[1..].parse().unwrap();
        connect_to.push(format!("{}:587:127.0.0.1:{}", hosts[i], v["port"]));
    }

    println!(
        "{SERVERS} providers, STARTTLS + AUTH + test mail, {DELAY_MS} ms before every server reply"
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
        let sum: f64 = per_provider.iter().sum();
        let slowest = per_provider.iter().cloned().fold(0.0, f64::max);
        println!(
            "--jobs {jobs:>2}: wall {wall:6.2} s | sum of per-provider times {sum:6.2} s | slowest provider {slowest:5.2} s | speed-up {:4.1}x | {passed}/{SERVERS} passed",
            sum / wall
        );
    }
    drop(harness.stdin.take());
    let _ = harness.wait();
}
