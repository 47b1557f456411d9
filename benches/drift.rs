//! Bench (not a test): `cargo bench --bench drift`.
//!
//! 100 recipes, each with one domain and one source page, against loopback servers that wait
//! 200 ms before every answer: a scripted fake DNS server (tests/radar, A/MX/SRV) and the
//! HTTPS harness (tests/harness/https_server.py, throwaway CA). Runs `mailbook drift
//! --no-ehlo` on one recipe (the per-recipe time) and on all 100 with several `--jobs`
//! values, and prints the wall times against 100 × the per-recipe time.

#[path = "../tests/testsuite/support/process.rs"]
mod process;
#[path = "../tests/testsuite/support/radar.rs"]
#[allow(dead_code)]
mod radar;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const RECIPES: usize = 100;
const DELAY_MS: u64 = 200;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        // `cargo test --all-targets` runs bench targets too; the bench is only for `cargo bench`.
        println!("drift bench: run with `cargo bench --bench drift`");
        return;
    }
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/drift/mailbook.yaml"),
        root.join("mailbook.yaml"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("recipes")).unwrap();
    let web = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for i in 0..RECIPES {
        let d = format!("r{i}.test");
        std::fs::write(root.join(format!("recipes/r{i}.yaml")), recipe(i)).unwrap();
        let dir = web.path().join(format!("autoconfig.{d}/mail"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("config-v1.1.xml"), autoconfig(&d)).unwrap();
        std::fs::create_dir_all(web.path().join(format!("help.{d}"))).unwrap();
        std::fs::write(web.path().join(format!("help.{d}/smtp")), "<h1>SMTP</h1>").unwrap();
        for prefix in ["", "autoconfig.", "help."] {
            names.push(format!("{prefix}{d}"));
        }
    }
    let pki = radar::Pki::for_names(names);
    let https = radar::Https::start(&pki, web.path(), DELAY_MS);
    let dns = radar::fake_dns(radar::FakeDns::Slow(DELAY_MS));
    let run = |ids: &[String], jobs: usize| -> Duration {
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_mailbook"))
            .arg("--root")
            .arg(root)
            .arg("drift")
            .args(ids)
            .args(["--no-ehlo", "--jobs", &jobs.to_string(), "--timeout", "10"])
            .args(["--dns-server", &format!("127.0.0.1:{dns}")])
            .args(["--connect-to", &https.connect_to()])
            .args(["--cacert", &pki.path("ca.pem")])
            .output()
            .unwrap();
        let elapsed = started.elapsed();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "drift found drift or failed:\n{err}");
        elapsed
    };
    let one = run(&["r0".to_string()], 1);
    println!("drift bench: {RECIPES} recipes, {DELAY_MS} ms per DNS and HTTPS answer (loopback)");
    println!(
        "  one recipe, --jobs 1:   {:>7.2} s (per-recipe time)",
        one.as_secs_f64()
    );
    let serial = one.as_secs_f64() * RECIPES as f64;
    println!("  {RECIPES} × per-recipe time: {serial:>7.2} s");
    for jobs in [8, 32, 64] {
        let all = run(&[], jobs);
        println!(
            "  all {RECIPES}, --jobs {jobs:<3}     {:>7.2} s ({:.1}× faster than one after another)",
            all.as_secs_f64(),
            serial / all.as_secs_f64()
        );
    }
}

fn recipe(i: usize) -> String {
    format!(
        r#"id: r{i}
name: Recipe {i}
domains: [r{i}.test]
status: ok
summary: A bench recipe.
reviewed: 2026-11-26
sources:
  - url: https://help.r{i}.test/smtp
    title: SMTP
requires: {{}}
steps:
  - id: sign-in
    title: Sign in
    body: Sign in.
smtp:
  - host: smtp.r{i}.test
    port: 587
    security: starttls
    auth: [plain, login]
    username: "{{email}}"
    password: account_password
    preferred: true
"#
    )
}

fn autoconfig(domain: &str) -> String {
    format!(
        "<clientConfig version=\"1.1\"><emailProvider id=\"{domain}\"><domain>{domain}</domain>\
<outgoingServer type=\"smtp\"><hostname>smtp.{domain}</hostname><port>587</port>\
<socketType>STARTTLS</socketType><authentication>password-cleartext</authentication>\
<username>%EMAILADDRESS%</username></outgoingServer></emailProvider></clientConfig>"
    )
}
