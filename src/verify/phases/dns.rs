//! `dns`: the host resolves (under the phase deadline; std's resolver has none).

use super::{Out, State};
use crate::recipe::SmtpServer;
use std::net::ToSocketAddrs;
use std::time::Duration;

pub(super) fn dns(
    host: &str,
    port: u16,
    timeout: Duration,
    st: &mut State,
    redirected_from: Option<&SmtpServer>,
) -> Out {
    let (tx, rx) = std::sync::mpsc::channel();
    let name = host.to_string();
    // std's resolver has no timeout; the thread is left to finish on its own if it hangs.
    std::thread::spawn(move || {
        let _ = tx.send(
            (name.as_str(), port)
                .to_socket_addrs()
                .map(|a| a.collect::<Vec<_>>()),
        );
    });
    let mut evidence = Vec::new();
    if let Some(s) = redirected_from {
        evidence.push(format!(
            "--connect-to: {}:{} is reached at {host}:{port}; TLS names are checked for {}",
            s.host, s.port, s.host
        ));
    }
    match rx.recv_timeout(timeout) {
        Ok(Ok(addrs)) if !addrs.is_empty() => {
            let list: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
            evidence.extend(list.iter().map(|a| format!("address {a}")));
            st.addrs = addrs;
            let name = match redirected_from {
                Some(s) => format!("{host} (--connect-to for {})", s.host),
                None => host.to_string(),
            };
            Out::pass(format!("{name} resolves to {}", list.join(", "))).evidence(evidence)
        }
        Ok(Ok(_)) => Out::fail(format!("{host} has no addresses")).evidence(evidence),
        Ok(Err(e)) => Out::fail(format!("{host} does not resolve: {e}")).evidence(evidence),
        Err(_) => Out::fail(format!(
            "{host} did not resolve within {} s",
            timeout.as_secs_f64()
        ))
        .evidence(evidence),
    }
}
