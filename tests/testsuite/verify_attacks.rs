//! `mailbook verify` refusing what it must refuse: usage errors, a STARTTLS downgrade, a
//! certificate for the wrong name, line breaks in credentials and recipe text, broken
//! projects and unknown providers, a provider named twice.

use super::support::smtp::{Harness, pki};
use super::support::verify::*;
use serde_json::{Value, json};

#[test]
fn usage_errors_exit_2() {
    let run = verify(&["nosuch"], &[], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no recipe `nosuch`"), "{}", run.stderr);
    let run = verify(&["starttls", "--connect-to", "bad"], &[], None);
    assert_eq!(run.code, 2);
    let run = verify(&["starttls", "--to", "a@b>\r\nRCPT TO:<c@d"], &[], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("expected one plain email address"),
        "{}",
        run.stderr
    );
    // Phases that exclude each other leave nothing to run: not a pass.
    let run = verify(
        &["starttls", "--only", "send", "--quit-after", "auth"],
        &[],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("no phase is left to run"),
        "{}",
        run.stderr
    );
}

// ---- Second pass: downgrade, injection and leak attempts; refusal of broken projects;
// ---- progress; the text and JUnit outputs QA reads.

#[test]
fn starttls_answered_with_454_fails_at_tls_and_never_sends_auth() {
    let pki = pki();
    // aiosmtpd advertises STARTTLS, then its own handler answers 454 (TLS setup broken).
    let h = Harness::start(
        pki,
        vec![starttls_server("s", json!({"tls_unavailable": true}))],
    );
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", SECRET);
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let tls = run.check("starttls", "tls");
    assert_eq!(tls["status"], "fail", "{tls}");
    assert_eq!(tls["reply"]["code"], 454, "{tls}");
    assert!(
        tls["summary"]
            .as_str()
            .unwrap()
            .starts_with("STARTTLS refused: 454"),
        "{tls}"
    );
    for phase in ["certificate", "ehlo", "auth", "send"] {
        assert_eq!(run.status("starttls", phase), "skip", "{phase}");
    }
    let verbs: Vec<String> = h
        .commands("s")
        .iter()
        .map(|c| c["verb"].as_str().unwrap().to_string())
        .collect();
    assert!(verbs.contains(&"STARTTLS".to_string()), "{verbs:?}");
    assert!(
        !verbs.iter().any(|v| v == "AUTH" || v == "MAIL"),
        "{verbs:?}"
    );
    assert!(run.stdout.contains("server replied: 454"), "{}", run.stdout);
}

#[test]
fn certificate_for_the_connect_to_address_is_not_the_documented_host() {
    // --connect-to reaches 127.0.0.1, whose certificate is valid for 127.0.0.1: the name is
    // still checked against the documented host, so this must fail.
    let pki = pki();
    let h = Harness::start(pki, vec![starttls_server("s", json!({"cert": "loopback"}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", SECRET);
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let cert = run.check("starttls", "certificate");
    assert_eq!(cert["status"], "fail", "{cert}");
    let summary = cert["summary"].as_str().unwrap();
    assert!(
        summary.contains("not valid for smtp.test.example") && summary.contains("127.0.0.1"),
        "{summary}"
    );
    assert_eq!(run.status("starttls", "auth"), "skip");
    assert!(h.commands("s").iter().all(|c| c["verb"] != "AUTH"));
}

#[test]
fn user_name_with_a_line_break_is_refused_and_never_sent() {
    let pki = pki();
    let h = Harness::start(pki, vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let user = format!("{USER}\r\nMAIL FROM:<evil@attacker.example>\x1b[2J");
    let env = [
        ("MAILBOOK_STARTTLS_USERNAME", user.as_str()),
        ("MAILBOOK_STARTTLS_PASSWORD", SECRET),
    ];
    let run = verify(
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &env,
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let input = run.check("starttls", "input");
    assert_eq!(input["status"], "fail", "{input}");
    assert!(
        input["summary"]
            .as_str()
            .unwrap()
            .contains("contains control characters"),
        "{input}"
    );
    assert_eq!(run.status("starttls", "auth"), "skip");
    assert!(
        h.commands("s")
            .iter()
            .all(|c| c["verb"] != "AUTH" && c["verb"] != "MAIL")
    );
    // Nothing from the user name reaches the terminal raw.
    for (what, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(
            !text.contains('\r') && !text.contains('\x1b'),
            "control character in {what}: {text:?}"
        );
    }
}

#[test]
fn recipe_text_cannot_end_the_test_mail_early() {
    // A recipe name carrying CR/LF and a lone dot: the SMTP smuggling shape.
    let project = project_copy();
    let recipe = std::fs::read_to_string(project.path().join("recipes/starttls.yaml"))
        .unwrap()
        .replace(
            "name: Test STARTTLS Mail",
            "name: \"Test\\r.\\rMAIL FROM:<evil@attacker.example>\\n.\\nX\"",
        );
    std::fs::write(project.path().join("recipes/starttls.yaml"), recipe).unwrap();
    let pki = pki();
    let h = Harness::start(pki, vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.test.example", 587, h.port("s"));
    let env = creds("STARTTLS", SECRET);
    let run = verify_in(
        project.path(),
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &refs(&env),
        None,
    );
    if run.code == 2 {
        // The recipe checks refused the name before anything was sent: also safe.
        assert!(h.commands("s").is_empty());
        return;
    }
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let messages = h.messages("s");
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0]["bare_cr_or_lf"], false, "{messages:?}");
    let mails: Vec<Value> = h
        .commands("s")
        .into_iter()
        .filter(|c| c["verb"] == "MAIL")
        .collect();
    assert_eq!(mails.len(), 1, "one MAIL FROM only: {mails:?}");
    assert!(!run.stdout.contains('\r'), "{:?}", run.stdout);
}

#[test]
fn a_project_with_recipe_errors_is_not_verified() {
    let project = project_copy();
    let path = project.path().join("recipes/starttls.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("reviewed: 2026-11-26", "reviewed: 2999-01-01"),
    )
    .unwrap();
    let h = Harness::start(pki(), vec![starttls_server("s", json!({}))]);
    let c = connect("smtp.implicit.test.example", 465, h.port("s"));
    // Even a recipe without errors is not run while another has them.
    let run = verify_in(project.path(), &["implicit", "--connect-to", &c], &[], None);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("the review date 2999-01-01 is in the future"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("recipes/starttls.yaml:7:11"),
        "file:line:col: {}",
        run.stderr
    );
    assert!(run.stderr.contains("not run, the project has errors"));
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.report_text.is_empty(), "no report is written");
    assert!(h.commands("s").is_empty(), "nothing was contacted");

    // A file that does not parse: the loader's diagnostics, also exit 2.
    std::fs::write(&path, "id: [unclosed\n").unwrap();
    let run = verify_in(project.path(), &["implicit"], &[], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("recipes/starttls.yaml:"),
        "{}",
        run.stderr
    );
}

#[test]
fn recipe_warnings_are_shown_but_do_not_stop_the_run() {
    let project = project_copy();
    let path = project.path().join("recipes/starttls.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("reviewed: 2026-11-26", "reviewed: 2019-01-01"),
    )
    .unwrap();
    let pki = pki();
    let h = shared_servers();
    let c = connect("smtp.test.example", 587, h.port("s"));
    let run = verify_in(
        project.path(),
        &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
        &[],
        None,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("warning") && run.stderr.contains("last reviewed on 2019-01-01"),
        "{}",
        run.stderr
    );
    assert_eq!(run.status("starttls", "ehlo"), "pass");
}

#[test]
fn unknown_provider_exits_2_with_a_suggestion() {
    let run = verify(&["starttsl"], &[], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("no recipe `starttsl` (did you mean `starttls`?)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("known recipes: "), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("expiredskip, implicit, oauth, plaintext, starttls"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    // Nothing close: no suggestion, but the list.
    let run = verify(&["zzzz"], &[], None);
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
}
