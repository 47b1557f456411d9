//! `mailbook verify` against the scripted fake (`support::smtp::FakeSmtp`), only for what
//! real server software will not do: a tarpit that never greets, a garbage reply, a reply
//! with smuggled data, a connection dropped mid-DATA, a reply echoing the credentials.

use super::support::smtp::FakeSmtp;
use super::support::verify::*;
use std::time::{Duration, Instant};

#[test]
fn fake_tarpit_that_never_greets_fails_within_the_timeout() {
    let fake = FakeSmtp::tarpit();
    let c = connect("smtp.test.example", 587, fake.port);
    let started = Instant::now();
    let run = verify(
        &["starttls", "--connect-to", &c, "--timeout", "2"],
        &[],
        None,
    );
    let elapsed = started.elapsed();
    assert_eq!(run.code, 1);
    let tcp = run.check("starttls", "tcp");
    assert_eq!(tcp["status"], "fail");
    assert!(
        tcp["summary"]
            .as_str()
            .unwrap()
            .contains("no greeting: no answer within 2 s"),
        "{tcp}"
    );
    // 2 s for the greeting, plus start-up; no polite QUIT to a server that never spoke.
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[test]
fn fake_garbage_reply_fails_clearly() {
    let port = FakeSmtp::garbage(b"HTTP/1.1 400 Bad Request\r\n\r\n").port;
    let c = connect("smtp.test.example", 587, port);
    let run = verify(
        &["starttls", "--connect-to", &c, "--timeout", "5"],
        &[],
        None,
    );
    let tcp = run.check("starttls", "tcp");
    assert_eq!(tcp["status"], "fail");
    assert!(
        tcp["summary"]
            .as_str()
            .unwrap()
            .contains("not an SMTP reply: `HTTP/1.1 400 Bad Request`"),
        "{tcp}"
    );
}

#[test]
fn fake_starttls_reply_with_injected_data_is_refused() {
    // What a man in the middle would add: a reply smuggled in before the handshake.
    let port = FakeSmtp::starttls_answer(b"220 go ahead\r\n235 2.7.0 injected\r\n").port;
    let c = connect("smtp.test.example", 587, port);
    let run = verify(
        &["starttls", "--connect-to", &c, "--timeout", "5"],
        &[],
        None,
    );
    let tls = run.check("starttls", "tls");
    assert_eq!(tls["status"], "fail");
    assert!(
        tls["summary"]
            .as_str()
            .unwrap()
            .contains("possible command injection"),
        "{tls}"
    );
}

#[test]
fn fake_connection_dropped_mid_data_fails_at_send() {
    let run = verify_implicit_fake(FakeSmtp::implicit_tls(|_| None).port);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.status("implicit", "auth"), "pass");
    let send = run.check("implicit", "send");
    assert_eq!(send["status"], "fail");
    assert!(
        send["summary"]
            .as_str()
            .unwrap()
            .contains("closed the connection"),
        "{send}"
    );
}

/// Answers AUTH with a malformed line quoting the command, long enough that the quote is cut
/// in the middle of the credentials.
fn fake_echo_auth() -> u16 {
    let fake = FakeSmtp::implicit_tls(|line| {
        if line.to_uppercase().starts_with("AUTH") {
            Some(format!(
                "?? {} unrecognised: {}\r\n",
                "-".repeat(61),
                line.trim_end()
            ))
        } else {
            None
        }
    });
    fake.port
}

#[test]
fn fake_garbage_echo_of_auth_never_shows_the_encoded_secret() {
    use base64::Engine;
    let run = verify_implicit_fake(fake_echo_auth());
    assert_eq!(run.code, 1, "{}", run.stdout);
    let auth = run.check("implicit", "auth");
    assert_eq!(auth["status"], "fail", "{auth}");
    // What answers AUTH is never quoted, not even masked.
    let summary = auth["summary"].as_str().unwrap();
    assert!(
        summary.contains("not an SMTP reply (reply text withheld"),
        "{auth}"
    );
    assert!(!summary.contains("unrecognised"), "{auth}");
    let blob = base64::engine::general_purpose::STANDARD.encode(format!("\0{USER}\0{SECRET}"));
    let windows: Vec<&str> = (0..blob.len() - 12).map(|i| &blob[i..i + 12]).collect();
    for (what, text) in [
        ("stdout", &run.stdout),
        ("stderr", &run.stderr),
        ("report", &run.report_text),
        ("junit", &run.junit),
    ] {
        for w in &windows {
            assert!(
                !text.contains(w),
                "part of the AUTH PLAIN blob in {what}: {w}"
            );
        }
    }
}
