//! How `verify` reads particular replies of real servers (aiosmtpd from
//! tests/harness/smtp_servers.py): temporary replies (greylisting's 451, a busy server's
//! 421) are a verdict of their own and tried again once; non-ASCII addresses go with
//! SMTPUTF8 to a server that offers it and not at all to one that does not.

use super::support::smtp::{Harness, pki};
use super::support::verify::*;
use super::verify_output::{normalised_text, snapshot_filters};
use serde_json::{Value, json};

fn run_starttls(h: &Harness, name: &str, extra: &[&str]) -> Run {
    let c = connect("smtp.test.example", 587, h.port(name));
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
    args.extend_from_slice(extra);
    verify(&args, &refs(&env), None)
}

#[test]
fn greylisting_is_retried_once_and_the_pass_says_so() {
    let h = Harness::start(
        pki(),
        vec![starttls_server("grey", json!({"greylist": true}))],
    );
    let run = run_starttls(&h, "grey", &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let send = run.check("starttls", "send");
    assert_eq!(send["status"], "pass", "{send}");
    assert!(
        send["summary"]
            .as_str()
            .unwrap()
            .contains("passed on the retry after a temporary failure"),
        "{send}"
    );
    let evidence = send["evidence"].to_string();
    assert!(evidence.contains("451 4.7.1 Greylisted"), "{evidence}");
    assert!(evidence.contains("tried again after 1 s"), "{evidence}");
    // Two transactions (the first greylisted at RCPT), one message.
    let mails = h
        .commands("grey")
        .iter()
        .filter(|c| c["verb"] == "MAIL")
        .count();
    assert_eq!(mails, 2);
    assert_eq!(h.messages("grey").len(), 1);
}

#[test]
fn a_server_that_stays_busy_is_a_temporary_failure_in_every_format() {
    let h = Harness::start(pki(), vec![starttls_server("busy", json!({"busy": true}))]);
    let run = run_starttls(&h, "busy", &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let send = run.check("starttls", "send");
    assert_eq!(send["status"], "temporary", "{send}");
    assert_eq!(send["reply"]["code"], 421);
    assert!(
        send["summary"]
            .as_str()
            .unwrap()
            .contains("also on the retry after 1 s"),
        "{send}"
    );
    // Tried exactly twice.
    let mails = h
        .commands("busy")
        .iter()
        .filter(|c| c["verb"] == "MAIL")
        .count();
    assert_eq!(mails, 2);
    assert!(
        run.stdout.contains("send temporary failure: MAIL FROM"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("1 temporary failure(s)"),
        "{}",
        run.stdout
    );
    assert!(
        run.junit.contains(r#"type="temporary failure""#),
        "{}",
        run.junit
    );
    assert!(run.junit.contains("<error "), "{}", run.junit);
    let mut filters = snapshot_filters();
    filters.push((r"<mailbook\.[^>]+>", "<[message-id]>"));
    filters.push((r"at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", "at [time]"));
    insta::with_settings!({filters => filters}, {
        insta::assert_snapshot!("text-temporary", normalised_text(&run));
    });
    // A temporary failure starts no run of failures.
    assert!(
        run.report["providers"][0]["failing_since"].is_null(),
        "{}",
        run.report_text
    );
}

fn utf8_run(smtputf8: bool, to: &str) -> (Run, Harness) {
    let h = Harness::start(
        pki(),
        vec![starttls_server("u", json!({"smtputf8": smtputf8}))],
    );
    let run = run_starttls(&h, "u", &["--to", to]);
    (run, h)
}

#[test]
fn a_non_ascii_recipient_goes_with_smtputf8_when_offered() {
    let (run, h) = utf8_run(true, "jürgen@test.example");
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let mail: Vec<Value> = h
        .commands("u")
        .into_iter()
        .filter(|c| c["verb"] == "MAIL")
        .collect();
    assert!(
        mail[0]["arg"].as_str().unwrap().ends_with("SMTPUTF8"),
        "{mail:?}"
    );
    let messages = h.messages("u");
    assert_eq!(messages[0]["smtputf8"], true);
    assert_eq!(messages[0]["rcpt_tos"], json!(["jürgen@test.example"]));
}

#[test]
fn a_non_ascii_recipient_is_not_sent_without_smtputf8_and_blames_no_provider() {
    let (run, h) = utf8_run(false, "jürgen@test.example");
    assert_eq!(run.code, 1, "{}", run.stdout);
    let send = run.check("starttls", "send");
    assert_eq!(send["status"], "fail");
    let summary = send["summary"].as_str().unwrap();
    assert!(summary.contains("needs SMTPUTF8"), "{summary}");
    assert!(send["troubleshooting"].is_null(), "{send}");
    assert!(
        send["cause"]
            .as_str()
            .unwrap()
            .contains("not the provider's settings")
    );
    assert!(
        h.commands("u").iter().all(|c| c["verb"] != "MAIL"),
        "nothing was sent"
    );
}

#[test]
fn an_idn_domain_is_sent_as_punycode_without_smtputf8() {
    let (run, h) = utf8_run(false, "qa@bücher.example");
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.check("starttls", "send")["evidence"]
            .to_string()
            .contains("xn--bcher-kva.example (punycode)")
    );
    assert_eq!(
        h.messages("u")[0]["rcpt_tos"],
        json!(["qa@xn--bcher-kva.example"])
    );
}
