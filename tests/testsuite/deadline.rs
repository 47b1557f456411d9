//! Announced changes (changelog entries with an `effect`): before, on and after the day, on
//! the provider page, in `providers.json`, in `check` and in `verify` (against aiosmtpd on
//! loopback that offers only XOAUTH2, as the provider will from the day on).

use crate::support::radar;
use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/deadline")
}

fn mailbook(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("mailbook")
        .unwrap()
        .arg("--root")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The provider page and `providers.json` of a build as on `today`.
fn build(today: &str) -> (String, Value) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let (code, _, err) = mailbook(
        &fixture(),
        &["build", "--out", site.to_str().unwrap(), "--today", today],
    );
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(site.join("tenant/index.html")).unwrap();
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("providers.json")).unwrap())
            .unwrap();
    (page, json)
}

const BANNER: &str = r#"<p class="deadline" role="note"><strong>From <time datetime="2026-12-31">2026-12-31</time>, in "#;

#[test]
fn before_the_day_the_page_counts_down_and_the_settings_are_unchanged() {
    let (page, json) = build("2026-12-01");
    assert!(
        page.contains(&format!(
            "{BANNER}30 days:</strong> Tenant Mail switches off"
        )),
        "{page}"
    );
    assert!(page.contains(
        r#"<li class="upcoming">From <time datetime="2026-12-31">2026-12-31</time> (in 30 days): "#
    ));
    let tenant = &json["providers"]["tenant"];
    assert_eq!(tenant["status"], "ok");
    assert_eq!(
        tenant["smtp"][0]["auth"],
        serde_json::json!(["PLAIN", "LOGIN"])
    );
    // The day before: one day, singular.
    let (page, _) = build("2026-12-30");
    assert!(page.contains(&format!("{BANNER}1 day:</strong>")), "{page}");
}

#[test]
fn on_and_after_the_day_the_page_and_providers_json_use_the_new_values() {
    for today in ["2026-12-31", "2027-03-01"] {
        let (page, json) = build(today);
        assert!(
            !page.contains("class=\"deadline\""),
            "{today}: no banner once in force"
        );
        assert!(!page.contains("class=\"upcoming\""), "{today}");
        assert!(
            page.contains(
                r#"<li><time datetime="2026-12-31">2026-12-31</time>: Tenant Mail switches off"#
            ),
            "{today}: the entry reads as past"
        );
        assert!(
            page.contains("Since 31 December 2026 Tenant Mail accepts only OAuth2"),
            "{today}"
        );
        let tenant = &json["providers"]["tenant"];
        assert_eq!(tenant["status"], "broken", "{today}");
        assert_eq!(
            tenant["hint"],
            "Since 31 December 2026 Tenant Mail accepts only OAuth2 sign-in, which the admin panel cannot send."
        );
        assert_eq!(tenant["smtp"][0]["auth"], serde_json::json!(["XOAUTH2"]));
    }
}

#[test]
fn check_warns_within_the_configured_days_only() {
    let (code, _, err) = mailbook(&fixture(), &["check", "--today", "2026-12-15"]);
    assert_eq!(code, 0, "a warning does not fail check: {err}");
    insta::assert_snapshot!("deadline_check_warning", err);
    let (code, _, err) = mailbook(&fixture(), &["check", "--today", "2026-10-01"]);
    assert_eq!(code, 0);
    assert!(
        !err.contains("announced change"),
        "61 days ahead, over the 30 configured: {err}"
    );
    // The number of days comes from mailbook.yaml.
    let dir = tempfile::tempdir().unwrap();
    radar::copy_tree(&fixture(), dir.path());
    let config = dir.path().join("mailbook.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}deadline_warning_days: 100\n")).unwrap();
    let (_, _, err) = mailbook(dir.path(), &["check", "--today", "2026-10-01"]);
    assert!(
        err.contains("an announced change takes effect in 91 days"),
        "{err}"
    );
    // Once in force, nothing to announce.
    let (_, _, err) = mailbook(&fixture(), &["check", "--today", "2027-01-01"]);
    assert!(!err.contains("announced change"), "{err}");
}

#[test]
fn an_effect_that_contradicts_the_recipe_is_a_check_error() {
    let dir = tempfile::tempdir().unwrap();
    radar::copy_tree(&fixture(), dir.path());
    let recipe = dir.path().join("recipes/tenant.yaml");
    let text = std::fs::read_to_string(&recipe).unwrap();
    // Only OAuth2 from the day on, but the recipe still says the panel's password works.
    let oauth_only = text
        .replace("      status: broken\n", "")
        .replace("      oauth2_only: true\n", "");
    std::fs::write(&recipe, &oauth_only).unwrap();
    let (code, _, err) = mailbook(dir.path(), &["check", "--today", "2026-11-01"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("deadline_check_contradiction", err);
    // A server the recipe does not have.
    let other_server = text.replace(
        "      oauth2_only: true\n",
        "      oauth2_only: true\n      server: smtp.deadline.test:465\n",
    );
    std::fs::write(&recipe, other_server).unwrap();
    let (code, _, err) = mailbook(dir.path(), &["check", "--today", "2026-11-01"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("`smtp.deadline.test:465` is not one of the recipe's servers"),
        "{err}"
    );
    // build refuses it too.
    let site = dir.path().join("site");
    let (code, _, err) = mailbook(
        dir.path(),
        &[
            "build",
            "--today",
            "2026-11-01",
            "--out",
            site.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("changelog[1].effect.server"), "{err}");
    assert!(!site.exists());
}

/// `verify --only ehlo` as on `today` against a server that offers only XOAUTH2; the EHLO
/// check's status and summary.
fn verify_ehlo(pki: &radar::Pki, port: u16, today: &str) -> (String, String) {
    let rule = format!("smtp.deadline.test:587:127.0.0.1:{port}");
    let (_, out, err) = mailbook(
        &fixture(),
        &[
            "verify",
            "--only",
            "ehlo",
            "--format",
            "json",
            "--connect-to",
            &rule,
            "--cacert",
            &pki.path("ca.pem"),
            "--today",
            today,
        ],
    );
    let report: Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{out}{err}"));
    let checks = report["providers"][0]["servers"][0]["checks"]
        .as_array()
        .unwrap()
        .clone();
    let ehlo = checks.iter().find(|c| c["phase"] == "ehlo").unwrap();
    (
        ehlo["status"].as_str().unwrap().to_string(),
        ehlo["summary"].as_str().unwrap().to_string(),
    )
}

#[test]
fn verify_expects_the_new_auth_list_from_the_day_on() {
    let pki = radar::Pki::new();
    // As the provider will be from the day on: XOAUTH2 only.
    let smtp = radar::Smtp::start(
        &pki,
        serde_json::json!({"tokens": {"shop@deadline.test": "t"}, "exclude": ["PLAIN", "LOGIN"]}),
    );
    let port = smtp.port;
    let before = verify_ehlo(&pki, port, "2026-12-30");
    let on = verify_ehlo(&pki, port, "2026-12-31");
    let after = verify_ehlo(&pki, port, "2027-02-01");
    drop(smtp);
    assert_eq!(before.0, "warn", "{before:?}");
    assert!(
        before
            .1
            .contains("the server offers XOAUTH2, the recipe documents PLAIN LOGIN"),
        "{before:?}"
    );
    for (status, summary) in [on, after] {
        assert_eq!(status, "pass", "{summary}");
        assert!(
            summary.contains("AUTH XOAUTH2 after TLS, as documented"),
            "{summary}"
        );
    }
}
