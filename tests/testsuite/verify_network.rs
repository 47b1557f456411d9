//! The network `verify` runs on, with real parts on loopback: a real DNS server (dnsmasq)
//! answering an address, NXDOMAIN, SERVFAIL and never answering; connections refused, timed
//! out (a full accept queue drops them, as a firewall does) and unreachable; one port blocked
//! while the other works. Each gets its own verdict and the recipe's entry only when the
//! recipe is what is wrong.

use super::support::network::{self, FullBacklog, Silent, check, closed_port, verify_net};
use super::support::radar::{Dnsmasq, FakeDns, fake_dns};
use super::support::smtp::{Harness, pki};
use super::verify_output::{normalised_text, snapshot_filters};
use serde_json::json;

/// dnsmasq for the `.test` zone: `smtp.net.test` has an address, `*.fail.test` is forwarded
/// to the broadcast address (dnsmasq cannot send there and answers REFUSED), `*.slow.test`
/// to a resolver that never answers (dnsmasq stays silent on that name, answers the others).
fn dns(silent: &Silent) -> Dnsmasq {
    Dnsmasq::start(&[
        "address=/smtp.net.test/127.0.0.1".to_string(),
        "server=/fail.test/255.255.255.255".to_string(),
        format!("server=/slow.test/127.0.0.1#{}", silent.port),
    ])
}

fn dns_check(host: &str, dns_server: &str) -> (super::support::verify::Run, serde_json::Value) {
    let run = verify_net(
        host,
        &[
            "--only",
            "dns",
            "--dns-server",
            dns_server,
            "--timeout",
            "2",
        ],
    );
    let c = check(&run, 587, "dns");
    (run, c)
}

#[test]
fn dns_an_address_resolves_through_the_given_server() {
    let silent = Silent::new();
    let dns = dns(&silent);
    let (run, c) = dns_check("smtp.net.test", &dns.addr());
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(c["status"], "pass", "{c}");
    assert_eq!(c["summary"], "smtp.net.test resolves to 127.0.0.1");
    let evidence = c["evidence"].to_string();
    assert!(evidence.contains(&format!("asked {}", dns.addr())), "{c}");
}

#[test]
fn dns_nxdomain_is_the_recipes_problem_and_gets_its_entry() {
    let silent = Silent::new();
    let dns = dns(&silent);
    let (run, c) = dns_check("smtp.nx.test", &dns.addr());
    assert_eq!(run.code, 1);
    assert_eq!(c["status"], "fail");
    assert_eq!(c["summary"], "smtp.nx.test does not exist (NXDOMAIN)");
    assert_eq!(c["troubleshooting"], "server-not-found", "{c}");
    assert!(
        run.stdout
            .contains("fix: Copy the host from the settings (https://"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("](#"), "{}", run.stdout);
}

/// dnsmasq answers a name forwarded to a failing upstream with REFUSED (it never says
/// SERVFAIL in this set-up), so SERVFAIL itself comes from the scripted fake DNS server.
#[test]
fn dns_refused_and_fake_servfail_are_the_resolvers_problem_without_the_entry() {
    let silent = Silent::new();
    let dns = dns(&silent);
    let (run, c) = dns_check("smtp.fail.test", &dns.addr());
    assert_eq!(c["status"], "fail");
    let summary = c["summary"].as_str().unwrap();
    assert!(
        summary.starts_with("the resolver failed: ") && summary.contains("answered REFUSED"),
        "{summary}"
    );
    assert!(c.get("troubleshooting").is_none(), "{c}");
    assert!(!run.stdout.contains("mistyped"), "{}", run.stdout);
    let fake = format!("127.0.0.1:{}", fake_dns(FakeDns::ServFail));
    let (run, c) = dns_check("smtp.net.test", &fake);
    let summary = c["summary"].as_str().unwrap();
    assert!(
        summary.starts_with("the resolver failed: ") && summary.contains("answered SERVFAIL"),
        "{summary}"
    );
    assert!(c.get("troubleshooting").is_none(), "{c}");
    assert!(
        c["cause"]
            .as_str()
            .unwrap()
            .contains("nothing about the recipe"),
        "{c}"
    );
    assert!(!run.stdout.contains("mistyped"), "{}", run.stdout);
}

#[test]
fn dns_a_name_the_resolver_never_answers_is_a_resolver_timeout() {
    let silent = Silent::new();
    let dns = dns(&silent);
    let (run, c) = dns_check("smtp.slow.test", &dns.addr());
    assert_eq!(c["status"], "fail");
    assert!(
        c["summary"]
            .as_str()
            .unwrap()
            .starts_with("the resolver timed out: "),
        "{c}"
    );
    assert!(c.get("troubleshooting").is_none(), "{c}");
    assert!(!run.stdout.contains("mistyped"), "{}", run.stdout);
}

#[test]
fn dns_a_resolver_that_answers_nothing_means_no_working_dns_here() {
    let silent = Silent::new();
    let addr = format!("127.0.0.1:{}", silent.port);
    let (run, c) = dns_check("smtp.net.test", &addr);
    assert_eq!(run.code, 1);
    assert_eq!(c["status"], "fail");
    let summary = c["summary"].as_str().unwrap();
    assert!(
        summary.starts_with("this machine has no working DNS: ") && summary.contains(&addr),
        "{summary}"
    );
    assert!(c.get("troubleshooting").is_none(), "{c}");
    assert!(!run.stdout.contains("mistyped"), "{}", run.stdout);
    assert!(
        run.stdout.contains("--dns-server ADDR:PORT"),
        "{}",
        run.stdout
    );
    insta::with_settings!({filters => vec![(r"127\.0\.0\.1:\d+", "127.0.0.1:[port]")]}, {
        insta::assert_snapshot!("no-working-dns", normalised_text(&run));
    });
}

#[test]
fn tcp_refused_says_nothing_listens() {
    let port = closed_port();
    let c587 = format!("smtp.net.test:587:127.0.0.1:{port}");
    let c465 = format!("smtp.net.test:465:127.0.0.1:{port}");
    let run = verify_net(
        "smtp.net.test",
        &[
            "--connect-to",
            &c587,
            "--connect-to",
            &c465,
            "--only",
            "tcp",
        ],
    );
    let c = check(&run, 587, "tcp");
    assert_eq!(c["status"], "fail");
    assert!(
        c["summary"]
            .as_str()
            .unwrap()
            .starts_with("cannot connect: refused, nothing listens there (127.0.0.1:"),
        "{c}"
    );
    // Every port refused: no conclusion about a blocked port.
    assert!(
        run.report["providers"][0].get("notes").is_none(),
        "{}",
        run.report_text
    );
}

#[test]
fn tcp_unreachable_is_this_machines_network() {
    // Linux refuses TCP to the broadcast address at once: "Network is unreachable".
    let c587 = "smtp.net.test:587:255.255.255.255:587";
    let run = verify_net("smtp.net.test", &["--connect-to", c587, "--only", "tcp"]);
    let c = check(&run, 587, "tcp");
    assert_eq!(c["status"], "fail");
    assert!(
        c["summary"]
            .as_str()
            .unwrap()
            .starts_with("cannot connect: unreachable from this machine"),
        "{c}"
    );
    assert!(c.get("troubleshooting").is_none(), "{c}");
}

#[test]
fn tcp_587_blocked_while_465_works_is_said_so() {
    let pki = pki();
    let h = Harness::start(pki, vec![json!({"name": "tls", "mode": "tls"})]);
    let blocked = FullBacklog::start();
    // The run's certificates name smtp.test.example.
    let c587 = format!("smtp.test.example:587:127.0.0.1:{}", blocked.port);
    let c465 = format!("smtp.test.example:465:127.0.0.1:{}", h.port("tls"));
    let ca = pki.ca();
    let run = verify_net(
        "smtp.test.example",
        &[
            "--connect-to",
            &c587,
            "--connect-to",
            &c465,
            "--cacert",
            &ca,
            "--quit-after",
            "ehlo",
            "--timeout",
            "2",
        ],
    );
    let c = check(&run, 587, "tcp");
    assert_eq!(c["status"], "fail");
    assert!(
        c["summary"]
            .as_str()
            .unwrap()
            .starts_with("cannot connect: timed out: no answer within 2 s"),
        "{c}"
    );
    assert!(c.get("troubleshooting").is_none(), "{c}");
    assert_eq!(check(&run, 465, "tcp")["status"], "pass");
    assert_eq!(check(&run, 465, "ehlo")["status"], "pass");
    let notes = run.report["providers"][0]["notes"].to_string();
    assert!(notes.contains("587 is blocked here; 465 works"), "{notes}");
    assert!(
        run.stdout
            .contains("net network: 587 is blocked here; 465 works"),
        "{}",
        run.stdout
    );
    assert!(
        run.junit.contains("587 is blocked here; 465 works"),
        "{}",
        run.junit
    );
    network::assert_plain(&run.stdout);
    // The port --connect-to led to is random.
    let mut filters = snapshot_filters();
    filters.push((r"port \d{4,5}", "port [port]"));
    insta::with_settings!({filters => filters}, {
        insta::assert_snapshot!("587-blocked-465-works", normalised_text(&run));
    });
}
