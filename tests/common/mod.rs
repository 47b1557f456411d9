//! Shared helpers for the integration tests: fixture projects copied into a temp folder, the
//! real `mailbook` binary, a byte-for-byte tree snapshot, and a tiny loopback static server.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fixture project copied into a temp folder, so tests can change it freely.
pub struct Project {
    /// Keeps the temp folder alive.
    pub dir: tempfile::TempDir,
}

impl Project {
    /// Copy `tests/fixtures/NAME`.
    pub fn fixture(name: &str) -> Project {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_tree(&from, dir.path());
        Project { dir }
    }

    /// The project root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Write (or replace) a file in the project.
    pub fn write(&self, rel: &str, text: &str) -> &Project {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Replace text in a project file (the text must be there).
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Project {
        let path = self.root().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "`{from}` not in {rel}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// `mailbook build` with extra arguments, run in the project root.
    pub fn build(&self, args: &[&str]) -> Output {
        mailbook()
            .current_dir(self.root())
            .arg("build")
            .args(args)
            .output()
            .unwrap()
    }
}

/// The real binary.
pub fn mailbook() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mailbook"));
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Copy a folder recursively.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir` (relative path → bytes).
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// Stderr as text, with the temp folder replaced by `[ROOT]`.
pub fn stderr(output: &Output, root: &Path) -> String {
    String::from_utf8_lossy(&output.stderr).replace(&root.display().to_string(), "[ROOT]")
}

/// Serve `dir` on 127.0.0.1 (a free port) from a background thread, like a static host:
/// `/x/` serves `x/index.html`, unknown paths get `404.html` with status 404.
pub fn serve(dir: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    return;
                }
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                }
                let path = request_line.split_whitespace().nth(1).unwrap_or("/");
                let path = path.split(['?', '#']).next().unwrap_or("/");
                let mut file = dir.join(path.trim_start_matches('/'));
                if path.ends_with('/') {
                    file = file.join("index.html");
                }
                let safe = !path.contains("..");
                let (status, body, file) = match std::fs::read(&file) {
                    Ok(b) if safe => ("200 OK", b, file),
                    _ => (
                        "404 Not Found",
                        std::fs::read(dir.join("404.html")).unwrap_or_default(),
                        dir.join("404.html"),
                    ),
                };
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    Some("json") => "application/json",
                    Some("png") => "image/png",
                    Some("xml") => "application/xml",
                    _ => "text/plain; charset=utf-8",
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    port
}

/// A synthetic recipe of about 4–5 KB (settings, 6 steps, 8 troubleshooting entries, a
/// callout, a changelog), the same shape `benches/build.sh` generates.
pub fn synthetic_recipe(i: usize) -> String {
    let mut s = format!(
        "id: p{i:05}\nname: Provider {i}\naliases: [Alias {i}]\ndomains: [p{i:05}.example]\nstatus: ok\n\
         summary: Send through Provider {i} with an app password over STARTTLS.\nreviewed: 2026-11-01\n\
         sources:\n  - url: https://help.p{i}.example/smtp\n    title: SMTP settings\n\
         requires:\n  app_password: true\nsteps:\n"
    );
    for n in 1..=6 {
        s.push_str(&format!(
            "  - id: step-{n}\n    title: Do step {n} at Provider {i}\n    link: https://p{i}.example/step{n}\n    body: |\n      \
             Open the **settings** of your mailbox and choose *Security*, then follow the\n      \
             on-screen instructions for step {n}. Copy the value shown and keep the page open\n      \
             until the admin panel confirms it; see [the form](#form) for where it goes.\n"
        ));
    }
    s.push_str(
        "smtp:\n  - host: smtp.example.net\n    port: 587\n    security: starttls\n    auth: [plain, login]\n    \
         username: \"{email}\"\n    password: app_password\n    preferred: true\n\
         notes:\n  - kind: warning\n    body: Revoking the app password stops the shop's mail at once; create a new one first.\n\
         troubleshooting:\n",
    );
    for n in 1..=8 {
        s.push_str(&format!(
            "  - id: error-{n}\n    match: {{ phase: auth, code: 535, enhanced: 5.7.{n} }}\n    \
             symptom: \"535 5.7.{n} Authentication failed ({n})\"\n    cause: The password was wrong or revoked, case {n}.\n    \
             fix: Create a new app password ([step 2](#step-2)) and paste it without spaces.\n"
        ));
    }
    s.push_str(
        "changelog:\n  - date: 2024-01-01\n    change: App passwords required.\n  - date: 2025-06-01\n    change: Port 25 closed for submission.\n",
    );
    s
}

/// A project with `n` synthetic recipes and the fixture's `mailbook.yaml`.
pub fn synthetic_project(n: usize) -> Project {
    let dir = tempfile::tempdir().unwrap();
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic/mailbook.yaml");
    std::fs::copy(config, dir.path().join("mailbook.yaml")).unwrap();
    std::fs::create_dir_all(dir.path().join("recipes")).unwrap();
    for i in 0..n {
        std::fs::write(
            dir.path().join(format!("recipes/p{i:05}.yaml")),
            synthetic_recipe(i),
        )
        .unwrap();
    }
    Project { dir }
}
