//! `dns`: the host's A and AAAA addresses, through the run's resolver (hickory). Whose
//! problem a failure is decides the advice: a name that does not exist is the recipe's (its
//! "server not found" entry applies), a failing resolver or a machine without working DNS is
//! not, and the recipe's entry for a mistyped host is then never shown.

use super::{Advice, Out, State};
use crate::recipe::SmtpServer;
use crate::verify::resolve::{Lookup, Resolver};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

pub(super) fn dns(
    resolver: &Resolver,
    (host, port): (&str, u16),
    timeout: Duration,
    st: &mut State,
    redirected_from: Option<&SmtpServer>,
) -> Out {
    let mut evidence = Vec::new();
    if let Some(s) = redirected_from {
        evidence.push(format!(
            "--connect-to: {}:{} is reached at {host}:{port}; TLS names are checked for {}",
            s.host, s.port, s.host
        ));
    }
    let name = match redirected_from {
        Some(s) => format!("{host} (--connect-to for {})", s.host),
        None => host.to_string(),
    };
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = literal.parse::<IpAddr>() {
        st.addrs = vec![SocketAddr::new(ip, port)];
        evidence.push(format!("address {ip}"));
        return Out::pass(format!("{name} is an address (no DNS needed)")).evidence(evidence);
    }
    evidence.push(format!("asked {}", resolver.who));
    let out = match resolver.lookup(host, timeout) {
        Lookup::Found(ips) => {
            let list: Vec<String> = ips.iter().map(IpAddr::to_string).collect();
            evidence.extend(list.iter().map(|a| format!("address {a}")));
            st.addrs = ips.iter().map(|ip| SocketAddr::new(*ip, port)).collect();
            Out::pass(format!("{name} resolves to {}", list.join(", ")))
        }
        Lookup::NoSuchName => {
            let out = Out::fail(format!("{host} does not exist (NXDOMAIN)"));
            // A name from --connect-to is the caller's, not the recipe's.
            match redirected_from {
                Some(_) => out.advice(Advice::None),
                None => out,
            }
        }
        Lookup::NoAddress => Out::fail(format!(
            "{host} exists but has no address (no A or AAAA record)"
        ))
        .advice(Advice::Specific),
        Lookup::ResolverFailed(code) => Out::fail(format!(
            "the resolver failed: {} answered {code} for {host}",
            resolver.who
        ))
        .advice(Advice::None)
        .explain(
            format!(
                "The DNS resolver could not look the name up ({code}): its own upstream \
                 servers failed or refused. This says nothing about the recipe."
            ),
            "Try again later, or ask another resolver with `--dns-server ADDR:PORT`.",
        ),
        Lookup::ResolverTimedOut => Out::fail(format!(
            "the resolver timed out: {} gave no answer for {host} within {} s (it answers \
             other questions)",
            resolver.who,
            timeout.as_secs_f64()
        ))
        .advice(Advice::None)
        .explain(
            "The DNS resolver works, but did not get an answer for this name in time: its \
             upstream servers are slow or unreachable. This says nothing about the recipe.",
            "Try again later, raise `--timeout`, or ask another resolver with \
             `--dns-server ADDR:PORT`.",
        ),
        Lookup::NoDns(why) => Out::fail(format!("this machine has no working DNS: {why}"))
            .advice(Advice::None)
            .explain(
                "The machine running `mailbook verify` cannot resolve any name, so nothing \
                 is known yet about the provider's server. This is not a problem of the \
                 recipe.",
                "Fix the machine's DNS (`/etc/resolv.conf`), or ask a resolver that works \
                 with `--dns-server ADDR:PORT`.",
            ),
    };
    out.evidence(evidence)
}
