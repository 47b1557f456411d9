//! Name resolution for `verify`'s `dns` phase through hickory-resolver, so that a failure can
//! be told apart: the name does not exist (NXDOMAIN: the recipe's host is wrong), the resolver
//! failed or timed out on this name (SERVFAIL, REFUSED, no answer in time while it answers
//! other questions), or this machine has no working DNS at all (no resolver configured, or
//! none answers anything): a problem of the machine `verify` runs on, never of the recipe.
//!
//! hickory is asynchronous; the phases are threads. One small tokio runtime per run answers
//! from any thread through `block_on` (as in `drift::dns`).

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::rr::{RData, RecordType};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// What a look-up of a host found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Its A and AAAA addresses (not empty).
    Found(Vec<IpAddr>),
    /// NXDOMAIN: the name does not exist.
    NoSuchName,
    /// The name exists but has neither A nor AAAA records.
    NoAddress,
    /// The resolver answered with an error code (SERVFAIL, REFUSED…): `rcode`.
    ResolverFailed(String),
    /// The resolver answers other questions but gave none for this name in time.
    ResolverTimedOut,
    /// No resolver is configured, or none answers anything: why.
    NoDns(String),
}

/// The resolver of one run: `--dns-server`, else the system's (`/etc/resolv.conf`).
pub struct Resolver {
    runtime: Option<tokio::runtime::Runtime>,
    inner: Result<TokioResolver, String>,
    /// Who is asked, for messages: `127.0.0.1:53` or `the system's resolvers (…)`.
    pub who: String,
}

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Resolver({})", self.who)
    }
}

impl Resolver {
    /// Ask `server`, or the system's resolvers. Never fails: a machine without a resolver
    /// configuration is a verdict of the `dns` phase, not a usage error.
    pub fn new(server: Option<SocketAddr>, timeout: Duration) -> Resolver {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build();
        let runtime = match runtime {
            Ok(r) => r,
            Err(e) => {
                return Resolver {
                    runtime: None,
                    inner: Err(format!("cannot start the resolver: {e}")),
                    who: "no resolver".to_string(),
                };
            }
        };
        let config = match server {
            Some(addr) => {
                let mut ns = NameServerConfig::udp_and_tcp(addr.ip());
                for c in &mut ns.connections {
                    c.port = addr.port();
                }
                Ok((ResolverConfig::from_name_servers(vec![ns]), None))
            }
            None => hickory_resolver::system_conf::read_system_conf()
                .map(|(config, opts)| (config, Some(opts)))
                .map_err(|e| format!("no DNS resolver is configured (/etc/resolv.conf: {e})")),
        };
        let (inner, who) = match config {
            Err(e) => (Err(e), "no resolver".to_string()),
            Ok((config, system_opts)) => {
                let servers: Vec<String> = config
                    .name_servers()
                    .iter()
                    .map(|ns| ns.ip.to_string())
                    .collect();
                let who = match server {
                    Some(addr) => addr.to_string(),
                    None => format!("the system's resolver ({})", servers.join(", ")),
                };
                if servers.is_empty() {
                    let e = "no DNS resolver is configured (/etc/resolv.conf names none)";
                    (Err(e.to_string()), who)
                } else {
                    let built = runtime.block_on(async {
                        let mut builder = TokioResolver::builder_with_config(
                            config,
                            TokioRuntimeProvider::default(),
                        );
                        if let Some(opts) = system_opts {
                            *builder.options_mut() = opts;
                        }
                        let opts = builder.options_mut();
                        opts.timeout = timeout;
                        opts.attempts = 1;
                        opts.ndots = 0;
                        opts.cache_size = 0;
                        builder.build()
                    });
                    (built.map_err(|e| e.to_string()), who)
                }
            }
        };
        Resolver {
            runtime: Some(runtime),
            inner,
            who,
        }
    }

    /// The A and AAAA addresses of `host`, asked at once, within `timeout`.
    pub fn lookup(&self, host: &str, timeout: Duration) -> Lookup {
        let (Some(runtime), Ok(resolver)) = (&self.runtime, &self.inner) else {
            let why = self.inner.as_ref().err().cloned().unwrap_or_default();
            return Lookup::NoDns(why);
        };
        // A fully qualified name: no search-domain guesses.
        let fqdn = format!("{}.", host.trim_end_matches('.'));
        let answers = runtime.block_on(async {
            let ask = |kind| {
                let fqdn = fqdn.clone();
                async move {
                    match tokio::time::timeout(timeout, resolver.lookup(fqdn.as_str(), kind)).await
                    {
                        Ok(r) => r.map_err(Some),
                        Err(_) => Err(None),
                    }
                }
            };
            tokio::join!(ask(RecordType::A), ask(RecordType::AAAA))
        });
        let mut addrs = Vec::new();
        let mut errors = Vec::new();
        for answer in [answers.0, answers.1] {
            match answer {
                Ok(lookup) => addrs.extend(lookup.answers().iter().filter_map(|r| match &r.data {
                    RData::A(a) => Some(IpAddr::V4(a.0)),
                    RData::AAAA(a) => Some(IpAddr::V6(a.0)),
                    _ => None,
                })),
                Err(e) => errors.push(e),
            }
        }
        if !addrs.is_empty() {
            return Lookup::Found(addrs);
        }
        let verdicts: Vec<Lookup> = errors.iter().map(classify).collect();
        // The most telling verdict of the two questions: a name that does not exist, then an
        // error code, then silence.
        if verdicts.contains(&Lookup::NoSuchName) {
            return Lookup::NoSuchName;
        }
        if let Some(failed) = verdicts
            .iter()
            .find(|v| matches!(v, Lookup::ResolverFailed(_)))
        {
            return failed.clone();
        }
        if verdicts.contains(&Lookup::ResolverTimedOut) {
            return match self.answers_anything(runtime, resolver, timeout) {
                true => Lookup::ResolverTimedOut,
                false => Lookup::NoDns(format!(
                    "{} answers no question at all (nothing within {} s)",
                    self.who,
                    timeout.as_secs_f64()
                )),
            };
        }
        Lookup::NoAddress
    }

    /// Whether the resolver answers an unrelated question (the root's name servers) at all,
    /// even with an error code: then a silence about one name is that name's problem.
    fn answers_anything(
        &self,
        runtime: &tokio::runtime::Runtime,
        resolver: &TokioResolver,
        timeout: Duration,
    ) -> bool {
        let limit = timeout.min(Duration::from_secs(3));
        let answer = runtime.block_on(async {
            tokio::time::timeout(limit, resolver.lookup(".", RecordType::NS)).await
        });
        match answer {
            Ok(Ok(_)) => true,
            Ok(Err(e)) => matches!(e, NetError::Dns(_)),
            Err(_) => false,
        }
    }
}

/// One question's failure; `None` is our own time limit.
fn classify(e: &Option<NetError>) -> Lookup {
    match e {
        Some(e) if e.is_nx_domain() => Lookup::NoSuchName,
        Some(e) if e.is_no_records_found() => Lookup::NoAddress,
        Some(NetError::Dns(DnsError::ResponseCode(code))) => {
            Lookup::ResolverFailed(format!("{code:?}").to_uppercase())
        }
        // A timeout, a refused or unreachable server, no connection: silence.
        _ => Lookup::ResolverTimedOut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hickory_resolver::proto::op::ResponseCode;

    #[test]
    fn failures_are_told_apart() {
        let code = |c| Some(NetError::Dns(DnsError::ResponseCode(c)));
        assert_eq!(
            classify(&code(ResponseCode::ServFail)),
            Lookup::ResolverFailed("SERVFAIL".into())
        );
        assert_eq!(
            classify(&code(ResponseCode::Refused)),
            Lookup::ResolverFailed("REFUSED".into())
        );
        assert_eq!(classify(&Some(NetError::Timeout)), Lookup::ResolverTimedOut);
        assert_eq!(classify(&None), Lookup::ResolverTimedOut);
        assert_eq!(
            classify(&Some(NetError::NoConnections)),
            Lookup::ResolverTimedOut
        );
    }
}
