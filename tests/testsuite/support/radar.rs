//! Loopback network for the `drift`, `discover` and deadline tests and the drift bench: a
//! throwaway CA, a real DNS server (Debian's dnsmasq), a real HTTPS server (Python's
//! http.server + ssl, tests/harness/https_server.py), and a scripted fake DNS server for
//! the hostile answers no real server gives (a CNAME loop, 500 MX records, a slow answer).

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The fixture of the drift tests.
pub const FIXTURE: &str = "tests/fixtures/drift";

/// Every host name the HTTPS and SMTP servers answer for.
pub const HOSTS: &[&str] = &[
    "agree",
    "differ",
    "broken",
    "moved",
    "none",
    "unknown-shop",
    "huge",
    "deadline",
];

/// A throwaway CA and one leaf certificate for every test host.
pub struct Pki {
    pub dir: tempfile::TempDir,
}

impl Pki {
    pub fn new() -> Pki {
        let mut names = Vec::new();
        for h in HOSTS {
            for prefix in ["", "autoconfig.", "help.", "config.", "smtp."] {
                names.push(format!("{prefix}{h}.test"));
            }
        }
        names.push("ispdb.test".to_string());
        Pki::for_names(names)
    }

    /// A CA and a leaf certificate valid for `names`.
    pub fn for_names(names: Vec<String>) -> Pki {
        let dir = tempfile::tempdir().unwrap();
        let ca_key = KeyPair::generate().unwrap();
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "mailbook drift test CA");
        let ca_cert = ca.self_signed(&ca_key).unwrap();
        std::fs::write(dir.path().join("ca.pem"), ca_cert.pem()).unwrap();
        let issuer = Issuer::from_params(&ca, &ca_key);
        let key = KeyPair::generate().unwrap();
        let mut p = CertificateParams::new(names).unwrap();
        p.distinguished_name.push(DnType::CommonName, "agree.test");
        p.not_before = rcgen::date_time_ymd(2025, 1, 1);
        p.not_after = rcgen::date_time_ymd(2099, 1, 1);
        let cert = p.signed_by(&key, &issuer).unwrap();
        std::fs::write(dir.path().join("leaf.pem"), cert.pem()).unwrap();
        std::fs::write(dir.path().join("leaf.key"), key.serialize_pem()).unwrap();
        Pki { dir }
    }

    pub fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

/// A free loopback port (UDP and TCP both free at the time of asking).
fn free_port() -> u16 {
    loop {
        let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
        let port = udp.local_addr().unwrap().port();
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// Wait until something accepts TCP connections on the port.
fn wait_for_tcp(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "{what} did not start on port {port}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// dnsmasq serving `records` (dnsmasq option lines, e.g. `mx-host=a.test,mx.a.test,10`)
/// for the `.test` zone on a loopback port; every other `.test` name is NXDOMAIN.
pub struct Dnsmasq {
    child: Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Dnsmasq {
    pub fn start(records: &[String]) -> Dnsmasq {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut conf = format!(
            "port={port}\nlisten-address=127.0.0.1\nbind-interfaces\nno-resolv\nno-hosts\nlocal=/test/\n"
        );
        for r in records {
            conf.push_str(r);
            conf.push('\n');
        }
        let path = dir.path().join("dnsmasq.conf");
        std::fs::write(&path, conf).unwrap();
        let binary = ["/usr/sbin/dnsmasq", "dnsmasq"]
            .into_iter()
            .find(|b| Path::new(b).is_file() || !b.starts_with('/'))
            .unwrap();
        let child = Command::new(binary)
            .arg("--keep-in-foreground")
            .arg(format!("--conf-file={}", path.display()))
            .arg("--pid-file=")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dnsmasq is needed (scripts/setup installs dnsmasq-base)");
        wait_for_tcp(port, "dnsmasq");
        Dnsmasq {
            child,
            port,
            _dir: dir,
        }
    }

    /// `--dns-server` value.
    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

impl Drop for Dnsmasq {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The DNS records of the drift fixture: MX, SRV and A (every web host is 127.0.0.1).
pub fn fixture_records() -> Vec<String> {
    let mut r: Vec<String> = [
        "mx-host=agree.test,mx.agree.test,10",
        "mx-host=differ.test,mx.elsewhere.test,10",
        "mx-host=custom-shop.test,mx1.agree.test,10",
        "mx-host=unknown-shop.test,mail.unknown-shop.test,10",
        "srv-host=_submission._tcp.agree.test,smtp.agree.test,587,0,0",
        "srv-host=_submissions._tcp.differ.test,mail.differ.test,465,0,0",
        "srv-host=_submission._tcp.unknown-shop.test,smtp.unknown-shop.test,587,0,0",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for h in HOSTS {
        for prefix in ["autoconfig.", "help.", "config."] {
            r.push(format!("address=/{prefix}{h}.test/127.0.0.1"));
        }
    }
    r.push("address=/ispdb.test/127.0.0.1".to_string());
    r
}

/// The HTTPS harness serving `site` (a folder per host name), `delay_ms` before each answer.
pub struct Https {
    child: Child,
    pub port: u16,
}

impl Https {
    pub fn start(pki: &Pki, site: &Path, delay_ms: u64) -> Https {
        let mut child = Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/https_server.py"))
            .arg(pki.path("leaf.pem"))
            .arg(pki.path("leaf.key"))
            .arg(site)
            .arg(delay_ms.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 is needed");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let port: u16 = lines.next().unwrap().unwrap().trim().parse().unwrap();
        assert_eq!(lines.next().unwrap().unwrap(), "READY");
        Https { child, port }
    }

    /// `--connect-to` sending every HTTPS request here, host names kept for TLS.
    pub fn connect_to(&self) -> String {
        format!(":443::{}", self.port)
    }
}

impl Drop for Https {
    fn drop(&mut self) {
        super::process::stop_harness(&mut self.child);
    }
}

/// One aiosmtpd STARTTLS server (tests/harness/smtp_servers.py) with this module's
/// certificate; `spec` adds to the server's settings (`exclude`, `tokens`, ...).
pub struct Smtp {
    child: Child,
    pub port: u16,
    _out: tempfile::TempDir,
}

impl Smtp {
    pub fn start(pki: &Pki, spec: serde_json::Value) -> Smtp {
        let out = tempfile::tempdir().unwrap();
        let mut server = serde_json::json!({"name": "s", "mode": "starttls",
            "cert": pki.path("leaf.pem"), "key": pki.path("leaf.key"), "users": {}});
        for (key, value) in spec.as_object().into_iter().flatten() {
            server[key] = value.clone();
        }
        let config = serde_json::json!({"out_dir": out.path(), "servers": [server]});
        let path = out.path().join("config.json");
        std::fs::write(&path, config.to_string()).unwrap();
        let mut child = Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/harness/smtp_servers.py"))
            .arg(&path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd is needed (scripts/setup)");
        let mut port = 0;
        for line in BufReader::new(child.stdout.take().unwrap()).lines() {
            let line = line.unwrap();
            if line == "READY" {
                break;
            }
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            port = v["port"].as_u64().unwrap() as u16;
        }
        Smtp {
            child,
            port,
            _out: out,
        }
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        // Closing stdin ends the harness; kill (our own child, by handle) if it lingers.
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A copy of the fixture's web folder, for tests that add files to it.
pub fn web_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(FIXTURE)
            .join("web"),
        dir.path(),
    );
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest: PathBuf = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// What the scripted fake DNS server answers.
#[derive(Clone, Copy)]
pub enum FakeDns {
    /// Every name is a CNAME to `next-<name>`, and that one back: a loop.
    CnameLoop,
    /// 500 MX records for any name.
    ManyMx(u16),
    /// Any A question: 127.0.0.1; MX/SRV: none; after `delay_ms`.
    Slow(u64),
    /// Every question: SERVFAIL (a resolver whose upstream failed; dnsmasq in the tests'
    /// set-up answers REFUSED or nothing instead).
    ServFail,
}

/// A scripted fake DNS server (UDP and TCP) on a loopback port. Not real server software:
/// it exists for the hostile answers real servers are not configured to give.
pub fn fake_dns(kind: FakeDns) -> u16 {
    let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = udp.local_addr().unwrap().port();
    let tcp = TcpListener::bind(("127.0.0.1", port)).unwrap();
    std::thread::spawn(move || {
        let mut buf = [0u8; 1500];
        while let Ok((n, from)) = udp.recv_from(&mut buf) {
            let query = buf[..n].to_vec();
            let udp = udp.try_clone().unwrap();
            std::thread::spawn(move || {
                if let Some(mut reply) = answer(&query, kind) {
                    if reply.len() > 512 {
                        // Truncated: the client asks again over TCP.
                        reply.truncate(12);
                        reply[2] |= 0x02;
                        reply[6..12].fill(0);
                        reply.extend_from_slice(&query[12..question_end(&query).unwrap_or(12)]);
                        reply[4..6].copy_from_slice(&1u16.to_be_bytes());
                    }
                    let _ = udp.send_to(&reply, from);
                }
            });
        }
    });
    std::thread::spawn(move || {
        for stream in tcp.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut len = [0u8; 2];
                while stream.read_exact(&mut len).is_ok() {
                    let mut query = vec![0u8; u16::from_be_bytes(len) as usize];
                    if stream.read_exact(&mut query).is_err() {
                        return;
                    }
                    let Some(reply) = answer(&query, kind) else {
                        return;
                    };
                    let mut out = (reply.len() as u16).to_be_bytes().to_vec();
                    out.extend(reply);
                    if stream.write_all(&out).is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

/// Where the question section of a DNS message ends.
fn question_end(msg: &[u8]) -> Option<usize> {
    let mut i = 12;
    while *msg.get(i)? != 0 {
        i += 1 + *msg.get(i)? as usize;
    }
    Some(i + 5)
}

/// The name of the question, as labels.
fn question_name(msg: &[u8]) -> Option<Vec<String>> {
    let mut i = 12;
    let mut labels = Vec::new();
    while *msg.get(i)? != 0 {
        let n = *msg.get(i)? as usize;
        labels.push(String::from_utf8_lossy(msg.get(i + 1..i + 1 + n)?).to_string());
        i += 1 + n;
    }
    Some(labels)
}

fn encode_name(labels: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    for l in labels {
        out.push(l.len() as u8);
        out.extend(l.as_bytes());
    }
    out.push(0);
    out
}

fn record(rtype: u16, rdata: &[u8]) -> Vec<u8> {
    // Owner name: a pointer to the question's name at offset 12.
    let mut out = vec![0xC0, 0x0C];
    out.extend(rtype.to_be_bytes());
    out.extend(1u16.to_be_bytes());
    out.extend(60u32.to_be_bytes());
    out.extend((rdata.len() as u16).to_be_bytes());
    out.extend(rdata);
    out
}

fn answer(query: &[u8], kind: FakeDns) -> Option<Vec<u8>> {
    let end = question_end(query)?;
    let qtype = u16::from_be_bytes([*query.get(end - 4)?, *query.get(end - 3)?]);
    let name = question_name(query)?;
    let mut answers = Vec::new();
    match kind {
        FakeDns::CnameLoop => {
            let mut target = name.clone();
            match target[0].strip_prefix("next-") {
                Some(rest) => target[0] = rest.to_string(),
                None => target[0] = format!("next-{}", target[0]),
            }
            answers.push(record(5, &encode_name(&target)));
        }
        FakeDns::ManyMx(n) if qtype == 15 => {
            for i in 0..n {
                let mut rdata = (i % 100).to_be_bytes().to_vec();
                rdata.extend(encode_name(&[
                    format!("mx{i}"),
                    "many".into(),
                    "test".into(),
                ]));
                answers.push(record(15, &rdata));
            }
        }
        FakeDns::Slow(ms) => {
            std::thread::sleep(Duration::from_millis(ms));
            if qtype == 1 {
                answers.push(record(1, &[127, 0, 0, 1]));
            }
        }
        FakeDns::ManyMx(_) | FakeDns::ServFail => {}
    }
    let mut out = query[..2].to_vec();
    // Response, authoritative, recursion desired and available; rcode 0 or 2 (SERVFAIL).
    out.extend([
        0x85,
        0x80 | if matches!(kind, FakeDns::ServFail) {
            2
        } else {
            0
        },
    ]);
    out.extend(1u16.to_be_bytes());
    out.extend((answers.len() as u16).to_be_bytes());
    out.extend([0, 0, 0, 0]);
    out.extend(&query[12..end]);
    for a in answers {
        out.extend(a);
    }
    Some(out)
}
