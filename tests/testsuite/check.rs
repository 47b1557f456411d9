//! `mailbook check`, `new` and `--external`, run as the real binary on fixture projects.
//!
//! Each folder under `tests/fixtures/invalid/` is one case: a `recipes/` folder and, when the
//! case is about the site configuration, its own `mailbook.yaml` (otherwise the shared
//! `tests/fixtures/mailbook.yaml` is used). The exact output is locked by insta snapshots in
//! `tests/testsuite/snapshots/`. Cases whose name starts with `warn-` only warn and must exit 0.

use super::support::{Cmd, Project, Ran as Run, fixtures};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A temporary project holding a copy of `case` (and the shared configuration if it has none).
fn project(case: &Path) -> Project {
    Project::copy_of(case)
}

fn mailbook(root: &Path, args: &[&str]) -> Run {
    Cmd::at(root).args(args).run()
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn the_corpus_is_large_enough() {
    assert!(cases().len() >= 30, "only {} cases", cases().len());
}

#[test]
fn every_invalid_fixture_reports_its_problem() {
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let dir = project(&case);
        let run = mailbook(dir.path(), &["check"]);
        let expected = if name.starts_with("warn-") { 0 } else { 1 };
        assert_eq!(run.code, expected, "{name}: exit code\n{}", run.stderr);
        assert!(run.stdout.is_empty(), "{name}: text output goes to stderr");
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        insta::assert_snapshot!(format!("invalid-{name}"), run.stderr);
    }
}

/// The diagnostic blocks of a text report: each block's title and `-->` location line.
fn blocks(stderr: &str) -> Vec<String> {
    stderr
        .split("\n\n")
        .filter(|b| b.starts_with("error") || b.starts_with("warning"))
        .map(|b| b.lines().take(2).collect::<Vec<_>>().join("\n"))
        .collect()
}

#[test]
fn check_and_build_report_the_same_problems_with_source_lines() {
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let dir = project(&case);
        let check = mailbook(dir.path(), &["check"]);
        let out = dir.path().join("site-out");
        let build = mailbook(dir.path(), &["build", "--out", out.to_str().unwrap()]);
        let (from_check, from_build) = (blocks(&check.stderr), blocks(&build.stderr));
        // Build stops at the rulebook's errors, so it reports exactly what check reports.
        if check.code != 0 {
            assert_ne!(build.code, 0, "{name}: build succeeded where check failed");
            assert_eq!(
                from_check, from_build,
                "{name}:\n{}\n---\n{}",
                check.stderr, build.stderr
            );
        }
        for block in check
            .stderr
            .split("\n\n")
            .filter(|b| b.starts_with("error"))
        {
            let whole_file =
                block.contains("-->") && !block.lines().nth(1).unwrap_or("").contains(':');
            assert!(
                whole_file || block.contains(" | ") && block.contains('^'),
                "{name}: a diagnostic without source line and caret:\n{block}"
            );
        }
    }
}

#[test]
fn json_output_has_every_field_machines_need() {
    for name in [
        "unknown-field-nested",
        "duplicate-domain-across-recipes",
        "warn-reviewed-long-ago",
        "config-broken-and-recipes-still-checked",
    ] {
        let dir = project(&fixtures().join("invalid").join(name));
        let run = mailbook(dir.path(), &["check", "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let diagnostics = doc["diagnostics"].as_array().unwrap();
        assert!(!diagnostics.is_empty(), "{name}");
        for d in diagnostics {
            for key in [
                "severity", "code", "file", "line", "column", "path", "message",
            ] {
                assert!(d.get(key).is_some(), "{name}: {key} missing in {d}");
            }
        }
        assert_eq!(
            doc["errors"].as_u64().unwrap() > 0,
            run.code == 1,
            "{name}: exit code follows the errors"
        );
        insta::assert_snapshot!(format!("json-{name}"), run.stdout);
    }
}

#[test]
fn github_output_is_one_annotation_per_problem() {
    let dir = project(&fixtures().join("invalid/url-not-absolute"));
    let run = mailbook(dir.path(), &["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("::error file=recipes/acme.yaml,line=14,col=13,"));
    assert!(lines[1].starts_with("::warning "));
    assert!(lines[2].starts_with("::error file=recipes/acme.yaml,line=32,col=50,"));
    insta::assert_snapshot!("github-url-not-absolute", run.stdout);
}

#[test]
fn the_valid_fixture_is_clean() {
    let dir = project(&fixtures().join("valid"));
    let run = mailbook(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "checked 1 recipe and mailbook.yaml: no problems\n"
    );
}

#[test]
fn the_shipped_recipes_are_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = mailbook(root, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn a_fifty_megabyte_file_is_refused_unread() {
    let dir = project(&fixtures().join("valid"));
    let file = std::fs::File::create(dir.path().join("recipes/huge.yaml")).unwrap();
    // Sparse: 50 MB on paper, nothing on disk; mailbook must refuse it from its size alone.
    file.set_len(50 * 1024 * 1024).unwrap();
    let run = mailbook(dir.path(), &["check"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("too-large", run.stderr);
}

#[cfg(unix)]
#[test]
fn an_image_symlink_out_of_the_recipes_folder_is_refused() {
    let dir = project(&fixtures().join("valid"));
    let outside = dir.path().join("secret.png");
    std::fs::write(&outside, b"not for the site").unwrap();
    let link = dir.path().join("recipes/images/acme/app-password.png");
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(&outside, &link).unwrap();
    let run = mailbook(dir.path(), &["check"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("image-symlink-escape", run.stderr);
}

#[test]
fn new_writes_a_skeleton_that_check_guides_to_clean() {
    let dir = project(&fixtures().join("valid"));
    let root = dir.path();
    let run = mailbook(root, &["new", "yahoo", "--name", "Yahoo Mail"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = root.join("recipes/yahoo.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=../schemas/recipe.schema.json\n"));
    assert!(text.contains("name: Yahoo Mail\n"));

    // Unfilled, check names every placeholder by its field.
    let run = mailbook(root, &["check"]);
    assert_eq!(run.code, 1);
    for field in [
        "domains[0]",
        "summary",
        "sources[0].url",
        "sources[0].title",
        "links.register",
        "links.smtp_help",
        "steps[0].title",
        "steps[0].body",
        "smtp[0].host",
    ] {
        assert!(
            run.stderr.contains(&format!("= field: {field}\n")),
            "{field} not flagged:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("9 errors"), "{}", run.stderr);

    // Filled in, it is clean.
    let filled = text
        .replace("yahoo.example.invalid", "yahoo.com")
        .replace(
            "\"TODO: one sentence shown on the provider card\"",
            "Send through a Yahoo Mail mailbox with an app password.",
        )
        .replace("\"TODO: the page's title\"", "SMTP settings")
        .replace(
            "\"TODO: short imperative title, e.g. Turn on 2-step verification\"",
            "Sign in",
        )
        .replace("TODO: what to do, in Markdown.", "Sign in to Yahoo Mail.");
    std::fs::write(&path, filled).unwrap();
    let run = mailbook(root, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("checked 2 recipes"), "{}", run.stderr);
}

#[test]
fn new_never_overwrites_and_checks_the_id() {
    let dir = project(&fixtures().join("valid"));
    let before = std::fs::read(dir.path().join("recipes/acme.yaml")).unwrap();
    let run = mailbook(dir.path(), &["new", "acme"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("recipes/acme.yaml")).unwrap(),
        before
    );
    let run = mailbook(dir.path(), &["new", "Yahoo_Mail"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not a valid recipe id"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("recipes/Yahoo_Mail.yaml").exists());

    let elsewhere = tempfile::tempdir().unwrap();
    let run = mailbook(elsewhere.path(), &["new", "yahoo"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("has no mailbook.yaml"),
        "{}",
        run.stderr
    );
    assert!(!elsewhere.path().join("recipes").exists());
}

/// A local HTTP server answering 404 for paths containing `missing` and 200 otherwise,
/// counting the requests it served.
fn http_server() -> (u16, std::thread::JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(false).unwrap();
    let handle = std::thread::spawn(move || {
        let mut served = 0;
        listener.set_nonblocking(true).expect("non-blocking accept");
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        let mut idle_since = std::time::Instant::now();
        while std::time::Instant::now() < deadline {
            match listener.accept() {
                Ok((stream, _)) => {
                    stream.set_nonblocking(false).unwrap();
                    idle_since = std::time::Instant::now();
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut request_line = String::new();
                    reader.read_line(&mut request_line).unwrap();
                    loop {
                        let mut header = String::new();
                        if reader.read_line(&mut header).unwrap() == 0 || header == "\r\n" {
                            break;
                        }
                    }
                    let status = if request_line.contains("missing") {
                        "404 Not Found"
                    } else {
                        "200 OK"
                    };
                    let mut stream = stream;
                    write!(
                        stream,
                        "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    )
                    .unwrap();
                    served += 1;
                }
                Err(_) => {
                    if served > 0 && idle_since.elapsed() > Duration::from_secs(3) {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
        }
        served
    });
    (port, handle)
}

#[test]
fn external_links_are_probed_and_only_warn() {
    let (port, server) = http_server();
    let dir = project(&fixtures().join("valid"));
    let path = dir.path().join("recipes/acme.yaml");
    // Every URL points at loopback: the test never resolves or reaches another host.
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace(
            "https://help.acme.test/news/app-passwords",
            &format!("http://127.0.0.1:{port}/missing"),
        )
        // Nothing listens on port 9 (discard) of loopback: a refused connection.
        .replace("https://acme.test/signup", "http://127.0.0.1:9/signup")
        .replace(
            "https://help.acme.test/",
            &format!("http://127.0.0.1:{port}/"),
        )
        .replace("https://acme.test/", &format!("http://127.0.0.1:{port}/"));
    assert!(!text.contains("acme.test/"), "{text}");
    std::fs::write(&path, text).unwrap();
    let offline = mailbook(dir.path(), &["check"]);
    assert_eq!(offline.code, 0, "{}", offline.stderr);
    assert!(
        !offline.stderr.contains("answered"),
        "no probing without --external"
    );

    let run = mailbook(dir.path(), &["check", "--external", "--format", "json"]);
    assert_eq!(
        run.code, 0,
        "external problems are warnings only: {}",
        run.stdout
    );
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let messages: Vec<(String, String, String)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .filter(|(_, _, m)| m.contains("answered") || m.contains("could not be reached"))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages.iter().all(|(s, _, _)| s == "warning"));
    assert_eq!(messages[0].1, "links.register");
    assert!(
        messages[0].2.contains("could not be reached"),
        "{messages:?}"
    );
    assert_eq!(messages[1].1, "changelog[0].source");
    assert!(messages[1].2.ends_with("answered HTTP 404"), "{messages:?}");
    let served = server.join().unwrap();
    assert!(served >= 2, "the server saw {served} requests");
}

#[cfg(unix)]
#[test]
fn a_fifo_instead_of_a_file_does_not_hang() {
    let dir = project(&fixtures().join("valid"));
    let fifo = dir.path().join("recipes/stuck.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let config = dir.path().join("mailbook.yaml");
    std::fs::remove_file(&config).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&config)
        .status()
        .unwrap();
    assert!(made.success());
    let run = mailbook(dir.path(), &["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: not a regular file\n--> mailbook.yaml\n\nerror: not a regular file\n--> recipes/stuck.yaml\n\nwarning: the checks across files could not include this file\n--> recipes/stuck.yaml\n = help: unique ids, domains and aliases are checked against it once it loads\n\n2 errors, 1 warning\n"
    );
}

#[cfg(unix)]
#[test]
fn lock_files_are_ignored_and_links_out_of_the_project_refused_unread() {
    let dir = project(&fixtures().join("valid"));
    let recipes = dir.path().join("recipes");
    // An editor's lock file: a dangling symlink named like a recipe.
    std::os::unix::fs::symlink("user@host.1234:1700000000", recipes.join(".#acme.yaml")).unwrap();
    std::fs::write(recipes.join("acme.yaml~"), "not: a recipe\n").unwrap();
    let run = mailbook(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A recipe linked to a file outside the project: refused, and its text never printed.
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.yaml");
    std::fs::write(&secret, "password: hunter2-secret\n").unwrap();
    std::os::unix::fs::symlink(&secret, recipes.join("linked.yaml")).unwrap();
    let run = mailbook(dir.path(), &["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("a link to a file outside the project"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
}

#[test]
fn hostile_recipes_get_bounded_reports() {
    let dir = project(&fixtures().join("valid"));
    let path = dir.path().join("recipes/acme.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    // 6,000 broken anchors and a 60,000-character step id with a near-miss link to it.
    let links: String = (0..6000)
        .map(|i| format!("      [x](#nowhere-{i})\n"))
        .collect();
    let long_id = "a".repeat(60_000);
    let text = text
        .replacen("id: turn-on-2sv", &format!("id: {long_id}"), 1)
        .replacen(
            "    body: |\n      Open **Security**",
            &format!("    body: |\n{links}      [near](#{long_id}b) Open **Security**"),
            1,
        );
    std::fs::write(&path, text).unwrap();
    let run = mailbook(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", &run.stderr[..run.stderr.len().min(2000)]);
    assert!(
        run.stderr
            .contains("more problems of this kind (`broken-anchor`)")
    );
    // Twenty blocks and a summary, not 6,000 blocks each listing every anchor.
    assert!(run.stderr.len() < 200_000, "{} bytes", run.stderr.len());
}
