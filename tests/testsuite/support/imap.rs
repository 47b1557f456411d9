//! The IMAP side of the harness: Debian's Dovecot (IMAP, IMAPS, LMTP with a Sieve spam rule,
//! and a second instance without TLS), started unprivileged from
//! tests/harness/imap_server.py with the run's throwaway CA, and a look into its mailbox
//! with Python's imaplib (a second, independent IMAP client).

use super::smtp::Pki;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};

/// The recipient mailbox of the receipt tests.
pub const MAILBOX: &str = "inbox@test.example";
/// Its password: like the SMTP one, it must appear in nothing verify produces.
pub const IMAP_SECRET: &str = "Imap-Secret-Qw9z-Tiger";

/// Dovecot running in a Python child process.
pub struct Dovecot {
    child: Child,
    dir: tempfile::TempDir,
    ports: std::collections::HashMap<String, u16>,
}

impl Dovecot {
    /// Start both instances; `delay_ms` > 0 adds the slow IMAPS proxy (`imaps_slow`).
    pub fn start(pki: &Pki, delay_ms: u64) -> Dovecot {
        let dir = tempfile::tempdir().unwrap();
        let config = json!({
            "dir": dir.path(),
            "cert": pki.path("good.pem"),
            "key": pki.path("good.key"),
            "users": {MAILBOX: IMAP_SECRET},
            "delay_ms": delay_ms,
        });
        let config_path = dir.path().join("config.json");
        std::fs::write(&config_path, config.to_string()).unwrap();
        let mut child = std::process::Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/imap_server.py"))
            .arg(&config_path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 is needed");
        let mut ports = std::collections::HashMap::new();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        loop {
            let line = lines
                .next()
                .expect("imap harness exited early: is Dovecot installed? run scripts/setup")
                .unwrap();
            if line == "READY" {
                break;
            }
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            ports.insert(
                v["name"].as_str().unwrap().to_string(),
                v["port"].as_u64().unwrap() as u16,
            );
        }
        Dovecot { child, dir, ports }
    }

    /// `imap` (STARTTLS), `imaps`, `lmtp`, `plain` (no TLS), `imaps_slow`.
    pub fn port(&self, name: &str) -> u16 {
        self.ports[name]
    }

    /// The log of the `main` or `plain` instance.
    pub fn log(&self, instance: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(instance).join("dovecot.log"))
            .unwrap_or_default()
    }

    /// The log of `instance` once `done` holds for it (Dovecot writes a session's line when
    /// it notices the disconnect, which may be just after verify exits), or after 10 s.
    pub fn log_when(&self, instance: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let log = self.log(instance);
            if done(&log) || std::time::Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// How many messages with `message_id` are in `folder`, asked with Python's imaplib.
    pub fn count(&self, pki: &Pki, folder: &str, message_id: &str) -> usize {
        let script = r#"
import imaplib, ssl, sys
port, ca, user, password, folder, mid = sys.argv[1:]
ctx = ssl.create_default_context(cafile=ca)
ctx.check_hostname = False
imap = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ctx)
imap.login(user, password)
imap.select('"%s"' % folder, readonly=True)
typ, data = imap.uid("SEARCH", "HEADER", "Message-ID", '"%s"' % mid)
print(len(data[0].split()))
imap.logout()
"#;
        let out = std::process::Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(self.port("imaps").to_string())
            .arg(pki.ca())
            .arg(MAILBOX)
            .arg(IMAP_SECRET)
            .arg(folder)
            .arg(message_id)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        super::process::stop_harness(&mut self.child);
    }
}
