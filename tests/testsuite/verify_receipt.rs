//! The `receipt` phase end to end, on 127.0.0.1 only: real SMTP servers (aiosmtpd) that
//! deliver what they accept by LMTP into a real Dovecot, whose Sieve rule files mail flagged
//! as spam into Junk; `mailbook verify` then finds the test mail over IMAP (implicit TLS or
//! STARTTLS, certificates from the run's throwaway CA, reached through `--connect-to`).

use super::support::imap::{Dovecot, IMAP_SECRET, MAILBOX};
use super::support::smtp::{Harness, pki};
use super::support::verify::*;
use base64::Engine as _;
use serde_json::{Value, json};
use std::sync::OnceLock;

/// Dovecot and the SMTP servers in front of it, started once per test run: `inbox` delivers,
/// `junk` delivers flagged as spam with its From rewritten (as a forwarder would), `drop`
/// accepts and drops.
struct Rig {
    imap: Dovecot,
    smtp: Harness,
}

fn rig() -> &'static Rig {
    static RIG: OnceLock<Rig> = OnceLock::new();
    RIG.get_or_init(|| {
        let imap = Dovecot::start(pki(), 0);
        let lmtp = imap.port("lmtp");
        let smtp = Harness::start(
            pki(),
            vec![
                starttls_server("inbox", json!({"deliver": {"lmtp_port": lmtp}})),
                starttls_server(
                    "junk",
                    json!({"deliver": {"lmtp_port": lmtp, "spam": true,
                                       "rewrite_from": "list@relay.test.example"}}),
                ),
                starttls_server("drop", json!({})),
            ],
        );
        Rig { imap, smtp }
    })
}

/// `verify starttls` through SMTP server `smtp`, with the recipient mailbox from `imap_env`
/// reached at local port `imap_port` (documented as imap.test.example:`documented`).
fn run_receipt(
    smtp: &str,
    imap_env: &[(&str, &str)],
    documented: u16,
    imap_port: u16,
    extra: &[&str],
) -> Run {
    let rig = rig();
    let smtp_to = connect("smtp.test.example", 587, rig.smtp.port(smtp));
    let imap_to = connect("imap.test.example", documented, imap_port);
    let ca = pki().ca();
    let mut args = vec![
        "starttls",
        "--connect-to",
        &smtp_to,
        "--connect-to",
        &imap_to,
        "--cacert",
        &ca,
        "--timeout",
        "10",
    ];
    args.extend_from_slice(extra);
    let mut env = creds("STARTTLS", SECRET);
    env.extend(imap_env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let run = verify(&args, &refs(&env), None);
    assert_no_imap_secret(&run);
    run
}

fn imap_env(security: &str, port: &str, password: &'static str) -> Vec<(&'static str, String)> {
    vec![
        ("MAILBOOK_RECEIPT_HOST", "imap.test.example".into()),
        ("MAILBOOK_RECEIPT_PORT", port.into()),
        ("MAILBOOK_RECEIPT_SECURITY", security.into()),
        ("MAILBOOK_RECEIPT_USERNAME", MAILBOX.into()),
        ("MAILBOOK_RECEIPT_PASSWORD", password.into()),
    ]
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Neither IMAP password (nor a wrong one tried) nor the SMTP one, nor a base64 form of any,
/// alone or as its AUTH PLAIN blob, in anything the run produced.
fn assert_no_imap_secret(run: &Run) {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let mut forbidden = Vec::new();
    for (user, secret) in [(MAILBOX, IMAP_SECRET), (MAILBOX, WRONG), (USER, SECRET)] {
        forbidden.extend([
            secret.to_string(),
            b64(secret),
            b64(&format!("\0{user}\0{secret}")),
            secret[..10].to_string(),
        ]);
    }
    for (what, text) in [
        ("stdout", &run.stdout),
        ("stderr", &run.stderr),
        ("report", &run.report_text),
        ("junit", &run.junit),
    ] {
        for f in &forbidden {
            assert!(
                !text.contains(f.as_str()),
                "IMAP secret form {f:?} in {what}"
            );
        }
    }
}

const WRONG: &str = "Wrong-Imap-Pass-Jx42";

fn message_id(run: &Run) -> String {
    let send = run.check("starttls", "send");
    let evidence = send["evidence"].as_array().unwrap();
    evidence
        .iter()
        .filter_map(Value::as_str)
        .find_map(|e| e.strip_prefix("Message-ID "))
        .unwrap()
        .to_string()
}

#[test]
fn receipt_finds_the_mail_in_the_inbox_over_implicit_tls_and_deletes_it() {
    let rig = rig();
    let env = imap_env("tls", "993", IMAP_SECRET);
    let run = run_receipt("inbox", &pairs(&env), 993, rig.imap.port("imaps"), &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let receipt = run.check("starttls", "receipt");
    assert_eq!(receipt["status"], "pass", "{}", run.stdout);
    assert!(
        receipt["summary"]
            .as_str()
            .unwrap()
            .starts_with("delivered to the inbox (INBOX) in "),
        "{receipt}"
    );
    let server = &run.report["providers"][0]["servers"][0];
    let delivery = &server["delivery"];
    assert_eq!(delivery["folder"], "INBOX");
    assert_eq!(delivery["spam"], false);
    // The SMTP harness's own Received field, then Dovecot's LMTP one.
    assert_eq!(delivery["hops"], 2, "{delivery}");
    assert_eq!(delivery["spf"], "none");
    assert_eq!(delivery["dmarc"], "none");
    assert!(delivery.get("from_rewritten_to").is_none(), "{delivery}");
    assert_eq!(delivery["disposal"], "deleted");
    assert!(delivery["delay_ms"].as_u64().unwrap() <= 120_000);
    let arrived = delivery["arrived_at"].as_str().unwrap();
    assert!(arrived.parse::<jiff::Timestamp>().is_ok(), "{arrived}");
    // Sent to the receipt mailbox (no --to), and gone from it afterwards.
    let sent = rig.smtp.messages("inbox");
    let mid = message_id(&run);
    let m = sent
        .iter()
        .find(|m| m["message_id"] == mid.as_str())
        .unwrap();
    assert_eq!(m["rcpt_tos"], json!([MAILBOX]));
    assert_eq!(rig.imap.count(pki(), "INBOX", &mid), 0);
    assert!(
        run.stdout.contains("delivered to the inbox"),
        "{}",
        run.stdout
    );
    assert!(run.junit.contains("name=\"receipt\""), "{}", run.junit);
}

#[test]
fn mail_filed_as_spam_is_a_warning_and_kept_on_request_over_starttls_from_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let rig = rig();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("credentials.yaml");
    std::fs::write(
        &file,
        format!(
            "starttls:\n  username: {USER}\n  password: {SECRET}\nreceipt:\n  host: \
             imap.test.example\n  security: starttls\n  username: {MAILBOX}\n  password: \
             {IMAP_SECRET}\n"
        ),
    )
    .unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let f = file.display().to_string();
    let run = run_receipt(
        "junk",
        &[],
        143,
        rig.imap.port("imap"),
        &["--credentials", &f, "--keep-test-mail"],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let receipt = run.check("starttls", "receipt");
    assert_eq!(receipt["status"], "warn", "{}", run.stdout);
    assert!(
        receipt["summary"]
            .as_str()
            .unwrap()
            .contains("delivered to the spam folder (Junk)"),
        "{receipt}"
    );
    let delivery = &run.report["providers"][0]["servers"][0]["delivery"];
    assert_eq!(delivery["folder"], "Junk");
    assert_eq!(delivery["spam"], true);
    assert_eq!(delivery["from_rewritten_to"], "list@relay.test.example");
    assert_eq!(delivery["disposal"], "kept (--keep-test-mail)");
    let mid = message_id(&run);
    assert_eq!(rig.imap.count(pki(), "Junk", &mid), 1);
    assert_eq!(rig.imap.count(pki(), "INBOX", &mid), 0);
    assert!(run.junit.contains("warning: delivered to the spam folder"));
}

#[test]
fn mail_accepted_and_dropped_fails_receipt_at_its_deadline() {
    let rig = rig();
    let env = imap_env("tls", "993", IMAP_SECRET);
    let run = run_receipt(
        "drop",
        &pairs(&env),
        993,
        rig.imap.port("imaps"),
        &["--receipt-timeout", "2"],
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.status("starttls", "send"), "pass");
    let receipt = run.check("starttls", "receipt");
    assert_eq!(receipt["status"], "fail");
    let summary = receipt["summary"].as_str().unwrap();
    assert!(
        summary.contains("did not arrive in INBOX or Junk within 2 s"),
        "{summary}"
    );
    assert!(summary.contains(&message_id(&run)), "{summary}");
    assert!(
        receipt["fix"]
            .as_str()
            .unwrap()
            .contains("--receipt-timeout")
    );
    assert!(
        run.stdout
            .contains("IMAP: TLSv1.3, certificate valid for imap.test.example")
    );
    assert!(
        run.report["providers"][0]["servers"][0]
            .get("delivery")
            .is_none()
    );
    assert_eq!(run.report["providers"][0]["outcome"], "fail");
}

#[test]
fn wrong_imap_password_fails_receipt_without_showing_it() {
    let rig = rig();
    let env = imap_env("tls", "993", WRONG);
    let run = run_receipt("inbox", &pairs(&env), 993, rig.imap.port("imaps"), &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let receipt = run.check("starttls", "receipt");
    assert_eq!(receipt["status"], "fail");
    let summary = receipt["summary"].as_str().unwrap();
    assert!(
        summary.contains("the IMAP server refused the login of inbox@test.example"),
        "{summary}"
    );
    let log = rig.imap.log_when("main", |log| log.contains("auth failed"));
    assert!(log.contains("auth failed"), "{log}");
}

#[test]
fn imap_without_tls_is_refused_before_any_credential_is_sent() {
    let rig = rig();
    let env = imap_env("starttls", "143", IMAP_SECRET);
    // The harness's own readiness probe also leaves a "no auth attempts" line: count them.
    let unauthenticated = |log: &str| log.matches("no auth attempts").count();
    let before = unauthenticated(&rig.imap.log("plain"));
    let run = run_receipt("inbox", &pairs(&env), 143, rig.imap.port("plain"), &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let receipt = run.check("starttls", "receipt");
    assert_eq!(receipt["status"], "fail");
    let summary = receipt["summary"].as_str().unwrap();
    assert!(
        summary.contains("refusing to log in without TLS"),
        "{summary}"
    );
    // Dovecot (which would accept a login in the clear here) saw none.
    let log = rig.imap.log("plain");
    assert!(unauthenticated(&log) > before, "{log}");
    assert!(!log.contains("Login: user="), "{log}");
    assert!(!log.contains("auth failed"), "{log}");
}

#[test]
fn without_a_recipient_mailbox_receipt_is_skipped_and_a_partial_one_is_an_error() {
    let rig = rig();
    // `drop` accepts mail for anyone (the delivering servers know only the mailbox).
    let run = run_receipt("drop", &[], 993, rig.imap.port("imaps"), &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let receipt = run.check("starttls", "receipt");
    assert_eq!(receipt["status"], "skip");
    assert!(
        receipt["summary"]
            .as_str()
            .unwrap()
            .contains("set MAILBOOK_RECEIPT_HOST"),
        "{receipt}"
    );
    let partial = [("MAILBOOK_RECEIPT_HOST", "imap.test.example")];
    let run = run_receipt("inbox", &partial, 993, rig.imap.port("imaps"), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("set MAILBOOK_RECEIPT_USERNAME, MAILBOOK_RECEIPT_PASSWORD"),
        "{}",
        run.stderr
    );
    let plain = imap_env("none", "143", IMAP_SECRET);
    let run = run_receipt("inbox", &pairs(&plain), 143, rig.imap.port("plain"), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("never logs in"), "{}", run.stderr);
    assert!(!rig.imap.log("plain").contains("Login: user="));
}

/// The provider page built from `report`: the verify fixture project with its report.
fn page_with(report: &str) -> String {
    let project = super::support::Project::copy_of(std::path::Path::new(FIXTURE));
    // Its recipe with an expired skip is for verify; it would stop the build.
    project.remove("recipes/expiredskip.yaml");
    project.write("report.json", report);
    project.build(&["--verification", "report.json"]).success();
    project.site("starttls/index.html")
}

#[test]
fn the_site_says_delivered_next_to_verified_and_never_verifies_undelivered_mail() {
    let rig = rig();
    let env = imap_env("tls", "993", IMAP_SECRET);
    let run = run_receipt("inbox", &pairs(&env), 993, rig.imap.port("imaps"), &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let delivery = &run.report["providers"][0]["servers"][0]["delivery"];
    let secs = match delivery["delay_ms"].as_u64().unwrap().div_ceil(1000) {
        0 => "under 1 s".to_string(),
        n => format!("{n} s"),
    };
    let date = &delivery["arrived_at"].as_str().unwrap()[..10];
    let page = page_with(&run.report_text);
    assert!(page.contains("✓ verified on "), "{page}");
    assert!(
        page.contains(&format!(
            "<span class=\"badge verified-pass\">delivered to the inbox in {secs} on {date}</span>"
        )),
        "{page}"
    );

    // Accepted, never delivered: failing, with no delivery badge.
    let run = run_receipt(
        "drop",
        &pairs(&env),
        993,
        rig.imap.port("imaps"),
        &["--receipt-timeout", "1"],
    );
    assert_eq!(run.code, 1);
    let page = page_with(&run.report_text);
    assert!(page.contains(": receipt</span>"), "{page}");
    assert!(!page.contains("verified on"), "{page}");
    assert!(!page.contains("delivered to"), "{page}");
}
