//! Save-to-reload latency of `mailbook serve` with many recipes present.
//!
//! `cargo bench --bench serve` generates 1,000 recipes (copies of `recipes/gmail.yaml` under
//! other ids and domains), starts the real binary on a free loopback port, listens on the
//! reload channel like a browser tab, then saves one recipe again and again and prints the
//! time from each save to its reload signal, next to the build time the server reports, so
//! the watcher/debounce overhead can be read off. Target: under 300 ms on a 2-core machine.
//!
//! Without `--bench` (as `cargo test --all-targets` runs it) it does a small smoke run only.
//! Figures are printed, never asserted. Knobs: `MAILBOOK_BENCH_RECIPES`, `MAILBOOK_BENCH_SAVES`.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(120);

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let recipes = knob("MAILBOOK_BENCH_RECIPES", if full { 1000 } else { 20 });
    let saves = knob("MAILBOOK_BENCH_SAVES", if full { 30 } else { 3 });

    let project = tempfile::tempdir().expect("temporary folder");
    let started = Instant::now();
    generate(project.path(), recipes);
    eprintln!(
        "bench: generated {recipes} recipes in {} ms",
        started.elapsed().as_millis()
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_mailbook"))
        .args(["serve", "--port", "0", "--root"])
        .arg(project.path())
        // Where the server puts its builds by default is part of what is measured.
        .env_remove("TMPDIR")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mailbook serve");
    let builds = build_times(child.stderr.take().expect("stderr"));
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut url = String::new();
    stdout.read_line(&mut url).expect("URL on stdout");
    let url = url.trim();
    if url.is_empty() {
        let _ = child.kill();
        panic!("mailbook serve did not start (no URL on stdout)");
    }
    let addr: SocketAddr = url["http://".len()..url.len() - 1].parse().expect("URL");
    let first_build = builds.recv_timeout(LIMIT).expect("first build");
    let events = reload_events(addr);
    events.recv_timeout(LIMIT).expect("hello event");

    let target = project
        .path()
        .join(format!("recipes/{}.yaml", id(recipes / 2)));
    let original = std::fs::read_to_string(&target).expect("recipe");
    let mut latencies = Vec::new();
    let mut build_ms = Vec::new();
    for save in 0..saves {
        let text = original.replacen("summary: ", &format!("summary: Edit {save}. "), 1);
        let saved_at = Instant::now();
        std::fs::write(&target, text).expect("save recipe");
        events.recv_timeout(LIMIT).expect("reload event");
        latencies.push(saved_at.elapsed().as_secs_f64() * 1000.0);
        build_ms.push(builds.recv_timeout(LIMIT).expect("build log line"));
    }
    let _ = Command::new("sh")
        .args(["-c", &format!("kill -INT {}", child.id())])
        .status();
    let _ = child.wait();

    let overhead: Vec<f64> = latencies
        .iter()
        .zip(&build_ms)
        .map(|(total, build)| total - build)
        .collect();
    println!(
        "serve: {recipes} recipes, {saves} saves of one recipe; first build {first_build:.0} ms"
    );
    println!("  save -> reload signal   {}", summary(&latencies));
    println!("  of which build          {}", summary(&build_ms));
    println!("  watcher+debounce+signal {}", summary(&overhead));
    let median = percentile(&latencies, 0.5);
    println!(
        "  target: median under 300 ms -> {}",
        if median < 300.0 { "met" } else { "NOT met" }
    );
}

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn id(n: usize) -> String {
    format!("p{n:04}")
}

/// `mailbook.yaml` and `count` recipes derived from `recipes/gmail.yaml` (distinct ids,
/// names, aliases and domains so cross-recipe uniqueness rules hold).
fn generate(dir: &Path, count: usize) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(dir.join("recipes")).unwrap();
    std::fs::copy(manifest.join("mailbook.yaml"), dir.join("mailbook.yaml")).unwrap();
    let gmail = std::fs::read_to_string(manifest.join("recipes/gmail.yaml")).unwrap();
    for n in 0..count {
        let id = id(n);
        let text = gmail
            .replace("Google Mail", &format!("Provider Mail {n}"))
            .replace("googlemail", &format!("{id}mail"))
            .replace("name: Gmail", &format!("name: Provider {n}"))
            .replace("gmail", &id);
        std::fs::write(dir.join(format!("recipes/{id}.yaml")), text).unwrap();
    }
}

/// Build durations (ms) from the server's `built … in N ms` / `build failed in N ms` lines.
fn build_times(stderr: std::process::ChildStderr) -> Receiver<f64> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("build failed") || line.contains(" into ") {
                eprintln!("bench: {line}");
            }
            let ms = line
                .split_once(" in ")
                .and_then(|(_, rest)| rest.split_once(" ms"))
                .and_then(|(n, _)| n.parse::<f64>().ok());
            if let (true, Some(ms)) = (line.starts_with("mailbook: buil"), ms) {
                let _ = tx.send(ms);
            } else if !line.starts_with("mailbook:") {
                eprintln!("bench: {line}");
            }
        }
    });
    rx
}

/// One receive per event (`hello`, then each `reload`) on the reload channel.
fn reload_events(addr: SocketAddr) -> Receiver<String> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET /__mailbook/events HTTP/1.0\r\nHost: {addr}\r\n\r\n"
    )
    .expect("request");
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(name) = line.strip_prefix("event:")
                && tx.send(name.trim().to_string()).is_err()
            {
                return;
            }
        }
    });
    rx
}

fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let index = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[index]
}

fn summary(values: &[f64]) -> String {
    format!(
        "min {:6.1} ms  median {:6.1} ms  p90 {:6.1} ms  max {:6.1} ms",
        percentile(values, 0.0),
        percentile(values, 0.5),
        percentile(values, 0.9),
        percentile(values, 1.0)
    )
}
