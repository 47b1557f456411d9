//! The real-browser test: build a site, serve it from 127.0.0.1, and drive Debian's chromium
//! through `tests/browser/site-test.mjs` (search, error lookup, copy button, keyboard, phone
//! width, axe-core, no console errors, no request outside 127.0.0.1).
//!
//! `scripts/setup` installs chromium and the npm packages. The tests skip, loudly, only when
//! chromium is genuinely absent; missing npm packages are a failure.

mod common;

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
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
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
    let project = common::Project::fixture("basic");
    let site = project.root().join("site");
    // Bind first so the base URL (canonical links, sitemap) names the real port.
    let port = common::serve(site.clone());
    let base = format!("http://127.0.0.1:{port}/");
    let out = project.build(&["--base-url", &base]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    run_script(&chromium, &browser_dir, &base, &[]);
}

#[test]
fn the_repository_recipes_pass_axe_in_a_real_browser() {
    let Some((chromium, browser_dir)) = browser_setup() else {
        return;
    };
    let out_dir = tempfile::tempdir().unwrap();
    let site = out_dir.path().join("site");
    let port = common::serve(site.clone());
    let base = format!("http://127.0.0.1:{port}/");
    let out = common::mailbook()
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--base-url", &base, "--out"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Replies as merchants paste them (a whole line from the panel's error message).
    let lookups = [
        (
            "550-5.4.5 Daily user sending limit exceeded. For more information on Gmail sending limits go to https://support.google.com/a/answer/166852 - gsmtp",
            "gmail/#daily-limit",
        ),
        (
            "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled",
            "microsoft-365/#smtp-auth-disabled-for-tenant",
        ),
        (
            "535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator.",
            "microsoft-365/#conditional-access",
        ),
        (
            "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy. Contact your administrator.",
            "microsoft-365/#security-defaults",
        ),
    ];
    let mut args = vec!["--axe-only"];
    for (message, href) in &lookups {
        args.extend(["--lookup", message, href]);
    }
    run_script(&chromium, &browser_dir, &base, &args);
}
