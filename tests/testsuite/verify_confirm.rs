//! `verify --confirm-errors` against a real server (aiosmtpd from
//! tests/harness/smtp_servers.py with `auth_required` and the `own_senders_only` policy):
//! the provokable entries of a copy of the verify fixture are provoked, each is confirmed or
//! reported with the server's new text, the wrong password is tried once, and the dates are
//! carried over to the next report.

use super::support::Cmd;
use super::support::smtp::{Harness, pki};
use super::support::verify::*;
use super::verify_output::{normalised_text, snapshot_filters};
use super::verify_secrets::assert_no_secret_piece;
use serde_json::{Value, json};
use std::path::Path;

/// Provokable entries added to the fixture's STARTTLS recipe; `auth_text` is the text the
/// recipe documents for the reply to MAIL FROM before AUTH.
fn project(auth_text: &str) -> tempfile::TempDir {
    let dir = project_copy();
    // Its skip expired long ago: `build` and `check` would refuse the project.
    std::fs::remove_file(dir.path().join("recipes/expiredskip.yaml")).unwrap();
    let path = dir.path().join("recipes/starttls.yaml");
    let recipe = std::fs::read_to_string(&path).unwrap().replace(
        "match: { phase: auth, code: 535, enhanced: 5.7.8 }",
        "match: { phase: auth, code: 535, enhanced: 5.7.8 }\n    provoke: wrong-password",
    );
    let extra = format!(
        r#"  - id: must-authenticate
    match: {{ code: 530, text: "{auth_text}" }}
    provoke: mail-before-auth
    symptom: "530 5.7.0 {auth_text}"
    cause: The panel sent without logging in.
    fix: Fill in the user name and password.
  - id: sender-not-owned
    match: {{ phase: send, code: 553, text: "not owned by user" }}
    provoke: foreign-sender
    symptom: "553 5.7.1 Sender address rejected: not owned by user"
    cause: The sender address is not the account's.
    fix: Use the mailbox's own address as the sender.
"#
    );
    std::fs::write(&path, recipe + &extra).unwrap();
    dir
}

fn run(h: &Harness, root: &Path, report: &Path, confirm: bool) -> Run {
    let c = connect("smtp.test.example", 587, h.port("c"));
    let env = creds("STARTTLS", SECRET);
    let ca = pki().ca();
    let mut args = vec![
        "starttls",
        "--connect-to",
        &c,
        "--cacert",
        &ca,
        "--timeout",
        "10",
    ];
    if confirm {
        args.push("--confirm-errors");
    }
    let run = verify_in(root, &args, &refs(&env), Some(report));
    assert_no_secret_piece(&run);
    run
}

fn harness() -> Harness {
    Harness::start(
        pki(),
        vec![starttls_server(
            "c",
            json!({"auth_required": true, "own_senders_only": true}),
        )],
    )
}

fn confirmation(run: &Run, entry: &str) -> Value {
    run.report["providers"][0]["confirmations"]
        .as_array()
        .unwrap_or_else(|| panic!("no confirmations: {}", run.report_text))
        .iter()
        .find(|c| c["entry"] == entry)
        .unwrap()
        .clone()
}

#[test]
fn confirm_errors_confirms_matching_entries_once_and_carries_the_dates() {
    let h = harness();
    let dir = project("Authentication required");
    let report = dir.path().join("report.json");
    let first = run(&h, dir.path(), &report, true);
    assert_eq!(first.code, 0, "{}\n{}", first.stdout, first.stderr);
    for (entry, provoke) in [
        ("bad-credentials", "wrong-password"),
        ("must-authenticate", "mail-before-auth"),
        ("sender-not-owned", "foreign-sender"),
    ] {
        let c = confirmation(&first, entry);
        assert_eq!(c["status"], "confirmed", "{c}");
        assert_eq!(c["provoke"], provoke);
        assert!(c["confirmed_at"].is_string(), "{c}");
    }
    assert_eq!(
        confirmation(&first, "sender-not-owned")["reply"]["code"],
        553
    );
    // The wrong password was tried exactly once; the real one twice (the normal run and the
    // login before the foreign sender); no message but the test mail was sent.
    let results: Vec<String> = h
        .commands("c")
        .iter()
        .filter(|c| c["verb"] == "AUTH-RESULT")
        .map(|c| c["arg"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        results.iter().filter(|r| *r == "refused").count(),
        1,
        "{results:?}"
    );
    assert_eq!(
        results.iter().filter(|r| *r == "ok").count(),
        2,
        "{results:?}"
    );
    assert_eq!(h.messages("c").len(), 1);
    assert!(
        first.stdout.contains(
            "starttls #bad-credentials (wrong-password): confirmed: the server says 535 5.7.8"
        ),
        "{}",
        first.stdout
    );
    assert!(
        first.junit.contains("confirm #sender-not-owned"),
        "{}",
        first.junit
    );

    // A run without --confirm-errors keeps the confirmations and their dates.
    let second = run(&h, dir.path(), &report, false);
    assert_eq!(
        confirmation(&second, "bad-credentials")["confirmed_at"],
        confirmation(&first, "bad-credentials")["confirmed_at"]
    );
    let refused = h
        .commands("c")
        .iter()
        .filter(|c| c["arg"] == "refused")
        .count();
    assert_eq!(refused, 1, "no wrong password without --confirm-errors");

    // The site shows the date next to the entry.
    let site = dir.path().join("site");
    let out = Cmd::new()
        .arg("--root")
        .arg(dir.path())
        .arg("build")
        .arg("--out")
        .arg(&site)
        .arg("--verification")
        .arg(&report)
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let page = std::fs::read_to_string(site.join("starttls/index.html")).unwrap();
    let today = jiff::Zoned::now().date().to_string();
    assert!(
        page.contains(&format!(
            r#"<p class="muted confirmed">confirmed on {today}</p>"#
        )),
        "{page}"
    );
    // `check` warns once the review age (365 days in the fixture) has passed.
    let check = |day: &str| {
        Cmd::new()
            .arg("--root")
            .arg(dir.path())
            .arg("check")
            .arg("--verification")
            .arg(&report)
            .arg("--today")
            .arg(day)
            .run()
    };
    let now = check(&today);
    assert!(!now.stderr.contains("last confirmed"), "{}", now.stderr);
    let later = (jiff::Zoned::now().date() + jiff::Span::new().days(400)).to_string();
    let late = check(&later);
    assert_eq!(late.code, 0, "a warning only: {}", late.stderr);
    assert!(
        late.stderr.contains(&format!(
            "troubleshooting entry `bad-credentials` was last confirmed on {today}"
        )),
        "{}",
        late.stderr
    );
    assert!(
        late.stderr.contains("troubleshooting[0].provoke"),
        "{}",
        late.stderr
    );
}

#[test]
fn confirm_errors_reports_an_entry_whose_text_changed_with_the_new_text() {
    let h = harness();
    let dir = project("You must log in first");
    let report = dir.path().join("report.json");
    let run = run(&h, dir.path(), &report, true);
    assert_eq!(run.code, 0, "the settings work: {}", run.stdout);
    let c = confirmation(&run, "must-authenticate");
    assert_eq!(c["status"], "changed", "{c}");
    let summary = c["summary"].as_str().unwrap();
    assert!(
        summary.starts_with(
            "no longer matches: the server now says 530 5.7.0 Authentication required"
        ),
        "{summary}"
    );
    assert!(c["confirmed_at"].is_null());
    insta::with_settings!({filters => snapshot_filters()}, {
        insta::assert_snapshot!("text-confirm-errors", normalised_text(&run));
    });
    assert!(
        run.junit.contains(r#"type="documented error changed""#),
        "{}",
        run.junit
    );
    assert_eq!(confirmation(&run, "bad-credentials")["status"], "confirmed");
}
