//! Evidence on every provider page, from a verification report with history
//! (`tests/fixtures/evidence/report.json`: Gmail checked on 88 of the 90 days to 2026-11-24,
//! failing at auth on 2026-11-20 and 21, nothing checked on 2026-10-05, no run on
//! 2026-09-10, and a day older than the window): the 90-day strip, the last check phase by
//! phase, the Atom feed of status changes, the ticket replies, and no secret of a real
//! `verify` run on any built page.

use super::support::smtp::{Harness, pki};
use super::support::verify::*;
use super::support::{Project, repo};
use serde::Deserialize;
use serde_json::json;
use std::path::Path;

fn report() -> String {
    repo()
        .join("tests/fixtures/evidence/report.json")
        .to_string_lossy()
        .into_owned()
}

/// The basic fixture built on 2026-11-25 with the history report.
fn built() -> Project {
    let project = Project::fixture("basic");
    project
        .build(&["--verification", &report(), "--today", "2026-11-25"])
        .success();
    project
}

/// The part of `html` from `start` to the next `end` (inclusive).
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"));
    let to = from + html[from..].find(end).expect("end marker") + end.len();
    &html[from..to]
}

#[test]
fn the_strip_counts_the_days_of_the_report_history() {
    let project = built();
    let gmail = project.site("gmail/index.html");
    let section = between(&gmail, "<section id=\"evidence\"", "</section>");
    assert!(
        section.contains("Passed 86 of 88 checks in the 90 days to <time datetime=\"2026-11-24\">"),
        "{section}"
    );
    let strip = between(section, "<ol class=\"strip\"", "</ol>");
    assert_eq!(strip.matches("<li class=\"day ").count(), 90);
    assert_eq!(strip.matches("day-pass\"").count(), 86);
    assert_eq!(strip.matches("day-fail\"").count(), 2);
    assert_eq!(strip.matches("day-skipped\"").count(), 1);
    assert_eq!(strip.matches("day-none\"").count(), 1);
    // Every day says what happened in words, not only in colour.
    assert!(strip.contains(
        r#"title="2026-11-20: failed at auth"><span class="visually-hidden">2026-11-20: failed at auth</span>"#
    ));
    assert!(strip.contains(r#"title="2026-09-10: no check""#));
    assert!(strip.contains(r#"title="2026-10-05: nothing checked""#));
    assert!(
        strip.contains(r#"title="2026-08-27: passed""#),
        "first day of the window"
    );
    assert!(
        !strip.contains("2026-08-20"),
        "a day older than the window is not shown"
    );
    assert!(
        section.contains("Failed on <time datetime=\"2026-11-20\">2026-11-20</time> (at auth)")
    );

    // The last check, phase by phase, with its timings and evidence.
    let transcript = between(section, "<details class=\"transcript\">", "</details>");
    insta::assert_snapshot!(transcript);

    // AOL: three checked days, all passed; Outlook.com has no report, so no section.
    let aol = project.site("aol/index.html");
    assert!(
        aol.contains("Passed 3 of 3 checks in the 90 days to"),
        "{aol}"
    );
    assert!(
        !aol.contains("class=\"transcript\""),
        "AOL's report has no servers"
    );
    assert!(
        !project
            .site("outlook/index.html")
            .contains("id=\"evidence\"")
    );
}

#[derive(Debug, Deserialize)]
struct Feed {
    id: String,
    updated: String,
    author: Author,
    #[serde(rename = "entry", default)]
    entries: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct Author {
    name: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Entry {
    id: String,
    title: String,
    updated: String,
    link: Link,
    summary: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Link {
    #[serde(rename = "@href")]
    href: String,
}

fn feed(project: &Project) -> Feed {
    quick_xml::de::from_str(&project.site("feed.xml")).expect("feed.xml is well-formed Atom")
}

#[test]
fn the_atom_feed_has_status_changes_and_verification_flips() {
    let project = Project::fixture("basic");
    // AOL announced a status change in force on the build day, and one still ahead.
    let aol = project.read("recipes/aol.yaml");
    project.write(
        "recipes/aol.yaml",
        &format!(
            "{aol}changelog:\n  - date: 2026-11-10\n    change: AOL asks for an *app password* & a phone number.\n    effect:\n      status: preparation\n      hint: Have a phone number ready.\n  - date: 2027-01-10\n    change: Not yet.\n    effect:\n      status: broken\n      hint: Not yet.\n"
        ),
    );
    project
        .build(&["--verification", &report(), "--today", "2026-11-25"])
        .success();
    let feed = feed(&project);
    assert_eq!(feed.id, "https://help.example.com/mail/feed.xml");
    assert_eq!(feed.author.name, "Mail setup help");
    let titles: Vec<&str> = feed.entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Gmail: verification passing again",
            "Gmail: verification failing at auth",
            "AOL Mail: now “Needs preparation”",
        ],
        "{feed:#?}"
    );
    assert_eq!(
        feed.updated, "2026-11-22T00:00:00Z",
        "the newest entry's time"
    );
    let fail = &feed.entries[1];
    assert_eq!(
        fail.id,
        "https://help.example.com/mail/feed.xml#gmail-2026-11-20-verification-fail"
    );
    assert_eq!(fail.updated, "2026-11-20T00:00:00Z");
    assert_eq!(fail.link.href, "https://help.example.com/mail/gmail/");
    assert!(
        fail.summary.contains("after passing on 2026-11-19"),
        "{}",
        fail.summary
    );
    let status = &feed.entries[2];
    assert_eq!(status.link.href, "https://help.example.com/mail/aol/");
    // Plain text, escaped as XML by the template and read back as written.
    assert!(
        status
            .summary
            .contains("AOL asks for an app password & a phone number."),
        "{}",
        status.summary
    );

    // Ids are stable from build to build.
    project
        .build(&["--verification", &report(), "--today", "2026-11-26"])
        .success();
    assert_eq!(crate::evidence::feed(&project).entries, feed.entries);

    // Every page announces the feed.
    for page in [
        "index.html",
        "gmail/index.html",
        "errors/index.html",
        "404.html",
    ] {
        assert!(
            project.site(page).contains(
                r#"<link rel="alternate" type="application/atom+xml" href="https://help.example.com/mail/feed.xml""#
            ),
            "{page}"
        );
    }
}

#[test]
fn without_a_report_the_feed_is_valid_and_empty() {
    let project = Project::fixture("basic");
    project.build(&["--today", "2026-11-25"]).success();
    let feed = feed(&project);
    assert!(feed.entries.is_empty());
    assert_eq!(feed.updated, "2026-11-25T00:00:00Z");
}

/// The plain-text reply of the ticket button after `anchor` on `html`, as the browser reads
/// it (entities decoded).
fn reply_after(html: &str, anchor: &str) -> String {
    let from = html.find(anchor).expect("anchor");
    let template = between(
        &html[from..],
        "<template class=\"ticket-reply\">",
        "</template>",
    );
    let inner = template
        .trim_start_matches("<template class=\"ticket-reply\">")
        .trim_end_matches("</template>");
    quick_xml::escape::unescape(inner).unwrap().into_owned()
}

#[test]
fn ticket_replies_are_plain_text_with_a_deep_link_and_the_verified_stamp() {
    let project = built();
    let gmail = project.site("gmail/index.html");
    let reply = reply_after(&gmail, "id=\"bad-credentials\"");
    insta::assert_snapshot!("ticket_reply_troubleshooting", reply);
    assert!(reply.contains("https://help.example.com/mail/gmail/#bad-credentials"));
    assert!(reply.contains("verified with Gmail yesterday (2026-11-24)"));
    // The Markdown link of the fix is a plain address.
    assert!(reply.contains("(https://help.example.com/mail/gmail/#create-app-password)"));
    assert!(!reply.contains("]("), "no Markdown left: {reply}");

    let step = reply_after(&gmail, "id=\"create-app-password\"");
    insta::assert_snapshot!("ticket_reply_step", step);
    assert!(step.contains("https://help.example.com/mail/gmail/#create-app-password"));
    assert!(!step.contains('`') && !step.contains("**"), "{step}");

    // Hidden until the script shows it: without JavaScript no button offers anything.
    assert!(gmail.contains(r#"<button type="button" class="ticket-copy" hidden>"#));
    let steps = gmail.matches("class=\"step\"").count();
    let entries = gmail.matches("class=\"trouble\"").count();
    assert_eq!(
        gmail.matches("class=\"ticket-copy\"").count(),
        steps + entries
    );

    // Without a report there is no stamp.
    let plain = Project::fixture("basic");
    plain.build(&["--today", "2026-11-25"]).success();
    let reply = reply_after(&plain.site("gmail/index.html"), "id=\"bad-credentials\"");
    assert!(!reply.contains("verified"), "{reply}");
    assert!(reply.contains("https://help.example.com/mail/gmail/#bad-credentials"));
}

/// Every file below `dir`, as text where it is text.
fn every_file(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(every_file(&path));
        } else {
            let bytes = std::fs::read(&path).unwrap();
            out.push((
                path.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    out
}

#[test]
fn no_secret_of_a_real_verify_run_reaches_any_built_page() {
    // Two real runs against real SMTP servers, the secret accepted, then refused: the report
    // carries the day's history and the last transcript (a 535 reply) onto the site.
    let pki = pki();
    let h = Harness::start(
        pki,
        vec![
            starttls_server("s", json!({})),
            json!({"name": "w", "mode": "starttls", "users": {USER: "another-password"}}),
        ],
    );
    let project = Project::copy_of(&repo().join(FIXTURE));
    // Its recipe with an expired skip is there for `verify`'s own tests; `build` refuses it.
    project.remove("recipes/expiredskip.yaml");
    let report_path = project.root().join("report.json");
    let env = creds("STARTTLS", SECRET);
    for server in ["s", "w"] {
        let c = connect("smtp.test.example", 587, h.port(server));
        let run = verify_in(
            project.root(),
            &["starttls", "--connect-to", &c, "--cacert", &pki.ca()],
            &refs(&env),
            Some(&report_path),
        );
        run.assert_no_secret();
    }
    // Both runs were on one day: the last one (refused at auth) stands for it.
    let report: serde_json::Value = serde_json::from_str(&project.read("report.json")).unwrap();
    let starttls = report["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "starttls")
        .unwrap();
    assert_eq!(starttls["history"].as_array().unwrap().len(), 1);
    assert_eq!(starttls["history"][0]["outcome"], "fail");
    assert_eq!(starttls["history"][0]["failed_phase"], "auth");
    project.build(&["--verification", "report.json"]).success();
    let gmail_like = project.site("starttls/index.html");
    assert!(
        gmail_like.contains("id=\"evidence\""),
        "the page shows the evidence"
    );
    assert!(
        gmail_like.contains("The server replied <code>535"),
        "{gmail_like}"
    );
    // Its ticket replies say when it last passed (the first run) and that it fails now.
    let reply = reply_after(&gmail_like, "id=\"bad-credentials\"");
    assert!(
        reply.contains("These settings were verified with Test STARTTLS Mail "),
        "{reply}"
    );
    assert!(reply.contains("has been failing since 20"), "{reply}");
    let files = every_file(&project.root().join("site"));
    assert!(files.len() > 5);
    for (path, text) in files {
        assert!(!text.contains(SECRET), "secret in {path}");
        assert!(
            !text.contains("Zebra-Secret"),
            "part of the secret in {path}"
        );
    }
}
