//! Two questions rustls cannot answer, asked with a hand-built TLS ClientHello (a few dozen
//! bytes, no cryptography: only the server's first answer is read, then the connection is
//! dropped):
//!
//! - does the server still accept TLS 1.0 or 1.1 (RFC 8996 deprecates both; rustls does not
//!   speak them)? A ClientHello offering at most TLS 1.1 is answered with a ServerHello of
//!   that version, or with an alert;
//! - does a port that never greeted wait for a TLS handshake (an implicit-TLS port, reached
//!   by a STARTTLS recipe)? Any TLS record in answer says so.

use super::smtp::capabilities::{ehlo_name, send_ehlo};
use super::smtp::{Session, SessionError};
use crate::recipe::Security;
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// TLS 1.0 (`0x0301`).
pub const TLS10: u16 = 0x0301;
/// TLS 1.1.
pub const TLS11: u16 = 0x0302;
/// TLS 1.2.
pub const TLS12: u16 = 0x0303;

/// What a server answered to a ClientHello.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// A ServerHello choosing this protocol version.
    ServerHello(u16),
    /// A TLS alert (its description code): the server speaks TLS but refused.
    Alert(u8),
    /// Bytes that are not a TLS record.
    NotTls,
    /// The connection closed without an answer (OpenSSL's way to refuse a version it has
    /// turned off).
    Closed,
    /// Nothing before the deadline.
    Silent,
}

/// `TLSv1.0` for `0x0301`, and so on.
pub fn version_name(version: u16) -> String {
    match version {
        0x0300 => "SSLv3".to_string(),
        TLS10 => "TLSv1.0".to_string(),
        TLS11 => "TLSv1.1".to_string(),
        TLS12 => "TLSv1.2".to_string(),
        0x0304 => "TLSv1.3".to_string(),
        other => format!("version {other:#06x}"),
    }
}

/// A ClientHello record offering protocol versions up to `max` (TLS 1.0–1.2) with the
/// cipher suites and extensions servers of that age expect; `host` is sent as SNI unless it
/// is an address.
pub fn client_hello(max: u16, host: &str) -> Vec<u8> {
    let mut suites: Vec<u16> = Vec::new();
    if max >= TLS12 {
        suites.extend([
            0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0x009C, 0x009D,
        ]);
    }
    // ECDHE-ECDSA/RSA with AES-CBC-SHA, RSA with AES-CBC-SHA, 3DES: what TLS 1.0 servers have.
    suites.extend([0xC009, 0xC00A, 0xC013, 0xC014, 0x002F, 0x0035, 0x000A]);
    let mut ext = Vec::new();
    if host.parse::<std::net::IpAddr>().is_err() && !host.is_empty() {
        let name = host.as_bytes();
        let mut sni = vec![0];
        push_u16_bytes(&mut sni, name);
        let mut list = Vec::new();
        push_u16_bytes(&mut list, &sni);
        extension(&mut ext, 0x0000, &list);
    }
    // supported_groups: x25519, secp256r1, secp384r1; ec_point_formats: uncompressed.
    extension(&mut ext, 0x000a, &[0, 6, 0, 0x1d, 0, 0x17, 0, 0x18]);
    extension(&mut ext, 0x000b, &[1, 0]);
    if max >= TLS12 {
        let schemes: [u16; 8] = [
            0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0201, 0x0203,
        ];
        let mut list = Vec::new();
        push_u16(&mut list, (schemes.len() * 2) as u16);
        schemes.iter().for_each(|s| push_u16(&mut list, *s));
        extension(&mut ext, 0x000d, &list);
    }
    // renegotiation_info, empty: old servers log its absence.
    extension(&mut ext, 0xff01, &[0]);

    let mut body = Vec::new();
    push_u16(&mut body, max);
    body.extend(random_bytes());
    body.push(0); // no session id
    push_u16(&mut body, (suites.len() * 2) as u16);
    suites.iter().for_each(|s| push_u16(&mut body, *s));
    body.extend([1, 0]); // compression: null only
    push_u16_bytes(&mut body, &ext);

    let mut handshake = vec![1]; // ClientHello
    let len = body.len() as u32;
    handshake.extend(&len.to_be_bytes()[1..]);
    handshake.extend(body);
    let mut record = vec![0x16];
    push_u16(&mut record, TLS10);
    push_u16_bytes(&mut record, &handshake);
    record
}

fn push_u16(out: &mut Vec<u8>, v: u16) {
    out.extend(v.to_be_bytes());
}

fn push_u16_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    push_u16(out, bytes.len() as u16);
    out.extend(bytes);
}

fn extension(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
    push_u16(out, kind);
    push_u16_bytes(out, data);
}

/// 32 bytes that differ per hello (the probe never completes a handshake, so they need not
/// be secret).
fn random_bytes() -> [u8; 32] {
    use std::hash::{BuildHasher, Hasher};
    let mut out = [0u8; 32];
    for chunk in out.chunks_mut(8) {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(Instant::now().elapsed().as_nanos());
        chunk.copy_from_slice(&h.finish().to_be_bytes());
    }
    out
}

/// Read the server's first TLS record and say what it is.
pub fn read_answer(session: &mut Session) -> Answer {
    let mut got: Vec<u8> = Vec::new();
    let mut buf = [0u8; 512];
    // Record header (5) + handshake header (4) + server_version (2).
    while got.len() < 11 {
        if got.len() >= 7 && got[0] == 0x15 {
            break;
        }
        if got.len() >= 3 && !(matches!(got[0], 0x15 | 0x16) && got[1] == 3) {
            return Answer::NotTls;
        }
        match session.read_raw(&mut buf) {
            Ok(0) | Err(SessionError::Closed) if got.is_empty() => return Answer::Closed,
            Ok(0) | Err(_) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
    parse_answer(&got)
}

/// What the first bytes of an answer are.
pub fn parse_answer(got: &[u8]) -> Answer {
    match got {
        [] => Answer::Silent,
        [0x15, 3, _, _, _, _, desc, ..] => Answer::Alert(*desc),
        [0x16, 3, _, _, _, 2, _, _, _, hi, lo, ..] => {
            Answer::ServerHello(u16::from_be_bytes([*hi, *lo]))
        }
        [0x15 | 0x16, 3, ..] if got.len() < 11 => Answer::Silent,
        _ => Answer::NotTls,
    }
}

/// Connect to `addr` (within `timeout`), for a probe.
fn connect(addr: SocketAddr, timeout: Duration) -> Result<Session, String> {
    let deadline = Instant::now() + timeout;
    let tcp = TcpStream::connect_timeout(&addr, timeout).map_err(|e| e.to_string())?;
    Ok(Session::new(tcp, deadline))
}

/// Whether `addr` answers a TLS ClientHello with a TLS record: a port that never greeted is
/// waiting for a handshake (implicit TLS).
pub fn speaks_tls(addr: SocketAddr, host: &str, timeout: Duration) -> bool {
    let Ok(mut session) = connect(addr, timeout) else {
        return false;
    };
    if session.send_raw(&client_hello(TLS12, host)).is_err() {
        return false;
    }
    matches!(
        read_answer(&mut session),
        Answer::ServerHello(_) | Answer::Alert(_)
    )
}

/// Whether the server at `addr` still accepts TLS 1.1 or 1.0 (after STARTTLS when the
/// recipe says so): `Ok(Some(version))` when it answered a ServerHello of that version,
/// `Ok(None)` when it refused, `Err` when the probe could not be made.
pub fn legacy_version(
    addr: SocketAddr,
    security: Security,
    host: &str,
    timeout: Duration,
) -> Result<Option<u16>, String> {
    let mut session = connect(addr, timeout)?;
    if security == Security::Starttls {
        let failed = |what: &str| format!("the probe's {what} failed");
        match session.read_reply() {
            Ok(r) if r.code == 220 => {}
            _ => return Err(failed("greeting")),
        }
        let name = ehlo_name(None);
        if !matches!(send_ehlo(&mut session, &name), Ok(Ok(_))) {
            return Err(failed("EHLO"));
        }
        match session.command("STARTTLS") {
            Ok(r) if r.code == 220 => {}
            _ => return Err(failed("STARTTLS")),
        }
    }
    session
        .send_raw(&client_hello(TLS11, host))
        .map_err(|e| e.to_string())?;
    match read_answer(&mut session) {
        Answer::ServerHello(v) if v <= TLS11 => Ok(Some(v)),
        Answer::ServerHello(_) | Answer::Alert(_) | Answer::Closed => Ok(None),
        Answer::NotTls => Err("the answer to the probe was not TLS".to_string()),
        Answer::Silent => Err("no answer to the probe".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_hello_is_one_well_formed_record() {
        let hello = client_hello(TLS11, "smtp.example.com");
        assert_eq!(&hello[..3], &[0x16, 3, 1]);
        let record_len = u16::from_be_bytes([hello[3], hello[4]]) as usize;
        assert_eq!(hello.len(), 5 + record_len);
        assert_eq!(hello[5], 1, "ClientHello");
        let hs_len = u32::from_be_bytes([0, hello[6], hello[7], hello[8]]) as usize;
        assert_eq!(record_len, 4 + hs_len);
        assert_eq!(&hello[9..11], &[3, 2], "offers at most TLS 1.1");
        assert!(hello.windows(16).any(|w| w == b"smtp.example.com"), "SNI");
        assert!(
            !client_hello(TLS12, "127.0.0.1")
                .windows(9)
                .any(|w| w == b"127.0.0.1")
        );
    }

    #[test]
    fn answers_are_told_apart() {
        assert_eq!(
            parse_answer(&[0x16, 3, 1, 0, 80, 2, 0, 0, 76, 3, 1]),
            Answer::ServerHello(TLS10)
        );
        assert_eq!(parse_answer(&[0x15, 3, 3, 0, 2, 2, 70]), Answer::Alert(70));
        assert_eq!(parse_answer(b"220 mail.example ESMTP"), Answer::NotTls);
        assert_eq!(parse_answer(&[]), Answer::Silent);
        assert_eq!(version_name(TLS10), "TLSv1.0");
    }
}
