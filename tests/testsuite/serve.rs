//! `mailbook serve`, end to end: the real binary on a free loopback port, a copy of the
//! project's own `mailbook.yaml` and `recipes/` in a temporary folder (the tests edit
//! `gmail.yaml`), and raw HTTP over `TcpStream` (so paths like `/../Cargo.toml` reach the
//! server unnormalised).
//!
//! Every wait is a bounded poll (up to 20 s); nothing sleeps for a fixed time and nothing
//! asserts on how long something took.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(50);
/// Content of decoy files placed where a `../` escape from the build folder would land.
const SECRET: &str = "SECRET-DECOY-d41d8cd9";

/// A temporary copy of the project (`mailbook.yaml`, `recipes/`, `templates/`) and decoys.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        // Everything a build may read: every recipe with its images, and any templates.
        let dir = super::support::Project::repository().dir;
        std::fs::create_dir_all(dir.path().join("tmp")).unwrap();
        assert!(dir.path().join("recipes/gmail.yaml").is_file());
        // The server's private folder goes under tmp/ (TMPDIR), so `../` from a build folder
        // leads to these files: the traversal test can really fail.
        std::fs::write(dir.path().join("Cargo.toml"), SECRET).unwrap();
        std::fs::write(dir.path().join("tmp/Cargo.toml"), SECRET).unwrap();
        Project { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn recipe(&self) -> PathBuf {
        self.path().join("recipes/gmail.yaml")
    }

    fn read_recipe(&self) -> String {
        std::fs::read_to_string(self.recipe()).unwrap()
    }

    /// Save like an editor with atomic saves: write a temporary file next to it, rename over.
    fn save_recipe(&self, text: &str) {
        let scratch = self.path().join("recipes/.gmail.yaml.tmp-save");
        std::fs::write(&scratch, text).unwrap();
        std::fs::rename(&scratch, self.recipe()).unwrap();
    }

    /// The build folders of a running server (under TMPDIR = tmp/).
    fn private_dirs(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.path().join("tmp"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("mailbook-serve-"))
            })
            .collect()
    }
}

/// A running `mailbook serve`; killed on drop if the test did not stop it.
struct Server {
    child: Child,
    addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(project: &Project) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mailbook"))
            .args(["serve", "--port", "0", "--root"])
            .arg(project.path())
            .env("TMPDIR", project.path().join("tmp"))
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let mut err = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            let mut line = String::new();
            while err.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        let (tx, rx) = channel();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = out.read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = match rx.recv_timeout(LIMIT) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "no URL on stdout within {LIMIT:?}; stderr:\n{}",
                    stderr.lock().unwrap()
                );
            }
        };
        let url = line.trim();
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
            "stdout should be the URL, got {url:?}; stderr:\n{}",
            stderr.lock().unwrap()
        );
        let addr = url["http://".len()..url.len() - 1].parse().unwrap();
        Server {
            child,
            addr,
            stderr,
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Poll the server's log until it contains `text` (bounded).
    fn wait_for_log(&self, text: &str) {
        let start = Instant::now();
        while !self.stderr().contains(text) {
            assert!(
                start.elapsed() < LIMIT,
                "log never said {text:?}:\n{}",
                self.stderr()
            );
            std::thread::sleep(POLL);
        }
    }

    /// One request with a raw request-target; returns the status and the body.
    fn get(&self, target: &str) -> (u16, String) {
        self.get_as(target, &self.addr.to_string())
    }

    /// [`Server::get`] with the given `Host` header.
    fn get_as(&self, target: &str, host: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream.set_read_timeout(Some(LIMIT)).unwrap();
        write!(stream, "GET {target} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("not an HTTP response: {text:?}"));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {head:?}"));
        (status, body.to_string())
    }

    /// Poll `target` until `accept` holds for the body (bounded); returns that body.
    fn get_until(&self, target: &str, what: &str, accept: impl Fn(u16, &str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(target);
            if accept(status, &body) {
                return body;
            }
            assert!(
                start.elapsed() < LIMIT,
                "{target} never showed {what}; last response {status}:\n{body}\nstderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(POLL);
        }
    }

    /// Subscribe to the reload channel, as the page script does.
    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        write!(
            stream,
            "GET /__mailbook/events HTTP/1.0\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            let mut in_body = false;
            let (mut name, mut data) = (String::new(), String::new());
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                let l = line.trim_end_matches(['\r', '\n']);
                if !in_body {
                    in_body = l.is_empty();
                } else if l.is_empty() {
                    if !name.is_empty() || !data.is_empty() {
                        let event = (std::mem::take(&mut name), std::mem::take(&mut data));
                        if tx.send(event).is_err() {
                            return;
                        }
                    }
                } else if let Some(v) = l.strip_prefix("event:") {
                    name = v.trim().to_string();
                } else if let Some(v) = l.strip_prefix("data:") {
                    data = v.trim().to_string();
                }
                line.clear();
            }
        });
        let mut events = Events { rx };
        let (name, _) = events.next("the hello event");
        assert_eq!(name, "hello");
        events
    }

    /// Ask the server to stop as Ctrl-C does; wait (bounded) for it to exit.
    fn interrupt(mut self) -> std::process::ExitStatus {
        // The shell's built-in `kill`: a fresh machine may lack procps' /bin/kill.
        let kill = Command::new("sh")
            .args(["-c", &format!("kill -INT {}", self.child.id())])
            .status()
            .unwrap();
        assert!(kill.success());
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < LIMIT,
                "still running {LIMIT:?} after SIGINT; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The reload channel as seen by a page: `(event name, data)` in order.
struct Events {
    rx: Receiver<(String, String)>,
}

impl Events {
    fn next(&mut self, what: &str) -> (String, String) {
        match self.rx.recv_timeout(LIMIT) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => panic!("no reload event for {what} in {LIMIT:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("reload channel closed ({what})"),
        }
    }

    /// The version named by the next `reload` event.
    fn reload(&mut self, what: &str) -> String {
        let (name, data) = self.next(what);
        assert_eq!(name, "reload", "{what}");
        assert!(!data.is_empty(), "{what}");
        data
    }
}

/// The build version a page was served from (the reload script's `data-version`).
fn page_version(body: &str) -> &str {
    let start = body
        .find("data-version=\"")
        .unwrap_or_else(|| panic!("no reload script in:\n{body}"))
        + "data-version=\"".len();
    let len = body[start..].find('"').unwrap();
    &body[start..start + len]
}

/// The recipe with an unknown key inserted after the `status:` line, and that key's line.
fn broken(recipe: &str) -> (String, usize) {
    let mut lines: Vec<&str> = recipe.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("status:"))
        .expect("fixture recipe has a status line")
        + 1;
    lines.insert(at, "<b>smpt</b>: 587");
    (lines.join("\n") + "\n", at + 1)
}

#[test]
fn edits_reload_errors_overlay_and_fixes_recover() {
    let project = Project::new();
    let server = Server::start(&project);

    // A page, with the reload script in it.
    let (status, index) = server.get("/");
    assert_eq!(status, 200, "{index}");
    assert!(index.contains("Gmail"), "{index}");
    assert!(index.contains("/__mailbook/livereload.js"), "{index}");
    assert!(!index.contains("mailbook-overlay"), "{index}");
    let (status, script) = server.get("/__mailbook/livereload.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"), "{script}");
    let mut events = server.events();

    // An edit: one reload signal, then the new content, served as that build.
    let original = project.read_recipe();
    let renamed = original.replacen("name: Gmail\n", "name: Gmail Zebra\n", 1);
    assert_ne!(renamed, original, "fixture recipe has `name: Gmail`");
    project.save_recipe(&renamed);
    let version = events.reload("the edit");
    let index = server.get_until("/", "the new name", |s, b| {
        s == 200 && b.contains("Gmail Zebra")
    });
    assert_eq!(page_version(&index), version);

    // A mistake: the overlay names the file and line, escaped, over the last good page.
    let (bad, line) = broken(&renamed);
    project.save_recipe(&bad);
    events.reload("the broken recipe");
    let location = format!("recipes/gmail.yaml:{line}");
    let page = server.get_until("/", "the error overlay", |_, b| {
        b.contains("mailbook-overlay")
    });
    assert!(
        page.contains(&location),
        "overlay lacks {location}:\n{page}"
    );
    assert!(page.contains("Gmail Zebra"), "last good page kept:\n{page}");
    assert!(page.contains("&lt;b&gt;smpt&lt;/b&gt;"), "{page}");
    assert!(
        !page.contains("<b>smpt</b>"),
        "recipe text injected:\n{page}"
    );
    assert!(server.stderr().contains(&location), "{}", server.stderr());
    let (status, _) = server.get("/__mailbook/overlay.css");
    assert_eq!(status, 200);

    // The fix: the overlay goes away and the site is current again.
    let fixed = renamed.replacen("name: Gmail Zebra\n", "name: Gmail Yak\n", 1);
    project.save_recipe(&fixed);
    let version = events.reload("the fix");
    let index = server.get_until("/", "recovery", |s, b| s == 200 && b.contains("Gmail Yak"));
    assert!(!index.contains("mailbook-overlay"), "{index}");
    assert_eq!(page_version(&index), version);

    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
}

#[test]
fn the_config_images_and_a_new_templates_folder_are_watched() {
    let project = Project::new();
    // The built-in theme is embedded, so the copy needs no templates/ until the test adds one.
    let _ = std::fs::remove_dir_all(project.path().join("templates"));
    let server = Server::start(&project);
    let mut events = server.events();

    let config = project.path().join("mailbook.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text + "# touched by the test\n").unwrap();
    server.wait_for_log("(mailbook.yaml changed)");
    events.reload("the config edit");

    // An image next to the recipes, in a folder that did not exist when watching began.
    let images = project.path().join("recipes/images/test");
    std::fs::create_dir_all(&images).unwrap();
    server.wait_for_log("(recipes/images");
    std::fs::write(images.join("shot.png"), b"not really a png").unwrap();
    server.wait_for_log("recipes/images/test/shot.png");

    // templates/ appears after the start: its creation rebuilds, and from then on it is watched.
    let templates = project.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    server.wait_for_log("(templates changed)");
    std::fs::write(templates.join("extra.css"), "p { color: red }").unwrap();
    server.wait_for_log("(templates/extra.css changed)");

    // What never counts: the build output (under tmp/ here) and reads during builds.
    let log = server.stderr();
    for line in log.lines().filter(|l| l.contains(" changed)")) {
        assert!(!line.contains("tmp"), "{log}");
    }
}

#[test]
fn a_broken_first_build_is_shown_then_recovers() {
    let project = Project::new();
    let original = project.read_recipe();
    let (bad, line) = broken(&original);
    std::fs::write(project.recipe(), &bad).unwrap();
    let server = Server::start(&project);

    let (status, page) = server.get("/");
    assert_eq!(status, 503, "{page}");
    assert!(page.contains("mailbook-overlay"), "{page}");
    assert!(
        page.contains(&format!("recipes/gmail.yaml:{line}")),
        "{page}"
    );
    let mut events = server.events();

    project.save_recipe(&original);
    events.reload("the fix");
    let index = server.get_until("/", "the site", |s, _| s == 200);
    assert!(index.contains("Gmail"), "{index}");
    assert!(!index.contains("mailbook-overlay"), "{index}");
}

#[test]
fn paths_outside_the_site_are_refused() {
    let project = Project::new();
    let server = Server::start(&project);
    let (status, _) = server.get("/");
    assert_eq!(status, 200);
    // The decoys really are where `../` would lead from the live build folder.
    let private = project.private_dirs();
    assert_eq!(private.len(), 1, "{private:?}");
    assert!(private[0].parent().unwrap().join("Cargo.toml").is_file());

    for target in [
        "/../Cargo.toml",
        "/../../Cargo.toml",
        "/../../../Cargo.toml",
        "/../../../../Cargo.toml",
        "/%2e%2e/%2e%2e/Cargo.toml",
        "/..%2f..%2fCargo.toml",
        "/..%5c..%5cCargo.toml",
        "/gmail/../../../Cargo.toml",
        "/../../mailbook.yaml",
    ] {
        let (status, body) = server.get(target);
        assert!(
            status == 400 || status == 404,
            "{target} answered {status}:\n{body}"
        );
        assert!(!body.contains(SECRET), "{target} leaked a file");
        assert!(!body.contains("base_url"), "{target} leaked mailbook.yaml");
    }
    let (status, _) = server.get("/__mailbook/../../Cargo.toml");
    assert_eq!(status, 400);
}

#[test]
fn only_local_host_names_are_served() {
    let project = Project::new();
    let server = Server::start(&project);
    let port = server.addr.port();
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let (status, body) = server.get_as("/", &host);
        assert_eq!(status, 200, "{host}: {body}");
    }
    // What a DNS-rebinding page would send.
    for target in ["/", "/__mailbook/events"] {
        let (status, body) = server.get_as(target, &format!("rebind.example:{port}"));
        assert_eq!(status, 403, "{target}: {body}");
        assert!(!body.contains("Gmail"), "{body}");
    }
}

#[test]
fn ctrl_c_stops_cleanly_with_a_page_open() {
    let project = Project::new();
    let server = Server::start(&project);
    // An open reload channel (a browser tab) must not keep the server alive.
    let _tab = server.events();
    assert_eq!(project.private_dirs().len(), 1);
    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
    assert!(
        project.private_dirs().is_empty(),
        "private build folder left behind"
    );
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let project = Project::new();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_mailbook"))
        .args(["serve", "--port", &port, "--root"])
        .arg(project.path())
        .env("TMPDIR", project.path().join("tmp"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn outside_a_project_it_refuses_to_start() {
    let empty = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_mailbook"))
        .args(["serve", "--port", "0", "--root"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("has no mailbook.yaml"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn every_language_is_previewed_and_a_saved_translation_reloads_it() {
    let project = Project::new();
    let server = Server::start(&project);
    let mut events = server.events();
    let (status, page) = server.get("/ru/gmail/");
    assert_eq!(status, 200);
    assert!(page.contains("Создайте пароль приложения"), "{page}");

    let file = project.path().join("translations/ru/recipes/gmail.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replace(
        "title: Создайте пароль приложения\n",
        "title: Создайте отдельный пароль приложения\n",
    );
    assert_ne!(text, edited);
    std::fs::write(&file, edited).unwrap();
    server.wait_for_log("(translations/ru/recipes/gmail.yaml changed)");
    events.reload("the translation edit");
    let (_, page) = server.get("/ru/gmail/");
    assert!(
        page.contains("Создайте отдельный пароль приложения"),
        "{page}"
    );
}
