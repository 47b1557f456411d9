//! `tcp`: a connection to one of the addresses, and the greeting (after the handshake for
//! implicit TLS, so read in `ehlo` then).

use super::{Out, Runner, State};
use crate::recipe::Security;
use crate::verify::smtp::Session;
use std::net::TcpStream;
use std::time::Instant;

pub(super) fn tcp(r: &mut Runner<'_>, st: &mut State, security: Security) -> Out {
    let deadline = r.phase_deadline();
    let mut errors = Vec::new();
    let mut connected = None;
    for addr in &st.addrs {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            errors.push(format!("{addr}: time limit reached"));
            break;
        }
        match TcpStream::connect_timeout(addr, left) {
            Ok(s) => {
                connected = Some((s, *addr));
                break;
            }
            Err(e) => errors.push(format!("{addr}: {e}")),
        }
    }
    let Some((stream, addr)) = connected else {
        return Out::fail(format!("cannot connect: {}", errors.join("; "))).evidence(errors);
    };
    let _ = stream.set_nodelay(true);
    st.local = stream.local_addr().ok();
    let mut session = Session::new(stream, deadline);
    session.scrub_with(r.scrub.clone());
    let mut evidence = vec![format!("connected to {addr}")];
    // With implicit TLS the greeting comes after the handshake (read in `ehlo`).
    if security != Security::Tls {
        match session.read_reply() {
            Ok(reply) if reply.code == 220 => {
                evidence.push(format!("greeting: {}", reply.one_line()));
            }
            Ok(reply) => {
                return Out::refused("the server refused the session", reply).evidence(evidence);
            }
            Err(e) => {
                return Out::broken(
                    &format!("connected to {addr}, but no greeting"),
                    &e,
                    r.opts.timeout,
                )
                .evidence(evidence);
            }
        }
    }
    st.session = Some(session);
    Out::pass(format!("connected to {addr}")).evidence(evidence)
}
