//! The IMAP dialogue of the `receipt` phase, spoken by async-imap over tokio-rustls: connect
//! (implicit TLS, or STARTTLS refused-unless-completed before any credential is sent), log
//! in, find the junk folder, poll INBOX and junk for the Message-ID, read the header, delete
//! the test mail. Trust is the run's ([`Trust`]): webpki roots plus `--cacert`, the name
//! checked is the documented host even when `--connect-to` redirects the connection.
//!
//! The phase runs on a verify worker thread; each call builds its own single-threaded tokio
//! runtime, so providers stay independent as they are for SMTP.

use super::ReceiptAccount;
use crate::recipe::Security;
use crate::verify::tls::{self, CertFacts, Trust};
use async_imap::types::NameAttribute;
use async_imap::{Client, Session};
use futures_util::StreamExt as _;
use rustls_pki_types::ServerName;
use std::future::Future;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

type Imap = Session<TlsStream<TcpStream>>;

/// Where and how to reach the mailbox.
pub struct Mailbox<'a> {
    /// The account.
    pub account: &'a ReceiptAccount,
    /// Where to connect (after `--connect-to`).
    pub connect: (String, u16),
    /// Trust anchors.
    pub trust: &'a Trust,
    /// Time limit of each network step.
    pub timeout: Duration,
}

/// The test mail as found.
#[derive(Debug, Clone)]
pub struct Found {
    /// The folder it was found in.
    pub folder: String,
    /// Whether that folder is the junk folder.
    pub spam: bool,
    /// The server's arrival time (INTERNALDATE), when it sent one.
    pub internal_date: Option<jiff::Timestamp>,
    /// When we found it.
    pub found_at: jiff::Timestamp,
    /// The raw header.
    pub header: Vec<u8>,
    /// What happened to it afterwards, e.g. `deleted`.
    pub disposal: String,
}

/// Why the mail was not found.
#[derive(Debug)]
pub enum Failure {
    /// Connection, TLS or greeting.
    Connect(String),
    /// The server would not log us in.
    Login(String),
    /// A command failed after login.
    Protocol(String),
    /// Not there when the deadline came.
    NotFound {
        /// The folders searched.
        folders: Vec<String>,
    },
}

/// What was seen on the way, for the report's evidence.
pub type Evidence = Vec<String>;

/// Look for the mail with `message_id` until `until`, then delete it unless `keep`.
pub fn find(
    mb: &Mailbox<'_>,
    message_id: &str,
    until: Instant,
    keep: bool,
) -> (Result<Found, Failure>, Evidence) {
    let mut evidence = Vec::new();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return (Err(Failure::Connect(format!("no runtime: {e}"))), evidence),
    };
    let result = runtime.block_on(async {
        let mut session = open(mb, &mut evidence).await?;
        let found = search(
            &mut session,
            mb.timeout,
            message_id,
            until,
            keep,
            &mut evidence,
        )
        .await;
        let _ = tokio::time::timeout(Duration::from_secs(2), session.logout()).await;
        found
    });
    (result, evidence)
}

/// One network step under the time limit; `what` names it in the error.
async fn step<T, E: std::fmt::Display>(
    timeout: Duration,
    what: &str,
    fut: impl Future<Output = Result<T, E>>,
) -> Result<T, String> {
    match tokio::time::timeout(timeout, fut).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(format!("{what}: {e}")),
        Err(_) => Err(format!(
            "{what}: no answer within {} s",
            timeout.as_secs_f64()
        )),
    }
}

/// Connect, secure, log in.
async fn open(mb: &Mailbox<'_>, evidence: &mut Evidence) -> Result<Imap, Failure> {
    let t = mb.timeout;
    let (host, port) = (&mb.connect.0, mb.connect.1);
    let tcp = step(
        t,
        "cannot connect",
        TcpStream::connect((host.as_str(), port)),
    )
    .await
    .map_err(Failure::Connect)?;
    let _ = tcp.set_nodelay(true);
    if let Ok(addr) = tcp.peer_addr() {
        evidence.push(format!("IMAP: connected to {addr}"));
    }
    let tcp = match mb.account.security {
        Security::Starttls => starttls(tcp, t).await?,
        Security::Tls => tcp,
        // Refused when the account was read; the guard stays here too.
        Security::None => {
            return Err(Failure::Connect(
                "refusing to log in to a mailbox without TLS".into(),
            ));
        }
    };
    let tls = handshake(mb, tcp, evidence).await?;
    let mut client = Client::new(tls);
    if mb.account.security == Security::Tls {
        greeting(&mut client, t).await?;
    }
    let account = mb.account;
    match tokio::time::timeout(
        t,
        client.login(&account.username, account.password.expose()),
    )
    .await
    {
        Ok(Ok(session)) => {
            evidence.push(format!("IMAP: logged in as {}", account.username));
            Ok(session)
        }
        Ok(Err((e, _))) => Err(Failure::Login(format!(
            "the IMAP server refused the login of {}: {e}",
            account.username
        ))),
        Err(_) => Err(Failure::Login(format!(
            "no answer to the IMAP login within {} s",
            t.as_secs_f64()
        ))),
    }
}

/// The server's greeting must be `* OK`.
async fn greeting<S>(client: &mut Client<S>, t: Duration) -> Result<(), Failure>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    use async_imap::imap_proto::{Response, Status};
    let response = step(t, "no IMAP greeting", client.read_response())
        .await
        .map_err(Failure::Connect)?;
    match response.as_ref().map(|r| r.parsed()) {
        Some(Response::Data {
            status: Status::Ok, ..
        }) => Ok(()),
        Some(other) => Err(Failure::Connect(format!(
            "unexpected IMAP greeting: {other:?}"
        ))),
        None => Err(Failure::Connect(
            "the IMAP server closed the connection before its greeting".into(),
        )),
    }
}

/// Plain greeting, then STARTTLS; anything but a completed upgrade ends the session before
/// a credential could be sent. Whatever the server sent before the handshake is dropped with
/// the plain client (no injected responses survive into the TLS session).
async fn starttls(tcp: TcpStream, t: Duration) -> Result<TcpStream, Failure> {
    let mut plain = Client::new(tcp);
    greeting(&mut plain, t).await?;
    step(
        t,
        "STARTTLS",
        plain.run_command_and_check_ok("STARTTLS", None),
    )
    .await
    .map_err(|e| {
        Failure::Connect(format!(
            "refusing to log in without TLS: the IMAP server did not accept STARTTLS ({e})"
        ))
    })?;
    Ok(plain.into_inner())
}

/// TLS with the run's trust, checked against the documented host.
async fn handshake(
    mb: &Mailbox<'_>,
    tcp: TcpStream,
    evidence: &mut Evidence,
) -> Result<TlsStream<TcpStream>, Failure> {
    let host = &mb.account.host;
    let (config, recorder) = mb
        .trust
        .client_config()
        .map_err(|e| Failure::Connect(format!("{e:#}")))?;
    let name = ServerName::try_from(host.clone())
        .map_err(|_| Failure::Connect(format!("`{host}` is not a valid TLS server name")))?;
    let connector = TlsConnector::from(config);
    match tokio::time::timeout(mb.timeout, connector.connect(name, tcp)).await {
        Ok(Ok(tls)) => {
            let (_, conn) = tls.get_ref();
            // rustls names it `TLSv1_3`; the SMTP phases say `TLSv1.3`.
            let version = conn
                .protocol_version()
                .and_then(|v| v.as_str())
                .unwrap_or("TLS")
                .replace('_', ".");
            evidence.push(format!("IMAP: {version}, certificate valid for {host}"));
            Ok(tls)
        }
        Ok(Err(e)) => {
            let why = match recorder.seen().and_then(|s| s.error.map(|e| (e, s.chain))) {
                Some((error, chain)) => {
                    let facts = chain.first().and_then(|c| CertFacts::parse(c));
                    let verdict = tls::Verdict {
                        host,
                        facts: facts.as_ref(),
                        chain_len: chain.len(),
                        cacert: mb.trust.extra,
                    };
                    tls::explain(&error, verdict)
                }
                None => e.to_string(),
            };
            Err(Failure::Connect(format!(
                "IMAP TLS handshake failed: {why}"
            )))
        }
        Err(_) => Err(Failure::Connect(format!(
            "IMAP TLS handshake: no answer within {} s",
            mb.timeout.as_secs_f64()
        ))),
    }
}

/// The junk folder: the one LIST flags `\Junk` (RFC 6154), else the first with a common name.
async fn junk_folder(session: &mut Imap, t: Duration) -> Result<Option<String>, String> {
    let mut names: Vec<(String, bool)> = Vec::new();
    let list = tokio::time::timeout(t, async {
        let stream = session.list(Some(""), Some("*")).await?;
        let mut stream = std::pin::pin!(stream);
        while let Some(name) = stream.next().await {
            let name = name?;
            let junk = name.attributes().contains(&NameAttribute::Junk);
            names.push((name.name().to_string(), junk));
        }
        Ok::<(), async_imap::error::Error>(())
    })
    .await;
    match list {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(format!("LIST: {e}")),
        Err(_) => return Err("LIST: no answer in time".into()),
    }
    if let Some((name, _)) = names.iter().find(|(_, junk)| *junk) {
        return Ok(Some(name.clone()));
    }
    const COMMON: [&str; 9] = [
        "junk",
        "spam",
        "junk e-mail",
        "junk email",
        "junk mail",
        "bulk",
        "bulk mail",
        "[gmail]/spam",
        "inbox.junk",
    ];
    let leaf = |n: &str| {
        n.rsplit(['/', '.'])
            .next()
            .unwrap_or(n)
            .to_ascii_lowercase()
    };
    Ok(COMMON.iter().find_map(|c| {
        names
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(c) || leaf(n) == *c)
            .map(|(n, _)| n.clone())
    }))
}

/// Poll INBOX and the junk folder until the mail is there or `until` has passed.
async fn search(
    session: &mut Imap,
    t: Duration,
    message_id: &str,
    until: Instant,
    keep: bool,
    evidence: &mut Evidence,
) -> Result<Found, Failure> {
    let junk = junk_folder(session, t).await.map_err(Failure::Protocol)?;
    let mut folders = vec!["INBOX".to_string()];
    match &junk {
        Some(j) => {
            evidence.push(format!("IMAP: junk folder {j}"));
            folders.push(j.clone());
        }
        None => evidence.push("IMAP: no junk folder found (searched INBOX only)".into()),
    }
    let query = format!("HEADER Message-ID {}", quoted(message_id));
    let mut polls = 0u32;
    loop {
        polls += 1;
        for folder in &folders {
            step(t, &format!("SELECT {folder}"), session.select(folder))
                .await
                .map_err(Failure::Protocol)?;
            let uids = step(t, "UID SEARCH", session.uid_search(&query))
                .await
                .map_err(Failure::Protocol)?;
            if let Some(uid) = uids.into_iter().min() {
                evidence.push(format!("IMAP: found in {folder} (UID {uid}, poll {polls})"));
                let spam = junk.as_deref() == Some(folder.as_str());
                return fetch_and_dispose(session, t, folder, spam, uid, keep).await;
            }
        }
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Failure::NotFound { folders });
        }
        tokio::time::sleep(left.min(Duration::from_secs(1))).await;
    }
}

/// Read INTERNALDATE and the header, then delete the mail unless `keep`.
async fn fetch_and_dispose(
    session: &mut Imap,
    t: Duration,
    folder: &str,
    spam: bool,
    uid: u32,
    keep: bool,
) -> Result<Found, Failure> {
    let found_at = jiff::Timestamp::now();
    let (internal_date, header) = step(t, "UID FETCH", async {
        let stream = session
            .uid_fetch(uid.to_string(), "(UID INTERNALDATE BODY.PEEK[HEADER])")
            .await?;
        let mut stream = std::pin::pin!(stream);
        let mut out = (None, Vec::new());
        while let Some(fetch) = stream.next().await {
            let fetch = fetch?;
            if let Some(h) = fetch.header() {
                out.1 = h.to_vec();
            }
            if let Some(d) = fetch.internal_date() {
                out.0 = jiff::Timestamp::from_second(d.timestamp()).ok();
            }
        }
        Ok::<_, async_imap::error::Error>(out)
    })
    .await
    .map_err(Failure::Protocol)?;
    let disposal = if keep {
        "kept (--keep-test-mail)".to_string()
    } else {
        dispose(session, t, uid).await
    };
    Ok(Found {
        folder: folder.to_string(),
        spam,
        internal_date,
        found_at,
        header,
        disposal,
    })
}

/// Flag the mail `\Deleted` and expunge it alone (UIDPLUS); without UIDPLUS an EXPUNGE would
/// also remove other mail the user flagged, so the flag is left for the user's client.
async fn dispose(session: &mut Imap, t: Duration, uid: u32) -> String {
    let flagged = step(t, "UID STORE", async {
        let stream = session
            .uid_store(uid.to_string(), "+FLAGS.SILENT (\\Deleted)")
            .await?;
        let mut stream = std::pin::pin!(stream);
        while let Some(r) = stream.next().await {
            r?;
        }
        Ok::<_, async_imap::error::Error>(())
    })
    .await;
    if let Err(e) = flagged {
        return format!("not deleted ({e})");
    }
    let uidplus = step(t, "CAPABILITY", session.capabilities())
        .await
        .is_ok_and(|c| c.has_str("UIDPLUS"));
    if !uidplus {
        return "flagged as deleted (the server has no UIDPLUS, so it was not expunged)".into();
    }
    let expunged = step(t, "UID EXPUNGE", async {
        let stream = session.uid_expunge(uid.to_string()).await?;
        let mut stream = std::pin::pin!(stream);
        while let Some(r) = stream.next().await {
            r?;
        }
        Ok::<_, async_imap::error::Error>(())
    })
    .await;
    match expunged {
        Ok(()) => "deleted".into(),
        Err(e) => format!("flagged as deleted, not expunged ({e})"),
    }
}

/// An IMAP quoted string.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
