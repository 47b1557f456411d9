//! What people read from `mailbook verify`: the live progress on a terminal, the text table
//! and JUnit (snapshots), and the report turned into badges on the built site.

use super::support::Cmd;
use super::support::smtp::{Harness, pki};
use super::support::verify::*;
use serde_json::{Value, json};
use std::process::Stdio;

/// Run `verify` under a pseudo-terminal (util-linux `script`), returning what it drew.
fn on_terminal(args: &[&str], extra_env: &[(&str, &str)]) -> String {
    let bin = assert_cmd::cargo::cargo_bin("mailbook");
    let mut line = format!("{} --root {FIXTURE} verify", bin.display());
    for a in args {
        line.push(' ');
        line.push_str(a);
    }
    let mut cmd = std::process::Command::new("script");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-qec", &line, "/dev/null"])
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let out = cmd
        .output()
        .expect("`script` (util-linux/bsdutils) runs the command on a terminal");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn live_progress_only_on_a_terminal() {
    let pki = pki();
    // Each reply takes 300 ms, so the line is drawn while EHLO is under way (indicatif
    // draws at most 20 times a second; a phase of a millisecond may never show).
    let h = Harness::start(pki, vec![starttls_server("s", json!({"delay_ms": 300}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let ca = pki.ca();
    let args = ["starttls", "--connect-to", &c, "--cacert", &ca];
    let drawn = on_terminal(&args, &[]);
    // The provider's line moves through the phases and ends with its verdict.
    assert!(
        drawn.contains("smtp.test.example:587 ehlo… (certificate pass)"),
        "{drawn:?}"
    );
    assert!(drawn.contains("starttls   pass: "), "{drawn:?}");
    assert!(
        drawn.contains("\x1b[1A") || drawn.contains("\x1b[2K"),
        "{drawn:?}"
    );
    // The table follows on a line of its own.
    assert!(drawn.contains("\nPROVIDER"), "{drawn:?}");

    for env in [("NO_COLOR", "1"), ("TERM", "dumb")] {
        let drawn = on_terminal(&args, &[env]);
        assert!(drawn.contains("PROVIDER"), "{drawn:?}");
        assert!(!drawn.contains("ehlo…"), "{env:?}: {drawn:?}");
        assert!(!drawn.contains("\x1b["), "{env:?}: {drawn:?}");
    }
    // Not a terminal (every other test): stderr stays empty.
    let run = verify(&args, &[], None);
    assert_eq!(run.stderr, "", "{}", run.stderr);
}

/// The report behind a run, with what changes from run to run fixed, rendered as text.
pub fn normalised_text(run: &Run) -> String {
    use mailbook::report::Report;
    use mailbook::verify::output::{Style, text};
    let mut report: Report = serde_json::from_str(&run.report_text).unwrap();
    // The run printed exactly what the report holds.
    assert_eq!(text(&report, Style::plain()), run.stdout);
    let t: jiff::Timestamp = "2026-11-26T12:00:00Z".parse().unwrap();
    report.started_at = t;
    report.finished_at = t;
    for p in &mut report.providers {
        for s in &mut p.servers {
            for c in &mut s.checks {
                c.duration_ms = 0;
            }
        }
    }
    text(&report, Style::plain())
}

pub fn snapshot_filters() -> Vec<(&'static str, &'static str)> {
    vec![
        (r"127\.0\.0\.1:\d+", "127.0.0.1:[port]"),
        (r"\(\d+ days\)", "([n] days)"),
        (r"TLSv1\.[23] TLS[0-9A-Z_]+", "[tls version] [cipher]"),
        (r"TLSv1\.[23]", "[tls version]"),
    ]
}

#[test]
fn text_output_of_a_passing_run() {
    let pki = pki();
    let h = Harness::start(pki, vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", SECRET);
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    insta::with_settings!({filters => snapshot_filters()}, {
        insta::assert_snapshot!("text-pass", normalised_text(&run));
    });
}

#[test]
fn text_output_and_junit_of_an_auth_failure() {
    let pki = pki();
    let h = Harness::start(
        pki,
        vec![json!({"name": "s", "mode": "starttls", "users": {USER: "the-right-one"}})],
    );
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", SECRET);
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    insta::with_settings!({filters => snapshot_filters()}, {
        insta::assert_snapshot!("text-auth-failure", normalised_text(&run));
    });

    // The JUnit file is well-formed XML (parsed by Python's xml.etree) and its failure
    // carries the message and the troubleshooting entry's cause, fix and link.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("junit.xml");
    std::fs::write(&file, &run.junit).unwrap();
    let parsed = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import json, sys, xml.etree.ElementTree as ET\n\
             root = ET.parse(sys.argv[1]).getroot()\n\
             cases = root.findall('./testsuite/testcase')\n\
             out = {'root': root.tag, 'tests': root.get('tests'), 'failures': root.get('failures'),\n\
                    'cases': [c.get('classname') + '/' + c.get('name') for c in cases],\n\
                    'failed': [{'name': c.get('name'), 'message': f.get('message'), 'type': f.get('type'),\n\
                                'text': f.text} for c in cases for f in c.findall('failure')],\n\
                    'skipped': [c.get('name') for c in cases if c.find('skipped') is not None]}\n\
             print(json.dumps(out))",
        )
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        parsed.status.success(),
        "JUnit XML does not parse: {}\n{}",
        String::from_utf8_lossy(&parsed.stderr),
        run.junit
    );
    let j: Value = serde_json::from_slice(&parsed.stdout).unwrap();
    assert_eq!(j["root"], "testsuites");
    assert_eq!(j["tests"], "8");
    assert_eq!(j["failures"], "1");
    assert_eq!(j["cases"][0], "starttls.smtp.test.example:587/dns");
    assert_eq!(j["skipped"], json!(["send"]));
    let failed = j["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{j}");
    let f = &failed[0];
    assert_eq!(f["name"], "auth");
    assert_eq!(f["type"], "auth");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .starts_with("AUTH PLAIN as shop@test.example refused: 535 5.7.8"),
        "{f}"
    );
    let body = f["text"].as_str().unwrap();
    for part in [
        "server replied: 535 5.7.8",
        "troubleshooting: bad-credentials",
        "cause: The account password was used",
        "fix: Create a new app password",
        "see: https://help.test.example/mail/starttls/#bad-credentials",
    ] {
        assert!(body.contains(part), "{part} missing in {body}");
    }
}

#[test]
fn password_with_the_newline_of_a_yaml_block_is_caught_before_login() {
    use std::os::unix::fs::PermissionsExt;
    let pki = pki();
    let h = Harness::start(pki, vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("credentials.yaml");
    // `|` keeps the final newline: the value is SECRET + "\n", which no panel accepts.
    std::fs::write(
        &file,
        format!("starttls:\n  username: {USER}\n  password: |\n    {SECRET}\n"),
    )
    .unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let f = file.display().to_string();
    let run = verify(
        &[
            "starttls",
            "--connect-to",
            &c,
            "--cacert",
            &pki.ca(),
            "--credentials",
            &f,
        ],
        &[],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let input = run.check("starttls", "input");
    assert_eq!(input["status"], "fail", "{input}");
    assert!(
        input["summary"]
            .as_str()
            .unwrap()
            .contains("the password contains control characters"),
        "{input}"
    );
    assert!(
        input["fix"].as_str().unwrap().contains("`|` block"),
        "{input}"
    );
    assert_eq!(run.status("starttls", "auth"), "skip");
    assert!(h.commands("s").iter().all(|c| c["verb"] != "AUTH"));
}

#[test]
fn a_provider_named_twice_is_verified_once() {
    let run = verify(
        &[
            "plaintext",
            "plaintext",
            "--connect-to",
            "::127.0.0.1:1",
            "--timeout",
            "2",
        ],
        &[],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.report["providers"].as_array().unwrap().len(), 1);
    assert_eq!(run.status("plaintext", "tcp"), "fail");
}

#[test]
fn the_report_of_a_real_run_becomes_badges_on_the_built_site() {
    // verify against real servers writes --report; build --verification shows it: a pass as
    // "verified on DATE", a failure as "failing since DATE: phase, code" linking its fix.
    let pki = pki();
    let h = Harness::start(
        pki,
        vec![
            json!({"name": "i", "mode": "tls", "users": {USER: SECRET}}),
            json!({"name": "s", "mode": "starttls", "users": {USER: "the-right-one"}}),
        ],
    );
    let project = project_copy();
    // An expired skip is a recipe error; this test is about the other recipes.
    std::fs::remove_file(project.path().join("recipes/expiredskip.yaml")).unwrap();
    let report = project.path().join("report.json");
    let ci = connect("smtp.implicit.test.example", 465, h.port("i"));
    let cs = connect("smtp.test.example", 587, h.port("s"));
    let mut env = creds("IMPLICIT", SECRET);
    env.extend(creds("STARTTLS", SECRET));
    let run = verify_in(
        project.path(),
        &[
            "implicit",
            "starttls",
            "--connect-to",
            &ci,
            "--connect-to",
            &cs,
            "--cacert",
            &pki.ca(),
        ],
        &refs(&env),
        Some(&report),
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.status("implicit", "send"), "pass", "{}", run.stdout);
    assert_eq!(run.status("starttls", "auth"), "fail", "{}", run.stdout);
    let link = run.check("starttls", "auth")["link"]
        .as_str()
        .unwrap()
        .to_string();

    Cmd::at(project.path())
        .args(["build", "--verification"])
        .arg(&report)
        .run()
        .success();
    let site = project.path().join("site");
    let read = |rel: &str| std::fs::read_to_string(site.join(rel)).unwrap();
    // The dates are those of the run (UTC), whatever day the test runs on.
    let day = |field: &Value| field.as_str().unwrap()[..10].to_string();
    assert_eq!(run.report["providers"][0]["id"], "implicit");
    let verified = format!(
        "verified on {}",
        day(&run.report["providers"][0]["last_passed"])
    );
    let failing = format!(
        "failing since {}: auth, 535 5.7.8",
        day(&run.report["providers"][1]["failing_since"])
    );
    assert_eq!(run.report["providers"][1]["id"], "starttls");
    let index = read("index.html");
    assert!(index.contains(&verified), "{verified} not on the index");
    assert!(index.contains(&failing), "{failing} not on the index");
    let implicit = read("implicit/index.html");
    assert!(implicit.contains(&verified), "{verified} not on implicit");
    assert!(!implicit.contains("failing since"));
    let starttls = read("starttls/index.html");
    assert!(starttls.contains(&failing), "{failing} not on starttls");
    assert!(!starttls.contains("verified on"));
    assert!(starttls.contains(r##"<a href="#bad-credentials">What this failure means</a>"##));
    // The link verify printed names this page and an id on it.
    assert_eq!(
        link,
        "https://help.test.example/mail/starttls/#bad-credentials"
    );
    assert!(starttls.contains(r#" id="bad-credentials""#));
    // Pages that were not verified carry no badge.
    assert!(!read("oauth/index.html").contains("verified on"));
    for page in ["index.html", "implicit/index.html", "starttls/index.html"] {
        assert!(!read(page).contains(SECRET), "secret on {page}");
    }
}
