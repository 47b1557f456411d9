//! Secrets echoed back by a server never reach any output: a scripted misbehaving server
//! (`misbehaving_echo_auth` in tests/harness/smtp_servers.py, aiosmtpd otherwise) answers
//! AUTH with a 535 that quotes the credentials cut short and re-chunked over reply lines, as
//! seen from real servers. No piece of the password, or of any of its encodings, of five
//! characters or more may appear in stdout, stderr, the report or the JUnit file.

use super::support::smtp::{Harness, pki};
use super::support::verify::*;
use serde_json::json;

/// Every piece of five characters or more of the secret and its encodings: the password,
/// its base64 (the LOGIN password line) and the AUTH PLAIN blob.
fn secret_pieces() -> Vec<String> {
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let mut pieces = Vec::new();
    for form in [
        SECRET.to_string(),
        b64(SECRET),
        b64(&format!("\0{USER}\0{SECRET}")),
    ] {
        let chars: Vec<char> = form.trim_end_matches('=').chars().collect();
        for w in chars.windows(5) {
            pieces.push(w.iter().collect());
        }
    }
    pieces
}

/// No piece of the secret in anything the run produced.
pub fn assert_no_secret_piece(run: &Run) {
    let pieces = secret_pieces();
    for (what, text) in [
        ("stdout", &run.stdout),
        ("stderr", &run.stderr),
        ("report", &run.report_text),
        ("junit", &run.junit),
    ] {
        for p in &pieces {
            assert!(!text.contains(p.as_str()), "`{p}` in {what}:\n{text}");
        }
    }
}

fn run_against_echo(exclude: &[&str]) -> Run {
    let pki = pki();
    let h = Harness::start(
        pki,
        vec![starttls_server(
            "echo",
            json!({"misbehaving_echo_auth": true, "exclude": exclude}),
        )],
    );
    let c = connect("smtp.test.example", 587, h.port("echo"));
    let env = creds("STARTTLS", SECRET);
    let ca = pki.ca();
    let args = [
        "starttls",
        "--connect-to",
        &c,
        "--cacert",
        &ca,
        "--timeout",
        "10",
    ];
    let run = verify(&args, &refs(&env), None);
    // The server really received the credentials, so the echo was real.
    assert!(
        h.commands("echo").iter().any(|c| c["verb"] == "AUTH"),
        "no AUTH reached the server"
    );
    run
}

#[test]
fn misbehaving_echo_of_auth_plain_blob_shows_no_piece_of_the_secret() {
    let run = run_against_echo(&["LOGIN"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let auth = run.check("starttls", "auth");
    assert_eq!(auth["status"], "fail", "{auth}");
    // The code and enhanced code are kept, and the recipe's entry still found by them.
    assert_eq!(auth["reply"]["code"], 535);
    assert_eq!(auth["reply"]["enhanced"], "5.7.8");
    assert_eq!(auth["troubleshooting"], "bad-credentials");
    let text = auth["reply"]["text"].as_str().unwrap();
    assert!(text.contains("withheld"), "{text}");
    assert!(
        !text.contains("you sent"),
        "the reply text is never recorded: {text}"
    );
    assert_no_secret_piece(&run);
}

#[test]
fn misbehaving_echo_of_auth_login_lines_shows_no_piece_of_the_secret() {
    let run = run_against_echo(&["PLAIN"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let auth = run.check("starttls", "auth");
    assert!(
        auth["summary"]
            .as_str()
            .unwrap()
            .starts_with("AUTH LOGIN as shop@test.example refused: 535 5.7.8 (reply text withheld"),
        "{auth}"
    );
    assert_no_secret_piece(&run);
}
