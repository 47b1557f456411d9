//! DNS look-ups for `drift` and `discover`: MX and SRV records through hickory-resolver,
//! with a time limit per question and a cap on the size of an answer.
//!
//! hickory is asynchronous; the rest of mailbook is threads. One small tokio runtime per
//! [`Dns`] answers questions from any thread through `block_on`.

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::{RData, RecordType};
use std::net::SocketAddr;
use std::time::Duration;

/// The most records mailbook reads from one answer: real providers publish a handful, so a
/// bigger answer is a misconfiguration or hostile, and is reported instead of processed.
pub const MAX_RECORDS: usize = 64;

/// An MX record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mx {
    /// Lower is preferred.
    pub preference: u16,
    /// The mail exchanger's host name, lowercase, without the final dot.
    pub host: String,
}

/// An SRV record (RFC 6186 / RFC 8314 submission services).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Srv {
    /// Lower is tried first.
    pub priority: u16,
    /// The target host, lowercase, without the final dot; `.` means "no service here".
    pub host: String,
    /// The TCP port.
    pub port: u16,
}

/// A resolver with a time limit per question.
pub struct Dns {
    runtime: tokio::runtime::Runtime,
    resolver: TokioResolver,
    timeout: Duration,
}

impl Dns {
    /// Ask `server` (`ADDR:PORT`), or the system's resolvers when `None`.
    pub fn new(server: Option<SocketAddr>, timeout: Duration) -> anyhow::Result<Dns> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let resolver = runtime.block_on(async {
            let mut builder = match server {
                Some(addr) => {
                    let mut ns = NameServerConfig::udp_and_tcp(addr.ip());
                    for c in &mut ns.connections {
                        c.port = addr.port();
                    }
                    TokioResolver::builder_with_config(
                        ResolverConfig::from_name_servers(vec![ns]),
                        TokioRuntimeProvider::default(),
                    )
                }
                None => TokioResolver::builder_tokio()?,
            };
            let opts: &mut ResolverOpts = builder.options_mut();
            opts.timeout = timeout;
            opts.attempts = 1;
            opts.ndots = 0;
            builder.build()
        })?;
        Ok(Dns {
            runtime,
            resolver,
            timeout,
        })
    }

    /// The MX records of `domain`, most preferred first; empty when it has none.
    pub fn mx(&self, domain: &str) -> Result<Vec<Mx>, String> {
        let data = self.ask(domain, RecordType::MX)?;
        let mut out: Vec<Mx> = data
            .into_iter()
            .filter_map(|d| match d {
                RData::MX(mx) => Some(Mx {
                    preference: mx.preference,
                    host: host_name(&mx.exchange.to_ascii()),
                }),
                _ => None,
            })
            .collect();
        out.sort_by(|a, b| (a.preference, &a.host).cmp(&(b.preference, &b.host)));
        Ok(out)
    }

    /// The SRV records of `name` (e.g. `_submission._tcp.example.com`), by priority.
    pub fn srv(&self, name: &str) -> Result<Vec<Srv>, String> {
        let data = self.ask(name, RecordType::SRV)?;
        let mut out: Vec<Srv> = data
            .into_iter()
            .filter_map(|d| match d {
                RData::SRV(srv) => Some(Srv {
                    priority: srv.priority,
                    host: host_name(&srv.target.to_ascii()),
                    port: srv.port,
                }),
                _ => None,
            })
            .collect();
        out.sort_by(|a, b| (a.priority, &a.host, a.port).cmp(&(b.priority, &b.host, b.port)));
        Ok(out)
    }

    /// The IPv4 and IPv6 addresses of `host`.
    pub fn ips(&self, host: &str) -> Result<Vec<std::net::IpAddr>, String> {
        let mut out = Vec::new();
        for kind in [RecordType::A, RecordType::AAAA] {
            for d in self.ask(host, kind)? {
                match d {
                    RData::A(a) => out.push(std::net::IpAddr::V4(a.0)),
                    RData::AAAA(a) => out.push(std::net::IpAddr::V6(a.0)),
                    _ => {}
                }
            }
        }
        if out.is_empty() {
            return Err(format!("{host} has no address"));
        }
        Ok(out)
    }

    /// One question with the time limit; "no such records" is an empty answer, anything
    /// else an error message naming the question.
    fn ask(&self, name: &str, kind: RecordType) -> Result<Vec<RData>, String> {
        // A fully qualified name: no search-domain guesses.
        let fqdn = format!("{}.", name.trim_end_matches('.'));
        let answer = self.runtime.block_on(async {
            tokio::time::timeout(self.timeout * 3, self.resolver.lookup(fqdn.as_str(), kind)).await
        });
        let lookup = match answer {
            Err(_) => {
                return Err(format!(
                    "no answer for {kind} {name} within {}s",
                    self.timeout.as_secs_f32()
                ));
            }
            Ok(Err(e)) if e.is_no_records_found() || e.is_nx_domain() => {
                return match alias_end(&e) {
                    // The resolver followed aliases and gave up on another name: a loop (it
                    // stops after a few hops) or an alias to nothing.
                    Some(end) if !end.eq_ignore_ascii_case(name.trim_end_matches('.')) => {
                        Err(format!(
                            "{kind} {name}: the name is an alias (CNAME) that leads to no {kind} record (a CNAME loop or a broken alias; the chain ended at {end})"
                        ))
                    }
                    _ => Ok(Vec::new()),
                };
            }
            Ok(Err(e)) => return Err(format!("{kind} {name}: {e}")),
            Ok(Ok(lookup)) => lookup,
        };
        let data: Vec<RData> = lookup.answers().iter().map(|r| r.data.clone()).collect();
        let wanted = data.iter().filter(|d| d.record_type() == kind).count();
        if wanted == 0 && data.iter().any(|d| matches!(d, RData::CNAME(_))) {
            return Err(format!(
                "{kind} {name}: the name is an alias (CNAME) that leads to no {kind} record: a CNAME loop or a broken alias"
            ));
        }
        if data.len() > MAX_RECORDS {
            return Err(format!(
                "{kind} {name}: the answer holds {} records; mailbook reads at most {MAX_RECORDS}",
                data.len()
            ));
        }
        Ok(data)
    }
}

/// The name a "no records" answer is about, when the error says.
fn alias_end(e: &hickory_resolver::net::NetError) -> Option<String> {
    use hickory_resolver::net::{DnsError, NetError};
    match e {
        NetError::Dns(DnsError::NoRecordsFound(no)) => Some(host_name(&no.query.name().to_ascii())),
        _ => None,
    }
}

/// Lowercase, without the root's final dot.
fn host_name(name: &str) -> String {
    let trimmed = name.trim_end_matches('.');
    if trimmed.is_empty() {
        ".".to_string()
    } else {
        trimmed.to_ascii_lowercase()
    }
}

/// Whether `host` matches a recipe's `mx_patterns` glob: `*` stands for one or more whole
/// labels at the start (`*.google.com` matches `aspmx.l.google.com`), otherwise exact.
pub fn matches_pattern(host: &str, pattern: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let pattern = pattern.trim_end_matches('.').to_ascii_lowercase();
    match pattern.strip_prefix("*.") {
        Some(suffix) => host.len() > suffix.len() + 1 && host.ends_with(&format!(".{suffix}")),
        None => host == pattern,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(matches_pattern("aspmx.l.google.com.", "*.google.com"));
        assert!(!matches_pattern("google.com", "*.google.com"));
        assert!(!matches_pattern("evilgoogle.com", "*.google.com"));
        assert!(matches_pattern("MX.Example.com", "mx.example.com"));
    }
}
