//! The SMTP side of the harness: one throwaway CA per run ([`pki`]), real SMTP servers
//! (Python's aiosmtpd, started from tests/harness/smtp_servers.py), and [`FakeSmtp`], the one
//! scripted fake, for the failure modes real server software will not produce.

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The run's CA and leaf certificates, made once and shared by every test (read-only).
pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(Pki::new)
}

/// A fresh folder for the run's certificates under cargo's test scratch folder (a static is
/// never dropped, so it cannot be a `TempDir`); folders of runs over an hour old are removed.
fn pki_dir() -> PathBuf {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR"));
    for old in std::fs::read_dir(scratch).into_iter().flatten().flatten() {
        let stale = old
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().unwrap_or_default() > Duration::from_secs(3600));
        if stale && old.file_name().to_string_lossy().starts_with("pki-") {
            let _ = std::fs::remove_dir_all(old.path());
        }
    }
    let dir = scratch.join(format!("pki-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A throwaway CA and leaf certificates, written as PEM files.
pub struct Pki {
    dir: PathBuf,
}

impl Pki {
    /// A fresh CA and leaves (the tests share one: see [`pki`]).
    fn new() -> Pki {
        let dir = pki_dir();
        let ca_key = KeyPair::generate().unwrap();
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "mailbook test CA");
        let ca_cert = ca.self_signed(&ca_key).unwrap();
        std::fs::write(dir.join("ca.pem"), ca_cert.pem()).unwrap();
        let issuer = Issuer::from_params(&ca, &ca_key);
        let names = [
            "smtp.test.example",
            "smtp.implicit.test.example",
            "smtp.oauth.test.example",
            "smtp.expired.test.example",
            // The repository's own Gmail recipe, reached through --connect-to.
            "smtp.gmail.com",
        ];
        let soon = jiff::Zoned::now().date() + jiff::Span::new().days(10);
        let leaf = |file: &str, names: &[&str], expired: bool| {
            let key = KeyPair::generate().unwrap();
            let mut p =
                CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                    .unwrap();
            p.distinguished_name.push(DnType::CommonName, names[0]);
            if expired {
                p.not_before = rcgen::date_time_ymd(2020, 1, 1);
                p.not_after = rcgen::date_time_ymd(2021, 1, 1);
            } else {
                p.not_before = rcgen::date_time_ymd(2025, 1, 1);
                p.not_after = rcgen::date_time_ymd(2099, 1, 1);
            }
            let cert = p.signed_by(&key, &issuer).unwrap();
            std::fs::write(dir.join(format!("{file}.pem")), cert.pem()).unwrap();
            std::fs::write(dir.join(format!("{file}.key")), key.serialize_pem()).unwrap();
        };
        leaf("good", &names, false);
        leaf("other", &["mail.other.example"], false);
        // Valid for the address --connect-to reaches, not for the documented host.
        leaf("loopback", &["127.0.0.1", "localhost"], false);
        leaf("expired", &names, true);
        // Valid, but expiring in 10 days (under the 21-day warning).
        let key = KeyPair::generate().unwrap();
        let mut p = CertificateParams::new(vec![names[0].to_string()]).unwrap();
        p.not_before = rcgen::date_time_ymd(2025, 1, 1);
        p.not_after =
            rcgen::date_time_ymd(soon.year().into(), soon.month() as u8, soon.day() as u8);
        let cert = p.signed_by(&key, &issuer).unwrap();
        std::fs::write(dir.join("soon.pem"), cert.pem()).unwrap();
        std::fs::write(dir.join("soon.key"), key.serialize_pem()).unwrap();
        // The host only in the subject's CN, no subjectAltName: valid for no name.
        let key = KeyPair::generate().unwrap();
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name.push(DnType::CommonName, names[0]);
        p.not_before = rcgen::date_time_ymd(2025, 1, 1);
        p.not_after = rcgen::date_time_ymd(2099, 1, 1);
        let cert = p.signed_by(&key, &issuer).unwrap();
        std::fs::write(dir.join("cn-only.pem"), cert.pem()).unwrap();
        std::fs::write(dir.join("cn-only.key"), key.serialize_pem()).unwrap();
        // Issued by an intermediate CA that the server does not send.
        let mid_key = KeyPair::generate().unwrap();
        let mut mid = CertificateParams::new(Vec::<String>::new()).unwrap();
        mid.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        mid.distinguished_name
            .push(DnType::CommonName, "mailbook test intermediate");
        mid.signed_by(&mid_key, &issuer).unwrap();
        let mid_issuer = Issuer::from_params(&mid, &mid_key);
        let key = KeyPair::generate().unwrap();
        let mut p = CertificateParams::new(vec![names[0].to_string()]).unwrap();
        p.not_before = rcgen::date_time_ymd(2025, 1, 1);
        p.not_after = rcgen::date_time_ymd(2099, 1, 1);
        let cert = p.signed_by(&key, &mid_issuer).unwrap();
        std::fs::write(dir.join("chainless.pem"), cert.pem()).unwrap();
        std::fs::write(dir.join("chainless.key"), key.serialize_pem()).unwrap();
        Pki { dir }
    }

    pub fn path(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }

    pub fn ca(&self) -> String {
        self.path("ca.pem")
    }
}

/// aiosmtpd servers running in a Python child process.
pub struct Harness {
    child: Child,
    out: tempfile::TempDir,
    ports: std::collections::HashMap<String, u16>,
}

impl Harness {
    /// `servers`: JSON objects as documented in smtp_servers.py; cert paths are filled in.
    pub fn start(pki: &Pki, servers: Vec<Value>) -> Harness {
        let out = tempfile::tempdir().unwrap();
        let servers: Vec<Value> = servers
            .into_iter()
            .map(|mut s| {
                let cert = s["cert"].as_str().unwrap_or("good").to_string();
                s["cert"] = json!(pki.path(&format!("{cert}.pem")));
                s["key"] = json!(pki.path(&format!("{cert}.key")));
                s
            })
            .collect();
        let config = json!({"out_dir": out.path(), "servers": servers});
        let config_path = out.path().join("config.json");
        std::fs::write(&config_path, config.to_string()).unwrap();
        let mut child = std::process::Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/smtp_servers.py"))
            .arg(&config_path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 is needed (scripts/setup installs aiosmtpd)");
        let mut ports = std::collections::HashMap::new();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        loop {
            let line = lines
                .next()
                .expect("harness exited early: is aiosmtpd installed? run scripts/setup")
                .unwrap();
            if line == "READY" {
                break;
            }
            let v: Value = serde_json::from_str(&line).unwrap();
            ports.insert(
                v["name"].as_str().unwrap().to_string(),
                v["port"].as_u64().unwrap() as u16,
            );
        }
        Harness { child, out, ports }
    }

    pub fn port(&self, name: &str) -> u16 {
        self.ports[name]
    }

    fn jsonl(&self, file: &str) -> Vec<Value> {
        std::fs::read_to_string(self.out.path().join(file))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    pub fn commands(&self, name: &str) -> Vec<Value> {
        self.jsonl(&format!("{name}.commands.jsonl"))
    }

    pub fn messages(&self, name: &str) -> Vec<Value> {
        self.jsonl(&format!("{name}.messages.jsonl"))
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        super::process::stop_harness(&mut self.child);
    }
}

/// The scripted fake SMTP server, for the failure modes real server software will not
/// produce (a tarpit, a garbage reply, a reply with smuggled data, a connection dropped in the
/// middle of DATA, a reply echoing credentials). Every test that uses it says `fake` in its
/// name. It serves one connection on 127.0.0.1, from a background thread.
pub struct FakeSmtp {
    /// The port it listens on.
    pub port: u16,
}

/// How long a fake holds a connection open after its script ran out.
const FAKE_HOLD: Duration = Duration::from_secs(8);

impl FakeSmtp {
    fn spawn(script: impl FnOnce(std::net::TcpStream) + Send + 'static) -> FakeSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            if let Ok((stream, _)) = listener.accept() {
                script(stream);
            }
        });
        FakeSmtp { port }
    }

    /// Accepts the connection and never says anything.
    pub fn tarpit() -> FakeSmtp {
        FakeSmtp::spawn(|stream| {
            std::thread::sleep(FAKE_HOLD);
            drop(stream);
        })
    }

    /// Greets with `bytes` (not SMTP), then holds the connection.
    pub fn garbage(bytes: &'static [u8]) -> FakeSmtp {
        FakeSmtp::spawn(move |mut s| {
            let _ = s.write_all(bytes);
            std::thread::sleep(FAKE_HOLD);
        })
    }

    /// A plain-text server that offers STARTTLS and answers it with `reply`: what a man in
    /// the middle would send to smuggle a reply in before the handshake.
    pub fn starttls_answer(reply: &'static [u8]) -> FakeSmtp {
        FakeSmtp::spawn(move |mut s| {
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut line = String::new();
            let _ = s.write_all(b"220 fake.test ESMTP\r\n");
            let _ = r.read_line(&mut line);
            let _ = s.write_all(b"250-fake.test\r\n250 STARTTLS\r\n");
            line.clear();
            let _ = r.read_line(&mut line);
            let _ = s.write_all(reply);
            std::thread::sleep(FAKE_HOLD);
        })
    }

    /// An implicit-TLS server with the run's `good` certificate: `special` may answer a
    /// command line itself; otherwise it accepts everything and drops the connection in the
    /// middle of DATA.
    pub fn implicit_tls(special: fn(&str) -> Option<String>) -> FakeSmtp {
        let config = Arc::new(tls_config(pki()));
        FakeSmtp::spawn(move |tcp| {
            let conn = rustls::ServerConnection::new(config).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            fake_tls_dialogue(&mut tls, special);
        })
    }
}

fn tls_config(pki: &Pki) -> rustls::ServerConfig {
    use rustls_pki_types::pem::PemObject;
    let certs: Vec<rustls_pki_types::CertificateDer<'static>> =
        rustls_pki_types::CertificateDer::pem_file_iter(pki.path("good.pem"))
            .unwrap()
            .map(Result::unwrap)
            .collect();
    let key = rustls_pki_types::PrivateKeyDer::from_pem_file(pki.path("good.key")).unwrap();
    rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap()
}

fn fake_tls_dialogue(tls: &mut impl ReadWrite, special: fn(&str) -> Option<String>) {
    let say = |tls: &mut dyn ReadWrite, s: &str| {
        let _ = tls.write_all(s.as_bytes());
        let _ = tls.flush();
    };
    say(tls, "220 fake.test ESMTP\r\n");
    // One command line at a time, however TLS records split or join them.
    let mut pending: Vec<u8> = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let Some(pos) = pending.iter().position(|&b| b == b'\n') else {
            match tls.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => pending.extend_from_slice(&buf[..n]),
            }
            continue;
        };
        let line: Vec<u8> = pending.drain(..=pos).collect();
        let raw = String::from_utf8_lossy(&line).into_owned();
        if let Some(answer) = special(&raw) {
            say(tls, &answer);
            continue;
        }
        let line = raw.to_uppercase();
        if line.starts_with("EHLO") {
            say(tls, "250-fake.test\r\n250 AUTH PLAIN LOGIN\r\n");
        } else if line.starts_with("AUTH") {
            say(tls, "235 2.7.0 ok\r\n");
        } else if line.starts_with("MAIL") || line.starts_with("RCPT") {
            say(tls, "250 2.1.0 ok\r\n");
        } else if line.starts_with("DATA") {
            say(tls, "354 go ahead\r\n");
            // Read part of the message, then vanish without a reply.
            let _ = tls.read(&mut buf);
            return;
        }
    }
}

trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}
