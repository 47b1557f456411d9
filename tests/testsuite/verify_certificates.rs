//! `mailbook verify`'s certificate phase against real servers (aiosmtpd) with certificates
//! from the run's throwaway CA: another name, expired, expiring soon, an unknown issuer.

use super::support::smtp::{Harness, pki};
use super::support::verify::*;
use serde_json::json;

#[test]
fn certificate_for_another_name_fails_at_certificate() {
    let pki = pki();
    let h = Harness::start(pki, vec![starttls_server("s", json!({"cert": "other"}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", SECRET);
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.status("starttls", "tls"), "pass");
    let cert = run.check("starttls", "certificate");
    assert_eq!(cert["status"], "fail", "{cert}");
    let summary = cert["summary"].as_str().unwrap();
    assert!(
        summary.contains("not valid for smtp.test.example")
            && summary.contains("mail.other.example"),
        "{summary}"
    );
    assert_eq!(cert["troubleshooting"], "certificate-name");
    assert!(h.commands("s").iter().all(|c| c["verb"] != "AUTH"));
}

#[test]
fn expired_certificate_fails_at_certificate() {
    let pki = pki();
    let h = shared_servers();
    let c = connect("smtp.test.example", 587, h.port("expired"));
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &[],
        None,
    );
    assert_eq!(run.code, 1);
    let cert = run.check("starttls", "certificate");
    assert_eq!(cert["status"], "fail");
    assert!(
        cert["summary"]
            .as_str()
            .unwrap()
            .contains("certificate expired on 2021-01-01"),
        "{cert}"
    );
    assert_eq!(run.status("starttls", "ehlo"), "skip");
}

#[test]
fn certificate_expiring_soon_is_a_warning() {
    let pki = pki();
    let h = shared_servers();
    let c = connect("smtp.test.example", 587, h.port("soon"));
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &[],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let cert = run.check("starttls", "certificate");
    assert_eq!(cert["status"], "warn", "{cert}");
    let summary = cert["summary"].as_str().unwrap();
    assert!(
        summary.contains("(9 days)") || summary.contains("(10 days)"),
        "{summary}"
    );
    assert!(summary.contains("less than 21 days"), "{summary}");
}

#[test]
fn unknown_ca_fails_without_cacert() {
    let h = shared_servers();
    let c = connect("smtp.test.example", 587, h.port("s"));
    let run = verify(&["starttls", "--connect-to", &c], &[], None);
    assert_eq!(run.code, 1);
    let cert = run.check("starttls", "certificate");
    assert!(
        cert["summary"].as_str().unwrap().contains("unknown issuer"),
        "{cert}"
    );
}
