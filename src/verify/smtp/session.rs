//! A minimal SMTP client session over a blocking socket, plain or rustls, where every read
//! and write is bounded by the current phase's deadline (why we drive it ourselves: see
//! [`super`]).

use super::Reply;
use crate::verify::scrub::Scrubber;
use rustls::{ClientConfig, ClientConnection, StreamOwned};
use rustls_pki_types::ServerName;
use std::cell::Cell;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Longest reply line we accept (RFC 5321 allows 512; servers exceed it a little).
const MAX_LINE: usize = 4096;
/// Most lines in one reply.
const MAX_LINES: usize = 200;

/// Why a session step failed.
#[derive(Debug)]
pub enum SessionError {
    /// The phase deadline passed while waiting for the server.
    Timeout,
    /// The server closed the connection.
    Closed,
    /// Something that is not an SMTP reply.
    Garbage(String),
    /// TLS failure (handshake or record layer).
    Tls(rustls::Error),
    /// Any other socket error.
    Io(io::Error),
}

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SessionError::Timeout => f.write_str("no answer before the time limit"),
            SessionError::Closed => f.write_str("the server closed the connection"),
            SessionError::Garbage(s) => write!(f, "not an SMTP reply: {s}"),
            SessionError::Tls(e) => write!(f, "TLS error: {e}"),
            SessionError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<io::Error> for SessionError {
    fn from(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => SessionError::Timeout,
            io::ErrorKind::UnexpectedEof
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe => SessionError::Closed,
            _ => {
                if let Some(tls) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
                    return SessionError::Tls(tls.clone());
                }
                SessionError::Io(e)
            }
        }
    }
}

/// A TCP stream whose every read and write waits at most until a shared deadline.
#[derive(Debug)]
pub struct DeadlineStream {
    tcp: TcpStream,
    deadline: Rc<Cell<Instant>>,
}

impl DeadlineStream {
    fn remaining(&self) -> io::Result<Duration> {
        let left = self
            .deadline
            .get()
            .saturating_duration_since(Instant::now());
        if left.is_zero() {
            Err(io::Error::new(io::ErrorKind::TimedOut, "phase deadline"))
        } else {
            Ok(left)
        }
    }
}

impl Read for DeadlineStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.remaining()?;
        self.tcp.set_read_timeout(Some(left))?;
        self.tcp.read(buf)
    }
}

impl Write for DeadlineStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let left = self.remaining()?;
        self.tcp.set_write_timeout(Some(left))?;
        self.tcp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tcp.flush()
    }
}

enum Transport {
    Plain(DeadlineStream),
    Tls(Box<StreamOwned<ClientConnection, DeadlineStream>>),
    Gone,
}

/// Facts about the negotiated TLS session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsInfo {
    /// e.g. `TLSv1.3`.
    pub version: String,
    /// e.g. `TLS13_AES_256_GCM_SHA384`.
    pub cipher: String,
}

/// An SMTP session.
pub struct Session {
    transport: Transport,
    buf: Vec<u8>,
    deadline: Rc<Cell<Instant>>,
    /// Set after a timeout, garbage or I/O error: the dialogue is out of step, so `quit`
    /// does not wait for a reply that will not come.
    broken: bool,
    /// Secrets to mask in quoted server output before it is shortened (a cut could
    /// otherwise leave too short a piece of a secret for later scrubbing to recognise).
    redact: Scrubber,
}

impl Session {
    /// Wrap a connected socket; the deadline starts at `deadline`.
    pub fn new(tcp: TcpStream, deadline: Instant) -> Session {
        let deadline = Rc::new(Cell::new(deadline));
        Session {
            transport: Transport::Plain(DeadlineStream {
                tcp,
                deadline: deadline.clone(),
            }),
            buf: Vec::new(),
            deadline,
            broken: false,
            redact: Scrubber::default(),
        }
    }

    /// Never quote `secret` (a password, token or its encoding) from server output.
    pub fn redact(&mut self, secret: &str) {
        self.redact.add(secret);
    }

    /// Never quote anything `scrubber` masks from server output.
    pub fn scrub_with(&mut self, scrubber: Scrubber) {
        self.redact = scrubber;
    }

    /// A short, printable rendering of unexpected bytes, with secrets masked first.
    fn printable(&self, bytes: &[u8]) -> String {
        let text = self.redact.clean(&String::from_utf8_lossy(bytes));
        let text: String = text.chars().take(120).collect();
        let text = crate::text::replace_controls(&text, &[], '?');
        format!("`{text}`")
    }

    /// Start a new phase: everything until the next call must finish by `deadline`.
    pub fn set_deadline(&self, deadline: Instant) {
        self.deadline.set(deadline);
    }

    /// Whether the connection is encrypted.
    pub fn is_tls(&self) -> bool {
        matches!(self.transport, Transport::Tls(_))
    }

    /// Bytes received but not yet consumed as a reply.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    fn stream(&mut self) -> Result<&mut dyn ReadWrite, SessionError> {
        match &mut self.transport {
            Transport::Plain(s) => Ok(s),
            Transport::Tls(s) => Ok(s.as_mut()),
            Transport::Gone => Err(SessionError::Closed),
        }
    }

    /// Send one command line (CRLF added).
    pub fn send_line(&mut self, line: &str) -> Result<(), SessionError> {
        let result = self.write_line(line);
        self.broken |= result.is_err();
        result
    }

    fn write_line(&mut self, line: &str) -> Result<(), SessionError> {
        // One write, so the command travels in one TLS record and one segment.
        let mut bytes = Vec::with_capacity(line.len() + 2);
        bytes.extend_from_slice(line.as_bytes());
        bytes.extend_from_slice(b"\r\n");
        let stream = self.stream()?;
        stream.write_all(&bytes)?;
        stream.flush()?;
        Ok(())
    }

    /// Send raw bytes (message data).
    pub fn send_raw(&mut self, data: &[u8]) -> Result<(), SessionError> {
        let result = self.stream().and_then(|stream| {
            stream.write_all(data)?;
            stream.flush()?;
            Ok(())
        });
        self.broken |= result.is_err();
        result
    }

    /// Read raw bytes (what a TLS probe gets back), the ones already received first.
    pub fn read_raw(&mut self, buf: &mut [u8]) -> Result<usize, SessionError> {
        if !self.buf.is_empty() {
            let n = self.buf.len().min(buf.len());
            buf[..n].copy_from_slice(&self.buf[..n]);
            self.buf.drain(..n);
            return Ok(n);
        }
        let result = self.stream().and_then(|s| Ok(s.read(buf)?));
        self.broken |= result.is_err();
        result
    }

    /// Send a command and read its reply.
    pub fn command(&mut self, line: &str) -> Result<Reply, SessionError> {
        self.send_line(line)?;
        self.read_reply()
    }

    fn read_line(&mut self) -> Result<String, SessionError> {
        loop {
            if let Some(pos) = self.buf.iter().position(|&b| b == b'\n') {
                let mut line: Vec<u8> = self.buf.drain(..=pos).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(String::from_utf8_lossy(&line).into_owned());
            }
            if self.buf.len() > MAX_LINE {
                return Err(SessionError::Garbage(self.printable(&self.buf)));
            }
            let mut chunk = [0u8; 2048];
            let n = self.stream()?.read(&mut chunk)?;
            if n == 0 {
                if self.buf.is_empty() {
                    return Err(SessionError::Closed);
                }
                return Err(SessionError::Garbage(self.printable(&self.buf)));
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }

    /// Read one (possibly multi-line) reply.
    pub fn read_reply(&mut self) -> Result<Reply, SessionError> {
        let result = self.read_reply_inner();
        self.broken |= result.is_err();
        result
    }

    fn read_reply_inner(&mut self) -> Result<Reply, SessionError> {
        let mut lines = Vec::new();
        let mut code = None;
        loop {
            let line = self.read_line()?;
            let bytes = line.as_bytes();
            let well_formed = bytes.len() >= 3
                && bytes[..3].iter().all(u8::is_ascii_digit)
                && matches!(bytes.get(3), None | Some(b' ') | Some(b'-'))
                && matches!(bytes[0], b'2'..=b'5');
            if !well_formed {
                return Err(SessionError::Garbage(self.printable(bytes)));
            }
            let this: u16 = line[..3].parse().unwrap_or(0);
            if *code.get_or_insert(this) != this {
                return Err(SessionError::Garbage(self.printable(bytes)));
            }
            // Control characters (ANSI escapes, bare CR) from the server never reach a
            // terminal or a report.
            let text = crate::text::replace_controls(line.get(4..).unwrap_or(""), &['\t'], '?')
                .into_owned();
            lines.push(text);
            if bytes.get(3) != Some(&b'-') {
                return Ok(Reply { code: this, lines });
            }
            if lines.len() >= MAX_LINES {
                return Err(SessionError::Garbage("reply too long".to_string()));
            }
        }
    }

    /// Upgrade to TLS (after `220` to STARTTLS, or right after connecting for implicit TLS).
    /// The handshake verifies the certificate for `host`, the documented name.
    pub fn start_tls(
        &mut self,
        config: Arc<ClientConfig>,
        host: &str,
    ) -> Result<TlsInfo, SessionError> {
        let name = ServerName::try_from(host.to_string())
            .map_err(|e| SessionError::Garbage(format!("invalid host name {host}: {e}")))?;
        let Transport::Plain(mut sock) = std::mem::replace(&mut self.transport, Transport::Gone)
        else {
            return Err(SessionError::Garbage("already encrypted".to_string()));
        };
        let mut conn = ClientConnection::new(config, name).map_err(SessionError::Tls)?;
        while conn.is_handshaking() {
            if let Err(e) = conn.complete_io(&mut sock) {
                // Let the server know why (the alert is queued by rustls); best effort.
                let _ = conn.write_tls(&mut sock);
                return Err(e.into());
            }
        }
        let info = TlsInfo {
            version: conn
                .protocol_version()
                .map(|v| match v {
                    rustls::ProtocolVersion::TLSv1_3 => "TLSv1.3".to_string(),
                    rustls::ProtocolVersion::TLSv1_2 => "TLSv1.2".to_string(),
                    other => format!("{other:?}"),
                })
                .unwrap_or_default(),
            cipher: conn
                .negotiated_cipher_suite()
                .map(|c| format!("{:?}", c.suite()))
                .unwrap_or_default(),
        };
        self.transport = Transport::Tls(Box::new(StreamOwned::new(conn, sock)));
        Ok(info)
    }

    /// Best-effort QUIT and close, within `limit`.
    pub fn quit(mut self, limit: Duration) {
        if self.broken {
            return;
        }
        self.set_deadline(Instant::now() + limit);
        if self.command("QUIT").is_ok()
            && let Transport::Tls(s) = &mut self.transport
        {
            s.conn.send_close_notify();
            let _ = s.flush();
        }
    }
}

trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}
