//! Misattributed advice: each TLS or certificate failure gets the entry and wording that fit
//! what was observed, against real servers (aiosmtpd, Python's ssl/OpenSSL). Only a port and
//! mode that don't match get the recipe's "mode mismatch" entry, also when it shows in `tcp`;
//! an outdated (TLS 1.0-only) server, a `454` to STARTTLS and garbage after STARTTLS do not.

use super::support::network::{assert_plain, check, closed_port, verify_net};
use super::support::smtp::{Harness, pki};
use super::support::verify::*;
use super::verify_output::{normalised_text, snapshot_filters};
use serde_json::{Value, json};

/// `verify net` (servers on smtp.test.example, the run's certificates' name) with port
/// `documented` sent to `port` (the other port to a closed one), up to `ehlo`.
fn net_at(documented: u16, port: u16) -> Run {
    let c = connect("smtp.test.example", documented, port);
    let other = connect("smtp.test.example", 465 + 587 - documented, closed_port());
    let ca = pki().ca();
    verify_net(
        "smtp.test.example",
        &[
            "--connect-to",
            &c,
            "--connect-to",
            &other,
            "--cacert",
            &ca,
            "--only",
            "ehlo",
            "--timeout",
            "2",
        ],
    )
}

fn summary(c: &Value) -> &str {
    c["summary"].as_str().unwrap()
}

#[test]
fn starttls_recipe_at_an_implicit_tls_port_gets_the_mode_mismatch_entry() {
    let h = Harness::start(pki(), vec![json!({"name": "tls", "mode": "tls"})]);
    let run = net_at(587, h.port("tls"));
    let tcp = check(&run, 587, "tcp");
    assert_eq!(tcp["status"], "fail");
    assert!(
        summary(&tcp).contains("port 587 waits for a TLS handshake (implicit TLS)"),
        "{tcp}"
    );
    assert_eq!(tcp["troubleshooting"], "tls-mode-mismatch", "{tcp}");
    assert_plain(&run.stdout);
    insta::with_settings!({filters => snapshot_filters()}, {
        insta::assert_snapshot!("starttls-at-implicit-port", normalised_text(&run));
    });
}

#[test]
fn implicit_tls_recipe_at_a_starttls_port_gets_the_mode_mismatch_entry() {
    let h = Harness::start(pki(), vec![starttls_server("s", json!({}))]);
    let run = net_at(465, h.port("s"));
    let tls = check(&run, 465, "tls");
    assert_eq!(tls["status"], "fail");
    assert!(summary(&tls).contains("answered in plain text"), "{tls}");
    assert_eq!(tls["troubleshooting"], "tls-mode-mismatch", "{tls}");
}

#[test]
fn tls10_only_server_is_outdated_not_a_mode_mismatch() {
    let h = Harness::start(
        pki(),
        vec![json!({"name": "old", "mode": "tls", "tls_min": "TLSv1", "tls_max": "TLSv1"})],
    );
    let run = net_at(465, h.port("old"));
    let tls = check(&run, 465, "tls");
    assert_eq!(tls["status"], "fail");
    assert!(
        summary(&tls).contains("the server speaks only TLSv1.0"),
        "{tls}"
    );
    assert!(tls.get("troubleshooting").is_none(), "{tls}");
    assert!(tls["cause"].as_str().unwrap().contains("outdated"), "{tls}");
}

#[test]
fn a_server_still_accepting_tls10_is_a_warning() {
    let h = Harness::start(
        pki(),
        vec![starttls_server("s", json!({"tls_min": "TLSv1"}))],
    );
    let run = net_at(587, h.port("s"));
    let tls = check(&run, 587, "tls");
    assert_eq!(tls["status"], "warn", "{tls}");
    assert!(
        summary(&tls).contains("the server still accepts TLSv1.1, deprecated by RFC 8996"),
        "{tls}"
    );
    // A modern server is not warned about, and says it refused the old versions.
    let h = Harness::start(pki(), vec![starttls_server("s", json!({}))]);
    let run = net_at(587, h.port("s"));
    let tls = check(&run, 587, "tls");
    assert_eq!(tls["status"], "pass", "{tls}");
    assert!(
        tls["evidence"]
            .to_string()
            .contains("refuses TLSv1.0 and TLSv1.1"),
        "{tls}"
    );
    // The whole EHLO capability list is evidence, the size limit in MB.
    let ehlo = check(&run, 587, "ehlo")["evidence"].to_string();
    assert!(
        ehlo.contains("capability SIZE 33554432 (33.6 MB message size limit)"),
        "{ehlo}"
    );
    assert!(ehlo.contains("capability 8BITMIME"), "{ehlo}");
    // aiosmtpd leaves SMTPUTF8 off unless asked.
    assert!(ehlo.contains("not offered: SMTPUTF8"), "{ehlo}");
}

#[test]
fn a_454_to_starttls_is_not_a_mode_mismatch() {
    let h = Harness::start(
        pki(),
        vec![starttls_server("s", json!({"tls_unavailable": true}))],
    );
    let run = net_at(587, h.port("s"));
    let tls = check(&run, 587, "tls");
    assert_eq!(tls["status"], "fail");
    assert_eq!(tls["reply"]["code"], 454, "{tls}");
    assert!(tls.get("troubleshooting").is_none(), "{tls}");
    assert!(
        tls["cause"]
            .as_str()
            .unwrap()
            .contains("cannot start TLS now"),
        "{tls}"
    );
}

#[test]
fn garbage_after_starttls_is_not_a_mode_mismatch() {
    let h = Harness::start(
        pki(),
        vec![starttls_server("s", json!({"starttls_plaintext": true}))],
    );
    let run = net_at(587, h.port("s"));
    let tls = check(&run, 587, "tls");
    assert_eq!(tls["status"], "fail");
    assert!(
        summary(&tls).contains("agreed to STARTTLS, then sent something that is not TLS"),
        "{tls}"
    );
    assert!(tls.get("troubleshooting").is_none(), "{tls}");
}

#[test]
fn missing_intermediate_with_cacert_does_not_say_pass_cacert() {
    let pki = pki();
    let h = Harness::start(
        pki,
        vec![starttls_server("s", json!({"cert": "chainless"}))],
    );
    let c = connect("smtp.test.example", 587, h.port("s"));
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &[],
        None,
    );
    let cert = run.check("starttls", "certificate");
    assert_eq!(cert["status"], "fail");
    let s = summary(&cert);
    assert!(s.contains("also with --cacert"), "{s}");
    assert!(s.contains("without any intermediate"), "{s}");
    assert!(!s.contains("pass --cacert"), "{s}");
}

#[test]
fn cn_only_certificate_says_the_cn_is_not_used() {
    let pki = pki();
    let h = Harness::start(pki, vec![starttls_server("s", json!({"cert": "cn-only"}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &[],
        None,
    );
    let cert = run.check("starttls", "certificate");
    assert_eq!(cert["status"], "fail");
    let s = summary(&cert);
    assert!(s.contains("no subjectAltName; the CN is not used"), "{s}");
    assert!(!s.contains("names no names"), "{s}");
    // Not "a certificate for another name".
    assert!(cert.get("troubleshooting").is_none(), "{cert}");
}

#[test]
fn a_refused_ehlo_is_not_a_mode_mismatch() {
    let reply = "550 5.7.1 <[127.0.0.1]>: Helo command rejected: Host not found";
    let h = Harness::start(
        pki(),
        vec![starttls_server("s", json!({"ehlo_reply": reply}))],
    );
    let run = net_at(587, h.port("s"));
    let tls = check(&run, 587, "tls");
    assert_eq!(tls["status"], "fail");
    assert!(
        summary(&tls).starts_with("EHLO refused: 550 5.7.1"),
        "{tls}"
    );
    assert!(tls.get("troubleshooting").is_none(), "{tls}");
}
