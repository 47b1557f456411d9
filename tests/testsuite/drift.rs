//! `mailbook drift`, `discover` and `import ispdb` end to end, on 127.0.0.1 only: a real DNS
//! server (dnsmasq) for MX, SRV and A records, a real HTTPS server with a throwaway CA for
//! the autoconfig files and source pages (one agreeing, one differing in port and socket
//! type, one malformed, one redirected, one missing), an ISPDB fixture folder, and the
//! aiosmtpd harness for capability drift. Hostile DNS answers come from a scripted fake
//! (`fake_dns`), as no real server is configured to give them.

use crate::support::Project;
use crate::support::radar::{self, Dnsmasq, FIXTURE, FakeDns, Https, Pki};
use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)
}

/// The loopback world of one test.
struct World {
    pki: Pki,
    dns: Dnsmasq,
    https: Https,
}

impl World {
    fn start() -> World {
        let pki = Pki::new();
        let dns = Dnsmasq::start(&radar::fixture_records());
        let https = Https::start(&pki, &fixture().join("web"), 0);
        World { pki, dns, https }
    }

    /// `mailbook SUBCOMMAND` on the fixture with the network options.
    fn run(&self, sub: &str, args: &[&str]) -> (i32, String, String) {
        let out = Command::cargo_bin("mailbook")
            .unwrap()
            .arg("--root")
            .arg(fixture())
            .arg(sub)
            .args(["--dns-server", &self.dns.addr()])
            .args(["--connect-to", &self.https.connect_to()])
            .args(["--cacert", &self.pki.path("ca.pem")])
            .args(["--timeout", "5"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }
}

/// (file, path, severity, message) of every diagnostic in a JSON drift report.
fn diags(json: &str) -> Vec<(String, String, String, String)> {
    let v: Value = serde_json::from_str(json).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn drift_names_each_changed_field_and_its_source() {
    let w = World::start();
    let ispdb = fixture().join("ispdb");
    let (code, out, err) = w.run(
        "drift",
        &[
            "--no-ehlo",
            "--format",
            "json",
            "--ispdb",
            ispdb.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "{err}");
    let d = diags(&out);
    let at = |file: &str, path: &str, source: &str| {
        d.iter()
            .filter(|(f, p, _, m)| f.ends_with(file) && p == path && m.contains(source))
            .collect::<Vec<_>>()
    };
    // The differing autoconfig file: port and socket type, each at its line.
    let port = at(
        "differ.yaml",
        "smtp[0].port",
        "autoconfig https://autoconfig.differ.test/",
    );
    assert_eq!(port.len(), 1, "{d:#?}");
    assert!(port[0].3.contains("the recipe says 587") && port[0].3.ends_with("says 465"));
    let security = at(
        "differ.yaml",
        "smtp[0].security",
        "autoconfig https://autoconfig.differ.test/",
    );
    assert!(security[0].3.contains("starttls") && security[0].3.contains("tls (SSL)"));
    // The ISPDB entry lists another domain and the same server change.
    assert_eq!(at("differ.yaml", "domains", "ispdb ").len(), 1);
    assert_eq!(at("differ.yaml", "smtp[0].port", "ispdb ").len(), 1);
    // SRV _submissions: another host on implicit TLS.
    assert_eq!(
        at(
            "differ.yaml",
            "smtp[0].host",
            "srv _submissions._tcp.differ.test"
        )
        .len(),
        1
    );
    // MX outside mx_patterns.
    let mx = at("differ.yaml", "mx_patterns", "mx differ.test");
    assert!(mx[0].3.contains("mx.elsewhere.test"));
    // Source pages: redirected and gone.
    assert!(
        at("differ.yaml", "sources[1].url", "page ")[0]
            .3
            .contains("redirected to https://help.differ.test/new-place")
    );
    assert!(
        at("differ.yaml", "sources[2].url", "page ")[0]
            .3
            .contains("gone (HTTP 404)")
    );
    // The malformed file is a warning that names the file, not drift.
    let broken: Vec<_> = d
        .iter()
        .filter(|(f, ..)| f.ends_with("broken.yaml"))
        .collect();
    assert_eq!(broken.len(), 1, "{broken:#?}");
    assert_eq!(broken[0].2, "warning");
    assert!(
        broken[0].3.contains("not a valid autoconfig file"),
        "{}",
        broken[0].3
    );
    // Agreeing, redirected-and-agreeing and 404 sources give nothing.
    for quiet in ["agree.yaml", "moved.yaml", "none.yaml"] {
        assert!(
            !d.iter().any(|(f, ..)| f.ends_with(quiet)),
            "{quiet}: {d:#?}"
        );
    }
}

#[test]
fn drift_text_output_points_at_the_recipe_line() {
    let w = World::start();
    let (code, out, err) = w.run("drift", &["differ", "--no-ehlo"]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "text diagnostics go to stderr: {out}");
    insta::assert_snapshot!("drift_differ_text", err);
}

#[test]
fn drift_reads_the_ispdb_from_its_url_too() {
    let w = World::start();
    let (code, out, err) = w.run(
        "drift",
        &[
            "differ",
            "--no-ehlo",
            "--format",
            "json",
            "--ispdb",
            "https://ispdb.test/v1.1/",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let d = diags(&out);
    let domains: Vec<_> = d.iter().filter(|(_, p, ..)| p == "domains").collect();
    assert_eq!(domains.len(), 1, "{d:#?}");
    assert!(
        domains[0].3.contains(
            "ispdb https://ispdb.test/v1.1/differ.test says [differ.test, differ-mail.test]"
        ),
        "{}",
        domains[0].3
    );
}

#[test]
fn drift_exits_0_when_every_source_agrees() {
    let w = World::start();
    let ispdb = fixture().join("ispdb");
    let (code, _, err) = w.run(
        "drift",
        &[
            "agree",
            "moved",
            "none",
            "--no-ehlo",
            "--ispdb",
            ispdb.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("compared 3 recipes: every source agrees"),
        "{err}"
    );
}

#[test]
fn suggest_prints_a_diff_that_applies_and_changes_nothing() {
    let w = World::start();
    let before = std::fs::read_to_string(fixture().join("recipes/differ.yaml")).unwrap();
    let (code, diff, _) = w.run("drift", &["differ", "--no-ehlo", "--suggest"]);
    assert_eq!(code, 1);
    assert_eq!(
        std::fs::read_to_string(fixture().join("recipes/differ.yaml")).unwrap(),
        before,
        "--suggest never writes"
    );
    insta::assert_snapshot!("drift_differ_suggest", diff);
    let copy = tempfile::tempdir().unwrap();
    radar::copy_tree(&fixture(), copy.path());
    std::fs::write(copy.path().join("fix.diff"), &diff).unwrap();
    let applied = std::process::Command::new("git")
        .current_dir(copy.path())
        .args(["apply", "fix.diff"])
        .output()
        .unwrap();
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    let after = std::fs::read_to_string(copy.path().join("recipes/differ.yaml")).unwrap();
    assert!(
        after.contains("    port: 465\n    security: tls\n"),
        "{after}"
    );
    assert!(after.contains("url: https://help.differ.test/new-place"));
}

#[test]
fn drift_reports_auth_drift_from_the_live_server_in_verifys_words() {
    let w = World::start();
    let smtp = radar::Smtp::start(&w.pki, serde_json::json!({"exclude": ["LOGIN"]}));
    let rule = format!("smtp.agree.test:587:127.0.0.1:{}", smtp.port);
    let (code, out, err) = w.run(
        "drift",
        &[
            "agree",
            "--format",
            "json",
            "--connect-to",
            &rule,
            "--suggest",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let d = diags(&out);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].1, "smtp[0].auth");
    assert!(
        d[0].3.contains("AUTH drift: the server offers PLAIN, the recipe documents PLAIN LOGIN (not offered: LOGIN)"),
        "{}",
        d[0].3
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["recipes"][0]["findings"][0]["proposed"], "[PLAIN]");
    let diff = v["suggest"].as_str().unwrap();
    assert!(
        diff.contains("-    auth: [plain, login]\n+    auth: [PLAIN]\n"),
        "{diff}"
    );
}

#[test]
fn discover_listed_domain_mx_match_and_unknown_domain() {
    let w = World::start();
    let (code, out, _) = w.run("discover", &["shop@agree.test"]);
    assert_eq!(code, 0);
    assert_eq!(out, "agree.test: recipe `agree` (listed domain)\n");

    let (code, out, _) = w.run("discover", &["shop@custom-shop.test", "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["recipe"], "agree");
    assert_eq!(v["reason"], "MX mx1.agree.test matches *.agree.test");

    let (code, out, _) = w.run("discover", &["shop@unknown-shop.test"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("discover_unknown", out);
}

/// The repository's recipes: a listed domain, and a subdomain of a listed suffix
/// (`contoso.onmicrosoft.com` → Microsoft 365), both answered without the network.
#[test]
fn discover_answers_listed_domains_and_suffixes_of_the_repository_offline() {
    let project = Project::repository();
    let ran = project.run(&[
        "discover",
        "shop@contoso.onmicrosoft.com",
        "--format",
        "json",
    ]);
    ran.success();
    let v: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(v["recipe"], "microsoft-365", "{v}");
    assert_eq!(
        v["reason"],
        "subdomain of the listed suffix onmicrosoft.com"
    );
    assert_eq!(
        v["mx"],
        serde_json::json!([]),
        "no DNS question was asked: {v}"
    );
    let ran = project.run(&["discover", "someone@bk.ru"]);
    ran.success();
    assert_eq!(ran.stdout, "bk.ru: recipe `mailru` (listed domain)\n");
}

#[test]
fn discover_rejects_what_is_not_an_address() {
    let w = World::start();
    let (code, _, err) = w.run("discover", &["shop@exa mple..test"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("is not an email address or domain name"),
        "{err}"
    );
}

/// A 10 MB autoconfig file is refused with a clear error, not read.
#[test]
fn huge_autoconfig_file_is_refused() {
    let pki = Pki::new();
    let dns = Dnsmasq::start(&radar::fixture_records());
    let web = radar::web_copy();
    let dir = web.path().join("autoconfig.huge.test/mail");
    std::fs::create_dir_all(&dir).unwrap();
    let mut big = String::from("<clientConfig><emailProvider id=\"huge.test\"><domain>");
    big.push_str(&"x".repeat(10 * 1024 * 1024));
    std::fs::write(dir.join("config-v1.1.xml"), big).unwrap();
    let https = Https::start(&pki, web.path(), 0);
    let w = World { pki, dns, https };
    let (code, out, err) = w.run("discover", &["huge.test"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("error: https://autoconfig.huge.test/mail/config-v1.1.xml: the file is larger than 256 KiB"),
        "{out}"
    );
}

fn with_fake_dns(kind: FakeDns, sub: &str, args: &[&str]) -> (i32, String, String) {
    let port = radar::fake_dns(kind);
    let out = Command::cargo_bin("mailbook")
        .unwrap()
        .arg("--root")
        .arg(fixture())
        .arg(sub)
        .args([
            "--dns-server",
            &format!("127.0.0.1:{port}"),
            "--timeout",
            "2",
        ])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn fake_dns_with_500_mx_records_is_a_clear_error() {
    let (code, out, err) = with_fake_dns(FakeDns::ManyMx(500), "discover", &["many.test"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("MX many.test: the answer holds 500 records; mailbook reads at most 64"),
        "{out}"
    );
}

#[test]
fn fake_dns_cname_loop_is_a_clear_error() {
    let (code, out, err) = with_fake_dns(FakeDns::CnameLoop, "discover", &["loop.test"]);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        out.contains("loop.test: no recipe serves this domain"),
        "{out}"
    );
    assert!(
        out.contains("error: MX loop.test: the name is an alias (CNAME) that leads to no MX record (a CNAME loop or a broken alias"),
        "the loop is reported: {out}"
    );
}

#[test]
fn import_ispdb_writes_a_skeleton_that_check_then_asks_to_finish() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture().join("mailbook.yaml"),
        dir.path().join("mailbook.yaml"),
    )
    .unwrap();
    let file = fixture().join("ispdb/ispdb/differ.test.xml");
    let mailbook = |args: &[&str]| {
        Command::cargo_bin("mailbook")
            .unwrap()
            .arg("--root")
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let out = mailbook(&["import", "ispdb", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("recipes/differ-test.yaml")).unwrap();
    assert!(text.contains("name: Differ Mail\n"), "{text}");
    assert!(
        text.contains("domains: [differ.test, differ-mail.test]\n"),
        "{text}"
    );
    assert!(text.contains("  - host: smtp.differ.test\n"), "{text}");
    assert!(text.contains("    port: 465\n"));
    assert!(text.contains("    security: tls\n"));
    assert!(
        text.contains("  - url: https://help.differ.test/smtp\n"),
        "{text}"
    );
    assert!(text.contains("    title: \"SMTP settings\"\n"), "{text}");
    // The prose is still to write: check says so, and nothing fails to parse.
    let check = mailbook(&["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&check.stdout).unwrap();
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"summary"), "{paths:?}");
    assert!(
        !paths
            .iter()
            .any(|p| p.starts_with("smtp") || *p == "domains"),
        "{paths:?}"
    );
    // A second import never replaces the first.
    let again = mailbook(&["import", "ispdb", file.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    // A malformed file is an error naming the file.
    let broken = fixture().join("web/autoconfig.broken.test/mail/config-v1.1.xml");
    let bad = mailbook(&[
        "import",
        "ispdb",
        broken.to_str().unwrap(),
        "--id",
        "broken",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("config-v1.1.xml: not a valid autoconfig file"),
        "{err}"
    );
}
