//! The real-browser test: build a site, serve it from 127.0.0.1, and drive Debian's chromium
//! through `tests/browser/site-test.mjs` (search, error lookup, copy button, keyboard, phone
//! width, axe-core, no console errors, no request outside 127.0.0.1), and the golden
//! troubleshooting table through the error lookup of the repository's own site, with the
//! merchant's journeys there (wrapped error messages, the errors page without JavaScript,
//! searching for settings).
//!
//! `scripts/setup` installs chromium and the npm packages. The tests skip, loudly, only when
//! chromium is genuinely absent; missing npm packages are a failure.

use super::support::web::serve;
use super::support::{Cmd, Project, repo};
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<String> {
    if let Ok(path) = std::env::var("CHROMIUM") {
        return Some(path);
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .map(str::to_string)
}

/// Chromium and the browser-test folder; `None` (after a loud message) only when chromium is
/// absent on a developer's machine. In CI (`CI` set, as `.ci/run` runs) a missing chromium is
/// a failure: `scripts/setup` installs it, so a skip there would hide a broken set-up.
fn browser_setup() -> Option<(String, PathBuf)> {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed but CI is set: scripts/setup must install it"
        );
        eprintln!(
            "\n\n**** SKIPPED browser test: chromium is not installed (run scripts/setup) ****\n\n"
        );
        return None;
    };
    let browser_dir = repo().join("tests/browser");
    assert!(
        browser_dir.join("node_modules/playwright-core").is_dir()
            && browser_dir.join("node_modules/axe-core").is_dir(),
        "tests/browser/node_modules is missing: run scripts/setup"
    );
    Some((chromium, browser_dir))
}

fn run_script(chromium: &str, browser_dir: &Path, base: &str, extra: &[&str]) {
    let run = Command::new("node")
        .arg(browser_dir.join("site-test.mjs"))
        .arg(base)
        .args(extra)
        .env("CHROMIUM", chromium)
        .output()
        .expect("node runs");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    eprintln!("{log}");
    assert!(run.status.success(), "browser test failed:\n{log}");
    assert!(log.contains("browser test passed"), "{log}");
}

#[test]
fn merchant_journeys_in_a_real_browser() {
    let Some((chromium, browser_dir)) = browser_setup() else {
        return;
    };
    let project = Project::fixture("basic");
    let site = project.root().join("site");
    // Bind first so the base URL (canonical links, sitemap) names the real port.
    let port = serve(site.clone());
    let base = format!("http://127.0.0.1:{port}/");
    // With a report carrying 90 days of history: the strip, the transcript and the ticket
    // replies' stamp are on the pages the journeys and axe-core go through.
    let report = repo().join("tests/fixtures/evidence/report.json");
    let report = report.to_str().unwrap();
    project
        .build(&["--base-url", &base, "--verification", report])
        .success();
    run_script(&chromium, &browser_dir, &base, &[]);
}

#[test]
fn the_repository_recipes_pass_axe_and_the_golden_table_in_a_real_browser() {
    let Some((chromium, browser_dir)) = browser_setup() else {
        return;
    };
    let out_dir = tempfile::tempdir().unwrap();
    let site = out_dir.path().join("site");
    let port = serve(site.clone());
    let base = format!("http://127.0.0.1:{port}/");
    Cmd::at(repo())
        .args(["build", "--base-url", &base, "--out"])
        .arg(&site)
        .run()
        .success();
    let golden = repo().join("tests/fixtures/troubleshooting-golden.json");
    let golden = golden.to_str().unwrap();
    run_script(
        &chromium,
        &browser_dir,
        &base,
        &[
            "--axe-only",
            "--golden",
            golden,
            "--journeys",
            "--lang",
            "ru",
        ],
    );
}
