//! `mailbook verify` end to end, on 127.0.0.1 only: real SMTP servers (Python's aiosmtpd,
//! started from tests/harness/smtp_servers.py) with real TLS from the run's throwaway CA,
//! reached through `--connect-to` while the recipes document `*.test.example` hosts.
//! Certificates are in `verify_certificates`; scripted fakes in `verify_fakes`; attacks and
//! broken projects in `verify_attacks`; the text, JUnit and terminal output in `verify_output`.

use super::support::Cmd;
use super::support::smtp::{Harness, pki};
use super::support::verify::*;
use serde_json::{Value, json};

#[test]
fn starttls_auth_and_send_reaches_the_server() {
    let pki = pki();
    let h = Harness::start(pki, vec![starttls_server("s", json!({}))]);
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
    assert_eq!(run.junit.matches("<testcase ").count(), 9, "{}", run.junit);
    assert!(!run.junit.contains("<failure"));
    assert!(run.report["providers"][0]["last_passed"].is_string());
}

#[test]
fn implicit_tls_succeeds() {
    let pki = pki();
    let h = Harness::start(
        pki,
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
    let pki = pki();
    let h = Harness::start(
        pki,
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
    let pki = pki();
    let h = Harness::start(
        pki,
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
    let pki = pki();
    let h = Harness::start(
        pki,
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
fn other_auth_mechanisms_are_reported_as_drift() {
    let pki = pki();
    let h = Harness::start(
        pki,
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
    let pki = pki();
    let bad = "9Zebra-Secret-Kx7q-Zebra"; // begins with a digit: breaks password-letters
    let h = Harness::start(
        pki,
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
    let pki = pki();
    let h = Harness::start(pki, vec![starttls_server("s", json!({}))]);
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
    let pki = pki();
    let h = Harness::start(
        pki,
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
    let pki = pki();
    let h = shared_servers();
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
    let pki = pki();
    let h = shared_servers();
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", "wrong-password");
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    let schema = Cmd::new().args(["schema", "report"]).run();
    let schema: Value = serde_json::from_str(&schema.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&run.report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// The repository's own `recipes/gmail.yaml` against servers that advertise exactly the AUTH
/// mechanisms smtp.gmail.com advertises after TLS (`LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN
/// OAUTHBEARER XOAUTH`, in aiosmtpd's own sorted order): no AUTH drift on either documented
/// server, and verify logs in with a mechanism it can exercise and sends the test mail.
#[test]
fn the_gmail_recipe_matches_gmails_real_auth_list_without_drift() {
    let pki = pki();
    // aiosmtpd offers LOGIN and PLAIN itself; the other four are advertised and refuse.
    let gmail = json!({"refuse": ["XOAUTH2", "PLAIN-CLIENTTOKEN", "OAUTHBEARER", "XOAUTH"]});
    let mut implicit = gmail.clone();
    implicit["name"] = json!("g465");
    implicit["mode"] = json!("tls");
    implicit["users"] = json!({USER: SECRET});
    let h = Harness::start(pki, vec![starttls_server("g587", gmail), implicit]);
    let c587 = connect("smtp.gmail.com", 587, h.port("g587"));
    let c465 = connect("smtp.gmail.com", 465, h.port("g465"));
    let env = creds("GMAIL", SECRET);
    let root = super::support::repo();
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
    let pki = pki();
    let bad = "9Zebra-Secret-Kx7q-Zebra"; // begins with a digit: breaks password-letters
    let gmail = json!({"users": {USER: bad}});
    let h = Harness::start(pki, vec![starttls_server("g587", gmail)]);
    let c587 = connect("smtp.gmail.com", 587, h.port("g587"));
    let env = creds("GMAIL", bad);
    let root = super::support::repo();
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
